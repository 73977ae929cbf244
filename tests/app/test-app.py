#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The uplink application from outside, as scripts and the desktop see it.

Each test starts `uplink-server`, python3-dbusmock's notification daemon and
the `uplink` application on a private session bus, with settings in a
keyfile of its own. It reads the io.github.uplink.Uplink.Monitor properties
with `gdbus`, the way a script would, and waits on D-Bus signals (the
monitor's PropertiesChanged, the mock's MethodCalled), never on the clock.
"""

import configparser
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request

import dbus
import dbus.mainloop.glib
import dbusmock

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from uplink_test import run_tap, run_until, start_server  # noqa: E402

BUS_NAME = "io.github.uplink.Uplink"
WINDOW_BUS_NAME = "io.github.uplink.Uplink.Window"
OBJECT_PATH = "/io/github/uplink/Uplink"
MONITOR = "io.github.uplink.Uplink.Monitor"
NOTIFICATIONS = "org.freedesktop.Notifications"
PORTAL = "org.freedesktop.portal.Desktop"
PORTAL_PATH = "/org/freedesktop/portal/desktop"
BACKGROUND = "org.freedesktop.portal.Background"
AUTOSTART_NAME = f"{BUS_NAME}.desktop"
# Generous: a loaded CI machine is slow, and waits end on events anyway.
TIMEOUT_S = 20
# NetworkManager's global state, as GIO's NetworkManager monitor reads it.
NM_STATE_DISCONNECTED = 20
NM_STATE_CONNECTED_GLOBAL = 70

SERVER_SCHEMA = "io.github.uplink.Uplink.Server"
# The tray icon, served on the application's bus whether or not a tray
# shows it.
ITEM_PATH = "/StatusNotifierItem"
ITEM = "org.kde.StatusNotifierItem"
MENU = "com.canonical.dbusmenu"
OBJECT_MANAGER = "org.freedesktop.DBus.ObjectManager"

# A python3-websockets server on a free port, which prints the port: a
# third kind of peer beside uplink-server.
WEBSOCKETS_PEER = """
import asyncio, websockets

async def handler(socket, path):
    await socket.wait_closed()

async def main():
    async with websockets.serve(handler, "127.0.0.1", 0) as server:
        print(server.sockets[0].getsockname()[1], flush=True)
        await asyncio.Future()

asyncio.run(main())
"""

dbus.mainloop.glib.DBusGMainLoop(set_as_default=True)


class AppTest(dbusmock.DBusTestCase):
    @classmethod
    def setUpClass(cls):
        cls.start_session_bus()
        cls.bus = cls.get_dbus(system_bus=False)
        # Where python3-dbusmock plays NetworkManager for the network loss;
        # the other tests use GIO's base network monitor, which never reads it.
        cls.start_system_bus()

    def setUp(self):
        self.statuses = []
        # Where the statuses announced since the last action start.
        self.mark = 0
        self.changes = []
        self.notify_calls = []
        self.notify_next_id = 1
        self.app = None

        self.app_owner = None

        # Signals from the previous test's processes may still wait in the
        # queue: handle them now, before anyone listens. Senders are checked
        # as well.
        from gi.repository import GLib
        context = GLib.MainContext.default()
        while context.pending():
            context.iteration(False)

        self.notifyd, self.notifyd_obj = self.spawn_server_template(
            "notification_daemon", {}, stdout=subprocess.DEVNULL)
        self.notifyd_mock = dbus.Interface(self.notifyd_obj, dbusmock.MOCK_IFACE)
        self.notifyd_owner = self.bus.get_name_owner(NOTIFICATIONS)
        self.bus.add_signal_receiver(
            self.on_mock_called, signal_name="MethodCalled",
            dbus_interface=dbusmock.MOCK_IFACE, path="/org/freedesktop/Notifications",
            sender_keyword="sender")
        self.bus.add_signal_receiver(
            self.on_properties_changed, signal_name="PropertiesChanged",
            dbus_interface="org.freedesktop.DBus.Properties", path=OBJECT_PATH,
            sender_keyword="sender")

        self.server, self.url = start_server()
        self.control = self.url.replace("ws://", "http://").rsplit("/", 1)[0]

        self.config = tempfile.TemporaryDirectory()
        self.env = dict(os.environ)
        self.env["XDG_CONFIG_HOME"] = self.config.name
        self.env["GSETTINGS_BACKEND"] = "keyfile"
        self.env["UPLINK_NOTIFY_MIN_INTERVAL"] = "10"
        # A critical in the application fails the test that caused it.
        self.env["G_DEBUG"] = "fatal-criticals"
        # Quick retries, so that recoveries happen within a test's patience.
        self.gsettings("backoff-max", "1")
        self.gsettings("notify-grace-seconds", "1")
        self.gsettings("run-in-background", "true")

    def tearDown(self):
        self.bus.remove_signal_receiver(
            self.on_mock_called, signal_name="MethodCalled",
            dbus_interface=dbusmock.MOCK_IFACE, path="/org/freedesktop/Notifications")
        self.bus.remove_signal_receiver(
            self.on_properties_changed, signal_name="PropertiesChanged",
            dbus_interface="org.freedesktop.DBus.Properties", path=OBJECT_PATH)
        if self.app is not None:
            self.app.terminate()
            self.app.wait()
        # The window is a process of its own that follows the service out;
        # the next test's service must not find it.
        self.assertTrue(run_until(lambda: not self.bus.name_has_owner(WINDOW_BUS_NAME), TIMEOUT_S),
                        "the window outlived the service")
        self.server.kill()
        self.server.wait()
        self.notifyd.terminate()
        self.notifyd.wait()
        self.config.cleanup()

    # --- helpers ------------------------------------------------------------

    def set_mark(self):
        self.mark = len(self.statuses)

    def gsettings(self, key, value):
        self.set_mark()
        subprocess.run(["gsettings", "set", BUS_NAME, key, value],
                       env=self.env, check=True)

    def on_mock_called(self, method, args, sender=None):
        if sender != self.notifyd_owner:
            return
        if method == "Notify":
            args = [a for a in args]
            self.notify_calls.append({
                "replaces_id": int(args[1]),
                "icon": str(args[2]),
                "summary": str(args[3]),
                "body": str(args[4]),
                "actions": [str(a) for a in args[5]],
            })
        elif method == "CloseNotification":
            self.notify_calls.append({"close": int(args[0])})

    def notifications(self):
        return [c for c in self.notify_calls if "close" not in c]

    def popups(self):
        """New notifications, as opposed to updates of one on screen."""
        return [c for c in self.notifications() if c["replaces_id"] == 0]

    def closes(self):
        return [c["close"] for c in self.notify_calls if "close" in c]

    def on_properties_changed(self, interface, changed, invalidated, sender=None):
        if interface != MONITOR:
            return
        if self.app_owner is None:
            # Only this test's application has the name while it runs.
            if not self.bus.name_has_owner(BUS_NAME):
                return
            self.app_owner = self.bus.get_name_owner(BUS_NAME)
        if sender != self.app_owner:
            return
        self.changes.append({str(k): v for k, v in changed.items()})
        if "Status" in changed:
            self.statuses.append(str(changed["Status"]))

    def start_app(self, url=None, args=()):
        self.gsettings("url", f"'{url if url is not None else self.url}'")
        self.app = subprocess.Popen([os.environ["UPLINK_APP"], *args], env=self.env,
                                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.assertTrue(run_until(lambda: self.bus.name_has_owner(BUS_NAME), TIMEOUT_S),
                        "uplink did not take its bus name")

    def gdbus_get(self, prop):
        out = subprocess.run(
            ["gdbus", "call", "--session", "--dest", BUS_NAME, "--object-path", OBJECT_PATH,
             "--method", "org.freedesktop.DBus.Properties.Get", MONITOR, prop],
            env=self.env, check=True, capture_output=True, text=True).stdout
        from gi.repository import GLib
        return GLib.Variant.parse(None, out.strip(), None, None)[0]

    def gdbus_call(self, method):
        self.set_mark()
        subprocess.run(
            ["gdbus", "call", "--session", "--dest", BUS_NAME, "--object-path", OBJECT_PATH,
             "--method", f"{MONITOR}.{method}"],
            env=self.env, check=True, capture_output=True)

    def status(self):
        return self.gdbus_get("Status")

    def wait_status(self, status, timeout_s=TIMEOUT_S):
        """Waits for the monitor to announce @status after the last action,
        then reads it back."""
        self.assertTrue(run_until(lambda: status in self.statuses[self.mark:]
                                  and self.statuses[-1] == status, timeout_s),
                        f"status did not become {status}; saw {self.statuses[self.mark:]}")
        self.assertEqual(self.status(), status)

    def wait_seen(self, status, timeout_s=TIMEOUT_S):
        self.assertTrue(run_until(lambda: status in self.statuses[self.mark:], timeout_s),
                        f"never saw {status}; saw {self.statuses}")

    def post(self, path, body=None):
        self.set_mark()
        data = json.dumps(body).encode() if body is not None else b""
        request = urllib.request.Request(self.control + path, data=data, method="POST",
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
            return json.load(response)

    def wait_connected(self):
        if self.statuses and self.statuses[-1] == "connected":
            return
        # The first read may come before any change was announced.
        self.assertTrue(run_until(
            lambda: (self.statuses and self.statuses[-1] == "connected")
            or (not self.statuses and self.status() == "connected"), TIMEOUT_S))

    def wait_notifications(self, n, timeout_s=TIMEOUT_S):
        self.assertTrue(run_until(lambda: len(self.notifications()) >= n, timeout_s),
                        f"expected {n} notifications, got {self.notify_calls}")

    def uplink_status(self, *args):
        return subprocess.run([os.environ["UPLINK_APP"], "status", *args], env=self.env,
                              capture_output=True, text=True, timeout=120)

    # --- D-Bus --------------------------------------------------------------

    def test_properties_follow_states(self):
        self.gsettings("notify-on-throttle", "false")
        self.start_app(self.url + "?token=s3cret&room=1")
        self.wait_connected()
        self.assertEqual(self.status(), "connected")
        url = self.gdbus_get("Url")
        self.assertNotIn("s3cret", url)
        self.assertIn("token=***", url)
        self.assertEqual(self.gdbus_get("ThrottledFeatures"), [])
        self.assertEqual(self.gdbus_get("NextRetry"), 0)
        self.assertEqual(self.gdbus_get("LastError"), "")

        self.post("/control/throttle", {"features": ["typing", "presence"], "reason": "busy"})
        self.wait_status("featureThrottled")
        self.assertEqual(self.gdbus_get("ThrottledFeatures"), ["typing", "presence"])

        self.post("/control/unthrottle")
        self.wait_status("connected")
        self.assertEqual(self.gdbus_get("ThrottledFeatures"), [])

        # Refused with Retry-After: the retry is scheduled, in wall-clock µs.
        self.post("/control/reject?status=503&count=1000&retry_after=3")
        self.post("/control/drop?code=1001")
        self.wait_seen("disconnected")
        self.assertTrue(run_until(lambda: self.gdbus_get("LastError") != "", TIMEOUT_S))
        self.wait_status("disconnected")
        next_retry = self.gdbus_get("NextRetry")
        now = time.time() * 1e6
        self.assertGreater(next_retry, now - 1e6)
        self.assertLess(next_retry, now + 10e6)
        self.assertGreaterEqual(self.gdbus_get("Attempt"), 1)
        self.assertNotIn("s3cret", self.gdbus_get("LastError"))

        self.post("/control/reject?status=503&count=0")
        self.wait_status("connected")
        self.assertEqual(self.gdbus_get("NextRetry"), 0)
        # Every change was announced with only what changed.
        for change in self.changes:
            self.assertTrue(change)
            self.assertLessEqual(set(change), {"Status", "Url", "LastError", "LastErrorCode",
                                               "ThrottledFeatures", "ThrottleReason",
                                               "ThrottledUntil", "CloseCode", "CloseReason",
                                               "Attempt", "NextRetry", "Latency", "Paused",
                                               "OutageSince", "Since", "Profile"})

    def test_connecting_while_server_hangs(self):
        self.start_app()
        self.wait_connected()
        import signal
        self.server.send_signal(signal.SIGSTOP)
        try:
            self.gdbus_call("Reconnect")
            self.wait_status("connecting")
        finally:
            self.server.send_signal(signal.SIGCONT)
        self.wait_status("connected")

    def test_methods(self):
        self.start_app()
        self.wait_connected()
        self.assertIs(bool(self.gdbus_get("Paused")), False)
        self.gdbus_call("Pause")
        self.wait_status("disconnected")
        self.assertEqual(self.gdbus_get("NextRetry"), 0)
        self.assertIs(bool(self.gdbus_get("Paused")), True)
        # The status string stays one of the four; the next line says why.
        result = self.uplink_status()
        lines = result.stdout.splitlines()
        self.assertEqual(lines[0], "disconnected")
        self.assertIn("paused", lines[1])
        self.assertIs(json.loads(self.uplink_status("--json").stdout)[0]["paused"], True)
        self.gdbus_call("Resume")
        self.wait_status("connected")
        self.assertIs(bool(self.gdbus_get("Paused")), False)
        count = len(self.statuses)
        self.gdbus_call("Reconnect")
        self.assertTrue(run_until(lambda: "connecting" in self.statuses[count:], TIMEOUT_S))
        self.wait_status("connected")

    def gdbus_method(self, method):
        out = subprocess.run(
            ["gdbus", "call", "--session", "--dest", BUS_NAME, "--object-path", OBJECT_PATH,
             "--method", f"{MONITOR}.{method}"],
            env=self.env, check=True, capture_output=True, text=True).stdout
        from gi.repository import GLib
        return GLib.Variant.parse(None, out.strip(), None, None)[0]

    def test_what_the_window_reads(self):
        """The members the window process lives on: the throttle's reason and
        end, a clean close, the history and the event log, all redacted."""
        self.gsettings("notify-on-throttle", "false")
        self.start_app(self.url + "?token=s3cret")
        self.wait_connected()
        self.assertGreater(self.gdbus_get("Since"), time.time() * 1e6 - 60e6)
        self.assertEqual(self.gdbus_get("LastErrorCode"), -1)

        self.post("/control/throttle", {"features": ["typing"], "reason": "busy", "retry_after": 60})
        self.wait_status("featureThrottled")
        self.assertEqual(self.gdbus_get("ThrottleReason"), "busy")
        self.assertGreater(self.gdbus_get("ThrottledUntil"), time.time() * 1e6 + 50e6)

        self.post("/control/unthrottle")
        self.wait_status("connected")
        self.assertEqual(self.gdbus_get("ThrottledUntil"), 0)
        self.post("/control/drop?code=1001")
        self.wait_seen("disconnected")
        # Announced while it lasts, however short the outage.
        self.assertTrue(run_until(lambda: any(change.get("CloseCode") == 1001
                                              for change in self.changes), TIMEOUT_S))
        self.wait_status("connected")

        history = self.gdbus_method("GetHistory")
        self.assertEqual([entry[0] for entry in history][-1], "connected")
        self.assertIn("featureThrottled", [entry[0] for entry in history])
        for status, paused, monotonic, wall, cause in history:
            self.assertGreater(monotonic, 0)
            self.assertGreater(wall, 0)
        events = self.gdbus_method("GetEvents")
        self.assertTrue(events)
        self.assertIn("Some features paused", [title for _, title, _ in events])
        everything = json.dumps([history, events, self.gdbus_get("Url"), self.gdbus_get("CloseReason")])
        self.assertNotIn("s3cret", everything)

    def test_demo(self):
        self.start_app(url="", args=("--demo",))
        self.wait_status("connected")
        # Its first step, 5 s on, throttles; Reconnect works on the demo too.
        self.wait_status("featureThrottled", timeout_s=TIMEOUT_S * 2)
        count = len(self.statuses)
        self.gdbus_call("Reconnect")
        self.assertTrue(run_until(lambda: "connecting" in self.statuses[count:], TIMEOUT_S))
        self.wait_seen("connected")

    def test_url_and_background_options(self):
        bad = subprocess.run([os.environ["UPLINK_APP"], "--url", "http://example.com/"],
                             env=self.env, capture_output=True, text=True, timeout=TIMEOUT_S)
        self.assertEqual(bad.returncode, 1)
        self.assertIn("ws://", bad.stderr)

        self.start_app(url="", args=("--background", "--url", self.url))
        self.wait_status("connected")
        saved = subprocess.run(["gsettings", "get", "io.github.uplink.Uplink", "url"],
                               env=self.env, check=True, capture_output=True, text=True).stdout
        self.assertEqual(saved.strip(), f"'{self.url}'")

    def test_secret_only_in_the_keyring(self):
        """A token given with `uplink --url` goes to the keyring (this suite's
        bus has a real one): the settings, the CLI and D-Bus never show it."""
        self.start_app(url="", args=("--background", "--url", self.url + "?room=1&token=s3cret"))
        self.wait_connected()
        servers = self.gsettings_get("servers")
        server_id = servers.strip("[]'")
        self.assertTrue(server_id and "," not in server_id, servers)
        listed = [subprocess.run(["gsettings", "list-recursively", schema], env=self.env, check=True,
                                 capture_output=True, text=True).stdout
                  for schema in (BUS_NAME, f"{SERVER_SCHEMA}:{OBJECT_PATH}/servers/{server_id}/")]
        # What the settings hold is the rest of the address.
        self.assertIn("room=1", listed[1])
        cli = [self.uplink_status().stdout, self.uplink_status("--json").stdout]
        manager = dbus.Interface(self.bus.get_object(BUS_NAME, OBJECT_PATH), OBJECT_MANAGER)
        on_bus = [str(manager.GetManagedObjects()),
                  str(dbus.Interface(self.bus.get_object(BUS_NAME, OBJECT_PATH),
                                     "org.freedesktop.DBus.Properties").GetAll(MONITOR))]
        for text in listed + cli + on_bus:
            self.assertNotIn("s3cret", text)

    def test_bad_url_in_settings(self):
        self.start_app()
        self.wait_connected()
        self.gsettings("url", "'http://example.com/not-a-websocket'")
        self.assertTrue(run_until(
            lambda: "ws://" in self.gdbus_get("LastError") or "wss://" in self.gdbus_get("LastError"),
            TIMEOUT_S))
        # Waiting on the announcement also takes in every earlier one, so
        # that none of them is taken for news of the good address below.
        self.wait_status("disconnected")
        self.assertEqual(self.gdbus_get("NextRetry"), 0)
        self.assertIsNone(self.app.poll())
        result = self.uplink_status()
        self.assertEqual(result.returncode, 1, "disconnected is down")
        self.assertIn("Last error:", result.stdout)
        print(f"# bad URL says: {self.gdbus_get('LastError')!r}")
        # A good address again: it reconnects.
        self.gsettings("url", f"'{self.url}'")
        self.wait_status("connected")

    # --- several servers ----------------------------------------------------

    def server_setting(self, server_id, key, value):
        subprocess.run(["gsettings", "set",
                        f"{SERVER_SCHEMA}:{OBJECT_PATH}/servers/{server_id}/", key, value],
                       env=self.env, check=True)

    def on_server_properties_changed(self, interface, changed, invalidated, path=None):
        if interface == MONITOR and path in self.server_states and "Status" in changed:
            self.server_states[path] = str(changed["Status"])

    def watch_servers(self, paths):
        """Follows the Status of each server's object, from PropertiesChanged."""
        self.server_states = {path: None for path in paths}
        self.bus.add_signal_receiver(
            self.on_server_properties_changed, signal_name="PropertiesChanged",
            dbus_interface="org.freedesktop.DBus.Properties", path_keyword="path")
        self.addCleanup(self.bus.remove_signal_receiver, self.on_server_properties_changed,
                        signal_name="PropertiesChanged",
                        dbus_interface="org.freedesktop.DBus.Properties", path_keyword="path")

    def managed_monitors(self):
        manager = dbus.Interface(self.bus.get_object(BUS_NAME, OBJECT_PATH), OBJECT_MANAGER)
        return {str(path): {str(k): v for k, v in interfaces[MONITOR].items()}
                for path, interfaces in manager.GetManagedObjects().items() if MONITOR in interfaces}

    def start_three_servers(self, settings=()):
        """Work chat (this test's uplink-server), Staging (another one) and
        Home (a python3-websockets peer), all connected; returns the
        processes of Staging and Home. @settings: (id, key, value) of the
        servers' own settings."""
        second, second_url = start_server()
        self.addCleanup(second.wait)
        self.addCleanup(second.kill)
        peer = subprocess.Popen(["/usr/bin/python3", "-c", WEBSOCKETS_PEER], stdout=subprocess.PIPE,
                                text=True)
        self.addCleanup(peer.wait)
        self.addCleanup(peer.kill)
        peer_url = f"ws://127.0.0.1:{int(peer.stdout.readline())}/"
        servers = {"work": ("Work chat", self.url), "staging": ("Staging", second_url),
                   "home": ("Home", peer_url)}
        for server_id, (name, url) in servers.items():
            self.server_setting(server_id, "name", f"'{name}'")
            self.server_setting(server_id, "url", f"'{url}'")
        for server_id, key, value in settings:
            self.server_setting(server_id, key, value)
        self.gsettings("servers", str(list(servers)))
        paths = {f"{OBJECT_PATH}/servers/{server_id}": name for server_id, (name, _) in servers.items()}
        self.watch_servers(paths)

        self.start_app(url="")
        # One object per server, named, listed by the ObjectManager.
        self.assertTrue(run_until(lambda: set(self.managed_monitors()) == set(paths), TIMEOUT_S))
        monitors = self.managed_monitors()
        self.assertEqual({path: str(props["Name"]) for path, props in monitors.items()}, paths)
        for path, props in monitors.items():
            self.server_states[path] = str(props["Status"])
        self.assertTrue(run_until(lambda: set(self.server_states.values()) == {"connected"}, TIMEOUT_S),
                        self.server_states)
        self.assertTrue(run_until(lambda: self.status() == "connected", TIMEOUT_S))
        return second, peer

    def wait_server_down(self, server_id):
        path = f"{OBJECT_PATH}/servers/{server_id}"
        self.assertTrue(run_until(lambda: self.server_states[path] == "disconnected", TIMEOUT_S),
                        self.server_states)

    def tray(self, prop):
        item = self.bus.get_object(BUS_NAME, ITEM_PATH)
        return item.Get(ITEM, prop, dbus_interface="org.freedesktop.DBus.Properties")

    def tray_icon_is(self, state):
        return self.tray("IconName") == f"{BUS_NAME}-{state}-symbolic"

    def tray_menu(self):
        """The labels of the menu's visible items, as a host shows them."""
        menu = self.bus.get_object(BUS_NAME, f"{ITEM_PATH}/Menu")
        _, (_, _, children) = menu.GetLayout(0, -1, [], dbus_interface=MENU)
        return [str(props.get("label", props.get("type"))) for _, props, _ in children
                if props.get("visible", True)]

    def test_three_servers(self):
        second, _ = self.start_three_servers()
        self.assertEqual(self.gdbus_get("Name"), "")

        # The tray: a line per server in the tooltip and in the menu, with
        # the actions on all of them.
        lines = "Work chat — Connected\nStaging — Connected\nHome — Connected"
        self.assertTrue(run_until(lambda: self.tray("ToolTip")[3] == lines, TIMEOUT_S),
                        self.tray("ToolTip"))
        self.assertEqual(self.tray_menu()[:3], lines.split("\n"))
        self.assertIn("Reconnect _All", self.tray_menu())
        self.assertIn("Pa_use All", self.tray_menu())
        self.assertTrue(self.tray_icon_is("connected"))

        result = self.uplink_status()
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.splitlines(),
                         ["Home: connected", "Staging: connected", "Work chat: connected"])
        result = self.uplink_status("--json")
        self.assertEqual([server["name"] for server in json.loads(result.stdout)],
                         ["Home", "Staging", "Work chat"])

        # One goes down: the root shows the worst, and `uplink status` says
        # which one.
        second.kill()
        second.wait()
        staging = f"{OBJECT_PATH}/servers/staging"
        self.assertTrue(run_until(lambda: self.server_states[staging] not in ("connected", None),
                                  TIMEOUT_S))
        self.assertTrue(run_until(lambda: self.status() != "connected", TIMEOUT_S))
        self.assertTrue(run_until(lambda: self.tray_icon_is("disconnected"), TIMEOUT_S),
                        self.tray("IconName"))
        result = self.uplink_status()
        self.assertEqual(result.returncode, 1, result.stdout)
        self.assertIn("Work chat: connected", result.stdout.splitlines())
        result = self.uplink_status("work chat")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.splitlines()[0], "connected")
        self.assertIn(self.url, result.stdout)
        result = self.uplink_status("Staging", "--json")
        self.assertEqual(result.returncode, 1)
        self.assertEqual(json.loads(result.stdout)["name"], "Staging")
        result = self.uplink_status("Nowhere")
        self.assertEqual(result.returncode, 3)
        self.assertIn("Nowhere", result.stderr)

        # Paused, the server that is down no longer counts.
        subprocess.run(["gdbus", "call", "--session", "--dest", BUS_NAME, "--object-path", staging,
                        "--method", f"{MONITOR}.Pause"], env=self.env, check=True, capture_output=True)
        self.assertTrue(run_until(lambda: self.status() == "connected", TIMEOUT_S))
        self.assertTrue(run_until(lambda: self.tray_icon_is("connected"), TIMEOUT_S),
                        self.tray("IconName"))
        self.assertIn("Staging — Paused", self.tray("ToolTip")[3])
        result = self.uplink_status("--wait", "--timeout=30")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("Staging: disconnected (monitoring paused)", result.stdout.splitlines())

    # --- several servers' notifications --------------------------------------

    def last_notification(self):
        return self.notifications()[-1] if self.notifications() else {}

    def test_servers_down_together_are_one_notification(self):
        second, peer = self.start_three_servers()
        second.kill()
        peer.kill()
        self.wait_server_down("staging")
        self.wait_server_down("home")
        self.assertTrue(run_until(lambda: self.last_notification().get("summary")
                                  == "2 servers cannot be reached", TIMEOUT_S), self.notify_calls)
        summary = self.last_notification()
        print(f"# together: {summary['summary']!r} / {summary['body']!r}")
        self.assertEqual(summary["body"], "Staging, Home")
        self.assertIn("reconnect", summary["actions"])
        self.assertEqual(summary["icon"], "io.github.uplink.Uplink-disconnected-symbolic")
        self.assertEqual(len(self.popups()), 1, self.notify_calls)
        # Reconnect Now on the summary (what it does for one server is
        # test_notification_action_reconnects'): the service takes it and
        # answers the next call.
        self.notifyd_mock.EmitSignal(NOTIFICATIONS, "ActionInvoked", "us",
                                     [dbus.UInt32(1), "reconnect"])
        self.assertIn(self.status(), ("connecting", "disconnected"))
        self.assertIsNone(self.app.poll())

    def test_removed_server_is_withdrawn_from_its_notification(self):
        second, peer = self.start_three_servers()
        second.kill()
        peer.kill()
        self.assertTrue(run_until(lambda: self.last_notification().get("summary")
                                  == "2 servers cannot be reached", TIMEOUT_S), self.notify_calls)
        notification_id = 1

        # Staging leaves the list (as another program or dconf would do it):
        # the same notification names Home alone.
        self.gsettings("servers", "['work', 'home']")
        self.assertTrue(run_until(lambda: self.last_notification().get("summary")
                                  == "Home: Connection lost", TIMEOUT_S), self.notify_calls)
        self.assertEqual(self.last_notification()["replaces_id"], notification_id)
        self.assertNotIn("Staging", self.last_notification()["body"])

        # Home leaves too: nothing is left to tell.
        self.gsettings("servers", "['work']")
        self.assertTrue(run_until(lambda: notification_id in self.closes(), TIMEOUT_S),
                        self.notify_calls)
        self.assertEqual(len(self.popups()), 1, self.notify_calls)
        # A click on the withdrawn notification's action finds nothing to do.
        self.notifyd_mock.EmitSignal(NOTIFICATIONS, "ActionInvoked", "us",
                                     [dbus.UInt32(notification_id), "reconnect"])
        self.assertTrue(run_until(lambda: self.status() == "connected", TIMEOUT_S))
        self.assertIsNone(self.app.poll())

    def test_server_switch_is_obeyed(self):
        second, peer = self.start_three_servers(
            settings=[("staging", "notify-on-disconnect", "false")])
        # Staging goes first: its grace period is long over when Home goes,
        # so a notification of it would be out before Home's.
        second.kill()
        self.wait_server_down("staging")
        peer.kill()
        self.wait_server_down("home")
        self.assertTrue(run_until(lambda: self.notifications(), TIMEOUT_S), self.notify_calls)
        first = self.notifications()[0]
        self.assertEqual(first["summary"], "Home: Connection lost")
        for call in self.notifications():
            self.assertNotIn("Staging", call["summary"] + call["body"], self.notify_calls)

    def start_network_manager(self):
        nm, nm_obj = self.spawn_server_template(
            "networkmanager", {"NetworkingEnabled": True}, stdout=subprocess.DEVNULL)
        self.addCleanup(nm.wait)
        self.addCleanup(nm.terminate)
        nm_obj.SetGlobalConnectionState(NM_STATE_CONNECTED_GLOBAL)
        nm_obj.SetConnectivity(4)
        self.env["GIO_USE_NETWORK_MONITOR"] = "networkmanager"
        return nm_obj

    def test_network_loss_is_one_notification(self):
        nm = self.start_network_manager()
        self.start_three_servers()
        nm.SetGlobalConnectionState(NM_STATE_DISCONNECTED)
        for server_id in ("work", "staging", "home"):
            self.wait_server_down(server_id)
        self.assertTrue(run_until(lambda: self.last_notification().get("summary") == "No network",
                                  TIMEOUT_S), self.notify_calls)
        body = self.last_notification()["body"]
        print(f"# network loss: {body!r}")
        # In the order of the list, whichever was told first.
        self.assertEqual(body, "Work chat, Staging, Home are reconnected when the network is back.")
        self.assertEqual(len(self.popups()), 1, self.notify_calls)

        # The network is back: every server reconnects and it is withdrawn.
        nm.SetGlobalConnectionState(NM_STATE_CONNECTED_GLOBAL)
        self.assertTrue(run_until(lambda: set(self.server_states.values()) == {"connected"}, TIMEOUT_S),
                        self.server_states)
        self.assertTrue(run_until(lambda: 1 in self.closes(), TIMEOUT_S), self.notify_calls)
        self.assertEqual(len(self.popups()), 1, self.notify_calls)

    # --- the command line ---------------------------------------------------

    def test_status_command(self):
        result = self.uplink_status()
        self.assertEqual(result.returncode, 2)
        self.assertIn("not running", result.stderr)

        self.start_app()
        # --wait alone waits for "connected".
        result = self.uplink_status("--wait", "--timeout=30")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.splitlines()[0], "connected")

        result = self.uplink_status()
        self.assertEqual(result.returncode, 0, result.stderr)
        result = self.uplink_status("--json")
        self.assertEqual(result.returncode, 0, result.stderr)
        status, = json.loads(result.stdout)
        self.assertEqual(status["status"], "connected")
        self.assertEqual(status["throttled_features"], [])
        self.assertIsNone(status["last_error"])
        self.assertIs(status["paused"], False)

        started = time.monotonic()
        result = self.uplink_status("--wait=featureThrottled", "--timeout=1")
        self.assertEqual(result.returncode, 1)
        self.assertIn("timed out", result.stderr)
        self.assertIn("connected", result.stderr)
        self.assertLess(time.monotonic() - started, 10)

        result = self.uplink_status("--wait=sideways")
        self.assertEqual(result.returncode, 3)
        self.assertIn("not a status", result.stderr)

        waiter = subprocess.Popen([os.environ["UPLINK_APP"], "status", "--wait=featureThrottled",
                                   "--timeout=60"], env=self.env, stdout=subprocess.PIPE, text=True)
        # The waiter is in place once it reads the properties; a throttle
        # sent before that is seen as the current state, after as a change.
        self.post("/control/throttle", {"features": ["typing"]})
        self.assertEqual(waiter.wait(timeout=60), 0)
        self.assertEqual(waiter.stdout.read().splitlines()[0], "featureThrottled")
        result = self.uplink_status()
        self.assertEqual(result.returncode, 0, result.stderr)

        # Down, without a wait: 1.
        self.post("/control/reject?status=503&count=1000&retry_after=60")
        self.post("/control/drop?code=1001")
        # Refused with Retry-After: 60, it stays disconnected meanwhile.
        self.assertTrue(run_until(lambda: "503" in self.gdbus_get("LastError")))
        self.wait_status("disconnected")
        result = self.uplink_status()
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertEqual(result.stdout.splitlines()[0], "disconnected")

    # --- notifications ------------------------------------------------------

    def test_outage_notified_updated_closed(self):
        self.start_app()
        self.wait_connected()
        self.post("/control/reject?status=503&count=1000&retry_after=1")
        self.post("/control/drop?code=1001")
        self.wait_notifications(1)
        first = self.notifications()[0]
        self.assertEqual(first["summary"], "Connection lost")
        self.assertEqual(first["replaces_id"], 0)
        self.assertIn("reconnect", first["actions"])
        self.assertTrue(first["body"])

        # Other news: the same notification, updated in place.
        self.post("/control/reject?status=500&count=1000")
        self.wait_notifications(2)
        second = self.notifications()[1]
        self.assertNotEqual(second["body"], first["body"])
        self.assertNotEqual(second["replaces_id"], 0)
        notification_id = second["replaces_id"]

        self.post("/control/reject?status=500&count=0")
        self.wait_status("connected")
        self.assertTrue(run_until(lambda: notification_id in self.closes(), TIMEOUT_S))
        # Every notification went to the same id: never a stack.
        for call in self.notifications()[1:]:
            self.assertEqual(call["replaces_id"], notification_id)

    def test_pause_is_not_notified(self):
        self.gsettings("notify-grace-seconds", "0")
        self.start_app()
        self.wait_connected()
        self.gdbus_call("Pause")
        self.wait_status("disconnected")
        self.gdbus_call("Resume")
        self.wait_status("connected")
        self.assertEqual(self.notifications(), [])

    def test_quick_drop_stays_silent(self):
        # With a grace period, a drop that heals within it says nothing. Set
        # before the start: the service would take a change in while the
        # drop may already be under way.
        self.gsettings("notify-grace-seconds", "30")
        self.start_app()
        self.wait_connected()
        count = len(self.statuses)
        self.post("/control/drop?code=1001")
        self.assertTrue(run_until(lambda: "disconnected" in self.statuses[count:], TIMEOUT_S))
        self.wait_status("connected")
        self.assertEqual(self.notifications(), [])

    def test_throttle_notification_escapes_server_text(self):
        self.start_app()
        self.wait_connected()
        self.post("/control/throttle", {"features": ["<b>typing</b>", "a&b", "presence"]})
        self.wait_notifications(1)
        body = self.notifications()[0]["body"]
        print(f"# throttle notification: {self.notifications()[0]['summary']!r} / {body!r}")
        self.assertIn("&lt;b&gt;typing&lt;/b&gt;", body)
        self.assertIn("a&amp;b", body)
        self.assertNotIn("<b>", body)
        self.assertIn("presence", body)
        notification_id = 1
        self.post("/control/unthrottle")
        self.wait_status("connected")
        self.assertTrue(run_until(lambda: notification_id in self.closes(), TIMEOUT_S))

    def test_switches_are_obeyed(self):
        self.gsettings("notify-on-throttle", "false")
        self.gsettings("notify-on-disconnect", "false")
        self.gsettings("notify-grace-seconds", "0")
        self.start_app()
        self.wait_connected()
        self.post("/control/throttle", {"features": ["typing"]})
        self.wait_status("featureThrottled")
        self.post("/control/unthrottle")
        self.wait_status("connected")
        self.post("/control/reject?status=503&count=3&retry_after=1")
        self.post("/control/drop?code=1001")
        self.wait_seen("disconnected")
        self.wait_status("connected")
        self.assertEqual(self.notifications(), [])

    def drop_and_recover(self):
        count = len(self.statuses)
        self.post("/control/drop?code=1001")
        self.assertTrue(run_until(lambda: "disconnected" in self.statuses[count:], TIMEOUT_S))
        self.wait_status("connected")

    def test_flapping_is_rate_limited_then_summed_up(self):
        # UPLINK_NOTIFY_MIN_INTERVAL=10 stands in for the minute.
        self.gsettings("notify-grace-seconds", "0")
        self.start_app()
        self.wait_connected()
        for _ in range(3):
            self.drop_and_recover()
        lost = [c for c in self.notifications() if c["summary"] == "Connection lost"]
        self.assertEqual(len(lost), 1, self.notify_calls)
        self.assertTrue(run_until(
            lambda: any("unstable" in c["summary"] for c in self.notifications()), TIMEOUT_S))
        summary = [c for c in self.notifications() if "unstable" in c["summary"]][0]
        print(f"# summary: {summary['summary']!r} / {summary['body']!r}")
        self.assertEqual(summary["summary"], "Connection unstable")
        # Title and body agree: how often, then how it is now.
        self.assertTrue(summary["body"].startswith("3 drops in the last "), summary)
        self.assertIn("Connected", summary["body"])
        self.assertEqual(len(self.popups()), 2, self.notify_calls)

        # The next drop and recovery update the summary; they do not
        # withdraw it or put "Connection lost" in its place.
        closes = len(self.closes())
        self.drop_and_recover()
        self.assertTrue(run_until(
            lambda: self.notifications()[-1]["body"].startswith("4 drops in the last ")
            and "Connected" in self.notifications()[-1]["body"], TIMEOUT_S), self.notify_calls)
        self.assertEqual(self.notifications()[-1]["summary"], "Connection unstable")
        self.assertEqual(len(self.closes()), closes, self.notify_calls)
        self.assertEqual(len(self.popups()), 2, self.notify_calls)

        # Expired (the daemon closed it, as dunst does): the next drops wait
        # for the ladder again, they do not each pop the summary up.
        self.notifyd_mock.EmitSignal(NOTIFICATIONS, "NotificationClosed", "uu",
                                     [dbus.UInt32(len(self.popups())), dbus.UInt32(1)])
        self.drop_and_recover()
        self.drop_and_recover()
        self.assertEqual(len(self.popups()), 2, self.notify_calls)

    def test_ten_minutes_of_flapping(self):
        # One "minute" is 2 s: the ladder is 2, 10, 30 s and ten minutes 20 s.
        unit = 2
        self.env["UPLINK_NOTIFY_MIN_INTERVAL"] = str(unit)
        self.gsettings("notify-grace-seconds", "0")
        self.start_app()
        self.wait_connected()
        drops = 0
        started = time.monotonic()
        while time.monotonic() - started < 10 * unit:
            self.drop_and_recover()
            drops += 1
        popups = self.popups()
        print(f"# {len(popups)} pop-ups, {len(self.notifications())} notifications "
              f"for {drops} drops in 10 scaled minutes")
        # A pop-up at once, then after 1 and 5 minutes: the next is due at 21.
        self.assertGreaterEqual(drops, 5)
        self.assertGreaterEqual(len(popups), 2, self.notify_calls)
        self.assertLessEqual(len(popups), 3, self.notify_calls)
        self.assertEqual(popups[0]["summary"], "Connection lost")
        for popup in popups[1:]:
            self.assertEqual(popup["summary"], "Connection unstable")
        for call in self.notifications():
            self.assertEqual(call["icon"], "io.github.uplink.Uplink-disconnected-symbolic")

    def test_escalation_is_not_held_back_by_a_throttle_notice(self):
        # The ladder's first step is long: only a ladder of its own lets the
        # outage through.
        self.env["UPLINK_NOTIFY_MIN_INTERVAL"] = "600"
        self.gsettings("notify-grace-seconds", "0")
        self.start_app()
        self.wait_connected()
        self.post("/control/throttle", {"features": ["typing"], "reason": "busy",
                                        "retry_after": 600})
        self.wait_notifications(1)
        self.assertEqual(self.notifications()[0]["icon"],
                         "io.github.uplink.Uplink-throttled-symbolic")
        # The server's retry_after, as a time of day.
        self.assertRegex(self.notifications()[0]["body"], r"Until \d\d:\d\d\.")
        self.post("/control/reject?status=503&count=1000&retry_after=30")
        self.post("/control/drop?code=1001")
        self.assertTrue(run_until(lambda: any(c["summary"] == "Connection lost"
                                              for c in self.notifications()), TIMEOUT_S),
                        self.notify_calls)
        lost = [c for c in self.notifications() if c["summary"] == "Connection lost"][0]
        self.assertIn("reconnect", lost["actions"])
        self.assertEqual(lost["icon"], "io.github.uplink.Uplink-disconnected-symbolic")

    def test_never_reached_is_couldnt_connect(self):
        self.gsettings("notify-grace-seconds", "0")
        self.post("/control/reject?status=503&count=1000&retry_after=30")
        self.start_app()
        self.wait_notifications(1)
        first = self.notifications()[0]
        self.assertEqual(first["summary"], "Couldn't connect")
        self.assertIn("503", first["body"])

    def test_pause_withdraws_what_is_pending(self):
        self.env["UPLINK_NOTIFY_MIN_INTERVAL"] = "3"
        self.gsettings("notify-grace-seconds", "0")
        self.start_app()
        self.wait_connected()
        self.drop_and_recover()
        self.wait_notifications(1)
        # Held back for the summary, then paused: the summary never comes.
        self.drop_and_recover()
        self.gdbus_call("Pause")
        self.wait_status("disconnected")
        self.assertTrue(self.gdbus_get("Paused"))
        # Nothing is to come, so the test waits out the ladder's step (3 s)
        # on the clock: there is no event for an absence.
        started = time.monotonic()
        self.assertFalse(run_until(lambda: len(self.popups()) > 1 or time.monotonic() - started > 4, 10)
                         and len(self.popups()) > 1, self.notify_calls)
        self.gdbus_call("Resume")
        self.wait_status("connected")
        self.assertEqual(len(self.popups()), 1, self.notify_calls)

    def test_notification_action_reconnects(self):
        self.start_app()
        self.wait_connected()
        self.post("/control/reject?status=503&count=1000&retry_after=30")
        self.post("/control/drop?code=1001")
        self.wait_notifications(1)
        self.post("/control/reject?status=503&count=0")
        count = len(self.statuses)
        # The action as the notification server reports a click on it.
        self.notifyd_mock.EmitSignal(NOTIFICATIONS, "ActionInvoked", "us",
                                     [dbus.UInt32(1), "reconnect"])
        self.assertTrue(run_until(lambda: "connected" in self.statuses[count:], 15))
        self.assertLess(self.gdbus_get("NextRetry"), 1)

    # --- run at login -------------------------------------------------------

    def gsettings_get(self, key):
        return subprocess.run(["gsettings", "get", BUS_NAME, key], env=self.env, check=True,
                              capture_output=True, text=True).stdout.strip()

    def install_autostart_entry(self):
        """Puts the built entry where an installed one would be found: in a
        data folder of the session, as share/uplink/autostart/."""
        data = tempfile.TemporaryDirectory()
        self.addCleanup(data.cleanup)
        folder = os.path.join(data.name, "uplink", "autostart")
        os.makedirs(folder)
        shutil.copy(os.environ["UPLINK_AUTOSTART_ENTRY"], folder)
        self.env["XDG_DATA_DIRS"] = ":".join(
            [data.name, os.environ.get("XDG_DATA_DIRS") or "/usr/local/share:/usr/share"])

    def user_autostart_entry(self):
        return os.path.join(self.config.name, "autostart", AUTOSTART_NAME)

    def settings_barrier(self, n):
        """Returns once the application has taken in every settings change
        made before: a new address is one more, and it shows on D-Bus."""
        self.gsettings("url", f"'{self.url}?barrier={n}'")
        self.assertTrue(run_until(lambda: any(f"barrier={n}" in str(c.get("Url", ""))
                                              for c in self.changes), TIMEOUT_S))

    def test_run_at_login_copies_and_removes_the_entry(self):
        self.install_autostart_entry()
        self.start_app()
        self.wait_connected()
        target = self.user_autostart_entry()
        self.assertFalse(os.path.exists(target))

        self.gsettings("run-at-login", "true")
        self.assertTrue(run_until(lambda: os.path.exists(target), TIMEOUT_S),
                        "no autostart entry appeared")
        entry = configparser.ConfigParser(interpolation=None)
        entry.optionxform = str
        entry.read(target, encoding="utf-8")
        self.assertEqual(entry["Desktop Entry"]["Exec"], "uplink --gapplication-service")
        self.assertEqual(entry["Desktop Entry"]["X-Uplink-Run-At-Login"], "true")
        with open(os.environ["UPLINK_AUTOSTART_ENTRY"], "rb") as source, open(target, "rb") as copy:
            self.assertEqual(copy.read(), source.read())

        self.gsettings("run-at-login", "false")
        self.assertTrue(run_until(lambda: not os.path.exists(target), TIMEOUT_S),
                        "the autostart entry stayed")

    def test_run_at_login_leaves_other_entries_alone(self):
        self.install_autostart_entry()
        target = self.user_autostart_entry()
        os.makedirs(os.path.dirname(target))
        # As GNOME Tweaks writes one: the application's entry, copied.
        foreign = "[Desktop Entry]\nType=Application\nName=Uplink\nExec=uplink\n"
        with open(target, "w", encoding="utf-8") as f:
            f.write(foreign)
        self.start_app()
        self.wait_connected()

        self.gsettings("run-at-login", "true")
        self.settings_barrier(1)
        self.gsettings("run-at-login", "false")
        self.settings_barrier(2)
        with open(target, encoding="utf-8") as f:
            self.assertEqual(f.read(), foreign)
        self.assertIsNone(self.app.poll())

    def test_run_at_login_asks_the_background_portal_in_flatpak(self):
        # The test hook: the application takes itself to be sandboxed.
        self.env["UPLINK_TEST_FLATPAK"] = "1"
        portal = self.spawn_server(PORTAL, PORTAL_PATH, BACKGROUND, stdout=subprocess.DEVNULL)
        self.addCleanup(portal.wait)
        self.addCleanup(portal.terminate)
        portal_mock = dbus.Interface(self.bus.get_object(PORTAL, PORTAL_PATH), dbusmock.MOCK_IFACE)
        self.start_app()
        self.wait_connected()

        # The Response goes out on the Request path the caller expects: its
        # unique name without the colon, dots as underscores, then its token.
        sender = self.bus.get_name_owner(BUS_NAME)[1:].replace(".", "_")

        def answer(response, autostart):
            portal_mock.AddMethod(BACKGROUND, "RequestBackground", "sa{sv}", "o", f"""
path = '{PORTAL_PATH}/request/{sender}/' + args[1]['handle_token']
if path not in objects:
    self.AddObject(path, 'org.freedesktop.portal.Request', {{}}, [])
objects[path].EmitSignal('org.freedesktop.portal.Request', 'Response', 'ua{{sv}}',
                         [dbus.UInt32({response}), {{'background': True, 'autostart': {autostart}}}])
ret = dbus.ObjectPath(path)
""")

        def requests():
            return [call[1] for call in portal_mock.GetMethodCalls("RequestBackground")]

        portal_mock.AddMethod(BACKGROUND, "SetStatus", "a{sv}", "", "")
        answer(0, True)
        self.gsettings("run-at-login", "true")
        self.assertTrue(run_until(lambda: len(requests()) == 1, TIMEOUT_S),
                        "the portal was not asked")
        parent_window, options = requests()[0]
        self.assertEqual(parent_window, "")
        self.assertIs(bool(options["autostart"]), True)
        self.assertEqual([str(a) for a in options["commandline"]],
                         ["uplink", "--gapplication-service"])
        self.assertIs(bool(options["dbus-activatable"]), False)
        self.assertTrue(str(options["reason"]))
        self.assertTrue(str(options["handle_token"]))
        # Nothing is written outside the sandbox's portal.
        self.assertFalse(os.path.exists(self.user_autostart_entry()))

        self.gsettings("run-at-login", "false")
        self.assertTrue(run_until(lambda: len(requests()) == 2, TIMEOUT_S))
        self.assertIs(bool(requests()[1][1]["autostart"]), False)

        # The user says no: the setting goes back off, and only once.
        answer(1, False)
        self.gsettings("run-at-login", "true")
        self.assertTrue(run_until(lambda: len(requests()) == 3, TIMEOUT_S))
        self.assertTrue(run_until(lambda: self.gsettings_get("run-at-login") == "false",
                                  TIMEOUT_S), "a refusal left the setting on")
        # A round trip through the application: whatever it sent before is
        # at the portal by now.
        self.status()
        self.assertEqual(len(requests()), 3)
        self.assertIsNone(self.app.poll())


if __name__ == "__main__":
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(AppTest)
    if len(sys.argv) > 1:
        suite = unittest.TestSuite(t for t in suite if any(a in t.id() for a in sys.argv[1:]))
    sys.exit(run_tap(suite))
