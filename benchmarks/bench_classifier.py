"""Benchmark what the learned model costs at extraction: sentences per second with the
rules alone and with the rules and a trained model combined, on the same articles.

Usage::

    python benchmarks/bench_classifier.py MODEL [--corpus DIR...] [--profile gaza] [--repeats 2] [--json OUT]

``MODEL`` is a file written by ``stance train`` (``stance train --profile all`` writes
``models/all.skops``). The two systems alternate ``--repeats`` times on the same articles
(default: the Israel–Hamas labelled and unlabelled articles), so the machine's load
falls on both; the best run of each is reported, with the statements found.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from stance.extraction.extractor import Extractor  # noqa: E402
from stance.io.ingest import read_paths  # noqa: E402
from stance.learn.persist import load_classifier  # noqa: E402
from stance.records import Failure  # noqa: E402

DEFAULT_CORPUS = [REPO / "labels" / "corpus" / "gaza", REPO / "labels" / "unlabelled" / "gaza"]


def run(articles, profile: str, model: str | None) -> dict:
    """One pass of extraction: seconds, sentences seen, statements found."""
    extractor = Extractor(profile)
    if model is not None:
        extractor.classifier, problem = load_classifier(model, extractor.profile)
        if problem:
            raise SystemExit(problem)
    start = time.perf_counter()
    statements = sum(len(found) for _, found in extractor.extract_many(articles))
    seconds = time.perf_counter() - start
    return {"seconds": round(seconds, 2), "sentences": extractor.sentences_seen,
            "sentences_per_second": round(extractor.sentences_seen / seconds),
            "statements": statements}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", help="a model file written by stance train")
    parser.add_argument("--corpus", type=Path, nargs="+", default=DEFAULT_CORPUS)
    parser.add_argument("--profile", default="gaza")
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--json", type=Path, help="write every number to this JSON file")
    args = parser.parse_args(argv)
    articles = [a for a in read_paths(args.corpus) if not isinstance(a, Failure)]
    runs: dict[str, list[dict]] = {"rules": [], "combined": []}
    for _ in range(args.repeats):
        runs["rules"].append(run(articles, args.profile, None))
        runs["combined"].append(run(articles, args.profile, args.model))
    best = {name: max(rs, key=lambda r: r["sentences_per_second"]) for name, rs in runs.items()}
    print(f"{len(articles)} articles, best of {args.repeats}:")
    for name, r in best.items():
        print(f"  {name:9} {r['sentences_per_second']:5d} sentences/s  {r['seconds']:6.1f} s  "
              f"{r['statements']} statements")
    ratio = best["combined"]["sentences_per_second"] / best["rules"]["sentences_per_second"]
    print(f"  the model keeps {ratio:.2f} of the rules' speed")
    if args.json:
        args.json.write_text(json.dumps({"articles": len(articles), "runs": runs, "best": best,
                                         "ratio": round(ratio, 3)}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
