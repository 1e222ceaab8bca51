"""``stance profile suggest PROFILE PATH...``: propose the issue terms and cue words a profile lacks.

Kept apart from the other ``profile`` actions (:mod:`stance.cli.profiles` adds these
arguments and hands ``suggest`` over here).
"""

from __future__ import annotations

import sys

from ..errors import StanceError

FORMATS = ("table", "yaml")


def add_suggest_arguments(parser) -> None:
    """The arguments of ``stance profile suggest`` (ignored by the other actions)."""
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="suggest: article files and folders of the negotiation, read as "
                             "`stance ingest` reads them")
    parser.add_argument("--issue", action="append", default=[],
                        help="suggest: terms for this issue only (repeatable; default every issue)")
    parser.add_argument("--top", type=int, default=None,
                        help="suggest: suggestions per issue (default 15)")
    parser.add_argument("--min-count", type=int, default=None,
                        help="suggest: sentences a phrase must occur in (default 2)")
    parser.add_argument("--cues", action="store_true", help="suggest: cue words too")
    parser.add_argument("--format", choices=FORMATS, default="table",
                        help="suggest: a table with evidence sentences (default), or a YAML snippet for the "
                             "profile, to paste after review")


def cmd_suggest(args) -> int:
    """Read the articles, parse them, print the suggestions; one-line errors for bad input."""
    from ..io.ingest import read_paths
    from ..profile import load_profile
    from ..profiling.corpus import observe, parse_articles
    from ..profiling.report import format_table, format_yaml
    from ..profiling.suggest import DEFAULT_MIN_COUNT, DEFAULT_TOP, check_issue, suggest_cues, suggest_terms
    from ..records import Article

    if not args.name:
        raise StanceError("`stance profile suggest` needs a profile id or file, then article files or folders")
    profile = load_profile(args.name)
    if not args.paths:
        raise StanceError("`stance profile suggest` needs article files or folders after the profile")
    top = DEFAULT_TOP if args.top is None else args.top
    min_count = DEFAULT_MIN_COUNT if args.min_count is None else args.min_count
    if top < 1 or min_count < 1:
        raise StanceError("--top and --min-count must be positive numbers")
    issues = args.issue or list(profile.issue_ids)
    for issue in issues:
        check_issue(profile, issue)
    articles, failures = [], []
    for item in read_paths(args.paths):
        (articles if isinstance(item, Article) else failures).append(item)
    if not articles and len(failures) == 1:
        raise StanceError(str(failures[0]))  # "empty: no article files in this folder ..."
    for failure in failures:
        print(f"stance: error: {failure}", file=sys.stderr)
    if not articles:
        raise StanceError(f"no articles to read in {', '.join(args.paths)}")
    observations = observe(parse_articles(articles), profile)
    terms = {issue: suggest_terms(observations, issue, top=top, min_count=min_count) for issue in issues}
    cues = suggest_cues(observations, top=top, min_count=min_count) if args.cues else []
    if args.format == "yaml":
        print(format_yaml([s for found in terms.values() for s in found], cues), end="")
    else:
        print(f"{len(articles)} articles, {len(observations.sentences)} sentences; profile '{profile.id}'. "
              "seen: sentences it occurs in unmatched; with: of those, near the issue's terms; "
              "slots: how alike its dependency contexts are to a known term's")
        for issue, found in terms.items():
            print(f"\n{issue}: " + ("nothing to suggest" if not found else f"{len(found)} suggestions"))
            print(format_table(found), end="")
        if args.cues:
            print("\ncue words: " + ("nothing to suggest" if not cues else f"{len(cues)} suggestions"))
            print(format_table(cues, cues=True), end="")
    return 1 if failures else 0
