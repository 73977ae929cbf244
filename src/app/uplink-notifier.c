/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <libnotify/notify.h>

#include "uplink-notifier.h"

/*
 * Desktop notifications about the connection, with libnotify.
 *
 * The policy (the README says it in words):
 *
 * - at most one notification on screen; later news about the same thing
 *   updates it in place, recovery withdraws it;
 * - an outage is told once it outlasts the grace period, and at most one
 *   new pop-up per outage (from the first loss to the next session);
 * - a pop-up of a kind (outages, throttling) may follow the previous one
 *   of that kind after 1, then 5, then 15 minutes while the connection
 *   keeps flapping; what comes in between is counted and summed up in one
 *   "Connection unstable" notification when the wait is over; 15 quiet
 *   minutes start the ladder again;
 * - outages and throttling keep their own ladders, so a throttle notice
 *   never holds back the outage that follows it;
 * - nothing while the user has paused, and a pause withdraws what is
 *   shown or pending.
 */

/* The first step of the ladder, unless the environment says otherwise
 * (tests scale the whole ladder with it). */
#define DEFAULT_UNIT_S 60

/* The ladder's steps, in units. */
static const guint spacing[] = { 1, 5, 15 };

typedef enum {
  SHOWN_NONE,
  SHOWN_OUTAGE,
  SHOWN_THROTTLE,
  SHOWN_UNSTABLE,
} Shown;

/* What is rate-limited on its own ladder. */
typedef enum {
  KIND_OUTAGE,
  KIND_THROTTLE,
  N_KINDS
} Kind;

typedef struct
{
  /* No new pop-up of this kind before this (monotonic µs). */
  gint64 gate;
  guint step;
  /* The last event of this kind, to tell when it has been quiet. */
  gint64 last_event;
  /* Events since the connection became unstable, and since when. */
  guint count;
  gint64 since;
  /* Events held back since the last pop-up. */
  guint held;
} Ladder;

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
  guint gate_source;
  gint64 unit;
  Ladder ladders[N_KINDS];

  /* The current outage has been told (even if the user closed it since). */
  gboolean outage_told;
  /* A session was established with this server: an outage is a loss then,
   * not a failure to connect. */
  gboolean reached;
  /* The state last seen was connected or throttled. */
  gboolean was_up;

  /* Whether a notification server runs (a name watch) or the bus would
   * start one (its activatable names, read once): followed without
   * blocking, from the start, so that it is known before any news. */
  guint server_watch;
  GCancellable *cancellable;
  gboolean server_owned;
  gboolean server_activatable;
  gboolean watch_answered;
  gboolean names_answered;
  /* News that came before both answers did, told once they are in. */
  gboolean pending;
  Shown pending_kind;
  char *pending_summary;
  char *pending_text;
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

static gboolean
is_running (UplinkNotifier *self)
{
  return self->connection != NULL && uplink_connection_get_running (self->connection);
}

/* Whether a notification server runs, or would be started by the bus.
 * Without one libnotify warns at every call; there is nobody to tell. */
static gboolean
server_available (UplinkNotifier *self)
{
  return self->server_owned || self->server_activatable;
}

static void present (UplinkNotifier *self, Shown kind, const char *summary, const char *text);

static void
forget_pending (UplinkNotifier *self)
{
  self->pending = FALSE;
  g_clear_pointer (&self->pending_summary, g_free);
  g_clear_pointer (&self->pending_text, g_free);
}

static gboolean
server_known (UplinkNotifier *self)
{
  return self->watch_answered && self->names_answered;
}

/* One of the two answers is in: with both, what waited is told. */
static void
server_answered (UplinkNotifier *self)
{
  g_autofree char *summary = NULL;
  g_autofree char *text = NULL;

  if (!server_known (self) || !self->pending)
    return;

  summary = g_steal_pointer (&self->pending_summary);
  text = g_steal_pointer (&self->pending_text);
  forget_pending (self);
  present (self, self->pending_kind, summary, text);
}

static void
set_server_owned (UplinkNotifier *self,
                  gboolean        owned)
{
  self->server_owned = owned;
  if (self->watch_answered)
    return;

  self->watch_answered = TRUE;
  server_answered (self);
}

static void
on_server_appeared (GDBusConnection *bus,
                    const char      *name,
                    const char      *name_owner,
                    gpointer         user_data)
{
  set_server_owned (user_data, TRUE);
}

static void
on_server_vanished (GDBusConnection *bus,
                    const char      *name,
                    gpointer         user_data)
{
  set_server_owned (user_data, FALSE);
}

static void
on_activatable_names (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  UplinkNotifier *self;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree const char **names = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = user_data;
  if (reply != NULL)
    {
      g_variant_get (reply, "(^a&s)", &names);
      self->server_activatable = g_strv_contains (names, "org.freedesktop.Notifications");
    }
  self->names_answered = TRUE;
  server_answered (self);
}

static void
on_bus (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  UplinkNotifier *self;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GError) error = NULL;

  bus = g_bus_get_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = user_data;
  if (bus == NULL)
    {
      /* No bus: no server either, and the watch says so too. */
      self->names_answered = TRUE;
      server_answered (self);
      return;
    }

  g_dbus_connection_call (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                          "org.freedesktop.DBus", "ListActivatableNames",
                          NULL, G_VARIANT_TYPE ("(as)"), G_DBUS_CALL_FLAGS_NONE,
                          -1, self->cancellable, on_activatable_names, self);
}

static void
follow_server (UplinkNotifier *self)
{
  self->cancellable = g_cancellable_new ();
  g_bus_get (G_BUS_TYPE_SESSION, self->cancellable, on_bus, self);
  self->server_watch = g_bus_watch_name (G_BUS_TYPE_SESSION, "org.freedesktop.Notifications",
                                         G_BUS_NAME_WATCHER_FLAGS_NONE,
                                         on_server_appeared, on_server_vanished, self, NULL);
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
  forget_pending (self);
  if (notification == NULL)
    return;

  g_signal_handlers_disconnect_by_data (notification, self);
  notify_notification_clear_actions (notification);
  notify_notification_close (notification, NULL);
  g_object_unref (notification);
}

/* The app's own state icons, so that an outage and a throttle look as
 * they do in the window and the tray. */
static const char *
icon_for (Shown kind)
{
  return kind == SHOWN_THROTTLE ? APP_ID "-throttled-symbolic" : APP_ID "-disconnected-symbolic";
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

  if (self->notification == NULL && !server_known (self))
    {
      g_free (self->pending_summary);
      self->pending_summary = g_strdup (summary);
      g_free (self->pending_text);
      self->pending_text = g_strdup (text);
      self->pending_kind = kind;
      self->pending = TRUE;
      return;
    }
  if (self->notification == NULL && !server_available (self))
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
      self->notification = notify_notification_new (summary, body, icon_for (kind));
      notify_notification_set_app_name (self->notification, g_get_application_name ());
      notify_notification_set_hint_string (self->notification, "desktop-entry", APP_ID);
      g_signal_connect_swapped (self->notification, "closed", G_CALLBACK (on_closed), self);
    }
  else
    {
      notify_notification_update (self->notification, summary, body, icon_for (kind));
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

/* "Couldn't connect" for a server never reached, "Connection lost" for one
 * that was up. */
static const char *
outage_title (UplinkNotifier *self)
{
  return self->reached ? _("Connection lost") : _("Couldn't connect");
}

/* Why the connection is down, without a countdown (it would go stale on
 * screen). */
static char *
outage_text (UplinkNotifier *self)
{
  const GError *error = uplink_connection_get_last_error (self->connection);

  if (error != NULL)
    return g_strdup (error->message);
  if (self->reached)
    return g_strdup (_("The server closed the connection. Uplink keeps trying."));
  return g_strdup (_("Uplink keeps trying to reach the server."));
}

static gint64
ladder_wait (UplinkNotifier *self,
             guint           step)
{
  return self->unit * spacing[MIN (step, G_N_ELEMENTS (spacing) - 1)];
}

/* Counts an event of @kind; 15 quiet minutes before it start the ladder
 * again. */
static void
ladder_count (UplinkNotifier *self,
              Kind            kind)
{
  Ladder *ladder = &self->ladders[kind];
  gint64 now = g_get_monotonic_time ();

  if (ladder->last_event == 0 || now - ladder->last_event >= ladder_wait (self, G_MAXUINT))
    {
      ladder->step = 0;
      ladder->count = 0;
      ladder->held = 0;
      ladder->since = now;
    }
  ladder->last_event = now;
  ladder->count++;
}

/* A pop-up of @kind happened: the next one waits for the next step. */
static void
ladder_climb (UplinkNotifier *self,
              Kind            kind)
{
  Ladder *ladder = &self->ladders[kind];

  ladder->gate = g_get_monotonic_time () + ladder_wait (self, ladder->step);
  ladder->step = MIN (ladder->step + 1, G_N_ELEMENTS (spacing) - 1);
  ladder->held = 0;
}

static void
ladders_reset (UplinkNotifier *self)
{
  g_clear_handle_id (&self->gate_source, g_source_remove);
  for (guint i = 0; i < N_KINDS; i++)
    self->ladders[i].held = 0;
}

static gboolean on_gate_open (gpointer user_data);

/* Wakes up when the first ladder with events held back opens again. */
static void
schedule_gate (UplinkNotifier *self)
{
  gint64 first = G_MAXINT64;
  gint64 now = g_get_monotonic_time ();

  g_clear_handle_id (&self->gate_source, g_source_remove);
  for (guint i = 0; i < N_KINDS; i++)
    if (self->ladders[i].held > 0)
      first = MIN (first, self->ladders[i].gate);

  if (first != G_MAXINT64)
    self->gate_source = g_timeout_add_full (G_PRIORITY_DEFAULT, (MAX (first - now, 0) + 999) / 1000,
                                            on_gate_open, self, NULL);
}

/* "Connection unstable": how often, over how long, and how it is now. */
static void
present_unstable (UplinkNotifier *self,
                  gboolean        popped)
{
  Ladder *drops = &self->ladders[KIND_OUTAGE];
  Ladder *throttles = &self->ladders[KIND_THROTTLE];
  UplinkState state = uplink_connection_get_state (self->connection);
  gint64 now = g_get_monotonic_time ();
  g_autofree char *span = NULL;
  g_autofree char *count = NULL;
  g_autofree char *now_text = NULL;
  g_autofree char *text = NULL;

  if (drops->count > 0)
    {
      span = uplink_describe_duration (now - drops->since);
      /* Translators: %u is a count, %s a duration ("10 minutes") */
      count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%u drop in the last %s.",
                                            "%u drops in the last %s.",
                                            drops->count),
                               drops->count, span);
    }
  else
    {
      span = uplink_describe_duration (now - throttles->since);
      /* Translators: %u is a count, %s a duration ("10 minutes") */
      count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "Features paused %u time in the last %s.",
                                            "Features paused %u times in the last %s.",
                                            throttles->count),
                               throttles->count, span);
    }

  now_text = state == UPLINK_STATE_DISCONNECTED ? outage_text (self)
                                                 : uplink_describe_status (UPLINK_STATUS_SOURCE (self->connection));
  text = g_strdup_printf ("%s %s", count, now_text);

  if (popped && state == UPLINK_STATE_DISCONNECTED)
    self->outage_told = TRUE;
  /* Down now: recovery withdraws it like any outage; up: it stays. */
  present (self, is_up (state) ? SHOWN_UNSTABLE : SHOWN_OUTAGE, _("Connection unstable"), text);
}

static gboolean
on_gate_open (gpointer user_data)
{
  UplinkNotifier *self = user_data;
  gboolean popped = FALSE;
  gint64 now = g_get_monotonic_time ();

  self->gate_source = 0;
  if (!is_running (self))
    return G_SOURCE_REMOVE;

  for (guint i = 0; i < N_KINDS; i++)
    if (self->ladders[i].held > 0 && self->ladders[i].gate <= now)
      {
        ladder_climb (self, i);
        popped = TRUE;
      }

  if (popped)
    {
      /* A summary pops up anew, whatever was on screen. */
      withdraw (self);
      present_unstable (self, TRUE);
    }
  schedule_gate (self);

  return G_SOURCE_REMOVE;
}

static gboolean
wants (UplinkNotifier *self,
       Kind            kind)
{
  if (kind == KIND_OUTAGE)
    return g_settings_get_boolean (self->settings, "notify-on-disconnect");
  return g_settings_get_boolean (self->settings, "notify-on-throttle");
}

/* Tells news of @kind: in place when its notification is on screen, as a
 * pop-up when its ladder allows one, else held back for the summary. */
static void
tell (UplinkNotifier *self,
      Kind            kind,
      Shown           shown,
      const char     *summary,
      const char     *text)
{
  Ladder *ladder = &self->ladders[kind];

  if (!wants (self, kind) || !is_running (self))
    return;

  if (self->shown == SHOWN_UNSTABLE)
    {
      ladder->held++;
      present_unstable (self, FALSE);
      schedule_gate (self);
      return;
    }

  if (self->shown != SHOWN_NONE)
    {
      present (self, shown, summary, text);
      return;
    }

  if (g_get_monotonic_time () < ladder->gate)
    {
      ladder->held++;
      schedule_gate (self);
      return;
    }

  ladder_climb (self, kind);
  present (self, shown, summary, text);
}

static void
notify_outage (UplinkNotifier *self)
{
  g_autofree char *text = outage_text (self);

  /* One pop-up per outage: after that, only what is on screen changes. */
  if (self->outage_told && self->shown != SHOWN_OUTAGE)
    return;

  tell (self, KIND_OUTAGE, SHOWN_OUTAGE, outage_title (self), text);
  self->outage_told = TRUE;
}

static void
notify_throttle (UplinkNotifier *self)
{
  g_autofree char *title = uplink_describe_title (UPLINK_STATUS_SOURCE (self->connection));
  g_autofree char *text = uplink_describe_status (UPLINK_STATUS_SOURCE (self->connection));

  tell (self, KIND_THROTTLE, SHOWN_THROTTLE, title, text);
}

static gboolean
on_grace_over (gpointer user_data)
{
  UplinkNotifier *self = user_data;

  self->grace_source = 0;
  if (is_running (self) && !is_up (uplink_connection_get_state (self->connection)))
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

/* The user paused (or nobody watches): nothing to report, nothing pending. */
static void
quiet_down (UplinkNotifier *self)
{
  g_clear_handle_id (&self->grace_source, g_source_remove);
  ladders_reset (self);
  self->outage_told = FALSE;
  withdraw (self);
}

/* A session is up: the outage, if any, is over. */
static void
outage_over (UplinkNotifier *self)
{
  g_clear_handle_id (&self->grace_source, g_source_remove);
  self->outage_told = FALSE;
  self->reached = TRUE;
  if (self->shown == SHOWN_OUTAGE)
    withdraw (self);
}

static void
on_state_changed (UplinkNotifier *self)
{
  UplinkState state = uplink_connection_get_state (self->connection);
  gboolean was_up = self->was_up;

  self->was_up = is_up (state);
  if (!is_running (self))
    {
      quiet_down (self);
      return;
    }

  switch (state)
    {
    case UPLINK_STATE_CONNECTED:
      outage_over (self);
      if (self->shown == SHOWN_THROTTLE)
        withdraw (self);
      break;

    case UPLINK_STATE_FEATURE_THROTTLED:
      outage_over (self);
      ladder_count (self, KIND_THROTTLE);
      notify_throttle (self);
      break;

    case UPLINK_STATE_DISCONNECTED:
      /* Every drop counts for the summary, the quick ones too; counted
       * now, since a retry may be up again before the grace period. */
      if (was_up)
        ladder_count (self, KIND_OUTAGE);
      /* Worse news replaces the milder one at once. */
      if (self->shown == SHOWN_THROTTLE)
        withdraw (self);
      if (self->outage_told)
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
on_running_changed (UplinkNotifier *self)
{
  if (!is_running (self))
    quiet_down (self);
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
  if ((self->shown == SHOWN_OUTAGE && !wants (self, KIND_OUTAGE)) ||
      (self->shown == SHOWN_THROTTLE && !wants (self, KIND_THROTTLE)))
    withdraw (self);
}

static void
uplink_notifier_dispose (GObject *object)
{
  UplinkNotifier *self = UPLINK_NOTIFIER (object);

  g_clear_handle_id (&self->grace_source, g_source_remove);
  g_clear_handle_id (&self->gate_source, g_source_remove);
  withdraw (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->server_watch, g_bus_unwatch_name);
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
  follow_server (self);
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
  const char *unit = g_getenv ("UPLINK_NOTIFY_MIN_INTERVAL");

  /* Seconds, fractions allowed: a test scales minutes down to them. */
  self->unit = DEFAULT_UNIT_S * G_TIME_SPAN_SECOND;
  if (unit != NULL)
    self->unit = (gint64) (g_ascii_strtod (unit, NULL) * G_TIME_SPAN_SECOND);
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
  quiet_down (self);
  memset (self->ladders, 0, sizeof self->ladders);
  self->reached = FALSE;
  self->was_up = FALSE;
  if (self->connection != NULL)
    g_signal_handlers_disconnect_by_data (self->connection, self);
  g_set_object (&self->connection, connection);

  if (connection != NULL)
    {
      g_signal_connect_object (connection, "notify::state",
                               G_CALLBACK (on_state_changed), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (connection, "notify::throttled-features",
                               G_CALLBACK (on_features_changed), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (connection, "notify::running",
                               G_CALLBACK (on_running_changed), self, G_CONNECT_SWAPPED);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION]);
}
