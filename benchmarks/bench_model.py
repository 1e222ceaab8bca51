"""Benchmark the learned model: how long training and evaluation take, and how F1 grows with labels.

Usage::

    python benchmarks/bench_model.py [--gold labels/] [--split train] [--shares 0.25 0.5 0.75 1] [--seeds 3]
                                     [--folds 5] [--json OUT]

* **Timing**: reading and parsing the labelled articles, the nested grouped
  cross-validation of the three systems, and fitting the final model (what
  ``stance train`` and ``stance evaluate --compare`` do), in seconds.
* **Learning curve**: the same outer folds (grouped by article) with only a share of
  each fold's training articles; F1 of positions and blame (polarity) for the model
  alone and combined with the rules, against the number of labels trained on
  (averaged over ``--seeds`` draws of the training articles for shares below 1).
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", default=str(REPO / "labels"))
    parser.add_argument("--split", default=None, choices=("test", "train", "all"),
                        help="labels of this side of the split (default: train where a split exists)")
    parser.add_argument("--shares", type=float, nargs="+", default=[0.25, 0.5, 0.75, 1.0])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--json", help="write every number to this JSON file")
    args = parser.parse_args(argv)

    from stance.learn.crossval import cross_validate
    from stance.evaluation.gold import split_labels
    from stance.learn.dataset import collect
    from stance.learn.model import train

    timing = {}
    start = time.perf_counter()
    data = collect(split_labels(args.gold, split=args.split))
    timing["collect_s"] = time.perf_counter() - start
    start = time.perf_counter()
    full = cross_validate(data, folds=args.folds)
    timing["cross_validate_s"] = time.perf_counter() - start
    start = time.perf_counter()
    train(data, profile="gaza")
    timing["train_s"] = time.perf_counter() - start
    print(f"{data.n_labels} labels, {len(data.gold)} articles, {len(data.candidates)} candidates")
    print("seconds: " + ", ".join(f"{k[:-2]} {v:.1f}" for k, v in timing.items()))

    curve = []
    for share in args.shares:
        runs = [full] if share >= 1 else [cross_validate(data, folds=args.folds, train_share=share, seed=s)
                                          for s in range(args.seeds)]
        point = {"share": share, "runs": len(runs),
                 "train_labels": sum(sum(r.train_labels) / len(r.train_labels) for r in runs) / len(runs)}
        for system in ("rules", "model", "combined"):
            for kind in ("positions", "blame"):
                point[f"{system}_{kind}_f1"] = sum(getattr(r.reports[system], kind).polarity.f1
                                                   for r in runs) / len(runs)
        curve.append(point)
    print("\nlearning curve (grouped CV by article; F1 polarity; mean labels trained on per fold)")
    print(f"{'share':>5} {'labels':>6}  {'rules pos':>9} {'model pos':>9} {'comb pos':>9}  "
          f"{'rules bl':>8} {'model bl':>8} {'comb bl':>8}")
    for p in curve:
        print(f"{p['share']:5.2f} {p['train_labels']:6.0f}  {p['rules_positions_f1']:9.3f} "
              f"{p['model_positions_f1']:9.3f} {p['combined_positions_f1']:9.3f}  "
              f"{p['rules_blame_f1']:8.3f} {p['model_blame_f1']:8.3f} {p['combined_blame_f1']:8.3f}")
    if args.json:
        Path(args.json).write_text(json.dumps({"timing": timing, "curve": curve, "labels": data.n_labels,
                                               "articles": len(data.gold), "machine": platform.platform()},
                                              indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
