"""The dashboard's filters and their form in the URL, so that a view can be shared as a link."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from functools import lru_cache
from urllib.parse import quote_plus

METHOD_FILTERS = ("rules", "model", "human")
VIEWS = ("positions", "shifts", "blame", "standing", "evidence")
PERIODS = ("day", "week", "month")


@dataclass(frozen=True)
class Filters:
    """Which statements a view shows.

    Attributes:
        profile: Negotiation profile id, or ``""`` for every profile.
        parties: Party ids (the holder of a position, the one who blames); empty: all.
        issues: Issue ids; narrows positions and blame about another issue. Empty: all.
        since: First date, or None.
        until: Last date, or None.
        methods: ``rules``, ``model``, ``human`` (``rule+model`` counts as both); empty: all.
        min_confidence: Lowest confidence shown.
        kind: ``position`` or ``blame``, or ``""`` for both.
        target: Only blame of this party.
        stance: Only this stance.
        undated: Whether undated statements are shown (never when a date bound is set).
    """

    profile: str = ""
    parties: tuple[str, ...] = ()
    issues: tuple[str, ...] = ()
    since: dt.date | None = None
    until: dt.date | None = None
    methods: tuple[str, ...] = ()
    min_confidence: float = 0.0
    kind: str = ""
    target: str = ""
    stance: str = ""
    undated: bool = True

    def narrowed(self, **changes) -> Filters:
        """A copy with some fields changed."""
        return replace(self, **changes)


# field -> query parameter
_PARAM = {"profile": "profile", "parties": "party", "issues": "issue", "since": "from", "until": "to",
          "methods": "method", "min_confidence": "min_conf", "kind": "kind", "target": "target",
          "stance": "stance", "undated": "undated"}
_DEFAULTS = Filters()


def filters_to_params(filters: Filters) -> dict[str, str]:
    """Query parameters for ``filters``; fields at their default are left out."""
    out: dict[str, str] = {}
    for f in fields(Filters):
        value = getattr(filters, f.name)
        if value == getattr(_DEFAULTS, f.name):
            continue
        if isinstance(value, tuple):
            out[_PARAM[f.name]] = ",".join(value)
        elif isinstance(value, dt.date):
            out[_PARAM[f.name]] = value.isoformat()
        elif isinstance(value, bool):
            out[_PARAM[f.name]] = "1" if value else "0"
        elif isinstance(value, float):
            out[_PARAM[f.name]] = f"{value:g}"
        else:
            out[_PARAM[f.name]] = str(value)
    return out


def filters_from_params(params: Mapping[str, str]) -> tuple[Filters, list[str]]:
    """Read filters from query parameters.

    A value that cannot be read is left at its default and reported, never raised: a
    shared link with a typo still opens.

    Returns:
        ``(filters, problems)``: one short message per parameter that was ignored.
    """
    values: dict = {}
    problems: list[str] = []
    for f in fields(Filters):
        raw = params.get(_PARAM[f.name])
        if raw is None or raw == "":
            continue
        default = getattr(_DEFAULTS, f.name)
        try:
            if isinstance(default, tuple):
                values[f.name] = tuple(v for v in (x.strip() for x in raw.split(",")) if v)
            elif f.name in ("since", "until"):
                values[f.name] = dt.date.fromisoformat(raw)
            elif isinstance(default, bool):
                if raw not in ("0", "1"):
                    raise ValueError
                values[f.name] = raw == "1"
            elif isinstance(default, float):
                number = float(raw)
                if not 0 <= number <= 1:
                    raise ValueError
                values[f.name] = number
            else:
                values[f.name] = raw
        except ValueError:
            problems.append(f"ignored {_PARAM[f.name]}={raw!r}")
    unknown = [m for m in values.get("methods", ()) if m not in METHOD_FILTERS]
    if unknown:
        problems.append(f"ignored method {', '.join(unknown)} (methods: {', '.join(METHOD_FILTERS)})")
        values["methods"] = tuple(m for m in values["methods"] if m in METHOD_FILTERS)
    return Filters(**values), problems


def view_link(view: str, filters: Filters, **extra: str) -> str:
    """A relative link (``?view=...&party=...``) that opens ``view`` with ``filters`` applied:
    ``urlencode(params, safe=",")``, each name and value quoted once per process (a timeline's
    thousands of cell links repeat a few parties, issues and dates)."""
    params = {"view": view, **filters_to_params(filters), **{k: v for k, v in extra.items() if v}}
    return "?" + "&".join(f"{_quoted(k)}={_quoted(v)}" for k, v in params.items())


@lru_cache(maxsize=4096)
def _quoted(text: str) -> str:
    return quote_plus(text, safe=",")
