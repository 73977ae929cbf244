/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "uplink-test-utils.h"

/* Soak: thousands of connect/drop cycles in one process against one
 * uplink-server, ending the connection each of the four ways it can end.
 * A leak of one fd or a few hundred bytes per cycle is invisible in the
 * other tests and fatal to a desktop indicator that runs for weeks; here it
 * multiplies into something the before/after figures show. */

#define SOAK_CYCLES 10000
#define FRESH_CYCLES 1000
/* Long enough for lazily built state (GTypes, the resolver's and TLS
 * backend's caches, the allocator's arenas) to settle, so what grows after
 * it is growth per cycle. */
#define WARM_UP_CYCLES 200

/* Fds may differ by a couple for sockets the main loop has not reaped yet
 * (the last close still in flight), never by one per cycle. */
#define FD_SLACK 2
/* 2 MiB: glibc keeps freed memory in its arenas and returns it late, so
 * RSS wobbles by a few hundred KiB with no leak at all; a leak of even
 * 256 bytes a cycle comes to 2.4 MiB over 9 800 cycles and fails. */
#define RSS_SLACK_KIB 2048

typedef enum
{
  END_SERVER_DROP,
  END_SERVER_ABORT,
  END_CLIENT_RESTART,
  END_RECONNECT_NOW,
  N_ENDS
} End;

typedef struct
{
  guint fds;
  guint rss_kib;
} Usage;

static guint
count_fds (void)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  guint count = 0;

  dir = g_dir_open ("/proc/self/fd", 0, &error);
  g_assert_no_error (error);
  while (g_dir_read_name (dir) != NULL)
    count++;
  /* Not counting the fd the listing itself holds open. */
  return count - 1;
}

static guint
read_rss_kib (void)
{
  g_autofree char *status = NULL;
  g_autoptr(GError) error = NULL;
  const char *line;
  guint kib = 0;

  g_file_get_contents ("/proc/self/status", &status, NULL, &error);
  g_assert_no_error (error);
  line = strstr (status, "\nVmRSS:");
  g_assert_nonnull (line);
  g_assert_cmpint (sscanf (line, "\nVmRSS: %u kB", &kib), ==, 1);
  return kib;
}

static Usage
measure (void)
{
  /* Let closes and finalisations queued on idle sources run first, so the
   * figures are of a quiet process and not of one mid-teardown. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  return (Usage) { count_fds (), read_rss_kib () };
}

static void
count_connected (UplinkConnection *connection G_GNUC_UNUSED,
                 guint            *connected)
{
  (*connected)++;
}

typedef struct
{
  guint *counter;
  guint target;
} CountWait;

static gboolean
count_reached (gpointer data)
{
  CountWait *wait = data;

  return *wait->counter >= wait->target;
}

/* Waits for the connection's next "connected" signal: waiting on the state
 * alone would return at once, since a drop and the reconnect after it may
 * both happen within one main-loop iteration. */
static void
wait_connected_again (UplinkConnection *connection,
                      guint            *connected,
                      guint             before,
                      guint             cycle)
{
  CountWait wait = { connected, before + 1 };

  if (!uplink_test_wait_until (count_reached, &wait, UPLINK_TEST_TIMEOUT_MS))
    g_error ("cycle %u: not connected again within %u ms (state %s)",
             cycle, UPLINK_TEST_TIMEOUT_MS, uplink_connection_get_status (connection));
  g_assert_cmpint (uplink_connection_get_state (connection), ==, UPLINK_STATE_CONNECTED);
}

/* Ends the connection the way @cycle picks and waits until it is back. */
static void
run_cycle (UplinkTestServer *server,
           UplinkConnection *connection,
           guint            *connected,
           guint             cycle)
{
  guint before = *connected;
  g_autofree char *answer = NULL;

  switch ((End) (cycle % N_ENDS))
    {
    case END_SERVER_DROP:
      answer = uplink_test_server_control (server, "/control/drop?code=1001", "");
      break;

    case END_SERVER_ABORT:
      answer = uplink_test_server_control (server, "/control/abort", "");
      break;

    case END_CLIENT_RESTART:
      uplink_connection_stop (connection);
      g_assert_cmpint (uplink_connection_get_state (connection), ==, UPLINK_STATE_DISCONNECTED);
      uplink_connection_start (connection);
      break;

    case END_RECONNECT_NOW:
      uplink_connection_reconnect_now (connection);
      break;

    case N_ENDS:
    default:
      g_assert_not_reached ();
    }

  /* A server-side end that reached no client would leave the wait below
   * to time out with a less telling message. */
  if (answer != NULL)
    g_assert_cmpstr (answer, ==, "{\"clients\":1}");

  wait_connected_again (connection, connected, before, cycle);
}

/* 1 ms / 5 ms instead of the helpers' 50 / 200: the soak is about leaks,
 * not about back-off, and 10 000 waits of 50 ms would be most of its time. */
static UplinkConnection *
soak_connection_new (UplinkTestServer *server,
                     guint            *connected)
{
  UplinkConnection *connection = uplink_connection_new (server->url);

  uplink_connection_set_backoff_initial (connection, 1);
  uplink_connection_set_backoff_max (connection, 5);
  g_signal_connect (connection, "connected", G_CALLBACK (count_connected), connected);
  return connection;
}

static void
report (const char *name,
        guint       cycles,
        Usage       before,
        Usage       after,
        gdouble     seconds)
{
  g_autofree char *line =
    g_strdup_printf ("soak: %s cycles=%u fds %u -> %u rss %u -> %u KiB (%+d KiB) time %.1f s",
                     name, cycles, before.fds, after.fds, before.rss_kib, after.rss_kib,
                     (int) after.rss_kib - (int) before.rss_kib, seconds);

  g_test_message ("%s", line);
  /* A plain TAP comment too, so the figures stand in the log whatever
   * verbosity the harness runs GTest with. */
  g_print ("# %s\n", line);
}

static void
assert_flat (Usage before,
             Usage after)
{
  g_assert_cmpint ((int) after.fds, >=, (int) before.fds - FD_SLACK);
  g_assert_cmpint ((int) after.fds, <=, (int) before.fds + FD_SLACK);
  g_assert_cmpint ((int) after.rss_kib - (int) before.rss_kib, <=, RSS_SLACK_KIB);
}

static guint
cycles_from_env (guint fallback)
{
  const char *value = g_getenv ("UPLINK_SOAK_CYCLES");

  /* A way to run a short soak by hand when changing this file; the suite
   * itself runs the full count. */
  if (value == NULL)
    return fallback;
  return MAX ((guint) g_ascii_strtoull (value, NULL, 10), WARM_UP_CYCLES + N_ENDS);
}

/* One object across all cycles: catches what a connection leaks per
 * attempt (sockets, messages, sources, cancellables). */
static void
test_one_connection (void)
{
  g_autoptr(UplinkTestServer) server = uplink_test_server_new ();
  g_autoptr(UplinkConnection) connection = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  guint cycles = cycles_from_env (SOAK_CYCLES);
  guint connected = 0;
  Usage before = { 0, 0 };
  Usage after;

  connection = soak_connection_new (server, &connected);
  uplink_test_start_connected (connection);

  for (guint cycle = 0; cycle < cycles; cycle++)
    {
      if (cycle == WARM_UP_CYCLES)
        before = measure ();
      run_cycle (server, connection, &connected, cycle);
    }
  after = measure ();

  report ("one-connection", cycles, before, after, g_timer_elapsed (timer, NULL));
  /* Each cycle must have been a real new WebSocket, not a state flicker
   * over the same socket: one handshake for the start, one per cycle. */
  g_assert_cmpuint (uplink_test_server_stat (server, "handshakes"), ==, cycles + 1);
  uplink_connection_stop (connection);
  assert_flat (before, after);
}

/* A new object per cycle: catches what a connection leaks per object
 * (references held by sources or signal handlers, listeners, the session)
 * that one long-lived object would hide. */
static void
test_fresh_connections (void)
{
  g_autoptr(UplinkTestServer) server = uplink_test_server_new ();
  g_autoptr(GTimer) timer = g_timer_new ();
  guint cycles = cycles_from_env (SOAK_CYCLES) / 10;
  Usage before = { 0, 0 };
  Usage after;

  cycles = MAX (MIN (cycles, FRESH_CYCLES), WARM_UP_CYCLES + N_ENDS);
  for (guint cycle = 0; cycle < cycles; cycle++)
    {
      g_autoptr(UplinkConnection) connection = NULL;
      guint connected = 0;

      if (cycle == WARM_UP_CYCLES)
        before = measure ();

      connection = soak_connection_new (server, &connected);
      uplink_test_start_connected (connection);
      run_cycle (server, connection, &connected, cycle);
      uplink_connection_stop (connection);
      /* Dropping the last reference must end everything it started; a
       * weak pointer proves no source or handler kept it alive. */
      g_object_add_weak_pointer (G_OBJECT (connection), (gpointer *) &connection);
      g_object_unref (connection);
      g_assert_null (connection);
    }
  after = measure ();

  report ("fresh-connections", cycles, before, after, g_timer_elapsed (timer, NULL));
  assert_flat (before, after);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/soak/one-connection", test_one_connection);
  g_test_add_func ("/soak/fresh-connections", test_fresh_connections);

  return g_test_run ();
}
