/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#if !defined(UPLINK_GTK_INSIDE) && !defined(UPLINK_GTK_COMPILATION)
#error "Only <uplink-gtk.h> can be included directly."
#endif

#include <gtk/gtk.h>
#include <uplink.h>

#include "uplink-gtk-version.h"

G_BEGIN_DECLS

#define UPLINK_TYPE_STATUS_POPOVER (uplink_status_popover_get_type ())

UPLINK_GTK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (UplinkStatusPopover, uplink_status_popover, UPLINK, STATUS_POPOVER, GtkPopover)

UPLINK_GTK_AVAILABLE_IN_ALL
GtkWidget        *uplink_status_popover_new            (UplinkConnection    *connection) G_GNUC_WARN_UNUSED_RESULT;
UPLINK_GTK_AVAILABLE_IN_ALL
UplinkConnection *uplink_status_popover_get_connection (UplinkStatusPopover *self);
UPLINK_GTK_AVAILABLE_IN_ALL
void              uplink_status_popover_set_connection (UplinkStatusPopover *self,
                                                        UplinkConnection    *connection);

UPLINK_GTK_AVAILABLE_IN_ALL
GtkWidget          *uplink_status_popover_new_for_source (UplinkStatusSource  *source) G_GNUC_WARN_UNUSED_RESULT;
UPLINK_GTK_AVAILABLE_IN_ALL
UplinkStatusSource *uplink_status_popover_get_source     (UplinkStatusPopover *self);
UPLINK_GTK_AVAILABLE_IN_ALL
void                uplink_status_popover_set_source     (UplinkStatusPopover *self,
                                                          UplinkStatusSource  *source);

G_END_DECLS
