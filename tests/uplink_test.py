# SPDX-License-Identifier: LGPL-2.1-or-later
"""What the Python tests share: the server, waiting on events, TAP output."""

import os
import subprocess
import sys
import time
import unittest

TIMEOUT_S = 10


def start_server():
    """Starts uplink-server on a free port; returns the process and its URL."""
    server = subprocess.Popen(
        [os.environ["UPLINK_SERVER"], "--port", "0"],
        stdout=subprocess.PIPE, text=True)
    line = server.stdout.readline().strip()
    return server, line.removeprefix("listening on ")


def run_until(predicate, timeout_s=TIMEOUT_S):
    """Runs the default main context until predicate() holds or time is up."""
    from gi.repository import GLib
    context = GLib.MainContext.default()
    deadline = time.monotonic() + timeout_s
    while not predicate() and time.monotonic() < deadline:
        context.iteration(False)
        if not predicate():
            time.sleep(0.001)
    return predicate()


class TapResult(unittest.TestResult):
    def __init__(self):
        super().__init__()
        self.number = 0

    def _report(self, test, ok, detail=""):
        self.number += 1
        print(f"{'ok' if ok else 'not ok'} {self.number} - {test.id()}")
        for line in detail.splitlines():
            print(f"# {line}")
        sys.stdout.flush()

    def addSuccess(self, test):
        super().addSuccess(test)
        self._report(test, True)

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._report(test, False, self._exc_info_to_string(err, test))

    def addError(self, test, err):
        super().addError(test, err)
        self._report(test, False, self._exc_info_to_string(err, test))

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self.number += 1
        print(f"ok {self.number} - {test.id()} # SKIP {reason}")
        sys.stdout.flush()


def run_tap(suite):
    print(f"1..{suite.countTestCases()}")
    result = TapResult()
    suite.run(result)
    return 0 if result.wasSuccessful() else 1
