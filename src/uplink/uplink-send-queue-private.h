/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "uplink-connection.h"

G_BEGIN_DECLS

/*
 * The messages of send_text_async() and send_binary_async() on their way
 * to the server. A message waits ("pending") until the connection is up,
 * is written in order, and — when the server speaks protocol v1 — waits
 * again ("in flight") until the answer to a ping written after it proves
 * that the server read it. A socket that dies takes the in-flight messages
 * with it: they are queued again at the front when the caller asked for
 * UPLINK_SEND_FLAGS_RETRY, and fail as UPLINK_CONNECTION_ERROR_MAYBE_LOST
 * otherwise. Without protocol v1 nothing can prove arrival, and a message
 * is done once written.
 *
 * The queue holds no reference to the connection, so that dropping the
 * last one really ends it; the tasks have no source object for the same
 * reason.
 */

/* Our ping ids start here, far above the keepalive's, so that a pong can
 * be told apart. */
#define UPLINK_SEND_QUEUE_PING_BASE (G_GINT64_CONSTANT (1) << 40)

typedef struct _UplinkSendQueue UplinkSendQueue;

UplinkSendQueue *uplink_send_queue_new         (GObject            *owner,
                                                GParamSpec         *length_pspec,
                                                GParamSpec         *limit_pspec,
                                                GParamSpec         *max_age_pspec);
void             uplink_send_queue_free        (UplinkSendQueue    *self);

guint            uplink_send_queue_get_length  (UplinkSendQueue    *self);
guint            uplink_send_queue_get_limit   (UplinkSendQueue    *self);
void             uplink_send_queue_set_limit   (UplinkSendQueue    *self,
                                                guint               limit);
guint            uplink_send_queue_get_max_age (UplinkSendQueue    *self);
void             uplink_send_queue_set_max_age (UplinkSendQueue    *self,
                                                guint               seconds);

void             uplink_send_queue_push        (UplinkSendQueue    *self,
                                                GTask              *task,
                                                SoupWebsocketDataType type,
                                                GBytes             *data,
                                                UplinkSendFlags     flags,
                                                GCancellable       *cancellable);
void             uplink_send_queue_flush       (UplinkSendQueue    *self,
                                                SoupWebsocketConnection *socket,
                                                gboolean            confirmable);
void             uplink_send_queue_confirm     (UplinkSendQueue    *self,
                                                gint64              ping_id);
void             uplink_send_queue_socket_lost (UplinkSendQueue    *self,
                                                gushort             close_code);
void             uplink_send_queue_cancel      (UplinkSendQueue    *self);

G_END_DECLS
