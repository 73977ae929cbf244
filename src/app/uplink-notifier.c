/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <libnotify/notify.h>

#include "uplink-notifier.h"

/*
 * Desktop notifications about the connection, with libnotify.
 *
 * There is at most one notification on screen: later news updates it in
 * place and recovery withdraws it. An outage is only notified once it has
 * lasted the grace period, so that a quick reconnection stays silent; a
 * disconnect the user asked for is never notified. When the connection
 * flaps, a new notification pops up at most once a minute and the ones
 * held back are summed up when the minute is over.
 */

/* How often a new notification may pop up, unless the environment says
 * otherwise (tests do not want to wait a minute). */
#define DEFAULT_MIN_INTERVAL_S 60

typedef enum {
  SHOWN_NONE,
  SHOWN_OUTAGE,
  SHOWN_THROTTLE,
  SHOWN_SUMMARY,
} Shown;

struct _UplinkNotifier
{
  GObject parent_instance;

  GSettings *settings;
  UplinkConnection *connection;

  NotifyNotification *notification;
  Shown shown;
  /* What it says, so that unchanged news is not shown again. */
  char *summary;
  char *text;

  guint grace_source;
  guint cooldown_source;
  gint64 min_interval;
  /* When a notification last popped up (not when one was updated). */
  gint64 last_popup;
  /* What was held back since then, and since when it is unstable. */
  guint held_back;
  guint drops;
  guint throttles;
  gint64 unstable_since;

  UplinkState last_state;
};

G_DEFINE_FINAL_TYPE (UplinkNotifier, uplink_notifier, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_CONNECTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void on_closed (UplinkNotifier *self, NotifyNotification *notification);

static gboolean
is_up (UplinkState state)
{
  return state == UPLINK_STATE_CONNECTED || state == UPLINK_STATE_FEATURE_THROTTLED;
}

/* Whether a notification server runs, or would be started by the bus.
 * Without one libnotify warns at every call; there is nobody to tell. */
static gboolean
server_available (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) owned = NULL;
  g_autoptr(GVariant) activatable = NULL;
  g_autofree const char **names = NULL;

  if (bus == NULL)
    return FALSE;

  owned = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", "org.freedesktop.Notifications"),
                                       G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE,
                                       -1, NULL, NULL);
  if (owned != NULL)
    {
      gboolean has_owner;

      g_variant_get (owned, "(b)", &has_owner);
      if (has_owner)
        return TRUE;
    }

  activatable = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                             "org.freedesktop.DBus", "ListActivatableNames",
                                             NULL, G_VARIANT_TYPE ("(as)"), G_DBUS_CALL_FLAGS_NONE,
                                             -1, NULL, NULL);
  if (activatable == NULL)
    return FALSE;

  g_variant_get (activatable, "(^a&s)", &names);
  return g_strv_contains (names, "org.freedesktop.Notifications");
}

/* Servers that understand markup in bodies would interpret what a chat
 * server sent us (features, close reasons): escape it there. */
static char *
body_text (const char *text)
{
  static int markup = -1;

  if (markup < 0)
    {
      GList *caps = notify_get_server_caps ();

      markup = g_list_find_custom (caps, "body-markup", (GCompareFunc) g_strcmp0) != NULL;
      g_list_free_full (caps, g_free);
    }

  return markup ? g_markup_escape_text (text, -1) : g_strdup (text);
}

static void
on_reconnect_action (NotifyNotification *notification,
                     char               *action,
                     gpointer            user_data)
{
  UplinkNotifier *self = user_data;

  if (self->connection != NULL)
    uplink_connection_reconnect_now (self->connection);
}

static void
withdraw (UplinkNotifier *self)
{
  /* libnotify 0.8 has no autoptr cleanup of its own. */
  NotifyNotification *notification = g_steal_pointer (&self->notification);

  self->shown = SHOWN_NONE;
  g_clear_pointer (&self->summary, g_free);
  g_clear_pointer (&self->text, g_free);
  if (notification == NULL)
    return;

  g_signal_handlers_disconnect_by_data (notification, self);
  notify_notification_clear_actions (notification);
  notify_notification_close (notification, NULL);
  g_object_unref (notification);
}

/* Shows @kind, updating what is on screen rather than adding to it. */
static void
present (UplinkNotifier *self,
         Shown           kind,
         const char     *summary,
         const char     *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;

  if (self->notification != NULL && self->shown == kind &&
      g_strcmp0 (self->summary, summary) == 0 && g_strcmp0 (self->text, text) == 0)
    return;

  if (self->notification == NULL && !server_available ())
    {
      g_debug ("No notification server to tell: %s", summary);
      return;
    }

  g_free (self->summary);
  self->summary = g_strdup (summary);
  g_free (self->text);
  self->text = g_strdup (text);
  body = body_text (text);

  if (self->notification == NULL)
    {
      self->notification = notify_notification_new (summary, body, "network-error-symbolic");
      notify_notification_set_app_name (self->notification, g_get_application_name ());
      notify_notification_set_hint_string (self->notification, "desktop-entry", "io.github.uplink.Uplink");
      g_signal_connect_swapped (self->notification, "closed", G_CALLBACK (on_closed), self);
    }
  else
    {
      notify_notification_update (self->notification, summary, body, "network-error-symbolic");
    }

  notify_notification_clear_actions (self->notification);
  if (kind == SHOWN_OUTAGE)
    {
      notify_notification_set_category (self->notification, "network.disconnected");
      notify_notification_set_urgency (self->notification, NOTIFY_URGENCY_NORMAL);
      notify_notification_add_action (self->notification, "reconnect", _("Reconnect Now"),
                                      on_reconnect_action, self, NULL);
    }
  else
    {
      notify_notification_set_category (self->notification, "network");
      notify_notification_set_urgency (self->notification, NOTIFY_URGENCY_LOW);
    }

  self->shown = kind;
  if (!notify_notification_show (self->notification, &error))
    g_debug ("Could not show a notification: %s", error->message);
}

static void
on_closed (UplinkNotifier     *self,
           NotifyNotification *notification)
{
  /* Dismissed by the user or expired: the next news pops up anew. */
  g_signal_handlers_disconnect_by_data (notification, self);
  g_clear_object (&self->notification);
  g_clear_pointer (&self->summary, g_free);
  g_clear_pointer (&self->text, g_free);
  self->shown = SHOWN_NONE;
}

static char *
outage_text (UplinkNotifier *self)
{
  const GError *error = uplink_connection_get_last_error (self->connection);

  /* The reason alone: a countdown would be stale in a notification. */
  if (error != NULL)
    return g_strdup (error->message);
  return uplink_describe_status (UPLINK_STATUS_SOURCE (self->connection));
}

static gboolean wants (UplinkNotifier *self, Shown kind);

static gboolean
on_cooldown_over (gpointer user_data)
{
  UplinkNotifier *self = user_data;
  g_autofree char *summary = NULL;
  g_autofree char *span = NULL;
  g_autofree char *text = NULL;
  UplinkState state;

  self->cooldown_source = 0;
  if (self->held_back == 0 || self->connection == NULL)
    return G_SOURCE_REMOVE;

  span = uplink_describe_duration (g_get_monotonic_time () - self->unstable_since);
  if (self->drops > 0)
    /* Translators: the first %u is a count, %s a duration ("10 minutes") */
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "Connection unstable: %u drop in %s",
                                            "Connection unstable: %u drops in %s",
                                            self->drops),
                               self->drops, span);
  else
    /* Translators: the first %u is a count, %s a duration ("10 minutes") */
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "Connection unstable: features paused %u time in %s",
                                            "Connection unstable: features paused %u times in %s",
                                            self->throttles),
                               self->throttles, span);

  state = uplink_connection_get_state (self->connection);
  text = state == UPLINK_STATE_DISCONNECTED ? outage_text (self)
                                             : uplink_describe_status (UPLINK_STATUS_SOURCE (self->connection));
  self->held_back = 0;
  self->drops = 0;
  self->throttles = 0;
  self->unstable_since = g_get_monotonic_time ();
  self->last_popup = g_get_monotonic_time ();
  /* Down now: recovery withdraws it like any outage; up: it stays. */
  present (self,
           is_up (state) ? SHOWN_SUMMARY : SHOWN_OUTAGE,
           summary, text);

  return G_SOURCE_REMOVE;
}

/* Pops up @kind, unless one popped up less than a minute ago: then it is
 * held back and counted for the summary. */
static void
pop_up (UplinkNotifier *self,
        Shown           kind,
        const char     *summary,
        const char     *text)
{
  gint64 now = g_get_monotonic_time ();

  if (!wants (self, kind))
    return;

  if (self->shown != SHOWN_NONE)
    {
      present (self, kind, summary, text);
      return;
    }

  if (self->last_popup != 0 && now - self->last_popup < self->min_interval)
    {
      self->held_back++;
      if (self->cooldown_source == 0)
        self->cooldown_source =
          g_timeout_add_full (G_PRIORITY_DEFAULT,
                              (self->last_popup + self->min_interval - now + 999) / 1000,
                              on_cooldown_over, self, NULL);
      return;
    }

  if (self->held_back == 0)
    {
      /* A fresh start: counting for a later summary begins here, with
       * the event at hand. */
      self->drops = kind == SHOWN_OUTAGE ? 1 : 0;
      self->throttles = kind == SHOWN_THROTTLE ? 1 : 0;
      self->unstable_since = now;
    }
  self->last_popup = now;
  present (self, kind, summary, text);
}

static gboolean
wants (UplinkNotifier *self,
       Shown           kind)
{
  switch (kind)
    {
    case SHOWN_OUTAGE:
      return g_settings_get_boolean (self->settings, "notify-on-disconnect");
    case SHOWN_THROTTLE:
      return g_settings_get_boolean (self->settings, "notify-on-throttle");
    case SHOWN_SUMMARY:
    case SHOWN_NONE:
    default:
      return TRUE;
    }
}

static void
notify_outage (UplinkNotifier *self)
{
  g_autofree char *text = outage_text (self);

  pop_up (self, SHOWN_OUTAGE, _("Connection lost"), text);
}

static void
notify_throttle (UplinkNotifier *self)
{
  g_autofree char *title = uplink_describe_title (UPLINK_STATUS_SOURCE (self->connection));
  g_autofree char *text = uplink_describe_status (UPLINK_STATUS_SOURCE (self->connection));

  pop_up (self, SHOWN_THROTTLE, title, text);
}

static gboolean
on_grace_over (gpointer user_data)
{
  UplinkNotifier *self = user_data;

  self->grace_source = 0;
  if (self->connection != NULL &&
      uplink_connection_get_running (self->connection) &&
      !is_up (uplink_connection_get_state (self->connection)))
    notify_outage (self);

  return G_SOURCE_REMOVE;
}

static void
start_grace (UplinkNotifier *self)
{
  guint grace = g_settings_get_uint (self->settings, "notify-grace-seconds");

  if (self->grace_source != 0)
    return;

  if (grace == 0)
    self->grace_source = g_idle_add (on_grace_over, self);
  else
    self->grace_source = g_timeout_add_seconds (grace, on_grace_over, self);
}

static void
on_state_changed (UplinkNotifier *self)
{
  UplinkState state = uplink_connection_get_state (self->connection);
  UplinkState previous = self->last_state;

  self->last_state = state;

  if (state == UPLINK_STATE_DISCONNECTED && !uplink_connection_get_running (self->connection))
    {
      /* The user asked for it: nothing to report, and nothing pending. */
      g_clear_handle_id (&self->grace_source, g_source_remove);
      if (self->shown == SHOWN_OUTAGE || self->shown == SHOWN_THROTTLE)
        withdraw (self);
      return;
    }

  switch (state)
    {
    case UPLINK_STATE_CONNECTED:
      g_clear_handle_id (&self->grace_source, g_source_remove);
      if (self->shown == SHOWN_OUTAGE || self->shown == SHOWN_THROTTLE)
        withdraw (self);
      break;

    case UPLINK_STATE_FEATURE_THROTTLED:
      g_clear_handle_id (&self->grace_source, g_source_remove);
      if (self->shown == SHOWN_OUTAGE)
        withdraw (self);
      self->throttles++;
      notify_throttle (self);
      break;

    case UPLINK_STATE_DISCONNECTED:
      if (is_up (previous))
        self->drops++;
      if (self->shown == SHOWN_THROTTLE)
        withdraw (self);
      if (self->shown == SHOWN_OUTAGE)
        notify_outage (self);
      else
        start_grace (self);
      break;

    case UPLINK_STATE_CONNECTING:
    default:
      /* Not news in itself: an outage starts with a disconnect (a first
       * attempt that fails ends in one too) and lasts until a connection
       * is up; resuming after a pause is no outage. */
      break;
    }
}

static void
on_features_changed (UplinkNotifier *self)
{
  if (self->shown == SHOWN_THROTTLE &&
      uplink_connection_get_state (self->connection) == UPLINK_STATE_FEATURE_THROTTLED)
    notify_throttle (self);
}

static void
on_settings_changed (UplinkNotifier *self,
                     const char     *key)
{
  if ((self->shown == SHOWN_OUTAGE && !wants (self, SHOWN_OUTAGE)) ||
      (self->shown == SHOWN_THROTTLE && !wants (self, SHOWN_THROTTLE)))
    withdraw (self);
}

static void
uplink_notifier_dispose (GObject *object)
{
  UplinkNotifier *self = UPLINK_NOTIFIER (object);

  g_clear_handle_id (&self->grace_source, g_source_remove);
  g_clear_handle_id (&self->cooldown_source, g_source_remove);
  withdraw (self);
  if (self->connection != NULL)
    g_signal_handlers_disconnect_by_data (self->connection, self);
  g_clear_object (&self->connection);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (uplink_notifier_parent_class)->dispose (object);
}

static void
uplink_notifier_constructed (GObject *object)
{
  UplinkNotifier *self = UPLINK_NOTIFIER (object);

  G_OBJECT_CLASS (uplink_notifier_parent_class)->constructed (object);

  g_assert (G_IS_SETTINGS (self->settings));
  g_signal_connect_swapped (self->settings, "changed", G_CALLBACK (on_settings_changed), self);
}

static void
uplink_notifier_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  UplinkNotifier *self = UPLINK_NOTIFIER (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_CONNECTION:
      g_value_set_object (value, uplink_notifier_get_connection (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
uplink_notifier_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  UplinkNotifier *self = UPLINK_NOTIFIER (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_CONNECTION:
      uplink_notifier_set_connection (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
uplink_notifier_class_init (UplinkNotifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = uplink_notifier_constructed;
  object_class->dispose = uplink_notifier_dispose;
  object_class->get_property = uplink_notifier_get_property;
  object_class->set_property = uplink_notifier_set_property;

  /**
   * UplinkNotifier:settings:
   *
   * The application's settings: which notifications are wanted, and the
   * grace period.
   */
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * UplinkNotifier:connection:
   *
   * The connection to report on, or %NULL.
   */
  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL,
                         UPLINK_TYPE_CONNECTION,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
uplink_notifier_init (UplinkNotifier *self)
{
  const char *interval = g_getenv ("UPLINK_NOTIFY_MIN_INTERVAL");

  self->min_interval = DEFAULT_MIN_INTERVAL_S * G_TIME_SPAN_SECOND;
  if (interval != NULL)
    self->min_interval = g_ascii_strtoll (interval, NULL, 10) * G_TIME_SPAN_SECOND;
  self->last_state = UPLINK_STATE_DISCONNECTED;
}

UplinkNotifier *
uplink_notifier_new (GSettings *settings)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (UPLINK_TYPE_NOTIFIER, "settings", settings, NULL);
}

UplinkConnection *
uplink_notifier_get_connection (UplinkNotifier *self)
{
  g_return_val_if_fail (UPLINK_IS_NOTIFIER (self), NULL);

  return self->connection;
}

void
uplink_notifier_set_connection (UplinkNotifier   *self,
                                UplinkConnection *connection)
{
  g_return_if_fail (UPLINK_IS_NOTIFIER (self));
  g_return_if_fail (connection == NULL || UPLINK_IS_CONNECTION (connection));

  if (self->connection == connection)
    return;

  /* News about another server would be wrong news. */
  g_clear_handle_id (&self->grace_source, g_source_remove);
  withdraw (self);
  if (self->connection != NULL)
    g_signal_handlers_disconnect_by_data (self->connection, self);
  g_set_object (&self->connection, connection);
  self->last_state = UPLINK_STATE_DISCONNECTED;

  if (connection != NULL)
    {
      g_signal_connect_object (connection, "notify::state",
                               G_CALLBACK (on_state_changed), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (connection, "notify::throttled-features",
                               G_CALLBACK (on_features_changed), self, G_CONNECT_SWAPPED);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION]);
}
