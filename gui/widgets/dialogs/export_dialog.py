"""The export dialog: a format and a destination, checked before anything is written."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.core.formats.exporting import FORMAT_NAMES, FORMATS, ExportError, check_destination, writes_folder


def default_folder(folder: Path | None = None) -> Path:
    """The folder an export is offered in: `folder` (the last export's) while it exists, else
    the Documents folder if there is one, else the home folder. Never one that does not exist:
    accepting what is offered would create it."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    for candidate in (folder, Path(documents) if documents else None):
        if candidate is not None and candidate.is_dir():
            return candidate
    return Path.home()


def default_destination(fmt: str, name: str, folder: Path | None = None) -> Path:
    """Where an export goes unless the user says otherwise: in `default_folder(folder)`."""
    stem = Path(name).stem or "seedview"
    return default_folder(folder) / (f"{stem}-{fmt}" if writes_folder(fmt) else f"{stem}.jsonl")


class ExportDialog(QDialog):
    """Asks how and where to export `what` (a document or a folder) read from `source`."""

    def __init__(self, what: str, name: str, source: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Export {what}")
        self._name = name
        self._source = source
        self._folder: Path | None = None  # where to suggest saving (see default_folder)
        self.format_box = QComboBox(self)
        for fmt in FORMATS:
            self.format_box.addItem(FORMAT_NAMES[fmt], fmt)
        self.format_box.setAccessibleName("Export format")
        self.path_edit = QLineEdit(self)
        self.path_edit.setAccessibleName("Destination")
        self.path_edit.setMinimumWidth(420)
        browse = QPushButton("&Browse…", self)
        browse.clicked.connect(self._browse)
        self.error_label = QLabel(self)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)  # it quotes paths
        self.error_label.setWordWrap(True)
        self.error_label.setObjectName("exportError")
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        form = QFormLayout()
        format_label = QLabel("&Format:", self)
        format_label.setBuddy(self.format_box)
        path_label = QLabel("&Save to:", self)
        path_label.setBuddy(self.path_edit)
        form.addRow(format_label, self.format_box)
        form.addRow(path_label, row)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Export")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self._suggested = ""
        self.format_box.currentIndexChanged.connect(self._format_changed)
        self._format_changed()
        self.format_box.setFocus()

    def suggest(self, fmt: str, folder: Path) -> None:
        """Start from a format and a folder (the last export's), with this export's own name."""
        self._folder = folder
        self.format_box.setCurrentIndex(max(self.format_box.findData(fmt), 0))
        self._suggested = ""
        self.path_edit.clear()
        self._format_changed()

    @property
    def fmt(self) -> str:
        """The chosen format: 'jsonl', 'brat' or 'html'."""
        return str(self.format_box.currentData())

    @property
    def destination(self) -> Path:
        """The chosen file (JSON Lines) or folder (brat, HTML)."""
        return Path(self.path_edit.text().strip()).expanduser()

    def _format_changed(self) -> None:
        # Follow the format with the suggested destination, unless the user typed their own.
        if self.path_edit.text() in ("", self._suggested):
            self._suggested = str(default_destination(self.fmt, self._name, self._folder))
            self.path_edit.setText(self._suggested)
        self.hint.setText(
            {
                "jsonl": "One JSON object per document, with its entities (code-point offsets).",
                "brat": "A .txt and an .ann file per document, and brat's configuration files.",
                "html": "One self-contained page per document; a folder also gets an index page.",
            }[self.fmt]
        )
        self.error_label.clear()

    def _browse(self) -> None:
        if writes_folder(self.fmt):
            chosen = QFileDialog.getExistingDirectory(
                self, "Export into Folder", str(self.destination.parent)
            )
        else:
            chosen, _ = QFileDialog.getSaveFileName(
                self, "Export to File", str(self.destination), "JSON Lines (*.jsonl)"
            )
        if chosen:
            self.path_edit.setText(chosen)

    def accept(self) -> None:
        """Qt override: close only for a destination that is allowed; else say why."""
        if not self.path_edit.text().strip():
            self.error_label.setText("Choose where to save the export.")
            return
        try:
            check_destination(self.fmt, self.destination, self._source)
        except ExportError as error:
            self.error_label.setText(str(error))
            self.path_edit.setFocus()
            return
        super().accept()
