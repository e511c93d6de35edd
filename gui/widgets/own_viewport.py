"""Scroll areas whose viewport Python made, so that asking for it costs nothing.

A scroll area's `viewport()` is a widget Qt made. The first time such a widget reaches Python,
PySide finds its type by creating the Python class (and enums) of every QWidget subclass, about
11 ms of the window's start-up. A viewport made in Python is known from the start, so the window
gives its scroll areas one, set up as Qt sets up its own.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

QT_VIEWPORT_NAME = "qt_scrollarea_viewport"  # what Qt names its own (style sheets may use it)


def give_own_viewport(area: QAbstractScrollArea) -> QWidget:
    """Replace the area's viewport with one made here, as QAbstractScrollArea makes its own (an
    item view's is the same); return it. Call it first thing, before the area is used."""
    viewport = QWidget(area)
    viewport.setObjectName(QT_VIEWPORT_NAME)
    viewport.setBackgroundRole(QPalette.ColorRole.Base)
    viewport.setForegroundRole(QPalette.ColorRole.Text)
    viewport.setAutoFillBackground(True)
    viewport.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
    area.setViewport(viewport)
    return viewport
