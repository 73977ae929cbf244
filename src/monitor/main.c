/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <glib/gi18n.h>
#include <glib-unix.h>
#include <json-glib/json-glib.h>

#include <uplink.h>

#define EXIT_USAGE 2

/* Each option is named after the UplinkConnection property it sets, so the
 * property's own range checks the value. */
static const char * const timing_properties[] = {
  "keepalive-interval",
  "pong-timeout",
  "connect-timeout",
  "backoff-initial",
  "backoff-max",
};

typedef struct
{
  guint     timing[G_N_ELEMENTS (timing_properties)];
  gboolean  timing_set[G_N_ELEMENTS (timing_properties)];
  char    **headers;
  char    **protocols;
  char     *profile;
  char     *username;
  char     *password_file;
  char    **urls;
  gboolean  json;
  gboolean  system_proxy;
  gboolean  version;
} Options;

typedef struct
{
  UplinkConnection *connection;
  GMainLoop        *loop;
  gboolean          json;
  GError           *pending_error;
  int               exit_status;
} Monitor;

static void
options_clear (Options *options)
{
  g_clear_pointer (&options->headers, g_strfreev);
  g_clear_pointer (&options->protocols, g_strfreev);
  g_clear_pointer (&options->profile, g_free);
  g_clear_pointer (&options->username, g_free);
  g_clear_pointer (&options->password_file, g_free);
  g_clear_pointer (&options->urls, g_strfreev);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

static gboolean
parse_timing_option (const char  *option_name,
                     const char  *value,
                     gpointer     user_data,
                     GError     **error)
{
  Options *options = user_data;
  g_autoptr(GTypeClass) klass = g_type_class_ref (UPLINK_TYPE_CONNECTION);
  g_autoptr(GError) local_error = NULL;
  const char *property = option_name;
  GParamSpecUInt *pspec;
  guint64 number;

  while (*property == '-')
    property++;

  for (gsize i = 0; i < G_N_ELEMENTS (timing_properties); i++)
    {
      if (!g_str_equal (property, timing_properties[i]))
        continue;

      pspec = G_PARAM_SPEC_UINT (g_object_class_find_property (G_OBJECT_CLASS (klass), property));
      if (!g_ascii_string_to_unsigned (value, 10, pspec->minimum, pspec->maximum,
                                       &number, &local_error))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("Invalid value for %s: %s"), option_name, local_error->message);
          return FALSE;
        }

      options->timing[i] = (guint) number;
      options->timing_set[i] = TRUE;
      return TRUE;
    }

  g_assert_not_reached ();
}

/* The token characters of RFC 9110; anything else in a header name would
 * make an invalid handshake. */
static gboolean
is_header_name (const char *name)
{
  if (*name == '\0')
    return FALSE;

  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("!#$%&'*+-.^_`|~", *p) == NULL)
      return FALSE;

  return TRUE;
}

static gboolean
parse_header (const char  *header,
              char       **name,
              char       **value,
              GError     **error)
{
  const char *colon = strchr (header, ':');
  g_autofree char *parsed_name = NULL;
  g_autofree char *parsed_value = NULL;

  if (colon == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("Invalid value for --header: “%s” is not of the form “Name: Value”"),
                   header);
      return FALSE;
    }

  parsed_name = g_strstrip (g_strndup (header, colon - header));
  parsed_value = g_strstrip (g_strdup (colon + 1));

  /* The header itself is not quoted: its value is often a secret. */
  if (!is_header_name (parsed_name))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("Invalid value for --header: “%s” is not a valid header name"),
                   parsed_name);
      return FALSE;
    }
  if (strpbrk (parsed_value, "\r\n") != NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("Invalid value for --header: the value of “%s” spans several lines"),
                   parsed_name);
      return FALSE;
    }

  *name = g_steal_pointer (&parsed_name);
  *value = g_steal_pointer (&parsed_value);
  return TRUE;
}

static gboolean
parse_options (Options   *options,
               int       *argc,
               char    ***argv,
               GError   **error)
{
  const GOptionEntry entries[] = {
    /* Translators: "S" stands for a number of seconds, "MS" below for
     * milliseconds. */
    { "keepalive-interval", 0, 0, G_OPTION_ARG_CALLBACK, parse_timing_option,
      N_("Seconds between pings on an open connection"), N_("S") },
    { "pong-timeout", 0, 0, G_OPTION_ARG_CALLBACK, parse_timing_option,
      N_("Seconds past the keepalive interval after which a silent server counts as gone"), N_("S") },
    { "connect-timeout", 0, 0, G_OPTION_ARG_CALLBACK, parse_timing_option,
      N_("Seconds an attempt to connect may take"), N_("S") },
    { "backoff-initial", 0, 0, G_OPTION_ARG_CALLBACK, parse_timing_option,
      N_("Longest wait before the first retry, in milliseconds"), N_("MS") },
    { "backoff-max", 0, 0, G_OPTION_ARG_CALLBACK, parse_timing_option,
      N_("Longest wait between two attempts, in milliseconds"), N_("MS") },
    { "header", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options->headers,
      N_("Send a request header with every handshake (repeatable)"), N_("'NAME: VALUE'") },
    { "protocol", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options->protocols,
      N_("Offer a WebSocket subprotocol (repeatable)"), N_("NAME") },
    { "profile", 0, 0, G_OPTION_ARG_STRING, &options->profile,
      N_("The kind of server: auto (the default), websocket, uplink, socketio, mqtt or xmpp"),
      N_("PROFILE") },
    { "username", 0, 0, G_OPTION_ARG_STRING, &options->username,
      N_("The user name for servers with a login"), N_("NAME") },
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &options->password_file,
      N_("Read the password (or socket.io token) from the first line of FILE; "
         "UPLINK_PASSWORD in the environment works too"), N_("FILE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &options->json,
      N_("Print one JSON object per line"), NULL },
    { "system-proxy", 0, 0, G_OPTION_ARG_NONE, &options->system_proxy,
      N_("Use the desktop’s proxy settings instead of http_proxy, https_proxy, all_proxy and no_proxy"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &options->version,
      N_("Print the version and exit"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &options->urls,
      NULL, N_("URL") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  GOptionGroup *group;

  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("Watches the connection to a WebSocket server."));
  /* Translators: the four statuses are printed as they are, untranslated. */
  g_option_context_set_description (context,
                                    _("Prints one line per change of the connection’s status: "
                                      "the time, the status (connected, connecting, "
                                      "disconnected or featureThrottled) and, when a failure "
                                      "caused it, the error. Stops on SIGINT or SIGTERM."));

  /* The callbacks need the options, which only a group can pass them. */
  group = g_option_group_new (NULL, NULL, NULL, options, NULL);
  g_option_group_add_entries (group, entries);
  g_option_group_set_translation_domain (group, GETTEXT_PACKAGE);
  g_option_context_set_main_group (context, group);

  if (!g_option_context_parse (context, argc, argv, error))
    return FALSE;

  if (options->version)
    return TRUE;

  if (options->urls == NULL || options->urls[0] == NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           _("No URL given"));
      return FALSE;
    }
  if (options->urls[1] != NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           _("Only one URL can be watched at a time"));
      return FALSE;
    }

  return TRUE;
}

static char *
format_time (GDateTime *time)
{
  g_autofree char *seconds = g_date_time_format (time, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("%s.%03dZ", seconds, g_date_time_get_microsecond (time) / 1000);
}

static void
print_text_line (Monitor      *self,
                 const char   *time,
                 const GError *error)
{
  const char *status = uplink_connection_get_status (self->connection);

  if (error != NULL)
    printf ("%s %s %s\n", time, status, error->message);
  else
    printf ("%s %s\n", time, status);
}

static void
print_json_line (Monitor      *self,
                 const char   *time,
                 const GError *error)
{
  UplinkConnection *connection = self->connection;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  const char * const *features = uplink_connection_get_throttled_features (connection);
  gint64 next_retry = uplink_connection_get_next_retry (connection);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "time");
  json_builder_add_string_value (builder, time);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, uplink_connection_get_status (connection));
  json_builder_set_member_name (builder, "attempt");
  json_builder_add_int_value (builder, uplink_connection_get_attempt (connection));

  if (error != NULL)
    {
      json_builder_set_member_name (builder, "error");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "domain");
      json_builder_add_string_value (builder, g_quark_to_string (error->domain));
      json_builder_set_member_name (builder, "code");
      json_builder_add_int_value (builder, error->code);
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, error->message);
      json_builder_end_object (builder);
    }

  if (uplink_connection_get_state (connection) == UPLINK_STATE_FEATURE_THROTTLED)
    {
      json_builder_set_member_name (builder, "throttled_features");
      json_builder_begin_array (builder);
      for (gsize i = 0; features[i] != NULL; i++)
        json_builder_add_string_value (builder, features[i]);
      json_builder_end_array (builder);
    }

  if (next_retry > 0)
    {
      json_builder_set_member_name (builder, "next_retry_ms");
      json_builder_add_int_value (builder,
                                  MAX (0, next_retry - g_get_monotonic_time ()) / 1000);
    }

  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  printf ("%s\n", text);
}

static void
print_line (Monitor      *self,
            const GError *error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *time = format_time (now);

  if (self->json)
    print_json_line (self, time, error);
  else
    print_text_line (self, time, error);

  if (g_error_matches (error, UPLINK_CONNECTION_ERROR, UPLINK_CONNECTION_ERROR_INVALID_URL))
    {
      /* The connection never retries an invalid URL. */
      self->exit_status = EXIT_FAILURE;
      g_main_loop_quit (self->loop);
    }
}

/*
 * An error comes right before the disconnect it causes, and goes on that
 * line; one that finds the connection disconnected already (an invalid
 * URL, no network) causes no change and gets a line of its own.
 */
static void
on_connection_error (UplinkConnection *connection,
                     const GError     *error,
                     gpointer          user_data)
{
  Monitor *self = user_data;

  if (uplink_connection_get_state (connection) == UPLINK_STATE_DISCONNECTED)
    {
      print_line (self, error);
      return;
    }

  g_clear_error (&self->pending_error);
  self->pending_error = g_error_copy (error);
}

static void
on_state_changed (UplinkConnection *connection,
                  GParamSpec       *pspec,
                  gpointer          user_data)
{
  Monitor *self = user_data;
  g_autoptr(GError) error = g_steal_pointer (&self->pending_error);

  print_line (self, uplink_connection_get_state (connection) == UPLINK_STATE_DISCONNECTED ? error : NULL);
}

static gboolean
on_quit_signal (gpointer user_data)
{
  Monitor *self = user_data;

  uplink_connection_stop (self->connection);
  g_main_loop_quit (self->loop);
  return G_SOURCE_CONTINUE;
}

/* The first of the variables that is set and not empty. */
static const char *
getenv_any (const char * const *names)
{
  for (gsize i = 0; names[i] != NULL; i++)
    {
      const char *value = g_getenv (names[i]);

      if (value != NULL && *value != '\0')
        return value;
    }

  return NULL;
}

/*
 * Like curl and wget, the monitor takes its proxy from the environment,
 * and connects directly when none is set.
 * The desktop's proxy settings come through GIO modules (libproxy, the
 * GNOME resolver and dconf) that cost a headless watcher over 2 MiB of
 * memory; --system-proxy asks for them all the same.
 */
static GProxyResolver *
environment_proxy_resolver (void)
{
  const char * const all_proxy[] = { "all_proxy", "ALL_PROXY", NULL };
  const char * const http_proxy[] = { "http_proxy", "HTTP_PROXY", NULL };
  const char * const https_proxy[] = { "https_proxy", "HTTPS_PROXY", NULL };
  const char * const no_proxy[] = { "no_proxy", "NO_PROXY", NULL };
  const char *ignored = getenv_any (no_proxy);
  g_auto(GStrv) ignore_hosts = ignored != NULL ? g_strsplit (ignored, ",", -1) : NULL;
  GProxyResolver *resolver;

  /* No resolver at all: GIO would load the desktop's to build even an
   * empty list of proxies. */
  if (getenv_any (all_proxy) == NULL && getenv_any (http_proxy) == NULL &&
      getenv_any (https_proxy) == NULL)
    return NULL;

  for (gsize i = 0; ignore_hosts != NULL && ignore_hosts[i] != NULL; i++)
    g_strstrip (ignore_hosts[i]);

  resolver = g_simple_proxy_resolver_new (getenv_any (all_proxy), ignore_hosts);
  /* libsoup asks for the proxy of the handshake's http:// or https:// URI. */
  if (getenv_any (http_proxy) != NULL)
    g_simple_proxy_resolver_set_uri_proxy (G_SIMPLE_PROXY_RESOLVER (resolver), "http",
                                           getenv_any (http_proxy));
  if (getenv_any (https_proxy) != NULL)
    g_simple_proxy_resolver_set_uri_proxy (G_SIMPLE_PROXY_RESOLVER (resolver), "https",
                                           getenv_any (https_proxy));

  return resolver;
}

static gboolean
parse_profile (const char     *nick,
               UplinkProfile  *profile,
               GError        **error)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (UPLINK_TYPE_PROFILE);
  GEnumValue *value = g_enum_get_value_by_nick (klass, nick);

  if (value == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("Invalid value for --profile: “%s” is not one of auto, websocket, "
                     "uplink, socketio, mqtt, xmpp"), nick);
      return FALSE;
    }

  *profile = value->value;
  return TRUE;
}

/* The file's first line, or UPLINK_PASSWORD; never on the command line,
 * where every user of the machine could read it. */
static gboolean
read_password (const Options  *options,
               char          **password,
               GError        **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;

  if (options->password_file == NULL)
    {
      *password = g_strdup (g_getenv ("UPLINK_PASSWORD"));
      return TRUE;
    }

  if (!g_file_get_contents (options->password_file, &contents, NULL, &local_error))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("Invalid value for --password-file: %s"), local_error->message);
      return FALSE;
    }

  contents[strcspn (contents, "\r\n")] = '\0';
  *password = g_steal_pointer (&contents);
  return TRUE;
}

static gboolean
set_login (UplinkConnection  *connection,
           const Options     *options,
           GError           **error)
{
  g_autofree char *password = NULL;
  UplinkProfile profile = UPLINK_PROFILE_AUTO;

  if (options->profile != NULL && !parse_profile (options->profile, &profile, error))
    return FALSE;
  if (!read_password (options, &password, error))
    return FALSE;

  uplink_connection_set_profile (connection, profile);
  uplink_connection_set_username (connection, options->username);
  uplink_connection_set_password (connection, password);
  return TRUE;
}

static UplinkConnection *
create_connection (const Options  *options,
                   GError        **error)
{
  g_autoptr(UplinkConnection) connection = uplink_connection_new (options->urls[0]);

  for (gsize i = 0; i < G_N_ELEMENTS (timing_properties); i++)
    if (options->timing_set[i])
      g_object_set (connection, timing_properties[i], options->timing[i], NULL);

  for (gsize i = 0; options->headers != NULL && options->headers[i] != NULL; i++)
    {
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;

      if (!parse_header (options->headers[i], &name, &value, error))
        return NULL;

      uplink_connection_set_request_header (connection, name, value);
    }

  if (options->protocols != NULL)
    uplink_connection_set_protocols (connection, (const char * const *) options->protocols);
  if (!set_login (connection, options, error))
    return NULL;

  if (!options->system_proxy)
    {
      g_autoptr(GProxyResolver) resolver = environment_proxy_resolver ();
      g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 0,
                                                                      "proxy-resolver", resolver,
                                                                      NULL);

      uplink_connection_set_session (connection, session);
    }

  return g_steal_pointer (&connection);
}

int
main (int   argc,
      char *argv[])
{
  g_auto(Options) options = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(UplinkConnection) connection = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *redacted_url = NULL;
  Monitor monitor = { 0 };
  guint sigint_source;
  guint sigterm_source;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("uplink-monitor");

  /* Scripts read the lines as they come, through pipes too. */
  setvbuf (stdout, NULL, _IOLBF, 0);

  if (!parse_options (&options, &argc, &argv, &error) ||
      (!options.version && (connection = create_connection (&options, &error)) == NULL))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      g_printerr (_("Try “%s --help” for more information."), g_get_prgname ());
      g_printerr ("\n");
      return EXIT_USAGE;
    }

  if (options.version)
    {
      g_print ("uplink-monitor %s\n", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  loop = g_main_loop_new (NULL, FALSE);
  monitor.connection = connection;
  monitor.loop = loop;
  monitor.json = options.json;
  monitor.exit_status = EXIT_SUCCESS;

  /* Never the URL as given: it may carry a token or a password. */
  redacted_url = uplink_redact_url (options.urls[0]);
  if (redacted_url != NULL)
    /* Translators: %s is the address of the server being watched. */
    g_printerr (_("watching %s"), redacted_url);
  else
    g_printerr (_("watching an unparsable URL"));
  g_printerr ("\n");

  g_signal_connect (connection, "notify::state", G_CALLBACK (on_state_changed), &monitor);
  g_signal_connect (connection, "connection-error", G_CALLBACK (on_connection_error), &monitor);
  sigint_source = g_unix_signal_add (SIGINT, on_quit_signal, &monitor);
  sigterm_source = g_unix_signal_add (SIGTERM, on_quit_signal, &monitor);

  uplink_connection_start (connection);
  g_main_loop_run (loop);

  g_clear_handle_id (&sigint_source, g_source_remove);
  g_clear_handle_id (&sigterm_source, g_source_remove);
  g_signal_handlers_disconnect_by_data (connection, &monitor);
  uplink_connection_stop (connection);
  g_clear_error (&monitor.pending_error);

  return monitor.exit_status;
}
