/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

#include "uplink-look.h"

G_BEGIN_DECLS

GVariant *uplink_tray_pixmap_render (UplinkLook look);

G_END_DECLS
