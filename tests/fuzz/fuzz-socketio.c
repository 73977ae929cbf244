/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A libFuzzer target for the socket.io / engine.io packet reader: every
 * text frame of a socket.io server goes through it. No input may crash
 * it, leak, read past the frame or hand back a payload outside it; what
 * it reads must be in range, and a connect packet the client writes must
 * read back as one. */
#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "uplink-error.h"
#include "uplink-socketio-packet.h"

FUZZ_DEFINE_INITIALIZE ()

static void
check_open (const UplinkSocketioPacket *packet)
{
  g_autoptr(GError) error = NULL;
  guint interval = 0, timeout = 0;

  if (uplink_socketio_read_open (packet, &interval, &timeout, &error))
    {
      g_assert_cmpuint (interval, >, 0);
      g_assert_cmpuint (interval, <=, UPLINK_SOCKETIO_MAX_PING_MS);
      g_assert_cmpuint (timeout, >, 0);
      g_assert_cmpuint (timeout, <=, UPLINK_SOCKETIO_MAX_PING_MS);
    }
  else
    fuzz_check_protocol_error (error);
}

/* The token goes out in the client's connect packet: whatever it holds,
 * the packet reads back as a connect to the main namespace. */
static void
check_connect (const char *text,
               size_t      size)
{
  g_autofree char *token = g_strndup (text, size);
  g_autofree char *connect = NULL;
  UplinkSocketioPacket packet;

  if (!g_utf8_validate (token, -1, NULL))
    return;

  connect = uplink_socketio_build_connect (token);
  g_assert_true (uplink_socketio_packet_parse (connect, strlen (connect), &packet, NULL));
  g_assert_cmpint (packet.engine, ==, UPLINK_ENGINEIO_MESSAGE);
  g_assert_cmpint (packet.socket, ==, UPLINK_SOCKETIO_CONNECT);
  g_assert_true (packet.main_namespace);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *text = data != NULL ? (const char *) data : "";
  g_autoptr(GError) error = NULL;
  UplinkSocketioPacket packet;

  if (!uplink_socketio_packet_parse (text, size, &packet, &error))
    {
      fuzz_check_protocol_error (error);
      check_connect (text, size);
      return 0;
    }

  g_assert_cmpint (packet.engine, >=, UPLINK_ENGINEIO_OPEN);
  g_assert_cmpint (packet.engine, <=, UPLINK_ENGINEIO_NOOP);
  g_assert_cmpint (packet.socket, >=, UPLINK_SOCKETIO_NONE);
  g_assert_cmpint (packet.socket, <=, UPLINK_SOCKETIO_BINARY_ACK);
  g_assert_true (packet.engine == UPLINK_ENGINEIO_MESSAGE || packet.socket == UPLINK_SOCKETIO_NONE);
  g_assert_true (packet.payload >= text && packet.payload + packet.payload_length == text + size);

  if (packet.engine == UPLINK_ENGINEIO_OPEN)
    check_open (&packet);
  if (packet.socket == UPLINK_SOCKETIO_CONNECT_ERROR)
    {
      g_autofree char *message = uplink_socketio_read_message (&packet);

      g_assert_true (message == NULL || g_utf8_validate (message, -1, NULL));
    }

  check_connect (text, size);
  return 0;
}
