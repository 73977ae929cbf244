/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <netinet/in.h>
#include <linux/tcp.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <glib/gi18n-lib.h>

#include "uplink-connection-private.h"

/*
 * Bounds what a server can make the client hold. libsoup 3.2 checks
 * max-incoming-payload against each frame, not against a message sent as
 * endless continuation frames, so the client counts the bytes it has read
 * from the TCP socket since the last complete message: the kernel's count
 * of bytes received, less those still queued. That takes two system calls
 * whenever the socket is readable, and none per message.
 */

/* Whatever the frames' headers and TLS records add to a message's payload,
 * and what one read of libsoup's may hold of the next message. */
#define FRAMING_ALLOWANCE (64 * 1024)

static gboolean
read_so_far (GSocket *socket,
             guint64 *bytes)
{
  struct tcp_info info = { 0 };
  socklen_t length = sizeof info;
  int fd = g_socket_get_fd (socket);
  int queued = 0;

  if (getsockopt (fd, IPPROTO_TCP, TCP_INFO, &info, &length) != 0 ||
      length < G_STRUCT_OFFSET (struct tcp_info, tcpi_bytes_received) + sizeof info.tcpi_bytes_received ||
      ioctl (fd, FIONREAD, &queued) != 0)
    return FALSE;

  *bytes = info.tcpi_bytes_received - (guint64) queued;
  return TRUE;
}

static gboolean
on_readable (GSocket      *socket,
             GIOCondition  condition,
             gpointer      user_data)
{
  g_autoptr(UplinkConnection) self = g_object_ref (user_data);
  guint64 bytes;

  /* A socket closed under the watch would keep it firing. */
  if (!read_so_far (socket, &bytes))
    {
      self->incoming_watch_source = 0;
      return G_SOURCE_REMOVE;
    }

  /* What was read up to the last complete message was handed over. */
  if (self->message_completed)
    {
      self->incoming_mark = bytes;
      self->message_completed = FALSE;
      return G_SOURCE_CONTINUE;
    }

  if (self->max_incoming_payload == 0 ||
      bytes - self->incoming_mark <= self->max_incoming_payload + FRAMING_ALLOWANCE)
    return G_SOURCE_CONTINUE;

  self->incoming_watch_source = 0;
  g_signal_handlers_disconnect_by_data (self->socket, self);
  soup_websocket_connection_close (self->socket, SOUP_WEBSOCKET_CLOSE_TOO_BIG, NULL);
  uplink_connection_fail (self, UPLINK_CONNECTION_ERROR_PROTOCOL,
                          _("The server sent a message larger than the client accepts"));
  return G_SOURCE_REMOVE;
}

/* Keeps the TCP socket under the handshake, through proxies and TLS. */
static void
on_network_event (SoupMessage        *handshake,
                  GSocketClientEvent  event,
                  GIOStream          *connection,
                  gpointer            user_data)
{
  UplinkConnection *self = user_data;

  if (event == G_SOCKET_CLIENT_CONNECTED && G_IS_SOCKET_CONNECTION (connection))
    g_set_object (&self->transport, g_socket_connection_get_socket (G_SOCKET_CONNECTION (connection)));
}

void
uplink_connection_watch_transport (UplinkConnection *self,
                                   SoupMessage      *handshake)
{
  g_signal_connect_object (handshake, "network-event", G_CALLBACK (on_network_event), self, 0);
}

/* Called once the socket is open: from here on a message is bounded. */
void
uplink_connection_bound_incoming (UplinkConnection *self)
{
  g_autoptr(GSource) source = NULL;

  if (self->transport == NULL || !read_so_far (self->transport, &self->incoming_mark))
    return;

  self->message_completed = FALSE;
  source = g_socket_create_source (self->transport, G_IO_IN, NULL);
  g_source_set_callback (source, G_SOURCE_FUNC (on_readable), self, NULL);
  g_source_set_static_name (source, "[uplink] incoming bound");
  self->incoming_watch_source = g_source_attach (source, NULL);
}

void
uplink_connection_unbound_incoming (UplinkConnection *self)
{
  g_clear_handle_id (&self->incoming_watch_source, g_source_remove);
  g_clear_object (&self->transport);
}
