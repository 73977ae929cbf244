/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <signal.h>
#include <sys/prctl.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "uplink-test-utils.h"

static const char *
server_path (void)
{
  const char *path = g_getenv ("UPLINK_SERVER");

  g_assert_nonnull (path);
  return path;
}

static void
die_with_parent (gpointer data)
{
  /* SIGKILL: a server the test had stopped could not act on another. */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* Spawns @argv with its standard output piped to the test; the child dies
 * with the test, so a test that aborts never leaves it holding the test's
 * output open. */
GSubprocess *
uplink_test_spawn (const char * const *argv)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  return process;
}

/* Starts uplink-server on a free port with @extra_args (nullable). */
UplinkTestServer *
uplink_test_server_new_with_args (const char * const *extra_args)
{
  UplinkTestServer *server = g_new0 (UplinkTestServer, 1);
  g_autoptr(GStrvBuilder) argv = g_strv_builder_new ();
  g_auto(GStrv) args = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *first = NULL;
  const char *prefix = "listening on ";

  g_strv_builder_add_many (argv, server_path (), "--port", "0", NULL);
  if (extra_args != NULL)
    g_strv_builder_addv (argv, (const char **) extra_args);
  args = g_strv_builder_end (argv);

  server->process = uplink_test_spawn ((const char * const *) args);

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  first = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (first);
  g_assert_true (g_str_has_prefix (first, prefix));

  server->url = g_strdup (first + strlen (prefix));
  uri = g_uri_parse (server->url, G_URI_FLAGS_NONE, &error);
  g_assert_no_error (error);
  server->control_base = g_strdup_printf ("%s://%s:%d",
                                          g_str_equal (g_uri_get_scheme (uri), "wss") ? "https" : "http",
                                          g_uri_get_host (uri), g_uri_get_port (uri));
  server->session = soup_session_new ();
  return server;
}

UplinkTestServer *
uplink_test_server_new (void)
{
  return uplink_test_server_new_with_args (NULL);
}

void
uplink_test_server_free (UplinkTestServer *server)
{
  g_autoptr(GError) error = NULL;

  if (g_subprocess_get_identifier (server->process) != NULL)
    {
      g_subprocess_send_signal (server->process, SIGCONT);
      g_subprocess_send_signal (server->process, SIGTERM);
    }
  g_subprocess_wait (server->process, NULL, &error);
  g_assert_no_error (error);

  g_object_unref (server->session);
  g_object_unref (server->process);
  g_free (server->control_base);
  g_free (server->url);
  g_free (server);
}

static gboolean
is_stopped (gpointer data)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/stat", (const char *) data);
  g_autofree char *stat = NULL;
  const char *after_name;

  if (!g_file_get_contents (path, &stat, NULL, NULL))
    return FALSE;
  after_name = strrchr (stat, ')');
  return after_name != NULL && after_name[1] == ' ' && after_name[2] == 'T';
}

static gboolean
keep_ticking (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/*
 * Stops the server the way a hung process stops, and returns once it has:
 * a signal lands a moment after kill() returns, time enough for the server
 * to answer one more frame.
 */
void
uplink_test_server_pause (UplinkTestServer *server)
{
  /* /proc sends no event: look again every millisecond. */
  guint tick = g_timeout_add (1, keep_ticking, NULL);

  g_subprocess_send_signal (server->process, SIGSTOP);
  g_assert_true (uplink_test_wait_until (is_stopped,
                                         (gpointer) g_subprocess_get_identifier (server->process),
                                         UPLINK_TEST_TIMEOUT_MS));
  g_source_remove (tick);
}

void
uplink_test_server_resume (UplinkTestServer *server)
{
  g_subprocess_send_signal (server->process, SIGCONT);
}

/* Sends a control request, GET when @body is NULL, and returns the answer. */
char *
uplink_test_server_control (UplinkTestServer *server,
                            const char       *path,
                            const char       *body)
{
  g_autofree char *uri = g_strconcat (server->control_base, path, NULL);
  g_autoptr(SoupMessage) message = soup_message_new (body != NULL ? "POST" : "GET", uri);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;

  if (body != NULL)
    {
      g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (message, "application/json", request);
    }

  answer = soup_session_send_and_read (server->session, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, SOUP_STATUS_OK);
  return g_strndup (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));
}

guint
uplink_test_server_stat (UplinkTestServer *server,
                         const char       *name)
{
  g_autofree char *answer = uplink_test_server_control (server, "/control/stats", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *stats;

  json_parser_load_from_data (parser, answer, -1, &error);
  g_assert_no_error (error);
  stats = json_node_get_object (json_parser_get_root (parser));
  g_assert_true (json_object_has_member (stats, name));
  return (guint) json_object_get_int_member (stats, name);
}

/* A port nothing listens on: bound, read and released. */
guint
uplink_test_free_port (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  guint16 port;

  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);
  return port;
}

static gboolean
on_deadline (gpointer data)
{
  gboolean *expired = data;

  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
uplink_test_wait_until (UplinkTestCondition condition,
                        gpointer            data,
                        guint               timeout_ms)
{
  gboolean expired = FALSE;
  guint deadline = g_timeout_add (timeout_ms, on_deadline, &expired);

  while (!condition (data) && !expired)
    g_main_context_iteration (NULL, TRUE);

  if (!expired)
    g_source_remove (deadline);
  return condition (data);
}

typedef struct
{
  UplinkConnection *connection;
  UplinkState state;
} StateWait;

static gboolean
state_reached (gpointer data)
{
  StateWait *wait = data;

  return uplink_connection_get_state (wait->connection) == wait->state;
}

gboolean
uplink_test_wait_for_state (UplinkConnection *connection,
                            UplinkState       state,
                            guint             timeout_ms)
{
  StateWait wait = { connection, state };

  return uplink_test_wait_until (state_reached, &wait, timeout_ms);
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

/* For the tests that prove something does not happen within a time. */
void
uplink_test_run_for (guint milliseconds)
{
  uplink_test_wait_until (never, NULL, milliseconds);
}

/* A connection that retries quickly, so tests spend their time on events. */
UplinkConnection *
uplink_test_connection_new (const char *url)
{
  UplinkConnection *connection = uplink_connection_new (url);

  uplink_connection_set_backoff_initial (connection, 50);
  uplink_connection_set_backoff_max (connection, 200);
  return connection;
}

void
uplink_test_start_connected (UplinkConnection *connection)
{
  uplink_connection_start (connection);
  g_assert_true (uplink_test_wait_for_state (connection, UPLINK_STATE_CONNECTED,
                                             UPLINK_TEST_TIMEOUT_MS));
}

static void
collect_error (UplinkConnection *connection,
               const GError     *error,
               GPtrArray        *errors)
{
  g_ptr_array_add (errors, g_error_copy (error));
}

static void
release_errors (gpointer  errors,
                GClosure *closure)
{
  g_ptr_array_unref (errors);
}

/* Every connection-error from now on, in order. */
GPtrArray *
uplink_test_collect_errors (UplinkConnection *connection)
{
  GPtrArray *errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);

  g_signal_connect_data (connection, "connection-error", G_CALLBACK (collect_error),
                         g_ptr_array_ref (errors), release_errors, 0);
  return errors;
}

static gboolean
has_error (gpointer errors)
{
  return ((GPtrArray *) errors)->len > 0;
}

/* The first error collected, waiting for it if need be. */
const GError *
uplink_test_wait_for_error (GPtrArray *errors,
                            guint      timeout_ms)
{
  g_assert_true (uplink_test_wait_until (has_error, errors, timeout_ms));
  return g_ptr_array_index (errors, 0);
}

static void
on_fixture_message (UplinkConnection  *connection,
                    const char        *text,
                    UplinkTestFixture *fixture)
{
  g_ptr_array_add (fixture->messages, g_strdup (text));
}

void
uplink_test_fixture_set_up (UplinkTestFixture *fixture,
                            gconstpointer      data)
{
  uplink_test_fixture_set_up_for (fixture, uplink_test_server_new ());
}

/* The same with a server of the test's own making, which it takes. */
void
uplink_test_fixture_set_up_for (UplinkTestFixture *fixture,
                                UplinkTestServer  *server)
{
  fixture->server = server;
  fixture->messages = g_ptr_array_new_with_free_func (g_free);
  fixture->log = g_ptr_array_new_with_free_func (g_free);
  uplink_test_fixture_connect_to (fixture, fixture->server->url);
}

void
uplink_test_fixture_tear_down (UplinkTestFixture *fixture,
                               gconstpointer      data)
{
  /* A test may have dropped the connection on purpose. */
  if (fixture->connection != NULL)
    uplink_connection_stop (fixture->connection);
  g_clear_object (&fixture->connection);
  g_clear_pointer (&fixture->errors, g_ptr_array_unref);
  g_clear_pointer (&fixture->messages, g_ptr_array_unref);
  g_clear_pointer (&fixture->log, g_ptr_array_unref);
  uplink_test_server_free (fixture->server);
}

/* Points the fixture at another URL, with a new connection. */
void
uplink_test_fixture_connect_to (UplinkTestFixture *fixture,
                                const char        *url)
{
  g_clear_object (&fixture->connection);
  g_clear_pointer (&fixture->errors, g_ptr_array_unref);
  fixture->connection = uplink_test_connection_new (url);
  fixture->errors = uplink_test_collect_errors (fixture->connection);
  g_signal_connect (fixture->connection, "message", G_CALLBACK (on_fixture_message), fixture);
}

struct _UplinkTestRecorder
{
  GObject parent_instance;

  char *name;
  GPtrArray *log;
  UplinkTestRecorderHook hook;
  gpointer hook_data;
};

static void recorder_iface_init (UplinkConnectionListenerInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (UplinkTestRecorder, uplink_test_recorder, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (UPLINK_TYPE_CONNECTION_LISTENER,
                                                      recorder_iface_init))

static void
record (UplinkTestRecorder *self,
        UplinkStatusSource *source,
        const char         *event)
{
  if (self->log != NULL)
    g_ptr_array_add (self->log, g_strdup_printf ("%s:%s", self->name, event));
  if (self->hook != NULL)
    self->hook (self, source, event, self->hook_data);
}

static void
recorder_on_connected (UplinkConnectionListener *listener,
                       UplinkStatusSource       *source)
{
  record (UPLINK_TEST_RECORDER (listener), source, "connected");
}

static void
recorder_on_connecting (UplinkConnectionListener *listener,
                        UplinkStatusSource       *source)
{
  record (UPLINK_TEST_RECORDER (listener), source, "connecting");
}

static void
recorder_on_disconnected (UplinkConnectionListener *listener,
                          UplinkStatusSource       *source)
{
  record (UPLINK_TEST_RECORDER (listener), source, "disconnected");
}

static void
recorder_on_feature_throttled (UplinkConnectionListener *listener,
                               UplinkStatusSource       *source)
{
  record (UPLINK_TEST_RECORDER (listener), source, "featureThrottled");
}

static void
recorder_on_connection_error (UplinkConnectionListener *listener,
                              UplinkStatusSource       *source,
                              const GError             *error)
{
  g_autoptr(GEnumClass) codes = g_type_class_ref (UPLINK_TYPE_CONNECTION_ERROR);
  g_autofree char *event = g_strdup_printf ("error(%s)",
                                            g_enum_get_value (codes, error->code)->value_nick);

  record (UPLINK_TEST_RECORDER (listener), source, event);
}

static void
recorder_iface_init (UplinkConnectionListenerInterface *iface)
{
  iface->on_connected = recorder_on_connected;
  iface->on_connecting = recorder_on_connecting;
  iface->on_disconnected = recorder_on_disconnected;
  iface->on_feature_throttled = recorder_on_feature_throttled;
  iface->on_connection_error = recorder_on_connection_error;
}

static void
uplink_test_recorder_finalize (GObject *object)
{
  UplinkTestRecorder *self = (UplinkTestRecorder *) object;

  g_clear_pointer (&self->log, g_ptr_array_unref);
  g_free (self->name);

  G_OBJECT_CLASS (uplink_test_recorder_parent_class)->finalize (object);
}

static void
uplink_test_recorder_class_init (UplinkTestRecorderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = uplink_test_recorder_finalize;
}

static void
uplink_test_recorder_init (UplinkTestRecorder *self)
{
}

UplinkTestRecorder *
uplink_test_recorder_new (const char *name,
                          GPtrArray  *log)
{
  UplinkTestRecorder *self = g_object_new (UPLINK_TYPE_TEST_RECORDER, NULL);

  self->name = g_strdup (name);
  self->log = log != NULL ? g_ptr_array_ref (log) : NULL;
  return self;
}

void
uplink_test_recorder_set_hook (UplinkTestRecorder     *self,
                               UplinkTestRecorderHook  hook,
                               gpointer                data)
{
  self->hook = hook;
  self->hook_data = data;
}

static void
log_event (GPtrArray  *log,
           const char *source,
           const char *event)
{
  g_ptr_array_add (log, g_strdup_printf ("%s:%s", source, event));
}

static void
on_notify_state (UplinkStatusSource *source,
                 GParamSpec         *pspec,
                 GPtrArray          *log)
{
  log_event (log, "notify", uplink_status_source_get_status (source));
}

static void
on_state_signal (UplinkStatusSource *source,
                 GPtrArray          *log)
{
  GSignalInvocationHint *hint = g_signal_get_invocation_hint (source);

  log_event (log, "signal", g_signal_name (hint->signal_id));
}

static void
on_throttled_signal (UplinkStatusSource *source,
                     const char * const *features,
                     GPtrArray          *log)
{
  log_event (log, "signal", "feature-throttled");
}

static void
on_error_signal (UplinkStatusSource *source,
                 const GError       *error,
                 GPtrArray          *log)
{
  log_event (log, "signal", "connection-error");
}

/* Logs notify::state, the state signals and connection-error of a
 * connection or a model. */
void
uplink_test_log_signals (gpointer   source,
                         GPtrArray *log)
{
  g_signal_connect (source, "notify::state", G_CALLBACK (on_notify_state), log);
  g_signal_connect (source, "connected", G_CALLBACK (on_state_signal), log);
  g_signal_connect (source, "connecting", G_CALLBACK (on_state_signal), log);
  g_signal_connect (source, "disconnected", G_CALLBACK (on_state_signal), log);
  g_signal_connect (source, "feature-throttled", G_CALLBACK (on_throttled_signal), log);
  g_signal_connect (source, "connection-error", G_CALLBACK (on_error_signal), log);
}

/* Checks the log, then empties it for what comes next. */
void
uplink_test_assert_log (GPtrArray  *log,
                        const char *expected)
{
  g_autofree char *joined = uplink_test_log_join (log);

  g_assert_cmpstr (joined, ==, expected);
  g_ptr_array_set_size (log, 0);
}

char *
uplink_test_log_join (GPtrArray *log)
{
  GString *joined = g_string_new (NULL);

  for (guint i = 0; i < log->len; i++)
    g_string_append_printf (joined, "%s%s", i > 0 ? " " : "", (char *) g_ptr_array_index (log, i));
  return g_string_free (joined, FALSE);
}
