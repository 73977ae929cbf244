/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Cost of a state change as embedders see it: the server flaps between
 * throttled and connected, and every change reaches ten listeners and a
 * handler on each signal. Prints a Markdown table.
 */
#include "config.h"

#include <stdio.h>

#include "uplink-test-utils.h"

#define LISTENERS 10
#define PAIRS 50000

static guint changes;

static void
count_change (UplinkTestRecorder *recorder,
              UplinkStatusSource *source,
              const char         *event,
              gpointer            data)
{
  guint *calls = data;

  (*calls)++;
}

static void
on_signal (UplinkConnection *connection,
           gpointer          data)
{
  changes++;
}

static gboolean
all_arrived (gpointer data)
{
  return changes >= 2 * PAIRS;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(UplinkTestServer) server = uplink_test_server_new ();
  g_autoptr(UplinkConnection) connection = uplink_test_connection_new (server->url);
  g_autofree char *path = g_strdup_printf ("/control/flap?count=%u", PAIRS);
  guint listener_calls = 0;
  gint64 start, elapsed;

  uplink_connection_start (connection);
  if (!uplink_test_wait_for_state (connection, UPLINK_STATE_CONNECTED, UPLINK_TEST_TIMEOUT_MS))
    g_error ("did not connect");

  for (guint i = 0; i < LISTENERS; i++)
    {
      g_autofree char *id = g_strdup_printf ("listener-%u", i);
      g_autoptr(UplinkTestRecorder) recorder = uplink_test_recorder_new (id, NULL);

      uplink_test_recorder_set_hook (recorder, count_change, &listener_calls);
      uplink_connection_add_listener (connection, id, UPLINK_CONNECTION_LISTENER (recorder));
    }
  g_signal_connect (connection, "connected", G_CALLBACK (on_signal), NULL);
  g_signal_connect (connection, "feature-throttled", G_CALLBACK (on_signal), NULL);

  start = g_get_monotonic_time ();
  g_free (uplink_test_server_control (server, path, ""));
  if (!uplink_test_wait_until (all_arrived, NULL, 120 * 1000))
    g_error ("only %u of %u changes arrived", changes, 2 * PAIRS);
  elapsed = g_get_monotonic_time () - start;

  printf ("| dispatch | changes | listeners | listener calls | total ms | µs per change |\n");
  printf ("| --- | ---: | ---: | ---: | ---: | ---: |\n");
  printf ("| frame received, parsed, state changed, signals and listeners | %u | %u | %u | %.1f | %.2f |\n",
           changes, LISTENERS, listener_calls, elapsed / 1000.0, (double) elapsed / changes);
  return 0;
}
