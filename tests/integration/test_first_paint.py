"""What `seedview PATH` has made by the time it first paints the text with its highlights.

Not a timing (benchmarks/startup.py is): the things left out of the first screen, each several
milliseconds of Python classes, enums or modules, stay out, and the paint has its highlights.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.app_child import one_document_folder, run_app_child

MERKEL = "Angela Merkel visited Paris.\n"

# PySide6 first (the probe needs it); a probe on the text view's first paint that has highlights.
FIRST_PAINT = """
import json
import PySide6.QtWidgets as widgets, PySide6.QtGui as gui_classes
from PySide6.QtCore import QEvent, QObject

class Probe(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and self.window.view.spans:
            made = [name for name in ("QStyle",) if name in vars(widgets)]
            made += [name for name in ("QKeySequence", "QAction", "QIcon") if name in vars(gui_classes)]
            print(json.dumps({
                "made": made,
                "modules": [name for name in ("html", "gui.widgets.commands.actions",
                                              "gui.widgets.dialogs.crash_dialog",
                                              "gui.core.corpus.store", "gui.core.corpus.store_query",
                                              "gui.core.session.history",
                                              "gui.core.formats.jsonl.jsonl_corpus",
                                              "gui.widgets.background.export_job",
                                              "gui.widgets.text.find_bar", "gui.core.search.find_in_text",
                                              "gui.widgets.commands.jumps",
                                              "gui.widgets.commands.export_commands",
                                              "gui.widgets.commands.entity_commands",
                                              "gui.widgets.background.corpus_lister",
                                              "gui.widgets.background.annotation_worker",
                                              "gui.core.session.annotation_reporter",
                                              "gui.widgets.corrections.window_corrections",
                                              "gui.widgets.background.store_threads",
                                              "gui.core.desk.reading", "unicodedata",
                                              "gui.core.session.final_groups",
                                              "gui.core.insight.document_entities",
                                              "gui.core.entities.resolution")
                            if name in sys.modules],
                "actions": self.window.window_actions.made,
                "dialogs": [type(top).__name__ for top in QApplication.topLevelWidgets()
                            if isinstance(top, widgets.QDialog)],
                "spans": len(self.window.view.spans),
                "menus": [action.text() for action in self.window.menuBar().actions()],
            }), flush=True)
            QApplication.exit(0)
        return False

def on_window(app, window):
    # What follows the first paint must not come first on a slow machine by the fallback's timer.
    window.start_at_latest(600_000)
    probe = Probe(window)
    probe.window = window
    window.view.viewport().installEventFilter(probe)
"""


def test_the_first_paint_has_highlights_and_nothing_it_does_not_need(tmp_path: Path) -> None:
    # Entities from a brat file: highlights without the engine.
    folder = one_document_folder(tmp_path, MERKEL, "T1\tPERSON 0 13\tAngela Merkel\nT2\tGPE 22 27\tParis\n")
    done = run_app_child(FIRST_PAINT, folder, tmp_path)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["spans"] == 2
    assert seen["menus"] == ["&File", "&Edit", "&Go", "&Search", "&Review", "&Correct", "&View", "&Help"]
    # QStyle (row delegates, theme); the command table with its key sequences, actions and icons;
    # the corpus store, the jump history, JSON Lines and exports; the find bar, the jumps, the
    # entity commands, the background lister of big folders and the annotation worker (it starts
    # after the first paint), and the corrections (asked once the store opens, after it), the
    # store's threads, the reader's marks, the Unicode tables (for names that are not ASCII) and
    # the entity panel's rows by the corpus's entities (filled after the first paint), made or
    # imported when first used.
    # (The Python classes of the QWidget subclasses are made: PySide finds the type of the
    # viewports Qt made that way.)
    assert seen["made"] == []
    assert seen["dialogs"] == []
    assert seen["modules"] == []
    assert not seen["actions"]


# The event loop starts late, as on a busy machine: long after the window's own fallback (a moment
# after it was built) would have started what follows the first paint.
LATE_LOOP = """
import json, time
from PySide6.QtCore import QEvent, QObject

class Probe(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and self.window.view.spans:
            print(json.dumps({"worker": self.window.worker_started,
                              "actions": self.window.window_actions.made}), flush=True)
            QApplication.exit(0)
        return False

def on_window(app, window):
    time.sleep(0.6)
    probe = Probe(window)
    probe.window = window
    window.view.viewport().installEventFilter(probe)
"""


def test_a_shown_window_is_painted_before_its_start_however_late_its_event_loop(tmp_path: Path) -> None:
    folder = one_document_folder(tmp_path, MERKEL, "T1\tPERSON 0 13\tAngela Merkel\n")
    done = run_app_child(LATE_LOOP, folder, tmp_path)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen == {"worker": False, "actions": False}
