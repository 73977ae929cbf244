#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Python websockets' send on loopback, for bench-send: connects to URL,
sends COUNT text messages with `await send()`, then a protocol v1 ping,
and prints the seconds from the first send to its pong: the server has
read everything by then."""

import asyncio
import json
import sys
import time

import websockets


async def main(url, count):
    async with websockets.connect(url, subprotocols=["uplink.v1"]) as socket:
        messages = [f"message {i:08d} from the bench" for i in range(count)]
        start = time.monotonic()
        for message in messages:
            await socket.send(message)
        await socket.send(json.dumps({"type": "ping", "id": 1}))
        async for answer in socket:
            if json.loads(answer).get("type") == "pong":
                break
        print(f"{time.monotonic() - start:.6f}")


asyncio.run(main(sys.argv[1], int(sys.argv[2])))
