/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <libnotify/notify.h>

#include "uplink-app-utils.h"
#include "uplink-application.h"
#include "uplink-autostart.h"
#include "uplink-dbus-monitor.h"
#include "uplink-dbus-server-admin.h"
#include "uplink-dbus-servers.h"
#include "uplink-demo.h"
#include "uplink-event-log.h"
#include "uplink-notifier.h"
#include "uplink-server-list.h"
#include "uplink-status-notifier.h"

/*
 * The service: one connection, to the server in the settings (or to the
 * in-process demo server), shared by the notifications, the D-Bus monitor
 * and the tray. GLib and GIO only: it never loads GTK, so that watching
 * all day costs what a tray applet should.
 *
 * The window is another program, `uplink-window`, which this service
 * starts when the window is asked for (activation, the tray, `uplink`
 * launched again) and which shows the service's state through D-Bus
 * alone. It exits when its window closes, giving back all it took; the
 * service follows its bus name to know whether the window is open.
 *
 * The connection's URL is fixed at construction, so a new address means
 * a new connection: everything that shows one follows the `connection`
 * property rather than keeping the first.
 *
 * Actions, for the tray, notifications and the window alike:
 * app.show-window, app.show-server (a server's id: the window on its
 * page), app.hide-window, app.toggle-window, app.reconnect,
 * app.pause (a boolean state: TRUE while paused), app.demo (a boolean
 * state: TRUE while the demo runs; set it to start the demo),
 * app.preferences, app.event-log, app.quit.
 *
 * Started as a service (`--gapplication-service`, as at login and on D-Bus
 * activation) it opens no window and watches from the tray; once the tray
 * has been looked for and there is none, the window opens after all, so
 * that Uplink never runs unseen.
 */

struct _UplinkApplication
{
  GApplication parent_instance;

  GSettings *settings;
  UplinkCredentials *credentials;
  UplinkServerList *servers;
  /* The demo's own connection, while it runs. */
  UplinkConnection *demo_connection;
  /* What shows one connection shows this: the demo's, else the worst
   * watched server's. */
  UplinkConnection *connection;
  UplinkNotifier *notifier;
  UplinkEventLog *event_log;
  UplinkStatusNotifier *tray;
  UplinkDbusMonitor *monitor;
  /* One object per server under servers/, with an ObjectManager. */
  UplinkDbusServers *dbus_servers;
  UplinkDbusServerAdmin *server_admin;
  UplinkDemo *demo;
  UplinkAutostart *autostart;
  gboolean held;
  /* Started without a window: held until the tray has been looked for. */
  gboolean awaiting_tray;
  guint sigint_source;
  guint sigterm_source;
  /* The window process's bus name, watched: held while it is there. */
  guint window_watch;
  gboolean window_open;
};

G_DEFINE_FINAL_TYPE (UplinkApplication, uplink_application, G_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_CONNECTION,
  PROP_DEMO,
  PROP_HAS_TRAY,
  PROP_WINDOW_OPEN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const GOptionEntry app_options[] = {
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Watch a demo server that runs inside Uplink and goes through every state"), NULL },
  { "url", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Watch this server (ws:// or wss://) from now on"), N_("URL") },
  { "background", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Start without a window (it opens when there is no tray to show Uplink in)"), NULL },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and exit"), NULL },
  { NULL }
};

static void
update_pause_state (UplinkApplication *self)
{
  GAction *pause = g_action_map_lookup_action (G_ACTION_MAP (self), "pause");
  GAction *reconnect = g_action_map_lookup_action (G_ACTION_MAP (self), "reconnect");
  gboolean paused = self->connection != NULL && !uplink_connection_get_running (self->connection);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (pause), self->connection != NULL);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (reconnect), self->connection != NULL);
  g_simple_action_set_state (G_SIMPLE_ACTION (pause), g_variant_new_boolean (paused));
}

static void update_hold (UplinkApplication *self);

/* The window shows the demo's page and title from app.demo's state. */
static void
update_demo_state (UplinkApplication *self)
{
  GAction *demo = g_action_map_lookup_action (G_ACTION_MAP (self), "demo");

  g_simple_action_set_state (G_SIMPLE_ACTION (demo), g_variant_new_boolean (self->demo != NULL));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEMO]);
}

/* What the tray, the notifications and the root D-Bus object show: the
 * demo's connection while it runs, else the worst watched server's. */
static void
show_connection (UplinkApplication *self)
{
  UplinkConnection *connection = self->demo_connection;

  if (connection == NULL && self->servers != NULL)
    connection = uplink_server_list_get_connection (self->servers);
  if (connection == self->connection)
    return;

  if (self->connection != NULL)
    g_signal_handlers_disconnect_by_func (self->connection, update_pause_state, self);
  g_set_object (&self->connection, connection);
  if (connection != NULL)
    g_signal_connect_object (connection, "notify::running",
                             G_CALLBACK (update_pause_state), self, G_CONNECT_SWAPPED);
  update_pause_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION]);
}

/* The notifications and the tray tell each server apart, except during
 * the demo, which is one connection of its own. */
static void
show_servers (UplinkApplication *self)
{
  UplinkServerList *servers = self->demo_connection == NULL ? self->servers : NULL;

  if (self->notifier != NULL)
    uplink_notifier_set_servers (self->notifier, servers);
  if (self->tray != NULL)
    uplink_status_notifier_set_servers (self->tray, servers);
}

/* Watches the demo server at @url, or stops for NULL. */
static void
set_demo_url (UplinkApplication  *self,
              const char         *url,
              const char * const *protocols)
{
  g_autoptr(UplinkConnection) old = g_steal_pointer (&self->demo_connection);

  if (old != NULL)
    {
      g_settings_unbind (old, "keepalive-interval");
      g_settings_unbind (old, "pong-timeout");
      uplink_connection_stop (old);
    }

  if (url != NULL)
    {
      self->demo_connection = uplink_connection_new (url);
      uplink_connection_set_protocols (self->demo_connection, protocols);
      g_settings_bind (self->settings, "keepalive-interval",
                       self->demo_connection, "keepalive-interval", G_SETTINGS_BIND_GET);
      g_settings_bind (self->settings, "pong-timeout",
                       self->demo_connection, "pong-timeout", G_SETTINGS_BIND_GET);
      /* Its outages come round every few seconds, never 30 s apart: the
       * demo paces its own back-off. */
      uplink_connection_start (self->demo_connection);
    }

  show_connection (self);
  show_servers (self);
}

/* Choosing a server of one's own ends the demo (the server list takes
 * the address): the connection to it goes first, so that the demo
 * server's shutdown is not seen as a drop. */
static void
on_url_changed (UplinkApplication *self)
{
  g_autofree char *url = g_settings_get_string (self->settings, "url");

  if (self->demo == NULL || *url == '\0')
    return;

  set_demo_url (self, NULL, NULL);
  g_clear_object (&self->demo);
  update_hold (self);
  update_demo_state (self);
}

/*
 * Uplink stays running with no window only when something can bring it
 * back: a tray host, or the Background portal inside Flatpak. Otherwise
 * closing the last window quits, rather than vanish without a way back.
 * The demo is for looking at: closing its window ends it.
 */
static void
update_hold (UplinkApplication *self)
{
  gboolean background = g_settings_get_boolean (self->settings, "run-in-background") &&
                        self->demo == NULL &&
                        (uplink_application_get_has_tray (self) || uplink_app_in_flatpak ());

  /* Kept running with no window, for the notifications, the tray and D-Bus. */
  if (background && !self->held)
    g_application_hold (G_APPLICATION (self));
  else if (!background && self->held)
    g_application_release (G_APPLICATION (self));
  self->held = background;
}

/* `uplink-window` beside this program: in bindir once installed, in
 * src/app/ of the build folder, in /app/bin inside Flatpak. */
static char *
get_window_program (void)
{
  g_autofree char *self_path = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = NULL;

  if (self_path == NULL)
    return g_strdup ("uplink-window");
  dir = g_path_get_dirname (self_path);
  return g_build_filename (dir, "uplink-window", NULL);
}

static void
on_window_program_exited (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(UplinkApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_subprocess_wait_check_finish (G_SUBPROCESS (source), result, &error))
    g_warning ("The window ended with an error: %s", error->message);
  g_application_release (G_APPLICATION (self));
}

/* Starts the window process, which presents its window (or, when one
 * runs already, hands @option to it and exits). Uplink is held until it
 * ends, so that the window's bus name is seen before a release can quit. */
static void
spawn_window (UplinkApplication *self,
              const char        *option)
{
  g_autofree char *program = get_window_program ();
  const char *argv[] = { program, option, NULL };
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_NONE, &error);
  if (process == NULL)
    {
      g_warning ("Cannot open the window: %s", error->message);
      return;
    }

  g_application_hold (G_APPLICATION (self));
  g_subprocess_wait_check_async (process, NULL, on_window_program_exited, g_object_ref (self));
}

/* One of the window process's own actions, when it runs. */
static void
activate_window_action (UplinkApplication *self,
                        const char        *action,
                        GVariant          *parameter)
{
  GDBusConnection *bus = g_application_get_dbus_connection (G_APPLICATION (self));
  g_auto(GVariantBuilder) parameters = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("av"));

  if (parameter != NULL)
    g_variant_builder_add (&parameters, "v", parameter);
  g_dbus_connection_call (bus, WINDOW_APP_ID, WINDOW_OBJECT_PATH, "org.gtk.Actions", "Activate",
                          g_variant_new ("(s@ava{sv})", action, g_variant_builder_end (&parameters),
                                         NULL),
                          NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL, NULL);
}

static void
on_window_appeared (GDBusConnection *bus,
                    const char      *name,
                    const char      *owner,
                    gpointer         user_data)
{
  UplinkApplication *self = user_data;

  if (self->window_open)
    return;
  self->window_open = TRUE;
  g_application_hold (G_APPLICATION (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WINDOW_OPEN]);
}

/* The window closed (its process ends with it): without a tray to bring
 * it back, nothing holds Uplink any more and it quits. */
static void
on_window_vanished (GDBusConnection *bus,
                    const char      *name,
                    gpointer         user_data)
{
  UplinkApplication *self = user_data;

  if (!self->window_open)
    return;
  self->window_open = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WINDOW_OPEN]);
  g_application_release (G_APPLICATION (self));
}

/* The tray went away while the window was closed, or before there was
 * one (started as a service): bring it back. */
static void
on_tray_host_changed (UplinkApplication *self)
{
  if (!uplink_application_get_has_tray (self) && !self->window_open)
    spawn_window (self, NULL);
  update_hold (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_TRAY]);
}

/* Started as a service, with no window: once the tray has been looked for,
 * a missing host means the window, as nothing else would show Uplink. A
 * host that comes later changes nothing; one that was there and leaves is
 * on_tray_host_changed()'s. */
static void
on_tray_host_known (UplinkApplication *self)
{
  if (!uplink_status_notifier_get_host_known (self->tray))
    return;

  g_signal_handlers_disconnect_by_func (self->tray, on_tray_host_known, self);
  if (!uplink_application_get_has_tray (self) && !self->window_open)
    {
      g_debug ("No tray to show Uplink in: opening the window");
      spawn_window (self, NULL);
    }

  if (self->awaiting_tray)
    {
      self->awaiting_tray = FALSE;
      g_application_release (G_APPLICATION (self));
    }
}

/* Started without a window: it opens after all if no tray can show
 * Uplink. */
static void
show_window_without_tray (UplinkApplication *self)
{
  /* Nothing holds Uplink yet, and with no window it would quit at once. */
  if (!self->awaiting_tray && !uplink_status_notifier_get_host_known (self->tray))
    {
      self->awaiting_tray = TRUE;
      g_application_hold (G_APPLICATION (self));
    }
  g_signal_connect_object (self->tray, "notify::host-known", G_CALLBACK (on_tray_host_known),
                           self, G_CONNECT_SWAPPED);
  on_tray_host_known (self);
}

/* Said where the user may be looking: the preferences, in the window,
 * where the switch is. It has been logged already. */
static void
on_autostart_failed (UplinkApplication *self,
                     const char        *message)
{
  if (self->window_open)
    activate_window_action (self, "autostart-failed", g_variant_new_string (message));
}

static void
show_window (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  spawn_window (user_data, NULL);
}

/* A server's page: the window shows that server's object. */
static void
show_server (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  const char *id = g_variant_get_string (parameter, NULL);
  g_autofree char *option = NULL;

  if (!uplink_server_id_is_valid (id))
    {
      g_warning ("“%s” is not a server id", id);
      return;
    }

  option = g_strconcat ("--object-path=" APP_OBJECT_PATH "/servers/", id, NULL);
  spawn_window (user_data, option);
}

static void
hide_window (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  UplinkApplication *self = user_data;

  if (self->window_open)
    activate_window_action (self, "close", NULL);
}

/* Brings the window forward, or closes it when it is in front: only the
 * window knows which. */
static void
toggle_window (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  UplinkApplication *self = user_data;

  if (self->window_open)
    activate_window_action (self, "toggle", NULL);
  else
    spawn_window (self, NULL);
}

/* Reconnect All: the demo's connection, or every server's. */
static void
reconnect (GSimpleAction *action,
           GVariant      *parameter,
           gpointer       user_data)
{
  UplinkApplication *self = user_data;
  GListModel *servers = G_LIST_MODEL (self->servers);

  if (self->demo_connection != NULL)
    {
      uplink_connection_reconnect_now (self->demo_connection);
      return;
    }

  for (guint i = 0; i < g_list_model_get_n_items (servers); i++)
    {
      g_autoptr(UplinkServer) server = g_list_model_get_item (servers, i);

      if (uplink_server_get_connection (server) != NULL && !uplink_server_get_paused (server))
        uplink_connection_reconnect_now (uplink_server_get_connection (server));
    }
}

/* Pause All and Resume All. The state itself follows the shown
 * connection's `running`: paused when every server is. */
static void
change_pause (GSimpleAction *action,
              GVariant      *state,
              gpointer       user_data)
{
  UplinkApplication *self = user_data;
  GListModel *servers = G_LIST_MODEL (self->servers);
  gboolean paused = g_variant_get_boolean (state);

  if (self->demo_connection != NULL)
    {
      if (paused)
        uplink_connection_stop (self->demo_connection);
      else
        uplink_connection_start (self->demo_connection);
      return;
    }

  for (guint i = 0; i < g_list_model_get_n_items (servers); i++)
    {
      g_autoptr(UplinkServer) server = g_list_model_get_item (servers, i);

      uplink_server_set_paused (server, paused);
    }
}

/* The demo ends only when a server of one's own is chosen. */
static void
change_demo (GSimpleAction *action,
             GVariant      *state,
             gpointer       user_data)
{
  UplinkApplication *self = user_data;
  g_autoptr(GError) error = NULL;

  if (g_variant_get_boolean (state) && !uplink_application_start_demo (self, &error))
    g_warning ("Could not start the demo: %s", error->message);
}

static void
show_preferences (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  spawn_window (user_data, "--preferences");
}

static void
show_event_log (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  spawn_window (user_data, "--event-log");
}

static void
quit (GSimpleAction *action,
      GVariant      *parameter,
      gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

/* Ctrl+C in a terminal, or the session ending: quit through shutdown, so
 * that the server gets a close frame and notifications are withdrawn. */
static gboolean
on_quit_signal (gpointer user_data)
{
  g_application_quit (G_APPLICATION (user_data));
  return G_SOURCE_CONTINUE;
}

static const GActionEntry app_actions[] = {
  { "show-window", show_window },
  { "show-server", show_server, "s" },
  { "hide-window", hide_window },
  { "toggle-window", toggle_window },
  { "reconnect", reconnect },
  { "pause", NULL, NULL, "false", change_pause },
  { "demo", NULL, NULL, "false", change_demo },
  { "preferences", show_preferences },
  { "event-log", show_event_log },
  { "quit", quit },
};

static void
uplink_application_startup (GApplication *application)
{
  UplinkApplication *self = UPLINK_APPLICATION (application);
  GDBusConnection *bus;

  G_APPLICATION_CLASS (uplink_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);

  self->sigint_source = g_unix_signal_add (SIGINT, on_quit_signal, self);
  self->sigterm_source = g_unix_signal_add (SIGTERM, on_quit_signal, self);

  if (!notify_is_initted ())
    notify_init (_("Uplink"));

  self->settings = g_settings_new (APP_ID);
  self->credentials = uplink_credentials_new ();
  self->servers = uplink_server_list_new (self->settings, self->credentials);
  g_signal_connect_object (self->servers, "notify::connection",
                           G_CALLBACK (show_connection), self, G_CONNECT_SWAPPED);
  uplink_dbus_servers_set_list (self->dbus_servers, self->servers);
  uplink_dbus_server_admin_set_list (self->server_admin, self->servers, self->credentials);
  g_signal_connect_object (self->settings, "changed::url",
                           G_CALLBACK (on_url_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::run-in-background",
                           G_CALLBACK (update_hold), self, G_CONNECT_SWAPPED);
  update_hold (self);

  bus = g_application_get_dbus_connection (application);
  if (bus != NULL)
    self->window_watch = g_bus_watch_name_on_connection (bus, WINDOW_APP_ID,
                                                         G_BUS_NAME_WATCHER_FLAGS_NONE,
                                                         on_window_appeared, on_window_vanished,
                                                         self, NULL);

  /* Whatever shows the connection follows the `connection` property,
   * since a new address means a new connection. The tray drives the
   * app.* actions. */
  self->notifier = uplink_notifier_new (self->settings);
  g_object_bind_property (self, "connection", self->notifier, "connection", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self, "connection", self->event_log, "source", G_BINDING_SYNC_CREATE);
  self->tray = uplink_status_notifier_new (G_APPLICATION (self));
  g_object_bind_property (self, "connection", self->tray, "connection", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->tray, "notify::has-host", G_CALLBACK (on_tray_host_changed), self,
                           G_CONNECT_SWAPPED);
  if (g_application_get_flags (application) & G_APPLICATION_IS_SERVICE)
    show_window_without_tray (self);
  g_object_bind_property (self, "connection", self->monitor, "connection", G_BINDING_SYNC_CREATE);

  show_connection (self);
  show_servers (self);

  self->autostart = uplink_autostart_new (self->settings);
  g_signal_connect_object (self->autostart, "failed", G_CALLBACK (on_autostart_failed), self,
                           G_CONNECT_SWAPPED);
}

static void
uplink_application_activate (GApplication *application)
{
  spawn_window (UPLINK_APPLICATION (application), NULL);
}

static int
uplink_application_command_line (GApplication            *application,
                                 GApplicationCommandLine *command_line)
{
  UplinkApplication *self = UPLINK_APPLICATION (application);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  const char *url = NULL;

  if (g_variant_dict_lookup (options, "url", "&s", &url))
    {
      g_autoptr(GError) error = NULL;

      /* The first server's new address; its secrets go to the keyring,
       * never to the settings. */
      if (!uplink_server_list_set_first_url (self->servers, url, &error))
        {
          g_application_command_line_printerr (command_line, "uplink: %s\n", error->message);
          return 1;
        }
    }

  if (g_variant_dict_contains (options, "demo") && self->demo == NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!uplink_application_start_demo (self, &error))
        {
          g_application_command_line_printerr (command_line, _("Could not start the demo: %s\n"),
                                               error->message);
          return 1;
        }
    }

  if (g_variant_dict_contains (options, "background"))
    show_window_without_tray (self);
  else
    g_application_activate (application);

  return 0;
}

static int
uplink_application_handle_local_options (GApplication *application,
                                         GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("uplink %s\n", PACKAGE_VERSION);
      return 0;
    }

  /* Go on: the primary instance gets the options in command-line. */
  return -1;
}

static gboolean
uplink_application_dbus_register (GApplication     *application,
                                  GDBusConnection  *bus,
                                  const char       *object_path,
                                  GError          **error)
{
  UplinkApplication *self = UPLINK_APPLICATION (application);

  if (!G_APPLICATION_CLASS (uplink_application_parent_class)->dbus_register (application, bus,
                                                                              object_path, error))
    return FALSE;

  if (!uplink_dbus_monitor_export (self->monitor, bus, object_path, error))
    return FALSE;
  uplink_dbus_servers_export (self->dbus_servers, bus);
  return uplink_dbus_server_admin_export (self->server_admin, bus, error);
}

static void
uplink_application_dbus_unregister (GApplication    *application,
                                    GDBusConnection *bus,
                                    const char      *object_path)
{
  UplinkApplication *self = UPLINK_APPLICATION (application);

  uplink_dbus_monitor_unexport (self->monitor);
  uplink_dbus_servers_unexport (self->dbus_servers);
  uplink_dbus_server_admin_unexport (self->server_admin);

  G_APPLICATION_CLASS (uplink_application_parent_class)->dbus_unregister (application, bus, object_path);
}

static void
uplink_application_shutdown (GApplication *application)
{
  UplinkApplication *self = UPLINK_APPLICATION (application);

  /* Withdraws what is on screen. */
  g_clear_object (&self->notifier);
  /* The icon leaves the tray with the application, not at exit. */
  g_clear_object (&self->tray);
  g_clear_object (&self->autostart);
  /* Every socket closes cleanly. */
  set_demo_url (self, NULL, NULL);
  uplink_dbus_servers_set_list (self->dbus_servers, NULL);
  uplink_dbus_server_admin_set_list (self->server_admin, NULL, NULL);
  g_clear_object (&self->servers);
  g_clear_object (&self->demo);
  g_clear_handle_id (&self->sigint_source, g_source_remove);
  g_clear_handle_id (&self->sigterm_source, g_source_remove);
  g_clear_handle_id (&self->window_watch, g_bus_unwatch_name);

  G_APPLICATION_CLASS (uplink_application_parent_class)->shutdown (application);
}

static void
uplink_application_dispose (GObject *object)
{
  UplinkApplication *self = UPLINK_APPLICATION (object);

  if (self->connection != NULL)
    g_signal_handlers_disconnect_by_data (self->connection, self);
  g_clear_object (&self->notifier);
  g_clear_object (&self->event_log);
  g_clear_object (&self->tray);
  g_clear_object (&self->monitor);
  g_clear_object (&self->dbus_servers);
  g_clear_object (&self->server_admin);
  g_clear_object (&self->demo);
  g_clear_object (&self->autostart);
  g_clear_object (&self->connection);
  g_clear_object (&self->demo_connection);
  g_clear_object (&self->servers);
  g_clear_object (&self->credentials);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (uplink_application_parent_class)->dispose (object);
}

static void
uplink_application_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  UplinkApplication *self = UPLINK_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      g_value_set_object (value, uplink_application_get_connection (self));
      break;
    case PROP_DEMO:
      g_value_set_boolean (value, uplink_application_get_demo (self));
      break;
    case PROP_HAS_TRAY:
      g_value_set_boolean (value, uplink_application_get_has_tray (self));
      break;
    case PROP_WINDOW_OPEN:
      g_value_set_boolean (value, uplink_application_get_window_open (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
uplink_application_class_init (UplinkApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = uplink_application_dispose;
  object_class->get_property = uplink_application_get_property;

  application_class->startup = uplink_application_startup;
  application_class->activate = uplink_application_activate;
  application_class->command_line = uplink_application_command_line;
  application_class->handle_local_options = uplink_application_handle_local_options;
  application_class->dbus_register = uplink_application_dbus_register;
  application_class->dbus_unregister = uplink_application_dbus_unregister;
  application_class->shutdown = uplink_application_shutdown;

  /**
   * UplinkApplication:connection:
   *
   * The connection being watched, or %NULL before a server is chosen. It
   * is replaced when the address changes.
   */
  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL,
                         UPLINK_TYPE_CONNECTION,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * UplinkApplication:demo:
   *
   * Whether the connection goes to the in-process demo server.
   */
  properties[PROP_DEMO] =
    g_param_spec_boolean ("demo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * UplinkApplication:has-tray:
   *
   * Whether a tray shows Uplink's icon. Without one, closing the window
   * quits, as nothing could bring it back.
   */
  properties[PROP_HAS_TRAY] =
    g_param_spec_boolean ("has-tray", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * UplinkApplication:window-open:
   *
   * Whether the window process is on the bus: it exits when its window
   * closes, so this is whether the window is shown.
   */
  properties[PROP_WINDOW_OPEN] =
    g_param_spec_boolean ("window-open", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
uplink_application_init (UplinkApplication *self)
{
  /* Exported in dbus_register, which comes before startup. */
  self->event_log = uplink_event_log_new (TRUE);
  self->monitor = uplink_dbus_monitor_new (self->event_log);
  self->dbus_servers = uplink_dbus_servers_new ();
  self->server_admin = uplink_dbus_server_admin_new ();

  g_application_add_main_option_entries (G_APPLICATION (self), app_options);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[status]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Shows whether your chat server is reachable.\n"
                                              "“uplink status --help” tells how to ask from a script."));
}

UplinkApplication *
uplink_application_new (void)
{
  return g_object_new (UPLINK_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       NULL);
}

/**
 * uplink_application_get_connection:
 * @self: the application
 *
 * Gets the connection being watched. It changes with the server address:
 * follow [property@Application:connection].
 *
 * Returns: (transfer none) (nullable): the connection, or %NULL when no
 *   server is set
 */
UplinkConnection *
uplink_application_get_connection (UplinkApplication *self)
{
  g_return_val_if_fail (UPLINK_IS_APPLICATION (self), NULL);

  return self->connection;
}

/**
 * uplink_application_get_settings:
 * @self: the application
 *
 * Returns: (transfer none): the application's settings, once started up
 */
GSettings *
uplink_application_get_settings (UplinkApplication *self)
{
  g_return_val_if_fail (UPLINK_IS_APPLICATION (self), NULL);

  return self->settings;
}

gboolean
uplink_application_get_demo (UplinkApplication *self)
{
  g_return_val_if_fail (UPLINK_IS_APPLICATION (self), FALSE);

  return self->demo != NULL;
}

/**
 * uplink_application_get_stays_running:
 * @self: the application
 *
 * Gets whether Uplink keeps running when its last window closes: only
 * with "run-in-background" on and a tray host or the Background portal to
 * bring it back.
 *
 * Returns: %TRUE if closing the window leaves Uplink running
 */
gboolean
uplink_application_get_stays_running (UplinkApplication *self)
{
  g_return_val_if_fail (UPLINK_IS_APPLICATION (self), FALSE);

  return self->held;
}

/**
 * uplink_application_get_window_open:
 * @self: the application
 *
 * Returns: whether the window (a process of its own) is shown
 */
gboolean
uplink_application_get_window_open (UplinkApplication *self)
{
  g_return_val_if_fail (UPLINK_IS_APPLICATION (self), FALSE);

  return self->window_open;
}

/**
 * uplink_application_get_has_tray:
 * @self: the application
 *
 * Returns: whether a tray host shows Uplink's icon
 */
gboolean
uplink_application_get_has_tray (UplinkApplication *self)
{
  g_return_val_if_fail (UPLINK_IS_APPLICATION (self), FALSE);

  return self->tray != NULL && uplink_status_notifier_get_has_host (self->tray);
}

/**
 * uplink_application_start_demo:
 * @self: the application
 * @error: where to say why the demo server could not listen
 *
 * Starts the reference server in this process and watches it instead of
 * the address in the settings, which stays as it was.
 *
 * Returns: %TRUE if the demo runs
 */
gboolean
uplink_application_start_demo (UplinkApplication  *self,
                               GError            **error)
{
  g_autoptr(UplinkDemo) demo = NULL;

  g_return_val_if_fail (UPLINK_IS_APPLICATION (self), FALSE);
  g_return_val_if_fail (self->settings != NULL, FALSE);

  if (self->demo != NULL)
    return TRUE;

  demo = uplink_demo_new ();
  if (!uplink_demo_start (demo, error))
    return FALSE;

  self->demo = g_steal_pointer (&demo);
  /* The demo server speaks protocol v1, which measures latency. */
  set_demo_url (self, uplink_demo_get_url (self->demo), uplink_demo_get_protocols ());
  uplink_demo_drive (self->demo, self->demo_connection);
  update_hold (self);
  update_demo_state (self);

  return TRUE;
}
