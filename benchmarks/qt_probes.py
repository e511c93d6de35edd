"""Qt measuring tools: the event loop's longest stall, the time until a widget has painted, and a
main window with private settings and cache and no language model."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QEventLoop, QObject, QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from gui.core.engine.engine import Engine, EngineError
from gui.widgets.window.main_window import MainWindow

WINDOW_SIZE = (1200, 760)


class TickGaps(QObject):
    """Ticks a 5 ms timer in the UI thread; the longest interval between two ticks is the longest
    time the event loop could not answer the user."""

    def __init__(self, interval_ms: int = 5) -> None:
        super().__init__()
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)
        self._last = 0.0
        self.largest = 0.0

    def start(self) -> None:
        """Start ticking, forgetting earlier gaps."""
        self._last = time.perf_counter()
        self.largest = 0.0
        self._timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.largest = max(self.largest, now - self._last)
        self._last = now

    def stop(self) -> float:
        """Stop ticking; the longest gap in seconds (a stall still going on counts too)."""
        self._tick()
        self._timer.stop()
        return self.largest


class _PaintWatch(QObject):
    """Notes the first paint of a widget after `armed` is set while `ready()` holds."""

    def __init__(self, widget: QWidget, ready: Callable[[], bool], painted: Callable[[], None]) -> None:
        super().__init__()
        self.widget = widget
        self.ready = ready
        self.painted = painted
        self.armed = False
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.armed and watched is self.widget and event.type() == QEvent.Type.Paint and self.ready():
            self.armed = False
            # The paint itself runs after this filter: note the time on the loop's next turn.
            QTimer.singleShot(0, self.painted)
        return False


def seconds_until_painted(
    widget: QWidget,
    act: Callable[[], object],
    ready: Callable[[], bool] = lambda: True,
    timeout_s: float = 60.0,
) -> float | None:
    """Run the event loop, call `act` from it, and return the seconds from that call until `widget`
    has painted while `ready()` holds (measured on the loop's next turn after the paint); None if
    that did not happen within `timeout_s`."""
    loop = QEventLoop()
    times: dict[str, float] = {}

    def painted() -> None:
        times["painted"] = time.perf_counter()
        loop.quit()

    watch = _PaintWatch(widget, ready, painted)

    def start() -> None:
        times["start"] = time.perf_counter()
        watch.armed = True
        act()

    QTimer.singleShot(0, start)
    QTimer.singleShot(round(timeout_s * 1000), loop.quit)
    loop.exec()
    widget.removeEventFilter(watch)
    if "painted" not in times:
        return None
    return times["painted"] - times["start"]


def wait_until(predicate: Callable[[], bool], timeout_s: float, poll_ms: int = 5) -> float | None:
    """Run the event loop until `predicate()` holds; the wall-clock time (time.time()) it was first
    seen to hold, or None after `timeout_s`."""
    if predicate():
        return time.time()
    loop = QEventLoop()
    seen: list[float] = []

    def poll() -> None:
        if predicate():
            seen.append(time.time())
            loop.quit()

    timer = QTimer()
    timer.setInterval(poll_ms)
    timer.timeout.connect(poll)
    timer.start()
    QTimer.singleShot(round(timeout_s * 1000), loop.quit)
    loop.exec()
    timer.stop()
    return seen[0] if seen else None


def spin(seconds: float) -> None:
    """Let the event loop run for a while (queued work settles)."""
    loop = QEventLoop()
    QTimer.singleShot(round(seconds * 1000), loop.quit)
    loop.exec()


def refuse_engine() -> Engine:
    """An engine loader that never loads spaCy: the window says entities are unavailable."""
    raise EngineError("The benchmark runs without the language model.")


def bench_window(home: Path, load_engine: Callable[[], Engine] = refuse_engine) -> MainWindow:
    """A shown, painted and active main window with its settings and cache under `home`."""
    app = QApplication.instance()
    assert isinstance(app, QApplication), "create the QApplication first"
    settings = QSettings(str(home / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings, home / "cache" / "entities.sqlite3", load_engine)
    window.remember_session = False
    window.resize(*WINDOW_SIZE)
    seconds_until_painted(window, window.show)
    window.activateWindow()  # offscreen nothing activates it, and window shortcuts need it
    wait_until(window.isActiveWindow, 5)
    return window


def application() -> QApplication:
    """The QApplication, as Seedview sets it up (style, collection in the UI thread)."""
    from gui.locations import set_application_names
    from gui.widgets.runtime.main_thread_gc import MainThreadGarbageCollector
    from gui.widgets.runtime.style import apply_style

    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    set_application_names()
    app = QApplication(["seedview-benchmark"])
    apply_style(app)
    MainThreadGarbageCollector(app)  # the annotation thread must never destroy Qt objects
    return app
