/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <libnotify/notify.h>

#include "uplink-notification-group.h"
#include "uplink-notifier.h"

/*
 * Desktop notifications about the servers, with libnotify.
 *
 * Each server (or the one connection of the demo) has a policy of its
 * own, below; what it decides to tell goes to an
 * UplinkNotificationGroup, and the one notification on screen says what
 * the group says: one server's news under its name ("Work chat:
 * Connection lost"), or one summary for several servers down together
 * (a network loss is one "No network"). With a single server the titles
 * are today's, without a name.
 *
 * The policy of each server (the README says it in words):
 *
 * - at most one notification on screen; later news about the same thing
 *   updates it in place, recovery withdraws it;
 * - an outage is told once it outlasts the grace period, and at most one
 *   new pop-up per outage (from the first loss to the next session);
 * - a pop-up of a kind (outages, throttling) may follow the previous one
 *   of that kind after 1, then 5, then 15 minutes while the connection
 *   keeps flapping; what comes in between is counted and summed up in one
 *   "Connection unstable" notification when the wait is over, which stays
 *   through later drops and recoveries (no reconnection withdraws it);
 *   15 quiet minutes start the ladder again;
 * - outages and throttling keep their own ladders, so a throttle notice
 *   never holds back the outage that follows it;
 * - nothing while the user has paused, and a pause withdraws what is
 *   shown or pending;
 * - a server's own `notify-on-disconnect` / `notify-on-throttle` and the
 *   application's (all servers) must both allow a kind; the grace period
 *   is the application's.
 */

/* The first step of the ladder, unless the environment says otherwise
 * (tests scale the whole ladder with it). */
#define DEFAULT_UNIT_S 60

/* How long the first server's outage waits for others to come with it:
 * their grace periods end within the same second or so. */
#define GATHER_MS 2000

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

/* One server's policy: what it has told, and what it waits for. */
typedef struct
{
  UplinkNotifier *notifier;
  /* The server, or NULL for the notifier's one connection (the demo's). */
  UplinkServer *server;
  char *id;
  UplinkConnection *connection;

  /* What it tells now, so that unchanged news is not told again. */
  Shown shown;
  char *summary;
  char *text;

  guint grace_source;
  guint gate_source;
  Ladder ladders[N_KINDS];

  /* The current outage has been told (even if the user closed it since). */
  gboolean outage_told;
  /* A session was established with this server: an outage is a loss then,
   * not a failure to connect. */
  gboolean reached;
  /* The state last seen was connected or throttled. */
  gboolean was_up;
  /* What it tells now is a "Connection unstable" summary. */
  gboolean summed_up;
} Watch;

struct _UplinkNotifier
{
  GObject parent_instance;

  GSettings *settings;
  UplinkConnection *connection;
  UplinkServerList *servers;
  /* A Watch per server, or one for the connection without a list. */
  GPtrArray *watches;
  UplinkNotificationGroup *group;

  NotifyNotification *notification;
  Shown shown;
  /* What it says, so that unchanged news is not shown again. */
  char *summary;
  char *text;

  gint64 unit;

  /* Whether a notification server runs (a name watch) or the bus would
   * start one (its activatable names, read once): followed without
   * blocking, from the start, so that it is known before any news. */
  guint server_watch;
  GCancellable *cancellable;
  gboolean server_owned;
  gboolean server_activatable;
  gboolean watch_answered;
  gboolean names_answered;
  /* News that came before both answers did, shown once they are in. */
  gboolean pending;
};

G_DEFINE_FINAL_TYPE (UplinkNotifier, uplink_notifier, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_CONNECTION,
  PROP_SERVERS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void on_closed (UplinkNotifier *self, NotifyNotification *notification);
static void show_group (UplinkNotifier *self);

static gboolean
is_up (UplinkState state)
{
  return state == UPLINK_STATE_CONNECTED || state == UPLINK_STATE_FEATURE_THROTTLED;
}

static gboolean
is_running (Watch *watch)
{
  return watch->connection != NULL && uplink_connection_get_running (watch->connection);
}

/* Whether a notification server runs, or would be started by the bus.
 * Without one libnotify warns at every call; there is nobody to tell. */
static gboolean
server_available (UplinkNotifier *self)
{
  return self->server_owned || self->server_activatable;
}

static gboolean
server_known (UplinkNotifier *self)
{
  return self->watch_answered && self->names_answered;
}

/* One of the two answers is in: with both, what waited is shown. */
static void
server_answered (UplinkNotifier *self)
{
  if (!server_known (self) || !self->pending)
    return;

  self->pending = FALSE;
  show_group (self);
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

static Watch *
find_watch (UplinkNotifier *self,
            const char     *id)
{
  for (guint i = 0; i < self->watches->len; i++)
    {
      Watch *watch = g_ptr_array_index (self->watches, i);

      if (g_str_equal (watch->id, id))
        return watch;
    }
  return NULL;
}

/* Reconnect Now: every server whose outage is on screen, looked up at
 * the click, so that a server removed since is simply not there. */
static void
on_reconnect_action (NotifyNotification *notification,
                     char               *action,
                     gpointer            user_data)
{
  UplinkNotifier *self = user_data;

  for (guint i = 0; i < self->watches->len; i++)
    {
      Watch *watch = g_ptr_array_index (self->watches, i);

      if (watch->shown == SHOWN_OUTAGE && is_running (watch))
        uplink_connection_reconnect_now (watch->connection);
    }
}

static void
close_notification (UplinkNotifier *self)
{
  /* libnotify 0.8 has no autoptr cleanup of its own. */
  NotifyNotification *notification = g_steal_pointer (&self->notification);

  self->shown = SHOWN_NONE;
  self->pending = FALSE;
  g_clear_pointer (&self->summary, g_free);
  g_clear_pointer (&self->text, g_free);
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

/* A summary looks like its gravest news: an outage if there is one. */
static Shown
summary_kind (UplinkNotifier *self)
{
  Shown kind = SHOWN_THROTTLE;

  for (guint i = 0; i < self->watches->len; i++)
    {
      Watch *watch = g_ptr_array_index (self->watches, i);

      if (watch->shown == SHOWN_OUTAGE)
        return SHOWN_OUTAGE;
      if (watch->shown == SHOWN_UNSTABLE)
        kind = SHOWN_UNSTABLE;
    }
  return kind;
}

/* The group changed: the notification says what it says now. */
static void
show_group (UplinkNotifier *self)
{
  const char *single;
  Watch *watch = NULL;
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;

  if (uplink_notification_group_get_n_shown (self->group) == 0)
    {
      close_notification (self);
      return;
    }
  if (self->notification == NULL && !server_known (self))
    {
      self->pending = TRUE;
      return;
    }

  single = uplink_notification_group_get_single (self->group);
  if (single != NULL)
    watch = find_watch (self, single);
  /* Alone, a server needs no name. */
  if (watch != NULL && self->watches->len == 1)
    title = g_strdup (watch->summary);
  else
    title = uplink_notification_group_dup_title (self->group);
  body = uplink_notification_group_dup_body (self->group);

  present (self, watch != NULL ? watch->shown : summary_kind (self), title, body);
}

static void
on_closed (UplinkNotifier     *self,
           NotifyNotification *notification)
{
  /* Dismissed by the user or expired: every server's next news pops up
   * anew. */
  g_signal_handlers_disconnect_by_data (notification, self);
  g_clear_object (&self->notification);
  g_clear_pointer (&self->summary, g_free);
  g_clear_pointer (&self->text, g_free);
  self->shown = SHOWN_NONE;
  for (guint i = 0; i < self->watches->len; i++)
    {
      Watch *watch = g_ptr_array_index (self->watches, i);

      watch->shown = SHOWN_NONE;
      /* Nor is a summary on screen any more: the next drop waits for
       * the ladder again rather than popping one up. */
      watch->summed_up = FALSE;
      g_clear_pointer (&watch->summary, g_free);
      g_clear_pointer (&watch->text, g_free);
    }
  uplink_notification_group_clear (self->group);
}

static const char *
watch_name (Watch *watch)
{
  return watch->server != NULL ? uplink_server_get_name (watch->server) : g_get_application_name ();
}

static gboolean
is_offline (Watch *watch)
{
  const GError *error = uplink_connection_get_last_error (watch->connection);

  return g_error_matches (error, UPLINK_CONNECTION_ERROR, UPLINK_CONNECTION_ERROR_OFFLINE);
}

static void
tell_group (Watch *watch)
{
  uplink_notification_group_add (watch->notifier->group, watch->id, watch_name (watch),
                                 watch->summary, watch->text, watch->shown == SHOWN_OUTAGE,
                                 is_offline (watch));
}

/* Tells @kind for this server, in place of what it told before. */
static void
watch_present (Watch      *watch,
               Shown       kind,
               const char *summary,
               const char *text)
{
  watch->summed_up = FALSE;
  if (watch->shown == kind && g_strcmp0 (watch->summary, summary) == 0 &&
      g_strcmp0 (watch->text, text) == 0)
    return;

  watch->shown = kind;
  g_free (watch->summary);
  watch->summary = g_strdup (summary);
  g_free (watch->text);
  watch->text = g_strdup (text);
  tell_group (watch);
}

static void
withdraw (Watch *watch)
{
  watch->summed_up = FALSE;
  watch->shown = SHOWN_NONE;
  g_clear_pointer (&watch->summary, g_free);
  g_clear_pointer (&watch->text, g_free);
  uplink_notification_group_remove (watch->notifier->group, watch->id);
}

/* "Couldn't connect" for a server never reached, "Connection lost" for one
 * that was up. */
static const char *
outage_title (Watch *watch)
{
  return watch->reached ? _("Connection lost") : _("Couldn't connect");
}

/* Why the connection is down, without a countdown (it would go stale on
 * screen). */
static char *
outage_text (Watch *watch)
{
  const GError *error = uplink_connection_get_last_error (watch->connection);

  if (error != NULL)
    return g_strdup (error->message);
  if (watch->reached)
    return g_strdup (_("The server closed the connection. Uplink keeps trying."));
  return g_strdup (_("Uplink keeps trying to reach the server."));
}

static gint64
ladder_wait (Watch *watch,
             guint  step)
{
  return watch->notifier->unit * spacing[MIN (step, G_N_ELEMENTS (spacing) - 1)];
}

/* Counts an event of @kind; 15 quiet minutes before it start the ladder
 * again. */
static void
ladder_count (Watch *watch,
              Kind   kind)
{
  Ladder *ladder = &watch->ladders[kind];
  gint64 now = g_get_monotonic_time ();

  if (ladder->last_event == 0 || now - ladder->last_event >= ladder_wait (watch, G_MAXUINT))
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
ladder_climb (Watch *watch,
              Kind   kind)
{
  Ladder *ladder = &watch->ladders[kind];

  ladder->gate = g_get_monotonic_time () + ladder_wait (watch, ladder->step);
  ladder->step = MIN (ladder->step + 1, G_N_ELEMENTS (spacing) - 1);
  ladder->held = 0;
}

static void
ladders_reset (Watch *watch)
{
  g_clear_handle_id (&watch->gate_source, g_source_remove);
  for (guint i = 0; i < N_KINDS; i++)
    watch->ladders[i].held = 0;
}

static gboolean on_gate_open (gpointer user_data);

/* Wakes up when the first ladder with events held back opens again. */
static void
schedule_gate (Watch *watch)
{
  gint64 first = G_MAXINT64;
  gint64 now = g_get_monotonic_time ();

  g_clear_handle_id (&watch->gate_source, g_source_remove);
  for (guint i = 0; i < N_KINDS; i++)
    if (watch->ladders[i].held > 0)
      first = MIN (first, watch->ladders[i].gate);

  if (first != G_MAXINT64)
    watch->gate_source = g_timeout_add_full (G_PRIORITY_DEFAULT, (MAX (first - now, 0) + 999) / 1000,
                                             on_gate_open, watch, NULL);
}

/* "Connection unstable": how often, over how long, and how it is now. */
static void
present_unstable (Watch    *watch,
                  gboolean  popped)
{
  Ladder *drops = &watch->ladders[KIND_OUTAGE];
  Ladder *throttles = &watch->ladders[KIND_THROTTLE];
  UplinkState state = uplink_connection_get_state (watch->connection);
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

  now_text = state == UPLINK_STATE_DISCONNECTED ? outage_text (watch)
                                                 : uplink_describe_status (UPLINK_STATUS_SOURCE (watch->connection));
  text = g_strdup_printf ("%s %s", count, now_text);

  if (popped && state == UPLINK_STATE_DISCONNECTED)
    watch->outage_told = TRUE;
  /* Down now, it is the outage's notification until the next session,
   * which turns it back into a summary that stays. */
  watch_present (watch, is_up (state) ? SHOWN_UNSTABLE : SHOWN_OUTAGE, _("Connection unstable"), text);
  watch->summed_up = TRUE;
}

static gboolean
on_gate_open (gpointer user_data)
{
  Watch *watch = user_data;
  gboolean popped = FALSE;
  gint64 now = g_get_monotonic_time ();

  watch->gate_source = 0;
  if (!is_running (watch))
    return G_SOURCE_REMOVE;

  for (guint i = 0; i < N_KINDS; i++)
    if (watch->ladders[i].held > 0 && watch->ladders[i].gate <= now)
      {
        ladder_climb (watch, i);
        popped = TRUE;
      }

  if (popped)
    {
      /* A summary pops up anew, whatever was on screen. */
      withdraw (watch);
      present_unstable (watch, TRUE);
    }
  schedule_gate (watch);

  return G_SOURCE_REMOVE;
}

/* The application's switch and the server's own must both say yes. */
static gboolean
wants (Watch *watch,
       Kind   kind)
{
  const char *key = kind == KIND_OUTAGE ? "notify-on-disconnect" : "notify-on-throttle";

  if (!g_settings_get_boolean (watch->notifier->settings, key))
    return FALSE;
  return watch->server == NULL || g_settings_get_boolean (uplink_server_get_settings (watch->server), key);
}

/* Tells news of @kind: in place when its notification is on screen, as a
 * pop-up when its ladder allows one, else held back for the summary. */
static void
tell (Watch      *watch,
      Kind        kind,
      Shown       shown,
      const char *summary,
      const char *text)
{
  Ladder *ladder = &watch->ladders[kind];

  if (!wants (watch, kind) || !is_running (watch))
    return;

  if (watch->shown == SHOWN_UNSTABLE)
    {
      ladder->held++;
      present_unstable (watch, FALSE);
      schedule_gate (watch);
      return;
    }

  if (watch->shown != SHOWN_NONE)
    {
      watch_present (watch, shown, summary, text);
      return;
    }

  if (g_get_monotonic_time () < ladder->gate)
    {
      ladder->held++;
      schedule_gate (watch);
      return;
    }

  ladder_climb (watch, kind);
  watch_present (watch, shown, summary, text);
}

static void
notify_outage (Watch *watch)
{
  g_autofree char *text = outage_text (watch);

  /* One pop-up per outage: after that, only what is on screen changes. */
  if (watch->outage_told && watch->shown != SHOWN_OUTAGE)
    return;

  /* A summary on screen says it all already: how often, and this outage. */
  if (watch->summed_up)
    {
      present_unstable (watch, FALSE);
      watch->outage_told = TRUE;
      return;
    }

  tell (watch, KIND_OUTAGE, SHOWN_OUTAGE, outage_title (watch), text);
  watch->outage_told = TRUE;
}

static void
notify_throttle (Watch *watch)
{
  g_autofree char *title = uplink_describe_title (UPLINK_STATUS_SOURCE (watch->connection));
  g_autofree char *text = uplink_describe_status (UPLINK_STATUS_SOURCE (watch->connection));

  tell (watch, KIND_THROTTLE, SHOWN_THROTTLE, title, text);
}

static gboolean
on_grace_over (gpointer user_data)
{
  Watch *watch = user_data;

  watch->grace_source = 0;
  if (is_running (watch) && !is_up (uplink_connection_get_state (watch->connection)))
    notify_outage (watch);

  return G_SOURCE_REMOVE;
}

static void
start_grace (Watch *watch)
{
  guint grace = g_settings_get_uint (watch->notifier->settings, "notify-grace-seconds");

  if (watch->grace_source != 0)
    return;

  if (grace == 0)
    watch->grace_source = g_idle_add (on_grace_over, watch);
  else
    watch->grace_source = g_timeout_add_seconds (grace, on_grace_over, watch);
}

/* The user paused (or nobody watches): nothing to report, nothing pending. */
static void
quiet_down (Watch *watch)
{
  g_clear_handle_id (&watch->grace_source, g_source_remove);
  ladders_reset (watch);
  watch->outage_told = FALSE;
  withdraw (watch);
}

/* A session is up: the outage, if any, is over. */
static void
outage_over (Watch *watch)
{
  g_clear_handle_id (&watch->grace_source, g_source_remove);
  watch->outage_told = FALSE;
  watch->reached = TRUE;
  /* A summary stays, saying the connection is back; a single outage's
   * notification goes. */
  if (watch->shown == SHOWN_OUTAGE && watch->summed_up)
    present_unstable (watch, FALSE);
  else if (watch->shown == SHOWN_OUTAGE)
    withdraw (watch);
}

static void
on_state_changed (Watch *watch)
{
  UplinkState state = uplink_connection_get_state (watch->connection);
  gboolean was_up = watch->was_up;

  watch->was_up = is_up (state);
  if (!is_running (watch))
    {
      quiet_down (watch);
      return;
    }

  switch (state)
    {
    case UPLINK_STATE_CONNECTED:
      outage_over (watch);
      if (watch->shown == SHOWN_THROTTLE)
        withdraw (watch);
      break;

    case UPLINK_STATE_FEATURE_THROTTLED:
      outage_over (watch);
      ladder_count (watch, KIND_THROTTLE);
      notify_throttle (watch);
      break;

    case UPLINK_STATE_DISCONNECTED:
      /* Every drop counts for the summary, the quick ones too; counted
       * now, since a retry may be up again before the grace period. */
      if (was_up)
        ladder_count (watch, KIND_OUTAGE);
      /* Worse news replaces the milder one at once. */
      if (watch->shown == SHOWN_THROTTLE)
        withdraw (watch);
      if (watch->outage_told)
        notify_outage (watch);
      else
        start_grace (watch);
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
on_running_changed (Watch *watch)
{
  if (!is_running (watch))
    quiet_down (watch);
}

static void
on_features_changed (Watch *watch)
{
  if (watch->shown == SHOWN_THROTTLE &&
      uplink_connection_get_state (watch->connection) == UPLINK_STATE_FEATURE_THROTTLED)
    notify_throttle (watch);
}

/* A switch turned off withdraws what it no longer allows. */
static void
obey_switches (Watch *watch)
{
  if ((watch->shown == SHOWN_OUTAGE && !wants (watch, KIND_OUTAGE)) ||
      (watch->shown == SHOWN_THROTTLE && !wants (watch, KIND_THROTTLE)))
    withdraw (watch);
}

/* A new name is said at once where the server is named. */
static void
on_name_changed (Watch *watch)
{
  if (watch->shown != SHOWN_NONE)
    tell_group (watch);
}

static void
watch_set_connection (Watch            *watch,
                      UplinkConnection *connection)
{
  if (watch->connection == connection)
    return;

  /* News about another connection would be wrong news. */
  quiet_down (watch);
  memset (watch->ladders, 0, sizeof watch->ladders);
  watch->reached = FALSE;
  watch->was_up = FALSE;
  if (watch->connection != NULL)
    g_signal_handlers_disconnect_by_data (watch->connection, watch);
  g_set_object (&watch->connection, connection);

  if (connection == NULL)
    return;

  g_signal_connect_swapped (connection, "notify::state", G_CALLBACK (on_state_changed), watch);
  g_signal_connect_swapped (connection, "notify::throttled-features",
                            G_CALLBACK (on_features_changed), watch);
  g_signal_connect_swapped (connection, "notify::running", G_CALLBACK (on_running_changed), watch);
}

/* A new address is a new connection. */
static void
on_server_connection_changed (Watch *watch)
{
  watch_set_connection (watch, uplink_server_get_connection (watch->server));
}

static Watch *
watch_new (UplinkNotifier *self,
           UplinkServer   *server)
{
  Watch *watch = g_new0 (Watch, 1);

  watch->notifier = self;
  if (server == NULL)
    {
      watch->id = g_strdup ("");
      watch_set_connection (watch, self->connection);
      return watch;
    }

  watch->server = g_object_ref (server);
  watch->id = g_strdup (uplink_server_get_id (server));
  g_signal_connect_swapped (server, "notify::connection", G_CALLBACK (on_server_connection_changed), watch);
  g_signal_connect_swapped (server, "notify::name", G_CALLBACK (on_name_changed), watch);
  g_signal_connect_swapped (uplink_server_get_settings (server), "changed",
                            G_CALLBACK (obey_switches), watch);
  watch_set_connection (watch, uplink_server_get_connection (server));
  return watch;
}

/* The server is gone (or no longer told about): its news with it. */
static void
watch_free (Watch *watch)
{
  watch_set_connection (watch, NULL);
  quiet_down (watch);
  if (watch->server != NULL)
    {
      g_signal_handlers_disconnect_by_data (uplink_server_get_settings (watch->server), watch);
      g_signal_handlers_disconnect_by_data (watch->server, watch);
      g_object_unref (watch->server);
    }
  g_free (watch->id);
  g_free (watch);
}

static void
on_settings_changed (UplinkNotifier *self)
{
  for (guint i = 0; i < self->watches->len; i++)
    obey_switches (g_ptr_array_index (self->watches, i));
}

static Watch *
take_watch (GPtrArray    *watches,
            UplinkServer *server)
{
  for (guint i = 0; i < watches->len; i++)
    if (((Watch *) g_ptr_array_index (watches, i))->server == server)
      return g_ptr_array_steal_index (watches, i);
  return NULL;
}

/* A watch per server of the list, keeping those that stay; without a
 * list, one for the connection. */
static void
sync_watches (UplinkNotifier *self)
{
  g_autoptr(GPtrArray) old = g_steal_pointer (&self->watches);
  g_autoptr(GPtrArray) order = NULL;
  GListModel *servers = self->servers != NULL ? G_LIST_MODEL (self->servers) : NULL;
  guint n_servers = servers != NULL ? g_list_model_get_n_items (servers) : 0;

  self->watches = g_ptr_array_new_with_free_func ((GDestroyNotify) watch_free);
  if (servers == NULL)
    {
      Watch *watch = take_watch (old, NULL);

      g_ptr_array_add (self->watches, watch != NULL ? watch : watch_new (self, NULL));
    }
  for (guint i = 0; i < n_servers; i++)
    {
      g_autoptr(UplinkServer) server = g_list_model_get_item (servers, i);
      Watch *watch = take_watch (old, server);

      g_ptr_array_add (self->watches, watch != NULL ? watch : watch_new (self, server));
    }
  /* Alone, a server has nobody to wait for. */
  uplink_notification_group_set_gather_ms (self->group, self->watches->len > 1 ? GATHER_MS : 0);
  /* A summary names the servers in the user's order. */
  order = g_ptr_array_new ();
  for (guint i = 0; i < self->watches->len; i++)
    g_ptr_array_add (order, ((Watch *) g_ptr_array_index (self->watches, i))->id);
  g_ptr_array_add (order, NULL);
  uplink_notification_group_set_order (self->group, (const char * const *) order->pdata);
  /* Freed here, with `watches` in place: what they told is withdrawn. */
  g_clear_pointer (&old, g_ptr_array_unref);
  /* Named or not: the title may change with the number of servers. */
  show_group (self);
}

static void
uplink_notifier_dispose (GObject *object)
{
  UplinkNotifier *self = UPLINK_NOTIFIER (object);

  if (self->group != NULL)
    g_signal_handlers_disconnect_by_data (self->group, self);
  g_clear_pointer (&self->watches, g_ptr_array_unref);
  close_notification (self);
  g_clear_object (&self->group);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->server_watch, g_bus_unwatch_name);
  if (self->servers != NULL)
    g_signal_handlers_disconnect_by_data (self->servers, self);
  g_clear_object (&self->servers);
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
  g_signal_connect_swapped (self->group, "changed", G_CALLBACK (show_group), self);
  sync_watches (self);
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
    case PROP_SERVERS:
      g_value_set_object (value, uplink_notifier_get_servers (self));
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
    case PROP_SERVERS:
      uplink_notifier_set_servers (self, g_value_get_object (value));
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
   * The connection to report on when there is no server list (the
   * demo's), or %NULL.
   */
  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL,
                         UPLINK_TYPE_CONNECTION,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * UplinkNotifier:servers:
   *
   * The servers to report on, each by its own policy, or %NULL to
   * report on [property@Notifier:connection] alone.
   */
  properties[PROP_SERVERS] =
    g_param_spec_object ("servers", NULL, NULL,
                         UPLINK_TYPE_SERVER_LIST,
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
  self->group = uplink_notification_group_new (GATHER_MS);
  self->watches = g_ptr_array_new_with_free_func ((GDestroyNotify) watch_free);
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

  if (!g_set_object (&self->connection, connection))
    return;

  /* Without a list, the one watch follows it (none once disposed). */
  if (self->servers == NULL && self->watches != NULL)
    watch_set_connection (g_ptr_array_index (self->watches, 0), connection);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION]);
}

/**
 * uplink_notifier_get_servers:
 * @self: the notifier
 *
 * Returns: (transfer none) (nullable): the servers reported on
 */
UplinkServerList *
uplink_notifier_get_servers (UplinkNotifier *self)
{
  g_return_val_if_fail (UPLINK_IS_NOTIFIER (self), NULL);

  return self->servers;
}

/**
 * uplink_notifier_set_servers:
 * @self: the notifier
 * @servers: (nullable): the servers to report on, or %NULL for the
 *   connection alone
 *
 * Reports on each server of @servers by its own policy, following the
 * servers that come and go; what was told about servers no longer
 * reported on is withdrawn.
 */
void
uplink_notifier_set_servers (UplinkNotifier   *self,
                             UplinkServerList *servers)
{
  g_return_if_fail (UPLINK_IS_NOTIFIER (self));
  g_return_if_fail (servers == NULL || UPLINK_IS_SERVER_LIST (servers));

  if (self->servers == servers)
    return;

  if (self->servers != NULL)
    g_signal_handlers_disconnect_by_data (self->servers, self);
  g_set_object (&self->servers, servers);
  if (servers != NULL)
    g_signal_connect_swapped (servers, "items-changed", G_CALLBACK (sync_watches), self);
  sync_watches (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVERS]);
}
