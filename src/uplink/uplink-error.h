/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#if !defined(UPLINK_INSIDE) && !defined(UPLINK_COMPILATION)
#error "Only <uplink.h> can be included directly."
#endif

#include <glib.h>

#include "uplink-version.h"

G_BEGIN_DECLS

/**
 * UPLINK_CONNECTION_ERROR:
 *
 * The error domain of the failures a [class@Connection] reports.
 *
 * Errors in this domain are from the [error@ConnectionError] enumeration.
 *
 * Since: 1.0
 */
#define UPLINK_CONNECTION_ERROR (uplink_connection_error_quark ())

/**
 * UplinkConnectionError:
 * @UPLINK_CONNECTION_ERROR_INVALID_URL: the URL cannot be parsed or is not
 *   `ws://` or `wss://`; no retry follows
 * @UPLINK_CONNECTION_ERROR_UNREACHABLE: the host name did not resolve, the
 *   connection was refused, the host was unreachable, or an open connection
 *   was lost without a close frame
 * @UPLINK_CONNECTION_ERROR_TIMEOUT: the server did not answer the handshake
 *   within [property@Connection:connect-timeout]
 * @UPLINK_CONNECTION_ERROR_TLS: the server's certificate is not trusted
 * @UPLINK_CONNECTION_ERROR_AUTH: the server answered 401 or 403; no retry
 *   follows until [method@Connection.reconnect_now] or new request headers
 * @UPLINK_CONNECTION_ERROR_RATE_LIMITED: the server answered 429 or 503, or
 *   closed with 1013; the next attempt waits for its `Retry-After`, but
 *   never more than 24 hours, however long a wait the server names
 * @UPLINK_CONNECTION_ERROR_REJECTED: the server refused the handshake with
 *   another HTTP status (a redirect among them: it is never followed), or
 *   closed the connection with an error code
 * @UPLINK_CONNECTION_ERROR_PROTOCOL: the server broke the WebSocket protocol,
 *   closed with 1002, 1003, 1007, 1008 or 1009, or sent a message, whole or
 *   in fragments, larger than [property@Connection:max-incoming-payload]
 * @UPLINK_CONNECTION_ERROR_DEAD_PEER: the server sent nothing for
 *   [property@Connection:keepalive-interval], then left a ping unanswered
 *   for [property@Connection:pong-timeout] while the client was awake to
 *   hear it
 * @UPLINK_CONNECTION_ERROR_OFFLINE: the network is not available; retries
 *   wait until it is
 * @UPLINK_CONNECTION_ERROR_QUEUE_FULL: a message waiting for the connection
 *   was dropped because [property@Connection:send-queue-limit] newer ones
 *   were waiting
 * @UPLINK_CONNECTION_ERROR_EXPIRED: a message waited for the connection
 *   longer than [property@Connection:send-queue-max-age]
 * @UPLINK_CONNECTION_ERROR_MAYBE_LOST: the connection was lost after a
 *   message was written, before the server confirmed it: it may or may not
 *   have arrived, and is not sent again
 *
 * The failures of a [class@Connection], reported through
 * [signal@Connection::connection-error] and
 * [property@Connection:last-error].
 *
 * Since: 1.0
 */
typedef enum {
  UPLINK_CONNECTION_ERROR_INVALID_URL,
  UPLINK_CONNECTION_ERROR_UNREACHABLE,
  UPLINK_CONNECTION_ERROR_TIMEOUT,
  UPLINK_CONNECTION_ERROR_TLS,
  UPLINK_CONNECTION_ERROR_AUTH,
  UPLINK_CONNECTION_ERROR_RATE_LIMITED,
  UPLINK_CONNECTION_ERROR_REJECTED,
  UPLINK_CONNECTION_ERROR_PROTOCOL,
  UPLINK_CONNECTION_ERROR_DEAD_PEER,
  UPLINK_CONNECTION_ERROR_OFFLINE,
  UPLINK_CONNECTION_ERROR_QUEUE_FULL,
  UPLINK_CONNECTION_ERROR_EXPIRED,
  UPLINK_CONNECTION_ERROR_MAYBE_LOST,
} UplinkConnectionError;

UPLINK_AVAILABLE_IN_ALL
GQuark uplink_connection_error_quark (void);

G_END_DECLS
