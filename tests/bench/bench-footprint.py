#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""What Uplink costs all day, idle and connected: memory, wake-ups and
threads of uplink-monitor and of the desktop app — the `uplink` service
with its window never shown (started from the command line or as D-Bus
activation starts it), the `uplink-window` process open (both renderers),
and the service again once the window closed; the service watching 1, 5
and 20 servers; beside them the platform floor (bench-footprint-floor, a
minimal AdwApplicationWindow) and, where it starts headless, Debian's
nm-applet.

Usage: bench-footprint.py BUILD_ROOT SERVER MONITOR FLOOR [PART…]

PART names the parts to run (monitor, background, activated, open-gl,
open-cairo, opened, servers, floor-gl, floor-cairo, nm-applet); all of
them without.

Needs a display (Xvfb) and a session bus of its own, where it starts a
StatusNotifierWatcher with a host (tests/tray's python3-dbusmock template)
and a notification daemon, as a desktop has. Processes run one after
another, so that none shares pages with another copy of itself (PSS) or
competes for the CPU. Prints Markdown.
"""

import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from benchproc import read_switches, window_viewable

HERE = Path(__file__).resolve().parent
PYTHON = "/usr/bin/python3"
WATCHER_TEMPLATE = HERE.parent / "tray" / "statusnotifierwatcher.py"
APP_ID = "io.github.uplink.Uplink"
APP_PATH = "/io/github/uplink/Uplink"
WINDOW_ID = "io.github.uplink.Uplink.Window"
APP_TITLE = "Uplink"
FLOOR_TITLE = "Footprint floor"

RUNS = 3
# After the process is ready (connected, window shown) and before counting.
SETTLE_S = 5
WINDOW_S = 20
# An open window moves once a minute ("since", the timeline's step): its
# wake-ups are counted over a whole minute, or a 20 s window would catch
# that frame or not by chance.
OPEN_WINDOW_S = 60
# The service with many servers: each one pings every 10 s, so a 20 s
# window holds two pings per server, and their phase decides the count.
SERVERS_WINDOW_S = 60
# The first pong of each connection, a keepalive interval (10 s) after it
# is up, announces its latency: a D-Bus signal per server, which belongs
# to starting, not to being idle. Counting starts after it.
SERVERS_SETTLE_S = 15
SERVER_COUNTS = (1, 5, 20)
# From closing the window to measuring, as issue 16 asks.
CLOSED_S = 30
TIMEOUT_S = 30
POLL_S = 0.05
SAMPLE_EVERY_S = 1

# For work on the benchmark itself: shorter runs.
if os.environ.get("UPLINK_BENCH_QUICK"):
    RUNS, SETTLE_S, WINDOW_S, OPEN_WINDOW_S, CLOSED_S = 1, 2, 5, 5, 5
    SERVERS_SETTLE_S, SERVERS_WINDOW_S = 2, 5

# The goals of issue 16.
GOAL_BACKGROUND_PRIVATE_MIB = 12
GOAL_BACKGROUND_WAKEUPS = 0.3
GOAL_BACKGROUND_THREADS = 4
GOAL_CLOSED_OVER_BACKGROUND_MIB = 3
GOAL_OPEN_WAKEUPS = 1
# The goals of issue 14, for each server past the first.
GOAL_SERVER_RSS_MIB = 0.5
GOAL_SERVER_WAKEUPS = 0.05


class BenchError(Exception):
    pass


@dataclass
class Sample:
    rss: float       # MiB
    pss: float       # MiB
    private: float   # MiB, clean + dirty
    dirty: float     # MiB, Private_Dirty alone
    wakeups: float   # per second
    threads: int
    load: float      # the 1-minute load average at the end
    # Wake-ups per second by thread name (main, gmain, gdbus, …).
    by_thread: dict = field(default_factory=dict)


def read_memory_mib(pid):
    """Rss, Pss, Private_Clean + Private_Dirty and Private_Dirty, in MiB."""
    values = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        key, value = line.split(":", 1)
        values[key] = int(value.split()[0]) / 1024
    return (values["Rss"], values["Pss"], values["Private_Clean"] + values["Private_Dirty"],
            values["Private_Dirty"])


def measure(*pids, window_s=WINDOW_S):
    """Wake-ups per second over @window_s seconds, then memory and threads,
    for each process in the same window. Threads are sampled every second
    so that one ending in the window still counts up to its last sample."""
    first = [read_switches(pid) for pid in pids]
    last = [dict(counts) for counts in first]
    deadline = time.monotonic() + window_s
    while time.monotonic() < deadline:
        time.sleep(min(SAMPLE_EVERY_S, max(0, deadline - time.monotonic())))
        for pid, counts in zip(pids, last):
            counts.update(read_switches(pid))
    samples = []
    for pid, before, after in zip(pids, first, last):
        by_thread = {}
        for tid, count in after.items():
            name = thread_name(pid, tid)
            by_thread[name] = by_thread.get(name, 0) + (count - before.get(tid, 0)) / window_s
        memory = read_memory_mib(pid)
        threads = len(list(Path(f"/proc/{pid}/task").iterdir()))
        samples.append(Sample(*memory, sum(by_thread.values()), threads, os.getloadavg()[0],
                              by_thread))
    return samples[0] if len(samples) == 1 else samples


def thread_name(pid, tid):
    """The thread's name (GLib names its own: gmain, gdbus, pool-…)."""
    try:
        name = Path(f"/proc/{pid}/task/{tid}/comm").read_text().strip()
    except FileNotFoundError:
        return "(ended)"
    # The main thread bears the program's name; thread pools number theirs.
    return "main" if tid == str(pid) else name.rstrip("0123456789-")


def wait(predicate, what, process=None):
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise BenchError(f"{what}: the process exited ({process.returncode})")
        if predicate():
            return
        time.sleep(POLL_S)
    raise BenchError(f"{what}: not within {TIMEOUT_S} s")


def gdbus(*args):
    return subprocess.run(["gdbus", "call", "--session", "--dest", APP_ID, "--object-path",
                           APP_PATH, "--method", *args], capture_output=True, text=True,
                          timeout=TIMEOUT_S).stdout


def app_connected():
    return "'connected'" in gdbus("org.freedesktop.DBus.Properties.Get",
                                  f"{APP_ID}.Monitor", "Status")


def app_action(name):
    gdbus("org.gtk.Actions.Activate", name, "[]", "{}")


def window_pid():
    """The window process's pid, from its bus name; None while it has none."""
    out = subprocess.run(["gdbus", "call", "--session", "--dest", "org.freedesktop.DBus",
                          "--object-path", "/org/freedesktop/DBus", "--method",
                          "org.freedesktop.DBus.GetConnectionUnixProcessID", WINDOW_ID],
                         capture_output=True, text=True, timeout=TIMEOUT_S).stdout
    return int(out.strip("()\n, ").removeprefix("uint32 ")) if out.startswith("(") else None


def wait_window(process):
    """Waits for the window process to show its window; returns its pid."""
    wait(lambda: window_viewable(APP_TITLE) and window_pid(), "the window showing", process)
    return window_pid()


class Desktop:
    """What stays up for the whole bench: the tray host, the notification
    daemon and the server every client watches."""

    def __init__(self, build_root, server, log_dir):
        self.log_dir = log_dir
        self.children = []
        self.children.append(self.spawn("watcher", [PYTHON, "-m", "dbusmock", "--session",
                                                    "--template", str(WATCHER_TEMPLATE)]))
        self.children.append(self.spawn("notifications", [PYTHON, "-m", "dbusmock", "--session",
                                                          "--template", "notification_daemon"]))
        server_process = subprocess.Popen([server, "--port", "0"], stdout=subprocess.PIPE,
                                          stderr=subprocess.DEVNULL, text=True)
        self.children.append(server_process)
        self.url = server_process.stdout.readline().strip().removeprefix("listening on ")
        self.stats_url = self.url.replace("ws:", "http:", 1).removesuffix("/ws") + "/control/stats"
        wait(lambda: self.bus_has("org.kde.StatusNotifierWatcher")
             and self.bus_has("org.freedesktop.Notifications"), "the tray host and notifications")
        self.app_env = dict(os.environ, GSETTINGS_SCHEMA_DIR=os.path.join(build_root, "data"),
                            GSETTINGS_BACKEND="keyfile")

    def open_clients(self):
        """How many clients the server has open now."""
        with urllib.request.urlopen(self.stats_url, timeout=TIMEOUT_S) as answer:
            return json.load(answer)["open"]

    def spawn(self, name, argv, env=None):
        with open(self.log_dir / f"{name}.log", "ab") as log:
            return subprocess.Popen(argv, env=env, stdout=log, stderr=subprocess.STDOUT)

    @staticmethod
    def bus_has(name):
        return subprocess.run(["gdbus", "call", "--session", "--dest", "org.freedesktop.DBus",
                               "--object-path", "/org/freedesktop/DBus", "--method",
                               "org.freedesktop.DBus.NameHasOwner", name],
                              capture_output=True, text=True).stdout.strip() == "(true,)"

    def close(self):
        for child in self.children:
            child.terminate()
            child.wait()


def stop(process, quit_app=False):
    if quit_app:
        app_action("quit")
    else:
        process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def run_monitor(desktop, monitor):
    process = subprocess.Popen([monitor, desktop.url], stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True)
    try:
        for line in process.stdout:
            if line.rstrip().endswith(" connected"):
                break
        else:
            raise BenchError("uplink-monitor never connected")
        time.sleep(SETTLE_S)
        return {"monitor": measure(process.pid)}
    finally:
        stop(process)


def single_server_settings(url):
    """The settings of a version before the server list: Uplink moves
    the address into the list as it starts, as after an upgrade."""
    return f"[io/github/uplink/Uplink]\nurl='{url}'\n"


def server_list_settings(url, count):
    """@count servers in the list, each with an address of its own (the
    same server, told apart by the query), so that each is a connection
    of its own. Nothing secret: the keyring is asked, and has nothing."""
    ids = [f"bench{number}" for number in range(1, count + 1)]
    groups = [f"[io/github/uplink/Uplink]\nservers={ids!r}\n"]
    for number, server_id in enumerate(ids, start=1):
        groups.append(f"[io/github/uplink/Uplink/servers/{server_id}]\n"
                      f"name='Server {number}'\nurl='{url}?server={number}'\n")
    return "\n".join(groups)


def run_app(desktop, app, argv, extra_env, scenario, settings=None):
    """One run of the app with settings of its own (@settings, a keyfile;
    by default the single server of earlier versions: the bench's), watching
    the bench's server; @scenario takes the process and returns {row: Sample}."""
    with tempfile.TemporaryDirectory() as config_dir:
        keyfile = Path(config_dir) / "glib-2.0" / "settings" / "keyfile"
        keyfile.parent.mkdir(parents=True)
        keyfile.write_text(settings or single_server_settings(desktop.url))
        env = dict(desktop.app_env, XDG_CONFIG_HOME=config_dir, **extra_env)
        process = desktop.spawn("uplink", [app, *argv], env)
        try:
            wait(app_connected, "the app connecting", process)
            return scenario(process, time.monotonic())
        finally:
            stop(process, quit_app=True)
            # The window process follows the service out; the next row
            # must not find it.
            wait(lambda: window_pid() is None, "the window ending with the service")




def window_open(key):
    """The window process and the service beside it, measured together."""
    def scenario(process, connected):
        window = wait_window(process)
        time.sleep(SETTLE_S)
        window_sample, service_sample = measure(window, process.pid, window_s=OPEN_WINDOW_S)
        return {key: window_sample, f"{key}-service": service_sample}
    return scenario


def never_shown(key, window_s=WINDOW_S, settle_s=SETTLE_S):
    def scenario(process, connected):
        time.sleep(settle_s)
        sample = measure(process.pid, window_s=window_s)
        if window_viewable(APP_TITLE) or window_pid() is not None:
            raise BenchError("the window opened although a tray host is there")
        return {key: sample}
    return scenario


def with_servers(desktop, count):
    """The service in the background watching @count servers, each
    connected: the server counts them."""
    def scenario(process, connected):
        wait(lambda: desktop.open_clients() == count, f"{count} connections open", process)
        rows = never_shown(f"servers-{count}", SERVERS_WINDOW_S, SERVERS_SETTLE_S)(process,
                                                                                  connected)
        if desktop.open_clients() != count:
            raise BenchError(f"{desktop.open_clients()} connections open, not {count}")
        return rows
    return scenario


def opened_then_closed(process, connected):
    time.sleep(SETTLE_S)
    app_action("show-window")
    window = wait_window(process)
    time.sleep(SETTLE_S)
    opened, _ = measure(window, process.pid, window_s=OPEN_WINDOW_S)
    # As the tray's "Hide Uplink": the window process ends with its window.
    app_action("hide-window")
    wait(lambda: not window_viewable(APP_TITLE) and window_pid() is None, "the window closing",
         process)
    time.sleep(CLOSED_S)
    return {"opened": opened, "closed": measure(process.pid)}


def run_floor(desktop, floor, extra_env, key):
    process = desktop.spawn("floor", [floor], dict(os.environ, **extra_env))
    try:
        wait(lambda: window_viewable(FLOOR_TITLE), "the floor's window showing", process)
        time.sleep(SETTLE_S)
        return {key: measure(process.pid)}
    finally:
        stop(process)


def run_nm_applet(desktop):
    """nm-applet has no NetworkManager here, and may not stay up."""
    process = desktop.spawn("nm-applet", ["nm-applet"])
    try:
        time.sleep(SETTLE_S)
        if process.poll() is not None:
            raise BenchError(f"nm-applet exited ({process.returncode}) with no NetworkManager")
        return {"nm-applet": measure(process.pid)}
    finally:
        if process.poll() is None:
            stop(process)


ROWS = [
    ("monitor", "uplink-monitor", "defaults"),
    ("background", "uplink --background", "service, tray host present, window never shown"),
    ("activated", "uplink --gapplication-service", "service as D-Bus activation starts it, "
                                                   "tray host present, window never shown"),
    ("open-gl", "uplink-window", "window open, default renderer"),
    ("open-gl-service", "uplink", "the service beside it"),
    ("open-cairo", "uplink-window", "window open, `GSK_RENDERER=cairo`"),
    ("open-cairo-service", "uplink", "the service beside it"),
    ("opened", "uplink-window", "window opened from the background (app.show-window)"),
    ("closed", "uplink --background", f"service, window opened, then closed {CLOSED_S} s before"),
    *[(f"servers-{count}", "uplink --background",
       f"service, {count} server{'s' if count > 1 else ''} connected, window never shown")
      for count in SERVER_COUNTS],
    ("floor-gl", "bench-footprint-floor", "minimal AdwApplicationWindow, default renderer"),
    ("floor-cairo", "bench-footprint-floor", "minimal AdwApplicationWindow, `GSK_RENDERER=cairo`"),
    ("nm-applet", "nm-applet", "Debian's, no NetworkManager on the bus"),
]


def say(text):
    print(f"bench-footprint: {text}", file=sys.stderr, flush=True)


def run_servers(desktop, app):
    samples = {}
    for count in SERVER_COUNTS:
        say(f"servers: {count}…")
        samples.update(run_app(desktop, app, ["--background"], {}, with_servers(desktop, count),
                               server_list_settings(desktop.url, count)))
    return samples


def one_round(desktop, app, monitor, floor, parts, notes):
    runs = [
        ("monitor", lambda: run_monitor(desktop, monitor)),
        ("background", lambda: run_app(desktop, app, ["--background"], {},
                                       never_shown("background"))),
        ("activated", lambda: run_app(desktop, app, ["--gapplication-service"], {},
                                      never_shown("activated"))),
        ("open-gl", lambda: run_app(desktop, app, [], {}, window_open("open-gl"))),
        ("open-cairo", lambda: run_app(desktop, app, [], {"GSK_RENDERER": "cairo"},
                                       window_open("open-cairo"))),
        ("opened", lambda: run_app(desktop, app, ["--background"], {}, opened_then_closed)),
        ("servers", lambda: run_servers(desktop, app)),
        ("floor-gl", lambda: run_floor(desktop, floor, {}, "floor-gl")),
        ("floor-cairo", lambda: run_floor(desktop, floor, {"GSK_RENDERER": "cairo"},
                                          "floor-cairo")),
        ("nm-applet", lambda: run_nm_applet(desktop)),
    ]
    samples = {}
    for name, run in runs:
        if parts and name not in parts:
            continue
        say(f"{name}…")
        try:
            samples.update(run())
        except (BenchError, OSError, subprocess.SubprocessError) as error:
            # One part failing must not cost the whole report.
            notes.setdefault(name, str(error))
            say(f"{name}: {error}")
    return samples


def cell(values, decimals=1):
    if not values:
        return "—"
    middle = statistics.median(values)
    if len(values) == 1 or min(values) == max(values):
        return f"{middle:.{decimals}f}"
    return f"{middle:.{decimals}f} ({min(values):.{decimals}f}–{max(values):.{decimals}f})"


def table(rounds, notes):
    lines = ["| process | mode | RSS MiB | PSS | Private | of it dirty | wake-ups/s | threads | "
             "load avg | runs |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for key, process, mode in ROWS:
        samples = [r[key] for r in rounds if key in r]
        if not samples:
            run = part_of(key)
            if run not in notes:
                continue  # not asked for
            note = notes[run]
            lines.append(f"| {process} | {mode} | {note} | | | | | | | 0 |")
            continue
        lines.append(" | ".join([
            f"| {process}", mode,
            cell([s.rss for s in samples]), cell([s.pss for s in samples]),
            cell([s.private for s in samples]), cell([s.dirty for s in samples]),
            cell([s.wakeups for s in samples], decimals=2),
            cell([s.threads for s in samples], decimals=0), cell([s.load for s in samples], 2),
            f"{len(samples)} |"]))
    return "\n".join(lines)


def part_of(key):
    """The part of the bench (what `PART…` names) that measures row @key."""
    if key == "closed":
        return "opened"
    if key.startswith("servers-"):
        return "servers"
    return key.removesuffix("-service")


def median_of(rounds, key, field):
    values = [getattr(r[key], field) for r in rounds if key in r]
    return statistics.median(values) if values else None


def goals(rounds):
    def check(what, value, limit, unit=""):
        if value is None:
            return f"| {what} | no figures | — |"
        return f"| {what} | {value:.2f}{unit} | {'met' if value <= limit else 'not met'} |"

    background = median_of(rounds, "background", "private")
    closed = median_of(rounds, "closed", "private")
    over = None if background is None or closed is None else closed - background

    def open_total(key):
        """The window process and the service together: what the open
        window costs Uplink as a whole."""
        window = median_of(rounds, key, "wakeups")
        service = median_of(rounds, f"{key}-service", "wakeups")
        return None if window is None or service is None else window + service

    lines = ["| goal (issue 16) | now, median | |", "| --- | ---: | --- |",
             check(f"background, never shown: Private ≤ {GOAL_BACKGROUND_PRIVATE_MIB} MiB",
                   background, GOAL_BACKGROUND_PRIVATE_MIB, " MiB"),
             check(f"background, never shown: ≤ {GOAL_BACKGROUND_WAKEUPS} wake-ups/s",
                   median_of(rounds, "background", "wakeups"), GOAL_BACKGROUND_WAKEUPS),
             check(f"background, never shown: ≤ {GOAL_BACKGROUND_THREADS} threads",
                   median_of(rounds, "background", "threads"), GOAL_BACKGROUND_THREADS),
             check(f"closed {CLOSED_S} s: Private within {GOAL_CLOSED_OVER_BACKGROUND_MIB} MiB "
                   "of never shown", over, GOAL_CLOSED_OVER_BACKGROUND_MIB, " MiB over"),
             check(f"window open, default renderer: ≤ {GOAL_OPEN_WAKEUPS} wake-up/s "
                   "(window process and service)", open_total("open-gl"), GOAL_OPEN_WAKEUPS),
             check(f"window open, cairo: ≤ {GOAL_OPEN_WAKEUPS} wake-up/s "
                   "(window process and service)", open_total("open-cairo"), GOAL_OPEN_WAKEUPS)]
    return "\n".join(lines)


def servers_tables(rounds):
    """The service by number of servers, what each server past the first
    costs (the slope from the fewest to the most), which threads wake, and
    issue 14's goals; None without figures."""
    counts = [c for c in SERVER_COUNTS if median_of(rounds, f"servers-{c}", "rss") is not None]
    if not counts:
        return None
    fields = [("rss", 1), ("pss", 1), ("private", 1), ("dirty", 1), ("wakeups", 2), ("threads", 0)]
    lines = ["| servers | RSS MiB | PSS | Private | of it dirty | wake-ups/s | threads |",
             "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for count in counts:
        lines.append(f"| {count} | " + " | ".join(
            f"{median_of(rounds, f'servers-{count}', name):.{decimals}f}"
            for name, decimals in fields) + " |")
    slope = {}
    fewest, most = counts[0], counts[-1]
    if most > fewest:
        for name, _ in fields:
            slope[name] = ((median_of(rounds, f"servers-{most}", name)
                            - median_of(rounds, f"servers-{fewest}", name)) / (most - fewest))
        lines.append(f"| each server past the first ({fewest} → {most}) | " + " | ".join(
            f"{slope[name]:+.{max(decimals, 2)}f}" for name, decimals in fields) + " |")

    names = sorted({name for r in rounds for c in counts if f"servers-{c}" in r
                    for name in r[f"servers-{c}"].by_thread})
    lines += ["", "Wake-ups per second by thread (median):", "",
              "| servers | " + " | ".join(names) + " |",
              "| ---: |" + " ---: |" * len(names)]
    for count in counts:
        cells = []
        for name in names:
            values = [r[f"servers-{count}"].by_thread.get(name, 0) for r in rounds
                      if f"servers-{count}" in r]
            cells.append(f"{statistics.median(values):.2f}")
        lines.append(f"| {count} | " + " | ".join(cells) + " |")

    if slope:
        lines += ["", "| goal (issue 14) | each server past the first | |", "| --- | ---: | --- |"]
        for what, value, limit, unit in [
                (f"≤ {GOAL_SERVER_RSS_MIB} MiB RSS", slope["rss"], GOAL_SERVER_RSS_MIB, " MiB"),
                (f"≤ {GOAL_SERVER_WAKEUPS} wake-ups/s", slope["wakeups"], GOAL_SERVER_WAKEUPS, "")]:
            lines.append(f"| {what} | {value:.3f}{unit} | {'met' if value <= limit else 'not met'} |")
    return "\n".join(lines)


def main():
    build_root, server, monitor, floor, *parts = sys.argv[1:]
    app = os.path.join(build_root, "src", "app", "uplink")
    log_dir = Path(build_root) / "bench" / "footprint-logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    desktop = Desktop(build_root, server, log_dir)
    notes = {}
    try:
        rounds = []
        for number in range(RUNS):
            say(f"round {number + 1} of {RUNS}")
            rounds.append(one_round(desktop, app, monitor, floor, parts, notes))
    finally:
        desktop.close()

    print(f"""Idle and connected to an `uplink-server` on loopback, under Xvfb (GL is
Mesa's llvmpipe), with a tray host (StatusNotifierWatcher) and a
notification daemon on the session bus; one program at a time (the
window process and the service beside it are measured together). Memory is
`/proc/PID/smaps_rollup` in MiB (Private = Private_Clean + Private_Dirty:
what this process alone costs; its clean part is library pages that no
other process maps at the time, so another GTK process running beside it
moves that part, not the dirty one), read at the end of a {WINDOW_S} s window
({OPEN_WINDOW_S} s with Uplink's window open, which moves once a minute;
{SERVERS_WINDOW_S} s with several servers, each pinging every 10 s) that starts {SETTLE_S} s after the process is ready (connected, its window
shown; the window no longer counts seconds, so a young state needs no
wait); wake-ups are voluntary context switches summed over
`/proc/PID/task/*/status` in that window; load avg is the 1-minute load
average at its end (the machine may be shared). Median (min–max) over
the runs; logs in `{log_dir}`.

{table(rounds, notes)}""")
    servers = servers_tables(rounds)
    if servers:
        print(f"""
The service with {", ".join(map(str, SERVER_COUNTS))} servers in its list, each
watching the bench's `uplink-server` at an address of its own (so a
connection of its own, which the server's count of open clients checks),
connected and idle, window never shown; counted over {SERVERS_WINDOW_S} s from
{SERVERS_SETTLE_S} s after all are connected (after the first keepalive, whose
pongs announce each server's latency once); medians:

{servers}""")
    if not parts or set(parts) - {"servers"}:
        print()
        print(goals(rounds))


if __name__ == "__main__":
    main()
