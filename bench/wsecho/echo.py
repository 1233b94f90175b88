"""Python websockets (Debian python3-websockets) echo server for bench/ws.sh: python3 echo.py PORT"""
import asyncio
import sys

import websockets


async def echo(ws, path=None):
    async for m in ws:
        await ws.send(m)


async def main():
    async with websockets.serve(echo, "127.0.0.1", int(sys.argv[1]), compression=None, backlog=4096):
        await asyncio.Future()

asyncio.run(main())
