/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib-object.h>

#include "uplink-connection.h"
#include "uplink-dispatch-private.h"

G_BEGIN_DECLS

/*
 * What the files of UplinkConnection share about its properties and
 * signals; only they include this. The defaults are in
 * uplink-defaults-private.h.
 */

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
  PROP_BACKOFF_JITTER,
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

extern GParamSpec *uplink_connection_properties[N_PROPS];
extern guint uplink_connection_signals[N_SIGNALS];

/* uplink-connection-properties.c: get_property, set_property, and every
 * property and signal installed. */
void uplink_connection_class_install_properties (UplinkConnectionClass *klass);

G_END_DECLS
