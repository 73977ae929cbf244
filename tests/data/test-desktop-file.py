#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The desktop entries pass desktop-file-validate without a word (hints
included) and say what Uplink needs said."""

import configparser
import os
import shutil
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from datatest import run_tap  # noqa: E402

DESKTOP = os.environ["UPLINK_DESKTOP_FILE"]
AUTOSTART = os.environ["UPLINK_AUTOSTART_FILE"]
APP_ID = "io.github.uplink.Uplink"


def entry(path):
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


class DesktopFiles(unittest.TestCase):
    def test_validate_silently(self):
        validate = shutil.which("desktop-file-validate")
        self.assertIsNotNone(validate, "desktop-file-utils is not installed (build-aux/dev installs it)")
        for path in [DESKTOP, AUTOSTART]:
            result = subprocess.run([validate, path], capture_output=True, text=True)
            self.assertEqual((result.returncode, result.stdout + result.stderr), (0, ""))

    def test_application_entry(self):
        self.assertEqual(os.path.basename(DESKTOP), APP_ID + ".desktop")
        e = entry(DESKTOP)
        self.assertEqual(e["Icon"], APP_ID)
        self.assertEqual(e["Exec"].split()[0], "uplink")
        self.assertEqual(e["Categories"], "Network;Chat;")
        self.assertEqual(e["DBusActivatable"], "true")
        self.assertEqual(e["X-GNOME-UsesNotifications"], "true")

    def test_login_entry(self):
        e = entry(AUTOSTART)
        self.assertEqual(e["Icon"], APP_ID)
        self.assertEqual(e["Exec"], "uplink --gapplication-service")
        self.assertEqual(e["X-GNOME-Autostart-enabled"], "true")
        # How the application knows the copy it may remove is its own.
        self.assertEqual(e["X-Uplink-Run-At-Login"], "true")
        self.assertNotIn("DBusActivatable", e)


if __name__ == "__main__":
    sys.exit(run_tap(unittest.defaultTestLoader.loadTestsFromTestCase(DesktopFiles)))
