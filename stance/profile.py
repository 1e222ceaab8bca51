"""Load negotiation profiles (parties, aliases, issues, cues) from YAML or JSON, valid by
:mod:`stance.profile_schema`."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from .errors import ProfileError
from .profile_schema import as_date, validate

PROFILE_DIR = Path(__file__).parent / "profiles"
LEXICON_PATH = Path(__file__).parent / "lexicon" / "cues.yaml"


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


def _term(value) -> Term:
    if isinstance(value, str):
        return Term(text=value)
    pattern = value.get("pattern")
    return Term(text=value.get("text", ""), pattern=_freeze(pattern) if pattern else None,
                start=as_date(value["from"]) if "from" in value else None,
                until=as_date(value["until"]) if "until" in value else None,
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
    return Milestone(id=value["id"], name=value.get("name", value["id"]), date=as_date(value["date"]),
                     cue=cue, war_start=bool(value.get("war_start", False)))
