#!/usr/bin/env python3
"""Runs unittest names (`run_unittest.py test_gate.CheckTest ...`) for ctest, so that ctest tells
a skip from a pass: exit 0 when every test ran and passed, 77 (ctest's SKIP_RETURN_CODE for the
Python drivers) when none failed and some were skipped, 1 when any failed or errored.
"""

import os
import sys
import unittest

SKIP_RETURN_CODE = 77


def main(names):
    if not names:
        print("usage: run_unittest.py MODULE.CLASS ...", file=sys.stderr)
        return 2
    # As `python -m unittest`: modules are found in the working directory.
    sys.path.insert(0, os.getcwd())
    suite = unittest.defaultTestLoader.loadTestsFromNames(names)
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    if not result.wasSuccessful():
        return 1
    if result.testsRun == 0:
        print("run_unittest.py: no tests ran", file=sys.stderr)
        return 1
    if result.skipped:
        print(f"{len(result.skipped)} of {result.testsRun} tests skipped:")
        for test, reason in result.skipped:
            print(f"  {test.id()}: {reason}")
        return SKIP_RETURN_CODE
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
