/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "uplink-event-log.h"

/*
 * What happened to the connection, and why: the last 200 changes of state,
 * each with its time and its cause (the error, the paused features and the
 * server's reason, or a pause), for the event log window and for Copy
 * Details, a plain-text report to paste into a support ticket. Everything
 * in it is already redacted: addresses by uplink_redact_url(), errors by
 * the library, server text cut by uplink_describe_*().
 */

typedef struct
{
  gint64 wall_time;
  char *title;
  char *cause;
} Event;

struct _UplinkEventLog
{
  GObject parent_instance;

  UplinkConnection *connection;
  /* Oldest first; at most UPLINK_EVENT_LOG_CAPACITY. */
  GQueue events;
};

G_DEFINE_FINAL_TYPE (UplinkEventLog, uplink_event_log, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CONNECTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
event_free (Event *event)
{
  g_free (event->title);
  g_free (event->cause);
  g_free (event);
}

/* Why the connection is in its state, in a sentence; %NULL when there is
 * nothing to say (connected). */
static char *
describe_cause (UplinkConnection *connection)
{
  const GError *error = uplink_connection_get_last_error (connection);
  UplinkState state = uplink_connection_get_state (connection);

  /* A pause is told once the connection is closed for it. */
  if (!uplink_connection_get_running (connection) && state == UPLINK_STATE_DISCONNECTED)
    return g_strdup (_("Paused by you"));

  switch (state)
    {
    case UPLINK_STATE_FEATURE_THROTTLED:
      return uplink_describe_status (UPLINK_STATUS_SOURCE (connection));
    case UPLINK_STATE_DISCONNECTED:
      if (error != NULL)
        return g_strdup (error->message);
      return g_strdup (_("The server closed the connection"));
    case UPLINK_STATE_CONNECTING:
      /* Translators: %u is the attempt's number */
      return g_strdup_printf (_("Attempt %u"), uplink_connection_get_attempt (connection) + 1);
    case UPLINK_STATE_CONNECTED:
    default:
      return NULL;
    }
}

static void
on_state_changed (UplinkEventLog *self)
{
  g_autofree char *title = uplink_describe_title (UPLINK_STATUS_SOURCE (self->connection));
  g_autofree char *cause = describe_cause (self->connection);
  Event *last = g_queue_peek_tail (&self->events);
  Event *event;

  /* A pause notifies twice (running, then state): one event. */
  if (last != NULL && g_str_equal (last->title, title) && g_strcmp0 (last->cause, cause) == 0)
    return;

  event = g_new0 (Event, 1);
  event->wall_time = g_get_real_time ();
  event->title = g_steal_pointer (&title);
  event->cause = g_steal_pointer (&cause);
  g_queue_push_tail (&self->events, event);
  if (self->events.length > UPLINK_EVENT_LOG_CAPACITY)
    event_free (g_queue_pop_head (&self->events));

  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

/* A pause during an outage changes no state: it is logged here. Resuming
 * is logged by the attempt that follows. */
static void
on_running_changed (UplinkEventLog *self)
{
  if (!uplink_connection_get_running (self->connection))
    on_state_changed (self);
}

static void
uplink_event_log_dispose (GObject *object)
{
  UplinkEventLog *self = UPLINK_EVENT_LOG (object);

  uplink_event_log_set_connection (self, NULL);

  G_OBJECT_CLASS (uplink_event_log_parent_class)->dispose (object);
}

static void
uplink_event_log_finalize (GObject *object)
{
  UplinkEventLog *self = UPLINK_EVENT_LOG (object);

  g_queue_clear_full (&self->events, (GDestroyNotify) event_free);

  G_OBJECT_CLASS (uplink_event_log_parent_class)->finalize (object);
}

static void
uplink_event_log_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  UplinkEventLog *self = UPLINK_EVENT_LOG (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      g_value_set_object (value, uplink_event_log_get_connection (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
uplink_event_log_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  UplinkEventLog *self = UPLINK_EVENT_LOG (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      uplink_event_log_set_connection (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
uplink_event_log_class_init (UplinkEventLogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = uplink_event_log_dispose;
  object_class->finalize = uplink_event_log_finalize;
  object_class->get_property = uplink_event_log_get_property;
  object_class->set_property = uplink_event_log_set_property;

  /**
   * UplinkEventLog:connection:
   *
   * The connection whose changes are logged, or %NULL.
   */
  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL,
                         UPLINK_TYPE_CONNECTION,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * UplinkEventLog::changed:
   *
   * An event was logged.
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
uplink_event_log_init (UplinkEventLog *self)
{
  g_queue_init (&self->events);
}

UplinkEventLog *
uplink_event_log_new (void)
{
  return g_object_new (UPLINK_TYPE_EVENT_LOG, NULL);
}

UplinkConnection *
uplink_event_log_get_connection (UplinkEventLog *self)
{
  g_return_val_if_fail (UPLINK_IS_EVENT_LOG (self), NULL);

  return self->connection;
}

/* Events of the previous server stay: the log tells what happened,
 * and an address change is part of it. */
void
uplink_event_log_set_connection (UplinkEventLog   *self,
                                 UplinkConnection *connection)
{
  g_return_if_fail (UPLINK_IS_EVENT_LOG (self));
  g_return_if_fail (connection == NULL || UPLINK_IS_CONNECTION (connection));

  if (self->connection == connection)
    return;

  if (self->connection != NULL)
    g_signal_handlers_disconnect_by_data (self->connection, self);
  g_set_object (&self->connection, connection);
  if (connection != NULL)
    {
      g_signal_connect_object (connection, "notify::state",
                               G_CALLBACK (on_state_changed), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (connection, "notify::running",
                               G_CALLBACK (on_running_changed), self, G_CONNECT_SWAPPED);
      on_state_changed (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION]);
}

guint
uplink_event_log_get_n_events (UplinkEventLog *self)
{
  g_return_val_if_fail (UPLINK_IS_EVENT_LOG (self), 0);

  return self->events.length;
}

/**
 * uplink_event_log_describe_event:
 * @self: the log
 * @index: 0 for the oldest event
 * @cause: (out) (optional) (transfer full): why, or %NULL
 *
 * Returns: (transfer full) (nullable): "21:03:32 Disconnected", or %NULL
 *   past the end
 */
char *
uplink_event_log_describe_event (UplinkEventLog  *self,
                                 guint            index,
                                 char           **cause)
{
  Event *event;
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *clock = NULL;

  g_return_val_if_fail (UPLINK_IS_EVENT_LOG (self), NULL);

  event = g_queue_peek_nth (&self->events, index);
  if (event == NULL)
    return NULL;

  if (cause != NULL)
    *cause = g_strdup (event->cause);
  when = g_date_time_new_from_unix_local (event->wall_time / G_USEC_PER_SEC);
  clock = g_date_time_format (when, "%X");
  return g_strdup_printf ("%s %s", clock, event->title);
}

/**
 * uplink_event_log_get_report:
 * @self: the log
 *
 * Writes what a support ticket needs, in plain text and redacted: the
 * version, the server's address without its secrets, the state and the
 * current outage, the last error with its hint, then every event logged.
 *
 * Returns: (transfer full): the report
 */
char *
uplink_event_log_get_report (UplinkEventLog *self)
{
  GString *report = g_string_new (NULL);

  g_return_val_if_fail (UPLINK_IS_EVENT_LOG (self), NULL);

  g_string_append_printf (report, "Uplink %s\n", PACKAGE_VERSION);
  if (self->connection != NULL)
    {
      g_autofree char *server = uplink_redact_url (uplink_connection_get_url (self->connection));
      g_autofree char *title = uplink_describe_title (UPLINK_STATUS_SOURCE (self->connection));
      g_autofree char *status = uplink_describe_status (UPLINK_STATUS_SOURCE (self->connection));
      g_autofree char *outage = uplink_describe_outage (UPLINK_STATUS_SOURCE (self->connection));
      g_autofree char *hint = uplink_describe_hint (UPLINK_STATUS_SOURCE (self->connection));
      const GError *error = uplink_connection_get_last_error (self->connection);

      g_string_append_printf (report, _("Server: %s\n"), server != NULL ? server : "");
      /* The machine-readable status too, for whoever reads the ticket. */
      g_string_append_printf (report, "%s (%s): %s\n", title,
                              uplink_connection_get_status (self->connection), status);
      if (outage != NULL)
        g_string_append_printf (report, "%s\n", outage);
      if (error != NULL)
        g_string_append_printf (report, _("Last error: %s\n"), error->message);
      if (hint != NULL)
        g_string_append_printf (report, "%s\n", hint);
    }

  g_string_append_printf (report, "\n%s\n", _("Events:"));
  for (guint i = 0; i < self->events.length; i++)
    {
      g_autofree char *cause = NULL;
      g_autofree char *line = uplink_event_log_describe_event (self, i, &cause);

      g_string_append_printf (report, "%s%s%s\n", line, cause != NULL ? " · " : "", cause != NULL ? cause : "");
    }

  return g_string_free (report, FALSE);
}
