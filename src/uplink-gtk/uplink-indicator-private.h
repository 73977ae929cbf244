/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <uplink-gtk.h>

G_BEGIN_DECLS

/* What the tests read of an indicator. Exported for them alone: not API,
 * not in the introspection data or the documentation. */
_UPLINK_GTK_EXTERN
const char *uplink_indicator_get_icon_name (UplinkIndicator *self);

G_END_DECLS
