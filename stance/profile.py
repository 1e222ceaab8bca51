"""Load and validate negotiation profiles (parties, aliases, issues, cues) from YAML or JSON."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from .errors import ProfileError

PROFILE_DIR = Path(__file__).parent / "profiles"
LEXICON_PATH = Path(__file__).parent / "lexicon" / "cues.yaml"
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


@dataclass(frozen=True)
class Term:
    """A phrase or spaCy token pattern that names a party or an issue.

    Attributes:
        text: The phrase (matched case-insensitively), or "" for a pattern.
        pattern: A spaCy Matcher token pattern, or None for a phrase.
        start: First date the term applies (names whose role changes), or None.
        until: Last date the term applies, or None.
        weak: A weak term (bare "ceasefire") loses to any overlapping term.
    """

    text: str = ""
    pattern: tuple | None = None
    start: dt.date | None = None
    until: dt.date | None = None
    weak: bool = False

    def applies_on(self, day: dt.date | None) -> bool:
        """Whether the term names its party on ``day`` (undated text: every term applies)."""
        if day is None:
            return True
        return (self.start is None or day >= self.start) and (self.until is None or day <= self.until)


@dataclass(frozen=True)
class Party:
    """A party of the negotiation: who holds positions, blames and is blamed."""

    id: str
    name: str
    role: str
    aliases: tuple[Term, ...]


@dataclass(frozen=True)
class Issue:
    """An issue of the negotiation, with the terms that name it and those that name its opposite."""

    id: str
    label: str
    description: str
    terms: tuple[Term, ...]
    against: tuple[Term, ...] = ()


@dataclass(frozen=True)
class CueGroup:
    """A named group of stance or blame cues: one rule of the rule side of the classifier."""

    id: str
    role: str
    description: str
    lemmas: tuple[str, ...] = ()
    pos: tuple[str, ...] = ()
    patterns: tuple = ()


@dataclass(frozen=True)
class Milestone:
    """A dated event of the negotiation that articles name without its date ("the Security
    Council resolution adopted on Monday", "his inauguration on January 20"), so that an
    undated article can be dated by it (:mod:`stance.extraction.dating`).

    Attributes:
        id: Identifier.
        name: What happened, as shown in evidence ("UN Security Council resolution 2728").
        date: The day it happened.
        cue: The expressions that name it (the profile's ``cues``, regular expressions, one
            pattern matched case-insensitively).
        war_start: The war began that day: "15 months into the war" counts from it.
    """

    id: str
    name: str
    date: dt.date
    cue: re.Pattern
    war_start: bool = False


@dataclass(frozen=True)
class Profile:
    """A negotiation profile: everything about one negotiation that is data, not code."""

    id: str
    name: str
    description: str
    parties: tuple[Party, ...]
    issues: tuple[Issue, ...]
    cues: tuple[CueGroup, ...]
    principals: tuple[str, ...] = ()
    sides_terms: tuple[str, ...] = ()
    blame_issue: str = ""  # what a blame is about when its sentence names no issue
    milestones: tuple[Milestone, ...] = ()
    path: str = field(default="", compare=False)

    @property
    def negotiating(self) -> tuple[str, ...]:
        """The sides of the negotiation: the ``principals`` when declared, else the parties of role ``party``."""
        return self.principals or tuple(p.id for p in self.parties if p.role == "party")

    def party_order(self, extra=()) -> list[str]:
        """Party ids in the order views show them: negotiating parties, then mediators, then
        others (profile order within a role), then ids the profile does not know."""
        ids = list(dict.fromkeys([*self.party_ids, *sorted(extra)]))
        rank = {"party": 0, "mediator": 1, "other": 2}
        roles = {p.id: p.role for p in self.parties}
        first = set(self.negotiating)
        return sorted(ids, key=lambda p: (p not in first, rank.get(roles.get(p, ""), 3), ids.index(p)))

    @property
    def party_ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.parties)

    @property
    def issue_ids(self) -> tuple[str, ...]:
        return tuple(i.id for i in self.issues)

    def party(self, party_id: str) -> Party:
        """The party with id ``party_id``."""
        for party in self.parties:
            if party.id == party_id:
                return party
        raise KeyError(party_id)

    def cues_of(self, role: str) -> tuple[CueGroup, ...]:
        """The cue groups with the given role."""
        return tuple(c for c in self.cues if c.role == role)


class _Loader(yaml.SafeLoader):
    """YAML 1.2 booleans: only true/false. Words such as "on", "no" and "off" are words
    in token patterns (``{LOWER: on}``), not booleans as YAML 1.1 would read them."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
# Dates stay strings, so that an impossible date ("2024-13-01") is reported by the
# profile check as one line instead of failing inside the YAML reader.
_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in _Loader.yaml_implicit_resolvers.items()}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                              list("tTfF"))


def read_yaml(text: str):
    """Parse YAML with YAML 1.2 booleans (see :class:`_Loader`)."""
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader


def builtin_profiles() -> list[str]:
    """Ids of the profiles that ship with stance."""
    return sorted(p.stem for p in PROFILE_DIR.glob("*.yaml"))


def load_profile(name_or_path: str | Path) -> Profile:
    """Load a built-in profile by id, or a profile file by path.

    Args:
        name_or_path: A built-in id (``gaza``) or the path of a YAML or JSON file.

    Raises:
        ProfileError: Unknown id, unreadable file, or an invalid profile.
    """
    path = Path(name_or_path)
    if path.suffix.lower() in (".yaml", ".yml", ".json") or path.exists():
        if not path.is_file():
            raise ProfileError(f"profile file not found: {path}")
        return _load_file(str(path.resolve()))
    if str(name_or_path) in builtin_profiles():
        return _load_file(str(PROFILE_DIR / f"{name_or_path}.yaml"))
    known = ", ".join(builtin_profiles())
    raise ProfileError(f"unknown profile '{name_or_path}' (built in: {known}; or give a .yaml/.json file)")


@lru_cache(maxsize=16)
def _load_file(path: str) -> Profile:
    data = _read_data(Path(path))
    problems = validate(data)
    if problems:
        shown = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
        raise ProfileError(f"{path}: invalid profile: {shown}")
    return _build(data, path)


def profile_data(profile: Profile) -> dict | None:
    """The data of a profile read from a file of the user's (not a built-in), for the store to keep."""
    path = Path(profile.path) if profile.path else None
    if path is None or path.parent.resolve() == PROFILE_DIR.resolve():
        return None
    return _read_data(path)


def profile_from_data(data: dict, where: str) -> Profile:
    """A profile from data :func:`profile_data` gave (e.g. the store's copy).

    Raises:
        ProfileError: The data is not a valid profile.
    """
    problems = validate(data)
    if problems:
        raise ProfileError(f"{where}: invalid profile: {'; '.join(problems[:5])}")
    return _build(data, "")


def check_profile(path: str | Path) -> list[str]:
    """Every problem of a profile file, as messages; an empty list means it is valid."""
    try:
        data = _read_data(Path(path))
    except ProfileError as exc:
        return [str(exc)]
    return validate(data)


def _read_data(path: Path) -> dict:
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ProfileError(f"{path}: cannot read profile ({exc.__class__.__name__}: {exc})") from None
    try:
        data = json.loads(raw) if path.suffix.lower() == ".json" else read_yaml(raw)
    except (yaml.YAMLError, json.JSONDecodeError) as exc:
        first = str(exc).strip().splitlines()
        raise ProfileError(f"{path}: not valid {'JSON' if path.suffix == '.json' else 'YAML'}: "
                           f"{' '.join(first[:3])}") from None
    if not isinstance(data, dict):
        raise ProfileError(f"{path}: a profile is a mapping with 'id', 'parties' and 'issues'")
    return data


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
    if _as_date(milestone.get("date")) is None:
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
            if key in term and _as_date(term[key]) is None:
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


def _as_date(value) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def _term(value) -> Term:
    if isinstance(value, str):
        return Term(text=value)
    pattern = value.get("pattern")
    return Term(text=value.get("text", ""), pattern=_freeze(pattern) if pattern else None,
                start=_as_date(value["from"]) if "from" in value else None,
                until=_as_date(value["until"]) if "until" in value else None,
                weak=bool(value.get("weak", False)))


def _freeze(obj):
    """Patterns become nested tuples so that a Profile stays hashable and immutable."""
    if isinstance(obj, dict):
        return tuple((k, _freeze(v)) for k, v in obj.items())
    if isinstance(obj, list):
        return tuple(_freeze(v) for v in obj)
    return obj


def thaw(obj):
    """The spaCy form (lists of dicts) of a frozen pattern."""
    if isinstance(obj, tuple) and obj and all(isinstance(p, tuple) and len(p) == 2 and isinstance(p[0], str)
                                              for p in obj):
        return {k: thaw(v) for k, v in obj}
    if isinstance(obj, tuple):
        return [thaw(v) for v in obj]
    return obj


def _cue(value: dict) -> CueGroup:
    return CueGroup(id=value["id"], role=value["role"], description=value.get("description", ""),
                    lemmas=tuple(str(x) for x in value.get("lemmas") or ()),
                    pos=tuple(value.get("pos") or ()),
                    patterns=tuple(_freeze(p) for p in value.get("patterns") or ()))


@lru_cache(maxsize=1)
def default_cues() -> tuple[CueGroup, ...]:
    """The shared English cue lexicon."""
    data = read_yaml(LEXICON_PATH.read_text(encoding="utf-8"))
    return tuple(_cue(group) for group in data["groups"])


def _merge_cues(extra: list[dict]) -> tuple[CueGroup, ...]:
    """Profile cues add lemmas/patterns to a shared group of the same id, or add a new group."""
    groups = {c.id: c for c in default_cues()}
    for value in extra:
        cue = _cue(value)
        if cue.id in groups:
            old = groups[cue.id]
            cue = CueGroup(old.id, old.role, old.description or cue.description,
                           old.lemmas + cue.lemmas, old.pos, old.patterns + cue.patterns)
        groups[cue.id] = cue
    return tuple(groups.values())


def _build(data: dict, path: str) -> Profile:
    parties = tuple(
        Party(id=p["id"], name=p.get("name", p["id"]), role=p.get("role", "party"),
              aliases=tuple(_term(a) for a in p["aliases"]))
        for p in data["parties"])
    issues = tuple(
        Issue(id=i["id"], label=i.get("label", i["id"]), description=i.get("description", ""),
              terms=tuple(_term(t) for t in i["terms"]),
              against=tuple(_term(t) for t in i.get("against") or ()))
        for i in data["issues"])
    return Profile(id=data["id"], name=data.get("name", data["id"]),
                   description=data.get("description", ""), parties=parties, issues=issues,
                   cues=_merge_cues(data.get("cues") or []),
                   principals=tuple(data.get("principals") or ()),
                   sides_terms=tuple(data.get("sides_terms") or ()),
                   blame_issue=data.get("blame_issue") or "",
                   milestones=tuple(_milestone(m) for m in data.get("milestones") or ()), path=path)


def _milestone(value: dict) -> Milestone:
    cue = re.compile("|".join(f"(?:{c})" for c in value["cues"]), re.IGNORECASE)
    return Milestone(id=value["id"], name=value.get("name", value["id"]), date=_as_date(value["date"]),
                     cue=cue, war_start=bool(value.get("war_start", False)))
