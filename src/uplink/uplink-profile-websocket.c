/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include "uplink-connection-private.h"

/*
 * Any WebSocket server: the session is the socket. Frames go to the
 * message signal; libsoup's RFC 6455 pings keep watch, which every server
 * answers.
 */

static void
websocket_open (UplinkProfileSession *session)
{
  uplink_connection_session_up (session->connection);
}

const UplinkProfileClass uplink_profile_websocket_class = {
  .profile = UPLINK_PROFILE_WEBSOCKET,
  .subprotocol = NULL,
  .session_size = sizeof (UplinkProfileSession),
  .open = websocket_open,
};
