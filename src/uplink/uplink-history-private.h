/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <uplink.h>

G_BEGIN_DECLS

/*
 * Writing a history: its connection or status model does, nobody else.
 * Exported for the project's own code alone: the tests, which script
 * histories, and the window process's UplinkMonitorSource, which mirrors
 * the service's. Not API, not in the introspection data or the docs.
 */

_UPLINK_EXTERN
void uplink_history_add      (UplinkHistory *self,
                              UplinkState    state,
                              gint64         monotonic_time,
                              gint64         wall_time);
_UPLINK_EXTERN
void uplink_history_add_full (UplinkHistory *self,
                              UplinkState    state,
                              gint64         monotonic_time,
                              gint64         wall_time,
                              gboolean       paused,
                              const char    *cause);
_UPLINK_EXTERN
void uplink_history_clear    (UplinkHistory *self);

G_END_DECLS
