"""`make bench`'s entry point: the six targets of issue 5 (benchmarks/run_all.py without the
extras, which the Makefile runs on their own). `benchmarks/run_all.py` runs everything.

Run: `.venv/bin/python benchmarks/run.py [--quick]`.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a file: find `benchmarks`

from benchmarks.run_all import main

if __name__ == "__main__":
    sys.exit(main(["--no-extras", *sys.argv[1:]]))
