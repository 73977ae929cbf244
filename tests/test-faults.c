/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include "uplink-test-utils.h"

typedef UplinkTestFixture Fixture;

static void
test_dead_peer (Fixture       *fixture,
                gconstpointer  data)
{
  gint64 stopped_at, detected_after;

  uplink_connection_set_keepalive_interval (fixture->connection, 1);
  uplink_connection_set_pong_timeout (fixture->connection, 1);
  uplink_test_start_connected (fixture->connection);

  stopped_at = g_get_monotonic_time ();
  uplink_test_server_pause (fixture->server);

  uplink_test_assert_error (fixture, UPLINK_CONNECTION_ERROR_DEAD_PEER);
  detected_after = g_get_monotonic_time () - stopped_at;
  g_assert_cmpint (uplink_connection_get_state (fixture->connection), !=, UPLINK_STATE_CONNECTED);
  g_test_message ("dead peer detected after %" G_GINT64_FORMAT " ms", detected_after / 1000);
  g_assert_cmpint (detected_after, <=, 2500 * 1000);

  uplink_test_server_resume (fixture->server);
  g_assert_true (uplink_test_wait_for_state (fixture->connection, UPLINK_STATE_CONNECTED,
                                             UPLINK_TEST_TIMEOUT_MS));
}

static gboolean
hold_connection (GSocketService     *service,
                 GSocketConnection  *connection,
                 GObject            *source,
                 gpointer            data)
{
  g_ptr_array_add (data, g_object_ref (connection));
  return TRUE;
}

static void
test_connect_timeout (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GSocketService) service = g_socket_service_new ();
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  guint16 port;
  gint64 started, failed_after;

  /* Accepts TCP and never answers the handshake. */
  port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (service), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "incoming", G_CALLBACK (hold_connection), held);
  url = g_strdup_printf ("ws://127.0.0.1:%u/ws", port);

  uplink_test_fixture_connect_to (fixture, url);
  uplink_connection_set_connect_timeout (fixture->connection, 1);

  started = g_get_monotonic_time ();
  uplink_connection_start (fixture->connection);
  uplink_test_assert_error (fixture, UPLINK_CONNECTION_ERROR_TIMEOUT);
  failed_after = g_get_monotonic_time () - started;
  g_test_message ("timed out after %" G_GINT64_FORMAT " ms", failed_after / 1000);
  g_assert_cmpint (failed_after, <=, 1100 * 1000);
  g_assert_cmpint (uplink_connection_get_state (fixture->connection), ==, UPLINK_STATE_DISCONNECTED);
  g_assert_cmpuint (held->len, >=, 1);
}

static void
test_close_code (Fixture       *fixture,
                 gconstpointer  data)
{
  const char *code = data;
  g_autofree char *path = g_strconcat ("/control/drop?code=", code, NULL);
  int expected = g_str_equal (code, "1013") ? UPLINK_CONNECTION_ERROR_RATE_LIMITED
                                            : UPLINK_CONNECTION_ERROR_PROTOCOL;

  uplink_test_start_connected (fixture->connection);
  g_free (uplink_test_server_control (fixture->server, path, ""));

  uplink_test_assert_error (fixture, expected);
  g_assert_true (uplink_test_wait_for_state (fixture->connection, UPLINK_STATE_CONNECTED,
                                             UPLINK_TEST_TIMEOUT_MS));
}

static void
test_oversize_frame (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *big = g_strnfill (4096, 'x');

  g_assert_cmpuint (uplink_connection_get_max_incoming_payload (fixture->connection), ==, 1024 * 1024);
  uplink_connection_set_max_incoming_payload (fixture->connection, 1024);
  uplink_test_start_connected (fixture->connection);
  g_free (uplink_test_server_control (fixture->server, "/control/send", big));

  uplink_test_assert_error (fixture, UPLINK_CONNECTION_ERROR_PROTOCOL);
  g_assert_true (uplink_test_wait_for_state (fixture->connection, UPLINK_STATE_CONNECTED,
                                             UPLINK_TEST_TIMEOUT_MS));
}

static void
assert_no_secret (const char *output)
{
  static const char * const secrets[] = { "hunter2", "s3cr3t", "h34d3r", NULL };

  for (guint i = 0; secrets[i] != NULL; i++)
    if (strstr (output, secrets[i]) != NULL)
      g_error ("“%s” leaked into:\n%s", secrets[i], output);
}

/* Reads the monitor's lines into @output up to the first that holds
 * @expected. */
static void
read_until (GDataInputStream *lines,
            GString          *output,
            const char       *expected)
{
  g_autoptr(GError) error = NULL;
  char *line;

  while ((line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error)) != NULL)
    {
      gboolean found = strstr (line, expected) != NULL;

      g_string_append_printf (output, "%s\n", line);
      g_free (line);
      if (found)
        return;
    }
  g_assert_no_error (error);
  g_error ("the monitor ended without “%s”:\n%s", expected, output->str);
}

/* The monitor, with every debug message on, never shows a secret. */
static void
test_secrets (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autoptr(GSubprocess) monitor = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GString) output = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  const char *host = fixture->server->url + strlen ("ws://");
  char *line;

  url = g_strdup_printf ("ws://alice:hunter2@%s?token=s3cr3t&room=1", host);
  g_free (uplink_test_server_control (fixture->server, "/control/reject?status=401&count=1", ""));

  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "all", TRUE);
  monitor = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("UPLINK_MONITOR"),
                                         "--header", "Authorization: Bearer h34d3r",
                                         url, NULL);
  g_assert_no_error (error);

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (monitor));
  read_until (lines, output, "disconnected The server refused the credentials");
  g_assert_nonnull (strstr (output->str, "watching ws://alice:***@"));
  g_assert_nonnull (strstr (output->str, "token=***&room=1"));

  g_subprocess_send_signal (monitor, SIGTERM);
  while ((line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, NULL)) != NULL)
    {
      g_string_append_printf (output, "%s\n", line);
      g_free (line);
    }
  g_subprocess_wait_check (monitor, NULL, &error);
  g_assert_no_error (error);
  assert_no_secret (output->str);
}

/* The monitor goes through the proxy the environment names, as curl
 * does, and straight to the hosts no_proxy lists. */
static void
test_monitor_proxy (Fixture       *fixture,
                    gconstpointer  data)
{
  const char *no_proxy[] = { "", "127.0.0.1" };
  /* GIO names what refused (here the proxy), said once. */
  const char *expected[] = { "disconnected Could not connect to proxy server 127.0.0.1", "connected" };
  g_autofree char *proxy = g_strdup_printf ("http://127.0.0.1:%u", uplink_test_free_port ());

  for (gsize i = 0; i < G_N_ELEMENTS (no_proxy); i++)
    {
      g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
      g_autoptr(GSubprocess) monitor = NULL;
      g_autoptr(GDataInputStream) lines = NULL;
      g_autoptr(GString) output = g_string_new (NULL);
      g_autoptr(GError) error = NULL;

      g_subprocess_launcher_setenv (launcher, "http_proxy", proxy, TRUE);
      g_subprocess_launcher_setenv (launcher, "no_proxy", no_proxy[i], TRUE);
      monitor = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("UPLINK_MONITOR"),
                                             fixture->server->url, NULL);
      g_assert_no_error (error);

      lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (monitor));
      read_until (lines, output, expected[i]);
      g_subprocess_send_signal (monitor, SIGTERM);
      g_subprocess_wait (monitor, NULL, &error);
      g_assert_no_error (error);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, data, func) \
  g_test_add (path, Fixture, data, uplink_test_fixture_set_up, func, uplink_test_fixture_tear_down)

  ADD ("/faults/dead-peer", NULL, test_dead_peer);
  ADD ("/faults/connect-timeout", NULL, test_connect_timeout);
  ADD ("/faults/close/1013", "1013", test_close_code);
  ADD ("/faults/close/1002", "1002", test_close_code);
  ADD ("/faults/close/1008", "1008", test_close_code);
  ADD ("/faults/oversize-frame", NULL, test_oversize_frame);
  ADD ("/faults/secrets", NULL, test_secrets);
  ADD ("/faults/monitor-proxy", NULL, test_monitor_proxy);

#undef ADD

  return g_test_run ();
}
