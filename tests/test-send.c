/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <uplink.h>
#include <json-glib/json-glib.h>
#include <valgrind/valgrind.h>

#include "uplink-test-utils.h"

/* send_text_async() against uplink-server, which records what each client
 * sent (GET /control/received). */

typedef struct
{
  guint n;
  guint done;
  GError **errors;      /* per message; NULL when it succeeded */
} Outcomes;

typedef struct
{
  Outcomes *outcomes;
  guint index;
} Slot;

static Outcomes *
outcomes_new (guint n)
{
  Outcomes *outcomes = g_new0 (Outcomes, 1);

  outcomes->n = n;
  outcomes->errors = g_new0 (GError *, n);
  return outcomes;
}

static void
outcomes_free (Outcomes *outcomes)
{
  for (guint i = 0; i < outcomes->n; i++)
    g_clear_error (&outcomes->errors[i]);
  g_free (outcomes->errors);
  g_free (outcomes);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Outcomes, outcomes_free)

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autofree Slot *slot = user_data;

  g_assert_null (source);
  uplink_connection_send_text_finish (NULL, result, &slot->outcomes->errors[slot->index]);
  slot->outcomes->done++;
}

static void
send_numbered (UplinkConnection *connection,
               Outcomes         *outcomes,
               guint             index,
               UplinkSendFlags   flags,
               GCancellable     *cancellable)
{
  g_autofree char *text = g_strdup_printf ("%u", index);
  Slot *slot = g_new0 (Slot, 1);

  slot->outcomes = outcomes;
  slot->index = index;
  uplink_connection_send_text_async (connection, text, flags, cancellable, on_sent, slot);
}

static gboolean
all_done (gpointer data)
{
  Outcomes *outcomes = data;

  return outcomes->done == outcomes->n;
}

static void
wait_all_done (Outcomes *outcomes)
{
  g_assert_true (uplink_test_wait_until (all_done, outcomes, 6 * UPLINK_TEST_TIMEOUT_MS));
}

/* The texts the server got, in order, across all clients. */
static GPtrArray *
received_texts (UplinkTestServer *server)
{
  g_autofree char *answer = uplink_test_server_control (server, "/control/received", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);
  JsonArray *messages;

  g_assert_true (json_parser_load_from_data (parser, answer, -1, &error));
  g_assert_no_error (error);
  messages = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                           "messages");
  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonObject *message = json_array_get_object_element (messages, i);

      if (json_object_has_member (message, "text"))
        g_ptr_array_add (texts, g_strdup (json_object_get_string_member (message, "text")));
    }
  return texts;
}

static guint
count_errors (Outcomes   *outcomes,
              GQuark      domain,
              int         code)
{
  guint count = 0;

  for (guint i = 0; i < outcomes->n; i++)
    count += g_error_matches (outcomes->errors[i], domain, code);
  return count;
}

static guint expected_connects;

static void
count_connect (guint *connects)
{
  (*connects)++;
}

static gboolean
reached (gpointer data)
{
  return *(guint *) data >= expected_connects;
}

/* Forces a drop every few messages: a close frame or a cut TCP connection
 * in turn, while messages keep coming. */
static void
send_across_drops (UplinkTestFixture *fixture,
                   Outcomes          *outcomes,
                   UplinkSendFlags    flags)
{
  const guint n_drops = 5;
  guint per_stretch = outcomes->n / (n_drops + 1);
  guint connects = 0;

  g_signal_connect_swapped (fixture->connection, "connected", G_CALLBACK (count_connect), &connects);
  uplink_test_start_connected (fixture->connection);
  for (guint i = 0; i < outcomes->n; i++)
    {
      send_numbered (fixture->connection, outcomes, i, flags, NULL);
      if (i % per_stretch == per_stretch - 1 && i / per_stretch < n_drops)
        {
          g_autofree char *answer = NULL;

          /* Each drop hits a connection that is up again; the messages
           * after it find it down. */
          expected_connects = i / per_stretch + 1;
          g_assert_true (uplink_test_wait_until (reached, &connects, UPLINK_TEST_TIMEOUT_MS));
          answer = uplink_test_server_control (fixture->server,
                                               (i / per_stretch) % 2 == 0 ? "/control/abort" : "/control/drop",
                                               "");
          g_assert_cmpstr (answer, ==, "{\"clients\":1}");
        }
      /* Let the connection notice drops while the sender goes on. */
      g_main_context_iteration (NULL, FALSE);
    }
  wait_all_done (outcomes);
  g_signal_handlers_disconnect_by_func (fixture->connection, count_connect, &connects);
  g_assert_cmpuint (uplink_test_server_stat (fixture->server, "handshakes"), >=, n_drops + 1);
}

static void
test_retry_across_drops (UplinkTestFixture *fixture,
                         gconstpointer      data)
{
  g_autoptr(Outcomes) outcomes = outcomes_new (1000);
  g_autoptr(GPtrArray) texts = NULL;
  guint next = 0;

  send_across_drops (fixture, outcomes, UPLINK_SEND_FLAGS_RETRY);
  for (guint i = 0; i < outcomes->n; i++)
    g_assert_no_error (outcomes->errors[i]);

  /* At least once and in order: a message sent again may repeat what the
   * server already had, never skip ahead. */
  texts = received_texts (fixture->server);
  for (guint i = 0; i < texts->len; i++)
    {
      guint64 number = g_ascii_strtoull (g_ptr_array_index (texts, i), NULL, 10);

      g_assert_cmpuint (number, <=, next);
      if (number == next)
        next++;
    }
  g_assert_cmpuint (next, ==, outcomes->n);
  g_test_message ("%u messages received for %u sent", texts->len, outcomes->n);
}

static void
test_lost_reported (UplinkTestFixture *fixture,
                    gconstpointer      data)
{
  g_autoptr(Outcomes) outcomes = outcomes_new (1000);
  g_autoptr(GPtrArray) texts = NULL;
  g_autofree gboolean *arrived = g_new0 (gboolean, 1000);
  gint64 last = -1;

  send_across_drops (fixture, outcomes, UPLINK_SEND_FLAGS_NONE);

  /* At most once, in order; whatever did not arrive was reported. */
  texts = received_texts (fixture->server);
  for (guint i = 0; i < texts->len; i++)
    {
      gint64 number = (gint64) g_ascii_strtoull (g_ptr_array_index (texts, i), NULL, 10);

      g_assert_cmpint (number, >, last);
      arrived[number] = TRUE;
      last = number;
    }
  for (guint i = 0; i < outcomes->n; i++)
    {
      if (outcomes->errors[i] != NULL)
        g_assert_error (outcomes->errors[i], UPLINK_CONNECTION_ERROR, UPLINK_CONNECTION_ERROR_MAYBE_LOST);
      else
        g_assert_true (arrived[i]);
    }
  g_test_message ("%u of %u reported as maybe lost", count_errors (outcomes, UPLINK_CONNECTION_ERROR,
                                                                   UPLINK_CONNECTION_ERROR_MAYBE_LOST),
                  outcomes->n);
}

static void
assert_received (UplinkTestServer   *server,
                 const char * const *expected)
{
  g_autoptr(GPtrArray) texts = received_texts (server);

  g_ptr_array_add (texts, NULL);
  g_assert_cmpstrv (texts->pdata, expected);
}

static void
test_queue_limit (UplinkTestFixture *fixture,
                  gconstpointer      data)
{
  g_autoptr(Outcomes) outcomes = outcomes_new (25);

  uplink_connection_set_send_queue_limit (fixture->connection, 10);
  for (guint i = 0; i < outcomes->n; i++)
    send_numbered (fixture->connection, outcomes, i, UPLINK_SEND_FLAGS_NONE, NULL);
  g_assert_cmpuint (uplink_connection_get_send_queue_length (fixture->connection), ==, 10);

  uplink_test_start_connected (fixture->connection);
  wait_all_done (outcomes);
  for (guint i = 0; i < 15; i++)
    g_assert_error (outcomes->errors[i], UPLINK_CONNECTION_ERROR, UPLINK_CONNECTION_ERROR_QUEUE_FULL);
  for (guint i = 15; i < outcomes->n; i++)
    g_assert_no_error (outcomes->errors[i]);
  g_assert_cmpuint (uplink_connection_get_send_queue_length (fixture->connection), ==, 0);
  assert_received (fixture->server, (const char *[]) { "15", "16", "17", "18", "19", "20", "21",
                                                       "22", "23", "24", NULL });
}

static void
test_max_age (UplinkTestFixture *fixture,
              gconstpointer      data)
{
  g_autoptr(Outcomes) outcomes = outcomes_new (3);
  gint64 start = g_get_monotonic_time ();

  uplink_connection_set_send_queue_max_age (fixture->connection, 1);
  for (guint i = 0; i < outcomes->n; i++)
    send_numbered (fixture->connection, outcomes, i, UPLINK_SEND_FLAGS_NONE, NULL);

  wait_all_done (outcomes);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, G_TIME_SPAN_SECOND);
  g_assert_cmpuint (count_errors (outcomes, UPLINK_CONNECTION_ERROR, UPLINK_CONNECTION_ERROR_EXPIRED), ==, 3);
  g_assert_cmpuint (uplink_connection_get_send_queue_length (fixture->connection), ==, 0);
}

static void
send_on_disconnected (UplinkConnection *connection,
                      Outcomes         *outcomes)
{
  send_numbered (connection, outcomes, outcomes->n - 1, UPLINK_SEND_FLAGS_NONE, NULL);
}

static void
test_stop (UplinkTestFixture *fixture,
           gconstpointer      data)
{
  g_autoptr(Outcomes) outcomes = outcomes_new (6);

  /* A stopped server keeps the attempt connecting. */
  uplink_test_server_pause (fixture->server);
  uplink_connection_start (fixture->connection);
  for (guint i = 0; i < outcomes->n - 1; i++)
    send_numbered (fixture->connection, outcomes, i, UPLINK_SEND_FLAGS_RETRY, NULL);
  /* One more sent from a callback while stopping. */
  g_signal_connect (fixture->connection, "disconnected", G_CALLBACK (send_on_disconnected), outcomes);
  uplink_connection_stop (fixture->connection);
  g_signal_handlers_disconnect_by_func (fixture->connection, send_on_disconnected, outcomes);
  uplink_test_server_resume (fixture->server);

  g_assert_cmpuint (uplink_connection_get_send_queue_length (fixture->connection), ==, 0);
  wait_all_done (outcomes);
  g_assert_cmpuint (count_errors (outcomes, G_IO_ERROR, G_IO_ERROR_CANCELLED), ==, outcomes->n);
}

static void
test_cancellable (UplinkTestFixture *fixture,
                  gconstpointer      data)
{
  g_autoptr(Outcomes) outcomes = outcomes_new (3);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  send_numbered (fixture->connection, outcomes, 0, UPLINK_SEND_FLAGS_NONE, NULL);
  send_numbered (fixture->connection, outcomes, 1, UPLINK_SEND_FLAGS_NONE, cancellable);
  send_numbered (fixture->connection, outcomes, 2, UPLINK_SEND_FLAGS_NONE, NULL);
  g_cancellable_cancel (cancellable);
  g_assert_true (uplink_test_wait_until ((UplinkTestCondition) g_cancellable_is_cancelled, cancellable,
                                         UPLINK_TEST_TIMEOUT_MS));
  uplink_test_run_for (0);

  uplink_test_start_connected (fixture->connection);
  wait_all_done (outcomes);
  g_assert_no_error (outcomes->errors[0]);
  g_assert_error (outcomes->errors[1], G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_no_error (outcomes->errors[2]);
  assert_received (fixture->server, (const char *[]) { "0", "2", NULL });
}

/* Dropping the connection with messages waiting fails them and leaks
 * nothing: valgrind runs this suite. */
static void
test_finalize_with_queue (UplinkTestFixture *fixture,
                          gconstpointer      data)
{
  g_autoptr(Outcomes) outcomes = outcomes_new (5);

  for (guint i = 0; i < outcomes->n; i++)
    send_numbered (fixture->connection, outcomes, i, UPLINK_SEND_FLAGS_RETRY, NULL);
  g_clear_object (&fixture->connection);

  wait_all_done (outcomes);
  g_assert_cmpuint (count_errors (outcomes, G_IO_ERROR, G_IO_ERROR_CANCELLED), ==, outcomes->n);
  fixture->connection = uplink_test_connection_new (fixture->server->url);
}

static void
on_binary_sent (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autofree Slot *slot = user_data;

  uplink_connection_send_binary_finish (NULL, result, &slot->outcomes->errors[slot->index]);
  slot->outcomes->done++;
}

static void
test_bad_input (UplinkTestFixture *fixture,
                gconstpointer      data)
{
  g_autoptr(Outcomes) outcomes = outcomes_new (5);
  g_autofree char *huge = g_strnfill (256 * 1024, 'x');
  g_autoptr(GBytes) bytes = g_bytes_new_static ("\0\1\2", 3);
  Slot *slot;

  uplink_test_start_connected (fixture->connection);

  slot = g_new0 (Slot, 1);
  *slot = (Slot) { outcomes, 0 };
  uplink_connection_send_text_async (fixture->connection, "", UPLINK_SEND_FLAGS_RETRY, NULL, on_sent, slot);
  slot = g_new0 (Slot, 1);
  *slot = (Slot) { outcomes, 1 };
  uplink_connection_send_text_async (fixture->connection, "\xff\xfe", UPLINK_SEND_FLAGS_RETRY, NULL,
                                     on_sent, slot);
  /* Over the server's limit: that message fails, the next still goes. */
  slot = g_new0 (Slot, 1);
  *slot = (Slot) { outcomes, 2 };
  uplink_connection_send_text_async (fixture->connection, huge, UPLINK_SEND_FLAGS_RETRY, NULL, on_sent, slot);
  send_numbered (fixture->connection, outcomes, 3, UPLINK_SEND_FLAGS_RETRY, NULL);
  slot = g_new0 (Slot, 1);
  *slot = (Slot) { outcomes, 4 };
  uplink_connection_send_binary_async (fixture->connection, bytes, UPLINK_SEND_FLAGS_RETRY, NULL,
                                       on_binary_sent, slot);

  wait_all_done (outcomes);
  g_assert_no_error (outcomes->errors[0]);
  g_assert_error (outcomes->errors[1], G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_error (outcomes->errors[2], UPLINK_CONNECTION_ERROR, UPLINK_CONNECTION_ERROR_PROTOCOL);
  g_assert_no_error (outcomes->errors[3]);
  g_assert_no_error (outcomes->errors[4]);

  g_test_expect_message ("Uplink", G_LOG_LEVEL_CRITICAL, "*text != NULL*");
  uplink_connection_send_text_async (fixture->connection, NULL, UPLINK_SEND_FLAGS_NONE, NULL, NULL, NULL);
  g_test_assert_expected_messages ();
}

static void
send_on_connected (UplinkTestRecorder *recorder,
                   UplinkStatusSource *source,
                   const char         *event,
                   gpointer            data)
{
  if (g_str_equal (event, "connected"))
    send_numbered (UPLINK_CONNECTION (source), data, 1, UPLINK_SEND_FLAGS_NONE, NULL);
}

/* What waited goes out before the connection is announced, so it stays
 * ahead of what a listener sends when it hears of it. */
static void
test_queued_before_connected (UplinkTestFixture *fixture,
                              gconstpointer      data)
{
  g_autoptr(Outcomes) outcomes = outcomes_new (2);
  g_autoptr(UplinkTestRecorder) recorder = uplink_test_recorder_new ("a", NULL);

  uplink_test_recorder_set_hook (recorder, send_on_connected, outcomes);
  uplink_connection_add_listener (fixture->connection, "a", UPLINK_CONNECTION_LISTENER (recorder));
  send_numbered (fixture->connection, outcomes, 0, UPLINK_SEND_FLAGS_NONE, NULL);
  uplink_test_start_connected (fixture->connection);
  wait_all_done (outcomes);
  g_assert_no_error (outcomes->errors[0]);
  g_assert_no_error (outcomes->errors[1]);
  assert_received (fixture->server, (const char *[]) { "0", "1", NULL });
}

/* A million sends while offline: the limit holds, and what is dropped
 * fails as it goes. */
static void
test_million (UplinkTestFixture *fixture,
              gconstpointer      data)
{
  guint n = RUNNING_ON_VALGRIND ? 20000 : 1000000;
  g_autoptr(Outcomes) outcomes = outcomes_new (n);

  for (guint i = 0; i < n; i++)
    {
      send_numbered (fixture->connection, outcomes, i, UPLINK_SEND_FLAGS_NONE, NULL);
      g_assert_cmpuint (uplink_connection_get_send_queue_length (fixture->connection), <=, 1000);
      if (i % 10000 == 0)
        while (g_main_context_iteration (NULL, FALSE));
    }
  g_assert_true (uplink_test_wait_until (all_done, outcomes, 0) || outcomes->done < n);
  uplink_connection_stop (fixture->connection);
  uplink_connection_start (fixture->connection);
  uplink_connection_stop (fixture->connection);
  wait_all_done (outcomes);
  g_assert_cmpuint (count_errors (outcomes, UPLINK_CONNECTION_ERROR, UPLINK_CONNECTION_ERROR_QUEUE_FULL),
                    ==, n - 1000);
  g_assert_cmpuint (count_errors (outcomes, G_IO_ERROR, G_IO_ERROR_CANCELLED), ==, 1000);
}

/* Proof of arrival needs protocol v1 from the upgrade on, before
 * uplink-server's hello could turn it on under auto: the uplink profile. */
static void
fixture_set_up (UplinkTestFixture *fixture,
                gconstpointer      data)
{
  uplink_test_fixture_set_up (fixture, data);
  uplink_connection_set_profile (fixture->connection, UPLINK_PROFILE_UPLINK);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, UplinkTestFixture, NULL, fixture_set_up, func, uplink_test_fixture_tear_down)

  ADD ("/send/retry-across-drops", test_retry_across_drops);
  ADD ("/send/lost-reported", test_lost_reported);
  ADD ("/send/queue-limit", test_queue_limit);
  ADD ("/send/max-age", test_max_age);
  ADD ("/send/stop", test_stop);
  ADD ("/send/cancellable", test_cancellable);
  ADD ("/send/finalize-with-queue", test_finalize_with_queue);
  ADD ("/send/bad-input", test_bad_input);
  ADD ("/send/queued-before-connected", test_queued_before_connected);
  ADD ("/send/million", test_million);

#undef ADD

  return g_test_run ();
}
