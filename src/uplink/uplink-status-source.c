/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include "uplink-status-source.h"
#include "uplink-enums.h"

/**
 * UplinkStatusSource:
 *
 * Anything whose connection state Uplink's widgets can show.
 *
 * [class@Connection] is one: it watches its own WebSocket.
 * [class@StatusModel] is another, driven by an application that already
 * has a connection of its own (XMPP, Matrix, …) and only wants the
 * indicator, the popover and the timeline for it.
 *
 * A source has the same properties as a connection — `state`, `status`,
 * `last-error`, `throttled-features`, `next-retry`, `attempt`, `latency`,
 * `history` and `running` — and notifies them the same way, so a widget
 * listens to `notify` only. Reconnecting, pausing and resuming are
 * optional: [method@StatusSource.can_reconnect] and
 * [method@StatusSource.can_pause] tell whether a source offers them.
 *
 * Since: 1.0
 */

G_DEFINE_INTERFACE (UplinkStatusSource, uplink_status_source, G_TYPE_OBJECT)

static void
uplink_status_source_default_init (UplinkStatusSourceInterface *iface)
{
  /**
   * UplinkStatusSource:state:
   *
   * The state of the connection.
   *
   * Since: 1.0
   */
  g_object_interface_install_property (iface,
    g_param_spec_enum ("state", NULL, NULL,
                       UPLINK_TYPE_STATE, UPLINK_STATE_DISCONNECTED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * UplinkStatusSource:status:
   *
   * The state as the CometChat API's status string, such as `"connected"`.
   *
   * Since: 1.0
   */
  g_object_interface_install_property (iface,
    g_param_spec_string ("status", NULL, NULL,
                         "disconnected",
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * UplinkStatusSource:last-error:
   *
   * The last failure, or `NULL`.
   *
   * Since: 1.0
   */
  g_object_interface_install_property (iface,
    g_param_spec_boxed ("last-error", NULL, NULL,
                        G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * UplinkStatusSource:throttled-features:
   *
   * The features the server paused, empty unless the state is
   * [enum@Uplink.State.FEATURE_THROTTLED].
   *
   * Since: 1.0
   */
  g_object_interface_install_property (iface,
    g_param_spec_boxed ("throttled-features", NULL, NULL,
                        G_TYPE_STRV,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * UplinkStatusSource:attempt:
   *
   * How many attempts failed in a row.
   *
   * Since: 1.0
   */
  g_object_interface_install_property (iface,
    g_param_spec_uint ("attempt", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * UplinkStatusSource:next-retry:
   *
   * When the next attempt starts, in g_get_monotonic_time() microseconds,
   * or 0 when none is scheduled.
   *
   * Since: 1.0
   */
  g_object_interface_install_property (iface,
    g_param_spec_int64 ("next-retry", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * UplinkStatusSource:latency:
   *
   * The last round trip to the server, in microseconds, or -1 when
   * unknown.
   *
   * Since: 1.0
   */
  g_object_interface_install_property (iface,
    g_param_spec_int64 ("latency", NULL, NULL,
                        -1, G_MAXINT64, -1,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * UplinkStatusSource:history:
   *
   * The states the source went through.
   *
   * Since: 1.0
   */
  g_object_interface_install_property (iface,
    g_param_spec_object ("history", NULL, NULL,
                         UPLINK_TYPE_HISTORY,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * UplinkStatusSource:running:
   *
   * Whether the source watches its connection; a stopped one shows as
   * paused.
   *
   * Since: 1.0
   */
  g_object_interface_install_property (iface,
    g_param_spec_boolean ("running", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
}

/**
 * uplink_status_source_get_state:
 * @self: a status source
 *
 * Gets the state.
 *
 * Returns: the state
 *
 * Since: 1.0
 */
UplinkState
uplink_status_source_get_state (UplinkStatusSource *self)
{
  g_return_val_if_fail (UPLINK_IS_STATUS_SOURCE (self), UPLINK_STATE_DISCONNECTED);

  return UPLINK_STATUS_SOURCE_GET_IFACE (self)->get_state (self);
}

/**
 * uplink_status_source_get_status:
 * @self: a status source
 *
 * Gets the state as the CometChat `getConnectionStatus()` string.
 *
 * Returns: (transfer none): `"connected"`, `"connecting"`,
 *   `"disconnected"` or `"featureThrottled"`
 *
 * Since: 1.0
 */
const char *
uplink_status_source_get_status (UplinkStatusSource *self)
{
  g_return_val_if_fail (UPLINK_IS_STATUS_SOURCE (self), NULL);

  return uplink_state_to_string (uplink_status_source_get_state (self));
}

/**
 * uplink_status_source_get_last_error:
 * @self: a status source
 *
 * Gets the last failure.
 *
 * Returns: (transfer none) (nullable): the last error, or `NULL`
 *
 * Since: 1.0
 */
const GError *
uplink_status_source_get_last_error (UplinkStatusSource *self)
{
  g_return_val_if_fail (UPLINK_IS_STATUS_SOURCE (self), NULL);

  return UPLINK_STATUS_SOURCE_GET_IFACE (self)->get_last_error (self);
}

/**
 * uplink_status_source_get_throttled_features:
 * @self: a status source
 *
 * Gets the features the server paused.
 *
 * Returns: (transfer none) (array zero-terminated=1): the features, empty
 *   unless throttled
 *
 * Since: 1.0
 */
const char * const *
uplink_status_source_get_throttled_features (UplinkStatusSource *self)
{
  g_return_val_if_fail (UPLINK_IS_STATUS_SOURCE (self), NULL);

  return UPLINK_STATUS_SOURCE_GET_IFACE (self)->get_throttled_features (self);
}

/**
 * uplink_status_source_get_next_retry:
 * @self: a status source
 *
 * Gets when the next attempt starts.
 *
 * Returns: g_get_monotonic_time() microseconds, or 0 when none is scheduled
 *
 * Since: 1.0
 */
gint64
uplink_status_source_get_next_retry (UplinkStatusSource *self)
{
  g_return_val_if_fail (UPLINK_IS_STATUS_SOURCE (self), 0);

  return UPLINK_STATUS_SOURCE_GET_IFACE (self)->get_next_retry (self);
}

/**
 * uplink_status_source_get_attempt:
 * @self: a status source
 *
 * Gets how many attempts failed in a row.
 *
 * Returns: the count
 *
 * Since: 1.0
 */
guint
uplink_status_source_get_attempt (UplinkStatusSource *self)
{
  g_return_val_if_fail (UPLINK_IS_STATUS_SOURCE (self), 0);

  return UPLINK_STATUS_SOURCE_GET_IFACE (self)->get_attempt (self);
}

/**
 * uplink_status_source_get_latency:
 * @self: a status source
 *
 * Gets the last round trip to the server.
 *
 * Returns: microseconds, or -1 when unknown
 *
 * Since: 1.0
 */
gint64
uplink_status_source_get_latency (UplinkStatusSource *self)
{
  g_return_val_if_fail (UPLINK_IS_STATUS_SOURCE (self), -1);

  return UPLINK_STATUS_SOURCE_GET_IFACE (self)->get_latency (self);
}

/**
 * uplink_status_source_get_history:
 * @self: a status source
 *
 * Gets the states @self went through, for [class@UplinkGtk.Timeline].
 *
 * Returns: (transfer none): the history
 *
 * Since: 1.0
 */
UplinkHistory *
uplink_status_source_get_history (UplinkStatusSource *self)
{
  g_return_val_if_fail (UPLINK_IS_STATUS_SOURCE (self), NULL);

  return UPLINK_STATUS_SOURCE_GET_IFACE (self)->get_history (self);
}

/**
 * uplink_status_source_get_running:
 * @self: a status source
 *
 * Gets whether @self watches its connection.
 *
 * Returns: %TRUE if running
 *
 * Since: 1.0
 */
gboolean
uplink_status_source_get_running (UplinkStatusSource *self)
{
  g_return_val_if_fail (UPLINK_IS_STATUS_SOURCE (self), FALSE);

  return UPLINK_STATUS_SOURCE_GET_IFACE (self)->get_running (self);
}

/**
 * uplink_status_source_can_reconnect:
 * @self: a status source
 *
 * Tells whether @self can be told to reconnect at once.
 *
 * Returns: %TRUE if [method@StatusSource.reconnect] does something
 *
 * Since: 1.0
 */
gboolean
uplink_status_source_can_reconnect (UplinkStatusSource *self)
{
  g_return_val_if_fail (UPLINK_IS_STATUS_SOURCE (self), FALSE);

  return UPLINK_STATUS_SOURCE_GET_IFACE (self)->reconnect != NULL;
}

/**
 * uplink_status_source_reconnect:
 * @self: a status source
 *
 * Makes a new attempt at once, if @self can.
 *
 * Since: 1.0
 */
void
uplink_status_source_reconnect (UplinkStatusSource *self)
{
  UplinkStatusSourceInterface *iface;

  g_return_if_fail (UPLINK_IS_STATUS_SOURCE (self));

  iface = UPLINK_STATUS_SOURCE_GET_IFACE (self);
  if (iface->reconnect != NULL)
    iface->reconnect (self);
}

/**
 * uplink_status_source_can_pause:
 * @self: a status source
 *
 * Tells whether @self can be paused and resumed.
 *
 * Returns: %TRUE if [method@StatusSource.pause] and
 *   [method@StatusSource.resume] do something
 *
 * Since: 1.0
 */
gboolean
uplink_status_source_can_pause (UplinkStatusSource *self)
{
  UplinkStatusSourceInterface *iface;

  g_return_val_if_fail (UPLINK_IS_STATUS_SOURCE (self), FALSE);

  iface = UPLINK_STATUS_SOURCE_GET_IFACE (self);
  return iface->pause != NULL && iface->resume != NULL;
}

/**
 * uplink_status_source_pause:
 * @self: a status source
 *
 * Stops watching, if @self can.
 *
 * Since: 1.0
 */
void
uplink_status_source_pause (UplinkStatusSource *self)
{
  UplinkStatusSourceInterface *iface;

  g_return_if_fail (UPLINK_IS_STATUS_SOURCE (self));

  iface = UPLINK_STATUS_SOURCE_GET_IFACE (self);
  if (iface->pause != NULL)
    iface->pause (self);
}

/**
 * uplink_status_source_resume:
 * @self: a status source
 *
 * Watches again after [method@StatusSource.pause], if @self can.
 *
 * Since: 1.0
 */
void
uplink_status_source_resume (UplinkStatusSource *self)
{
  UplinkStatusSourceInterface *iface;

  g_return_if_fail (UPLINK_IS_STATUS_SOURCE (self));

  iface = UPLINK_STATUS_SOURCE_GET_IFACE (self);
  if (iface->resume != NULL)
    iface->resume (self);
}

/**
 * uplink_status_source_get_details:
 * @self: a status source
 * @details: (out caller-allocates): where to put what @self knows
 *
 * Gets what @self knows beyond its state: the server's last close code
 * and reason, its reason and end for a throttle, and the address. A
 * source that knows none of it leaves every field empty.
 *
 * Since: 1.0
 */
void
uplink_status_source_get_details (UplinkStatusSource  *self,
                                  UplinkSourceDetails *details)
{
  UplinkStatusSourceInterface *iface;

  g_return_if_fail (details != NULL);
  *details = (UplinkSourceDetails) { 0 };
  g_return_if_fail (UPLINK_IS_STATUS_SOURCE (self));

  iface = UPLINK_STATUS_SOURCE_GET_IFACE (self);
  if (iface->get_details != NULL)
    iface->get_details (self, details);
}
