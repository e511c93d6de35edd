"""One handler for unexpected exceptions: logged to a file, shown in a dialog, the app goes on.

PySide6 hands an exception raised in a slot to `sys.excepthook` and returns to the event loop, so
the window stays usable; this hook makes sure the user learns of it (with the details to copy for
a report) and that it is written to the log in the platform's cache folder. Exceptions in worker
threads come through `threading.excepthook` and are shown from the UI thread.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication

from gui import APP_NAME, __version__

if TYPE_CHECKING:
    from gui.widgets.dialogs.crash_dialog import CrashDialog

log = logging.getLogger("gui.crash")

LOG_FILE_NAME = "seedview.log"
LOG_MAX_BYTES = 1_000_000


class _RotatingLog(logging.Handler):
    """A rotating log file that is opened by its first record: most runs log nothing, and
    `logging.handlers` (which imports socket, pickle and queue) would slow every start."""

    def __init__(self, path: Path) -> None:
        super().__init__(logging.WARNING)
        self._path = path
        self._file: logging.Handler | None = None

    def emit(self, record: logging.LogRecord) -> None:
        """logging override: open the file if need be, then write the record to it."""
        if self._file is None:
            import logging.handlers

            try:
                self._file = logging.handlers.RotatingFileHandler(
                    self._path, maxBytes=LOG_MAX_BYTES, backupCount=2, encoding="utf-8"
                )
            except OSError:
                self.handleError(record)
                return
            self._file.setFormatter(self.formatter)
        self._file.emit(record)

    def close(self) -> None:
        """logging override: close the file too."""
        if self._file is not None:
            self._file.close()
        super().close()


def log_to_file(folder: Path) -> Path | None:
    """Send the app's warnings and errors to a rotating log file in `folder`; its path, or None
    when the folder cannot be written (the app runs on without a log file)."""
    path = folder / LOG_FILE_NAME
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    if not os.access(folder, os.W_OK):
        return None
    handler = _RotatingLog(path)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.getLogger("gui").addHandler(handler)
    return path


class CrashHandler(QObject):
    """Installed as sys.excepthook and threading.excepthook while the app runs."""

    _fromThread = Signal(str, str)  # summary, details: carried to the UI thread

    def __init__(self, log_path: Path | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.log_path = log_path
        self.dialog: CrashDialog | None = None
        self._showing = False
        self._fromThread.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def install(self) -> None:
        """Take over the exception hooks."""
        sys.excepthook = self.handle
        threading.excepthook = self._handle_thread

    @staticmethod
    def load_dialog() -> None:
        """Import the dialog's module, once the window has started: an error that comes later,
        from running out of memory or open files say, then needs no import to be shown."""
        import gui.widgets.dialogs.crash_dialog  # noqa: F401

    def handle(self, kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        """An exception escaped a slot or the main code: log it and show the dialog."""
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, trace)
            return
        details = self._details(kind, error, trace, threading.current_thread().name)
        log.error("Unexpected error\n%s", details)
        self._fromThread.emit(self._summary(kind, error), details)

    def _handle_thread(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:
            return
        self.handle(args.exc_type, args.exc_value, args.exc_traceback)

    @staticmethod
    def _summary(kind: type[BaseException], error: BaseException) -> str:
        return f"An unexpected error occurred: {kind.__name__}: {error}"

    @staticmethod
    def _details(
        kind: type[BaseException], error: BaseException, trace: TracebackType | None, thread: str
    ) -> str:
        lines = traceback.format_exception(kind, error, trace)
        header = f"{APP_NAME} {__version__}, Python {sys.version.split()[0]}, thread {thread}\n"
        return header + "".join(lines)

    def _show(self, summary: str, details: str) -> None:
        if self._showing:
            return  # one dialog at a time; the log has every error
        self._showing = True
        try:
            from gui.widgets.dialogs.crash_dialog import CrashDialog  # imported by load_dialog, if it ran

            dialog = CrashDialog(summary, details, self.log_path, QApplication.activeWindow())
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.finished.connect(self._closed)
            self.dialog = dialog
            dialog.open()
        except Exception:  # the dialog itself failed: the log has the error, go on
            log.exception("Cannot show the error dialog")
            self._showing = False

    def _closed(self) -> None:
        self._showing = False
        self.dialog = None
