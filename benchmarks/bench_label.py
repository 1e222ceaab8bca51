"""Benchmark the labelling screen: how long a task takes to appear, how many keys a sentence takes.

Usage::

    python benchmarks/bench_label.py [--corpus DIR ...] [--gold labels/gold.jsonl] [--tasks 60]
                                     [--json OUT]

On a fresh SQLite database holding the corpus (default ``seeds/`` and
``labels/corpus/dev``):

* startup: load the spaCy model, split every stored article into tasks, read the labels
  folder (the Python imports, about a second more, are not included);
* time to show a task: the real :class:`~stance.labeling.tui.LabelApp` on a pipe input
  with a screen of 80x24, ``--tasks`` sentences accepted with ``a``; the time from each
  key to the end of the next screen drawing, which includes writing the decision
  (journal fsync and store) and finding the next task;
* keystrokes: on the candidate sentences of the gold-labelled articles, the keys that
  turn the extractor's suggestions into the gold answer with the screen's keys: 1 when
  the suggestions are right (Enter) or the sentence holds none (``n``); otherwise
  2 per wrong suggestion (select, ``d``), ``+``, the shortest unique prefix of each word,
  the spaces and Enter per missing statement, and the final Enter.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = [REPO / "seeds", REPO / "labels" / "corpus" / "dev"]


def unique_prefix(word: str, options) -> int:
    """Characters to type before ``word`` is the first type-ahead match among ``options``."""
    for n in range(1, len(word) + 1):
        typed = word[:n]
        matches = [o for o in options if o.startswith(typed)]
        if matches and matches[0] == word:
            return n
    return len(word)


def keys_for(suggested: set, gold: set, profile) -> int:
    """Keys to turn the suggestions into the gold statements (see the module docstring)."""
    if suggested == gold or (not gold and not suggested):
        return 1
    if not gold:
        return 1  # n: no statement
    keys = 2 * len(suggested - gold)
    kinds = ("demand", "accept", "reject", "blame")
    for party, kind, issue, stance, target in gold - suggested:
        words = [unique_prefix(party, profile.party_ids)]
        if kind == "blame":
            words.append(unique_prefix("blame", kinds))
            words.append(unique_prefix(target, profile.party_ids))
            if issue:
                words.append(unique_prefix(issue, profile.issue_ids))
        else:
            words.append(unique_prefix(stance, kinds))
            words.append(unique_prefix(issue, profile.issue_ids))
        keys += 1 + sum(words) + (len(words) - 1) + 1  # "+", words, spaces, Enter
    return keys + 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", nargs="+", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--gold", type=Path, default=REPO / "labels" / "gold.jsonl")
    parser.add_argument("--tasks", type=int, default=60, help="tasks to accept for the timing")
    parser.add_argument("--json", type=Path, help="write the numbers to this file")
    args = parser.parse_args()

    from prompt_toolkit.data_structures import Size
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output.vt100 import Vt100_Output

    from stance.labeling.decisions import done_by, statements_of
    from stance.labeling.tasks import order_tasks, queue
    from stance.labeling.tui import LabelApp
    from stance.labeling.workspace import Workspace
    from stance.pipeline import ingest
    from stance.profile import load_profile
    from stance.store import store

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        engine = store.open_store(str(db))
        summary = ingest([str(c) for c in args.corpus if c.exists()], engine)
        folder = Path(tmp) / "labels"
        folder.mkdir()
        if args.gold.exists():
            (folder / "gold.jsonl").write_bytes(args.gold.read_bytes())

        from stance.nlp.pipelines import blank_pipeline, parsing_pipeline

        parsing_pipeline.cache_clear()  # startup as an annotator sees it: the model loads too
        blank_pipeline.cache_clear()
        t0 = time.perf_counter()
        space = Workspace(engine, folder)
        startup = time.perf_counter() - t0
        profile = load_profile("gaza")
        tasks = order_tasks([t for t in space.tasks.tasks if t.profile == "gaza"], "document")

        # keystrokes against gold, on the candidate sentences of gold-labelled articles
        decisions = space.decisions()
        gold_tasks = {task: lines for (who, task), lines in decisions.items() if who == "gold"}
        counts = []
        for task in tasks:
            if task.id not in gold_tasks:
                continue
            gold = {(s.party, s.kind, s.issue, s.stance, s.target) for s in statements_of(gold_tasks[task.id])}
            counts.append(keys_for({s.key for s in task.statements}, gold, profile))

        # time to show a task
        class Screen(io.StringIO):
            encoding = "utf-8"

        output = Vt100_Output(Screen(), lambda: Size(rows=24, columns=80), term="xterm")

        def remaining():
            return queue(tasks, done_by(space.decisions()), "bench", reference=space.reference)

        n = min(args.tasks, len(remaining()) - 1)
        stamps: list[float] = []
        with create_pipe_input() as pipe:
            app = LabelApp(space, "bench", profile, remaining, total=len(tasks), input=pipe,
                           output=output)
            app.app.after_render += lambda _: stamps.append(time.perf_counter())
            sent: list[float] = []

            async def feed():
                import asyncio

                await asyncio.sleep(0.3)  # first drawing
                for _ in range(n):
                    before = len(stamps)
                    sent.append(time.perf_counter())
                    pipe.send_text("a")
                    while len(stamps) == before:
                        await asyncio.sleep(0.0005)
                    await asyncio.sleep(0.01)  # let the drawing settle before the next key
                pipe.send_text("q")

            app.app.pre_run_callables.append(lambda: app.app.create_background_task(feed()))
            app.run()
        shown = []
        for at in sent:
            after = [s for s in stamps if s >= at]
            if after:
                shown.append(after[0] - at)

    result = {
        "articles": summary.new, "candidate_tasks": len(tasks), "startup_s": round(startup, 3),
        "time_to_show_ms": {"median": round(1000 * statistics.median(shown), 1),
                            "p90": round(1000 * sorted(shown)[int(0.9 * (len(shown) - 1))], 1),
                            "max": round(1000 * max(shown), 1), "tasks": len(shown)},
        "keystrokes": {"gold_sentences": len(counts),
                       "one_key_share": round(sum(c == 1 for c in counts) / len(counts), 3) if counts else None,
                       "mean": round(statistics.mean(counts), 2) if counts else None,
                       "median": statistics.median(counts) if counts else None},
        "python": sys.version.split()[0],
    }
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
