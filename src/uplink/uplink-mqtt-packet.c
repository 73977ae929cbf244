/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "uplink-error.h"
#include "uplink-mqtt-packet.h"

/*
 * The few MQTT 3.1.1 packets a monitor sends and reads (CONNECT, CONNACK,
 * PINGREQ, PINGRESP, DISCONNECT), written by hand: the framing is a byte
 * of type and flags, a variable-length "remaining length", then the body.
 * Whatever else the broker sends is skipped whole.
 */

/* The remaining length takes at most four bytes (MQTT 3.1.1, 2.2.3). */
#define MAX_LENGTH_BYTES 4

static gboolean
malformed (GError     **error,
           const char  *what)
{
  g_set_error (error, UPLINK_CONNECTION_ERROR, UPLINK_CONNECTION_ERROR_PROTOCOL,
               _("The broker sent a broken MQTT packet (%s)"), what);
  return FALSE;
}

/*
 * Reads the packet at *@offset in @data and moves *@offset past it.
 * A packet must lie whole in one WebSocket message, as the brokers send
 * them; one cut short is an error.
 */
gboolean
uplink_mqtt_packet_next (const guint8      *data,
                         gsize              length,
                         gsize             *offset,
                         UplinkMqttPacket  *packet,
                         GError           **error)
{
  gsize i = *offset;
  gsize remaining = 0;
  guint shift = 0;

  g_assert (i < length);

  packet->type = data[i] >> 4;
  packet->flags = data[i] & 0x0f;
  if (packet->type == 0 || packet->type == 15)
    return malformed (error, "reserved type");
  i++;

  for (guint n = 0;; n++)
    {
      if (n == MAX_LENGTH_BYTES)
        return malformed (error, "remaining length too long");
      if (i == length)
        return malformed (error, "cut short");
      remaining |= (gsize) (data[i] & 0x7f) << shift;
      shift += 7;
      if ((data[i++] & 0x80) == 0)
        break;
    }

  if (remaining > length - i)
    return malformed (error, "cut short");

  packet->body = data + i;
  packet->body_length = remaining;
  *offset = i + remaining;
  return TRUE;
}

gboolean
uplink_mqtt_read_connack (const UplinkMqttPacket  *packet,
                          guint                   *return_code,
                          GError                 **error)
{
  g_assert (packet->type == UPLINK_MQTT_CONNACK);

  if (packet->body_length != 2)
    return malformed (error, "CONNACK length");
  *return_code = packet->body[1];
  return TRUE;
}

static void
append_length (GByteArray *bytes,
               gsize       length)
{
  do
    {
      guint8 byte = length & 0x7f;

      length >>= 7;
      if (length > 0)
        byte |= 0x80;
      g_byte_array_append (bytes, &byte, 1);
    }
  while (length > 0);
}

static void
append_u16 (GByteArray *bytes,
            guint       value)
{
  guint8 pair[2] = { (value >> 8) & 0xff, value & 0xff };

  g_byte_array_append (bytes, pair, 2);
}

/* Strings and passwords longer than 64 KiB cannot be said in MQTT: they
 * are cut, and the broker will refuse them. */
static void
append_string (GByteArray *bytes,
               const char *string)
{
  gsize length = MIN (strlen (string), G_MAXUINT16);

  append_u16 (bytes, (guint) length);
  g_byte_array_append (bytes, (const guint8 *) string, (guint) length);
}

static GBytes *
finish_packet (UplinkMqttType  type,
               GByteArray     *body)
{
  g_autoptr(GByteArray) packet = g_byte_array_new ();
  guint8 first = type << 4;

  g_byte_array_append (packet, &first, 1);
  append_length (packet, body->len);
  g_byte_array_append (packet, body->data, body->len);
  return g_byte_array_free_to_bytes (g_steal_pointer (&packet));
}

/* A clean session: a monitor subscribes to nothing and wants nothing
 * kept for it. A password needs a user name (MQTT 3.1.1, 3.1.2.9): an
 * empty one is sent when only a password is set. */
GBytes *
uplink_mqtt_build_connect (const char *client_id,
                           guint       keepalive,
                           const char *username,
                           const char *password)
{
  static const guint8 protocol[] = { 0, 4, 'M', 'Q', 'T', 'T', 4 };
  g_autoptr(GByteArray) body = g_byte_array_new ();
  guint8 flags = 0x02;

  if (password != NULL && username == NULL)
    username = "";
  if (username != NULL)
    flags |= 0x80;
  if (password != NULL)
    flags |= 0x40;

  g_byte_array_append (body, protocol, sizeof protocol);
  g_byte_array_append (body, &flags, 1);
  append_u16 (body, MIN (keepalive, G_MAXUINT16));
  append_string (body, client_id);
  if (username != NULL)
    append_string (body, username);
  if (password != NULL)
    append_string (body, password);
  return finish_packet (UPLINK_MQTT_CONNECT, body);
}

GBytes *
uplink_mqtt_build_empty (UplinkMqttType type)
{
  g_autoptr(GByteArray) body = g_byte_array_new ();

  return finish_packet (type, body);
}
