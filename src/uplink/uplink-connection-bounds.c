/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "uplink-connection-private.h"
#include "uplink-websocket-stream-private.h"

/*
 * Bounds what a server can make the client hold. libsoup 3.2 checks
 * max-incoming-payload against each frame, not against a message sent as
 * endless continuation frames, so the stream under the WebSocket layer
 * counts the bytes read since the last complete message: past the limit
 * it reads no more, and the client closes with 1009.
 */

/* Whatever the frames' headers add to a message's payload, and what one
 * read of libsoup's may hold of the next message. */
#define FRAMING_ALLOWANCE (64 * 1024)

static guint64
limit_of (UplinkConnection *self)
{
  return self->max_incoming_payload == 0 ? 0 : self->max_incoming_payload + FRAMING_ALLOWANCE;
}

static void
on_overflow (UplinkWebsocketInput *input,
             gpointer              user_data)
{
  g_autoptr(UplinkConnection) self = g_object_ref (user_data);

  g_signal_handlers_disconnect_by_data (self->socket, self);
  soup_websocket_connection_close (self->socket, SOUP_WEBSOCKET_CLOSE_TOO_BIG, NULL);
  uplink_connection_fail (self, UPLINK_CONNECTION_ERROR_PROTOCOL,
                          _("The server sent a message larger than the client accepts"));
}

/* Called once the socket is open: from here on a message is bounded. */
void
uplink_connection_bound_incoming (UplinkConnection *self)
{
  GIOStream *stream = soup_websocket_connection_get_io_stream (self->socket);

  self->incoming = g_object_ref (uplink_websocket_stream_get_input (UPLINK_WEBSOCKET_STREAM (stream)));
  uplink_websocket_input_set_limit (self->incoming, limit_of (self));
  g_signal_connect (self->incoming, "overflow", G_CALLBACK (on_overflow), self);
}

/* A message is complete: the next one starts from nothing, under the
 * limit of the moment. */
void
uplink_connection_message_done (UplinkConnection *self)
{
  g_assert (self->incoming != NULL);

  uplink_websocket_input_message_done (self->incoming);
  uplink_websocket_input_set_limit (self->incoming, limit_of (self));
}

/* Whether the server's bytes wait to be read, so that silence is ours. */
gboolean
uplink_connection_bytes_waiting (UplinkConnection *self)
{
  return self->incoming != NULL && uplink_websocket_input_has_waiting (self->incoming);
}

void
uplink_connection_unbound_incoming (UplinkConnection *self)
{
  if (self->incoming != NULL)
    g_signal_handlers_disconnect_by_data (self->incoming, self);
  g_clear_object (&self->incoming);
}
