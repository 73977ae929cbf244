// SPDX-License-Identifier: LGPL-2.1-or-later
// reconnecting-websocket over ws, both with their defaults, for the
// comparison benchmark: prints "TIME connected" and "TIME disconnected
// REASON" lines in uplink-monitor's format; it reconnects on its own.
'use strict';

const WebSocket = require('ws');
const ReconnectingWebSocket = require('reconnecting-websocket');

function say(status, detail) {
  console.log(`${new Date().toISOString()} ${status}${detail ? ' ' + detail : ''}`);
}

// Node has no global WebSocket before version 22: hand it ws's.
const socket = new ReconnectingWebSocket(process.argv[2], [], { WebSocket });

socket.addEventListener('open', () => say('connected'));
socket.addEventListener('close', (event) => say('disconnected', `close ${event.code}`));
process.on('SIGTERM', () => process.exit(0));
