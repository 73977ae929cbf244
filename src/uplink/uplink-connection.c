/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "uplink-connection.h"
#include "uplink-connection-private.h"
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

/**
 * UplinkConnection:
 *
 * A WebSocket connection to a chat server, and the truth about its state.
 *
 * `UplinkConnection` keeps a WebSocket open to @url once
 * [method@Connection.start] is called and turns what happens on it into one
 * of four [enum@State]s: connecting, connected, featureThrottled and
 * disconnected. When the connection is lost it tries again after an
 * exponential back-off with jitter, cycling disconnected → connecting →
 * connected, until [method@Connection.stop].
 *
 * Every state change happens in this order: the state is stored,
 * [property@Connection:state] is notified, the signal named after the new
 * state is emitted, then each listener added with
 * [method@Connection.add_listener] is called in the order it was added.
 * A failure is reported first, with [signal@Connection::connection-error]
 * and the listeners' `on_connection_error`, then the state changes to
 * disconnected. Callbacks may call any method of the connection, remove
 * themselves, or drop the last reference to it.
 *
 * What counts as connected depends on the server: [property@Connection:profile]
 * says what kind of server it is (a plain WebSocket server, Uplink's
 * protocol v1, socket.io, MQTT or XMPP), or, with `auto`, lets the URL and
 * the server's first frame tell. The connection is connected once the
 * profile's session is up (the upgrade for a plain server, the broker's
 * CONNACK for MQTT, …), and offers no subprotocol the profile or the
 * caller did not ask for.
 *
 * A server speaking protocol v1 (text frames with a JSON `type`:
 * `hello`, `throttle`, `unthrottle`, `pong`) can throttle features; every
 * other text frame is handed to [signal@Connection::message].
 *
 * Since: 1.0
 */

#define CLOSE_GOING_AWAY_REASON "client stopping"
#define DEFAULT_MAX_INCOMING_PAYLOAD (1024 * 1024)
#define DEFAULT_PONG_TIMEOUT_S 4

enum {
  PROP_0,
  PROP_URL,
  PROP_STATE,
  PROP_STATUS,
  PROP_LAST_ERROR,
  PROP_THROTTLED_FEATURES,
  PROP_THROTTLE_REASON,
  PROP_THROTTLED_UNTIL,
  PROP_CLOSE_CODE,
  PROP_CLOSE_REASON,
  PROP_ATTEMPT,
  PROP_NEXT_RETRY,
  PROP_LATENCY,
  PROP_IGNORED_FRAMES,
  PROP_RUNNING,
  PROP_KEEPALIVE_INTERVAL,
  PROP_PONG_TIMEOUT,
  PROP_CONNECT_TIMEOUT,
  PROP_BACKOFF_INITIAL,
  PROP_BACKOFF_MAX,
  PROP_NETWORK_MONITOR,
  PROP_SESSION,
  PROP_PROTOCOLS,
  PROP_NEGOTIATED_PROTOCOL,
  PROP_MAX_INCOMING_PAYLOAD,
  PROP_TLS_CA_FILE,
  PROP_SEND_QUEUE_LIMIT,
  PROP_SEND_QUEUE_MAX_AGE,
  PROP_SEND_QUEUE_LENGTH,
  PROP_PROFILE,
  PROP_ACTIVE_PROFILE,
  PROP_USERNAME,
  PROP_PASSWORD,
  N_PROPS,
  /* From UplinkStatusSource. */
  PROP_HISTORY = N_PROPS,
};

enum {
  SIGNAL_CONNECTED = UPLINK_DISPATCH_SIGNAL_CONNECTED,
  SIGNAL_CONNECTING = UPLINK_DISPATCH_SIGNAL_CONNECTING,
  SIGNAL_DISCONNECTED = UPLINK_DISPATCH_SIGNAL_DISCONNECTED,
  SIGNAL_FEATURE_THROTTLED = UPLINK_DISPATCH_SIGNAL_FEATURE_THROTTLED,
  SIGNAL_CONNECTION_ERROR = UPLINK_DISPATCH_SIGNAL_CONNECTION_ERROR,
  SIGNAL_MESSAGE = UPLINK_DISPATCH_N_SIGNALS,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void uplink_connection_status_source_init (UplinkStatusSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (UplinkConnection, uplink_connection, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (UPLINK_TYPE_STATUS_SOURCE,
                                                      uplink_connection_status_source_init))



static void
set_throttled_features (UplinkConnection   *self,
                        const char * const *features,
                        const char         *reason)
{
  static const char * const none[] = { NULL };

  if (features == NULL)
    features = none;

  if (!g_strv_equal ((const char * const *) self->throttled_features, features))
    {
      g_strfreev (self->throttled_features);
      self->throttled_features = g_strdupv ((char **) features);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THROTTLED_FEATURES]);
    }

  if (uplink_set_str (&self->throttle_reason, reason))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THROTTLE_REASON]);
}

static void
set_throttled_until (UplinkConnection *self,
                     gint64            throttled_until)
{
  if (self->throttled_until == throttled_until)
    return;

  self->throttled_until = throttled_until;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THROTTLED_UNTIL]);
}

/* How the last session ended, kept until the next one: a clean close
 * is no error, yet people want to know who ended it and why. */
static void
set_close (UplinkConnection *self,
           guint             code,
           const char       *reason)
{
  g_autofree char *redacted = reason != NULL ? uplink_connection_redact_server_text (self, reason) : NULL;

  if (self->close_code != code)
    {
      self->close_code = code;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLOSE_CODE]);
    }
  if (uplink_set_str (&self->close_reason, redacted))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLOSE_REASON]);
}

static void
set_state (UplinkConnection *self,
           UplinkState       state)
{
  if (self->state == state)
    return;

  self->state = state;
  if (state != UPLINK_STATE_FEATURE_THROTTLED)
    {
      g_clear_handle_id (&self->throttle_source, g_source_remove);
      set_throttled_features (self, NULL, NULL);
      set_throttled_until (self, 0);
    }

  g_debug ("%s: %s", self->display_url, uplink_state_to_string (state));

  /* Whatever waited goes out before anyone hears that the connection is
   * up, so it stays ahead of what they send in answer. */
  uplink_connection_flush_sends (self);
  uplink_dispatch_state (&self->dispatch, state, (const char * const *) self->throttled_features);
}

static void
report_error (UplinkConnection *self,
              const GError     *error)
{
  g_clear_error (&self->last_error);
  /* Whatever the server put in it is redacted before anyone sees it. */
  self->last_error = uplink_connection_redact_error (self, error);
  g_debug ("%s: %s", self->display_url, self->last_error->message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);

  uplink_dispatch_error (&self->dispatch, self->last_error);
}

static void
set_next_retry (UplinkConnection *self,
                gint64            next_retry)
{
  if (self->next_retry == next_retry)
    return;

  self->next_retry = next_retry;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_RETRY]);
}

static void
set_attempt (UplinkConnection *self,
             guint             attempt)
{
  if (self->attempt == attempt)
    return;

  self->attempt = attempt;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ATTEMPT]);
}

static void
set_latency (UplinkConnection *self,
             gint64            latency)
{
  if (self->latency == latency)
    return;

  self->latency = latency;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LATENCY]);
}

static void
set_negotiated_protocol (UplinkConnection *self,
                         const char       *protocol)
{
  if (uplink_set_str (&self->negotiated_protocol, protocol))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEGOTIATED_PROTOCOL]);
}

/* Protocol v1 is on: pongs answer our pings (latency, proof of arrival). */
gboolean
uplink_connection_speaks_uplink_v1 (UplinkConnection *self)
{
  return self->profile_session != NULL && self->active_profile == UPLINK_PROFILE_UPLINK;
}

void
uplink_connection_set_active_profile (UplinkConnection *self,
                                      UplinkProfile     profile)
{
  if (self->active_profile == profile)
    return;

  self->active_profile = profile;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE_PROFILE]);
}

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
static void
teardown (UplinkConnection *self)
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

  set_next_retry (self, 0);
  set_latency (self, -1);
  set_negotiated_protocol (self, NULL);
}

static gboolean
on_retry (gpointer user_data)
{
  g_autoptr(UplinkConnection) self = g_object_ref (user_data);

  self->retry_source = 0;
  uplink_connection_begin_attempt (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_attempt (UplinkConnection *self,
                  gint64            delay_us)
{
  g_clear_handle_id (&self->retry_source, g_source_remove);
  set_next_retry (self, g_get_monotonic_time () + delay_us);
  self->retry_source = g_timeout_add ((guint) (delay_us / 1000), on_retry, self);
}

static gint64
backoff_delay_us (UplinkConnection *self,
                  gint64            at_least_us)
{
  gint64 delay_us = (gint64) uplink_backoff_next_delay (self->backoff) * 1000;

  return MAX (delay_us, at_least_us);
}

/* What follows a failure is decided by what failed: see the failure
 * table in the class documentation. */
static void
plan_next_attempt (UplinkConnection *self,
                   const GError     *error,
                   gint64            retry_after_us)
{
  gboolean was_stable = self->attempt == 0;
  gint64 delay_us;

  if (error == NULL)
    {
      set_attempt (self, self->attempt + 1);
      schedule_attempt (self, backoff_delay_us (self, 0));
      return;
    }

  switch ((UplinkConnectionError) error->code)
    {
    case UPLINK_CONNECTION_ERROR_INVALID_URL:
    case UPLINK_CONNECTION_ERROR_OFFLINE:
      return;

    case UPLINK_CONNECTION_ERROR_AUTH:
      set_attempt (self, self->attempt + 1);
      self->waiting_for_user = TRUE;
      return;

    case UPLINK_CONNECTION_ERROR_TLS:
      delay_us = (gint64) uplink_backoff_get_maximum (self->backoff) * 1000;
      break;

    case UPLINK_CONNECTION_ERROR_DEAD_PEER:
      delay_us = was_stable ? 0 : backoff_delay_us (self, 0);
      break;

    case UPLINK_CONNECTION_ERROR_RATE_LIMITED:
      delay_us = backoff_delay_us (self, retry_after_us);
      break;

    case UPLINK_CONNECTION_ERROR_UNREACHABLE:
    case UPLINK_CONNECTION_ERROR_TIMEOUT:
    case UPLINK_CONNECTION_ERROR_REJECTED:
    case UPLINK_CONNECTION_ERROR_PROTOCOL:
    default:
      delay_us = backoff_delay_us (self, 0);
      break;
    }

  set_attempt (self, self->attempt + 1);
  schedule_attempt (self, delay_us);
}

/*
 * The one way down: report the failure (if any), plan the next attempt, go
 * disconnected. The plan comes first so that whoever hears of the
 * disconnect can already read the attempt count and the next retry. The
 * error's callbacks may have stopped or restarted the connection; the
 * epoch tells.
 */
static void
lose_connection (UplinkConnection *self,
                 const GError     *error,
                 gint64            retry_after_us)
{
  guint epoch = ++self->epoch;

  teardown (self);

  if (error != NULL)
    report_error (self, error);
  if (epoch != self->epoch)
    return;

  if (self->running)
    plan_next_attempt (self, error, retry_after_us);
  set_state (self, UPLINK_STATE_DISCONNECTED);
}

void
uplink_connection_fail (UplinkConnection      *self,
                        UplinkConnectionError  code,
                        const char            *message)
{
  g_autoptr(GError) error = g_error_new_literal (UPLINK_CONNECTION_ERROR, code, message);

  lose_connection (self, error, -1);
}

/*
 * The profile's session is up: only now is the server known to serve us,
 * which forgives earlier failures, so a server that restarts is back
 * within the first back-off step.
 */
void
uplink_connection_session_up (UplinkConnection *self)
{
  g_clear_handle_id (&self->connect_timeout_source, g_source_remove);
  uplink_backoff_reset (self->backoff);
  set_attempt (self, 0);

  if (self->last_error != NULL)
    {
      g_clear_error (&self->last_error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
    }
  set_close (self, 0, NULL);
  if (self->state != UPLINK_STATE_FEATURE_THROTTLED)
    set_state (self, UPLINK_STATE_CONNECTED);
}

/* The server ended the session on purpose: a disconnect without error. */
void
uplink_connection_session_ended (UplinkConnection *self)
{
  lose_connection (self, NULL, -1);
}

/* The server ended an idle session it would have kept for a login: start
 * over at once, with nothing reported as lost. */
void
uplink_connection_renew (UplinkConnection *self)
{
  g_debug ("%s: the server ended an idle session; renewing it", self->display_url);
  uplink_connection_begin_attempt (self);
}

static gboolean
on_throttle_expired (gpointer user_data)
{
  g_autoptr(UplinkConnection) self = g_object_ref (user_data);

  self->throttle_source = 0;
  set_state (self, UPLINK_STATE_CONNECTED);
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

  set_throttled_features (self, uplink_frame_get_features (frame), reason);
  set_throttled_until (self, retry_after >= 0
                             ? g_get_real_time () + (gint64) (retry_after * G_USEC_PER_SEC) : 0);
  set_state (self, UPLINK_STATE_FEATURE_THROTTLED);
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
    set_state (self, UPLINK_STATE_CONNECTED);
  return G_SOURCE_REMOVE;
}

/*
 * A flood of throttles and unthrottles ends in its last word: the frames
 * of one read are applied together once the read is over, so observers
 * hear of the final state, not of every step.
 */
static void
defer_throttle_frame (UplinkConnection *self,
                      UplinkFrame      *frame)
{
  g_clear_pointer (&self->pending_throttle, uplink_frame_unref);
  self->pending_throttle = uplink_frame_ref (frame);
  if (self->pending_throttle_source == 0)
    self->pending_throttle_source = g_idle_add_full (G_PRIORITY_DEFAULT, on_throttle_frames_read,
                                                     self, NULL);
}

static void
apply_pong (UplinkConnection *self,
            UplinkFrame      *frame)
{
  uplink_connection_push_liveness_deadline (self);
  uplink_send_queue_confirm (self->send_queue, uplink_frame_get_id (frame));
  if (uplink_frame_get_id (frame) == self->ping_id && self->ping_sent != 0)
    {
      set_latency (self, g_get_monotonic_time () - self->ping_sent);
      self->ping_sent = 0;
    }
}

void
uplink_connection_ignore_frame (UplinkConnection *self,
                                const char       *why)
{
  g_debug ("%s: ignored a frame: %s", self->display_url, why);
  self->ignored_frames++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IGNORED_FRAMES]);
}

void
uplink_connection_emit_message (UplinkConnection *self,
                                const char       *text)
{
  g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, text);
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
      g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, text);
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
  self->message_completed = TRUE;
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

  set_close (self, soup_websocket_connection_get_close_code (socket),
             soup_websocket_connection_get_close_data (socket));
  error = uplink_failure_from_close (soup_websocket_connection_get_close_code (socket),
                                     soup_websocket_connection_get_close_data (socket),
                                     self->socket_error);
  lose_connection (self, error, -1);
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
  set_negotiated_protocol (self, soup_websocket_connection_get_protocol (socket));
  self->last_received = g_get_monotonic_time ();
  uplink_connection_bound_incoming (self);
  if (!uplink_connection_check_negotiated (self, &error))
    {
      lose_connection (self, error, -1);
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

  socket = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
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
  lose_connection (self, failure, retry_after_us);
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

static SoupMessage *
build_handshake (UplinkConnection *self,
                 GUri             *uri)
{
  SoupMessage *message = soup_message_new_from_uri (SOUP_METHOD_GET, uri);
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);
  GHashTableIter iter;
  gpointer name, value;

  /* A redirect would carry the headers to another server, or from wss://
   * to ws:// in clear text: it is refused, never followed. */
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);

  g_hash_table_iter_init (&iter, self->request_headers);
  while (g_hash_table_iter_next (&iter, &name, &value))
    soup_message_headers_replace (headers, name, value);

  return message;
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

  teardown (self);
  self->epoch++;
  self->waiting_for_user = FALSE;

  uri = parse_url (self->url, &error);
  if (uri == NULL)
    {
      lose_connection (self, error, -1);
      return;
    }
  if (uplink_connection_is_offline (self))
    {
      uplink_connection_fail (self, UPLINK_CONNECTION_ERROR_OFFLINE, _("The network is not available"));
      return;
    }

  if (!prepare_session (self, &error))
    {
      lose_connection (self, error, -1);
      return;
    }

  uplink_connection_resolve_profile (self, uri);
  self->cancellable = g_cancellable_new ();
  self->handshake = build_handshake (self, uri);
  uplink_connection_watch_transport (self, self->handshake);
  self->connect_timeout_source = g_timeout_add (self->connect_timeout * 1000,
                                                        on_connect_timeout, self);
  protocols = uplink_connection_offered_protocols (self);
  weak = g_new0 (GWeakRef, 1);
  g_weak_ref_init (weak, self);
  soup_session_websocket_connect_async (self->session, self->handshake, NULL, protocols,
                                        G_PRIORITY_DEFAULT, self->cancellable,
                                        on_handshake_done, weak);

  set_state (self, UPLINK_STATE_CONNECTING);
}

/* The status source's getters are the connection's own; stop and start
 * are its pause and resume. */
static void
uplink_connection_status_source_init (UplinkStatusSourceInterface *iface)
{
  typedef UplinkState (*GetState) (UplinkStatusSource *);
  typedef const GError *(*GetError) (UplinkStatusSource *);
  typedef const char * const *(*GetStrv) (UplinkStatusSource *);
  typedef gint64 (*GetInt64) (UplinkStatusSource *);
  typedef guint (*GetUint) (UplinkStatusSource *);
  typedef UplinkHistory *(*GetHistory) (UplinkStatusSource *);
  typedef gboolean (*GetBoolean) (UplinkStatusSource *);
  typedef void (*Action) (UplinkStatusSource *);

  iface->get_state = (GetState) uplink_connection_get_state;
  iface->get_last_error = (GetError) uplink_connection_get_last_error;
  iface->get_throttled_features = (GetStrv) uplink_connection_get_throttled_features;
  iface->get_next_retry = (GetInt64) uplink_connection_get_next_retry;
  iface->get_attempt = (GetUint) uplink_connection_get_attempt;
  iface->get_latency = (GetInt64) uplink_connection_get_latency;
  iface->get_history = (GetHistory) uplink_connection_get_history;
  iface->get_running = (GetBoolean) uplink_connection_get_running;
  iface->reconnect = (Action) uplink_connection_reconnect_now;
  iface->pause = (Action) uplink_connection_stop;
  iface->resume = (Action) uplink_connection_start;
}

static void
uplink_connection_dispose (GObject *object)
{
  UplinkConnection *self = (UplinkConnection *) object;

  self->running = FALSE;
  teardown (self);
  g_clear_handle_id (&self->offline_source, g_source_remove);
  if (self->resume_monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->resume_monitor, self);
  g_clear_object (&self->resume_monitor);
  if (self->network_monitor != NULL)
    {
      g_clear_signal_handler (&self->network_handler, self->network_monitor);
      g_clear_signal_handler (&self->network_changed_handler, self->network_monitor);
    }
  g_clear_object (&self->network_monitor);
  g_clear_object (&self->session);
  uplink_dispatch_clear (&self->dispatch);
  g_clear_pointer (&self->send_queue, uplink_send_queue_free);
  g_clear_pointer (&self->retired_sessions, g_ptr_array_unref);

  G_OBJECT_CLASS (uplink_connection_parent_class)->dispose (object);
}

static void
uplink_connection_finalize (GObject *object)
{
  UplinkConnection *self = (UplinkConnection *) object;

  g_clear_object (&self->backoff);
  g_clear_object (&self->history);
  g_clear_pointer (&self->request_headers, g_hash_table_unref);
  g_clear_pointer (&self->protocols, g_strfreev);
  g_clear_pointer (&self->throttled_features, g_strfreev);
  g_clear_pointer (&self->throttle_reason, g_free);
  g_clear_pointer (&self->close_reason, g_free);
  g_clear_pointer (&self->negotiated_protocol, g_free);
  g_clear_pointer (&self->tls_ca_file, g_free);
  g_clear_pointer (&self->username, g_free);
  g_clear_pointer (&self->password, g_free);
  g_clear_error (&self->last_error);
  g_free (self->display_url);
  g_free (self->url);

  G_OBJECT_CLASS (uplink_connection_parent_class)->finalize (object);
}

static void
uplink_connection_constructed (GObject *object)
{
  UplinkConnection *self = (UplinkConnection *) object;

  G_OBJECT_CLASS (uplink_connection_parent_class)->constructed (object);

  /* A connection without an address is valid; start() reports it. */
  if (self->url != NULL)
    self->display_url = uplink_redact_url (self->url);
  if (self->display_url == NULL)
    self->display_url = g_strdup (_("(invalid address)"));

  if (self->network_monitor == NULL)
    uplink_connection_set_network_monitor (self, g_network_monitor_get_default ());

  self->resume_monitor = uplink_resume_monitor_get_default ();
  g_signal_connect (self->resume_monitor, "resumed", G_CALLBACK (uplink_connection_on_resumed), self);
}

static void
uplink_connection_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  UplinkConnection *self = UPLINK_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_URL:
      g_value_set_string (value, uplink_connection_get_url (self));
      break;
    case PROP_STATE:
      g_value_set_enum (value, uplink_connection_get_state (self));
      break;
    case PROP_STATUS:
      g_value_set_string (value, uplink_connection_get_status (self));
      break;
    case PROP_LAST_ERROR:
      g_value_set_boxed (value, uplink_connection_get_last_error (self));
      break;
    case PROP_THROTTLED_FEATURES:
      g_value_set_boxed (value, uplink_connection_get_throttled_features (self));
      break;
    case PROP_THROTTLE_REASON:
      g_value_set_string (value, uplink_connection_get_throttle_reason (self));
      break;
    case PROP_THROTTLED_UNTIL:
      g_value_set_int64 (value, uplink_connection_get_throttled_until (self));
      break;
    case PROP_CLOSE_CODE:
      g_value_set_uint (value, uplink_connection_get_close_code (self));
      break;
    case PROP_CLOSE_REASON:
      g_value_set_string (value, uplink_connection_get_close_reason (self));
      break;
    case PROP_ATTEMPT:
      g_value_set_uint (value, uplink_connection_get_attempt (self));
      break;
    case PROP_NEXT_RETRY:
      g_value_set_int64 (value, uplink_connection_get_next_retry (self));
      break;
    case PROP_LATENCY:
      g_value_set_int64 (value, uplink_connection_get_latency (self));
      break;
    case PROP_IGNORED_FRAMES:
      g_value_set_uint (value, uplink_connection_get_ignored_frames (self));
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, uplink_connection_get_running (self));
      break;
    case PROP_KEEPALIVE_INTERVAL:
      g_value_set_uint (value, uplink_connection_get_keepalive_interval (self));
      break;
    case PROP_PONG_TIMEOUT:
      g_value_set_uint (value, uplink_connection_get_pong_timeout (self));
      break;
    case PROP_CONNECT_TIMEOUT:
      g_value_set_uint (value, uplink_connection_get_connect_timeout (self));
      break;
    case PROP_BACKOFF_INITIAL:
      g_value_set_uint (value, uplink_connection_get_backoff_initial (self));
      break;
    case PROP_BACKOFF_MAX:
      g_value_set_uint (value, uplink_connection_get_backoff_max (self));
      break;
    case PROP_NETWORK_MONITOR:
      g_value_set_object (value, uplink_connection_get_network_monitor (self));
      break;
    case PROP_SESSION:
      g_value_set_object (value, uplink_connection_get_session (self));
      break;
    case PROP_PROTOCOLS:
      g_value_set_boxed (value, uplink_connection_get_protocols (self));
      break;
    case PROP_NEGOTIATED_PROTOCOL:
      g_value_set_string (value, uplink_connection_get_negotiated_protocol (self));
      break;
    case PROP_MAX_INCOMING_PAYLOAD:
      g_value_set_uint64 (value, uplink_connection_get_max_incoming_payload (self));
      break;
    case PROP_TLS_CA_FILE:
      g_value_set_string (value, uplink_connection_get_tls_ca_file (self));
      break;
    case PROP_HISTORY:
      g_value_set_object (value, uplink_connection_get_history (self));
      break;
    case PROP_SEND_QUEUE_LIMIT:
      g_value_set_uint (value, uplink_connection_get_send_queue_limit (self));
      break;
    case PROP_SEND_QUEUE_MAX_AGE:
      g_value_set_uint (value, uplink_connection_get_send_queue_max_age (self));
      break;
    case PROP_SEND_QUEUE_LENGTH:
      g_value_set_uint (value, uplink_connection_get_send_queue_length (self));
      break;
    case PROP_PROFILE:
      g_value_set_enum (value, uplink_connection_get_profile (self));
      break;
    case PROP_ACTIVE_PROFILE:
      g_value_set_enum (value, uplink_connection_get_active_profile (self));
      break;
    case PROP_USERNAME:
      g_value_set_string (value, uplink_connection_get_username (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
uplink_connection_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  UplinkConnection *self = UPLINK_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_URL:
      self->url = g_value_dup_string (value);
      break;
    case PROP_KEEPALIVE_INTERVAL:
      uplink_connection_set_keepalive_interval (self, g_value_get_uint (value));
      break;
    case PROP_PONG_TIMEOUT:
      uplink_connection_set_pong_timeout (self, g_value_get_uint (value));
      break;
    case PROP_CONNECT_TIMEOUT:
      uplink_connection_set_connect_timeout (self, g_value_get_uint (value));
      break;
    case PROP_BACKOFF_INITIAL:
      uplink_connection_set_backoff_initial (self, g_value_get_uint (value));
      break;
    case PROP_BACKOFF_MAX:
      uplink_connection_set_backoff_max (self, g_value_get_uint (value));
      break;
    case PROP_NETWORK_MONITOR:
      uplink_connection_set_network_monitor (self, g_value_get_object (value));
      break;
    case PROP_SESSION:
      uplink_connection_set_session (self, g_value_get_object (value));
      break;
    case PROP_PROTOCOLS:
      uplink_connection_set_protocols (self, g_value_get_boxed (value));
      break;
    case PROP_MAX_INCOMING_PAYLOAD:
      uplink_connection_set_max_incoming_payload (self, g_value_get_uint64 (value));
      break;
    case PROP_TLS_CA_FILE:
      uplink_connection_set_tls_ca_file (self, g_value_get_string (value));
      break;
    case PROP_SEND_QUEUE_LIMIT:
      uplink_connection_set_send_queue_limit (self, g_value_get_uint (value));
      break;
    case PROP_SEND_QUEUE_MAX_AGE:
      uplink_connection_set_send_queue_max_age (self, g_value_get_uint (value));
      break;
    case PROP_PROFILE:
      uplink_connection_set_profile (self, g_value_get_enum (value));
      break;
    case PROP_USERNAME:
      uplink_connection_set_username (self, g_value_get_string (value));
      break;
    case PROP_PASSWORD:
      uplink_connection_set_password (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
uplink_connection_class_init (UplinkConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  uplink_ensure_translations ();

  object_class->constructed = uplink_connection_constructed;
  object_class->dispose = uplink_connection_dispose;
  object_class->finalize = uplink_connection_finalize;
  object_class->get_property = uplink_connection_get_property;
  object_class->set_property = uplink_connection_set_property;

  /**
   * UplinkConnection:url:
   *
   * The server's address, `ws://` or `wss://`.
   *
   * It may carry credentials; Uplink shows it only through
   * [func@redact_url].
   *
   * Since: 1.0
   */
  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * UplinkConnection:state:
   *
   * The state of the connection.
   *
   * Since: 1.0
   */
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       UPLINK_TYPE_STATE, UPLINK_STATE_DISCONNECTED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * UplinkConnection:status:
   *
   * The state as the CometChat API's status string, such as `"connected"`.
   *
   * Since: 1.0
   */
  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL,
                         "disconnected",
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * UplinkConnection:last-error:
   *
   * The last failure, in the [error@ConnectionError] domain, or `NULL`.
   *
   * It is kept while the connection retries and cleared once connected.
   * Its message never shows secrets from the URL or the request headers.
   *
   * Since: 1.0
   */
  properties[PROP_LAST_ERROR] =
    g_param_spec_boxed ("last-error", NULL, NULL,
                        G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * UplinkConnection:throttled-features:
   *
   * The features the server paused, empty unless the state is
   * [enum@Uplink.State.FEATURE_THROTTLED].
   *
   * Since: 1.0
   */
  properties[PROP_THROTTLED_FEATURES] =
    g_param_spec_boxed ("throttled-features", NULL, NULL,
                        G_TYPE_STRV,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * UplinkConnection:throttle-reason:
   *
   * Why the server paused features, in its own words, if it said.
   *
   * Since: 1.0
   */
  properties[PROP_THROTTLE_REASON] =
    g_param_spec_string ("throttle-reason", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * UplinkConnection:throttled-until:
   *
   * When the server said it will lift the throttle (its `retry_after`),
   * in g_get_real_time() µs, for showing the time of day; 0 when the
   * connection is not throttled or the server gave no time.
   *
   * Since: 1.0
   */
  properties[PROP_THROTTLED_UNTIL] =
    g_param_spec_int64 ("throttled-until", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * UplinkConnection:close-code:
   *
   * The WebSocket close code that ended the last session (1000, 1001,
   * …; 1005 or 1006 when none came), kept until the next session; 0 while
   * connected or before any session. A clean close (1000, 1001) sets no
   * [property@StatusSource:last-error]; this tells it still.
   *
   * Since: 1.0
   */
  properties[PROP_CLOSE_CODE] =
    g_param_spec_uint ("close-code", NULL, NULL,
                       0, G_MAXUINT16, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * UplinkConnection:close-reason:
   *
   * The reason the server gave with [property@Connection:close-code],
   * redacted as [property@StatusSource:last-error] is; %NULL when it gave
   * none.
   *
   * Since: 1.0
   */
  properties[PROP_CLOSE_REASON] =
    g_param_spec_string ("close-reason", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * UplinkConnection:attempt:
   *
   * How many attempts failed since the last connection that stayed up for
   * 30 seconds.
   *
   * Since: 1.0
   */
  properties[PROP_ATTEMPT] =
    g_param_spec_uint ("attempt", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * UplinkConnection:next-retry:
   *
   * When the next attempt starts, in g_get_monotonic_time() microseconds,
   * or 0 when none is scheduled.
   *
   * Since: 1.0
   */
  properties[PROP_NEXT_RETRY] =
    g_param_spec_int64 ("next-retry", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * UplinkConnection:latency:
   *
   * The round trip of the last ping, in microseconds, or -1 when unknown.
   *
   * Known only when the server speaks protocol v1 (subprotocol
   * `uplink.v1`).
   *
   * Since: 1.0
   */
  properties[PROP_LATENCY] =
    g_param_spec_int64 ("latency", NULL, NULL,
                        -1, G_MAXINT64, -1,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * UplinkConnection:ignored-frames:
   *
   * How many frames were ignored: binary frames, and text frames that look
   * like control messages but are broken.
   *
   * Since: 1.0
   */
  properties[PROP_IGNORED_FRAMES] =
    g_param_spec_uint ("ignored-frames", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * UplinkConnection:running:
   *
   * Whether the connection was started and not stopped since.
   *
   * Since: 1.0
   */
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * UplinkConnection:keepalive-interval:
   *
   * Seconds between pings on an open connection.
   *
   * Since: 1.0
   */
  properties[PROP_KEEPALIVE_INTERVAL] =
    g_param_spec_uint ("keepalive-interval", NULL, NULL,
                       1, 3600, 10,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * UplinkConnection:pong-timeout:
   *
   * Seconds past the keepalive interval after which a silent server counts
   * as gone ([error@Uplink.ConnectionError.DEAD_PEER]).
   *
   * The default of 4 s, with the 10 s keepalive, finds a server that hung
   * right after its last frame within 15 s, overhead included.
   *
   * Since: 1.0
   */
  properties[PROP_PONG_TIMEOUT] =
    g_param_spec_uint ("pong-timeout", NULL, NULL,
                       1, 3600, DEFAULT_PONG_TIMEOUT_S,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * UplinkConnection:connect-timeout:
   *
   * Seconds an attempt may take before it fails with
   * [error@Uplink.ConnectionError.TIMEOUT].
   *
   * Since: 1.0
   */
  properties[PROP_CONNECT_TIMEOUT] =
    g_param_spec_uint ("connect-timeout", NULL, NULL,
                       1, 3600, 10,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * UplinkConnection:backoff-initial:
   *
   * The longest wait, in milliseconds, before the first retry.
   *
   * Since: 1.0
   */
  properties[PROP_BACKOFF_INITIAL] =
    g_param_spec_uint ("backoff-initial", NULL, NULL,
                       1, G_MAXINT, 1000,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * UplinkConnection:backoff-max:
   *
   * The longest wait, in milliseconds, between two attempts.
   *
   * Since: 1.0
   */
  properties[PROP_BACKOFF_MAX] =
    g_param_spec_uint ("backoff-max", NULL, NULL,
                       1, G_MAXINT, 30000,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * UplinkConnection:network-monitor:
   *
   * The network monitor that tells when the network goes and returns.
   *
   * Defaults to g_network_monitor_get_default().
   *
   * Since: 1.0
   */
  properties[PROP_NETWORK_MONITOR] =
    g_param_spec_object ("network-monitor", NULL, NULL,
                         G_TYPE_NETWORK_MONITOR,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * UplinkConnection:session:
   *
   * The HTTP session the connection uses, for proxies and TLS settings.
   *
   * Since: 1.0
   */
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         SOUP_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * UplinkConnection:protocols:
   *
   * WebSocket subprotocols to offer the server instead of the profile's
   * own (`uplink.v1`, `mqtt`, `xmpp`, or none).
   *
   * Since: 1.0
   */
  properties[PROP_PROTOCOLS] =
    g_param_spec_boxed ("protocols", NULL, NULL,
                        G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * UplinkConnection:negotiated-protocol:
   *
   * The subprotocol the server chose for the open connection, if any.
   *
   * Since: 1.0
   */
  properties[PROP_NEGOTIATED_PROTOCOL] =
    g_param_spec_string ("negotiated-protocol", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * UplinkConnection:max-incoming-payload:
   *
   * The largest frame, in bytes, the server may send; a larger one ends
   * the connection with [error@Uplink.ConnectionError.PROTOCOL].
   *
   * Since: 1.0
   */
  properties[PROP_MAX_INCOMING_PAYLOAD] =
    g_param_spec_uint64 ("max-incoming-payload", NULL, NULL,
                         1, G_MAXUINT64, DEFAULT_MAX_INCOMING_PAYLOAD,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * UplinkConnection:tls-ca-file:
   *
   * A PEM file of certificate authorities to trust instead of the
   * system's, for servers with a private CA.
   *
   * Certificates are always verified: an untrusted one fails with
   * [error@Uplink.ConnectionError.TLS].
   *
   * Since: 1.0
   */
  properties[PROP_TLS_CA_FILE] =
    g_param_spec_string ("tls-ca-file", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * UplinkConnection:send-queue-limit:
   *
   * How many messages of [method@Connection.send_text_async] and
   * [method@Connection.send_binary_async] may wait for the connection;
   * beyond it the oldest fails with
   * [error@Uplink.ConnectionError.QUEUE_FULL].
   *
   * Since: 1.0
   */
  properties[PROP_SEND_QUEUE_LIMIT] =
    g_param_spec_uint ("send-queue-limit", NULL, NULL,
                       1, G_MAXUINT, 1000,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * UplinkConnection:send-queue-max-age:
   *
   * How many seconds a message may wait for the connection before it
   * fails with [error@Uplink.ConnectionError.EXPIRED].
   *
   * Since: 1.0
   */
  properties[PROP_SEND_QUEUE_MAX_AGE] =
    g_param_spec_uint ("send-queue-max-age", NULL, NULL,
                       0, G_MAXUINT / 1000, 300,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * UplinkConnection:send-queue-length:
   *
   * How many messages wait for the connection, not yet written.
   *
   * Since: 1.0
   */
  properties[PROP_SEND_QUEUE_LENGTH] =
    g_param_spec_uint ("send-queue-length", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * UplinkConnection:profile:
   *
   * What kind of server to expect, from the next attempt: what to offer
   * in the handshake, when the session counts as up and how it is kept
   * alive. `auto`, the default, tells from the URL and the server's first
   * frame; [property@Connection:active-profile] says what it found.
   *
   * Since: 1.0
   */
  properties[PROP_PROFILE] =
    g_param_spec_enum ("profile", NULL, NULL,
                       UPLINK_TYPE_PROFILE, UPLINK_PROFILE_AUTO,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * UplinkConnection:active-profile:
   *
   * The profile in use: [property@Connection:profile], or what `auto`
   * resolved to. `auto` only before the first attempt.
   *
   * Since: 1.0
   */
  properties[PROP_ACTIVE_PROFILE] =
    g_param_spec_enum ("active-profile", NULL, NULL,
                       UPLINK_TYPE_PROFILE, UPLINK_PROFILE_AUTO,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * UplinkConnection:username:
   *
   * The user name for profiles with a login (MQTT, XMPP), from the next
   * attempt.
   *
   * Since: 1.0
   */
  properties[PROP_USERNAME] =
    g_param_spec_string ("username", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * UplinkConnection:password:
   *
   * The password (or, for socket.io, the auth token) for profiles with a
   * login, from the next attempt. Write-only: it never comes back out of
   * the connection, in a property, a log or an error.
   *
   * Since: 1.0
   */
  properties[PROP_PASSWORD] =
    g_param_spec_string ("password", NULL, NULL,
                         NULL,
                         G_PARAM_WRITABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
  g_object_class_override_property (object_class, PROP_HISTORY, "history");

  /**
   * UplinkConnection::connected:
   * @self: the connection
   *
   * Emitted when the connection opens, or when the server lifts a throttle.
   *
   * Since: 1.0
   */

  /**
   * UplinkConnection::connecting:
   * @self: the connection
   *
   * Emitted when an attempt to connect begins.
   *
   * Since: 1.0
   */

  /**
   * UplinkConnection::disconnected:
   * @self: the connection
   *
   * Emitted when the connection closes or an attempt fails.
   *
   * When a failure caused it, [signal@Connection::connection-error] came
   * first.
   *
   * Since: 1.0
   */

  /**
   * UplinkConnection::feature-throttled:
   * @self: the connection
   * @features: (array zero-terminated=1): the features the server paused
   *
   * Emitted when the server pauses some features.
   *
   * Since: 1.0
   */

  /**
   * UplinkConnection::connection-error:
   * @self: the connection
   * @error: the failure, in the [error@ConnectionError] domain
   *
   * Emitted when something fails, before the state change it causes.
   *
   * Since: 1.0
   */
  uplink_dispatch_new_signals (G_TYPE_FROM_CLASS (klass), signals);

  /**
   * UplinkConnection::message:
   * @self: the connection
   * @text: the frame's text
   *
   * Emitted for every text frame that is not an Uplink control message,
   * for whoever embeds the connection.
   *
   * Since: 1.0
   */
  signals[SIGNAL_MESSAGE] =
    g_signal_new ("message",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
uplink_connection_init (UplinkConnection *self)
{
  self->state = UPLINK_STATE_DISCONNECTED;
  self->latency = -1;
  self->keepalive_interval = 10;
  self->pong_timeout = DEFAULT_PONG_TIMEOUT_S;
  self->connect_timeout = 10;
  self->max_incoming_payload = DEFAULT_MAX_INCOMING_PAYLOAD;
  self->backoff = uplink_backoff_new (1000, 30000);
  self->throttled_features = g_new0 (char *, 1);
  self->request_headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->retired_sessions = g_ptr_array_new_with_free_func ((GDestroyNotify) uplink_profile_session_free);
  self->history = uplink_history_new (UPLINK_HISTORY_DEFAULT_CAPACITY);
  uplink_history_add (self->history, self->state, g_get_monotonic_time (), g_get_real_time ());
  uplink_dispatch_init (&self->dispatch, UPLINK_STATUS_SOURCE (self), self->history,
                        properties[PROP_STATE], properties[PROP_STATUS], signals);
  self->send_queue = uplink_send_queue_new (G_OBJECT (self), properties[PROP_SEND_QUEUE_LENGTH],
                                            properties[PROP_SEND_QUEUE_LIMIT],
                                            properties[PROP_SEND_QUEUE_MAX_AGE]);
}

/**
 * uplink_connection_new:
 * @url: the server's address, `ws://` or `wss://`
 *
 * Creates a connection to @url; nothing happens until
 * [method@Connection.start].
 *
 * An address that is not a WebSocket URL is accepted here and reported by
 * [method@Connection.start] as [error@Uplink.ConnectionError.INVALID_URL].
 *
 * Returns: (transfer full): a new connection
 *
 * Since: 1.0
 */
UplinkConnection *
uplink_connection_new (const char *url)
{
  g_return_val_if_fail (url != NULL, NULL);

  return g_object_new (UPLINK_TYPE_CONNECTION, "url", url, NULL);
}

/**
 * uplink_connection_get_url:
 * @self: a connection
 *
 * Gets the server's address as given, credentials included.
 *
 * Returns: (transfer none) (nullable): the URL, or `NULL` for a connection
 *   made without one
 *
 * Since: 1.0
 */
const char *
uplink_connection_get_url (UplinkConnection *self)
{
  g_return_val_if_fail (UPLINK_IS_CONNECTION (self), NULL);

  return self->url;
}

/**
 * uplink_connection_get_state:
 * @self: a connection
 *
 * Gets the state of the connection.
 *
 * Returns: the state
 *
 * Since: 1.0
 */
UplinkState
uplink_connection_get_state (UplinkConnection *self)
{
  g_return_val_if_fail (UPLINK_IS_CONNECTION (self), UPLINK_STATE_DISCONNECTED);

  return self->state;
}

/**
 * uplink_connection_get_status:
 * @self: a connection
 *
 * Gets the state as the CometChat `getConnectionStatus()` string.
 *
 * Returns: (transfer none): `"connected"`, `"connecting"`,
 *   `"disconnected"` or `"featureThrottled"`
 *
 * Since: 1.0
 */
const char *
uplink_connection_get_status (UplinkConnection *self)
{
  g_return_val_if_fail (UPLINK_IS_CONNECTION (self), NULL);

  return uplink_state_to_string (self->state);
}

/**
 * uplink_connection_get_last_error:
 * @self: a connection
 *
 * Gets the last failure; see [property@Connection:last-error].
 *
 * Returns: (transfer none) (nullable): the last error, or `NULL`
 *
 * Since: 1.0
 */
const GError *
uplink_connection_get_last_error (UplinkConnection *self)
{
  g_return_val_if_fail (UPLINK_IS_CONNECTION (self), NULL);

  return self->last_error;
}

/**
 * uplink_connection_get_throttled_features:
 * @self: a connection
 *
 * Gets the features the server paused.
 *
 * Returns: (transfer none) (array zero-terminated=1): the features, empty
 *   unless the state is featureThrottled
 *
 * Since: 1.0
 */
const char * const *
uplink_connection_get_throttled_features (UplinkConnection *self)
{
  g_return_val_if_fail (UPLINK_IS_CONNECTION (self), NULL);

  return (const char * const *) self->throttled_features;
}

/**
 * uplink_connection_get_throttled_until:
 * @self: a connection
 *
 * Gets when the server said it will lift the throttle; see
 * [property@Connection:throttled-until].
 *
 * Returns: g_get_real_time() µs, or 0 when not throttled or not told
 *
 * Since: 1.0
 */
gint64
uplink_connection_get_throttled_until (UplinkConnection *self)
{
  g_return_val_if_fail (UPLINK_IS_CONNECTION (self), 0);

  return self->throttled_until;
}

/**
 * uplink_connection_get_close_code:
 * @self: a connection
 *
 * Gets the close code that ended the last session; see
 * [property@Connection:close-code].
 *
 * Returns: the code, or 0 while connected or before any session
 *
 * Since: 1.0
 */
guint
uplink_connection_get_close_code (UplinkConnection *self)
{
  g_return_val_if_fail (UPLINK_IS_CONNECTION (self), 0);

  return self->close_code;
}

/**
 * uplink_connection_get_close_reason:
 * @self: a connection
 *
 * Gets the reason the server gave when it ended the last session; see
 * [property@Connection:close-reason].
 *
 * Returns: (nullable): the reason, redacted, or %NULL
 *
 * Since: 1.0
 */
const char *
uplink_connection_get_close_reason (UplinkConnection *self)
{
  g_return_val_if_fail (UPLINK_IS_CONNECTION (self), NULL);

  return self->close_reason;
}

/**
 * uplink_connection_get_throttle_reason:
 * @self: a connection
 *
 * Gets why the server paused features, if it said.
 *
 * Returns: (transfer none) (nullable): the server's words, or `NULL`
 *
 * Since: 1.0
 */
const char *
uplink_connection_get_throttle_reason (UplinkConnection *self)
{
  g_return_val_if_fail (UPLINK_IS_CONNECTION (self), NULL);

  return self->throttle_reason;
}

/**
 * uplink_connection_get_attempt:
 * @self: a connection
 *
 * Gets how many attempts failed since the connection was last stable.
 *
 * Returns: the number of failed attempts
 *
 * Since: 1.0
 */
guint
uplink_connection_get_attempt (UplinkConnection *self)
{
  g_return_val_if_fail (UPLINK_IS_CONNECTION (self), 0);

  return self->attempt;
}

/**
 * uplink_connection_get_next_retry:
 * @self: a connection
 *
 * Gets when the next attempt starts.
 *
 * Returns: a g_get_monotonic_time() value, or 0 when none is scheduled
 *
 * Since: 1.0
 */
gint64
uplink_connection_get_next_retry (UplinkConnection *self)
{
  g_return_val_if_fail (UPLINK_IS_CONNECTION (self), 0);

  return self->next_retry;
}

/**
 * uplink_connection_get_latency:
 * @self: a connection
 *
 * Gets the round trip of the last ping.
 *
 * Returns: microseconds, or -1 when unknown
 *
 * Since: 1.0
 */
gint64
uplink_connection_get_latency (UplinkConnection *self)
{
  g_return_val_if_fail (UPLINK_IS_CONNECTION (self), -1);

  return self->latency;
}

/**
 * uplink_connection_get_ignored_frames:
 * @self: a connection
 *
 * Gets how many frames were ignored as broken or binary.
 *
 * Returns: the number of ignored frames
 *
 * Since: 1.0
 */
guint
uplink_connection_get_ignored_frames (UplinkConnection *self)
{
  g_return_val_if_fail (UPLINK_IS_CONNECTION (self), 0);

  return self->ignored_frames;
}

/**
 * uplink_connection_get_running:
 * @self: a connection
 *
 * Gets whether the connection was started and not stopped since.
 *
 * Returns: `TRUE` between [method@Connection.start] and
 *   [method@Connection.stop]
 *
 * Since: 1.0
 */
gboolean
uplink_connection_get_running (UplinkConnection *self)
{
  g_return_val_if_fail (UPLINK_IS_CONNECTION (self), FALSE);

  return self->running;
}

/**
 * uplink_connection_get_keepalive_interval:
 * @self: a connection
 *
 * Gets the seconds between pings.
 *
 * Returns: the keepalive interval in seconds
 *
 * Since: 1.0
 */
guint
uplink_connection_get_keepalive_interval (UplinkConnection *self)
{
  g_return_val_if_fail (UPLINK_IS_CONNECTION (self), 0);

  return self->keepalive_interval;
}

/**
 * uplink_connection_set_keepalive_interval:
 * @self: a connection
 * @seconds: seconds between pings, at least 1
 *
 * Sets the seconds between pings; an open connection follows at once.
 *
 * Since: 1.0
 */
void
uplink_connection_set_keepalive_interval (UplinkConnection *self,
                                          guint             seconds)
{
  g_return_if_fail (UPLINK_IS_CONNECTION (self));
  g_return_if_fail (seconds >= 1);

  if (self->keepalive_interval == seconds)
    return;

  self->keepalive_interval = seconds;
  uplink_connection_arm_keepalive (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEEPALIVE_INTERVAL]);
}

/**
 * uplink_connection_get_pong_timeout:
 * @self: a connection
 *
 * Gets how long past the keepalive interval a silent server is trusted.
 *
 * Returns: the pong timeout in seconds
 *
 * Since: 1.0
 */
guint
uplink_connection_get_pong_timeout (UplinkConnection *self)
{
  g_return_val_if_fail (UPLINK_IS_CONNECTION (self), 0);

  return self->pong_timeout;
}

/**
 * uplink_connection_set_pong_timeout:
 * @self: a connection
 * @seconds: the pong timeout in seconds, at least 1
 *
 * Sets how long past the keepalive interval a silent server is trusted.
 *
 * Since: 1.0
 */
void
uplink_connection_set_pong_timeout (UplinkConnection *self,
                                    guint             seconds)
{
  g_return_if_fail (UPLINK_IS_CONNECTION (self));
  g_return_if_fail (seconds >= 1);

  if (self->pong_timeout == seconds)
    return;

  self->pong_timeout = seconds;
  uplink_connection_arm_keepalive (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PONG_TIMEOUT]);
}

/**
 * uplink_connection_get_connect_timeout:
 * @self: a connection
 *
 * Gets how long an attempt may take.
 *
 * Returns: the connect timeout in seconds
 *
 * Since: 1.0
 */
guint
uplink_connection_get_connect_timeout (UplinkConnection *self)
{
  g_return_val_if_fail (UPLINK_IS_CONNECTION (self), 0);

  return self->connect_timeout;
}

/**
 * uplink_connection_set_connect_timeout:
 * @self: a connection
 * @seconds: the connect timeout in seconds, at least 1
 *
 * Sets how long an attempt may take; it applies from the next attempt.
 *
 * Since: 1.0
 */
void
uplink_connection_set_connect_timeout (UplinkConnection *self,
                                       guint             seconds)
{
  g_return_if_fail (UPLINK_IS_CONNECTION (self));
  g_return_if_fail (seconds >= 1);

  if (self->connect_timeout == seconds)
    return;

  self->connect_timeout = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECT_TIMEOUT]);
}

/**
 * uplink_connection_get_max_incoming_payload:
 * @self: a connection
 *
 * Gets the largest frame the server may send.
 *
 * Returns: bytes
 *
 * Since: 1.0
 */
guint64
uplink_connection_get_max_incoming_payload (UplinkConnection *self)
{
  g_return_val_if_fail (UPLINK_IS_CONNECTION (self), 0);

  return self->max_incoming_payload;
}

/**
 * uplink_connection_set_max_incoming_payload:
 * @self: a connection
 * @bytes: the largest frame the server may send, at least 1
 *
 * Sets the largest frame the server may send; an open connection follows
 * at once.
 *
 * Since: 1.0
 */
void
uplink_connection_set_max_incoming_payload (UplinkConnection *self,
                                            guint64           bytes)
{
  g_return_if_fail (UPLINK_IS_CONNECTION (self));
  g_return_if_fail (bytes >= 1);

  if (self->max_incoming_payload == bytes)
    return;

  self->max_incoming_payload = bytes;
  if (self->socket != NULL)
    soup_websocket_connection_set_max_incoming_payload_size (self->socket, bytes);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_INCOMING_PAYLOAD]);
}

/**
 * uplink_connection_get_tls_ca_file:
 * @self: a connection
 *
 * Gets the file of certificate authorities trusted instead of the
 * system's.
 *
 * Returns: (type filename) (nullable): the file, or `NULL`
 *
 * Since: 1.0
 */
const char *
uplink_connection_get_tls_ca_file (UplinkConnection *self)
{
  g_return_val_if_fail (UPLINK_IS_CONNECTION (self), NULL);

  return self->tls_ca_file;
}

/**
 * uplink_connection_set_tls_ca_file:
 * @self: a connection
 * @file: (type filename) (nullable): a PEM file, or `NULL` for the
 *   system's certificate authorities
 *
 * Sets the certificate authorities to trust from the next attempt.
 *
 * Since: 1.0
 */
void
uplink_connection_set_tls_ca_file (UplinkConnection *self,
                                   const char       *file)
{
  g_return_if_fail (UPLINK_IS_CONNECTION (self));

  if (!uplink_set_str (&self->tls_ca_file, file))
    return;

  /* Back to the system's trust, never to no verification. */
  if (file == NULL && self->session != NULL)
    soup_session_set_tls_database (self->session,
                                   g_tls_backend_get_default_database (g_tls_backend_get_default ()));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TLS_CA_FILE]);
}

/**
 * uplink_connection_get_profile:
 * @self: a connection
 *
 * Gets the profile set with [method@Connection.set_profile].
 *
 * Returns: the profile
 *
 * Since: 1.0
 */
UplinkProfile
uplink_connection_get_profile (UplinkConnection *self)
{
  g_return_val_if_fail (UPLINK_IS_CONNECTION (self), UPLINK_PROFILE_AUTO);

  return self->profile;
}

/**
 * uplink_connection_set_profile:
 * @self: a connection
 * @profile: the kind of server
 *
 * Sets the kind of server to expect, from the next attempt.
 *
 * Since: 1.0
 */
void
uplink_connection_set_profile (UplinkConnection *self,
                               UplinkProfile     profile)
{
  g_return_if_fail (UPLINK_IS_CONNECTION (self));
  g_return_if_fail (profile >= UPLINK_PROFILE_AUTO && profile <= UPLINK_PROFILE_XMPP);

  if (self->profile == profile)
    return;

  self->profile = profile;
  self->learned_profile = UPLINK_PROFILE_AUTO;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROFILE]);
}

/**
 * uplink_connection_get_active_profile:
 * @self: a connection
 *
 * Gets the profile in use: the one set, or what `auto` resolved to.
 *
 * Returns: the profile; `UPLINK_PROFILE_AUTO` only before the first
 *   attempt
 *
 * Since: 1.0
 */
UplinkProfile
uplink_connection_get_active_profile (UplinkConnection *self)
{
  g_return_val_if_fail (UPLINK_IS_CONNECTION (self), UPLINK_PROFILE_AUTO);

  return self->active_profile;
}

/**
 * uplink_connection_get_username:
 * @self: a connection
 *
 * Gets the user name for profiles with a login.
 *
 * Returns: (nullable): the user name, or `NULL`
 *
 * Since: 1.0
 */
const char *
uplink_connection_get_username (UplinkConnection *self)
{
  g_return_val_if_fail (UPLINK_IS_CONNECTION (self), NULL);

  return self->username;
}

/**
 * uplink_connection_set_username:
 * @self: a connection
 * @username: (nullable): a user name, or `NULL` (or "") for none
 *
 * Sets the user name for profiles with a login, from the next attempt.
 *
 * Since: 1.0
 */
void
uplink_connection_set_username (UplinkConnection *self,
                                const char       *username)
{
  g_return_if_fail (UPLINK_IS_CONNECTION (self));

  /* Settings keep "none" as an empty string. */
  if (username != NULL && *username == '\0')
    username = NULL;
  if (uplink_set_str (&self->username, username))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USERNAME]);
}

/**
 * uplink_connection_set_password:
 * @self: a connection
 * @password: (nullable): a password or token, or `NULL` (or "") for none
 *
 * Sets the password for profiles with a login (the auth token for
 * socket.io), from the next attempt. There is no getter: the password
 * never leaves the connection except to the server.
 *
 * Since: 1.0
 */
void
uplink_connection_set_password (UplinkConnection *self,
                                const char       *password)
{
  g_return_if_fail (UPLINK_IS_CONNECTION (self));

  if (password != NULL && *password == '\0')
    password = NULL;
  if (uplink_set_str (&self->password, password))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PASSWORD]);
}

/**
 * uplink_connection_get_backoff_initial:
 * @self: a connection
 *
 * Gets the longest wait before the first retry.
 *
 * Returns: milliseconds
 *
 * Since: 1.0
 */
guint
uplink_connection_get_backoff_initial (UplinkConnection *self)
{
  g_return_val_if_fail (UPLINK_IS_CONNECTION (self), 0);

  return uplink_backoff_get_initial (self->backoff);
}

/**
 * uplink_connection_set_backoff_initial:
 * @self: a connection
 * @milliseconds: the longest wait before the first retry, at least 1
 *
 * Sets the longest wait before the first retry.
 *
 * Since: 1.0
 */
void
uplink_connection_set_backoff_initial (UplinkConnection *self,
                                       guint             milliseconds)
{
  g_return_if_fail (UPLINK_IS_CONNECTION (self));
  g_return_if_fail (milliseconds >= 1);

  if (uplink_backoff_get_initial (self->backoff) == milliseconds)
    return;

  uplink_backoff_set_initial (self->backoff, milliseconds);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BACKOFF_INITIAL]);
}

/**
 * uplink_connection_get_backoff_max:
 * @self: a connection
 *
 * Gets the longest wait between two attempts.
 *
 * Returns: milliseconds
 *
 * Since: 1.0
 */
guint
uplink_connection_get_backoff_max (UplinkConnection *self)
{
  g_return_val_if_fail (UPLINK_IS_CONNECTION (self), 0);

  return uplink_backoff_get_maximum (self->backoff);
}

/**
 * uplink_connection_set_backoff_max:
 * @self: a connection
 * @milliseconds: the longest wait between two attempts, at least 1
 *
 * Sets the longest wait between two attempts.
 *
 * Since: 1.0
 */
void
uplink_connection_set_backoff_max (UplinkConnection *self,
                                   guint             milliseconds)
{
  g_return_if_fail (UPLINK_IS_CONNECTION (self));
  g_return_if_fail (milliseconds >= 1);

  if (uplink_backoff_get_maximum (self->backoff) == milliseconds)
    return;

  uplink_backoff_set_maximum (self->backoff, milliseconds);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BACKOFF_MAX]);
}

/**
 * uplink_connection_get_backoff:
 * @self: a connection
 *
 * Gets the back-off that spaces out attempts, to tune its jitter or seed.
 *
 * Returns: (transfer none): the back-off
 *
 * Since: 1.0
 */
UplinkBackoff *
uplink_connection_get_backoff (UplinkConnection *self)
{
  g_return_val_if_fail (UPLINK_IS_CONNECTION (self), NULL);

  return self->backoff;
}

/**
 * uplink_connection_get_history:
 * @self: a connection
 *
 * Gets the record of @self's transitions, for timelines and uptime
 * figures. The first entry is the disconnected state @self was created in.
 *
 * Returns: (transfer none): the connection's history
 *
 * Since: 1.0
 */
UplinkHistory *
uplink_connection_get_history (UplinkConnection *self)
{
  g_return_val_if_fail (UPLINK_IS_CONNECTION (self), NULL);

  return self->history;
}

/**
 * uplink_connection_get_network_monitor:
 * @self: a connection
 *
 * Gets the network monitor the connection follows.
 *
 * Returns: (transfer none) (nullable): the network monitor
 *
 * Since: 1.0
 */
GNetworkMonitor *
uplink_connection_get_network_monitor (UplinkConnection *self)
{
  g_return_val_if_fail (UPLINK_IS_CONNECTION (self), NULL);

  return self->network_monitor;
}

/**
 * uplink_connection_set_network_monitor:
 * @self: a connection
 * @monitor: (nullable): a network monitor, or `NULL` to ignore the network
 *
 * Sets the network monitor that tells when the network goes and returns.
 *
 * Since: 1.0
 */
void
uplink_connection_set_network_monitor (UplinkConnection *self,
                                       GNetworkMonitor  *monitor)
{
  g_return_if_fail (UPLINK_IS_CONNECTION (self));
  g_return_if_fail (monitor == NULL || G_IS_NETWORK_MONITOR (monitor));

  if (self->network_monitor == monitor)
    return;

  if (self->network_monitor != NULL)
    {
      g_clear_signal_handler (&self->network_handler, self->network_monitor);
      g_clear_signal_handler (&self->network_changed_handler, self->network_monitor);
    }
  g_set_object (&self->network_monitor, monitor);
  /* Some monitors only notify the property, without network-changed. */
  if (monitor != NULL)
    {
      self->network_handler = g_signal_connect (monitor, "notify::network-available",
                                                G_CALLBACK (uplink_connection_on_network_notify), self);
      self->network_changed_handler = g_signal_connect (monitor, "network-changed",
                                                        G_CALLBACK (uplink_connection_on_network_event), self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NETWORK_MONITOR]);
}

/**
 * uplink_connection_get_session:
 * @self: a connection
 *
 * Gets the HTTP session the connection uses.
 *
 * Returns: (transfer none) (nullable): the session, or `NULL` before the
 *   first attempt when none was set
 *
 * Since: 1.0
 */
SoupSession *
uplink_connection_get_session (UplinkConnection *self)
{
  g_return_val_if_fail (UPLINK_IS_CONNECTION (self), NULL);

  return self->session;
}

/**
 * uplink_connection_set_session:
 * @self: a connection
 * @session: (nullable): a session, or `NULL` for one of the connection's own
 *
 * Sets the HTTP session to use from the next attempt, for proxies and TLS
 * settings.
 *
 * Since: 1.0
 */
void
uplink_connection_set_session (UplinkConnection *self,
                               SoupSession      *session)
{
  g_return_if_fail (UPLINK_IS_CONNECTION (self));
  g_return_if_fail (session == NULL || SOUP_IS_SESSION (session));

  if (g_set_object (&self->session, session))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

/**
 * uplink_connection_get_protocols:
 * @self: a connection
 *
 * Gets the subprotocols offered instead of the profile's own.
 *
 * Returns: (transfer none) (nullable) (array zero-terminated=1): the
 *   subprotocols
 *
 * Since: 1.0
 */
const char * const *
uplink_connection_get_protocols (UplinkConnection *self)
{
  g_return_val_if_fail (UPLINK_IS_CONNECTION (self), NULL);

  return (const char * const *) self->protocols;
}

/**
 * uplink_connection_set_protocols:
 * @self: a connection
 * @protocols: (nullable) (array zero-terminated=1): subprotocols to offer
 *
 * Sets the subprotocols to offer from the next attempt, instead of the
 * profile's own; exactly these are offered.
 *
 * Since: 1.0
 */
void
uplink_connection_set_protocols (UplinkConnection   *self,
                                 const char * const *protocols)
{
  g_return_if_fail (UPLINK_IS_CONNECTION (self));

  if (self->protocols != NULL && protocols != NULL &&
      g_strv_equal ((const char * const *) self->protocols, protocols))
    return;
  if (self->protocols == NULL && protocols == NULL)
    return;

  g_strfreev (self->protocols);
  self->protocols = g_strdupv ((char **) protocols);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROTOCOLS]);
}

/**
 * uplink_connection_get_negotiated_protocol:
 * @self: a connection
 *
 * Gets the subprotocol the server chose.
 *
 * Returns: (transfer none) (nullable): the subprotocol, or `NULL`
 *
 * Since: 1.0
 */
const char *
uplink_connection_get_negotiated_protocol (UplinkConnection *self)
{
  g_return_val_if_fail (UPLINK_IS_CONNECTION (self), NULL);

  return self->negotiated_protocol;
}

/**
 * uplink_connection_get_request_header:
 * @self: a connection
 * @name: a header name
 *
 * Gets a header set with [method@Connection.set_request_header].
 *
 * Returns: (transfer none) (nullable): the value, or `NULL`
 *
 * Since: 1.0
 */
const char *
uplink_connection_get_request_header (UplinkConnection *self,
                                      const char       *name)
{
  g_return_val_if_fail (UPLINK_IS_CONNECTION (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return g_hash_table_lookup (self->request_headers, name);
}

/**
 * uplink_connection_set_request_header:
 * @self: a connection
 * @name: a header name, such as `Authorization`
 * @value: (nullable): its value, or `NULL` to remove it
 *
 * Sets a header sent with every handshake from the next attempt.
 *
 * Header values are never logged or shown. After the server refused the
 * credentials ([error@Uplink.ConnectionError.AUTH]), a new header starts
 * an attempt at once.
 *
 * Since: 1.0
 */
void
uplink_connection_set_request_header (UplinkConnection *self,
                                      const char       *name,
                                      const char       *value)
{
  g_autoptr(UplinkConnection) hold = NULL;

  g_return_if_fail (UPLINK_IS_CONNECTION (self));
  g_return_if_fail (name != NULL && *name != '\0');

  if (value == NULL)
    g_hash_table_remove (self->request_headers, name);
  else
    g_hash_table_replace (self->request_headers, g_strdup (name), g_strdup (value));

  if (self->running && self->waiting_for_user)
    {
      hold = g_object_ref (self);
      uplink_connection_begin_attempt (self);
    }
}

/**
 * uplink_connection_start:
 * @self: a connection
 *
 * Starts connecting, and reconnecting whenever the connection is lost,
 * until [method@Connection.stop].
 *
 * Does nothing if the connection is already running.
 *
 * Since: 1.0
 */
void
uplink_connection_start (UplinkConnection *self)
{
  g_autoptr(UplinkConnection) hold = NULL;

  g_return_if_fail (UPLINK_IS_CONNECTION (self));

  if (self->running)
    return;

  hold = g_object_ref (self);
  self->running = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  uplink_backoff_reset (self->backoff);
  set_attempt (self, 0);
  uplink_connection_begin_attempt (self);
}

/**
 * uplink_connection_stop:
 * @self: a connection
 *
 * Closes the connection and stops reconnecting.
 *
 * The state becomes disconnected without an error. Does nothing if the
 * connection is not running.
 *
 * Since: 1.0
 */
void
uplink_connection_stop (UplinkConnection *self)
{
  g_autoptr(UplinkConnection) hold = NULL;

  g_return_if_fail (UPLINK_IS_CONNECTION (self));

  if (!self->running)
    return;

  hold = g_object_ref (self);
  self->running = FALSE;
  self->waiting_for_user = FALSE;
  self->epoch++;
  teardown (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  set_state (self, UPLINK_STATE_DISCONNECTED);
  /* After the callbacks: what they sent while stopping goes too. */
  uplink_send_queue_cancel (self->send_queue);
}

/**
 * uplink_connection_reconnect_now:
 * @self: a connection
 *
 * Makes a new attempt at once.
 *
 * An open connection is closed and opened again; a scheduled retry is
 * brought forward; after a refusal of the credentials, attempts resume.
 * A stopped connection is started.
 *
 * Since: 1.0
 */
void
uplink_connection_reconnect_now (UplinkConnection *self)
{
  g_autoptr(UplinkConnection) hold = NULL;

  g_return_if_fail (UPLINK_IS_CONNECTION (self));

  if (!self->running)
    {
      uplink_connection_start (self);
      return;
    }

  hold = g_object_ref (self);
  uplink_connection_begin_attempt (self);
}

/**
 * uplink_connection_send_text:
 * @self: a connection
 * @text: the text to send
 *
 * Sends a text frame on the open connection.
 *
 * Returns: `TRUE` if the connection was open to send it
 *
 * Since: 1.0
 */
gboolean
uplink_connection_send_text (UplinkConnection *self,
                             const char       *text)
{
  g_return_val_if_fail (UPLINK_IS_CONNECTION (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if (self->socket == NULL ||
      soup_websocket_connection_get_state (self->socket) != SOUP_WEBSOCKET_STATE_OPEN)
    return FALSE;

  soup_websocket_connection_send_text (self->socket, text);
  return TRUE;
}

/**
 * uplink_connection_add_listener:
 * @self: a connection
 * @id: an id for the listener, as in CometChat's `addConnectionListener`
 * @listener: the listener
 *
 * Adds @listener under @id; it is called on every change from the next
 * one on, after the connection's own signals.
 *
 * A listener already added under @id is removed first, so an id names one
 * listener at most; the new one is called after those added before it.
 *
 * Since: 1.0
 */
void
uplink_connection_add_listener (UplinkConnection         *self,
                                const char               *id,
                                UplinkConnectionListener *listener)
{
  g_return_if_fail (UPLINK_IS_CONNECTION (self));
  g_return_if_fail (id != NULL);
  g_return_if_fail (UPLINK_IS_CONNECTION_LISTENER (listener));

  uplink_dispatch_add_listener (&self->dispatch, id, listener);
}

/**
 * uplink_connection_remove_listener:
 * @self: a connection
 * @id: the id the listener was added under
 *
 * Removes the listener added under @id; it is not called again, even for
 * an event being delivered right now.
 *
 * Returns: `TRUE` if a listener was removed
 *
 * Since: 1.0
 */
gboolean
uplink_connection_remove_listener (UplinkConnection *self,
                                   const char       *id)
{
  g_return_val_if_fail (UPLINK_IS_CONNECTION (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  return uplink_dispatch_remove_listener (&self->dispatch, id);
}
