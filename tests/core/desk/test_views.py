"""Saved views and past searches in the desk, and recalling searches as a shell does."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from gui.core.desk.desk_file import attach_desk
from gui.core.desk.views import (
    SavedView,
    SearchRecall,
    delete_view,
    past_searches,
    remember_search,
    save_view,
    saved_views,
)


def desk_at(path: Path | None) -> sqlite3.Connection:
    db = sqlite3.connect(":memory:", isolation_level=None)
    assert attach_desk(db, path, busy_timeout=1.0) == []
    return db


def test_a_saved_view_survives_a_new_connection_and_can_be_replaced_or_deleted(tmp_path: Path) -> None:
    desk = tmp_path / "desk.sqlite3"
    db = desk_at(desk)
    entity = SavedView("libya", "title", entity=("PERSON", "Tony Blair"))
    chart = SavedView(documents=("a", "b"), description="Blair in 2004: 2 documents", sort="entities")
    assert save_view(db, "  Blair\n people ", entity) == "Blair people"
    save_view(db, "blair chart", chart)
    save_view(db, "Searches", SavedView(search='"oil price" -brent'))
    db.close()
    again = desk_at(desk)
    assert saved_views(again) == [
        ("blair chart", chart),
        ("Blair people", entity),
        ("Searches", SavedView(search='"oil price" -brent')),
    ]
    save_view(again, "Searches", SavedView(filter_text="2019"))  # the same name: replaced
    assert dict(saved_views(again))["Searches"] == SavedView(filter_text="2019")
    assert delete_view(again, "blair chart") and not delete_view(again, "blair chart")
    assert [name for name, _ in saved_views(again)] == ["Blair people", "Searches"]
    with pytest.raises(ValueError, match="needs a name"):
        save_view(again, " \n", entity)


def test_a_view_this_version_cannot_read_is_left_out_not_a_crash() -> None:
    db = desk_at(None)
    save_view(db, "good", SavedView("x"))
    for name, text in [("not json", "{"), ("a list", "[]"), ("bad entity", '{"entity": {"label": 3}}'),
                       ("bad documents", '{"documents": [1, 2]}'), ("bad sort", '{"sort": null}')]:
        db.execute("INSERT INTO desk.saved_views VALUES (?, ?)", (name, text))
    assert saved_views(db) == [("good", SavedView("x"))]
    # Fields of a later version are ignored; missing ones take their defaults.
    assert SavedView.from_json('{"search": "oil", "later": 1}') == SavedView(search="oil")


def test_a_view_says_what_it_lists() -> None:
    view = SavedView("2019", "title", entity=("ORG", "nato"))
    assert view.summary() == "mentioning nato (ORG), filtered by “2019”, sorted by title"
    named = SavedView(sort="entities", entity=("ORG", "nato"), description="NATO")
    assert named.summary() == "mentioning NATO (ORG), sorted by entity count"
    assert SavedView.from_json(named.to_json()) == named
    assert SavedView(search="oil", sort="name").summary() == "matching oil, sorted by file name"
    unread = SavedView("2019", review="unread")
    assert unread.summary() == "unread only, filtered by “2019”, sorted by date"
    assert SavedView.from_json(unread.to_json()) == unread
    tagged = SavedView(entity=("ORG", "nato"), review="tag:to check")
    assert tagged.summary() == "tagged “to check”, mentioning nato (ORG), sorted by date"
    assert SavedView.from_json(tagged.to_json()) == tagged
    assert '"review"' not in SavedView().to_json()  # as a view saved before it was written
    assert SavedView.from_json('{"filter": "", "sort": "date", "review": "seen"}') == SavedView()  # foreign
    assert SavedView.from_json('{"filter": "", "sort": "date", "review": 3}') is None


def test_past_searches_keep_each_query_once_the_latest_last() -> None:
    db = desk_at(None)
    for query in ["oil", "blair", " oil ", "", "nato"]:
        remember_search(db, query)
    assert past_searches(db) == ["blair", "oil", "nato"]
    for number in range(10):
        remember_search(db, f"q{number}", kept=5)
    assert past_searches(db) == ["q5", "q6", "q7", "q8", "q9"]
    assert past_searches(db, limit=2) == ["q8", "q9"]


def test_up_and_down_walk_the_searches_as_a_shell_does() -> None:
    recall = SearchRecall(["oil", "blair", "nato"])
    assert recall.newer() is None  # Down with nothing recalled: nothing
    assert recall.older("half typ") == "nato" and recall.recalling
    assert recall.older("nato") == "blair"
    assert recall.older("blair") == "oil"
    assert recall.older("oil") == "oil"  # the oldest stays
    assert recall.newer() == "blair"
    assert recall.newer() == "nato"
    assert recall.newer() == "half typ" and not recall.recalling  # back to what was typed
    recall.older("")
    recall.stop()  # typing ends the recall: Up starts from the latest again
    assert recall.older("x") == "nato"
    recall.add("blair")
    assert recall.searches == ["oil", "nato", "blair"] and not recall.recalling
    assert SearchRecall([]).older("x") is None
