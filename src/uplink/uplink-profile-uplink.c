/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include "uplink-connection-private.h"
#include "uplink-frame.h"

/*
 * A server speaking protocol v1 (uplink-server): connected once upgraded,
 * as a plain WebSocket server; JSON pings, which give the latency, and
 * throttling on top.
 */

static void
uplink_open (UplinkProfileSession *session)
{
  uplink_connection_session_up (session->connection);
}

static void
uplink_text (UplinkProfileSession *session,
             const char           *text,
             gsize                 length)
{
  uplink_connection_handle_v1_text (session->connection, text, length);
}

static void
uplink_keepalive (UplinkProfileSession *session)
{
  UplinkConnection *connection = session->connection;
  g_autofree char *ping = uplink_frame_build_ping (++connection->ping_id);

  connection->ping_sent = g_get_monotonic_time ();
  soup_websocket_connection_send_text (connection->socket, ping);
}

const UplinkProfileClass uplink_profile_uplink_class = {
  .profile = UPLINK_PROFILE_UPLINK,
  .subprotocol = UPLINK_FRAME_PROTOCOL,
  .session_size = sizeof (UplinkProfileSession),
  .open = uplink_open,
  .text = uplink_text,
  .keepalive = uplink_keepalive,
};
