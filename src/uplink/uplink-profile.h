/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#if !defined(UPLINK_INSIDE) && !defined(UPLINK_COMPILATION)
#error "Only <uplink.h> can be included directly."
#endif

#include <glib-object.h>

#include "uplink-version.h"

G_BEGIN_DECLS

/**
 * UplinkProfile:
 * @UPLINK_PROFILE_AUTO: tell from the URL and the server's first frame:
 *   a path containing `/socket.io/` or an engine.io open packet is
 *   socket.io, a path ending in `/xmpp-websocket` is XMPP, one ending in
 *   `/mqtt` is MQTT, the reference server's hello is protocol v1, and
 *   anything else is a plain WebSocket server
 * @UPLINK_PROFILE_WEBSOCKET: any WebSocket server: connected once the
 *   upgrade is done, kept alive with RFC 6455 pings; no subprotocol offered
 * @UPLINK_PROFILE_UPLINK: a server speaking Uplink's protocol v1 (offers
 *   `uplink.v1`): JSON pings give the latency, the server may throttle
 * @UPLINK_PROFILE_SOCKETIO: socket.io 4 (engine.io 4) over WebSocket:
 *   connected once the server accepts the client's connect packet
 * @UPLINK_PROFILE_MQTT: MQTT 3.1.1 over WebSocket (offers `mqtt`):
 *   connected once the broker accepts the CONNECT packet
 * @UPLINK_PROFILE_XMPP: XMPP over WebSocket, RFC 7395 (offers `xmpp`):
 *   connected once the stream is open (and, with a login, the resource
 *   is bound); never sends presence
 *
 * What kind of server a [class@Connection] talks to: what it offers in
 * the handshake, what counts as connected and how the session is kept
 * alive. See [property@Connection:profile].
 *
 * Since: 1.0
 */
typedef enum {
  UPLINK_PROFILE_AUTO,
  UPLINK_PROFILE_WEBSOCKET,
  UPLINK_PROFILE_UPLINK,
  UPLINK_PROFILE_SOCKETIO,
  UPLINK_PROFILE_MQTT,
  UPLINK_PROFILE_XMPP,
} UplinkProfile;

G_END_DECLS
