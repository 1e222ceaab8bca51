"""The fast token matching of ProfileMatcher finds exactly what spaCy's Matcher finds.

``ProfileMatcher(..., fast=False)`` runs spaCy's ``Matcher`` with all the token patterns
on every Doc: it is the reference. The fast path must give the same mentions, issues and
cues (same order, same fields) and, underneath, the same matches with the same keys in
the same order on each span (what ``filter_spans`` and the stable sorts of ``find`` see).
The dev corpus lives in ../shared/corpus/dev, which CI always has; elsewhere those
tests are skipped.
"""

import datetime as dt
import random
from pathlib import Path

import pytest
from spacy.matcher import Matcher
from spacy.tokens import Doc

from stance.extraction.matching import ProfileMatcher
from stance.io.ingest import read_paths
from stance.nlp.pipelines import blank_pipeline, parsing_pipeline
from stance.nlp.tokenmatch import FastTokenMatcher
from stance.profile import load_profile
from stance.records import Article

REPO = Path(__file__).resolve().parents[1]
DEV = REPO / "labels" / "corpus" / "dev"
needs_dev = pytest.mark.skipif(not DEV.is_dir(), reason=f"dev corpus not present at {DEV} (CI has it)")
PROFILES = ("gaza", "hezbollah")


def by_span(matches, strings) -> dict[tuple[int, int], list[str]]:
    """The keys matched on each span, in the order they come: all that ``find`` depends on."""
    spans: dict[tuple[int, int], list[str]] = {}
    for match_id, start, end in matches:
        spans.setdefault((start, end), []).append(strings[match_id])
    return spans


def parsed(folder: Path) -> list[tuple[Doc, dt.date | None]]:
    """Every sentence of every article under ``folder``, and every whole article, parsed."""
    arts = [a for a in read_paths([folder]) if isinstance(a, Article)]
    texts, days = [], []
    for article in arts:
        for sent in blank_pipeline()(article.text).sents:
            if sent.text.strip():
                texts.append(sent.text.strip())
                days.append(article.date)
        texts.append(article.text)
        days.append(article.date)
    return list(zip(parsing_pipeline().pipe(texts), days))


def assert_same_as_reference(profile_id: str, docs: list[tuple[Doc, dt.date | None]]) -> None:
    """``find`` and the token matches under it equal the reference's on every Doc, and the
    fast path answers most Docs itself (it may leave a Doc to spaCy's Matcher)."""
    nlp = parsing_pipeline()
    profile = load_profile(profile_id)
    fast, reference = ProfileMatcher(profile, nlp), ProfileMatcher(profile, nlp, fast=False)
    assert fast._fast is not None and reference._fast is None
    handled = 0
    for doc, day in docs:
        assert fast.find(doc, day) == reference.find(doc, day), doc.text
        expected = by_span(reference._tokens(doc), doc.vocab.strings)
        assert by_span(fast._token_matches(doc), doc.vocab.strings) == expected, doc.text
        handled += fast._fast(doc) is not None
    assert docs and handled >= 0.9 * len(docs), "the fast path gave up on too many Docs"


@pytest.fixture(scope="module")
def seed_docs():
    return parsed(REPO / "seeds")


@pytest.fixture(scope="module")
def dev_docs():
    return parsed(DEV)


@pytest.mark.parametrize("profile_id", PROFILES)
def test_find_equals_the_reference_on_every_seed_sentence(seed_docs, profile_id):
    assert_same_as_reference(profile_id, seed_docs)


@needs_dev
@pytest.mark.parametrize("profile_id", PROFILES)
def test_find_equals_the_reference_on_every_dev_sentence(dev_docs, profile_id):
    assert_same_as_reference(profile_id, dev_docs)


def test_the_cheap_pass_matches_aliases_only_as_before(seed_docs):
    blank = blank_pipeline()
    profile = load_profile("gaza")
    fast = ProfileMatcher(profile, blank, aliases_only=True)
    reference = ProfileMatcher(profile, blank, aliases_only=True, fast=False)
    for doc, day in seed_docs:
        doc = blank(doc.text)
        assert fast.find(doc, day) == reference.find(doc, day)


# --- small cases, on Docs whose lemmas and parts of speech are given ---------------------

UNIT_PROFILE = """
id: unit
parties:
  - id: usa
    aliases:
      - White House
      - {pattern: [{LOWER: president}, {LOWER: trump}], from: 2025-01-20}
  - id: hamas
    aliases: [Hamas]
issues:
  - id: truce
    terms:
      - truce
      - {pattern: [{LOWER: {IN: [lasting, permanent]}}, {LOWER: and, OP: "?"}, {LOWER: {IN: [lasting, permanent]}, OP: "?"}, {LOWER: truce}]}
cues:
  - id: unit.plea
    role: demand
    pos: [NOUN]
    lemmas: [plea]
  - id: unit.walk-away
    role: reject
    patterns:
      - [{LEMMA: walk}, {LOWER: right, OP: "?"}, {LOWER: away}]
      - [{LEMMA: storm}, {LOWER: out}]
  - id: unit.away
    role: reject
    patterns:
      - [{LEMMA: walk}, {LOWER: away}]
  - id: unit.swear-report
    role: report
    lemmas: [pinkyswear]
  - id: unit.swear-accept
    role: accept
    pos: [VERB]
    lemmas: [pinkyswear]
"""


@pytest.fixture(scope="module")
def unit(tmp_path_factory):
    path = tmp_path_factory.mktemp("profile") / "unit.yaml"
    path.write_text(UNIT_PROFILE, encoding="utf-8")
    nlp = parsing_pipeline()
    profile = load_profile(path)
    return ProfileMatcher(profile, nlp), ProfileMatcher(profile, nlp, fast=False)


def make_doc(tagged: str) -> Doc:
    """A Doc from ``word|lemma|POS`` triples separated by spaces."""
    words, lemmas, pos = zip(*(t.split("|") for t in tagged.split()))
    return Doc(parsing_pipeline().vocab, words=list(words), lemmas=list(lemmas), pos=list(pos))


def find(unit, doc, day=None):
    fast, reference = unit
    found = fast.find(doc, day)
    assert found == reference.find(doc, day)
    return found


def cue_ids(cues, start, end):
    return [c.rule_id for c in cues if (c.start, c.end) == (start, end)]


def test_a_cue_lemma_with_a_part_of_speech_matches_only_that_part_of_speech(unit):
    _, _, cues = find(unit, make_doc("Hamas|Hamas|PROPN made|make|VERB a|a|DET plea|plea|NOUN"))
    assert cue_ids(cues, 3, 4) == ["cue.unit.plea"]
    _, _, cues = find(unit, make_doc("Hamas|Hamas|PROPN made|make|VERB a|a|DET plea|plea|VERB"))
    assert cue_ids(cues, 3, 4) == []


def test_a_lemma_in_two_cue_groups_gives_both_in_group_order(unit):
    _, _, cues = find(unit, make_doc("Hamas|Hamas|PROPN pinkyswore|pinkyswear|VERB a|a|DET truce|truce|NOUN"))
    assert cue_ids(cues, 1, 2) == ["cue.unit.swear-report", "cue.unit.swear-accept"]


def test_multi_token_cue_patterns(unit):
    _, _, cues = find(unit, make_doc("Hamas|Hamas|PROPN stormed|storm|VERB out|out|ADP"))
    assert cue_ids(cues, 1, 3) == ["cue.unit.walk-away"]
    _, _, cues = find(unit, make_doc("Hamas|Hamas|PROPN walked|walk|VERB right|right|ADV away|away|ADV"))
    assert cue_ids(cues, 1, 4) == ["cue.unit.walk-away"]
    # two groups on one span, one with an optional token: spaCy's order (find checks it)
    _, _, cues = find(unit, make_doc("Hamas|Hamas|PROPN walked|walk|VERB away|away|ADV"))
    assert {"cue.unit.away", "cue.unit.walk-away"} <= set(cue_ids(cues, 1, 3))


def test_an_issue_pattern_with_optional_tokens(unit):
    _, issues, _ = find(unit, make_doc("a|a|DET lasting|lasting|ADJ and|and|CCONJ permanent|permanent|ADJ "
                                       "truce|truce|NOUN"))
    assert [(h.rule_id, h.start, h.end) for h in issues] == [("issue.truce", 1, 5)]


@pytest.mark.parametrize("day, expected", [
    (dt.date(2024, 6, 1), []),
    (dt.date(2025, 1, 20), [("party.usa", 0, 2)]),
    (None, [("party.usa", 0, 2)]),
])
def test_an_alias_pattern_with_a_date_range(unit, day, expected):
    mentions, _, _ = find(unit, make_doc("President|president|PROPN Trump|Trump|PROPN spoke|speak|VERB"), day)
    assert [(h.rule_id, h.start, h.end) for h in mentions] == expected


# --- FastTokenMatcher against spaCy's Matcher, pattern by pattern ------------------------

PATTERNS = [  # (key, patterns): plain ones, and ones left to spaCy
    ("deal", [[{"LOWER": "deal"}], [{"ORTH": "Deal"}]]),
    ("deal.again", [[{"lower": "deal"}]]),  # the same span under a second key
    ("noun", [[{"POS": "NOUN"}, {"IS_PUNCT": True}]]),
    ("alpha.deal", [[{"IS_ALPHA": True, "LOWER": "no"}, {"LEMMA": {"IN": ["deal", "truce"]}}]]),
    ("regex", [[{"LOWER": {"REGEX": "^cease"}}]]),
    ("not-in", [[{"LOWER": {"NOT_IN": ["the", "no"]}}, {"LOWER": "deal"}]]),
    ("first-optional", [[{"LOWER": "the", "OP": "?"}, {"LOWER": "ceasefire"}, {"LOWER": "deal"}]]),
    ("star", [[{"LOWER": "a"}, {"IS_ALPHA": True, "OP": "*"}, {"LOWER": "truce"}]]),
    ("any", [[{}, {"LOWER": "truce"}]]),
]
DOCS = [
    "The|the|DET ceasefire|ceasefire|NOUN deal|deal|NOUN is|be|AUX a|a|DET truce|truce|NOUN .|.|PUNCT",
    ("Deal|deal|PROPN or|or|CCONJ no|no|DET deal|deal|NOUN ,|,|PUNCT a|a|DET lasting|lasting|ADJ "
     "truce|truce|NOUN"),
    "Nothing|nothing|PRON here|here|ADV",
]


def spacy_matcher(patterns):
    matcher = Matcher(parsing_pipeline().vocab)
    for key, key_patterns in patterns:
        matcher.add(key, key_patterns)
    return matcher


@pytest.mark.parametrize("tagged", DOCS)
def test_fast_matcher_finds_what_spacy_finds(tagged):
    doc = make_doc(tagged)
    reference = spacy_matcher(PATTERNS)
    found = FastTokenMatcher(doc.vocab, PATTERNS, reference)(doc)
    assert found is not None
    assert by_span(found, doc.vocab.strings) == by_span(reference(doc), doc.vocab.strings)


def test_fast_matcher_orders_keys_of_one_span_in_pattern_order():
    doc = make_doc(DOCS[0])
    found = FastTokenMatcher(doc.vocab, PATTERNS, spacy_matcher(PATTERNS))(doc)
    assert by_span(found, doc.vocab.strings)[(2, 3)] == ["deal", "deal.again"]


def test_fast_matcher_gives_up_when_the_order_of_two_keys_on_a_span_is_unknown():
    patterns = [("plain", [[{"LOWER": "ceasefire"}, {"LOWER": "deal"}]]),
                ("optional", [[{"LOWER": "the", "OP": "?"}, {"LOWER": "ceasefire"}, {"LOWER": "deal"}]])]
    doc = make_doc(DOCS[0])
    assert FastTokenMatcher(doc.vocab, patterns, spacy_matcher(patterns))(doc) is None
    same_key = [("k", patterns[0][1] + patterns[1][1])]  # one key: spaCy reports it once
    found = FastTokenMatcher(doc.vocab, same_key, spacy_matcher(same_key))(doc)
    assert sorted(found) == sorted(spacy_matcher(same_key)(doc))


@pytest.mark.parametrize("tagged", DOCS[:2])
def test_one_token_matches_of_late_patterns_come_after_the_plain_ones(tagged):
    # [deal, truce?] can only end a match after reading "deal": spaCy reports it after [deal]
    patterns = [("late", [[{"LOWER": "deal"}, {"LOWER": "truce", "OP": "?"}]]),
                ("plain", [[{"LOWER": "deal"}]])]
    doc = make_doc(tagged)
    found = FastTokenMatcher(doc.vocab, patterns, spacy_matcher(patterns))(doc)
    assert found is not None
    assert by_span(found, doc.vocab.strings) == by_span(spacy_matcher(patterns)(doc), doc.vocab.strings)
    assert ["plain", "late"] in by_span(found, doc.vocab.strings).values()


def test_fast_matcher_gives_up_when_a_pattern_may_end_a_match_on_its_first_token():
    patterns = [("early", [[{"LOWER": "the", "OP": "?"}, {"LOWER": "deal"}]]),
                ("plain", [[{"LOWER": "deal"}]])]
    doc = make_doc(DOCS[1])
    assert FastTokenMatcher(doc.vocab, patterns, spacy_matcher(patterns))(doc) is None


def test_fast_matcher_leaves_docs_without_annotation_to_spacy():
    doc = blank_pipeline().make_doc("a ceasefire deal")
    assert FastTokenMatcher(doc.vocab, PATTERNS, spacy_matcher(PATTERNS))(doc) is None


def random_spec(rng) -> dict:
    """A random token spec over a four-word vocabulary: plain, predicates spaCy alone tests, quantifiers."""
    spec = rng.choice([
        {"LOWER": rng.choice("abcd")},
        {"LEMMA": {"IN": rng.sample("abcd", rng.randint(1, 3))}},
        {"LOWER": {"REGEX": "^[ab]"}},
        {"LOWER": {"NOT_IN": rng.sample("abcd", 2)}},
        {"IS_ALPHA": True},
    ])
    if rng.random() < 0.25:
        spec["POS"] = rng.choice(["NOUN", {"IN": ["NOUN", "VERB"]}])
    op = rng.choice([None] * 6 + ["?", "*", "+", "!", "{0,2}", "{1,2}", "{2}", "{1,}"])
    return spec if op is None else {**spec, "OP": op}


def test_fast_matcher_finds_what_spacy_finds_with_random_patterns():
    rng = random.Random(7)
    vocab = parsing_pipeline().vocab
    compared = 0
    for _ in range(300):
        patterns = [(f"key{k}", [[random_spec(rng) for _ in range(rng.randint(1, 3))]
                                 for _ in range(rng.randint(1, 3))])
                    for k in range(rng.randint(1, 5))]
        reference = spacy_matcher(patterns)
        fast = FastTokenMatcher(vocab, patterns, reference)
        words = rng.choices("abcd", k=rng.randint(0, 8))
        doc = Doc(vocab, words=words, lemmas=words, pos=rng.choices(["NOUN", "VERB"], k=len(words)))
        found = fast(doc)
        if found is not None:
            compared += 1
            assert by_span(found, vocab.strings) == by_span(reference(doc), vocab.strings), (patterns, words)
    assert compared > 200
