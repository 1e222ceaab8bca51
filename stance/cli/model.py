"""The learned model's commands: train."""

from __future__ import annotations

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
    from ..learn.persist import save_model

    labels = [lab for lab in split_labels(args.gold, split=args.split, corpus=args.corpus or None)
              if (lab.profile or "gaza") == args.profile]
    if not labels:
        raise StanceError(f"no labels of profile '{args.profile}' in {args.gold} "
                          f"(split {args.split or 'default'})")
    out = Path(args.out or f"models/{args.profile}.skops")
    if not out.parent.is_dir():
        raise StanceError(f"cannot write {out}: folder {out.parent} does not exist")
    data = collect(labels, corpus=args.corpus or None)
    scores: dict = {}
    if args.folds:
        if len(data.gold) < 2:
            raise StanceError("cross-validation needs labels in at least 2 articles (or give --folds 0)")
        cv = cross_validate(data, folds=args.folds)
        print(f"{data.n_labels} labels over {len(data.gold)} articles; grouped cross-validation, "
              f"{cv.folds} folds (no article in both training and test):")
        print(format_comparison(cv.reports), end="")
        scores = {system: {"positions_f1": round(r.positions.polarity.f1, 4),
                           "blame_f1": round(r.blame.polarity.f1, 4)}
                  for system, r in cv.reports.items()}
    model = train(data, profile=args.profile, scores=scores)
    save_model(model, out)
    print(f"saved model {model.version} ({data.n_labels} labels, {len(data.gold)} articles, "
          f"profile {args.profile}) to {out}")
    return 0


HANDLERS: dict = {"train": cmd_train}


def add_commands(command, db_help: str) -> None:
    """Add this group's subcommands; ``command(name, help)`` returns an argparse parser."""
    p = command("train", "Train the learned model on gold labels, print cross-validated scores, save it.")
    p.add_argument("--gold", default="labels", help="a .jsonl file or folder of label files (default labels)")
    p.add_argument("--out", help="model file to write (default models/PROFILE.skops)")
    p.add_argument("--profile", default="gaza", help="train on the labels of this profile (default gaza)")
    p.add_argument("--corpus", action="append", default=[],
                   help="folder the labels' file paths are relative to (repeatable)")
    p.add_argument("--folds", type=int, default=5,
                   help="grouped cross-validation folds to report (0: skip; default 5)")
    p.add_argument("--split", choices=SPLITS,
                   help="train on this side of the split (default: train where split.yaml is beside "
                        "the labels, else all)")
