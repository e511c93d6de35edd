"""What a query asks of the corpus store beyond its ranked matches: SQL for the documents it
matches, for the entities it names (with `entity:` and `type:`), and its words for FTS5."""

from __future__ import annotations

import re
from collections.abc import Iterator

from gui.core.corpus.store_query import alias_key, positive_text, predicate, sought
from gui.core.search.query import EntityFilter, Phrase, Query, TypeFilter, Word

# A word the full-text index keeps as one token, as typed (lower case): its tokenizer (unicode61)
# folds ASCII letters to lower case and splits at anything but a letter or digit.
_ONE_TOKEN = re.compile(r"[a-z0-9]+")
# Every document: the scope of no query at all.
EVERY_DOCUMENT: tuple[str, list[object]] = ("1", [])


def matching(query: Query | None) -> tuple[str, list[object]]:
    """SQL true of the documents (`d`) the query matches (every document for None), and its
    parameters."""
    return EVERY_DOCUMENT if query is None else predicate(query)


def _named(query: Query) -> Iterator[EntityFilter | TypeFilter]:
    return (item for item in sought(query) if isinstance(item, EntityFilter | TypeFilter))


def named_entities(query: Query | None) -> tuple[str, list[object]] | None:
    """SQL selecting the ids of the entities a query names without negating them: every entity
    with an alias typed in `entity:`, every entity of a label in `type:`; None if it names none."""
    if query is None:
        return None
    keys: list[str] = []
    labels: list[str] = []
    for found in _named(query):
        if isinstance(found, EntityFilter):
            keys.append(alias_key(found.name))
        else:
            labels.append(found.label)
    parts: list[str] = []
    if keys:
        parts.append(f"SELECT entity FROM aliases WHERE alias_key IN ({','.join('?' * len(keys))})")
    if labels:
        marks = ",".join("?" * len(labels))
        parts.append(f"SELECT id FROM entities WHERE label COLLATE NOCASE IN ({marks})")
    return (" UNION ".join(parts), [*keys, *labels]) if parts else None


def named_labels(query: Query | None) -> frozenset[str]:
    """The labels (upper case) a query names with `type:` without negating them."""
    if query is None:
        return frozenset()
    return frozenset(found.label.upper() for found in _named(query) if isinstance(found, TypeFilter))


def named_resolved(query: Query | None, types: bool = True) -> tuple[str, list[object]] | None:
    """SQL selecting the corpus-level entities (the resolution's as the corrections leave it: the
    final_* views) a query names without negating them: with `entity:` (by name or alias), and
    unless not `types`, with `type:` (by their label, the corrected one); and its parameters. None
    if it names none."""
    if query is None:
        return None
    named = list(_named(query))
    keys = [alias_key(found.name) for found in named if isinstance(found, EntityFilter)]
    labels = sorted(named_labels(query)) if types else []
    parts: list[str] = []
    if keys:
        marks = ",".join("?" * len(keys))
        parts += [f"SELECT id FROM final_entities WHERE key IN ({marks})",
                  f"SELECT resolved FROM final_aliases WHERE alias_key IN ({marks})"]
    if labels:
        marks = ",".join("?" * len(labels))
        parts.append(f"SELECT id FROM final_entities WHERE label COLLATE NOCASE IN ({marks})")
    return (" UNION ".join(parts), [*keys, *keys, *labels]) if parts else None


def positive_words(query: Query | None) -> str | None:
    """The FTS5 expression matching any of the words and phrases a query looks for (not those it
    negates), or None if it has none."""
    if query is None:
        return None
    found = list(dict.fromkeys(positive_text(query)))
    return " OR ".join(found) if found else None


def _terms(query: Query) -> Iterator[str | None]:
    """Each word or phrase looked for: a plain word's text where the index keeps it as one token,
    else None."""
    for item in sought(query):
        if isinstance(item, Word) and not item.prefix:
            yield item.text if _ONE_TOKEN.fullmatch(item.text) else None
        elif isinstance(item, Word | Phrase):
            yield None


def index_terms(query: Query | None) -> list[str] | None:
    """The full-text index's terms of the words a query looks for (not those it negates), when
    each is one plain word (ASCII letters and digits, no prefix) that the index keeps as it is;
    None if it has none, or one that is not (a phrase, `trade*`, `café`, `al-Sarraj`)."""
    if query is None:
        return None
    found = list(dict.fromkeys(_terms(query)))
    return None if not found or None in found else [term for term in found if term is not None]
