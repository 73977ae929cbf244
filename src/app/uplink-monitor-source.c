/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include "uplink-app-utils.h"
#include "uplink-history-private.h"
#include "uplink-monitor-generated.h"
#include "uplink-monitor-source.h"

/*
 * The service's Monitor object, seen from the window process as an
 * UplinkStatusSource: the window and the widget library's widgets show it
 * exactly as they show a connection in the same process.
 *
 * Everything comes over D-Bus through the generated proxy: the properties
 * (cached by the proxy, followed with PropertiesChanged), the history and
 * the event log (GetHistory and GetEvents once, then HistoryAppended and
 * EventLogged). A service sends its signals and replies in order, so the
 * signals that arrive before a reply are already in it and are skipped.
 * Times come as the Unix epoch and are turned back into the monotonic
 * clock the widgets count with; history entries keep the service's own
 * monotonic times, as every process shares that clock.
 *
 * Reconnect, Pause and Resume are the Monitor's methods, called without
 * waiting: the result shows as the properties change.
 */

struct _UplinkMonitorSource
{
  GObject parent_instance;

  char *object_path;
  UplinkBusMonitor *proxy;
  GCancellable *cancellable;
  gboolean ready;
  gboolean history_loaded;
  gboolean events_loaded;

  UplinkState state;
  GError *last_error;
  GStrv throttled_features;
  guint attempt;
  gint64 next_retry;
  gint64 latency;
  gboolean running;
  UplinkHistory *history;
};

static void uplink_monitor_source_status_source_init (UplinkStatusSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (UplinkMonitorSource, uplink_monitor_source, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (UPLINK_TYPE_STATUS_SOURCE,
                                                      uplink_monitor_source_status_source_init))

enum {
  PROP_0,
  PROP_STATE,
  PROP_STATUS,
  PROP_LAST_ERROR,
  PROP_THROTTLED_FEATURES,
  PROP_ATTEMPT,
  PROP_NEXT_RETRY,
  PROP_LATENCY,
  PROP_HISTORY,
  PROP_RUNNING,
  PROP_READY,
  PROP_ONLINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_EVENT_LOGGED,
  SIGNAL_DETAILS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static UplinkState
get_state (UplinkStatusSource *source)
{
  return UPLINK_MONITOR_SOURCE (source)->state;
}

static const GError *
get_last_error (UplinkStatusSource *source)
{
  return UPLINK_MONITOR_SOURCE (source)->last_error;
}

static const char * const *
get_throttled_features (UplinkStatusSource *source)
{
  return (const char * const *) UPLINK_MONITOR_SOURCE (source)->throttled_features;
}

static gint64
get_next_retry (UplinkStatusSource *source)
{
  return UPLINK_MONITOR_SOURCE (source)->next_retry;
}

static guint
get_attempt (UplinkStatusSource *source)
{
  return UPLINK_MONITOR_SOURCE (source)->attempt;
}

static gint64
get_latency (UplinkStatusSource *source)
{
  return UPLINK_MONITOR_SOURCE (source)->latency;
}

static UplinkHistory *
get_history (UplinkStatusSource *source)
{
  return UPLINK_MONITOR_SOURCE (source)->history;
}

static gboolean
get_running (UplinkStatusSource *source)
{
  return UPLINK_MONITOR_SOURCE (source)->running;
}

static void
get_details (UplinkStatusSource  *source,
             UplinkSourceDetails *details)
{
  UplinkMonitorSource *self = UPLINK_MONITOR_SOURCE (source);
  const char *close_reason, *throttle_reason;

  if (self->proxy == NULL)
    return;

  close_reason = uplink_bus_monitor_get_close_reason (self->proxy);
  throttle_reason = uplink_bus_monitor_get_throttle_reason (self->proxy);
  details->url = uplink_monitor_source_get_url (self);
  details->close_code = uplink_bus_monitor_get_close_code (self->proxy);
  details->close_reason = close_reason != NULL && *close_reason != '\0' ? close_reason : NULL;
  details->throttle_reason = throttle_reason != NULL && *throttle_reason != '\0' ? throttle_reason : NULL;
  details->throttled_until = uplink_bus_monitor_get_throttled_until (self->proxy);
}

static void
call_reconnect (UplinkStatusSource *source)
{
  UplinkMonitorSource *self = UPLINK_MONITOR_SOURCE (source);

  if (self->proxy != NULL)
    uplink_bus_monitor_call_reconnect (self->proxy, NULL, NULL, NULL);
}

static void
call_pause (UplinkStatusSource *source)
{
  UplinkMonitorSource *self = UPLINK_MONITOR_SOURCE (source);

  if (self->proxy != NULL)
    uplink_bus_monitor_call_pause (self->proxy, NULL, NULL, NULL);
}

static void
call_resume (UplinkStatusSource *source)
{
  UplinkMonitorSource *self = UPLINK_MONITOR_SOURCE (source);

  if (self->proxy != NULL)
    uplink_bus_monitor_call_resume (self->proxy, NULL, NULL, NULL);
}

static void
uplink_monitor_source_status_source_init (UplinkStatusSourceInterface *iface)
{
  iface->get_state = get_state;
  iface->get_last_error = get_last_error;
  iface->get_throttled_features = get_throttled_features;
  iface->get_next_retry = get_next_retry;
  iface->get_attempt = get_attempt;
  iface->get_latency = get_latency;
  iface->get_history = get_history;
  iface->get_running = get_running;
  iface->reconnect = call_reconnect;
  iface->pause = call_pause;
  iface->resume = call_resume;
  iface->get_details = get_details;
}

/* A time of day from the service back on this machine's monotonic clock,
 * which the widgets count down with. */
static gint64
unix_to_monotonic (gint64 unix_time)
{
  if (unix_time == 0)
    return 0;
  return MAX (1, g_get_monotonic_time () + (unix_time - g_get_real_time ()));
}

static GError *
error_from_proxy (UplinkBusMonitor *proxy)
{
  const char *message = uplink_bus_monitor_get_last_error (proxy);
  int code = uplink_bus_monitor_get_last_error_code (proxy);

  if (message == NULL || *message == '\0')
    return NULL;
  /* The code keeps the hint; an error of another domain has none. */
  if (code >= 0)
    return g_error_new_literal (UPLINK_CONNECTION_ERROR, code, message);
  return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, message);
}

static gboolean
errors_equal (const GError *a,
              const GError *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return a->domain == b->domain && a->code == b->code && g_str_equal (a->message, b->message);
}

/* Takes every property from the proxy's cache and notifies what changed,
 * the state last, as a connection does, so that whoever follows the
 * state reads the rest already new. */
static void
read_properties (UplinkMonitorSource *self)
{
  static const char * const none[] = { NULL };
  UplinkBusMonitor *proxy = self->proxy;
  g_autoptr(GError) error = error_from_proxy (proxy);
  const char * const *features = uplink_bus_monitor_get_throttled_features (proxy);
  UplinkState state = UPLINK_STATE_DISCONNECTED;
  gint64 next_retry = unix_to_monotonic (uplink_bus_monitor_get_next_retry (proxy));
  gboolean running = !uplink_bus_monitor_get_paused (proxy);

  g_object_freeze_notify (G_OBJECT (self));

  if (!errors_equal (error, self->last_error))
    {
      g_clear_error (&self->last_error);
      self->last_error = g_steal_pointer (&error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
    }
  if (features == NULL)
    features = none;
  if (!g_strv_equal ((const char * const *) self->throttled_features, features))
    {
      g_strfreev (self->throttled_features);
      self->throttled_features = g_strdupv ((char **) features);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THROTTLED_FEATURES]);
    }
  if (self->attempt != uplink_bus_monitor_get_attempt (proxy))
    {
      self->attempt = uplink_bus_monitor_get_attempt (proxy);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ATTEMPT]);
    }
  /* Converted again at every change, the time moves by a few µs: only a
   * new schedule counts. */
  if ((next_retry == 0) != (self->next_retry == 0) ||
      ABS (next_retry - self->next_retry) > G_USEC_PER_SEC / 10)
    {
      self->next_retry = next_retry;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_RETRY]);
    }
  if (self->latency != uplink_bus_monitor_get_latency (proxy))
    {
      self->latency = uplink_bus_monitor_get_latency (proxy);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LATENCY]);
    }
  if (self->running != running)
    {
      self->running = running;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
    }
  if (uplink_bus_monitor_get_status (proxy) != NULL)
    uplink_state_from_string (uplink_bus_monitor_get_status (proxy), &state);
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
    }

  g_object_thaw_notify (G_OBJECT (self));
  /* The details (address, close and throttle reasons) have no property
   * of the interface to notify. */
  g_signal_emit (self, signals[SIGNAL_DETAILS_CHANGED], 0);
}

static void
append_entry (UplinkMonitorSource *self,
              const char          *status,
              gboolean             paused,
              gint64               monotonic_time,
              gint64               wall_time,
              const char          *cause)
{
  UplinkState state;
  gint64 latest = 0;

  if (!uplink_state_from_string (status, &state))
    return;
  if (paused && state != UPLINK_STATE_DISCONNECTED)
    return;
  if (uplink_history_get_latest (self->history, NULL, &latest, NULL) && monotonic_time < latest)
    return;

  uplink_history_add_full (self->history, state, monotonic_time, wall_time, paused,
                           cause != NULL && *cause != '\0' ? cause : NULL);
}

static void
on_history_appended (UplinkMonitorSource *self,
                     const char          *status,
                     gboolean             paused,
                     gint64               monotonic_time,
                     gint64               wall_time,
                     const char          *cause)
{
  /* Already in the reply to GetHistory, which comes after it. */
  if (self->history_loaded)
    append_entry (self, status, paused, monotonic_time, wall_time, cause);
}

static void
on_event_logged (UplinkMonitorSource *self,
                 gint64               wall_time,
                 const char          *title,
                 const char          *cause)
{
  if (self->events_loaded)
    g_signal_emit (self, signals[SIGNAL_EVENT_LOGGED], 0, wall_time, title,
                   *cause != '\0' ? cause : NULL);
}

/* A service that left while asked is no fault (its name may still look
 * owned for a moment): the window follows it out. */
static void
report_read_error (UplinkMonitorSource *self,
                   const GError        *error,
                   const char          *what)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (uplink_app_error_is_service_gone (error) || !uplink_monitor_source_get_online (self))
    g_debug ("Cannot read the %s: %s", what, error->message);
  else
    g_warning ("Cannot read the %s: %s", what, error->message);
}

static void
on_history_read (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  UplinkMonitorSource *self = user_data;
  g_autoptr(GVariant) entries = NULL;
  g_autoptr(GError) error = NULL;
  GVariantIter iter;
  const char *status, *cause;
  gboolean paused;
  gint64 monotonic_time, wall_time;

  if (!uplink_bus_monitor_call_get_history_finish (UPLINK_BUS_MONITOR (source), &entries, result, &error))
    {
      report_read_error (self, error, "history");
      return;
    }

  g_variant_iter_init (&iter, entries);
  while (g_variant_iter_next (&iter, "(&sbxx&s)", &status, &paused, &monotonic_time, &wall_time, &cause))
    append_entry (self, status, paused, monotonic_time, wall_time, cause);
  self->history_loaded = TRUE;
}

static void
on_events_read (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  UplinkMonitorSource *self = user_data;
  g_autoptr(GVariant) events = NULL;
  g_autoptr(GError) error = NULL;
  GVariantIter iter;
  const char *title, *cause;
  gint64 wall_time;

  if (!uplink_bus_monitor_call_get_events_finish (UPLINK_BUS_MONITOR (source), &events, result, &error))
    {
      report_read_error (self, error, "event log");
      return;
    }

  self->events_loaded = TRUE;
  g_variant_iter_init (&iter, events);
  while (g_variant_iter_next (&iter, "(x&s&s)", &wall_time, &title, &cause))
    on_event_logged (self, wall_time, title, cause);
}

static void
on_name_owner_changed (UplinkMonitorSource *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ONLINE]);
}

static void
on_proxy_ready (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  UplinkMonitorSource *self = user_data;
  g_autoptr(GError) error = NULL;
  UplinkBusMonitor *proxy;

  proxy = uplink_bus_monitor_proxy_new_finish (result, &error);
  if (proxy == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_warning ("Cannot reach Uplink: %s", error->message);
    }
  else
    {
      self->proxy = proxy;
      /* After the generated class handler, which drops the copies its
       * getters of arrays hand out: before it, they are the old ones. */
      g_signal_connect_object (proxy, "g-properties-changed", G_CALLBACK (read_properties), self,
                               G_CONNECT_SWAPPED | G_CONNECT_AFTER);
      g_signal_connect_object (proxy, "notify::g-name-owner", G_CALLBACK (on_name_owner_changed), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (proxy, "history-appended", G_CALLBACK (on_history_appended), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (proxy, "event-logged", G_CALLBACK (on_event_logged), self,
                               G_CONNECT_SWAPPED);
      read_properties (self);
      uplink_bus_monitor_call_get_history (proxy, self->cancellable, on_history_read, self);
      uplink_bus_monitor_call_get_events (proxy, self->cancellable, on_events_read, self);
    }

  self->ready = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ONLINE]);
}

static void
uplink_monitor_source_dispose (GObject *object)
{
  UplinkMonitorSource *self = UPLINK_MONITOR_SOURCE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->proxy);

  G_OBJECT_CLASS (uplink_monitor_source_parent_class)->dispose (object);
}

static void
uplink_monitor_source_finalize (GObject *object)
{
  UplinkMonitorSource *self = UPLINK_MONITOR_SOURCE (object);

  g_clear_error (&self->last_error);
  g_strfreev (self->throttled_features);
  g_clear_object (&self->history);
  g_free (self->object_path);

  G_OBJECT_CLASS (uplink_monitor_source_parent_class)->finalize (object);
}

static void
uplink_monitor_source_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  UplinkMonitorSource *self = UPLINK_MONITOR_SOURCE (object);
  UplinkStatusSource *source = UPLINK_STATUS_SOURCE (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_STATUS:
      g_value_set_string (value, uplink_status_source_get_status (source));
      break;
    case PROP_LAST_ERROR:
      g_value_set_boxed (value, self->last_error);
      break;
    case PROP_THROTTLED_FEATURES:
      g_value_set_boxed (value, self->throttled_features);
      break;
    case PROP_ATTEMPT:
      g_value_set_uint (value, self->attempt);
      break;
    case PROP_NEXT_RETRY:
      g_value_set_int64 (value, self->next_retry);
      break;
    case PROP_LATENCY:
      g_value_set_int64 (value, self->latency);
      break;
    case PROP_HISTORY:
      g_value_set_object (value, self->history);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    case PROP_READY:
      g_value_set_boolean (value, self->ready);
      break;
    case PROP_ONLINE:
      g_value_set_boolean (value, uplink_monitor_source_get_online (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
uplink_monitor_source_class_init (UplinkMonitorSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = uplink_monitor_source_dispose;
  object_class->finalize = uplink_monitor_source_finalize;
  object_class->get_property = uplink_monitor_source_get_property;

  g_object_class_override_property (object_class, PROP_STATE, "state");
  g_object_class_override_property (object_class, PROP_STATUS, "status");
  g_object_class_override_property (object_class, PROP_LAST_ERROR, "last-error");
  g_object_class_override_property (object_class, PROP_THROTTLED_FEATURES, "throttled-features");
  g_object_class_override_property (object_class, PROP_ATTEMPT, "attempt");
  g_object_class_override_property (object_class, PROP_NEXT_RETRY, "next-retry");
  g_object_class_override_property (object_class, PROP_LATENCY, "latency");
  g_object_class_override_property (object_class, PROP_HISTORY, "history");
  g_object_class_override_property (object_class, PROP_RUNNING, "running");
  properties[PROP_STATE] = g_object_class_find_property (object_class, "state");
  properties[PROP_STATUS] = g_object_class_find_property (object_class, "status");
  properties[PROP_LAST_ERROR] = g_object_class_find_property (object_class, "last-error");
  properties[PROP_THROTTLED_FEATURES] = g_object_class_find_property (object_class, "throttled-features");
  properties[PROP_ATTEMPT] = g_object_class_find_property (object_class, "attempt");
  properties[PROP_NEXT_RETRY] = g_object_class_find_property (object_class, "next-retry");
  properties[PROP_LATENCY] = g_object_class_find_property (object_class, "latency");
  properties[PROP_HISTORY] = g_object_class_find_property (object_class, "history");
  properties[PROP_RUNNING] = g_object_class_find_property (object_class, "running");

  /**
   * UplinkMonitorSource:ready:
   *
   * Whether the first look at the service has finished: the state is
   * the service's from then on (or the service could not be reached).
   */
  properties[PROP_READY] =
    g_param_spec_boolean ("ready", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_property (object_class, PROP_READY, properties[PROP_READY]);

  /**
   * UplinkMonitorSource:online:
   *
   * Whether the service is on the bus; the window follows it out.
   */
  properties[PROP_ONLINE] =
    g_param_spec_boolean ("online", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_property (object_class, PROP_ONLINE, properties[PROP_ONLINE]);

  /**
   * UplinkMonitorSource::event-logged:
   * @self: the source
   * @wall_time: when, in µs since the Unix epoch
   * @title: the state in words
   * @cause: (nullable): why
   *
   * The service logged an event; the events logged before are emitted
   * first, oldest first, once read.
   */
  signals[SIGNAL_EVENT_LOGGED] =
    g_signal_new ("event-logged", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_INT64, G_TYPE_STRING, G_TYPE_STRING);

  /**
   * UplinkMonitorSource::details-changed:
   * @self: the source
   *
   * Something uplink_status_source_get_details() gives may have changed.
   */
  signals[SIGNAL_DETAILS_CHANGED] =
    g_signal_new ("details-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
uplink_monitor_source_init (UplinkMonitorSource *self)
{
  self->state = UPLINK_STATE_DISCONNECTED;
  self->throttled_features = g_new0 (char *, 1);
  self->latency = -1;
  self->running = TRUE;
  self->history = uplink_history_new (UPLINK_HISTORY_DEFAULT_CAPACITY);
  self->cancellable = g_cancellable_new ();
}

/**
 * uplink_monitor_source_new:
 * @bus: the session bus
 * @object_path: the Monitor object to show
 *
 * Starts reading the service's Monitor object at @object_path, which
 * D-Bus activation starts if it is not running.
 *
 * Returns: (transfer full): the source, disconnected until
 *   [property@MonitorSource:ready]
 */
UplinkMonitorSource *
uplink_monitor_source_new (GDBusConnection *bus,
                           const char      *object_path)
{
  UplinkMonitorSource *self;

  g_return_val_if_fail (G_IS_DBUS_CONNECTION (bus), NULL);
  g_return_val_if_fail (g_variant_is_object_path (object_path), NULL);

  self = g_object_new (UPLINK_TYPE_MONITOR_SOURCE, NULL);
  self->object_path = g_strdup (object_path);
  uplink_bus_monitor_proxy_new (bus, G_DBUS_PROXY_FLAGS_NONE, APP_ID, object_path,
                                self->cancellable, on_proxy_ready, self);

  return self;
}

const char *
uplink_monitor_source_get_object_path (UplinkMonitorSource *self)
{
  g_return_val_if_fail (UPLINK_IS_MONITOR_SOURCE (self), NULL);

  return self->object_path;
}

gboolean
uplink_monitor_source_get_ready (UplinkMonitorSource *self)
{
  g_return_val_if_fail (UPLINK_IS_MONITOR_SOURCE (self), FALSE);

  return self->ready;
}

gboolean
uplink_monitor_source_get_online (UplinkMonitorSource *self)
{
  g_autofree char *owner = NULL;

  g_return_val_if_fail (UPLINK_IS_MONITOR_SOURCE (self), FALSE);

  if (self->proxy == NULL)
    return FALSE;
  owner = g_dbus_proxy_get_name_owner (G_DBUS_PROXY (self->proxy));
  return owner != NULL;
}

/**
 * uplink_monitor_source_get_url:
 * @self: the source
 *
 * Returns: (nullable): the server's address, redacted by the service;
 *   %NULL when none is set or it is not valid
 */
const char *
uplink_monitor_source_get_url (UplinkMonitorSource *self)
{
  const char *url;

  g_return_val_if_fail (UPLINK_IS_MONITOR_SOURCE (self), NULL);

  url = self->proxy != NULL ? uplink_bus_monitor_get_url (self->proxy) : NULL;
  return url != NULL && *url != '\0' ? url : NULL;
}

/**
 * uplink_monitor_source_get_name:
 * @self: the source
 *
 * Returns: (nullable): the server's name, as the service calls it; %NULL
 *   at the root object or before the service answered
 */
const char *
uplink_monitor_source_get_name (UplinkMonitorSource *self)
{
  const char *name;

  g_return_val_if_fail (UPLINK_IS_MONITOR_SOURCE (self), NULL);

  name = self->proxy != NULL ? uplink_bus_monitor_get_name (self->proxy) : NULL;
  return name != NULL && *name != '\0' ? name : NULL;
}

/**
 * uplink_monitor_source_get_outage_since:
 * @self: the source
 *
 * Returns: when the current outage began, in µs since the Unix epoch; 0
 *   while connected or paused
 */
gint64
uplink_monitor_source_get_outage_since (UplinkMonitorSource *self)
{
  g_return_val_if_fail (UPLINK_IS_MONITOR_SOURCE (self), 0);

  return self->proxy != NULL ? uplink_bus_monitor_get_outage_since (self->proxy) : 0;
}
