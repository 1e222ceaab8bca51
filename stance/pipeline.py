"""The jobs behind the CLI: ingest files into the store, re-extract, export. Library functions, no printing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field

from sqlalchemy.engine import Engine

from . import store
from .extract import Extractor
from .ingest import DEFAULT_MAX_BYTES, read_paths
from .records import Article, Failure, Statement


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
    extractor = _with_classifier(Extractor(profile, model=model, workers=workers), classifier, on_warning)
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
        store.add_article(engine, article, found, profile=extractor.profile.id)
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
        extractor = Extractor(name, model=model, workers=workers)
        stream = _with_classifier(extractor, classifier, on_warning).extract_many(arts)
        for article, found in (progress(stream) if progress else stream):
            store.replace_statements(engine, article.id, found, profile=name)
            n_articles += 1
            n_statements += len(found)
    return n_articles, n_statements


def stored_statements(engine: Engine, **filters) -> list[Statement]:
    """Stored statements as records, filtered as :func:`stance.store.statements`.

    Human labels override the extractor sentence by sentence: where an annotator decided
    a sentence (the ``review`` decision if there is one, else the latest), its statements
    replace the machine's, with ``method="human"`` and confidence 1; a statement the
    annotator deleted, or a sentence marked "no statement", gives no row. Statements stored
    in the statement table with ``method="human"`` override the machine statements of
    their sentence too.
    """
    machine = store.statements(engine, **filters)
    decided, human = human_decisions(engine)
    stored_human = store.human_statement_sentences(engine)
    if not decided and not stored_human:
        return [store.to_statement(r) for r in machine]
    out = [store.to_statement(r) for r in machine
           if (r.article_id, r.start, r.end) not in decided
           and (r.method == "human" or (r.article_id, r.sentence) not in stored_human)]
    out += [s for s in human if _passes(s, **filters)]
    return sorted(out, key=lambda s: (s.date is None, s.date or dt.date.min, s.article_id, s.start,
                                      s.party, s.kind, s.issue, s.target))


def human_decisions(engine: Engine) -> tuple[set[tuple[str, int, int]], list[Statement]]:
    """The sentences annotators decided, as ``(article_id, start, end)``, and the statements
    of the winning decisions (``method="human"``, confidence 1), in a stable order."""
    from .labeling.decisions import statements_of, winning_decisions

    winners = winning_decisions(store.label_lines(engine))
    if not winners:
        return set(), []  # the common case: nothing more to read
    decided = {(lab[0].article_id, lab[0].start, lab[0].end) for lab in winners.values()}
    return decided, _human_statements(engine, [lab for found in winners.values()
                                               for lab in statements_of(found)])


def _human_statements(engine: Engine, labels) -> list[Statement]:
    """Statement records of human labels: the article's date and source, or the date the
    extractor resolved for the same statement of that sentence."""
    ids = {lab.article_id for lab in labels}
    articles = store.articles_by_id(engine, ids)
    resolved = {(r.article_id, r.start, r.party, r.kind, r.issue, r.stance, r.target): r.date
                for r in store.resolved_statements(engine, ids)}
    out = []
    for lab in labels:
        article = articles.get(lab.article_id)
        if article is None:
            continue  # labels of an article this store does not hold
        key = (lab.article_id, lab.start, lab.party, lab.kind, lab.issue, lab.stance, lab.target)
        date = resolved.get(key, article.date)
        out.append(Statement(article_id=lab.article_id, party=lab.party, kind=lab.kind,
                             issue=lab.issue, stance=lab.stance, target=lab.target,
                             sentence=lab.sentence, start=lab.start, end=lab.end, date=date,
                             date_resolved=key in resolved, confidence=1.0, method="human",
                             source=article.source))
    return out


def _passes(s: Statement, *, party=(), issue=(), kind=None, since=None, until=None) -> bool:
    """The filters of :func:`stance.store.statements`, on one record."""
    if (party and s.party not in party) or (issue and s.issue not in issue) or (kind and s.kind != kind):
        return False
    if (since or until) and s.date is None:
        return False
    return not ((since and s.date < since) or (until and s.date > until))


def read_statements(db: str | None = None, **filters):
    """Stored statements as a pandas DataFrame, one row per statement (spec columns first).

    Args:
        db: SQLAlchemy URL or SQLite file (default ``$STANCE_DB`` or ``stance.db``).
        **filters: ``party``, ``issue`` (lists), ``kind``, ``since``, ``until``.
    """
    import pandas as pd

    from .export import STATEMENT_COLUMNS

    rows = store.statements(store.open_store(db, create=False), **filters)
    frame = pd.DataFrame([r.model_dump() for r in rows])
    if frame.empty:
        return pd.DataFrame(columns=list(STATEMENT_COLUMNS))
    rest = [c for c in frame.columns if c not in STATEMENT_COLUMNS]
    return frame[list(STATEMENT_COLUMNS) + rest]
