"""What users expect of any desktop program: Help ▸ About, the document's folder in the file
manager, the text copied as plain text, and printing or saving the document as PDF with its
highlights (Qt's print support is imported only when one of these runs)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QDialog

from gui.core.model.display_text import isolate
from gui.widgets.window_part import WindowPart

if TYPE_CHECKING:
    from PySide6.QtGui import QTextDocument
    from PySide6.QtPrintSupport import QPrinter

    from gui.widgets.commands.command_context import CommandContext


def show_about(window: CommandContext) -> None:
    """Show Seedview's version, its model and the licences of what it is made of."""
    from gui.widgets.dialogs.about_dialog import AboutDialog

    dialog = AboutDialog(window.main_window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()


def show_folder(window: CommandContext) -> None:
    """Open the folder of the document shown (or of the corpus) in the system's file manager."""
    window.desktop.show_folder()


def copy_as_text(window: CommandContext) -> None:
    """Copy the selection, or the whole document if nothing is selected, as plain text."""
    cursor = window.view.textCursor()
    if cursor.hasSelection():
        text, what = cursor.selection().toPlainText(), "the selection"
    else:
        text, what = window.view.shown_body, "the whole document"
    if not text:
        window.say("No text to copy", 3000)
        return
    clipboard = QApplication.clipboard()
    clipboard.setText(text)
    window.say(f"Copied {what} as plain text ({len(text):,} characters)", 3000)


def print_document(window: CommandContext) -> None:
    """Print the document shown, with its highlights, through the system's print dialog."""
    window.desktop.print_document()


def export_pdf(window: CommandContext) -> None:
    """Ask for a file name and save the document shown as PDF, with its highlights."""
    window.desktop.ask_pdf_path()


class Desktop(WindowPart["CommandContext"]):
    """One window's dealings with the desktop: the file manager, the printer and PDF files."""

    def __init__(self, window: CommandContext) -> None:
        super().__init__(window)
        # How a folder is opened in the file manager; tests put a recorder in its place.
        self.open_url: Callable[[QUrl], bool] = QDesktopServices.openUrl
        self.pdf_folder: Path | None = None  # where the last PDF went

    def show_folder(self) -> None:
        """Open the shown document's folder (a JSON Lines file's, for a record), else the
        corpus's, in the file manager."""
        window = self._window
        current, corpus = window.session.current, window.session.corpus
        folder = current.path.parent if current is not None else corpus.root if corpus else None
        if folder is None:
            window.say("No folder is open", 3000)
            return
        if self.open_url(QUrl.fromLocalFile(str(folder))):
            window.say(f"Opened {isolate(str(folder))} in the file manager", 4000)
        else:
            window.say(f"The desktop has no file manager to show {isolate(str(folder))}", 8000)

    def printable(self) -> QTextDocument | None:
        """The document shown as it prints: title, date and file, then the highlighted text."""
        from gui.widgets.text.printable_document import printable_document

        window = self._window
        current = window.session.current
        if current is None:
            return None
        when = current.date.strftime("%A %d %B %Y") if current.date else ""
        meta = " · ".join(part for part in (when, current.path.name) if part)
        view = window.view
        return printable_document(
            view.shown_body, view.spans, window.entity_palette, heading=(current.title, meta),
            hidden=frozenset(window.legend_model.hidden_types), label_cue=view.label_cue,
            family=view.font().family(),
        )

    def print_document(self) -> None:
        """Ask the print dialog for a printer, then print the document shown."""
        window = self._window
        document = self.printable()
        if document is None:
            window.say("No document to print", 3000)
            return
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if window.session.current is not None:  # the print job's name
            printer.setDocName(window.session.current.path.stem)
        dialog = QPrintDialog(printer, window.main_window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def accepted() -> None:
            # The dialog's "Print to File" too must leave the folder being read alone.
            if printer.outputFileName() and not self.may_write(Path(printer.outputFileName())):
                return
            document.print_(printer)
            window.say(f"Printed on {isolate(printer.printerName() or 'the printer')}", 5000)

        dialog.accepted.connect(accepted)
        # Window-modal, not waited for (Qt for Python hides this behind open(receiver, slot)).
        QDialog.open(dialog)

    def ask_pdf_path(self) -> None:
        """Ask where to save the document shown as PDF (a folder that exists is offered), then
        save it there."""
        from PySide6.QtWidgets import QFileDialog

        from gui.widgets.dialogs.export_dialog import default_folder

        window = self._window
        current = window.session.current
        if current is None:
            window.say("No document to save as PDF", 3000)
            return
        suggested = default_folder(self.pdf_folder) / f"{current.path.stem}.pdf"
        dialog = QFileDialog(window.main_window, "Export as PDF", str(suggested), "PDF files (*.pdf)")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("pdf")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda name: self.save_pdf(Path(name)))
        dialog.open()

    def save_pdf(self, path: Path) -> bool:
        """Save the document shown as PDF at `path` (never in the folder being read); whether
        it was saved. The file appears only once whole."""
        window = self._window
        document = self.printable()
        if document is None:
            window.say("No document to save as PDF", 3000)
            return False
        if not self.may_write(path):
            return False
        partial = path.with_name(f".{path.name}.partial")
        printer = pdf_printer(partial)
        document.print_(printer)  # the file is complete when it returns
        if not partial.is_file() or partial.stat().st_size == 0:
            partial.unlink(missing_ok=True)
            window.say(f"Could not write {isolate(str(path))}: is its folder writable?", 10_000)
            return False
        os.replace(partial, path)
        self.pdf_folder = path.parent
        window.say(f"Saved {isolate(str(path))}", 5000)
        return True


    def may_write(self, path: Path) -> bool:
        """Whether a file may be written at `path`: as an export of one file, outside the folder
        being read and not over a folder (else the status line says why)."""
        corpus = self._window.session.corpus
        target = path.expanduser().resolve()
        read = corpus.source.expanduser().resolve() if corpus else None
        if target.is_dir():
            why = f"{path} is a folder; choose a file name."
        elif read is not None and (target == read or (read.is_dir() and target.is_relative_to(read))):
            why = f"{path} is in {read}, which is being read; choose a file outside it."
        else:
            return True
        self._window.say(isolate(why), 10_000)
        return False


def pdf_printer(path: Path) -> QPrinter:
    """A printer that writes a PDF file at `path`, at print resolution."""
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer
