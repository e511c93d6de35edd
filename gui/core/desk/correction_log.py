"""The desk's corrections (desk.corrections): added in order, listed, undone and redone.

Plain functions over a connection with the desk attached (a CorpusStore's `.db`). A correction is
stored as its JSON line (corrections.to_json) with its op, the time it was made, and whether it
is active; undoing or removing one deactivates it (kept, so redo reactivates it). Its `seq` is its
place in the order: a later correction wins over an earlier one it conflicts with.

- `add_correction(db, c)` -> Added(seq, duplicate, conflicts): a correction the same as an active
  one (corrections.identity) is not added again (`duplicate`, its seq), so importing a file twice
  changes nothing; `conflicts` are the active corrections of the same slot that said otherwise
  (the one that won until then: the new one wins; it stays, and wins again if the new one is
  undone).
- `active_corrections(db)` -> the active ones in order; `logged_corrections(db)` every one.
- `set_active(db, seq, active)`: undo/redo, and removal from a Corrections view.
- `corrections_stamp(db)`: a short string that changes whenever the active corrections do; what
  the store's corrected tables were built from (store_corrections).

After a change, the store's corrected tables are out of date until
gui.core.corpus.store_corrections.apply_corrections runs (cheap: it redoes only what corrections
touch, never the resolution).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import sqlite3
from collections.abc import Iterable
from typing import NamedTuple

from gui.core.desk.corrections import (
    Correction,
    CorrectionError,
    identity,
    op_of,
    parse_line,
    slot,
    to_json,
)
from gui.core.model.sqlite_files import transaction

log = logging.getLogger(__name__)


class LoggedCorrection(NamedTuple):
    """A correction as the desk holds it: its place in the order, when, and whether it applies."""

    seq: int
    correction: Correction
    made: str  # ISO time
    active: bool


class Added(NamedTuple):
    """What adding a correction did: its seq (the existing one's, for a duplicate), and the
    earlier active corrections it overrides."""

    seq: int
    duplicate: bool
    conflicts: tuple[LoggedCorrection, ...] = ()


def logged_corrections(db: sqlite3.Connection, active_only: bool = False) -> list[LoggedCorrection]:
    """The desk's corrections in order (only the active ones if `active_only`). A row that no
    longer reads as a correction (written by a later Seedview) is left out, and logged."""
    where = " WHERE active" if active_only else ""
    found = []
    for seq, body, made, active in db.execute(
        f"SELECT seq, body, made, active FROM desk.corrections{where} ORDER BY seq"
    ):
        try:
            found.append(LoggedCorrection(seq, parse_line(body), made, bool(active)))
        except CorrectionError as error:
            log.warning("Correction %s of the desk is not understood (%s): left out", seq, error)
    return found


def active_corrections(db: sqlite3.Connection) -> list[LoggedCorrection]:
    """The corrections that apply, in order."""
    return logged_corrections(db, active_only=True)


def add_correction(db: sqlite3.Connection, correction: Correction, made: str | None = None) -> Added:
    """Add a correction after the others, unless an active one is the same (see the module)."""
    return add_corrections(db, [correction], made)[0]


def add_corrections(
    db: sqlite3.Connection, corrections: Iterable[Correction], made: str | None = None
) -> list[Added]:
    """Add corrections in order, in one transaction (an import): one Added for each."""
    when = made or dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    results: list[Added] = []
    with transaction(db, immediate=True):
        active = logged_corrections(db, active_only=True)
        by_identity = {identity(item.correction): item for item in active}
        by_slot: dict[tuple[object, ...], LoggedCorrection] = {}  # the one that wins each slot
        for item in active:
            key = slot(item.correction)
            if key is not None:
                by_slot[key] = item
        for correction in corrections:
            same = by_identity.get(identity(correction))
            if same is not None:
                results.append(Added(same.seq, True))
                continue
            seq = db.execute(
                "INSERT INTO desk.corrections (op, body, made, active) VALUES (?, ?, ?, 1)",
                (op_of(correction), to_json(correction), when),
            ).lastrowid
            assert seq is not None
            item = LoggedCorrection(seq, correction, when, True)
            key = slot(correction)
            conflicts: tuple[LoggedCorrection, ...] = ()
            if key is not None:
                winner = by_slot.get(key)
                conflicts = () if winner is None else (winner,)
                by_slot[key] = item
            by_identity[identity(correction)] = item
            results.append(Added(seq, False, conflicts))
    return results


def set_active(db: sqlite3.Connection, seq: int, active: bool) -> bool:
    """Undo (False) or redo (True) the correction `seq`; False if there is none of that seq."""
    changed = db.execute("UPDATE desk.corrections SET active = ? WHERE seq = ?", (int(active), seq))
    return changed.rowcount > 0


def corrections_stamp(db: sqlite3.Connection) -> str:
    """A digest of the active corrections (their seqs): it changes whenever they do."""
    seqs = db.execute("SELECT group_concat(seq) FROM (SELECT seq FROM desk.corrections WHERE active"
                      " ORDER BY seq)").fetchone()[0]
    return hashlib.sha256((seqs or "").encode()).hexdigest()[:16]
