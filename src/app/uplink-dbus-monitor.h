/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <gio/gio.h>
#include <uplink.h>

#include "uplink-event-log.h"

G_BEGIN_DECLS

#define UPLINK_TYPE_DBUS_MONITOR (uplink_dbus_monitor_get_type ())

G_DECLARE_FINAL_TYPE (UplinkDbusMonitor, uplink_dbus_monitor, UPLINK, DBUS_MONITOR, GObject)

UplinkDbusMonitor *uplink_dbus_monitor_new            (UplinkEventLog    *event_log) G_GNUC_WARN_UNUSED_RESULT;
UplinkConnection  *uplink_dbus_monitor_get_connection (UplinkDbusMonitor *self);
void               uplink_dbus_monitor_set_connection (UplinkDbusMonitor *self,
                                                       UplinkConnection  *connection);
gboolean           uplink_dbus_monitor_export         (UplinkDbusMonitor *self,
                                                       GDBusConnection   *bus,
                                                       const char        *object_path,
                                                       GError           **error);
void               uplink_dbus_monitor_unexport       (UplinkDbusMonitor *self);
GDBusInterfaceSkeleton *uplink_dbus_monitor_get_skeleton (UplinkDbusMonitor *self);

G_END_DECLS
