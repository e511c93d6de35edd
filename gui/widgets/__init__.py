"""The Qt layer: widgets and item models that adapt the core for the window."""

import PySide6.QtCore  # noqa: F401  (first, for the line below)

from gui.feature_scan import note_known_modules

note_known_modules()  # before the widget modules import anything: see gui.feature_scan
