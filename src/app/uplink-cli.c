/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <uplink.h>

#include "uplink-cli.h"

#include "uplink-monitor-generated.h"

/*
 * `uplink status [NAME] [--json] [--wait=STATE [--timeout=S]]`: the state
 * of the servers the running Uplink watches, read from their
 * io.github.uplink.Uplink.Monitor objects (listed by the ObjectManager at
 * the root; the root object alone while the demo runs), for people and
 * scripts. It exits 0 when every watched server is up (connected or
 * featureThrottled) and 1 when one is not; NAME asks about one server.
 * With --wait it blocks, like nm-online, until every watched server (or
 * NAME) is in the state (exit 0) or the time is up (exit 1). It never
 * starts Uplink: a script asking whether the chat server is reachable
 * must not open a window.
 */

#define MONITOR_INTERFACE "io.github.uplink.Uplink.Monitor"

#define DEFAULT_TIMEOUT_S 30

typedef struct {
  GMainLoop *loop;
  GDBusObjectManager *manager;
  /* The root object's monitor: the demo's, and whether Uplink runs. */
  GDBusProxy *root;
  /* The monitors asked about (GDBusProxy), by name. */
  GPtrArray *monitors;
  const char *name;
  const char *wanted;
  int status;
} Query;

/* The monitor's string @value, or "" before the proxy has one. */
static char *
or_empty (char *value)
{
  return value != NULL ? value : g_strdup ("");
}

/* The monitor's paused features, or none before the proxy has them. */
static char **
or_none (char **features)
{
  return features != NULL ? features : g_new0 (char *, 1);
}

/* Up means the chat works: connected, even with some features paused. */
static gboolean
connection_is_up (GDBusProxy *proxy)
{
  g_autofree char *status = or_empty (uplink_bus_monitor_dup_status (UPLINK_BUS_MONITOR (proxy)));
  UplinkState state;

  return uplink_state_from_string (status, &state) &&
         (state == UPLINK_STATE_CONNECTED || state == UPLINK_STATE_FEATURE_THROTTLED);
}

static void
add_json (JsonBuilder *builder,
          GDBusProxy  *proxy)
{
  g_autofree char *name = or_empty (uplink_bus_monitor_dup_name (UPLINK_BUS_MONITOR (proxy)));
  g_autofree char *status = or_empty (uplink_bus_monitor_dup_status (UPLINK_BUS_MONITOR (proxy)));
  g_autofree char *url = or_empty (uplink_bus_monitor_dup_url (UPLINK_BUS_MONITOR (proxy)));
  g_autofree char *last_error = or_empty (uplink_bus_monitor_dup_last_error (UPLINK_BUS_MONITOR (proxy)));
  g_auto(GStrv) features = or_none (uplink_bus_monitor_dup_throttled_features (UPLINK_BUS_MONITOR (proxy)));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, status);
  json_builder_set_member_name (builder, "paused");
  json_builder_add_boolean_value (builder, uplink_bus_monitor_get_paused (UPLINK_BUS_MONITOR (proxy)));
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
  json_builder_add_int_value (builder, uplink_bus_monitor_get_attempt (UPLINK_BUS_MONITOR (proxy)));
  json_builder_set_member_name (builder, "next_retry");
  json_builder_add_int_value (builder, uplink_bus_monitor_get_next_retry (UPLINK_BUS_MONITOR (proxy)));
  json_builder_set_member_name (builder, "outage_since");
  json_builder_add_int_value (builder, uplink_bus_monitor_get_outage_since (UPLINK_BUS_MONITOR (proxy)));
  json_builder_end_object (builder);
}

/* An array of every server asked about; one object for NAME. */
static void
print_json (Query *query)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  if (query->name != NULL)
    {
      add_json (builder, g_ptr_array_index (query->monitors, 0));
    }
  else
    {
      json_builder_begin_array (builder);
      for (guint i = 0; i < query->monitors->len; i++)
        add_json (builder, g_ptr_array_index (query->monitors, i));
      json_builder_end_array (builder);
    }

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

static void
print_text (GDBusProxy *proxy)
{
  g_autofree char *status = or_empty (uplink_bus_monitor_dup_status (UPLINK_BUS_MONITOR (proxy)));
  g_autofree char *url = or_empty (uplink_bus_monitor_dup_url (UPLINK_BUS_MONITOR (proxy)));
  g_autofree char *last_error = or_empty (uplink_bus_monitor_dup_last_error (UPLINK_BUS_MONITOR (proxy)));
  g_auto(GStrv) features = or_none (uplink_bus_monitor_dup_throttled_features (UPLINK_BUS_MONITOR (proxy)));
  gint64 next_retry = uplink_bus_monitor_get_next_retry (UPLINK_BUS_MONITOR (proxy));

  /* The first line is the bare status, for `| head -1` in scripts. */
  g_print ("%s\n", status);
  if (uplink_bus_monitor_get_paused (UPLINK_BUS_MONITOR (proxy)))
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
  if (uplink_bus_monitor_get_outage_since (UPLINK_BUS_MONITOR (proxy)) != 0)
    {
      UplinkState state = UPLINK_STATE_DISCONNECTED;
      gboolean trying = next_retry != 0 ||
                        (uplink_state_from_string (status, &state) && state == UPLINK_STATE_CONNECTING);
      g_autofree char *outage = uplink_describe_outage_at (uplink_bus_monitor_get_outage_since (UPLINK_BUS_MONITOR (proxy)), next_retry,
                                                           trying ? (guint) uplink_bus_monitor_get_attempt (UPLINK_BUS_MONITOR (proxy)) + 1 : 0);

      g_print ("%s\n", outage);
    }
}

/* Whether a server counts for the exit status and --wait: watched, that
 * is neither paused nor disabled (which its object says as paused). */
static gboolean
is_watched (GDBusProxy *proxy)
{
  return !uplink_bus_monitor_get_paused (UPLINK_BUS_MONITOR (proxy));
}

static gboolean
all_are (Query      *query,
         const char *wanted)
{
  for (guint i = 0; i < query->monitors->len; i++)
    {
      GDBusProxy *proxy = g_ptr_array_index (query->monitors, i);
      g_autofree char *status = or_empty (uplink_bus_monitor_dup_status (UPLINK_BUS_MONITOR (proxy)));

      if ((query->name != NULL || is_watched (proxy)) && !g_str_equal (status, wanted))
        return FALSE;
    }
  return TRUE;
}

static gboolean
all_up (Query *query)
{
  for (guint i = 0; i < query->monitors->len; i++)
    {
      GDBusProxy *proxy = g_ptr_array_index (query->monitors, i);

      if ((query->name != NULL || is_watched (proxy)) && !connection_is_up (proxy))
        return FALSE;
    }
  return TRUE;
}

static void
check_state (Query *query)
{
  if (all_are (query, query->wanted))
    {
      query->status = UPLINK_CLI_OK;
      g_main_loop_quit (query->loop);
    }
}

static void
on_owner_changed (Query *query)
{
  g_autofree char *owner = g_dbus_proxy_get_name_owner (query->root);

  if (owner != NULL)
    return;

  g_printerr (_("uplink: Uplink quit before the connection was “%s”\n"), query->wanted);
  query->status = UPLINK_CLI_NOT_RUNNING;
  g_main_loop_quit (query->loop);
}

static gboolean
on_timeout (gpointer user_data)
{
  Query *query = user_data;

  query->status = UPLINK_CLI_TIMED_OUT;
  g_main_loop_quit (query->loop);
  return G_SOURCE_REMOVE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  g_autofree char *first = or_empty (uplink_bus_monitor_dup_name (UPLINK_BUS_MONITOR (*(GDBusProxy **) a)));
  g_autofree char *second = or_empty (uplink_bus_monitor_dup_name (UPLINK_BUS_MONITOR (*(GDBusProxy **) b)));

  return g_utf8_collate (first, second);
}

static GType
get_proxy_type (GDBusObjectManagerClient *manager,
                const char               *object_path,
                const char               *interface_name,
                gpointer                  user_data)
{
  if (interface_name != NULL && g_str_equal (interface_name, MONITOR_INTERFACE))
    return UPLINK_BUS_TYPE_MONITOR_PROXY;
  return interface_name != NULL ? G_TYPE_DBUS_PROXY : G_TYPE_DBUS_OBJECT_PROXY;
}

/* The servers' monitors, by name; the root's alone when there are none
 * (the demo, no server chosen yet, or a service still starting up). */
static GPtrArray *
find_monitors (Query *query)
{
  GPtrArray *monitors = g_ptr_array_new_with_free_func (g_object_unref);
  GList *objects = g_dbus_object_manager_get_objects (query->manager);

  for (GList *l = objects; l != NULL; l = l->next)
    {
      GDBusInterface *monitor = g_dbus_object_get_interface (l->data, MONITOR_INTERFACE);

      if (monitor != NULL)
        g_ptr_array_add (monitors, monitor);
    }
  g_list_free_full (objects, g_object_unref);
  g_ptr_array_sort (monitors, compare_names);

  if (monitors->len == 0)
    g_ptr_array_add (monitors, g_object_ref (query->root));

  return monitors;
}

/* Keeps the monitor named @name alone; FALSE if there is none. */
static gboolean
keep_named (GPtrArray  *monitors,
            const char *name)
{
  g_autofree char *wanted = g_utf8_casefold (name, -1);

  for (guint i = 0; i < monitors->len; i++)
    {
      g_autofree char *other = or_empty (uplink_bus_monitor_dup_name (g_ptr_array_index (monitors, i)));
      g_autofree char *folded = g_utf8_casefold (other, -1);

      if (g_str_equal (folded, wanted))
        {
          GDBusProxy *found = g_object_ref (g_ptr_array_index (monitors, i));

          g_ptr_array_set_size (monitors, 0);
          g_ptr_array_add (monitors, found);
          return TRUE;
        }
    }
  return FALSE;
}

/* One line a server: its name and status (and that it is paused). */
static void
print_lines (Query *query)
{
  for (guint i = 0; i < query->monitors->len; i++)
    {
      GDBusProxy *proxy = g_ptr_array_index (query->monitors, i);
      g_autofree char *name = or_empty (uplink_bus_monitor_dup_name (UPLINK_BUS_MONITOR (proxy)));
      g_autofree char *status = or_empty (uplink_bus_monitor_dup_status (UPLINK_BUS_MONITOR (proxy)));

      if (uplink_bus_monitor_get_paused (UPLINK_BUS_MONITOR (proxy)))
        /* TRANSLATORS: a server's name, then its status, e.g. “disconnected” */
        g_print (_("%s: %s (monitoring paused)\n"), name, status);
      else
        g_print ("%s: %s\n", name, status);
    }
}

/* The servers' statuses, for a message. */
static char *
join_statuses (Query *query)
{
  g_autoptr(GStrvBuilder) statuses = g_strv_builder_new ();
  g_auto(GStrv) joined = NULL;

  for (guint i = 0; i < query->monitors->len; i++)
    {
      g_autofree char *status = or_empty (uplink_bus_monitor_dup_status (g_ptr_array_index (query->monitors, i)));

      g_strv_builder_add (statuses, status);
    }
  joined = g_strv_builder_end (statuses);
  return g_strjoinv (", ", joined);
}

static void
follow_monitors (Query *query)
{
  for (guint i = 0; i < query->monitors->len; i++)
    g_signal_connect_swapped (g_ptr_array_index (query->monitors, i), "g-properties-changed",
                              G_CALLBACK (check_state), query);
}

static void
unfollow_monitors (Query *query)
{
  for (guint i = 0; i < query->monitors->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (query->monitors, i), query);
}

/* Servers come (a service starting up) or go while waiting for all. */
static void
on_objects_changed (Query *query)
{
  unfollow_monitors (query);
  g_ptr_array_unref (query->monitors);
  query->monitors = find_monitors (query);
  follow_monitors (query);
  check_state (query);
}

static int
wait_for (Query *query,
          int    timeout)
{
  guint timeout_id;

  follow_monitors (query);
  g_signal_connect_swapped (query->root, "notify::g-name-owner", G_CALLBACK (on_owner_changed), query);
  if (query->name == NULL)
    {
      g_signal_connect_swapped (query->manager, "object-added", G_CALLBACK (on_objects_changed), query);
      g_signal_connect_swapped (query->manager, "object-removed", G_CALLBACK (on_objects_changed), query);
    }
  timeout_id = g_timeout_add_seconds (timeout, on_timeout, query);

  check_state (query);
  if (query->status < 0)
    g_main_loop_run (query->loop);

  unfollow_monitors (query);
  g_signal_handlers_disconnect_by_data (query->root, query);
  g_signal_handlers_disconnect_by_data (query->manager, query);
  if (query->status != UPLINK_CLI_TIMED_OUT)
    g_source_remove (timeout_id);

  if (query->status == UPLINK_CLI_TIMED_OUT)
    {
      g_autofree char *statuses = join_statuses (query);

      /* Translators: %d is seconds; then two statuses, e.g. “connected” */
      g_printerr (g_dngettext (GETTEXT_PACKAGE,
                               "uplink status: timed out after %d second waiting for “%s”; the status is “%s”\n",
                               "uplink status: timed out after %d seconds waiting for “%s”; the status is “%s”\n",
                               timeout),
                  timeout, query->wanted, statuses);
    }
  return query->status;
}

static gboolean
is_status (const char *status)
{
  return uplink_state_from_string (status, NULL);
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
  g_autoptr(GDBusObjectManager) manager = NULL;
  g_autoptr(GDBusProxy) root = NULL;
  gboolean up;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *owner = NULL;
  const char *name = NULL;
  Query query = { .status = -1 };

  /* The usage line names the whole command, not the subcommand alone. */
  g_set_prgname ("uplink status");
  context = g_option_context_new (_("[NAME]"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Prints the state of the servers the running Uplink watches, one line\n"
                                  "each, or the details of the server named NAME.\n"
                                  "Exit status: 0 when every watched server is connected or featureThrottled\n"
                                  "(with --wait: when the state was reached), 1 when one is connecting or\n"
                                  "disconnected (with --wait: when the wait timed out), 2 when no Uplink is\n"
                                  "running, 3 for a usage error or an unknown NAME."));
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
  if (argc > 2)
    {
      g_printerr (_("uplink status: unexpected argument “%s”\n"), argv[2]);
      return UPLINK_CLI_USAGE;
    }
  name = argc > 1 ? argv[1] : NULL;
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

  root = G_DBUS_PROXY (uplink_bus_monitor_proxy_new_sync (bus, G_DBUS_PROXY_FLAGS_DO_NOT_AUTO_START,
                                                          APP_ID, APP_OBJECT_PATH, NULL, &error));
  owner = root != NULL ? g_dbus_proxy_get_name_owner (root) : NULL;
  if (owner != NULL)
    manager = g_dbus_object_manager_client_new_sync (bus, G_DBUS_OBJECT_MANAGER_CLIENT_FLAGS_DO_NOT_AUTO_START,
                                                     APP_ID, APP_OBJECT_PATH, get_proxy_type,
                                                     NULL, NULL, NULL, &error);
  if (manager == NULL)
    {
      g_printerr ("%s\n", _("uplink status: Uplink is not running"));
      return UPLINK_CLI_NOT_RUNNING;
    }

  query.loop = loop;
  query.manager = manager;
  query.root = root;
  query.name = name;
  query.wanted = wait;
  query.monitors = find_monitors (&query);
  if (name != NULL && !keep_named (query.monitors, name))
    {
      g_printerr (_("uplink status: Uplink watches no server named “%s”\n"), name);
      g_ptr_array_unref (query.monitors);
      return UPLINK_CLI_USAGE;
    }
  if (wait != NULL && wait_for (&query, timeout) != UPLINK_CLI_OK)
    {
      g_ptr_array_unref (query.monitors);
      return query.status;
    }

  if (json)
    print_json (&query);
  else if (query.monitors->len == 1)
    print_text (g_ptr_array_index (query.monitors, 0));
  else
    print_lines (&query);

  up = wait != NULL || all_up (&query);
  g_ptr_array_unref (query.monitors);
  return up ? UPLINK_CLI_OK : UPLINK_CLI_DOWN;
}
