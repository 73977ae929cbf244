#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Launch to window shown for the desktop app: from starting `uplink --demo`
until X reports its window viewable, then until the demo connected.
Needs a display (Xvfb) and a session bus; prints a Markdown table."""

import os
import statistics
import subprocess
import sys
import time

from benchproc import window_viewable

RUNS = 7
TIMEOUT_S = 30
POLL_S = 0.002
BUS_NAME = "io.github.uplink.Uplink"


def status():
    out = subprocess.run(
        ["gdbus", "call", "--session", "--dest", BUS_NAME, "--object-path", "/io/github/uplink/Uplink",
         "--method", "org.freedesktop.DBus.Properties.Get", "io.github.uplink.Uplink.Monitor", "Status"],
        capture_output=True, text=True)
    return out.stdout


def wait(predicate):
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        if predicate():
            return time.monotonic()
        time.sleep(POLL_S)
    raise SystemExit(f"uplink did not get there in time: {predicate}")


def one_run(app, env):
    started = time.monotonic()
    process = subprocess.Popen([app, "--demo"], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        shown = wait(lambda: window_viewable("Uplink"))
        connected = wait(lambda: "'connected'" in status())
    finally:
        subprocess.run(["gdbus", "call", "--session", "--dest", BUS_NAME, "--object-path",
                        "/io/github/uplink/Uplink", "--method", "org.gtk.Actions.Activate",
                        "quit", "[]", "{}"], capture_output=True)
        process.wait(timeout=TIMEOUT_S)
    return (shown - started) * 1000, (connected - started) * 1000


def row(what, samples):
    return (f"| {what} | {statistics.median(samples):.0f} | "
            f"{min(samples):.0f}–{max(samples):.0f} | {len(samples)} |")


def main():
    build_root = sys.argv[1]
    app = os.path.join(build_root, "src", "app", "uplink")
    if not os.path.exists(app):
        print("app not built")
        return
    env = dict(os.environ, GSETTINGS_BACKEND="memory",
               GSETTINGS_SCHEMA_DIR=os.path.join(build_root, "data"))
    runs = [one_run(app, env) for _ in range(RUNS)]
    print("| uplink --demo, cold start excluded by a first run | median ms | min–max ms | runs |")
    print("| --- | ---: | ---: | ---: |")
    print(row("launch → window shown (viewable)", [r[0] for r in runs[1:]]))
    print(row("launch → connected to the demo server", [r[1] for r in runs[1:]]))


if __name__ == "__main__":
    main()
