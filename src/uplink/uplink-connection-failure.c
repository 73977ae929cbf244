/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "uplink-connection-private.h"
#include "uplink-error.h"

/* libsoup 3.2 names neither of these. */
#define STATUS_TOO_MANY_REQUESTS 429
#define CLOSE_TRY_AGAIN_LATER 1013

/* Nothing a server says can make a client wait longer than this: a day,
 * whether the server names more seconds than that, more than fit in 64
 * bits, or a date further away. */
#define MAX_RETRY_AFTER_US (G_USEC_PER_SEC * (gint64) 24 * 60 * 60)

static gboolean
is_all_digits (const char *text)
{
  if (*text == '\0')
    return FALSE;
  for (; *text != '\0'; text++)
    if (!g_ascii_isdigit (*text))
      return FALSE;
  return TRUE;
}

/*
 * Turns a Retry-After header, delta-seconds or an HTTP date, into a wait
 * in microseconds from @now; -1 when the value is neither.
 */
gint64
uplink_parse_retry_after (const char *value,
                          GDateTime  *now)
{
  g_autoptr(GDateTime) date = NULL;
  g_autofree char *stripped = NULL;
  guint64 seconds;
  gint64 wait_us;

  if (value == NULL)
    return -1;

  stripped = g_strstrip (g_strdup (value));
  if (is_all_digits (stripped))
    {
      /* Too many digits to parse is too long a wait. */
      if (!g_ascii_string_to_unsigned (stripped, 10, 0, G_MAXUINT64, &seconds, NULL))
        return MAX_RETRY_AFTER_US;
      return MIN (seconds, (guint64) (MAX_RETRY_AFTER_US / G_USEC_PER_SEC)) * G_USEC_PER_SEC;
    }

  date = soup_date_time_new_from_http_string (stripped);
  if (date == NULL)
    return -1;

  wait_us = g_date_time_difference (date, now);
  return CLAMP (wait_us, 0, MAX_RETRY_AFTER_US);
}

static const char *
location_of (UplinkHandshake *handshake)
{
  const char *location = soup_message_headers_get_one (uplink_handshake_get_response_headers (handshake),
                                                       "Location");

  return location != NULL ? location : _("an unnamed address");
}

static GError *
failure_from_status (UplinkHandshake *handshake,
                     gint64          *retry_after_us)
{
  guint status = uplink_handshake_get_status (handshake);
  const char *phrase = uplink_handshake_get_reason_phrase (handshake);
  SoupMessageHeaders *headers;
  g_autoptr(GDateTime) now = NULL;

  switch (status)
    {
    case SOUP_STATUS_UNAUTHORIZED:
    case SOUP_STATUS_FORBIDDEN:
      return g_error_new (UPLINK_CONNECTION_ERROR, UPLINK_CONNECTION_ERROR_AUTH,
                          _("The server refused the credentials (HTTP %u)"), status);

    case STATUS_TOO_MANY_REQUESTS:
    case SOUP_STATUS_SERVICE_UNAVAILABLE:
      headers = uplink_handshake_get_response_headers (handshake);
      now = g_date_time_new_now_utc ();
      *retry_after_us = uplink_parse_retry_after (soup_message_headers_get_one (headers, "Retry-After"),
                                                  now);
      return g_error_new (UPLINK_CONNECTION_ERROR, UPLINK_CONNECTION_ERROR_RATE_LIMITED,
                          _("The server is busy and asked to wait (HTTP %u)"), status);

    default:
      /* The caller redacts the Location, as all the server's text. */
      if (SOUP_STATUS_IS_REDIRECTION (status))
        return g_error_new (UPLINK_CONNECTION_ERROR, UPLINK_CONNECTION_ERROR_REJECTED,
                            _("The server redirected to %s, which Uplink does not follow (HTTP %u)"),
                            location_of (handshake), status);
      return g_error_new (UPLINK_CONNECTION_ERROR, UPLINK_CONNECTION_ERROR_REJECTED,
                          _("The server refused the connection (HTTP %u %s)"),
                          status, phrase != NULL ? phrase : "");
    }
}

/*
 * Classifies a failed handshake. A refusal arrives as "not a WebSocket"
 * while the handshake keeps the HTTP status, so the status is read first;
 * transport errors come next.
 */
GError *
uplink_failure_from_handshake (UplinkHandshake *handshake,
                               const GError    *soup_error,
                               gint64          *retry_after_us)
{
  guint status = handshake != NULL ? uplink_handshake_get_status (handshake) : 0;

  *retry_after_us = -1;

  if (status != 0 && status != SOUP_STATUS_SWITCHING_PROTOCOLS && !SOUP_STATUS_IS_SUCCESSFUL (status))
    return failure_from_status (handshake, retry_after_us);

  if (soup_error->domain == SOUP_WEBSOCKET_ERROR)
    return g_error_new (UPLINK_CONNECTION_ERROR, UPLINK_CONNECTION_ERROR_PROTOCOL,
                        _("The server did not complete the WebSocket handshake: %s"),
                        soup_error->message);

  if (soup_error->domain == G_TLS_ERROR)
    return g_error_new (UPLINK_CONNECTION_ERROR, UPLINK_CONNECTION_ERROR_TLS,
                        _("The server’s certificate is not trusted: %s"), soup_error->message);

  if (g_error_matches (soup_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new (UPLINK_CONNECTION_ERROR, UPLINK_CONNECTION_ERROR_TIMEOUT,
                        _("The server did not answer in time"));

  /* GIO's own sentence already says "Could not connect to HOST: …", and
   * names the host (which may be a proxy): a prefix would say it twice. */
  if (g_error_matches (soup_error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) ||
      g_error_matches (soup_error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE) ||
      g_error_matches (soup_error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE))
    return g_error_new_literal (UPLINK_CONNECTION_ERROR, UPLINK_CONNECTION_ERROR_UNREACHABLE,
                                soup_error->message);
  if (soup_error->domain == G_RESOLVER_ERROR)
    return g_error_new_literal (UPLINK_CONNECTION_ERROR, UPLINK_CONNECTION_ERROR_UNREACHABLE,
                                _("The server’s name could not be found"));

  return g_error_new (UPLINK_CONNECTION_ERROR, UPLINK_CONNECTION_ERROR_UNREACHABLE,
                      _("Could not reach the server: %s"), soup_error->message);
}

static GError *
failure_from_close_code (gushort     code,
                         const char *reason)
{
  switch (code)
    {
    case SOUP_WEBSOCKET_CLOSE_NORMAL:
    case SOUP_WEBSOCKET_CLOSE_GOING_AWAY:
      return NULL;

    case 0:
    case SOUP_WEBSOCKET_CLOSE_NO_STATUS:
    case SOUP_WEBSOCKET_CLOSE_ABNORMAL:
      return g_error_new (UPLINK_CONNECTION_ERROR, UPLINK_CONNECTION_ERROR_UNREACHABLE,
                          _("The connection to the server was lost"));

    case CLOSE_TRY_AGAIN_LATER:
      return g_error_new (UPLINK_CONNECTION_ERROR, UPLINK_CONNECTION_ERROR_RATE_LIMITED,
                          _("The server is busy and asked to try again later (code %u)"), code);

    case SOUP_WEBSOCKET_CLOSE_PROTOCOL_ERROR:
    case SOUP_WEBSOCKET_CLOSE_UNSUPPORTED_DATA:
    case SOUP_WEBSOCKET_CLOSE_BAD_DATA:
    case SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION:
    case SOUP_WEBSOCKET_CLOSE_TOO_BIG:
      return g_error_new (UPLINK_CONNECTION_ERROR, UPLINK_CONNECTION_ERROR_PROTOCOL,
                          _("The server closed the connection over a protocol error (code %u)"),
                          code);

    default:
      if (reason != NULL && *reason != '\0')
        return g_error_new (UPLINK_CONNECTION_ERROR, UPLINK_CONNECTION_ERROR_REJECTED,
                            _("The server closed the connection: %s (code %u)"), reason, code);
      return g_error_new (UPLINK_CONNECTION_ERROR, UPLINK_CONNECTION_ERROR_REJECTED,
                          _("The server closed the connection (code %u)"), code);
    }
}

/*
 * Classifies the end of an open connection; NULL for a clean close.
 * The server's close code decides; libsoup 3.2 also raises a protocol
 * error for codes it does not know (1013 among them), so its error only
 * speaks when no close code came: a frame too big, bad UTF-8.
 */
GError *
uplink_failure_from_close (gushort       code,
                           const char   *reason,
                           const GError *socket_error)
{
  gboolean no_code = code == 0 || code == SOUP_WEBSOCKET_CLOSE_NO_STATUS ||
                     code == SOUP_WEBSOCKET_CLOSE_ABNORMAL;

  /* libsoup 3.6 and later give up on a missing pong themselves. */
  if (no_code && g_error_matches (socket_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new (UPLINK_CONNECTION_ERROR, UPLINK_CONNECTION_ERROR_DEAD_PEER,
                        _("The server stopped answering pings"));

  if (no_code && socket_error != NULL && socket_error->domain == SOUP_WEBSOCKET_ERROR)
    return g_error_new (UPLINK_CONNECTION_ERROR, UPLINK_CONNECTION_ERROR_PROTOCOL,
                        _("The server broke the WebSocket protocol: %s"), socket_error->message);

  return failure_from_close_code (code, reason);
}
