/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/*
 * The WebSocket opening handshake, done by Uplink rather than by
 * SoupSession, so that Uplink owns the stream under the
 * SoupWebsocketConnection (see uplink-websocket-stream-private.h).
 *
 * It connects with GSocketClient through the session's proxy resolver
 * and TLS database, sends the HTTP/1.1 upgrade request, reads the
 * response head and checks it. Redirects are never followed. On success
 * the bytes read past the response head go to the WebSocket layer; on
 * failure the status, reason phrase and response headers say what the
 * server answered, if it answered.
 */

#define UPLINK_TYPE_HANDSHAKE (uplink_handshake_get_type ())

G_DECLARE_FINAL_TYPE (UplinkHandshake, uplink_handshake, UPLINK, HANDSHAKE, GObject)

UplinkHandshake         *uplink_handshake_new                  (GUri                *uri,
                                                                SoupSession         *session,
                                                                GHashTable          *headers,
                                                                char               **protocols);
void                     uplink_handshake_run_async            (UplinkHandshake     *self,
                                                                GCancellable        *cancellable,
                                                                GAsyncReadyCallback  callback,
                                                                gpointer             user_data);
SoupWebsocketConnection *uplink_handshake_run_finish           (UplinkHandshake     *self,
                                                                GAsyncResult        *result,
                                                                GError             **error);

guint                    uplink_handshake_get_status           (UplinkHandshake     *self);
const char              *uplink_handshake_get_reason_phrase    (UplinkHandshake     *self);
SoupMessageHeaders      *uplink_handshake_get_response_headers (UplinkHandshake     *self);

G_END_DECLS
