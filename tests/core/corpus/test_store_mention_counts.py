"""The list's entity count of each document (mention_counts) as the corrections leave it: a
rejected entity's mentions are not counted, an added text's are, and a relabel, a merge or a
split changes no count; undone, the counts are the model's again."""

from __future__ import annotations

from gui.core.corpus.store import CorpusStore
from gui.core.corpus.store_corrections import apply_corrections
from gui.core.corpus.store_entities import mention_counts
from gui.core.desk.correction_log import logged_corrections, set_active
from gui.core.desk.corrections import Add, Merge, Reject, Relabel, Split
from tests.core.corpus.test_store_corrections import correct, store  # noqa: F401  # the fixture

MODEL = {"tony": 3, "cherie": 2, "pm": 1, "tax": 3, "shares": 1, "tuesday": 1}


def test_a_reject_and_an_add_change_the_counts_others_do_not(store: CorpusStore) -> None:  # noqa: F811
    assert mention_counts(store) == MODEL
    correct(store, Relabel("Yukos", "ORG"), Merge(("Yukos", "Cherie Blair")), Split("Tony Blair", "Mr Blair"))
    assert mention_counts(store) == MODEL
    correct(store, Reject("Tony Blair"), Add("Tuesday", "DATE"))
    # Tony Blair is "Tony Blair" and "Blair" in tony now ("Mr Blair" was split off); two Tuesdays.
    assert mention_counts(store) == {**MODEL, "tony": 1, "tuesday": 3}
    for item in logged_corrections(store.db):
        set_active(store.db, item.seq, False)
    apply_corrections(store)
    assert mention_counts(store) == MODEL
