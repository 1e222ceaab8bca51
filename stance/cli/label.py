"""The annotators' commands: label, agreement, review, labels export|import|status."""

from __future__ import annotations

import json
import os
import sys
from collections import Counter

from ..errors import StanceError

EXAMPLES: dict[str, str] = {
    "label": "stance label --annotator ann --order uncertain --db stance.db",
    "agreement": "stance agreement --labels labels/ --db stance.db",
    "review": "stance review --db stance.db",
    "labels": "stance labels export labels-ann.csv --annotator ann\n"
              "  stance labels import labels-ann.csv\n"
              "  stance labels status",
}

ANNOTATOR_ENV = "STANCE_ANNOTATOR"


def add_commands(command, db_help: str) -> None:
    """Add this group's subcommands; ``command(name, help)`` returns an argparse parser."""
    labels_help = "labels folder: journals labels/<annotator>.jsonl and gold files (default labels)"
    p = command("label", "Label sentences in a full-screen terminal interface (keys shown on screen).")
    p.add_argument("--annotator", help=f"your name (default ${ANNOTATOR_ENV}, else asked once)")
    p.add_argument("--order", choices=("document", "uncertain", "random"), default="document",
                   help="document: article by article (default); uncertain: where the machine "
                        "is least sure first; random")
    p.add_argument("--party", action="append", default=[], help="only sentences about this party (repeatable)")
    p.add_argument("--issue", action="append", default=[], help="only sentences about this issue (repeatable)")
    p.add_argument("--limit", type=int, help="stop after this many sentences")
    p.add_argument("--overlap", type=int, default=1,
                   help="how many annotators see each sentence (default 1: a shared queue; "
                        "each sentence is leased in the database to whoever has it on screen)")
    p.add_argument("--profile", help="profile of the sentences (default: the stored articles' own)")
    p.add_argument("--labels", default="labels", help=labels_help)
    p.add_argument("--db", help=db_help)

    p = command("agreement", "Agreement between annotators per field: raw, Cohen's kappa, Krippendorff's alpha.")
    p.add_argument("--annotator", action="append", default=[],
                   help="compare only these annotators (repeatable; default: everyone but review)")
    p.add_argument("--labels", default="labels", help=labels_help)
    p.add_argument("--db", help=db_help)
    p.add_argument("--by-negotiation", action="store_true",
                   help="one table per negotiation (the profile of each sentence's article) after the whole")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")

    p = command("review", "Walk the sentences annotators disagree on and write the adjudicated label.")
    p.add_argument("--annotator", action="append", default=[],
                   help="compare only these annotators (repeatable; default: everyone)")
    p.add_argument("--limit", type=int, help="stop after this many sentences")
    p.add_argument("--labels", default="labels", help=labels_help)
    p.add_argument("--db", help=db_help)

    p = command("labels", "Export or import labels (JSONL or CSV), or show who labelled how much.")
    p.add_argument("action", choices=("export", "import", "status"))
    p.add_argument("file", nargs="?", help="file to write or read (export: - for standard output)")
    p.add_argument("--format", choices=("jsonl", "csv"), help="default: from the file's extension")
    p.add_argument("--annotator", action="append", default=[], help="export only these annotators")
    p.add_argument("--raw", action="store_true",
                   help="CSV text cells exactly as labelled (by default a cell starting with = + - @ "
                        "gets a leading ' so spreadsheets show it as text; import removes it again)")
    p.add_argument("--labels", default="labels", help=labels_help)
    p.add_argument("--db", help=db_help)


def _workspace(args, *, sync: bool = True):
    import warnings

    from ..labeling.workspace import open_workspace

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        space = open_workspace(args.db, args.labels, profile=getattr(args, "profile", None), sync=sync)
    for message in space.warnings + [str(w.message) for w in caught]:
        print(f"stance: warning: {message}", file=sys.stderr)
    return space


def annotator_name(given: str | None, ask=input) -> str:
    """The annotator: ``--annotator``, else ``$STANCE_ANNOTATOR``, else asked once on a terminal.

    Raises:
        StanceError: No name can be had, or it is not a safe file name.
    """
    from ..labeling.workspace import check_annotator

    name = given or os.environ.get(ANNOTATOR_ENV)
    if not name:
        if not sys.stdin.isatty():
            raise StanceError(f"who is labelling? give --annotator NAME or set {ANNOTATOR_ENV}")
        try:
            name = ask("Your annotator name (lowercase letters, digits, . _ -): ")
        except EOFError:
            raise StanceError("no annotator name given") from None
    name = check_annotator(name)
    if name == "review":
        raise StanceError("'review' is the adjudicator's name: use `stance review`")
    return name


def _profile_of(space, given: str | None):
    from ..profile import load_profile
    from ..store import store

    if given:
        return load_profile(given)
    counts = Counter(space.tasks.profiles.values())
    if not counts:
        raise StanceError("no stored articles to label: run `stance ingest` first")
    return store.profile_of(space.engine, counts.most_common(1)[0][0])


def _check_terminal() -> None:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise StanceError("this command needs a terminal (it is a full-screen interface)")


def cmd_label(args) -> int:
    from ..labeling.claims import Claims
    from ..labeling.decisions import done_by, journal_path
    from ..labeling.highlight import Highlighter
    from ..labeling.tasks import order_tasks, queue, select_tasks
    from ..labeling.tui import LabelApp

    if args.overlap < 1:
        raise StanceError("--overlap must be 1 or more")
    annotator = annotator_name(args.annotator)
    _check_terminal()
    space = _workspace(args)
    profile = _profile_of(space, args.profile)
    highlighter = Highlighter(profile)
    tasks = [t for t in space.tasks.tasks if t.profile == profile.id]
    tasks = select_tasks(tasks, party=args.party, issue=args.issue,
                         issues_of=lambda t: highlighter.issues(t.sentence))
    tasks = order_tasks(tasks, args.order, seed=annotator)
    mine = {tid for (who, tid) in space.decisions() if who == annotator}
    done_before = sum(t.id in mine for t in tasks)

    allowed: set[str] | None = None

    def remaining():
        found = queue(tasks, done_by(space.decisions()), annotator, overlap=args.overlap,
                      reference=space.reference - {annotator})
        return found if allowed is None else [t for t in found if t.id in allowed]

    todo = remaining()
    if args.limit is not None:
        todo = todo[:args.limit]
        allowed = {t.id for t in todo}
    # the queue is claimed in the database: annotators working at once, here or on other
    # machines sharing it, get each sentence only --overlap times
    claims = Claims(space.engine, annotator, overlap=args.overlap)
    app = LabelApp(space, annotator, profile, remaining, total=done_before + len(todo),
                   done=done_before, claims=claims)
    saved = app.run()
    left = len(remaining())
    print(f"{annotator}: {saved} sentence(s) labelled this session, {left} left in this queue; "
          f"labels in {journal_path(args.labels, annotator)}")
    return 0


def cmd_agreement(args) -> int:
    from ..labeling.agreement import agreement, format_report, report_to_dict
    from ..labeling.decisions import REVIEWER

    space = _workspace(args, sync=False)
    decisions = space.decisions()
    names = args.annotator or sorted({who for who, _ in decisions if who != REVIEWER})
    if len(names) < 2:
        raise StanceError(f"agreement needs two annotators; labels in {args.labels} have "
                          f"{', '.join(names) or 'none'}")
    reports = {"all": agreement(decisions, names)}
    if args.by_negotiation:
        by_profile: dict[str, dict] = {}
        for (who, task), lines in decisions.items():
            # each line names its profile; the stored article's says it otherwise
            profile = next((lab.profile for lab in lines if lab.profile), "") or \
                space.tasks.profiles.get(task.rpartition(":")[0], "")
            by_profile.setdefault(profile, {})[(who, task)] = lines
        reports.update({p: agreement(d, names) for p, d in sorted(by_profile.items())})
    if args.json:
        data = {name: report_to_dict(r) for name, r in reports.items()}
        print(json.dumps(data if args.by_negotiation else data["all"], indent=2))
    else:
        print("\n\n".join((f"negotiation: {name}\n" if args.by_negotiation else "") + format_report(r)
                          for name, r in reports.items()))
    if space.unmatched:
        print(f"({_not_stored(space.unmatched)})", file=sys.stderr)
    return 0


def cmd_review(args) -> int:
    from ..labeling.decisions import REVIEWER, journal_path
    from ..labeling.review import disagreements
    from ..labeling.tui import LabelApp
    from ..store import store

    space = _workspace(args)

    def remaining_answers():
        return disagreements(space.decisions(), annotators=args.annotator or None)

    answers = remaining_answers()
    ids = list(answers)[:args.limit] if args.limit is not None else list(answers)
    if not ids:
        print("no disagreements to review")
        return 0
    _check_terminal()
    first = space.tasks.task(ids[0])
    profile = store.profile_of(space.engine, first.profile if first else "gaza")
    answers_view: dict = dict(answers)

    def remaining():
        current = remaining_answers()
        answers_view.update(current)
        return [space.tasks.task(t) for t in ids if t in current and space.tasks.task(t)]

    app = LabelApp(space, REVIEWER, profile, remaining, total=len(ids), answers=answers_view)
    saved = app.run()
    print(f"review: {saved} sentence(s) adjudicated, {len(remaining())} left; "
          f"labels in {journal_path(args.labels, REVIEWER)}")
    return 0


def cmd_labels(args) -> int:
    from ..analysis.export import write_file_atomically
    from ..labeling.transfer import (
        InvalidImport,
        article_level_decisions_left_out,
        export_labels,
        file_format,
        import_labels,
        write_export,
    )

    space = _workspace(args, sync=args.action == "import")
    if args.action == "status":
        return _status(space)
    if not args.file:
        raise StanceError(f"`stance labels {args.action}` needs a FILE")
    if args.action == "import":
        try:
            added, known, unmatched = import_labels(args.file, space, fmt=args.format)
        except InvalidImport as exc:
            for problem in exc.problems:
                print(f"stance: error: {problem}", file=sys.stderr)
            raise StanceError(f"{len(exc.problems)} invalid line(s) in {args.file}: nothing imported") from None
        print(f"imported {added} decision(s) from {args.file}; {known} already there"
              + (f"; {_not_stored(unmatched)}" if unmatched else ""))
        return 0
    labels = export_labels(space, annotators=args.annotator)
    left_out = article_level_decisions_left_out(space, annotators=args.annotator)
    note = (f"; {left_out} decision(s) of article-level label files (such as gold.jsonl) left out: "
            "those files are where they are kept" if left_out else "")
    if args.file == "-":
        write_export(labels, sys.stdout, args.format or "jsonl", raw=args.raw)
        if note:
            print(f"stance: note: {note[2:]}", file=sys.stderr)
        return 0
    fmt = file_format(args.file, args.format)
    write_file_atomically(args.file, lambda out: write_export(labels, out, fmt, raw=args.raw))
    print(f"wrote {len(labels)} label line(s) to {args.file}{note}")
    return 0


def _status(space) -> int:
    from ..labeling.decisions import statements_of

    decisions = space.decisions()
    candidates = {t.id for t in space.tasks.tasks}
    per: dict[str, list] = {}
    for (who, task), lines in decisions.items():
        per.setdefault(who, []).append((task, lines))
    print(f"{len(candidates)} candidate sentences in the store")
    for who in sorted(per):
        items = per[who]
        done = sum(task in candidates for task, _ in items)
        n_statements = sum(len(statements_of(lines)) for _, lines in items)
        kind = "article-level" if who in space.reference and who != "review" else "journal"
        print(f"  {who:16} {done:5d} candidate sentences done, {len(items):5d} sentences, "
              f"{n_statements:5d} statements ({kind})")
    if space.unmatched:
        print(f"  {_not_stored(space.unmatched)}")
    return 0


def _not_stored(n: int) -> str:
    """Article-level labels of articles this database does not hold: expected when a labels
    folder covers more articles than were ingested, so said as a fact with what to do."""
    return (f"{n} more article-level label(s) are for articles not in this database (not counted; "
            "`stance ingest` those articles to count them)")


HANDLERS = {"label": cmd_label, "agreement": cmd_agreement, "review": cmd_review,
            "labels": cmd_labels}
