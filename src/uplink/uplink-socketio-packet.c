/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "uplink-error.h"
#include "uplink-frame.h"
#include "uplink-socketio-packet.h"

/*
 * The engine.io 4 / socket.io 5 text framing, written by hand because
 * nothing maintained exists in C: a type digit, for messages a second
 * one, an optional namespace and ack id, then JSON. Only what a monitor
 * needs is read; the rest of a packet is left to whoever embeds us.
 */

static gboolean
malformed (GError     **error,
           const char  *what)
{
  g_set_error (error, UPLINK_CONNECTION_ERROR, UPLINK_CONNECTION_ERROR_PROTOCOL,
               _("The server sent a broken socket.io packet (%s)"), what);
  return FALSE;
}

/* "<type>[<attachments>-][/<namespace>,][<ack id>]<payload>" */
static gboolean
parse_socketio (const char            *text,
                gsize                  length,
                UplinkSocketioPacket  *packet,
                GError               **error)
{
  gsize i;

  if (length < 2 || text[1] < '0' || text[1] > '6')
    return malformed (error, "message type");
  packet->socket = text[1] - '0';
  i = 2;

  if (packet->socket == UPLINK_SOCKETIO_BINARY_EVENT || packet->socket == UPLINK_SOCKETIO_BINARY_ACK)
    {
      gsize end = uplink_skip_digits (text, length, i);

      if (end == i || end == length || text[end] != '-')
        return malformed (error, "attachments");
      i = end + 1;
    }

  if (i < length && text[i] == '/')
    {
      const char *comma = memchr (text + i, ',', length - i);
      gsize end = comma != NULL ? (gsize) (comma - text) : length;

      packet->main_namespace = end - i == 1;
      i = comma != NULL ? end + 1 : length;
    }

  i = uplink_skip_digits (text, length, i);
  packet->payload = text + i;
  packet->payload_length = length - i;
  return TRUE;
}

gboolean
uplink_socketio_packet_parse (const char            *text,
                              gsize                  length,
                              UplinkSocketioPacket  *packet,
                              GError               **error)
{
  memset (packet, 0, sizeof *packet);
  packet->socket = UPLINK_SOCKETIO_NONE;
  packet->main_namespace = TRUE;

  if (length == 0 || text[0] < '0' || text[0] > '6')
    return malformed (error, "packet type");
  if (!g_utf8_validate_len (text, length, NULL))
    return malformed (error, "not UTF-8");

  packet->engine = text[0] - '0';
  if (packet->engine == UPLINK_ENGINEIO_MESSAGE)
    return parse_socketio (text, length, packet, error);

  packet->payload = text + 1;
  packet->payload_length = length - 1;
  return TRUE;
}

static JsonParser *
parse_payload (const UplinkSocketioPacket  *packet,
               GError                     **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonParser *parser;

  if (packet->payload_length == 0 || packet->payload[0] != '{')
    {
      malformed (error, "no JSON object");
      return NULL;
    }

  parser = uplink_json_parse_object (packet->payload, packet->payload_length, &local_error);
  if (parser == NULL)
    malformed (error, local_error->message);
  return parser;
}

static gboolean
read_milliseconds (JsonObject *object,
                   const char *name,
                   guint      *value)
{
  JsonNode *node = json_object_get_member (object, name);
  gint64 ms;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;

  ms = json_node_get_int (node);
  if (ms <= 0 || ms > UPLINK_SOCKETIO_MAX_PING_MS)
    return FALSE;
  if (value != NULL)
    *value = (guint) ms;
  return TRUE;
}

/* The open packet: 0{"sid":"…","pingInterval":25000,"pingTimeout":20000,…} */
gboolean
uplink_socketio_read_open (const UplinkSocketioPacket  *packet,
                           guint                       *ping_interval_ms,
                           guint                       *ping_timeout_ms,
                           GError                     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *object;
  JsonNode *sid;

  g_assert (packet->engine == UPLINK_ENGINEIO_OPEN);

  parser = parse_payload (packet, error);
  if (parser == NULL)
    return FALSE;

  object = json_node_get_object (json_parser_get_root (parser));
  sid = json_object_get_member (object, "sid");
  if (sid == NULL || json_node_get_value_type (sid) != G_TYPE_STRING)
    return malformed (error, "open without sid");
  if (!read_milliseconds (object, "pingInterval", ping_interval_ms) ||
      !read_milliseconds (object, "pingTimeout", ping_timeout_ms))
    return malformed (error, "open without ping times");
  return TRUE;
}

/* The "message" of a connect_error packet, 44{"message":"…"}; NULL when
 * there is none. */
char *
uplink_socketio_read_message (const UplinkSocketioPacket *packet)
{
  g_autoptr(JsonParser) parser = parse_payload (packet, NULL);
  JsonNode *message;

  if (parser == NULL)
    return NULL;

  message = json_object_get_member (json_node_get_object (json_parser_get_root (parser)), "message");
  if (message == NULL || json_node_get_value_type (message) != G_TYPE_STRING)
    return NULL;
  return g_strdup (json_node_get_string (message));
}

/* 40, or 40{"token":"…"} with a password. */
char *
uplink_socketio_build_connect (const char *token)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;

  if (token == NULL)
    return g_strdup ("40");

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "token");
  json_builder_add_string_value (builder, token);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  generator = json_generator_new ();
  json_generator_set_root (generator, root);
  json = json_generator_to_data (generator, NULL);
  return g_strconcat ("40", json, NULL);
}
