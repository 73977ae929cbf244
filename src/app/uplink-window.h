/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <adwaita.h>
#include <uplink.h>

#include "uplink-window-application.h"

G_BEGIN_DECLS

#define UPLINK_TYPE_WINDOW (uplink_window_get_type ())

G_DECLARE_FINAL_TYPE (UplinkWindow, uplink_window, UPLINK, WINDOW, AdwApplicationWindow)

UplinkWindow       *uplink_window_new        (UplinkWindowApplication *application) G_GNUC_WARN_UNUSED_RESULT;
UplinkStatusSource *uplink_window_get_source (UplinkWindow            *self);
void                uplink_window_set_source (UplinkWindow            *self,
                                              UplinkStatusSource      *source);
const char       *uplink_window_get_page       (UplinkWindow      *self);
void              uplink_window_set_page       (UplinkWindow      *self,
                                                const char        *page);

G_END_DECLS
