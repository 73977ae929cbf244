/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A libFuzzer target for the MQTT 3.1.1 packet reader: every binary frame
 * of a broker goes through it. No input may crash it, leak, loop, or
 * hand back a packet outside the frame; a CONNECT the client writes from
 * any user name and password must read back whole. */
#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "uplink-error.h"
#include "uplink-mqtt-packet.h"

FUZZ_DEFINE_INITIALIZE ()

static void
read_all (const guint8 *data,
          gsize         length)
{
  gsize offset = 0;

  while (offset < length)
    {
      g_autoptr(GError) error = NULL;
      UplinkMqttPacket packet;
      gsize before = offset;
      guint code;

      if (!uplink_mqtt_packet_next (data, length, &offset, &packet, &error))
        {
          fuzz_check_protocol_error (error);
          g_assert_cmpuint (offset, ==, before);
          return;
        }

      g_assert_cmpuint (offset, >, before);
      g_assert_cmpuint (offset, <=, length);
      g_assert_cmpuint (packet.type, >=, 1);
      g_assert_cmpuint (packet.type, <=, 14);
      g_assert_true (packet.body > data + before && packet.body + packet.body_length == data + offset);

      if (packet.type == UPLINK_MQTT_CONNACK && !uplink_mqtt_read_connack (&packet, &code, &error))
        fuzz_check_protocol_error (error);
    }
}

/* The input split at its first nul: a user name, then a password. */
static void
check_connect (const char *text,
               size_t      size)
{
  g_autofree char *username = g_strndup (text, size);
  const char *password = size > strlen (username) ? text + strlen (username) + 1 : NULL;
  g_autofree char *password_copy = password != NULL ? g_strndup (password, size - strlen (username) - 1) : NULL;
  g_autoptr(GBytes) connect = uplink_mqtt_build_connect ("uplink-0123456789abcdef", 10,
                                                         username, password_copy);
  gsize length, offset = 0;
  const guint8 *bytes = g_bytes_get_data (connect, &length);
  UplinkMqttPacket packet;

  g_assert_true (uplink_mqtt_packet_next (bytes, length, &offset, &packet, NULL));
  g_assert_cmpuint (packet.type, ==, UPLINK_MQTT_CONNECT);
  g_assert_cmpuint (offset, ==, length);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  read_all (data, size);
  check_connect ((const char *) data, size);
  return 0;
}
