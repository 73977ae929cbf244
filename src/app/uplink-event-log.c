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
 *
 * The service's log records what its connection does; the window's copy
 * records nothing itself and is filled from the service over D-Bus
 * (GetEvents, EventLogged) with uplink_event_log_append(). Both write the
 * report's header from their source: the connection, or the window's view
 * of it.
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

  UplinkStatusSource *source;
  gboolean recording;
  /* Oldest first; at most UPLINK_EVENT_LOG_CAPACITY. */
  GQueue events;
};

G_DEFINE_FINAL_TYPE (UplinkEventLog, uplink_event_log, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SOURCE,
  PROP_RECORDING,
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
describe_cause (UplinkStatusSource *source)
{
  const GError *error = uplink_status_source_get_last_error (source);
  UplinkState state = uplink_status_source_get_state (source);

  /* A pause is told once the connection is closed for it. */
  if (!uplink_status_source_get_running (source) && state == UPLINK_STATE_DISCONNECTED)
    return g_strdup (_("Paused by you"));

  switch (state)
    {
    case UPLINK_STATE_FEATURE_THROTTLED:
      return uplink_describe_status (source);
    case UPLINK_STATE_DISCONNECTED:
      if (error != NULL)
        return g_strdup (error->message);
      return g_strdup (_("The server closed the connection"));
    case UPLINK_STATE_CONNECTING:
      /* Translators: %u is the attempt's number */
      return g_strdup_printf (_("Attempt %u"), uplink_status_source_get_attempt (source) + 1);
    case UPLINK_STATE_CONNECTED:
    default:
      return NULL;
    }
}

static void
push_event (UplinkEventLog *self,
            gint64          wall_time,
            char           *title,
            char           *cause)
{
  Event *event = g_new0 (Event, 1);

  event->wall_time = wall_time;
  event->title = title;
  event->cause = cause;
  g_queue_push_tail (&self->events, event);
  if (self->events.length > UPLINK_EVENT_LOG_CAPACITY)
    event_free (g_queue_pop_head (&self->events));

  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
on_state_changed (UplinkEventLog *self)
{
  g_autofree char *title = uplink_describe_title (self->source);
  g_autofree char *cause = describe_cause (self->source);
  Event *last = g_queue_peek_tail (&self->events);

  /* A pause notifies twice (running, then state): one event. */
  if (last != NULL && g_str_equal (last->title, title) && g_strcmp0 (last->cause, cause) == 0)
    return;

  push_event (self, g_get_real_time (), g_steal_pointer (&title), g_steal_pointer (&cause));
}

/* A pause during an outage changes no state: it is logged here. Resuming
 * is logged by the attempt that follows. */
static void
on_running_changed (UplinkEventLog *self)
{
  if (!uplink_status_source_get_running (self->source))
    on_state_changed (self);
}

static void
uplink_event_log_dispose (GObject *object)
{
  UplinkEventLog *self = UPLINK_EVENT_LOG (object);

  uplink_event_log_set_source (self, NULL);

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
    case PROP_SOURCE:
      g_value_set_object (value, uplink_event_log_get_source (self));
      break;
    case PROP_RECORDING:
      g_value_set_boolean (value, self->recording);
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
    case PROP_SOURCE:
      uplink_event_log_set_source (self, g_value_get_object (value));
      break;
    case PROP_RECORDING:
      self->recording = g_value_get_boolean (value);
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
   * UplinkEventLog:source:
   *
   * The connection (or the view of one) that the report describes, and
   * whose changes are logged when [property@EventLog:recording] is on;
   * %NULL for none.
   */
  properties[PROP_SOURCE] =
    g_param_spec_object ("source", NULL, NULL,
                         UPLINK_TYPE_STATUS_SOURCE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * UplinkEventLog:recording:
   *
   * Whether the log records the source's changes itself; off for a copy
   * filled with uplink_event_log_append().
   */
  properties[PROP_RECORDING] =
    g_param_spec_boolean ("recording", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

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

/**
 * uplink_event_log_new:
 * @recording: whether the log records its source's changes itself
 *
 * Returns: (transfer full): an empty log
 */
UplinkEventLog *
uplink_event_log_new (gboolean recording)
{
  return g_object_new (UPLINK_TYPE_EVENT_LOG, "recording", recording, NULL);
}

UplinkStatusSource *
uplink_event_log_get_source (UplinkEventLog *self)
{
  g_return_val_if_fail (UPLINK_IS_EVENT_LOG (self), NULL);

  return self->source;
}

/* Events of the previous server stay: the log tells what happened,
 * and an address change is part of it. */
void
uplink_event_log_set_source (UplinkEventLog     *self,
                             UplinkStatusSource *source)
{
  g_return_if_fail (UPLINK_IS_EVENT_LOG (self));
  g_return_if_fail (source == NULL || UPLINK_IS_STATUS_SOURCE (source));

  if (self->source == source)
    return;

  if (self->source != NULL)
    g_signal_handlers_disconnect_by_data (self->source, self);
  g_set_object (&self->source, source);
  if (source != NULL && self->recording)
    {
      g_signal_connect_object (source, "notify::state",
                               G_CALLBACK (on_state_changed), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (source, "notify::running",
                               G_CALLBACK (on_running_changed), self, G_CONNECT_SWAPPED);
      on_state_changed (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
}

/**
 * uplink_event_log_append:
 * @self: the log
 * @wall_time: when, in µs since the Unix epoch
 * @title: the state in words
 * @cause: (nullable): why, or %NULL
 *
 * Adds an event recorded elsewhere (by the service, for the window's copy).
 */
void
uplink_event_log_append (UplinkEventLog *self,
                         gint64          wall_time,
                         const char     *title,
                         const char     *cause)
{
  g_return_if_fail (UPLINK_IS_EVENT_LOG (self));
  g_return_if_fail (title != NULL);

  push_event (self, wall_time, g_strdup (title), g_strdup (cause));
}

/**
 * uplink_event_log_get_event:
 * @self: the log
 * @index: 0 for the oldest event
 * @wall_time: (out) (optional): when, in µs since the Unix epoch
 * @title: (out) (optional) (transfer none): the state in words
 * @cause: (out) (optional) (transfer none) (nullable): why, or %NULL
 *
 * Returns: %FALSE past the end
 */
gboolean
uplink_event_log_get_event (UplinkEventLog  *self,
                            guint            index,
                            gint64          *wall_time,
                            const char     **title,
                            const char     **cause)
{
  Event *event;

  g_return_val_if_fail (UPLINK_IS_EVENT_LOG (self), FALSE);

  event = g_queue_peek_nth (&self->events, index);
  if (event == NULL)
    return FALSE;

  if (wall_time != NULL)
    *wall_time = event->wall_time;
  if (title != NULL)
    *title = event->title;
  if (cause != NULL)
    *cause = event->cause;
  return TRUE;
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
  if (self->source != NULL)
    {
      UplinkSourceDetails details;
      g_autofree char *server = NULL;
      g_autofree char *title = uplink_describe_title (self->source);
      g_autofree char *status = uplink_describe_status (self->source);
      g_autofree char *outage = uplink_describe_outage (self->source);
      g_autofree char *hint = uplink_describe_hint (self->source);
      const GError *error = uplink_status_source_get_last_error (self->source);

      uplink_status_source_get_details (self->source, &details);
      server = details.url != NULL ? uplink_redact_url (details.url) : NULL;
      g_string_append_printf (report, _("Server: %s\n"), server != NULL ? server : "");
      /* The machine-readable status too, for whoever reads the ticket. */
      g_string_append_printf (report, "%s (%s): %s\n", title,
                              uplink_status_source_get_status (self->source), status);
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
