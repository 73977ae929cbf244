#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Each shared library exports exactly the symbols its committed list
names (src/uplink/libuplink-1.symbols, src/uplink-gtk/libuplink-gtk-1.symbols),
so that any change to the ABI shows as a diff of that list.

After a deliberate change, write the list anew with
UPLINK_UPDATE_SYMBOLS=1 meson test -C _build abi."""

import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from datatest import run_tap  # noqa: E402

SRCDIR = os.environ["UPLINK_SOURCE_ROOT"]
BUILDDIR = os.environ["UPLINK_BUILD_ROOT"]

# library in the build folder, its list in the source tree
LIBRARIES = [
    ("src/uplink/libuplink-1.so", "src/uplink/libuplink-1.symbols"),
    ("src/uplink-gtk/libuplink-gtk-1.so", "src/uplink-gtk/libuplink-gtk-1.symbols"),
]

# What the linker defines in every shared object: no part of our ABI.
LINKER_SYMBOLS = {"__bss_start", "_edata", "_end", "_init", "_fini"}


def exported(library):
    out = subprocess.run(["nm", "-D", "--defined-only", library],
                         check=True, capture_output=True, text=True).stdout
    names = {line.split()[-1] for line in out.splitlines() if line.strip()}
    return sorted(names - LINKER_SYMBOLS)


def committed(path):
    with open(path, encoding="utf-8") as f:
        return sorted(line.strip() for line in f
                      if line.strip() and not line.lstrip().startswith("#"))


def header(path):
    """The list's leading comment, kept when the list is written anew."""
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return [line for line in f if line.startswith("#")]


class Abi(unittest.TestCase):
    def check(self, library, listing):
        names = exported(os.path.join(BUILDDIR, library))
        path = os.path.join(SRCDIR, listing)
        if os.environ.get("UPLINK_UPDATE_SYMBOLS"):
            kept = header(path)
            with open(path, "w", encoding="utf-8") as f:
                f.writelines(kept)
                f.writelines(name + "\n" for name in names)
        expected = committed(path)
        added = sorted(set(names) - set(expected))
        removed = sorted(set(expected) - set(names))
        self.assertEqual((added, removed), ([], []),
                         f"{library} exports what {listing} does not say (added, removed); "
                         "if the change is meant, write the list anew (see this test's docstring)")

    def test_libuplink(self):
        self.check(*LIBRARIES[0])

    def test_libuplink_gtk(self):
        self.check(*LIBRARIES[1])


if __name__ == "__main__":
    sys.exit(run_tap(unittest.defaultTestLoader.loadTestsFromTestCase(Abi)))
