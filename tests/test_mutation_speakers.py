"""What benchmarks/mutation.sh found unpinned in stance/extraction/speakers.py: which words
make a reporting tag and which do not ("and said", "the declared goal", "states", "continued"),
where the words before a verb begin (commas, semicolons, colons, brackets, quotation marks),
the words a tag keeps as evidence, which quotation marks open a quote and which are
apostrophes, "according to" beside another tag, that a sentence's tag reads no word outside it,
and how the article step carries speakers over quotes, lists and paragraphs."""

import datetime as dt

import pytest

from stance.extraction.extractor import Extractor
from stance.extraction.matching import ProfileMatcher
from stance.extraction.speakers import Line, Tag, article_speakers, quote_depths, tag_of
from stance.nlp.pipelines import blank_pipeline
from stance.profile import load_profile
from stance.records import Article

NLP = blank_pipeline()
CHEAP = ProfileMatcher(load_profile("gaza"), NLP, aliases_only=True)


def tag(sentence, before=""):
    """The tag of ``sentence`` read, as the extractor's cheap pass reads it, after the lines
    ``before`` it: the tokens of the whole text, the party mentions of the sentence alone."""
    doc = NLP(before + sentence)
    start = len(NLP(before)) if before else 0
    assert doc[start:].text == sentence.strip()
    mentions, _, _ = CHEAP.find(doc)
    return tag_of(doc, [m for m in mentions if m.start >= start], start, len(doc))


@pytest.mark.parametrize("sentence, expected", [
    # the name before the verb, with the closing quote before it
    ("“We will not accept it,” Hamas said.", Tag(("hamas",), "Hamas said", after_quote=True)),
    # a pronoun, or a role noun after a determiner, is a tag that names no party
    ("“We are ready,” he said.", Tag((), "he said", after_quote=True, anaphoric=True)),
    ("“We are ready,” the spokesman said.", Tag((), "spokesman said", after_quote=True, anaphoric=True)),
    # a name the profile does not know, after a comma or a quote
    ("“We are ready,” Naim added.", Tag((), "Naim added", after_quote=True)),
    ("Hamas, Naim added.", Tag((), "Naim added")),
    # ... and after the verb: the three words from it
    ("“We want a deal,” said Ruby Chen of the families.", Tag((), "said Ruby Chen", after_quote=True)),
    # "by" after the verb, and "according to", name the party after them
    ("Hamas accepted, as stated by Israel's army radio.", Tag(("israel",), "by Israel")),
    ("Talks will resume, according to Qatar.", Tag(("qatar",), "according to Qatar")),
    # a sentence that ends on its verb
    ("Talks go on, Hamas said", Tag(("hamas",), "Hamas said")),
    # a sentence opening with "he" goes on about a speaker named before, if it says more than "He left"
    ("He left.", Tag((), "He", anaphoric=True)),
])
def test_a_tag_names_its_speaker_with_the_words_that_name_it(sentence, expected):
    assert tag(sentence) == expected


@pytest.mark.parametrize("sentence", [
    # "..., saying": the subject of the clause before says it, not a name beside it
    "Israel rejected the plan, saying Hamas lied.",
    # a speech word that is no reporting verb: a title, the noun "states", after a
    # determiner, continued from a verb before it, "continue" and "conclude" without a quote
    "Hamas Said to Accept Truce",
    "Israel states that Hamas lied.",
    "Israel and Hamas state that talks go on.",
    "Israel launched strikes with the declared goal of eliminating Hamas.",
    "Israel met Hamas and said talks go on.",
    "Israel met Hamas but said talks go on.",
    "Israel did not deny or confirm the report.",
    "Israel refused to comment.",
    "Hamas continued to fight.",
    "Hamas concluded the talks.",
    # a clause from the sentence's start is no name, and a party after a colon is in the words said
    "Talks on the truce went on as mediators said.",
    "Officials said: Hamas will not accept a truce.",
    # "by" with nothing after it
    "Talks go on, Hamas said by",
    # a quoted sentence: its verb is the quote's words, whatever marks open it
    '"Hamas said no to every offer."',
])
def test_no_tag_is_found(sentence):
    assert tag(sentence) is None


@pytest.mark.parametrize("sentence, party", [
    # apostrophes and single quotes open no quotation: the verb after them is a tag
    ("Talks failed as in the '90s, Hamas said.", "hamas"),
    ("Talks failed as in the ’90s, Hamas said.", "hamas"),
    ("The ‘red lines remain, Hamas said.", "hamas"),
    # a straight quote between spaces opens nothing either
    ('The " deal " was rejected, Hamas said.', "hamas"),
    # a quote opened after a colon or a bracket holds the verbs inside it
    ('Netanyahu wrote: "Hamas said no to every offer."', "israel"),
    ('Netanyahu wrote: "No, Hamas said no to every offer."', "israel"),
    ("Netanyahu wrote (“Hamas said no to every offer”).", "israel"),
    # the tag after a quote comes first, and the first tag found is kept
    ("Hamas told reporters: “We want a deal,” said Qatar's prime minister.", "qatar"),
    ("Israel rejected the plan, saying it lied, Hamas said.", "hamas"),
])
def test_the_tag_names_the_party(sentence, party):
    assert tag(sentence).parties == (party,)


@pytest.mark.parametrize("sentence, expected", [
    # words between commas before the verb are an appositive naming the speaker ...
    ("Olga Cherevko, a spokesperson for Hamas, said talks go on.", Tag(("hamas",), "Hamas, said")),
    # ... a clause before one comma, or a quote, is what is said: the speaker follows the verb
    ("Israel must withdraw, said Hamas.", Tag(("hamas",), "said Hamas")),
    ("“Israel must withdraw”, said Hamas.", Tag(("hamas",), "said Hamas", after_quote=True)),
    ("“We will not accept it”, said Hamas.", Tag(("hamas",), "said Hamas", after_quote=True)),
    # a doubled comma (a typing slip) is one comma
    ("Israel must withdraw,, said Hamas.", Tag(("hamas",), "said Hamas")),
    ("Olga Cherevko, a spokesperson for Hamas,, said talks go on.", Tag(("hamas",), "Hamas,, said")),
    ("Israel must withdraw,,, said Hamas.", Tag(("hamas",), "said Hamas")),
    # ... also at the start of a line, where no words come before the commas
    (", said Hamas.", Tag(("hamas",), "said Hamas")),
    (",, said Hamas.", Tag(("hamas",), "said Hamas")),
    (", , , said Hamas.", Tag(("hamas",), "said Hamas")),
])
def test_only_an_appositive_set_off_by_commas_names_the_speaker_before_the_comma(sentence, expected):
    assert tag(sentence) == expected


@pytest.mark.parametrize("sentence, evidence", [
    # where the words before the verb begin: a semicolon, a colon, a bracket
    ("Israel rejected the plan; Naim added.", "Naim added"),
    ("Asked about Israel: Naim said talks go on.", "Naim said"),
    ("Israel rejected the plan (Naim added).", "Naim added"),
    ("The plan (backed by Israel) Naim said was dead.", "Naim said"),
    # a role noun is a pronoun's stand-in only after a determiner near it
    ("Talks went on at the venue, senior negotiator said.", "senior negotiator said"),
])
def test_the_words_before_the_verb_begin_after_a_mark(sentence, evidence):
    assert tag(sentence) == Tag((), evidence)


def test_a_scare_quote_far_before_the_verb_does_not_put_the_tag_after_a_quote():
    assert tag("“A deal” is close, Hamas said.") == Tag(("hamas",), "Hamas said")


@pytest.mark.parametrize("before, sentence, expected", [
    # verbs, "according to" and the comma of the lines before are theirs
    ("Talks go on, officials said\n", "Israel agreed.", None),
    ("Talks go on, according to officials\n", "Israel agreed.", None),
    ("Talks failed,", "saying Hamas lied.", Tag(("hamas",), "saying Hamas")),
    # a two-word sentence opening with a pronoun says nothing of a speaker
    ("Hamas spoke. ", "They left", None),
])
def test_a_tag_reads_no_word_outside_its_sentence(before, sentence, expected):
    assert tag(sentence, before) == expected


@pytest.mark.parametrize("sentence, expected", [
    # the sentence's first word has no word before it: not the text's last
    ("said Hamas, and so did we", Tag(("hamas",), "said Hamas")),
    ("said Hamas, not the", Tag(("hamas",), "said Hamas")),
    ("saying Hamas lied,", Tag(("hamas",), "saying Hamas")),
])
def test_a_verb_opening_the_text_has_no_word_before_it(sentence, expected):
    assert tag(sentence) == expected


def test_a_tag_with_no_party_stands_beside_according_to_a_name_the_profile_does_not_know():
    assert tag("“We are ready,” he said, according to Al Jazeera.") == Tag(
        (), "he said", after_quote=True, anaphoric=True)


@pytest.fixture(scope="module")
def extractor():
    return Extractor("gaza")


def speakers(extractor, text):
    """(parties, rule id, evidence) of each sentence of ``text``, or None."""
    sents = extractor.sentences(Article(id="a", text=text, date=dt.date(2024, 6, 1)))
    return [(s.parties, s.rule_id, s.evidence) if s else None for s in extractor.speakers(sents)]


@pytest.mark.parametrize("text, expected", [
    # each rule keeps the words that name the speaker
    ("Hamas said it wants a deal. He added that talks go on. We are ready for it.",
     [(("hamas",), "speaker.said", "Hamas said"), (("hamas",), "speaker.added", "He added (Hamas said)"),
      (("hamas",), "speaker.paragraph", "He added (Hamas said)")]),
    ("Hamas set out its demands:\n- a permanent ceasefire",
     [(("hamas",), "speaker.named", "hamas"), (("hamas",), "speaker.colon", "hamas")]),
    # "he added" in a new paragraph is the paragraph's speaker
    ("Hamas said it wants a deal.\n\nHe added that talks go on. We are ready for it.",
     [(("hamas",), "speaker.said", "Hamas said"), (("hamas",), "speaker.added", "He added (Hamas said)"),
      (("hamas",), "speaker.paragraph", "He added (Hamas said)")]),
    # a quotation's first sentence is the quote's too
    ("“We want a deal. We are ready,” Hamas said.",
     [(("hamas",), "speaker.quote", "Hamas said"), (("hamas",), "speaker.said", "Hamas said")]),
    # a quote tagged before it, by a party, with no tag after it
    ("Hamas said on Monday: “We want a deal. We are ready.”",
     [(("hamas",), "speaker.said", "Hamas said"), (("hamas",), "speaker.quote", "Hamas said")]),
    # the party after an inverted tag speaks, not the one in the words said
    ("Israel must withdraw from Gaza, said Hamas.", [(("hamas",), "speaker.said", "said Hamas")]),
    # a statement quoted after a colon, in a paragraph of its own
    ("Hamas said in a statement:\n\n“We demand a full withdrawal of the occupation forces.”\n\nTalks go on.",
     [(("hamas",), "speaker.said", "Hamas said"), (("hamas",), "speaker.colon", "Hamas said"), None]),
    # someone the profile does not know speaks: the paragraph's speaker stops
    ("Hamas said it wants a deal. Talks go on, Naim added. We are ready.",
     [(("hamas",), "speaker.said", "Hamas said"), None, None]),
])
def test_the_speakers_of_an_article(extractor, text, expected):
    assert speakers(extractor, text) == expected


def line(text, parties=(), tag=None, paragraph=False, first_person=False):
    return Line(text, tuple(parties), tag, paragraph, first_person)


SAID = Tag(("hamas",), "Hamas said")


def found(lines):
    return [(s.parties, s.rule_id, s.evidence) if s else None for s in article_speakers(lines)]


@pytest.mark.parametrize("words, speaker", [
    ('The deal is "close."', (("hamas",), "speaker.paragraph", "Hamas said")),
    ("The deal is “close.”", (("hamas",), "speaker.paragraph", "Hamas said")),
    ("The deal is close.", None),  # no quote, no first person
])
def test_a_quote_in_the_paragraph_of_a_speaker_is_theirs(words, speaker):
    lines = [line("Hamas said it wants a deal.", ["hamas"], SAID, paragraph=True), line(words)]
    assert found(lines)[1] == speaker


def test_a_quote_closing_in_a_sentence_is_the_paragraphs_speakers():
    lines = [line("Hamas said it wants a deal.", ["hamas"], SAID, paragraph=True),
             line("A deal is close. “Talks go on."), line("They must end.”")]
    assert found(lines)[2] == (("hamas",), "speaker.paragraph", "Hamas said")


@pytest.mark.parametrize("lines, expected", [
    # a text's first line goes on from no paragraph and no colon before it
    ([line("We are ready.", first_person=True)], [None]),
    ([line("Talks go on.")], [None]),
    # a quotation left open at the end of the text
    ([line("Hamas said: “We want a deal.", ["hamas"], SAID, paragraph=True),
      line("We are ready.", first_person=True)],
     [(("hamas",), "speaker.said", "Hamas said"), (("hamas",), "speaker.quote", "Hamas said")]),
])
def test_an_article_is_read_from_its_first_line_to_its_last(lines, expected):
    assert found(lines) == expected


@pytest.mark.parametrize("length, speaker", [
    (119, None),
    (120, (("hamas",), "speaker.named", "hamas")),  # too long for a byline
])
def test_a_byline_is_a_short_line(length, speaker):
    text = ("By Hamas Watch, " + "x" * length)[:length]
    assert found([line(text, ["hamas"], paragraph=True)]) == [speaker]


@pytest.mark.parametrize("mark", ["“", '"', "«", "  “"])
def test_a_quotation_in_the_paragraphs_after_a_colon_is_said_by_who_introduced_it(mark):
    lines = [line("Hamas said in a statement:", ["hamas"], SAID, paragraph=True),
             line(f"{mark}We want a deal.", paragraph=True), line("We are ready.”"),
             line(f"{mark}Talks must go on.”", paragraph=True),
             line("The talks resumed.", paragraph=True)]
    colon = (("hamas",), "speaker.colon", "Hamas said")
    assert found(lines)[1:] == [colon, colon, colon, None]


def test_a_colon_before_trailing_spaces_introduces_a_list():
    lines = [line("Hamas set out its demands:  ", ["hamas"], paragraph=True), line("- a ceasefire", paragraph=True)]
    assert found(lines)[1] == (("hamas",), "speaker.colon", "hamas")


def test_an_opening_mark_left_on_the_sentence_before_keeps_it_out_of_the_quote():
    lines = [line("Netanyahu spoke on Monday. “ ", ["israel"], paragraph=True),
             line("We want a deal."), line("It is close,” Hamas said.", tag=Tag(("hamas",), "Hamas said", True))]
    assert found(lines) == [(("israel",), "speaker.named", "israel"), (("hamas",), "speaker.quote", "Hamas said"),
                            (("hamas",), "speaker.said", "Hamas said")]


def depth(text, paragraph=True):
    return quote_depths([line(text, paragraph=paragraph)])


@pytest.mark.parametrize("text, expected", [
    ("Talks go on.", (False, False)),
    ("“We want a deal,” Hamas said.", (False, False)),
    ('"We want a deal.', (False, True)),
    ('Hamas said: "We want a deal.', (False, True)),
    ('Hamas said: "I want a deal.', (False, True)),
    ('Hamas agreed, "we want a deal.', (False, True)),
    ('The word " stood alone.', (False, False)),
    ('A 5"3 board was shown.', (False, False)),  # inches, between two digits
])
def test_where_a_quotation_opens_and_closes(text, expected):
    assert depth(text) == [expected]
    assert depth(text, paragraph=False) == [expected]  # nothing is open before a text's first line


def test_a_closed_quote_is_not_carried_into_the_next_sentence():
    lines = [line("“We want a deal,” Hamas said.", paragraph=True), line("Talks go on.")]
    assert quote_depths(lines) == [(False, False), (False, False)]
