"""The profile and rule commands: profile list|show|check|suggest, rules list|report."""

from __future__ import annotations

from pathlib import Path

from ..errors import StanceError
from ..evaluation.split import SPLITS
from ..profile import thaw
from .suggest import add_suggest_arguments, cmd_suggest

EXAMPLES: dict[str, str] = {
    "profile": "stance profile check my-negotiation.yaml\n  stance profile show gaza --aliases --terms\n"
               "  stance profile suggest gaza articles/ --issue truce",
    "rules": "stance rules list --profile gaza\n  stance rules report --gold labels/ --by name",
}


def add_commands(command, db_help: str) -> None:
    """Add this group's subcommands; ``command(name, help)`` returns an argparse parser."""
    p = command("profile", "List, show or check negotiation profiles; suggest missing terms from articles.")
    p.add_argument("action", choices=("list", "show", "check", "suggest"))
    p.add_argument("name", nargs="?", help="profile id or file (show, check, suggest)")
    p.add_argument("--aliases", action="store_true", help="show: every alias of each party")
    p.add_argument("--terms", action="store_true", help="show: every term of each issue (and its 'against' terms)")
    add_suggest_arguments(p)

    p = command("rules", "List the named rules of a profile, or report how each does on the labels.")
    p.add_argument("action", choices=("list", "report"),
                   help="list: every named rule; report: per rule coverage, overlap, conflicts and "
                        "accuracy against the gold labels")
    p.add_argument("--profile", default="gaza")
    p.add_argument("--gold", default="labels", help="labels for `report` (a .jsonl file or folder)")
    p.add_argument("--corpus", action="append", default=[],
                   help="folder the labels' file paths are relative to (repeatable)")
    p.add_argument("--split", choices=SPLITS,
                   help="labels of this side of the split (default: train where labels/split.yaml "
                        "exists, else all)")
    p.add_argument("--by", choices=("id", "name"), default="id",
                   help="report: one row per rule id (default) or per named rule of the walk")


def cmd_profile(args) -> int:
    from ..profile import builtin_profiles, check_profile, load_profile

    if args.action == "list":
        names = builtin_profiles()
        width = max((len(name) for name in names), default=0)
        for name in names:
            prof = load_profile(name)
            print(f"{name:{width}}  {len(prof.parties):2d} parties {len(prof.issues):2d} issues  {prof.name}")
        return 0
    if not args.name:
        raise StanceError(f"`stance profile {args.action}` needs a profile id or file")
    if args.action == "suggest":
        return cmd_suggest(args)
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
    print(f"{prof.id}: {prof.name}\n{prof.description}\n\nparties (in the order views show them):")
    for party in (prof.party(p) for p in prof.party_order()):
        print(f"  {party.id:20} {party.role:9} {party.name} ({len(party.aliases)} aliases)")
        if args.aliases:
            print(_listed(party.aliases))
    print("issues:")
    for issue in prof.issues:
        print(f"  {issue.id:20} {issue.label}: {issue.description}")
        if args.terms:
            print(_listed(issue.terms))
            if issue.against:
                print(_listed(issue.against, "against: "))
    if prof.milestones:
        print("milestones (date undated articles that name them):")
        for milestone in prof.milestones:
            print(f"  {milestone.date.isoformat()}  {milestone.name}")
    return 0


def _listed(terms, lead: str = "") -> str:
    """Aliases or terms, wrapped under their party or issue: phrases as written, token patterns
    as spaCy patterns, date ranges in brackets."""
    import json
    import textwrap

    shown = []
    for term in terms:
        text = term.text or "pattern " + json.dumps(thaw(term.pattern), ensure_ascii=False)
        when = " ".join(f"{k} {v.isoformat()}" for k, v in (("from", term.start), ("until", term.until)) if v)
        shown.append(text + (f" [{when}]" if when else "") + (" [weak]" if term.weak else ""))
    return textwrap.fill(lead + " · ".join(shown), width=100, initial_indent=" " * 6, subsequent_indent=" " * 6,
                         break_on_hyphens=False)


def cmd_rules(args) -> int:
    from ..profile import load_profile

    prof = load_profile(args.profile)
    if args.action == "report":
        from ..evaluation.rule_stats import format_rule_summary
        from ..learn.compare import rules_report

        rows, total = rules_report(args.gold, corpus=args.corpus or None, split=args.split, by=args.by)
        print(format_rule_summary(rows, total=total), end="")
        return 0
    print("cue rules (stance/lexicon/cues.yaml and the profile's cues):")
    for cue in prof.cues:
        size = len(cue.lemmas) + len(cue.patterns)
        print(f"  cue.{cue.id:26} {cue.role:13} {size:3d} {'entry  ' if size == 1 else 'entries'}  {cue.description}")
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
    print("named rules of the walk and of blame (stance/extraction/rules/; `stance rules report --by name`):")
    families = ("positions", "conditions", "holders", "frames", "relatives", "blame", "accusation", "fault",
                "implied", "settle")

    def family(rule) -> int:  # a family not listed here comes last, not as an error
        name = rule.name.split(".")[0]
        return families.index(name) if name in families else len(families)

    for rule in sorted(NAMED_RULES.values(), key=family):
        fires = f" [{', '.join(rule.rule_ids)}]" if rule.rule_ids else ""
        print(f"  {rule.name:31} {rule.summary}{fires}")
    from ..extraction.rules.positions import TERM_RULES
    from ..extraction.rules.steps import STEP_RULES

    print("order of the position walk (the first rule that ends a step decides it):")
    print("  each term:   " + " > ".join(rule_id for rule_id, _ in TERM_RULES) + " (may abstain)")
    by_function = {rule.function: rule.name for rule in NAMED_RULES.values()}
    print("  each clause: " + " > ".join(by_function[rule.function] for rule in STEP_RULES))
    from ..extraction.rules.blame import BLAME_RULES, FAMILIES

    print("order of the blame rules (each blame cue read once; the first rule that abstains decides it):")
    print("  each cue:    " + " > ".join(by_function[rule.function] for rule in BLAME_RULES) + " (may abstain)")
    print("  then:        " + ", ".join(f"{role}: {by_function[f]}" for role, f in FAMILIES.items()))
    return 0


HANDLERS: dict = {"profile": cmd_profile, "rules": cmd_rules}
