/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Loopback timings against uplink-server: start() until connected, and the
 * server's close until disconnected. Prints a Markdown table.
 */
#include "config.h"

#include <stdio.h>

#include "uplink-test-utils.h"

#define RUNS 25

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static void
print_row (const char *what,
           GArray     *samples_us)
{
  g_array_sort (samples_us, compare_gint64);
  printf ("| %s | %.2f | %.2f | %.2f | %u |\n", what,
           g_array_index (samples_us, gint64, samples_us->len / 2) / 1000.0,
           g_array_index (samples_us, gint64, 0) / 1000.0,
           g_array_index (samples_us, gint64, samples_us->len - 1) / 1000.0,
           samples_us->len);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(UplinkTestServer) server = uplink_test_server_new ();
  g_autoptr(GArray) connect_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) close_us = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < RUNS; i++)
    {
      g_autoptr(UplinkConnection) connection = uplink_test_connection_new (server->url);
      gint64 start, elapsed;

      start = g_get_monotonic_time ();
      uplink_connection_start (connection);
      if (!uplink_test_wait_for_state (connection, UPLINK_STATE_CONNECTED, UPLINK_TEST_TIMEOUT_MS))
        g_error ("run %u did not connect", i);
      elapsed = g_get_monotonic_time () - start;
      g_array_append_val (connect_us, elapsed);

      start = g_get_monotonic_time ();
      g_free (uplink_test_server_control (server, "/control/drop?code=1000", ""));
      if (!uplink_test_wait_for_state (connection, UPLINK_STATE_DISCONNECTED, UPLINK_TEST_TIMEOUT_MS))
        g_error ("run %u did not see the close", i);
      elapsed = g_get_monotonic_time () - start;
      g_array_append_val (close_us, elapsed);

      uplink_connection_stop (connection);
    }

  printf ("| loopback | median ms | min ms | max ms | runs |\n");
  printf ("| --- | ---: | ---: | ---: | ---: |\n");
  print_row ("start() → connected", connect_us);
  print_row ("server close (1000) → disconnected, control request included", close_us);
  return 0;
}
