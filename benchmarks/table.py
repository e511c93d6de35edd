"""A row of the benchmark table, how many runs to take, and the table printed as Markdown."""

from __future__ import annotations

import os
import platform
import statistics
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

DEFAULT_RUNS = 5
QUICK_RUNS = 2


@dataclass(frozen=True)
class Row:
    """One figure: its value, the baseline measured in the same run, and the verdict.

    `value` and `baseline` are in `unit`; times are in seconds ("s") and printed in ms. A value of
    None means the figure could not be measured (the note says why); `passed` is None for figures
    that are only reported.
    """

    figure: str
    value: float | None
    baseline: float | None = None
    ratio: float | None = None
    target: str = "(report)"
    passed: bool | None = None
    note: str = ""
    unit: str = "s"


def measured(
    figure: str,
    value: float | None,
    *,
    baseline: float | None = None,
    limit: float | None = None,
    max_ratio: float | None = None,
    target: str | None = None,
    note: str = "",
    unit: str = "s",
) -> Row:
    """A row whose ratio and verdict follow from the value: at most `limit` (in `unit`), or at most
    `max_ratio` times the baseline; neither: reported only."""
    ratio = value / baseline if value is not None and baseline else None
    passed: bool | None = None
    if value is None:
        passed = False if limit is not None or max_ratio is not None else None
    elif limit is not None:
        passed = value <= limit
    elif max_ratio is not None:
        passed = ratio is not None and ratio <= max_ratio
    if target is None:
        if limit is not None:
            target = f"≤ {format_value(limit, unit)}"
        elif max_ratio is not None:
            target = f"≤ {max_ratio:g}x"
        else:
            target = "(report)"
    return Row(figure, value, baseline, ratio, target, passed, note, unit)


def not_measured(figure: str, target: str, why: str) -> Row:
    """A row for a figure this run could not measure."""
    return Row(figure, None, target=target, passed=None, note=why)


def run_count(quick: bool) -> int:
    """How many runs to take the median of: 5 (SEEDVIEW_BENCH_RUNS), or 2 when quick."""
    return QUICK_RUNS if quick else int(os.environ.get("SEEDVIEW_BENCH_RUNS", DEFAULT_RUNS))


def median(values: Iterable[float]) -> float:
    """The median of the measurements."""
    return statistics.median(values)


def median_time(work: Callable[[], object], runs: int, warm: bool = False) -> float:
    """The median wall time of `runs` calls of `work`, in seconds; after one untimed call first
    when `warm` (to fill the page cache)."""
    if warm:
        work()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return median(times)


def worst(values: Sequence[float]) -> float:
    """The largest measurement."""
    return max(values)


def format_value(value: float | None, unit: str) -> str:
    """'12.3 ms', '1.84 s', '512 MB', '3,210 words/s'; '—' when not measured."""
    if value is None:
        return "—"
    if unit == "s":
        if value < 0.1:
            return f"{value * 1000:.1f} ms"
        return f"{value * 1000:.0f} ms" if value < 10 else f"{value:.1f} s"
    if unit == "MB":
        return f"{value:,.0f} MB"
    return f"{value:,.0f} {unit}".strip()


def verdict(row: Row) -> str:
    """pass, FAIL, or a dash for figures that are only reported."""
    if row.passed is None:
        return "not measured" if row.value is None and row.target != "(report)" else "—"
    return "pass" if row.passed else "FAIL"


def markdown_table(rows: Sequence[Row]) -> str:
    """The rows as a Markdown table, then their notes as a list."""
    lines = [
        "| figure | value | baseline | ratio | target | pass/fail |",
        "|---|---:|---:|---:|---|---|",
    ]
    for row in rows:
        ratio = f"{row.ratio:.2f}x" if row.ratio is not None else "—"
        baseline = format_value(row.baseline, row.unit) if row.baseline is not None else "—"
        lines.append(
            f"| {row.figure} | {format_value(row.value, row.unit)} | {baseline} | {ratio} "
            f"| {row.target} | {verdict(row)} |"
        )
    notes = [f"- {row.figure}: {row.note}" for row in rows if row.note]
    return "\n".join([*lines, "", *notes] if notes else lines)


def print_table(title: str, rows: Sequence[Row]) -> None:
    """Print a heading and the rows as Markdown (a script run on its own does this)."""
    print(f"\n### {title}\n")
    print(markdown_table(rows))


def machine_description() -> str:
    """The machine the figures come from: CPUs, Python, Qt and PySide6, the platform."""
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import qVersion

    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    model = _cpu_model()
    cpu = f"{os.cpu_count()} CPUs ({usable} usable)" + (f", {model}" if model else "")
    return (
        f"{cpu}; Python {platform.python_version()}; Qt {qVersion()}, PySide6 {pyside_version}; "
        f"{platform.system()} {platform.release()}; QT_QPA_PLATFORM=offscreen"
    )


def _cpu_model() -> str:
    """The processor's name on Linux; '' elsewhere (it is only a detail)."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            names = [line.split(":", 1)[1].strip() for line in info if line.startswith("model name")]
    except OSError:
        return ""
    return names[0] if names else ""
