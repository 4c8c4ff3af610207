"""Throughput: the whole reading + extraction pipeline against spaCy alone, same texts.

Why: spaCy's parse is the floor every design pays; the issue's target is that watchfloor's
own layers (catalogue matching, gazetteer, time and number normalisation, the relation,
figure and event stages) cost at most 30% more (ratio <= 1.3, issue 12), on news-length
items and on long documents alike (``--long``: reports of 25 KB to 4 MB built as in
bench/long_docs.py, which adds peak memory). Times are CPU times (``process_time``), which
other work on a shared machine does not inflate. Storage is left
out: it is measured by bench/big_kb.py.

Texts: the 100 mixed-case MUC-4 TST4 messages from ../shared/data/muc4 when present
(public news texts of realistic length), else the bundled samples. Each side is run once
to warm up (model load, matcher build, caches) and then timed over the same texts.

    .venv/bin/python bench/throughput.py [--data ../shared/data/muc4] [--repeat 2]
    .venv/bin/python bench/throughput.py --long 25,200,1000
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MUC4 = REPO.parent / "shared" / "data" / "muc4"
MESSAGE_ID = re.compile(r"^TST4-MUC4-\d{4}\s*$", re.MULTILINE)


def muc4_texts(folder: Path) -> list[str]:
    """The TST4 mixed-case messages, each without its ID line."""
    path = folder / "original" / "texts" / "tst4-muc4.mixed-case.gz"
    with gzip.open(path, "rt", encoding="latin-1") as fh:
        raw = fh.read()
    parts = MESSAGE_ID.split(raw)
    return [p.strip() for p in parts if p.strip()]


def sample_texts() -> list[str]:
    from watchfloor.ingest import iter_sources, load_document
    from watchfloor.settings import load_settings

    settings = load_settings()
    return [load_document(p, settings).text for p in iter_sources([REPO / "samples"])
            if isinstance(p, Path)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=MUC4)
    parser.add_argument("--repeat", type=int, default=2, help="timed passes (best is kept)")
    parser.add_argument("--long", default=None, metavar="KB,KB",
                        help="long documents of these sizes instead of news items")
    args = parser.parse_args()

    from watchfloor.pipeline import extract_document
    from watchfloor.read.reference import load_reference
    from watchfloor.records import Document
    from watchfloor.settings import load_settings

    if args.long:
        from long_docs import corpus_paragraphs, long_text

        paragraphs, where = corpus_paragraphs()
        texts = [long_text(int(kb), paragraphs) for kb in args.long.split(",")]
        source = f"long documents of {args.long} KB (paragraphs of {where}, cycled)"
    elif (args.data / "original").is_dir():
        texts, source = muc4_texts(args.data), f"MUC-4 TST4 mixed case ({args.data})"
    else:
        texts, source = sample_texts(), "bundled samples (MUC-4 data absent)"
    model = load_settings()["spacy_model"]
    reference = load_reference(model)
    nlp = reference.nlp
    docs = [Document(text=t, published="1990-01-01") for t in texts]
    words = sum(len(t.split()) for t in texts)

    from watchfloor.read.nlp import batches_of, pieces_of

    def spacy_only() -> None:  # spaCy over the pieces the pipeline parses (= the text)
        for t in texts:
            for batch in batches_of(pieces_of(t, reference.parsing.piece_chars),
                                    reference.parsing.batch_chars):
                for _doc in nlp.pipe(batch, batch_size=len(batch)):
                    pass

    def pipeline() -> None:
        for d in docs:
            extract_document(d, reference)

    spacy_only(), pipeline()  # warm up
    timings = {}
    for name, fn in (("spaCy alone", spacy_only), ("watchfloor pipeline", pipeline)):
        best = float("inf")
        for _ in range(args.repeat):
            t0 = time.process_time()
            fn()
            best = min(best, time.process_time() - t0)
        timings[name] = best
    ratio = timings["watchfloor pipeline"] / timings["spaCy alone"]
    print(f"texts: {len(texts)} from {source}, {words:,} words, model {model}")
    for name, seconds in timings.items():
        print(f"{name:22} {seconds:7.2f} s CPU {len(texts) / seconds:6.1f} docs/s"
              f"  {words / seconds:8.0f} words/s")
    print(f"ratio pipeline / spaCy: {ratio:.2f}  (target <= 1.3) -> "
          f"{'OK' if ratio <= 1.3 else 'OVER TARGET'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
