/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include "uplink-test-network-monitor.h"
#include "uplink-test-utils.h"

typedef struct
{
  UplinkTestServer *server;
  UplinkTestNetworkMonitor *network;
  UplinkConnection *connection;
  GPtrArray *errors;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->server = uplink_test_server_new ();
  fixture->network = uplink_test_network_monitor_new ();
  fixture->connection = uplink_test_connection_new (fixture->server->url);
  uplink_connection_set_network_monitor (fixture->connection, G_NETWORK_MONITOR (fixture->network));
  fixture->errors = uplink_test_collect_errors (fixture->connection);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  uplink_connection_stop (fixture->connection);
  g_clear_object (&fixture->connection);
  g_clear_object (&fixture->network);
  g_ptr_array_unref (fixture->errors);
  uplink_test_server_free (fixture->server);
}

static void
test_offline_and_back (Fixture       *fixture,
                       gconstpointer  data)
{
  gint64 went, took;

  uplink_test_start_connected (fixture->connection);

  went = g_get_monotonic_time ();
  uplink_test_network_monitor_set_available (fixture->network, FALSE);
  g_assert_true (uplink_test_wait_for_state (fixture->connection, UPLINK_STATE_DISCONNECTED,
                                             UPLINK_TEST_TIMEOUT_MS));
  took = g_get_monotonic_time () - went;
  g_test_message ("offline to disconnected in %" G_GINT64_FORMAT " us", took);
  g_assert_cmpint (took, <=, 100 * 1000);
  g_assert_error ((GError *) uplink_test_wait_for_error (fixture->errors, 0),
                  UPLINK_CONNECTION_ERROR, UPLINK_CONNECTION_ERROR_OFFLINE);

  /* Paused: no attempts, none counted. */
  uplink_test_run_for (500);
  g_assert_cmpuint (uplink_connection_get_attempt (fixture->connection), ==, 0);
  g_assert_cmpint (uplink_connection_get_next_retry (fixture->connection), ==, 0);
  g_assert_cmpuint (uplink_test_server_stat (fixture->server, "handshakes"), ==, 1);

  went = g_get_monotonic_time ();
  uplink_test_network_monitor_set_available (fixture->network, TRUE);
  g_assert_cmpint (uplink_connection_get_state (fixture->connection), ==, UPLINK_STATE_CONNECTING);
  took = g_get_monotonic_time () - went;
  g_test_message ("back to connecting in %" G_GINT64_FORMAT " us", took);
  g_assert_cmpint (took, <=, 100 * 1000);
  g_assert_true (uplink_test_wait_for_state (fixture->connection, UPLINK_STATE_CONNECTED,
                                             UPLINK_TEST_TIMEOUT_MS));
}

static void
test_start_offline (Fixture       *fixture,
                    gconstpointer  data)
{
  uplink_test_network_monitor_set_available (fixture->network, FALSE);
  uplink_connection_start (fixture->connection);
  g_assert_error ((GError *) uplink_test_wait_for_error (fixture->errors, 0),
                  UPLINK_CONNECTION_ERROR, UPLINK_CONNECTION_ERROR_OFFLINE);
  g_assert_cmpuint (uplink_test_server_stat (fixture->server, "handshakes"), ==, 0);

  uplink_test_network_monitor_set_available (fixture->network, TRUE);
  g_assert_true (uplink_test_wait_for_state (fixture->connection, UPLINK_STATE_CONNECTED,
                                             UPLINK_TEST_TIMEOUT_MS));
}

static void
test_blip_is_no_outage (Fixture       *fixture,
                        gconstpointer  data)
{
  uplink_test_start_connected (fixture->connection);

  uplink_test_network_monitor_set_available (fixture->network, FALSE);
  uplink_test_network_monitor_set_available (fixture->network, TRUE);
  uplink_test_run_for (300);

  g_assert_cmpuint (fixture->errors->len, ==, 0);
  g_assert_cmpint (uplink_connection_get_state (fixture->connection), ==, UPLINK_STATE_CONNECTED);
  g_assert_cmpuint (uplink_test_server_stat (fixture->server, "handshakes"), ==, 1);
}

static void
test_change_probes_healthy_socket (Fixture       *fixture,
                                   gconstpointer  data)
{
  uplink_connection_set_keepalive_interval (fixture->connection, 30);
  uplink_connection_set_pong_timeout (fixture->connection, 1);
  uplink_test_start_connected (fixture->connection);

  for (guint i = 0; i < 10; i++)
    uplink_test_network_monitor_changed (fixture->network);
  uplink_test_run_for (1500);

  g_assert_cmpuint (fixture->errors->len, ==, 0);
  g_assert_cmpint (uplink_connection_get_state (fixture->connection), ==, UPLINK_STATE_CONNECTED);
}

static void
test_change_finds_dead_socket (Fixture       *fixture,
                               gconstpointer  data)
{
  gint64 changed, took;

  uplink_connection_set_keepalive_interval (fixture->connection, 30);
  uplink_connection_set_pong_timeout (fixture->connection, 1);
  uplink_test_start_connected (fixture->connection);

  /* The path to the server is gone; without the probe, 31 s of silence
   * would pass before anyone noticed. */
  uplink_test_server_pause (fixture->server);
  changed = g_get_monotonic_time ();
  uplink_test_network_monitor_changed (fixture->network);

  g_assert_error ((GError *) uplink_test_wait_for_error (fixture->errors, UPLINK_TEST_TIMEOUT_MS),
                  UPLINK_CONNECTION_ERROR, UPLINK_CONNECTION_ERROR_DEAD_PEER);
  took = g_get_monotonic_time () - changed;
  g_test_message ("dead socket found %" G_GINT64_FORMAT " ms after the change", took / 1000);
  g_assert_cmpint (took, <=, 1100 * 1000);

  uplink_test_server_resume (fixture->server);
  g_assert_true (uplink_test_wait_for_state (fixture->connection, UPLINK_STATE_CONNECTED,
                                             UPLINK_TEST_TIMEOUT_MS));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/network/offline-and-back", test_offline_and_back);
  ADD ("/network/start-offline", test_start_offline);
  ADD ("/network/blip-is-no-outage", test_blip_is_no_outage);
  ADD ("/network/change/healthy", test_change_probes_healthy_socket);
  ADD ("/network/change/dead", test_change_finds_dead_socket);

#undef ADD

  return g_test_run ();
}
