/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* engine.io 4 packet types, the first character of every frame. */
typedef enum {
  UPLINK_ENGINEIO_OPEN,
  UPLINK_ENGINEIO_CLOSE,
  UPLINK_ENGINEIO_PING,
  UPLINK_ENGINEIO_PONG,
  UPLINK_ENGINEIO_MESSAGE,
  UPLINK_ENGINEIO_UPGRADE,
  UPLINK_ENGINEIO_NOOP,
} UplinkEngineioType;

/* socket.io 5 packet types, the second character of an engine.io
 * message. */
typedef enum {
  UPLINK_SOCKETIO_NONE = -1,
  UPLINK_SOCKETIO_CONNECT,
  UPLINK_SOCKETIO_DISCONNECT,
  UPLINK_SOCKETIO_EVENT,
  UPLINK_SOCKETIO_ACK,
  UPLINK_SOCKETIO_CONNECT_ERROR,
  UPLINK_SOCKETIO_BINARY_EVENT,
  UPLINK_SOCKETIO_BINARY_ACK,
} UplinkSocketioType;

/* The longest ping interval or timeout a server may announce, in ms. */
#define UPLINK_SOCKETIO_MAX_PING_MS (10 * 60 * 1000)

typedef struct
{
  UplinkEngineioType engine;
  UplinkSocketioType socket;
  /* FALSE for a packet to a namespace other than "/". */
  gboolean main_namespace;
  /* Points into the parsed text; not nul-terminated. */
  const char *payload;
  gsize payload_length;
} UplinkSocketioPacket;

gboolean  uplink_socketio_packet_parse  (const char            *text,
                                         gsize                  length,
                                         UplinkSocketioPacket  *packet,
                                         GError               **error);
gboolean  uplink_socketio_read_open     (const UplinkSocketioPacket *packet,
                                         guint                 *ping_interval_ms,
                                         guint                 *ping_timeout_ms,
                                         GError               **error);
char     *uplink_socketio_read_message  (const UplinkSocketioPacket *packet);
char     *uplink_socketio_build_connect (const char            *token);

G_END_DECLS
