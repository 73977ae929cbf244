/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "uplink-connection-private.h"
#include "uplink-error.h"
#include "uplink-socketio-packet.h"

/*
 * socket.io 4 (engine.io 4, socket.io protocol 5) over WebSocket. The
 * server opens with its ping times; we connect to the main namespace
 * (with the password as the auth token) and are connected when it
 * accepts. The server pings, we answer: a server whose pings stop for
 * pingInterval + pingTimeout is gone, as its own clients would judge.
 */

typedef struct
{
  UplinkProfileSession parent;
  guint ping_interval_ms;
  guint ping_timeout_ms;
  guint cadence_source;
} SocketioSession;

static gboolean
on_cadence_missed (gpointer user_data)
{
  SocketioSession *self = user_data;
  g_autofree char *message = NULL;

  self->cadence_source = 0;
  message = g_strdup_printf (_("The server stopped sending its pings (none for %u s)"),
                             (self->ping_interval_ms + self->ping_timeout_ms) / 1000);
  uplink_connection_fail (self->parent.connection, UPLINK_CONNECTION_ERROR_DEAD_PEER, message);
  return G_SOURCE_REMOVE;
}

static void
expect_next_ping (SocketioSession *self)
{
  g_clear_handle_id (&self->cadence_source, g_source_remove);
  self->cadence_source = g_timeout_add (self->ping_interval_ms + self->ping_timeout_ms,
                                        on_cadence_missed, self);
}

static void
send_text (SocketioSession *self,
           const char      *text)
{
  soup_websocket_connection_send_text (self->parent.connection->socket, text);
}

static void
handle_open (SocketioSession            *self,
             const UplinkSocketioPacket *packet)
{
  UplinkConnection *connection = self->parent.connection;
  g_autoptr(GError) error = NULL;
  g_autofree char *connect = NULL;

  if (!uplink_socketio_read_open (packet, &self->ping_interval_ms, &self->ping_timeout_ms, &error))
    {
      uplink_connection_fail (connection, error->code, error->message);
      return;
    }

  expect_next_ping (self);
  connect = uplink_socketio_build_connect (connection->password);
  send_text (self, connect);
}

static void
handle_connect_error (SocketioSession            *self,
                      const UplinkSocketioPacket *packet)
{
  UplinkConnection *connection = self->parent.connection;
  g_autofree char *said = uplink_socketio_read_message (packet);
  g_autofree char *shown = said != NULL ? uplink_connection_redact_server_text (connection, said) : NULL;
  g_autofree char *message = NULL;

  if (shown != NULL)
    message = g_strdup_printf (_("The server refused the connection: %s"), shown);
  else
    message = g_strdup (_("The server refused the connection"));
  uplink_connection_fail (connection, UPLINK_CONNECTION_ERROR_AUTH, message);
}

static void
handle_message (SocketioSession            *self,
                const UplinkSocketioPacket *packet,
                const char                 *text)
{
  UplinkConnection *connection = self->parent.connection;

  if (!packet->main_namespace)
    {
      uplink_connection_emit_message (connection, text);
      return;
    }

  switch (packet->socket)
    {
    case UPLINK_SOCKETIO_CONNECT:
      uplink_connection_session_up (connection);
      break;
    case UPLINK_SOCKETIO_CONNECT_ERROR:
      handle_connect_error (self, packet);
      break;
    case UPLINK_SOCKETIO_DISCONNECT:
      uplink_connection_session_ended (connection);
      break;
    case UPLINK_SOCKETIO_NONE:
    case UPLINK_SOCKETIO_EVENT:
    case UPLINK_SOCKETIO_ACK:
    case UPLINK_SOCKETIO_BINARY_EVENT:
    case UPLINK_SOCKETIO_BINARY_ACK:
    default:
      uplink_connection_emit_message (connection, text);
      break;
    }
}

static void
socketio_text (UplinkProfileSession *session,
               const char           *text,
               gsize                 length)
{
  SocketioSession *self = (SocketioSession *) session;
  UplinkConnection *connection = session->connection;
  UplinkSocketioPacket packet;
  g_autoptr(GError) error = NULL;

  if (!uplink_socketio_packet_parse (text, length, &packet, &error))
    {
      uplink_connection_fail (connection, error->code, error->message);
      return;
    }

  switch (packet.engine)
    {
    case UPLINK_ENGINEIO_OPEN:
      handle_open (self, &packet);
      break;
    case UPLINK_ENGINEIO_PING:
      expect_next_ping (self);
      send_text (self, "3");
      break;
    case UPLINK_ENGINEIO_CLOSE:
      uplink_connection_session_ended (connection);
      break;
    case UPLINK_ENGINEIO_MESSAGE:
      handle_message (self, &packet, text);
      break;
    case UPLINK_ENGINEIO_PONG:
    case UPLINK_ENGINEIO_UPGRADE:
    case UPLINK_ENGINEIO_NOOP:
    default:
      break;
    }
}

/* engine.io's close packet, so the server frees the session at once. */
static void
socketio_stop (UplinkProfileSession *session)
{
  send_text ((SocketioSession *) session, "1");
}

static void
socketio_clear (UplinkProfileSession *session)
{
  SocketioSession *self = (SocketioSession *) session;

  g_clear_handle_id (&self->cadence_source, g_source_remove);
}

static void
socketio_open (UplinkProfileSession *session)
{
  /* The server speaks first, with its open packet. */
}

const UplinkProfileClass uplink_profile_socketio_class = {
  .profile = UPLINK_PROFILE_SOCKETIO,
  .subprotocol = NULL,
  .session_size = sizeof (SocketioSession),
  .open = socketio_open,
  .text = socketio_text,
  .stop = socketio_stop,
  .clear = socketio_clear,
};
