/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "uplink-dbus-monitor.h"
#include "uplink-app-utils.h"

/*
 * io.github.uplink.Uplink.Monitor: the connection's state for scripts.
 *
 * The values last announced are kept, and every change of the connection
 * is compared with them, so that PropertiesChanged carries exactly what
 * changed — every time something did, and never when nothing did.
 */

#define MONITOR_INTERFACE "io.github.uplink.Uplink.Monitor"

enum {
  VALUE_STATUS,
  VALUE_URL,
  VALUE_LAST_ERROR,
  VALUE_THROTTLED_FEATURES,
  VALUE_ATTEMPT,
  VALUE_NEXT_RETRY,
  VALUE_PAUSED,
  VALUE_OUTAGE_SINCE,
  N_VALUES
};

static const char * const value_names[N_VALUES] = {
  "Status", "Url", "LastError", "ThrottledFeatures", "Attempt", "NextRetry", "Paused", "OutageSince",
};

struct _UplinkDbusMonitor
{
  GObject parent_instance;

  UplinkConnection *connection;
  GDBusConnection *bus;
  char *object_path;
  guint registration_id;

  GVariant *values[N_VALUES];
  /* NextRetry is converted from the monotonic clock once per schedule, so
   * that it does not jitter by a few µs at every other change. */
  gint64 next_retry_monotonic;
  gint64 next_retry_unix;
};

G_DEFINE_FINAL_TYPE (UplinkDbusMonitor, uplink_dbus_monitor, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CONNECTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GVariant *
compute_value (UplinkDbusMonitor *self,
               guint              which)
{
  UplinkConnection *connection = self->connection;

  switch (which)
    {
    case VALUE_STATUS:
      return g_variant_new_string (connection != NULL
                                   ? uplink_connection_get_status (connection)
                                   : uplink_state_to_string (UPLINK_STATE_DISCONNECTED));
    case VALUE_URL:
      {
        g_autofree char *redacted = NULL;

        if (connection == NULL)
          return g_variant_new_string ("");
        redacted = uplink_redact_url (uplink_connection_get_url (connection));
        return g_variant_new_string (redacted != NULL ? redacted : "");
      }
    case VALUE_LAST_ERROR:
      {
        const GError *error = connection != NULL ? uplink_connection_get_last_error (connection) : NULL;

        /* The library's messages are already redacted. */
        return g_variant_new_string (error != NULL ? error->message : "");
      }
    case VALUE_THROTTLED_FEATURES:
      {
        const char * const *features = connection != NULL
          ? uplink_connection_get_throttled_features (connection) : NULL;
        const char * const empty[] = { NULL };

        return g_variant_new_strv (features != NULL ? features : empty, -1);
      }
    case VALUE_ATTEMPT:
      return g_variant_new_uint32 (connection != NULL ? uplink_connection_get_attempt (connection) : 0);
    case VALUE_NEXT_RETRY:
      {
        gint64 next_retry = connection != NULL ? uplink_connection_get_next_retry (connection) : 0;

        if (next_retry != self->next_retry_monotonic)
          {
            self->next_retry_monotonic = next_retry;
            self->next_retry_unix = uplink_app_monotonic_to_unix (next_retry);
          }
        return g_variant_new_int64 (self->next_retry_unix);
      }
    case VALUE_PAUSED:
      return g_variant_new_boolean (connection != NULL && !uplink_connection_get_running (connection));
    case VALUE_OUTAGE_SINCE:
      {
        gint64 since = 0;

        if (connection == NULL || !uplink_connection_get_running (connection) ||
            !uplink_history_get_outage_start (uplink_connection_get_history (connection), NULL, &since))
          since = 0;
        return g_variant_new_int64 (since);
      }
    default:
      g_assert_not_reached ();
    }
}

/* Recomputes every value and announces those that changed. */
static void
refresh (UplinkDbusMonitor *self)
{
  g_auto(GVariantBuilder) changed = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  gboolean any = FALSE;

  for (guint i = 0; i < N_VALUES; i++)
    {
      g_autoptr(GVariant) value = g_variant_ref_sink (compute_value (self, i));

      if (self->values[i] != NULL && g_variant_equal (self->values[i], value))
        continue;

      g_clear_pointer (&self->values[i], g_variant_unref);
      self->values[i] = g_variant_ref (value);
      g_variant_builder_add (&changed, "{sv}", value_names[i], value);
      any = TRUE;
    }

  if (!any || self->registration_id == 0)
    return;

  g_dbus_connection_emit_signal (self->bus, NULL, self->object_path,
                                 "org.freedesktop.DBus.Properties",
                                 "PropertiesChanged",
                                 g_variant_new ("(sa{sv}as)", MONITOR_INTERFACE, &changed, NULL),
                                 NULL);
}

static void
on_connection_notify (UplinkDbusMonitor *self)
{
  refresh (self);
}

static void
method_call (GDBusConnection       *bus,
             const char            *sender,
             const char            *object_path,
             const char            *interface_name,
             const char            *method_name,
             GVariant              *parameters,
             GDBusMethodInvocation *invocation,
             gpointer               user_data)
{
  UplinkDbusMonitor *self = user_data;

  if (self->connection == NULL)
    {
      g_dbus_method_invocation_return_error_literal (invocation, G_DBUS_ERROR, G_DBUS_ERROR_FAILED,
                                                     _("No server address is set"));
      return;
    }

  if (g_str_equal (method_name, "Reconnect"))
    uplink_connection_reconnect_now (self->connection);
  else if (g_str_equal (method_name, "Pause"))
    uplink_connection_stop (self->connection);
  else if (g_str_equal (method_name, "Resume"))
    uplink_connection_start (self->connection);
  else
    g_assert_not_reached ();

  g_dbus_method_invocation_return_value (invocation, NULL);
}

static GVariant *
get_property (GDBusConnection  *bus,
              const char       *sender,
              const char       *object_path,
              const char       *interface_name,
              const char       *property_name,
              GError          **error,
              gpointer          user_data)
{
  UplinkDbusMonitor *self = user_data;

  for (guint i = 0; i < N_VALUES; i++)
    if (g_str_equal (property_name, value_names[i]))
      {
        if (self->values[i] == NULL)
          refresh (self);
        return g_variant_ref (self->values[i]);
      }

  g_set_error (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_PROPERTY,
               "No property %s", property_name);
  return NULL;
}

static const GDBusInterfaceVTable vtable = {
  .method_call = method_call,
  .get_property = get_property,
};

static void
uplink_dbus_monitor_dispose (GObject *object)
{
  UplinkDbusMonitor *self = UPLINK_DBUS_MONITOR (object);

  uplink_dbus_monitor_unexport (self);
  if (self->connection != NULL)
    g_signal_handlers_disconnect_by_data (self->connection, self);
  g_clear_object (&self->connection);

  G_OBJECT_CLASS (uplink_dbus_monitor_parent_class)->dispose (object);
}

static void
uplink_dbus_monitor_finalize (GObject *object)
{
  UplinkDbusMonitor *self = UPLINK_DBUS_MONITOR (object);

  for (guint i = 0; i < N_VALUES; i++)
    g_clear_pointer (&self->values[i], g_variant_unref);

  G_OBJECT_CLASS (uplink_dbus_monitor_parent_class)->finalize (object);
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
  object_class->finalize = uplink_dbus_monitor_finalize;
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
}

UplinkDbusMonitor *
uplink_dbus_monitor_new (void)
{
  return g_object_new (UPLINK_TYPE_DBUS_MONITOR, NULL);
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
  g_set_object (&self->connection, connection);
  if (connection != NULL)
    uplink_app_follow_connection (connection, G_CALLBACK (on_connection_notify), self);

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
  g_return_val_if_fail (self->registration_id == 0, FALSE);

  self->registration_id =
    g_dbus_connection_register_object (bus, object_path,
                                       uplink_app_interface_info ("io.github.uplink.Uplink.Monitor.xml", MONITOR_INTERFACE),
                                       &vtable, self, NULL, error);
  if (self->registration_id == 0)
    return FALSE;

  self->bus = g_object_ref (bus);
  self->object_path = g_strdup (object_path);
  refresh (self);

  return TRUE;
}

void
uplink_dbus_monitor_unexport (UplinkDbusMonitor *self)
{
  g_return_if_fail (UPLINK_IS_DBUS_MONITOR (self));

  if (self->registration_id != 0)
    g_dbus_connection_unregister_object (self->bus, self->registration_id);
  self->registration_id = 0;
  g_clear_object (&self->bus);
  g_clear_pointer (&self->object_path, g_free);
}
