#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Launch to window shown for the desktop app, until X reports the window
viewable:

- `uplink --demo` from nothing: the service starts, then the window
  process it starts (and until the demo connected);
- the window asked of a running service (the tray's "Show Uplink",
  app.show-window), the window closed before;
- `uplink-window` started by hand beside a running service.

The service keeps running with its window closed only with a tray host,
so a StatusNotifierWatcher (tests/tray's python3-dbusmock template) is
on the bus for the last two, watching an uplink-server.

Usage: bench-app-launch.py BUILD_ROOT SERVER

Needs a display (Xvfb) and a session bus;
prints a Markdown table."""

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchproc import window_viewable

RUNS = 7
TIMEOUT_S = 30
POLL_S = 0.002
BUS_NAME = "io.github.uplink.Uplink"
OBJECT_PATH = "/io/github/uplink/Uplink"
WINDOW_NAME = "io.github.uplink.Uplink.Window"
WATCHER_TEMPLATE = Path(__file__).resolve().parent.parent / "tray" / "statusnotifierwatcher.py"


def gdbus(dest, path, *args):
    return subprocess.run(["gdbus", "call", "--session", "--dest", dest, "--object-path", path,
                           "--method", *args], capture_output=True, text=True).stdout


def status():
    return gdbus(BUS_NAME, OBJECT_PATH, "org.freedesktop.DBus.Properties.Get",
                 "io.github.uplink.Uplink.Monitor", "Status")


def has_owner(name):
    return gdbus("org.freedesktop.DBus", "/org/freedesktop/DBus",
                 "org.freedesktop.DBus.NameHasOwner", name).strip() == "(true,)"


def app_action(name):
    gdbus(BUS_NAME, OBJECT_PATH, "org.gtk.Actions.Activate", name, "[]", "{}")


def wait(predicate):
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        if predicate():
            return time.monotonic()
        time.sleep(POLL_S)
    raise SystemExit(f"uplink did not get there in time: {predicate}")


def quit_app(process):
    app_action("quit")
    process.wait(timeout=TIMEOUT_S)
    wait(lambda: not has_owner(WINDOW_NAME))


def cold_demo(app, env):
    started = time.monotonic()
    process = subprocess.Popen([app, "--demo"], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        shown = wait(lambda: window_viewable("Uplink"))
        connected = wait(lambda: "'connected'" in status())
    finally:
        quit_app(process)
    return (shown - started) * 1000, (connected - started) * 1000


def close_window():
    app_action("hide-window")
    wait(lambda: not has_owner(WINDOW_NAME) and not window_viewable("Uplink"))


def warm(app, window, env):
    """The service running, its window closed: the window by the action,
    then by hand."""
    process = subprocess.Popen([app, "--background"], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    by_action, by_hand = [], []
    try:
        wait(lambda: "'connected'" in status())
        for _ in range(RUNS):
            started = time.monotonic()
            app_action("show-window")
            by_action.append((wait(lambda: window_viewable("Uplink")) - started) * 1000)
            close_window()
            started = time.monotonic()
            subprocess.Popen([window], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            by_hand.append((wait(lambda: window_viewable("Uplink")) - started) * 1000)
            close_window()
    finally:
        quit_app(process)
    return by_action, by_hand


def row(what, samples):
    return (f"| {what} | {statistics.median(samples):.0f} | "
            f"{min(samples):.0f}–{max(samples):.0f} | {len(samples)} |")


def main():
    build_root, server_program = sys.argv[1:]
    app = os.path.join(build_root, "src", "app", "uplink")
    window = os.path.join(build_root, "src", "app", "uplink-window")
    if not os.path.exists(app):
        print("app not built")
        return
    env = dict(os.environ, GSETTINGS_BACKEND="memory",
               GSETTINGS_SCHEMA_DIR=os.path.join(build_root, "data"))
    runs = [cold_demo(app, env) for _ in range(RUNS)]

    watcher = subprocess.Popen(["/usr/bin/python3", "-m", "dbusmock", "--session", "--template",
                                str(WATCHER_TEMPLATE)], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        wait(lambda: has_owner("org.kde.StatusNotifierWatcher"))
        with tempfile.TemporaryDirectory() as config_dir:
            # A server to watch: the demo's would end with the window.
            server = subprocess.Popen([server_program, "--port", "0"], stdout=subprocess.PIPE,
                                      stderr=subprocess.DEVNULL, text=True)
            try:
                url = server.stdout.readline().strip().removeprefix("listening on ")
                keyfile = Path(config_dir) / "glib-2.0" / "settings" / "keyfile"
                keyfile.parent.mkdir(parents=True)
                keyfile.write_text(f"[io/github/uplink/Uplink]\nurl='{url}'\n")
                by_action, by_hand = warm(app, window, dict(env, GSETTINGS_BACKEND="keyfile",
                                                            XDG_CONFIG_HOME=config_dir))
            finally:
                server.terminate()
                server.wait()
    finally:
        watcher.terminate()
        watcher.wait()

    print("| launch to window shown (first cold run of `uplink --demo` left out) "
          "| median ms | min–max ms | runs |")
    print("| --- | ---: | ---: | ---: |")
    print(row("`uplink --demo` → window shown (service, then the window process)",
              [r[0] for r in runs[1:]]))
    print(row("`uplink --demo` → connected to the demo server", [r[1] for r in runs[1:]]))
    print(row("service running → `app.show-window` (tray's Show) → window shown", by_action))
    print(row("service running → `uplink-window` started by hand → window shown", by_hand))


if __name__ == "__main__":
    main()
