/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <adwaita.h>
#include <uplink.h>

#include "uplink-event-log.h"
#include "uplink-monitor-source.h"
#include "uplink-servers-generated.h"

G_BEGIN_DECLS

#define UPLINK_TYPE_WINDOW_APPLICATION (uplink_window_application_get_type ())

G_DECLARE_FINAL_TYPE (UplinkWindowApplication, uplink_window_application, UPLINK, WINDOW_APPLICATION,
                      AdwApplication)

UplinkWindowApplication *uplink_window_application_new           (void) G_GNUC_WARN_UNUSED_RESULT;
UplinkMonitorSource     *uplink_window_application_get_source    (UplinkWindowApplication *self);
GSettings               *uplink_window_application_get_settings  (UplinkWindowApplication *self);
UplinkEventLog          *uplink_window_application_get_event_log (UplinkWindowApplication *self);
gboolean                 uplink_window_application_get_demo      (UplinkWindowApplication *self);
void                     uplink_window_application_start_demo    (UplinkWindowApplication *self);
GtkWindow               *uplink_window_application_present       (UplinkWindowApplication *self);
UplinkMonitorSource     *uplink_window_application_get_shown     (UplinkWindowApplication *self);
void                     uplink_window_application_show_object   (UplinkWindowApplication *self,
                                                                  const char              *object_path);
GListModel              *uplink_window_application_get_servers   (UplinkWindowApplication *self);
UplinkBusServers        *uplink_window_application_get_admin     (UplinkWindowApplication *self);

G_END_DECLS
