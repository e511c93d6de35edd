"""Every persisted setting in one place: its QSettings key, its type and its default.

Reading never trusts what is stored: a value of the wrong type (an old version's, or a hand-edited
file's) gives the default.
"""

from __future__ import annotations

from typing import Generic, NamedTuple, TypeVar

from PySide6.QtCore import QByteArray, QSettings

from gui import APP_NAME, ORGANIZATION_NAME

T = TypeVar("T")


class Setting(NamedTuple, Generic[T]):
    """A QSettings key and its default, which `read` returns for missing or foreign values."""

    key: str
    default: T

    def read(self, settings: QSettings) -> T:
        """The stored value if it has the default's type, else the default."""
        value = settings.value(self.key, None)
        if value is None:
            return self.default
        try:
            return _coerce(value, self.default)
        except ValueError:  # foreign
            return self.default

    def write(self, settings: QSettings, value: T) -> None:
        """Store a value, unless it is the one stored: a change has QSettings write its file again
        and wait for the disk, which a start that remembers the same folder and place need not."""
        stored = settings.value(self.key, None)
        try:
            if stored is not None and _coerce(stored, self.default) == value:
                return
        except ValueError:  # a foreign value: replaced
            pass
        settings.setValue(self.key, value)


def _coerce(value: object, default: T) -> T:
    """The stored `value` as the default's type; ValueError if it cannot be (a foreign value)."""
    # QSettings' INI backend gives strings back for ints and bools, and a one-item list as a string.
    result: object
    try:
        if isinstance(default, bool):
            result = value if isinstance(value, bool) else str(value).lower() == "true"
        elif isinstance(default, int):
            result = int(str(value))
        elif isinstance(default, list):
            items = value if isinstance(value, list) else [value] if value else []
            result = [str(item) for item in items]
        else:
            result = value
    except (TypeError, ValueError) as error:
        raise ValueError(f"not a {type(default).__name__}: {value!r}") from error
    if not isinstance(result, type(default)):
        raise ValueError(f"not a {type(default).__name__}: {value!r}")
    return result


WINDOW_GEOMETRY = Setting("window/geometry", QByteArray())
SPLITTER_STATE = Setting("window/splitter", QByteArray())
DOCUMENT_LIST_SHOWN = Setting("window/documentListShown", True)  # on a wide window
ENTITY_PANEL_SHOWN = Setting("window/entityPanelShown", True)  # on a wide window
READING_MODE = Setting("window/readingMode", False)  # only the text
LAST_FOLDER = Setting("corpus/lastFolder", "")
RECENT_FOLDERS: Setting[list[str]] = Setting("corpus/recentFolders", [])
LAST_DOCUMENT = Setting("corpus/lastDocument", "")
# Per folder, newest first: JSON ["folder", "document id", first UTF-16 position in view].
READING_PLACES: Setting[list[str]] = Setting("corpus/readingPlaces", [])
ZOOM_STEPS = Setting("view/zoomSteps", 0)
HIDDEN_TYPES: Setting[list[str]] = Setting("view/hiddenTypes", [])
LABEL_CUE = Setting("view/labelCue", False)
THEME = Setting("view/theme", "system")  # "system", "light" or "dark"
COLOUR_BLIND = Setting("view/colourBlindSafe", False)
LIST_SORT = Setting("list/sort", "date")  # gui/core/corpus/list_order.SortBy's value
# The list's reading filter: "all", "unread", "starred" or "tag:NAME" (gui/core/desk/review_filter.py).
LIST_REVIEW = Setting("list/review", "all")
MARK_READ_AFTER_MS = Setting("reading/markReadAfterMs", 3000)  # a document shown this long is read

ZOOM_MIN_STEPS = -3
ZOOM_MAX_STEPS = 12


def open_settings() -> QSettings:
    """The user's settings file (INI, in the platform's config location)."""
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION_NAME, APP_NAME
    )
