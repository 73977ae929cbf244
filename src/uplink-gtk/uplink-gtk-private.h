/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <gtk/gtk.h>
#include <uplink.h>

G_BEGIN_DECLS

void        uplink_gtk_ensure_style     (GdkDisplay  *display);
const char *uplink_gtk_state_icon_name  (UplinkState  state,
                                         gboolean     paused);
const char *uplink_gtk_state_css_class  (UplinkState  state,
                                         gboolean     paused);
char       *uplink_gtk_describe_time_in_state (UplinkStatusSource *source);

G_END_DECLS
