#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""po/POTFILES.in lists every file with translatable strings, and only
files that exist."""

import os
import re
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from datatest import run_tap  # noqa: E402

SRCDIR = os.environ["UPLINK_SOURCE_ROOT"]

# _("…"), N_("…"), C_("…", "…"), NC_(…), Q_(…), and the plural and
# domain-taking calls; not an identifier that merely ends in "_".
C_MARK = re.compile(r"(?<![A-Za-z0-9_])(?:_|N_|C_|NC_|Q_|g_dngettext|g_dpgettext2|ngettext)\s*\(")
UI_MARK = re.compile(r'translatable\s*=\s*"(?:yes|true|1)"')
SOURCE_EXTENSIONS = (".c", ".h", ".c.in", ".h.in")
UI_EXTENSIONS = (".ui", ".blp")


def potfiles():
    with open(os.path.join(SRCDIR, "po", "POTFILES.in"), encoding="utf-8") as f:
        return [line.strip() for line in f
                if line.strip() and not line.lstrip().startswith("#")]


def marked_files():
    found = []
    for top, dirs, files in os.walk(os.path.join(SRCDIR, "src")):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(top, name)
            if name.endswith(SOURCE_EXTENSIONS):
                mark = C_MARK
            elif name.endswith(UI_EXTENSIONS):
                mark = UI_MARK
            else:
                continue
            with open(path, encoding="utf-8", errors="replace") as f:
                if mark.search(f.read()):
                    found.append(os.path.relpath(path, SRCDIR))
    return found


class Potfiles(unittest.TestCase):
    def test_every_marked_file_is_listed(self):
        listed = set(potfiles())
        missing = [path for path in marked_files() if path not in listed]
        self.assertEqual(missing, [],
                         "marked for translation but missing from po/POTFILES.in")

    def test_every_listed_file_exists(self):
        absent = [path for path in potfiles()
                  if not os.path.isfile(os.path.join(SRCDIR, path))]
        self.assertEqual(absent, [], "listed in po/POTFILES.in but not in the tree")

    def test_desktop_files_and_metainfo_are_listed(self):
        listed = potfiles()
        for top, dirs, files in os.walk(os.path.join(SRCDIR, "data")):
            for name in files:
                if name.endswith((".desktop.in", ".metainfo.xml.in", ".gschema.xml")):
                    path = os.path.relpath(os.path.join(top, name), SRCDIR)
                    self.assertIn(path, listed)

    def test_listed_once(self):
        listed = potfiles()
        self.assertEqual(len(listed), len(set(listed)), "a file is listed twice")


if __name__ == "__main__":
    sys.exit(run_tap(unittest.defaultTestLoader.loadTestsFromTestCase(Potfiles)))
