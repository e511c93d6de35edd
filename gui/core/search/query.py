"""The search box's query language: words, phrases, OR, negation, prefixes and filters, as a tree.

The tree holds plain text only; whoever turns it into SQL quotes every word and phrase, so
nothing typed here ever reaches FTS5 as syntax.

Grammar (OR binds tighter than the implicit AND; there is no grouping):

    query  := chain+                    all chains must match
    chain  := unary ("OR" unary)*       any side may match; no side is a negation
    unary  := ("-" | "NOT") atom | atom
    atom   := word | word* | "phrase" | entity:NAME | entity:"NAME" | type:LABEL | date:DATES
            | is:read | is:unread | is:starred | tag:NAME | tag:"NAME" | has:note

A trailing colon with nothing after it ("Brexit:") is text, so a pasted headline searches as
typed; letters, a colon and a value ("foo:bar") must name a filter; anything else with a colon
("10:30") is text.
"""

from __future__ import annotations

import calendar
import difflib
import re
from dataclasses import dataclass
from datetime import date
from typing import TypeAlias


class QueryError(Exception):
    """A query that cannot be searched: `message` is one line for people, `position` the index
    (0-based, in code points) of the character it is about. Messages count from 1."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(message)
        self.message = message
        self.position = position


@dataclass(frozen=True, slots=True)
class Word:
    """A lower-case word; with `prefix`, any word that starts with it (`negotiat*`)."""

    text: str
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class Phrase:
    """Lower-case words that must follow one another (`"trade deal"`)."""

    words: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EntityFilter:
    """Documents that mention an entity, by any of its names, as typed (`entity:"Tony Blair"`)."""

    name: str


@dataclass(frozen=True, slots=True)
class TypeFilter:
    """Documents that mention an entity of an upper-case label (`type:PERSON`)."""

    label: str


@dataclass(frozen=True, slots=True)
class DateFilter:
    """Documents dated from `start` to `end`, both included; an open end is date.min or date.max."""

    start: date
    end: date


@dataclass(frozen=True, slots=True)
class StateFilter:
    """Documents in a reading state of the user's desk (`is:read`, `is:unread`, `is:starred`,
    `has:note`): `state` is one of DESK_STATES."""

    state: str


@dataclass(frozen=True, slots=True)
class TagFilter:
    """Documents the user gave a tag, as typed but for case (`tag:"to check"`)."""

    tag: str


@dataclass(frozen=True, slots=True)
class And:
    """Every item must match; at least one item is not a Not."""

    items: tuple[Query, ...]


@dataclass(frozen=True, slots=True)
class Or:
    """Any item may match; the items are words, phrases or filters, never a Not."""

    items: tuple[Query, ...]


@dataclass(frozen=True, slots=True)
class Not:
    """The item must not match; only ever an item of an And, beside something to find."""

    item: Query


Query: TypeAlias = (
    Word | Phrase | EntityFilter | TypeFilter | DateFilter | StateFilter | TagFilter | And | Or | Not
)

FILTER_NAMES = ("entity", "type", "date", "is", "tag", "has")
# The states StateFilter knows, by the filter that names them: is:read, ..., has:note.
IS_STATES = ("read", "unread", "starred")
HAS_STATES = ("note",)
DESK_STATES = IS_STATES + HAS_STATES
_DESK_FILTERS = ("is", "tag", "has")

_EXAMPLES = ("brexit", '"trade deal"', "date:2019")
_EMPTY = "Type a word, a phrase or a filter to search for, as in: " + " ".join(_EXAMPLES)
_FILTER_NAME = re.compile(r"([A-Za-z]+):")
_LABEL = re.compile(r"[\w-]+")
_DAY = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_DATE_FORMS = (
    "date: takes a year, a month or a day, as in date:2019, date:2019-11 or date:2019-11-01,"
    " or a range such as date:2019-11-01..2019-12-31"
)

_HELP = (
    ("brexit deal", "every word must be in the document"),
    ('"trade deal"', "the exact phrase, words in this order"),
    ("blair OR brown", "either word; OR binds first: blair OR brown tax needs tax too"),
    ("brexit -boris", 'leave out documents with a word (also NOT boris, -"...", -entity:...)'),
    ("negotiat*", "words that start with negotiat"),
    ('entity:"Tony Blair"', "documents mentioning the entity, by any of its names"),
    ("type:PERSON", "documents mentioning an entity of this type (ORG, GPE, ...)"),
    ("date:2019-11", "documents of a year, a month or a day (date:2019, date:2019-11-01)"),
    ("date:2019-11-01..2019-12-31", "a range of dates; leave an end out: date:..2019, date:2019-06.."),
    ("is:unread", "documents not read yet (is:read, is:starred: those read, those starred)"),
    ('tag:"to check"', "documents with a tag of yours (Ctrl+J tags the document shown)"),
    ("has:note", "documents with a note of yours"),
)


def describe_query_language() -> str:
    """The search box's tooltip: one line per feature of the language, each with an example."""
    width = max(len(example) for example, _ in _HELP)
    return "\n".join(f"{example.ljust(width)}  {meaning}" for example, meaning in _HELP)


def help_examples() -> tuple[str, ...]:
    """The examples the tooltip shows, each a query that parses."""
    return tuple(example for example, _ in _HELP)


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "or", "not" or "atom"
    start: int
    end: int
    query: Query | None = None  # for an atom; None when it has no letters or digits to search


def parse_query(text: str) -> Query:
    """The tree of `text`; raises QueryError, with a sentence for people, if it cannot be searched."""
    tokens = _scan(text)
    if not tokens:
        raise QueryError(_EMPTY, 0)
    items: list[tuple[Query, int, int]] = []
    index = 0
    while index < len(tokens):
        sides: list[tuple[Query | None, int, int]] = []
        side, index = _unary(text, tokens, index)
        sides.append(side)
        while index < len(tokens) and tokens[index].kind == "or":
            if index + 1 == len(tokens):
                raise QueryError(
                    "OR at the end has nothing after it: put it between two alternatives,"
                    " as in: blair OR brown.",
                    tokens[index].start,
                )
            if tokens[index + 1].kind == "or":
                raise QueryError(
                    f"OR at {tokens[index + 1].start + 1} follows another OR:"
                    " put a word between them, or remove one.",
                    tokens[index + 1].start,
                )
            side, index = _unary(text, tokens, index + 1)
            sides.append(side)
        chain = _chain(text, sides)
        if chain is not None:
            items.append(chain)
    if not items:
        raise QueryError(
            f"{_shown(text)} has no letters or digits to search for: {_EMPTY[0].lower()}{_EMPTY[1:]}", 0
        )
    negations = [(start, end) for query, start, end in items if isinstance(query, Not)]
    if len(negations) == len(items):
        start, end = negations[0]
        raise QueryError(
            f"This query only leaves things out ({_shown(text[start:end])}): add a word, a phrase or a filter"
            " to find, as in: brexit -boris.",
            start,
        )
    if len(items) == 1:
        return items[0][0]
    return And(tuple(query for query, _, _ in items))


def _chain(text: str, sides: list[tuple[Query | None, int, int]]) -> tuple[Query, int, int] | None:
    """One item of the implicit AND: a side, or an Or of the sides that hold something to search."""
    kept = [(query, start, end) for query, start, end in sides if query is not None]
    if not kept:
        return None
    if len(kept) == 1:
        return kept[0]
    for query, start, end in kept:
        if isinstance(query, Not):
            raise QueryError(
                f"{_shown(text[start:end])} at {start + 1} is one side of an OR, which offers alternatives"
                " to find: leave things out beside it instead, as in: blair OR brown -tax.",
                start,
            )
    return Or(tuple(query for query, _, _ in kept)), kept[0][1], kept[-1][2]


def _unary(text: str, tokens: list[_Token], index: int) -> tuple[tuple[Query | None, int, int], int]:
    """The negated or plain atom at `index`, with its span, and the index after it."""
    token = tokens[index]
    if token.kind == "or":
        raise QueryError(
            "OR at the start has nothing before it: put it between two alternatives, as in: blair OR brown.",
            token.start,
        )
    if token.kind == "atom":
        return (token.query, token.start, token.end), index + 1
    shown = text[token.start : token.end]
    if index + 1 == len(tokens):
        raise QueryError(_lone_negation(shown, token.start), token.start)
    following = tokens[index + 1]
    if following.kind == "or":
        raise QueryError(
            f"{shown} at {token.start + 1} is followed by OR: {shown} leaves out the word, phrase"
            " or filter right after it, as in: brexit -boris.",
            token.start,
        )
    if following.kind == "not":
        raise QueryError(
            f"{shown} at {token.start + 1} is followed by another negation: leave a word out once,"
            " with either - or NOT.",
            token.start,
        )
    item = following.query
    return (None if item is None else Not(item), token.start, following.end), index + 2


def _shown(typed: str) -> str:
    """Typed text as a message quotes it: on one line."""
    return " ".join(typed.split())


def _lone_negation(shown: str, start: int) -> str:
    if shown == "-":
        return (
            f"The - at {start + 1} stands alone: put it right before a word to leave out, with no space,"
            " as in: brexit -boris."
        )
    return (
        f"NOT at {start + 1} has nothing after it: follow it with the word, phrase or filter to leave"
        " out, as in: brexit NOT boris."
    )


def _scan(text: str) -> list[_Token]:
    """The operators and atoms of `text`, in order; quotes are always syntax, nothing else is."""
    tokens: list[_Token] = []
    position = 0
    length = len(text)
    while position < length:
        if text[position].isspace():
            position += 1
            continue
        if text[position] == '"':
            words, end = _quoted(text, position)
            if not words and not text[position + 1 : end - 1].strip():
                raise QueryError(
                    f"The quotes at {position + 1} hold nothing: put words between them or remove them.",
                    position,
                )
            tokens.append(_Token("atom", position, end, Phrase(words) if words else None))
            position = end
            continue
        end = position
        while end < length and not text[end].isspace() and text[end] != '"':
            end += 1
        raw = text[position:end]
        if raw in ("OR", "NOT"):
            tokens.append(_Token(raw.lower(), position, end))
        elif raw.startswith("-"):
            if raw[1:2] == "-":
                raise QueryError(
                    f"The -- at {position + 1} leaves out twice: put one - right before the word"
                    " to leave out.",
                    position,
                )
            tokens.append(_Token("not", position, position + 1))
            if len(raw) == 1 and (end == length or text[end] != '"'):
                raise QueryError(_lone_negation("-", position), position)
            if len(raw) > 1:
                query, end = _atom(text, position + 1, end)
                tokens.append(_Token("atom", position + 1, end, query))
        else:
            query, end = _atom(text, position, end)
            tokens.append(_Token("atom", position, end, query))
        position = end
    return tokens


def _quoted(text: str, start: int) -> tuple[tuple[str, ...], int]:
    """The searchable words between the quote at `start` and its closing quote, and the index after it."""
    close = text.find('"', start + 1)
    if close < 0:
        raise QueryError(f'The quote at {start + 1} is never closed: add a closing " or remove it.', start)
    words = tuple(word.lower() for word in text[start + 1 : close].split() if _searchable(word))
    return words, close + 1


def _searchable(word: str) -> bool:
    # FTS5's tokenizer keeps only letters and digits: a word of punctuation alone finds nothing.
    return any(char.isalnum() for char in word)


def _atom(text: str, start: int, end: int) -> tuple[Query | None, int]:
    """The word or filter typed from `start` to `end` (or past a quoted filter value), and where it ends."""
    raw = text[start:end]
    match = _FILTER_NAME.match(raw)
    if match is not None:
        name = match.group(1).lower()
        value = raw[match.end() :]
        glued_quote = end < len(text) and text[end] == '"'
        # "is:", "has:" and "tag:" alone are words of a pasted sentence ("What it is: ..."): text.
        if name in FILTER_NAMES and (value or glued_quote or name not in _DESK_FILTERS):
            if not value and glued_quote:
                close = text.find('"', end + 1)
                if close < 0:
                    raise QueryError(
                        f'The quote at {end + 1} is never closed: add a closing " or remove it.', end
                    )
                value, end = text[end + 1 : close], close + 1
            return _filter(name, " ".join(value.split()), start), end
        if value or glued_quote:
            raise QueryError(_unknown_filter(match.group(1), raw), start)
    prefix = raw.endswith("*")
    word = raw.rstrip("*")
    if not word:
        raise QueryError(
            f"The * at {start + 1} stands alone: put it at the end of a word to find the words that"
            " start with it, as in: negotiat*.",
            start,
        )
    if not _searchable(word):
        return None, end
    return Word(word.lower(), prefix), end


def _unknown_filter(name: str, raw: str) -> str:
    known = ", ".join(f"{known}:" for known in FILTER_NAMES[:-1]) + f" or {FILTER_NAMES[-1]}:"
    close = difflib.get_close_matches(name.lower(), FILTER_NAMES, n=1)
    guess = f" (did you mean {close[0]}:?)" if close else ""
    return (
        f"{name}: is not a filter{guess}: the filters are {known}. To search for the text {raw},"
        f' put it in quotes: "{raw}".'
    )


def _filter(name: str, value: str, start: int) -> Query:
    if name == "entity":
        if not value:
            raise QueryError(
                'entity: needs a name right after the colon, as in: entity:Blair or entity:"Tony Blair".',
                start,
            )
        return EntityFilter(value)
    if name == "type":
        if not value:
            raise QueryError(
                "type: needs a label right after the colon, as in: type:PERSON, type:ORG or type:GPE.",
                start,
            )
        if _LABEL.fullmatch(value) is None:
            raise QueryError(
                f"{value} is not a label: type: takes one word, such as PERSON, ORG, GPE or WORK_OF_ART.",
                start,
            )
        return TypeFilter(value.upper())
    if name == "date":
        return _date_filter(value, start)
    if name == "tag":
        if not value:
            raise QueryError(
                'tag: needs a tag right after the colon, as in: tag:urgent or tag:"to check".', start
            )
        return TagFilter(value)
    states = IS_STATES if name == "is" else HAS_STATES
    if value.lower() not in states:
        forms = ", ".join(f"{name}:{state}" for state in states[:-1])
        forms = f"{forms} or {name}:{states[-1]}" if forms else f"{name}:{states[-1]}"
        close = difflib.get_close_matches(value.lower(), states, n=1)
        guess = f" (did you mean {name}:{close[0]}?)" if close else ""
        raise QueryError(f"{name}:{value} is not a state{guess}: {name}: takes {forms}.", start)
    return StateFilter(value.lower())


def _date_filter(value: str, start: int) -> DateFilter:
    if not value:
        raise QueryError(f"date: needs a date right after the colon; {_DATE_FORMS}.", start)
    if ".." not in value:
        first, last = _date_bounds(value, value, start)
        return DateFilter(first, last)
    left, right = value.split("..", 1)
    if not left and not right:
        raise QueryError(
            "date:.. has no ends: give at least one, as in: date:2019.. or date:..2019-12-31.", start
        )
    begin = _date_bounds(left, value, start)[0] if left else date.min
    finish = _date_bounds(right, value, start)[1] if right else date.max
    if finish < begin:
        raise QueryError(
            f"The range date:{value} ends ({finish.isoformat()}) before it starts ({begin.isoformat()}):"
            " swap its ends.",
            start,
        )
    return DateFilter(begin, finish)


def _date_bounds(part: str, value: str, start: int) -> tuple[date, date]:
    """The first and last day of a year, a month or a day typed as `part` of date:`value`."""
    match = _DAY.fullmatch(part)
    if match is None:
        raise QueryError(f"date:{value} is not a date: {_DATE_FORMS}.", start)
    year = int(match.group(1))
    if year == 0:
        raise QueryError(f"There is no year 0000 in date:{value}: years run from 0001 to 9999.", start)
    if match.group(2) is None:
        return date(year, 1, 1), date(year, 12, 31)
    month = int(match.group(2))
    if not 1 <= month <= 12:
        raise QueryError(f"There is no month {month} in date:{value}: months run from 1 to 12.", start)
    days = calendar.monthrange(year, month)[1]
    if match.group(3) is None:
        return date(year, month, 1), date(year, month, days)
    day = int(match.group(3))
    if not 1 <= day <= days:
        raise QueryError(
            f"There is no day {day} in {year:04d}-{month:02d} (date:{value}): it has {days} days.", start
        )
    return date(year, month, day), date(year, month, day)


def unparse(query: Query) -> str:
    """Query text that parses back to `query`, for any tree parse_query returns."""
    if isinstance(query, Word):
        return query.text + ("*" if query.prefix else "")
    if isinstance(query, Phrase):
        return '"' + " ".join(query.words) + '"'
    if isinstance(query, EntityFilter):
        return f'entity:"{query.name}"'
    if isinstance(query, TypeFilter):
        return f"type:{query.label}"
    if isinstance(query, DateFilter):
        return "date:" + _dates_text(query.start, query.end)
    if isinstance(query, StateFilter):
        return ("has:" if query.state in HAS_STATES else "is:") + query.state
    if isinstance(query, TagFilter):
        return f'tag:"{query.tag}"'
    if isinstance(query, Not):
        return "-" + unparse(query.item)
    if isinstance(query, Or):
        return " OR ".join(unparse(item) for item in query.items)
    return " ".join(unparse(item) for item in query.items)


def _dates_text(start: date, end: date) -> str:
    if start == date.min and end == date.max:
        return f"{start.isoformat()}..{end.isoformat()}"
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return f"{start.year:04d}"
    month_end = calendar.monthrange(start.year, start.month)[1]
    if start.day == 1 and (end.year, end.month, end.day) == (start.year, start.month, month_end):
        return f"{start.year:04d}-{start.month:02d}"
    if start == end:
        return start.isoformat()
    left = "" if start == date.min else start.isoformat()
    right = "" if end == date.max else end.isoformat()
    return f"{left}..{right}"
