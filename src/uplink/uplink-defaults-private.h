/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/*
 * Every default of a connection setting, written once: the properties'
 * specifications and the objects' init functions both take them from
 * here, and the README and the API documentation state these values.
 */

/* Seconds between keepalive pings, and past them until a silent server
 * counts as dead: a server that hung right after a frame is found
 * within 14 s. */
#define UPLINK_DEFAULT_KEEPALIVE_INTERVAL_S 10
#define UPLINK_DEFAULT_PONG_TIMEOUT_S 4
/* Seconds an attempt may take. */
#define UPLINK_DEFAULT_CONNECT_TIMEOUT_S 10
/* The back-off's first ceiling and its largest, in milliseconds. */
#define UPLINK_DEFAULT_BACKOFF_INITIAL_MS 1000
#define UPLINK_DEFAULT_BACKOFF_MAX_MS 30000
/* The largest incoming message, in bytes. */
#define UPLINK_DEFAULT_MAX_INCOMING_PAYLOAD (1024 * 1024)
/* How many messages may wait for the connection, and for how many
 * seconds. */
#define UPLINK_DEFAULT_SEND_QUEUE_LIMIT 1000
#define UPLINK_DEFAULT_SEND_QUEUE_MAX_AGE_S 300
