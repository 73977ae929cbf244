// SPDX-License-Identifier: LGPL-2.1-or-later
// A server of Node's ws 8 on a free loopback port, as chat backends built
// on it run: it accepts any subprotocol offered and speaks none of them.
// Listens on the port given as the first argument (a free one when there
// is none) and prints "listening on PORT" once ready.
'use strict';

const { WebSocketServer } = require('ws');

const server = new WebSocketServer({ host: '127.0.0.1', port: Number(process.argv[2] || 0) });
server.on('connection', (socket) => {
  socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary }));
});
server.on('listening', () => {
  console.log(`listening on ${server.address().port}`);
});
