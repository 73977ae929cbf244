/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* MQTT 3.1.1 control packet types, the high nibble of the first byte. */
typedef enum {
  UPLINK_MQTT_CONNECT = 1,
  UPLINK_MQTT_CONNACK = 2,
  UPLINK_MQTT_PINGREQ = 12,
  UPLINK_MQTT_PINGRESP = 13,
  UPLINK_MQTT_DISCONNECT = 14,
} UplinkMqttType;

/* CONNACK return codes that refuse the credentials. */
#define UPLINK_MQTT_BAD_CREDENTIALS 4
#define UPLINK_MQTT_NOT_AUTHORIZED 5

typedef struct
{
  guint type;
  guint flags;
  /* Points into the parsed data. */
  const guint8 *body;
  gsize body_length;
} UplinkMqttPacket;

gboolean  uplink_mqtt_packet_next     (const guint8      *data,
                                       gsize              length,
                                       gsize             *offset,
                                       UplinkMqttPacket  *packet,
                                       GError           **error);
gboolean  uplink_mqtt_read_connack    (const UplinkMqttPacket *packet,
                                       guint             *return_code,
                                       GError           **error);
GBytes   *uplink_mqtt_build_connect   (const char        *client_id,
                                       guint              keepalive,
                                       const char        *username,
                                       const char        *password);
GBytes   *uplink_mqtt_build_empty     (UplinkMqttType     type);

G_END_DECLS
