#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""flatpak/io.github.uplink.Uplink.json: flatpak-builder reads it, it asks
for exactly the permissions Uplink needs, and every file it names exists."""

import json
import os
import re
import shutil
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from datatest import run_tap  # noqa: E402

SRCDIR = os.environ["UPLINK_SOURCE_ROOT"]
MANIFEST = os.path.join(SRCDIR, "flatpak", "io.github.uplink.Uplink.json")

FINISH_ARGS = [
    "--share=network",
    "--share=ipc",
    "--socket=wayland",
    "--socket=fallback-x11",
    "--device=dri",
    "--talk-name=org.kde.StatusNotifierWatcher",
    # Resume from suspend comes from logind's PrepareForSleep.
    "--system-talk-name=org.freedesktop.login1",
]
OLDEST_GNOME = 47
# What the GNOME runtime carries; every other dependency() of meson.build
# must be a module of the manifest, named as pkg-config names it.
RUNTIME_PROVIDES = {
    "glib-2.0", "gobject-2.0", "gio-2.0", "gio-unix-2.0", "libsoup-3.0", "json-glib-1.0",
    "gtk4", "libadwaita-1", "libnotify", "libsecret-1",
}


def modules(manifest, base_dir):
    """Every module, nested ones too, with the folder its paths start from."""
    for module in manifest.get("modules", []):
        if isinstance(module, str):
            path = os.path.join(base_dir, module)
            yield path, None, base_dir
            if os.path.isfile(path):
                with open(path, encoding="utf-8") as f:
                    included = json.load(f)
                yield from modules({"modules": [included]}, os.path.dirname(path))
        else:
            yield None, module, base_dir
            yield from modules(module, base_dir)


def meson_options():
    with open(os.path.join(SRCDIR, "meson_options.txt"), encoding="utf-8") as f:
        return set(re.findall(r"option\(\s*'([^']+)'", f.read()))


class Flatpak(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(MANIFEST, encoding="utf-8") as f:
            cls.manifest = json.load(f)

    def test_flatpak_builder_reads_it(self):
        builder = shutil.which("flatpak-builder")
        self.assertIsNotNone(builder, "flatpak-builder is not installed (build-aux/dev installs it)")
        result = subprocess.run([builder, "--show-manifest", MANIFEST],
                                capture_output=True, text=True, cwd=SRCDIR)
        self.assertEqual(result.returncode, 0, result.stderr)
        shown = json.loads(result.stdout)
        self.assertEqual(shown["id"], "io.github.uplink.Uplink")
        self.assertEqual(shown["finish-args"], self.manifest["finish-args"])

    def test_runtime(self):
        self.assertEqual(self.manifest["id"], "io.github.uplink.Uplink")
        self.assertEqual(self.manifest["runtime"], "org.gnome.Platform")
        self.assertEqual(self.manifest["sdk"], "org.gnome.Sdk")
        self.assertRegex(self.manifest["runtime-version"], r"^\d+$")
        self.assertGreaterEqual(int(self.manifest["runtime-version"]), OLDEST_GNOME)
        self.assertEqual(self.manifest["command"], "uplink")

    def test_finish_args_are_exactly_those(self):
        args = self.manifest["finish-args"]
        self.assertEqual(len(args), len(set(args)), "a permission is asked twice")
        self.assertEqual(sorted(args), sorted(FINISH_ARGS))

    def test_every_path_exists(self):
        base_dir = os.path.dirname(MANIFEST)
        for path, module, directory in modules(self.manifest, base_dir):
            if path is not None:
                self.assertTrue(os.path.isfile(path), f"module file {path}")
                continue
            for source in module.get("sources", []):
                if isinstance(source, str):
                    source = {"path": source}
                paths = [source["path"]] if "path" in source else []
                paths += source.get("paths", [])
                for p in paths:
                    self.assertTrue(os.path.exists(os.path.join(directory, p)),
                                    f"{module['name']}: {p} does not exist")

    def test_downloads_are_pinned(self):
        for path, module, directory in modules(self.manifest, os.path.dirname(MANIFEST)):
            for source in (module or {}).get("sources", []):
                if isinstance(source, dict) and "url" in source and source.get("type") != "git":
                    self.assertRegex(source.get("sha256", ""), r"^[0-9a-f]{64}$",
                                     f"{module['name']}: {source['url']} has no sha256")
                if isinstance(source, dict) and source.get("type") == "git":
                    self.assertIn("commit", source, f"{module['name']}: git source not pinned")

    def test_every_dependency_is_provided(self):
        with open(os.path.join(SRCDIR, "meson.build"), encoding="utf-8") as f:
            required = set(re.findall(r"dependency\(\s*'([^']+)'", f.read()))
        names = {module["name"] for _, module, _ in modules(self.manifest, os.path.dirname(MANIFEST))
                 if module is not None}
        for dependency in sorted(required - RUNTIME_PROVIDES):
            self.assertIn(dependency, names, f"{dependency}: neither in the runtime nor a module")

    def test_the_project_is_the_local_tree(self):
        project = self.manifest["modules"][-1]
        self.assertEqual(project["name"], "uplink")
        self.assertEqual(project["buildsystem"], "meson")
        dirs = [s for s in project["sources"] if s.get("type") == "dir"]
        self.assertEqual(len(dirs), 1)
        here = os.path.realpath(os.path.join(os.path.dirname(MANIFEST), dirs[0]["path"]))
        self.assertEqual(here, os.path.realpath(SRCDIR))
        known = meson_options()
        for opt in project.get("config-opts", []):
            name = re.match(r"-D([^=]+)=", opt)
            self.assertIsNotNone(name, opt)
            self.assertIn(name.group(1), known, f"{opt}: no such option in meson_options.txt")


if __name__ == "__main__":
    sys.exit(run_tap(unittest.defaultTestLoader.loadTestsFromTestCase(Flatpak)))
