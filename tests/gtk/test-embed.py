#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The widgets from Python, and the README's embedding examples, built and
run against uplink-server as an embedder would."""

import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request

import gi

gi.require_version("Gtk", "4.0")
gi.require_version("Uplink", "1.0")
gi.require_version("UplinkGtk", "1.0")
from gi.repository import GLib, GObject, Gtk, Uplink, UplinkGtk  # noqa: E402
from uplink_test import TIMEOUT_S, run_tap, run_until, start_server  # noqa: E402

README = os.path.join(os.environ["UPLINK_TEST_SRCDIR"], "..", "README.md")


def readme_example(name):
    """The fenced block after the README's <!-- example: NAME --> marker."""
    with open(README, encoding="utf-8") as readme:
        text = readme.read()
    match = re.search(r"<!-- example: %s -->\n```\w+\n(.*?)```" % re.escape(name),
                      text, re.S)
    if match is None:
        raise AssertionError(f"README.md has no example {name}")
    return match.group(1)


def open_clients(url):
    control = url.replace("ws://", "http://").rsplit("/", 1)[0]
    with urllib.request.urlopen(control + "/control/stats", timeout=TIMEOUT_S) as answer:
        return json.load(answer)["open"]


def wait_for_open_client(url, process):
    """uplink-server reports no events to other processes: ask it until a
    client is connected, the example dies, or time is up."""
    deadline = time.monotonic() + TIMEOUT_S * 3
    while time.monotonic() < deadline and process.poll() is None:
        if open_clients(url) >= 1:
            return True
        time.sleep(0.02)
    return False


class Widgets(unittest.TestCase):
    def setUp(self):
        self.server, self.url = start_server()

    def tearDown(self):
        self.server.terminate()
        self.server.wait()

    def test_indicator_turns_connected(self):
        connection = Uplink.Connection.new(self.url)
        indicator = UplinkGtk.Indicator.new(connection)
        timeline = UplinkGtk.Timeline.new(connection.get_history())
        box = Gtk.Box(orientation=Gtk.Orientation.VERTICAL)
        box.append(indicator)
        box.append(timeline)
        window = Gtk.Window(child=box)
        window.present()

        # Not started yet: paused, a look of its own.
        self.assertTrue(indicator.has_css_class("paused"))
        connection.start()
        self.assertTrue(run_until(lambda: indicator.has_css_class("connected")))
        self.assertFalse(indicator.has_css_class("disconnected"))
        self.assertEqual(indicator.props.icon_name, "uplink-connected-symbolic")
        self.assertTrue(indicator.get_tooltip_text().startswith("Connected"))
        self.assertEqual(timeline.props.window, 3600 * 1000 * 1000)
        self.assertGreaterEqual(connection.get_history().props.n_entries, 3)

        connection.stop()
        self.assertTrue(indicator.has_css_class("paused"))
        self.assertEqual(indicator.props.icon_name, "uplink-paused-symbolic")
        window.destroy()


class Listener(GObject.Object, Uplink.ConnectionListener):
    def __init__(self, log):
        super().__init__()
        self.log = log

    def do_on_connected(self, source):
        self.log.append("listener:connected")

    def do_on_disconnected(self, source):
        self.log.append("listener:disconnected")

    def do_on_connection_error(self, source, error):
        self.log.append("listener:error")


class Model(unittest.TestCase):
    """A client's own connection, mapped into a model, drives the widgets
    through every state."""

    def assert_indicator(self, css_class, label, tooltip):
        self.assertTrue(run_until(lambda: self.indicator.has_css_class(css_class)))
        self.assertEqual(self.indicator.props.icon_name, f"uplink-{css_class}-symbolic")
        self.assertEqual(self.indicator.get_first_child().get_last_child().get_label(), label)
        self.assertRegex(self.indicator.get_tooltip_text(), tooltip)

    def test_states(self):
        model = Uplink.StatusModel.new()
        log = []
        model.add_listener("python", Listener(log))
        model.connect("notify::state", lambda *_: log.append("notify:" + model.props.status))
        self.indicator = UplinkGtk.Indicator.new_for_source(model)
        self.indicator.props.show_label = True
        timeline = UplinkGtk.Timeline.new_for_source(model)
        box = Gtk.Box(orientation=Gtk.Orientation.VERTICAL)
        box.append(self.indicator)
        box.append(timeline)
        window = Gtk.Window(child=box)
        window.present()

        self.assertIs(self.indicator.props.source, model)
        self.assertIsNone(self.indicator.props.connection)
        self.assertIs(timeline.props.history, model.props.history)
        self.assert_indicator("disconnected", "Disconnected", r"^Disconnected since ")
        model.set_state(Uplink.State.CONNECTING)
        self.assert_indicator("connecting", "Connecting…", r"^Connecting…")
        model.set_state(Uplink.State.CONNECTED)
        self.assert_indicator("connected", "Connected", r"^Connected")
        model.set_throttled(["typing"])
        self.assert_indicator("throttled", "Some features paused",
                              r"\nPaused: typing indicators$")
        model.report_error(GLib.Error.new_literal(Uplink.connection_error_quark(),
                                                  "The server went away",
                                                  Uplink.ConnectionError.UNREACHABLE))
        model.set_state(Uplink.State.DISCONNECTED)
        self.assert_indicator("disconnected", "Disconnected", r"^Disconnected since .*\nThe server went away\n")
        self.assertEqual(log, ["notify:connecting", "notify:connected", "listener:connected",
                               "notify:featureThrottled", "listener:error",
                               "notify:disconnected", "listener:disconnected"])
        self.assertEqual(model.props.history.props.n_entries, 5)
        window.destroy()


class ReadmeExamples(unittest.TestCase):
    def setUp(self):
        self.server, self.url = start_server()
        self.folder = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.server.terminate()
        self.server.wait()
        self.folder.cleanup()

    def run_example(self, command):
        process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
        try:
            connected = wait_for_open_client(self.url, process)
        finally:
            process.terminate()
            _, errors = process.communicate(timeout=TIMEOUT_S)
        self.assertTrue(connected, errors)
        self.assertNotIn("CRITICAL", errors)

    def test_c(self):
        source = os.path.join(self.folder.name, "embed.c")
        program = os.path.join(self.folder.name, "embed")
        with open(source, "w", encoding="utf-8") as out:
            out.write(readme_example("embed.c"))
        flags = subprocess.run(
            ["pkg-config", "--cflags", "--libs", "uplink-gtk-1"],
            check=True, capture_output=True, text=True).stdout
        subprocess.run(["cc", "-Wall", "-Wextra", "-Werror", "-o", program, source]
                       + shlex.split(flags), check=True)
        self.run_example([program, self.url])

    def test_python(self):
        source = os.path.join(self.folder.name, "embed.py")
        with open(source, "w", encoding="utf-8") as out:
            out.write(readme_example("embed.py"))
        self.run_example([sys.executable, source, self.url])

    def test_python_model(self):
        source = os.path.join(self.folder.name, "model.py")
        with open(source, "w", encoding="utf-8") as out:
            out.write(readme_example("model.py"))
        self.run_example([sys.executable, source, self.url])


if __name__ == "__main__":
    os.environ.setdefault("LANGUAGE", "C")
    sys.exit(run_tap(unittest.defaultTestLoader.loadTestsFromModule(sys.modules[__name__])))
