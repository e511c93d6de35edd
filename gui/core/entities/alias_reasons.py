"""Why an alias belongs to its entity, in words, for the entity panel's tooltip and `seedview
entities --json`: "possessive; title 'Mr' dropped; surname of 'Tony Blair' in the same document"."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import NamedTuple

from gui.core.entities.name_forms import Reading, form_steps, own_name

OWN_NAME_WHY = "the entity's name"


class LinkKind(enum.Enum):
    """How a mention found its entity (resolution.py's rules)."""

    OWN_NAME = "own name"  # its form is the entity's name
    DOCUMENT = "document"  # the one full name of its surname in the document
    DOCUMENT_END = "document end"  # the one longer name of its document that ends with it
    DOCUMENT_SEX = "document sex"  # the one of its document's full names that fits its title
    DOCUMENT_FORM = "document form"  # what another form of its surname in the document joined
    CORPUS_ONLY = "corpus only"  # the one full name of its surname in the corpus (that fits)
    CORPUS_MOST = "corpus most"  # the full name the documents settle on
    AMBIGUOUS_DOCUMENT = "ambiguous document"  # several full names in its document: joined none
    AMBIGUOUS_CORPUS = "ambiguous corpus"  # several in the corpus, none settled: joined none
    UNJOINED = "unjoined"  # no full name of its surname anywhere

    __hash__ = object.__hash__  # as Sex's: resolution counts millions of links


class Link(NamedTuple):
    """How a mention found its entity, with what explains it (full names as keys)."""

    kind: LinkKind
    full: str = ""  # the key of the full name it joined; "" when it joined none
    documents: int = 0  # CORPUS_MOST: the documents where it stood beside `full`...
    total: int = 0  # ...of those where it stood beside exactly one full name of its surname
    others: tuple[str, ...] = ()  # the full names it could mean, when it joined none


def _listed(keys: tuple[str, ...], names: Mapping[str, str]) -> str:
    shown = [f"'{names.get(key, key)}'" for key in keys[:3]]
    if len(keys) > 3:
        shown.append(f"{len(keys) - 3} more")
    return ", ".join(shown[:-1]) + " and " + shown[-1] if len(shown) > 1 else "".join(shown)


def describe_link(link: Link, reading: Reading, names: Mapping[str, str]) -> str:
    """The link in words ("" for a mention that is simply the entity's name)."""
    full = f"'{names.get(link.full, link.full)}'"
    surname = f"'{reading.name}'"
    match link.kind:
        case LinkKind.DOCUMENT if reading.given and link.full.split()[0] == reading.surname:
            return f"first name of {full} in the same document"
        case LinkKind.DOCUMENT:
            return f"surname of {full} in the same document"
        case LinkKind.DOCUMENT_END:
            return f"the end of {full} in the same document"
        case LinkKind.DOCUMENT_SEX:
            return f"'{reading.title}' fits only {full} of the {surname} full names in the same document"
        case LinkKind.DOCUMENT_FORM:
            return f"another {surname} of the same document is {full}"
        case LinkKind.CORPUS_ONLY if reading.sex is not None:
            return f"only {surname} full name in the corpus that fits '{reading.title}'"
        case LinkKind.CORPUS_ONLY:
            return f"only {surname} full name in the corpus"
        case LinkKind.CORPUS_MOST:
            return (f"{surname} stands beside {full} in {link.documents} of the {link.total} documents "
                    f"naming one {surname} in full")
        case LinkKind.AMBIGUOUS_DOCUMENT:
            return f"not joined: the same document names {_listed(link.others, names)}"
        case LinkKind.AMBIGUOUS_CORPUS:
            return f"not joined: the corpus names {_listed(link.others, names)}"
    return ""


def _documents(count: int) -> str:
    return "1 document" if count == 1 else f"{count} documents"


def alias_why(text: str, reading: Reading, entity: tuple[str, str], links: Mapping[Link, int],
              names: Mapping[str, str]) -> str:
    """Why `text` is an alias of the entity (key, name): what normalising it took, the title
    dropped, the case changed, and each link with its document count when there are several."""
    key, name = entity
    if text == name and not links:
        return OWN_NAME_WHY
    steps = form_steps(text, reading.form)
    if reading.title and reading.form_key != key:
        steps.append(f"title '{reading.title}' dropped")
    own = own_name(reading, key)
    if own is not None and own != name:
        steps.append("case variant")
    described: dict[str, int] = {}
    for link, documents in links.items():
        if words := describe_link(link, reading, names):
            described[words] = described.get(words, 0) + documents
    ranked = sorted(described.items(), key=lambda item: (-item[1], item[0]))
    if len(ranked) == 1:
        steps.append(ranked[0][0])
    else:
        steps.extend(f"{words} ({_documents(documents)})" for words, documents in ranked)
    return "; ".join(steps) if steps else OWN_NAME_WHY

