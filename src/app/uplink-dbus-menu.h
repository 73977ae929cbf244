/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define UPLINK_TYPE_DBUS_MENU (uplink_dbus_menu_get_type ())

G_DECLARE_FINAL_TYPE (UplinkDbusMenu, uplink_dbus_menu, UPLINK, DBUS_MENU, GObject)

UplinkDbusMenu *uplink_dbus_menu_new              (GActionGroup     *actions) G_GNUC_WARN_UNUSED_RESULT;
int             uplink_dbus_menu_append_item      (UplinkDbusMenu   *self,
                                                   const char       *label,
                                                   const char       *action_name,
                                                   gboolean          enabled);
int             uplink_dbus_menu_insert_item      (UplinkDbusMenu   *self,
                                                   int               position,
                                                   const char       *label,
                                                   const char       *action_name,
                                                   gboolean          enabled);
int             uplink_dbus_menu_append_separator (UplinkDbusMenu   *self);
void            uplink_dbus_menu_remove_item      (UplinkDbusMenu   *self,
                                                   int               id);
void            uplink_dbus_menu_set_visible      (UplinkDbusMenu   *self,
                                                   int               id,
                                                   gboolean          visible);
void            uplink_dbus_menu_set_label        (UplinkDbusMenu   *self,
                                                   int               id,
                                                   const char       *label);
gboolean        uplink_dbus_menu_export           (UplinkDbusMenu   *self,
                                                   GDBusConnection  *bus,
                                                   const char       *object_path,
                                                   GError          **error);
void            uplink_dbus_menu_unexport         (UplinkDbusMenu   *self);

G_END_DECLS
