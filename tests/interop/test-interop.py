#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""uplink-monitor against the servers people run, on loopback.

Each server runs from a temporary folder of its own, with short idle and
login timeouts, and is stopped by the process id this test started. The
monitor runs at its defaults unless a case says otherwise. Figures go to
the TAP output as "# figure:" lines.

Node's ws and socket.io come from UPLINK_NODE_PATH (build-aux/dev installs
them there); without them, their cases are skipped.
"""

import json
import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from uplink_test import run_tap  # noqa: E402

AUTH = 4
CONNECT_TIMEOUT_S = 15
# A hung server must be noticed within keepalive + pong timeout (14 s).
HUNG_LIMIT_S = 15
RESTART_DOWN_S = 3
RESTART_LIMIT_S = 6
CREDENTIALS_WINDOW_S = 20
# How long a session must last beyond the server's own idle timeout.
HOLD_MARGIN_S = float(os.environ.get("UPLINK_INTEROP_HOLD_MARGIN_S", "4"))
NODE_PATH = os.environ.get("UPLINK_NODE_PATH", "")
HERE = os.path.dirname(os.path.abspath(__file__))


def figure(server, name, value):
    print(f"# figure: {server} {name} {value}")
    sys.stdout.flush()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port, process, timeout_s=CONNECT_TIMEOUT_S):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with status {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port}")


class Monitor:
    """uplink-monitor --json, its lines read as they come."""

    def __init__(self, url, *args, password=None):
        env = dict(os.environ)
        env.pop("UPLINK_PASSWORD", None)
        if password is not None:
            env["UPLINK_PASSWORD"] = password
        self.process = subprocess.Popen(
            [os.environ["UPLINK_MONITOR"], "--json", *args, url],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
        self.lines = queue.Queue()
        self.seen = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.put((time.monotonic(), json.loads(line)))

    def wait(self, predicate, timeout_s):
        """The first line from now on that satisfies predicate, or None."""
        deadline = time.monotonic() + timeout_s
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            try:
                when, line = self.lines.get(timeout=left)
            except queue.Empty:
                return None
            self.seen.append((when, line))
            if predicate(line):
                return when, line

    def wait_status(self, status, timeout_s):
        return self.wait(lambda line: line["status"] == status, timeout_s)

    def stop(self):
        self.process.terminate()
        self.process.wait()


class Server:
    """A server process of our own; subclasses say how to start it."""

    name = None
    path = "/"
    idle_timeout_s = 0
    has_login = False
    # The user the server knows, as the monitor names it.
    login = "watcher"

    def __init__(self, credentials=None):
        self.folder = tempfile.mkdtemp(prefix=f"uplink-interop-{self.name}-")
        os.chmod(self.folder, 0o755)
        self.credentials = credentials
        self.port = free_port()
        self.process = None
        self.prepare()
        self.start()

    def prepare(self):
        pass

    def command(self):
        raise NotImplementedError

    def environment(self):
        return None

    def start(self):
        env = None
        if self.environment() is not None:
            env = dict(os.environ, **self.environment())
        self.log = open(os.path.join(self.folder, "server.log"), "a")
        self.process = subprocess.Popen(self.command(), cwd=self.folder, env=env,
                                        stdout=self.log, stderr=subprocess.STDOUT)
        wait_for_port(self.port, self.process)

    @property
    def url(self):
        return f"ws://127.0.0.1:{self.port}{self.path}"

    def signal(self, number):
        if self.process.poll() is None:
            self.process.send_signal(number)

    def kill(self):
        self.signal(signal.SIGKILL)
        self.process.wait()
        self.log.close()

    def close(self):
        self.signal(signal.SIGCONT)
        self.signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.kill()
        self.log.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def node_command(script, port):
    return ["node", os.path.join(HERE, script), str(port)]


class WsServer(Server):
    name = "ws"

    def command(self):
        return node_command("server-ws.js", self.port)

    def environment(self):
        return {"NODE_PATH": NODE_PATH}


class SocketioServer(Server):
    name = "socket.io"
    path = "/socket.io/?EIO=4&transport=websocket"
    idle_timeout_s = 8  # pingInterval + pingTimeout
    has_login = True

    def command(self):
        return node_command("server-socketio.js", self.port)

    def environment(self):
        env = {"NODE_PATH": NODE_PATH}
        if self.credentials is not None:
            env["UPLINK_INTEROP_TOKEN"] = self.credentials[1]
        return env


class MosquittoServer(Server):
    """Mosquitto 2.0 drops to its own user when started as root."""

    name = "mosquitto"
    path = "/mqtt"
    # A client that keeps quiet is dropped after 1.5 keepalive intervals.
    idle_timeout_s = 15
    has_login = True

    def prepare(self):
        # Mosquitto 2.0.11 will not start with websockets listeners only.
        lines = [f"listener {free_port()} 127.0.0.1",
                 f"listener {self.port}", "socket_domain ipv4", "protocol websockets",
                 "persistence false"]
        if self.credentials is None:
            lines.append("allow_anonymous true")
        else:
            passwords = os.path.join(self.folder, "passwords")
            subprocess.run(["mosquitto_passwd", "-c", "-b", passwords, *self.credentials],
                           check=True, stdout=subprocess.DEVNULL)
            os.chmod(passwords, 0o644)
            lines += ["allow_anonymous false", f"password_file {passwords}"]
        with open(os.path.join(self.folder, "mosquitto.conf"), "w") as conf:
            conf.write("\n".join(lines) + "\n")

    def command(self):
        return ["mosquitto", "-c", os.path.join(self.folder, "mosquitto.conf")]


class ProsodyServer(Server):
    """Prosody refuses to run as root: it runs as its own user."""

    name = "prosody"
    path = "/xmpp-websocket"
    host = "localhost"
    # c2s_timeout below: a stream that does not log in ends after it.
    idle_timeout_s = 20
    has_login = True
    login = "watcher@localhost"
    user = "prosody"

    def prepare(self):
        config = f"""
pidfile = "{self.folder}/prosody.pid"
data_path = "{self.folder}/data"
log = {{ {{ levels = {{ min = "info" }}, to = "console" }} }}
interfaces = {{ "127.0.0.1" }}
c2s_ports = {{ {free_port()} }}
s2s_ports = {{ }}
http_ports = {{ {self.port} }}
http_interfaces = {{ "127.0.0.1" }}
https_ports = {{ }}
modules_enabled = {{ "saslauth", "websocket", "ping" }}
modules_disabled = {{ "s2s", "tls" }}
c2s_require_encryption = false
allow_unencrypted_plain_auth = true
consider_websocket_secure = true
c2s_timeout = {self.idle_timeout_s}
authentication = "internal_hashed"
storage = "internal"
VirtualHost "localhost"
"""
        self.config = os.path.join(self.folder, "prosody.cfg.lua")
        os.mkdir(os.path.join(self.folder, "data"))
        with open(self.config, "w") as file:
            file.write(config)
        shutil.chown(self.folder, self.user, self.user)
        shutil.chown(os.path.join(self.folder, "data"), self.user, self.user)
        if self.credentials is not None:
            subprocess.run(self.as_user(["prosodyctl", "--config", self.config, "register",
                                         self.credentials[0], "localhost", self.credentials[1]]),
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def as_user(self, command):
        if os.getuid() != 0:
            return command
        # setpriv execs: the process id is Prosody's own.
        return ["setpriv", f"--reuid={self.user}", f"--regid={self.user}", "--init-groups",
                *command]

    def command(self):
        return self.as_user(["prosody", "--config", self.config, "-F"])

    @property
    def url(self):
        return f"ws://{self.host}:{self.port}{self.path}"


SERVERS = [WsServer, SocketioServer, MosquittoServer, ProsodyServer]


class InteropCase:
    server_class = None

    def setUp(self):
        self.server = None
        self.monitors = []

    def tearDown(self):
        for monitor in self.monitors:
            monitor.stop()
        if self.server is not None:
            self.server.close()

    def start(self, *args, credentials=None, password=None, username=None):
        self.server = self.server_class(credentials)
        if username is not None:
            args += ("--username", username)
        monitor = Monitor(self.server.url, *args, password=password)
        self.monitors.append(monitor)
        return monitor

    def start_connected(self, *args):
        monitor = self.start(*args)
        self.assertIsNotNone(monitor.wait_status("connected", CONNECT_TIMEOUT_S), monitor.seen)
        return monitor

    def start_logged_in(self):
        """Connected, logged in where the server has a login."""
        if not self.server_class.has_login:
            return self.start_connected()
        monitor = self.start(credentials=("watcher", "right"), username=self.server_class.login,
                             password="right")
        self.assertIsNotNone(monitor.wait_status("connected", CONNECT_TIMEOUT_S), monitor.seen)
        return monitor

    def test_holds_session(self):
        monitor = self.start_logged_in()
        window = self.server.idle_timeout_s + HOLD_MARGIN_S
        drop = monitor.wait(lambda line: line["status"] != "connected", window)
        self.assertIsNone(drop, monitor.seen)
        figure(self.server.name, "held_s", window)

    def test_holds_session_without_login(self):
        """A server's end of a session that never logs in is no outage."""
        monitor = self.start_connected()
        window = self.server.idle_timeout_s + HOLD_MARGIN_S
        drop = monitor.wait(lambda line: line["status"] == "disconnected", window)
        self.assertIsNone(drop, monitor.seen)

    def test_hung_server(self):
        monitor = self.start_connected()
        self.server.signal(signal.SIGSTOP)
        stopped = time.monotonic()
        lost = monitor.wait_status("disconnected", HUNG_LIMIT_S + 1)
        self.assertIsNotNone(lost, monitor.seen)
        figure(self.server.name, "hung_detected_s", f"{lost[0] - stopped:.1f}")
        self.assertLessEqual(lost[0] - stopped, HUNG_LIMIT_S)

    def test_restart(self):
        # Full jitter after three quick refusals can wait up to 8 s at the
        # default maximum: a maximum of 4 s bounds the wait the limit is
        # about (the server's restart), not the dice.
        monitor = self.start_connected("--backoff-max", "4000")
        self.server.kill()
        # The outage being tested: the server is away this long.
        time.sleep(RESTART_DOWN_S)
        restarted = time.monotonic()
        self.server.start()
        back = monitor.wait_status("connected", RESTART_LIMIT_S + 10)
        self.assertIsNotNone(back, monitor.seen)
        figure(self.server.name, "restart_recovery_s", f"{back[0] - restarted:.1f}")
        self.assertLessEqual(back[0] - restarted, RESTART_LIMIT_S)

    def test_wrong_credentials(self):
        if not self.server_class.has_login:
            self.skipTest(f"{self.server_class.name} has no login")
        monitor = self.start(credentials=("watcher", "right"), username=self.server_class.login,
                             password="wrong")
        refused = monitor.wait(lambda line: "error" in line, CONNECT_TIMEOUT_S)
        self.assertIsNotNone(refused, monitor.seen)
        self.assertEqual(refused[1]["error"]["code"], AUTH, refused[1])
        self.assertNotIn("wrong", refused[1]["error"]["message"])
        monitor.wait(lambda line: False, CREDENTIALS_WINDOW_S - (time.monotonic() - refused[0]))
        attempts = [line for _, line in monitor.seen if line["status"] == "connecting"]
        figure(self.server.name, "attempts_in_20_s", len(attempts))
        self.assertLessEqual(len(attempts), 2)


def missing(server_class):
    if server_class in (WsServer, SocketioServer):
        module = "ws" if server_class is WsServer else "socket.io"
        if shutil.which("node") is None or not os.path.isdir(os.path.join(NODE_PATH, module)):
            return f"{module} from npm is not in UPLINK_NODE_PATH (build-aux/dev installs it)"
    if server_class is MosquittoServer and shutil.which("mosquitto") is None:
        return "mosquitto is not installed"
    if server_class is ProsodyServer and shutil.which("prosody") is None:
        return "prosody is not installed"
    return None


def load_tests():
    suite = unittest.TestSuite()
    for server_class in SERVERS:
        reason = missing(server_class)
        case = type(f"Interop_{server_class.name.replace('.', '')}",
                    (InteropCase, unittest.TestCase), {"server_class": server_class})
        if reason is not None:
            case = unittest.skip(reason)(case)
        suite.addTests(unittest.defaultTestLoader.loadTestsFromTestCase(case))
    return suite


if __name__ == "__main__":
    sys.exit(run_tap(load_tests()))
