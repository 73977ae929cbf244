/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include "uplink-connection-listener.h"

/**
 * UplinkConnectionListener:
 *
 * An object told about every change of a [class@Connection] or a
 * [class@StatusModel].
 *
 * Listeners are the C form of the CometChat `ConnectionListener`: add one
 * under an id with [method@Connection.add_listener] and remove it with
 * [method@Connection.remove_listener] (or the same methods of a model).
 * A listener is called after the source's [signal@Connection::connected]
 * (and sibling) signals, in the order listeners were added.
 *
 * From Python, subclass `GObject.Object` and `Uplink.ConnectionListener` and
 * implement `do_on_connected()` and the other virtual methods.
 *
 * Since: 1.0
 */

G_DEFINE_INTERFACE (UplinkConnectionListener, uplink_connection_listener, G_TYPE_OBJECT)

static void
uplink_connection_listener_default_init (UplinkConnectionListenerInterface *iface)
{
}

/**
 * uplink_connection_listener_on_connected:
 * @self: a listener
 * @source: the connection or model that is now connected
 *
 * Tells @self that @source is open.
 *
 * Since: 1.0
 */
void
uplink_connection_listener_on_connected (UplinkConnectionListener *self,
                                         UplinkStatusSource       *source)
{
  UplinkConnectionListenerInterface *iface;

  g_return_if_fail (UPLINK_IS_CONNECTION_LISTENER (self));
  g_return_if_fail (UPLINK_IS_STATUS_SOURCE (source));

  iface = UPLINK_CONNECTION_LISTENER_GET_IFACE (self);
  if (iface->on_connected != NULL)
    iface->on_connected (self, source);
}

/**
 * uplink_connection_listener_on_connecting:
 * @self: a listener
 * @source: the connection or model that is connecting
 *
 * Tells @self that @source has begun an attempt.
 *
 * Since: 1.0
 */
void
uplink_connection_listener_on_connecting (UplinkConnectionListener *self,
                                          UplinkStatusSource       *source)
{
  UplinkConnectionListenerInterface *iface;

  g_return_if_fail (UPLINK_IS_CONNECTION_LISTENER (self));
  g_return_if_fail (UPLINK_IS_STATUS_SOURCE (source));

  iface = UPLINK_CONNECTION_LISTENER_GET_IFACE (self);
  if (iface->on_connecting != NULL)
    iface->on_connecting (self, source);
}

/**
 * uplink_connection_listener_on_disconnected:
 * @self: a listener
 * @source: the connection or model that is now disconnected
 *
 * Tells @self that @source closed or that an attempt failed.
 *
 * Since: 1.0
 */
void
uplink_connection_listener_on_disconnected (UplinkConnectionListener *self,
                                            UplinkStatusSource       *source)
{
  UplinkConnectionListenerInterface *iface;

  g_return_if_fail (UPLINK_IS_CONNECTION_LISTENER (self));
  g_return_if_fail (UPLINK_IS_STATUS_SOURCE (source));

  iface = UPLINK_CONNECTION_LISTENER_GET_IFACE (self);
  if (iface->on_disconnected != NULL)
    iface->on_disconnected (self, source);
}

/**
 * uplink_connection_listener_on_feature_throttled:
 * @self: a listener
 * @source: the connection or model whose server paused features
 *
 * Tells @self that the server paused some features; they are in
 * [property@StatusSource:throttled-features].
 *
 * Since: 1.0
 */
void
uplink_connection_listener_on_feature_throttled (UplinkConnectionListener *self,
                                                 UplinkStatusSource       *source)
{
  UplinkConnectionListenerInterface *iface;

  g_return_if_fail (UPLINK_IS_CONNECTION_LISTENER (self));
  g_return_if_fail (UPLINK_IS_STATUS_SOURCE (source));

  iface = UPLINK_CONNECTION_LISTENER_GET_IFACE (self);
  if (iface->on_feature_throttled != NULL)
    iface->on_feature_throttled (self, source);
}

/**
 * uplink_connection_listener_on_connection_error:
 * @self: a listener
 * @source: the connection or model that failed
 * @error: what went wrong, in the [error@ConnectionError] domain
 *
 * Tells @self about a failure; the state change it causes follows.
 *
 * Since: 1.0
 */
void
uplink_connection_listener_on_connection_error (UplinkConnectionListener *self,
                                                UplinkStatusSource       *source,
                                                const GError             *error)
{
  UplinkConnectionListenerInterface *iface;

  g_return_if_fail (UPLINK_IS_CONNECTION_LISTENER (self));
  g_return_if_fail (UPLINK_IS_STATUS_SOURCE (source));
  g_return_if_fail (error != NULL);

  iface = UPLINK_CONNECTION_LISTENER_GET_IFACE (self);
  if (iface->on_connection_error != NULL)
    iface->on_connection_error (self, source, error);
}
