/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Reconnect storm: a thousand connections in one process lose their
 * server (SIGKILL), which comes back on the same port two seconds later.
 * Counts the handshakes the new server sees per 100 ms, with the back-off's
 * jitter on and off, RUNS times each, and prints Markdown tables: the
 * histogram of each mode's first run and a summary of all runs.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include <json-glib/json-glib.h>

#include "uplink-test-utils.h"

#define N_CLIENTS        1000
#define RUNS             5
#define BACKOFF_MAX_MS   5000
#define DOWN_MS          2000
#define BUCKET_MS        100
#define GIVE_UP_MS       60000
#define CONNECT_ALL_MS   60000
#define GOAL_PEAK_PCT    10
#define BAR_WIDTH        50

typedef struct
{
  GSubprocess *process;
  GDataInputStream *stdout_lines;
  char *first_line;
  gint64 listening_us;
  char *url;
  guint port;
} StormServer;

typedef struct
{
  const char *mode;
  gboolean jitter;
  GArray *buckets;          /* guint handshakes per BUCKET_MS since restart */
  guint peak;
  guint peak_at_ms;
  guint total;
  gint64 all_back_ms;       /* -1: not all back within GIVE_UP_MS */
  gint64 latest_sample_ms;
  guint before_zero;        /* handshakes before the zero */
} StormResult;

typedef struct
{
  gint64 at_us;             /* since the restart */
  guint handshakes;         /* cumulative */
} Sample;

typedef struct
{
  char *stats_url;
  gint64 start_us;
  gint stop;                /* atomic */
  GArray *samples;          /* Sample, one per tick */
  gint64 latest_us;         /* the latest a sample came after its tick */
} Poller;

typedef struct
{
  GPtrArray *connections;
  gint64 last_connected_us;
} Clients;

/* One fd per client socket here, and as many in the server, which
 * inherits the limit; the usual soft limit of 1024 is too low for both. */
static void
raise_fd_limit (void)
{
  struct rlimit limit;

  if (getrlimit (RLIMIT_NOFILE, &limit) != 0)
    g_error ("getrlimit: %s", g_strerror (errno));
  limit.rlim_cur = limit.rlim_max;
  if (setrlimit (RLIMIT_NOFILE, &limit) != 0)
    g_error ("setrlimit: %s", g_strerror (errno));
  if (limit.rlim_cur < 2 * N_CLIENTS + 64)
    g_error ("RLIMIT_NOFILE hard limit %lu is too low for %d clients",
             (unsigned long) limit.rlim_max, N_CLIENTS);
}

static void
die_with_parent (G_GNUC_UNUSED gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static void
on_first_line (GObject      *stream,
               GAsyncResult *result,
               gpointer      data)
{
  StormServer *server = data;
  g_autoptr(GError) error = NULL;

  server->first_line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (stream), result,
                                                                  NULL, &error);
  server->listening_us = g_get_monotonic_time ();
  if (server->first_line == NULL)
    g_error ("uplink-server did not start: %s", error != NULL ? error->message : "no output");
}

static gboolean
has_first_line (gpointer data)
{
  return ((StormServer *) data)->first_line != NULL;
}

/* Starts uplink-server on @port (0: any free one). The test utilities only
 * spawn on port 0, and a restart must come back on the same port for the
 * clients to find it.
 *
 * The main loop keeps turning while the server starts: a loop blocked on
 * its "listening on" line would hold back every client whose retry falls
 * due meanwhile, then release them together into the first 100 ms, a
 * spike that grows with the time the server takes to start (longer with
 * another process busy beside it). The restart's zero is when the line
 * arrives, that is within a loop iteration of the server listening. */
static StormServer *
storm_server_new (guint port)
{
  StormServer *server = g_new0 (StormServer, 1);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *port_arg = g_strdup_printf ("%u", port);
  const char *server_path = g_getenv ("UPLINK_SERVER");
  const char *prefix = "listening on ";

  if (server_path == NULL)
    g_error ("UPLINK_SERVER must name the uplink-server binary");

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  server->process = g_subprocess_launcher_spawn (launcher, &error, server_path,
                                                 "--port", port_arg, NULL);
  if (server->process == NULL)
    g_error ("cannot start %s: %s", server_path, error->message);

  /* Kept open: closing it would hand the server a SIGPIPE on its next line. */
  server->stdout_lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  g_data_input_stream_read_line_async (server->stdout_lines, G_PRIORITY_DEFAULT, NULL,
                                       on_first_line, server);
  if (!uplink_test_wait_until (has_first_line, server, CONNECT_ALL_MS))
    g_error ("uplink-server --port %u did not start within %d ms", port, CONNECT_ALL_MS);
  if (!g_str_has_prefix (server->first_line, prefix))
    g_error ("uplink-server --port %u did not start: %s", port, server->first_line);

  server->url = g_strdup (server->first_line + strlen (prefix));
  uri = g_uri_parse (server->url, G_URI_FLAGS_NONE, &error);
  if (uri == NULL)
    g_error ("bad server URL %s: %s", server->url, error->message);
  server->port = (guint) g_uri_get_port (uri);
  return server;
}

static void
storm_server_kill (StormServer *server)
{
  g_subprocess_force_exit (server->process);
  g_subprocess_wait (server->process, NULL, NULL);
}

static void
storm_server_free (StormServer *server)
{
  if (g_subprocess_get_identifier (server->process) != NULL)
    {
      g_subprocess_send_signal (server->process, SIGTERM);
      g_subprocess_wait (server->process, NULL, NULL);
    }
  g_object_unref (server->stdout_lines);
  g_object_unref (server->process);
  g_free (server->first_line);
  g_free (server->url);
  g_free (server);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StormServer, storm_server_free)

static guint
read_handshakes (SoupSession *session,
                 const char  *stats_url)
{
  g_autoptr(SoupMessage) message = soup_message_new ("GET", stats_url);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  answer = soup_session_send_and_read (session, message, NULL, &error);
  if (answer == NULL || soup_message_get_status (message) != SOUP_STATUS_OK)
    g_error ("GET %s failed: %s", stats_url, error != NULL ? error->message : "bad status");
  if (!json_parser_load_from_data (parser, g_bytes_get_data (answer, NULL),
                                   (gssize) g_bytes_get_size (answer), &error))
    g_error ("bad stats: %s", error->message);
  root = json_parser_get_root (parser);
  return (guint) json_object_get_int_member (json_node_get_object (root), "handshakes");
}

/* Polls on its own thread with its own blocking session, so a main loop
 * busy with a thousand handshakes cannot delay or merge the ticks. On a
 * busy machine a tick can still come late, by up to 200 ms beside a CPU
 * hog: each sample keeps the time it was taken (the middle of its
 * request), and the bins are cut at their true edges. The first sample
 * is taken at once: the server may have answered a few handshakes
 * between listening and the bench reading its line, which belong to no
 * bin after the zero. */
static gpointer
poll_stats (gpointer data)
{
  Poller *poller = data;
  g_autoptr(SoupSession) session = soup_session_new ();

  for (guint tick = 0; tick * BUCKET_MS <= GIVE_UP_MS; tick++)
    {
      gint64 due = poller->start_us + (gint64) tick * BUCKET_MS * 1000;
      gint64 now = g_get_monotonic_time ();
      gboolean last = g_atomic_int_get (&poller->stop);
      Sample sample;

      if (due > now)
        g_usleep ((gulong) (due - now));
      now = g_get_monotonic_time ();
      sample.handshakes = read_handshakes (session, poller->stats_url);
      sample.at_us = (now + g_get_monotonic_time ()) / 2 - poller->start_us;
      poller->latest_us = MAX (poller->latest_us, now - due);
      g_array_append_val (poller->samples, sample);

      /* The sample after the stop holds the last client's handshake. */
      if (last)
        break;
    }
  return NULL;
}

static void
on_connected (G_GNUC_UNUSED UplinkConnection *connection,
              Clients                        *clients)
{
  clients->last_connected_us = g_get_monotonic_time ();
}

static void
clients_start (Clients    *clients,
               const char *url,
               gboolean    jitter)
{
  clients->connections = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < N_CLIENTS; i++)
    {
      UplinkConnection *connection = uplink_connection_new (url);

      uplink_connection_set_backoff_max (connection, BACKOFF_MAX_MS);
      uplink_connection_set_backoff_jitter (connection, jitter);
      g_signal_connect (connection, "connected", G_CALLBACK (on_connected), clients);
      g_ptr_array_add (clients->connections, connection);
      uplink_connection_start (connection);
    }
}

static void
clients_stop (Clients *clients)
{
  for (guint i = 0; i < clients->connections->len; i++)
    uplink_connection_stop (g_ptr_array_index (clients->connections, i));
  g_clear_pointer (&clients->connections, g_ptr_array_unref);
}

static gboolean
all_connected (gpointer data)
{
  Clients *clients = data;

  for (guint i = 0; i < clients->connections->len; i++)
    if (uplink_connection_get_state (g_ptr_array_index (clients->connections, i)) !=
        UPLINK_STATE_CONNECTED)
      return FALSE;
  return TRUE;
}

/* The handshakes seen by @at_us, between the samples around it. Samples
 * come in order, the first just after the zero. */
static double
handshakes_by (GArray *samples,
               gint64  at_us)
{
  if (at_us <= g_array_index (samples, Sample, 0).at_us)
    return g_array_index (samples, Sample, 0).handshakes;

  for (guint i = 1; i < samples->len; i++)
    {
      const Sample *before = &g_array_index (samples, Sample, i - 1);
      const Sample *after = &g_array_index (samples, Sample, i);

      if (at_us <= after->at_us)
        return before->handshakes + (double) (after->handshakes - before->handshakes) *
                                    (at_us - before->at_us) / (after->at_us - before->at_us);
    }
  return g_array_index (samples, Sample, samples->len - 1).handshakes;
}

static void
result_from_samples (StormResult *result,
                     GArray      *samples)
{
  gint64 end_us = g_array_index (samples, Sample, samples->len - 1).at_us;

  result->buckets = g_array_new (FALSE, TRUE, sizeof (guint));
  for (guint i = 0; (gint64) i * BUCKET_MS * 1000 < end_us; i++)
    {
      gint64 start_us = (gint64) i * BUCKET_MS * 1000;
      guint in_bucket = (guint) (handshakes_by (samples, start_us + BUCKET_MS * 1000) -
                                 handshakes_by (samples, start_us) + 0.5);

      g_array_append_val (result->buckets, in_bucket);
      if (in_bucket > result->peak)
        {
          result->peak = in_bucket;
          result->peak_at_ms = i * BUCKET_MS;
        }
    }
  result->total = g_array_index (samples, Sample, samples->len - 1).handshakes;
  result->before_zero = g_array_index (samples, Sample, 0).handshakes;
}

/* Connects everyone, kills the server, restarts it on the same port and
 * measures the way back. */
static void
run_storm (StormResult *result,
           gboolean     jitter)
{
  g_autoptr(StormServer) server = storm_server_new (0);
  g_autoptr(StormServer) restarted = NULL;
  g_autoptr(GArray) samples = g_array_new (FALSE, TRUE, sizeof (Sample));
  g_autofree char *stats_url = NULL;
  Clients clients = { NULL, 0 };
  Poller poller = { NULL, 0, 0, samples, 0 };
  GThread *thread;
  gint64 restart_us;

  clients_start (&clients, server->url, jitter);
  /* Each session that came up reset its client's back-off: every client
   * meets the outage from the first step. */
  if (!uplink_test_wait_until (all_connected, &clients, CONNECT_ALL_MS))
    g_error ("%s: not all %d clients connected within %d ms", result->mode, N_CLIENTS, CONNECT_ALL_MS);

  storm_server_kill (server);
  uplink_test_run_for (DOWN_MS);

  restarted = storm_server_new (server->port);
  restart_us = restarted->listening_us;
  stats_url = g_strdup_printf ("http://127.0.0.1:%u/control/stats", restarted->port);
  poller.stats_url = stats_url;
  poller.start_us = restart_us;
  thread = g_thread_new ("storm-poller", poll_stats, &poller);

  if (uplink_test_wait_until (all_connected, &clients, GIVE_UP_MS))
    result->all_back_ms = (clients.last_connected_us - restart_us) / 1000;
  else
    result->all_back_ms = -1;
  g_atomic_int_set (&poller.stop, TRUE);
  g_thread_join (thread);

  result_from_samples (result, samples);
  result->latest_sample_ms = poller.latest_us / 1000;
  clients_stop (&clients);
}

static void
print_bar (guint count,
           guint per_char)
{
  guint chars = (count + per_char - 1) / per_char;

  for (guint i = 0; i < chars; i++)
    printf ("█");
}

static void
print_histogram (const StormResult *result)
{
  guint per_char = MAX (1, (result->peak + BAR_WIDTH - 1) / BAR_WIDTH);

  printf ("### %s\n\n", result->mode);
  printf ("Handshakes at the restarted server per %d ms; each █ is up to %u.\n\n",
          BUCKET_MS, per_char);
  printf ("| ms since restart | handshakes | |\n");
  printf ("| ---: | ---: | :--- |\n");
  for (guint i = 0; i < result->buckets->len; i++)
    {
      guint count = g_array_index (result->buckets, guint, i);

      printf ("| %u–%u | %u | ", i * BUCKET_MS, (i + 1) * BUCKET_MS, count);
      print_bar (count, per_char);
      printf (" |\n");
    }
  printf ("\n");
}

static gboolean
goal_met (const StormResult *result)
{
  return result->peak * 100 <= N_CLIENTS * GOAL_PEAK_PCT &&
         result->all_back_ms >= 0 &&
         result->all_back_ms <= BACKOFF_MAX_MS + DOWN_MS;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static char *
format_value (double value,
              int    decimals)
{
  if (value == G_MAXDOUBLE)
    return g_strdup_printf ("> %d", GIVE_UP_MS);

  return g_strdup_printf ("%.*f", decimals, value);
}

/* "median (min–max)" of @values, which it sorts; a negative value stands
 * for "not within GIVE_UP_MS" and sorts last. */
static char *
format_spread (double *values,
               guint   n_values,
               int     decimals)
{
  g_autofree char *median = NULL;
  g_autofree char *low = NULL;
  g_autofree char *high = NULL;

  for (guint i = 0; i < n_values; i++)
    if (values[i] < 0)
      values[i] = G_MAXDOUBLE;
  qsort (values, n_values, sizeof (double), compare_double);

  median = format_value (values[n_values / 2], decimals);
  low = format_value (values[0], decimals);
  high = format_value (values[n_values - 1], decimals);
  return g_strdup_printf ("%s (%s–%s)", median, low, high);
}

/* One row per mode, over its RUNS runs; the goal must hold in every run. */
static void
print_summary_row (const StormResult *runs)
{
  double peak_pct[RUNS], peak_at[RUNS], all_back[RUNS];
  g_autofree char *peak_text = NULL;
  g_autofree char *peak_at_text = NULL;
  g_autofree char *all_back_text = NULL;
  gboolean met = TRUE;

  for (guint i = 0; i < RUNS; i++)
    {
      peak_pct[i] = 100.0 * runs[i].peak / N_CLIENTS;
      peak_at[i] = runs[i].peak_at_ms;
      all_back[i] = runs[i].all_back_ms;
      met = met && goal_met (&runs[i]);
    }

  peak_text = format_spread (peak_pct, RUNS, 1);
  peak_at_text = format_spread (peak_at, RUNS, 0);
  all_back_text = format_spread (all_back, RUNS, 0);
  printf ("| %s | %s | %s | %s | %s |\n", runs[0].mode, peak_text, peak_at_text,
          all_back_text, met ? "met" : "missed");
}

static void
print_summary_header (void)
{
  printf ("### Summary\n\n");
  printf ("Median (min–max) of %d runs per mode.\n\n", RUNS);
  printf ("| mode | peak handshakes per %d ms, %% of clients | peak at ms | "
          "all back after ms | goal in every run (peak ≤ %d %%, all back ≤ %d ms) |\n",
          BUCKET_MS, GOAL_PEAK_PCT, BACKOFF_MAX_MS + DOWN_MS);
  printf ("| --- | ---: | ---: | ---: | --- |\n");
}

static gint64
latest_sample_ms (const StormResult *on,
                  const StormResult *off)
{
  gint64 latest = 0;

  for (guint i = 0; i < RUNS; i++)
    latest = MAX (latest, MAX (on[i].latest_sample_ms, off[i].latest_sample_ms));
  return latest;
}

static guint
most_before_zero (const StormResult *on,
                  const StormResult *off)
{
  guint most = 0;

  for (guint i = 0; i < RUNS; i++)
    most = MAX (most, MAX (on[i].before_zero, off[i].before_zero));
  return most;
}

/* Runs @runs[0].mode RUNS times, each with fresh connections and a fresh
 * server; prints the first run's histogram. */
static void
run_mode (StormResult *runs)
{
  for (guint i = 0; i < RUNS; i++)
    {
      runs[i].mode = runs[0].mode;
      runs[i].jitter = runs[0].jitter;
      run_storm (&runs[i], runs[i].jitter);
    }

  print_histogram (&runs[0]);
  fflush (stdout);
}

int
main (void)
{
  StormResult jitter_on[RUNS] = { { .mode = "jitter on (default)", .jitter = TRUE } };
  StormResult jitter_off[RUNS] = { { .mode = "jitter off (test-only knob)", .jitter = FALSE } };

  raise_fd_limit ();

  printf ("%d connections in one process; backoff-initial 1000 ms (default), "
          "backoff-max %d ms (default 30000, shortened so the run is short). "
          "The server is killed with SIGKILL once all are connected and started "
          "again on the same port %d ms later. Each run has fresh connections "
          "and a fresh server; each mode runs %d times.\n\n",
          N_CLIENTS, BACKOFF_MAX_MS, DOWN_MS, RUNS);
  fflush (stdout);

  run_mode (jitter_on);
  run_mode (jitter_off);

  print_summary_header ();
  print_summary_row (jitter_on);
  print_summary_row (jitter_off);
  printf ("\nThe stats were sampled every %d ms, at worst %" G_GINT64_FORMAT " ms late; "
          "the handshakes of each bin are read between the samples around its edges. "
          "The zero is when the bench read the restarted server's \"listening on\" line; "
          "at most %u handshakes came before it, in no bin.\n",
          BUCKET_MS, latest_sample_ms (jitter_on, jitter_off), most_before_zero (jitter_on, jitter_off));

  for (guint i = 0; i < RUNS; i++)
    {
      g_array_unref (jitter_on[i].buckets);
      g_array_unref (jitter_off[i].buckets);
    }
  return 0;
}
