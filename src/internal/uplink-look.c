/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include "uplink-look.h"

static const char * const look_names[UPLINK_N_LOOKS] = {
  [UPLINK_LOOK_CONNECTED] = "connected",
  [UPLINK_LOOK_CONNECTING] = "connecting",
  [UPLINK_LOOK_DISCONNECTED] = "disconnected",
  [UPLINK_LOOK_THROTTLED] = "throttled",
  [UPLINK_LOOK_PAUSED] = "paused",
};

UplinkLook
uplink_look_from_state (UplinkState state,
                        gboolean    paused)
{
  if (paused)
    return UPLINK_LOOK_PAUSED;

  switch (state)
    {
    case UPLINK_STATE_CONNECTED:
      return UPLINK_LOOK_CONNECTED;
    case UPLINK_STATE_CONNECTING:
      return UPLINK_LOOK_CONNECTING;
    case UPLINK_STATE_FEATURE_THROTTLED:
      return UPLINK_LOOK_THROTTLED;
    case UPLINK_STATE_DISCONNECTED:
    default:
      return UPLINK_LOOK_DISCONNECTED;
    }
}

/* The style class, and the middle of the icon names
 * ("uplink-connected-symbolic", "io.github.uplink.Uplink-paused-symbolic"). */
const char *
uplink_look_to_string (UplinkLook look)
{
  g_assert (look < UPLINK_N_LOOKS);

  return look_names[look];
}
