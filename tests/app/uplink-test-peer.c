/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <string.h>
#include <libsoup/soup.h>

#include "uplink-test-peer.h"

/*
 * A WebSocket server in the test's own process (libsoup's), which notes
 * what reached it: each handshake's query and each text message, so that
 * a test can tell whether a token in the address or a password got there.
 * By the path it was reached at, it plays:
 *
 *   /throttle     a protocol v1 server that pauses "typing" at once
 *   /socket.io/…  a socket.io 4 server, whose connect packet carries the
 *                 password as its auth token
 *   anything else a plain WebSocket server that says nothing
 */

struct _UplinkTestPeer
{
  SoupServer *soup;
  guint port;
  /* Queries and text messages, as they came. */
  GPtrArray *seen;
  /* Kept open, so that the clients stay connected. */
  GPtrArray *sockets;
};

static void
on_message (SoupWebsocketConnection *socket,
            int                      type,
            GBytes                  *message,
            gpointer                 user_data)
{
  UplinkTestPeer *peer = user_data;
  gsize length;
  const char *text = g_bytes_get_data (message, &length);

  if (type != SOUP_WEBSOCKET_DATA_TEXT)
    return;
  g_ptr_array_add (peer->seen, g_strndup (text, length));
  /* socket.io's connect: accepted. */
  if (length >= 2 && text[0] == '4' && text[1] == '0')
    soup_websocket_connection_send_text (socket, "40{\"sid\":\"s\"}");
}

static void
on_websocket (SoupServer              *soup,
              SoupServerMessage       *msg,
              const char              *path,
              SoupWebsocketConnection *socket,
              gpointer                 user_data)
{
  UplinkTestPeer *peer = user_data;
  const char *query = g_uri_get_query (soup_server_message_get_uri (msg));

  g_ptr_array_add (peer->seen, g_strdup (query != NULL ? query : ""));
  g_ptr_array_add (peer->sockets, g_object_ref (socket));
  g_signal_connect (socket, "message", G_CALLBACK (on_message), peer);

  if (g_str_equal (path, "/throttle"))
    {
      soup_websocket_connection_send_text (socket, "{\"type\":\"hello\",\"protocol\":\"uplink.v1\"}");
      soup_websocket_connection_send_text (socket, "{\"type\":\"throttle\",\"features\":[\"typing\"]}");
    }
  else if (g_str_has_prefix (path, "/socket.io/"))
    soup_websocket_connection_send_text (socket, "0{\"sid\":\"t\",\"upgrades\":[],\"pingInterval\":25000,"
                                                 "\"pingTimeout\":20000,\"maxPayload\":1000000}");
}

UplinkTestPeer *
uplink_test_peer_new (void)
{
  UplinkTestPeer *peer = g_new0 (UplinkTestPeer, 1);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  peer->seen = g_ptr_array_new_with_free_func (g_free);
  peer->sockets = g_ptr_array_new_with_free_func (g_object_unref);
  peer->soup = soup_server_new (NULL, NULL);
  soup_server_add_websocket_handler (peer->soup, NULL, NULL, NULL, on_websocket, peer, NULL);
  soup_server_listen_local (peer->soup, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (peer->soup);
  peer->port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return peer;
}

void
uplink_test_peer_free (UplinkTestPeer *peer)
{
  for (guint i = 0; i < peer->sockets->len; i++)
    {
      SoupWebsocketConnection *socket = g_ptr_array_index (peer->sockets, i);

      g_signal_handlers_disconnect_by_data (socket, peer);
      if (soup_websocket_connection_get_state (socket) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (socket, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
    }
  soup_server_disconnect (peer->soup);
  g_object_unref (peer->soup);
  g_ptr_array_unref (peer->seen);
  g_ptr_array_unref (peer->sockets);
  g_free (peer);
}

guint
uplink_test_peer_get_port (UplinkTestPeer *peer)
{
  return peer->port;
}

/* ws://127.0.0.1:PORT followed by @rest ("/ws?room=7"). */
char *
uplink_test_peer_url (UplinkTestPeer *peer,
                      const char     *rest)
{
  return g_strdup_printf ("ws://127.0.0.1:%u%s", peer->port, rest);
}

/* Whether a handshake's query or a text message held @text. */
gboolean
uplink_test_peer_saw (UplinkTestPeer *peer,
                      const char     *text)
{
  for (guint i = 0; i < peer->seen->len; i++)
    if (strstr (g_ptr_array_index (peer->seen, i), text) != NULL)
      return TRUE;
  return FALSE;
}
