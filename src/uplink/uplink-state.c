/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include "uplink-state.h"

static const char * const state_strings[] = {
  [UPLINK_STATE_DISCONNECTED] = "disconnected",
  [UPLINK_STATE_CONNECTING] = "connecting",
  [UPLINK_STATE_CONNECTED] = "connected",
  [UPLINK_STATE_FEATURE_THROTTLED] = "featureThrottled",
};

/**
 * uplink_state_to_string:
 * @state: a state
 *
 * Gets the status string of @state, as the CometChat API spells it.
 *
 * Returns: (transfer none): `"disconnected"`, `"connecting"`, `"connected"`
 *   or `"featureThrottled"`
 *
 * Since: 1.0
 */
const char *
uplink_state_to_string (UplinkState state)
{
  g_return_val_if_fail (state <= UPLINK_STATE_FEATURE_THROTTLED, NULL);

  return state_strings[state];
}

/**
 * uplink_state_from_string:
 * @string: a status string, such as `"featureThrottled"`
 * @state: (out) (optional): return location for the state
 *
 * Parses a status string produced by [func@State.to_string].
 *
 * The comparison is exact: `"Connected"` is not a status string.
 *
 * Returns: `TRUE` if @string names a state
 *
 * Since: 1.0
 */
gboolean
uplink_state_from_string (const char  *string,
                          UplinkState *state)
{
  g_return_val_if_fail (string != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (state_strings); i++)
    {
      if (g_str_equal (string, state_strings[i]))
        {
          if (state != NULL)
            *state = i;
          return TRUE;
        }
    }

  return FALSE;
}
