# SPDX-License-Identifier: LGPL-2.1-or-later
"""What the data tests share: TAP output like tests/uplink_test.py's, with skips."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import uplink_test  # noqa: E402


class TapResult(uplink_test.TapResult):
    def addSkip(self, test, reason):
        super(uplink_test.TapResult, self).addSkip(test, reason)
        self.number += 1
        print(f"ok {self.number} - {test.id()} # SKIP {reason}")
        sys.stdout.flush()


def run_tap(suite):
    print(f"1..{suite.countTestCases()}")
    result = TapResult()
    suite.run(result)
    return 0 if result.wasSuccessful() else 1
