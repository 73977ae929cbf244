/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <sys/resource.h>

#include <glib-unix.h>
#include <gio/gio.h>

#include "uplink-reference-server.h"

typedef struct
{
  GMainLoop *loop;
  UplinkReferenceServer *server;
  gboolean shutting_down;
} Run;

/* Each client holds a socket: let the process open as many as it may. */
static void
raise_file_limit (void)
{
  struct rlimit limit;

  if (getrlimit (RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == limit.rlim_max)
    return;

  limit.rlim_cur = limit.rlim_max;
  if (setrlimit (RLIMIT_NOFILE, &limit) != 0)
    g_debug ("Cannot raise the limit on open files: %s", g_strerror (errno));
}

static void
on_shut_down (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Run *run = data;

  uplink_reference_server_shutdown_finish (run->server, result, NULL);
  g_main_loop_quit (run->loop);
}

/* The first signal lets clients hear that the server goes away; a second
 * one does not wait for them. */
static gboolean
on_quit_signal (gpointer data)
{
  Run *run = data;

  if (run->shutting_down)
    {
      g_main_loop_quit (run->loop);
      return G_SOURCE_CONTINUE;
    }

  run->shutting_down = TRUE;
  uplink_reference_server_shutdown_async (run->server, on_shut_down, run);
  return G_SOURCE_CONTINUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *host = NULL;
  g_autofree char *control_token = NULL;
  g_autofree char *tls_cert = NULL;
  g_autofree char *tls_key = NULL;
  int port = 0;
  const GOptionEntry entries[] = {
    { "host", 0, 0, G_OPTION_ARG_STRING, &host,
      "IP address to listen on (default 127.0.0.1)", "ADDRESS" },
    { "port", 0, 0, G_OPTION_ARG_INT, &port,
      "TCP port to listen on; 0, the default, picks a free one", "PORT" },
    { "control-token", 0, 0, G_OPTION_ARG_STRING, &control_token,
      "Take control requests from any peer that sends “Authorization: Bearer TOKEN”, "
      "and from no other; without it, control is for loopback peers only", "TOKEN" },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &tls_cert,
      "Serve wss:// with this PEM certificate (needs --tls-key)", "FILE" },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &tls_key,
      "The PEM private key of --tls-cert", "FILE" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(UplinkReferenceServer) server = NULL;
  g_autofree char *url = NULL;
  Run run = { 0 };

  setlocale (LC_ALL, "");

  g_option_context_set_summary (context,
                                "Serves protocol v1 on /ws and takes fault-injection requests "
                                "under /control/ on the same port.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (port < 0 || port > G_MAXUINT16)
    {
      g_printerr ("The port must be from 0 to 65535\n");
      return 2;
    }

  raise_file_limit ();

  server = uplink_reference_server_new (control_token);
  if ((tls_cert != NULL) != (tls_key != NULL))
    {
      g_printerr ("--tls-cert and --tls-key go together\n");
      return 2;
    }
  if (tls_cert != NULL)
    {
      g_autoptr(GTlsCertificate) certificate = g_tls_certificate_new_from_files (tls_cert, tls_key,
                                                                                 &error);

      if (certificate == NULL)
        {
          g_printerr ("Cannot use the certificate: %s\n", error->message);
          return 2;
        }
      uplink_reference_server_set_tls_certificate (server, certificate);
    }
  if (!uplink_reference_server_listen (server, host != NULL ? host : "127.0.0.1", port, &error))
    {
      g_printerr ("Cannot listen: %s\n", error->message);
      return 1;
    }

  url = uplink_reference_server_get_url (server);
  g_print ("listening on %s\n", url);
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  run.loop = loop;
  run.server = server;
  g_unix_signal_add (SIGINT, on_quit_signal, &run);
  g_unix_signal_add (SIGTERM, on_quit_signal, &run);
  g_main_loop_run (loop);

  return 0;
}
