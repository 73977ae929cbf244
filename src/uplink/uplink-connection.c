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
#include "uplink-history-private.h"
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

GParamSpec *uplink_connection_properties[N_PROPS];
guint uplink_connection_signals[N_SIGNALS];

static void uplink_connection_status_source_init (UplinkStatusSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (UplinkConnection, uplink_connection, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (UPLINK_TYPE_STATUS_SOURCE,
                                                      uplink_connection_status_source_init))

void
uplink_connection_set_throttled_features (UplinkConnection   *self,
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
      g_object_notify_by_pspec (G_OBJECT (self), uplink_connection_properties[PROP_THROTTLED_FEATURES]);
    }

  if (uplink_set_str (&self->throttle_reason, reason))
    g_object_notify_by_pspec (G_OBJECT (self), uplink_connection_properties[PROP_THROTTLE_REASON]);
}

void
uplink_connection_set_throttled_until (UplinkConnection *self,
                                       gint64            throttled_until)
{
  if (self->throttled_until == throttled_until)
    return;

  self->throttled_until = throttled_until;
  g_object_notify_by_pspec (G_OBJECT (self), uplink_connection_properties[PROP_THROTTLED_UNTIL]);
}

/* How the last session ended, kept until the next one: a clean close
 * is no error, yet people want to know who ended it and why. */
void
uplink_connection_set_close (UplinkConnection *self,
                             guint             code,
                             const char       *reason)
{
  g_autofree char *redacted = reason != NULL ? uplink_connection_redact_server_text (self, reason) : NULL;

  if (self->close_code != code)
    {
      self->close_code = code;
      g_object_notify_by_pspec (G_OBJECT (self), uplink_connection_properties[PROP_CLOSE_CODE]);
    }
  if (uplink_set_str (&self->close_reason, redacted))
    g_object_notify_by_pspec (G_OBJECT (self), uplink_connection_properties[PROP_CLOSE_REASON]);
}

void
uplink_connection_set_state (UplinkConnection *self,
                             UplinkState       state)
{
  if (self->state == state)
    return;

  self->state = state;
  if (state != UPLINK_STATE_FEATURE_THROTTLED)
    {
      g_clear_handle_id (&self->throttle_source, g_source_remove);
      uplink_connection_set_throttled_features (self, NULL, NULL);
      uplink_connection_set_throttled_until (self, 0);
    }

  g_debug ("%s: %s", self->display_url, uplink_state_to_string (state));

  /* Whatever waited goes out before anyone hears that the connection is
   * up, so it stays ahead of what they send in answer. */
  uplink_connection_flush_sends (self);
  uplink_dispatch_state (&self->dispatch, state, (const char * const *) self->throttled_features);
}

void
uplink_connection_report_error (UplinkConnection *self,
                                const GError     *error)
{
  g_clear_error (&self->last_error);
  /* Whatever the server put in it is redacted before anyone sees it. */
  self->last_error = uplink_connection_redact_error (self, error);
  g_debug ("%s: %s", self->display_url, self->last_error->message);
  g_object_notify_by_pspec (G_OBJECT (self), uplink_connection_properties[PROP_LAST_ERROR]);

  uplink_dispatch_error (&self->dispatch, self->last_error);
}

void
uplink_connection_set_next_retry (UplinkConnection *self,
                                  gint64            next_retry)
{
  if (self->next_retry == next_retry)
    return;

  self->next_retry = next_retry;
  g_object_notify_by_pspec (G_OBJECT (self), uplink_connection_properties[PROP_NEXT_RETRY]);
}

void
uplink_connection_set_attempt (UplinkConnection *self,
                               guint             attempt)
{
  if (self->attempt == attempt)
    return;

  self->attempt = attempt;
  g_object_notify_by_pspec (G_OBJECT (self), uplink_connection_properties[PROP_ATTEMPT]);
}

void
uplink_connection_set_latency (UplinkConnection *self,
                               gint64            latency)
{
  if (self->latency == latency)
    return;

  self->latency = latency;
  g_object_notify_by_pspec (G_OBJECT (self), uplink_connection_properties[PROP_LATENCY]);
}

void
uplink_connection_set_negotiated_protocol (UplinkConnection *self,
                                           const char       *protocol)
{
  if (uplink_set_str (&self->negotiated_protocol, protocol))
    g_object_notify_by_pspec (G_OBJECT (self), uplink_connection_properties[PROP_NEGOTIATED_PROTOCOL]);
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
  g_object_notify_by_pspec (G_OBJECT (self), uplink_connection_properties[PROP_ACTIVE_PROFILE]);
}

static void
get_details (UplinkStatusSource  *source,
             UplinkSourceDetails *details)
{
  UplinkConnection *self = UPLINK_CONNECTION (source);

  details->url = self->url;
  details->close_code = self->close_code;
  details->close_reason = self->close_reason;
  details->throttle_reason = self->throttle_reason;
  details->throttled_until = self->throttled_until;
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
  iface->get_details = get_details;
}

static void
uplink_connection_dispose (GObject *object)
{
  UplinkConnection *self = (UplinkConnection *) object;

  self->running = FALSE;
  uplink_connection_teardown (self);
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
uplink_connection_class_init (UplinkConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  uplink_ensure_translations ();

  object_class->constructed = uplink_connection_constructed;
  object_class->dispose = uplink_connection_dispose;
  object_class->finalize = uplink_connection_finalize;
  uplink_connection_class_install_properties (klass);
}

static void
uplink_connection_init (UplinkConnection *self)
{
  self->state = UPLINK_STATE_DISCONNECTED;
  self->latency = -1;
  self->keepalive_interval = UPLINK_DEFAULT_KEEPALIVE_INTERVAL_S;
  self->pong_timeout = UPLINK_DEFAULT_PONG_TIMEOUT_S;
  self->connect_timeout = UPLINK_DEFAULT_CONNECT_TIMEOUT_S;
  self->max_incoming_payload = UPLINK_DEFAULT_MAX_INCOMING_PAYLOAD;
  self->backoff = uplink_backoff_new (UPLINK_DEFAULT_BACKOFF_INITIAL_MS, UPLINK_DEFAULT_BACKOFF_MAX_MS);
  self->throttled_features = g_new0 (char *, 1);
  self->request_headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->retired_sessions = g_ptr_array_new_with_free_func ((GDestroyNotify) uplink_profile_session_free);
  self->history = uplink_history_new (UPLINK_HISTORY_DEFAULT_CAPACITY);
  uplink_history_add (self->history, self->state, g_get_monotonic_time (), g_get_real_time ());
  uplink_dispatch_init (&self->dispatch, UPLINK_STATUS_SOURCE (self), self->history,
                        uplink_connection_properties[PROP_STATE], uplink_connection_properties[PROP_STATUS], uplink_connection_signals);
  self->send_queue = uplink_send_queue_new (G_OBJECT (self), uplink_connection_properties[PROP_SEND_QUEUE_LENGTH],
                                            uplink_connection_properties[PROP_SEND_QUEUE_LIMIT],
                                            uplink_connection_properties[PROP_SEND_QUEUE_MAX_AGE]);
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
  g_object_notify_by_pspec (G_OBJECT (self), uplink_connection_properties[PROP_RUNNING]);
  uplink_backoff_reset (self->backoff);
  uplink_connection_set_attempt (self, 0);
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
  uplink_connection_teardown (self);
  g_object_notify_by_pspec (G_OBJECT (self), uplink_connection_properties[PROP_RUNNING]);
  uplink_connection_set_state (self, UPLINK_STATE_DISCONNECTED);
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
