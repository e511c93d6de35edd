"""Seedview: read a folder of news articles with their named entities highlighted by type."""

APP_NAME = "Seedview"
ORGANIZATION_NAME = "Seedview"
__version__ = "0.1.0"
