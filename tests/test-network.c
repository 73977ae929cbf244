/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include "uplink-test-network-monitor.h"
#include "uplink-test-utils.h"

typedef struct
{
  UplinkTestFixture base;
  UplinkTestNetworkMonitor *network;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  uplink_test_fixture_set_up (&fixture->base, data);
  fixture->network = uplink_test_network_monitor_new ();
  uplink_connection_set_network_monitor (fixture->base.connection,
                                         G_NETWORK_MONITOR (fixture->network));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  uplink_test_fixture_tear_down (&fixture->base, data);
  g_clear_object (&fixture->network);
}

static void
test_offline_and_back (Fixture       *fixture,
                       gconstpointer  data)
{
  gint64 went, took;

  uplink_test_start_connected (fixture->base.connection);

  went = g_get_monotonic_time ();
  uplink_test_network_monitor_set_available (fixture->network, FALSE);
  g_assert_true (uplink_test_wait_for_state (fixture->base.connection, UPLINK_STATE_DISCONNECTED,
                                             UPLINK_TEST_TIMEOUT_MS));
  took = g_get_monotonic_time () - went;
  g_test_message ("offline to disconnected in %" G_GINT64_FORMAT " us", took);
  g_assert_cmpint (took, <=, 100 * 1000);
  g_assert_error ((GError *) uplink_test_wait_for_error (fixture->base.errors, 0),
                  UPLINK_CONNECTION_ERROR, UPLINK_CONNECTION_ERROR_OFFLINE);

  /* Paused: no attempts, none counted. */
  uplink_test_run_for (500);
  g_assert_cmpuint (uplink_connection_get_attempt (fixture->base.connection), ==, 0);
  g_assert_cmpint (uplink_connection_get_next_retry (fixture->base.connection), ==, 0);
  g_assert_cmpuint (uplink_test_server_stat (fixture->base.server, "handshakes"), ==, 1);

  went = g_get_monotonic_time ();
  uplink_test_network_monitor_set_available (fixture->network, TRUE);
  g_assert_cmpint (uplink_connection_get_state (fixture->base.connection), ==, UPLINK_STATE_CONNECTING);
  took = g_get_monotonic_time () - went;
  g_test_message ("back to connecting in %" G_GINT64_FORMAT " us", took);
  g_assert_cmpint (took, <=, 100 * 1000);
  g_assert_true (uplink_test_wait_for_state (fixture->base.connection, UPLINK_STATE_CONNECTED,
                                             UPLINK_TEST_TIMEOUT_MS));
}

static void
test_start_offline (Fixture       *fixture,
                    gconstpointer  data)
{
  uplink_test_network_monitor_set_available (fixture->network, FALSE);
  uplink_connection_start (fixture->base.connection);
  g_assert_error ((GError *) uplink_test_wait_for_error (fixture->base.errors, 0),
                  UPLINK_CONNECTION_ERROR, UPLINK_CONNECTION_ERROR_OFFLINE);
  g_assert_cmpuint (uplink_test_server_stat (fixture->base.server, "handshakes"), ==, 0);

  uplink_test_network_monitor_set_available (fixture->network, TRUE);
  g_assert_true (uplink_test_wait_for_state (fixture->base.connection, UPLINK_STATE_CONNECTED,
                                             UPLINK_TEST_TIMEOUT_MS));
}

static void
test_blip_is_no_outage (Fixture       *fixture,
                        gconstpointer  data)
{
  uplink_test_start_connected (fixture->base.connection);

  uplink_test_network_monitor_set_available (fixture->network, FALSE);
  uplink_test_network_monitor_set_available (fixture->network, TRUE);
  uplink_test_run_for (300);

  g_assert_cmpuint (fixture->base.errors->len, ==, 0);
  g_assert_cmpint (uplink_connection_get_state (fixture->base.connection), ==, UPLINK_STATE_CONNECTED);
  g_assert_cmpuint (uplink_test_server_stat (fixture->base.server, "handshakes"), ==, 1);
}

static gboolean
speaks_v1 (gpointer data)
{
  return uplink_connection_get_active_profile (data) == UPLINK_PROFILE_UPLINK;
}

static void
test_change_probes_healthy_socket (Fixture       *fixture,
                                   gconstpointer  data)
{
  uplink_connection_set_keepalive_interval (fixture->base.connection, 30);
  uplink_connection_set_pong_timeout (fixture->base.connection, 1);
  uplink_test_start_connected (fixture->base.connection);
  /* Past uplink-server's hello: a greeting still on its way would count
   * as the answer to the probe. */
  g_assert_true (uplink_test_wait_until (speaks_v1, fixture->base.connection, UPLINK_TEST_TIMEOUT_MS));

  for (guint i = 0; i < 10; i++)
    uplink_test_network_monitor_changed (fixture->network);
  uplink_test_run_for (1500);

  g_assert_cmpuint (fixture->base.errors->len, ==, 0);
  g_assert_cmpint (uplink_connection_get_state (fixture->base.connection), ==, UPLINK_STATE_CONNECTED);
}

static void
test_change_finds_dead_socket (Fixture       *fixture,
                               gconstpointer  data)
{
  gint64 changed, took;

  uplink_connection_set_keepalive_interval (fixture->base.connection, 30);
  uplink_connection_set_pong_timeout (fixture->base.connection, 1);
  uplink_test_start_connected (fixture->base.connection);
  /* Past uplink-server's hello: a greeting still on its way would count
   * as the answer to the probe. */
  g_assert_true (uplink_test_wait_until (speaks_v1, fixture->base.connection, UPLINK_TEST_TIMEOUT_MS));

  /* The path to the server is gone; without the probe, 31 s of silence
   * would pass before anyone noticed. */
  uplink_test_server_pause (fixture->base.server);
  changed = g_get_monotonic_time ();
  uplink_test_network_monitor_changed (fixture->network);

  uplink_test_assert_error (&fixture->base, UPLINK_CONNECTION_ERROR_DEAD_PEER);
  took = g_get_monotonic_time () - changed;
  g_test_message ("dead socket found %" G_GINT64_FORMAT " ms after the change", took / 1000);
  g_assert_cmpint (took, <=, 1100 * 1000);

  uplink_test_server_resume (fixture->base.server);
  g_assert_true (uplink_test_wait_for_state (fixture->base.connection, UPLINK_STATE_CONNECTED,
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
