"""What a profile file may say: its keys, roles and term forms, checked with one message per
problem (``stance profile check``). :mod:`stance.profile` reads a profile after this says it
is valid."""

from __future__ import annotations

import datetime as dt
import re

ROLES = ("party", "mediator", "other")
CUE_ROLES = ("report", "demand", "accept", "reject", "goal", "negation", "modal_demand",
             "modal_commit", "condition", "threat", "accuse", "fault", "implied")
_PROFILE_KEYS = {"id", "name", "description", "principals", "sides_terms", "blame_issue", "parties",
                 "issues", "cues", "language", "milestones"}
_PARTY_KEYS = {"id", "name", "role", "aliases", "description"}
_ISSUE_KEYS = {"id", "label", "description", "terms", "against"}
_TERM_KEYS = {"text", "pattern", "from", "until", "weak"}
_CUE_KEYS = {"id", "role", "description", "lemmas", "pos", "patterns"}
_MILESTONE_KEYS = {"id", "name", "date", "cues", "war_start"}


def validate(data: dict) -> list[str]:
    """Check a profile's data; return one message per problem, naming where it is."""
    problems: list[str] = []
    for key in sorted(set(data) - _PROFILE_KEYS):
        problems.append(f"unknown key '{key}' (known: {', '.join(sorted(_PROFILE_KEYS))})")
    if not _is_id(data.get("id")):
        problems.append("'id' must be a lowercase identifier such as 'gaza'")
    parties = data.get("parties")
    issues = data.get("issues")
    if not isinstance(parties, list) or not parties:
        problems.append("'parties' must be a non-empty list")
        parties = []
    if not isinstance(issues, list) or not issues:
        problems.append("'issues' must be a non-empty list")
        issues = []
    party_ids = _check_items(parties, "parties", _PARTY_KEYS, problems)
    _check_items(issues, "issues", _ISSUE_KEYS, problems)
    for i, party in enumerate(parties):
        if not isinstance(party, dict):
            continue
        where = f"parties[{i}] ({party.get('id', '?')})"
        if party.get("role", "party") not in ROLES:
            problems.append(f"{where}: role must be one of {', '.join(ROLES)}")
        aliases = party.get("aliases")
        if not isinstance(aliases, list) or not aliases:
            problems.append(f"{where}: 'aliases' must be a non-empty list")
        else:
            problems.extend(_check_terms(aliases, f"{where}.aliases"))
    for i, issue in enumerate(issues):
        if not isinstance(issue, dict):
            continue
        where = f"issues[{i}] ({issue.get('id', '?')})"
        terms = issue.get("terms")
        if not isinstance(terms, list) or not terms:
            problems.append(f"{where}: 'terms' must be a non-empty list")
        else:
            problems.extend(_check_terms(terms, f"{where}.terms"))
        problems.extend(_check_terms(issue.get("against") or [], f"{where}.against"))
    for pid in data.get("principals") or []:
        if pid not in party_ids:
            problems.append(f"principals: '{pid}' is not a party id")
    blame_issue = data.get("blame_issue")
    issue_ids = {i.get("id") for i in issues if isinstance(i, dict)}
    if blame_issue is not None and blame_issue not in issue_ids:
        problems.append(f"blame_issue: '{blame_issue}' is not an issue id")
    for i, cue in enumerate(data.get("cues") or []):
        problems.extend(_check_cue(cue, f"cues[{i}]"))
    milestones = data.get("milestones") or []
    if not isinstance(milestones, list):
        problems.append("'milestones' must be a list")
        milestones = []
    _check_items(milestones, "milestones", _MILESTONE_KEYS, problems)
    for i, milestone in enumerate(milestones):
        if isinstance(milestone, dict):
            problems.extend(_check_milestone(milestone, f"milestones[{i}] ({milestone.get('id', '?')})"))
    return problems


def _check_milestone(milestone: dict, where: str) -> list[str]:
    problems = []
    if as_date(milestone.get("date")) is None:
        problems.append(f"{where}: 'date' must be a date YYYY-MM-DD, got {milestone.get('date')!r}")
    cues = milestone.get("cues")
    if not isinstance(cues, list) or not cues or not all(isinstance(c, str) and c for c in cues):
        problems.append(f"{where}: 'cues' must be a non-empty list of regular expressions")
        return problems
    for cue in cues:
        try:
            re.compile(cue)
        except re.error as exc:
            problems.append(f"{where}: cue {cue!r} is not a regular expression ({exc})")
    return problems


def _is_id(value) -> bool:
    return isinstance(value, str) and value.replace("_", "").replace("-", "").isalnum() and value == value.lower()


def _check_items(items: list, where: str, keys: set, problems: list[str]) -> set[str]:
    seen: set[str] = set()
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            problems.append(f"{where}[{i}]: must be a mapping")
            continue
        for key in sorted(set(item) - keys):
            problems.append(f"{where}[{i}]: unknown key '{key}' (known: {', '.join(sorted(keys))})")
        item_id = item.get("id")
        if not _is_id(item_id):
            problems.append(f"{where}[{i}]: 'id' must be a lowercase identifier, got {item_id!r}")
        elif item_id in seen:
            problems.append(f"{where}[{i}]: duplicate id '{item_id}'")
        else:
            seen.add(item_id)
    return seen


def _check_terms(terms: list, where: str) -> list[str]:
    problems = []
    for j, term in enumerate(terms):
        if isinstance(term, str):
            if not term.strip():
                problems.append(f"{where}[{j}]: empty term")
            continue
        if not isinstance(term, dict):
            problems.append(f"{where}[{j}]: a term is a string or a mapping with 'text' or 'pattern'")
            continue
        for key in sorted(set(term) - _TERM_KEYS):
            problems.append(f"{where}[{j}]: unknown key '{key}'")
        if bool(term.get("text")) == bool(term.get("pattern")):
            problems.append(f"{where}[{j}]: give exactly one of 'text' or 'pattern'")
        if term.get("pattern") is not None:
            problem = _pattern_problem(term["pattern"])
            if problem:
                problems.append(f"{where}[{j}]: bad pattern: {problem}")
        for key in ("from", "until"):
            if key in term and as_date(term[key]) is None:
                problems.append(f"{where}[{j}]: '{key}' must be a date YYYY-MM-DD, got {term[key]!r}")
    return problems


def _check_cue(cue, where: str) -> list[str]:
    if not isinstance(cue, dict):
        return [f"{where}: must be a mapping"]
    problems = [f"{where}: unknown key '{k}'" for k in sorted(set(cue) - _CUE_KEYS)]
    if not isinstance(cue.get("id"), str) or not cue.get("id"):
        problems.append(f"{where}: 'id' is required")
    if cue.get("role") not in CUE_ROLES:
        problems.append(f"{where}: role must be one of {', '.join(CUE_ROLES)}")
    for pattern in cue.get("patterns") or []:
        problem = _pattern_problem(pattern)
        if problem:
            problems.append(f"{where}: bad pattern: {problem}")
    return problems


def _pattern_problem(pattern) -> str:
    """Compile a token pattern with spaCy's own validator; return its complaint or ""."""
    if not isinstance(pattern, list) or not pattern or not all(isinstance(t, dict) for t in pattern):
        return "a pattern is a non-empty list of token mappings"
    # imported here: checking a profile should stay cheap
    from spacy.matcher import Matcher
    from spacy.vocab import Vocab

    try:
        # an empty vocabulary: pattern validation reads only the pattern's schema, and the
        # profile stays below the nlp stage it configures (no import of stance.nlp.pipelines)
        Matcher(Vocab(), validate=True).add("check", [pattern])
    except Exception as exc:  # spaCy raises ValueError or MatchPatternError; both mean "bad pattern"
        return " ".join(str(exc).split())[:200]
    return ""


def as_date(value) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None
