"""The entity panel's model: types, their entities, and the names an entity has in the document
(issue 15), checked by qtmodeltester; rows chosen before the store's entities come stay chosen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from gui.core.colours.palette import Palette
from gui.core.entities.mentions import EntityKey, MentionGroup
from gui.core.model.document import Entity
from gui.core.session.final_groups import AliasSeen, EntityRow
from gui.widgets.panels.entity_panel import EntityPanel, EntityPanelModel, GroupRole

TONY, MR = Entity(0, 10, "PERSON"), Entity(18, 26, "PERSON")
YUKOS = Entity(40, 45, "ORG")


def group(label: str, name: str, *mentions: Entity) -> MentionGroup:
    return MentionGroup(EntityKey(label, name.casefold()), name, mentions)


ROWS = [
    EntityRow(group("PERSON", "Tony Blair", TONY, MR), 1,
              (AliasSeen(group("PERSON", "Tony Blair", TONY), "the entity's name"),
               AliasSeen(group("PERSON", "Mr Blair", MR), "title 'Mr' dropped", (("ORG", 1),))), 2),
    EntityRow(group("PERSON", "Yukos", YUKOS), 2,
              (AliasSeen(group("PERSON", "Yukos", YUKOS), "", (("ORG", 1),)),), 2,
              (("PERSON", 3), ("ORG", 1))),
]


def test_the_model_of_entities_and_their_names(qtmodeltester: ModelTester) -> None:
    model = EntityPanelModel(Palette.load())
    model.set_rows(ROWS)
    qtmodeltester.check(model)
    person = model.index(0, 0)
    tony, yukos = model.index(0, 0, person), model.index(1, 0, person)
    assert (tony.data(), yukos.data()) == ("Tony Blair  ×2", "Yukos")
    names = [model.index(row, 0, tony).data() for row in range(model.rowCount(tony))]
    assert names == ["Tony Blair", "Mr Blair"]
    assert model.rowCount(yukos) == 0  # its one name is its own
    mr = model.index(1, 0, tony)
    assert mr.parent() == tony and mr.data(GroupRole).name == "Mr Blair"
    assert "title 'Mr' dropped; the model said ORG ×1" in mr.data(Qt.ItemDataRole.AccessibleTextRole)
    said = yukos.data(Qt.ItemDataRole.AccessibleTextRole)
    assert "The model said ORG ×1 here" in said and "Yukos is PERSON in the corpus (PERSON 3 · ORG 1)" in said
    assert model.group_index(ROWS[0].aliases[1].group) == mr
    model.set_groups([group("PERSON", "Mr Blair", MR)])  # the document's own grouping
    qtmodeltester.check(model)


def test_the_row_chosen_stays_chosen_when_the_stores_rows_come(qtbot: QtBot) -> None:
    model = EntityPanelModel(Palette.load())
    model.set_groups([group("PERSON", "Tony Blair", TONY), group("PERSON", "Mr Blair", MR)])
    panel = EntityPanel(model)
    qtbot.addWidget(panel)
    panel.setCurrentIndex(model.group_index(group("PERSON", "Mr Blair", MR)))
    assert panel.current_group() == group("PERSON", "Mr Blair", MR)
    model.set_rows(ROWS)
    chosen = panel.current_group()
    assert chosen is not None and chosen.name == "Mr Blair" and chosen.mentions == (MR,)  # his name's row
    assert panel.currentIndex().parent().data(GroupRole).name == "Tony Blair"


def test_the_row_chosen_is_not_matched_in_another_documents_rows(qtbot: QtBot) -> None:
    model = EntityPanelModel(Palette.load())
    model.set_groups([group("PERSON", "Tony Blair", TONY)], document="tony")
    panel = EntityPanel(model)
    qtbot.addWidget(panel)
    panel.setCurrentIndex(model.group_index(group("PERSON", "Tony Blair", TONY)))
    assert panel.current_group() == group("PERSON", "Tony Blair", TONY)
    # Another document, with a mention at the same offsets: no row of it is chosen for Tony Blair.
    other = group("ORG", "Yukos Oil", Entity(0, 10, "ORG"))
    model.set_groups([other], document="tax")
    assert panel.current_group() is None
    # The same document regrouped (the store's rows after its own): the row stays chosen.
    model.set_groups([other, group("PERSON", "Mr Blair", MR)], document="tax")
    panel.setCurrentIndex(model.group_index(other))
    model.set_rows([EntityRow(other, 3)], document="tax")
    assert panel.current_group() == other


def test_the_rows_of_the_document_before_are_not_acted_on(qtbot: QtBot) -> None:
    model = EntityPanelModel(Palette.load())
    model.set_groups([group("PERSON", "Tony Blair", TONY)], document="tony")
    panel = EntityPanel(model)
    qtbot.addWidget(panel)
    panel.setCurrentIndex(model.group_index(group("PERSON", "Tony Blair", TONY)))
    panel.setFocus()
    with qtbot.waitSignal(panel.groupActivated, timeout=1_000):
        qtbot.keyClick(panel, Qt.Key.Key_Return)
    # Another document is shown; its rows are not there yet: those shown are the one's before.
    model.stale = True
    assert panel.current_group() is None  # no command takes Tony Blair's offsets into its text
    with qtbot.assertNotEmitted(panel.groupActivated, wait=100):
        qtbot.keyClick(panel, Qt.Key.Key_Return)
    model.set_groups([group("ORG", "Yukos", YUKOS)], document="tax")
    panel.setCurrentIndex(model.group_index(group("ORG", "Yukos", YUKOS)))
    assert panel.current_group() == group("ORG", "Yukos", YUKOS)
