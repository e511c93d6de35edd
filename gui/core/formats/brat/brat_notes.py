"""brat's lines besides text spans (notes, attributes, normalisations, relations, equivalences,
events), turned into words on the entities they are about."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from gui.core.model.quoting import elide


@dataclass(frozen=True, slots=True)
class ParsedLine:
    """An `.ann` line other than a text span: its id, the words of its second field, its third."""

    line: int
    id: str
    words: list[str]
    text: str | None


def _line(note: tuple[int, str]) -> int:
    return note[0]


def _argument(word: str) -> tuple[str, str] | None:
    """A `Role:Id` word as (role, id); None if it is not one."""
    role, colon, ref = word.partition(":")
    return (role, ref) if colon and role and ref else None


class NoteResolver:
    """Finds what each line says about which text span; lines that refer to nothing usable are
    reported through `skip(line, reason)`."""

    def __init__(
        self, span_texts: dict[str, str], defined: set[str], skip: Callable[[int, str], None]
    ) -> None:
        self._texts = span_texts  # the text of each T id that was read
        self._defined = defined  # every id the file defines, read or skipped
        self._skip = skip
        self._events: dict[str, tuple[str, str, list[tuple[str, str]]]] = {}
        self._relations: dict[str, tuple[str, str]] = {}
        self._notes: dict[str, list[tuple[int, str]]] = defaultdict(list)

    def resolve(self, lines: Iterable[ParsedLine]) -> dict[str, list[str]]:
        """The notes of each T id, in the order of the lines that give them."""
        by_kind: dict[str, list[ParsedLine]] = defaultdict(list)
        for line in lines:
            by_kind[line.id[0]].append(line)
        # Events and relations first: notes and attributes may be about them, wherever they are.
        self._read_events(by_kind["E"])
        for line in by_kind["R"]:
            self._relation(line)
        for line in by_kind["A"] + by_kind["M"]:
            self._attribute(line)
        for line in by_kind["N"]:
            self._normalisation(line)
        for line in by_kind["#"]:
            self._note(line)
        for line in by_kind["*"]:
            self._equivalence(line)
        return {ref: [text for _, text in sorted(notes, key=_line)] for ref, notes in self._notes.items()}

    def _problem(self, ref: str) -> str:
        """Why a reference cannot be followed."""
        if ref not in self._defined:
            return f"refers to {ref}, which is not defined"
        if ref[0] in "TER":
            return f"refers to {ref}, which was skipped"
        return f"refers to {ref}, which is not a text span, event or relation"

    def _spans_of(self, ref: str) -> list[str]:
        """The T ids a note about `ref` lands on: an event's trigger, a relation's two ends."""
        if ref in self._texts:
            return [ref]
        if ref in self._events:
            return [self._events[ref][1]]
        if ref in self._relations:
            return [span for end in self._relations[ref] for span in self._spans_of(end)]
        return []

    def _describe(self, ref: str) -> str:
        """'“text” (T3)' for a span or event, by its (trigger) text."""
        spans = self._spans_of(ref)
        return f"“{elide(self._texts[spans[0]])}” ({ref})" if spans else ref

    def _add(self, line: ParsedLine, ref: str, text: str) -> None:
        """Attach a note to what `ref` lands on; a note about an event or relation says which."""
        prefix = "" if ref in self._texts else f"{ref}: "
        for span in dict.fromkeys(self._spans_of(ref)):
            self._notes[span].append((line.line, prefix + text))

    def _target(self, line: ParsedLine, ref: str) -> bool:
        """Whether `ref` can be followed; if not, the line is reported."""
        if self._spans_of(ref):
            return True
        self._skip(line.line, self._problem(ref))
        return False

    def _read_events(self, lines: list[ParsedLine]) -> None:
        """Keep the events whose trigger and arguments exist; an argument may be another event."""
        parsed: dict[str, tuple[ParsedLine, str, str, list[tuple[str, str]]]] = {}
        for line in lines:
            arguments = [_argument(word) for word in line.words]
            if not arguments or any(argument is None for argument in arguments):
                self._skip(line.line, "an event needs 'Type:Trigger' then 'Role:Id' arguments")
                continue
            pairs = [argument for argument in arguments if argument is not None]
            (kind, trigger), rest = pairs[0], pairs[1:]
            parsed[line.id] = (line, kind, trigger, rest)
        # An event is kept once everything it refers to is kept; repeat until nothing changes.
        changed = True
        while changed:
            changed = False
            for event_id, (line, kind, trigger, rest) in list(parsed.items()):
                known = all(ref in self._texts or ref in self._events for _, ref in rest)
                if trigger in self._texts and known:
                    self._events[event_id] = (kind, trigger, rest)
                    del parsed[event_id]
                    described = ", ".join(f"{role} {self._describe(ref)}" for role, ref in rest)
                    text = f"Event {event_id} {kind}" + (f": {described}" if described else "")
                    self._notes[trigger].append((line.line, text))
                    changed = True
        for line, _, trigger, rest in parsed.values():
            refs = [trigger] + [ref for _, ref in rest if ref not in self._texts and ref not in self._events]
            missing = trigger if trigger not in self._texts else refs[1]
            if missing == trigger and trigger in self._defined and not trigger.startswith("T"):
                self._skip(line.line, f"its trigger {trigger} is not a text span")
            else:
                self._skip(line.line, self._problem(missing))

    def _relation(self, line: ParsedLine) -> None:
        """`R1  Origin Arg1:T3 Arg2:T4`: a note on each end naming the other."""
        arguments = [_argument(word) for word in line.words[1:]]
        if len(line.words) != 3 or None in arguments:
            self._skip(line.line, "a relation needs a type and two arguments ('Origin Arg1:T1 Arg2:T2')")
            return
        first, second = (argument[1] for argument in arguments if argument is not None)
        if not (self._target(line, first) and self._target(line, second)):
            return
        kind = line.words[0]
        self._relations[line.id] = (first, second)
        self._add(line, first, f"{kind} → {self._describe(second)}")
        self._add(line, second, f"{kind} ← {self._describe(first)}")

    def _attribute(self, line: ParsedLine) -> None:
        """`A1  Negation T1` or `A1  Confidence T1 High` (`M` in old files)."""
        if len(line.words) not in (2, 3):
            self._skip(line.line, "an attribute needs a name, an id and maybe a value ('Negation T1')")
        elif self._target(line, line.words[1]):
            value = f": {line.words[2]}" if len(line.words) == 3 else ""
            self._add(line, line.words[1], line.words[0] + value)

    def _normalisation(self, line: ParsedLine) -> None:
        """`N1  Reference T1 Wikipedia:534366  Barack Obama`."""
        if len(line.words) != 3:
            self._skip(line.line, "a normalisation needs a type, an id and a reference ('Ref T1 Wiki:1')")
        elif self._target(line, line.words[1]):
            name = (line.text or "").strip()
            self._add(line, line.words[1], line.words[2] + (f" ({name})" if name else ""))

    def _note(self, line: ParsedLine) -> None:
        """`#1  AnnotatorNotes T1  text`; an empty note says nothing."""
        if len(line.words) != 2:
            self._skip(line.line, "a note needs a type and an id ('AnnotatorNotes T1')")
        elif self._target(line, line.words[1]):
            text = (line.text or "").strip()
            if text:
                kind = line.words[0]
                self._add(line, line.words[1], text if kind == "AnnotatorNotes" else f"{kind}: {text}")

    def _equivalence(self, line: ParsedLine) -> None:
        """`*  Equiv T1 T2`: each member names the others."""
        if len(line.words) < 3:
            self._skip(line.line, "an equivalence needs a type and two or more ids ('Equiv T1 T2')")
            return
        kind, members = line.words[0], list(dict.fromkeys(line.words[1:]))
        if all(self._target(line, member) for member in members):
            for member in members:
                others = ", ".join(other for other in members if other != member)
                self._add(line, member, f"{kind}: {others}")
