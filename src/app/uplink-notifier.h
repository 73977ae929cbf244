/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <gio/gio.h>
#include <uplink.h>

#include "uplink-server-list.h"

G_BEGIN_DECLS

#define UPLINK_TYPE_NOTIFIER (uplink_notifier_get_type ())

G_DECLARE_FINAL_TYPE (UplinkNotifier, uplink_notifier, UPLINK, NOTIFIER, GObject)

UplinkNotifier   *uplink_notifier_new            (GSettings        *settings) G_GNUC_WARN_UNUSED_RESULT;
UplinkConnection *uplink_notifier_get_connection (UplinkNotifier   *self);
void              uplink_notifier_set_connection (UplinkNotifier   *self,
                                                  UplinkConnection *connection);
UplinkServerList *uplink_notifier_get_servers    (UplinkNotifier   *self);
void              uplink_notifier_set_servers    (UplinkNotifier   *self,
                                                  UplinkServerList *servers);

G_END_DECLS
