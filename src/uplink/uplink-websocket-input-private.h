/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * What the WebSocket layer reads from: the server's bytes, rationed.
 *
 * libsoup 3.2 reads until the socket is empty within one main-loop
 * dispatch and keeps every fragment of a message until its last one, so
 * a fast server could hold the loop for seconds and fill memory without
 * limit. This stream hands out at most a quota of bytes per dispatch
 * (then it "would block" and its source is ready again on the next
 * main-loop iteration), and counts the bytes read since the last
 * complete message: past the limit it reads nothing more and emits
 * ::overflow from the main loop, never from inside libsoup's read.
 *
 * Bytes that the handshake read past the HTTP response come first.
 */

#define UPLINK_TYPE_WEBSOCKET_INPUT (uplink_websocket_input_get_type ())

G_DECLARE_FINAL_TYPE (UplinkWebsocketInput, uplink_websocket_input, UPLINK, WEBSOCKET_INPUT, GInputStream)

/* What one dispatch may read: enough to keep up with any real server,
 * little enough that a flood of small messages costs a few milliseconds. */
#define UPLINK_WEBSOCKET_INPUT_QUOTA (64 * 1024)

UplinkWebsocketInput *uplink_websocket_input_new            (GInputStream         *base,
                                                             GBytes               *prefix);
void                  uplink_websocket_input_set_limit      (UplinkWebsocketInput *self,
                                                             guint64               limit);
void                  uplink_websocket_input_message_done   (UplinkWebsocketInput *self);
gboolean              uplink_websocket_input_has_waiting    (UplinkWebsocketInput *self);

G_END_DECLS
