/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "uplink-app-utils.h"
#include "uplink-background-portal.h"
#include "uplink-status-notifier.h"
#include "uplink-dbus-menu.h"
#include "uplink-look.h"
#include "uplink-set-str.h"
#include "uplink-tray-pixmap.h"

/*
 * The tray icon: org.kde.StatusNotifierItem, spoken over GDBus because
 * GTK 4 has no tray API and libappindicator is GTK 3 only.
 *
 * The item lives at /StatusNotifierItem on the application's own bus
 * connection and is registered with org.kde.StatusNotifierWatcher by
 * object path: the watcher takes the sender's unique name with it. Owning
 * an org.kde.StatusNotifierItem-PID-ID name instead fails in a Flatpak
 * sandbox, whose bus policy lets the application own only its own names.
 *
 * The watcher comes and goes with the panel, so its name is watched and
 * the item registered again each time it appears. Whether a host draws
 * items (IsStatusNotifierHostRegistered, followed through the host
 * signals) is [property@StatusNotifier:has-host]: without one the
 * application must never hide its window, as nothing could bring it back.
 * Inside a Flatpak, the Background portal then carries the status
 * sentence instead.
 *
 * Icons are named with the application id, as the installed state icons
 * are, so that a Flatpak exports them; IconPixmap carries the same
 * pictures for hosts that cannot see the application's icon theme.
 *
 * The icon shows [property@StatusNotifier:connection], the worst watched
 * server's. With several servers the tooltip has a line per server and
 * the menu an item per server in place of the status line (a click opens
 * that server's page), and Reconnect / Pause act on all; servers coming
 * and going make a new layout, their states only property updates. With
 * one server everything is as it was before there were several.
 */

#define ITEM_INTERFACE "org.kde.StatusNotifierItem"
#define ITEM_PATH "/StatusNotifierItem"
#define MENU_PATH "/StatusNotifierItem/Menu"
#define WATCHER_NAME "org.kde.StatusNotifierWatcher"
#define WATCHER_PATH "/StatusNotifierWatcher"
#define WATCHER_INTERFACE "org.kde.StatusNotifierWatcher"

struct _UplinkStatusNotifier
{
  GObject parent_instance;

  /* Not a reference: the application owns the notifier. Any GApplication
   * with the window actions (show-server takes a server's id) and a
   * window-open property: the tray needs nothing else of it, and depends
   * on it no further. */
  GApplication *application;
  UplinkConnection *connection;
  UplinkServerList *servers;
  /* A ServerLine per server while there are several, in their order. */
  GPtrArray *lines;
  /* The menu's latency moves in steps, not at every keepalive. */
  gint64 latency;

  GDBusConnection *bus;
  guint registration_id;
  UplinkDbusMenu *menu;
  int status_item;
  int window_item;
  int reconnect_item;
  int pause_item;

  guint watch_id;
  char *watcher_owner;
  guint host_registered_subscription;
  guint host_unregistered_subscription;
  GCancellable *watcher_cancellable;
  gboolean registered;
  gboolean host_registered;
  gboolean has_host;
  gboolean host_known;

  /* What the item shows now, compared with each update so that the New*
   * signals go out for real changes only. */
  UplinkLook look;
  char *title;
  char *status;
  char *tooltip_title;
  char *tooltip_text;
  guint update_source;
  gboolean clock_held;

  GVariant *pixmaps[UPLINK_N_LOOKS];

  gboolean in_flatpak;
  char *portal_status;
};

G_DEFINE_FINAL_TYPE (UplinkStatusNotifier, uplink_status_notifier, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CONNECTION,
  PROP_SERVERS,
  PROP_HAS_HOST,
  PROP_HOST_KNOWN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A server's item in the menu. */
typedef struct {
  UplinkStatusNotifier *tray;
  UplinkServer *server;
  int item;
} ServerLine;

static UplinkLook
get_look (UplinkStatusNotifier *self)
{
  if (self->connection == NULL)
    return UPLINK_LOOK_DISCONNECTED;

  return uplink_look_from_state (uplink_connection_get_state (self->connection),
                                 !uplink_connection_get_running (self->connection));
}

static char *
get_icon_name (UplinkStatusNotifier *self)
{
  return g_strdup_printf (APP_ID "-%s-symbolic", uplink_look_to_string (self->look));
}

/* The item's Status: attention while the connection is down against the
 * user's wish; a pause the user asked for is no news. */
static const char *
get_status (UplinkStatusNotifier *self)
{
  if (self->connection != NULL &&
      uplink_connection_get_state (self->connection) == UPLINK_STATE_DISCONNECTED &&
      uplink_connection_get_running (self->connection))
    return "NeedsAttention";

  return "Active";
}

static char *
get_title (UplinkStatusNotifier *self)
{
  if (self->connection == NULL)
    return g_strdup (_("Uplink"));

  return uplink_describe_title (UPLINK_STATUS_SOURCE (self->connection));
}

/* "Work chat — Connected": a server's tooltip line and menu item. Its
 * name and state only: never its address. */
static char *
describe_server (UplinkServer *server)
{
  UplinkConnection *connection = uplink_server_get_connection (server);
  g_autofree char *state = NULL;

  if (connection != NULL)
    state = uplink_describe_title (UPLINK_STATUS_SOURCE (connection));
  else if (!uplink_server_get_enabled (server))
    state = g_strdup (_("Disabled"));
  else if (uplink_server_get_state (server) == UPLINK_STATE_CONNECTING)
    state = g_strdup (_("Waiting for the keyring"));
  else
    state = g_strdup (_("No address"));

  /* Translators: a server's name and its state, as in "Work chat — Connected" */
  return g_strdup_printf (_("%s — %s"), uplink_server_get_name (server), state);
}

static char *
describe_servers (UplinkStatusNotifier *self)
{
  GString *lines = g_string_new (NULL);

  for (guint i = 0; i < self->lines->len; i++)
    {
      ServerLine *line = g_ptr_array_index (self->lines, i);
      g_autofree char *text = describe_server (line->server);

      g_string_append_printf (lines, "%s%s", i > 0 ? "\n" : "", text);
    }
  return g_string_free (lines, FALSE);
}

/* Menu labels take "_" for an access key: a literal one is doubled. */
static char *
escape_mnemonics (const char *text)
{
  g_auto(GStrv) words = g_strsplit (text, "_", -1);

  return g_strjoinv ("__", words);
}

/* With several servers: the tooltip lists them. Otherwise, during an
 * outage, its summary (since its first loss, the next try), why, and
 * what to do; else the state explained. */
static char *
get_sentence (UplinkStatusNotifier *self)
{
  g_autofree char *outage = NULL;
  g_autofree char *hint = NULL;
  const GError *error;
  GString *sentence;

  if (self->lines->len > 0)
    return describe_servers (self);
  if (self->connection == NULL)
    return g_strdup (_("No server address is set"));

  outage = uplink_describe_outage (UPLINK_STATUS_SOURCE (self->connection));
  if (outage == NULL)
    return uplink_describe_status (UPLINK_STATUS_SOURCE (self->connection));

  sentence = g_string_new (outage);
  error = uplink_connection_get_last_error (self->connection);
  if (error != NULL)
    g_string_append_printf (sentence, "\n%s", error->message);
  hint = uplink_describe_hint (UPLINK_STATUS_SOURCE (self->connection));
  if (hint != NULL)
    g_string_append_printf (sentence, "\n%s", hint);
  return g_string_free (sentence, FALSE);
}

/* "Connected · 23 ms": the menu's first line. */
static char *
get_status_line (UplinkStatusNotifier *self)
{
  g_autofree char *title = get_title (self);
  g_autofree char *latency = NULL;
  UplinkState state;

  if (self->connection == NULL)
    return g_steal_pointer (&title);

  state = uplink_connection_get_state (self->connection);
  if (state == UPLINK_STATE_CONNECTED || state == UPLINK_STATE_FEATURE_THROTTLED)
    latency = uplink_app_describe_latency (uplink_app_steady_latency (&self->latency,
                                                                      uplink_connection_get_latency (self->connection)));
  if (latency == NULL)
    return g_steal_pointer (&title);

  /* Translators: the state, then the round trip: "Connected · 23 ms" */
  return g_strdup_printf (_("%s · %s"), title, latency);
}

/* Drawn once per look, when a host first asks. */
static GVariant *
get_pixmaps (UplinkStatusNotifier *self)
{
  if (self->pixmaps[self->look] == NULL)
    self->pixmaps[self->look] = g_variant_ref_sink (uplink_tray_pixmap_render (self->look));

  return self->pixmaps[self->look];
}

/* The window is a process of its own, which exits when it closes: open
 * means shown. */
static gboolean
window_shown (UplinkStatusNotifier *self)
{
  gboolean open = FALSE;

  if (self->application != NULL)
    g_object_get (self->application, "window-open", &open, NULL);
  return open;
}

static void
show_window (UplinkStatusNotifier *self)
{
  g_action_group_activate_action (G_ACTION_GROUP (self->application), "show-window", NULL);
}

static void
hide_window (UplinkStatusNotifier *self)
{
  /* Only a host can bring a closed window back. */
  if (!self->has_host)
    show_window (self);
  else
    g_action_group_activate_action (G_ACTION_GROUP (self->application), "hide-window", NULL);
}

static void
emit_item_signal (UplinkStatusNotifier *self,
                  const char           *name,
                  GVariant             *parameters)
{
  if (self->registration_id == 0)
    {
      g_clear_pointer (&parameters, g_variant_unref);
      return;
    }

  g_dbus_connection_emit_signal (self->bus, NULL, ITEM_PATH, ITEM_INTERFACE, name, parameters, NULL);
}

/* With no tray, a sandboxed Uplink says how the connection is in the
 * desktop's list of background apps. Outside Flatpak nobody shows it. */
static void
update_portal_status (UplinkStatusNotifier *self)
{
  g_autofree char *sentence = NULL;

  if (!self->in_flatpak || self->has_host || self->bus == NULL)
    return;

  sentence = get_sentence (self);
  if (uplink_set_str (&self->portal_status, sentence))
    uplink_background_portal_set_status (self->bus, sentence);
}

static void queue_update (UplinkStatusNotifier *self);

/* The tooltip counts down to the next attempt ("Reconnecting in 4 s"),
 * which no property change announces: it moves with the clock while a
 * tray shows it and an attempt is scheduled. */
static void
hold_clock (UplinkStatusNotifier *self,
            gboolean              hold)
{
  UplinkClock *clock = uplink_clock_get_default ();

  if (hold == self->clock_held)
    return;

  self->clock_held = hold;
  if (hold)
    {
      g_signal_connect_object (clock, "tick", G_CALLBACK (queue_update), self, G_CONNECT_SWAPPED);
      uplink_clock_hold (clock);
    }
  else
    {
      g_signal_handlers_disconnect_by_func (clock, queue_update, self);
      uplink_clock_release (clock);
    }
}

static void
update_tick (UplinkStatusNotifier *self)
{
  hold_clock (self, self->has_host && self->connection != NULL &&
                    uplink_connection_get_next_retry (self->connection) != 0);
}

static gboolean
update (gpointer user_data)
{
  UplinkStatusNotifier *self = user_data;
  g_autofree char *title = get_title (self);
  g_autofree char *sentence = get_sentence (self);
  g_autofree char *status_line = get_status_line (self);
  g_autofree char *status_label = escape_mnemonics (status_line);
  gboolean several = self->lines->len > 0;
  const char *status = get_status (self);
  UplinkLook look = get_look (self);
  gboolean title_changed, tooltip_changed;

  self->update_source = 0;

  title_changed = uplink_set_str (&self->title, title);
  tooltip_changed = uplink_set_str (&self->tooltip_title, title);
  tooltip_changed |= uplink_set_str (&self->tooltip_text, sentence);

  if (look != self->look)
    {
      self->look = look;
      emit_item_signal (self, "NewIcon", NULL);
      emit_item_signal (self, "NewAttentionIcon", NULL);
    }
  if (uplink_set_str (&self->status, status))
    emit_item_signal (self, "NewStatus", g_variant_new ("(s)", status));
  if (title_changed)
    emit_item_signal (self, "NewTitle", NULL);
  if (tooltip_changed)
    emit_item_signal (self, "NewToolTip", NULL);

  /* Hidden while the servers have lines of their own. */
  if (!several)
    uplink_dbus_menu_set_label (self->menu, self->status_item, status_label);
  uplink_dbus_menu_set_label (self->menu, self->window_item,
                              window_shown (self) ? _("_Hide Uplink") : _("_Show Uplink"));
  uplink_dbus_menu_set_label (self->menu, self->reconnect_item,
                              several ? _("Reconnect _All") : _("Reconnect _Now"));
  uplink_dbus_menu_set_label (self->menu, self->pause_item,
                              several ? _("Pa_use All") : _("Pa_use Monitoring"));
  for (guint i = 0; i < self->lines->len; i++)
    {
      ServerLine *line = g_ptr_array_index (self->lines, i);
      g_autofree char *text = describe_server (line->server);
      g_autofree char *label = escape_mnemonics (text);

      uplink_dbus_menu_set_label (self->menu, line->item, label);
    }

  update_portal_status (self);
  update_tick (self);

  return G_SOURCE_REMOVE;
}

/* Several properties change at once with each transition: one update. */
static void
queue_update (UplinkStatusNotifier *self)
{
  if (self->update_source == 0)
    self->update_source = g_idle_add (update, self);
}

static void
set_has_host (UplinkStatusNotifier *self)
{
  gboolean has_host = self->registered && self->host_registered;

  if (has_host == self->has_host)
    return;

  self->has_host = has_host;
  g_debug ("A tray host is %s", has_host ? "there" : "gone");
  /* Without a host, the portal hears the status again (a host that came
   * and went may have left it stale); with one, the countdown ticks. */
  if (!has_host)
    g_clear_pointer (&self->portal_status, g_free);
  queue_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_HOST]);
}

/* The first look for a host is over, whatever it found: called after
 * set_has_host(), so that has-host is final when this is announced. */
static void
set_host_known (UplinkStatusNotifier *self)
{
  if (self->host_known)
    return;

  self->host_known = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOST_KNOWN]);
}

/* The item's properties, each read from what was last announced, so that
 * a host reading after a New* signal sees what the signal was about. */
typedef GVariant * (*ItemPropertyGetter) (UplinkStatusNotifier *self);

static GVariant *
get_category (UplinkStatusNotifier *self)
{
  return g_variant_new_string ("Communications");
}

static GVariant *
get_id (UplinkStatusNotifier *self)
{
  return g_variant_new_string (APP_ID);
}

static GVariant *
get_title_property (UplinkStatusNotifier *self)
{
  return g_variant_new_string (self->title);
}

static GVariant *
get_status_property (UplinkStatusNotifier *self)
{
  return g_variant_new_string (self->status);
}

static GVariant *
get_window_id (UplinkStatusNotifier *self)
{
  return g_variant_new_int32 (0);
}

static GVariant *
get_icon_name_property (UplinkStatusNotifier *self)
{
  return g_variant_new_take_string (get_icon_name (self));
}

static GVariant *
get_icon_pixmap (UplinkStatusNotifier *self)
{
  return g_variant_ref (get_pixmaps (self));
}

static GVariant *
get_no_name (UplinkStatusNotifier *self)
{
  return g_variant_new_string ("");
}

static GVariant *
get_no_pixmap (UplinkStatusNotifier *self)
{
  return g_variant_new_array (G_VARIANT_TYPE ("(iiay)"), NULL, 0);
}

static GVariant *
get_tool_tip (UplinkStatusNotifier *self)
{
  g_autofree char *icon_name = get_icon_name (self);

  return g_variant_new ("(s@a(iiay)ss)", icon_name, get_no_pixmap (self),
                        self->tooltip_title, self->tooltip_text);
}

static GVariant *
get_item_is_menu (UplinkStatusNotifier *self)
{
  return g_variant_new_boolean (FALSE);
}

static GVariant *
get_menu (UplinkStatusNotifier *self)
{
  return g_variant_new_object_path (MENU_PATH);
}

static const struct {
  const char *name;
  ItemPropertyGetter get;
} item_properties[] = {
  { "Category", get_category },
  { "Id", get_id },
  { "Title", get_title_property },
  { "Status", get_status_property },
  { "WindowId", get_window_id },
  { "IconName", get_icon_name_property },
  { "AttentionIconName", get_icon_name_property },
  { "IconPixmap", get_icon_pixmap },
  { "AttentionIconPixmap", get_icon_pixmap },
  { "IconThemePath", get_no_name },
  { "OverlayIconName", get_no_name },
  { "AttentionMovieName", get_no_name },
  { "OverlayIconPixmap", get_no_pixmap },
  { "ToolTip", get_tool_tip },
  { "ItemIsMenu", get_item_is_menu },
  { "Menu", get_menu },
};

static GVariant *
get_item_property (GDBusConnection  *bus,
                   const char       *sender,
                   const char       *object_path,
                   const char       *interface_name,
                   const char       *property_name,
                   GError          **error,
                   gpointer          user_data)
{
  for (gsize i = 0; i < G_N_ELEMENTS (item_properties); i++)
    if (g_str_equal (property_name, item_properties[i].name))
      return item_properties[i].get (user_data);

  g_set_error (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_PROPERTY, "No property %s", property_name);
  return NULL;
}

static void
item_method_call (GDBusConnection       *bus,
                  const char            *sender,
                  const char            *object_path,
                  const char            *interface_name,
                  const char            *method_name,
                  GVariant              *parameters,
                  GDBusMethodInvocation *invocation,
                  gpointer               user_data)
{
  UplinkStatusNotifier *self = user_data;

  if (g_str_equal (method_name, "Activate"))
    {
      /* A click on the icon brings the window forward, and only puts it
       * away when it already is in front, which only the window knows. */
      if (!self->has_host)
        show_window (self);
      else
        g_action_group_activate_action (G_ACTION_GROUP (self->application), "toggle-window", NULL);
    }
  else if (g_str_equal (method_name, "SecondaryActivate"))
    {
      g_action_group_activate_action (G_ACTION_GROUP (self->application), "reconnect", NULL);
    }
  /* ContextMenu: hosts show Menu themselves, as ItemIsMenu is false, and
   * GTK 4 cannot pop up a menu at a point on screen. Scroll means nothing
   * here. */

  g_dbus_method_invocation_return_value (invocation, NULL);
}

static const GDBusInterfaceVTable item_vtable = {
  .method_call = item_method_call,
  .get_property = get_item_property,
};

/* A server's item opens the window on that server's page. */
static void
show_server (UplinkStatusNotifier *self,
             int                   id)
{
  for (guint i = 0; i < self->lines->len; i++)
    {
      ServerLine *line = g_ptr_array_index (self->lines, i);

      if (line->item == id)
        g_action_group_activate_action (G_ACTION_GROUP (self->application), "show-server",
                                        g_variant_new_string (uplink_server_get_id (line->server)));
    }
}

static void
on_menu_activated (UplinkStatusNotifier *self,
                   int                   id)
{
  if (id != self->window_item)
    show_server (self, id);
  else if (window_shown (self))
    hide_window (self);
  else
    show_window (self);
}

static void
on_host_registered_read (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  UplinkStatusNotifier *self = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) value = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (reply == NULL)
    {
      /* A watcher that cannot say is taken at its word of being one. */
      g_debug ("Cannot read IsStatusNotifierHostRegistered: %s", error->message);
      self->host_registered = TRUE;
    }
  else
    {
      g_variant_get (reply, "(v)", &value);
      self->host_registered = g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN) &&
                              g_variant_get_boolean (value);
    }

  set_has_host (self);
  set_host_known (self);
}

static void
read_host_registered (UplinkStatusNotifier *self)
{
  g_dbus_connection_call (self->bus, self->watcher_owner, WATCHER_PATH,
                          "org.freedesktop.DBus.Properties", "Get",
                          g_variant_new ("(ss)", WATCHER_INTERFACE, "IsStatusNotifierHostRegistered"),
                          G_VARIANT_TYPE ("(v)"), G_DBUS_CALL_FLAGS_NONE, -1,
                          self->watcher_cancellable, on_host_registered_read, self);
}

static void
on_host_signal (GDBusConnection *bus,
                const char      *sender,
                const char      *object_path,
                const char      *interface_name,
                const char      *signal_name,
                GVariant        *parameters,
                gpointer         user_data)
{
  UplinkStatusNotifier *self = user_data;

  /* One host leaving may leave others: ask rather than guess. */
  if (self->watcher_owner != NULL)
    read_host_registered (self);
}

static void
on_registered (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  UplinkStatusNotifier *self = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (reply == NULL)
    {
      g_message ("The tray did not take Uplink's icon: %s", error->message);
      set_host_known (self);
      return;
    }

  self->registered = TRUE;
  read_host_registered (self);
}

static void
forget_watcher (UplinkStatusNotifier *self)
{
  g_cancellable_cancel (self->watcher_cancellable);
  g_clear_object (&self->watcher_cancellable);
  if (self->bus != NULL)
    {
      if (self->host_registered_subscription != 0)
        g_dbus_connection_signal_unsubscribe (self->bus, self->host_registered_subscription);
      if (self->host_unregistered_subscription != 0)
        g_dbus_connection_signal_unsubscribe (self->bus, self->host_unregistered_subscription);
    }
  self->host_registered_subscription = 0;
  self->host_unregistered_subscription = 0;
  g_clear_pointer (&self->watcher_owner, g_free);
  self->registered = FALSE;
  self->host_registered = FALSE;
}

static void
on_watcher_appeared (GDBusConnection *bus,
                     const char      *name,
                     const char      *name_owner,
                     gpointer         user_data)
{
  UplinkStatusNotifier *self = user_data;

  forget_watcher (self);
  self->watcher_owner = g_strdup (name_owner);
  self->watcher_cancellable = g_cancellable_new ();

  /* Subscribed to this owner, not the name: a signal from whoever owned
   * the name before cannot arrive late and count. */
  self->host_registered_subscription =
    g_dbus_connection_signal_subscribe (bus, name_owner, WATCHER_INTERFACE,
                                        "StatusNotifierHostRegistered", WATCHER_PATH, NULL,
                                        G_DBUS_SIGNAL_FLAGS_NONE, on_host_signal, self, NULL);
  self->host_unregistered_subscription =
    g_dbus_connection_signal_subscribe (bus, name_owner, WATCHER_INTERFACE,
                                        "StatusNotifierHostUnregistered", WATCHER_PATH, NULL,
                                        G_DBUS_SIGNAL_FLAGS_NONE, on_host_signal, self, NULL);

  /* The path alone: the watcher pairs it with our unique name. */
  g_dbus_connection_call (bus, name_owner, WATCHER_PATH, WATCHER_INTERFACE,
                          "RegisterStatusNotifierItem", g_variant_new ("(s)", ITEM_PATH),
                          NULL, G_DBUS_CALL_FLAGS_NONE, -1,
                          self->watcher_cancellable, on_registered, self);
}

static void
on_watcher_vanished (GDBusConnection *bus,
                     const char      *name,
                     gpointer         user_data)
{
  UplinkStatusNotifier *self = user_data;

  forget_watcher (self);
  set_has_host (self);
  set_host_known (self);
}

static void
unexport (UplinkStatusNotifier *self)
{
  g_clear_handle_id (&self->watch_id, g_bus_unwatch_name);
  forget_watcher (self);
  if (self->registration_id != 0)
    g_dbus_connection_unregister_object (self->bus, self->registration_id);
  self->registration_id = 0;
  if (self->menu != NULL)
    uplink_dbus_menu_unexport (self->menu);
  g_clear_object (&self->bus);
}

static void
export (UplinkStatusNotifier *self)
{
  g_autoptr(GError) error = NULL;
  GDBusConnection *bus = g_application_get_dbus_connection (G_APPLICATION (self->application));

  /* No bus (a non-unique instance): no tray, so nothing may hide. */
  if (bus == NULL)
    {
      set_host_known (self);
      return;
    }

  self->bus = g_object_ref (bus);

  /* Served before the watcher hears of them: it reads them at once. */
  if (!uplink_dbus_menu_export (self->menu, bus, MENU_PATH, &error))
    {
      g_warning ("Cannot serve the tray menu: %s", error->message);
      set_host_known (self);
      return;
    }
  self->registration_id =
    g_dbus_connection_register_object (bus, ITEM_PATH,
                                       uplink_app_interface_info ("org.kde.StatusNotifierItem.xml", ITEM_INTERFACE),
                                       &item_vtable, self, NULL, &error);
  if (self->registration_id == 0)
    {
      g_warning ("Cannot serve the tray icon: %s", error->message);
      uplink_dbus_menu_unexport (self->menu);
      set_host_known (self);
      return;
    }

  self->watch_id = g_bus_watch_name_on_connection (bus, WATCHER_NAME,
                                                   G_BUS_NAME_WATCHER_FLAGS_NONE,
                                                   on_watcher_appeared, on_watcher_vanished,
                                                   self, NULL);
}

static void
server_line_free (ServerLine *line)
{
  g_signal_handlers_disconnect_by_data (line->server, line->tray);
  if (line->tray->menu != NULL)
    uplink_dbus_menu_remove_item (line->tray->menu, line->item);
  g_object_unref (line->server);
  g_free (line);
}

static gboolean
lines_follow (UplinkStatusNotifier *self,
              GListModel           *servers,
              guint                 n_lines)
{
  if (self->lines->len != n_lines)
    return FALSE;

  for (guint i = 0; i < n_lines; i++)
    {
      g_autoptr(UplinkServer) server = g_list_model_get_item (servers, i);

      if (((ServerLine *) g_ptr_array_index (self->lines, i))->server != server)
        return FALSE;
    }
  return TRUE;
}

/* A line per server when there are several, after the status line, which
 * they replace; a new layout only when servers came, went or moved. */
static void
sync_lines (UplinkStatusNotifier *self)
{
  GListModel *servers = self->servers != NULL ? G_LIST_MODEL (self->servers) : NULL;
  guint n_servers = servers != NULL ? g_list_model_get_n_items (servers) : 0;
  guint n_lines = n_servers > 1 ? n_servers : 0;

  if (lines_follow (self, servers, n_lines))
    return;

  g_ptr_array_set_size (self->lines, 0);
  for (guint i = 0; i < n_lines; i++)
    {
      ServerLine *line = g_new0 (ServerLine, 1);
      g_autofree char *text = NULL;
      g_autofree char *label = NULL;

      line->tray = self;
      line->server = g_list_model_get_item (servers, i);
      text = describe_server (line->server);
      label = escape_mnemonics (text);
      line->item = uplink_dbus_menu_insert_item (self->menu, i + 1, label, NULL, TRUE);
      /* Its name, state, pause, connection: the labels are redone at the
       * next update, and only changed ones go out. */
      g_signal_connect_object (line->server, "notify", G_CALLBACK (queue_update), self,
                               G_CONNECT_SWAPPED);
      g_ptr_array_add (self->lines, line);
    }
  uplink_dbus_menu_set_visible (self->menu, self->status_item, n_lines == 0);
  queue_update (self);
}

static void
build_menu (UplinkStatusNotifier *self)
{
  GActionGroup *actions = G_ACTION_GROUP (self->application);

  self->menu = uplink_dbus_menu_new (actions);
  self->status_item = uplink_dbus_menu_append_item (self->menu, _("Uplink"), NULL, FALSE);
  uplink_dbus_menu_append_separator (self->menu);
  self->window_item = uplink_dbus_menu_append_item (self->menu, _("_Show Uplink"), NULL, TRUE);
  self->reconnect_item = uplink_dbus_menu_append_item (self->menu, _("Reconnect _Now"), "reconnect", FALSE);
  self->pause_item = uplink_dbus_menu_append_item (self->menu, _("Pa_use Monitoring"), "pause", FALSE);
  uplink_dbus_menu_append_item (self->menu, _("_Preferences"), "preferences", FALSE);
  uplink_dbus_menu_append_item (self->menu, _("_Quit"), "quit", FALSE);
  g_signal_connect_object (self->menu, "activated", G_CALLBACK (on_menu_activated), self,
                           G_CONNECT_SWAPPED);
}

static void
uplink_status_notifier_dispose (GObject *object)
{
  UplinkStatusNotifier *self = UPLINK_STATUS_NOTIFIER (object);

  uplink_status_notifier_set_connection (self, NULL);
  uplink_status_notifier_set_servers (self, NULL);
  unexport (self);
  g_clear_handle_id (&self->update_source, g_source_remove);
  hold_clock (self, FALSE);
  g_clear_object (&self->menu);
  g_clear_weak_pointer (&self->application);

  G_OBJECT_CLASS (uplink_status_notifier_parent_class)->dispose (object);
}

static void
uplink_status_notifier_finalize (GObject *object)
{
  UplinkStatusNotifier *self = UPLINK_STATUS_NOTIFIER (object);

  for (guint i = 0; i < UPLINK_N_LOOKS; i++)
    g_clear_pointer (&self->pixmaps[i], g_variant_unref);
  g_free (self->title);
  g_free (self->status);
  g_free (self->tooltip_title);
  g_free (self->tooltip_text);
  g_free (self->portal_status);
  g_ptr_array_unref (self->lines);

  G_OBJECT_CLASS (uplink_status_notifier_parent_class)->finalize (object);
}

static void
uplink_status_notifier_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  UplinkStatusNotifier *self = UPLINK_STATUS_NOTIFIER (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      g_value_set_object (value, uplink_status_notifier_get_connection (self));
      break;
    case PROP_SERVERS:
      g_value_set_object (value, uplink_status_notifier_get_servers (self));
      break;
    case PROP_HAS_HOST:
      g_value_set_boolean (value, uplink_status_notifier_get_has_host (self));
      break;
    case PROP_HOST_KNOWN:
      g_value_set_boolean (value, uplink_status_notifier_get_host_known (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
uplink_status_notifier_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  UplinkStatusNotifier *self = UPLINK_STATUS_NOTIFIER (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      uplink_status_notifier_set_connection (self, g_value_get_object (value));
      break;
    case PROP_SERVERS:
      uplink_status_notifier_set_servers (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
uplink_status_notifier_class_init (UplinkStatusNotifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = uplink_status_notifier_dispose;
  object_class->finalize = uplink_status_notifier_finalize;
  object_class->get_property = uplink_status_notifier_get_property;
  object_class->set_property = uplink_status_notifier_set_property;

  /**
   * UplinkStatusNotifier:connection:
   *
   * The connection the icon shows, or %NULL.
   */
  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL,
                         UPLINK_TYPE_CONNECTION,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * UplinkStatusNotifier:servers:
   *
   * The servers the tooltip and the menu list when there are several,
   * or %NULL.
   */
  properties[PROP_SERVERS] =
    g_param_spec_object ("servers", NULL, NULL,
                         UPLINK_TYPE_SERVER_LIST,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * UplinkStatusNotifier:has-host:
   *
   * Whether a tray shows the icon: a watcher took it and says a host is
   * registered. Without one, nothing can bring back a hidden window.
   */
  properties[PROP_HAS_HOST] =
    g_param_spec_boolean ("has-host", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * UplinkStatusNotifier:host-known:
   *
   * Whether [property@StatusNotifier:has-host] is settled: the first look
   * for a tray host has finished, with or without finding one. It turns
   * %TRUE once and stays so; later hosts come and go through `has-host`.
   */
  properties[PROP_HOST_KNOWN] =
    g_param_spec_boolean ("host-known", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
uplink_status_notifier_init (UplinkStatusNotifier *self)
{
  self->latency = -1;
  self->in_flatpak = uplink_app_in_flatpak ();
  self->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) server_line_free);
}

/**
 * uplink_status_notifier_new:
 * @application: the application, registered on its bus
 *
 * Puts Uplink's icon in the tray, now and whenever a tray appears, with a
 * menu of @application's actions.
 *
 * Returns: (transfer full): the notifier
 */
UplinkStatusNotifier *
uplink_status_notifier_new (GApplication *application)
{
  UplinkStatusNotifier *self;

  g_return_val_if_fail (G_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (g_object_class_find_property (G_OBJECT_GET_CLASS (application), "window-open"), NULL);

  self = g_object_new (UPLINK_TYPE_STATUS_NOTIFIER, NULL);
  g_set_weak_pointer (&self->application, application);
  build_menu (self);

  g_signal_connect_object (application, "notify::window-open", G_CALLBACK (queue_update), self,
                           G_CONNECT_SWAPPED);

  /* Everything the item shows is in place before anyone can ask. */
  self->look = UPLINK_N_LOOKS;
  update (self);
  export (self);

  return self;
}

UplinkConnection *
uplink_status_notifier_get_connection (UplinkStatusNotifier *self)
{
  g_return_val_if_fail (UPLINK_IS_STATUS_NOTIFIER (self), NULL);

  return self->connection;
}

void
uplink_status_notifier_set_connection (UplinkStatusNotifier *self,
                                       UplinkConnection     *connection)
{
  g_return_if_fail (UPLINK_IS_STATUS_NOTIFIER (self));
  g_return_if_fail (connection == NULL || UPLINK_IS_CONNECTION (connection));

  if (self->connection == connection)
    return;

  if (self->connection != NULL)
    g_signal_handlers_disconnect_by_data (self->connection, self);
  g_set_object (&self->connection, connection);
  if (connection != NULL)
    uplink_app_follow_connection (connection, G_CALLBACK (queue_update), self);

  queue_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION]);
}

/**
 * uplink_status_notifier_get_servers:
 * @self: the notifier
 *
 * Returns: (transfer none) (nullable): the servers listed
 */
UplinkServerList *
uplink_status_notifier_get_servers (UplinkStatusNotifier *self)
{
  g_return_val_if_fail (UPLINK_IS_STATUS_NOTIFIER (self), NULL);

  return self->servers;
}

/**
 * uplink_status_notifier_set_servers:
 * @self: the notifier
 * @servers: (nullable): the servers to list, or %NULL
 *
 * Lists each server of @servers in the tooltip and the menu while there
 * are several, following those that come, go and change.
 */
void
uplink_status_notifier_set_servers (UplinkStatusNotifier *self,
                                    UplinkServerList     *servers)
{
  g_return_if_fail (UPLINK_IS_STATUS_NOTIFIER (self));
  g_return_if_fail (servers == NULL || UPLINK_IS_SERVER_LIST (servers));

  if (self->servers == servers)
    return;

  if (self->servers != NULL)
    g_signal_handlers_disconnect_by_data (self->servers, self);
  g_set_object (&self->servers, servers);
  if (servers != NULL)
    g_signal_connect_object (servers, "items-changed", G_CALLBACK (sync_lines), self,
                             G_CONNECT_SWAPPED);
  sync_lines (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVERS]);
}

gboolean
uplink_status_notifier_get_has_host (UplinkStatusNotifier *self)
{
  g_return_val_if_fail (UPLINK_IS_STATUS_NOTIFIER (self), FALSE);

  return self->has_host;
}

/**
 * uplink_status_notifier_get_host_known:
 * @self: the notifier
 *
 * Returns: whether the first look for a tray host has finished
 */
gboolean
uplink_status_notifier_get_host_known (UplinkStatusNotifier *self)
{
  g_return_val_if_fail (UPLINK_IS_STATUS_NOTIFIER (self), FALSE);

  return self->host_known;
}
