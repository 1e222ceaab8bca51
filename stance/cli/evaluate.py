"""The evaluation command: score extraction against gold labels, or compare systems."""

from __future__ import annotations

import json

from ..errors import StanceError
from ..evaluation.split import SPLITS
from .model import add_learning_options, recipe_of, weak_of

EXAMPLES: dict[str, str] = {
    "evaluate": "stance evaluate --gold labels/ --split test\n"
                "  stance evaluate --gold labels/ --by-group article --compare rules,model,combined",
}


def add_commands(command, db_help: str) -> None:
    """Add this group's subcommands; ``command(name, help)`` returns an argparse parser."""
    p = command("evaluate", "Score extraction against gold labels (the spec's metric), with "
                            "bootstrap intervals and tables by split, negotiation and outlet.")
    p.add_argument("--gold", default="labels", help="a .jsonl file or folder of label files")
    p.add_argument("--corpus", action="append", default=[],
                   help="folder the labels' file paths are relative to (repeatable; default: "
                        "the repository and labels/corpus)")
    p.add_argument("--split", choices=SPLITS,
                   help="score the held-out articles (test), the ones rules and model are developed "
                        "on (train), or all (default; with --compare, train where a split exists); "
                        "the split is split.yaml beside the labels")
    p.add_argument("--split-file", help="the split, if not split.yaml beside the labels")
    p.add_argument("--system", default="rules", choices=("rules", "keywords", "model", "combined"),
                   help="rules: the extractor (default); keywords: the keyword co-occurrence baseline; "
                        "model, combined: the learned model alone or with the rules, trained on the "
                        "train side of the split and scored on the test side")
    p.add_argument("--against", metavar="LABELS",
                   help="score this label file (another annotator's) instead of a system: agreement "
                        "between annotators in the spec's metric")
    p.add_argument("--bootstrap", type=int, default=1000, metavar="N",
                   help="bootstrap resamples of articles behind each interval (default 1000)")
    p.add_argument("--attribution", action="store_true",
                   help="score who says each gold statement: the speaker step and the rules' holders")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--no-prefilter", action="store_true", help="parse every sentence (slow path)")
    p.add_argument("--max-diffs", type=int, default=30, help="misses/false hits to list")
    p.add_argument("--by-group", choices=("article",),
                   help="grouped cross-validation of the learned model: no article is in both "
                        "training and test")
    p.add_argument("--compare", metavar="SYSTEMS",
                   help="comma-separated systems to compare in one table: rules, model, combined "
                        "(implies --by-group article)")
    p.add_argument("--folds", type=int, default=5, help="outer cross-validation folds (default 5)")
    add_learning_options(p)


def cmd_evaluate(args) -> int:
    from ..evaluation.gold import evaluate_gold
    from ..evaluation.heldout import evaluation_to_dict, format_evaluation

    if args.compare or args.by_group:
        return _evaluate_compare(args)
    if args.attribution:
        return _evaluate_attribution(args)
    if args.bootstrap < 1:
        raise StanceError("--bootstrap needs at least 1 resample")
    if args.system in ("model", "combined"):
        result = _learned_evaluation(args)
    else:
        result = evaluate_gold(args.gold, corpus=args.corpus or None, prefilter=not args.no_prefilter,
                               split=args.split or "all", split_file=args.split_file, system=args.system,
                               against=args.against, replicates=args.bootstrap)
    if args.json:
        print(json.dumps(evaluation_to_dict(result), indent=2))
    else:
        print(format_evaluation(result, max_diffs=args.max_diffs), end="")
    return 0


def _learned_evaluation(args):
    """The model (or the rules and the model combined) trained on `train`, scored on `test`."""
    from ..learn.heldout import evaluate_learned

    if args.against:
        raise StanceError("--against scores another label file, not a system: leave out --system")
    recipe = recipe_of(args)
    return evaluate_learned(args.gold, system=args.system, split=args.split or "test",
                            corpus=args.corpus or None, split_file=args.split_file, recipe=recipe,
                            weak=weak_of(args, recipe), replicates=args.bootstrap)


def _evaluate_attribution(args) -> int:
    from ..evaluation.attribution import attribution_to_dict, format_attribution, score_attribution
    from ..evaluation.gold import load_corpus

    data = load_corpus(args.gold, corpus=args.corpus or None, split=args.split or "all",
                       split_file=args.split_file)
    report = score_attribution(data)
    print(json.dumps(attribution_to_dict(report), indent=2) if args.json else format_attribution(report),
          end="\n" if args.json else "")
    return 0


def _evaluate_compare(args) -> int:
    from ..evaluation.evaluate import (
        format_comparison,
        format_confusion,
        format_groups,
        report_to_dict,
    )
    from ..learn.compare import compare_systems

    known = ("rules", "model", "combined")
    systems = [s.strip() for s in (args.compare or ",".join(known)).split(",") if s.strip()]
    unknown = [s for s in systems if s not in known]
    if unknown or not systems:
        raise StanceError(f"--compare takes a comma-separated list of {', '.join(known)}; "
                          f"got {args.compare!r}")
    if args.folds < 2:
        raise StanceError(f"--folds must be at least 2, got {args.folds}")
    recipe = recipe_of(args)
    result = compare_systems(args.gold, corpus=args.corpus or None, folds=args.folds,
                             prefilter=not args.no_prefilter, split=args.split, recipe=recipe,
                             weak=weak_of(args, recipe))
    if args.json:
        print(json.dumps({
            "labels": result.n_labels, "articles": result.n_articles, "folds": result.folds,
            "systems": {s: report_to_dict(result.reports[s]) for s in systems},
            "confusion": {s: {f"{g}->{p}": n for (g, p), n in result.confusion[s].items()} for s in systems},
            "brier": result.reliability.brier, "thresholds": result.thresholds,
            "out_of_domain": {s: report_to_dict(r) for s, r in result.out_of_domain.items() if s in systems},
        }, indent=2))
        return 0
    print(f"{result.n_labels} labels over {result.n_articles} articles; grouped by article, "
          f"{result.folds} folds; thresholds chosen on inner folds of the training articles")
    print(format_comparison({s: result.reports[s] for s in systems}))
    if result.out_of_domain:
        print(f"Out of domain: trained on the '{result.main_profile}' articles, scored on "
              f"{', '.join(result.other_profiles)}:")
        print(format_comparison({s: result.out_of_domain[s] for s in systems}))
    rel = result.reliability
    print(f"Model calibration on held-out candidates: Brier {rel.brier:.3f} over {rel.n}")
    print("  probability   n  mean p  right")
    for lo, hi, n, mean_p, right in rel.bins:
        print(f"  {lo:.1f}-{hi:.1f}  {n:5d}  {mean_p:6.3f} {right:6.3f}")
    last = systems[-1]
    print(f"\n{last} (held-out):")
    print(format_groups(result.reports[last]))
    for s in systems:
        print(f"Stances of {s}, per article and (party, issue):")
        print(format_confusion(result.confusion[s]))
    return 0


HANDLERS: dict = {"evaluate": cmd_evaluate}
