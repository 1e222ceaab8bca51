"""The jobs behind the CLI: ingest files into the store, re-extract, export. Library functions, no printing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, fields, replace

from sqlalchemy.engine import Engine

from .extraction.dating import suggest_date
from .extraction.extractor import Extractor
from .io.ingest import DEFAULT_MAX_BYTES, read_paths
from .profile import profile_data
from .records import INFERRED, Article, Failure, Statement
from .store import store


@dataclass
class IngestSummary:
    """What one ingest run did."""

    new: int = 0
    duplicate: int = 0
    linked: int = 0
    undated: int = 0
    inferred: int = 0
    statements: int = 0
    failures: list[Failure] = field(default_factory=list)
    undated_ids: list[str] = field(default_factory=list)
    inferred_ids: list[str] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)

    def line(self) -> str:
        """The one-line summary the CLI prints."""
        parts = [f"{self.new} new", f"{self.duplicate} duplicate"]
        if self.linked:
            parts.append(f"{self.linked} syndicated {'copy' if self.linked == 1 else 'copies'} linked")
        if self.inferred:
            parts.append(f"{self.inferred} dated from their text")
        parts += [f"{self.undated} undated", f"{self.failed} failed"]
        return f"articles: {', '.join(parts)}; statements found: {self.statements}"


def ingest(paths: Iterable[str], engine: Engine, *, profile: str = "gaza", date: dt.date | None = None,
           max_bytes: int = DEFAULT_MAX_BYTES, model: str | None = None,
           on_failure: Callable[[Failure], None] | None = None,
           progress: Callable[[Iterable], Iterable] | None = None,
           classifier: str | None = None, on_warning: Callable[[str], None] | None = None,
           workers: int = 1, make_extractor: Callable[..., Extractor] | None = None) -> IngestSummary:
    """Read files and folders, extract statements, and store both (``workers``: parsing
    processes).

    Reading, extraction and storing overlap: a file is read when the parser asks for more
    text, and each article is stored as soon as its statements are found, so memory does
    not grow with the size of the batch. Each article is stored in its own transaction: a
    failure later in the batch loses nothing stored before it. Articles already in the
    store are not extracted again.
    ``make_extractor(profile, model=, on_error=)`` builds what extracts (default: an
    :class:`Extractor` in this process; :mod:`stance.distributed` extracts on a Dask cluster,
    where articles come back in the order their partitions finish).
    """
    extractor = _with_classifier(_extractor(make_extractor, profile, model, workers, on_warning),
                                 classifier, on_warning)
    summary = IngestSummary()
    data = profile_data(extractor.profile)
    if data is not None:  # a negotiation of the user's own: the dashboard shows its names from the store
        store.save_profile(engine, extractor.profile.id, data)
    batch = _Batch(engine, extractor.profile.id, summary)

    def fresh() -> Iterator[Article]:
        for item in read_paths(paths, date=date, max_bytes=max_bytes):
            if isinstance(item, Failure):
                summary.failures.append(item)
                if on_failure:
                    on_failure(item)
            elif batch.is_new(item):
                yield dated_from_text(item, extractor.profile.milestones) if item.date is None else item

    stream = extractor.extract_many(fresh())
    for article, found in (progress(stream) if progress else stream):
        batch.save(article, found)
    return summary


class _Batch:
    """The store side of one ingest: which articles still need extracting, and the counts.

    An article whose text is stored already is recorded at once (a duplicate, or a
    syndicated copy linked to it). A copy of an article that is still being extracted
    (read earlier in this batch, not stored yet) waits for it, and only it: the ids in
    flight are the parser's look-ahead, a few hundred at most, whatever the batch size.
    """

    def __init__(self, engine: Engine, profile: str, summary: IngestSummary):
        self.engine, self.profile, self.summary = engine, profile, summary
        self.waiting: dict[str, list[Article]] = {}  # in flight -> its copies read since

    def is_new(self, article: Article) -> bool:
        """Whether the article needs extracting; if not, it is recorded (or parked) here."""
        if article.id in self.waiting:
            self.waiting[article.id].append(article)
            return False
        if store.find_article(self.engine, article.id) is not None:
            self._count(article, store.add_article(self.engine, article, (), profile=self.profile), [])
            return False
        self.waiting[article.id] = []
        return True

    def save(self, article: Article, found: Sequence[Statement]) -> None:
        """Store an extracted article, then the copies of it that were waiting.

        Another process may have stored the article since it was looked up: the counts
        are what this one did (add_article's outcome)."""
        self._count(article, store.add_article(self.engine, article, found, profile=self.profile), found)
        for copy in self.waiting.pop(article.id, ()):
            self._count(copy, store.add_article(self.engine, copy, (), profile=self.profile), [])

    def _count(self, article: Article, outcome: str, found: Sequence[Statement]) -> None:
        summary = self.summary
        summary.duplicate += outcome == "duplicate"
        summary.linked += outcome == "linked"
        if outcome == "new":
            summary.new += 1
            summary.statements += len(found)
            if article.date is None:
                summary.undated += 1
                summary.undated_ids.append(article.id)
            elif article.date_source == INFERRED:
                summary.inferred += 1
                summary.inferred_ids.append(article.id)


def dated_from_text(article: Article, milestones) -> Article:
    """An undated article with the date its text gives (:func:`stance.extraction.dating.suggest_date`)
    when the suggestion is confident, marked ``inferred``; the suggestion is kept in its metadata
    either way, for ``stance articles --undated`` to show."""
    suggestion = suggest_date(article.text, milestones)
    if suggestion is None:
        return article
    meta = {**article.meta, "date_suggestion": suggestion.as_meta()}
    if not suggestion.applies:
        return replace(article, meta=meta)
    return replace(article, date=suggestion.date, date_source=INFERRED, meta=meta)


def _extractor(make_extractor, profile, model, workers, on_warning) -> Extractor:
    if make_extractor is None:
        return Extractor(profile, model=model, workers=workers, on_error=on_warning)
    return make_extractor(profile, model=model, on_error=on_warning)


def _with_classifier(extractor: Extractor, path: str | None,
                     on_warning: Callable[[str], None] | None) -> Extractor:
    """Plug the learned model at ``path`` into the extractor; when it cannot be used
    (missing, corrupt, another profile) the rules extract alone and ``on_warning`` says why."""
    if path:
        from .learn.persist import load_classifier

        extractor.classifier, message = load_classifier(path, extractor.profile)
        if message and on_warning:
            on_warning(message)
    return extractor


def extract_all(engine: Engine, *, profile: str | None = None, model: str | None = None,
                progress: Callable[[Iterable], Iterable] | None = None,
                classifier: str | None = None,
                on_warning: Callable[[str], None] | None = None,
                article_ids: Collection[str] | None = None, workers: int = 1,
                make_extractor: Callable[..., Extractor] | None = None) -> tuple[int, int]:
    """Re-run extraction over the stored articles (after the rules or the model changed,
    or an article got its date).

    Human labels are kept. ``article_ids`` limits it to those articles; ``make_extractor`` as
    in :func:`ingest`. Returns ``(articles, statements)``.
    """
    rows = store.articles(engine) if article_ids is None else \
        list(store.articles_by_id(engine, article_ids).values())
    n_articles = n_statements = 0
    by_profile: dict[str, list[Article]] = {}
    for row in rows:
        by_profile.setdefault(profile or row.profile, []).append(
            Article(id=row.id, text=row.text, date=row.date, date_source=row.date_source,
                    source=row.source, title=row.title))
    for name, arts in by_profile.items():
        extractor = _extractor(make_extractor, name if profile else store.profile_of(engine, name), model,
                               workers, on_warning)
        stream = _with_classifier(extractor, classifier, on_warning).extract_many(arts)
        for article, found in (progress(stream) if progress else stream):
            store.replace_statements(engine, article.id, found, profile=name)
            n_articles += 1
            n_statements += len(found)
    return n_articles, n_statements


def read_statements(db: str | None = None, **filters):
    """Stored statements as a pandas DataFrame, one row per statement (spec columns first):
    the rows ``stance export`` writes, human labels overriding the extractor sentence by
    sentence (:func:`stance.analysis.stored.stored_statements`).

    Args:
        db: SQLAlchemy URL or SQLite file (default ``$STANCE_DB`` or ``stance.db``).
        **filters: ``party``, ``issue`` (lists), ``kind``, ``since``, ``until``.
    """
    import pandas as pd

    from .analysis.export import STATEMENT_COLUMNS
    from .analysis.stored import stored_statements

    rows = stored_statements(store.open_store(db, create=False), **filters)
    names = [f.name for f in fields(Statement)]
    columns = list(STATEMENT_COLUMNS) + [n for n in names if n not in STATEMENT_COLUMNS]
    return pd.DataFrame([asdict(r) for r in rows], columns=columns)
