/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <uplink.h>

#include "uplink-test-utils.h"

#define TIMEOUT_MS 5000

static void
count_tick (guint *ticks)
{
  (*ticks)++;
}

static gboolean
ticked_twice (gpointer data)
{
  return *(guint *) data >= 2;
}

/* One clock for the process; it ticks while held, and holds nest. */
static void
test_clock_hold_release (void)
{
  UplinkClock *clock = uplink_clock_get_default ();
  guint ticks = 0;
  gulong handler;

  g_assert_true (uplink_clock_get_default () == clock);
  g_assert_false (uplink_clock_get_running (clock));

  handler = g_signal_connect_swapped (clock, "tick", G_CALLBACK (count_tick), &ticks);
  uplink_clock_hold (clock);
  uplink_clock_hold (clock);
  g_assert_true (uplink_clock_get_running (clock));
  g_assert_true (uplink_test_wait_until (ticked_twice, &ticks, TIMEOUT_MS));

  uplink_clock_release (clock);
  g_assert_true (uplink_clock_get_running (clock));
  uplink_clock_release (clock);
  g_assert_false (uplink_clock_get_running (clock));

  /* Stopped: no source left that could tick. */
  ticks = 0;
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (ticks, ==, 0);
  g_signal_handler_disconnect (clock, handler);
}

static void
test_clock_release_unheld (void)
{
  if (g_test_subprocess ())
    {
      uplink_clock_release (uplink_clock_get_default ());
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*holds > 0*");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/clock/hold-release", test_clock_hold_release);
  g_test_add_func ("/clock/release-unheld", test_clock_release_unheld);

  return g_test_run ();
}
