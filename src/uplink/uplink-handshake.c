/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "uplink-handshake-private.h"
#include "uplink-websocket-stream-private.h"

/* RFC 6455, section 1.3. */
#define ACCEPT_GUID "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
/* A response head longer than this is not a WebSocket server's. */
#define MAX_HEAD_SIZE (64 * 1024)
#define READ_SIZE 4096

struct _UplinkHandshake
{
  GObject parent_instance;

  GUri *uri;
  SoupSession *session;
  /* The request: its headers, libsoup's WebSocket ones among them. */
  SoupMessage *request;

  GSocketClient *client;
  GIOStream *connection;
  GByteArray *received;

  guint status;
  char *reason_phrase;
  SoupMessageHeaders *response_headers;
  /* A Basic challenge was answered with the URL's credentials. */
  gboolean challenge_answered;
};

G_DEFINE_FINAL_TYPE (UplinkHandshake, uplink_handshake, G_TYPE_OBJECT)

static gboolean
is_secure (UplinkHandshake *self)
{
  return g_ascii_strcasecmp (g_uri_get_scheme (self->uri), "wss") == 0;
}

static void
close_connection (UplinkHandshake *self)
{
  if (self->connection != NULL)
    g_io_stream_close_async (self->connection, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  g_clear_object (&self->connection);
}

static void
fail (GTask  *task,
      GError *error)
{
  close_connection (g_task_get_source_object (task));
  g_task_return_error (task, error);
  g_object_unref (task);
}

static gboolean
fail_on_error (GTask  *task,
               GError *error)
{
  if (error == NULL)
    return FALSE;
  fail (task, error);
  return TRUE;
}

static char *
expected_accept_key (UplinkHandshake *self)
{
  SoupMessageHeaders *headers = soup_message_get_request_headers (self->request);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA1);
  const char *key = soup_message_headers_get_one (headers, "Sec-WebSocket-Key");
  guint8 digest[20];
  gsize length = sizeof digest;

  g_checksum_update (checksum, (const guchar *) key, -1);
  g_checksum_update (checksum, (const guchar *) ACCEPT_GUID, -1);
  g_checksum_get_digest (checksum, digest, &length);
  return g_base64_encode (digest, length);
}

/* What soup_websocket_client_verify_handshake() checks; it cannot be
 * used here, since libsoup 3.2 lets only its own session set a
 * message's status. No extension is offered, so none may come back;
 * the subprotocol is checked by the connection. */
static gboolean
verify (UplinkHandshake  *self,
        GError          **error)
{
  g_autofree char *accept = NULL;
  const char *extensions;

  if (self->status != SOUP_STATUS_SWITCHING_PROTOCOLS ||
      !soup_message_headers_header_equals (self->response_headers, "Upgrade", "websocket") ||
      !soup_message_headers_header_contains (self->response_headers, "Connection", "upgrade"))
    {
      g_set_error_literal (error, SOUP_WEBSOCKET_ERROR, SOUP_WEBSOCKET_ERROR_NOT_WEBSOCKET,
                           _("The server did not accept the WebSocket handshake"));
      return FALSE;
    }

  extensions = soup_message_headers_get_list (self->response_headers, "Sec-WebSocket-Extensions");
  if (extensions != NULL && *extensions != '\0')
    {
      g_set_error_literal (error, SOUP_WEBSOCKET_ERROR, SOUP_WEBSOCKET_ERROR_BAD_HANDSHAKE,
                           _("The server chose a WebSocket extension that was not offered"));
      return FALSE;
    }

  accept = expected_accept_key (self);
  if (g_strcmp0 (soup_message_headers_get_one (self->response_headers, "Sec-WebSocket-Accept"),
                 accept) != 0)
    {
      g_set_error_literal (error, SOUP_WEBSOCKET_ERROR, SOUP_WEBSOCKET_ERROR_BAD_HANDSHAKE,
                           _("The server’s Sec-WebSocket-Accept key is wrong"));
      return FALSE;
    }

  return TRUE;
}

/* The length of the head up to its last header line, and of the blank
 * line after it; 0 while it is not all there. HTTP allows a bare LF. */
static gsize
find_head_end (const GByteArray *received,
               gsize            *blank_length)
{
  for (gsize i = 1; i < received->len; i++)
    {
      if (received->data[i - 1] != '\n')
        continue;
      if (received->data[i] == '\n')
        {
          *blank_length = 1;
          return i;
        }
      if (received->data[i] == '\r' && i + 1 < received->len && received->data[i + 1] == '\n')
        {
          *blank_length = 2;
          return i;
        }
    }
  return 0;
}

static gboolean
offers_basic (const char *challenges)
{
  g_auto(GStrv) each = challenges != NULL ? g_strsplit (challenges, ",", -1) : NULL;

  for (guint i = 0; each != NULL && each[i] != NULL; i++)
    {
      const char *challenge = g_strchug (each[i]);

      if (g_ascii_strncasecmp (challenge, "Basic", 5) == 0 &&
          (challenge[5] == '\0' || g_ascii_isspace (challenge[5])))
        return TRUE;
    }
  return FALSE;
}

/* libsoup's session answered a Basic challenge with the user and password
 * of the URL, once; so does the handshake. */
static gboolean
answer_challenge (UplinkHandshake *self)
{
  g_autofree char *pair = NULL;
  g_autofree char *encoded = NULL;
  g_autofree char *value = NULL;
  const char *password = g_uri_get_password (self->uri);

  if (self->status != SOUP_STATUS_UNAUTHORIZED || self->challenge_answered ||
      g_uri_get_user (self->uri) == NULL ||
      !offers_basic (soup_message_headers_get_list (self->response_headers, "WWW-Authenticate")))
    return FALSE;

  pair = g_strconcat (g_uri_get_user (self->uri), ":", password != NULL ? password : "", NULL);
  encoded = g_base64_encode ((const guchar *) pair, strlen (pair));
  value = g_strconcat ("Basic ", encoded, NULL);
  soup_message_headers_replace (soup_message_get_request_headers (self->request), "Authorization", value);
  self->challenge_answered = TRUE;
  return TRUE;
}

static void connect_server (GTask *task);

/* Asks again on a new connection, forgetting the first answer. */
static void
ask_again (GTask *task)
{
  UplinkHandshake *self = g_task_get_source_object (task);

  close_connection (self);
  g_byte_array_set_size (self->received, 0);
  self->status = 0;
  g_clear_pointer (&self->reason_phrase, g_free);
  soup_message_headers_clear (self->response_headers);
  connect_server (task);
}

static void
open_socket (GTask *task,
             gsize  head_length,
             gsize  consumed)
{
  UplinkHandshake *self = g_task_get_source_object (task);
  g_autoptr(GBytes) prefix = NULL;
  g_autoptr(UplinkWebsocketStream) stream = NULL;
  GError *error = NULL;

  if (!soup_headers_parse_response ((const char *) self->received->data, head_length,
                                    self->response_headers, NULL, &self->status,
                                    &self->reason_phrase))
    {
      fail (task, g_error_new_literal (SOUP_WEBSOCKET_ERROR, SOUP_WEBSOCKET_ERROR_BAD_HANDSHAKE,
                                       _("The server’s answer is not HTTP")));
      return;
    }
  if (answer_challenge (self))
    {
      ask_again (task);
      return;
    }
  if (!verify (self, &error))
    {
      fail (task, error);
      return;
    }

  /* A server may send its first frames right behind the response. */
  prefix = g_bytes_new (self->received->data + consumed, self->received->len - consumed);
  g_clear_pointer (&self->received, g_byte_array_unref);
  stream = uplink_websocket_stream_new (G_SOCKET_CONNECTION (self->connection), prefix);
  g_clear_object (&self->connection);

  g_task_return_pointer (task,
                         soup_websocket_connection_new (G_IO_STREAM (stream), self->uri,
                                                        SOUP_WEBSOCKET_CONNECTION_CLIENT, NULL,
                                                        soup_message_headers_get_one (self->response_headers,
                                                                                      "Sec-WebSocket-Protocol"),
                                                        NULL),
                         g_object_unref);
  g_object_unref (task);
}

static void read_response (GTask *task);

static void
on_read (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  UplinkHandshake *self = g_task_get_source_object (task);
  GError *error = NULL;
  gssize read = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);
  gsize head_length, blank_length;

  if (fail_on_error (task, error))
    return;

  g_byte_array_set_size (self->received, self->received->len - READ_SIZE + read);
  head_length = find_head_end (self->received, &blank_length);
  if (head_length > 0)
    {
      open_socket (task, head_length, head_length + blank_length);
      return;
    }
  if (read == 0)
    {
      fail (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                                       _("The server closed the connection during the handshake")));
      return;
    }
  if (self->received->len > MAX_HEAD_SIZE)
    {
      fail (task, g_error_new_literal (SOUP_WEBSOCKET_ERROR, SOUP_WEBSOCKET_ERROR_BAD_HANDSHAKE,
                                       _("The server’s answer to the handshake is too long")));
      return;
    }

  read_response (task);
}

static void
read_response (GTask *task)
{
  UplinkHandshake *self = g_task_get_source_object (task);
  gsize length = self->received->len;

  g_byte_array_set_size (self->received, length + READ_SIZE);
  g_input_stream_read_async (g_io_stream_get_input_stream (self->connection),
                             self->received->data + length, READ_SIZE, G_PRIORITY_DEFAULT,
                             g_task_get_cancellable (task), on_read, task);
}

static void
on_written (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;

  g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error);
  if (fail_on_error (task, error))
    return;

  read_response (task);
}

static void
add_header (const char *name,
            const char *value,
            gpointer    user_data)
{
  g_string_append_printf (user_data, "%s: %s\r\n", name, value);
}

static GBytes *
format_request (UplinkHandshake *self)
{
  GString *request = g_string_new ("GET ");
  const char *path = g_uri_get_path (self->uri);
  const char *host = g_uri_get_host (self->uri);
  int port = g_uri_get_port (self->uri);

  g_string_append (request, *path != '\0' ? path : "/");
  if (g_uri_get_query (self->uri) != NULL)
    g_string_append_printf (request, "?%s", g_uri_get_query (self->uri));
  /* An IPv6 address is bracketed, and a default port left out. */
  g_string_append_printf (request, strchr (host, ':') != NULL ? " HTTP/1.1\r\nHost: [%s]" : " HTTP/1.1\r\nHost: %s",
                          host);
  if (port != -1 && port != (is_secure (self) ? 443 : 80))
    g_string_append_printf (request, ":%d", port);
  g_string_append (request, "\r\n");
  soup_message_headers_foreach (soup_message_get_request_headers (self->request), add_header, request);
  g_string_append (request, "\r\n");
  return g_string_free_to_bytes (request);
}

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  UplinkHandshake *self = g_task_get_source_object (task);
  g_autoptr(GBytes) request = NULL;
  GError *error = NULL;
  gsize length;
  const void *data;

  self->connection = G_IO_STREAM (g_socket_client_connect_to_uri_finish (G_SOCKET_CLIENT (source),
                                                                         result, &error));
  if (fail_on_error (task, error))
    return;

  request = format_request (self);
  data = g_bytes_get_data (request, &length);
  /* The task keeps the request alive until it is written. */
  g_task_set_task_data (task, g_bytes_ref (request), (GDestroyNotify) g_bytes_unref);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (self->connection), data, length,
                                   G_PRIORITY_DEFAULT, g_task_get_cancellable (task), on_written, task);
}

/* The session's trust, including a tls-ca-file, checks the server. */
static void
on_client_event (GSocketClient      *client,
                 GSocketClientEvent  event,
                 GSocketConnectable *connectable,
                 GIOStream          *connection,
                 gpointer            user_data)
{
  UplinkHandshake *self = user_data;

  if (event == G_SOCKET_CLIENT_TLS_HANDSHAKING)
    g_tls_connection_set_database (G_TLS_CONNECTION (connection),
                                   soup_session_get_tls_database (self->session));
}

/* The proxy is looked up for the http:// or https:// address, as
 * libsoup did. */
static char *
connect_address (UplinkHandshake *self)
{
  g_autoptr(GUri) address = g_uri_build (G_URI_FLAGS_NONE, is_secure (self) ? "https" : "http", NULL,
                                         g_uri_get_host (self->uri), g_uri_get_port (self->uri),
                                         "", NULL, NULL);

  return g_uri_to_string (address);
}

static GSocketClient *
make_client (UplinkHandshake *self)
{
  GSocketClient *client = g_socket_client_new ();
  GProxyResolver *resolver = soup_session_get_proxy_resolver (self->session);

  g_socket_client_set_tls (client, is_secure (self));
  /* A session without a resolver connects directly. */
  if (resolver == NULL)
    g_socket_client_set_enable_proxy (client, FALSE);
  else
    g_socket_client_set_proxy_resolver (client, resolver);
  g_signal_connect_object (client, "event", G_CALLBACK (on_client_event), self, 0);
  return client;
}

static void
connect_server (GTask *task)
{
  UplinkHandshake *self = g_task_get_source_object (task);
  g_autofree char *address = connect_address (self);

  g_socket_client_connect_to_uri_async (self->client, address, is_secure (self) ? 443 : 80,
                                        g_task_get_cancellable (task), on_connected, task);
}

static void
uplink_handshake_dispose (GObject *object)
{
  UplinkHandshake *self = UPLINK_HANDSHAKE (object);

  close_connection (self);
  g_clear_object (&self->client);
  g_clear_object (&self->session);
  g_clear_object (&self->request);

  G_OBJECT_CLASS (uplink_handshake_parent_class)->dispose (object);
}

static void
uplink_handshake_finalize (GObject *object)
{
  UplinkHandshake *self = UPLINK_HANDSHAKE (object);

  g_clear_pointer (&self->uri, g_uri_unref);
  g_clear_pointer (&self->received, g_byte_array_unref);
  g_clear_pointer (&self->reason_phrase, g_free);
  g_clear_pointer (&self->response_headers, soup_message_headers_unref);

  G_OBJECT_CLASS (uplink_handshake_parent_class)->finalize (object);
}

static void
uplink_handshake_class_init (UplinkHandshakeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = uplink_handshake_dispose;
  object_class->finalize = uplink_handshake_finalize;
}

static void
uplink_handshake_init (UplinkHandshake *self)
{
  self->response_headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
}

/*
 * @headers (element-type utf8 utf8): header names and values to send;
 * @protocols (nullable): the subprotocols to offer.
 */
UplinkHandshake *
uplink_handshake_new (GUri         *uri,
                      SoupSession  *session,
                      GHashTable   *headers,
                      char        **protocols)
{
  UplinkHandshake *self = g_object_new (UPLINK_TYPE_HANDSHAKE, NULL);
  SoupMessageHeaders *request_headers;
  GHashTableIter iter;
  gpointer name, value;

  self->uri = g_uri_ref (uri);
  self->session = g_object_ref (session);
  self->request = soup_message_new_from_uri (SOUP_METHOD_GET, uri);
  request_headers = soup_message_get_request_headers (self->request);

  g_hash_table_iter_init (&iter, headers);
  while (g_hash_table_iter_next (&iter, &name, &value))
    soup_message_headers_replace (request_headers, name, value);
  soup_websocket_client_prepare_handshake (self->request, NULL, protocols, NULL);
  return self;
}

void
uplink_handshake_run_async (UplinkHandshake     *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (UPLINK_IS_HANDSHAKE (self));
  g_return_if_fail (self->client == NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, uplink_handshake_run_async);
  self->received = g_byte_array_new ();
  self->client = make_client (self);
  connect_server (task);
}

SoupWebsocketConnection *
uplink_handshake_run_finish (UplinkHandshake  *self,
                             GAsyncResult     *result,
                             GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* 0 until the server answered. */
guint
uplink_handshake_get_status (UplinkHandshake *self)
{
  return self->status;
}

const char *
uplink_handshake_get_reason_phrase (UplinkHandshake *self)
{
  return self->reason_phrase;
}

SoupMessageHeaders *
uplink_handshake_get_response_headers (UplinkHandshake *self)
{
  return self->response_headers;
}
