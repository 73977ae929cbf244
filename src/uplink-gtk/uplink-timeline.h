/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#if !defined(UPLINK_GTK_INSIDE) && !defined(UPLINK_GTK_COMPILATION)
#error "Only <uplink-gtk.h> can be included directly."
#endif

#include <gtk/gtk.h>
#include <uplink.h>

#include "uplink-gtk-version.h"

G_BEGIN_DECLS

#define UPLINK_TYPE_TIMELINE (uplink_timeline_get_type ())

UPLINK_GTK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (UplinkTimeline, uplink_timeline, UPLINK, TIMELINE, GtkWidget)

UPLINK_GTK_AVAILABLE_IN_ALL
GtkWidget     *uplink_timeline_new          (UplinkHistory  *history) G_GNUC_WARN_UNUSED_RESULT;
UPLINK_GTK_AVAILABLE_IN_ALL
UplinkHistory *uplink_timeline_get_history  (UplinkTimeline *self);
UPLINK_GTK_AVAILABLE_IN_ALL
void           uplink_timeline_set_history  (UplinkTimeline *self,
                                             UplinkHistory  *history);
UPLINK_GTK_AVAILABLE_IN_ALL
GTimeSpan      uplink_timeline_get_window   (UplinkTimeline *self);
UPLINK_GTK_AVAILABLE_IN_ALL
void           uplink_timeline_set_window   (UplinkTimeline *self,
                                             GTimeSpan       window);

UPLINK_GTK_AVAILABLE_IN_ALL
GtkWidget          *uplink_timeline_new_for_source (UplinkStatusSource *source) G_GNUC_WARN_UNUSED_RESULT;
UPLINK_GTK_AVAILABLE_IN_ALL
UplinkStatusSource *uplink_timeline_get_source     (UplinkTimeline     *self);
UPLINK_GTK_AVAILABLE_IN_ALL
void                uplink_timeline_set_source     (UplinkTimeline     *self,
                                                    UplinkStatusSource *source);

G_END_DECLS
