/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include "uplink-frame.h"
#include "uplink-test-utils.h"

typedef UplinkTestFixture Fixture;

static void
add_recorder (Fixture    *fixture,
              const char *name)
{
  g_autoptr(UplinkTestRecorder) recorder = uplink_test_recorder_new (name, fixture->log);

  uplink_connection_add_listener (fixture->connection, name, UPLINK_CONNECTION_LISTENER (recorder));
}

static void
assert_log (Fixture    *fixture,
            const char *expected)
{
  uplink_test_assert_log (fixture->log, expected);
}

static void
assert_history (UplinkConnection  *connection,
                const UplinkState *expected,
                guint              n_expected)
{
  UplinkHistory *history = uplink_connection_get_history (connection);
  gint64 previous = 0;

  g_assert_cmpuint (uplink_history_get_n_entries (history), ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    {
      UplinkState state;
      gint64 monotonic, wall;

      g_assert_true (uplink_history_get_entry (history, i, &state, &monotonic, &wall));
      g_assert_cmpint (state, ==, expected[i]);
      g_assert_cmpint (monotonic, >=, previous);
      g_assert_cmpint (wall, >, 0);
      previous = monotonic;
    }
}

static void
test_start_order (Fixture       *fixture,
                  gconstpointer  data)
{
  uplink_test_log_signals (fixture->connection, fixture->log);
  add_recorder (fixture, "a");
  add_recorder (fixture, "b");

  g_assert_cmpstr (uplink_connection_get_status (fixture->connection), ==, "disconnected");
  uplink_test_start_connected (fixture->connection);

  assert_log (fixture,
              "notify:connecting signal:connecting a:connecting b:connecting "
              "notify:connected signal:connected a:connected b:connected");
  g_assert_cmpstr (uplink_connection_get_status (fixture->connection), ==, "connected");
  g_assert_null (uplink_connection_get_last_error (fixture->connection));
  /* Nothing is offered unasked. */
  g_assert_null (uplink_connection_get_negotiated_protocol (fixture->connection));

  uplink_connection_stop (fixture->connection);
  assert_log (fixture, "notify:disconnected signal:disconnected a:disconnected b:disconnected");
  g_assert_false (uplink_connection_get_running (fixture->connection));
  assert_history (fixture->connection,
                  (const UplinkState[]) { UPLINK_STATE_DISCONNECTED, UPLINK_STATE_CONNECTING,
                                          UPLINK_STATE_CONNECTED, UPLINK_STATE_DISCONNECTED },
                  4);
}

static void
test_same_id_replaces (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(UplinkTestRecorder) first = uplink_test_recorder_new ("first", fixture->log);
  g_autoptr(UplinkTestRecorder) second = uplink_test_recorder_new ("second", fixture->log);

  uplink_connection_add_listener (fixture->connection, "id", UPLINK_CONNECTION_LISTENER (first));
  add_recorder (fixture, "other");
  uplink_connection_add_listener (fixture->connection, "id", UPLINK_CONNECTION_LISTENER (second));
  uplink_test_start_connected (fixture->connection);

  assert_log (fixture, "other:connecting second:connecting other:connected second:connected");

  g_assert_true (uplink_connection_remove_listener (fixture->connection, "id"));
  g_assert_false (uplink_connection_remove_listener (fixture->connection, "id"));
  g_assert_false (uplink_connection_remove_listener (fixture->connection, "never-added"));
  uplink_connection_stop (fixture->connection);
  assert_log (fixture, "other:disconnected");
}

static void
remove_on_connected (UplinkTestRecorder *recorder,
                     UplinkStatusSource *source,
                     const char         *event,
                     gpointer            data)
{
  UplinkConnection *connection = UPLINK_CONNECTION (source);

  if (g_str_equal (event, "connected"))
    {
      g_assert_true (uplink_connection_remove_listener (connection, "a"));
      g_assert_true (uplink_connection_remove_listener (connection, "c"));
    }
}

static void
test_remove_from_callback (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(UplinkTestRecorder) a = uplink_test_recorder_new ("a", fixture->log);

  uplink_test_recorder_set_hook (a, remove_on_connected, NULL);
  uplink_connection_add_listener (fixture->connection, "a", UPLINK_CONNECTION_LISTENER (a));
  add_recorder (fixture, "b");
  add_recorder (fixture, "c");
  g_clear_object (&a);

  uplink_test_start_connected (fixture->connection);
  /* a removed itself and c, which had not been told yet: c never is. */
  assert_log (fixture, "a:connecting b:connecting c:connecting a:connected b:connected");

  uplink_connection_stop (fixture->connection);
  assert_log (fixture, "b:disconnected");
}

static void
stop_on_connected (UplinkTestRecorder *recorder,
                   UplinkStatusSource *source,
                   const char         *event,
                   gpointer            data)
{
  UplinkConnection *connection = UPLINK_CONNECTION (source);

  if (g_str_equal (event, "connected"))
    uplink_connection_stop (connection);
}

static gboolean
is_stopped (gpointer data)
{
  return !uplink_connection_get_running (data);
}

static void
test_stop_from_callback (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(UplinkTestRecorder) a = uplink_test_recorder_new ("a", fixture->log);

  uplink_test_log_signals (fixture->connection, fixture->log);
  uplink_test_recorder_set_hook (a, stop_on_connected, NULL);
  uplink_connection_add_listener (fixture->connection, "a", UPLINK_CONNECTION_LISTENER (a));
  add_recorder (fixture, "b");

  uplink_connection_start (fixture->connection);
  g_assert_true (uplink_test_wait_until (is_stopped, fixture->connection, UPLINK_TEST_TIMEOUT_MS));
  g_assert_cmpint (uplink_connection_get_state (fixture->connection), ==, UPLINK_STATE_DISCONNECTED);

  /* Every observer sees connected before the disconnect it caused. */
  assert_log (fixture,
              "notify:connecting signal:connecting a:connecting b:connecting "
              "notify:connected signal:connected a:connected b:connected "
              "notify:disconnected signal:disconnected a:disconnected b:disconnected");

  uplink_test_run_for (500);
  g_assert_cmpuint (uplink_test_server_stat (fixture->server, "handshakes"), ==, 1);
  g_assert_cmpuint (uplink_connection_get_next_retry (fixture->connection), ==, 0);
}

static void
drop_last_reference (UplinkTestRecorder *recorder,
                     UplinkStatusSource *source,
                     const char         *event,
                     gpointer            data)
{
  UplinkConnection *connection = UPLINK_CONNECTION (source);

  if (g_str_equal (event, "connected"))
    g_object_unref (connection);
}

static gboolean
is_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
test_unref_from_callback (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(UplinkTestRecorder) a = uplink_test_recorder_new ("a", fixture->log);
  g_autoptr(UplinkTestRecorder) b = uplink_test_recorder_new ("b", fixture->log);
  UplinkConnection *connection = g_steal_pointer (&fixture->connection);

  uplink_test_recorder_set_hook (a, drop_last_reference, NULL);
  uplink_connection_add_listener (connection, "a", UPLINK_CONNECTION_LISTENER (a));
  uplink_connection_add_listener (connection, "b", UPLINK_CONNECTION_LISTENER (b));
  g_object_add_weak_pointer (G_OBJECT (connection), (gpointer *) &connection);

  uplink_connection_start (connection);
  g_assert_true (uplink_test_wait_until (is_gone, &connection, UPLINK_TEST_TIMEOUT_MS));

  /* The event in flight still reaches b; then the connection is gone. */
  assert_log (fixture, "a:connecting b:connecting a:connected b:connected");
  g_assert_cmpuint (uplink_test_server_stat (fixture->server, "handshakes"), ==, 1);
}

static void
test_stop_means_no_handshake (Fixture       *fixture,
                              gconstpointer  data)
{
  uplink_test_start_connected (fixture->connection);
  uplink_connection_stop (fixture->connection);

  uplink_test_run_for (1000);
  g_assert_cmpuint (uplink_test_server_stat (fixture->server, "handshakes"), ==, 1);
  g_assert_cmpint (uplink_connection_get_state (fixture->connection), ==, UPLINK_STATE_DISCONNECTED);
  g_assert_null (uplink_connection_get_last_error (fixture->connection));
}

static void
test_throttle (Fixture       *fixture,
               gconstpointer  data)
{
  const char * const features[] = { "typing", "presence", NULL };
  g_autofree char *answer = NULL;
  gint64 throttled_at;

  add_recorder (fixture, "a");
  uplink_test_start_connected (fixture->connection);
  g_ptr_array_set_size (fixture->log, 0);

  answer = uplink_test_server_control (fixture->server, "/control/throttle",
                                       "{\"features\":[\"typing\",\"presence\"],"
                                       "\"retry_after\":1,\"reason\":\"busy\"}");
  g_assert_true (uplink_test_wait_for_state (fixture->connection, UPLINK_STATE_FEATURE_THROTTLED,
                                             UPLINK_TEST_TIMEOUT_MS));
  throttled_at = g_get_monotonic_time ();
  g_assert_cmpstrv (uplink_connection_get_throttled_features (fixture->connection), features);
  g_assert_cmpstr (uplink_connection_get_throttle_reason (fixture->connection), ==, "busy");
  g_assert_cmpstr (uplink_connection_get_status (fixture->connection), ==, "featureThrottled");
  /* About a second from now, on the wall clock. */
  g_assert_cmpint (uplink_connection_get_throttled_until (fixture->connection), >, g_get_real_time ());
  g_assert_cmpint (uplink_connection_get_throttled_until (fixture->connection), <=,
                   g_get_real_time () + G_USEC_PER_SEC);

  /* retry_after lifts it without a word from the server. */
  g_assert_true (uplink_test_wait_for_state (fixture->connection, UPLINK_STATE_CONNECTED,
                                             UPLINK_TEST_TIMEOUT_MS));
  g_assert_cmpint (g_get_monotonic_time () - throttled_at, >=, 900 * 1000);
  g_assert_cmpuint (g_strv_length ((char **) uplink_connection_get_throttled_features (fixture->connection)), ==, 0);
  g_assert_cmpint (uplink_connection_get_throttled_until (fixture->connection), ==, 0);
  assert_log (fixture, "a:featureThrottled a:connected");
}

static void
test_unthrottle (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *throttle = NULL;
  g_autofree char *unthrottle = NULL;
  g_autofree char *again = NULL;

  add_recorder (fixture, "a");
  uplink_test_start_connected (fixture->connection);
  g_ptr_array_set_size (fixture->log, 0);

  throttle = uplink_test_server_control (fixture->server, "/control/throttle",
                                         "{\"features\":[\"typing\"]}");
  g_assert_true (uplink_test_wait_for_state (fixture->connection, UPLINK_STATE_FEATURE_THROTTLED,
                                             UPLINK_TEST_TIMEOUT_MS));
  /* A second throttle only changes the features: no new signal. */
  again = uplink_test_server_control (fixture->server, "/control/throttle",
                                      "{\"features\":[\"typing\",\"receipts\"]}");
  unthrottle = uplink_test_server_control (fixture->server, "/control/unthrottle", "");
  g_assert_true (uplink_test_wait_for_state (fixture->connection, UPLINK_STATE_CONNECTED,
                                             UPLINK_TEST_TIMEOUT_MS));
  assert_log (fixture, "a:featureThrottled a:connected");
}

static void
test_drop_going_away (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *answer = NULL;
  g_autofree char *status = NULL;

  add_recorder (fixture, "a");
  uplink_test_start_connected (fixture->connection);
  g_ptr_array_set_size (fixture->log, 0);

  answer = uplink_test_server_control (fixture->server, "/control/drop?code=1001", "");
  g_assert_true (uplink_test_wait_for_state (fixture->connection, UPLINK_STATE_DISCONNECTED,
                                             UPLINK_TEST_TIMEOUT_MS));
  g_assert_null (uplink_connection_get_last_error (fixture->connection));
  g_assert_cmpuint (uplink_connection_get_next_retry (fixture->connection), >, 0);
  /* No error, yet who ended it is told. */
  g_assert_cmpuint (uplink_connection_get_close_code (fixture->connection), ==, 1001);
  g_assert_null (uplink_connection_get_close_reason (fixture->connection));
  status = uplink_describe_status (UPLINK_STATUS_SOURCE (fixture->connection));
  g_assert_true (g_str_has_prefix (status, "The server closed the connection (code 1001). Reconnecting in "));

  g_assert_true (uplink_test_wait_for_state (fixture->connection, UPLINK_STATE_CONNECTED,
                                             UPLINK_TEST_TIMEOUT_MS));
  g_assert_cmpuint (uplink_connection_get_close_code (fixture->connection), ==, 0);
  assert_log (fixture, "a:disconnected a:connecting a:connected");
  g_assert_cmpuint (uplink_test_server_stat (fixture->server, "handshakes"), ==, 2);
}

static void
test_abort (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *answer = NULL;

  add_recorder (fixture, "a");
  uplink_test_start_connected (fixture->connection);
  g_ptr_array_set_size (fixture->log, 0);

  answer = uplink_test_server_control (fixture->server, "/control/abort", "");
  g_assert_true (uplink_test_wait_for_state (fixture->connection, UPLINK_STATE_DISCONNECTED,
                                             UPLINK_TEST_TIMEOUT_MS));
  g_assert_error ((GError *) uplink_connection_get_last_error (fixture->connection),
                  UPLINK_CONNECTION_ERROR, UPLINK_CONNECTION_ERROR_UNREACHABLE);

  g_assert_true (uplink_test_wait_for_state (fixture->connection, UPLINK_STATE_CONNECTED,
                                             UPLINK_TEST_TIMEOUT_MS));
  assert_log (fixture, "a:error(unreachable) a:disconnected a:connecting a:connected");
}

static gboolean
has_messages (gpointer data)
{
  return ((GPtrArray *) data)->len >= 3;
}

static void
test_messages_and_bad_frames (Fixture       *fixture,
                              gconstpointer  data)
{
  static const char * const bad_frames[] = {
    "{\"type\":\"throttle\",\"features\":5}",
    "{\"type\":\"throttle\",\"features\":[\"a\",1]}",
    "{\"type\":\"throttle\",\"features\":[],\"retry_after\":-4}",
    "{\"type\":\"pong\",\"id\":\"x\"}",
    "{\"type\":",
  };
  GPtrArray *messages = fixture->messages;
  g_autoptr(GString) deep = g_string_new ("{\"type\":\"throttle\",\"x\":");

  for (guint i = 0; i < UPLINK_FRAME_MAX_DEPTH; i++)
    g_string_append_c (deep, '[');

  uplink_test_start_connected (fixture->connection);

  for (guint i = 0; i < G_N_ELEMENTS (bad_frames); i++)
    g_free (uplink_test_server_control (fixture->server, "/control/send", bad_frames[i]));
  g_free (uplink_test_server_control (fixture->server, "/control/send", deep->str));
  g_free (uplink_test_server_control (fixture->server, "/control/send?binary=1", "\x01\x02binary"));
  g_free (uplink_test_server_control (fixture->server, "/control/send", "hello"));
  g_free (uplink_test_server_control (fixture->server, "/control/send", "{\"type\":\"chat\",\"text\":\"hi\"}"));
  g_free (uplink_test_server_control (fixture->server, "/control/send", "{\"no\":\"type\"}"));

  g_assert_true (uplink_test_wait_until (has_messages, messages, UPLINK_TEST_TIMEOUT_MS));
  g_assert_cmpstr (g_ptr_array_index (messages, 0), ==, "hello");
  g_assert_cmpstr (g_ptr_array_index (messages, 1), ==, "{\"type\":\"chat\",\"text\":\"hi\"}");
  g_assert_cmpstr (g_ptr_array_index (messages, 2), ==, "{\"no\":\"type\"}");
  /* Frames arrive in order: the broken ones came before the messages. */
  g_assert_cmpuint (uplink_connection_get_ignored_frames (fixture->connection), ==,
                    G_N_ELEMENTS (bad_frames) + 2);
  g_assert_cmpint (uplink_connection_get_state (fixture->connection), ==, UPLINK_STATE_CONNECTED);
}

static gboolean
has_latency (gpointer data)
{
  return uplink_connection_get_latency (data) >= 0;
}

static void
test_latency (Fixture       *fixture,
              gconstpointer  data)
{
  uplink_connection_set_keepalive_interval (fixture->connection, 1);
  g_assert_cmpint (uplink_connection_get_latency (fixture->connection), ==, -1);
  uplink_test_start_connected (fixture->connection);

  g_assert_true (uplink_test_wait_until (has_latency, fixture->connection, UPLINK_TEST_TIMEOUT_MS));
  g_assert_cmpint (uplink_connection_get_latency (fixture->connection), <, G_USEC_PER_SEC);
}

static void
test_reconnect_now (Fixture       *fixture,
                    gconstpointer  data)
{
  add_recorder (fixture, "a");
  uplink_test_start_connected (fixture->connection);
  g_ptr_array_set_size (fixture->log, 0);

  uplink_connection_reconnect_now (fixture->connection);
  g_assert_true (uplink_test_wait_for_state (fixture->connection, UPLINK_STATE_CONNECTED,
                                             UPLINK_TEST_TIMEOUT_MS));
  assert_log (fixture, "a:connecting a:connected");
  g_assert_cmpuint (uplink_test_server_stat (fixture->server, "handshakes"), ==, 2);
}

static void
test_request_headers (Fixture       *fixture,
                      gconstpointer  data)
{
  const char * const protocols[] = { "chat.v2", "uplink.v1", NULL };

  uplink_connection_set_request_header (fixture->connection, "Authorization", "Bearer s3cret");
  uplink_connection_set_protocols (fixture->connection, protocols);
  g_assert_cmpstr (uplink_connection_get_request_header (fixture->connection, "Authorization"), ==,
                   "Bearer s3cret");
  g_assert_cmpstrv (uplink_connection_get_protocols (fixture->connection), protocols);

  uplink_test_start_connected (fixture->connection);
  g_assert_cmpstr (uplink_connection_get_negotiated_protocol (fixture->connection), ==, "uplink.v1");

  uplink_connection_set_request_header (fixture->connection, "Authorization", NULL);
  g_assert_null (uplink_connection_get_request_header (fixture->connection, "Authorization"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, uplink_test_fixture_set_up, func, uplink_test_fixture_tear_down)

  ADD ("/connection/start-order", test_start_order);
  ADD ("/connection/listeners/same-id-replaces", test_same_id_replaces);
  ADD ("/connection/listeners/remove-from-callback", test_remove_from_callback);
  ADD ("/connection/listeners/stop-from-callback", test_stop_from_callback);
  ADD ("/connection/listeners/unref-from-callback", test_unref_from_callback);
  ADD ("/connection/stop-means-no-handshake", test_stop_means_no_handshake);
  ADD ("/connection/throttle/retry-after", test_throttle);
  ADD ("/connection/throttle/unthrottle", test_unthrottle);
  ADD ("/connection/drop/going-away", test_drop_going_away);
  ADD ("/connection/drop/abort", test_abort);
  ADD ("/connection/frames", test_messages_and_bad_frames);
  ADD ("/connection/latency", test_latency);
  ADD ("/connection/reconnect-now", test_reconnect_now);
  ADD ("/connection/request-headers", test_request_headers);

#undef ADD

  return g_test_run ();
}
