/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "uplink-connection.h"
#include "uplink-connection-private.h"
#include "uplink-connection-properties-private.h"
#include "uplink-defaults-private.h"
#include "uplink-dispatch-private.h"
#include "uplink-enums.h"
#include "uplink-error.h"
#include "uplink-frame.h"
#include "uplink-history.h"
#include "uplink-i18n-private.h"
#include "uplink-redact.h"
#include "uplink-resume-monitor.h"
#include "uplink-send-queue-private.h"
#include "uplink-set-str.h"

#define CLOSE_GOING_AWAY_REASON "client stopping"

/*
 * An attempt and its socket: the URL, the handshake, adopting the socket
 * it gives, and the frames read from it until the socket is closed.
 */

static void
close_socket (UplinkConnection *self)
{
  SoupWebsocketConnection *socket;
  gboolean closing = self->socket_closing;

  self->socket_closing = FALSE;
  /* The profile says goodbye first, if its protocol has a way to. */
  uplink_connection_close_profile (self);
  socket = g_steal_pointer (&self->socket);
  if (socket == NULL)
    return;

  if (self->send_queue != NULL)
    uplink_send_queue_socket_lost (self->send_queue, soup_websocket_connection_get_close_code (socket));
  g_signal_handlers_disconnect_by_data (socket, self);
  /* libsoup finishes the closing handshake on its own; the reference goes
   * when it is done. A socket already closing may be in the middle of a
   * read that told us so: it must outlive it. */
  if (soup_websocket_connection_get_state (socket) == SOUP_WEBSOCKET_STATE_CLOSED)
    {
      g_object_unref (socket);
      return;
    }

  g_signal_connect (socket, "closed", G_CALLBACK (g_object_unref), NULL);
  if (soup_websocket_connection_get_state (socket) == SOUP_WEBSOCKET_STATE_OPEN && !closing)
    soup_websocket_connection_close (socket, SOUP_WEBSOCKET_CLOSE_NORMAL, CLOSE_GOING_AWAY_REASON);
}

/* Ends whatever the current attempt or connection is doing, quietly. */
void
uplink_connection_teardown (UplinkConnection *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->handshake);
  g_clear_error (&self->socket_error);
  close_socket (self);
  uplink_connection_unbound_incoming (self);

  g_clear_handle_id (&self->connect_timeout_source, g_source_remove);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  g_clear_handle_id (&self->throttle_source, g_source_remove);
  g_clear_handle_id (&self->pending_throttle_source, g_source_remove);
  g_clear_pointer (&self->pending_throttle, uplink_frame_unref);
  g_clear_handle_id (&self->liveness_source, g_source_remove);
  g_clear_handle_id (&self->ping_source, g_source_remove);

  uplink_connection_set_next_retry (self, 0);
  uplink_connection_set_latency (self, -1);
  uplink_connection_set_negotiated_protocol (self, NULL);
}

static gboolean
on_throttle_expired (gpointer user_data)
{
  g_autoptr(UplinkConnection) self = g_object_ref (user_data);

  self->throttle_source = 0;
  uplink_connection_set_state (self, UPLINK_STATE_CONNECTED);
  return G_SOURCE_REMOVE;
}

static void
apply_throttle (UplinkConnection *self,
                UplinkFrame      *frame)
{
  double retry_after = uplink_frame_get_retry_after (frame);
  g_autofree char *reason = uplink_connection_redact_server_text (self, uplink_frame_get_reason (frame));

  g_clear_handle_id (&self->throttle_source, g_source_remove);
  if (retry_after >= 0)
    self->throttle_source = g_timeout_add ((guint) (retry_after * 1000), on_throttle_expired, self);

  uplink_connection_set_throttled_features (self, uplink_frame_get_features (frame), reason);
  uplink_connection_set_throttled_until (self, retry_after >= 0
                                         ? g_get_real_time () + (gint64) (retry_after * G_USEC_PER_SEC) : 0);
  uplink_connection_set_state (self, UPLINK_STATE_FEATURE_THROTTLED);
}

static gboolean
on_throttle_frames_read (gpointer user_data)
{
  g_autoptr(UplinkConnection) self = g_object_ref (user_data);
  g_autoptr(UplinkFrame) frame = g_steal_pointer (&self->pending_throttle);

  self->pending_throttle_source = 0;
  if (uplink_frame_get_kind (frame) == UPLINK_FRAME_KIND_THROTTLE)
    apply_throttle (self, frame);
  else
    uplink_connection_set_state (self, UPLINK_STATE_CONNECTED);
  return G_SOURCE_REMOVE;
}

/*
 * A flood of throttles and unthrottles ends in its last word: the frames
 * are applied together once the loop has nothing more urgent to do, the
 * server's waiting bytes included (the socket reads a ration per main-loop
 * iteration), so observers hear of the final state, not of every step.
 */
static void
defer_throttle_frame (UplinkConnection *self,
                      UplinkFrame      *frame)
{
  g_clear_pointer (&self->pending_throttle, uplink_frame_unref);
  self->pending_throttle = uplink_frame_ref (frame);
  if (self->pending_throttle_source == 0)
    self->pending_throttle_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, on_throttle_frames_read,
                                                     self, NULL);
}

/*
 * A pong's round trip ends when the main loop woke for it, not when its
 * turn to be read came: the pongs of many connections come back together
 * (their pings share a grid), and the last one read would count the
 * reading of all the others as its round trip, which would move every
 * connection's latency at random.
 */
static gint64
round_trip (gint64 sent)
{
  GSource *source = g_main_current_source ();
  gint64 woke = source != NULL ? g_source_get_time (source) : 0;

  return (woke >= sent ? woke : g_get_monotonic_time ()) - sent;
}

static void
apply_pong (UplinkConnection *self,
            UplinkFrame      *frame)
{
  uplink_connection_push_liveness_deadline (self);
  uplink_send_queue_confirm (self->send_queue, uplink_frame_get_id (frame));
  if (uplink_frame_get_id (frame) == self->ping_id && self->ping_sent != 0)
    {
      uplink_connection_set_latency (self, round_trip (self->ping_sent));
      self->ping_sent = 0;
    }
}

void
uplink_connection_ignore_frame (UplinkConnection *self,
                                const char       *why)
{
  g_debug ("%s: ignored a frame: %s", self->display_url, why);
  self->ignored_frames++;
  g_object_notify_by_pspec (G_OBJECT (self), uplink_connection_properties[PROP_IGNORED_FRAMES]);
}

void
uplink_connection_emit_message (UplinkConnection *self,
                                const char       *text)
{
  g_signal_emit (self, uplink_connection_signals[SIGNAL_MESSAGE], 0, text);
}

void
uplink_connection_handle_v1_text (UplinkConnection *self,
                                  const char       *text,
                                  gsize             length)
{
  g_autoptr(UplinkFrame) frame = NULL;
  g_autoptr(GError) error = NULL;

  frame = uplink_frame_parse (text, length, &error);
  if (frame == NULL)
    {
      uplink_connection_ignore_frame (self, error->message);
      return;
    }

  switch (uplink_frame_get_kind (frame))
    {
    case UPLINK_FRAME_KIND_THROTTLE:
    case UPLINK_FRAME_KIND_UNTHROTTLE:
      defer_throttle_frame (self, frame);
      break;
    case UPLINK_FRAME_KIND_PONG:
      apply_pong (self, frame);
      break;
    case UPLINK_FRAME_KIND_PING:
      uplink_connection_ignore_frame (self, "a ping from the server");
      break;
    case UPLINK_FRAME_KIND_HELLO:
      break;
    case UPLINK_FRAME_KIND_OTHER:
    default:
      g_signal_emit (self, uplink_connection_signals[SIGNAL_MESSAGE], 0, text);
      break;
    }
}

static void
on_socket_message (SoupWebsocketConnection *socket,
                   SoupWebsocketDataType    type,
                   GBytes                  *message,
                   gpointer                 user_data)
{
  g_autoptr(UplinkConnection) self = g_object_ref (user_data);
  gsize length;
  const char *text = g_bytes_get_data (message, &length);

  self->last_received = g_get_monotonic_time ();
  uplink_connection_message_done (self);
  if (type != SOUP_WEBSOCKET_DATA_TEXT)
    {
      uplink_connection_profile_binary (self, (const guint8 *) text, length);
      return;
    }

  /* libsoup hands text frames over with a NUL after the data. */
  uplink_connection_profile_text (self, text, length);
}

static void
on_socket_pong (SoupWebsocketConnection *socket,
                GBytes                  *message,
                gpointer                 user_data)
{
  UplinkConnection *self = user_data;

  self->last_received = g_get_monotonic_time ();
  uplink_connection_push_liveness_deadline (self);
}

static void
on_socket_error (SoupWebsocketConnection *socket,
                 GError                  *error,
                 gpointer                 user_data)
{
  UplinkConnection *self = user_data;

  g_debug ("%s: socket error: %s", self->display_url, error->message);
  if (self->socket_error == NULL)
    self->socket_error = g_error_copy (error);
}

static void
lose_socket (UplinkConnection        *self,
             SoupWebsocketConnection *socket)
{
  g_autoptr(GError) error = NULL;

  uplink_connection_set_close (self, soup_websocket_connection_get_close_code (socket),
                               soup_websocket_connection_get_close_data (socket));
  error = uplink_failure_from_close (soup_websocket_connection_get_close_code (socket),
                                     soup_websocket_connection_get_close_data (socket),
                                     self->socket_error);
  uplink_connection_lose (self, error, -1);
}

static void
on_socket_closed (SoupWebsocketConnection *socket,
                  gpointer                 user_data)
{
  g_autoptr(UplinkConnection) self = g_object_ref (user_data);

  lose_socket (self, socket);
}

/*
 * A close frame ends the connection at once. libsoup 3.2 answers it, then
 * waits up to 5 s for the server to close TCP before "closed"; the socket
 * finishes that on its own, outliving the read that is telling us, and
 * our reference goes when it is done (see close_socket()).
 */
static void
on_socket_closing (SoupWebsocketConnection *socket,
                   gpointer                 user_data)
{
  g_autoptr(UplinkConnection) self = g_object_ref (user_data);

  /* libsoup answers the close itself; a close of ours now would be a
   * second close frame. */
  self->socket_closing = TRUE;
  lose_socket (self, socket);
}

static void
adopt_socket (UplinkConnection        *self,
              SoupWebsocketConnection *socket)
{
  g_autoptr(GError) error = NULL;

  self->socket = socket;
  g_signal_connect (socket, "message", G_CALLBACK (on_socket_message), self);
  g_signal_connect (socket, "pong", G_CALLBACK (on_socket_pong), self);
  g_signal_connect (socket, "error", G_CALLBACK (on_socket_error), self);
  g_signal_connect (socket, "closing", G_CALLBACK (on_socket_closing), self);
  g_signal_connect (socket, "closed", G_CALLBACK (on_socket_closed), self);

  soup_websocket_connection_set_max_incoming_payload_size (socket, self->max_incoming_payload);
  uplink_connection_set_negotiated_protocol (self, soup_websocket_connection_get_protocol (socket));
  self->last_received = g_get_monotonic_time ();
  uplink_connection_bound_incoming (self);
  if (!uplink_connection_check_negotiated (self, &error))
    {
      uplink_connection_lose (self, error, -1);
      return;
    }

  /* Connected when the profile says its session is up; the connect
   * timeout runs until then. */
  uplink_connection_open_profile (self);
}

static void
on_handshake_done (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GWeakRef *weak = user_data;
  g_autoptr(UplinkConnection) self = g_weak_ref_get (weak);
  g_autoptr(SoupWebsocketConnection) socket = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) failure = NULL;
  gint64 retry_after_us;

  g_weak_ref_clear (weak);
  g_free (weak);

  socket = uplink_handshake_run_finish (UPLINK_HANDSHAKE (source), result, &error);
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (socket != NULL)
        soup_websocket_connection_close (socket, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
      return;
    }

  g_clear_object (&self->cancellable);

  if (socket != NULL)
    {
      g_clear_object (&self->handshake);
      adopt_socket (self, g_steal_pointer (&socket));
      return;
    }

  g_clear_handle_id (&self->connect_timeout_source, g_source_remove);
  failure = uplink_failure_from_handshake (self->handshake, error, &retry_after_us);
  failure = uplink_connection_explain_handshake (self, failure, error);
  uplink_connection_lose (self, failure, retry_after_us);
}

static gboolean
on_connect_timeout (gpointer user_data)
{
  g_autoptr(UplinkConnection) self = g_object_ref (user_data);
  g_autofree char *message = NULL;

  self->connect_timeout_source = 0;
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "The server did not answer within %u second",
                                          "The server did not answer within %u seconds",
                                          self->connect_timeout),
                             self->connect_timeout);
  uplink_connection_fail (self, UPLINK_CONNECTION_ERROR_TIMEOUT, message);
  return G_SOURCE_REMOVE;
}

/**
 * uplink_connection_check_url:
 * @url: (nullable): a server address, perhaps as a user typed it
 * @error: return location for a %UPLINK_CONNECTION_ERROR_INVALID_URL
 *   that says what is wrong, in words for the user
 *
 * Checks @url the way a connection does before its first attempt, so that
 * a mistake can be shown where it was typed instead of as a failed
 * connection later.
 *
 * Returns: `TRUE` if @url is a `ws://` or `wss://` URL with a host
 *
 * Since: 1.0
 */
gboolean
uplink_connection_check_url (const char  *url,
                             GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *message = NULL;

  uplink_ensure_translations ();

  if (url == NULL || *url == '\0')
    message = _("Enter the address of a chat server");
  /* A lenient parser takes "ws://chat example.com" for an address. */
  else if (strpbrk (url, " \t\r\n") != NULL)
    message = _("The address cannot contain spaces");
  else if ((uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL)) == NULL ||
           (scheme = g_uri_get_scheme (uri)) == NULL ||
           (g_ascii_strcasecmp (scheme, "ws") != 0 && g_ascii_strcasecmp (scheme, "wss") != 0))
    message = _("The address must start with ws:// or wss://");
  else if (g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    message = _("The address has no server name");

  if (message == NULL)
    return TRUE;

  g_set_error_literal (error, UPLINK_CONNECTION_ERROR, UPLINK_CONNECTION_ERROR_INVALID_URL, message);
  return FALSE;
}

static GUri *
parse_url (const char  *url,
           GError     **error)
{
  if (!uplink_connection_check_url (url, error))
    return NULL;

  return g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
}

gboolean
uplink_connection_is_offline (UplinkConnection *self)
{
  return self->network_monitor != NULL &&
         !g_network_monitor_get_network_available (self->network_monitor);
}

static gboolean
prepare_session (UplinkConnection  *self,
                 GError           **error)
{
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GError) local_error = NULL;

  /* One session per connection: a shared one would queue handshakes
   * behind its per-host connection limit. */
  if (self->session == NULL)
    self->session = soup_session_new_with_options ("timeout", 0, NULL);

  if (self->tls_ca_file == NULL)
    return TRUE;

  database = g_tls_file_database_new (self->tls_ca_file, &local_error);
  if (database == NULL)
    {
      g_set_error (error, UPLINK_CONNECTION_ERROR, UPLINK_CONNECTION_ERROR_TLS,
                   _("The trusted certificates cannot be read: %s"), local_error->message);
      return FALSE;
    }

  soup_session_set_tls_database (self->session, database);
  return TRUE;
}

void
uplink_connection_begin_attempt (UplinkConnection *self)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) protocols = NULL;
  GWeakRef *weak;

  uplink_connection_teardown (self);
  self->epoch++;
  self->waiting_for_user = FALSE;

  uri = parse_url (self->url, &error);
  if (uri == NULL)
    {
      uplink_connection_lose (self, error, -1);
      return;
    }
  if (uplink_connection_is_offline (self))
    {
      uplink_connection_fail (self, UPLINK_CONNECTION_ERROR_OFFLINE, _("The network is not available"));
      return;
    }

  if (!prepare_session (self, &error))
    {
      uplink_connection_lose (self, error, -1);
      return;
    }

  uplink_connection_resolve_profile (self, uri);
  self->cancellable = g_cancellable_new ();
  protocols = uplink_connection_offered_protocols (self);
  /* Uplink's own handshake never follows a redirect: one would carry the
   * headers to another server, or from wss:// to ws:// in clear text. */
  self->handshake = uplink_handshake_new (uri, self->session, self->request_headers, protocols);
  self->connect_timeout_source = g_timeout_add (self->connect_timeout * 1000,
                                                        on_connect_timeout, self);
  weak = g_new0 (GWeakRef, 1);
  g_weak_ref_init (weak, self);
  uplink_handshake_run_async (self->handshake, self->cancellable, on_handshake_done, weak);

  uplink_connection_set_state (self, UPLINK_STATE_CONNECTING);
}
