/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <gtk/gtk.h>
#include <uplink.h>

#include "uplink-look.h"

G_BEGIN_DECLS

void        uplink_gtk_ensure_style     (GdkDisplay  *display);
const char *uplink_gtk_look_icon_name   (UplinkLook   look);
char       *uplink_gtk_describe_time_in_state (UplinkStatusSource *source);

G_END_DECLS
