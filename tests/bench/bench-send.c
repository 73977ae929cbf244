/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdio.h>

#include <uplink.h>

#include "uplink-test-utils.h"

/*
 * send_text_async(): how soon messages queued while the connection was down
 * are delivered once it is back, and how many messages a second it sends on
 * loopback next to Python websockets' send(). "Delivered" is when the
 * server's answer to the ping after the message proves that it read it.
 */

#define RUNS 7
#define THROUGHPUT_MESSAGES 100000

static guint done;
static guint failed;

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  g_autoptr(GError) error = NULL;

  if (!uplink_connection_send_text_finish (NULL, result, &error))
    failed++;
  done++;
}

static gboolean
all_done (gpointer data)
{
  return done >= GPOINTER_TO_UINT (data);
}

static void
send_many (UplinkConnection *connection,
           guint             count)
{
  for (guint i = 0; i < count; i++)
    {
      char text[64];

      g_snprintf (text, sizeof text, "message %08u from the bench", i);
      uplink_connection_send_text_async (connection, text, UPLINK_SEND_FLAGS_NONE, NULL, on_sent, NULL);
    }
}

static void
wait_all (guint count)
{
  if (!uplink_test_wait_until (all_done, GUINT_TO_POINTER (count), 120 * 1000))
    g_error ("only %u of %u messages were done", done, count);
  if (failed > 0)
    g_error ("%u messages failed", failed);
}

static void
on_connected (UplinkConnection *connection,
              gint64           *connected_at)
{
  *connected_at = g_get_monotonic_time ();
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* "median (min–max)" */
static char *
summary (double *values,
         guint   n,
         int     decimals)
{
  qsort (values, n, sizeof *values, compare_doubles);
  return g_strdup_printf ("%.*f (%.*f–%.*f)", decimals, values[n / 2],
                          decimals, values[0], decimals, values[n - 1]);
}

/* The connection is cut, messages queue up, and it comes back: from the
 * moment it is connected again to the last message delivered. */
static char *
queued_latency (UplinkTestServer *server,
                guint             count)
{
  double ms[RUNS];

  for (guint run = 0; run < RUNS; run++)
    {
      g_autoptr(UplinkConnection) connection = uplink_test_connection_new (server->url);
      gint64 connected_at = 0;

      uplink_test_start_connected (connection);
      g_free (uplink_test_server_control (server, "/control/abort", ""));
      if (!uplink_test_wait_for_state (connection, UPLINK_STATE_DISCONNECTED, UPLINK_TEST_TIMEOUT_MS))
        g_error ("the drop was not noticed");

      done = failed = 0;
      send_many (connection, count);
      g_signal_connect (connection, "connected", G_CALLBACK (on_connected), &connected_at);
      wait_all (count);
      ms[run] = (g_get_monotonic_time () - connected_at) / 1000.0;
      uplink_connection_stop (connection);
    }
  return summary (ms, RUNS, 2);
}

static char *
uplink_throughput (UplinkTestServer *server)
{
  double rates[RUNS];

  for (guint run = 0; run < RUNS; run++)
    {
      g_autoptr(UplinkConnection) connection = uplink_test_connection_new (server->url);
      gint64 start;

      uplink_test_start_connected (connection);
      done = failed = 0;
      start = g_get_monotonic_time ();
      send_many (connection, THROUGHPUT_MESSAGES);
      wait_all (THROUGHPUT_MESSAGES);
      rates[run] = THROUGHPUT_MESSAGES / ((g_get_monotonic_time () - start) / 1e6);
      uplink_connection_stop (connection);
    }
  return summary (rates, RUNS, 0);
}

static char *
python_throughput (UplinkTestServer *server)
{
  g_autofree char *script = g_build_filename (g_getenv ("UPLINK_BENCH_DIR"), "peer-python-send.py", NULL);
  g_autofree char *count = g_strdup_printf ("%u", THROUGHPUT_MESSAGES);
  double rates[RUNS];

  for (guint run = 0; run < RUNS; run++)
    {
      const char *argv[] = { "/usr/bin/python3", script, server->url, count, NULL };
      g_autofree char *out = NULL;
      g_autoptr(GError) error = NULL;
      int status;

      if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL,
                         &status, &error) ||
          !g_spawn_check_wait_status (status, &error))
        g_error ("Python websockets: %s", error->message);
      rates[run] = THROUGHPUT_MESSAGES / g_ascii_strtod (out, NULL);
    }
  return summary (rates, RUNS, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *one = NULL, *thousand = NULL, *uplink = NULL, *python = NULL;

  {
    g_autoptr(UplinkTestServer) server = uplink_test_server_new ();

    one = queued_latency (server, 1);
    thousand = queued_latency (server, 1000);
  }
  {
    /* Fresh servers: each records at most 100000 messages. */
    g_autoptr(UplinkTestServer) server = uplink_test_server_new ();

    uplink = uplink_throughput (server);
  }
  {
    g_autoptr(UplinkTestServer) server = uplink_test_server_new ();

    python = python_throughput (server);
  }

  printf ("Queued while the connection was down; from connected again to the last one delivered "
          "(confirmed by the server's pong), %u runs:\n\n", RUNS);
  printf ("| messages queued | ms |\n| ---: | ---: |\n");
  printf ("| 1 | %s |\n| 1000 | %s |\n\n", one, thousand);
  printf ("Throughput on loopback, %u messages of 29 bytes, until the server has read them all "
          "(a ping's pong), %u runs:\n\n", THROUGHPUT_MESSAGES, RUNS);
  printf ("| client | messages/s |\n| --- | ---: |\n");
  printf ("| Uplink `send_text_async()` | %s |\n| Python websockets `await send()` | %s |\n",
          uplink, python);
  return 0;
}
