"""A single-shot QTimer with its interval and slot: what the widgets use to wait for a pause
(typing, a burst of file changes) or to do work a little later (repaints, slices of text)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, SignalInstance


def single_shot_timer(
    parent: QObject, interval_ms: int, slot: Callable[[], object] | SignalInstance
) -> QTimer:
    """A stopped single-shot timer owned by `parent` that calls `slot` (or emits it, a signal)
    `interval_ms` after each `start()`; a start while it runs begins the wait again."""
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(interval_ms)
    timer.timeout.connect(slot)
    return timer
