/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#if !defined(UPLINK_INSIDE) && !defined(UPLINK_COMPILATION)
#error "Only <uplink.h> can be included directly."
#endif

#include <glib-object.h>

#include "uplink-version.h"
#include "uplink-status-source.h"

G_BEGIN_DECLS

#define UPLINK_TYPE_CONNECTION_LISTENER (uplink_connection_listener_get_type ())

UPLINK_AVAILABLE_IN_ALL
G_DECLARE_INTERFACE (UplinkConnectionListener, uplink_connection_listener, UPLINK, CONNECTION_LISTENER, GObject)

/**
 * UplinkConnectionListenerInterface:
 * @on_connected: the connection is open
 * @on_connecting: a connection attempt has begun
 * @on_disconnected: the connection is closed or an attempt failed
 * @on_feature_throttled: the server paused some features
 * @on_connection_error: a failure happened; the state change it causes
 *   follows
 *
 * The callbacks of a listener added with [method@Connection.add_listener]
 * or [method@StatusModel.add_listener].
 *
 * Each is optional: a listener implements those it needs. @source is the
 * connection or model the listener was added to.
 *
 * Since: 1.0
 */
struct _UplinkConnectionListenerInterface
{
  GTypeInterface parent_iface;

  void (*on_connected)         (UplinkConnectionListener *self,
                                UplinkStatusSource       *source);
  void (*on_connecting)        (UplinkConnectionListener *self,
                                UplinkStatusSource       *source);
  void (*on_disconnected)      (UplinkConnectionListener *self,
                                UplinkStatusSource       *source);
  void (*on_feature_throttled) (UplinkConnectionListener *self,
                                UplinkStatusSource       *source);
  void (*on_connection_error)  (UplinkConnectionListener *self,
                                UplinkStatusSource       *source,
                                const GError             *error);
};

UPLINK_AVAILABLE_IN_ALL
void uplink_connection_listener_on_connected         (UplinkConnectionListener *self,
                                                      UplinkStatusSource       *source);
UPLINK_AVAILABLE_IN_ALL
void uplink_connection_listener_on_connecting        (UplinkConnectionListener *self,
                                                      UplinkStatusSource       *source);
UPLINK_AVAILABLE_IN_ALL
void uplink_connection_listener_on_disconnected      (UplinkConnectionListener *self,
                                                      UplinkStatusSource       *source);
UPLINK_AVAILABLE_IN_ALL
void uplink_connection_listener_on_feature_throttled (UplinkConnectionListener *self,
                                                      UplinkStatusSource       *source);
UPLINK_AVAILABLE_IN_ALL
void uplink_connection_listener_on_connection_error  (UplinkConnectionListener *self,
                                                      UplinkStatusSource       *source,
                                                      const GError             *error);

G_END_DECLS
