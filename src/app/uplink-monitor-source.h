/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <gio/gio.h>
#include <uplink.h>

G_BEGIN_DECLS

#define UPLINK_TYPE_MONITOR_SOURCE (uplink_monitor_source_get_type ())

G_DECLARE_FINAL_TYPE (UplinkMonitorSource, uplink_monitor_source, UPLINK, MONITOR_SOURCE, GObject)

UplinkMonitorSource *uplink_monitor_source_new          (GDBusConnection     *bus,
                                                         const char          *object_path) G_GNUC_WARN_UNUSED_RESULT;
const char          *uplink_monitor_source_get_object_path (UplinkMonitorSource *self);
gboolean             uplink_monitor_source_get_ready    (UplinkMonitorSource *self);
gboolean             uplink_monitor_source_get_online   (UplinkMonitorSource *self);
const char          *uplink_monitor_source_get_url      (UplinkMonitorSource *self);
const char          *uplink_monitor_source_get_name     (UplinkMonitorSource *self);
gint64               uplink_monitor_source_get_outage_since (UplinkMonitorSource *self);

G_END_DECLS
