"""Entity corrections (issue 15) on 100,000 generated news-like documents, each figure against a
baseline from the same run.

The corpus is a brat folder (a .txt and its .ann per document, so that no engine is needed) made
from alias_resolution's generated mentions: 2-6 people a document (full name, surname, titled,
possessive) among 20,000 sharing 4,000 surnames, organisations and places, and a weekday or a
news agency no span covers in a tenth of the documents (for `add`). It is indexed and resolved
once by `seedview index` and `seedview entities` and kept under /tmp/seedview-bench.

- `seedview corrections import` of 100 corrections (relabels, rejects, merges, splits, adds of
  the corpus's own names), the whole process, against `seedview entities --top 1` (the same
  process bringing the same store up, with nothing to import). Target: ≤ 10 s.
- One correction applied in the core as the window applies it on its store thread
  (add_correction + apply_corrections, the tables the table, `entity:` and the filter read, and
  correction_overlay, what the document is drawn with), for
  each kind on the most mentioned entities, with the 100 imported ones active, against reading
  that entity's rows of the entity table. Target: reflected within 1 s.
- The overlay of those corrections over one document's spans (what the window draws, what an
  export writes), against copying the spans.
Run: `.venv/bin/python benchmarks/corrections.py [--quick] [--documents N]`.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a file: find `benchmarks`

from benchmarks.alias_resolution import generated
from benchmarks.table import Row, measured, median, print_table, run_count
from gui.core.corpus.store import CorpusStore
from gui.core.corpus.store_corrections import apply_corrections, correction_overlay
from gui.core.corpus.store_entities import entities
from gui.core.desk.correction_log import add_correction, logged_corrections, set_active
from gui.core.desk.corrections import Add, Correction, Merge, Reject, Relabel, Split, to_json
from gui.core.model.document import Entity

REPOSITORY = Path(__file__).resolve().parents[1]
BENCH_FOLDER = Path(tempfile.gettempdir()) / "seedview-bench"
READY = "ready"
DOCUMENTS = 100_000
QUICK_DOCUMENTS = 10_000
CORRECTIONS = 100
UNCOVERED = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Reuters", "AFP")
UNCOVERED_SHARE = 0.1


def bench_env(folder: Path) -> dict[str, str]:
    """The environment of a seedview process on the benchmark's own cache and data folders."""
    return dict(os.environ, XDG_CACHE_HOME=str(folder / "cache"), XDG_DATA_HOME=str(folder / "data"),
                XDG_CONFIG_HOME=str(folder / "config"))


def seedview(args: list[str], folder: Path) -> float:
    """Run `seedview ARGS` on the benchmark's folders; its wall time."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "gui", *args], env=bench_env(folder), cwd=REPOSITORY, check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - started


def write_corpus(corpus: Path, documents: int) -> None:
    """The generated brat corpus (see the module)."""
    corpus.mkdir(parents=True, exist_ok=True)
    by_document: dict[int | str, list[tuple[str, str, int]]] = defaultdict(list)
    for doc, text, label, count in generated(documents, seed=15):
        by_document[doc].append((text, label, count))
    chance = random.Random(15)
    for doc, forms in by_document.items():
        parts: list[str] = []
        spans: list[str] = []
        at = 0
        for text, label, count in forms:
            for _ in range(count):
                spans.append(f"T{len(spans) + 1}\t{label} {at} {at + len(text)}\t{text}\n")
                sentence = f"{text} was in the news."
                parts.append(sentence)
                at += len(sentence) + 1
        if chance.random() < UNCOVERED_SHARE:
            parts.append(f"It happened on {chance.choice(UNCOVERED)}.")
        name = f"news{int(doc):06d}"
        (corpus / f"{name}.txt").write_text(" ".join(parts) + "\n", encoding="utf-8")
        (corpus / f"{name}.ann").write_text("".join(spans), encoding="utf-8")


def prepared(documents: int) -> Path:
    """The benchmark's folder: the corpus, indexed and resolved (made once, then kept)."""
    folder = BENCH_FOLDER / f"corrections-{documents}"
    if not (folder / READY).exists():
        corpus = folder / "corpus"
        print(f"writing {documents:,} generated documents to {corpus}…", file=sys.stderr)
        write_corpus(corpus, documents)
        seedview(["index", str(corpus), "--processes", "1"], folder)
        seedview(["entities", str(corpus), "--top", "1"], folder)
        (folder / READY).write_text("")
    return folder


def open_store(folder: Path) -> CorpusStore:
    """The corpus's store and desk, as the commands of the benchmark's folder find them."""
    from gui import locations

    saved = dict(os.environ)
    os.environ.update(bench_env(folder))
    try:
        cache = locations.cache_folder()
        return CorpusStore.for_corpus(cache, folder / "corpus", desk_folder=locations.desk_folder(cache))
    finally:
        os.environ.clear()
        os.environ.update(saved)


def forget_corrections(store: CorpusStore) -> None:
    """Undo every correction of the desk, and apply that: the store as the resolution left it."""
    store.db.execute("DELETE FROM desk.corrections")
    apply_corrections(store)


def corrections_of(store: CorpusStore) -> list[Correction]:
    """100 corrections of the corpus's own names: relabels, rejects, merges, splits and adds."""
    top = entities(store, top=400, by_mentions=True)
    people = [entity for entity in top if entity.label == "PERSON" and len(entity.aliases) > 2]
    things = [entity for entity in top if entity.label != "PERSON"]
    found: list[Correction] = [Relabel(entity.name, "ORG") for entity in things[:30]]
    found += [Reject(entity.name) for entity in things[30:40]]
    found += [Merge((first.name, second.name)) for first, second in zip(things[40:80:2], things[41:80:2],
                                                                         strict=True)]
    found += [Split(person.name, alias) for person in people[:25]
              for alias in person.aliases if alias.startswith(("Mr ", "Mrs "))][:25]
    found += [Add(text, "DATE" if text.endswith("day") else "ORG") for text in UNCOVERED]
    found += [Relabel(person.name, "NORP") for person in people[25:]]
    return found[:CORRECTIONS]


def one_correction_rows(store: CorpusStore, runs: int) -> list[Row]:
    """Each kind of correction applied alone on the busiest entities, the 100 active."""
    top = entities(store, top=50, by_mentions=True)
    people = [entity for entity in top if entity.label == "PERSON" and len(entity.aliases) > 1]
    busiest = top[0]
    mr = next(alias for alias in people[0].aliases if alias != people[0].name)
    kinds: list[tuple[str, Correction]] = [
        (f"relabel {busiest.name} ({busiest.mentions:,} mentions)", Relabel(busiest.name, "NORP")),
        (f"merge {top[1].name} and {top[2].name}", Merge((top[1].name, top[2].name))),
        (f"split {mr} from {people[0].name}", Split(people[0].name, mr)),
        (f"reject {top[3].name}", Reject(top[3].name)),
        ("add Saturday (in no document)", Add("Saturday", "DATE")),
    ]
    rows = []
    for what, correction in kinds:
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            added = add_correction(store.db, correction)
            applied = apply_corrections(store)  # with the overlay the window draws the document with
            assert applied.overlay is not None
            entities(store, top=100)  # what it asks next: the table, drawn again
            times.append(time.perf_counter() - started)
            set_active(store.db, added.seq, False)
            apply_corrections(store)
        baseline = median(_timed(lambda: entities(store, top=100)) for _ in range(runs))
        rows.append(measured(f"apply one correction on {store.document_count():,} documents: {what}",
                             median(times), baseline=baseline, limit=1.0,
                             note="add_correction + apply_corrections (with its overlay) + the top-100 "
                             f"entity table, with {CORRECTIONS} other corrections active; baseline: that "
                             "table alone"))
    return rows


def _timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def overlay_row(store: CorpusStore, folder: Path, runs: int) -> Row:
    """The overlay over one document's spans, per document, against copying them."""
    overlay = correction_overlay(store)
    corpus = folder / "corpus"
    samples = []
    for path in sorted(corpus.glob("news00*.txt"))[:200]:
        body = path.read_text(encoding="utf-8")
        spans = []
        for line in path.with_suffix(".ann").read_text(encoding="utf-8").splitlines():
            label, start, end = line.split("\t")[1].split()
            spans.append(Entity(int(start), int(end), label))
        samples.append(((path.name.encode(), path.stem), body, spans))

    def corrected() -> None:
        for key, body, spans in samples:
            overlay.spans(key, body, spans)

    def copied() -> None:
        for _, _, spans in samples:
            tuple(spans)

    value = median(_timed(corrected) for _ in range(runs)) / len(samples)
    baseline = median(_timed(copied) for _ in range(runs)) / len(samples)
    return measured("the corrections over one document's spans (overlay.spans)", value, baseline=baseline,
                    note=f"per document, {len(samples)} documents of about 80 spans, {CORRECTIONS} "
                    "corrections; baseline: copying the spans")


def main(quick: bool = False, documents: int | None = None) -> list[Row]:
    """Prepare the corpus, then time the import, one correction and the overlay."""
    count = documents or (QUICK_DOCUMENTS if quick else DOCUMENTS)
    runs = run_count(quick)
    folder = prepared(count)
    corpus = folder / "corpus"
    seedview(["entities", str(corpus), "--top", "1"], folder)  # a store of another schema: made again
    store = open_store(folder)
    try:
        forget_corrections(store)
        fixes = folder / "fixes.jsonl"
        fixes.write_text("".join(to_json(correction) + "\n" for correction in corrections_of(store)),
                         encoding="utf-8")
    finally:
        store.close()
    imports, baselines = [], []
    for _ in range(runs):
        baselines.append(seedview(["entities", str(corpus), "--top", "1"], folder))
        store = open_store(folder)
        forget_corrections(store)
        store.close()
        imports.append(seedview(["corrections", "import", str(corpus), str(fixes)], folder))
    rows = [measured(f"seedview corrections import of {CORRECTIONS} corrections on {count:,} documents",
                     median(imports), baseline=median(baselines), limit=10.0,
                     note="the whole process; baseline: seedview entities --top 1 on the same store")]
    store = open_store(folder)
    try:
        active = len(logged_corrections(store.db))
        rows += one_correction_rows(store, runs)
        rows.append(overlay_row(store, folder, runs))
        assert len(logged_corrections(store.db)) >= active
    finally:
        store.close()
    return rows


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--documents", type=int)
    options = parser.parse_args()
    print_table("Entity corrections (issue 15)", main(options.quick, options.documents))
