/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * UPLINK_REFERENCE_SERVER_SUBPROTOCOL:
 *
 * The WebSocket subprotocol the reference server negotiates when a client
 * offers it.
 */
#define UPLINK_REFERENCE_SERVER_SUBPROTOCOL "uplink.v1"

#define UPLINK_TYPE_REFERENCE_SERVER (uplink_reference_server_get_type ())

G_DECLARE_FINAL_TYPE (UplinkReferenceServer, uplink_reference_server, UPLINK, REFERENCE_SERVER, GObject)

UplinkReferenceServer *uplink_reference_server_new                (const char             *control_token) G_GNUC_WARN_UNUSED_RESULT;
gboolean               uplink_reference_server_listen             (UplinkReferenceServer  *self,
                                                                   const char             *host,
                                                                   guint16                 port,
                                                                   GError                **error);
void                   uplink_reference_server_set_tls_certificate (UplinkReferenceServer *self,
                                                                   GTlsCertificate        *certificate);
gboolean               uplink_reference_server_get_tls            (UplinkReferenceServer  *self);
char                  *uplink_reference_server_get_url            (UplinkReferenceServer  *self) G_GNUC_WARN_UNUSED_RESULT;
const char            *uplink_reference_server_get_control_token  (UplinkReferenceServer  *self);
guint                  uplink_reference_server_get_open_clients   (UplinkReferenceServer  *self);
guint                  uplink_reference_server_get_handshakes     (UplinkReferenceServer  *self);
guint                  uplink_reference_server_get_rejected       (UplinkReferenceServer  *self);

guint                  uplink_reference_server_send               (UplinkReferenceServer  *self,
                                                                   GBytes                 *text);
guint                  uplink_reference_server_send_binary        (UplinkReferenceServer  *self,
                                                                   GBytes                 *data);
guint                  uplink_reference_server_throttle           (UplinkReferenceServer  *self,
                                                                   const char * const     *features,
                                                                   double                  retry_after,
                                                                   const char             *reason);
guint                  uplink_reference_server_unthrottle         (UplinkReferenceServer  *self);
guint                  uplink_reference_server_flap               (UplinkReferenceServer  *self,
                                                                   guint                   pairs);
guint                  uplink_reference_server_drop               (UplinkReferenceServer  *self,
                                                                   guint                   code);
guint                  uplink_reference_server_abort              (UplinkReferenceServer  *self);
void                   uplink_reference_server_reject             (UplinkReferenceServer  *self,
                                                                   guint                   status,
                                                                   guint                   count,
                                                                   const char             *retry_after);

void                   uplink_reference_server_shutdown_async     (UplinkReferenceServer  *self,
                                                                   GAsyncReadyCallback     callback,
                                                                   gpointer                user_data);
gboolean               uplink_reference_server_shutdown_finish    (UplinkReferenceServer  *self,
                                                                   GAsyncResult           *result,
                                                                   GError                **error);

G_END_DECLS
