"""The stored statements as one pandas frame, read once for the dashboard.

:func:`load_statements` reads the store with the rule that a human label overrides the machine
statements of its sentence applied in SQL (the frame twin of
:func:`stance.analysis.stored.stored_statements`); :func:`data_version` is the cache key of
what it read, :func:`full_statements` the full rows the CSV download needs.
"""

from __future__ import annotations

import gc
import json
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import numpy as np
import pandas as pd
import pyarrow as pa
from sqlalchemy import Integer, cast, exists, func, or_, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from ..records import INFERRED, Statement
from ..store.tables import ArticleRow, LabelRow, SourceRow, StatementRow
from .duplicates import CHUNK, fingerprint_array, fingerprints


def data_version(engine: Engine) -> tuple:
    """A cheap summary that changes whenever statements, their dates or articles change (a cache key)."""
    st, art = StatementRow.__table__, ArticleRow.__table__
    # confidences summed as whole thousandths: a sum of floats depends on the order it is added
    # in, which PostgreSQL's parallel workers do not keep, so the key would change by itself
    thousandths = cast(func.round(st.c.confidence * 1000), Integer)
    with engine.connect() as conn:
        s = conn.execute(select(func.count(), func.max(st.c.id), func.count(st.c.date),
                                func.sum(thousandths))).one()
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
            while rows := cursor.fetchmany(CHUNK):
                columns = list(zip(*rows))
                ids.extend(columns[0])
                confidence.extend(columns[1])
                text = pa.array(columns[2], type=pa.large_string())
                sentences.append(text)
                pending.append(pool.submit(fingerprint_array, text))
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
    metadata, else ``""``), ``date_inferred`` (the article's date was inferred from its text,
    :mod:`stance.extraction.dating`, and is not yet confirmed), ``sources`` (every source of the article, syndicated copies
    included, one per line) and ``fingerprint`` (:func:`stance.analysis.aggregate.fingerprint` of the
    sentence, which :func:`collapse` groups by). Sorted by date (undated last), article, id.

    Args:
        engine: The store.
        packed: How the rows are fetched (see :func:`_read`); the frame is the same either way.
    """
    ids, confidence, sentences, fingerprints, art, art_codes, lab, lab_codes = _read(engine, packed)
    a = ArticleRow.__table__
    titles, links, inferred = {}, {}, set()
    for article_id, title, meta, source, date_source in _rows(
            engine, select(a.c.id, a.c.title, a.c.meta, a.c.source, a.c.date_source)):
        titles[article_id] = "" if title is None else title
        links[article_id] = _link(source, meta)
        if date_source == INFERRED:
            inferred.add(article_id)
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
    frame = _with_human_decisions(engine, frame, titles, links, by_article)
    # the article's date was inferred from its text and no person has confirmed it yet
    frame["date_inferred"] = frame["article_id"].isin(inferred).to_numpy() & frame["date"].notna().to_numpy()
    return frame


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
