/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <uplink.h>
#include "uplink-history-private.h"

#define S G_TIME_SPAN_SECOND

/* Ten seconds of each: disconnected, connecting, connected, throttled,
 * disconnected, connected; the last lasts until whoever asks. */
static UplinkHistory *
scripted_history (void)
{
  static const UplinkState states[] = {
    UPLINK_STATE_DISCONNECTED, UPLINK_STATE_CONNECTING, UPLINK_STATE_CONNECTED,
    UPLINK_STATE_FEATURE_THROTTLED, UPLINK_STATE_DISCONNECTED, UPLINK_STATE_CONNECTED,
  };
  UplinkHistory *history = uplink_history_new (UPLINK_HISTORY_DEFAULT_CAPACITY);

  for (gsize i = 0; i < G_N_ELEMENTS (states); i++)
    uplink_history_add (history, states[i], (gint64) i * 10 * S, 1000 + (gint64) i);

  return history;
}

static void
test_entries (void)
{
  g_autoptr(UplinkHistory) history = scripted_history ();
  UplinkState state;
  gint64 monotonic, wall;

  g_assert_cmpuint (uplink_history_get_n_entries (history), ==, 6);
  g_assert_true (uplink_history_get_entry (history, 2, &state, &monotonic, &wall));
  g_assert_cmpint (state, ==, UPLINK_STATE_CONNECTED);
  g_assert_cmpint (monotonic, ==, 20 * S);
  g_assert_cmpint (wall, ==, 1002);
  g_assert_false (uplink_history_get_entry (history, 6, NULL, NULL, NULL));
  g_assert_true (uplink_history_get_latest (history, &state, &monotonic, NULL));
  g_assert_cmpint (state, ==, UPLINK_STATE_CONNECTED);
  g_assert_cmpint (monotonic, ==, 50 * S);

  uplink_history_clear (history);
  g_assert_cmpuint (uplink_history_get_n_entries (history), ==, 0);
  g_assert_false (uplink_history_get_latest (history, NULL, NULL, NULL));
}

static void
test_bounded (void)
{
  g_autoptr(UplinkHistory) history = uplink_history_new (3);
  UplinkState state;
  gint64 monotonic;

  for (gint64 i = 0; i < 10; i++)
    uplink_history_add (history, i % 2 ? UPLINK_STATE_CONNECTED : UPLINK_STATE_DISCONNECTED, i, i);

  g_assert_cmpuint (uplink_history_get_n_entries (history), ==, 3);
  g_assert_true (uplink_history_get_entry (history, 0, &state, &monotonic, NULL));
  g_assert_cmpint (monotonic, ==, 7);
  g_assert_cmpint (state, ==, UPLINK_STATE_CONNECTED);
  g_assert_true (uplink_history_get_entry (history, 2, NULL, &monotonic, NULL));
  g_assert_cmpint (monotonic, ==, 9);
}

static void
test_state_at (void)
{
  g_autoptr(UplinkHistory) history = scripted_history ();

  g_assert_cmpint (uplink_history_get_state_at (history, -1), ==, UPLINK_STATE_DISCONNECTED);
  g_assert_cmpint (uplink_history_get_state_at (history, 10 * S), ==, UPLINK_STATE_CONNECTING);
  g_assert_cmpint (uplink_history_get_state_at (history, 35 * S), ==, UPLINK_STATE_FEATURE_THROTTLED);
  g_assert_cmpint (uplink_history_get_state_at (history, 1000 * S), ==, UPLINK_STATE_CONNECTED);
}

static void
test_figures (void)
{
  g_autoptr(UplinkHistory) history = scripted_history ();

  /* Up: 20–40 s and 50–60 s of the first minute. */
  g_assert_cmpfloat_with_epsilon (uplink_history_get_uptime_ratio (history, 0, 60 * S), 0.5, 1e-9);
  /* The window may start before the history: only what it covers counts. */
  g_assert_cmpfloat_with_epsilon (uplink_history_get_uptime_ratio (history, -100 * S, 60 * S), 0.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (uplink_history_get_uptime_ratio (history, 50 * S, 70 * S), 1.0, 1e-9);
  g_assert_cmpfloat (uplink_history_get_uptime_ratio (history, -20 * S, -10 * S), ==, 0.0);

  g_assert_cmpint (uplink_history_get_time_in_state (history, UPLINK_STATE_DISCONNECTED, 0, 60 * S), ==, 20 * S);
  g_assert_cmpint (uplink_history_get_time_in_state (history, UPLINK_STATE_FEATURE_THROTTLED, 35 * S, 60 * S), ==, 5 * S);

  g_assert_cmpuint (uplink_history_count_drops (history, 0, 60 * S), ==, 1);
  g_assert_cmpuint (uplink_history_count_drops (history, 41 * S, 60 * S), ==, 0);
}

static void
changed_cb (UplinkHistory *history,
            guint         *count)
{
  (*count)++;
}

static void
test_changed (void)
{
  g_autoptr(UplinkHistory) history = uplink_history_new (2);
  guint count = 0;

  g_signal_connect (history, "changed", G_CALLBACK (changed_cb), &count);
  uplink_history_add (history, UPLINK_STATE_CONNECTING, 1, 1);
  uplink_history_clear (history);
  uplink_history_clear (history);
  g_assert_cmpuint (count, ==, 2);
}

static void
test_out_of_order (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(UplinkHistory) history = uplink_history_new (2);

      uplink_history_add (history, UPLINK_STATE_CONNECTING, 10, 1);
      uplink_history_add (history, UPLINK_STATE_CONNECTED, 5, 1);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*monotonic_time >=*");
}

static void
assert_outage (UplinkHistory *history,
               guint          index,
               gint64         start,
               gint64         end,
               gboolean       paused,
               const char    *cause)
{
  gint64 start_monotonic, start_wall, end_monotonic, end_wall;
  gboolean was_paused;
  const char *was_cause;

  g_assert_true (uplink_history_get_outage (history, index, &start_monotonic, &start_wall,
                                            &end_monotonic, &end_wall, &was_paused, &was_cause));
  g_assert_cmpint (start_monotonic, ==, start);
  g_assert_cmpint (start_wall, ==, 1000 + start / S);
  g_assert_cmpint (end_monotonic, ==, end);
  g_assert_cmpint (end_wall, ==, end == 0 ? 0 : 1000 + end / S);
  g_assert_cmpint (was_paused, ==, paused);
  g_assert_cmpstr (was_cause, ==, cause);
}

/* An outage runs from the first loss to the next session, with the first
 * cause told in it; a pause is a stretch of its own, not an outage, and
 * cuts the outage it interrupts. */
static void
test_outages (void)
{
  static const struct {
    UplinkState state;
    gboolean paused;
    const char *cause;
  } script[] = {
    { UPLINK_STATE_CONNECTING, FALSE, NULL },
    { UPLINK_STATE_DISCONNECTED, FALSE, "Connection refused" },
    { UPLINK_STATE_CONNECTING, FALSE, NULL },
    { UPLINK_STATE_DISCONNECTED, FALSE, "Timed out" },
    { UPLINK_STATE_CONNECTED, FALSE, NULL },
    { UPLINK_STATE_FEATURE_THROTTLED, FALSE, NULL },
    { UPLINK_STATE_DISCONNECTED, FALSE, "The server closed the connection" },
    { UPLINK_STATE_DISCONNECTED, TRUE, NULL },
    { UPLINK_STATE_CONNECTING, FALSE, NULL },
    { UPLINK_STATE_CONNECTED, FALSE, NULL },
    { UPLINK_STATE_DISCONNECTED, TRUE, NULL },
  };
  g_autoptr(UplinkHistory) history = uplink_history_new (UPLINK_HISTORY_DEFAULT_CAPACITY);
  gint64 since;

  for (gsize i = 0; i < G_N_ELEMENTS (script); i++)
    {
      gint64 time = (gint64) i * 10 * S;

      uplink_history_add_full (history, script[i].state, time, 1000 + (gint64) i * 10,
                               script[i].paused, script[i].cause);
      if (i == 3 || i == 6)
        {
          g_assert_true (uplink_history_get_outage_start (history, &since, NULL));
          g_assert_cmpint (since, ==, i == 3 ? 0 : 60 * S);
        }
    }

  g_assert_cmpuint (uplink_history_get_n_outages (history), ==, 5);
  assert_outage (history, 0, 0, 40 * S, FALSE, "Connection refused");
  assert_outage (history, 1, 60 * S, 70 * S, FALSE, "The server closed the connection");
  assert_outage (history, 2, 70 * S, 80 * S, TRUE, NULL);
  assert_outage (history, 3, 80 * S, 90 * S, FALSE, NULL);
  assert_outage (history, 4, 100 * S, 0, TRUE, NULL);
  g_assert_false (uplink_history_get_outage (history, 5, NULL, NULL, NULL, NULL, NULL, NULL));

  /* Paused now: no outage, and the pause neither drops nor counts down. */
  g_assert_false (uplink_history_get_outage_start (history, NULL, NULL));
  g_assert_true (uplink_history_get_entry_paused (history, 7));
  g_assert_false (uplink_history_get_entry_paused (history, 6));
  g_assert_false (uplink_history_get_entry_paused (history, 11));
  g_assert_cmpuint (uplink_history_count_drops (history, 0, 200 * S), ==, 1);
  g_assert_cmpfloat (uplink_history_get_uptime_ratio (history, 0, 200 * S), ==, 30.0 / 90.0);

  uplink_history_clear (history);
  g_assert_cmpuint (uplink_history_get_n_outages (history), ==, 0);
}

static void
test_outages_bounded (void)
{
  g_autoptr(UplinkHistory) history = uplink_history_new (2);

  for (gint64 i = 0; i < 6; i++)
    uplink_history_add_full (history, i % 2 == 0 ? UPLINK_STATE_DISCONNECTED : UPLINK_STATE_CONNECTED,
                             i * 10 * S, 1000 + i * 10, FALSE, i % 2 == 0 ? "lost" : NULL);

  g_assert_cmpuint (uplink_history_get_n_outages (history), ==, 2);
  assert_outage (history, 0, 20 * S, 30 * S, FALSE, "lost");
  assert_outage (history, 1, 40 * S, 50 * S, FALSE, "lost");
}

/* A source tells its history why it went down and when the user paused,
 * also when pausing or resuming does not change the state. */
static void
test_outages_from_source (void)
{
  g_autoptr(UplinkStatusModel) model = uplink_status_model_new ();
  g_autoptr(GError) error = g_error_new_literal (UPLINK_CONNECTION_ERROR, UPLINK_CONNECTION_ERROR_PROTOCOL, "Closed by the server");
  UplinkHistory *history = uplink_status_source_get_history (UPLINK_STATUS_SOURCE (model));
  const char *cause;
  gboolean paused;

  uplink_status_model_set_state (model, UPLINK_STATE_CONNECTED);
  uplink_status_model_report_error (model, error);
  uplink_status_model_set_state (model, UPLINK_STATE_DISCONNECTED);
  g_assert_true (uplink_history_get_outage (history, 1, NULL, NULL, NULL, NULL, &paused, &cause));
  g_assert_false (paused);
  g_assert_cmpstr (cause, ==, "Closed by the server");

  /* Paused while waiting to retry. */
  uplink_status_model_set_running (model, FALSE);
  g_assert_true (uplink_history_get_entry_paused (history, uplink_history_get_n_entries (history) - 1));
  g_assert_false (uplink_history_get_outage_start (history, NULL, NULL));
  g_assert_cmpuint (uplink_history_get_n_outages (history), ==, 3);
  g_assert_true (uplink_history_get_outage (history, 2, NULL, NULL, NULL, NULL, &paused, &cause));
  g_assert_true (paused);
  g_assert_null (cause);

  /* Resumed: an outage again, from now. */
  uplink_status_model_set_running (model, TRUE);
  g_assert_true (uplink_history_get_outage_start (history, NULL, NULL));
  g_assert_cmpuint (uplink_history_get_n_outages (history), ==, 4);

  /* Paused while up: the state change itself is the pause. */
  uplink_status_model_set_state (model, UPLINK_STATE_CONNECTED);
  uplink_status_model_set_running (model, FALSE);
  uplink_status_model_set_state (model, UPLINK_STATE_DISCONNECTED);
  g_assert_true (uplink_history_get_entry_paused (history, uplink_history_get_n_entries (history) - 1));
  g_assert_cmpuint (uplink_history_count_drops (history, 0, G_MAXINT64), ==, 1);
}

static void
test_describe_features (void)
{
  const char * const features[] = { "typing", "presence", "<b>custom</b>", NULL };
  g_autofree char *words = uplink_describe_features (features);
  g_autofree char *none = uplink_describe_features (NULL);

  g_assert_cmpstr (words, ==, "typing indicators, presence, <b>custom</b>");
  g_assert_cmpstr (none, ==, "");
}

static void
test_describe_duration (void)
{
  static const struct {
    GTimeSpan duration;
    const char *words;
  } cases[] = {
    { -5 * S, "0 seconds" },
    { 1 * S, "1 second" },
    { 59 * S, "59 seconds" },
    { 3 * 60 * S, "3 minutes" },
    { 61 * 60 * S, "1 hour" },
    { 49 * 3600 * S, "2 days" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *words = uplink_describe_duration (cases[i].duration);

      g_assert_cmpstr (words, ==, cases[i].words);
    }
}

static void
test_describe_idle_connection (void)
{
  g_autoptr(UplinkConnection) connection = uplink_connection_new ("ws://127.0.0.1:1/");
  g_autofree char *title = uplink_describe_title (UPLINK_STATUS_SOURCE (connection));
  g_autofree char *status = uplink_describe_status (UPLINK_STATUS_SOURCE (connection));
  g_autofree char *retry = uplink_describe_retry (UPLINK_STATUS_SOURCE (connection));
  g_autofree char *latency = uplink_describe_latency (UPLINK_STATUS_SOURCE (connection));
  UplinkHistory *history = uplink_connection_get_history (connection);
  UplinkState state;

  g_assert_cmpstr (title, ==, "Paused");
  g_assert_cmpstr (status, ==, "Uplink is not watching the connection.");
  g_assert_null (retry);
  g_assert_null (latency);

  g_assert_cmpuint (uplink_history_get_n_entries (history), ==, 1);
  g_assert_true (uplink_history_get_entry (history, 0, &state, NULL, NULL));
  g_assert_cmpint (state, ==, UPLINK_STATE_DISCONNECTED);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/history/entries", test_entries);
  g_test_add_func ("/history/bounded", test_bounded);
  g_test_add_func ("/history/state-at", test_state_at);
  g_test_add_func ("/history/figures", test_figures);
  g_test_add_func ("/history/changed", test_changed);
  g_test_add_func ("/history/out-of-order", test_out_of_order);
  g_test_add_func ("/history/outages", test_outages);
  g_test_add_func ("/history/outages-bounded", test_outages_bounded);
  g_test_add_func ("/history/outages-from-source", test_outages_from_source);
  g_test_add_func ("/describe/features", test_describe_features);
  g_test_add_func ("/describe/duration", test_describe_duration);
  g_test_add_func ("/describe/idle-connection", test_describe_idle_connection);

  return g_test_run ();
}
