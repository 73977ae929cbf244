/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <gio/gio.h>

#include "uplink-server-list.h"

G_BEGIN_DECLS

#define UPLINK_TYPE_DBUS_SERVERS (uplink_dbus_servers_get_type ())

G_DECLARE_FINAL_TYPE (UplinkDbusServers, uplink_dbus_servers, UPLINK, DBUS_SERVERS, GObject)

UplinkDbusServers *uplink_dbus_servers_new      (void) G_GNUC_WARN_UNUSED_RESULT;
void               uplink_dbus_servers_set_list (UplinkDbusServers *self,
                                                 UplinkServerList  *list);
void               uplink_dbus_servers_export   (UplinkDbusServers *self,
                                                 GDBusConnection   *bus);
void               uplink_dbus_servers_unexport (UplinkDbusServers *self);

G_END_DECLS
