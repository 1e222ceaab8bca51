"""Who says each sentence of an article: quotes, reporting tags and speakers carried across sentences.

News names a speaker once and lets it speak for several sentences: a quotation runs over
sentences and is tagged in its last one ("'... . ... ,' Hamas said."), a speaker introduces
a colon or a bulleted list, "he added" points back at the last one named, and a speaker's
words go on in first person for the rest of a paragraph. The rules see one sentence at a
time, so this step reads the whole article first, on the cheap pass's tokens and party
mentions (no parse), and gives every sentence a :class:`Speaker` with the rule that found it
and the words that name it. A dateline ("DOHA —") or a byline ("By Eurasianet") is never a
speaker: the cheap pass already drops a dateline's mentions, and a byline line names none.

The rules consult the speaker where the sentence itself names no holder
(:func:`stance.extraction.rules.holders.unnamed_holder`) and for what "he", "it" or "the
group" point back at (:class:`~stance.extraction.attribution.SentenceContext`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..nlp.prefilter import inflections
from .matching import Hit

# Verbs that tag words as someone's ("Hamas said", "..., he added"); opinion verbs
# ("believe", "hope") report no words and name no speaker of the quote around them.
SPEECH_LEMMAS = ("say", "tell", "state", "add", "announce", "claim", "confirm", "declare", "write",
                 "note", "stress", "emphasize", "emphasise", "reaffirm", "affirm", "explain", "argue",
                 "insist", "reiterate", "respond", "reply", "retort", "post", "tweet", "assert",
                 "continue", "conclude", "comment", "acknowledge", "admit")
SPEECH_FORMS = frozenset(f for lemma in SPEECH_LEMMAS for f in inflections(lemma))
# Words that stand for a speaker already named ("he said", "the spokesman added").
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i"})
# A sentence that opens with one of these goes on about the speaker before it.
OPENING_PRONOUNS = frozenset({"he", "she", "they", "it"})
ROLE_WORDS = frozenset({"spokesman", "spokeswoman", "spokesperson", "official", "officials", "statement",
                        "minister", "group", "movement", "office", "ministry", "source", "sources",
                        "leader", "president", "premier", "envoy", "negotiator", "negotiators", "organization",
                        "organisation", "forum", "delegation", "government", "cabinet", "army", "military"})
BULLETS = ("-", "•", "*", "–", "—", "·")
# double quotation marks only: a curly single quote is mostly an apostrophe ("Israel’s")
OPENING, CLOSING, BOTH = frozenset("“«"), frozenset("”»"), frozenset('"')
LOOK_LEFT = 12  # tokens between a speaker's name and its reporting verb ("Hamas spokesman Abu Obeida said")
LOOK_RIGHT = 6  # ... and after it ("said Hamas spokesman Abu Obeida")
BYLINE = re.compile(r"^\s*By\s+[A-Z]")
ADVERBS = frozenset({"also", "further", "later", "then", "again", "previously", "earlier", "repeatedly",
                     "reportedly", "has", "had", "have", "was", "is", "would", "will", "had", "recently"})
DETERMINERS = frozenset({"the", "a", "an", "its", "his", "her", "their", "our", "this", "that"})


@dataclass(frozen=True)
class Tag:
    """A reporting cue the cheap pass sees in one sentence: who it names and how.

    Attributes:
        parties: The parties the speaker's words name; () for "he said", "the spokesman
            added" or a speaker the profile does not know ("..., Naim added").
        evidence: The words of the tag ("Hamas said", "according to Qatar").
        after_quote: The tag follows a closing quotation mark ("...,' Hamas said").
        anaphoric: The speaker is a pronoun or a role noun, named before.
    """

    parties: tuple[str, ...]
    evidence: str
    after_quote: bool = False
    anaphoric: bool = False


@dataclass(frozen=True)
class Line:
    """What the speaker step needs of one sentence (built by the extractor's cheap pass).

    Attributes:
        text: The sentence.
        parties: Parties named in it, in order (none of a dateline's).
        tag: Its reporting cue, if any.
        paragraph: It starts a paragraph (a line break before it).
        first_person: "we", "our", "I": someone speaks.
    """

    text: str
    parties: tuple[str, ...]
    tag: Tag | None
    paragraph: bool
    first_person: bool = False


@dataclass(frozen=True)
class Speaker:
    """Who says a sentence, the rule that found it, and the words that name it.

    Rule ids: ``speaker.said`` (a tag in the sentence names it), ``speaker.added`` ("he
    added": the speaker of the sentence before, or the party it names), ``speaker.quote`` (a quotation over several sentences,
    tagged in one of them), ``speaker.colon`` (the line or list after "X said:"),
    ``speaker.paragraph`` (first person or a quote going on in the paragraph of the last
    speaker named), ``speaker.named`` (no speaker: the first party the sentence names, which
    the rules never take for a holder).
    """

    parties: tuple[str, ...]
    rule_id: str
    evidence: str

    @property
    def reported(self) -> bool:
        """Found from a reporting cue, not merely the first name in the sentence."""
        return self.rule_id != "speaker.named"


def tag_of(tokens: Sequence, mentions: Sequence[Hit], start: int, end: int) -> Tag | None:
    """The reporting cue of the sentence ``tokens[start:end]`` of a tokenised text, and the
    speaker it names among ``mentions`` (party hits, token offsets in the same text).

    The speaker is the party named in the words before the verb back to a comma or a
    quotation mark ("Hamas spokesman Abu Obeida said", "..., Naim added" names no party),
    over an appositive set off by commas ("Olga Cherevko, a spokesperson for the U.N.,
    said"), else just after it ("said Hamas's spokesman", "as stated by Haniyeh"); a pronoun
    or a role noun right before it ("he added", "the spokesman said") is a tag with no
    party. Verbs inside a quotation are the quote's words, not a tag; a tag after a
    closing quote comes first ("'We said no,' Hamas said").
    """
    inside, verbs = False, []
    for i in range(start, end):
        tok = tokens[i]
        if tok.is_quote and tok.text not in ("'", "’", "‘"):
            inside = _opens(tok.text, i == start or bool(tokens[i - 1].whitespace_),
                            bool(tok.whitespace_) or i + 1 == end or tokens[i + 1].is_punct)
        elif not inside and tok.lower_ in SPEECH_FORMS and _is_tag_verb(tokens, i, start):
            verbs.append(i)
    found = None
    for i in sorted(verbs, key=lambda i: (not _after_quote(tokens, i, start), i)):
        found = _tag_at(tokens, mentions, i, start, end)
        if found is not None:
            break
    if found is not None and found.parties:
        return found
    if found is None and tokens[start].lower_ in OPENING_PRONOUNS and end - start > 2:
        # "He also accused Netanyahu of ...": the sentence goes on about the one before's speaker
        found = Tag((), tokens[start].text, anaphoric=True)
    tag = found  # "..., he said, according to Al Jazeera": an outlet does not undo the tag
    for i in range(start, end - 1):
        if tokens[i].lower_ == "according" and tokens[i + 1].lower_ == "to":
            found = _named_after(tokens, mentions, i + 1, end, False)
            if found is not None:  # "according to Qatar's foreign ministry", not "to Al Jazeera, ..."
                return Tag(found.parties, "according " + found.evidence)
    return tag


def _is_tag_verb(tokens, i: int, start: int) -> bool:
    """A speech verb form used as one: lowercase ("Secretary of State" is a title), not
    after a determiner ("the declared goal"), not "states" (mostly the noun), not a verb
    continued from another ("... and said": its subject is further back), and
    "continue"/"conclude" only right after a quote ("...,' the office continued")."""
    tok = tokens[i]
    lower = tok.lower_
    if tok.text != lower or lower in ("states", "state"):
        return False
    prev = tokens[i - 1].lower_ if i > start else ""
    if prev in DETERMINERS or prev in ("and", "but", "or", "to"):
        return False
    if lower.startswith(("continu", "conclud")):
        return _after_quote(tokens, i, start)
    return True


def _tag_at(tokens, mentions, i: int, start: int, end: int) -> Tag | None:
    after_quote = _after_quote(tokens, i, start)
    if tokens[i].lower_.endswith("ing") and i > start and tokens[i - 1].text == ",":
        return None  # "..., saying": the subject of the clause before, not a name beside it
    k = i - 1
    while k > start and tokens[k].lower_ in ADVERBS:  # "the group also said"
        k -= 1
    prev = tokens[k].lower_ if k >= start else ""
    if prev in PRONOUNS:
        return Tag((), _words(tokens, k, i + 1), after_quote, anaphoric=True)
    if i + 1 < end and tokens[i + 1].lower_ == "by":  # "as stated by X"
        return _named_after(tokens, mentions, i + 1, end, after_quote)
    left = _chunk_start(tokens, i, start)
    comma = i - 1
    while comma > start and tokens[comma - 1].text == ",":
        comma -= 1  # a doubled comma is one: "Hamas,, said"
    if left == i and comma > start and tokens[comma].text == ",":
        left = _chunk_start(tokens, comma, start)  # an appositive: "X, a spokesperson for Y, said"
        if left == start or tokens[left - 1].text != ",":
            left = i  # no appositive set off by commas: "Israel must withdraw, said Hamas"
    before = [m for m in mentions if left <= m.start and m.end <= i]
    if before:
        m = before[-1]
        return Tag((m.label,), _words(tokens, m.start, i + 1), after_quote)
    if prev in ROLE_WORDS and any(tokens[j].lower_ in DETERMINERS for j in range(max(start, k - 3), k)):
        return Tag((), _words(tokens, k, i + 1), after_quote, anaphoric=True)  # "the prime minister reiterated"
    if left < i and left > start:  # "..., Naim added": a speaker the profile does not know
        return Tag((), _words(tokens, left, i + 1), after_quote)
    found = _named_after(tokens, mentions, i, end, after_quote)
    if found is None and after_quote:  # "...,' said Ruby Chen": someone the profile does not know
        return Tag((), _words(tokens, i, min(end, i + 3)), after_quote)
    return found


def _named_after(tokens, mentions, i: int, end: int, after_quote: bool) -> Tag | None:
    after = [m for m in mentions if i < m.start < min(end, i + 1 + LOOK_RIGHT)]
    if after and not any(tokens[k].is_punct and not tokens[k].is_quote for k in range(i + 1, after[0].start)):
        return Tag((after[0].label,), _words(tokens, i, after[0].end), after_quote)
    return None


def _chunk_start(tokens, i: int, start: int) -> int:
    """Where the words before token ``i`` begin: after the last comma, semicolon, colon or
    quotation mark, at most :data:`LOOK_LEFT` tokens back."""
    for j in range(i - 1, max(start, i - LOOK_LEFT) - 1, -1):
        if tokens[j].is_quote or tokens[j].text in (",", ";", ":", "(", ")"):
            return j + 1
    return max(start, i - LOOK_LEFT)


def _after_quote(tokens, i: int, start: int) -> bool:
    """A closing quotation mark (perhaps after a comma) just before token ``i``, or before its subject."""
    return any(tokens[j].is_quote for j in range(max(start, i - 4), i))


def _words(tokens, start: int, end: int) -> str:
    return "".join(tokens[k].text_with_ws for k in range(start, end)).strip()


def quote_depths(lines: Sequence[Line]) -> list[tuple[bool, bool]]:
    """For each sentence: (inside a quotation at its start, still inside at its end).

    Curly quotes open and close; a straight double quote toggles. An opening quote never
    closed by the end of its paragraph is not carried into the next one.
    """
    out = []
    inside = False
    for line in lines:
        inside = inside and not line.paragraph
        at_start = inside
        text = line.text
        for k, ch in enumerate(text):
            if ch in OPENING or ch in CLOSING or ch in BOTH:
                inside = _opens(ch, k == 0 or not text[k - 1].isalnum() and text[k - 1] not in ",.?!",
                                k + 1 == len(text) or not text[k + 1].isalnum())
        out.append((at_start, inside))
    return out


def _opens(mark: str, space_before: bool, space_after: bool) -> bool:
    """Whether a quotation mark opens a quote: a curly one says so; a straight one opens
    after a space and before a word (' "We', not 'deal," he')."""
    if mark in OPENING:
        return True
    if mark in CLOSING:
        return False
    return space_before and not space_after


def article_speakers(lines: Sequence[Line]) -> list[Speaker | None]:
    """Who says each sentence (None: nobody the article names)."""
    depths = quote_depths(lines)
    quote_of = _quote_speakers(lines, depths)
    out: list[Speaker | None] = []
    last: Speaker | None = None  # the last speaker named in the article
    paragraph_speaker: Speaker | None = None  # ... in the current paragraph
    colon: Speaker | None = None  # a speaker who introduced a colon or a list
    previous: Speaker | None = None  # the speaker or first party of the sentence before
    for k, line in enumerate(lines):
        if line.paragraph:
            paragraph_speaker = None
            if colon is not None and not _bulleted(line.text) and not _quoted(line.text):
                colon = None  # what a colon introduces: a list, or a quotation of one or more paragraphs
        if BYLINE.match(line.text) and len(line.text) < 120:
            out.append(None)
            continue
        tag = line.tag
        speaker = None
        if tag is not None and not tag.parties and not tag.anaphoric:
            paragraph_speaker = None  # someone the profile does not know speaks
        elif tag is not None and tag.parties:
            speaker = Speaker(tag.parties, "speaker.said", tag.evidence)
        elif tag is not None and (previous or last) is not None:
            before = previous or last
            speaker = Speaker(before.parties, "speaker.added", f"{tag.evidence} ({before.evidence})")
        elif quote_of[k] is not None:
            speaker = quote_of[k]
        elif colon is not None:
            speaker = Speaker(colon.parties, "speaker.colon", colon.evidence)
        elif paragraph_speaker is not None and (line.first_person or depths[k][0] or '"' in line.text
                                                or "“" in line.text):
            speaker = Speaker(paragraph_speaker.parties, "speaker.paragraph", paragraph_speaker.evidence)
        if speaker is not None and speaker.rule_id in ("speaker.said", "speaker.added"):
            last = paragraph_speaker = speaker
        if speaker is None and line.parties:
            speaker = Speaker(line.parties[:1], "speaker.named", line.parties[0])
        if speaker is not None and line.text.rstrip().endswith(":"):
            colon = speaker  # "Hamas's demands include:" and the list below
        out.append(speaker)
        previous = speaker
    return out


def _quote_speakers(lines: Sequence[Line], depths: list[tuple[bool, bool]]) -> list[Speaker | None]:
    """The speaker of each sentence of a quotation over several sentences, from the tag
    of any of its sentences (the first tag that names a party)."""
    out: list[Speaker | None] = [None] * len(lines)
    k = 0
    while k < len(lines):
        run = [k]
        while depths[run[-1]][1] and run[-1] + 1 < len(lines) and not lines[run[-1] + 1].paragraph:
            run.append(run[-1] + 1)
        if len(run) > 1:
            tags = [lines[j].tag for j in run if lines[j].tag is not None]
            # the tag after the quote closes names its speaker surest ("...,' Hamas said"),
            # also when it is someone the profile does not know ("...,' said Ruby Chen")
            tag = next((t for t in tags if t.after_quote), next((t for t in tags if t.parties), None))
            if tag is not None and tag.parties:
                # a sentence splitter may leave the opening mark on the sentence before
                # ("Netanyahu spoke. “"): that sentence is not in the quote
                for j in run[1:] if lines[run[0]].text.rstrip()[-1:] in OPENING | BOTH else run:
                    out[j] = Speaker(tag.parties, "speaker.quote", tag.evidence)
        k = run[-1] + 1
    return out


def _quoted(text: str) -> bool:
    """A paragraph that opens with a quotation mark."""
    return text.lstrip()[:1] in OPENING | BOTH


def _bulleted(text: str) -> bool:
    stripped = text.lstrip()
    # "1. A ceasefire", or "1." alone where the sentence splitter cut the number off its item
    return stripped.startswith(BULLETS) or bool(re.match(r"\d{1,2}[.)](\s|$)", stripped))

