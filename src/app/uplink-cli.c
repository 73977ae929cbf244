/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <uplink.h>

#include "uplink-cli.h"

/*
 * `uplink status [--json] [--wait=STATE [--timeout=S]]`: the state of the
 * running Uplink, read from its io.github.uplink.Uplink.Monitor interface,
 * for people and scripts. It exits 0 when the connection is up (connected
 * or featureThrottled) and 1 when it is not. With --wait it blocks, like
 * nm-online, until the state is reached (exit 0) or the time is up
 * (exit 1). It never starts
 * Uplink: a script asking whether the chat server is reachable must not
 * open a window.
 */

#define BUS_NAME "io.github.uplink.Uplink"
#define OBJECT_PATH "/io/github/uplink/Uplink"
#define MONITOR_INTERFACE "io.github.uplink.Uplink.Monitor"

#define DEFAULT_TIMEOUT_S 30

typedef struct {
  GMainLoop *loop;
  GDBusProxy *proxy;
  const char *wanted;
  int status;
} Waiter;

static char *
get_string (GDBusProxy *proxy,
            const char *name)
{
  g_autoptr(GVariant) value = g_dbus_proxy_get_cached_property (proxy, name);

  if (value == NULL || !g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    return g_strdup ("");
  return g_variant_dup_string (value, NULL);
}

/* Up means the chat works: connected, even with some features paused. */
static gboolean
connection_is_up (GDBusProxy *proxy)
{
  g_autofree char *status = get_string (proxy, "Status");

  return g_str_equal (status, "connected") || g_str_equal (status, "featureThrottled");
}

static char **
get_strv (GDBusProxy *proxy,
          const char *name)
{
  g_autoptr(GVariant) value = g_dbus_proxy_get_cached_property (proxy, name);

  if (value == NULL || !g_variant_is_of_type (value, G_VARIANT_TYPE_STRING_ARRAY))
    return g_new0 (char *, 1);
  return g_variant_dup_strv (value, NULL);
}

static gboolean
get_boolean (GDBusProxy *proxy,
             const char *name)
{
  g_autoptr(GVariant) value = g_dbus_proxy_get_cached_property (proxy, name);

  return value != NULL && g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN) &&
         g_variant_get_boolean (value);
}

static gint64
get_int (GDBusProxy *proxy,
         const char *name)
{
  g_autoptr(GVariant) value = g_dbus_proxy_get_cached_property (proxy, name);

  if (value == NULL)
    return 0;
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_UINT32))
    return g_variant_get_uint32 (value);
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
    return g_variant_get_int64 (value);
  return 0;
}

static void
print_json (GDBusProxy *proxy)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *status = get_string (proxy, "Status");
  g_autofree char *url = get_string (proxy, "Url");
  g_autofree char *last_error = get_string (proxy, "LastError");
  g_auto(GStrv) features = get_strv (proxy, "ThrottledFeatures");
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, status);
  json_builder_set_member_name (builder, "paused");
  json_builder_add_boolean_value (builder, get_boolean (proxy, "Paused"));
  json_builder_set_member_name (builder, "url");
  json_builder_add_string_value (builder, url);
  json_builder_set_member_name (builder, "last_error");
  if (*last_error != '\0')
    json_builder_add_string_value (builder, last_error);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "throttled_features");
  json_builder_begin_array (builder);
  for (guint i = 0; features[i] != NULL; i++)
    json_builder_add_string_value (builder, features[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "attempt");
  json_builder_add_int_value (builder, get_int (proxy, "Attempt"));
  json_builder_set_member_name (builder, "next_retry");
  json_builder_add_int_value (builder, get_int (proxy, "NextRetry"));
  json_builder_set_member_name (builder, "outage_since");
  json_builder_add_int_value (builder, get_int (proxy, "OutageSince"));
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

static void
print_text (GDBusProxy *proxy)
{
  g_autofree char *status = get_string (proxy, "Status");
  g_autofree char *url = get_string (proxy, "Url");
  g_autofree char *last_error = get_string (proxy, "LastError");
  g_auto(GStrv) features = get_strv (proxy, "ThrottledFeatures");
  gint64 next_retry = get_int (proxy, "NextRetry");

  /* The first line is the bare status, for `| head -1` in scripts. */
  g_print ("%s\n", status);
  if (get_boolean (proxy, "Paused"))
    g_print ("%s\n", _("Monitoring paused: Uplink does not watch the connection until you resume it."));
  if (*url != '\0')
    g_print (_("Server: %s\n"), url);
  else
    g_print ("%s\n", _("Server: none chosen yet"));
  if (*last_error != '\0')
    g_print (_("Last error: %s\n"), last_error);
  if (features[0] != NULL)
    {
      g_autofree char *words = uplink_describe_features ((const char * const *) features);

      g_print (_("Paused features: %s\n"), words);
    }
  if (get_int (proxy, "OutageSince") != 0)
    {
      gboolean trying = next_retry != 0 || g_str_equal (status, "connecting");
      g_autofree char *outage = uplink_describe_outage_at (get_int (proxy, "OutageSince"), next_retry,
                                                           trying ? (guint) get_int (proxy, "Attempt") + 1 : 0);

      g_print ("%s\n", outage);
    }
}

static void
check_state (Waiter *waiter)
{
  g_autofree char *status = get_string (waiter->proxy, "Status");

  if (g_str_equal (status, waiter->wanted))
    {
      waiter->status = UPLINK_CLI_OK;
      g_main_loop_quit (waiter->loop);
    }
}

static void
on_owner_changed (Waiter *waiter)
{
  g_autofree char *owner = g_dbus_proxy_get_name_owner (waiter->proxy);

  if (owner != NULL)
    return;

  g_printerr (_("uplink: Uplink quit before the connection was “%s”\n"), waiter->wanted);
  waiter->status = UPLINK_CLI_NOT_RUNNING;
  g_main_loop_quit (waiter->loop);
}

static gboolean
on_timeout (gpointer user_data)
{
  Waiter *waiter = user_data;

  waiter->status = UPLINK_CLI_TIMED_OUT;
  g_main_loop_quit (waiter->loop);
  return G_SOURCE_REMOVE;
}

static gboolean
is_status (const char *status)
{
  return g_str_equal (status, "connected") || g_str_equal (status, "connecting") ||
         g_str_equal (status, "disconnected") || g_str_equal (status, "featureThrottled");
}

/* --wait alone waits until connected, like nm-online. */
static gboolean
on_wait_option (const char  *option_name,
                const char  *value,
                gpointer     data,
                GError     **error)
{
  char **wait = data;

  g_free (*wait);
  *wait = g_strdup (value != NULL ? value : "connected");
  return TRUE;
}

int
uplink_cli_status (int    argc,
                   char **argv)
{
  gboolean json = FALSE;
  g_autofree char *wait = NULL;
  int timeout = DEFAULT_TIMEOUT_S;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON instead of text"), NULL },
    { "wait", 0, G_OPTION_FLAG_OPTIONAL_ARG, G_OPTION_ARG_CALLBACK, on_wait_option,
      N_("Wait until the status is STATE: connected (the default), connecting, disconnected or featureThrottled"),
      N_("STATE") },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout,
      N_("Give up waiting after S seconds (default 30)"), N_("S") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  GOptionGroup *group;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GDBusProxy) proxy = NULL;
  g_autofree char *owner = NULL;

  /* The usage line names the whole command, not the subcommand alone. */
  g_set_prgname ("uplink status");
  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Prints the state of the connection the running Uplink watches.\n"
                                  "Exit status: 0 when connected or featureThrottled (with --wait: when\n"
                                  "the state was reached), 1 when connecting or disconnected (with --wait:\n"
                                  "when the wait timed out), 2 when no Uplink is running, 3 for a usage error."));
  /* A group of its own, so that the --wait callback gets &wait. */
  group = g_option_group_new ("status", NULL, NULL, &wait, NULL);
  g_option_group_add_entries (group, entries);
  g_option_group_set_translation_domain (group, GETTEXT_PACKAGE);
  g_option_context_set_main_group (context, group);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("uplink status: %s\n", error->message);
      return UPLINK_CLI_USAGE;
    }
  if (argc > 1)
    {
      g_printerr (_("uplink status: unexpected argument “%s”\n"), argv[1]);
      return UPLINK_CLI_USAGE;
    }
  if (wait != NULL && !is_status (wait))
    {
      g_printerr (_("uplink status: “%s” is not a status: use connected, connecting, "
                    "disconnected or featureThrottled\n"), wait);
      return UPLINK_CLI_USAGE;
    }
  if (timeout < 0)
    {
      g_printerr ("%s\n", _("uplink status: the timeout cannot be negative"));
      return UPLINK_CLI_USAGE;
    }

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  if (bus == NULL)
    {
      g_printerr (_("uplink status: no session bus, so no Uplink is running: %s\n"), error->message);
      return UPLINK_CLI_NOT_RUNNING;
    }

  proxy = g_dbus_proxy_new_sync (bus,
                                 G_DBUS_PROXY_FLAGS_DO_NOT_AUTO_START |
                                 G_DBUS_PROXY_FLAGS_DO_NOT_CONNECT_SIGNALS,
                                 NULL, BUS_NAME, OBJECT_PATH, MONITOR_INTERFACE,
                                 NULL, &error);
  owner = proxy != NULL ? g_dbus_proxy_get_name_owner (proxy) : NULL;
  if (owner == NULL)
    {
      g_printerr ("%s\n", _("uplink status: Uplink is not running"));
      return UPLINK_CLI_NOT_RUNNING;
    }

  if (wait != NULL)
    {
      g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
      Waiter waiter = { loop, proxy, wait, -1 };
      guint timeout_id;

      g_signal_connect_swapped (proxy, "g-properties-changed", G_CALLBACK (check_state), &waiter);
      g_signal_connect_swapped (proxy, "notify::g-name-owner", G_CALLBACK (on_owner_changed), &waiter);
      timeout_id = g_timeout_add_seconds (timeout, on_timeout, &waiter);

      check_state (&waiter);
      if (waiter.status < 0)
        g_main_loop_run (loop);

      g_signal_handlers_disconnect_by_data (proxy, &waiter);
      if (waiter.status != UPLINK_CLI_TIMED_OUT)
        g_source_remove (timeout_id);

      if (waiter.status == UPLINK_CLI_TIMED_OUT)
        {
          g_autofree char *status = get_string (proxy, "Status");

          /* Translators: %d is seconds; then two statuses, e.g. “connected” */
          g_printerr (g_dngettext (GETTEXT_PACKAGE,
                                   "uplink status: timed out after %d second waiting for “%s”; the status is “%s”\n",
                                   "uplink status: timed out after %d seconds waiting for “%s”; the status is “%s”\n",
                                   timeout),
                      timeout, wait, status);
        }
      if (waiter.status != UPLINK_CLI_OK)
        return waiter.status;
    }

  if (json)
    print_json (proxy);
  else
    print_text (proxy);

  return wait != NULL || connection_is_up (proxy) ? UPLINK_CLI_OK : UPLINK_CLI_DOWN;
}
