/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#if !defined(UPLINK_GTK_INSIDE) && !defined(UPLINK_GTK_COMPILATION)
#error "Only <uplink-gtk.h> can be included directly."
#endif

#include <gtk/gtk.h>
#include <uplink.h>

#include "uplink-gtk-version.h"

G_BEGIN_DECLS

#define UPLINK_TYPE_INDICATOR (uplink_indicator_get_type ())

UPLINK_GTK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (UplinkIndicator, uplink_indicator, UPLINK, INDICATOR, GtkWidget)

UPLINK_GTK_AVAILABLE_IN_ALL
GtkWidget        *uplink_indicator_new            (UplinkConnection *connection) G_GNUC_WARN_UNUSED_RESULT;
UPLINK_GTK_AVAILABLE_IN_ALL
UplinkConnection *uplink_indicator_get_connection (UplinkIndicator  *self);
UPLINK_GTK_AVAILABLE_IN_ALL
void              uplink_indicator_set_connection (UplinkIndicator  *self,
                                                   UplinkConnection *connection);
UPLINK_GTK_AVAILABLE_IN_ALL
GtkWidget        *uplink_indicator_new_for_source (UplinkStatusSource *source) G_GNUC_WARN_UNUSED_RESULT;
UPLINK_GTK_AVAILABLE_IN_ALL
UplinkStatusSource *uplink_indicator_get_source   (UplinkIndicator  *self);
UPLINK_GTK_AVAILABLE_IN_ALL
void              uplink_indicator_set_source     (UplinkIndicator  *self,
                                                   UplinkStatusSource *source);
UPLINK_GTK_AVAILABLE_IN_ALL
gboolean          uplink_indicator_get_show_label (UplinkIndicator  *self);
UPLINK_GTK_AVAILABLE_IN_ALL
void              uplink_indicator_set_show_label (UplinkIndicator  *self,
                                                   gboolean          show_label);
UPLINK_GTK_AVAILABLE_IN_ALL
int               uplink_indicator_get_pixel_size (UplinkIndicator  *self);
UPLINK_GTK_AVAILABLE_IN_ALL
void              uplink_indicator_set_pixel_size (UplinkIndicator  *self,
                                                   int               pixel_size);
UPLINK_GTK_AVAILABLE_IN_ALL
void              uplink_indicator_popup          (UplinkIndicator  *self);
UPLINK_GTK_AVAILABLE_IN_ALL
void              uplink_indicator_popdown        (UplinkIndicator  *self);

G_END_DECLS
