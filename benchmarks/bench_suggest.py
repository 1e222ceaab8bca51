"""Benchmark `stance profile suggest`: do terms taken out of a built-in profile come back?

Usage::

    python benchmarks/bench_suggest.py [--gold labels/] [--profiles gaza hezbollah ...] [--share 0.3]
                                       [--repeats 5] [--top 10 20] [--sample gaza] [--json OUT]

**Leave terms out.** For each profile and each of its issues, ``--repeats`` times: a
random ``--share`` of the issue's terms (phrases and token patterns alike) is removed,
and suggestions for that issue are made from the profile's labelled ``train`` articles
(``labels/split.yaml``: the test articles are never read) with the reduced profile. A
removed term is *evaluable* when the reduced profile no longer covers its places in
at least two sentences (a phrase seen once cannot be told from noise; terms the other
terms still cover, or that the corpus never uses, teach nothing); it *comes back* when
one of the top k suggestions is found, at its head, in at least half of those places.
Recall@k per issue is recovered / evaluable, summed over repeats.

Two baselines rank the same free phrases: by frequency alone, and by sentence
co-occurrence with the issue's terms alone (G² in the same window, no dependency contexts).

``--sample`` prints the top suggestions for a profile's issues as a reviewer sees them.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from stance.evaluation.gold import load_corpus
from stance.extraction.matching import ProfileMatcher
from stance.nlp.pipelines import parsing_pipeline
from stance.profile import Issue, Profile, load_profile
from stance.profiling.corpus import observe, parse_articles
from stance.profiling.report import format_table
from stance.profiling.suggest import Suggestion, g2, sentences_near, suggest_terms

METHODS = ("suggest", "frequency", "together")


def train_articles(gold: str) -> dict[str, list]:
    """The train-side articles of each negotiation."""
    data = load_corpus(gold, split="train")
    unique = {a.id: a for a in data.articles.values()}
    out: dict[str, list] = defaultdict(list)
    for art_id, art in sorted(unique.items()):
        out[data.profiles[art_id]].append(art)
    return dict(out)


def term_places(parsed, term, issue: Issue) -> list[tuple[int, int, int]]:
    """``(sentence, start, end)`` of each match of one term."""
    alone = Profile(id="t", name="t", description="", parties=(),
                    issues=(dataclasses.replace(issue, terms=(term,), against=()),), cues=())
    matcher = ProfileMatcher(alone, parsing_pipeline())
    places = []
    for n, item in enumerate(parsed):
        _, hits, _ = matcher.find(item.doc)
        places += [(n, h.start, h.end) for h in hits]
    return places


def baseline(observations, issue: str, method: str, top: int) -> list[Suggestion]:
    """Free phrases ranked by frequency, or by co-occurrence alone."""
    facts = observations.sentences
    with_issue = sentences_near(observations, issue)
    groups = defaultdict(list)
    for p in observations.phrases:
        groups[p.key].append(p)
    ranked = []
    for key, occ in groups.items():
        where = {p.sentence for p in occ}
        if len(where) < 2:
            continue
        together = len(where & with_issue)
        score = len(where) if method == "frequency" else g2(together, len(where), len(with_issue), len(facts))
        ranked.append(Suggestion(issue, key, occ[0].kind, (occ[0].surface,), len(where), together, 0.0, 0.0,
                                 score, (), frozenset((p.sentence, p.head) for p in occ)))
    ranked.sort(key=lambda s: (-s.score, s.key))
    return ranked[:top]


def comes_back(places: list[tuple[int, int, int]], suggestions: list[Suggestion]) -> bool:
    """Whether one suggestion is found, at its head, in at least half of the places."""
    for s in suggestions:
        found = sum(any((n, h) in s.places for h in range(a, b)) for n, a, b in places)
        if found * 2 >= len(places):
            return True
    return False


def leave_out(name: str, profile: Profile, parsed, *, share: float, repeats: int, tops: list[int]) -> dict:
    """Recall@k per issue and method for one profile."""
    per_issue = {}
    for issue in profile.issues:
        counts = {m: Counter() for m in METHODS}
        evaluable = singletons = removed_total = 0
        for r in range(repeats):
            rng = random.Random(f"{name}:{issue.id}:{r}")
            n_out = max(1, math.ceil(share * len(issue.terms)))
            if n_out >= len(issue.terms):
                continue
            out = set(rng.sample(range(len(issue.terms)), n_out))
            kept = tuple(t for i, t in enumerate(issue.terms) if i not in out)
            reduced = dataclasses.replace(profile, issues=tuple(
                dataclasses.replace(i, terms=kept) if i.id == issue.id else i for i in profile.issues))
            obs = observe(parsed, reduced)
            lists = {"suggest": suggest_terms(obs, issue.id, top=max(tops))}
            for method in METHODS[1:]:
                lists[method] = baseline(obs, issue.id, method, max(tops))
            removed_total += n_out
            for i in sorted(out):
                lost = [(n, a, b) for n, a, b in term_places(parsed, issue.terms[i], issue)
                        if not obs.sentences[n].taken.intersection(range(a, b))]
                if len({n for n, _, _ in lost}) < 2:
                    singletons += bool(lost)
                    continue
                evaluable += 1
                for method, ranked in lists.items():
                    for k in tops:
                        counts[method][k] += comes_back(lost, ranked[:k])
        per_issue[issue.id] = {
            "terms": len(issue.terms), "removed": removed_total, "evaluable": evaluable,
            "lost_once": singletons,
            "recall": {m: {k: (counts[m][k] / evaluable if evaluable else None) for k in tops} for m in METHODS},
            "recovered": {m: {k: counts[m][k] for k in tops} for m in METHODS}}
    return per_issue


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", default=str(REPO / "labels"))
    parser.add_argument("--profiles", nargs="+", default=None,
                        help="negotiations to measure (default: every one with train articles)")
    parser.add_argument("--share", type=float, default=0.3, help="share of an issue's terms removed")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--top", type=int, nargs="+", default=[10, 20])
    parser.add_argument("--sample", default="gaza", help="print the top suggestions of this profile ('' for none)")
    parser.add_argument("--json", help="write every number to this JSON file")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    by_profile = train_articles(args.gold)
    names = args.profiles or sorted(by_profile)
    results = {}
    parsed_by = {}
    for name in names:
        profile = load_profile(name)
        t0 = time.perf_counter()
        parsed = parse_articles(by_profile.get(name, []))
        parsed_by[name] = parsed
        t1 = time.perf_counter()
        per_issue = leave_out(name, profile, parsed, share=args.share, repeats=args.repeats, tops=args.top)
        results[name] = {"articles": len(by_profile.get(name, [])), "sentences": len(parsed),
                         "parse_s": round(t1 - t0, 1), "leave_out_s": round(time.perf_counter() - t1, 1),
                         "issues": per_issue}
        print(f"\n{name}: {len(by_profile.get(name, []))} train articles, {len(parsed)} sentences "
              f"(parsed in {t1 - t0:.0f} s; leave-out runs {time.perf_counter() - t1:.0f} s)")
        header = f"  {'issue':18} {'terms':>5} {'eval':>4} {'once':>4}" + "".join(
            f" {m[:8] + '@' + str(k):>12}" for m in METHODS for k in args.top)
        print(header)
        for issue_id, row in per_issue.items():
            cells = "".join(
                f" {'-' if row['recall'][m][k] is None else format(row['recall'][m][k], '.2f'):>12}"
                for m in METHODS for k in args.top)
            print(f"  {issue_id:18} {row['terms']:5d} {row['evaluable']:4d} {row['lost_once']:4d}{cells}")
        total = sum(r["evaluable"] for r in per_issue.values())
        pooled = "".join(
            f" {sum(r['recovered'][m][k] for r in per_issue.values()) / total if total else 0:12.2f}"
            for m in METHODS for k in args.top)
        print(f"  {'all issues':18} {'':5} {total:4d} {'':4}{pooled}")
        results[name]["pooled"] = {m: {k: (sum(r["recovered"][m][k] for r in per_issue.values()) / total
                                          if total else None) for k in args.top} for m in METHODS}
    if args.sample:
        profile = load_profile(args.sample)
        parsed = parsed_by.get(args.sample) or parse_articles(by_profile.get(args.sample, []))
        obs = observe(parsed, profile)
        print(f"\nTop suggestions for the full '{args.sample}' profile, as a reviewer sees them:")
        for issue in profile.issue_ids:
            print(format_table(suggest_terms(obs, issue, top=5), evidence=1), end="")
    print(f"\ntotal {time.perf_counter() - started:.0f} s")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
