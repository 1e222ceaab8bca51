"""The stored statements people see: the machine's, with the annotators' decisions applied.

Exports (``stance export``) and the dashboard read statements through here; only
:mod:`stance.store.store` writes them.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.engine import Engine

from ..labeling.decisions import statements_of, winning_decisions
from ..records import Statement
from ..store import store


def stored_statements(engine: Engine, **filters) -> list[Statement]:
    """Stored statements as records, filtered as :func:`stance.store.store.statements`.

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
    """The filters of :func:`stance.store.store.statements`, on one record."""
    if (party and s.party not in party) or (issue and s.issue not in issue) or (kind and s.kind != kind):
        return False
    if (since or until) and s.date is None:
        return False
    return not ((since and s.date < since) or (until and s.date > until))
