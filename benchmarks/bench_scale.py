"""Benchmark extraction on one process against a Dask LocalCluster of 1 and 2 workers.

Usage::

    python benchmarks/bench_scale.py [--articles 2000] [--corpus DIR ...] [--stream 300000]
                                     [--json OUT]

The seeds and ``labels/corpus/dev`` are replicated round-robin to N articles (each copy its
own id, as in ``bench_extract.py``). Three runs over the same articles, one after the other,
each extracting every article and storing it with its statements in a fresh SQLite file,
timed from the start of extraction (pipelines loading included) to the last article stored:

* ``single``: an in-process ``Extractor``, the default path of ``stance ingest``; in a fresh
  subprocess so that its peak memory is its own;
* ``cluster-1`` and ``cluster-2``: ``ClusterExtractor`` on a ``LocalCluster`` of 1 and 2 worker
  processes (``stance ingest --cluster local:N``); starting the cluster is timed apart, and
  each worker reports its own peak memory. The client only reads, sends and writes.

The three must store the same statements (checked). From the 2-worker rate per worker it
computes how many workers keep up with a stream of ``--stream`` articles a day (a GDELT-sized
stream is a few hundred thousand), at this corpus's article length and scaled to an article
of ``--sentences`` sentences. Run it on an otherwise idle machine: on 2 cores the workers and
the client share them.
"""

from __future__ import annotations

import argparse
import functools
import json
import math
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_extract import DEFAULT_CORPUS, build_corpus, peak_rss_mb  # noqa: E402


def store_all(articles: list, extractor, db: Path) -> dict:
    """Extract and store every article as ``stance ingest`` does; seconds and what was stored."""
    from sqlmodel import Session, select

    from stance.store import store
    from stance.store.tables import StatementRow

    engine = store.open_store(f"sqlite:///{db}")
    started = time.perf_counter()
    for article, found in extractor().extract_many(articles):
        store.add_article(engine, article, found, profile="gaza")
    seconds = time.perf_counter() - started
    with Session(engine) as session:
        keys = sorted((r.article_id, r.start, r.party, r.kind, r.issue, r.stance, r.target)
                      for r in session.exec(select(StatementRow)))
    return {"seconds": seconds, "articles": len(articles), "statements": len(keys),
            "articles_per_hour": len(articles) / seconds * 3600, "keys": keys}


def single(articles: list, db: Path) -> dict:
    from threadpoolctl import threadpool_limits

    from stance.extraction.extractor import Extractor

    with threadpool_limits(limits=1, user_api="blas"):  # one core, as one worker has
        out = store_all(articles, lambda: Extractor("gaza"), db)
    return {**out, "peak_rss_mb": [peak_rss_mb()]}


def cluster(articles: list, db: Path, workers: int) -> dict:
    from stance.distributed.connect import ClusterSpec, cluster_client
    from stance.distributed.extract import ClusterExtractor

    started = time.perf_counter()
    with cluster_client(ClusterSpec(local_workers=workers)) as client:
        client.wait_for_workers(workers)
        startup = time.perf_counter() - started
        out = store_all(articles, functools.partial(ClusterExtractor, client, "gaza"), db)
        peaks = client.run(peak_rss_mb)
    return {**out, "startup_s": startup, "peak_rss_mb": sorted(peaks.values()),
            "client_peak_rss_mb": peak_rss_mb()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--corpus", type=Path, nargs="+", default=DEFAULT_CORPUS)
    parser.add_argument("--stream", type=int, default=300_000, help="articles a day to keep up with")
    parser.add_argument("--sentences", type=int, default=30, help="sentences of a typical news article")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--phase", help=argparse.SUPPRESS)  # the single-process run, in its subprocess
    args = parser.parse_args()
    base, articles = build_corpus(args.corpus, args.articles)
    articles = articles[:args.articles]
    with tempfile.TemporaryDirectory() as tmp:
        if args.phase == "single":
            print(json.dumps(single(articles, Path(tmp) / "single.db")))
            return
        child = subprocess.run([sys.executable, __file__, "--phase", "single", "--articles", str(args.articles),
                                "--corpus", *map(str, args.corpus)], capture_output=True, text=True, check=True)
        runs = {"single": json.loads(child.stdout.strip().splitlines()[-1])}
        for n in (1, 2):
            runs[f"cluster-{n}"] = cluster(articles, Path(tmp) / f"cluster{n}.db", n)
    keys = [tuple(k) for k in runs["single"]["keys"]]  # from JSON: lists
    same = all([tuple(k) for k in r["keys"]] == keys for r in runs.values())
    sentences = sum(len(s) for s in _sentence_counts(articles))
    per_article = sentences / len(articles)
    print(f"corpus: {len(articles):,} articles ({len(base)} distinct texts), {sentences:,} sentences "
          f"({per_article:.1f} per article), {len(keys):,} statements")
    print(f"{'run':10} {'seconds':>8} {'articles/hour':>14} {'speed-up':>9}  peak RSS per process (MB)")
    rate = runs["single"]["articles_per_hour"]
    for name, r in runs.items():
        extra = f" (cluster start {r['startup_s']:.1f} s, client {r['client_peak_rss_mb']:.0f} MB)" \
            if "startup_s" in r else ""
        print(f"{name:10} {r['seconds']:8.1f} {r['articles_per_hour']:14,.0f} "
              f"{r['articles_per_hour'] / rate:8.2f}x  {', '.join(f'{m:.0f}' for m in r['peak_rss_mb'])}{extra}")
    print(f"same statements in all three runs: {'yes' if same else 'NO'}")
    per_worker = runs["cluster-2"]["articles_per_hour"] / 2
    per_hour = args.stream / 24
    scaled = per_worker * per_article / args.sentences
    need, need_scaled = math.ceil(per_hour / per_worker), math.ceil(per_hour / scaled)
    memory = max(runs["cluster-2"]["peak_rss_mb"])
    print(f"a stream of {args.stream:,} articles a day is {per_hour:,.0f} an hour; one worker (one core) does "
          f"{per_worker:,.0f} of these articles an hour: {need} worker(s), {need * memory / 1024:.1f} GB; "
          f"at {args.sentences} sentences an article {scaled:,.0f} an hour: {need_scaled} worker(s), "
          f"{need_scaled * memory / 1024:.1f} GB")
    if args.json:
        for r in runs.values():
            r.pop("keys")
        args.json.write_text(json.dumps({"articles": len(articles), "sentences": sentences, "runs": runs,
                                         "same_statements": same, "stream_per_day": args.stream,
                                         "per_worker_per_hour": per_worker, "workers_needed": need,
                                         "workers_needed_at_sentences": need_scaled}, indent=2) + "\n")
    if not same:
        sys.exit("the runs stored different statements")


def _sentence_counts(articles: list):
    from stance.nlp.pipelines import blank_pipeline

    blank = blank_pipeline()
    for article in articles:
        yield [s for s in blank(article.text).sents if s.text.strip()]


if __name__ == "__main__":
    main()
