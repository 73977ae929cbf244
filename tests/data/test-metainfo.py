#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The metainfo validates without errors or warnings and agrees with the
project: release version, desktop entry, icons and screenshot addresses."""

import os
import re
import subprocess
import sys
import unittest
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from datatest import run_tap  # noqa: E402

METAINFO = os.environ["UPLINK_METAINFO"]
VERSION = os.environ["UPLINK_VERSION"]
SCREENSHOTS = "https://raw.githubusercontent.com/uplink/uplink/main/data/screenshots/"


class Metainfo(unittest.TestCase):
    def setUp(self):
        self.root = ET.parse(METAINFO).getroot()

    def test_validates_without_warnings(self):
        result = subprocess.run(
            ["appstreamcli", "validate", "--no-net", "--no-color", METAINFO],
            capture_output=True, text=True)
        output = result.stdout + result.stderr
        complaints = [line for line in output.splitlines()
                      if re.match(r"[EW]: ", line)]
        self.assertEqual(result.returncode, 0, output)
        self.assertEqual(complaints, [], output)

    def test_newest_release_is_the_project_version(self):
        releases = self.root.findall("releases/release")
        self.assertTrue(releases, "no <release>")
        self.assertEqual(releases[0].get("version"), VERSION)
        for release in releases:
            self.assertRegex(release.get("date") or "", r"^\d{4}-\d{2}-\d{2}$",
                             f"release {release.get('version')} has no date")

    def test_launchable_and_binary(self):
        self.assertEqual(self.root.findtext("id"), "io.github.uplink.Uplink")
        self.assertEqual(self.root.findtext("launchable[@type='desktop-id']"),
                         "io.github.uplink.Uplink.desktop")
        self.assertIn("uplink", [b.text for b in self.root.findall("provides/binary")])
        self.assertIsNotNone(self.root.find("content_rating[@type='oars-1.1']"))
        self.assertEqual(self.root.findtext("url[@type='homepage']"),
                         "https://github.com/uplink/uplink")

    def test_screenshots_are_the_projects(self):
        images = [i.text.strip() for i in self.root.findall("screenshots/screenshot/image")]
        self.assertTrue(images)
        for image in images:
            self.assertTrue(image.startswith(SCREENSHOTS) and image.endswith(".png"), image)


if __name__ == "__main__":
    sys.exit(run_tap(unittest.defaultTestLoader.loadTestsFromTestCase(Metainfo)))
