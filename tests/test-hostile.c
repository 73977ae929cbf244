/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A hostile world: a client whose loop stalls, servers that flood it,
 * fragment a message forever, redirect it, close without letting go, or
 * echo its secrets back. The misbehaving servers are tests/hostile-server.py,
 * on raw sockets; the well-behaved one is uplink-server. Each test prints
 * what it measured.
 */
#include "config.h"

#include <malloc.h>
#include <stdio.h>

#include <valgrind/valgrind.h>

#include "uplink-test-utils.h"

#define SECRET_TOKEN "T0KSECRET"
#define SECRET_PASSWORD "hunter2pw"
#define SECRET_HEADER "h34d3rv4lue"

typedef struct
{
  GSubprocess *process;
  GDataInputStream *lines;
  guint port;
} HostileServer;

static HostileServer *
hostile_server_new (const char *mode,
                    const char *argument)
{
  HostileServer *server = g_new0 (HostileServer, 1);
  g_autofree char *script = g_build_filename (g_getenv ("UPLINK_TEST_SRCDIR"), "hostile-server.py", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  const char *argv[] = { "/usr/bin/python3", script, mode, argument, NULL };

  server->process = uplink_test_spawn (argv);
  server->lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  first = g_data_input_stream_read_line_utf8 (server->lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (first);
  g_assert_cmpint (sscanf (first, "port %u", &server->port), ==, 1);
  return server;
}

static void
hostile_server_free (HostileServer *server)
{
  g_subprocess_force_exit (server->process);
  g_subprocess_wait (server->process, NULL, NULL);
  g_object_unref (server->lines);
  g_object_unref (server->process);
  g_free (server);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HostileServer, hostile_server_free)

static char *
hostile_server_url (HostileServer *server,
                    const char    *credentials)
{
  return g_strdup_printf ("ws://%s127.0.0.1:%u/ws?room=1&token=" SECRET_TOKEN,
                          credentials != NULL ? credentials : "", server->port);
}

/* A hostile server and a quick-retrying client of it, with its errors. */
typedef struct
{
  HostileServer *server;
  UplinkConnection *connection;
  GPtrArray *errors;
} Case;

static Case *
case_new (const char *mode,
          const char *argument,
          const char *credentials)
{
  Case *hostile = g_new0 (Case, 1);
  g_autofree char *url = NULL;

  hostile->server = hostile_server_new (mode, argument);
  url = hostile_server_url (hostile->server, credentials);
  hostile->connection = uplink_test_connection_new (url);
  hostile->errors = uplink_test_collect_errors (hostile->connection);
  return hostile;
}

static void
case_free (Case *hostile)
{
  uplink_connection_stop (hostile->connection);
  g_object_unref (hostile->connection);
  g_ptr_array_unref (hostile->errors);
  hostile_server_free (hostile->server);
  g_free (hostile);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Case, case_free)

/* The server's next line of output, after @prefix. */
static gint64
hostile_server_read_time (HostileServer *server,
                          const char    *prefix)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_data_input_stream_read_line_utf8 (server->lines, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, prefix));
  return g_ascii_strtoll (line + strlen (prefix), NULL, 10);
}

static void
assert_no_secret (const char *text)
{
  static const char * const secrets[] = { SECRET_TOKEN, SECRET_PASSWORD, SECRET_HEADER, NULL };

  g_test_message ("shown: %s", text);
  /* Its first five bytes are as much a leak, of a secret cut short. */
  for (guint i = 0; secrets[i] != NULL; i++)
    {
      g_autofree char *start = g_strndup (secrets[i], 5);

      if (strstr (text, start) != NULL)
        g_error ("“%s” leaked into: %s", secrets[i], text);
    }
}

static gboolean
block_loop (gpointer data)
{
  g_usleep (GPOINTER_TO_UINT (data) * G_TIME_SPAN_MILLISECOND);
  return G_SOURCE_REMOVE;
}

/* A client whose loop is blocked longer than the keepalive interval and
 * the pong timeout together still finds its healthy server alive. */
static void
test_stall (gconstpointer data)
{
  const guint *params = data;   /* keepalive s, pong timeout s, stall ms */
  g_autoptr(UplinkTestServer) server = uplink_test_server_new ();
  g_autoptr(UplinkConnection) connection = uplink_test_connection_new (server->url);
  g_autoptr(GPtrArray) errors = uplink_test_collect_errors (connection);

  if (params[0] != 0)
    {
      uplink_connection_set_keepalive_interval (connection, params[0]);
      uplink_connection_set_pong_timeout (connection, params[1]);
    }
  uplink_test_start_connected (connection);
  uplink_test_run_for (100);

  g_idle_add (block_loop, GUINT_TO_POINTER (params[2]));
  /* The stall, then a whole pong timeout awake and a keepalive more. */
  uplink_test_run_for (params[2] + (uplink_connection_get_keepalive_interval (connection) +
                                    uplink_connection_get_pong_timeout (connection)) * 1000);

  g_test_message ("keepalive %u s, pong timeout %u s, stalled %u ms: %u errors, state %s",
                  uplink_connection_get_keepalive_interval (connection),
                  uplink_connection_get_pong_timeout (connection), params[2], errors->len,
                  uplink_state_to_string (uplink_connection_get_state (connection)));
  g_assert_cmpuint (errors->len, ==, 0);
  g_assert_cmpint (uplink_connection_get_state (connection), ==, UPLINK_STATE_CONNECTED);
  uplink_connection_stop (connection);
}

static gboolean
is_disconnected (gpointer connection)
{
  return uplink_connection_get_state (connection) == UPLINK_STATE_DISCONNECTED;
}

/* A close frame with the TCP connection left open: disconnected at once,
 * and the reason, which echoes the client's secrets (@data, then the
 * header and the URL's path), redacted, even when cut short. */
static void
test_close_frame (gconstpointer data)
{
  g_autoptr(Case) hostile = case_new ("close-open", data, "alice:" SECRET_PASSWORD "@");
  UplinkConnection *connection = hostile->connection;
  GPtrArray *errors = hostile->errors;
  g_autofree char *status = NULL;
  gint64 closed_at, after_us;

  uplink_connection_set_request_header (connection, "X-Api-Key", SECRET_HEADER);
  uplink_connection_start (connection);
  g_assert_true (uplink_test_wait_for_state (connection, UPLINK_STATE_CONNECTED, UPLINK_TEST_TIMEOUT_MS));
  g_assert_true (uplink_test_wait_until (is_disconnected, connection, UPLINK_TEST_TIMEOUT_MS));
  after_us = g_get_monotonic_time ();
  closed_at = hostile_server_read_time (hostile->server, "closed-at ");
  g_test_message ("disconnected %" G_GINT64_FORMAT " µs after the close frame", after_us - closed_at);
  /* Far below libsoup's 5 s wait for the server to close TCP. */
  g_assert_cmpint (after_us - closed_at, <, 2 * G_USEC_PER_SEC);

  g_assert_cmpuint (errors->len, >=, 1);
  g_assert_error ((GError *) g_ptr_array_index (errors, 0), UPLINK_CONNECTION_ERROR, UPLINK_CONNECTION_ERROR_REJECTED);
  assert_no_secret (((GError *) g_ptr_array_index (errors, 0))->message);
  assert_no_secret (uplink_connection_get_last_error (connection)->message);
  g_assert_nonnull (strstr (uplink_connection_get_last_error (connection)->message, "(code 4001)"));
  status = uplink_describe_status (UPLINK_STATUS_SOURCE (connection));
  assert_no_secret (status);
  uplink_connection_stop (connection);
}

/* A 302 to another server is refused, with the redacted Location, and the
 * other server never hears from the client. */
static void
test_redirect (void)
{
  g_autoptr(UplinkTestServer) other = uplink_test_server_new ();
  g_autofree char *location = g_strconcat (other->url, "?token=" SECRET_TOKEN, NULL);
  g_autoptr(Case) hostile = case_new ("redirect", location, NULL);
  UplinkConnection *connection = hostile->connection;
  const GError *error;

  uplink_connection_set_request_header (connection, "X-Api-Key", SECRET_HEADER);
  uplink_connection_start (connection);
  error = uplink_test_wait_for_error (hostile->errors, UPLINK_TEST_TIMEOUT_MS);
  g_test_message ("redirect: %s", error->message);
  g_assert_error ((GError *) error, UPLINK_CONNECTION_ERROR, UPLINK_CONNECTION_ERROR_REJECTED);
  assert_no_secret (error->message);
  g_assert_nonnull (strstr (error->message, "token=***"));
  g_assert_nonnull (strstr (error->message, "302"));
  uplink_connection_stop (connection);
  g_assert_cmpuint (uplink_test_server_stat (other, "handshakes"), ==, 0);
}

/* A wait longer than fits is the longest wait: a day. */
static void
test_retry_after_overflow (void)
{
  g_autoptr(Case) hostile = case_new ("retry-after", "12345678901234567890123", NULL);
  UplinkConnection *connection = hostile->connection;
  gint64 wait_s;

  uplink_connection_start (connection);
  uplink_test_assert_error (hostile, UPLINK_CONNECTION_ERROR_RATE_LIMITED);
  wait_s = (uplink_connection_get_next_retry (connection) - g_get_monotonic_time ()) / G_USEC_PER_SEC;
  g_test_message ("a 23-digit Retry-After waits %" G_GINT64_FORMAT " s", wait_s);
  g_assert_cmpint (wait_s, >, 24 * 60 * 60 - 60);
  g_assert_cmpint (wait_s, <=, 24 * 60 * 60);
  uplink_connection_stop (connection);
}

static gsize
status_kib (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  line = strstr (status, field);
  g_assert_nonnull (line);
  return g_ascii_strtoull (line + strlen (field), NULL, 10);
}

/* What malloc hands out: the heap and the large blocks it maps. */
static gsize
bytes_held (void)
{
  struct mallinfo2 info = mallinfo2 ();

  return info.uordblks + info.hblkhd;
}

static gboolean
on_heap_tick (gpointer data)
{
  gsize *peak = data;

  *peak = MAX (*peak, bytes_held ());
  return G_SOURCE_CONTINUE;
}

/* The limit of 1 MiB and its allowance of 64 KiB for frame headers,
 * twice over since a growing buffer doubles, and a margin for what the
 * loop allocates besides. */
#define HELD_BOUND (2 * (1024 + 64) * 1024 + 2 * 1024 * 1024)

/* A message sent as endless continuation frames, as fast as the client
 * reads, ends with 1009 and a protocol error, past max-incoming-payload,
 * and the client holds little more than that meanwhile. The heap is
 * looked at between main-loop dispatches, each of which reads at most
 * 64 KiB. */
static void
test_endless_fragments (void)
{
  g_autoptr(Case) hostile = case_new ("fragments", NULL, NULL);
  UplinkConnection *connection = hostile->connection;
  GPtrArray *errors = hostile->errors;
  gsize before_kib = status_kib ("VmRSS:");
  gsize before = bytes_held ();
  gsize peak = before;
  guint tick = g_timeout_add (1, on_heap_tick, &peak);

  uplink_connection_start (connection);
  uplink_test_assert_error (hostile, UPLINK_CONNECTION_ERROR_PROTOCOL);
  g_source_remove (tick);
  g_assert_cmpint (hostile_server_read_time (hostile->server, "close-code "), ==,
                   SOUP_WEBSOCKET_CLOSE_TOO_BIG);
  uplink_connection_stop (connection);
  g_test_message ("endless fragments: %s; held %zu KiB more at most; RSS %zu KiB before, peak %zu KiB",
                  ((GError *) g_ptr_array_index (errors, 0))->message,
                  (peak - before) / 1024, before_kib, status_kib ("VmHWM:"));
  /* AddressSanitizer and valgrind allocate on their own, unseen here. */
  g_assert_cmpuint (peak - before, <=, HELD_BOUND);
}

typedef struct
{
  gint64 last;
  gint64 longest;
} Ticker;

static gboolean
on_tick (gpointer data)
{
  Ticker *ticker = data;
  gint64 now = g_get_monotonic_time ();

  if (ticker->last != 0)
    ticker->longest = MAX (ticker->longest, now - ticker->last);
  ticker->last = now;
  return G_SOURCE_CONTINUE;
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static gboolean
is_throttled_typing (gpointer connection)
{
  const char * const *features = uplink_connection_get_throttled_features (connection);

  return uplink_connection_get_state (connection) == UPLINK_STATE_FEATURE_THROTTLED &&
         features != NULL && g_strv_length ((char **) features) == 1 &&
         g_str_equal (features[0], "typing");
}

static void
on_message (UplinkConnection *connection,
            const char       *text,
            gboolean         *over)
{
  if (strstr (text, "flood-over") != NULL)
    *over = TRUE;
}

static gboolean
is_true (gpointer flag)
{
  return *(gboolean *) flag;
}

static void
drop_message (const char     *domain,
              GLogLevelFlags  level,
              const char     *message,
              gpointer        data)
{
}

/* 300 000 throttles and unthrottles written at once: the loop keeps
 * turning, the state ends right, and observers hear of few changes. The
 * gap of the 1 ms timeout is about the longest dispatch. */
static void
test_flood (void)
{
  /* Under valgrind, whose every dispatch is dozens of times slower, a
   * tenth of the flood finds the same memory errors. */
  const char *frames = RUNNING_ON_VALGRIND ? "30000" : "300000";
  g_autoptr(Case) hostile = case_new ("flood", frames, NULL);
  UplinkConnection *connection = hostile->connection;
  Ticker fine = { 0 }, coarse = { 0 };
  gboolean over = FALSE;
  guint fine_id, coarse_id, handler, notifications = 0;

  uplink_test_start_connected (connection);
  /* The test harness would print two of libsoup's debug messages for each
   * frame, and time that instead. */
  handler = g_log_set_handler ("libsoup", G_LOG_LEVEL_DEBUG, drop_message, NULL);
  g_signal_connect (connection, "notify::state", G_CALLBACK (count_notify), &notifications);
  g_signal_connect (connection, "message", G_CALLBACK (on_message), &over);
  fine.last = coarse.last = g_get_monotonic_time ();
  fine_id = g_timeout_add (1, on_tick, &fine);
  coarse_id = g_timeout_add (100, on_tick, &coarse);

  /* The server marks the end of the flood with a message of its own. */
  g_assert_true (uplink_test_wait_until (is_true, &over, 60 * 1000));
  g_assert_true (uplink_test_wait_until (is_throttled_typing, connection, UPLINK_TEST_TIMEOUT_MS));
  g_source_remove (fine_id);
  g_source_remove (coarse_id);
  g_log_remove_handler ("libsoup", handler);

  g_test_message ("flood of %s: longest gap of a 1 ms timeout %" G_GINT64_FORMAT
                  " ms, of a 100 ms timeout %" G_GINT64_FORMAT " ms, %u state notifications",
                  frames, fine.longest / 1000, coarse.longest / 1000, notifications);
  g_assert_true (is_throttled_typing (connection));
  g_assert_cmpuint (hostile->errors->len, ==, 0);
  /* Observers hear of far fewer changes than there were frames. */
  g_assert_cmpuint (notifications, <, 1000);
  /* The goal is 200 ms on a quiet machine; the margin is for a busy one. */
  if (!RUNNING_ON_VALGRIND)
    g_assert_cmpint (coarse.longest, <, 500 * G_TIME_SPAN_MILLISECOND);
  uplink_connection_stop (connection);
}

/* The handshake goes through the session's proxy, with CONNECT. */
static void
test_proxy (void)
{
  g_autoptr(HostileServer) proxy = hostile_server_new ("proxy", NULL);
  UplinkTestServer *server = uplink_test_server_new ();
  g_autoptr(UplinkConnection) connection = uplink_test_connection_new (server->url);
  g_autofree char *proxy_url = g_strdup_printf ("http://127.0.0.1:%u", proxy->port);
  g_autoptr(GProxyResolver) resolver = g_simple_proxy_resolver_new (proxy_url, NULL);
  g_autoptr(SoupSession) session = soup_session_new_with_options ("proxy-resolver", resolver, NULL);
  g_autoptr(GUri) uri = g_uri_parse (server->url, G_URI_FLAGS_NONE, NULL);
  g_autofree char *expected = g_strdup_printf ("connect 127.0.0.1:%d", g_uri_get_port (uri));
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  uplink_connection_set_session (connection, session);
  uplink_test_start_connected (connection);
  line = g_data_input_stream_read_line_utf8 (proxy->lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (line, ==, expected);
  uplink_connection_stop (connection);
  uplink_test_server_free (server);
}

/* The URL's user and password answer a Basic challenge, once, as
 * libsoup's session did; wrong ones end in AUTH. */
static void
test_basic_challenge (void)
{
  g_autoptr(Case) right = case_new ("basic", "ann:" SECRET_PASSWORD, "ann:" SECRET_PASSWORD "@");
  g_autoptr(Case) wrong = case_new ("basic", "ann:" SECRET_PASSWORD, "ann:wrong@");
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  uplink_test_start_connected (right->connection);
  first = g_data_input_stream_read_line_utf8 (right->server->lines, NULL, NULL, NULL);
  second = g_data_input_stream_read_line_utf8 (right->server->lines, NULL, NULL, NULL);
  g_assert_cmpstr (first, ==, "authorization -");
  /* Base64 of "ann:" SECRET_PASSWORD. */
  g_assert_cmpstr (second, ==, "authorization Basic YW5uOmh1bnRlcjJwdw==");

  uplink_connection_start (wrong->connection);
  g_assert_error ((GError *) uplink_test_wait_for_error (wrong->errors, UPLINK_TEST_TIMEOUT_MS),
                  UPLINK_CONNECTION_ERROR, UPLINK_CONNECTION_ERROR_AUTH);
  assert_no_secret (((GError *) g_ptr_array_index (wrong->errors, 0))->message);
}

/* A connection made without an address is valid and says so on start. */
static void
test_no_url (void)
{
  g_autoptr(UplinkConnection) connection = g_object_new (UPLINK_TYPE_CONNECTION, NULL);
  g_autoptr(GPtrArray) errors = uplink_test_collect_errors (connection);
  g_autofree char *status = NULL;

  g_assert_null (uplink_connection_get_url (connection));
  g_assert_cmpint (uplink_connection_get_state (connection), ==, UPLINK_STATE_DISCONNECTED);
  uplink_connection_start (connection);
  g_assert_error ((GError *) uplink_test_wait_for_error (errors, UPLINK_TEST_TIMEOUT_MS),
                  UPLINK_CONNECTION_ERROR, UPLINK_CONNECTION_ERROR_INVALID_URL);
  g_assert_cmpint (uplink_connection_get_state (connection), ==, UPLINK_STATE_DISCONNECTED);
  status = uplink_describe_status (UPLINK_STATUS_SOURCE (connection));
  g_assert_nonnull (status);
  uplink_connection_stop (connection);
}

int
main (int   argc,
      char *argv[])
{
  static const guint short_stall[] = { 1, 1, 5000 };
  static const guint default_stall[] = { 0, 0, 20000 };
  /* "bad ", these 110 bytes and a space leave 5 bytes of the header's value
   * in a reason cut at 120. */
  static const char cut_short[] = SECRET_PASSWORD "-"
    ".................................................."
    "..................................................";

  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/hostile/stall/short", short_stall, test_stall);
  g_test_add_data_func ("/hostile/stall/defaults", default_stall, test_stall);
  g_test_add_data_func ("/hostile/close-frame/whole", SECRET_PASSWORD, test_close_frame);
  g_test_add_data_func ("/hostile/close-frame/cut", cut_short, test_close_frame);
  g_test_add_func ("/hostile/redirect", test_redirect);
  g_test_add_func ("/hostile/retry-after-overflow", test_retry_after_overflow);
  g_test_add_func ("/hostile/endless-fragments", test_endless_fragments);
  g_test_add_func ("/hostile/flood", test_flood);
  g_test_add_func ("/hostile/no-url", test_no_url);
  g_test_add_func ("/hostile/proxy", test_proxy);
  g_test_add_func ("/hostile/basic-challenge", test_basic_challenge);

  return g_test_run ();
}
