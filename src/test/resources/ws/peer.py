"""Python websockets (Debian python3-websockets) as a peer for jnc's WebSocket tests.

  peer.py server PORT            echo server; prints "ready" once listening
  peer.py headers PORT           answers each connection with its X-Test header, subprotocol and path, then closes
  peer.py hostile PORT           closes each connection with a reason that holds escape sequences and a bidi override
  peer.py client URL text        sends two lines' worth of text messages, prints what comes back
  peer.py client URL binary FILE sends FILE as one binary message, prints sha256 and length of the echo
"""
import asyncio
import hashlib
import sys

import websockets


async def echo(ws, path=None):
    async for m in ws:
        await ws.send(m)


async def headers(ws, path=None):
    p = path if path is not None else ws.path
    await ws.send(f"{ws.request_headers.get('X-Test')}|{ws.subprotocol}|{p}")
    await ws.close(4001, "bye")


async def hostile(ws, path=None):
    await ws.close(4002, "\x1b]0;pwned\x07\u202eexe.txt")


async def serve(handler, port):
    async with websockets.serve(handler, "127.0.0.1", port, max_size=None, max_queue=None,
                                compression=None, subprotocols=["chat.v2", "chat.v1"]):
        print("ready", flush=True)
        await asyncio.Future()


async def client(url, mode, file=None):
    async with websockets.connect(url, max_size=None, max_queue=None, compression=None) as ws:
        if mode == "text":
            await ws.send("hello from python")
            print(await ws.recv(), flush=True)
            await ws.send("zwei: äöü €")
            print(await ws.recv(), flush=True)
        else:
            data = open(file, "rb").read()
            await ws.send(data)
            got = bytearray()
            while len(got) < len(data):
                m = await ws.recv()
                got += m if isinstance(m, bytes) else m.encode()
            print(hashlib.sha256(got).hexdigest(), len(got), flush=True)
        await ws.close()
        print("closed", ws.close_code, flush=True)


if sys.argv[1] == "server":
    asyncio.run(serve(echo, int(sys.argv[2])))
elif sys.argv[1] == "hostile":
    asyncio.run(serve(hostile, int(sys.argv[2])))
elif sys.argv[1] == "headers":
    asyncio.run(serve(headers, int(sys.argv[2])))
else:
    asyncio.run(client(sys.argv[2], sys.argv[3], *sys.argv[4:]))
