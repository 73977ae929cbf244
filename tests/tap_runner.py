# SPDX-License-Identifier: LGPL-2.1-or-later
"""Runs unittest cases and reports them as TAP, for meson's test harness."""

import sys
import unittest


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


def run_tap(suite):
    print(f"1..{suite.countTestCases()}")
    result = TapResult()
    suite.run(result)
    return 0 if result.wasSuccessful() else 1
