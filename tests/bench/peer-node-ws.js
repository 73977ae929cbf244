// SPDX-License-Identifier: LGPL-2.1-or-later
// A Node.js ws client with the library's defaults, for the comparison
// benchmark: prints "TIME connected" and "TIME disconnected REASON" lines in
// uplink-monitor's format. ws does not reconnect, so it exits on close.
'use strict';

const WebSocket = require('ws');

function say(status, detail) {
  console.log(`${new Date().toISOString()} ${status}${detail ? ' ' + detail : ''}`);
}

const socket = new WebSocket(process.argv[2]);

socket.on('open', () => say('connected'));
// An error is always followed by 'close', which reports it.
socket.on('error', (error) => say('error', error.message));
socket.on('close', (code) => {
  say('disconnected', `close ${code}`);
  process.exit(0);
});
process.on('SIGTERM', () => process.exit(0));
