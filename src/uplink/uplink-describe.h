/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#if !defined(UPLINK_INSIDE) && !defined(UPLINK_COMPILATION)
#error "Only <uplink.h> can be included directly."
#endif

#include <glib.h>

#include "uplink-status-source.h"
#include "uplink-version.h"

G_BEGIN_DECLS

UPLINK_AVAILABLE_IN_ALL
char *uplink_describe_features (const char * const *features) G_GNUC_WARN_UNUSED_RESULT;
UPLINK_AVAILABLE_IN_ALL
char *uplink_describe_duration (GTimeSpan           duration) G_GNUC_WARN_UNUSED_RESULT;
UPLINK_AVAILABLE_IN_ALL
char *uplink_describe_title    (UplinkStatusSource *source) G_GNUC_WARN_UNUSED_RESULT;
UPLINK_AVAILABLE_IN_ALL
char *uplink_describe_status   (UplinkStatusSource *source) G_GNUC_WARN_UNUSED_RESULT;
UPLINK_AVAILABLE_IN_ALL
char *uplink_describe_latency  (UplinkStatusSource *source) G_GNUC_WARN_UNUSED_RESULT;
UPLINK_AVAILABLE_IN_ALL
char *uplink_describe_retry    (UplinkStatusSource *source) G_GNUC_WARN_UNUSED_RESULT;
UPLINK_AVAILABLE_IN_ALL
char *uplink_describe_hint     (UplinkStatusSource *source) G_GNUC_WARN_UNUSED_RESULT;
UPLINK_AVAILABLE_IN_ALL
char *uplink_describe_outage   (UplinkStatusSource *source) G_GNUC_WARN_UNUSED_RESULT;
UPLINK_AVAILABLE_IN_ALL
char *uplink_describe_outage_at (gint64             since,
                                 gint64             next_retry,
                                 guint              attempt) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
