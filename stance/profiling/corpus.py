"""Parse a profile's articles once; per sentence, what the profile finds and the phrases it leaves unread.

A suggestion is only as good as the evidence the corpus itself gives (no word vectors
ship with the small English model), so every sentence is parsed and reduced to plain
records: where the profile's issue terms and cues are, with the dependency contexts of
their heads, and every *free* phrase (a place no issue term, party alias or, for
single words, cue covers) that could be a missing term: content words, noun phrases,
a noun with its prepositional object ("return of the displaced") and a verb with its
object ("free the captives"). Parsing is the slow step, so it is separate
(:func:`parse_articles`) from reading with a profile (:func:`observe`), which a
benchmark repeats with profiles that lack some terms.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from ..extraction.extractor import MAX_PARSED_CHARS, PIECE_CHARS, text_pieces
from ..extraction.matching import ProfileMatcher
from ..nlp.pipelines import blank_pipeline, parsing_pipeline
from ..profile import Profile
from ..records import Article

STANCE_ROLES = ("demand", "accept", "reject", "goal")
CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ"})
_EDGE_POS = frozenset({"DET", "PRON", "NUM", "PUNCT", "PART", "CCONJ", "ADP", "SPACE", "SYM"})
_LINK_PREPS = frozenset({"of", "for", "from", "on", "to"})
_MAX_CHUNK = 4  # longer noun phrases are descriptions, not terms
_REACH = 3  # how many steps up the tree a cue still governs a phrase


@dataclass(frozen=True)
class Candidate:
    """A phrase of a parsed sentence that could be an issue term (see :class:`Phrase`)."""

    key: tuple[str, ...]
    kind: str
    surface: str
    start: int
    end: int
    head: int
    pos: str
    contexts: tuple[str, ...]


@dataclass(frozen=True)
class ParsedSentence:
    """One parsed sentence, the article it comes from (its source and number) and its candidate phrases."""

    doc: Doc
    source: str
    candidates: tuple[Candidate, ...]
    article: int = 0


@dataclass(frozen=True)
class Phrase:
    """One free occurrence of a candidate term.

    Attributes:
        key: Its lemmas, lowercase; a verb and its object are ``(verb, "…", object)``.
        kind: ``word``, ``chunk`` (a noun phrase), ``link`` (noun, preposition, object) or
            ``verb-object``.
        surface: Its text, lowercase, as a phrase term would have to spell it.
        pos: The part of speech of its head.
        sentence: Index of its sentence in :attr:`Observations.sentences`.
        head: Token index of its head (a verb-object pair: the verb).
        contexts: Dependency contexts of the head (see :func:`contexts`).
        governs_issue: Its head governs an issue term within a few steps (a cue candidate).
        under_stance: A stance cue governs its head within a few steps.
    """

    key: tuple[str, ...]
    kind: str
    surface: str
    pos: str
    sentence: int
    head: int
    contexts: tuple[str, ...]
    governs_issue: bool = False
    under_stance: bool = False


@dataclass(frozen=True)
class SentenceFacts:
    """What the profile finds in one sentence.

    Attributes:
        text: The sentence.
        source: Its article's source.
        article: Its article's number: sentences of one article are next to each other.
        taken: Token indices the profile's issue terms and party aliases cover.
        issue_heads: ``(issue id, head token)`` of each issue term (its ``for`` side).
        issue_contexts: ``(issue id, lemma, part of speech and contexts of the term's head)`` of each
            issue term.
        cue_contexts: ``(cue role, contexts)`` of each single-word cue.
    """

    text: str
    source: str
    article: int
    taken: frozenset[int]
    issue_heads: tuple[tuple[str, int], ...]
    issue_contexts: tuple[tuple[str, str, str, tuple[str, ...]], ...]
    cue_contexts: tuple[tuple[str, tuple[str, ...]], ...]

    @property
    def issues(self) -> frozenset[str]:
        return frozenset(issue for issue, _ in self.issue_heads)


@dataclass(frozen=True)
class Observations:
    """A corpus read with one profile: its sentences' facts and every free phrase."""

    profile: Profile
    sentences: tuple[SentenceFacts, ...]
    phrases: tuple[Phrase, ...]
    cue_lemmas: frozenset[str]


def read_sentences(articles: Iterable[Article]) -> Iterator[tuple[str, str, int]]:
    """``(sentence text, source, article number)`` of each article, split as the extractor splits them."""
    blank = blank_pipeline()
    for number, article in enumerate(articles):
        for _, piece in text_pieces(article.text, PIECE_CHARS):
            for sent in blank(piece).sents:
                text = sent.text.strip()
                if text and len(text) <= MAX_PARSED_CHARS and sum(c.isalpha() for c in text) >= 10:
                    yield text, article.source, number


def parse_articles(articles: Iterable[Article], *, model: str | None = None,
                   batch_size: int = 256) -> list[ParsedSentence]:
    """Every sentence of the articles, parsed by the extraction pipeline."""
    nlp = parsing_pipeline(model)
    pairs = list(read_sentences(articles))
    docs = nlp.pipe((text for text, _, _ in pairs), batch_size=batch_size)
    return [ParsedSentence(doc, source, tuple(candidate_phrases(doc)), number)
            for doc, (_, source, number) in zip(docs, pairs)]


def observe(parsed: list[ParsedSentence], profile: Profile, *, model: str | None = None) -> Observations:
    """Read the parsed sentences with ``profile``: its finds, and the phrases it leaves free."""
    matcher = ProfileMatcher(profile, parsing_pipeline(model))
    roles = {cue.id: cue.role for cue in profile.cues}
    sentences, phrases = [], []
    for n, item in enumerate(parsed):
        doc = item.doc
        mentions, issues, cues = matcher.find(doc)
        taken = {i for hit in (*mentions, *issues) for i in range(hit.start, hit.end)}
        cue_tokens = {i for hit in cues for i in range(hit.start, hit.end)}
        stance_tokens = {i for hit in cues if roles.get(hit.rule_id[4:]) in STANCE_ROLES
                         for i in range(hit.start, hit.end)}
        heads = [(hit.label, doc[hit.start:hit.end].root.i) for hit in issues if hit.sign > 0]
        sentences.append(SentenceFacts(
            text=doc.text, source=item.source, article=item.article, taken=frozenset(taken), issue_heads=tuple(heads),
            issue_contexts=tuple((issue, _lemma(doc[i]), doc[i].pos_, contexts(doc[i])) for issue, i in heads),
            cue_contexts=tuple((hit.label, contexts(doc[hit.start])) for hit in cues if hit.end - hit.start == 1)))
        issue_tokens = {i for _, i in heads}
        for phrase in item.candidates:
            if taken.intersection(range(phrase.start, phrase.end)) or (
                    phrase.kind == "word" and phrase.start in cue_tokens):
                continue
            token = doc[phrase.head]
            phrases.append(Phrase(
                phrase.key, phrase.kind, phrase.surface, phrase.pos, n, phrase.head, phrase.contexts,
                governs_issue=any(_governs(doc[i], token) for i in issue_tokens),
                under_stance=any(_governs(token, doc[i]) for i in stance_tokens)))
    cue_lemmas = frozenset(lemma.lower() for cue in profile.cues for lemma in cue.lemmas)
    return Observations(profile, tuple(sentences), tuple(phrases), cue_lemmas)


def candidate_phrases(doc: Doc) -> Iterator[Candidate]:
    """Every phrase of a parsed sentence that could be an issue term, free or not."""
    for tok in doc:
        if tok.pos_ in CONTENT_POS and tok.is_alpha and not tok.is_stop and len(tok) > 2:
            yield _candidate(doc, (_lemma(tok),), "word", tok.lower_, tok.i, tok.i + 1, tok.i)
    for chunk in doc.noun_chunks:
        start, end = chunk.start, chunk.end
        while start < end and (doc[start].pos_ in _EDGE_POS or doc[start].is_stop):
            start += 1
        while end > start and doc[end - 1].pos_ in _EDGE_POS:
            end -= 1
        words = doc[start:end]
        if 2 <= len(words) <= _MAX_CHUNK and all(t.is_alpha or t.text == "-" for t in words):
            yield _candidate(doc, tuple(_lemma(t) for t in words), "chunk", words.text.lower(), start, end,
                             chunk.root.i)
    for tok in doc:
        if tok.pos_ == "NOUN":
            for prep in tok.children:
                if prep.dep_ == "prep" and prep.lower_ in _LINK_PREPS:
                    for obj in prep.children:
                        if obj.dep_ == "pobj" and obj.pos_ in ("NOUN", "PROPN", "ADJ") and obj.i - tok.i <= 4:
                            yield _candidate(doc, (_lemma(tok), prep.lower_, _lemma(obj)), "link",
                                        doc[tok.i:obj.i + 1].text.lower(), tok.i, obj.i + 1, tok.i)
        elif tok.pos_ == "VERB" and not tok.is_stop:
            for obj in tok.children:
                if obj.dep_ == "dobj" and obj.pos_ in ("NOUN", "PROPN") and 0 < obj.i - tok.i <= 4:
                    yield _candidate(doc, (_lemma(tok), "…", _lemma(obj)), "verb-object",
                                doc[tok.i:obj.i + 1].text.lower(), tok.i, obj.i + 1, tok.i)


def _candidate(doc: Doc, key: tuple[str, ...], kind: str, surface: str, start: int, end: int,
               head: int) -> Candidate:
    return Candidate(key, kind, surface, start, end, head, doc[head].pos_, contexts(doc[head]))


def contexts(tok: Token) -> tuple[str, ...]:
    """A token's dependency contexts: its function and governor (a preposition is looked
    through: "withdrawal *from* Gaza" gives ``from<withdrawal``), and the prepositions and
    functions of its dependents. Words used in the same slots as an issue's terms are
    candidates for the issue even when they never share a sentence with them."""
    out = []
    if tok.dep_ != "ROOT":
        head = tok.head
        if tok.dep_ == "pobj" and head.dep_ == "prep" and head.head is not head:
            out.append(f"{head.lower_}<{_lemma(head.head)}")
        else:
            out.append(f"{tok.dep_}<{_lemma(head)}")
    for child in tok.children:
        if child.dep_ == "prep":
            out.append(f"prep:{child.lower_}")
        elif child.dep_ in ("neg", "aux", "xcomp", "ccomp", "dobj", "nsubj", "agent", "acomp"):
            out.append(f"{child.dep_}:{_lemma(child) if child.dep_ in ('aux', 'neg') else ''}")
    return tuple(out)


def _lemma(tok: Token) -> str:
    return (tok.lemma_ or tok.text).lower()


def _governs(low: Token, high: Token) -> bool:
    """Whether ``high`` is ``low`` or an ancestor of it within :data:`_REACH` steps."""
    tok = low
    for _ in range(_REACH + 1):
        if tok.i == high.i:
            return True
        if tok.head is tok:
            return False
        tok = tok.head
    return False
