"""The store's commands: ingest, extract, export, articles, date."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import sys
from pathlib import Path

from ..records import INFERRED
from ..errors import StanceError
from ..store import store

EXAMPLES: dict[str, str] = {
    "ingest": "stance ingest seeds/ --profile gaza --db stance.db\n"
              "  stance ingest news/ --cluster tcp://10.0.0.5:8786 --db postgresql+psycopg://stance@db/stance",
    "extract": "stance extract --all --db stance.db\n"
               "  stance extract --all --cluster local:2",
    "export": "stance export statements.csv --party hamas --since 2024-01-01\n"
              "  stance export positions.csv --period month",
    "articles": "stance articles --undated",
    "date": "stance date 8b12821f 2025-01-09",
}


def _parsed(parse):
    """An argparse type from a parser: its ValueError becomes argparse's one-line message."""

    def convert(value: str):
        try:
            return parse(value)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    return convert


def _parse_date(value: str) -> dt.date:
    from ..io.dates import parse_date

    return parse_date(value)


def _parse_cluster(value: str):
    from ..distributed.connect import parse_cluster

    return parse_cluster(value)


def _parse_article_date(value: str) -> dt.date:
    """A date an article is given: checked as a header's date is (1900 to tomorrow)."""
    from ..io.formats import implausible, plausible_date

    day = _parse_date(value)
    if not plausible_date(day):
        raise ValueError(implausible(day))
    return day


_date = _parsed(_parse_date)
_article_date = _parsed(_parse_article_date)
_cluster = _parsed(_parse_cluster)


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


def _megabytes(value: str) -> float:
    try:
        mb = float(value)
    except ValueError:
        mb = 0.0
    if not mb > 0 or mb == float("inf"):  # also NaN
        raise argparse.ArgumentTypeError(f"{value!r} is not a size in MB above 0")
    return mb


_CLUSTER_HELP = ("extract on a Dask cluster: tcp://HOST:PORT (a running `dask scheduler`) or local[:N] "
                 '(N worker processes on this machine); needs pip install "stance[dask]"')


def add_commands(command, db_help: str) -> None:
    """Add this group's subcommands; ``command(name, help)`` returns an argparse parser."""
    p = command("ingest", "Read articles from files and folders, extract statements, store both.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (read recursively)")
    p.add_argument("--profile", default="gaza", help="negotiation profile id or file (default gaza)")
    p.add_argument("--db", help=db_help)
    p.add_argument("--date", type=_article_date, help="date every article read by this run (YYYY-MM-DD)")
    p.add_argument("--max-mb", type=_megabytes, default=20, help="largest file to read, in MB (default 20)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--workers", type=_workers, default=1,
                   help="parsing processes (default 1; 2 on a 2-core machine parses about 1.3x faster)")
    p.add_argument("--classifier", metavar="FILE", help=_CLASSIFIER_HELP)
    p.add_argument("--cluster", type=_cluster, metavar="ADDRESS", help=_CLUSTER_HELP)

    p = command("extract", "Re-run extraction over the stored articles (after rules or the model change).")
    p.add_argument("--all", action="store_true", required=True, help="every stored article")
    p.add_argument("--profile", help="use this profile instead of each article's own")
    p.add_argument("--db", help=db_help)
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--workers", type=_workers, default=1,
                   help="parsing processes (default 1; 2 on a 2-core machine parses about 1.3x faster)")
    p.add_argument("--classifier", metavar="FILE", help=_CLASSIFIER_HELP)
    p.add_argument("--cluster", type=_cluster, metavar="ADDRESS", help=_CLUSTER_HELP)

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
    p.add_argument("--period", choices=("day", "week", "month"),
                   help="period of positions.csv rows (default week)")
    p.add_argument("--date-source", action="store_true",
                   help="add a last column date_source (article, inferred, text or empty) saying where "
                        "each date comes from; outside the spec's columns, so off by default")
    p.add_argument("--raw", action="store_true",
                   help="text cells exactly as extracted (by default a cell starting with = + - @ "
                        "gets a leading ' so spreadsheets show it as text)")

    p = command("articles", "List stored articles: id, date, statements, source.")
    p.add_argument("--db", help=db_help)
    p.add_argument("--undated", action="store_true",
                   help="only articles without a date or with a date inferred from their text, each with "
                        "the date its text suggests and the evidence, to confirm with `stance date`")

    p = command("date", "Set the date of a stored article (and of its statements).")
    p.add_argument("article_id", help="article id or a unique prefix of it")
    p.add_argument("day", type=_article_date, metavar="YYYY-MM-DD")
    p.add_argument("--db", help=db_help)


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
    warned = _Warnings()
    with _extractors(args) as make_extractor:
        summary = ingest(args.paths, engine, profile=profile.path or args.profile, date=args.date,
                         max_bytes=int(args.max_mb * 1_000_000),
                         on_failure=lambda f: print(f"stance: error: {f}", file=sys.stderr),
                         progress=_progress(args.quiet), classifier=args.classifier, on_warning=warned,
                         workers=args.workers, make_extractor=make_extractor)
    print(summary.line())
    if summary.inferred:
        print(f"{summary.inferred} article(s) dated from what their text says, marked inferred; check them with "
              f"`stance articles --undated`: {', '.join(i[:8] for i in summary.inferred_ids)}")
    if summary.undated:
        print(f"{summary.undated} article(s) have no date; date them with `stance date ID YYYY-MM-DD` "
              f"(see `stance articles --undated`): {', '.join(i[:8] for i in summary.undated_ids)}")
    return 1 if summary.failed or warned.count else 0


@contextlib.contextmanager
def _extractors(args):
    """What builds the extractor: None (in this process) or one bound to the ``--cluster``'s client."""
    if not getattr(args, "cluster", None):
        yield None
        return
    if args.workers > 1:
        raise StanceError("--workers is for one machine; with --cluster give local:N for N processes")
    from ..distributed.connect import cluster_client
    from ..distributed.extract import ClusterExtractor

    with cluster_client(args.cluster) as client:
        yield functools.partial(ClusterExtractor, client)


class _Warnings:
    """Prints each warning; counts them, so the exit status says something was not as asked
    (a model that could not be used, a sentence the rules failed on)."""

    def __init__(self):
        self.count = 0

    def __call__(self, message: str) -> None:
        self.count += 1
        _warn(message)


def cmd_extract(args) -> int:
    from ..pipeline import extract_all

    engine = store.open_store(args.db, create=False)
    warned = _Warnings()
    with _extractors(args) as make_extractor:
        n_articles, n_statements = extract_all(engine, profile=args.profile, progress=_progress(args.quiet),
                                               classifier=args.classifier, on_warning=warned,
                                               workers=args.workers, make_extractor=make_extractor)
    print(f"re-extracted {n_articles} articles: {n_statements} statements")
    return 1 if warned.count else 0


def cmd_export(args) -> int:
    from ..analysis.aggregate import collapse_duplicates, positions_over_time
    from ..analysis.export import (
        write_file_atomically,
        write_positions,
        write_statements,
    )
    from ..analysis.stored import stored_statements

    if args.since and args.until and args.since > args.until:
        raise StanceError(f"--since {args.since.isoformat()} is after --until {args.until.isoformat()}: "
                          "no date is in between")
    engine = store.open_store(args.db, create=False)
    what = args.what or ("positions" if Path(args.file).name.startswith("positions") else "statements")
    if args.period is not None and what != "positions":
        _warn(f"--period sets the rows of a positions export; {args.file} gets statements "
              "(add --what positions, or name the file positions*.csv)")
    rows = stored_statements(engine, party=args.party, issue=args.issue, kind=args.kind,
                             since=args.since, until=args.until)
    if not rows and (args.party or args.issue):
        _warn_unmatched(engine, args.party, args.issue)

    def write(out) -> int:
        if what == "positions":
            # a statement carried by several outlets counts once, as in the dashboard
            distinct = [d.statement for d in collapse_duplicates(rows)]
            return write_positions(positions_over_time(distinct, args.period or "week"), out, raw=args.raw)
        sources = ({row.id: row.date_source for row in store.articles(engine)}
                   if getattr(args, "date_source", False) else None)
        return write_statements(rows, out, raw=args.raw, date_sources=sources)

    if args.file == "-":
        write(sys.stdout)
        return 0
    n = write_file_atomically(args.file, write)  # a failed export never leaves half a file
    print(f"wrote {n} {what} rows to {args.file}")
    return 0


def _warn_unmatched(engine, parties: list[str], issues: list[str]) -> None:
    """Say which --party and --issue values no stored statement has ("Hamas" for "hamas"),
    human labels counted as the export counts them."""
    from ..analysis.stored import stored_statements

    stored = stored_statements(engine)
    for option, given, known in (("--party", parties, {r.party for r in stored}),
                                 ("--issue", issues, {r.issue for r in stored if r.issue})):
        for value in given:
            if value not in known:
                _warn(f"no stored statement has {option} {value!r} (stored: {', '.join(sorted(known)) or 'none'})")


def cmd_articles(args) -> int:
    engine = store.open_store(args.db, create=False)
    counts: dict[str, int] = {}
    for row in store.statements(engine):
        counts[row.article_id] = counts.get(row.article_id, 0) + 1
    sources = store.article_sources(engine)
    for row in store.articles(engine):
        inferred = row.date_source == INFERRED
        if args.undated and row.date and not inferred:
            continue
        copies = len(sources.get(row.id, [])) - 1
        extra = f" (+{copies} {'copy' if copies == 1 else 'copies'})" if copies > 0 else ""
        day = row.date.isoformat() if row.date else "undated"
        print(f"{row.id}  {day:10} {'inferred' if inferred else '':8}  "
              f"{counts.get(row.id, 0):3d} statements  {row.source}{extra}")
        if args.undated:
            print(_suggestion_lines(row))
    return 0


def _suggestion_lines(row) -> str:
    """What the text suggests for an undated (or inferred) article, and the command that confirms it."""
    import json

    try:
        suggestion = json.loads(row.meta or "{}").get("date_suggestion")
    except ValueError:
        suggestion = None
    if not suggestion:
        return "    the text gives no date; date it with `stance date " f"{row.id[:8]} YYYY-MM-DD`"
    state = "dated with it" if row.date_source == INFERRED else "not confident enough to apply"
    return (f"    suggested {suggestion['date']} (confidence {suggestion['confidence']:.2f}, {state}): "
            f"{suggestion['evidence']}\n"
            f"    confirm: stance date {row.id[:8]} {suggestion['date']}")


def cmd_date(args) -> int:
    from ..pipeline import extract_all

    engine = store.open_store(args.db, create=False)
    full_id = store.article_id_of(engine, args.article_id)
    store.set_article_date(engine, full_id, args.day)
    # with a date, "on Tuesday" and "late last month" in the text can be resolved
    _, n = extract_all(engine, article_ids={full_id})
    print(f"dated article {full_id} {args.day.isoformat()}; re-extracted: {n} statements")
    return 0


HANDLERS: dict = {"ingest": cmd_ingest, "extract": cmd_extract, "export": cmd_export, "articles": cmd_articles, "date": cmd_date}
