"""Saving a chart: the picture as PNG or SVG, its numbers as CSV, by the file's suffix."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QWidget

from gui.widgets.charts.chart_table import ChartTable

FORMATS = "PNG image (*.png);;SVG image (*.svg);;CSV numbers (*.csv)"
SUFFIXES = (".png", ".svg", ".csv")


class ChartSaveError(Exception):
    """A chart could not be saved: the message says which file and why, for people."""


def save_chart(picture: QWidget, table: ChartTable, path: Path, title: str) -> None:
    """Save `picture` as PNG or SVG, or `table` as CSV, by the suffix of `path`."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            table.write_csv(path)
        elif suffix == ".svg":
            _write_svg(picture, path, title)
        elif suffix == ".png":
            if not picture.grab().save(str(path), "PNG"):
                raise ChartSaveError(f"{path} could not be written: choose a folder you can write to.")
        else:
            raise ChartSaveError(f"{path.name} has no known suffix: end it in .png, .svg or .csv.")
    except OSError as error:
        raise ChartSaveError(f"{path} could not be written: {error.strerror or error}.") from error


def _write_svg(picture: QWidget, path: Path, title: str) -> None:
    # Essentials' QtSvg has QSvgGenerator: the widget paints itself into it as vectors (pyqtgraph's
    # own SVG exporter fails on Qt 6.11's SVG paths).
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    size: QSize = picture.size()
    generator.setSize(size)
    generator.setViewBox(QRect(0, 0, size.width(), size.height()))
    generator.setTitle(title)
    painter = QPainter()
    if not painter.begin(generator):
        raise ChartSaveError(f"{path} could not be written: choose a folder you can write to.")
    try:
        # QWidget's render, with its children: a QGraphicsView's own render() draws only its scene.
        QWidget.render(picture, painter, QPoint(0, 0))
    finally:
        painter.end()
