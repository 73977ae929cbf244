#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""What closing the window does, with and without a tray.

The window is a process of its own (`uplink-window`, bus name
io.github.uplink.Uplink.Window) that the `uplink` service starts and that
exits when its window closes. Each test runs the service on a private
session bus with python3-dbusmock as org.kde.StatusNotifierWatcher, and
follows the window by its bus name; a window is closed through its own
app.close action, as the service's app.hide-window does.
"""

import os
import subprocess
import sys
import tempfile
import shutil
import unittest

import dbusmock
from gi.repository import Gio, GLib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from uplink_test import run_tap, run_until, start_server  # noqa: E402

APP_ID = "io.github.uplink.Uplink"
APP_PATH = "/io/github/uplink/Uplink"
WINDOW_ID = "io.github.uplink.Uplink.Window"
WINDOW_PATH = "/io/github/uplink/Uplink/Window"
WATCHER_IFACE = "org.kde.StatusNotifierWatcher"
TEMPLATE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "statusnotifierwatcher.py")
TIMEOUT_S = 30


class TrayWindowTest(dbusmock.DBusTestCase):
    @classmethod
    def setUpClass(cls):
        cls.start_session_bus()
        cls.bus = Gio.bus_get_sync(Gio.BusType.SESSION)

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="uplink-tray-window-")
        self.watcher = None
        self.app = None
        self.server, self.url = start_server()
        self.owners = {}
        self.watches = [
            Gio.bus_watch_name_on_connection(
                self.bus, name, Gio.BusNameWatcherFlags.NONE,
                lambda bus, name, owner: self.owners.__setitem__(name, owner),
                lambda bus, name: self.owners.__setitem__(name, None))
            for name in (APP_ID, WINDOW_ID)]

    def tearDown(self):
        if self.app is not None:
            self.call(APP_ID, APP_PATH, "org.gtk.Actions", "Activate",
                      GLib.Variant("(sava{sv})", ("quit", [], {})))
            try:
                self.app.wait(timeout=TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self.app.kill()
                self.app.wait()
        self.assertTrue(run_until(lambda: not self.window_open(), TIMEOUT_S),
                        "the window did not follow the service out")
        for watch in self.watches:
            Gio.bus_unwatch_name(watch)
        self.stop_watcher()
        self.server.terminate()
        self.server.wait()
        shutil.rmtree(self.tmp, ignore_errors=True)

    # --- helpers ------------------------------------------------------------

    def call(self, name, path, iface, method, parameters=None):
        try:
            return self.bus.call_sync(name, path, iface, method, parameters, None,
                                      Gio.DBusCallFlags.NONE, TIMEOUT_S * 1000, None)
        except GLib.Error:
            return None

    def start_watcher(self, host=True):
        self.watcher = self.spawn_server_template(TEMPLATE, {"host": host},
                                                  stdout=subprocess.DEVNULL)[0]
        self.wait_for_bus_object(WATCHER_IFACE, "/StatusNotifierWatcher", timeout=TIMEOUT_S)

    def stop_watcher(self):
        if self.watcher is not None:
            self.watcher.terminate()
            self.watcher.wait()
            self.watcher = None

    def set_host_registered(self, registered):
        """As a panel coming or going does to a running watcher."""
        self.call(WATCHER_IFACE, "/StatusNotifierWatcher", "org.freedesktop.DBus.Properties", "Set",
                  GLib.Variant("(ssv)", (WATCHER_IFACE, "IsStatusNotifierHostRegistered",
                                         GLib.Variant("b", registered))))
        self.call(WATCHER_IFACE, "/StatusNotifierWatcher", dbusmock.MOCK_IFACE, "EmitSignal",
                  GLib.Variant("(sssav)", (WATCHER_IFACE,
                                           "StatusNotifierHostRegistered" if registered
                                           else "StatusNotifierHostUnregistered", "", [])))

    def start_app(self, *args):
        settings = os.path.join(self.tmp, "glib-2.0", "settings")
        os.makedirs(settings, exist_ok=True)
        with open(os.path.join(settings, "keyfile"), "w", encoding="utf-8") as f:
            f.write(f"[io/github/uplink/Uplink]\nurl='{self.url}'\n")
        env = dict(os.environ, GSETTINGS_BACKEND="keyfile", XDG_CONFIG_HOME=self.tmp)
        self.app = subprocess.Popen([os.environ["UPLINK_APP"], *args], env=env)
        self.assertTrue(run_until(lambda: self.owners.get(APP_ID), TIMEOUT_S),
                        "the service never came on the bus")

    def window_open(self):
        return bool(self.owners.get(WINDOW_ID))

    def has_tray(self):
        reply = self.call(APP_ID, "/StatusNotifierItem", "org.freedesktop.DBus.Properties", "Get",
                          GLib.Variant("(ss)", ("org.kde.StatusNotifierItem", "Status")))
        return reply is not None

    def close_window(self):
        self.call(WINDOW_ID, WINDOW_PATH, "org.gtk.Actions", "Activate",
                  GLib.Variant("(sava{sv})", ("close", [], {})))
        self.assertTrue(run_until(lambda: not self.window_open(), TIMEOUT_S),
                        "the window process did not end with its window")

    def wait_window(self):
        self.assertTrue(run_until(self.window_open, TIMEOUT_S), "no window came")

    def service_ended(self):
        return self.app.poll() is not None

    # --- tests --------------------------------------------------------------

    def test_no_tray_closing_quits(self):
        """Nothing could bring a closed window back: closing it ends Uplink."""
        self.start_app()
        self.wait_window()
        self.close_window()
        self.assertTrue(run_until(self.service_ended, TIMEOUT_S), "uplink kept running unseen")
        self.assertEqual(self.app.returncode, 0)
        self.app = None

    def test_tray_keeps_watching_and_brings_the_window_back(self):
        self.start_watcher()
        self.start_app()
        self.wait_window()
        self.close_window()
        # The window process is gone; the service watches on.
        self.assertIsNone(self.app.poll())
        self.assertTrue(self.owners.get(APP_ID))

        # A click on the icon brings it back.
        self.call(APP_ID, "/StatusNotifierItem", "org.kde.StatusNotifierItem", "Activate",
                  GLib.Variant("(ii)", (0, 0)))
        self.wait_window()
        self.close_window()
        self.assertIsNone(self.app.poll())

    def test_host_leaving_shows_the_window(self):
        self.start_watcher()
        self.start_app("--background")
        self.assertFalse(run_until(self.window_open, 2), "a window opened with a tray there")

        self.set_host_registered(False)
        self.wait_window()
        self.set_host_registered(True)
        self.close_window()
        self.assertIsNone(self.app.poll())

        # The panel ends, watcher and all.
        self.stop_watcher()
        self.wait_window()
        self.close_window()
        self.assertTrue(run_until(self.service_ended, TIMEOUT_S), "uplink kept running unseen")
        self.app = None

    def test_window_follows_the_service(self):
        """The service ending (Ctrl+C, the session ending) takes the window
        with it: a window showing a service that is gone would lie."""
        self.start_watcher()
        self.start_app()
        self.wait_window()
        self.app.terminate()
        self.assertEqual(self.app.wait(timeout=TIMEOUT_S), 0)
        self.app = None
        self.assertTrue(run_until(lambda: not self.window_open(), TIMEOUT_S),
                        "the window outlived the service")

    def test_service_without_tray_shows_the_window(self):
        """As at login: no window asked for, and no tray to show Uplink in."""
        self.start_app("--gapplication-service")
        self.wait_window()


if __name__ == "__main__":
    sys.exit(run_tap(unittest.defaultTestLoader.loadTestsFromTestCase(TrayWindowTest)))
