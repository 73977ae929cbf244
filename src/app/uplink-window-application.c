/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "uplink-app-utils.h"
#include "uplink-preferences-dialog.h"
#include "uplink-window.h"
#include "uplink-window-application.h"
#include "uplink-servers-generated.h"

/*
 * The window process, `uplink-window`: GTK and libadwaita, the window,
 * the preferences and the event log, and nothing that watches the
 * connection. It shows the service's Monitor object (the root one unless
 * --object-path names another) through D-Bus alone, starts the service
 * by D-Bus activation when it is not running, and exits when its window
 * closes — which is how closing the window gives back all that opening
 * it took — or when the service leaves the bus.
 *
 * Its own app.* actions are those of the window's buttons, menus and
 * shortcuts; those that act on the connection go to the service (the
 * Monitor's methods of the object shown, the service's app.quit and
 * app.demo). The service drives this process through app.close,
 * app.toggle and app.autostart-failed.
 *
 * With several servers, the window lists them (the service's
 * ObjectManager says which there are), worst first, and a row opens that
 * server's page, which reads the server's own object. Changes to the list
 * go to the service through io.github.uplink.Uplink.Servers, so that
 * addresses and passwords never pass through GSettings.
 */

struct _UplinkWindowApplication
{
  AdwApplication parent_instance;

  GSettings *settings;
  /* Kept from the first command line: objects may come and go while the
   * application is no longer registered (shutting down). */
  GDBusConnection *bus;
  /* The root object, which says whether the service is there. */
  UplinkMonitorSource *source;
  UplinkEventLog *event_log;
  /* What the window shows: the root or one server's object, with the
   * event log of that object. */
  UplinkMonitorSource *shown;
  UplinkEventLog *shown_log;
  GCancellable *cancellable;
  UplinkBusServers *admin;
  GDBusObjectManager *manager;
  /* UplinkMonitorSource of each server object, and the same worst first. */
  GListStore *servers;
  GtkCustomSorter *sorter;
  GtkSortListModel *sorted;
  /* The service's own actions: app.quit, app.demo. */
  GDBusActionGroup *service_actions;
  gboolean demo;
  /* Weak: the window owns itself. */
  GtkWindow *preferences;
};

#define SERVERS_PATH APP_OBJECT_PATH "/servers/"

G_DEFINE_FINAL_TYPE (UplinkWindowApplication, uplink_window_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_DEMO,
  PROP_SHOWN,
  PROP_ADMIN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const GOptionEntry window_options[] = {
  { "object-path", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Show the server at this D-Bus object path of the Uplink service"), N_("PATH") },
  { "preferences", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Open the preferences"), NULL },
  { "event-log", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Open the event log"), NULL },
  { NULL }
};

static GtkWindow *
get_window (UplinkWindowApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (UPLINK_IS_WINDOW (l->data))
      return l->data;

  return NULL;
}

static void
close_window (UplinkWindowApplication *self)
{
  GtkWindow *window = get_window (self);

  if (window != NULL)
    gtk_window_close (window);
}

static void
update_pause_state (UplinkWindowApplication *self)
{
  GAction *pause = g_action_map_lookup_action (G_ACTION_MAP (self), "pause");
  gboolean paused = !uplink_status_source_get_running (UPLINK_STATUS_SOURCE (self->shown));

  g_simple_action_set_state (G_SIMPLE_ACTION (pause), g_variant_new_boolean (paused));
}

/* The service quit, or could not be reached: nothing left to show. */
static void
on_online_changed (UplinkWindowApplication *self)
{
  if (uplink_monitor_source_get_ready (self->source) && !uplink_monitor_source_get_online (self->source))
    {
      g_debug ("The Uplink service is gone: closing the window");
      close_window (self);
    }
}

static void
update_demo (UplinkWindowApplication *self)
{
  g_autoptr(GVariant) state = NULL;
  gboolean demo = FALSE;

  if (g_action_group_has_action (G_ACTION_GROUP (self->service_actions), "demo"))
    state = g_action_group_get_action_state (G_ACTION_GROUP (self->service_actions), "demo");
  if (state != NULL && g_variant_is_of_type (state, G_VARIANT_TYPE_BOOLEAN))
    demo = g_variant_get_boolean (state);

  if (demo == self->demo)
    return;
  self->demo = demo;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEMO]);
}

/* Worst first: disconnected, throttled, connecting, connected; a paused
 * (or disabled) server last. */
static int
rank (UplinkMonitorSource *source)
{
  UplinkStatusSource *status = UPLINK_STATUS_SOURCE (source);

  if (!uplink_status_source_get_running (status))
    return -1;
  return uplink_state_severity (uplink_status_source_get_state (status));
}

/* Then by name, as people read them, then by object path. */
static int
compare_servers (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  UplinkMonitorSource *first = UPLINK_MONITOR_SOURCE ((gpointer) a);
  UplinkMonitorSource *second = UPLINK_MONITOR_SOURCE ((gpointer) b);
  const char *first_name = uplink_monitor_source_get_name (first);
  const char *second_name = uplink_monitor_source_get_name (second);
  g_autofree char *first_key = g_utf8_casefold (first_name != NULL ? first_name : "", -1);
  g_autofree char *second_key = g_utf8_casefold (second_name != NULL ? second_name : "", -1);
  int by_rank = rank (second) - rank (first);
  int by_name = g_utf8_collate (first_key, second_key);

  if (by_rank != 0)
    return by_rank;
  if (by_name != 0)
    return by_name;
  return g_strcmp0 (uplink_monitor_source_get_object_path (first),
                    uplink_monitor_source_get_object_path (second));
}

static void
resort (UplinkWindowApplication *self)
{
  gtk_sorter_changed (GTK_SORTER (self->sorter), GTK_SORTER_CHANGE_DIFFERENT);
}

static gboolean
find_server (UplinkWindowApplication *self,
             const char              *object_path,
             guint                   *position)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->servers)); i++)
    {
      g_autoptr(UplinkMonitorSource) source = g_list_model_get_item (G_LIST_MODEL (self->servers), i);

      if (g_str_equal (uplink_monitor_source_get_object_path (source), object_path))
        {
          *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

static void
add_server (UplinkWindowApplication *self,
            GDBusObject             *object)
{
  const char *object_path = g_dbus_object_get_object_path (object);
  g_autoptr(UplinkMonitorSource) source = NULL;
  guint position;

  if (!g_str_has_prefix (object_path, SERVERS_PATH) || find_server (self, object_path, &position))
    return;

  source = uplink_monitor_source_new (self->bus, object_path);
  /* The order follows the state; the name only settles ties, and a
   * server's name arrives with its other properties. */
  g_signal_connect_object (source, "notify::state", G_CALLBACK (resort), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (source, "notify::running", G_CALLBACK (resort), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (source, "notify::ready", G_CALLBACK (resort), self, G_CONNECT_SWAPPED);
  g_list_store_append (self->servers, source);
}

static void
remove_server (UplinkWindowApplication *self,
               GDBusObject             *object)
{
  const char *object_path = g_dbus_object_get_object_path (object);
  guint position;

  if (!find_server (self, object_path, &position))
    return;

  /* A server removed while its page is open: back to the others. */
  if (g_str_equal (uplink_monitor_source_get_object_path (self->shown), object_path))
    uplink_window_application_show_object (self, APP_OBJECT_PATH);
  g_list_store_remove (self->servers, position);
}

static void
on_manager_ready (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(UplinkWindowApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  GList *objects;

  self->manager = g_dbus_object_manager_client_new_finish (result, &error);
  if (self->manager == NULL)
    {
      /* A service that left meanwhile takes the window with it. */
      if (uplink_app_error_is_service_gone (error))
        g_debug ("Cannot list Uplink’s servers: %s", error->message);
      else
        g_warning ("Cannot list Uplink’s servers: %s", error->message);
      return;
    }

  g_signal_connect_object (self->manager, "object-added", G_CALLBACK (add_server), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->manager, "object-removed", G_CALLBACK (remove_server), self,
                           G_CONNECT_SWAPPED);
  objects = g_dbus_object_manager_get_objects (self->manager);
  for (GList *l = objects; l != NULL; l = l->next)
    add_server (self, l->data);
  g_list_free_full (objects, g_object_unref);
}

static void
on_admin_ready (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(UplinkWindowApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  self->admin = uplink_bus_servers_proxy_new_finish (result, &error);
  if (self->admin != NULL)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ADMIN]);
  else if (uplink_app_error_is_service_gone (error))
    g_debug ("Cannot reach Uplink’s server list: %s", error->message);
  else
    g_warning ("Cannot reach Uplink’s server list: %s", error->message);
}

/* The root object and the server list are read from the first command
 * line (or activation) on. */
static void
ensure_source (UplinkWindowApplication *self)
{
  GDBusConnection *bus = g_application_get_dbus_connection (G_APPLICATION (self));

  if (self->source != NULL)
    return;

  self->bus = g_object_ref (bus);
  self->source = uplink_monitor_source_new (bus, APP_OBJECT_PATH);
  g_signal_connect_object (self->source, "notify::online", G_CALLBACK (on_online_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->source, "event-logged", G_CALLBACK (uplink_event_log_append), self->event_log,
                           G_CONNECT_SWAPPED);
  uplink_event_log_set_source (self->event_log, UPLINK_STATUS_SOURCE (self->source));
  uplink_window_application_show_object (self, APP_OBJECT_PATH);

  g_dbus_object_manager_client_new (bus, G_DBUS_OBJECT_MANAGER_CLIENT_FLAGS_NONE, APP_ID, APP_OBJECT_PATH,
                                    NULL, NULL, NULL, self->cancellable, on_manager_ready,
                                    g_object_ref (self));
  uplink_bus_servers_proxy_new (bus, G_DBUS_PROXY_FLAGS_NONE, APP_ID, APP_OBJECT_PATH, self->cancellable,
                                on_admin_ready, g_object_ref (self));

  self->service_actions = g_dbus_action_group_get (bus, APP_ID, APP_OBJECT_PATH);
  g_signal_connect_object (self->service_actions, "action-added::demo", G_CALLBACK (update_demo), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->service_actions, "action-state-changed::demo", G_CALLBACK (update_demo), self,
                           G_CONNECT_SWAPPED);
  /* A GDBusActionGroup describes the remote actions once asked. */
  g_strfreev (g_action_group_list_actions (G_ACTION_GROUP (self->service_actions)));
}

static void
reconnect (GSimpleAction *action,
           GVariant      *parameter,
           gpointer       user_data)
{
  UplinkWindowApplication *self = user_data;

  if (self->shown != NULL)
    uplink_status_source_reconnect (UPLINK_STATUS_SOURCE (self->shown));
}

static void
change_pause (GSimpleAction *action,
              GVariant      *state,
              gpointer       user_data)
{
  UplinkWindowApplication *self = user_data;

  if (self->shown == NULL)
    return;
  if (g_variant_get_boolean (state))
    uplink_status_source_pause (UPLINK_STATUS_SOURCE (self->shown));
  else
    uplink_status_source_resume (UPLINK_STATUS_SOURCE (self->shown));
  /* The state itself follows the service's Paused. */
}

static void
show_preferences (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  UplinkWindowApplication *self = user_data;
  GtkWindow *window = uplink_window_application_present (self);

  /* One preferences window, raised again rather than doubled. */
  if (self->preferences == NULL)
    {
      self->preferences = GTK_WINDOW (uplink_preferences_dialog_new (self->settings, self->admin));
      g_object_bind_property (self, "admin", self->preferences, "admin", G_BINDING_DEFAULT);
      g_object_add_weak_pointer (G_OBJECT (self->preferences), (gpointer *) &self->preferences);
      gtk_window_set_transient_for (self->preferences, window);
    }
  gtk_window_present (self->preferences);
}

static void
show_event_log (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GtkWindow *window = uplink_window_application_present (user_data);

  gtk_widget_activate_action (GTK_WIDGET (window), "uplink.event-log", NULL);
}

static void
show_about (GSimpleAction *action,
            GVariant      *parameter,
            gpointer       user_data)
{
  UplinkWindowApplication *self = user_data;
  static const char *developers[] = { "The Uplink authors", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", uplink_window_application_present (self),
                        "application-name", _("Uplink"),
                        "application-icon", APP_ID,
                        "developer-name", _("The Uplink authors"),
                        "developers", developers,
                        "version", PACKAGE_VERSION,
                        "comments", _("Shows whether your chat server is reachable"),
                        "website", "https://github.com/uplink/uplink",
                        "issue-url", "https://github.com/uplink/uplink/issues",
                        "license-type", GTK_LICENSE_LGPL_2_1,
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

/* Quits Uplink, not only its window: the window follows the service. */
static void
quit (GSimpleAction *action,
      GVariant      *parameter,
      gpointer       user_data)
{
  UplinkWindowApplication *self = user_data;

  if (self->service_actions != NULL)
    g_action_group_activate_action (G_ACTION_GROUP (self->service_actions), "quit", NULL);
  close_window (self);
}

static void
close_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  close_window (user_data);
}

/* The tray's click: forward, or away when already in front. */
static void
toggle (GSimpleAction *action,
        GVariant      *parameter,
        gpointer       user_data)
{
  UplinkWindowApplication *self = user_data;
  GtkWindow *window = get_window (self);

  if (window != NULL && gtk_window_is_active (window))
    close_window (self);
  else
    uplink_window_application_present (self);
}

/* The service could not change "Run at login": said where the switch
 * is, if the preferences are open. */
static void
autostart_failed (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  UplinkWindowApplication *self = user_data;

  if (self->preferences != NULL)
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self->preferences),
                                      adw_toast_new (g_variant_get_string (parameter, NULL)));
}

static const GActionEntry app_actions[] = {
  { "reconnect", reconnect },
  { "pause", NULL, NULL, "false", change_pause },
  { "preferences", show_preferences },
  { "event-log", show_event_log },
  { "about", show_about },
  { "quit", quit },
  { "close", close_action },
  { "toggle", toggle },
  { "autostart-failed", autostart_failed, "s" },
};

static void
uplink_window_application_startup (GApplication *application)
{
  UplinkWindowApplication *self = UPLINK_WINDOW_APPLICATION (application);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *reconnect_accels[] = { "<Control>r", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };

  G_APPLICATION_CLASS (uplink_window_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.reconnect", reconnect_accels);
  /* GtkWindow's own action: closing the window ends this process. */
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close", close_accels);

  self->settings = g_settings_new (APP_ID);
}

static int
uplink_window_application_command_line (GApplication            *application,
                                        GApplicationCommandLine *command_line)
{
  UplinkWindowApplication *self = UPLINK_WINDOW_APPLICATION (application);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  const char *object_path = APP_OBJECT_PATH;

  if (g_variant_dict_lookup (options, "object-path", "&s", &object_path) &&
      !g_variant_is_object_path (object_path))
    {
      g_application_command_line_printerr (command_line, _("Not a D-Bus object path: %s\n"), object_path);
      return 1;
    }

  ensure_source (self);
  /* The tray's line for one server opens (or switches to) its page. */
  if (g_variant_dict_contains (options, "object-path"))
    uplink_window_application_show_object (self, object_path);

  if (g_variant_dict_contains (options, "preferences"))
    g_action_group_activate_action (G_ACTION_GROUP (self), "preferences", NULL);
  else if (g_variant_dict_contains (options, "event-log"))
    g_action_group_activate_action (G_ACTION_GROUP (self), "event-log", NULL);
  else
    uplink_window_application_present (self);

  return 0;
}

/* Started without a command line (D-Bus activation of the window, or a
 * test): the root object. */
static void
uplink_window_application_activate (GApplication *application)
{
  UplinkWindowApplication *self = UPLINK_WINDOW_APPLICATION (application);

  ensure_source (self);
  uplink_window_application_present (self);
}

static void
uplink_window_application_dispose (GObject *object)
{
  UplinkWindowApplication *self = UPLINK_WINDOW_APPLICATION (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->shown);
  g_clear_object (&self->shown_log);
  g_clear_object (&self->source);
  g_clear_object (&self->event_log);
  g_clear_object (&self->admin);
  g_clear_object (&self->manager);
  g_clear_object (&self->bus);
  /* The sorted model owns the sorter. */
  self->sorter = NULL;
  g_clear_object (&self->sorted);
  g_clear_object (&self->servers);
  g_clear_object (&self->service_actions);
  g_clear_object (&self->settings);
  if (self->preferences != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->preferences), (gpointer *) &self->preferences);
  self->preferences = NULL;

  G_OBJECT_CLASS (uplink_window_application_parent_class)->dispose (object);
}

static void
uplink_window_application_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  UplinkWindowApplication *self = UPLINK_WINDOW_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_DEMO:
      g_value_set_boolean (value, self->demo);
      break;
    case PROP_SHOWN:
      g_value_set_object (value, self->shown);
      break;
    case PROP_ADMIN:
      g_value_set_object (value, self->admin);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
uplink_window_application_class_init (UplinkWindowApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = uplink_window_application_dispose;
  object_class->get_property = uplink_window_application_get_property;

  application_class->startup = uplink_window_application_startup;
  application_class->activate = uplink_window_application_activate;
  application_class->command_line = uplink_window_application_command_line;

  /**
   * UplinkWindowApplication:demo:
   *
   * Whether the service watches its in-process demo server.
   */
  properties[PROP_DEMO] =
    g_param_spec_boolean ("demo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * UplinkWindowApplication:shown:
   *
   * What the window shows: the root object or one server's.
   */
  properties[PROP_SHOWN] =
    g_param_spec_object ("shown", NULL, NULL, UPLINK_TYPE_MONITOR_SOURCE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * UplinkWindowApplication:admin:
   *
   * The service's io.github.uplink.Uplink.Servers, once reached.
   */
  properties[PROP_ADMIN] =
    g_param_spec_object ("admin", NULL, NULL, UPLINK_BUS_TYPE_SERVERS,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
uplink_window_application_init (UplinkWindowApplication *self)
{
  self->event_log = uplink_event_log_new (FALSE);
  self->cancellable = g_cancellable_new ();
  self->servers = g_list_store_new (UPLINK_TYPE_MONITOR_SOURCE);
  self->sorter = gtk_custom_sorter_new (compare_servers, NULL, NULL);
  /* The sorted model owns the sorter, which lives as long. */
  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->servers)),
                                          GTK_SORTER (self->sorter));

  g_application_add_main_option_entries (G_APPLICATION (self), window_options);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Uplink’s window, which shows the state of the Uplink service."));
}

UplinkWindowApplication *
uplink_window_application_new (void)
{
  return g_object_new (UPLINK_TYPE_WINDOW_APPLICATION,
                       "application-id", WINDOW_APP_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", APP_OBJECT_PATH,
                       NULL);
}

/**
 * uplink_window_application_get_source:
 * @self: the application
 *
 * Returns: (transfer none) (nullable): the service's state as this
 *   process sees it, once a command line named it
 */
UplinkMonitorSource *
uplink_window_application_get_source (UplinkWindowApplication *self)
{
  g_return_val_if_fail (UPLINK_IS_WINDOW_APPLICATION (self), NULL);

  return self->source;
}

GSettings *
uplink_window_application_get_settings (UplinkWindowApplication *self)
{
  g_return_val_if_fail (UPLINK_IS_WINDOW_APPLICATION (self), NULL);

  return self->settings;
}

/**
 * uplink_window_application_get_event_log:
 * @self: the application
 *
 * Returns: (transfer none): the event log of what the window shows
 */
UplinkEventLog *
uplink_window_application_get_event_log (UplinkWindowApplication *self)
{
  g_return_val_if_fail (UPLINK_IS_WINDOW_APPLICATION (self), NULL);

  return self->shown_log;
}

/**
 * uplink_window_application_get_shown:
 * @self: the application
 *
 * Returns: (transfer none) (nullable): what the window shows: the root
 *   object, or one server's
 */
UplinkMonitorSource *
uplink_window_application_get_shown (UplinkWindowApplication *self)
{
  g_return_val_if_fail (UPLINK_IS_WINDOW_APPLICATION (self), NULL);

  return self->shown;
}

/**
 * uplink_window_application_show_object:
 * @self: the application
 * @object_path: the root object's path, or a server object's
 *
 * Makes the window show @object_path. A server's page reads its object
 * afresh each time, so that its timeline and event log come whole.
 */
void
uplink_window_application_show_object (UplinkWindowApplication *self,
                                       const char              *object_path)
{
  g_autoptr(UplinkMonitorSource) source = NULL;
  g_autoptr(UplinkEventLog) log = NULL;

  g_return_if_fail (UPLINK_IS_WINDOW_APPLICATION (self));
  g_return_if_fail (g_variant_is_object_path (object_path));
  g_return_if_fail (self->source != NULL);

  if (self->shown != NULL && g_str_equal (uplink_monitor_source_get_object_path (self->shown), object_path))
    return;

  if (g_str_equal (object_path, APP_OBJECT_PATH))
    {
      source = g_object_ref (self->source);
      log = g_object_ref (self->event_log);
    }
  else
    {
      source = uplink_monitor_source_new (self->bus, object_path);
      log = uplink_event_log_new (FALSE);
      g_signal_connect_object (source, "event-logged", G_CALLBACK (uplink_event_log_append), log,
                               G_CONNECT_SWAPPED);
      uplink_event_log_set_source (log, UPLINK_STATUS_SOURCE (source));
    }

  if (self->shown != NULL)
    g_signal_handlers_disconnect_by_func (self->shown, update_pause_state, self);
  g_set_object (&self->shown, source);
  g_set_object (&self->shown_log, log);
  g_signal_connect_object (source, "notify::running", G_CALLBACK (update_pause_state), self,
                           G_CONNECT_SWAPPED);
  update_pause_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOWN]);
}

/**
 * uplink_window_application_get_servers:
 * @self: the application
 *
 * Returns: (transfer none): the server objects, as #UplinkMonitorSource,
 *   worst first
 */
GListModel *
uplink_window_application_get_servers (UplinkWindowApplication *self)
{
  g_return_val_if_fail (UPLINK_IS_WINDOW_APPLICATION (self), NULL);

  return G_LIST_MODEL (self->sorted);
}

/**
 * uplink_window_application_get_admin:
 * @self: the application
 *
 * Returns: (transfer none) (nullable): the service's
 *   io.github.uplink.Uplink.Servers, or %NULL until it is reached
 */
UplinkBusServers *
uplink_window_application_get_admin (UplinkWindowApplication *self)
{
  g_return_val_if_fail (UPLINK_IS_WINDOW_APPLICATION (self), NULL);

  return self->admin;
}

gboolean
uplink_window_application_get_demo (UplinkWindowApplication *self)
{
  g_return_val_if_fail (UPLINK_IS_WINDOW_APPLICATION (self), FALSE);

  return self->demo;
}

/**
 * uplink_window_application_start_demo:
 * @self: the application
 *
 * Asks the service to watch its demo server; the window follows
 * [property@WindowApplication:demo].
 */
void
uplink_window_application_start_demo (UplinkWindowApplication *self)
{
  g_return_if_fail (UPLINK_IS_WINDOW_APPLICATION (self));

  if (self->service_actions != NULL)
    g_action_group_change_action_state (G_ACTION_GROUP (self->service_actions), "demo",
                                        g_variant_new_boolean (TRUE));
}

/**
 * uplink_window_application_present:
 * @self: the application
 *
 * Shows the window, made the first time.
 *
 * Returns: (transfer none): the window
 */
GtkWindow *
uplink_window_application_present (UplinkWindowApplication *self)
{
  GtkWindow *window;

  g_return_val_if_fail (UPLINK_IS_WINDOW_APPLICATION (self), NULL);
  g_return_val_if_fail (self->source != NULL, NULL);

  window = get_window (self);
  if (window == NULL)
    window = GTK_WINDOW (uplink_window_new (self));
  gtk_window_present (window);
  return window;
}
