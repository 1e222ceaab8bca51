"""The learned model's commands: train."""

from __future__ import annotations

import sys

from ..evaluation.split import SPLITS

EXAMPLES: dict[str, str] = {
    "train": "stance train --gold labels/ --out models/gaza.skops",
}


def cmd_train(args) -> int:
    from pathlib import Path

    from ..errors import StanceError
    from ..evaluation.evaluate import format_comparison
    from ..evaluation.gold import split_labels
    from ..learn.crossval import cross_validate
    from ..learn.dataset import collect
    from ..learn.model import train
    from ..learn.persist import ANY_PROFILE, save_model

    every = args.profile == "all"
    labels = [lab for lab in split_labels(args.gold, split=args.split, corpus=args.corpus or None)
              if every or (lab.profile or "gaza") == args.profile]
    if not labels:
        raise StanceError(f"no labels of profile '{args.profile}' in {args.gold} "
                          f"(split {args.split or 'default'})")
    out = Path(args.out or f"models/{args.profile}.skops")
    if args.out is None and not out.parent.exists():
        out.parent.mkdir()  # the default folder is made; a folder the user names must exist
    if not out.parent.is_dir():
        raise StanceError(f"cannot write {out}: folder {out.parent} does not exist")
    recipe = recipe_of(args)
    data = collect(labels, corpus=args.corpus or None)
    weak = weak_of(args, recipe)
    scores: dict = {}
    if args.folds:
        if len(data.gold) < 2:
            raise StanceError("cross-validation needs labels in at least 2 articles (or give --folds 0)")
        cv = cross_validate(data, folds=args.folds, recipe=recipe, weak=weak)
        print(f"{data.n_labels} labels over {len(data.gold)} articles; grouped cross-validation, "
              f"{cv.folds} folds (no article in both training and test):")
        print(format_comparison(cv.reports), end="")
        scores = {system: {"positions_f1": round(r.positions.polarity.f1, 4),
                           "blame_f1": round(r.blame.polarity.f1, 4)}
                  for system, r in cv.reports.items()}
    model = train(data, profile=ANY_PROFILE if every else args.profile, recipe=recipe, weak=weak,
                  scores=scores)
    save_model(model, out)
    print(f"saved model {model.version} ({data.n_labels} labels, {len(data.gold)} articles, "
          f"profile {args.profile}) to {out}")
    return 0


def recipe_of(args):
    """The fitting recipe the options ask for."""
    from ..errors import StanceError
    from ..learn.estimator import Recipe
    from ..learn.weak import DEFAULT_WEAK_WEIGHT, RULE_SYMBOLS

    weight = args.weak_weight if args.weak_weight is not None else (
        DEFAULT_WEAK_WEIGHT if args.unlabelled else 0.0)
    if weight < 0 or (weight > 0 and not args.unlabelled):
        raise StanceError("--weak-weight needs --unlabelled DIR and a weight of 0 or more")
    return Recipe(drop_symbols=RULE_SYMBOLS if args.without_rule_features else (), weak_weight=weight)


def weak_of(args, recipe):
    """The weak labels of ``--unlabelled``, its copies of labelled articles left out, or None."""
    if not args.unlabelled or recipe.weak_weight <= 0:
        return None
    from ..learn.weak import weak_beside

    weak = weak_beside(args.gold, args.unlabelled, corpus=args.corpus or None)
    report_weak(weak, args.unlabelled)
    return weak


def report_weak(weak, where) -> None:
    """One line on what the weak labels came from, and one on the files that could not be
    read (they are left out; nothing else is lost)."""
    print(f"weak labels: {len(weak)} candidates of "
          f"{sum(weak.articles.values())} unlabelled articles ({where})", file=sys.stderr)
    if weak.failures:
        path, problem = weak.failures[0]
        print(f"stance: {len(weak.failures)} unlabelled file(s) could not be read and are left out "
              f"(first: {path}: {problem})", file=sys.stderr)


def add_learning_options(p) -> None:
    """``--unlabelled``, ``--weak-weight`` and ``--without-rule-features``: how the model is fitted."""
    p.add_argument("--unlabelled", metavar="DIR",
                   help="unlabelled articles, one folder per profile id (e.g. labels/unlabelled): the "
                        "rules label them and the model learns from those weak labels too")
    p.add_argument("--weak-weight", type=float, metavar="W",
                   help="sample weight of a weak label against a hand label's 1 (default 0.3 with "
                        "--unlabelled)")
    p.add_argument("--without-rule-features", action="store_true",
                   help="the model does not read the rules' own answers (rule ids and stances)")


HANDLERS: dict = {"train": cmd_train}


def add_commands(command, db_help: str) -> None:
    """Add this group's subcommands; ``command(name, help)`` returns an argparse parser."""
    p = command("train", "Train the learned model on gold labels, print cross-validated scores, save it.")
    p.add_argument("--gold", default="labels", help="a .jsonl file or folder of label files (default labels)")
    p.add_argument("--out", help="model file to write (default models/PROFILE.skops)")
    p.add_argument("--profile", default="gaza",
                   help="train on the labels of this profile (default gaza); 'all': on every "
                        "profile's labels, a model that reads any profile")
    p.add_argument("--corpus", action="append", default=[],
                   help="folder the labels' file paths are relative to (repeatable)")
    p.add_argument("--folds", type=int, default=5,
                   help="grouped cross-validation folds to report (0: skip; default 5)")
    p.add_argument("--split", choices=SPLITS,
                   help="train on this side of the split (default: train where split.yaml is beside "
                        "the labels, else all)")
    add_learning_options(p)
