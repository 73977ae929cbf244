/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <netinet/in.h>

#include <libsoup/soup.h>
#include "uplink-frame.h"

#include "uplink-reference-server-private.h"

/* How long clients get to answer a close frame when the server shuts down. */
#define SHUTDOWN_GRACE_MS 2000

/* How long a close frame that libsoup does not send waits for a client to
 * read what is queued before it. */
#define CLOSE_FRAME_TIMEOUT_S 5

/* Connections the kernel queues before the server accepts them. libsoup
 * listens with GSocket's default of 10, which drops most of a thousand
 * clients that connect at once; they then retry only after seconds. */
#define LISTEN_BACKLOG 4096

/**
 * UplinkReferenceServer:
 *
 * A WebSocket server that speaks protocol v1 and lets tests and demos
 * inject faults.
 *
 * It serves WebSocket clients on `/ws`, negotiating
 * [const@REFERENCE_SERVER_SUBPROTOCOL] when a client offers it and
 * answering each `ping` message with a `pong`. Its methods throttle, drop,
 * abort or refuse clients; the same controls are offered over HTTP under
 * `/control/` on the same port, to loopback peers only, or with a control
 * token to every peer that presents it as `Authorization: Bearer TOKEN`.
 */
struct _UplinkReferenceServer
{
  GObject parent_instance;

  SoupServer *soup;
  char *control_token;

  /* of Client, each freed by client_free() */
  GPtrArray *clients;
  /* of UplinkReceivedMessage: what clients sent, up to RECEIVED_LIMIT */
  GPtrArray *received;
  guint received_dropped;
  guint accepted;
  guint handshakes;
  guint rejected;

  guint reject_status;
  guint reject_count;
  char *reject_retry_after;

  GTask *shutdown;
  guint shutdown_timeout_id;
};

typedef struct
{
  /* Unowned: the server frees its clients before it goes. */
  UplinkReferenceServer *server;
  SoupWebsocketConnection *connection;
  GSocket *socket;
  /* Set while a close frame that libsoup does not send waits its turn. */
  GSource *close_source;
  guint close_code;
  /* Counts from 1 in the order clients connected. */
  guint number;
} Client;

/* Enough for every test and bench; a client that sends more cannot make
 * the server grow without bound. */
#define RECEIVED_LIMIT 100000

enum {
  PROP_0,
  PROP_CONTROL_TOKEN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (UplinkReferenceServer, uplink_reference_server, G_TYPE_OBJECT)

static void
client_free (Client *client)
{
  if (client->close_source != NULL)
    {
      g_source_destroy (client->close_source);
      g_source_unref (client->close_source);
    }
  g_signal_handlers_disconnect_by_data (client->connection, client);
  g_object_unref (client->connection);
  g_object_unref (client->socket);
  g_free (client);
}

static gboolean
client_is_open (Client *client)
{
  return client->close_source == NULL &&
         soup_websocket_connection_get_state (client->connection) == SOUP_WEBSOCKET_STATE_OPEN;
}

/* Ends the TCP connection without a close frame. Shutting the socket down
 * rather than closing it leaves the descriptor to libsoup, which reads the
 * end of the stream and finishes the connection as it would for any peer
 * that vanished. */
static void
client_shut (Client *client)
{
  g_autoptr(GError) error = NULL;

  if (!g_socket_shutdown (client->socket, TRUE, TRUE, &error))
    g_debug ("Cannot shut a client's socket down: %s", error->message);
}

/* The close codes libsoup 3.2 sends as given. */
static gboolean
libsoup_sends (guint code)
{
  switch (code)
    {
    case SOUP_WEBSOCKET_CLOSE_NORMAL:
    case SOUP_WEBSOCKET_CLOSE_GOING_AWAY:
    case SOUP_WEBSOCKET_CLOSE_PROTOCOL_ERROR:
    case SOUP_WEBSOCKET_CLOSE_UNSUPPORTED_DATA:
    case SOUP_WEBSOCKET_CLOSE_BAD_DATA:
    case SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION:
    case SOUP_WEBSOCKET_CLOSE_TOO_BIG:
    case SOUP_WEBSOCKET_CLOSE_SERVER_ERROR:
      return TRUE;
    default:
      return code >= 3000;
    }
}

static gboolean
on_close_frame_turn (GSocket      *socket,
                     GIOCondition  condition,
                     gpointer      data)
{
  Client *client = data;
  const guint8 frame[] = { 0x88, 2, client->close_code >> 8, client->close_code & 0xff };
  g_autoptr(GError) error = NULL;

  if (!(condition & G_IO_OUT))
    g_debug ("A client read nothing for %d s: cutting it off without a close frame",
             CLOSE_FRAME_TIMEOUT_S);
  else if (g_socket_send_with_blocking (socket, (const char *) frame, sizeof frame,
                                        FALSE, NULL, &error) != (gssize) sizeof frame)
    g_debug ("Cannot write a close frame: %s", error != NULL ? error->message : "cut short");

  client_shut (client);
  return G_SOURCE_REMOVE;
}

/* libsoup 3.2 replaces the close codes it does not know with 1002, and
 * refuses 1010 from a server, so the server writes those close frames
 * itself, then ends the connection without waiting for the client's.
 *
 * The frame must not land inside one that libsoup is still writing.
 * libsoup writes from a source of default priority that is ready whenever
 * it holds frames and the socket takes more; a source of low priority
 * waiting for the same socket runs only when that one is not ready, that
 * is once libsoup has written everything. */
static void
client_close (Client *client,
              guint   code)
{
  if (libsoup_sends (code))
    {
      soup_websocket_connection_close (client->connection, code, NULL);
      return;
    }

  client->close_code = code;
  client->close_source = g_socket_create_source (client->socket, G_IO_OUT, NULL);
  g_source_set_static_name (client->close_source, "uplink-server close frame");
  g_source_set_priority (client->close_source, G_PRIORITY_LOW);
  g_source_set_ready_time (client->close_source,
                           g_get_monotonic_time () + CLOSE_FRAME_TIMEOUT_S * G_USEC_PER_SEC);
  g_source_set_callback (client->close_source, G_SOURCE_FUNC (on_close_frame_turn), client, NULL);
  g_source_attach (client->close_source, NULL);
}

static void
finish_shutdown (UplinkReferenceServer *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->shutdown == NULL)
    return;

  g_clear_handle_id (&self->shutdown_timeout_id, g_source_remove);
  soup_server_disconnect (self->soup);
  task = g_steal_pointer (&self->shutdown);
  g_task_return_boolean (task, TRUE);
}

static void
finish_shutdown_if_done (UplinkReferenceServer *self)
{
  if (self->clients->len == 0)
    finish_shutdown (self);
}

static void
on_client_closed (SoupWebsocketConnection *connection,
                  Client                  *client)
{
  UplinkReferenceServer *self = client->server;

  g_ptr_array_remove_fast (self->clients, client);
  finish_shutdown_if_done (self);
}

static void
received_message_free (UplinkReceivedMessage *received)
{
  g_bytes_unref (received->data);
  g_free (received);
}

static void
record_message (Client                  *client,
                SoupWebsocketDataType    type,
                GBytes                  *message)
{
  UplinkReferenceServer *self = client->server;
  UplinkReceivedMessage *received;

  if (self->received->len >= RECEIVED_LIMIT)
    {
      self->received_dropped++;
      return;
    }

  received = g_new0 (UplinkReceivedMessage, 1);
  received->client = client->number;
  received->binary = type != SOUP_WEBSOCKET_DATA_TEXT;
  received->data = g_bytes_ref (message);
  g_ptr_array_add (self->received, received);
}

/* Pings are answered; every other frame is what the client sent, and is
 * recorded for /control/received. */
static void
on_client_message (SoupWebsocketConnection *connection,
                   SoupWebsocketDataType    type,
                   GBytes                  *message,
                   Client                  *client)
{
  g_autoptr(UplinkFrame) frame = NULL;
  g_autofree char *pong = NULL;
  gconstpointer data;
  gsize size;

  data = g_bytes_get_data (message, &size);
  if (type == SOUP_WEBSOCKET_DATA_TEXT)
    frame = uplink_frame_parse (data, size, NULL);
  if (frame == NULL || uplink_frame_get_kind (frame) != UPLINK_FRAME_KIND_PING)
    {
      record_message (client, type, message);
      return;
    }

  if (!client_is_open (client))
    return;

  pong = uplink_frame_build_pong (uplink_frame_get_id (frame));
  soup_websocket_connection_send_text (connection, pong);
}

static void
on_websocket (SoupServer              *soup,
              SoupServerMessage       *msg,
              const char              *path,
              SoupWebsocketConnection *connection,
              gpointer                 data)
{
  UplinkReferenceServer *self = data;
  Client *client = g_new0 (Client, 1);
  g_autofree char *hello = uplink_frame_build_hello ();

  client->server = self;
  client->number = ++self->accepted;
  client->connection = g_object_ref (connection);
  client->socket = g_object_ref (soup_server_message_get_socket (msg));
  g_signal_connect (connection, "message", G_CALLBACK (on_client_message), client);
  g_signal_connect (connection, "closed", G_CALLBACK (on_client_closed), client);
  g_ptr_array_add (self->clients, client);
  /* Clients that offered no subprotocol learn from this that v1 is spoken. */
  soup_websocket_connection_send_text (connection, hello);
}

static void
refuse_handshake (SoupServerMessage *msg,
                  guint              status,
                  const char        *retry_after)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  const char *text = "Refused by uplink-server\n";

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/plain; charset=utf-8",
                                    SOUP_MEMORY_STATIC, text, strlen (text));
  /* Clients wait for the server to end a refused handshake's connection. */
  soup_message_headers_replace (headers, "Connection", "close");
  if (retry_after != NULL)
    soup_message_headers_replace (headers, "Retry-After", retry_after);
  if (status == SOUP_STATUS_UNAUTHORIZED)
    soup_message_headers_replace (headers, "WWW-Authenticate", "Bearer");
}

/* Runs for each request on /ws before libsoup checks the handshake, which
 * it skips when a status is set here. */
static void
on_handshake (SoupServer        *soup,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           data)
{
  UplinkReferenceServer *self = data;

  self->handshakes++;
  if (self->shutdown != NULL)
    {
      refuse_handshake (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL);
    }
  else if (self->reject_count > 0)
    {
      self->reject_count--;
      self->rejected++;
      refuse_handshake (msg, self->reject_status, self->reject_retry_after);
    }
}

static void
uplink_reference_server_constructed (GObject *object)
{
  UplinkReferenceServer *self = UPLINK_REFERENCE_SERVER (object);
  char *protocols[] = { (char *) UPLINK_REFERENCE_SERVER_SUBPROTOCOL, NULL };

  G_OBJECT_CLASS (uplink_reference_server_parent_class)->constructed (object);

  self->soup = soup_server_new ("server-header", "uplink-server ", NULL);
  soup_server_add_handler (self->soup, "/ws", on_handshake, self, NULL);
  soup_server_add_websocket_handler (self->soup, "/ws", NULL, protocols,
                                     on_websocket, self, NULL);
  uplink_reference_server_add_http_handlers (self, self->soup);
}

static void
uplink_reference_server_dispose (GObject *object)
{
  UplinkReferenceServer *self = UPLINK_REFERENCE_SERVER (object);

  g_clear_handle_id (&self->shutdown_timeout_id, g_source_remove);
  uplink_reference_server_abort (self);
  g_ptr_array_set_size (self->clients, 0);
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);

  G_OBJECT_CLASS (uplink_reference_server_parent_class)->dispose (object);
}

static void
uplink_reference_server_finalize (GObject *object)
{
  UplinkReferenceServer *self = UPLINK_REFERENCE_SERVER (object);

  g_ptr_array_unref (self->clients);
  g_ptr_array_unref (self->received);
  g_free (self->control_token);
  g_free (self->reject_retry_after);

  G_OBJECT_CLASS (uplink_reference_server_parent_class)->finalize (object);
}

static void
uplink_reference_server_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  UplinkReferenceServer *self = UPLINK_REFERENCE_SERVER (object);

  switch (prop_id)
    {
    case PROP_CONTROL_TOKEN:
      g_value_set_string (value, uplink_reference_server_get_control_token (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
uplink_reference_server_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  UplinkReferenceServer *self = UPLINK_REFERENCE_SERVER (object);

  switch (prop_id)
    {
    case PROP_CONTROL_TOKEN:
      self->control_token = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
uplink_reference_server_class_init (UplinkReferenceServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = uplink_reference_server_constructed;
  object_class->dispose = uplink_reference_server_dispose;
  object_class->finalize = uplink_reference_server_finalize;
  object_class->get_property = uplink_reference_server_get_property;
  object_class->set_property = uplink_reference_server_set_property;

  /**
   * UplinkReferenceServer:control-token:
   *
   * The token that HTTP control requests must present as
   * `Authorization: Bearer TOKEN`, or `NULL` to take control requests from
   * loopback peers only.
   */
  properties[PROP_CONTROL_TOKEN] =
    g_param_spec_string ("control-token", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
uplink_reference_server_init (UplinkReferenceServer *self)
{
  self->clients = g_ptr_array_new_with_free_func ((GDestroyNotify) client_free);
  self->received = g_ptr_array_new_with_free_func ((GDestroyNotify) received_message_free);
}

/**
 * uplink_reference_server_new:
 * @control_token: (nullable): the token HTTP control requests must
 *   present, or `NULL` to take them from loopback peers only
 *
 * Creates a reference server. It serves nothing until
 * [method@ReferenceServer.listen] is called.
 *
 * Returns: (transfer full): a new reference server
 */
UplinkReferenceServer *
uplink_reference_server_new (const char *control_token)
{
  return g_object_new (UPLINK_TYPE_REFERENCE_SERVER,
                       "control-token", control_token,
                       NULL);
}

/**
 * uplink_reference_server_listen:
 * @self: a reference server
 * @host: an IPv4 or IPv6 address to listen on
 * @port: the TCP port, or 0 for a free one
 * @error: return location for an error
 *
 * Starts serving on @host and @port; the main context of the calling
 * thread runs the server.
 *
 * Returns: whether the server listens
 */
gboolean
uplink_reference_server_listen (UplinkReferenceServer  *self,
                                const char             *host,
                                guint16                 port,
                                GError                **error)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoptr(GSocket) socket = NULL;
  GSocketFamily family;

  g_return_val_if_fail (UPLINK_IS_REFERENCE_SERVER (self), FALSE);
  g_return_val_if_fail (host != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  address = g_inet_address_new_from_string (host);
  if (address == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "“%s” is not an IP address", host);
      return FALSE;
    }

  family = g_inet_address_get_family (address);
  socket = g_socket_new (family, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, error);
  if (socket == NULL)
    return FALSE;
  /* As libsoup does: an IPv6 address serves IPv6 only. */
  if (family == G_SOCKET_FAMILY_IPV6 &&
      !g_socket_set_option (socket, IPPROTO_IPV6, IPV6_V6ONLY, TRUE, error))
    return FALSE;

  socket_address = g_inet_socket_address_new (address, port);
  g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);
  return g_socket_bind (socket, socket_address, TRUE, error) &&
         g_socket_listen (socket, error) &&
         soup_server_listen_socket (self->soup, socket,
                                    uplink_reference_server_get_tls (self) ? SOUP_SERVER_LISTEN_HTTPS : 0,
                                    error);
}

/**
 * uplink_reference_server_set_tls_certificate:
 * @self: a reference server
 * @certificate: (nullable): the certificate, with its private key
 *
 * Serves `wss://` with @certificate from the next
 * [method@ReferenceServer.listen] on, for tests of certificate checks.
 */
void
uplink_reference_server_set_tls_certificate (UplinkReferenceServer *self,
                                             GTlsCertificate       *certificate)
{
  g_return_if_fail (UPLINK_IS_REFERENCE_SERVER (self));
  g_return_if_fail (certificate == NULL || G_IS_TLS_CERTIFICATE (certificate));

  soup_server_set_tls_certificate (self->soup, certificate);
}

/**
 * uplink_reference_server_get_tls:
 * @self: a reference server
 *
 * Gets whether the server serves `wss://`.
 *
 * Returns: `TRUE` when a certificate was set
 */
gboolean
uplink_reference_server_get_tls (UplinkReferenceServer *self)
{
  g_return_val_if_fail (UPLINK_IS_REFERENCE_SERVER (self), FALSE);

  return soup_server_get_tls_certificate (self->soup) != NULL;
}

/**
 * uplink_reference_server_get_url:
 * @self: a reference server
 *
 * Gets the URL of the WebSocket endpoint, with the port the server
 * listens on.
 *
 * Returns: (transfer full) (nullable): the URL, such as
 *   `ws://127.0.0.1:40123/ws`, or `NULL` if the server does not listen
 */
char *
uplink_reference_server_get_url (UplinkReferenceServer *self)
{
  GSList *uris;
  char *url;

  g_return_val_if_fail (UPLINK_IS_REFERENCE_SERVER (self), NULL);

  uris = soup_server_get_uris (self->soup);
  if (uris == NULL)
    return NULL;

  url = g_uri_join (G_URI_FLAGS_NONE, uplink_reference_server_get_tls (self) ? "wss" : "ws", NULL,
                    g_uri_get_host (uris->data), g_uri_get_port (uris->data),
                    "/ws", NULL, NULL);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return url;
}

/**
 * uplink_reference_server_get_control_token:
 * @self: a reference server
 *
 * Gets the [property@ReferenceServer:control-token].
 *
 * Returns: (nullable): the token, or `NULL` when control is for loopback
 *   peers only
 */
const char *
uplink_reference_server_get_control_token (UplinkReferenceServer *self)
{
  g_return_val_if_fail (UPLINK_IS_REFERENCE_SERVER (self), NULL);

  return self->control_token;
}

/**
 * uplink_reference_server_get_open_clients:
 * @self: a reference server
 *
 * Counts the WebSocket clients whose connection is open, not closing.
 *
 * Returns: the number of open clients
 */
guint
uplink_reference_server_get_open_clients (UplinkReferenceServer *self)
{
  guint open = 0;

  g_return_val_if_fail (UPLINK_IS_REFERENCE_SERVER (self), 0);

  for (guint i = 0; i < self->clients->len; i++)
    open += client_is_open (g_ptr_array_index (self->clients, i));
  return open;
}

/**
 * uplink_reference_server_get_handshakes:
 * @self: a reference server
 *
 * Counts the requests on `/ws` so far, refused ones included.
 *
 * Returns: the number of handshakes
 */
guint
uplink_reference_server_get_handshakes (UplinkReferenceServer *self)
{
  g_return_val_if_fail (UPLINK_IS_REFERENCE_SERVER (self), 0);

  return self->handshakes;
}

/**
 * uplink_reference_server_get_rejected:
 * @self: a reference server
 *
 * Counts the handshakes refused as [method@ReferenceServer.reject] asked.
 *
 * Returns: the number of rejected handshakes
 */
guint
uplink_reference_server_get_rejected (UplinkReferenceServer *self)
{
  g_return_val_if_fail (UPLINK_IS_REFERENCE_SERVER (self), 0);

  return self->rejected;
}

/* What clients sent, in the order it arrived, and how many messages did
 * not fit. */
const GPtrArray *
uplink_reference_server_get_received (UplinkReferenceServer *self,
                                      guint                 *dropped)
{
  *dropped = self->received_dropped;
  return self->received;
}

/* libsoup emits closed from a main loop callback, never from within a send
 * or a close, so the clients do not change while these loops run. */
static guint
broadcast_frame (UplinkReferenceServer *self,
                 SoupWebsocketDataType  type,
                 GBytes                *data)
{
  guint reached = 0;

  for (guint i = 0; i < self->clients->len; i++)
    {
      Client *client = g_ptr_array_index (self->clients, i);

      if (!client_is_open (client))
        continue;
      soup_websocket_connection_send_message (client->connection, type, data);
      reached++;
    }
  return reached;
}

static guint
broadcast (UplinkReferenceServer *self,
           GBytes                *text)
{
  return broadcast_frame (self, SOUP_WEBSOCKET_DATA_TEXT, text);
}

static guint
broadcast_string (UplinkReferenceServer *self,
                  char                  *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new_take (text, strlen (text));

  return broadcast (self, bytes);
}

/**
 * uplink_reference_server_send:
 * @self: a reference server
 * @text: UTF-8 text, which may hold nul bytes
 *
 * Sends @text as it is, in a text frame, to every open client.
 *
 * Returns: how many clients it was sent to
 */
guint
uplink_reference_server_send (UplinkReferenceServer *self,
                              GBytes                *text)
{
  g_return_val_if_fail (UPLINK_IS_REFERENCE_SERVER (self), 0);
  g_return_val_if_fail (uplink_reference_server_is_text (text), 0);

  return broadcast (self, text);
}

/**
 * uplink_reference_server_send_binary:
 * @self: a reference server
 * @data: any bytes
 *
 * Sends @data in a binary frame to every open client.
 *
 * Returns: how many clients it was sent to
 */
guint
uplink_reference_server_send_binary (UplinkReferenceServer *self,
                                     GBytes                *data)
{
  g_return_val_if_fail (UPLINK_IS_REFERENCE_SERVER (self), 0);
  g_return_val_if_fail (data != NULL, 0);

  return broadcast_frame (self, SOUP_WEBSOCKET_DATA_BINARY, data);
}

/**
 * uplink_reference_server_throttle:
 * @self: a reference server
 * @features: (array zero-terminated=1) (nullable): the features to pause
 * @retry_after: seconds after which they come back by themselves, or a
 *   negative number to leave it open
 * @reason: (nullable): why, in words meant for people
 *
 * Sends a throttle message to every open client.
 *
 * Returns: how many clients it was sent to
 */
guint
uplink_reference_server_throttle (UplinkReferenceServer *self,
                                  const char * const    *features,
                                  double                 retry_after,
                                  const char            *reason)
{
  g_return_val_if_fail (UPLINK_IS_REFERENCE_SERVER (self), 0);

  return broadcast_string (self, uplink_frame_build_throttle (features, retry_after, reason));
}

/**
 * uplink_reference_server_unthrottle:
 * @self: a reference server
 *
 * Sends an unthrottle message to every open client.
 *
 * Returns: how many clients it was sent to
 */
guint
uplink_reference_server_unthrottle (UplinkReferenceServer *self)
{
  g_return_val_if_fail (UPLINK_IS_REFERENCE_SERVER (self), 0);

  return broadcast_string (self, uplink_frame_build_unthrottle ());
}

/**
 * uplink_reference_server_flap:
 * @self: a reference server
 * @pairs: how many throttle and unthrottle pairs to send
 *
 * Sends @pairs throttle messages, each followed by an unthrottle message,
 * to every open client as fast as they take them.
 *
 * Returns: how many clients they were sent to
 */
guint
uplink_reference_server_flap (UplinkReferenceServer *self,
                              guint                  pairs)
{
  const char * const features[] = { "flap", NULL };
  g_autofree char *throttle_text = uplink_frame_build_throttle (features, -1, NULL);
  g_autofree char *unthrottle_text = uplink_frame_build_unthrottle ();
  g_autoptr(GBytes) throttle = g_bytes_new_static (throttle_text, strlen (throttle_text));
  g_autoptr(GBytes) unthrottle = g_bytes_new_static (unthrottle_text, strlen (unthrottle_text));
  guint reached = 0;

  g_return_val_if_fail (UPLINK_IS_REFERENCE_SERVER (self), 0);

  for (guint i = 0; i < pairs; i++)
    {
      reached = broadcast (self, throttle);
      broadcast (self, unthrottle);
    }
  return reached;
}

/**
 * uplink_reference_server_drop:
 * @self: a reference server
 * @code: the close code, from 1000 to 4999 but not 1004, 1005, 1006 or 1015
 *
 * Closes the connection of every open client with @code.
 *
 * libsoup 3.2 sends 1002 in place of 1010, 1012 to 1014 and 1016 to 2999:
 * for those codes the server writes the close frame itself and ends the
 * connection without waiting for the client's close frame.
 *
 * Returns: how many clients were closed
 */
guint
uplink_reference_server_drop (UplinkReferenceServer *self,
                              guint                  code)
{
  guint reached = 0;

  g_return_val_if_fail (UPLINK_IS_REFERENCE_SERVER (self), 0);
  g_return_val_if_fail (uplink_reference_server_is_valid_close_code (code), 0);

  for (guint i = 0; i < self->clients->len; i++)
    {
      Client *client = g_ptr_array_index (self->clients, i);

      if (!client_is_open (client))
        continue;
      client_close (client, code);
      reached++;
    }
  return reached;
}

/**
 * uplink_reference_server_abort:
 * @self: a reference server
 *
 * Ends the TCP connection of every client, open or closing, without a
 * close frame, as a server that crashed or a network that failed would.
 *
 * Returns: how many clients were cut off
 */
guint
uplink_reference_server_abort (UplinkReferenceServer *self)
{
  guint reached = 0;

  g_return_val_if_fail (UPLINK_IS_REFERENCE_SERVER (self), 0);

  for (guint i = 0; i < self->clients->len; i++)
    {
      Client *client = g_ptr_array_index (self->clients, i);

      if (soup_websocket_connection_get_state (client->connection) == SOUP_WEBSOCKET_STATE_CLOSED)
        continue;
      client_shut (client);
      reached++;
    }
  return reached;
}

/**
 * uplink_reference_server_reject:
 * @self: a reference server
 * @status: the HTTP status to answer with, from 200 to 599
 * @count: how many of the next handshakes to refuse; 0 stops refusing
 * @retry_after: (nullable): the value of a `Retry-After` header to send
 *   along, seconds or an HTTP date, passed on as it is
 *
 * Answers the next @count handshakes on `/ws` with @status instead of
 * accepting them.
 */
void
uplink_reference_server_reject (UplinkReferenceServer *self,
                                guint                  status,
                                guint                  count,
                                const char            *retry_after)
{
  g_return_if_fail (UPLINK_IS_REFERENCE_SERVER (self));
  g_return_if_fail (status >= 200 && status <= 599);
  g_return_if_fail (retry_after == NULL || uplink_reference_server_is_header_value (retry_after));

  self->reject_status = status;
  self->reject_count = count;
  g_free (self->reject_retry_after);
  self->reject_retry_after = g_strdup (retry_after);
}

static gboolean
abort_stragglers (gpointer data)
{
  UplinkReferenceServer *self = data;

  self->shutdown_timeout_id = 0;
  uplink_reference_server_abort (self);
  /* A client caught half-way through closing may never finish; the
   * shutdown does not wait for it. */
  finish_shutdown (self);
  return G_SOURCE_REMOVE;
}

/**
 * uplink_reference_server_shutdown_async:
 * @self: a reference server
 * @callback: called when every client is gone
 * @user_data: data for @callback
 *
 * Closes every client with 1001 (going away), refusing new handshakes
 * with 503 meanwhile, and stops listening once they are all gone. Clients
 * that do not answer the close frame within two seconds are cut off.
 */
void
uplink_reference_server_shutdown_async (UplinkReferenceServer *self,
                                        GAsyncReadyCallback    callback,
                                        gpointer               user_data)
{
  g_return_if_fail (UPLINK_IS_REFERENCE_SERVER (self));
  g_return_if_fail (self->shutdown == NULL);

  self->shutdown = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (self->shutdown, uplink_reference_server_shutdown_async);

  uplink_reference_server_drop (self, SOUP_WEBSOCKET_CLOSE_GOING_AWAY);
  self->shutdown_timeout_id = g_timeout_add (SHUTDOWN_GRACE_MS, abort_stragglers, self);
  finish_shutdown_if_done (self);
}

/**
 * uplink_reference_server_shutdown_finish:
 * @self: a reference server
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Finishes [method@ReferenceServer.shutdown_async].
 *
 * Returns: `TRUE`; the shutdown cannot fail
 */
gboolean
uplink_reference_server_shutdown_finish (UplinkReferenceServer  *self,
                                         GAsyncResult           *result,
                                         GError                **error)
{
  g_return_val_if_fail (UPLINK_IS_REFERENCE_SERVER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Text frames carry UTF-8, in which a nul byte is as valid as any other
 * character; g_utf8_validate() stops at one, so it starts again after. */
gboolean
uplink_reference_server_is_text (GBytes *bytes)
{
  gsize size;
  const char *text = g_bytes_get_data (bytes, &size);
  const char *end = text + size;
  const char *stop;

  while (!g_utf8_validate (text, end - text, &stop))
    {
      if (*stop != '\0')
        return FALSE;
      text = stop + 1;
    }
  return TRUE;
}

/* The codes an endpoint may put in a close frame (RFC 6455, 7.4). */
gboolean
uplink_reference_server_is_valid_close_code (guint code)
{
  return code >= 1000 && code <= 4999 &&
         code != 1004 && code != SOUP_WEBSOCKET_CLOSE_NO_STATUS &&
         code != SOUP_WEBSOCKET_CLOSE_ABNORMAL && code != SOUP_WEBSOCKET_CLOSE_TLS_HANDSHAKE;
}

gboolean
uplink_reference_server_is_header_value (const char *value)
{
  if (*value == '\0')
    return FALSE;
  for (; *value != '\0'; value++)
    {
      if (*value < ' ' || *value > '~')
        return FALSE;
    }
  return TRUE;
}
