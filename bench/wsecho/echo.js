// Node ws (Debian node-ws) echo server for bench/ws.sh: node echo.js PORT
'use strict';
const WebSocket = require('ws');
const wss = new WebSocket.Server({host: '127.0.0.1', port: Number(process.argv[2]), perMessageDeflate: false, backlog: 4096});
wss.on('connection', (ws) => ws.on('message', (data, isBinary) => ws.send(data, {binary: isBinary})));
