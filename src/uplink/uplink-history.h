/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#if !defined(UPLINK_INSIDE) && !defined(UPLINK_COMPILATION)
#error "Only <uplink.h> can be included directly."
#endif

#include <glib-object.h>

#include "uplink-state.h"
#include "uplink-version.h"

G_BEGIN_DECLS

#define UPLINK_TYPE_HISTORY (uplink_history_get_type ())

UPLINK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (UplinkHistory, uplink_history, UPLINK, HISTORY, GObject)

/**
 * UPLINK_HISTORY_DEFAULT_CAPACITY:
 *
 * How many transitions a history keeps unless told otherwise.
 *
 * Since: 1.0
 */
#define UPLINK_HISTORY_DEFAULT_CAPACITY 1000

UPLINK_AVAILABLE_IN_ALL
UplinkHistory *uplink_history_new               (guint          capacity) G_GNUC_WARN_UNUSED_RESULT;
UPLINK_AVAILABLE_IN_ALL
guint          uplink_history_get_capacity      (UplinkHistory *self);
UPLINK_AVAILABLE_IN_ALL
guint          uplink_history_get_n_entries     (UplinkHistory *self);
UPLINK_AVAILABLE_IN_ALL
gboolean       uplink_history_get_entry         (UplinkHistory *self,
                                                 guint          index,
                                                 UplinkState   *state,
                                                 gint64        *monotonic_time,
                                                 gint64        *wall_time);
UPLINK_AVAILABLE_IN_ALL
gboolean       uplink_history_get_latest        (UplinkHistory *self,
                                                 UplinkState   *state,
                                                 gint64        *monotonic_time,
                                                 gint64        *wall_time);
UPLINK_AVAILABLE_IN_ALL
gboolean       uplink_history_get_outage_start  (UplinkHistory *self,
                                                 gint64        *monotonic_time,
                                                 gint64        *wall_time);
UPLINK_AVAILABLE_IN_ALL
gboolean       uplink_history_get_entry_paused  (UplinkHistory *self,
                                                 guint          index);
UPLINK_AVAILABLE_IN_ALL
guint          uplink_history_get_n_outages     (UplinkHistory *self);
UPLINK_AVAILABLE_IN_ALL
gboolean       uplink_history_get_outage        (UplinkHistory  *self,
                                                 guint           index,
                                                 gint64         *start_monotonic,
                                                 gint64         *start_wall,
                                                 gint64         *end_monotonic,
                                                 gint64         *end_wall,
                                                 gboolean       *paused,
                                                 const char    **cause);
UPLINK_AVAILABLE_IN_ALL
UplinkState    uplink_history_get_state_at      (UplinkHistory *self,
                                                 gint64         monotonic_time);
UPLINK_AVAILABLE_IN_ALL
gint64         uplink_history_get_time_in_state (UplinkHistory *self,
                                                 UplinkState    state,
                                                 gint64         from,
                                                 gint64         to);
UPLINK_AVAILABLE_IN_ALL
double         uplink_history_get_uptime_ratio  (UplinkHistory *self,
                                                 gint64         from,
                                                 gint64         to);
UPLINK_AVAILABLE_IN_ALL
guint          uplink_history_count_drops       (UplinkHistory *self,
                                                 gint64         from,
                                                 gint64         to);

G_END_DECLS
