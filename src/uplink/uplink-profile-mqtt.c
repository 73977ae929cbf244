/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "uplink-connection-private.h"
#include "uplink-error.h"
#include "uplink-mqtt-packet.h"

/*
 * MQTT 3.1.1 over WebSocket (binary frames): CONNECT with a random client
 * id and the keepalive interval, connected on CONNACK 0; PINGREQ and
 * PINGRESP keep watch; DISCONNECT when the client stops. A monitor
 * subscribes to nothing.
 */

/* "uplink-" and 16 hex digits: 23 characters, the most every broker must
 * accept (MQTT 3.1.1, 3.1.3.1). */
static char *
random_client_id (void)
{
  return g_strdup_printf ("uplink-%08x%08x", g_random_int (), g_random_int ());
}

static void
send_packet (UplinkProfileSession *session,
             GBytes               *packet)
{
  soup_websocket_connection_send_message (session->connection->socket,
                                          SOUP_WEBSOCKET_DATA_BINARY, packet);
}

static void
mqtt_open (UplinkProfileSession *session)
{
  UplinkConnection *connection = session->connection;
  g_autofree char *client_id = random_client_id ();
  g_autoptr(GBytes) connect = NULL;

  connect = uplink_mqtt_build_connect (client_id, connection->keepalive_interval,
                                       connection->username, connection->password);
  send_packet (session, connect);
}

static void
handle_connack (UplinkConnection *connection,
                guint             code)
{
  g_autofree char *message = NULL;

  if (code == 0)
    {
      uplink_connection_session_up (connection);
      return;
    }

  if (code == UPLINK_MQTT_BAD_CREDENTIALS || code == UPLINK_MQTT_NOT_AUTHORIZED)
    {
      message = g_strdup_printf (_("The broker refused the credentials (CONNACK %u)"), code);
      uplink_connection_fail (connection, UPLINK_CONNECTION_ERROR_AUTH, message);
      return;
    }

  message = g_strdup_printf (_("The broker refused the connection (CONNACK %u)"), code);
  uplink_connection_fail (connection, UPLINK_CONNECTION_ERROR_REJECTED, message);
}

/* One WebSocket message may hold several packets; any packet but CONNACK
 * only proves the broker alive, which the connection already noted. */
static void
mqtt_binary (UplinkProfileSession *session,
             const guint8         *data,
             gsize                 length)
{
  UplinkConnection *connection = session->connection;
  gsize offset = 0;

  while (offset < length)
    {
      UplinkMqttPacket packet;
      g_autoptr(GError) error = NULL;
      guint code;

      if (!uplink_mqtt_packet_next (data, length, &offset, &packet, &error) ||
          (packet.type == UPLINK_MQTT_CONNACK && !uplink_mqtt_read_connack (&packet, &code, &error)))
        {
          uplink_connection_fail (connection, error->code, error->message);
          return;
        }

      if (packet.type == UPLINK_MQTT_CONNACK)
        {
          handle_connack (connection, code);
          return;
        }
    }
}

static void
mqtt_text (UplinkProfileSession *session,
           const char           *text,
           gsize                 length)
{
  uplink_connection_ignore_frame (session->connection, "a text frame from an MQTT broker");
}

static void
mqtt_keepalive (UplinkProfileSession *session)
{
  g_autoptr(GBytes) ping = uplink_mqtt_build_empty (UPLINK_MQTT_PINGREQ);

  send_packet (session, ping);
}

static void
mqtt_stop (UplinkProfileSession *session)
{
  g_autoptr(GBytes) disconnect = uplink_mqtt_build_empty (UPLINK_MQTT_DISCONNECT);

  send_packet (session, disconnect);
}

const UplinkProfileClass uplink_profile_mqtt_class = {
  .profile = UPLINK_PROFILE_MQTT,
  .subprotocol = "mqtt",
  .session_size = sizeof (UplinkProfileSession),
  .open = mqtt_open,
  .text = mqtt_text,
  .binary = mqtt_binary,
  .keepalive = mqtt_keepalive,
  .stop = mqtt_stop,
};
