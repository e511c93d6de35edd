"""Seedview: read a folder of news articles with their named entities highlighted by type."""

from gui.feature_scan import note_known_modules

APP_NAME = "Seedview"
ORGANIZATION_NAME = "Seedview"
__version__ = "0.1.0"

note_known_modules()  # if Qt for Python came first: before this package imports anything
