"""The long property-based run: every class of hostile input, 10,000 examples or more.

    python bench/hostile.py [--examples 10000]

It runs ``pytest -m long tests/test_hostile.py``: the test the normal run deselects, with its
examples raised. Each example writes one hostile routine file and puts it through validate,
show, show --json, list and (when valid) a whole plain session; any traceback, hang, exit
other than 0 or 2 (or 2 without the file named) or raw control character fails it. At about
20 examples a second, 10,000 take some nine minutes. ``bench/hostile_pass.py`` is the wider
pass with counts (mutated files, paths, caches, the history, locales, signals).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=10_000)
    args = parser.parse_args()
    env = {**os.environ, "HOSTILE_LONG_EXAMPLES": str(args.examples)}
    command = [sys.executable, "-m", "pytest", "-m", "long", "-q", "-p", "no:cacheprovider"]
    command += ["--hypothesis-show-statistics", "tests/test_hostile.py"]
    return subprocess.run(command, cwd=ROOT, env=env, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
