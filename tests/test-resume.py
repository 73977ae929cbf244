#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Resume from suspend, as logind announces it on a private system bus."""

import signal
import subprocess
import sys
import time

import dbus
import dbusmock
from uplink_test import run_tap, run_until, start_server



class ResumeTest(dbusmock.DBusTestCase):
    @classmethod
    def setUpClass(cls):
        cls.start_system_bus()
        cls.dbus_con = cls.get_dbus(system_bus=True)

    def setUp(self):
        self.logind, self.logind_obj = self.spawn_server_template(
            "logind", {}, stdout=subprocess.DEVNULL)
        self.server, self.url = start_server()

    def tearDown(self):
        self.server.send_signal(signal.SIGCONT)
        self.server.terminate()
        self.server.wait()
        self.logind.terminate()
        self.logind.wait()

    def server_stopped(self):
        with open(f"/proc/{self.server.pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] == "T"

    def test_resume_probes_socket(self):
        import gi
        gi.require_version("Uplink", "1.0")
        from gi.repository import Uplink

        connection = Uplink.Connection.new(self.url)
        connection.props.network_monitor = None
        connection.set_keepalive_interval(30)
        connection.set_pong_timeout(1)
        errors = []
        connection.connect("connection-error", lambda c, e: errors.append(e))
        connection.start()
        self.assertTrue(run_until(
            lambda: connection.props.state == Uplink.State.CONNECTED))
        # Let the connection find logind on the bus.
        run_until(lambda: False, 0.5)

        manager = self.logind_obj
        manager.EmitSignal("org.freedesktop.login1.Manager", "PrepareForSleep",
                           "b", [dbus.Boolean(True)])
        # While the machine slept, the server went silent.
        self.server.send_signal(signal.SIGSTOP)
        self.assertTrue(run_until(self.server_stopped))
        resumed = time.monotonic()
        manager.EmitSignal("org.freedesktop.login1.Manager", "PrepareForSleep",
                           "b", [dbus.Boolean(False)])

        self.assertTrue(run_until(lambda: errors, 2.5))
        took = time.monotonic() - resumed
        print(f"# resume to {errors[0].message!r} in {took * 1000:.0f} ms")
        self.assertTrue(errors[0].matches(Uplink.connection_error_quark(),
                                          Uplink.ConnectionError.DEAD_PEER))
        self.assertLessEqual(took, 2.0)
        self.assertNotEqual(connection.props.state, Uplink.State.CONNECTED)

        self.server.send_signal(signal.SIGCONT)
        self.assertTrue(run_until(
            lambda: connection.props.state == Uplink.State.CONNECTED))
        connection.stop()


if __name__ == "__main__":
    import unittest
    sys.exit(run_tap(unittest.defaultTestLoader.loadTestsFromTestCase(ResumeTest)))
