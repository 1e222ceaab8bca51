"""The jobs behind the CLI: ingest files into the store, re-extract, export. Library functions, no printing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field

from sqlalchemy.engine import Engine

from .extraction.extractor import Extractor
from .io.ingest import DEFAULT_MAX_BYTES, read_paths
from .records import Article, Failure
from .store import store


@dataclass
class IngestSummary:
    """What one ingest run did."""

    new: int = 0
    duplicate: int = 0
    linked: int = 0
    undated: int = 0
    statements: int = 0
    failures: list[Failure] = field(default_factory=list)
    undated_ids: list[str] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)

    def line(self) -> str:
        """The one-line summary the CLI prints."""
        parts = [f"{self.new} new", f"{self.duplicate} duplicate"]
        if self.linked:
            parts.append(f"{self.linked} syndicated copies linked")
        parts += [f"{self.undated} undated", f"{self.failed} failed"]
        return f"articles: {', '.join(parts)}; statements found: {self.statements}"


def ingest(paths: Iterable[str], engine: Engine, *, profile: str = "gaza", date: dt.date | None = None,
           max_bytes: int = DEFAULT_MAX_BYTES, model: str | None = None,
           on_failure: Callable[[Failure], None] | None = None,
           progress: Callable[[Iterable], Iterable] | None = None,
           classifier: str | None = None, on_warning: Callable[[str], None] | None = None,
           workers: int = 1) -> IngestSummary:
    """Read files and folders, extract statements, and store both (``workers``: parsing
    processes).

    Each article is stored in its own transaction: a failure later in the batch loses
    nothing stored before it. Articles already in the store are not extracted again.
    """
    extractor = _with_classifier(Extractor(profile, model=model, workers=workers, on_error=on_warning),
                                 classifier, on_warning)
    summary = IngestSummary()
    fresh: list[Article] = []
    copies: list[Article] = []  # same text as an article earlier in this batch
    for item in read_paths(paths, date=date, max_bytes=max_bytes):
        if isinstance(item, Failure):
            summary.failures.append(item)
            if on_failure:
                on_failure(item)
            continue
        existing = store.find_article(engine, item.id)
        if existing is not None:
            outcome = store.add_article(engine, item, (), profile=profile)
            summary.duplicate += outcome == "duplicate"
            summary.linked += outcome == "linked"
            continue
        if any(a.id == item.id for a in fresh):
            # linked (or found a duplicate) once its first copy is stored, below
            copies.append(item)
            continue
        fresh.append(item)
    stream = extractor.extract_many(fresh)
    for article, found in (progress(stream) if progress else stream):
        # another process may have stored it since it was looked up: count what this one did
        outcome = store.add_article(engine, article, found, profile=extractor.profile.id)
        summary.duplicate += outcome == "duplicate"
        summary.linked += outcome == "linked"
        if outcome != "new":
            continue
        summary.new += 1
        summary.statements += len(found)
        if article.date is None:
            summary.undated += 1
            summary.undated_ids.append(article.id)
    for item in copies:
        outcome = store.add_article(engine, item, (), profile=extractor.profile.id)
        summary.duplicate += outcome == "duplicate"
        summary.linked += outcome == "linked"
    return summary


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
                article_ids: Collection[str] | None = None, workers: int = 1) -> tuple[int, int]:
    """Re-run extraction over the stored articles (after the rules or the model changed,
    or an article got its date).

    Human labels are kept. ``article_ids`` limits it to those articles. Returns
    ``(articles, statements)``.
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
        extractor = Extractor(name, model=model, workers=workers, on_error=on_warning)
        stream = _with_classifier(extractor, classifier, on_warning).extract_many(arts)
        for article, found in (progress(stream) if progress else stream):
            store.replace_statements(engine, article.id, found, profile=name)
            n_articles += 1
            n_statements += len(found)
    return n_articles, n_statements


def read_statements(db: str | None = None, **filters):
    """Stored statements as a pandas DataFrame, one row per statement (spec columns first).

    Args:
        db: SQLAlchemy URL or SQLite file (default ``$STANCE_DB`` or ``stance.db``).
        **filters: ``party``, ``issue`` (lists), ``kind``, ``since``, ``until``.
    """
    import pandas as pd

    from .analysis.export import STATEMENT_COLUMNS

    rows = store.statements(store.open_store(db, create=False), **filters)
    frame = pd.DataFrame([r.model_dump() for r in rows])
    if frame.empty:
        return pd.DataFrame(columns=list(STATEMENT_COLUMNS))
    rest = [c for c in frame.columns if c not in STATEMENT_COLUMNS]
    return frame[list(STATEMENT_COLUMNS) + rest]
