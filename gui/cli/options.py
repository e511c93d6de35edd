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


SMALLEST_WINDOW = (640, 400)  # the window's minimum size (MainWindow)
LARGEST_PICTURE = (7680, 4320)  # 8K: beyond it a screenshot is a mistake, and gigabytes


def window_size(value: str) -> tuple[int, int]:
    """An argparse type: WIDTHxHEIGHT in pixels, from the window's smallest size to 8K."""
    width, x, height = value.strip().lower().partition("x")
    if not (x and width.isdigit() and height.isdigit()):
        raise argparse.ArgumentTypeError(f"must be WIDTHxHEIGHT in pixels, such as 1400x900, not {value!r}")
    size = (int(width), int(height))
    low, high = SMALLEST_WINDOW, LARGEST_PICTURE
    if not all(low[i] <= size[i] <= high[i] for i in (0, 1)):
        raise argparse.ArgumentTypeError(
            f"must be from {low[0]}x{low[1]} (the window's smallest size) to {high[0]}x{high[1]}, not {value}"
        )
    return size
