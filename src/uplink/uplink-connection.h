/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#if !defined(UPLINK_INSIDE) && !defined(UPLINK_COMPILATION)
#error "Only <uplink.h> can be included directly."
#endif

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "uplink-version.h"
#include "uplink-state.h"
#include "uplink-backoff.h"
#include "uplink-connection-listener.h"
#include "uplink-history.h"
#include "uplink-profile.h"

G_BEGIN_DECLS

/**
 * UplinkSendFlags:
 * @UPLINK_SEND_FLAGS_NONE: the message is sent at most once: lost with a
 *   connection that dies after it was written, it fails as
 *   [error@Uplink.ConnectionError.MAYBE_LOST]
 * @UPLINK_SEND_FLAGS_RETRY: the message is sent at least once: lost with a
 *   connection, it is sent again on the next one, so the server may get
 *   it twice
 *
 * How hard [method@Connection.send_text_async] tries.
 *
 * Since: 1.0
 */
typedef enum {
  UPLINK_SEND_FLAGS_NONE  = 0,
  UPLINK_SEND_FLAGS_RETRY = 1 << 0,
} UplinkSendFlags;

#define UPLINK_TYPE_CONNECTION (uplink_connection_get_type ())

UPLINK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (UplinkConnection, uplink_connection, UPLINK, CONNECTION, GObject)

UPLINK_AVAILABLE_IN_ALL
UplinkConnection   *uplink_connection_new                    (const char               *url) G_GNUC_WARN_UNUSED_RESULT;

UPLINK_AVAILABLE_IN_ALL
const char         *uplink_connection_get_url                (UplinkConnection         *self);
UPLINK_AVAILABLE_IN_ALL
UplinkState         uplink_connection_get_state              (UplinkConnection         *self);
UPLINK_AVAILABLE_IN_ALL
const char         *uplink_connection_get_status             (UplinkConnection         *self);
UPLINK_AVAILABLE_IN_ALL
const GError       *uplink_connection_get_last_error         (UplinkConnection         *self);
UPLINK_AVAILABLE_IN_ALL
const char * const *uplink_connection_get_throttled_features (UplinkConnection         *self);
UPLINK_AVAILABLE_IN_ALL
const char         *uplink_connection_get_throttle_reason    (UplinkConnection         *self);
UPLINK_AVAILABLE_IN_ALL
gint64              uplink_connection_get_throttled_until    (UplinkConnection         *self);
UPLINK_AVAILABLE_IN_ALL
guint               uplink_connection_get_close_code         (UplinkConnection         *self);
UPLINK_AVAILABLE_IN_ALL
const char         *uplink_connection_get_close_reason       (UplinkConnection         *self);
UPLINK_AVAILABLE_IN_ALL
guint               uplink_connection_get_attempt            (UplinkConnection         *self);
UPLINK_AVAILABLE_IN_ALL
gint64              uplink_connection_get_next_retry         (UplinkConnection         *self);
UPLINK_AVAILABLE_IN_ALL
gint64              uplink_connection_get_latency            (UplinkConnection         *self);
UPLINK_AVAILABLE_IN_ALL
guint               uplink_connection_get_ignored_frames     (UplinkConnection         *self);
UPLINK_AVAILABLE_IN_ALL
gboolean            uplink_connection_get_running            (UplinkConnection         *self);

UPLINK_AVAILABLE_IN_ALL
guint               uplink_connection_get_keepalive_interval (UplinkConnection         *self);
UPLINK_AVAILABLE_IN_ALL
void                uplink_connection_set_keepalive_interval (UplinkConnection         *self,
                                                              guint                     seconds);
UPLINK_AVAILABLE_IN_ALL
guint               uplink_connection_get_pong_timeout       (UplinkConnection         *self);
UPLINK_AVAILABLE_IN_ALL
void                uplink_connection_set_pong_timeout       (UplinkConnection         *self,
                                                              guint                     seconds);
UPLINK_AVAILABLE_IN_ALL
guint               uplink_connection_get_connect_timeout    (UplinkConnection         *self);
UPLINK_AVAILABLE_IN_ALL
void                uplink_connection_set_connect_timeout    (UplinkConnection         *self,
                                                              guint                     seconds);
UPLINK_AVAILABLE_IN_ALL
guint64             uplink_connection_get_max_incoming_payload (UplinkConnection       *self);
UPLINK_AVAILABLE_IN_ALL
void                uplink_connection_set_max_incoming_payload (UplinkConnection       *self,
                                                                guint64                 bytes);
UPLINK_AVAILABLE_IN_ALL
const char         *uplink_connection_get_tls_ca_file        (UplinkConnection         *self);
UPLINK_AVAILABLE_IN_ALL
void                uplink_connection_set_tls_ca_file        (UplinkConnection         *self,
                                                              const char               *file);
UPLINK_AVAILABLE_IN_ALL
guint               uplink_connection_get_backoff_initial    (UplinkConnection         *self);
UPLINK_AVAILABLE_IN_ALL
void                uplink_connection_set_backoff_initial    (UplinkConnection         *self,
                                                              guint                     milliseconds);
UPLINK_AVAILABLE_IN_ALL
guint               uplink_connection_get_backoff_max        (UplinkConnection         *self);
UPLINK_AVAILABLE_IN_ALL
void                uplink_connection_set_backoff_max        (UplinkConnection         *self,
                                                              guint                     milliseconds);
UPLINK_AVAILABLE_IN_ALL
GNetworkMonitor    *uplink_connection_get_network_monitor    (UplinkConnection         *self);
UPLINK_AVAILABLE_IN_ALL
void                uplink_connection_set_network_monitor    (UplinkConnection         *self,
                                                              GNetworkMonitor          *monitor);
UPLINK_AVAILABLE_IN_ALL
SoupSession        *uplink_connection_get_session            (UplinkConnection         *self);
UPLINK_AVAILABLE_IN_ALL
void                uplink_connection_set_session            (UplinkConnection         *self,
                                                              SoupSession              *session);
UPLINK_AVAILABLE_IN_ALL
const char * const *uplink_connection_get_protocols          (UplinkConnection         *self);
UPLINK_AVAILABLE_IN_ALL
void                uplink_connection_set_protocols          (UplinkConnection         *self,
                                                              const char * const       *protocols);
UPLINK_AVAILABLE_IN_ALL
const char         *uplink_connection_get_request_header     (UplinkConnection         *self,
                                                              const char               *name);
UPLINK_AVAILABLE_IN_ALL
void                uplink_connection_set_request_header     (UplinkConnection         *self,
                                                              const char               *name,
                                                              const char               *value);
UPLINK_AVAILABLE_IN_ALL
const char         *uplink_connection_get_negotiated_protocol (UplinkConnection        *self);

UPLINK_AVAILABLE_IN_ALL
void                uplink_connection_start                  (UplinkConnection         *self);
UPLINK_AVAILABLE_IN_ALL
void                uplink_connection_stop                   (UplinkConnection         *self);
UPLINK_AVAILABLE_IN_ALL
gboolean            uplink_connection_check_url              (const char               *url,
                                                              GError                  **error);
UPLINK_AVAILABLE_IN_ALL
void                uplink_connection_reconnect_now          (UplinkConnection         *self);
UPLINK_AVAILABLE_IN_ALL
gboolean            uplink_connection_send_text              (UplinkConnection         *self,
                                                              const char               *text);

UPLINK_AVAILABLE_IN_ALL
void                uplink_connection_send_text_async        (UplinkConnection         *self,
                                                              const char               *text,
                                                              UplinkSendFlags           flags,
                                                              GCancellable             *cancellable,
                                                              GAsyncReadyCallback       callback,
                                                              gpointer                  user_data);
UPLINK_AVAILABLE_IN_ALL
gboolean            uplink_connection_send_text_finish       (UplinkConnection         *self,
                                                              GAsyncResult             *result,
                                                              GError                  **error);
UPLINK_AVAILABLE_IN_ALL
void                uplink_connection_send_binary_async      (UplinkConnection         *self,
                                                              GBytes                   *data,
                                                              UplinkSendFlags           flags,
                                                              GCancellable             *cancellable,
                                                              GAsyncReadyCallback       callback,
                                                              gpointer                  user_data);
UPLINK_AVAILABLE_IN_ALL
gboolean            uplink_connection_send_binary_finish     (UplinkConnection         *self,
                                                              GAsyncResult             *result,
                                                              GError                  **error);
UPLINK_AVAILABLE_IN_ALL
guint               uplink_connection_get_send_queue_limit   (UplinkConnection         *self);
UPLINK_AVAILABLE_IN_ALL
void                uplink_connection_set_send_queue_limit   (UplinkConnection         *self,
                                                              guint                     limit);
UPLINK_AVAILABLE_IN_ALL
guint               uplink_connection_get_send_queue_max_age (UplinkConnection         *self);
UPLINK_AVAILABLE_IN_ALL
void                uplink_connection_set_send_queue_max_age (UplinkConnection         *self,
                                                              guint                     seconds);
UPLINK_AVAILABLE_IN_ALL
guint               uplink_connection_get_send_queue_length  (UplinkConnection         *self);

UPLINK_AVAILABLE_IN_ALL
void                uplink_connection_add_listener           (UplinkConnection         *self,
                                                              const char               *id,
                                                              UplinkConnectionListener *listener);
UPLINK_AVAILABLE_IN_ALL
gboolean            uplink_connection_remove_listener        (UplinkConnection         *self,
                                                              const char               *id);

UPLINK_AVAILABLE_IN_ALL
gboolean            uplink_connection_get_backoff_jitter     (UplinkConnection         *self);
UPLINK_AVAILABLE_IN_ALL
void                uplink_connection_set_backoff_jitter     (UplinkConnection         *self,
                                                              gboolean                  jitter);
UPLINK_AVAILABLE_IN_ALL
UplinkHistory      *uplink_connection_get_history            (UplinkConnection         *self);

UPLINK_AVAILABLE_IN_ALL
UplinkProfile       uplink_connection_get_profile            (UplinkConnection         *self);
UPLINK_AVAILABLE_IN_ALL
void                uplink_connection_set_profile            (UplinkConnection         *self,
                                                              UplinkProfile             profile);
UPLINK_AVAILABLE_IN_ALL
UplinkProfile       uplink_connection_get_active_profile     (UplinkConnection         *self);
UPLINK_AVAILABLE_IN_ALL
const char         *uplink_connection_get_username           (UplinkConnection         *self);
UPLINK_AVAILABLE_IN_ALL
void                uplink_connection_set_username           (UplinkConnection         *self,
                                                              const char               *username);
UPLINK_AVAILABLE_IN_ALL
void                uplink_connection_set_password           (UplinkConnection         *self,
                                                              const char               *password);

G_END_DECLS
