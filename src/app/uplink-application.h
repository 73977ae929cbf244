/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <gio/gio.h>
#include <uplink.h>

G_BEGIN_DECLS

#define UPLINK_TYPE_APPLICATION (uplink_application_get_type ())

G_DECLARE_FINAL_TYPE (UplinkApplication, uplink_application, UPLINK, APPLICATION, GApplication)

UplinkApplication *uplink_application_new            (void) G_GNUC_WARN_UNUSED_RESULT;
UplinkConnection  *uplink_application_get_connection (UplinkApplication *self);
GSettings         *uplink_application_get_settings   (UplinkApplication *self);
gboolean           uplink_application_get_demo       (UplinkApplication *self);
gboolean           uplink_application_get_has_tray   (UplinkApplication *self);
gboolean           uplink_application_get_window_open (UplinkApplication *self);
gboolean           uplink_application_get_stays_running (UplinkApplication *self);
gboolean           uplink_application_start_demo     (UplinkApplication *self,
                                                      GError           **error);

G_END_DECLS
