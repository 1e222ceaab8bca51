"""Benchmark stance extraction against parsing every sentence with the full spaCy pipeline.

Usage::

    python benchmarks/bench_extract.py [--articles 2000] [--corpus DIR ...] [--gold labels/]
                                       [--blas-threads 1] [--json OUT]

Five measurements over the same replicated corpus, each in a fresh subprocess so
that its peak memory is its own, and each with numpy's BLAS on ``--blas-threads``
threads (one by default, so that a single process uses a single core):

* ``a`` -- ``Extractor("gaza", prefilter=True)``: stance as shipped.
* ``b`` -- ``full_pipeline()`` (NER included) over every sentence, split with
  ``blank_pipeline()``: the cost of "parse everything", without any rules.
* ``e`` -- as ``b``, multiplying through numpy like stance does (:mod:`stance.nlp.matmul`):
  ``a`` vs ``e`` is what the prefilter, the components left out and the faster
  components gain, without the faster matrix products.
* ``c`` -- ``Extractor("gaza", prefilter=False)``: every sentence parsed, same rules;
  its statements must equal those of ``a``.
* ``d`` -- ``Extractor("gaza", workers=2)``: as ``a``, parsing in two processes
  (``stance ingest --workers 2``); its statements must equal those of ``a``.

Then F1 on all the gold labels is computed with and without the prefilter, which must agree.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = [REPO / "seeds", REPO / "labels" / "corpus" / "dev"]
PHASES = {"a": "stance, prefilter=True", "b": "full pipeline, every sentence",
          "c": "stance, prefilter=False", "d": "stance, prefilter=True, workers=2",
          "e": "full pipeline, numpy matmul"}


def build_corpus(dirs: list[Path], n: int) -> tuple[list, list]:
    """Read the texts under ``dirs`` and replicate them round-robin to at least ``n`` articles.

    Args:
        dirs: Files or folders to read with :func:`stance.io.ingest.read_paths`.
        n: How many articles to return (at least).

    Returns:
        ``(distinct, articles)``: the distinct articles read (one per text id) and the
        replicated list, where copy ``i`` has the id ``"{id}-{i}"``.
    """
    from stance.io.ingest import read_paths
    from stance.records import Article

    distinct = {}
    for item in read_paths(d for d in dirs if d.exists()):
        if isinstance(item, Article):
            distinct.setdefault(item.id, item)
    base = list(distinct.values())
    if not base:
        sys.exit(f"no articles found under {', '.join(map(str, dirs))}")
    articles = [dataclasses.replace(base[i % len(base)], id=f"{base[i % len(base)].id}-{i}")
                for i in range(max(n, len(base)))]
    return base, articles


def split_sentences(articles: list) -> list[str]:
    """Every non-blank sentence of the articles, split as :class:`Extractor` splits them."""
    from stance.nlp.pipelines import blank_pipeline

    blank = blank_pipeline()
    return [s.text.strip() for a in articles for s in blank(a.text).sents if s.text.strip()]


def peak_rss_mb() -> float:
    """This process's peak resident memory in MB (ru_maxrss is KB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def run_phase(phase: str, articles: list) -> dict:
    """Run one measurement in this process.

    Args:
        phase: ``a`` to ``e`` (see the module docstring).
        articles: The replicated corpus.

    Returns:
        Timings, counts, peak RSS and (for ``a``/``c``/``d``) the statement keys found.
    """
    from tqdm import tqdm

    from stance.extraction.extractor import Extractor
    from stance.nlp.matmul import use_numpy_matmul
    from stance.nlp.pipelines import full_pipeline

    out: dict = {"phase": phase, "label": PHASES[phase]}
    t0 = time.perf_counter()
    if phase in ("b", "e"):
        nlp = full_pipeline()
        if phase == "e":
            use_numpy_matmul(nlp)
        out["load_s"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        texts = split_sentences(articles)
        out["split_s"] = time.perf_counter() - t0
        t1 = time.perf_counter()
        for _ in tqdm(nlp.pipe(texts, batch_size=256), total=len(texts), unit="sent",
                      desc=f"{phase} {PHASES[phase]}", file=sys.stderr, disable=not sys.stderr.isatty()):
            pass
        out["parse_s"] = time.perf_counter() - t1
        out.update(sentences=len(texts), parsed=len(texts), pipes=list(nlp.pipe_names))
    else:
        ex = Extractor("gaza", prefilter=(phase != "c"), workers=2 if phase == "d" else 1)
        out["load_s"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        keys = []
        for _, statements in tqdm(ex.extract_many(articles), total=len(articles), unit="article",
                                  desc=f"{phase} {PHASES[phase]}", file=sys.stderr,
                                  disable=not sys.stderr.isatty()):
            keys.extend((s.article_id, s.party, s.kind, s.issue, s.stance, s.target, s.start)
                        for s in statements)
        out.update(sentences=ex.sentences_seen, parsed=ex.sentences_parsed,
                   statements=len(keys), keys=keys, pipes=list(ex._nlp.pipe_names))
    out["run_s"] = time.perf_counter() - t0
    out["sent_per_s"] = out["sentences"] / out["run_s"]
    out["peak_rss_mb"] = peak_rss_mb()
    return out


def spawn_phase(phase: str, args: argparse.Namespace) -> dict:
    """Re-invoke this script with ``--phase`` in a fresh process and return its results."""
    with tempfile.TemporaryDirectory() as tmp:
        result = Path(tmp) / "result.json"
        cmd = [sys.executable, str(Path(__file__).resolve()), "--phase", phase,
               "--articles", str(args.articles), "--result", str(result),
               "--blas-threads", str(args.blas_threads),
               "--corpus", *map(str, args.corpus)]
        subprocess.run(cmd, check=True)
        return json.loads(result.read_text())


def gold_scores(gold: Path) -> dict | None:
    """Dev F1 with and without the prefilter, or None when the labels or dev corpus are missing."""
    from stance.errors import StanceError
    from stance.evaluation.gold import evaluate_gold

    if not gold.exists() or not DEFAULT_CORPUS[1].is_dir():
        print(f"gold: skipped ({gold} or {DEFAULT_CORPUS[1]} not found)")
        return None
    scores = {}
    for prefilter in (True, False):
        try:
            result = evaluate_gold(gold, prefilter=prefilter, replicates=1)
            report, n_articles, n_labels = result.report, result.articles, result.labels
        except StanceError as error:
            print(f"gold: skipped ({error})")
            return None
        scores[f"prefilter={prefilter}"] = {
            "articles": n_articles, "labels": n_labels,
            **{f"{kind}_{view}_f1": getattr(getattr(report, kind), view).f1
               for kind in ("positions", "blame") for view in ("polarity", "strict")}}
    return scores


def machine() -> dict:
    """CPU count, platform, Python, spaCy and model versions."""
    import spacy
    from spacy.util import get_package_version

    from stance.nlp.pipelines import model_name

    name = model_name()
    return {"cpu_count": os.cpu_count(), "platform": platform.platform(),
            "python": platform.python_version(), "spacy": spacy.__version__,
            "model": f"{name} {get_package_version(name) or '(not a package)'}",
            "load_before": os.getloadavg()}


def main() -> None:
    """Parse the arguments; run one phase (child) or the whole benchmark (parent)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=2000, help="corpus size (default 2000)")
    parser.add_argument("--corpus", type=Path, nargs="+", default=DEFAULT_CORPUS,
                        help="files or folders of texts to replicate (default seeds/ and "
                             "labels/corpus/dev)")
    parser.add_argument("--gold", type=Path, default=REPO / "labels", help="gold labels")
    parser.add_argument("--blas-threads", type=int, default=1,
                        help="numpy BLAS threads per process (default 1: one core per process)")
    parser.add_argument("--json", type=Path, help="write all numbers to this JSON file")
    parser.add_argument("--phase", choices=sorted(PHASES), help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.phase:  # child: one measurement, results to --result
        from threadpoolctl import threadpool_limits

        _, articles = build_corpus(args.corpus, args.articles)
        with threadpool_limits(limits=args.blas_threads, user_api="blas"):
            args.result.write_text(json.dumps(run_phase(args.phase, articles)))
        return

    info = machine()
    print(f"machine: {info['cpu_count']} CPUs, {info['platform']}, Python {info['python']}")
    print(f"spaCy {info['spacy']}, model {info['model']}, BLAS threads per process: "
          f"{args.blas_threads}")
    info["blas_threads"] = args.blas_threads
    print("load average (1/5/15 min) at start:", *(f"{x:.2f}" for x in info["load_before"]))
    distinct, articles = build_corpus(args.corpus, args.articles)
    per_text = [len(split_sentences([a])) for a in distinct]
    total = sum(per_text[i % len(distinct)] for i in range(len(articles)))
    print(f"corpus: {len(distinct)} distinct texts ({sum(per_text)} sentences) replicated to "
          f"{len(articles)} articles, {total} sentences")

    res = {p: spawn_phase(p, args) for p in PHASES}
    a, b, c, d, e = (res[p] for p in "abcde")
    keys_a, keys_c, keys_d = ({tuple(k) for k in r.pop("keys")} for r in (a, c, d))
    first = {art.id for art in articles[:len(distinct)]}  # the first copy of each text
    diff_distinct = len({k for k in keys_a ^ keys_c if k[0] in first})
    diff_all = len(keys_a ^ keys_c)
    diff_workers = len(keys_a ^ keys_d)

    print(f"\n{'phase':<34}{'load s':>8}{'run s':>9}{'sentences':>11}{'sent/s':>9}"
          f"{'parsed':>8}{'statements':>12}{'peak MB':>9}")
    for p, r in res.items():
        print(f"{p} {r['label']:<32}{r['load_s']:>8.1f}{r['run_s']:>9.1f}{r['sentences']:>11}"
              f"{r['sent_per_s']:>9.0f}{r['parsed'] / r['sentences']:>8.1%}"
              f"{r.get('statements', '-'):>12}{r['peak_rss_mb']:>9.0f}")
    for r in (b, e):
        print(f"  ({r['phase']}: split {r['split_s']:.1f} s + parse {r['parse_s']:.1f} s; "
              f"pipes {r['pipes']})")
    ratios = {"a_vs_b": a["sent_per_s"] / b["sent_per_s"],
              "a_vs_e": a["sent_per_s"] / e["sent_per_s"],
              "a_vs_c": a["sent_per_s"] / c["sent_per_s"],
              "d_vs_b": d["sent_per_s"] / b["sent_per_s"]}
    print(f"speed-up a vs b (full pipeline, all sentences): {ratios['a_vs_b']:.1f}x")
    print(f"speed-up a vs e (same, numpy matmul):           {ratios['a_vs_e']:.1f}x")
    print(f"speed-up a vs c (prefilter=False):              {ratios['a_vs_c']:.1f}x")
    print(f"speed-up d vs b (two parsing processes):        {ratios['d_vs_b']:.1f}x")
    info["load_after"] = os.getloadavg()
    print(f"load average after the runs: {' '.join(f'{x:.2f}' for x in info['load_after'])}"
          " (timings are unreliable if other work shared the CPUs)")
    print(f"statement differences a vs c: {diff_distinct} on the {len(distinct)} distinct articles, "
          f"{diff_all} on all {len(articles)}")
    if any(r["sentences"] != total for r in (a, b, e)):
        print(f"WARNING: sentence counts differ (corpus {total}, a {a['sentences']}, "
              f"b {b['sentences']}, e {e['sentences']})")
    if diff_all:
        print("WARNING: prefilter=True and prefilter=False give different statements")
    if diff_workers:
        print(f"WARNING: workers=2 gives different statements ({diff_workers})")

    gold = gold_scores(args.gold)
    if gold:
        print(f"\n{'labels F1':<18}{'pos polarity':>13}{'pos strict':>11}{'blame pol':>10}"
              f"{'blame strict':>13}")
        for name, s in gold.items():
            print(f"{name:<18}{s['positions_polarity_f1']:>13.3f}{s['positions_strict_f1']:>11.3f}"
                  f"{s['blame_polarity_f1']:>10.3f}{s['blame_strict_f1']:>13.3f}"
                  f"   ({s['articles']} articles, {s['labels']} labels)")
        with_pf, without = gold.values()
        if with_pf != without:
            print("WARNING: F1 on the labels differs between prefilter=True and prefilter=False")

    if args.json:
        args.json.write_text(json.dumps({
            "machine": info, "articles": len(articles), "distinct_texts": len(distinct),
            "sentences": total, "phases": res, "speedup": ratios,
            "statement_diff": {"distinct": diff_distinct, "all": diff_all, "workers": diff_workers},
            "gold": gold},
            indent=2, default=str))
        print(f"\nwrote {args.json}")


if __name__ == "__main__":
    main()
