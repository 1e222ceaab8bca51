"""Annotation tasks: one sentence of one stored article, its context and the extractor's suggestions.

A task's id is ``<article_id>:<start>-<end>`` (character offsets of the sentence in the
article text, as the extractor's cheap pass splits it), so a task is the same task on
every machine that stored the same article, and the statements of a sentence are found
by their offsets. Candidate tasks are the sentences with extractor statements plus the
sentences the cheap pass keeps that also name a party (so annotators can add what the
rules missed).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..records import Article, Statement

ORDERS = ("uncertain", "document", "random")


def task_id(article_id: str, start: int, end: int) -> str:
    """The id of the task for the sentence at ``start:end`` of an article."""
    return f"{article_id}:{start}-{end}"


def parse_task_id(value: str) -> tuple[str, int, int]:
    """``(article_id, start, end)`` of a task id.

    Raises:
        ValueError: Not a task id.
    """
    article, _, span = value.rpartition(":")
    start, _, end = span.partition("-")
    if not article or not start.isdigit() or not end.isdigit():
        raise ValueError(f"not a task id: {value!r} (expected ARTICLE:START-END)")
    return article, int(start), int(end)


@dataclass(frozen=True)
class Task:
    """One sentence to label, with what the annotator needs to see.

    Attributes:
        id: ``<article_id>:<start>-<end>``.
        article_id: The stored article.
        profile: The profile whose ids label it.
        start: Offset of the sentence in the article text.
        end: End offset of the sentence.
        sentence: The sentence, verbatim.
        before: The sentence before it (context), or ``""``.
        after: The sentence after it, or ``""``.
        title: The article's title.
        date: The article's date, or None.
        source: The article's source.
        index: Position of the sentence in its article (document order).
        parties: Parties the cheap pass saw in the sentence.
        statements: The extractor's statements for the sentence (the suggestions).
    """

    id: str
    article_id: str
    profile: str
    start: int
    end: int
    sentence: str
    before: str = ""
    after: str = ""
    title: str = ""
    date: dt.date | None = None
    source: str = ""
    index: int = 0
    parties: tuple[str, ...] = ()
    statements: tuple[Statement, ...] = field(default=())


@dataclass
class TaskSet:
    """Every sentence of the stored articles, and the candidate tasks among them.

    Attributes:
        tasks: The candidate tasks, in document order.
        sentences: Per article id, ``(start, end, text)`` of every sentence.
        texts: Per article id, the article text.
        profiles: Per article id, its profile id.
    """

    tasks: list[Task]
    sentences: dict[str, list[tuple[int, int, str]]]
    texts: dict[str, str]
    profiles: dict[str, str]

    def __post_init__(self):
        self.by_id = {t.id: t for t in self.tasks}

    def sentence_task(self, article_id: str, offset: int) -> str | None:
        """The id of the sentence of an article that holds (or next follows) ``offset``."""
        for start, end, _ in self.sentences.get(article_id, ()):
            if offset < end:
                return task_id(article_id, start, end)
        return None

    def article_tasks(self, article_id: str) -> list[str]:
        """The ids of every sentence of an article."""
        return [task_id(article_id, s, e) for s, e, _ in self.sentences.get(article_id, ())]

    def task(self, value: str) -> Task | None:
        """The task with this id; one is made for a sentence that is not a candidate."""
        if value in self.by_id:
            return self.by_id[value]
        try:
            article, start, end = parse_task_id(value)
        except ValueError:
            return None
        sents = self.sentences.get(article, [])
        for i, (s, e, text) in enumerate(sents):
            if (s, e) == (start, end):
                return Task(id=value, article_id=article, profile=self.profiles[article], start=s,
                            end=e, sentence=text, index=i,
                            before=sents[i - 1][2] if i else "",
                            after=sents[i + 1][2] if i + 1 < len(sents) else "")
        return None


def load_tasks(engine, *, profile: str | None = None) -> TaskSet:
    """Split every stored article and collect its candidate tasks.

    Args:
        engine: The store.
        profile: Split with this profile instead of each article's own.

    Returns:
        The task set, tasks in document order (date, article, offset).
    """
    from ..extraction.extractor import Extractor
    from ..store import store

    rows = store.articles(engine)
    machine: dict[tuple[str, int, int], list[Statement]] = {}
    for row in store.statements(engine):
        machine.setdefault((row.article_id, row.start, row.end), []).append(store.to_statement(row))
    extractors: dict[str, Extractor] = {}
    tasks: list[Task] = []
    sentences: dict[str, list[tuple[int, int, str]]] = {}
    texts: dict[str, str] = {}
    profiles: dict[str, str] = {}
    for row in rows:
        name = profile or row.profile
        if name not in extractors:
            # a profile file of the user's is read from the store's copy of it
            extractors[name] = Extractor(name if profile else store.profile_of(engine, name))
        article = Article(id=row.id, text=row.text, date=row.date, source=row.source, title=row.title)
        sents = extractors[name].sentences(article)
        sentences[row.id] = [(s.start, s.end, s.text) for s in sents]
        texts[row.id] = row.text
        profiles[row.id] = extractors[name].profile.id
        for i, sent in enumerate(sents):
            found = machine.get((row.id, sent.start, sent.end), [])
            if not found and not (sent.topical and sent.parties):
                continue
            tasks.append(Task(
                id=task_id(row.id, sent.start, sent.end), article_id=row.id,
                profile=extractors[name].profile.id, start=sent.start, end=sent.end,
                sentence=sent.text, before=sents[i - 1].text if i else "",
                after=sents[i + 1].text if i + 1 < len(sents) else "", title=row.title,
                date=row.date, source=row.source, index=i,
                parties=tuple(dict.fromkeys(sent.parties)), statements=tuple(found)))
    return TaskSet(tasks, sentences, texts, profiles)


def uncertainty(statements: Sequence[Statement]) -> float:
    """How unsure the machine is about a sentence, from 0 (sure) to 1 (a coin toss or a conflict).

    The one place ``--order uncertain`` is decided; the learned model feeds it through
    ``Statement.model_score``. Per statement: 1 when the rules and the model disagree (a
    rule statement the model scores below 0.5, or a model-only statement), else
    ``1 - 2 * |p - 0.5|`` with ``p`` the model score, or the rule confidence without one.
    A sentence where one party both takes and refuses one issue is a conflict (1). A
    sentence without statements (the rules abstained on a sentence naming a party) is 0.5.

    Args:
        statements: The extractor's statements of one sentence.

    Returns:
        The highest uncertainty of the sentence.
    """
    if not statements:
        return 0.5
    scores = []
    polarities: dict[tuple[str, str], set[str]] = {}
    for s in statements:
        if s.model_score is not None and (bool(s.rule_ids) != (s.model_score >= 0.5)):
            scores.append(1.0)
            continue
        p = s.model_score if s.model_score is not None else s.confidence
        scores.append(1.0 - 2.0 * abs(p - 0.5))
        if s.kind == "position":
            polarities.setdefault((s.party, s.issue), set()).add(s.polarity)
    if any(len(v) > 1 for v in polarities.values()):
        scores.append(1.0)
    return max(scores)


def order_tasks(tasks: Iterable[Task], order: str, *, seed: str = "") -> list[Task]:
    """Tasks in the order they are shown.

    Args:
        tasks: Tasks in document order.
        order: ``uncertain`` (most uncertain first, document order among equals),
            ``document`` (date, article, offset) or ``random``.
        seed: Seeds ``random`` (the annotator's name), so a resumed run keeps its order.

    Returns:
        The ordered list.
    """
    tasks = sorted(tasks, key=lambda t: (t.date is None, t.date or dt.date.min, t.article_id, t.start))
    if order == "document":
        return tasks
    if order == "random":
        random.Random(seed).shuffle(tasks)
        return tasks
    if order == "uncertain":
        return sorted(tasks, key=lambda t: -uncertainty(t.statements))
    raise ValueError(f"unknown order {order!r}")


def select_tasks(tasks: Iterable[Task], *, party: Sequence[str] = (), issue: Sequence[str] = (),
                 issues_of=None) -> list[Task]:
    """Tasks about these parties and issues (a statement or a mention of them).

    Args:
        tasks: The tasks.
        party: Keep tasks whose statements or mentions include one of these parties.
        issue: Keep tasks whose statements or issue terms include one of these issues.
        issues_of: ``task -> set of issue ids`` its sentence names (from the highlighter).
    """
    out = []
    for t in tasks:
        if party and not (set(party) & ({s.party for s in t.statements} | {s.target for s in t.statements}
                                         | set(t.parties))):
            continue
        if issue and not (set(issue) & ({s.issue for s in t.statements}
                                         | (issues_of(t) if issues_of else set()))):
            continue
        out.append(t)
    return out


def queue(tasks: Iterable[Task], done: dict[str, set[str]], annotator: str, *,
          overlap: int = 1, reference: Iterable[str] = ()) -> list[Task]:
    """The tasks still to show one annotator.

    A task is left out when this annotator did it, or when ``overlap`` other annotators
    did. Reference annotators (article-level gold files) do not take tasks away from
    others: their labels are what the others are measured against.

    Args:
        tasks: Ordered tasks.
        done: Per task id, the annotators with a current decision on it.
        annotator: Who is labelling.
        overlap: How many annotators each task is shown to.
        reference: Annotators that do not count towards ``overlap``.
    """
    reference = set(reference)
    out = []
    for t in tasks:
        by = done.get(t.id, set())
        if annotator in by or len(by - reference - {annotator}) >= overlap:
            continue
        out.append(t)
    return out
