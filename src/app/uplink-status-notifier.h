/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <gio/gio.h>
#include <uplink.h>

#include "uplink-server-list.h"

G_BEGIN_DECLS

#define UPLINK_TYPE_STATUS_NOTIFIER (uplink_status_notifier_get_type ())

G_DECLARE_FINAL_TYPE (UplinkStatusNotifier, uplink_status_notifier, UPLINK, STATUS_NOTIFIER, GObject)

UplinkStatusNotifier *uplink_status_notifier_new            (GApplication         *application) G_GNUC_WARN_UNUSED_RESULT;
UplinkConnection     *uplink_status_notifier_get_connection (UplinkStatusNotifier *self);
void                  uplink_status_notifier_set_connection (UplinkStatusNotifier *self,
                                                             UplinkConnection     *connection);
UplinkServerList     *uplink_status_notifier_get_servers    (UplinkStatusNotifier *self);
void                  uplink_status_notifier_set_servers    (UplinkStatusNotifier *self,
                                                             UplinkServerList     *servers);
gboolean              uplink_status_notifier_get_has_host   (UplinkStatusNotifier *self);
gboolean              uplink_status_notifier_get_host_known (UplinkStatusNotifier *self);

G_END_DECLS
