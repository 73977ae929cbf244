#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The tray icon over D-Bus: `uplink` on a private session bus, with
python3-dbusmock as org.kde.StatusNotifierWatcher and uplink-server as the
chat server. The item is read with `gdbus`, as any host would see it."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
import urllib.request

import dbus
import dbusmock
from gi.repository import Gio, GLib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from uplink_test import run_tap, run_until, start_server  # noqa: E402

APP_ID = "io.github.uplink.Uplink"
ITEM_PATH = "/StatusNotifierItem"
ITEM_IFACE = "org.kde.StatusNotifierItem"
MENU_IFACE = "com.canonical.dbusmenu"
WATCHER_IFACE = "org.kde.StatusNotifierWatcher"
MONITOR_IFACE = "io.github.uplink.Uplink.Monitor"
MENU_PATH = f"{ITEM_PATH}/Menu"
SETTINGS_GROUP = "io/github/uplink/Uplink"
SERVER_SCHEMA = f"{APP_ID}.Server"
TEMPLATE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "statusnotifierwatcher.py")
TIMEOUT_S = 30


def icon(state):
    return f"{APP_ID}-{state}-symbolic"


def gdbus_call(path, method, *args):
    """Calls @method on the application with gdbus; returns the reply."""
    result = subprocess.run(
        ["gdbus", "call", "--session", "--dest", APP_ID, "--object-path", path,
         "--method", method, "--", *args],
        capture_output=True, text=True, timeout=TIMEOUT_S)
    if result.returncode != 0:
        raise subprocess.CalledProcessError(result.returncode, result.args, result.stdout,
                                            result.stderr.strip())
    return GLib.Variant.parse(None, result.stdout.strip(), None, None).unpack()


def item_property(name):
    return gdbus_call(ITEM_PATH, "org.freedesktop.DBus.Properties.Get", ITEM_IFACE, name)[0]


def control(url, action, body=None):
    """Asks uplink-server to do something to its clients."""
    base = url.replace("ws://", "http://").removesuffix("/ws")
    request = urllib.request.Request(f"{base}/control/{action}",
                                     data=body, method="GET" if action == "stats" else "POST")
    with urllib.request.urlopen(request, timeout=TIMEOUT_S) as reply:
        return json.loads(reply.read() or b"{}")


class TrayTest(dbusmock.DBusTestCase):
    @classmethod
    def setUpClass(cls):
        cls.start_session_bus()
        cls.bus = Gio.bus_get_sync(Gio.BusType.SESSION)
        # Notifications on throttling and disconnects go somewhere.
        cls.notifications = cls.spawn_server_template("notification_daemon", {},
                                                      stdout=subprocess.DEVNULL)[0]

    @classmethod
    def tearDownClass(cls):
        cls.notifications.terminate()
        cls.notifications.wait()
        super().tearDownClass()

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="uplink-tray-")
        self.watcher = None
        self.app = None
        self.server, self.url = start_server()
        self.signals = []
        self.subscriptions = [
            self.bus.signal_subscribe(None, iface, None, None, None,
                                      Gio.DBusSignalFlags.NONE, self.on_signal)
            for iface in (ITEM_IFACE, MENU_IFACE, WATCHER_IFACE,
                          "org.freedesktop.DBus.Properties")]

    def tearDown(self):
        for subscription in self.subscriptions:
            self.bus.signal_unsubscribe(subscription)
        if self.app is not None:
            self.stop_app()
        self.stop_watcher()
        self.server.terminate()
        self.server.wait()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def on_signal(self, bus, sender, path, iface, name, parameters):
        # The root Monitor object is the tray's: each server's object under
        # servers/ announces its own changes as well.
        if path.startswith("/io/github/uplink/Uplink/servers/"):
            return
        self.signals.append((name, parameters.unpack()))

    def statuses(self):
        """The Status values the application's Monitor announced."""
        return [args[1]["Status"] for name, args in self.signals
                if name == "PropertiesChanged" and args[0] == MONITOR_IFACE and "Status" in args[1]]

    def signal_count(self, name):
        return sum(1 for signal in self.signals if signal[0] == name)

    def start_watcher(self, host=True):
        self.watcher = self.spawn_server_template(TEMPLATE, {"host": host},
                                                  stdout=subprocess.DEVNULL)[0]
        self.wait_for_bus_object(WATCHER_IFACE, "/StatusNotifierWatcher", timeout=TIMEOUT_S)
        self.watcher_mock = dbus.Interface(
            self.get_dbus().get_object(WATCHER_IFACE, "/StatusNotifierWatcher"),
            dbusmock.MOCK_IFACE)

    def stop_watcher(self):
        if self.watcher is not None:
            self.watcher.terminate()
            self.watcher.wait()
            self.watcher = None

    def start_app(self, *args, settings=""):
        # The keyfile backend, so that this process can hand the app a server.
        folder = os.path.join(self.tmp, "glib-2.0", "settings")
        os.makedirs(folder)
        with open(os.path.join(folder, "keyfile"), "w", encoding="utf-8") as f:
            f.write(f"[io/github/uplink/Uplink]\nurl='{self.url}'\n{settings}")
        self.env = dict(os.environ, GSETTINGS_BACKEND="keyfile", XDG_CONFIG_HOME=self.tmp)
        self.app = subprocess.Popen([os.environ["UPLINK_APP"], *args], env=self.env)
        owner = []
        watch = Gio.bus_watch_name_on_connection(
            self.bus, APP_ID, Gio.BusNameWatcherFlags.NONE,
            lambda bus, name, name_owner: owner.append(name_owner), None)
        self.assertTrue(run_until(lambda: owner, TIMEOUT_S), "the app never came on the bus")
        Gio.bus_unwatch_name(watch)
        self.assertTrue(self.wait_item(lambda: item_property("IconName") == icon("connected")),
                        "the item never showed a connection")

    def stop_app(self):
        try:
            gdbus_call(f"/{APP_ID.replace('.', '/')}", "org.gtk.Actions.Activate", "quit", "[]", "{}")
            self.app.wait(timeout=TIMEOUT_S)
        except (subprocess.SubprocessError, subprocess.TimeoutExpired):
            self.app.kill()
            self.app.wait()
        self.app = None
        # The window, a process of its own, follows the service out; the
        # next test's service must not find it.
        self.assertTrue(run_until(lambda: not self.bus.call_sync(
            "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "NameHasOwner",
            GLib.Variant("(s)", (f"{APP_ID}.Window",)), None, Gio.DBusCallFlags.NONE, -1,
            None).unpack()[0], TIMEOUT_S), "the window outlived the service")

    def wait_item(self, predicate, timeout_s=TIMEOUT_S):
        """Waits until predicate() holds, checking it again after each signal
        from the item. The application owns its name before it serves
        the item: until then, reading fails and counts as not yet."""
        def check():
            try:
                return predicate()
            except subprocess.CalledProcessError:
                return False

        deadline = GLib.get_monotonic_time() + timeout_s * 1_000_000
        while not check():
            seen = len(self.signals)
            remaining = (deadline - GLib.get_monotonic_time()) / 1_000_000
            if remaining <= 0 or not run_until(lambda: len(self.signals) > seen, remaining):
                return check()
        return True

    def menu_items(self):
        revision, (root_id, root_props, children) = gdbus_call(
            f"{ITEM_PATH}/Menu", f"{MENU_IFACE}.GetLayout", "0", "-1", "@as []")
        self.assertEqual(root_id, 0)
        return {props.get("label", props.get("type")): (item_id, props)
                for item_id, props, _ in children}

    def visible_items(self):
        """The menu as a host draws it: (label or "separator", id), in order."""
        revision, (_, _, children) = gdbus_call(MENU_PATH, f"{MENU_IFACE}.GetLayout", "0", "-1", "@as []")
        return [(props.get("label", props.get("type")), item_id)
                for item_id, props, _ in children if props.get("visible", True)]

    def visible_labels(self):
        return [label for label, _ in self.visible_items()]

    def gsettings(self, schema, key, value):
        subprocess.run(["gsettings", "set", schema, key, value], env=self.env, check=True)

    def start_three_servers(self, *args):
        """Work chat (this test's uplink-server), Staging and Home (two more),
        all connected; returns the processes of Staging and Home."""
        others = []
        settings = f"servers=['work', 'staging', 'home']\nbackoff-max=1\n"
        for server_id, name, url in (("work", "Work chat", self.url), ("staging", "Staging", None),
                                     ("home", "Home", None)):
            if url is None:
                server, url = start_server()
                self.addCleanup(server.wait)
                self.addCleanup(server.kill)
                others.append(server)
            settings += f"[{SETTINGS_GROUP}/servers/{server_id}]\nname='{name}'\nurl='{url}'\n"
        self.start_app(*args, settings=settings)
        return others

    def wait_layout_announced(self):
        """Waits until the menu's last new layout has been announced to this
        test, so that the signals counted from then on are new ones."""
        def announced():
            revision = gdbus_call(MENU_PATH, f"{MENU_IFACE}.GetLayout", "0", "0", "@as []")[0]
            return revision == 1 or any(name == "LayoutUpdated" and args[0] == revision
                                        for name, args in self.signals)
        self.assertTrue(run_until(announced, TIMEOUT_S), "the menu's layout was never announced")

    def labels_updated(self, label):
        return any(name == "ItemsPropertiesUpdated" and any(p.get("label") == label for _, p in args[0])
                   for name, args in self.signals)

    def test_several_servers(self):
        self.start_watcher()
        staging, _ = self.start_three_servers("--background")

        # A line per server in the tooltip, its name and state only.
        lines = "Work chat — Connected\nStaging — Connected\nHome — Connected"
        self.assertTrue(self.wait_item(lambda: item_property("ToolTip")[3] == lines),
                        item_property("ToolTip"))
        self.assertEqual(item_property("ToolTip")[2], "Connected")
        self.assertNotIn("ws://", str(item_property("ToolTip")))
        # An item per server in place of the status line, and the actions
        # on all of them.
        self.assertTrue(self.wait_item(lambda: self.visible_labels() == [
            "Work chat — Connected", "Staging — Connected", "Home — Connected", "separator",
            "_Show Uplink", "Reconnect _All", "Pa_use All", "_Preferences", "_Quit"]),
            self.visible_labels())

        # The icon shows the worst server; a state is a property update.
        self.wait_layout_announced()
        del self.signals[:]
        staging.kill()
        self.assertTrue(self.wait_item(lambda: item_property("IconName") == icon("disconnected")))
        self.assertTrue(self.wait_item(lambda: "Staging — Disconnected" in item_property("ToolTip")[3]))
        self.assertTrue(run_until(lambda: self.labels_updated("Staging — Disconnected"), TIMEOUT_S))
        # A paused server counts no more: the others are up.
        gdbus_call("/io/github/uplink/Uplink/servers/staging", f"{MONITOR_IFACE}.Pause")
        self.assertTrue(self.wait_item(lambda: item_property("IconName") == icon("connected")))
        self.assertIn("Staging — Paused", item_property("ToolTip")[3])
        self.assertEqual(self.signal_count("LayoutUpdated"), 0)

        # A rename is a new label.
        self.gsettings(f"{SERVER_SCHEMA}:/{SETTINGS_GROUP}/servers/home/", "name", "'Cottage'")
        self.assertTrue(run_until(lambda: self.labels_updated("Cottage — Connected"), TIMEOUT_S))
        self.assertEqual(self.signal_count("LayoutUpdated"), 0)

        # A server's item opens the window on that server's page.
        (item_id,) = [i for label, i in self.visible_items() if label == "Cottage — Connected"]
        gdbus_call(MENU_PATH, f"{MENU_IFACE}.Event", str(item_id), "clicked", "<0>", "0")
        window = f"{APP_ID}.Window"
        self.assertTrue(run_until(lambda: self.bus.call_sync(
            "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "NameHasOwner",
            GLib.Variant("(s)", (window,)), None, Gio.DBusCallFlags.NONE, -1, None).unpack()[0],
            TIMEOUT_S), "no window opened")
        pid = self.bus.call_sync("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                                 "GetConnectionUnixProcessID", GLib.Variant("(s)", (window,)), None,
                                 Gio.DBusCallFlags.NONE, -1, None).unpack()[0]
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            argv = f.read().decode().split("\0")
        self.assertIn("--object-path=/io/github/uplink/Uplink/servers/home", argv)

        # Servers that go are a new layout; one server left looks as ever.
        del self.signals[:]
        self.gsettings(APP_ID, "servers", "['work', 'home']")
        self.assertTrue(run_until(lambda: self.signal_count("LayoutUpdated") > 0, TIMEOUT_S))
        self.assertTrue(self.wait_item(lambda: self.visible_labels()[:3] == [
            "Work chat — Connected", "Cottage — Connected", "separator"]), self.visible_labels())
        self.gsettings(APP_ID, "servers", "['work']")
        self.assertTrue(self.wait_item(lambda: self.visible_labels() == [
            "Connected", "separator", "_Hide Uplink", "Reconnect _Now", "Pa_use Monitoring",
            "_Preferences", "_Quit"]), self.visible_labels())
        self.assertEqual(item_property("ToolTip")[2], "Connected")
        self.assertNotIn("Work chat", item_property("ToolTip")[3])

    def test_registers_by_object_path(self):
        self.start_watcher()
        self.start_app()
        self.assertTrue(run_until(lambda: self.signal_count("StatusNotifierItemRegistered") > 0,
                                  TIMEOUT_S))
        registered = [args for name, args in self.signals if name == "StatusNotifierItemRegistered"]
        self.assertEqual(registered, [(ITEM_PATH,)])
        calls = self.watcher_mock.GetMethodCalls("RegisterStatusNotifierItem")
        self.assertEqual([str(args[0]) for _, args in calls], [ITEM_PATH])

        self.assertEqual(item_property("Category"), "Communications")
        self.assertEqual(item_property("Id"), APP_ID)
        self.assertFalse(item_property("ItemIsMenu"))
        self.assertEqual(item_property("Menu"), f"{ITEM_PATH}/Menu")

    def test_properties_follow_state(self):
        self.start_watcher()
        self.start_app()

        # Connected.
        self.assertEqual(item_property("Status"), "Active")
        self.assertEqual(item_property("Title"), "Connected")
        tooltip = item_property("ToolTip")
        self.assertEqual(tooltip[2], "Connected")
        self.assertTrue(tooltip[3])
        pixmaps = item_property("IconPixmap")
        self.assertEqual(sorted(w for w, _, _ in pixmaps), [16, 22, 32, 48])
        for width, height, data in pixmaps:
            self.assertEqual(len(data), width * height * 4)
            self.assertTrue(any(data[0::4]), "the icon is empty")

        # Throttled: a new icon, title and tooltip.
        del self.signals[:]
        control(self.url, "throttle", json.dumps({"features": ["typing"], "retry_after": 600}).encode())
        self.assertTrue(self.wait_item(lambda: item_property("IconName") == icon("throttled")))
        self.assertEqual(item_property("Status"), "Active")
        self.assertEqual(item_property("Title"), "Some features paused")
        self.assertIn("typing indicators", item_property("ToolTip")[3])
        self.assertTrue(run_until(lambda: all(self.signal_count(s) > 0
                                              for s in ("NewIcon", "NewTitle", "NewToolTip"))))
        self.assertEqual(self.signal_count("NewStatus"), 0)

        # Disconnected, and kept so: the next handshake is refused with 401.
        control(self.url, "unthrottle")
        self.assertTrue(self.wait_item(lambda: item_property("IconName") == icon("connected")))
        del self.signals[:]
        control(self.url, "reject?status=401&count=1")
        control(self.url, "drop?code=1001")
        # The outage since its first loss, why, and what to do.
        self.assertTrue(self.wait_item(
            lambda: "then reconnect" in item_property("ToolTip")[3]))
        self.assertIn("Disconnected since", item_property("ToolTip")[3])
        self.assertIn("401", item_property("ToolTip")[3])
        self.assertEqual(item_property("IconName"), icon("disconnected"))
        self.assertEqual(item_property("Status"), "NeedsAttention")
        self.assertEqual(item_property("Title"), "Disconnected")
        self.assertTrue(run_until(lambda: ("NewStatus", ("NeedsAttention",)) in self.signals))

        # Reconnected from the icon's secondary click.
        del self.signals[:]
        gdbus_call(ITEM_PATH, f"{ITEM_IFACE}.SecondaryActivate", "0", "0")
        self.assertTrue(self.wait_item(lambda: item_property("IconName") == icon("connected")))
        self.assertEqual(item_property("Status"), "Active")
        self.assertTrue(run_until(lambda: ("NewStatus", ("Active",)) in self.signals))

    def test_menu_layout(self):
        self.start_watcher()
        self.start_app()
        # The window is a process of its own, started with the app: the
        # menu offers to hide it once it is on the bus.
        self.assertTrue(self.wait_item(lambda: "_Hide Uplink" in self.menu_items()))
        revision, (_, _, children) = gdbus_call(
            f"{ITEM_PATH}/Menu", f"{MENU_IFACE}.GetLayout", "0", "-1", "@as []")
        labels = [props.get("label", props.get("type")) for _, props, _ in children]
        self.assertEqual(labels, ["Connected", "separator", "_Hide Uplink", "Reconnect _Now",
                                  "Pa_use Monitoring", "_Preferences", "_Quit"])
        ids = [item_id for item_id, _, _ in children]
        self.assertEqual(ids, list(range(1, 8)))
        status = children[0][1]
        self.assertFalse(status["enabled"])
        pause = children[4][1]
        self.assertEqual(pause["toggle-type"], "checkmark")
        self.assertEqual(pause["toggle-state"], 0)

        # The same ids again, and the same answers one by one.
        self.assertEqual([i for i, _, _ in gdbus_call(
            f"{ITEM_PATH}/Menu", f"{MENU_IFACE}.GetLayout", "0", "-1", "@as []")[1][2]], ids)
        self.assertEqual(gdbus_call(f"{ITEM_PATH}/Menu", f"{MENU_IFACE}.GetProperty", "4", "label"),
                         ("Reconnect _Now",))
        group = gdbus_call(f"{ITEM_PATH}/Menu", f"{MENU_IFACE}.GetGroupProperties",
                           "[1, 5]", "['label']")[0]
        self.assertEqual(group, [(1, {"label": "Connected"}), (5, {"label": "Pa_use Monitoring"})])
        self.assertEqual(gdbus_call(f"{ITEM_PATH}/Menu", f"{MENU_IFACE}.AboutToShow", "0"), (False,))
        self.assertEqual(gdbus_call(f"{ITEM_PATH}/Menu", f"{MENU_IFACE}.AboutToShowGroup",
                                    "[0, 99]"), ([], [99]))
        self.assertEqual(gdbus_call(f"{ITEM_PATH}/Menu", "org.freedesktop.DBus.Properties.Get",
                                    MENU_IFACE, "Version"), (3,))

        # Pausing from the menu: the check mark and the status line follow.
        del self.signals[:]
        self.assertEqual(gdbus_call(f"{ITEM_PATH}/Menu", f"{MENU_IFACE}.EventGroup",
                                    "[(5, 'clicked', <0>, 0), (99, 'clicked', <0>, 0)]"), ([99],))
        self.assertTrue(self.wait_item(lambda: item_property("Title") == "Paused"))
        self.assertEqual(item_property("Status"), "Active")
        self.assertTrue(run_until(lambda: any(
            name == "ItemsPropertiesUpdated" and any(i == 5 and p.get("toggle-state") == 1 for i, p in args[0])
            for name, args in self.signals)))
        items = self.menu_items()
        self.assertEqual(items["Paused"][0], 1)
        self.assertEqual(items["Pa_use Monitoring"][1]["toggle-state"], 1)

    def test_reconnect_from_menu_makes_a_handshake(self):
        self.start_watcher()
        self.start_app()
        item_id = self.menu_items()["Reconnect _Now"][0]
        handshakes = control(self.url, "stats")["handshakes"]
        del self.signals[:]
        gdbus_call(f"{ITEM_PATH}/Menu", f"{MENU_IFACE}.Event", str(item_id), "clicked", "<0>", "0")
        # The tray coalesces a quick connecting → connected into no change
        # at all; the application's Monitor interface announces each one.
        self.assertTrue(run_until(lambda: self.statuses()[-2:] == ["connecting", "connected"],
                                  TIMEOUT_S), self.statuses())
        self.assertEqual(control(self.url, "stats")["handshakes"], handshakes + 1)
        self.assertTrue(self.wait_item(lambda: item_property("IconName") == icon("connected")))

    def test_outage_and_recovery_with_the_window_never_built(self):
        """The background service alone: tray, notifications and D-Bus tell a
        whole outage and its end, and no window process ever starts."""
        window_seen = []
        watch = Gio.bus_watch_name_on_connection(
            self.bus, f"{APP_ID}.Window", Gio.BusNameWatcherFlags.NONE,
            lambda bus, name, owner: window_seen.append(owner), None)
        self.addCleanup(Gio.bus_unwatch_name, watch)
        notifications = []
        subscription = self.bus.signal_subscribe(
            None, dbusmock.MOCK_IFACE, "MethodCalled", "/org/freedesktop/Notifications", None,
            Gio.DBusSignalFlags.NONE,
            lambda bus, sender, path, iface, name, args: notifications.append(args.unpack()[0]))
        self.addCleanup(self.bus.signal_unsubscribe, subscription)

        self.start_watcher()
        self.start_app("--background", settings="notify-grace-seconds=1\nbackoff-max=1\n")

        del self.signals[:]
        control(self.url, "reject?status=503&count=1000&retry_after=1")
        control(self.url, "drop?code=1001")
        self.assertTrue(self.wait_item(lambda: item_property("IconName") == icon("disconnected")))
        self.assertEqual(item_property("Status"), "NeedsAttention")
        self.assertTrue(run_until(lambda: "disconnected" in self.statuses(), TIMEOUT_S))
        self.assertTrue(run_until(lambda: "Notify" in notifications, TIMEOUT_S),
                        f"no notification of the outage: {notifications}")

        control(self.url, "reject?status=503&count=0")
        self.assertTrue(self.wait_item(lambda: item_property("IconName") == icon("connected")))
        self.assertEqual(item_property("Status"), "Active")
        self.assertTrue(run_until(lambda: self.statuses()[-1:] == ["connected"], TIMEOUT_S))
        self.assertTrue(run_until(lambda: "CloseNotification" in notifications, TIMEOUT_S),
                        f"the outage's notification stayed: {notifications}")

        self.assertEqual([owner for owner in window_seen if owner], [], "a window process started")

    def test_registers_again_when_the_watcher_returns(self):
        self.start_watcher()
        self.start_app()
        self.assertTrue(run_until(lambda: self.signal_count("StatusNotifierItemRegistered") == 1,
                                  TIMEOUT_S))
        self.stop_watcher()
        self.start_watcher()
        self.assertTrue(run_until(lambda: self.signal_count("StatusNotifierItemRegistered") == 2,
                                  TIMEOUT_S))
        calls = self.watcher_mock.GetMethodCalls("RegisterStatusNotifierItem")
        self.assertEqual([str(args[0]) for _, args in calls], [ITEM_PATH])

    def test_item_without_watcher(self):
        # Served all the same, for a watcher that comes later.
        self.start_app()
        self.assertEqual(item_property("Status"), "Active")
        self.start_watcher()
        self.assertTrue(run_until(lambda: self.signal_count("StatusNotifierItemRegistered") == 1,
                                  TIMEOUT_S))


if __name__ == "__main__":
    sys.exit(run_tap(unittest.defaultTestLoader.loadTestsFromTestCase(TrayTest)))
