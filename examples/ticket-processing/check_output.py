#!/usr/bin/env python3
"""Runs a program and compares its standard output with an expected file (a golden test).

usage: check_output.py EXPECTED PROGRAM ARGS...   (EVENTC_UPDATE_GOLDEN=1 rewrites EXPECTED)
"""
import difflib
import os
import subprocess
import sys


def main():
    expected_path, cmd = sys.argv[1], sys.argv[2:]
    run = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if run.returncode != 0:
        sys.stderr.write(run.stderr)
        print("exit status %d" % run.returncode)
        return 1
    if os.environ.get("EVENTC_UPDATE_GOLDEN") == "1":
        with open(expected_path, "w", encoding="utf-8") as f:
            f.write(run.stdout)
        return 0
    with open(expected_path, encoding="utf-8") as f:
        want = f.read()
    if want == run.stdout:
        return 0
    sys.stdout.writelines(difflib.unified_diff(want.splitlines(True), run.stdout.splitlines(True),
                                               "expected", "actual"))
    return 1


if __name__ == "__main__":
    sys.exit(main())
