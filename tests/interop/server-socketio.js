// SPDX-License-Identifier: LGPL-2.1-or-later
// A socket.io 4 server on a free loopback port, with short ping times so
// that a client that does not keep the session is dropped quickly. With
// UPLINK_INTEROP_TOKEN set, only clients that give that auth token may
// connect. Listens on the port given as the first argument (a free one
// when there is none) and prints "listening on PORT" once ready.
'use strict';

const http = require('http');
const { Server } = require('socket.io');

const httpServer = http.createServer();
const io = new Server(httpServer, {
  pingInterval: 5000,
  pingTimeout: 3000,
  transports: ['websocket'],
});
const token = process.env.UPLINK_INTEROP_TOKEN;

io.use((socket, next) => {
  if (token !== undefined && socket.handshake.auth.token !== token)
    next(new Error('invalid token'));
  else
    next();
});

httpServer.listen(Number(process.argv[2] || 0), '127.0.0.1', () => {
  console.log(`listening on ${httpServer.address().port}`);
});
