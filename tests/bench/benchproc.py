# SPDX-License-Identifier: LGPL-2.1-or-later
"""What the Python benchmarks in this folder read the same way: a process's
wake-ups from /proc, and whether X shows a window."""

import subprocess
from pathlib import Path


def read_switches(pid):
    """Voluntary context switches per thread: each is a wake-up."""
    counts = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            for line in (task / "status").read_text().splitlines():
                if line.startswith("voluntary_ctxt_switches:"):
                    counts[task.name] = int(line.split()[1])
        except FileNotFoundError:
            pass  # the thread ended in between
    return counts


def window_viewable(title):
    """Whether a window named @title is viewable; X tells other clients
    nothing when a window appears, so it is polled. GDK's 1×1 leader
    window also bears the name."""
    tree = subprocess.run(["xwininfo", "-root", "-tree"], capture_output=True, text=True).stdout
    for line in tree.splitlines():
        fields = line.split()
        if f'"{title}":' in line and not any(f.startswith("1x1+") for f in fields):
            info = subprocess.run(["xwininfo", "-id", fields[0]], capture_output=True, text=True)
            return "IsViewable" in info.stdout
    return False
