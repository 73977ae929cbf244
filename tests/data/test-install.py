#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""`meson install --destdir` puts everything where it belongs, and what it
installed runs from there: the monitor reaches "connected" against the
installed server, and so does the application once it is built."""

import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from datatest import run_tap  # noqa: E402

SRCDIR = os.environ["UPLINK_SOURCE_ROOT"]
BUILDDIR = os.environ["UPLINK_BUILD_ROOT"]
MESON = os.environ.get("MESON", "meson")
APP_ID = "io.github.uplink.Uplink"
STATES = ["connected", "connecting", "disconnected", "throttled"]
TIMEOUT_S = 20


def intro(name):
    with open(os.path.join(BUILDDIR, "meson-info", f"intro-{name}.json"), encoding="utf-8") as f:
        return json.load(f)


OPTIONS = {o["name"]: o["value"] for o in intro("buildoptions")}
TARGETS = {t["name"]: t for t in intro("targets")}


def installed_target(name):
    """The target NAME if the build defines it and installs it, else None."""
    target = TARGETS.get(name)
    return target if target and target["installed"] else None


def readelf_dynamic(path):
    return subprocess.run(["readelf", "-d", path], capture_output=True,
                          text=True, check=True).stdout


class Installed(unittest.TestCase):
    """One installation, shared by every test in the class."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="uplink-install-")
        cls.destdir = cls.tmp.name
        result = subprocess.run(
            [MESON, "install", "-C", BUILDDIR, "--no-rebuild", "--destdir", cls.destdir],
            capture_output=True, text=True)
        if result.returncode != 0:
            raise AssertionError("meson install failed:\n" + result.stdout + result.stderr)
        root = cls.destdir + OPTIONS["prefix"]
        cls.root = root
        cls.bindir = os.path.join(root, OPTIONS["bindir"])
        cls.libdir = os.path.join(root, OPTIONS["libdir"])
        cls.datadir = os.path.join(root, OPTIONS["datadir"])
        cls.includedir = os.path.join(root, OPTIONS["includedir"])
        cls.localedir = os.path.join(root, OPTIONS["localedir"])
        cls.schemadir = os.path.join(cls.datadir, "glib-2.0", "schemas")
        # A DESTDIR install skips the post-install steps: compile the schemas
        # as they would be on the real system.
        if os.path.isdir(cls.schemadir):
            subprocess.run(["glib-compile-schemas", "--strict", cls.schemadir], check=True)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def env(self):
        env = dict(os.environ)
        env["LD_LIBRARY_PATH"] = self.libdir
        env["XDG_DATA_DIRS"] = self.datadir + ":" + env.get("XDG_DATA_DIRS", "/usr/local/share:/usr/share")
        env["GSETTINGS_SCHEMA_DIR"] = self.schemadir
        env["GI_TYPELIB_PATH"] = os.path.join(self.libdir, "girepository-1.0")
        env.pop("G_DEBUG", None)
        return env

    def assertInstalled(self, *parts):
        path = os.path.join(*parts)
        self.assertTrue(os.path.exists(path), f"not installed: {os.path.relpath(path, self.destdir)}")
        return path

    # --- what is there ------------------------------------------------------

    def test_everything_meson_lists_is_there(self):
        missing = [dest for dest in intro("installed").values()
                   if not os.path.lexists(self.destdir + dest)]
        self.assertEqual(missing, [])

    def test_programs(self):
        for name in ["uplink-monitor", "uplink-server"]:
            path = self.assertInstalled(self.bindir, name)
            self.assertTrue(os.access(path, os.X_OK), name)
        # The service and its window, side by side: the service starts the
        # window from its own folder.
        for name in ["uplink", "uplink-window"]:
            if installed_target(name):
                self.assertTrue(os.access(self.assertInstalled(self.bindir, name), os.X_OK))

    def test_programs_use_the_installed_library(self):
        for name in ["uplink-monitor", "uplink-server", "uplink", "uplink-window"]:
            path = os.path.join(self.bindir, name)
            if not os.path.exists(path):
                continue
            dynamic = readelf_dynamic(path)
            self.assertNotIn(BUILDDIR, dynamic, f"{name} still looks in the build folder")

    def test_service_links_no_toolkit(self):
        """The service runs all day: GTK, libadwaita and the widget library
        belong to the window process alone."""
        path = os.path.join(self.bindir, "uplink")
        if not os.path.exists(path):
            self.skipTest("the application is not built")
        dynamic = readelf_dynamic(path)
        for library in ["libgtk-4", "libadwaita-1", "libuplink-gtk-1"]:
            self.assertNotIn(library, dynamic)
        self.assertIn("libgtk-4", readelf_dynamic(os.path.join(self.bindir, "uplink-window")))

    def test_libraries_and_sonames(self):
        libraries = {"uplink-1": "libuplink-1.so.0"}
        if installed_target("uplink-gtk-1"):
            libraries["uplink-gtk-1"] = "libuplink-gtk-1.so.0"
        for target, soname in libraries.items():
            self.assertIsNotNone(installed_target(target), target)
            path = self.assertInstalled(self.libdir, soname)
            self.assertRegex(readelf_dynamic(path), rf"\(SONAME\)\s+Library soname: \[{re.escape(soname)}\]")
            self.assertInstalled(self.libdir, soname.rsplit(".", 1)[0])  # the .so for linking

    def test_headers_and_pkgconfig_build_a_program(self):
        modules = ["uplink-1"]
        if installed_target("uplink-gtk-1"):
            modules.append("uplink-gtk-1")
        self.assertInstalled(self.includedir, "uplink-1", "uplink.h")
        for module in modules:
            self.assertInstalled(self.libdir, "pkgconfig", f"{module}.pc")
        # The .pc files as they would read with the tree at its place: only
        # their prefix moves (a sysroot would move GLib's too).
        pcdir = os.path.join(self.destdir, "pkgconfig")
        os.makedirs(pcdir, exist_ok=True)
        for module in modules:
            with open(os.path.join(self.libdir, "pkgconfig", f"{module}.pc"), encoding="utf-8") as f:
                text = f.read()
            self.assertRegex(text, rf"(?m)^prefix={re.escape(OPTIONS['prefix'])}$")
            with open(os.path.join(pcdir, f"{module}.pc"), "w", encoding="utf-8") as f:
                f.write(re.sub(r"(?m)^prefix=.*$", lambda m: "prefix=" + self.root, text))
        env = self.env()
        env["PKG_CONFIG_PATH"] = pcdir
        flags = subprocess.run(["pkg-config", "--cflags", "--libs"] + modules, env=env,
                               capture_output=True, text=True)
        self.assertEqual(flags.returncode, 0, flags.stderr)
        program = os.path.join(self.destdir, "example.c")
        with open(program, "w", encoding="utf-8") as f:
            f.write("#include <uplink.h>\n")
            if "uplink-gtk-1" in modules:
                f.write("#include <uplink-gtk.h>\n")
            f.write("int main (void)\n{\n"
                    "  g_autoptr(UplinkConnection) c = uplink_connection_new (\"ws://127.0.0.1:1/ws\");\n"
                    "  return c == NULL;\n}\n")
        cc = os.environ.get("CC", "cc")
        result = subprocess.run([cc, program, "-o", program[:-2]] + flags.stdout.split(),
                                capture_output=True, text=True)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(subprocess.run([program[:-2]], env=self.env()).returncode, 0)

    def test_introspection(self):
        if not OPTIONS.get("introspection"):
            self.skipTest("built with -Dintrospection=false")
        namespaces = ["Uplink-1.0"]
        for name in TARGETS:
            if name.startswith("UplinkGtk-") and name.endswith(".gir"):
                namespaces.append(name[:-4])
        for ns in namespaces:
            self.assertInstalled(self.datadir, "gir-1.0", f"{ns}.gir")
            self.assertInstalled(self.libdir, "girepository-1.0", f"{ns}.typelib")
        result = subprocess.run(
            ["/usr/bin/python3", "-c",
             "import gi; gi.require_version('Uplink', '1.0'); from gi.repository import Uplink; "
             "print(Uplink.Connection.new('ws://127.0.0.1:1/ws').get_status())"],
            env=self.env(), capture_output=True, text=True)
        self.assertEqual(result.stdout.strip(), "disconnected", result.stderr)

    def test_desktop_files(self):
        self.assertInstalled(self.schemadir, f"{APP_ID}.gschema.xml")
        self.assertInstalled(self.schemadir, "gschemas.compiled")
        desktop = self.assertInstalled(self.datadir, "applications", f"{APP_ID}.desktop")
        self.assertInstalled(self.datadir, "metainfo", f"{APP_ID}.metainfo.xml")
        autostart = self.assertInstalled(self.datadir, "uplink", "autostart", f"{APP_ID}.desktop")
        for path in [desktop, autostart]:
            result = subprocess.run(["desktop-file-validate", path], capture_output=True, text=True)
            self.assertEqual(result.returncode, 0, result.stdout + result.stderr)

    def test_dbus_service_starts_the_installed_program(self):
        service = self.assertInstalled(self.datadir, "dbus-1", "services", f"{APP_ID}.service")
        with open(service, encoding="utf-8") as f:
            text = f.read()
        self.assertRegex(text, rf"(?m)^Name={re.escape(APP_ID)}$")
        exec_line = re.search(r"(?m)^Exec=(\S+)", text).group(1)
        self.assertEqual(exec_line, os.path.join(OPTIONS["prefix"], OPTIONS["bindir"], "uplink"))
        if installed_target("uplink"):
            self.assertInstalled(self.destdir + exec_line)

    def test_translations(self):
        with open(os.path.join(SRCDIR, "po", "LINGUAS"), encoding="utf-8") as f:
            languages = [w for line in f if not line.startswith("#") for w in line.split()]
        for lang in languages:
            self.assertInstalled(self.localedir, lang, "LC_MESSAGES", "uplink.mo")

    # --- icons ----------------------------------------------------------------

    def icon_files(self, name):
        return glob.glob(os.path.join(self.datadir, "icons", "hicolor", "*", "*", name + ".svg")) + \
            glob.glob(os.path.join(self.datadir, "icons", "hicolor", "*", "*", name + ".png"))

    def resource_icons(self):
        """Icon names the installed libraries carry in their GResources."""
        names = set()
        for library in glob.glob(os.path.join(self.libdir, "lib*.so.*")):
            if os.path.islink(library):
                continue
            listing = subprocess.run(["gresource", "list", library], capture_output=True, text=True)
            for path in listing.stdout.split():
                if "/icons/" in path:
                    names.add(os.path.basename(path).rsplit(".", 1)[0])
        return names

    def test_icons(self):
        self.assertTrue(self.icon_files(APP_ID), "the application icon")
        self.assertTrue(self.icon_files(APP_ID + "-symbolic"), "the symbolic application icon")
        for state in STATES:
            name = f"{APP_ID}-{state}-symbolic"
            files = self.icon_files(name)
            self.assertTrue(files, name)
            for path in files:
                # The same drawing as the widget library's, not a copy that drifts.
                with open(path, "rb") as a, \
                        open(os.path.join(SRCDIR, "src", "uplink-gtk", "icons",
                                          f"uplink-{state}-symbolic.svg"), "rb") as b:
                    self.assertEqual(a.read(), b.read(), path)
        for path in glob.glob(os.path.join(self.datadir, "icons", "**", "*.svg"), recursive=True):
            ET.parse(path)  # well-formed

    def test_every_icon_the_code_names_is_installed(self):
        names = icon_names_in_sources()
        self.assertTrue(names, "found no icon names in src/")
        in_resources = self.resource_icons()
        missing = []
        for name, where in sorted(names.items()):
            if self.icon_files(name):
                continue
            if name.startswith("uplink-") and name in in_resources:
                continue
            missing.append(f"{name} (named in {where})")
        self.assertEqual(missing, [])

    # --- what runs ------------------------------------------------------------

    def start_server(self):
        server = subprocess.Popen([os.path.join(self.bindir, "uplink-server"), "--port", "0"],
                                  stdout=subprocess.PIPE, text=True, env=self.env())
        self.addCleanup(stop, server)
        line = server.stdout.readline().strip()
        self.assertTrue(line.startswith("listening on ws://"), line)
        return line.removeprefix("listening on ")

    def test_monitor_connects(self):
        url = self.start_server()
        monitor = subprocess.Popen([os.path.join(self.bindir, "uplink-monitor"), "--json", url],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True, env=self.env())
        self.addCleanup(stop, monitor)
        seen = []
        deadline = time.monotonic() + TIMEOUT_S
        while time.monotonic() < deadline:
            line = monitor.stdout.readline()
            if not line:
                break
            if line.startswith("{"):
                seen.append(json.loads(line)["status"])
                if seen[-1] == "connected":
                    break
        self.assertIn("connected", seen, f"saw {seen}; stderr: {monitor.stderr.read() if monitor.poll() is not None else ''}")

    def test_app_connects(self):
        if not installed_target("uplink"):
            self.skipTest("the application is not built yet (src/app/meson.build defines no 'uplink')")
        if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            self.skipTest("no display: run under xvfb-run (build-aux/dev test does)")
        url = self.start_server()
        # A session bus of its own, so that no Uplink already running on the
        # desktop answers in its place, and settings of its own.
        config = os.path.join(self.destdir, "config")
        os.makedirs(os.path.join(config, "glib-2.0", "settings"), exist_ok=True)
        with open(os.path.join(config, "glib-2.0", "settings", "keyfile"), "w", encoding="utf-8") as f:
            f.write(f"[io/github/uplink/Uplink]\nurl='{url}'\n")
        env = self.env()
        env["GSETTINGS_BACKEND"] = "keyfile"
        env["XDG_CONFIG_HOME"] = config
        uplink = os.path.join(self.bindir, "uplink")
        # Started as the login entry starts it, then asked as a script would.
        script = (f"{sh_quote(uplink)} --gapplication-service & app=$!; "
                  f"gdbus wait --session --timeout {TIMEOUT_S} {APP_ID} && "
                  f"{sh_quote(uplink)} status --json --wait=connected --timeout={TIMEOUT_S}; rc=$?; "
                  "kill $app; wait $app; exit $rc")
        result = subprocess.run(["dbus-run-session", "--", "sh", "-c", script],
                                env=env, capture_output=True, text=True, timeout=TIMEOUT_S * 3)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        # One server, the one of the settings: an array of one.
        answer, = json.loads(result.stdout.strip().splitlines()[-1])
        self.assertEqual(answer["status"], "connected")
        self.assertEqual(answer["url"], url)


def sh_quote(text):
    return "'" + text.replace("'", "'\\''") + "'"


def stop(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    for stream in (process.stdout, process.stderr):
        if stream:
            stream.close()


# An icon name stands alone: not part of a longer name, a file name
# (".svg") or a D-Bus name ("io.github.uplink.Uplink.Monitor").
ICON_NAME = re.compile(r"(?<![\w./-])(io\.github\.uplink\.Uplink(?:-[a-z0-9-]*[a-z0-9])?|uplink-[a-z0-9-]+-symbolic)(?![\w./%-])")
# A name built from a state: "io.github.uplink.Uplink-%s-symbolic".
ICON_TEMPLATE = re.compile(r"(?<![\w./-])((?:io\.github\.uplink\.Uplink|uplink)-%s-symbolic)(?![\w.-])")
# A suffix put after the application id: APPLICATION_ID "-connected-symbolic".
ICON_SUFFIX = re.compile(r'"(-[a-z0-9-]+-symbolic)"')


def icon_names_in_sources():
    """Icon names in src/ (C, UI files, resources), each with a file naming it."""
    names = {}
    for top, dirs, files in os.walk(os.path.join(SRCDIR, "src")):
        for name in files:
            if not name.endswith((".c", ".h", ".ui", ".blp", ".xml", ".in")):
                continue
            path = os.path.join(top, name)
            with open(path, encoding="utf-8", errors="replace") as f:
                text = f.read()
            where = os.path.relpath(path, SRCDIR)
            for match in ICON_NAME.finditer(text):
                names.setdefault(match.group(1), where)
            for match in ICON_SUFFIX.finditer(text):
                names.setdefault(APP_ID + match.group(1), where)
            for match in ICON_TEMPLATE.finditer(text):
                for state in STATES:
                    names.setdefault(match.group(1).replace("%s", state), where)
    return names


if __name__ == "__main__":
    sys.exit(run_tap(unittest.defaultTestLoader.loadTestsFromTestCase(Installed)))
