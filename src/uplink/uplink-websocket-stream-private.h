/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <gio/gio.h>

#include "uplink-websocket-input-private.h"

G_BEGIN_DECLS

/*
 * The stream under a SoupWebsocketConnection: the connection to the
 * server (TCP, TLS, through a proxy or not) with reads rationed and
 * counted by an UplinkWebsocketInput; writes go straight through.
 */

#define UPLINK_TYPE_WEBSOCKET_STREAM (uplink_websocket_stream_get_type ())

G_DECLARE_FINAL_TYPE (UplinkWebsocketStream, uplink_websocket_stream, UPLINK, WEBSOCKET_STREAM, GSocketConnection)

UplinkWebsocketStream *uplink_websocket_stream_new       (GSocketConnection     *base,
                                                          GBytes                *prefix);
UplinkWebsocketInput  *uplink_websocket_stream_get_input (UplinkWebsocketStream *self);

G_END_DECLS
