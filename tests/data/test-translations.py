#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The built programs speak German when asked to: `uplink status` says that
no Uplink is running in German, and a widget's tooltip names its state in
German. The catalogue is po/de.po, compiled here into a folder of the test's
own, so that nothing installed on the machine answers in its place."""

import gettext
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from datatest import run_tap  # noqa: E402

SRCDIR = os.environ["UPLINK_SOURCE_ROOT"]
UPLINK = os.environ.get("UPLINK_CLI", "")
DOMAIN = "uplink"
LANGUAGE = "de"
TIMEOUT_S = 30

# The programs bind the domain to LOCALEDIR, a path fixed when they are
# built (the installed prefix), and nothing in the environment moves it.
# This wrapper, preloaded, binds it to the test's folder instead.
REBIND_C = r"""
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

char *
bindtextdomain (const char *domain, const char *dirname)
{
  static char *(*real) (const char *, const char *);
  const char *folder = getenv ("UPLINK_TEST_LOCALEDIR");

  if (real == NULL)
    real = (char *(*) (const char *, const char *)) dlsym (RTLD_NEXT, "bindtextdomain");
  if (folder != NULL && domain != NULL && dirname != NULL && strcmp (domain, "uplink") == 0)
    dirname = folder;
  return real (domain, dirname);
}
"""

TOOLTIP_PY = textwrap.dedent("""\
    import locale
    import sys

    import gi

    locale.setlocale(locale.LC_ALL, "")
    try:
        gi.require_version("Gtk", "4.0")
        gi.require_version("Uplink", "1.0")
        gi.require_version("UplinkGtk", "1.0")
        from gi.repository import Gtk, Uplink, UplinkGtk
    except (ImportError, ValueError) as e:
        print(e)
        sys.exit(77)
    if not Gtk.init_check():
        print("cannot open the display")
        sys.exit(77)
    connection = Uplink.Connection.new("ws://127.0.0.1:1/ws")  # never started
    indicator = UplinkGtk.Indicator.new(connection)
    print(indicator.get_tooltip_text() or "")
""")


class Translations(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="uplink-l10n-")
        cls.localedir = os.path.join(cls.tmp.name, "locale")
        cls.skip_reason = None
        msgfmt = shutil.which("msgfmt")
        cc = shutil.which(os.environ.get("CC", "cc"))
        if msgfmt is None or cc is None:
            cls.skip_reason = "needs msgfmt and a C compiler"
            return
        messages = os.path.join(cls.localedir, LANGUAGE, "LC_MESSAGES")
        os.makedirs(messages)
        subprocess.run([msgfmt, "--check", "-o", os.path.join(messages, DOMAIN + ".mo"),
                        os.path.join(SRCDIR, "po", LANGUAGE + ".po")], check=True)
        source = os.path.join(cls.tmp.name, "rebind.c")
        with open(source, "w", encoding="utf-8") as f:
            f.write(REBIND_C)
        cls.rebind = os.path.join(cls.tmp.name, "librebind.so")
        subprocess.run([cc, "-shared", "-fPIC", "-o", cls.rebind, source, "-ldl"], check=True)
        with open(os.path.join(messages, DOMAIN + ".mo"), "rb") as f:
            cls.catalogue = gettext.GNUTranslations(f)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def setUp(self):
        if self.skip_reason:
            self.skipTest(self.skip_reason)

    def env(self):
        env = dict(os.environ)
        for name in ["LC_ALL", "LC_MESSAGES", "G_DEBUG"]:
            env.pop(name, None)
        env["LANG"] = "C.UTF-8"
        env["LANGUAGE"] = LANGUAGE
        env["UPLINK_TEST_LOCALEDIR"] = self.localedir
        env["LD_PRELOAD"] = self.rebind
        env["NO_AT_BRIDGE"] = "1"
        env["GSETTINGS_BACKEND"] = "memory"
        return env

    def german(self, msgid):
        """MSGID as de.po says it; the test is pointless if it says it in English."""
        text = self.catalogue.gettext(msgid)
        self.assertNotEqual(text, msgid, f"po/{LANGUAGE}.po does not translate “{msgid}”")
        return text

    def test_status_says_uplink_is_not_running(self):
        if not os.access(UPLINK, os.X_OK):
            self.skipTest("the application is not built")
        if shutil.which("dbus-run-session") is None:
            self.skipTest("needs dbus-run-session, for a session bus where no Uplink runs")
        result = subprocess.run(["dbus-run-session", "--", UPLINK, "status"], env=self.env(),
                                capture_output=True, text=True, timeout=TIMEOUT_S)
        self.assertEqual(result.returncode, 2, result.stdout + result.stderr)
        # The bus daemon may have its own say on stderr first.
        lines = result.stderr.strip().splitlines()
        self.assertEqual(lines[-1] if lines else "", self.german("uplink status: Uplink is not running"),
                         result.stderr)

    def test_indicator_tooltip(self):
        if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            self.skipTest("no display: run under xvfb-run (build-aux/dev test does)")
        env = self.env()
        env["GSK_RENDERER"] = "cairo"
        result = subprocess.run(["/usr/bin/python3", "-c", TOOLTIP_PY], env=env,
                                capture_output=True, text=True, timeout=TIMEOUT_S)
        if result.returncode == 77:
            self.skipTest(result.stdout.strip())
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        tooltip = result.stdout.strip()
        self.assertTrue(tooltip.startswith(self.german("Paused")), tooltip)


if __name__ == "__main__":
    sys.exit(run_tap(unittest.defaultTestLoader.loadTestsFromTestCase(Translations)))
