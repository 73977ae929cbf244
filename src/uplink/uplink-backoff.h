/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#if !defined(UPLINK_INSIDE) && !defined(UPLINK_COMPILATION)
#error "Only <uplink.h> can be included directly."
#endif

#include <glib-object.h>

#include "uplink-version.h"

G_BEGIN_DECLS

#define UPLINK_TYPE_BACKOFF (uplink_backoff_get_type ())

UPLINK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (UplinkBackoff, uplink_backoff, UPLINK, BACKOFF, GObject)

UPLINK_AVAILABLE_IN_ALL
UplinkBackoff *uplink_backoff_new           (guint          initial_ms,
                                             guint          max_ms) G_GNUC_WARN_UNUSED_RESULT;
UPLINK_AVAILABLE_IN_ALL
guint          uplink_backoff_get_initial   (UplinkBackoff *self);
UPLINK_AVAILABLE_IN_ALL
void           uplink_backoff_set_initial   (UplinkBackoff *self,
                                             guint          initial_ms);
UPLINK_AVAILABLE_IN_ALL
guint          uplink_backoff_get_maximum   (UplinkBackoff *self);
UPLINK_AVAILABLE_IN_ALL
void           uplink_backoff_set_maximum   (UplinkBackoff *self,
                                             guint          max_ms);
UPLINK_AVAILABLE_IN_ALL
gboolean       uplink_backoff_get_jitter    (UplinkBackoff *self);
UPLINK_AVAILABLE_IN_ALL
void           uplink_backoff_set_jitter    (UplinkBackoff *self,
                                             gboolean       jitter);
UPLINK_AVAILABLE_IN_ALL
guint          uplink_backoff_get_step      (UplinkBackoff *self);
UPLINK_AVAILABLE_IN_ALL
void           uplink_backoff_set_seed      (UplinkBackoff *self,
                                             guint32        seed);
UPLINK_AVAILABLE_IN_ALL
guint          uplink_backoff_get_ceiling   (UplinkBackoff *self);
UPLINK_AVAILABLE_IN_ALL
guint          uplink_backoff_next_delay    (UplinkBackoff *self);
UPLINK_AVAILABLE_IN_ALL
void           uplink_backoff_reset         (UplinkBackoff *self);

G_END_DECLS
