/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "uplink-dbus-monitor.h"
#include "uplink-app-utils.h"
#include "uplink-monitor-generated.h"

/*
 * io.github.uplink.Uplink.Monitor: the connection's state for scripts and
 * for Uplink's window, which runs in a process of its own.
 *
 * The interface's code is generated from its XML by gdbus-codegen: this
 * object keeps the generated skeleton's properties equal to the
 * connection's, and the skeleton announces exactly what changed in one
 * PropertiesChanged per main-loop turn, never when nothing did. The
 * history and the event log go out entry by entry as they grow
 * (HistoryAppended, EventLogged), so that the window never polls.
 *
 * One monitor serves one connection at one object path: more servers are
 * more monitors.
 */

struct _UplinkDbusMonitor
{
  GObject parent_instance;

  UplinkConnection *connection;
  UplinkHistory *history;
  UplinkEventLog *event_log;
  UplinkBusMonitor *skeleton;

  /* NextRetry is converted from the monotonic clock once per schedule, so
   * that it does not jitter by a few µs at every other change. */
  gint64 next_retry_monotonic;
  gint64 next_retry_unix;
  /* Latency moves in steps, not at every keepalive. */
  gint64 latency;
};

G_DEFINE_FINAL_TYPE (UplinkDbusMonitor, uplink_dbus_monitor, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CONNECTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
profile_name (UplinkConnection *connection)
{
  g_autoptr(GEnumClass) profiles = g_type_class_ref (UPLINK_TYPE_PROFILE);
  GEnumValue *value = g_enum_get_value (profiles, uplink_connection_get_active_profile (connection));

  return value != NULL ? value->value_nick : "";
}

static gint64
get_next_retry_unix (UplinkDbusMonitor *self)
{
  gint64 next_retry = uplink_connection_get_next_retry (self->connection);

  if (next_retry != self->next_retry_monotonic)
    {
      self->next_retry_monotonic = next_retry;
      self->next_retry_unix = uplink_app_monotonic_to_unix (next_retry);
    }
  return self->next_retry_unix;
}

static gint64
get_outage_since (UplinkConnection *connection)
{
  gint64 since = 0;

  if (!uplink_connection_get_running (connection) ||
      !uplink_history_get_outage_start (uplink_connection_get_history (connection), NULL, &since))
    return 0;
  return since;
}

/* The skeleton compares and announces; what is set here is the whole
 * truth of the connection, or of no connection at all. */
static void
refresh (UplinkDbusMonitor *self)
{
  UplinkConnection *connection = self->connection;
  UplinkBusMonitor *skeleton = self->skeleton;
  const char * const empty[] = { NULL };
  g_autofree char *url = NULL;
  const GError *error = NULL;
  const char * const *features = NULL;
  gint64 since = 0;

  if (connection == NULL)
    {
      uplink_bus_monitor_set_status (skeleton, uplink_state_to_string (UPLINK_STATE_DISCONNECTED));
      uplink_bus_monitor_set_url (skeleton, "");
      uplink_bus_monitor_set_last_error (skeleton, "");
      uplink_bus_monitor_set_last_error_code (skeleton, -1);
      uplink_bus_monitor_set_throttled_features (skeleton, empty);
      uplink_bus_monitor_set_throttle_reason (skeleton, "");
      uplink_bus_monitor_set_throttled_until (skeleton, 0);
      uplink_bus_monitor_set_close_code (skeleton, 0);
      uplink_bus_monitor_set_close_reason (skeleton, "");
      uplink_bus_monitor_set_attempt (skeleton, 0);
      uplink_bus_monitor_set_next_retry (skeleton, 0);
      uplink_bus_monitor_set_latency (skeleton, -1);
      uplink_bus_monitor_set_paused (skeleton, FALSE);
      uplink_bus_monitor_set_outage_since (skeleton, 0);
      uplink_bus_monitor_set_since (skeleton, 0);
      uplink_bus_monitor_set_profile (skeleton, "");
      return;
    }

  url = uplink_redact_url (uplink_connection_get_url (connection));
  error = uplink_connection_get_last_error (connection);
  features = uplink_connection_get_throttled_features (connection);
  uplink_history_get_latest (uplink_connection_get_history (connection), NULL, NULL, &since);

  uplink_bus_monitor_set_status (skeleton, uplink_connection_get_status (connection));
  uplink_bus_monitor_set_url (skeleton, url != NULL ? url : "");
  /* The library's messages are already redacted. */
  uplink_bus_monitor_set_last_error (skeleton, error != NULL ? error->message : "");
  uplink_bus_monitor_set_last_error_code (skeleton, error != NULL && error->domain == UPLINK_CONNECTION_ERROR
                                                    ? error->code : -1);
  uplink_bus_monitor_set_throttled_features (skeleton, features != NULL ? features : empty);
  uplink_bus_monitor_set_throttle_reason (skeleton, uplink_connection_get_throttle_reason (connection) != NULL
                                                    ? uplink_connection_get_throttle_reason (connection) : "");
  uplink_bus_monitor_set_throttled_until (skeleton, uplink_connection_get_throttled_until (connection));
  uplink_bus_monitor_set_close_code (skeleton, uplink_connection_get_close_code (connection));
  uplink_bus_monitor_set_close_reason (skeleton, uplink_connection_get_close_reason (connection) != NULL
                                                 ? uplink_connection_get_close_reason (connection) : "");
  uplink_bus_monitor_set_attempt (skeleton, uplink_connection_get_attempt (connection));
  uplink_bus_monitor_set_next_retry (skeleton, get_next_retry_unix (self));
  uplink_bus_monitor_set_latency (skeleton,
                                  uplink_app_steady_latency (&self->latency,
                                                             uplink_connection_get_latency (connection)));
  uplink_bus_monitor_set_paused (skeleton, !uplink_connection_get_running (connection));
  uplink_bus_monitor_set_outage_since (skeleton, get_outage_since (connection));
  uplink_bus_monitor_set_since (skeleton, since);
  uplink_bus_monitor_set_profile (skeleton, profile_name (connection));
}

/* The cause of the outage (or nothing) that the entry at @monotonic_time
 * belongs to: the history keeps causes per outage, not per entry. */
static const char *
cause_at (UplinkHistory *history,
          gint64         monotonic_time)
{
  for (guint i = uplink_history_get_n_outages (history); i > 0; i--)
    {
      gint64 start = 0, end = 0;
      const char *cause = NULL;

      uplink_history_get_outage (history, i - 1, &start, NULL, &end, NULL, NULL, &cause);
      if (start <= monotonic_time && (end == 0 || monotonic_time < end))
        return cause != NULL ? cause : "";
      if (end != 0 && end <= monotonic_time)
        break;
    }

  return "";
}

static GVariant *
entry_to_variant (UplinkHistory *history,
                  guint          index)
{
  UplinkState state;
  gint64 monotonic_time, wall_time;

  uplink_history_get_entry (history, index, &state, &monotonic_time, &wall_time);
  return g_variant_new ("(sbxxs)", uplink_state_to_string (state),
                        uplink_history_get_entry_paused (history, index),
                        monotonic_time, wall_time, cause_at (history, monotonic_time));
}

static void
on_history_changed (UplinkDbusMonitor *self)
{
  guint n = uplink_history_get_n_entries (self->history);
  g_autoptr(GVariant) entry = NULL;
  const char *status, *cause;
  gboolean paused;
  gint64 monotonic_time, wall_time;

  if (n == 0)
    return;

  entry = g_variant_ref_sink (entry_to_variant (self->history, n - 1));
  g_variant_get (entry, "(&sbxx&s)", &status, &paused, &monotonic_time, &wall_time, &cause);
  uplink_bus_monitor_emit_history_appended (self->skeleton, status, paused, monotonic_time, wall_time, cause);
}

static void
on_event_logged (UplinkDbusMonitor *self)
{
  guint n = uplink_event_log_get_n_events (self->event_log);
  const char *title, *cause;
  gint64 wall_time;

  if (!uplink_event_log_get_event (self->event_log, n - 1, &wall_time, &title, &cause))
    return;
  uplink_bus_monitor_emit_event_logged (self->skeleton, wall_time, title, cause != NULL ? cause : "");
}

/* Every method but the two getters needs a connection. */
static gboolean
check_connection (UplinkDbusMonitor     *self,
                  GDBusMethodInvocation *invocation)
{
  if (self->connection != NULL)
    return TRUE;

  g_dbus_method_invocation_return_error_literal (invocation, G_DBUS_ERROR, G_DBUS_ERROR_FAILED,
                                                 _("No server address is set"));
  return FALSE;
}

static gboolean
handle_reconnect (UplinkDbusMonitor     *self,
                  GDBusMethodInvocation *invocation)
{
  if (check_connection (self, invocation))
    {
      uplink_connection_reconnect_now (self->connection);
      uplink_bus_monitor_complete_reconnect (self->skeleton, invocation);
    }
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_pause (UplinkDbusMonitor     *self,
              GDBusMethodInvocation *invocation)
{
  if (check_connection (self, invocation))
    {
      uplink_connection_stop (self->connection);
      uplink_bus_monitor_complete_pause (self->skeleton, invocation);
    }
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_resume (UplinkDbusMonitor     *self,
               GDBusMethodInvocation *invocation)
{
  if (check_connection (self, invocation))
    {
      uplink_connection_start (self->connection);
      uplink_bus_monitor_complete_resume (self->skeleton, invocation);
    }
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_get_history (UplinkDbusMonitor     *self,
                    GDBusMethodInvocation *invocation)
{
  g_auto(GVariantBuilder) entries = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a(sbxxs)"));

  for (guint i = 0; self->history != NULL && i < uplink_history_get_n_entries (self->history); i++)
    g_variant_builder_add_value (&entries, entry_to_variant (self->history, i));

  uplink_bus_monitor_complete_get_history (self->skeleton, invocation, g_variant_builder_end (&entries));
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_get_events (UplinkDbusMonitor     *self,
                   GDBusMethodInvocation *invocation)
{
  g_auto(GVariantBuilder) events = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a(xss)"));
  const char *title, *cause;
  gint64 wall_time;

  for (guint i = 0; uplink_event_log_get_event (self->event_log, i, &wall_time, &title, &cause); i++)
    g_variant_builder_add (&events, "(xss)", wall_time, title, cause != NULL ? cause : "");

  uplink_bus_monitor_complete_get_events (self->skeleton, invocation, g_variant_builder_end (&events));
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
uplink_dbus_monitor_dispose (GObject *object)
{
  UplinkDbusMonitor *self = UPLINK_DBUS_MONITOR (object);

  uplink_dbus_monitor_unexport (self);
  uplink_dbus_monitor_set_connection (self, NULL);
  if (self->event_log != NULL)
    g_signal_handlers_disconnect_by_data (self->event_log, self);
  g_clear_object (&self->event_log);
  if (self->skeleton != NULL)
    g_signal_handlers_disconnect_by_data (self->skeleton, self);
  g_clear_object (&self->skeleton);

  G_OBJECT_CLASS (uplink_dbus_monitor_parent_class)->dispose (object);
}

static void
uplink_dbus_monitor_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  UplinkDbusMonitor *self = UPLINK_DBUS_MONITOR (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      g_value_set_object (value, uplink_dbus_monitor_get_connection (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
uplink_dbus_monitor_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  UplinkDbusMonitor *self = UPLINK_DBUS_MONITOR (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      uplink_dbus_monitor_set_connection (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
uplink_dbus_monitor_class_init (UplinkDbusMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = uplink_dbus_monitor_dispose;
  object_class->get_property = uplink_dbus_monitor_get_property;
  object_class->set_property = uplink_dbus_monitor_set_property;

  /**
   * UplinkDbusMonitor:connection:
   *
   * The connection whose state is published, or %NULL when no server
   * address is set.
   */
  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL,
                         UPLINK_TYPE_CONNECTION,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
uplink_dbus_monitor_init (UplinkDbusMonitor *self)
{
  self->latency = -1;
  self->skeleton = uplink_bus_monitor_skeleton_new ();
  /* The root object has no name; each server's object gets its own. */
  uplink_bus_monitor_set_name (self->skeleton, "");
  g_signal_connect_swapped (self->skeleton, "handle-reconnect", G_CALLBACK (handle_reconnect), self);
  g_signal_connect_swapped (self->skeleton, "handle-pause", G_CALLBACK (handle_pause), self);
  g_signal_connect_swapped (self->skeleton, "handle-resume", G_CALLBACK (handle_resume), self);
  g_signal_connect_swapped (self->skeleton, "handle-get-history", G_CALLBACK (handle_get_history), self);
  g_signal_connect_swapped (self->skeleton, "handle-get-events", G_CALLBACK (handle_get_events), self);
  refresh (self);
}

/**
 * uplink_dbus_monitor_new:
 * @event_log: the log that GetEvents and EventLogged tell
 *
 * Returns: (transfer full): a monitor of no connection, not exported yet
 */
UplinkDbusMonitor *
uplink_dbus_monitor_new (UplinkEventLog *event_log)
{
  UplinkDbusMonitor *self;

  g_return_val_if_fail (UPLINK_IS_EVENT_LOG (event_log), NULL);

  self = g_object_new (UPLINK_TYPE_DBUS_MONITOR, NULL);
  self->event_log = g_object_ref (event_log);
  g_signal_connect_object (event_log, "changed", G_CALLBACK (on_event_logged), self, G_CONNECT_SWAPPED);

  return self;
}

UplinkConnection *
uplink_dbus_monitor_get_connection (UplinkDbusMonitor *self)
{
  g_return_val_if_fail (UPLINK_IS_DBUS_MONITOR (self), NULL);

  return self->connection;
}

void
uplink_dbus_monitor_set_connection (UplinkDbusMonitor *self,
                                    UplinkConnection  *connection)
{
  g_return_if_fail (UPLINK_IS_DBUS_MONITOR (self));
  g_return_if_fail (connection == NULL || UPLINK_IS_CONNECTION (connection));

  if (self->connection == connection)
    return;

  if (self->connection != NULL)
    g_signal_handlers_disconnect_by_data (self->connection, self);
  if (self->history != NULL)
    g_signal_handlers_disconnect_by_data (self->history, self);
  g_set_object (&self->connection, connection);
  self->history = connection != NULL ? uplink_connection_get_history (connection) : NULL;
  if (connection != NULL)
    {
      static const char * const also_shown[] = {
        "notify::throttle-reason", "notify::throttled-until", "notify::close-code", "notify::close-reason",
        "notify::active-profile",
      };

      uplink_app_follow_connection (connection, G_CALLBACK (refresh), self);
      for (gsize i = 0; i < G_N_ELEMENTS (also_shown); i++)
        g_signal_connect_object (connection, also_shown[i], G_CALLBACK (refresh), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->history, "changed", G_CALLBACK (on_history_changed), self,
                               G_CONNECT_SWAPPED);
    }

  refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION]);
}

gboolean
uplink_dbus_monitor_export (UplinkDbusMonitor  *self,
                            GDBusConnection    *bus,
                            const char         *object_path,
                            GError            **error)
{
  g_return_val_if_fail (UPLINK_IS_DBUS_MONITOR (self), FALSE);
  g_return_val_if_fail (G_IS_DBUS_CONNECTION (bus), FALSE);

  return g_dbus_interface_skeleton_export (G_DBUS_INTERFACE_SKELETON (self->skeleton), bus, object_path,
                                           error);
}

/**
 * uplink_dbus_monitor_get_skeleton:
 * @self: the monitor
 *
 * Returns: (transfer none): the exported interface, for an object of an
 *   object manager
 */
GDBusInterfaceSkeleton *
uplink_dbus_monitor_get_skeleton (UplinkDbusMonitor *self)
{
  g_return_val_if_fail (UPLINK_IS_DBUS_MONITOR (self), NULL);

  return G_DBUS_INTERFACE_SKELETON (self->skeleton);
}

void
uplink_dbus_monitor_unexport (UplinkDbusMonitor *self)
{
  g_return_if_fail (UPLINK_IS_DBUS_MONITOR (self));

  if (self->skeleton != NULL &&
      g_dbus_interface_skeleton_get_connection (G_DBUS_INTERFACE_SKELETON (self->skeleton)) != NULL)
    g_dbus_interface_skeleton_unexport (G_DBUS_INTERFACE_SKELETON (self->skeleton));
}
