/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <gio/gio.h>

#include "uplink-credentials.h"
#include "uplink-server-list.h"

G_BEGIN_DECLS

#define UPLINK_TYPE_DBUS_SERVER_ADMIN (uplink_dbus_server_admin_get_type ())

G_DECLARE_FINAL_TYPE (UplinkDbusServerAdmin, uplink_dbus_server_admin, UPLINK, DBUS_SERVER_ADMIN, GObject)

UplinkDbusServerAdmin *uplink_dbus_server_admin_new      (void) G_GNUC_WARN_UNUSED_RESULT;
void                   uplink_dbus_server_admin_set_list (UplinkDbusServerAdmin  *self,
                                                          UplinkServerList       *list,
                                                          UplinkCredentials      *credentials);
gboolean               uplink_dbus_server_admin_export   (UplinkDbusServerAdmin  *self,
                                                          GDBusConnection        *bus,
                                                          GError                **error);
void                   uplink_dbus_server_admin_unexport (UplinkDbusServerAdmin  *self);

G_END_DECLS
