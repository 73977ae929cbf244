/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#if !defined(UPLINK_INSIDE) && !defined(UPLINK_COMPILATION)
#error "Only <uplink.h> can be included directly."
#endif

#include <glib-object.h>

#include "uplink-version.h"

G_BEGIN_DECLS

#define UPLINK_TYPE_CLOCK (uplink_clock_get_type ())

UPLINK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (UplinkClock, uplink_clock, UPLINK, CLOCK, GObject)

UPLINK_AVAILABLE_IN_ALL
UplinkClock *uplink_clock_get_default (void);
UPLINK_AVAILABLE_IN_ALL
void         uplink_clock_hold        (UplinkClock *self);
UPLINK_AVAILABLE_IN_ALL
void         uplink_clock_release     (UplinkClock *self);
UPLINK_AVAILABLE_IN_ALL
gboolean     uplink_clock_get_running (UplinkClock *self);

G_END_DECLS
