/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Server profiles against uplink-server: what is offered, how auto
 * resolves, and the back-off that a session forgives. The profiles of
 * other servers meet their real servers in tests/interop. */
#include "config.h"

#include <string.h>

#include "uplink-test-utils.h"

typedef UplinkTestFixture Fixture;

static gboolean
is_uplink_profile (gpointer data)
{
  return uplink_connection_get_active_profile (data) == UPLINK_PROFILE_UPLINK;
}

static gboolean
has_latency (gpointer data)
{
  return uplink_connection_get_latency (data) >= 0;
}

static gboolean
has_message (gpointer data)
{
  return ((GPtrArray *) data)->len > 0;
}

/* Nothing is offered; the server's hello turns protocol v1 on. */
static void
test_auto_hello (Fixture       *fixture,
                 gconstpointer  data)
{
  g_assert_cmpint (uplink_connection_get_profile (fixture->connection), ==, UPLINK_PROFILE_AUTO);
  g_assert_cmpint (uplink_connection_get_active_profile (fixture->connection), ==, UPLINK_PROFILE_AUTO);
  uplink_connection_set_keepalive_interval (fixture->connection, 1);

  uplink_test_start_connected (fixture->connection);
  g_assert_null (uplink_connection_get_negotiated_protocol (fixture->connection));
  g_assert_true (uplink_test_wait_until (is_uplink_profile, fixture->connection, UPLINK_TEST_TIMEOUT_MS));
  /* JSON pings, answered with pongs, give the latency. */
  g_assert_true (uplink_test_wait_until (has_latency, fixture->connection, UPLINK_TEST_TIMEOUT_MS));
  /* The hello is the profile's, not the embedder's. */
  g_assert_cmpuint (fixture->messages->len, ==, 0);
}

static gboolean
offers_v1 (gpointer data)
{
  return g_strcmp0 (uplink_connection_get_negotiated_protocol (data), "uplink.v1") == 0;
}

/* What the hello taught stays: the next session offers uplink.v1, so that
 * protocol v1 is on from its upgrade. */
static void
test_auto_remembers (Fixture       *fixture,
                     gconstpointer  data)
{
  uplink_test_start_connected (fixture->connection);
  g_assert_true (uplink_test_wait_until (is_uplink_profile, fixture->connection, UPLINK_TEST_TIMEOUT_MS));

  g_free (uplink_test_server_control (fixture->server, "/control/drop?code=1001", ""));
  g_assert_true (uplink_test_wait_until (offers_v1, fixture->connection, UPLINK_TEST_TIMEOUT_MS));
  g_assert_cmpint (uplink_connection_get_active_profile (fixture->connection), ==, UPLINK_PROFILE_UPLINK);
}

/* A plain WebSocket server: every frame, even a v1 hello, belongs to the
 * embedder. */
static void
test_websocket (Fixture       *fixture,
                gconstpointer  data)
{
  uplink_connection_set_profile (fixture->connection, UPLINK_PROFILE_WEBSOCKET);
  uplink_test_start_connected (fixture->connection);

  g_assert_cmpint (uplink_connection_get_active_profile (fixture->connection), ==, UPLINK_PROFILE_WEBSOCKET);
  g_assert_null (uplink_connection_get_negotiated_protocol (fixture->connection));
  g_assert_true (uplink_test_wait_until (has_message, fixture->messages, UPLINK_TEST_TIMEOUT_MS));
  g_assert_nonnull (strstr (g_ptr_array_index (fixture->messages, 0), "\"hello\""));
  g_assert_cmpint (uplink_connection_get_active_profile (fixture->connection), ==, UPLINK_PROFILE_WEBSOCKET);
}

static void
test_uplink_offers_v1 (Fixture       *fixture,
                       gconstpointer  data)
{
  uplink_connection_set_profile (fixture->connection, UPLINK_PROFILE_UPLINK);
  uplink_test_start_connected (fixture->connection);

  g_assert_cmpint (uplink_connection_get_active_profile (fixture->connection), ==, UPLINK_PROFILE_UPLINK);
  g_assert_cmpstr (uplink_connection_get_negotiated_protocol (fixture->connection), ==, "uplink.v1");
}

/* The server speaks no MQTT: the broker's answer never comes, and the
 * handshake's refusal names the subprotocol. */
static void
test_refusal_names_subprotocol (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GPtrArray) errors = uplink_test_collect_errors (fixture->connection);
  const GError *error;

  uplink_connection_set_profile (fixture->connection, UPLINK_PROFILE_MQTT);
  g_free (uplink_test_server_control (fixture->server, "/control/reject?status=501&count=1", ""));
  uplink_connection_start (fixture->connection);

  error = uplink_test_wait_for_error (errors, UPLINK_TEST_TIMEOUT_MS);
  g_assert_error (error, UPLINK_CONNECTION_ERROR, UPLINK_CONNECTION_ERROR_REJECTED);
  g_assert_nonnull (strstr (error->message, "mqtt"));
}

/* A session forgives the failures before it at once: the attempt count
 * is 0 as soon as the profile's session is up. */
static void
test_session_resets_backoff (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GPtrArray) errors = uplink_test_collect_errors (fixture->connection);

  uplink_connection_set_backoff_initial (fixture->connection, 50);
  g_free (uplink_test_server_control (fixture->server, "/control/reject?status=500&count=2", ""));
  uplink_connection_start (fixture->connection);

  g_assert_true (uplink_test_wait_for_state (fixture->connection, UPLINK_STATE_CONNECTED,
                                             UPLINK_TEST_TIMEOUT_MS));
  g_assert_cmpuint (errors->len, ==, 2);
  g_assert_cmpuint (uplink_connection_get_attempt (fixture->connection), ==, 0);
}

/* The password goes to the server only: no getter, and a readable
 * property would be a way out. */
static void
test_password_is_write_only (Fixture       *fixture,
                             gconstpointer  data)
{
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (fixture->connection), "password");

  g_assert_nonnull (pspec);
  g_assert_false (pspec->flags & G_PARAM_READABLE);
  uplink_connection_set_username (fixture->connection, "watcher");
  uplink_connection_set_password (fixture->connection, "s3cret");
  g_assert_cmpstr (uplink_connection_get_username (fixture->connection), ==, "watcher");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, uplink_test_fixture_set_up, func, uplink_test_fixture_tear_down)

  ADD ("/profiles/auto/hello", test_auto_hello);
  ADD ("/profiles/auto/remembers", test_auto_remembers);
  ADD ("/profiles/websocket", test_websocket);
  ADD ("/profiles/uplink/offers-v1", test_uplink_offers_v1);
  ADD ("/profiles/refusal-names-subprotocol", test_refusal_names_subprotocol);
  ADD ("/profiles/session-resets-backoff", test_session_resets_backoff);
  ADD ("/profiles/password-is-write-only", test_password_is_write_only);

#undef ADD

  return g_test_run ();
}
