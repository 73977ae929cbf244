/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#if !defined(UPLINK_INSIDE) && !defined(UPLINK_COMPILATION)
#error "Only <uplink.h> can be included directly."
#endif

#include <glib-object.h>

#include "uplink-version.h"

G_BEGIN_DECLS

/**
 * UplinkState:
 * @UPLINK_STATE_DISCONNECTED: no connection to the server; a retry may be
 *   scheduled (see [property@Connection:next-retry])
 * @UPLINK_STATE_CONNECTING: a connection attempt is under way
 * @UPLINK_STATE_CONNECTED: the connection is open and the server answers
 * @UPLINK_STATE_FEATURE_THROTTLED: the connection is open, but the server has
 *   paused some features (see [property@Connection:throttled-features])
 *
 * The state of a [class@Connection].
 *
 * The string forms, from [func@State.to_string], are those of the
 * CometChat "Connection Status" API: `"disconnected"`, `"connecting"`,
 * `"connected"` and `"featureThrottled"`.
 *
 * Since: 1.0
 */
typedef enum {
  UPLINK_STATE_DISCONNECTED,
  UPLINK_STATE_CONNECTING,
  UPLINK_STATE_CONNECTED,
  UPLINK_STATE_FEATURE_THROTTLED,
} UplinkState;

UPLINK_AVAILABLE_IN_ALL
const char *uplink_state_to_string   (UplinkState  state);
UPLINK_AVAILABLE_IN_ALL
gboolean    uplink_state_from_string (const char  *string,
                                      UplinkState *state);

G_END_DECLS
