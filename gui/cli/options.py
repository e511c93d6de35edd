"""What every `seedview` command shares on the command line: its exit codes, the number of CPUs it
may use, and whole-number options. Light on purpose: the window's start imports it too."""

from __future__ import annotations

import argparse
import os

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130  # the shell's code for a command stopped by Ctrl+C


def cpu_count() -> int:
    """The CPUs this process may use (fewer than the machine has under a CPU affinity mask)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def positive_int(value: str) -> int:
    """An argparse type: a whole number of at least 1."""
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {number}")
    return number
