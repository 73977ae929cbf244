#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""A Python websockets client with the library's defaults, for the
comparison benchmark: prints "TIME connected" and "TIME disconnected
[REASON]" lines in uplink-monitor's format, and reconnects the way
websockets documents it (iterating over connect())."""

import asyncio
import sys
import time

import websockets


def say(status, detail=""):
    now = time.time()
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(now))
    millis = int(now * 1000) % 1000
    print(f"{stamp}.{millis:03d}Z {status}{' ' + detail if detail else ''}", flush=True)


async def watch(url):
    async for socket in websockets.connect(url):
        say("connected")
        try:
            # Messages are of no interest; the loop ends with the connection.
            async for _ in socket:
                pass
            say("disconnected", f"close {socket.close_code}")
        except websockets.ConnectionClosed as error:
            say("disconnected", str(error))


if __name__ == "__main__":
    try:
        asyncio.run(watch(sys.argv[1]))
    except KeyboardInterrupt:
        pass
