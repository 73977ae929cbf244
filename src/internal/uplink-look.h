/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

/* Built before libuplink's generated headers exist, so from the one it
 * needs; everyone else takes the umbrella header. */
#ifdef UPLINK_COMPILATION
#include "uplink-state.h"
#else
#include <uplink.h>
#endif

G_BEGIN_DECLS

/* How a state looks: the widgets' style classes and the icons of the
 * widgets, the tray and the notifications. A user's pause is a look of
 * its own, whatever the state. */
typedef enum {
  UPLINK_LOOK_CONNECTED,
  UPLINK_LOOK_CONNECTING,
  UPLINK_LOOK_DISCONNECTED,
  UPLINK_LOOK_THROTTLED,
  UPLINK_LOOK_PAUSED,
  UPLINK_N_LOOKS
} UplinkLook;

UplinkLook  uplink_look_from_state (UplinkState state,
                                    gboolean    paused);
const char *uplink_look_to_string  (UplinkLook  look);

G_END_DECLS
