#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""A WebSocket server that misbehaves on purpose, on raw sockets, since no
well-behaved server library can: test-hostile.c starts one per case.

    hostile-server.py MODE [ARGUMENT]

It prints "port N" once listening, then serves one client at a time:

  close-open TEXT answers the handshake, sends a close frame (code 4001)
                  whose reason echoes TEXT, X-Api-Key and the request path,
                  prints "closed-at T" (CLOCK_MONOTONIC, microseconds) and
                  leaves TCP open
  redirect URL    answers the handshake with 302 and Location: URL
  retry-after N   answers the handshake with 503 and Retry-After: N
  basic USER:PASS answers the handshake with 401 and a Basic challenge
                  unless it carries USER:PASS, prints "authorization
                  VALUE" for each handshake (VALUE "-" for none)
  fragments       starts a text message and continues it forever, 64 KiB
                  fragments as fast as the client takes them, and prints
                  "close-code N" for the client's close frame
  proxy           an HTTP proxy: answers CONNECT HOST:PORT, prints
                  "connect HOST:PORT" and relays both ways until either
                  side ends
  flood N         greets as a protocol v1 server, then sends N throttle
                  and unthrottle frames at once, ending on a throttle of
                  "typing", then a message of type "flood-over", then
                  stays silent
"""
import base64
import hashlib
import json
import socket
import struct
import sys
import threading
import time

GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


def frame(opcode, payload, fin=True):
    head = bytes([(0x80 if fin else 0) | opcode])
    length = len(payload)
    if length < 126:
        head += bytes([length])
    elif length < 1 << 16:
        head += bytes([126]) + struct.pack("!H", length)
    else:
        head += bytes([127]) + struct.pack("!Q", length)
    return head + payload


HELLO = frame(0x1, json.dumps({"type": "hello", "protocol": "uplink.v1"}).encode())


def read_request(client):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = client.recv(4096)
        if not chunk:
            raise ConnectionError("the client left during the handshake")
        data += chunk
    lines = data.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return lines[0].split(" ")[1], headers


def accept(client, headers):
    key = headers["sec-websocket-key"].encode()
    digest = base64.b64encode(hashlib.sha1(key + GUID).digest()).decode()
    protocol = ""
    if "uplink.v1" in headers.get("sec-websocket-protocol", ""):
        protocol = "Sec-WebSocket-Protocol: uplink.v1\r\n"
    client.sendall(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                    "Connection: Upgrade\r\nSec-WebSocket-Accept: %s\r\n%s\r\n"
                    % (digest, protocol)).encode())


def refuse(client, status, header):
    client.sendall(("HTTP/1.1 %s\r\n%s\r\nContent-Length: 0\r\n\r\n"
                    % (status, header)).encode())


def wait_for_close(client):
    try:
        while client.recv(65536):
            pass
    except OSError:
        pass


def read_exactly(client, count):
    data = b""
    while len(data) < count:
        chunk = client.recv(count - len(data))
        if not chunk:
            raise ConnectionError("the client left")
        data += chunk
    return data


def report_close_code(client):
    """Prints the code of the client's close frame, skipping its pings."""
    try:
        while True:
            head = read_exactly(client, 2)
            length = head[1] & 0x7F
            if length == 126:
                length = struct.unpack("!H", read_exactly(client, 2))[0]
            elif length == 127:
                length = struct.unpack("!Q", read_exactly(client, 8))[0]
            mask = read_exactly(client, 4)
            data = bytes(b ^ mask[i % 4] for i, b in enumerate(read_exactly(client, length)))
            if head[0] & 0x0F == 0x8:
                code = struct.unpack("!H", data[:2])[0] if len(data) >= 2 else 1005
                print("close-code %d" % code, flush=True)
                return
    except OSError:
        pass


def relay(source, sink):
    try:
        while True:
            data = source.recv(65536)
            if not data:
                break
            sink.sendall(data)
    except OSError:
        pass
    for end in (source, sink):
        try:
            end.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def tunnel(client, target):
    """Connects to TARGET for the client, in threads of its own, so that
    the next client is served meanwhile."""
    host, _, port = target.rpartition(":")
    upstream = socket.create_connection((host, int(port)))
    client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
    print("connect %s" % target, flush=True)
    threading.Thread(target=relay, args=(client, upstream), daemon=True).start()
    threading.Thread(target=relay, args=(upstream, client), daemon=True).start()


def serve(client, mode, argument):
    path, headers = read_request(client)
    if mode == "proxy":
        tunnel(client.dup(), path)
        return
    if mode == "redirect":
        refuse(client, "302 Found", "Location: " + argument)
        return
    if mode == "retry-after":
        refuse(client, "503 Service Unavailable", "Retry-After: " + argument)
        return
    if mode == "basic":
        given = headers.get("authorization", "-")
        print("authorization %s" % given, flush=True)
        if given != "Basic " + base64.b64encode(argument.encode()).decode():
            refuse(client, "401 Unauthorized", 'WWW-Authenticate: Bearer, Basic realm="hostile"')
            return

    accept(client, headers)
    if mode == "close-open":
        echoed = "bad %s %s %s" % (argument, headers.get("x-api-key", ""), path)
        reason = echoed.encode()[:120]
        client.sendall(frame(0x8, struct.pack("!H", 4001) + reason))
        print("closed-at %d" % (time.monotonic_ns() // 1000), flush=True)
        wait_for_close(client)
    elif mode == "fragments":
        threading.Thread(target=report_close_code, args=(client,), daemon=True).start()
        chunk = b"x" * 65536
        client.sendall(frame(0x1, chunk, fin=False))
        while True:
            client.sendall(frame(0x0, chunk, fin=False))
    elif mode == "flood":
        throttle = frame(0x1, json.dumps({"type": "throttle", "features": ["typing"]}).encode())
        unthrottle = frame(0x1, json.dumps({"type": "unthrottle"}).encode())
        over = frame(0x1, json.dumps({"type": "flood-over"}).encode())
        client.sendall(HELLO + (unthrottle + throttle) * (int(argument) // 2) + over)
        wait_for_close(client)


def main():
    mode = sys.argv[1]
    argument = sys.argv[2] if len(sys.argv) > 2 else None
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    print("port %d" % listener.getsockname()[1], flush=True)
    while True:
        client, _ = listener.accept()
        try:
            serve(client, mode, argument)
        except OSError:
            pass
        finally:
            client.close()


if __name__ == "__main__":
    main()
