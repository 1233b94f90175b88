// Node's ws (Debian node-ws) as a peer for jnc's WebSocket tests.
//   node peer.js server PORT             echo server, prints "ready"
//   node peer.js client URL text         sends two text messages, prints the echoes
//   node peer.js client URL binary FILE  sends FILE as one binary message, prints sha256 and length of the echo
'use strict';
const WebSocket = require('ws');
const crypto = require('crypto');
const fs = require('fs');
const [mode, arg, kind, file] = process.argv.slice(2);

if (mode === 'server') {
  const wss = new WebSocket.Server({host: '127.0.0.1', port: Number(arg), perMessageDeflate: false, maxPayload: 0x7fffffff});
  wss.on('connection', (ws) => ws.on('message', (data, isBinary) => ws.send(data, {binary: isBinary})));
  wss.on('listening', () => console.log('ready'));
} else {
  const ws = new WebSocket(arg, {perMessageDeflate: false, maxPayload: 0x7fffffff});
  const chunks = [];
  let want = 0;
  let texts = 0;
  ws.on('open', () => {
    if (kind === 'text') {
      ws.send('hello from node');
    } else {
      const data = fs.readFileSync(file);
      want = data.length;
      ws.send(data, {binary: true});
    }
  });
  ws.on('message', (data, isBinary) => {
    if (kind === 'text') {
      console.log(data.toString('utf8') + (isBinary ? ' (binary)' : ''));
      if (++texts === 1) ws.send('zwei: äöü €'); else ws.close(1000, 'done');
      return;
    }
    chunks.push(data);
    want -= data.length;
    if (want <= 0) {
      const all = Buffer.concat(chunks);
      console.log(crypto.createHash('sha256').update(all).digest('hex') + ' ' + all.length);
      ws.close(1000, 'done');
    }
  });
  ws.on('close', (code) => console.log('closed ' + code));
  ws.on('error', (e) => { console.log('error ' + e.message); process.exit(1); });
}
