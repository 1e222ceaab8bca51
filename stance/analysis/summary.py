"""Keep the dashboard's summary table (:mod:`stance.store.summary`) in step with the store.

:func:`prepare` compares the store's :func:`~stance.analysis.statement_frame.data_version` with
the one the summary was built from; only when they differ is the store read and folded
(:func:`~stance.analysis.statement_frame.load_statements`, :func:`~stance.analysis.duplicates.collapse`:
the same code and the same rules as before the summary existed) and the summary rewritten.
Everything else the dashboard shows is then a query on it (:mod:`stance.analysis.selection`).
A database the dashboard may not write gets its summary in memory instead (an in-memory SQLite
database of this process).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine
from sqlalchemy.pool import StaticPool

from ..errors import StoreError
from ..store import summary as table
from . import duplicates, statement_frame
from .queries import date_span, period_columns
from .selection import Selection


@dataclass(frozen=True)
class Summary:
    """A current summary: where to query it, and what the folded statements do not tell.

    Attributes:
        engine: The database holding ``statement_summary`` (the store's, or one in memory).
        version: The store's data version it summarises (a cache key).
        stored: Statements in the store as they count (annotators' decisions applied), copies included.
        profiles: Profile ids, the one with most statements first.
        span: First and last statement date, or None when nothing is dated.
        choices: Per profile, its parties and its issues (the sidebar's choices), sorted.
        frame: The folded statements, for a store small enough to query in memory; else None.
    """

    engine: Engine
    version: str
    stored: int
    profiles: tuple[str, ...]
    span: tuple[dt.date, dt.date] | None
    choices: dict[str, tuple[list[str], list[str]]]
    frame: pd.DataFrame | None = field(default=None, compare=False)

    @property
    def distinct(self):
        """What the queries run on: the folded frame, or a Selection of the summary table."""
        return self.frame if self.frame is not None else Selection(self.engine, self.version,
                                                                     profiles=self.profiles)


# Below this many stored statements the folded frame is kept in memory (see prepare).
IN_MEMORY_BELOW = 250_000


def prepare(engine: Engine, version: tuple | None = None) -> Summary:
    """The summary of the store behind ``engine``, rebuilt first if the store changed since
    (``version``: its :func:`~stance.analysis.statement_frame.data_version`, when known).

    A store of fewer than :data:`IN_MEMORY_BELOW` statements is summarised in memory: its
    folded frame (``Summary.frame``) is what the queries run on, as pandas operations, which
    for such a store are quicker than asking the database and need nothing written.
    """
    version = version or statement_frame.data_version(engine)
    in_memory = int(version[0] or 0) < IN_MEMORY_BELOW
    # the summary's tables and indexes are part of its version: one written with others is rebuilt
    version = json.dumps([version, table.LAYOUT], default=str)
    info = None if in_memory else table.read_info(engine)
    if info is not None and info.get("version") == version:
        return _summary(engine, info)
    raw = statement_frame.load_statements(engine)
    distinct = duplicates.collapse(raw)
    info = _info(raw, version)
    if in_memory:
        return replace(_summary(engine, info), frame=distinct)
    target = engine
    try:
        table.write_summary(engine, *summary_rows(distinct), info)
    except StoreError:  # a read-only database: the summary lives in this process
        target = create_engine("sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False})
        table.write_summary(target, *summary_rows(distinct), info)
    return _summary(target, info)


def _info(raw: pd.DataFrame, version: str) -> dict:
    """What the summary records of the statements as stored (copies included)."""
    span = date_span(raw)
    return {"version": version, "stored": len(raw),
            "profiles": raw["profile"].value_counts().index.tolist() if len(raw) else [],
            "span": [d.isoformat() for d in span] if span else None,
            "choices": {p: [sorted(rows["party"].unique().tolist()), sorted(rows["issue"].unique().tolist())]
                        for p, rows in raw.groupby("profile")} if len(raw) else {}}


def _summary(engine: Engine, info: dict) -> Summary:
    span = tuple(dt.date.fromisoformat(d) for d in info["span"]) if info.get("span") else None
    choices = {p: (parties, issues) for p, (parties, issues) in info["choices"].items()}
    return Summary(engine, info["version"], int(info["stored"]), tuple(info["profiles"]), span, choices)


def summary_rows(distinct: pd.DataFrame) -> tuple[Iterator[tuple], Iterator[tuple]]:
    """The rows of ``statement_summary`` and of ``statement_summary_text`` (in the order of their
    columns) for a folded frame."""
    if distinct.empty:
        return iter(()), iter(())
    dated = distinct["date"].dropna()
    labels = {p: period_columns(dated, p)["period"].reindex(distinct.index) for p in ("day", "week", "month")}
    dates = distinct["date"].dt.strftime("%Y-%m-%d").astype(object).where(distinct["date"].notna(), None).tolist()
    columns = {
        **{c: distinct[c].tolist() for c in ("profile", "party", "kind", "issue", "stance", "polarity", "target",
                                             "article_id", "sentence", "source", "title", "url", "sources",
                                             "method")},
        "id": distinct["id"].astype(np.int64).tolist(),
        "date": dates,
        "date_resolved": distinct["date_resolved"].astype(bool).tolist(),
        "date_inferred": (distinct["date_inferred"].astype(bool).tolist() if "date_inferred" in distinct
                          else [False] * len(distinct)),
        "confidence": distinct["confidence"].astype(float).tolist(),
        "copies": distinct["copies"].astype(np.int64).tolist(),
        **{p: [None if d is None else v for d, v in zip(dates, labels[p].tolist())] for p in labels},
    }
    return (zip(*(columns[c] for c in table.COLUMNS)), zip(*(columns[c] for c in table.TEXT_COLUMNS)))
