#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The network going and coming back through GIO's real NetworkManager
monitor, against python3-dbusmock's networkmanager template."""

import os
import subprocess
import sys
import time

# GIO picks its monitor once, at first use: before gi is imported.
os.environ["GIO_USE_NETWORK_MONITOR"] = "networkmanager"

import dbusmock
from uplink_test import run_tap, run_until, start_server  # noqa: E402

NM_STATE_DISCONNECTED = 20
NM_STATE_CONNECTED_GLOBAL = 70


class NetworkManagerTest(dbusmock.DBusTestCase):
    @classmethod
    def setUpClass(cls):
        cls.start_system_bus()
        cls.dbus_con = cls.get_dbus(system_bus=True)

    def setUp(self):
        self.nm, self.nm_obj = self.spawn_server_template(
            "networkmanager", {"NetworkingEnabled": True}, stdout=subprocess.DEVNULL)
        self.nm_obj.SetGlobalConnectionState(NM_STATE_CONNECTED_GLOBAL)
        self.nm_obj.SetConnectivity(4)
        self.server, self.url = start_server()

    def tearDown(self):
        self.server.terminate()
        self.server.wait()
        self.nm.terminate()
        self.nm.wait()

    def test_offline_and_back(self):
        import gi
        gi.require_version("Uplink", "1.0")
        from gi.repository import Gio, Uplink

        monitor = Gio.NetworkMonitor.get_default()
        self.assertEqual(type(monitor).__name__, "GNetworkMonitorNM")
        self.assertTrue(run_until(monitor.get_network_available))

        connection = Uplink.Connection.new(self.url)
        errors = []
        connection.connect("connection-error", lambda c, e: errors.append(e))
        connection.start()
        self.assertTrue(run_until(
            lambda: connection.props.state == Uplink.State.CONNECTED))

        went = time.monotonic()
        self.nm_obj.SetGlobalConnectionState(NM_STATE_DISCONNECTED)
        self.assertTrue(run_until(
            lambda: connection.props.state == Uplink.State.DISCONNECTED))
        print(f"# offline to disconnected in {(time.monotonic() - went) * 1000:.0f} ms"
              " (NetworkManager's signal included)")
        self.assertTrue(errors[0].matches(Uplink.connection_error_quark(),
                                          Uplink.ConnectionError.OFFLINE))
        self.assertEqual(connection.props.attempt, 0)
        self.assertEqual(connection.props.next_retry, 0)

        back = time.monotonic()
        self.nm_obj.SetGlobalConnectionState(NM_STATE_CONNECTED_GLOBAL)
        self.assertTrue(run_until(
            lambda: connection.props.state != Uplink.State.DISCONNECTED))
        print(f"# back to connecting in {(time.monotonic() - back) * 1000:.0f} ms")
        self.assertTrue(run_until(
            lambda: connection.props.state == Uplink.State.CONNECTED))
        connection.stop()


if __name__ == "__main__":
    import unittest
    sys.exit(run_tap(unittest.defaultTestLoader.loadTestsFromTestCase(NetworkManagerTest)))
