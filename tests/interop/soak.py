#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Counts false drops: uplink-monitor at its defaults against each interop
server at once, for a while, with nothing wrong. Prints a Markdown row per
server. Not a test (it takes as long as it is told); for the figures:

    UPLINK_MONITOR=_build/src/monitor/uplink-monitor \\
    UPLINK_NODE_PATH=~/.cache/uplink/node/node_modules \\
      tests/interop/soak.py [SECONDS]
"""

import importlib.util
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("interop", os.path.join(HERE, "test-interop.py"))
interop = importlib.util.module_from_spec(spec)
spec.loader.exec_module(interop)


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 600
    runs = []
    for server_class in interop.SERVERS:
        if interop.missing(server_class) is not None:
            continue
        for login in ([False, True] if server_class.has_login else [False]):
            credentials = ("watcher", "right") if login else None
            server = server_class(credentials)
            args = ("--username", server_class.login) if login else ()
            monitor = interop.Monitor(server.url, *args, password="right" if login else None)
            runs.append((server, monitor, login))

    time.sleep(seconds)
    # Reads what each monitor printed meanwhile.
    for _, monitor, _ in runs:
        monitor.wait(lambda line: False, 0.5)

    print(f"| server | login | seconds | connected | drops | drops per hour |")
    print("| --- | --- | --- | --- | --- | --- |")
    for server, monitor, login in runs:
        monitor.stop()
        server.close()
        statuses = [line["status"] for _, line in monitor.seen]
        drops = statuses.count("disconnected")
        print(f"| {server.name} | {'yes' if login else 'no'} | {seconds:.0f} | "
              f"{'yes' if 'connected' in statuses else 'no'} | {drops} | "
              f"{drops * 3600 / seconds:.1f} |")


if __name__ == "__main__":
    main()
