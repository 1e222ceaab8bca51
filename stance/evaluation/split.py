"""The train/test split of the labelled corpus: by outlet and by month, never by article.

An article is *held out* (``test``) only when both its outlet and its time are held out:
its outlet is one of the split's test outlets, and its month is a test month of its
negotiation (or its whole negotiation is a test negotiation). It is ``train`` when
neither is held out, and ``excluded`` when one is and the other is not: such an
article would share an outlet or a month with the other side, which is what the split
exists to prevent. So no outlet and no month of a negotiation is on both sides, and a
rule or threshold chosen on ``train`` has never seen the test outlets' writing nor the
test months' events.

A month is a phase of one negotiation: "2025-05" of the Gaza talks and "2025-05" of the
India–Pakistan talks are different months. An article without an outlet or a date is
never held out. The split is data (``labels/split.yaml``)::

    test:
      outlets: [AFP, Al Jazeera, ...]
      months: {gaza: [2023-11, 2024-01, ...]}
      negotiations: [india_pakistan, ...]
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..errors import StanceError

SPLITS = ("test", "train", "all")
SPLIT_FILE = "split.yaml"

# Other spellings of an outlet's name, as bylines and datelines write them.
_OUTLET_ALIASES = {
    "ap": "associated press", "afp": "agence france presse", "nyt": "new york times",
    "toi": "times of israel", "jpost": "jerusalem post", "al jazeera english": "al jazeera",
    "bbc news": "bbc", "the journal": "thejournal ie", "spokesman": "spokesman review",
}


def outlet_key(name: str) -> str:
    """The outlet's name folded for comparison: lowercase words, no leading "the", aliases resolved.

    >>> outlet_key("The Times of Israel"), outlet_key("AFP"), outlet_key("Spokesman-Review")
    ('times of israel', 'agence france presse', 'spokesman review')
    """
    key = re.sub(r"[^a-z0-9]+", " ", name.lower()).strip()
    key = re.sub(r"^the ", "", key)
    return _OUTLET_ALIASES.get(key, key)


@dataclass(frozen=True)
class ArticleKey:
    """What the split looks at in an article.

    Attributes:
        negotiation: The profile id of its labels.
        outlet: The publisher whose journalism it is (header ``outlet``), or ``""``.
        date: Its date, or None.
    """

    negotiation: str
    outlet: str = ""
    date: dt.date | None = None

    @property
    def month(self) -> str:
        """``YYYY-MM``, or ``""`` without a date."""
        return self.date.strftime("%Y-%m") if self.date else ""


@dataclass(frozen=True)
class Split:
    """Which outlets and months are held out.

    Attributes:
        test_outlets: Outlet keys (:func:`outlet_key`) held out.
        test_months: Per negotiation, the ``YYYY-MM`` months held out.
        test_negotiations: Negotiations held out as a whole.
    """

    test_outlets: frozenset[str]
    test_months: dict[str, frozenset[str]]
    test_negotiations: frozenset[str]

    def outlet_held_out(self, key: ArticleKey) -> bool:
        """Whether the article's outlet is a test outlet."""
        return bool(key.outlet) and outlet_key(key.outlet) in self.test_outlets

    def time_held_out(self, key: ArticleKey) -> bool:
        """Whether the article's negotiation, or its month of that negotiation, is held out."""
        if key.negotiation in self.test_negotiations:
            return True
        return key.month in self.test_months.get(key.negotiation, frozenset())

    def side(self, key: ArticleKey) -> str:
        """``test``, ``train`` or ``excluded`` (see the module docstring)."""
        outlet, time = self.outlet_held_out(key), self.time_held_out(key)
        if outlet and time:
            return "test"
        return "excluded" if outlet or time else "train"


def read_split(path: str | Path) -> Split:
    """Read a split file.

    Raises:
        StanceError: The file cannot be read or is not a split.
    """
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise StanceError(f"{path}: cannot read the split ({exc.__class__.__name__}: {exc})") from None
    test = data.get("test") if isinstance(data, dict) else None
    if not isinstance(test, dict):
        raise StanceError(f"{path}: a split needs a 'test' mapping with outlets, months, negotiations")
    outlets, months, negotiations = (test.get("outlets") or [], test.get("months") or {},
                                     test.get("negotiations") or [])
    if not (isinstance(outlets, list) and isinstance(months, dict) and isinstance(negotiations, list)):
        raise StanceError(f"{path}: test.outlets and test.negotiations are lists, test.months a mapping")
    bad = [m for ms in months.values() for m in (ms or []) if not re.fullmatch(r"\d{4}-\d{2}", str(m))]
    if bad:
        raise StanceError(f"{path}: months are YYYY-MM, not {bad[0]!r}")
    return Split(frozenset(outlet_key(str(o)) for o in outlets),
                 {str(n): frozenset(str(m) for m in (ms or [])) for n, ms in months.items()},
                 frozenset(str(n) for n in negotiations))


def find_split(gold: str | Path) -> Path | None:
    """The split file that goes with a labels file or folder (``split.yaml`` beside it)."""
    gold = Path(gold)
    path = (gold if gold.is_dir() else gold.parent) / SPLIT_FILE
    return path if path.is_file() else None


def check_split_name(split: str) -> str:
    """``split`` itself when it is one of :data:`SPLITS`.

    Raises:
        StanceError: Another name.
    """
    if split not in SPLITS:
        raise StanceError(f"unknown split {split!r} (choose from {', '.join(SPLITS)})")
    return split
