"""The ``stance`` command: parses arguments, calls the library, prints one-line errors."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from .. import __version__
from ..errors import StanceError
from ..store import store

EXAMPLES = {
    "ingest": "stance ingest seeds/ --profile gaza --db stance.db",
    "extract": "stance extract --all --db stance.db",
    "export": "stance export statements.csv --party hamas --since 2024-01-01\n"
              "  stance export positions.csv --period month",
    "articles": "stance articles --undated",
    "date": "stance date 8b12821f 2025-01-09",
    "profile": "stance profile check my-negotiation.yaml",
    "rules": "stance rules list --profile gaza\n  stance rules report --gold labels/ --by name",
    "evaluate": "stance evaluate --gold labels/ --split test\n"
                "  stance evaluate --gold labels/ --by-group article --compare rules,model,combined",
}


def _date(value: str) -> dt.date:
    from ..io.dates import parse_date

    try:
        return parse_date(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


_CLASSIFIER_HELP = ("a learned model from `stance train` to combine with the rules (default: rules "
                    "only); if it cannot be used, the rules extract alone and a warning says why")


def _warn(message: str) -> None:
    print(f"stance: warning: {message}", file=sys.stderr)


def _workers(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if not 1 <= n <= 64:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of processes from 1 to 64")
    return n


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="stance", description="Track what negotiating parties demand, accept, reject and "
                                   "whom they blame, date by date, from news text.")
    parser.add_argument("--version", action="version", version=f"stance {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    examples = dict(EXAMPLES)
    for module in _extensions():
        examples.update(module.EXAMPLES)

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=help_text, description=help_text,
                              epilog=f"example:\n  {examples[name]}",
                              formatter_class=argparse.RawDescriptionHelpFormatter)

    db_help = "database: a SQLAlchemy URL or a SQLite file (default $STANCE_DB or stance.db)"
    p = command("ingest", "Read articles from files and folders, extract statements, store both.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (read recursively)")
    p.add_argument("--profile", default="gaza", help="negotiation profile id or file (default gaza)")
    p.add_argument("--db", help=db_help)
    p.add_argument("--date", type=_date, help="date every article read by this run (YYYY-MM-DD)")
    p.add_argument("--max-mb", type=float, default=20, help="largest file to read, in MB (default 20)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--workers", type=_workers, default=1,
                   help="parsing processes (default 1; 2 on a 2-core machine parses about 1.3x faster)")
    p.add_argument("--classifier", metavar="FILE", help=_CLASSIFIER_HELP)

    p = command("extract", "Re-run extraction over the stored articles (after rules or the model change).")
    p.add_argument("--all", action="store_true", required=True, help="every stored article")
    p.add_argument("--profile", help="use this profile instead of each article's own")
    p.add_argument("--db", help=db_help)
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--workers", type=_workers, default=1,
                   help="parsing processes (default 1; 2 on a 2-core machine parses about 1.3x faster)")
    p.add_argument("--classifier", metavar="FILE", help=_CLASSIFIER_HELP)

    p = command("export", "Write statements (exact spec columns) or positions per period as CSV.")
    p.add_argument("file", help="output file, or - for standard output")
    p.add_argument("--what", choices=("statements", "positions"),
                   help="default: positions when the file name starts with 'positions', else statements")
    p.add_argument("--db", help=db_help)
    p.add_argument("--party", action="append", default=[], help="only this party (repeatable)")
    p.add_argument("--issue", action="append", default=[], help="only this issue (repeatable)")
    p.add_argument("--kind", choices=("position", "blame"), help="only positions or only blame")
    p.add_argument("--since", type=_date, help="first date (YYYY-MM-DD)")
    p.add_argument("--until", type=_date, help="last date (YYYY-MM-DD)")
    p.add_argument("--period", choices=("day", "week", "month"), default="week",
                   help="period of positions.csv rows (default week)")

    p = command("articles", "List stored articles: id, date, statements, source.")
    p.add_argument("--db", help=db_help)
    p.add_argument("--undated", action="store_true", help="only articles without a date")

    p = command("date", "Set the date of a stored article (and of its statements).")
    p.add_argument("article_id", help="article id or a unique prefix of it")
    p.add_argument("day", type=_date, metavar="YYYY-MM-DD")
    p.add_argument("--db", help=db_help)

    p = command("profile", "List, show or check negotiation profiles.")
    p.add_argument("action", choices=("list", "show", "check"))
    p.add_argument("name", nargs="?", help="profile id or file (show, check)")

    p = command("rules", "List the named rules of a profile, or report how each does on the labels.")
    p.add_argument("action", choices=("list", "report"),
                   help="list: every named rule; report: per rule coverage, overlap, conflicts and "
                        "accuracy against the gold labels")
    p.add_argument("--profile", default="gaza")
    p.add_argument("--gold", default="labels", help="labels for `report` (a .jsonl file or folder)")
    p.add_argument("--corpus", action="append", default=[],
                   help="folder the labels' file paths are relative to (repeatable)")
    p.add_argument("--split", choices=("test", "train", "all"),
                   help="labels of this side of the split (default: train where labels/split.yaml "
                        "exists, else all)")
    p.add_argument("--by", choices=("id", "name"), default="id",
                   help="report: one row per rule id (default) or per named rule of the walk")

    p = command("evaluate", "Score extraction against gold labels (the spec's metric), with "
                            "bootstrap intervals and tables by split, negotiation and outlet.")
    p.add_argument("--gold", default="labels", help="a .jsonl file or folder of label files")
    p.add_argument("--corpus", action="append", default=[],
                   help="folder the labels' file paths are relative to (repeatable; default: "
                        "the repository and labels/corpus)")
    p.add_argument("--split", choices=("test", "train", "all"),
                   help="score the held-out articles (test), the ones rules and model are developed "
                        "on (train), or all (default; with --compare, train where a split exists); "
                        "the split is split.yaml beside the labels")
    p.add_argument("--split-file", help="the split, if not split.yaml beside the labels")
    p.add_argument("--system", default="rules", choices=("rules", "keywords"),
                   help="rules: the extractor (default); keywords: the keyword co-occurrence baseline")
    p.add_argument("--against", metavar="LABELS",
                   help="score this label file (another annotator's) instead of a system: agreement "
                        "between annotators in the spec's metric")
    p.add_argument("--bootstrap", type=int, default=1000, metavar="N",
                   help="bootstrap resamples of articles behind each interval (default 1000)")
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

    for module in _extensions():
        module.add_commands(command, db_help)
    return parser


_EXTENSION_MODULES = ("stance.cli.label", "stance.cli.model", "stance.cli.dashboard")


def _extensions():
    """Command groups kept in their own modules; each has ``EXAMPLES``, ``HANDLERS`` and
    ``add_commands(command, db_help)``, and imports heavy libraries only inside handlers."""
    import importlib

    return [importlib.import_module(name) for name in _EXTENSION_MODULES]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    handlers = dict(COMMANDS)
    for module in _extensions():
        handlers.update(module.HANDLERS)
    try:
        return handlers[args.command](args)
    except StanceError as exc:
        print(f"stance: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("stance: interrupted; what was stored before stays stored", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def _progress(quiet: bool, total: int | None = None, unit: str = "article"):
    if quiet or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return lambda stream: tqdm(stream, total=total, unit=unit, file=sys.stderr, dynamic_ncols=True)


def cmd_ingest(args) -> int:
    from ..pipeline import ingest
    from ..profile import load_profile

    profile = load_profile(args.profile)  # an unknown profile fails before anything is read
    engine = store.open_store(args.db)
    summary = ingest(args.paths, engine, profile=profile.path or args.profile, date=args.date,
                     max_bytes=int(args.max_mb * 1_000_000),
                     on_failure=lambda f: print(f"stance: error: {f}", file=sys.stderr),
                     progress=_progress(args.quiet), classifier=args.classifier, on_warning=_warn,
                     workers=args.workers)
    print(summary.line())
    if summary.undated:
        print(f"{summary.undated} article(s) have no date; date them with `stance date ID YYYY-MM-DD` "
              f"(see `stance articles --undated`): {', '.join(i[:8] for i in summary.undated_ids)}")
    return 1 if summary.failed else 0


def cmd_extract(args) -> int:
    from ..pipeline import extract_all

    engine = store.open_store(args.db, create=False)
    n_articles, n_statements = extract_all(engine, profile=args.profile, progress=_progress(args.quiet),
                                           classifier=args.classifier, on_warning=_warn,
                                           workers=args.workers)
    print(f"re-extracted {n_articles} articles: {n_statements} statements")
    return 0


def cmd_export(args) -> int:
    from ..analysis.aggregate import collapse_duplicates, positions_over_time
    from ..analysis.export import (
        write_file_atomically,
        write_positions,
        write_statements,
    )
    from ..analysis.stored import stored_statements

    engine = store.open_store(args.db, create=False)
    what = args.what or ("positions" if Path(args.file).name.startswith("positions") else "statements")
    rows = stored_statements(engine, party=args.party, issue=args.issue, kind=args.kind,
                             since=args.since, until=args.until)

    def write(out) -> int:
        if what == "positions":
            # a statement carried by several outlets counts once, as in the dashboard
            distinct = [d.statement for d in collapse_duplicates(rows)]
            return write_positions(positions_over_time(distinct, args.period), out)
        return write_statements(rows, out)

    if args.file == "-":
        write(sys.stdout)
        return 0
    n = write_file_atomically(args.file, write)  # a failed export never leaves half a file
    print(f"wrote {n} {what} rows to {args.file}")
    return 0


def cmd_articles(args) -> int:
    engine = store.open_store(args.db, create=False)
    counts: dict[str, int] = {}
    for row in store.statements(engine):
        counts[row.article_id] = counts.get(row.article_id, 0) + 1
    sources = store.article_sources(engine)
    for row in store.articles(engine):
        if args.undated and row.date:
            continue
        extra = f" (+{len(sources.get(row.id, [])) - 1} copies)" if len(sources.get(row.id, [])) > 1 else ""
        print(f"{row.id}  {row.date.isoformat() if row.date else 'undated   '}  "
              f"{counts.get(row.id, 0):3d} statements  {row.source}{extra}")
    return 0


def cmd_date(args) -> int:
    from ..pipeline import extract_all

    engine = store.open_store(args.db, create=False)
    full_id = store.article_id_of(engine, args.article_id)
    store.set_article_date(engine, full_id, args.day)
    # with a date, "on Tuesday" and "late last month" in the text can be resolved
    _, n = extract_all(engine, article_ids={full_id})
    print(f"dated article {full_id} {args.day.isoformat()}; re-extracted: {n} statements")
    return 0


def cmd_profile(args) -> int:
    from ..profile import builtin_profiles, check_profile, load_profile

    if args.action == "list":
        for name in builtin_profiles():
            prof = load_profile(name)
            print(f"{name:12} {len(prof.parties):2d} parties {len(prof.issues):2d} issues  {prof.name}")
        return 0
    if not args.name:
        raise StanceError(f"`stance profile {args.action}` needs a profile id or file")
    if args.action == "check":
        path = Path(args.name)
        problems = check_profile(path) if path.exists() else [f"{path}: no such file"]
        for problem in problems:
            print(f"{path}: {problem}" if not problem.startswith(str(path)) else problem)
        if problems:
            return 1
        prof = load_profile(path)
        aliases = sum(len(p.aliases) for p in prof.parties)
        print(f"{path}: ok: profile '{prof.id}', {len(prof.parties)} parties ({aliases} aliases), "
              f"{len(prof.issues)} issues")
        return 0
    prof = load_profile(args.name)
    print(f"{prof.id}: {prof.name}\n{prof.description}\n\nparties:")
    for party in prof.parties:
        print(f"  {party.id:20} {party.role:9} {party.name} ({len(party.aliases)} aliases)")
    print("issues:")
    for issue in prof.issues:
        print(f"  {issue.id:20} {issue.label}: {issue.description}")
    return 0


def cmd_rules(args) -> int:
    from ..profile import load_profile

    prof = load_profile(args.profile)
    if args.action == "report":
        from ..evaluation.evaluate import format_rule_summary
        from ..learn.compare import rules_report

        rows, total = rules_report(args.gold, corpus=args.corpus or None, split=args.split, by=args.by)
        print(format_rule_summary(rows, total=total), end="")
        return 0
    print("cue rules (stance/lexicon/cues.yaml and the profile's cues):")
    for cue in prof.cues:
        size = len(cue.lemmas) + len(cue.patterns)
        print(f"  cue.{cue.id:26} {cue.role:13} {size:3d} entries  {cue.description}")
    print("party alias rules:")
    for party in prof.parties:
        print(f"  party.{party.id:24} {len(party.aliases):3d} aliases")
    print("issue term rules:")
    for issue in prof.issues:
        print(f"  issue.{issue.id:24} {len(issue.terms):3d} terms")
        if issue.against:
            print(f"  issue.{issue.id + '.against':24} {len(issue.against):3d} terms")
    from ..extraction.rules import NAMED_RULES, STRUCTURAL_RULES

    print("attribution and composition rules (stance/extraction/rules/, stance/extraction/attribution.py):")
    for rule_id, text in STRUCTURAL_RULES.items():
        print(f"  {rule_id:31} {text}")
    print("named rules of the walk (stance/extraction/rules/; `stance rules report --by name`):")
    families = ("positions", "frames", "relatives", "accusation", "fault")
    for rule in sorted(NAMED_RULES.values(), key=lambda r: families.index(r.name.split(".")[0])):
        fires = f" [{', '.join(rule.rule_ids)}]" if rule.rule_ids else ""
        print(f"  {rule.name:31} {rule.summary}{fires}")
    return 0


def cmd_evaluate(args) -> int:
    from ..evaluation.gold import evaluate_gold
    from ..evaluation.heldout import evaluation_to_dict, format_evaluation

    if args.compare or args.by_group:
        return _evaluate_compare(args)
    if args.bootstrap < 1:
        raise StanceError("--bootstrap needs at least 1 resample")
    result = evaluate_gold(args.gold, corpus=args.corpus or None, prefilter=not args.no_prefilter,
                           split=args.split or "all", split_file=args.split_file, system=args.system,
                           against=args.against, replicates=args.bootstrap)
    if args.json:
        print(json.dumps(evaluation_to_dict(result), indent=2))
    else:
        print(format_evaluation(result, max_diffs=args.max_diffs), end="")
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
    result = compare_systems(args.gold, corpus=args.corpus or None, folds=args.folds,
                             prefilter=not args.no_prefilter,
                             split=args.split)
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


COMMANDS = {"ingest": cmd_ingest, "extract": cmd_extract, "export": cmd_export,
            "articles": cmd_articles, "date": cmd_date, "profile": cmd_profile,
            "rules": cmd_rules, "evaluate": cmd_evaluate}


def run() -> None:  # console-script entry point
    sys.exit(main())
