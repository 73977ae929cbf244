#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Uplink side by side with other WebSocket clients, each with its defaults.

Usage: bench-compare.py SERVER MONITOR BUILD_DIR STORM_BENCH CONNECT_BENCH

Measures how long each client takes to notice a hung, killed or closing
uplink-server, what each costs while idle, and, for Uplink alone, how it
follows the network (GIO's NetworkManager monitor against python3-dbusmock)
and how a thousand connections come back after an outage (bench-storm).
Prints Markdown; the figures are medians with min–max.

The Node.js peers need UPLINK_BENCH_NODE_PATH, a node_modules folder with
ws and reconnecting-websocket; without it they are left out.
"""

import asyncio
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from benchproc import read_switches

HERE = Path(__file__).resolve().parent
PYTHON = "/usr/bin/python3"

# Runs of 60 s go side by side, so five of them cost one minute; the short
# ones go one after another, so that nothing else competes for the CPU.
LONG_RUNS = 5
SHORT_RUNS = 7
HUNG_CAP_S = 60
IDLE_S = 60
CONNECT_TIMEOUT_S = 30
EVENT_TIMEOUT_S = 30
SAMPLE_EVERY_S = 1
LINE_GRACE_S = 5
STOP_TIMEOUT_S = 10

# For work on the benchmark itself: fewer and shorter runs.
if os.environ.get("UPLINK_BENCH_QUICK"):
    LONG_RUNS, SHORT_RUNS, HUNG_CAP_S, IDLE_S = 2, 2, 20, 10

NM_STATE_DISCONNECTED = 20
NM_STATE_CONNECTED_GLOBAL = 70
NM_CONNECTIVITY_FULL = 4

# The goals of issue 8.
GOAL_HUNG_DEFAULT_S = 15
GOAL_HUNG_SHARE_OF_BEST_PEER = 1 / 3
GOAL_OVERHEAD_MS = 100
GOAL_NETWORK_MS = 100
GOAL_STORM_PCT = 10
GOAL_IDLE_WAKEUPS = 0.3
GOAL_IDLE_RSS_MIB = 8
GOAL_CLOSE_MS = 50


class BenchError(Exception):
    pass


@dataclass
class Client:
    key: str
    label: str
    argv: list
    # keepalive + pong timeout, for Uplink's detection overhead
    bound_s: float = None
    uplink: bool = False


@dataclass
class Figures:
    """Every measurement of one client, in seconds unless named otherwise."""
    hung: list = field(default_factory=list)          # None: not detected
    hung_overhead_ms: list = field(default_factory=list)
    killed: list = field(default_factory=list)
    closed: list = field(default_factory=list)
    wakeups: list = field(default_factory=list)       # per second
    cpu: list = field(default_factory=list)           # seconds per window
    rss_mib: list = field(default_factory=list)
    idle_note: str = ""


# --- processes ---------------------------------------------------------------

def parse_time(word):
    """Seconds since the epoch from a line's ISO 8601 UTC time stamp."""
    stamp = datetime.strptime(word, "%Y-%m-%dT%H:%M:%S.%fZ")
    return stamp.replace(tzinfo=timezone.utc).timestamp()


def now_ms():
    """The time as the clients stamp it: whole milliseconds, rounded down,
    so that an interval between the two is never negative."""
    return (time.time_ns() // 1_000_000) / 1000


class Process:
    """A child whose stdout lines are read as they come."""

    def __init__(self, proc, name):
        self.proc = proc
        self.name = name
        self.lines = asyncio.Queue()
        self.reader = asyncio.create_task(self._read())

    @classmethod
    async def start(cls, argv, env, log_dir, name):
        with open(log_dir / f"{name}.stderr", "wb") as stderr:
            proc = await asyncio.create_subprocess_exec(
                *[str(a) for a in argv], stdout=asyncio.subprocess.PIPE,
                stderr=stderr, env=env)
        return cls(proc, name)

    @property
    def pid(self):
        return self.proc.pid

    async def _read(self):
        async for raw in self.proc.stdout:
            await self.lines.put(raw.decode(errors="replace").rstrip("\n"))
        await self.lines.put(None)

    async def next_line(self, timeout):
        try:
            return await asyncio.wait_for(self.lines.get(), timeout)
        except asyncio.TimeoutError:
            return None

    async def expect(self, status, timeout):
        """The time stamp of the next "TIME STATUS …" line, or None if none
        comes within timeout seconds."""
        deadline = time.monotonic() + timeout
        while (remaining := deadline - time.monotonic()) > 0:
            line = await self.next_line(remaining)
            if line is None:
                return None
            words = line.split()
            if len(words) >= 2 and words[1] == status:
                return parse_time(words[0])
        return None

    async def stop(self, sig=signal.SIGTERM):
        # ProcessLookupError: the child is gone already.
        if self.proc.returncode is None:
            try:
                self.proc.send_signal(sig)
                await asyncio.wait_for(self.proc.wait(), STOP_TIMEOUT_S)
            except ProcessLookupError:
                pass
            except asyncio.TimeoutError:
                try:
                    self.proc.kill()
                except ProcessLookupError:
                    pass
            await self.proc.wait()
        await self.reader


class StartLine:
    """Lets a group of runs start measuring together once all are set up."""

    def __init__(self, runners):
        self.waiting_for = runners
        self.go = asyncio.Event()

    def _leave(self):
        self.waiting_for -= 1
        if self.waiting_for == 0:
            self.go.set()

    async def ready(self):
        self._leave()
        await self.go.wait()

    def withdraw(self):
        """For a run that failed before it was ready."""
        self._leave()


class Bench:
    def __init__(self, server, monitor, build_dir, log_dir, node_path):
        self.server = server
        self.monitor = monitor
        self.build_dir = build_dir
        self.log_dir = log_dir
        self.env = dict(os.environ)
        self.serial = 0
        # Start-ups one per core: fifty at once would keep a client from
        # the CPU for a second, and its server would hang well after its
        # handshake rather than right after it.
        self.starting = asyncio.Semaphore(os.cpu_count() or 1)
        if node_path:
            self.env["NODE_PATH"] = str(node_path)

    def name(self, what):
        self.serial += 1
        return f"{self.serial:03d}-{what}"

    async def start_server(self):
        server = await Process.start([self.server, "--port", "0"], self.env,
                                     self.log_dir, self.name("server"))
        first = await server.next_line(CONNECT_TIMEOUT_S)
        if first is None or not first.startswith("listening on "):
            raise BenchError(f"uplink-server did not start: {first!r}")
        server.url = first.removeprefix("listening on ")
        server.control = "http://" + server.url.removeprefix("ws://").split("/")[0]
        return server

    async def start_pair(self, client, env=None):
        """A fresh server and the client connected to it."""
        async with self.starting:
            return await self._start_pair(client, env)

    async def _start_pair(self, client, env):
        server = await self.start_server()
        proc = await Process.start(client.argv + [server.url], env or self.env,
                                   self.log_dir, self.name(client.key))
        connected = await proc.expect("connected", CONNECT_TIMEOUT_S)
        if connected is None:
            await stop_all(proc, server)
            raise BenchError(f"{client.label} did not connect: see {self.log_dir}")
        return server, proc, connected


async def stop_all(proc, server):
    await proc.stop()
    # SIGKILL reaches a stopped server too.
    await server.stop(signal.SIGKILL)


def post(url):
    request = urllib.request.Request(url, data=b"", method="POST")
    with urllib.request.urlopen(request, timeout=10) as answer:
        return answer.read()


def open_clients(control):
    with urllib.request.urlopen(control + "/control/stats", timeout=10) as answer:
        return int(re.search(rb'"open"\s*:\s*(\d+)', answer.read()).group(1))


# --- client against server -----------------------------------------------------

async def start_pair_for(bench, client, start_line):
    try:
        return await bench.start_pair(client)
    except BaseException:
        start_line.withdraw()
        raise


async def hung_run(bench, client):
    """Stops the server's process as soon as the client is connected, before
    any keepalive: every client meets the hang at the start of its cycle,
    its worst case, and the handshake is the last thing it heard."""
    server, proc, connected = await bench.start_pair(client)
    try:
        went = now_ms()
        os.kill(server.pid, signal.SIGSTOP)
        # A little longer than the cap, so that a line stamped just inside it
        # is not lost on its way through the pipe.
        noticed = await proc.expect("disconnected", HUNG_CAP_S + LINE_GRACE_S)
        if noticed is None or noticed - went > HUNG_CAP_S:
            return None, None
        overhead = None
        if client.bound_s is not None:
            overhead = (noticed - connected - client.bound_s) * 1000
        return noticed - went, overhead
    finally:
        await stop_all(proc, server)


async def killed_run(bench, client):
    server, proc, _ = await bench.start_pair(client)
    try:
        went = now_ms()
        os.kill(server.pid, signal.SIGKILL)
        noticed = await proc.expect("disconnected", EVENT_TIMEOUT_S)
        return None if noticed is None else noticed - went
    finally:
        await stop_all(proc, server)


async def closed_run(bench, client):
    server, proc, _ = await bench.start_pair(client)
    try:
        went = now_ms()
        await asyncio.to_thread(post, server.control + "/control/drop?code=1000")
        noticed = await proc.expect("disconnected", EVENT_TIMEOUT_S)
        return None if noticed is None else noticed - went
    finally:
        await stop_all(proc, server)


# --- idle cost -------------------------------------------------------------------

def read_cpu_s(pid):
    # The fields after the command's closing parenthesis; utime and stime
    # are 14 and 15 counting from 1, and cover ended threads too.
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def read_rss_mib(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise BenchError(f"no VmRSS for {pid}")


async def measure_idle(pid):
    """Wake-ups per second, CPU seconds and RSS over IDLE_S seconds.
    Threads are sampled every second so that one ending in the window
    still counts up to its last sample."""
    first = read_switches(pid)
    last = dict(first)
    cpu = read_cpu_s(pid)
    deadline = time.monotonic() + IDLE_S
    while time.monotonic() < deadline:
        await asyncio.sleep(min(SAMPLE_EVERY_S, max(0, deadline - time.monotonic())))
        last.update(read_switches(pid))
    wakeups = sum(count - first.get(tid, 0) for tid, count in last.items())
    return wakeups / IDLE_S, read_cpu_s(pid) - cpu, read_rss_mib(pid)


async def idle_run(bench, client, start_line):
    server, proc, _ = await start_pair_for(bench, client, start_line)
    try:
        await start_line.ready()
        return await measure_idle(proc.pid)
    finally:
        await stop_all(proc, server)


def app_argv(app):
    """How the desktop app is started; it reads the URL from GSettings."""
    return [app]


def app_env(bench, url, config_dir, bus_address):
    """The app's settings in a keyfile of its own, holding url, and a
    session bus of its own: a GApplication is unique per bus, and the runs
    go side by side."""
    keyfile = config_dir / "glib-2.0" / "settings" / "keyfile"
    keyfile.parent.mkdir(parents=True)
    keyfile.write_text(f"[io/github/uplink/Uplink]\nurl='{url}'\n")
    return dict(bench.env, GSETTINGS_BACKEND="keyfile", XDG_CONFIG_HOME=str(config_dir),
                GSETTINGS_SCHEMA_DIR=str(bench.build_dir / "data"),
                DBUS_SESSION_BUS_ADDRESS=bus_address)


async def wait_for_open_client(control):
    deadline = time.monotonic() + CONNECT_TIMEOUT_S
    while time.monotonic() < deadline:
        if await asyncio.to_thread(open_clients, control) >= 1:
            return True
        await asyncio.sleep(0.1)
    return False


async def app_idle_run(bench, app, start_line):
    """The app prints nothing to read: the server tells when it is in.
    Returns None when the app did not connect: the rest of the report
    stands without it."""
    from dbusmock import DBusTestCase

    server = proc = bus_pid = None
    arrived = False
    try:
        with tempfile.TemporaryDirectory() as config_dir:
            async with bench.starting:
                server = await bench.start_server()
                # dbusmock waits for its bus daemon: not on the event loop.
                bus_pid, bus_address = await asyncio.to_thread(DBusTestCase.start_dbus)
                proc = await Process.start(app_argv(app),
                                           app_env(bench, server.url, Path(config_dir), bus_address),
                                           bench.log_dir, bench.name("app"))
                if not await wait_for_open_client(server.control):
                    say(f"the app did not connect: see {bench.log_dir}")
                    return None
            arrived = True
            await start_line.ready()
            return await measure_idle(proc.pid)
    except (BenchError, OSError) as error:
        # Someone else's work in progress must not cost the whole report.
        say(f"the app's run failed: {error}")
        return None
    finally:
        if not arrived:
            start_line.withdraw()
        if proc is not None:
            await proc.stop()
        if server is not None:
            await server.stop(signal.SIGKILL)
        if bus_pid is not None:
            # Not DBusTestCase.stop_dbus, which may only run on the main
            # thread and blocks while it waits; the daemon forked away from
            # us, so there is nothing to reap.
            try:
                os.kill(bus_pid, signal.SIGTERM)
            except ProcessLookupError:
                pass


# --- Uplink alone ------------------------------------------------------------------

async def network_runs(bench):
    """GIO's NetworkManager monitor in uplink-monitor, against
    python3-dbusmock's template on a private system bus: the times from
    NetworkManager's state change to the monitor's line."""
    from dbusmock import DBusTestCase

    DBusTestCase.start_system_bus()
    nm = proc = server = None
    lost, back = [], []
    try:
        nm, nm_obj = DBusTestCase.spawn_server_template(
            "networkmanager", {"NetworkingEnabled": True}, stdout=subprocess.DEVNULL)
        nm_obj.SetGlobalConnectionState(NM_STATE_CONNECTED_GLOBAL)
        nm_obj.SetConnectivity(NM_CONNECTIVITY_FULL)
        env = dict(bench.env, GIO_USE_NETWORK_MONITOR="networkmanager",
                   DBUS_SYSTEM_BUS_ADDRESS=os.environ["DBUS_SYSTEM_BUS_ADDRESS"])
        uplink = Client("uplink-nm", "uplink-monitor", [bench.monitor])
        server, proc, _ = await bench.start_pair(uplink, env)
        for _ in range(SHORT_RUNS):
            went = now_ms()
            nm_obj.SetGlobalConnectionState(NM_STATE_DISCONNECTED)
            noticed = await proc.expect("disconnected", EVENT_TIMEOUT_S)
            lost.append(None if noticed is None else noticed - went)

            returned = now_ms()
            nm_obj.SetGlobalConnectionState(NM_STATE_CONNECTED_GLOBAL)
            attempt = await proc.expect("connecting", EVENT_TIMEOUT_S)
            back.append(None if attempt is None else attempt - returned)
            if await proc.expect("connected", EVENT_TIMEOUT_S) is None:
                raise BenchError("uplink-monitor did not reconnect after the network returned")
    finally:
        if proc is not None:
            await stop_all(proc, server)
        if nm is not None:
            nm.terminate()
            nm.wait()
        DBusTestCase.tearDownClass()
    return lost, back


async def run_program(argv, env):
    """Runs one of the C benchmarks alone; returns its Markdown output."""
    proc = await asyncio.create_subprocess_exec(*[str(a) for a in argv], env=env,
                                                stdout=asyncio.subprocess.PIPE)
    output, _ = await proc.communicate()
    if proc.returncode != 0:
        raise BenchError(f"{argv[0]} failed with status {proc.returncode}")
    return output.decode()


def table_row(markdown, first_cell):
    """The cells of the Markdown table row that starts with first_cell."""
    for line in markdown.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells and cells[0] == first_cell:
            return cells
    raise BenchError(f"no row {first_cell!r} in:\n{markdown}")


# --- formatting ----------------------------------------------------------------------

def spread(values, scale=1, decimals=0, unit="", cap=None):
    """"median (min–max) unit"; None counts as "more than cap"."""
    if not values:
        return "—"
    ordered = sorted(values, key=lambda v: float("inf") if v is None else v)
    missing = sum(v is None for v in values)

    def one(v):
        return f"> {cap}" if v is None else f"{v * scale:.{decimals}f}"

    median = ordered[len(ordered) // 2]
    if median is None:
        return f"not detected in {cap} {unit} ({missing} of {len(values)} runs)"
    text = f"{one(median)} ({one(ordered[0])}–{one(ordered[-1])}) {unit}".strip()
    if missing:
        text += f"; {missing} of {len(values)} not detected in {cap} {unit}"
    return text


def median(values):
    ordered = sorted(values, key=lambda v: float("inf") if v is None else v)
    return ordered[len(ordered) // 2] if ordered else None


def worst(values):
    return float("inf") if any(v is None for v in values) else max(values)


# --- the run -------------------------------------------------------------------------

def make_clients(monitor, node_path):
    import websockets

    clients = [
        Client("uplink", "uplink-monitor, defaults (keepalive 10 s, pong timeout 4 s)",
               [monitor], bound_s=14, uplink=True),
        Client("uplink-2-1", "uplink-monitor --keepalive-interval 2 --pong-timeout 1",
               [monitor, "--keepalive-interval", "2", "--pong-timeout", "1"],
               bound_s=3, uplink=True),
        Client("python-websockets", f"Python websockets {websockets.__version__}, defaults",
               [PYTHON, HERE / "peer-python-websockets.py"]),
    ]
    if node_path:
        clients += [
            Client("node-ws", "Node.js ws, defaults",
                   ["node", HERE / "peer-node-ws.js"]),
            Client("node-reconnecting-websocket",
                   "Node.js reconnecting-websocket over ws, defaults",
                   ["node", HERE / "peer-node-reconnecting-websocket.js"]),
        ]
    return clients


async def run_short(bench, clients, figures):
    """One at a time: a millisecond figure must not wait for a CPU."""
    for client in clients:
        say(f"killed and closing server: {client.label}")
        for _ in range(SHORT_RUNS):
            figures[client.key].killed.append(await killed_run(bench, client))
            figures[client.key].closed.append(await closed_run(bench, client))


async def run_long(bench, clients, figures, app):
    """The hung-server and idle runs side by side: each client has its own
    server, and these figures are timer deadlines and counts, which a
    shared CPU does not move. The idle windows open together once all idle
    clients are up."""
    runs = len(clients) * LONG_RUNS + (LONG_RUNS if app else 0)
    start_line = StartLine(runs)

    def times(make):
        return [asyncio.create_task(make()) for _ in range(LONG_RUNS)]

    hung = {c.key: times(lambda c=c: hung_run(bench, c)) for c in clients}
    idle = {c.key: times(lambda c=c: idle_run(bench, c, start_line)) for c in clients}
    app_runs = times(lambda: app_idle_run(bench, app, start_line)) if app else []

    for key, tasks in hung.items():
        for noticed, overhead in await asyncio.gather(*tasks):
            figures[key].hung.append(noticed)
            if overhead is not None:
                figures[key].hung_overhead_ms.append(overhead)
    for key, tasks in idle.items():
        add_idle(figures[key], await asyncio.gather(*tasks))
    app_figures = Figures()
    app_results = await asyncio.gather(*app_runs)
    add_idle(app_figures, [r for r in app_results if r is not None])
    if None in app_results:
        app_figures.idle_note = (f"no figures from {app_results.count(None)} of "
                                 f"{len(app_results)} runs (see {bench.log_dir})")
    return app_figures


def add_idle(figures, results):
    for wakeups, cpu, rss in results:
        figures.wakeups.append(wakeups)
        figures.cpu.append(cpu)
        figures.rss_mib.append(rss)


def say(text):
    print(f"bench-compare: {text}", file=sys.stderr, flush=True)


# --- the report ----------------------------------------------------------------------

def row(cells):
    return "| " + " | ".join(cells) + " |"


def loss_table(clients, figures, lost, back):
    lines = [row(["server or network"] + [c.label for c in clients]),
             row(["---"] + ["---:"] * len(clients))]

    def add(what, cell):
        lines.append(row([what] + [cell(c, figures[c.key]) for c in clients]))

    add(f"hung server (SIGSTOP, TCP left open) → loss reported, s; {LONG_RUNS} runs",
        lambda c, f: spread(f.hung, decimals=2, unit="s", cap=HUNG_CAP_S))
    add("… over keepalive + pong timeout, ms",
        lambda c, f: spread(f.hung_overhead_ms, unit="ms") if c.uplink else "no such bound")
    add(f"killed server (SIGKILL) → disconnected, ms; {SHORT_RUNS} runs",
        lambda c, f: spread(f.killed, scale=1000, unit="ms", cap=EVENT_TIMEOUT_S))
    add(f"clean close (1000) → disconnected, ms, control request included; {SHORT_RUNS} runs",
        lambda c, f: spread(f.closed, scale=1000, unit="ms", cap=EVENT_TIMEOUT_S))

    def network(values):
        def cell(c, f):
            if c.key == "uplink":
                return spread(values, scale=1000, unit="ms", cap=EVENT_TIMEOUT_S)
            if c.uplink:
                return "as with the defaults"
            return "no reaction: does not follow the network"
        return cell

    add(f"network lost → disconnected, ms; {SHORT_RUNS} runs", network(lost))
    add(f"network back → next attempt, ms; {SHORT_RUNS} runs", network(back))
    return "\n".join(lines)


def idle_table(clients, figures, app, app_figures):
    lines = [row(["client", "wake-ups per s", f"CPU s per {IDLE_S} s", "RSS MiB"]),
             row(["---", "---:", "---:", "---:"])]
    for c in clients:
        f = figures[c.key]
        lines.append(row([c.label, spread(f.wakeups, decimals=2),
                          spread(f.cpu, decimals=2), spread(f.rss_mib, decimals=1)]))
    if app is None:
        lines.append(row(["uplink (app)", "app not built", "app not built", "app not built"]))
    else:
        f = app_figures
        label = "uplink (app)" + (f": {f.idle_note}" if f.idle_note else "")
        lines.append(row([label, spread(f.wakeups, decimals=2),
                          spread(f.cpu, decimals=2), spread(f.rss_mib, decimals=1)]))
    return "\n".join(lines)


def uplink_table(storm_md, connect_md):
    on = table_row(storm_md, "jitter on (default)")
    off = table_row(storm_md, "jitter off (test-only knob)")
    connect = table_row(connect_md, "start() → connected")
    close = table_row(connect_md, "server close (1000) → disconnected, control request included")
    lines = [row(["Uplink alone", "figure", "runs"]),
             row(["---", "---:", "---:"]),
             row(["reconnect storm, peak handshakes per 100 ms, % of 1000 clients, jitter on (default)",
                  on[1], "5"]),
             row(["… jitter off (test-only knob)", off[1], "5"]),
             row(["start() → connected on loopback, ms (in-process, bench-connect)",
                  f"{connect[1]} ({connect[2]}–{connect[3]})", connect[4]]),
             row(["server close (1000) → disconnected, ms (in-process, bench-connect)",
                  f"{close[1]} ({close[2]}–{close[3]})", close[4]])]
    return "\n".join(lines), on


def verdict(ok):
    return "met" if ok else "**missed**"


def goals_table(clients, figures, lost, back, storm_on):
    uplink = figures["uplink"]
    bound_s = next(c.bound_s for c in clients if c.key == "uplink")
    peers = [figures[c.key] for c in clients if not c.uplink]
    best_peer = min((median(f.hung) for f in peers if median(f.hung) is not None), default=None)
    hung = median(uplink.hung)
    overheads = [v for c in clients if c.uplink for v in figures[c.key].hung_overhead_ms]
    storm_worst = float(re.search(r"–([\d.]+)\)", storm_on[1]).group(1))

    def ms(v):
        return "none" if v is None else f"{v * 1000:.0f} ms"

    best_text = (f"best peer {best_peer:.1f} s, a third is {best_peer / 3:.1f} s"
                 if best_peer is not None else f"no peer noticed within {HUNG_CAP_S} s")
    rows = [
        (f"hung server noticed ≤ {GOAL_HUNG_DEFAULT_S} s with the defaults (worst case)",
         f"{hung:.3f} s: the {bound_s:g} s bound + {(hung - bound_s) * 1000:.0f} ms"
         if hung is not None else "not noticed",
         hung is not None and hung <= GOAL_HUNG_DEFAULT_S),
        ("… and ≤ 1/3 of the best peer's time", best_text,
         hung is not None and (best_peer is None or hung <= best_peer * GOAL_HUNG_SHARE_OF_BEST_PEER)),
        (f"detection ≤ {GOAL_OVERHEAD_MS} ms over keepalive + pong timeout (worst run, both settings)",
         f"{max(overheads):.0f} ms" if overheads else "—",
         bool(overheads) and max(overheads) <= GOAL_OVERHEAD_MS),
        (f"network lost → disconnected ≤ {GOAL_NETWORK_MS} ms",
         f"{ms(median(lost))}, worst {ms(worst(lost)) if worst(lost) != float('inf') else 'none'}",
         median(lost) is not None and median(lost) * 1000 <= GOAL_NETWORK_MS),
        (f"network back → next attempt ≤ {GOAL_NETWORK_MS} ms",
         f"{ms(median(back))}, worst {ms(worst(back)) if worst(back) != float('inf') else 'none'}",
         median(back) is not None and median(back) * 1000 <= GOAL_NETWORK_MS),
        (f"storm peak ≤ {GOAL_STORM_PCT} % of clients per 100 ms (worst run)",
         f"{storm_worst:.1f} %", storm_worst <= GOAL_STORM_PCT),
        (f"uplink-monitor idle ≤ {GOAL_IDLE_WAKEUPS} wake-ups per s",
         f"{median(uplink.wakeups):.2f}", median(uplink.wakeups) <= GOAL_IDLE_WAKEUPS),
        (f"uplink-monitor idle ≤ {GOAL_IDLE_RSS_MIB} MiB RSS",
         f"{median(uplink.rss_mib):.1f} MiB", median(uplink.rss_mib) <= GOAL_IDLE_RSS_MIB),
        (f"clean close → disconnected ≤ {GOAL_CLOSE_MS} ms",
         ms(median(uplink.closed)),
         median(uplink.closed) is not None and median(uplink.closed) * 1000 <= GOAL_CLOSE_MS),
    ]
    lines = [row(["goal (issue 8), on medians unless said", "Uplink", ""]),
             row(["---", "---:", "---"])]
    lines += [row([goal, figure, verdict(ok)]) for goal, figure, ok in rows]
    return "\n".join(lines)


def report(clients, figures, lost, back, app, app_figures, storm_md, connect_md):
    uplink, storm_on = uplink_table(storm_md, connect_md)
    return f"""Figures are median (min–max). Each client runs with its defaults against
its own uplink-server on loopback and prints a time-stamped line when it is
connected and when it notices the loss; Uplink is `uplink-monitor`. The
hung-server runs stop the server as soon as the client reports the
connection, so each client meets the hang at the start of its keepalive
cycle (its worst case); they and the idle runs go side by side, the others
one at a time. Clients stamp their lines in whole milliseconds.

### Losing the server

{loss_table(clients, figures, lost, back)}

The network runs use GIO's NetworkManager monitor
(`GIO_USE_NETWORK_MONITOR=networkmanager`) against python3-dbusmock's
`networkmanager` template on a private system bus; the time runs from the
`SetGlobalConnectionState` call, NetworkManager's signal included.

### Idle, connected, {IDLE_S} s

Wake-ups are voluntary context switches summed over all of the process's
threads (`/proc/PID/task/*/status`); CPU is user + system time in the
window; RSS is `VmRSS` at its end. {LONG_RUNS} runs each. The app runs
under Xvfb with a session bus of its own per run.

{idle_table(clients, figures, app, app_figures)}

### Uplink alone

{uplink}

### Goals

{goals_table(clients, figures, lost, back, storm_on)}

### Reconnect storm in detail (bench-storm)

{storm_md.strip()}

### Loopback timings in detail (bench-connect)

{connect_md.strip()}
"""


async def main(argv):
    if len(argv) != 6:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    server, monitor, build_dir, storm, connect = (Path(a).resolve() for a in argv[1:])
    log_dir = build_dir / "bench" / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    node_path = os.environ.get("UPLINK_BENCH_NODE_PATH")
    app = build_dir / "src" / "app" / "uplink"
    app = app if os.access(app, os.X_OK) else None

    bench = Bench(server, monitor, build_dir, log_dir, node_path)
    clients = make_clients(monitor, node_path)
    figures = {c.key: Figures() for c in clients}
    c_env = dict(bench.env, UPLINK_SERVER=str(server))

    say("reconnect storm (about a minute)")
    storm_md = await run_program([storm], c_env)
    say("loopback timings")
    connect_md = await run_program([connect], c_env)
    await run_short(bench, clients, figures)
    say("network going and coming back")
    lost, back = await network_runs(bench)
    say(f"hung servers and idle clients, side by side ({HUNG_CAP_S} s)")
    app_figures = await run_long(bench, clients, figures, app)

    print(report(clients, figures, lost, back, app, app_figures, storm_md, connect_md))
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv)))
