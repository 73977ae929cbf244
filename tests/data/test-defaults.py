#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Every default is stated alike: the connection's properties (which take
them from src/uplink/uplink-defaults-private.h), the app's GSettings
schema, and the README."""

import os
import re
import sys
import unittest
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from datatest import run_tap  # noqa: E402

import gi  # noqa: E402

gi.require_version("Uplink", "1.0")
from gi.repository import Uplink  # noqa: E402

SRCDIR = os.environ["UPLINK_SOURCE_ROOT"]

# schema key (seconds) → the connection's property, and its unit in ms
SCHEMA_KEYS = {
    "keepalive-interval": ("keepalive-interval", 1),
    "pong-timeout": ("pong-timeout", 1),
    "backoff-max": ("backoff-max", 1000),
}


def property_default(name):
    return Uplink.Connection.find_property(name).default_value


def schema_defaults():
    tree = ET.parse(os.path.join(SRCDIR, "data", "io.github.uplink.Uplink.gschema.xml"))
    return {key.get("name"): key.findtext("default").strip()
            for key in tree.iter("key")}


def readme():
    with open(os.path.join(SRCDIR, "README.md"), encoding="utf-8") as f:
        return f.read()


class Defaults(unittest.TestCase):
    def test_schema_agrees_with_the_library(self):
        schema = schema_defaults()
        for key, (prop, per_unit) in SCHEMA_KEYS.items():
            with self.subTest(key=key):
                self.assertEqual(int(schema[key]) * per_unit, property_default(prop))

    def test_readme_settings_table_agrees_with_the_schema(self):
        text = readme()
        schema = schema_defaults()
        for key in SCHEMA_KEYS:
            with self.subTest(key=key):
                row = re.search(r"^\| `%s` \| `([^`]*)` \|" % re.escape(key), text, re.M)
                self.assertIsNotNone(row, f"the README's settings table has no row for {key}")
                self.assertEqual(row.group(1), schema[key])

    def test_readme_prose_agrees_with_the_library(self):
        text = readme()
        initial_s = property_default("backoff-initial") // 1000
        max_s = property_default("backoff-max") // 1000
        self.assertIn(f"({initial_s} s doubling to {max_s} s by default)", text)
        self.assertIn(f"`send-queue-limit` messages ({property_default('send-queue-limit')})", text)
        self.assertIn(f"`send-queue-max-age` seconds ({property_default('send-queue-max-age')})", text)
        self.assertIn(f"defaults (keepalive {property_default('keepalive-interval')} s, "
                      f"pong timeout {property_default('pong-timeout')} s)", text)


if __name__ == "__main__":
    sys.exit(run_tap(unittest.defaultTestLoader.loadTestsFromTestCase(Defaults)))
