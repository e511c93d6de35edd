"""Settings: a value read back as stored, and a write of the value stored left undone."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from gui.widgets.runtime.settings import RECENT_FOLDERS, ZOOM_STEPS


def test_writing_the_stored_value_changes_nothing_and_a_new_one_is_written(tmp_path: Path) -> None:
    path = tmp_path / "settings.ini"
    settings = QSettings(str(path), QSettings.Format.IniFormat)
    RECENT_FOLDERS.write(settings, ["/a", "/b"])
    ZOOM_STEPS.write(settings, 2)
    settings.sync()
    # QSettings writes a new file and renames it over the old one, which still exists meanwhile:
    # a write gives the file another inode (its time may stay the same on a coarse clock).
    written = path.stat().st_ino, path.stat().st_mtime_ns
    again = QSettings(str(path), QSettings.Format.IniFormat)
    # The same values: nothing to write, so the file is not written again (each write waits for
    # the disk), and what is read is unchanged.
    RECENT_FOLDERS.write(again, ["/a", "/b"])
    ZOOM_STEPS.write(again, 2)
    again.sync()
    assert (path.stat().st_ino, path.stat().st_mtime_ns) == written
    assert RECENT_FOLDERS.read(again) == ["/a", "/b"] and ZOOM_STEPS.read(again) == 2
    # A new value is written.
    RECENT_FOLDERS.write(again, ["/b", "/a"])
    again.sync()
    assert path.stat().st_ino != written[0]
    assert RECENT_FOLDERS.read(QSettings(str(path), QSettings.Format.IniFormat)) == ["/b", "/a"]


def test_a_foreign_value_is_replaced_by_a_write_of_the_default(tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue(ZOOM_STEPS.key, "not a number")
    ZOOM_STEPS.write(settings, ZOOM_STEPS.default)
    assert settings.value(ZOOM_STEPS.key) in (ZOOM_STEPS.default, str(ZOOM_STEPS.default))
