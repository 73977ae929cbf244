/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <gtk/gtk.h>
#include <uplink.h>

#define UPLINK_GTK_INSIDE
#include "uplink-gtk-version.h"
#include "uplink-indicator.h"
#include "uplink-status-popover.h"
#include "uplink-timeline.h"
#undef UPLINK_GTK_INSIDE
