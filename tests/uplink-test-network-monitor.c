/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include "uplink-test-network-monitor.h"

struct _UplinkTestNetworkMonitor
{
  GObject parent_instance;

  gboolean available;
};

enum {
  PROP_0,
  PROP_NETWORK_AVAILABLE,
  PROP_NETWORK_METERED,
  PROP_CONNECTIVITY,
};

static void network_monitor_iface_init (GNetworkMonitorInterface *iface);
static void initable_iface_init (GInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (UplinkTestNetworkMonitor, uplink_test_network_monitor, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE, initable_iface_init)
                               G_IMPLEMENT_INTERFACE (G_TYPE_NETWORK_MONITOR,
                                                      network_monitor_iface_init))

static gboolean
initable_init (GInitable     *initable,
               GCancellable  *cancellable,
               GError       **error)
{
  return TRUE;
}

static void
initable_iface_init (GInitableIface *iface)
{
  iface->init = initable_init;
}

static void
network_monitor_iface_init (GNetworkMonitorInterface *iface)
{
}

static void
get_property (GObject    *object,
              guint       prop_id,
              GValue     *value,
              GParamSpec *pspec)
{
  UplinkTestNetworkMonitor *self = UPLINK_TEST_NETWORK_MONITOR (object);

  switch (prop_id)
    {
    case PROP_NETWORK_AVAILABLE:
      g_value_set_boolean (value, self->available);
      break;
    case PROP_NETWORK_METERED:
      g_value_set_boolean (value, FALSE);
      break;
    case PROP_CONNECTIVITY:
      g_value_set_enum (value, self->available ? G_NETWORK_CONNECTIVITY_FULL
                                               : G_NETWORK_CONNECTIVITY_LOCAL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
uplink_test_network_monitor_class_init (UplinkTestNetworkMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = get_property;
  g_object_class_override_property (object_class, PROP_NETWORK_AVAILABLE, "network-available");
  g_object_class_override_property (object_class, PROP_NETWORK_METERED, "network-metered");
  g_object_class_override_property (object_class, PROP_CONNECTIVITY, "connectivity");
}

static void
uplink_test_network_monitor_init (UplinkTestNetworkMonitor *self)
{
  self->available = TRUE;
}

UplinkTestNetworkMonitor *
uplink_test_network_monitor_new (void)
{
  return g_object_new (UPLINK_TYPE_TEST_NETWORK_MONITOR, NULL);
}

void
uplink_test_network_monitor_set_available (UplinkTestNetworkMonitor *self,
                                           gboolean                  available)
{
  if (self->available == available)
    return;

  self->available = available;
  g_object_notify (G_OBJECT (self), "network-available");
  g_object_notify (G_OBJECT (self), "connectivity");
  uplink_test_network_monitor_changed (self);
}

/* A change of route with the network still there: a VPN, another link. */
void
uplink_test_network_monitor_changed (UplinkTestNetworkMonitor *self)
{
  g_signal_emit_by_name (self, "network-changed", self->available);
}
