/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <uplink-gtk.h>

G_BEGIN_DECLS

/* What the tests read of a timeline: its tooltip's words at a position.
 * Exported for them alone: not API, not in the introspection data or the
 * documentation. */
_UPLINK_GTK_EXTERN
char *uplink_timeline_describe_at (UplinkTimeline *self,
                                   double          x) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
