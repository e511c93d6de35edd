"""Guards against a Qt binding that corrupts Python's reference counts (PySide6 6.12.0 on 3.11).

PySide6 6.12.0 releases None once too often on every call of a void method on Python 3.11, and
the app then dies with "deallocating None" after a few thousand calls. pyproject.toml excludes it.
"""

from __future__ import annotations

import sys

import pytest
from PySide6.QtWidgets import QApplication, QWidget


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12 on")
def test_void_qt_calls_keep_none_alive(qapp: QApplication) -> None:
    widget = QWidget()
    before = sys.getrefcount(None)
    for _ in range(2000):
        widget.setVisible(False)
        qapp.processEvents()
    assert sys.getrefcount(None) - before > -100
