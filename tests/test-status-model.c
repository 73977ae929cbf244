/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <uplink.h>

#include "uplink-test-utils.h"

/* A model announces its changes exactly as a connection does: these are
 * the connection's own ordering tests (test-connection.c), driven by hand. */

typedef struct
{
  UplinkStatusModel *model;
  GPtrArray *log;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->model = uplink_status_model_new ();
  fixture->log = g_ptr_array_new_with_free_func (g_free);
  uplink_test_log_signals (fixture->model, fixture->log);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->model);
  g_clear_pointer (&fixture->log, g_ptr_array_unref);
}

static void
add_recorder (Fixture    *fixture,
              const char *name)
{
  g_autoptr(UplinkTestRecorder) recorder = uplink_test_recorder_new (name, fixture->log);

  uplink_status_model_add_listener (fixture->model, name, UPLINK_CONNECTION_LISTENER (recorder));
}

static void
assert_log (Fixture    *fixture,
            const char *expected)
{
  uplink_test_assert_log (fixture->log, expected);
}

static void
test_order (Fixture       *fixture,
            gconstpointer  data)
{
  UplinkStatusSource *source = UPLINK_STATUS_SOURCE (fixture->model);
  const char *features[] = { "typing", "presence", NULL };
  g_autoptr(GError) error = g_error_new_literal (UPLINK_CONNECTION_ERROR, UPLINK_CONNECTION_ERROR_TIMEOUT, "No answer");
  UplinkHistory *history = uplink_status_source_get_history (source);

  add_recorder (fixture, "a");
  add_recorder (fixture, "b");
  g_assert_cmpstr (uplink_status_source_get_status (source), ==, "disconnected");
  g_assert_true (uplink_status_source_get_running (source));
  g_assert_false (uplink_status_source_can_reconnect (source));
  g_assert_false (uplink_status_source_can_pause (source));

  uplink_status_model_set_state (fixture->model, UPLINK_STATE_CONNECTING);
  uplink_status_model_set_state (fixture->model, UPLINK_STATE_CONNECTING);
  uplink_status_model_set_state (fixture->model, UPLINK_STATE_CONNECTED);
  assert_log (fixture,
              "notify:connecting signal:connecting a:connecting b:connecting "
              "notify:connected signal:connected a:connected b:connected");

  uplink_status_model_set_throttled (fixture->model, features);
  assert_log (fixture, "notify:featureThrottled signal:feature-throttled "
                       "a:featureThrottled b:featureThrottled");
  g_assert_true (g_strv_equal (uplink_status_source_get_throttled_features (source), features));

  /* An error first, then the disconnect it causes; leaving the throttle
   * clears the features, coming back clears the error. */
  uplink_status_model_report_error (fixture->model, error);
  uplink_status_model_set_state (fixture->model, UPLINK_STATE_DISCONNECTED);
  assert_log (fixture,
              "signal:connection-error a:error(timeout) b:error(timeout) "
              "notify:disconnected signal:disconnected a:disconnected b:disconnected");
  g_assert_cmpstrv (uplink_status_source_get_throttled_features (source), (const char *[]) { NULL });
  g_assert_cmpstr (uplink_status_source_get_last_error (source)->message, ==, "No answer");
  uplink_status_model_set_state (fixture->model, UPLINK_STATE_CONNECTED);
  g_assert_null (uplink_status_source_get_last_error (source));
  g_ptr_array_set_size (fixture->log, 0);

  g_assert_cmpuint (uplink_history_get_n_entries (history), ==, 6);
}

static void
remove_on_connected (UplinkTestRecorder *recorder,
                     UplinkStatusSource *source,
                     const char         *event,
                     gpointer            data)
{
  if (g_str_equal (event, "connected"))
    {
      g_assert_true (uplink_status_model_remove_listener (UPLINK_STATUS_MODEL (source), "a"));
      g_assert_true (uplink_status_model_remove_listener (UPLINK_STATUS_MODEL (source), "c"));
    }
}

static void
test_remove_from_callback (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(UplinkTestRecorder) a = uplink_test_recorder_new ("a", fixture->log);

  uplink_test_recorder_set_hook (a, remove_on_connected, NULL);
  uplink_status_model_add_listener (fixture->model, "a", UPLINK_CONNECTION_LISTENER (a));
  add_recorder (fixture, "b");
  add_recorder (fixture, "c");
  /* The same id replaces: "b" is called once. */
  add_recorder (fixture, "b");

  uplink_status_model_set_state (fixture->model, UPLINK_STATE_CONNECTED);
  assert_log (fixture, "notify:connected signal:connected a:connected b:connected");
  g_assert_false (uplink_status_model_remove_listener (fixture->model, "a"));
}

/* A change made from a callback waits until everyone saw the current one. */
static void
disconnect_on_connected (UplinkTestRecorder *recorder,
                         UplinkStatusSource *source,
                         const char         *event,
                         gpointer            data)
{
  if (g_str_equal (event, "connected"))
    uplink_status_model_set_state (UPLINK_STATUS_MODEL (source), UPLINK_STATE_DISCONNECTED);
}

static void
test_change_from_callback (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(UplinkTestRecorder) a = uplink_test_recorder_new ("a", fixture->log);

  uplink_test_recorder_set_hook (a, disconnect_on_connected, NULL);
  uplink_status_model_add_listener (fixture->model, "a", UPLINK_CONNECTION_LISTENER (a));
  add_recorder (fixture, "b");

  uplink_status_model_set_state (fixture->model, UPLINK_STATE_CONNECTED);
  assert_log (fixture,
              "notify:connected signal:connected a:connected b:connected "
              "notify:disconnected signal:disconnected a:disconnected b:disconnected");
}

static void
drop_last_reference (UplinkTestRecorder *recorder,
                     UplinkStatusSource *source,
                     const char         *event,
                     gpointer            data)
{
  Fixture *fixture = data;

  if (g_str_equal (event, "connected"))
    g_clear_object (&fixture->model);
}

static void
test_unref_from_callback (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(UplinkTestRecorder) a = uplink_test_recorder_new ("a", fixture->log);
  GWeakRef weak;

  g_weak_ref_init (&weak, fixture->model);
  uplink_test_recorder_set_hook (a, drop_last_reference, fixture);
  uplink_status_model_add_listener (fixture->model, "a", UPLINK_CONNECTION_LISTENER (a));
  add_recorder (fixture, "b");

  uplink_status_model_set_state (fixture->model, UPLINK_STATE_CONNECTED);
  g_assert_null (g_weak_ref_get (&weak));
  g_weak_ref_clear (&weak);
  assert_log (fixture, "notify:connected signal:connected a:connected b:connected");
}

static void
test_properties (Fixture       *fixture,
                 gconstpointer  data)
{
  UplinkStatusSource *source = UPLINK_STATUS_SOURCE (fixture->model);
  g_autoptr(UplinkHistory) history = NULL;
  gint64 next_retry;
  guint attempt;

  uplink_status_model_set_next_retry (fixture->model, 42);
  uplink_status_model_set_attempt (fixture->model, 3);
  uplink_status_model_set_latency (fixture->model, 1500);
  uplink_status_model_set_running (fixture->model, FALSE);
  g_object_get (fixture->model, "next-retry", &next_retry, "attempt", &attempt,
                "history", &history, NULL);
  g_assert_cmpint (next_retry, ==, 42);
  g_assert_cmpuint (attempt, ==, 3);
  g_assert_true (history == uplink_status_source_get_history (source));
  g_assert_cmpint (uplink_status_source_get_latency (source), ==, 1500);
  g_assert_false (uplink_status_source_get_running (source));

  g_test_expect_message ("Uplink", G_LOG_LEVEL_CRITICAL, "*latency >= -1*");
  uplink_status_model_set_latency (fixture->model, -5);
  g_test_assert_expected_messages ();
  g_test_expect_message ("Uplink", G_LOG_LEVEL_CRITICAL, "*error != NULL*");
  uplink_status_model_report_error (fixture->model, NULL);
  g_test_assert_expected_messages ();
  g_assert_null (uplink_status_source_get_last_error (source));
}

/* The connection is a status source too, with its controls. */
static void
test_connection_is_a_source (void)
{
  g_autoptr(UplinkConnection) connection = uplink_connection_new ("ws://127.0.0.1:1/ws");
  UplinkStatusSource *source = UPLINK_STATUS_SOURCE (connection);
  g_autoptr(UplinkHistory) history = NULL;

  g_assert_true (uplink_status_source_can_reconnect (source));
  g_assert_true (uplink_status_source_can_pause (source));
  g_assert_cmpstr (uplink_status_source_get_status (source), ==, "disconnected");
  g_object_get (connection, "history", &history, NULL);
  g_assert_true (history == uplink_connection_get_history (connection));
  g_assert_true (uplink_status_source_get_history (source) == history);
  g_assert_cmpint (uplink_status_source_get_latency (source), ==, -1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/status-model/order", test_order);
  ADD ("/status-model/remove-from-callback", test_remove_from_callback);
  ADD ("/status-model/change-from-callback", test_change_from_callback);
  ADD ("/status-model/unref-from-callback", test_unref_from_callback);
  ADD ("/status-model/properties", test_properties);
  g_test_add_func ("/status-model/connection-is-a-source", test_connection_is_a_source);

#undef ADD

  return g_test_run ();
}
