"""The legend of a brat folder's own types: in annotation.conf's order, each in a colour of its own,
also for types visual.conf does not colour."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gui.core.colours.palette import colour_difference
from gui.widgets.panels.legend import LabelRole
from gui.widgets.window.main_window import MainWindow

TEXT = "Salmonella binds IL-2 and activates the process of invasion in Escherichia coli.\n"
# Out of annotation.conf's order on purpose: the legend takes the configuration's.
ANN = (
    "T1\tProcess 40 47\tprocess\n"
    "T2\tOrganism 0 10\tSalmonella\n"
    "T3\tBinding 11 16\tbinds\n"
    "T4\tProtein 17 21\tIL-2\n"
    "T5\tPositive_regulation 26 35\tactivates\n"
    "T6\tOrganism 62 78\tEscherichia coli\n"
)
# brat's BioNLP-ST 2011 ID task: no visual.conf, more types than spare colours, separators.
ID_TASK_CONF = """[entities]
Protein
Entity
Chemical
Organism
Two-component-system
Regulon-operon
[relations]
Equiv\tArg1:Protein, Arg2:Protein, <REL-TYPE>:symmetric-transitive
[events]
<CORE-ENTITY>=Protein|Chemical|Organism|Two-component-system|Regulon-operon
Gene_expression\tTheme:Protein|Regulon-operon
Transcription\tTheme:Protein|Regulon-operon
Protein_catabolism\tTheme:Protein
Localization\tTheme:<CORE-ENTITY>, ToLoc?:Entity, AtLoc?:Entity
Binding\tTheme+:<CORE-ENTITY>, Site*:Entity
----------------------------------------
Phosphorylation\tTheme:Protein, Site?:Entity
----------------------------------------
Process\tParticipant?:Organism
----------------------------------------
Regulation\tTheme:<CORE-ENTITY>|<EVENT>, Cause?:<CORE-ENTITY>|<EVENT>
Positive_regulation\tTheme:<CORE-ENTITY>|<EVENT>, Cause?:<CORE-ENTITY>|<EVENT>
Negative_regulation\tTheme:<CORE-ENTITY>|<EVENT>, Cause?:<CORE-ENTITY>|<EVENT>
[attributes]
Negation\tArg:<EVENT>
"""
# The same with the older section name brat's TDT corpus uses, and a visual.conf that colours
# some types, in another order, and names a relation first.
SPANS_CONF = ID_TASK_CONF.replace("[entities]", "[spans]")
VISUAL_CONF = "[labels]\nEquiv | Equivalent\nProcess | Process\n[drawing]\nBinding\tbgColor:#adf6a2\n"


@pytest.mark.parametrize(
    "conf", [{"annotation.conf": ID_TASK_CONF}, {"annotation.conf": SPANS_CONF, "visual.conf": VISUAL_CONF}]
)
def test_the_legend_follows_annotation_conf_with_a_colour_per_type(
    make_window: Callable[..., MainWindow],
    write_corpus: Callable[[dict[str, str | bytes]], Path],
    qtbot: QtBot,
    conf: dict[str, str],
) -> None:
    folder = write_corpus({"invasion.txt": TEXT, "invasion.ann": ANN, **conf})
    window = make_window()
    with qtbot.waitSignal(window.highlightsShown, timeout=60_000):
        window.open_path(folder)
    legend = window.legend_model
    qtbot.waitUntil(lambda: legend.rowCount() == 5)
    rows = [legend.index(row) for row in range(legend.rowCount())]
    assert [row.data(LabelRole) for row in rows] == [
        "Protein", "Organism", "Binding", "Process", "Positive_regulation"
    ]
    # And so the keyboard walks it: Ctrl+3 to the legend, then Down.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.legend.hasFocus()
    walked = [window.legend.currentIndex().data(LabelRole)]
    for _ in range(4):
        qtbot.keyClick(window.legend, Qt.Key.Key_Down)
        walked.append(window.legend.currentIndex().data(LabelRole))
    assert walked == [row.data(LabelRole) for row in rows]
    colours = [row.data(Qt.ItemDataRole.BackgroundRole).name() for row in rows]
    for number, colour in enumerate(colours):
        for other in colours[number + 1 :]:
            assert colour_difference(colour, other) >= 10, (colour, other)
