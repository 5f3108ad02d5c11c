"""What every e2e driver shares: a mig-guard run that a sanitizer report fails, and skips that CI
does not accept.

Standard library only; imported by test_gate.py, test_discovery.py, test_verify.py, test_apply.py
and run by run_unittest.py.
"""

import os

# The first line of each sanitizer's report. ci/dev sanitize gives them exit codes of their own
# (86, 87), but a report is also caught here, whatever the exit code the caller's options give.
SANITIZER_REPORTS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:")


def sanitizer_report(stderr):
    """The first sanitizer report line in `stderr`, or None."""
    for line in (stderr or "").splitlines():
        if any(marker in line for marker in SANITIZER_REPORTS):
            return line
    return None


def check_sanitizers(test, proc, args=()):
    """Fails `test` when the mig-guard run `proc` (a CompletedProcess or a finished Popen's
    stderr text) printed a sanitizer report; returns `proc`."""
    stderr = proc if isinstance(proc, str) else proc.stderr
    if isinstance(stderr, bytes):
        stderr = stderr.decode("utf-8", "replace")
    line = sanitizer_report(stderr)
    if line is not None:
        test.fail(f"mig-guard {' '.join(map(str, args))}: sanitizer report: {line}\n{stderr}")
    return proc


def in_ci():
    return os.environ.get("CI") == "true"


def skip_missing_dependency(test, reason):
    """Skips `test` for a missing tool or library that `ci/dev deps` installs. In CI (CI=true) the
    dependency was installed, so its absence is a failure, not a skip."""
    if in_ci():
        test.fail(f"{reason}; CI installs it with ci/dev deps, so this test must run there")
    test.skipTest(f"SKIPPED: {reason}")
