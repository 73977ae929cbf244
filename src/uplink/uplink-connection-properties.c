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

/*
 * The connection's properties and signals: their documentation,
 * get_property and set_property.
 */

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
    case PROP_BACKOFF_JITTER:
      g_value_set_boolean (value, uplink_connection_get_backoff_jitter (self));
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
    case PROP_BACKOFF_JITTER:
      uplink_connection_set_backoff_jitter (self, g_value_get_boolean (value));
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

/* Called by class_init: G_DEFINE_FINAL_TYPE keeps that one static. */
void
uplink_connection_class_install_properties (UplinkConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

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
  uplink_connection_properties[PROP_URL] =
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
  uplink_connection_properties[PROP_STATE] =
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
  uplink_connection_properties[PROP_STATUS] =
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
  uplink_connection_properties[PROP_LAST_ERROR] =
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
  uplink_connection_properties[PROP_THROTTLED_FEATURES] =
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
  uplink_connection_properties[PROP_THROTTLE_REASON] =
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
  uplink_connection_properties[PROP_THROTTLED_UNTIL] =
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
  uplink_connection_properties[PROP_CLOSE_CODE] =
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
  uplink_connection_properties[PROP_CLOSE_REASON] =
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
  uplink_connection_properties[PROP_ATTEMPT] =
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
  uplink_connection_properties[PROP_NEXT_RETRY] =
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
  uplink_connection_properties[PROP_LATENCY] =
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
  uplink_connection_properties[PROP_IGNORED_FRAMES] =
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
  uplink_connection_properties[PROP_RUNNING] =
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
  uplink_connection_properties[PROP_KEEPALIVE_INTERVAL] =
    g_param_spec_uint ("keepalive-interval", NULL, NULL,
                       1, 3600, UPLINK_DEFAULT_KEEPALIVE_INTERVAL_S,
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
  uplink_connection_properties[PROP_PONG_TIMEOUT] =
    g_param_spec_uint ("pong-timeout", NULL, NULL,
                       1, 3600, UPLINK_DEFAULT_PONG_TIMEOUT_S,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * UplinkConnection:connect-timeout:
   *
   * Seconds an attempt may take before it fails with
   * [error@Uplink.ConnectionError.TIMEOUT].
   *
   * Since: 1.0
   */
  uplink_connection_properties[PROP_CONNECT_TIMEOUT] =
    g_param_spec_uint ("connect-timeout", NULL, NULL,
                       1, 3600, UPLINK_DEFAULT_CONNECT_TIMEOUT_S,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * UplinkConnection:backoff-initial:
   *
   * The longest wait, in milliseconds, before the first retry.
   *
   * Since: 1.0
   */
  uplink_connection_properties[PROP_BACKOFF_INITIAL] =
    g_param_spec_uint ("backoff-initial", NULL, NULL,
                       1, G_MAXINT, UPLINK_DEFAULT_BACKOFF_INITIAL_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * UplinkConnection:backoff-max:
   *
   * The longest wait, in milliseconds, between two attempts.
   *
   * Since: 1.0
   */
  uplink_connection_properties[PROP_BACKOFF_MAX] =
    g_param_spec_uint ("backoff-max", NULL, NULL,
                       1, G_MAXINT, UPLINK_DEFAULT_BACKOFF_MAX_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * UplinkConnection:backoff-jitter:
   *
   * Whether each wait between attempts is drawn at random up to its
   * ceiling (full jitter), or is exactly the ceiling.
   *
   * Since: 1.0
   */
  uplink_connection_properties[PROP_BACKOFF_JITTER] =
    g_param_spec_boolean ("backoff-jitter", NULL, NULL,
                          TRUE,
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
  uplink_connection_properties[PROP_NETWORK_MONITOR] =
    g_param_spec_object ("network-monitor", NULL, NULL,
                         G_TYPE_NETWORK_MONITOR,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * UplinkConnection:session:
   *
   * The HTTP session whose settings the connection uses: its
   * `proxy-resolver` (none: connect directly) and its `tls-database`, unless
   * [property@Connection:tls-ca-file] is set. The handshake itself is the
   * connection's own, and never follows a redirect.
   *
   * Since: 1.0
   */
  uplink_connection_properties[PROP_SESSION] =
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
  uplink_connection_properties[PROP_PROTOCOLS] =
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
  uplink_connection_properties[PROP_NEGOTIATED_PROTOCOL] =
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
  uplink_connection_properties[PROP_MAX_INCOMING_PAYLOAD] =
    g_param_spec_uint64 ("max-incoming-payload", NULL, NULL,
                         1, G_MAXUINT64, UPLINK_DEFAULT_MAX_INCOMING_PAYLOAD,
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
  uplink_connection_properties[PROP_TLS_CA_FILE] =
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
  uplink_connection_properties[PROP_SEND_QUEUE_LIMIT] =
    g_param_spec_uint ("send-queue-limit", NULL, NULL,
                       1, G_MAXUINT, UPLINK_DEFAULT_SEND_QUEUE_LIMIT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * UplinkConnection:send-queue-max-age:
   *
   * How many seconds a message may wait for the connection before it
   * fails with [error@Uplink.ConnectionError.EXPIRED].
   *
   * Since: 1.0
   */
  uplink_connection_properties[PROP_SEND_QUEUE_MAX_AGE] =
    g_param_spec_uint ("send-queue-max-age", NULL, NULL,
                       0, G_MAXUINT / 1000, UPLINK_DEFAULT_SEND_QUEUE_MAX_AGE_S,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * UplinkConnection:send-queue-length:
   *
   * How many messages wait for the connection, not yet written.
   *
   * Since: 1.0
   */
  uplink_connection_properties[PROP_SEND_QUEUE_LENGTH] =
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
  uplink_connection_properties[PROP_PROFILE] =
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
  uplink_connection_properties[PROP_ACTIVE_PROFILE] =
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
  uplink_connection_properties[PROP_USERNAME] =
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
  uplink_connection_properties[PROP_PASSWORD] =
    g_param_spec_string ("password", NULL, NULL,
                         NULL,
                         G_PARAM_WRITABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, uplink_connection_properties);
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
  uplink_dispatch_new_signals (G_TYPE_FROM_CLASS (klass), uplink_connection_signals);

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
  uplink_connection_signals[SIGNAL_MESSAGE] =
    g_signal_new ("message",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
}
