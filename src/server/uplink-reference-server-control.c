/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <json-glib/json-glib.h>
#include "uplink-frame.h"

#include "uplink-reference-server-private.h"

/* The HTTP side of the reference server: control requests under /control/
 * and a plain answer for every other path but /ws. */

static void answer_text (SoupServerMessage *msg,
                         guint              status,
                         const char        *format,
                         ...) G_GNUC_PRINTF (3, 4);

static void
answer_text (SoupServerMessage *msg,
             guint              status,
             const char        *format,
             ...)
{
  g_autofree char *line = NULL;
  char *text;
  va_list args;

  va_start (args, format);
  line = g_strdup_vprintf (format, args);
  va_end (args);

  text = g_strconcat (line, "\n", NULL);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/plain; charset=utf-8",
                                    SOUP_MEMORY_TAKE, text, strlen (text));
}

/* Ends the object @builder holds and sends it as the answer. */
static void
answer_json (SoupServerMessage *msg,
             JsonBuilder       *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  char *text;

  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json",
                                    SOUP_MEMORY_TAKE, text, strlen (text));
}

static void
add_uint (JsonBuilder *builder,
          const char  *name,
          guint        value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
answer_clients (SoupServerMessage *msg,
                guint              clients)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_uint (builder, "clients", clients);
  answer_json (msg, builder);
}

/* Reads the whole number @name from @query, or from @fallback when the
 * query does not have it; a NULL @fallback makes it required. */
static gboolean
read_number (SoupServerMessage *msg,
             GHashTable        *query,
             const char        *name,
             const char        *fallback,
             guint64            min,
             guint64            max,
             guint64           *value)
{
  const char *text = query != NULL ? g_hash_table_lookup (query, name) : NULL;

  if (text == NULL)
    text = fallback;
  if (text == NULL)
    {
      answer_text (msg, SOUP_STATUS_BAD_REQUEST, "The “%s” parameter is missing", name);
      return FALSE;
    }
  if (!g_ascii_string_to_unsigned (text, 10, min, max, value, NULL))
    {
      answer_text (msg, SOUP_STATUS_BAD_REQUEST,
                   "“%s” must be a whole number from %" G_GUINT64_FORMAT " to %" G_GUINT64_FORMAT,
                   name, min, max);
      return FALSE;
    }
  return TRUE;
}

static GBytes *
request_body (SoupServerMessage *msg)
{
  return soup_message_body_flatten (soup_server_message_get_request_body (msg));
}

/* The body is a throttle message without its type. With the type put in
 * front of its members, the protocol parser checks its encoding, nesting
 * and members as a client would. */
static UplinkFrame *
parse_throttle (GBytes  *body,
                GError **error)
{
  gsize size;
  const char *data = g_bytes_get_data (body, &size);
  g_autoptr(GString) text = g_string_new ("{\"type\":\"throttle\"");
  g_autoptr(UplinkFrame) frame = NULL;
  gsize start = 0;
  gsize rest;

  while (start < size && g_ascii_isspace (data[start]))
    start++;
  if (start == size || data[start] != '{')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "The body must be a JSON object");
      return NULL;
    }

  for (rest = start + 1; rest < size && g_ascii_isspace (data[rest]); rest++)
    ;
  if (rest < size && data[rest] != '}')
    g_string_append_c (text, ',');
  g_string_append_len (text, data + start + 1, size - start - 1);

  frame = uplink_frame_parse (text->str, text->len, error);
  if (frame != NULL && uplink_frame_get_kind (frame) != UPLINK_FRAME_KIND_THROTTLE)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "The body must not have a “type” member");
      return NULL;
    }
  return g_steal_pointer (&frame);
}

static void
control_throttle (UplinkReferenceServer *server,
                  SoupServerMessage     *msg,
                  GHashTable            *query)
{
  g_autoptr(GBytes) body = request_body (msg);
  g_autoptr(GError) error = NULL;
  g_autoptr(UplinkFrame) frame = parse_throttle (body, &error);

  if (frame == NULL)
    {
      answer_text (msg, SOUP_STATUS_BAD_REQUEST, "%s", error->message);
      return;
    }

  answer_clients (msg, uplink_reference_server_throttle (server,
                                                         uplink_frame_get_features (frame),
                                                         uplink_frame_get_retry_after (frame),
                                                         uplink_frame_get_reason (frame)));
}

static void
control_unthrottle (UplinkReferenceServer *server,
                    SoupServerMessage     *msg,
                    GHashTable            *query)
{
  answer_clients (msg, uplink_reference_server_unthrottle (server));
}

static void
control_drop (UplinkReferenceServer *server,
              SoupServerMessage     *msg,
              GHashTable            *query)
{
  guint64 code;

  if (!read_number (msg, query, "code", "1001", 1000, 4999, &code))
    return;
  if (!uplink_reference_server_is_valid_close_code (code))
    {
      answer_text (msg, SOUP_STATUS_BAD_REQUEST,
                   "Close code %" G_GUINT64_FORMAT " is reserved: it cannot be sent", code);
      return;
    }

  answer_clients (msg, uplink_reference_server_drop (server, code));
}

static void
control_abort (UplinkReferenceServer *server,
               SoupServerMessage     *msg,
               GHashTable            *query)
{
  answer_clients (msg, uplink_reference_server_abort (server));
}

static void
control_reject (UplinkReferenceServer *server,
                SoupServerMessage     *msg,
                GHashTable            *query)
{
  const char *retry_after = query != NULL ? g_hash_table_lookup (query, "retry_after") : NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  guint64 status, count;

  if (!read_number (msg, query, "status", NULL, 200, 599, &status) ||
      !read_number (msg, query, "count", "1", 0, G_MAXUINT, &count))
    return;
  if (retry_after != NULL && !uplink_reference_server_is_header_value (retry_after))
    {
      answer_text (msg, SOUP_STATUS_BAD_REQUEST,
                   "“retry_after” must be printable ASCII text, such as 30 or an HTTP date");
      return;
    }

  uplink_reference_server_reject (server, status, count, retry_after);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  add_uint (builder, "status", status);
  add_uint (builder, "count", count);
  if (retry_after != NULL)
    {
      json_builder_set_member_name (builder, "retry_after");
      json_builder_add_string_value (builder, retry_after);
    }
  answer_json (msg, builder);
}

static void
control_send (UplinkReferenceServer *server,
              SoupServerMessage     *msg,
              GHashTable            *query)
{
  g_autoptr(GBytes) body = request_body (msg);

  if (query != NULL && g_strcmp0 (g_hash_table_lookup (query, "binary"), "1") == 0)
    {
      answer_clients (msg, uplink_reference_server_send_binary (server, body));
      return;
    }

  if (!uplink_reference_server_is_text (body))
    {
      answer_text (msg, SOUP_STATUS_BAD_REQUEST, "The body must be UTF-8 text");
      return;
    }

  answer_clients (msg, uplink_reference_server_send (server, body));
}

static void
control_flap (UplinkReferenceServer *server,
              SoupServerMessage     *msg,
              GHashTable            *query)
{
  guint64 pairs;

  if (!read_number (msg, query, "count", "1", 1, 1000000, &pairs))
    return;

  answer_clients (msg, uplink_reference_server_flap (server, pairs));
}

static void
control_stats (UplinkReferenceServer *server,
               SoupServerMessage     *msg,
               GHashTable            *query)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_uint (builder, "open", uplink_reference_server_get_open_clients (server));
  add_uint (builder, "handshakes", uplink_reference_server_get_handshakes (server));
  add_uint (builder, "rejected", uplink_reference_server_get_rejected (server));
  answer_json (msg, builder);
}

/* Every message the clients sent: {"messages":[{"client":N,"text":"…"}
 * or {"client":N,"binary":"base64"}, …],"dropped":N}. */
static void
control_received (UplinkReferenceServer *server,
                  SoupServerMessage     *msg,
                  GHashTable            *query)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const GPtrArray *received;
  guint dropped;

  received = uplink_reference_server_get_received (server, &dropped);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "messages");
  json_builder_begin_array (builder);
  for (guint i = 0; i < received->len; i++)
    {
      const UplinkReceivedMessage *message = g_ptr_array_index (received, i);
      gsize size;
      gconstpointer data = g_bytes_get_data (message->data, &size);

      json_builder_begin_object (builder);
      add_uint (builder, "client", message->client);
      json_builder_set_member_name (builder, message->binary ? "binary" : "text");
      if (message->binary)
        {
          g_autofree char *encoded = g_base64_encode (data, size);

          json_builder_add_string_value (builder, encoded);
        }
      else
        {
          g_autofree char *text = g_strndup (data, size);

          json_builder_add_string_value (builder, text);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  add_uint (builder, "dropped", dropped);
  answer_json (msg, builder);
}

typedef void (*ControlAction) (UplinkReferenceServer *server,
                               SoupServerMessage     *msg,
                               GHashTable            *query);

static const struct
{
  const char *path;
  const char *method;
  ControlAction action;
} controls[] = {
  { "/control/throttle", "POST", control_throttle },
  { "/control/unthrottle", "POST", control_unthrottle },
  { "/control/drop", "POST", control_drop },
  { "/control/abort", "POST", control_abort },
  { "/control/reject", "POST", control_reject },
  { "/control/send", "POST", control_send },
  { "/control/flap", "POST", control_flap },
  { "/control/stats", "GET", control_stats },
  { "/control/received", "GET", control_received },
};

static gboolean
peer_is_loopback (SoupServerMessage *msg)
{
  GSocketAddress *address = soup_server_message_get_remote_address (msg);

  return G_IS_INET_SOCKET_ADDRESS (address) &&
         g_inet_address_get_is_loopback (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address)));
}

/* Comparing digests takes the same time however much of the token a guess
 * gets right. */
static gboolean
presents_token (SoupServerMessage *msg,
                const char        *token)
{
  const char *authorization = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                            "Authorization");
  g_autofree char *given = NULL;
  g_autofree char *expected = NULL;

  if (authorization == NULL || g_ascii_strncasecmp (authorization, "Bearer ", strlen ("Bearer ")) != 0)
    return FALSE;

  given = g_compute_checksum_for_string (G_CHECKSUM_SHA256, authorization + strlen ("Bearer "), -1);
  expected = g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
  return strcmp (given, expected) == 0;
}

static void
on_control (SoupServer        *soup,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           data)
{
  UplinkReferenceServer *server = data;
  const char *token = uplink_reference_server_get_control_token (server);
  const char *method = soup_server_message_get_method (msg);

  if (token != NULL ? !presents_token (msg, token) : !peer_is_loopback (msg))
    {
      answer_text (msg, SOUP_STATUS_FORBIDDEN, "%s",
                   token != NULL ? "Control needs “Authorization: Bearer” and the control token"
                                 : "Control is for loopback peers only");
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (controls); i++)
    {
      if (strcmp (path, controls[i].path) != 0)
        continue;

      if (strcmp (method, controls[i].method) == 0)
        {
          controls[i].action (server, msg, query);
        }
      else
        {
          soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                        "Allow", controls[i].method);
          answer_text (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "%s takes %s only",
                       controls[i].path, controls[i].method);
        }
      return;
    }

  answer_text (msg, SOUP_STATUS_NOT_FOUND, "There is no control at %s", path);
}

static void
on_other_path (SoupServer        *soup,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           data)
{
  answer_text (msg, SOUP_STATUS_NOT_FOUND,
               "Nothing at %s: the WebSocket is at /ws, the controls under /control/", path);
}

void
uplink_reference_server_add_http_handlers (UplinkReferenceServer *self,
                                           SoupServer            *soup)
{
  soup_server_add_handler (soup, "/control", on_control, self, NULL);
  soup_server_add_handler (soup, NULL, on_other_path, NULL, NULL);
}
