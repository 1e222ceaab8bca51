"""Statements as pandas frames for the dashboard: read once, filtered and aggregated without row loops.

One function reads the store (:func:`load_statements`), with the rule that a human label
overrides the machine statements of its sentence applied in SQL; :func:`collapse` counts a
statement carried by several articles once (the rule of :func:`stance.analysis.aggregate.identity`);
the rest filter and aggregate those frames. Each frame function has a record twin in
:mod:`stance.analysis.aggregate`, and the tests check that both agree.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from sqlalchemy import exists, func, or_, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from ..records import POLARITY, STANCES, Statement
from ..store.store import ArticleRow, LabelRow, SourceRow, StatementRow
from .aggregate import (
    _MARKS,
    QUOTED,
    BlameCount,
    PositionCount,
    Settled,
    Shift,
    detect_shifts,
    settled_position,
)
from .filters import Filters

PERIOD_FREQ = {"day": "D", "week": "W", "month": "M"}
IDENTITY = ["party", "kind", "issue", "stance", "target", "fingerprint"]


def data_version(engine: Engine) -> tuple:
    """A cheap summary that changes whenever statements, their dates or articles change (a cache key)."""
    st, art = StatementRow.__table__, ArticleRow.__table__
    with engine.connect() as conn:
        s = conn.execute(select(func.count(), func.max(st.c.id), func.count(st.c.date),
                                func.sum(st.c.confidence))).one()
        a = conn.execute(select(func.count(), func.count(art.c.date))).one()
        n_sources = conn.execute(select(func.count()).select_from(SourceRow.__table__)).scalar_one()
        labels = conn.execute(select(func.count(), func.max(LabelRow.__table__.c.id))).one()
    return (*s, *a, n_sources, *labels)


# What the views need; the CSV download reads the full rows by id (see ``full_statements``).
FRAME_COLUMNS = ("id", "article_id", "profile", "party", "kind", "issue", "stance", "target", "date",
                 "date_resolved", "confidence", "method", "sentence", "source")
# Per statement the reader fetches three values and two keys. A key holds the values that repeat
# over many rows (those of an article, those of a label), so the driver makes Python objects of
# them once per distinct key rather than once per row: at 100,000 rows those objects are most
# of the cost of reading.
_ARTICLE_KEY = ("article_id", "profile", "date", "date_resolved", "source")
_LABEL_KEY = ("party", "kind", "issue", "stance", "target", "method")
_CHUNK = 10_000  # rows fetched at a time; a chunk's fingerprints are computed while the next is read
_STR = pd.Series([""]).dtype  # the dtype pandas gives strings (pyarrow-backed from pandas 3)


def _override(t):
    """The rows that count: a human label overrides the machine statements of its sentence."""
    human = t.alias("human")
    same_sentence_labelled = exists().where(human.c.method == "human", human.c.article_id == t.c.article_id,
                                            human.c.sentence == t.c.sentence)
    labelled_articles = select(human.c.article_id).where(human.c.method == "human")
    # the cheap test first: most articles have no human label at all
    return or_(t.c.method == "human", t.c.article_id.not_in(labelled_articles), ~same_sentence_labelled)


def _sql(engine: Engine, query) -> str:
    # Literal binds keep the SQL portable across drivers.
    return str(query.compile(dialect=engine.dialect, compile_kwargs={"literal_binds": True}))


def _rows(engine: Engine, query) -> list[tuple]:
    # The DBAPI cursor, not SQLAlchemy's result rows: those cost more than the query at 100,000 rows.
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute(_sql(engine, query))
        return cursor.fetchall()
    finally:
        raw.close()


@contextmanager
def _no_gc():
    """Without the cyclic garbage collector: the row tuples the driver makes (none in a cycle)
    would otherwise set it off again and again, each time walking every row read so far."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _factorize(keys: list, packed: bool) -> tuple[list[tuple], np.ndarray]:
    """The distinct keys (as tuples) in order of appearance, and each row's index into them."""
    if packed:  # JSON strings: pandas' hash table
        codes, distinct = pd.factorize(np.array(keys, dtype=object))
        return [tuple(json.loads(k)) for k in distinct], codes.astype("int64")
    index: dict = {}
    codes = [index.setdefault(k, len(index)) for k in keys]
    return list(index), np.array(codes, dtype="int64")


def _read(engine: Engine, packed: bool | None = None):
    """Statement rows, fetched in chunks; each chunk's sentence fingerprints are computed (by Arrow
    and numpy, mostly outside the GIL) while the next chunk is read.

    ``packed``: fetch each key as one JSON array (SQLite's ``json_array``) rather than as separate
    columns; by default on SQLite. Both give the same values.
    """
    t = StatementRow.__table__
    if packed is None:
        packed = engine.dialect.name == "sqlite"
    keys = [t.c[c] for c in _ARTICLE_KEY + _LABEL_KEY]
    if packed:
        keys = [func.json_array(*keys[:len(_ARTICLE_KEY)]), func.json_array(*keys[len(_ARTICLE_KEY):])]
    query = select(t.c.id, t.c.confidence, t.c.sentence, *keys).where(_override(t))
    ids, confidence, sentences, pending, articles, labels = [], [], [], [], [], []
    n_art = len(_ARTICLE_KEY)
    with _no_gc(), ThreadPoolExecutor(max_workers=1) as pool:
        raw = engine.raw_connection()
        try:
            cursor = raw.cursor()
            cursor.execute(_sql(engine, query))
            while rows := cursor.fetchmany(_CHUNK):
                columns = list(zip(*rows))
                ids.extend(columns[0])
                confidence.extend(columns[1])
                text = pa.array(columns[2], type=pa.large_string())
                sentences.append(text)
                pending.append(pool.submit(_fingerprint_array, text))
                if packed:
                    articles.extend(columns[3])
                    labels.extend(columns[4])
                else:
                    articles.extend(zip(*columns[3:3 + n_art]))
                    labels.extend(zip(*columns[3 + n_art:]))
        finally:
            raw.close()
        articles, labels = _factorize(articles, packed), _factorize(labels, packed)
        fingerprints = [job.result() for job in pending]
    return (np.array(ids, dtype="int64"), np.array(confidence, dtype="float64"),
            pa.chunked_array(sentences, type=pa.large_string()), pa.chunked_array(fingerprints, type=pa.large_string()),
            *articles, *labels)


def load_statements(engine: Engine, packed: bool | None = None) -> pd.DataFrame:
    """Every stored statement as it counts, one row each, with its article's title, link and sources.

    A statement labelled by a person (``method == "human"``) overrides the machine statements
    of the same sentence (same article, same sentence text): those are left out. This is the
    rule of :func:`stance.analysis.stored.stored_statements`, done in SQL.

    Columns: :data:`FRAME_COLUMNS` (``date`` as datetime64, NaT when undated), ``title``,
    ``url`` (the article's link: its source when that is a URL, else the ``url`` of its
    metadata, else ``""``), ``sources`` (every source of the article, syndicated copies
    included, one per line) and ``fingerprint`` (:func:`stance.analysis.aggregate.fingerprint` of the
    sentence, which :func:`collapse` groups by). Sorted by date (undated last), article, id.

    Args:
        engine: The store.
        packed: How the rows are fetched (see :func:`_read`); the frame is the same either way.
    """
    ids, confidence, sentences, fingerprints, art, art_codes, lab, lab_codes = _read(engine, packed)
    a = ArticleRow.__table__
    titles, links = {}, {}
    for article_id, title, meta, source in _rows(engine, select(a.c.id, a.c.title, a.c.meta, a.c.source)):
        titles[article_id] = "" if title is None else title
        links[article_id] = _link(source, meta)
    by_article: dict[str, list[str]] = {}
    s = SourceRow.__table__
    for article_id, source in _rows(engine, select(s.c.article_id, s.c.source)):
        by_article.setdefault(article_id, []).append(source)

    # per distinct article key, then taken for every row
    art_ids = [k[0] for k in art]
    dates = pd.to_datetime(pd.Series([k[2] for k in art], dtype=object if not art else None))
    date_values = dates.to_numpy()
    undated = np.isnat(date_values) if len(art) else np.zeros(0, dtype=bool)
    rank = {article_id: i for i, article_id in enumerate(sorted(set(art_ids)))}
    art_rank = np.array([rank[i] for i in art_ids], dtype="int64")
    order = np.lexsort((ids, art_rank[art_codes], date_values.view("int64")[art_codes], undated[art_codes]))
    art_codes, lab_codes = art_codes[order], lab_codes[order]
    take = pa.array(order)

    def per_row(values: list, codes: np.ndarray) -> pd.Series:
        return pd.Series(pa.array(values, type=pa.large_string()).take(pa.array(codes)), dtype=_STR)

    frame = pd.DataFrame({
        "id": ids[order],
        "article_id": per_row(art_ids, art_codes),
        "profile": per_row([k[1] for k in art], art_codes),
        **{c: per_row([k[i] for k in lab], lab_codes) for i, c in enumerate(_LABEL_KEY[:5])},
        "date": pd.Series(date_values[art_codes], dtype=dates.dtype),
        "date_resolved": np.array([bool(k[3]) for k in art], dtype=bool)[art_codes],
        "confidence": confidence[order],
        "method": per_row([k[5] for k in lab], lab_codes),
        "sentence": pd.Series(sentences.combine_chunks().take(take), dtype=_STR),
        "source": per_row([k[4] for k in art], art_codes),
        "title": per_row([titles.get(i, "") for i in art_ids], art_codes),
        "url": per_row([links.get(i, "") for i in art_ids], art_codes),
        "sources": per_row(["\n".join(by_article[k[0]]) if k[0] in by_article else k[4] for k in art], art_codes),
        "fingerprint": pd.Series(pd.arrays.ArrowStringArray(fingerprints.combine_chunks().take(take))),
    })
    return _with_human_decisions(engine, frame, titles, links, by_article)


def _with_human_decisions(engine: Engine, frame: pd.DataFrame, titles: dict, links: dict,
                          by_article: dict) -> pd.DataFrame:
    """Apply the annotators' decisions (the ``label`` table; :func:`stance.analysis.stored.human_decisions`):
    the rows of a decided sentence give way to the statements of its winning decision, which
    get negative ids (``-1`` for the first; :func:`full_statements` knows them)."""
    from .stored import human_decisions

    decided, human = human_decisions(engine)
    if not decided:
        return frame
    a = ArticleRow.__table__
    wanted = sorted({article_id for article_id, _, _ in decided})
    texts = dict(_rows(engine, select(a.c.id, a.c.text).where(a.c.id.in_(wanted))))
    sentences = {f"{i}\x00{texts[i][start:end]}" for i, start, end in decided if i in texts}
    keep = ~(frame["article_id"].astype(str) + "\x00" + frame["sentence"].astype(str)).isin(sentences)
    if not human:
        return frame[keep.to_numpy()].reset_index(drop=True)
    extra = pd.DataFrame({
        "id": -np.arange(1, len(human) + 1, dtype="int64"),
        **{c: [getattr(s, c) for s in human] for c in ("article_id", "party", "kind", "issue", "stance",
                                                        "target", "date_resolved", "confidence",
                                                        "method", "sentence", "source")},
        "date": pd.to_datetime(pd.Series([s.date for s in human], dtype=object)),
        "title": [titles.get(s.article_id, "") for s in human],
        "url": [links.get(s.article_id, "") for s in human],
        "sources": ["\n".join(by_article.get(s.article_id, [s.source])) for s in human],
    })
    extra["profile"] = extra["article_id"].map(
        frame.drop_duplicates("article_id").set_index("article_id")["profile"]).fillna("")
    extra["fingerprint"] = fingerprints(extra["sentence"])
    merged = pd.concat([frame[keep.to_numpy()], extra[frame.columns]], ignore_index=True)
    for column in frame.columns:
        if merged[column].dtype != frame[column].dtype:
            merged[column] = merged[column].astype(frame[column].dtype)
    order = np.lexsort((merged["id"].to_numpy(), merged["article_id"].to_numpy().astype(str),
                        merged["date"].to_numpy().view("int64"), merged["date"].isna().to_numpy()))
    return merged.iloc[order].reset_index(drop=True)


def full_statements(engine: Engine, ids) -> list[Statement]:
    """The statements with these ids as records, every field (for the CSV writers), in the order
    of ``ids``; negative ids are the annotators' statements (see :func:`_with_human_decisions`)."""
    from ..store.store import to_statement

    wanted = [int(i) for i in ids]
    found: dict[int, Statement] = {}
    if any(i < 0 for i in wanted):
        from .stored import human_decisions

        found.update((-(n + 1), s) for n, s in enumerate(human_decisions(engine)[1]))
    stored = [i for i in wanted if i >= 0]
    with Session(engine) as session:
        for chunk in range(0, len(stored), 900):  # SQLite's limit on bound parameters
            query = select(StatementRow).where(StatementRow.id.in_(stored[chunk:chunk + 900]))
            found.update((row.id, to_statement(row)) for row in session.scalars(query))
    return [found[i] for i in wanted if i in found]


def _link(source: str, meta: str) -> str:
    if source.startswith(("http://", "https://")):
        return source
    try:
        url = json.loads(meta or "{}").get("url", "")
    except (ValueError, AttributeError):
        return ""
    return url if isinstance(url, str) and url.startswith(("http://", "https://")) else ""


def collapse(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per distinct statement (:func:`stance.analysis.aggregate.collapse_duplicates` on a frame).

    Keeps the earliest dated copy of each identity and adds ``fingerprint`` (unless the frame
    has it), ``copies`` (articles that carried it) and ``polarity``; ``sources`` becomes every
    source of every copy (one per line, in the order of the copies).
    """
    if frame.empty:
        return frame.assign(fingerprint=pd.Series(dtype=str), copies=pd.Series(dtype=int),
                            polarity=pd.Series(dtype=str))
    # frame is sorted by date already; load_statements computed the fingerprints while reading
    ordered = frame if "fingerprint" in frame else frame.assign(fingerprint=fingerprints(frame["sentence"]))
    group = _group_codes(ordered, IDENTITY)  # numbered in order of first appearance
    _, first_rows = np.unique(group, return_index=True)  # each group's first (earliest) row, in group order
    first = ordered.iloc[first_rows].reset_index(drop=True)
    size = np.bincount(group)
    repeated = np.flatnonzero(size[group] > 1)
    copies = np.ones(len(first), dtype="int64")
    if len(repeated):
        articles = _group_codes(ordered, ["article_id"])[repeated]
        groups = group[repeated]
        pairs = np.unique(groups * (int(articles.max()) + 1) + articles)
        per_group = np.bincount(pairs // (int(articles.max()) + 1), minlength=len(first))
        hit = np.flatnonzero(size > 1)
        copies[hit] = per_group[hit]
        merged: dict[int, dict[str, None]] = {}
        for g, joined in zip(groups.tolist(), ordered["sources"].to_numpy()[repeated].tolist()):
            merged.setdefault(g, {}).update(dict.fromkeys(joined.split("\n")))
        sources = pa.array(first["sources"].array)
        values = pa.array(["\n".join(merged[g]) for g in hit.tolist()], type=sources.type)
        mask = np.zeros(len(first), dtype=bool)
        mask[hit] = True
        first["sources"] = pd.Series(pc.replace_with_mask(sources, pa.array(mask), values), dtype=first["sources"].dtype)
    first["copies"] = copies
    first["polarity"] = first["stance"].map(POLARITY).fillna("")
    return first


def _group_codes(frame: pd.DataFrame, columns) -> np.ndarray:
    """One code per distinct combination of ``columns`` (missing values included), numbered in
    order of first appearance (``groupby(columns, sort=False, dropna=False).ngroup()``)."""
    key = None
    for column in columns:
        codes, uniques = pd.factorize(frame[column], use_na_sentinel=False)
        codes = codes.astype("int64")
        # both factors are below the number of rows, so the product stays far from overflowing
        key = codes if key is None else pd.factorize(key * len(uniques) + codes)[0].astype("int64")
    return key


def fingerprints(sentences: pd.Series) -> pd.Series:
    """:func:`stance.analysis.aggregate.fingerprint` of every sentence, computed by Arrow and numpy (no
    Python loop over rows), in slices that fit the processor's caches, on every processor."""
    text = pa.array(sentences.astype("string[pyarrow]").array)
    with ThreadPoolExecutor() as pool:
        parts = list(pool.map(_fingerprint_array, [text.slice(i, _CHUNK) for i in range(0, len(text), _CHUNK)]))
    joined = pa.chunked_array(parts, type=text.type) if parts else text
    return pd.Series(pd.arrays.ArrowStringArray(joined), index=sentences.index) if parts else \
        pd.Series([], index=sentences.index, dtype="string[pyarrow]")


_QUOTE_PATTERN = QUOTED.replace("(", "(?P<quote>", 1)


def _fingerprint_array(text: pa.Array) -> pa.Array:
    """:func:`stance.analysis.aggregate.fingerprint` of each string of ``text``."""
    marked = pc.match_substring_regex(text, f"[{_MARKS}]")
    if pc.any(marked).as_py():  # the quotation is looked for only where there is a quotation mark
        candidates = text.filter(marked)
        quoted = pc.extract_regex(candidates, _QUOTE_PATTERN)
        chosen = pc.if_else(pc.is_valid(quoted), pc.struct_field(quoted, "quote"), candidates)
        text = pc.replace_with_mask(text, marked, chosen.cast(text.type))
    text = pc.utf8_lower(text)
    if text.null_count:
        return pc.utf8_trim(pc.replace_substring_regex(text, r"[^\p{L}\p{N}]+", " "), " ")
    return _words(text.cast(pa.large_string()))


_ASCII_WORD = np.array([chr(c).isalnum() for c in range(256)]) & (np.arange(256) < 0x80)


def _words(text: pa.LargeStringArray) -> pa.LargeStringArray:
    """Each string's runs of letters and digits (``str.isalnum``), joined by one space: what
    ``re.sub(r"[\\W_]+", " ", s).strip()`` gives, computed on the UTF-8 bytes of the whole column."""
    offsets = np.frombuffer(text.buffers()[1], dtype=np.int64)[text.offset:text.offset + len(text) + 1]
    data = np.frombuffer(text.buffers()[2], dtype=np.uint8) if text.buffers()[2] is not None else \
        np.zeros(0, dtype=np.uint8)
    b = data[offsets[0]:offsets[-1]]
    offsets = offsets - offsets[0]
    n = len(b)
    word = _ASCII_WORD[b]
    lead = np.flatnonzero(b >= 0xC0)  # the first byte of each character beyond ASCII
    if len(lead):
        b0 = b[lead].astype(np.uint32)
        size = np.where(b0 >= 0xF0, 4, np.where(b0 >= 0xE0, 3, 2))
        tail = [b[np.minimum(lead + k, n - 1)].astype(np.uint32) & 0x3F for k in (1, 2, 3)]
        code = np.where(size == 2, ((b0 & 0x1F) << 6) | tail[0],
                        np.where(size == 3, ((b0 & 0x0F) << 12) | (tail[0] << 6) | tail[1],
                                 ((b0 & 0x07) << 18) | (tail[0] << 12) | (tail[1] << 6) | tail[2]))
        distinct, which = np.unique(code, return_inverse=True)
        is_word = np.array([chr(c).isalnum() for c in distinct.tolist()], dtype=bool)[which]
        for k in range(4):  # every byte of a character is a word byte when the character is a letter or digit
            at = size > k
            word[lead[at] + k] = is_word[at]
    starts, ends = offsets[:-1], offsets[1:]
    filled = np.flatnonzero(ends > starts)
    after_word = np.empty(n, dtype=bool)
    after_word[:1] = False
    after_word[1:] = word[:-1]
    after_word[starts[filled]] = False  # a string's first byte follows no word of its own
    gap = ~word & after_word  # the first byte of a run of other characters after a word: one space
    gaps = np.flatnonzero(gap)
    # a run that ends its string is dropped (strip): the string's last gap, when its last byte is no word
    trailing = filled[~word[ends[filled] - 1]]
    if len(gaps) and len(trailing):
        last = np.searchsorted(gaps, ends[trailing]) - 1
        inside = last >= 0
        last, trailing = last[inside], trailing[inside]
        gap[gaps[last[gaps[last] >= starts[trailing]]]] = False
    keep = word | gap
    out = np.where(word, b, np.uint8(32))[keep]
    lengths = np.zeros(len(starts), dtype=np.int64)
    if len(filled):
        lengths[filled] = np.add.reduceat(keep.view(np.uint8), starts[filled], dtype=np.int64)
    new_offsets = np.zeros(len(starts) + 1, dtype=np.int64)
    np.cumsum(lengths, out=new_offsets[1:])
    return pa.LargeStringArray.from_buffers(len(starts), pa.py_buffer(new_offsets), pa.py_buffer(out))


def apply_filters(frame: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The rows of ``frame`` that pass ``filters`` (see :class:`stance.analysis.filters.Filters`)."""
    mask = pd.Series(True, index=frame.index)
    if filters.profile:
        mask &= frame["profile"] == filters.profile
    if filters.parties:
        mask &= frame["party"].isin(filters.parties)
    if filters.issues:
        # the issue filter narrows positions; a blame is kept unless it names another issue
        on_issue = frame["issue"].isin(filters.issues)
        mask &= on_issue | ((frame["kind"] == "blame") & (frame["issue"] == ""))
    if filters.since:
        mask &= frame["date"] >= pd.Timestamp(filters.since)
    if filters.until:
        mask &= frame["date"] <= pd.Timestamp(filters.until)
    if filters.methods:
        parts = frame["method"].str.split("+")
        wanted = {_METHOD_OF_FILTER[m] for m in filters.methods}
        mask &= parts.map(lambda ms: not wanted.isdisjoint(ms))
    if filters.min_confidence > 0:
        mask &= frame["confidence"] >= filters.min_confidence
    if filters.kind:
        mask &= frame["kind"] == filters.kind
    if filters.target:
        mask &= frame["target"] == filters.target
    if filters.stance:
        mask &= frame["stance"] == filters.stance
    if not filters.undated:
        mask &= frame["date"].notna()
    # every row passes (no filter set): the frame itself, not a copy; callers never modify it
    return frame if mask.all() else frame[mask]


_METHOD_OF_FILTER = {"rules": "rule", "model": "model", "human": "human"}


def period_columns(dates: pd.Series, period: str) -> pd.DataFrame:
    """``period`` labels (as :func:`stance.analysis.aggregate.period_of`) and ``start``/``end`` timestamps."""
    if period not in PERIOD_FREQ:
        raise ValueError(f"period must be one of {', '.join(PERIOD_FREQ)}, got {period!r}")
    # statements share few dates (an article's): the labels are computed once per distinct date
    codes, distinct = pd.factorize(dates, use_na_sentinel=False)
    if len(distinct) < len(dates):
        once = _period_columns(pd.Series(distinct, dtype=dates.dtype), period)
        return pd.DataFrame({c: once[c].take(codes).to_numpy() for c in once}, index=dates.index).astype(
            once.dtypes.to_dict())
    return _period_columns(dates, period)


def _period_columns(dates: pd.Series, period: str) -> pd.DataFrame:
    if period == "day":
        start = dates.dt.normalize()
        label = start.dt.strftime("%Y-%m-%d")
        end = start + pd.Timedelta(days=1)
    elif period == "week":
        iso = dates.dt.isocalendar()
        start = dates.dt.normalize() - pd.to_timedelta(iso["day"].astype("int64") - 1, unit="D")
        label = iso["year"].astype(str) + "-W" + iso["week"].astype(str).str.zfill(2)
        end = start + pd.Timedelta(days=7)
    else:
        start = dates.dt.to_period("M").dt.start_time
        label = start.dt.strftime("%Y-%m")
        end = start + pd.offsets.MonthBegin(1)
    return pd.DataFrame({"period": label, "start": start, "end": end}, index=dates.index)


def positions(distinct: pd.DataFrame, period: str = "week") -> pd.DataFrame:
    """Distinct position statements per party × issue × period (:func:`stance.analysis.aggregate.positions_over_time`).

    Columns: ``period``, ``start``, ``end``, ``party``, ``issue``, ``demand``, ``accept``,
    ``reject``, ``statements``, ``articles``, ``net``, ``position`` (the settled stance, or
    ``mixed``), sorted by period, party, issue.
    """
    rows = distinct.loc[(distinct["kind"] == "position") & distinct["date"].notna()
                        & distinct["stance"].isin(STANCES), ["party", "issue", "stance", "article_id", "date"]]
    columns = ["period", "start", "end", "party", "issue", *STANCES, "statements", "articles", "net",
               "position"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    rows = pd.concat([rows[["party", "issue", "stance", "article_id"]], period_columns(rows["date"], period)],
                     axis=1)
    keys = ["period", "start", "end", "party", "issue"]
    counts = pd.crosstab([rows[k] for k in keys], rows["stance"]).reindex(columns=list(STANCES), fill_value=0)
    counts.columns.name = None
    counts["statements"] = counts[list(STANCES)].sum(axis=1)
    counts["articles"] = rows.groupby(keys)["article_id"].nunique()
    counts = counts.reset_index()
    counts["net"] = ((counts["demand"] + counts["accept"] - counts["reject"]) / counts["statements"]).round(3)
    pro, con = counts["demand"] + counts["accept"], counts["reject"]
    counts["position"] = "mixed"
    counts.loc[con > pro, "position"] = "reject"
    counts.loc[(pro > con) & (counts["demand"] >= counts["accept"]), "position"] = "demand"
    counts.loc[(pro > con) & (counts["demand"] < counts["accept"]), "position"] = "accept"
    return counts.sort_values(["period", "party", "issue"], ignore_index=True)[columns]


def position_counts(table: pd.DataFrame) -> list[PositionCount]:
    """The rows of :func:`positions` as records (for :func:`stance.analysis.export.write_positions` and shifts)."""
    return [PositionCount(r.period, r.party, r.issue, int(r.demand), int(r.accept), int(r.reject),
                          int(r.articles))
            for r in table.itertuples(index=False)]


def shifts(table: pd.DataFrame, min_statements: int = 1) -> list[Shift]:
    """:func:`stance.analysis.aggregate.detect_shifts` over a :func:`positions` table."""
    return detect_shifts(position_counts(table), min_statements)


def latest_settled(table: pd.DataFrame, min_statements: int = 1) -> dict[tuple[str, str], Settled]:
    """Each party × issue's most recent settled position (see :func:`stance.analysis.aggregate.settled_position`)."""
    out: dict[tuple[str, str], Settled] = {}
    for row in position_counts(table):  # sorted by period
        settled = settled_position(row, min_statements)
        if settled is not None:
            out[(row.party, row.issue)] = settled
    return out


class ShiftEvidence:
    """The last statement of the old position and the first of the new one, for many shifts
    (:func:`stance.analysis.aggregate.shift_evidence` on a frame; period labels computed once).

    Args:
        distinct: Distinct statements (:func:`collapse`).
        period: The period the shifts were found with.
    """

    def __init__(self, distinct: pd.DataFrame, period: str):
        rows = distinct[(distinct["kind"] == "position") & distinct["date"].notna()]
        rows = rows.assign(period=period_columns(rows["date"], period)["period"], _neg=-rows["confidence"])
        self._groups = dict(iter(rows.groupby(["party", "issue"], sort=False)))

    def of(self, shift: Shift) -> tuple[pd.Series | None, pd.Series | None]:
        """``(last before, first after)``; either is None when no statement qualifies."""
        rows = self._groups.get((shift.party, shift.issue))
        if rows is None:
            return None, None
        before = rows[(rows["period"] == shift.before.period) & (rows["polarity"] == shift.before.polarity)]
        after = rows[(rows["period"] == shift.after.period) & (rows["polarity"] == shift.after.polarity)]
        last = before.sort_values(["date", "confidence"], kind="stable").iloc[-1] if len(before) else None
        first = after.sort_values(["date", "_neg"], kind="stable").iloc[0] if len(after) else None
        return last, first


def blame(distinct: pd.DataFrame, period: str | None = None) -> pd.DataFrame:
    """Distinct blame statements per blamer × blamed (:func:`stance.analysis.aggregate.blame_matrix`).

    Columns ``party``, ``target``, ``statements``, ``articles``, and with a ``period`` also
    ``period``, ``start`` and ``end`` (undated blame then left out).
    """
    rows = distinct[(distinct["kind"] == "blame") & (distinct["target"] != "")]
    keys = ["party", "target"]
    if period is not None:
        rows = rows[rows["date"].notna()]
        rows = pd.concat([rows[["party", "target", "article_id"]], period_columns(rows["date"], period)], axis=1)
        keys = ["period", "start", "end", *keys]
    if rows.empty:
        return pd.DataFrame(columns=[*keys, "statements", "articles"])
    grouped = rows.groupby(keys)["article_id"]
    out = pd.DataFrame({"statements": grouped.size(), "articles": grouped.nunique()}).reset_index()
    return out.sort_values(keys, ignore_index=True)


def blame_counts(table: pd.DataFrame) -> list[BlameCount]:
    """The rows of :func:`blame` as records."""
    period = table["period"] if "period" in table else [""] * len(table)
    return [BlameCount(p, r.party, r.target, int(r.statements), int(r.articles))
            for p, r in zip(period, table.itertuples(index=False))]


def to_statements(frame: pd.DataFrame) -> list[Statement]:
    """Frame rows as :class:`stance.records.Statement` records (for the CSV writers)."""
    out = []
    for r in frame.itertuples(index=False):
        out.append(Statement(
            article_id=r.article_id, party=r.party, kind=r.kind, issue=r.issue, stance=r.stance,
            target=r.target, sentence=r.sentence, start=int(r.start), end=int(r.end),
            date=None if pd.isna(r.date) else r.date.date(), date_resolved=bool(r.date_resolved),
            confidence=float(r.confidence), method=r.method, rule_ids=tuple(r.rule_ids.split()),
            model_score=None if pd.isna(r.model_score) else float(r.model_score),
            model_version=r.model_version, source=r.source))
    return out


def date_span(frame: pd.DataFrame) -> tuple[dt.date, dt.date] | None:
    """First and last statement date of ``frame``, or None when nothing is dated."""
    dates = frame["date"].dropna()
    if dates.empty:
        return None
    return dates.min().date(), dates.max().date()


def undated_articles(frame: pd.DataFrame) -> Sequence[str]:
    """Ids of the articles whose statements have no date."""
    return sorted(frame.loc[frame["date"].isna(), "article_id"].unique())
