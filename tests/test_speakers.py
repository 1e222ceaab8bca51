"""Who says each sentence: the speaker step over whole articles, and what the rules take from it."""

import datetime as dt
import json

import pytest

import stance
from stance.extraction.extractor import Extractor
from stance.records import Article


@pytest.fixture(scope="module")
def extractor():
    return Extractor("gaza")


def speakers_of(extractor, text):
    """(sentence text, speaker parties, rule id) for each sentence of ``text``."""
    article = Article(id="a", text=text, date=dt.date(2024, 6, 1))
    sents = extractor.sentences(article)
    return [(s.text, sp.parties if sp else (), sp.rule_id if sp else None)
            for s, sp in zip(sents, extractor.speakers(sents))]


def speaker_of(extractor, text, sentence):
    """The speaker parties and rule of the sentence of ``text`` that starts with ``sentence``."""
    found = [(parties, rule) for t, parties, rule in speakers_of(extractor, text) if t.startswith(sentence)]
    assert found, f"no sentence starts with {sentence!r}"
    return found[0]


@pytest.mark.parametrize("text, sentence, parties, rule", [
    # a tag in the sentence names its speaker, before or after the verb, after a quote
    ("“We will not accept it,” Hamas said.", "“We", ("hamas",), "speaker.said"),
    ("Israel must withdraw, Hamas spokesman Abu Obeida said.", "Israel", ("hamas",), "speaker.said"),
    ("“The deal is close,” said Qatar's prime minister.", "“The", ("qatar",), "speaker.said"),
    ("Hamas accepted the proposal, as stated by Israel's army radio.", "Hamas", ("israel",), "speaker.said"),
    ("Talks will resume, according to Qatar's foreign ministry.", "Talks", ("qatar",), "speaker.said"),
    ("Olga Cherevko, a spokesperson for Hamas, said talks go on.", "Olga", ("hamas",), "speaker.said"),
    # a quotation over several sentences takes the tag after it
    ("“We want a deal. We will never give up. We are ready,” Hamas said.", "We will never",
     ("hamas",), "speaker.quote"),
    ("Netanyahu spoke on Monday. “We want a deal. It is close,” Hamas said.", "We want",
     ("hamas",), "speaker.quote"),
    ("Netanyahu spoke on Monday. “We want a deal. It is close,” Hamas said.", "Netanyahu",
     ("israel",), "speaker.named"),
    # "he added": the speaker of the sentence before
    ("Hamas said it wants a deal. He added that talks go on.", "He added", ("hamas",), "speaker.added"),
    ("Hamas said it wants a deal. The group also said talks go on.", "The group", ("hamas",), "speaker.added"),
    # a colon introduces a list said by whoever the line names
    ("Hamas set out its demands:\n- a permanent ceasefire\n- a full withdrawal", "- a full",
     ("hamas",), "speaker.colon"),
    # ... and a numbered list, whose numbers the sentence splitter cuts off their items
    ("Hamas set out its demands:\n\n1. A permanent ceasefire must be agreed.\n\n"
     "2. Israel must withdraw from all of Gaza.", "Israel must", ("hamas",), "speaker.colon"),
    # a sentence opening with "he" goes on about the speaker before
    ("Hamas official Izzat al-Rishq criticized Netanyahu. He also accused him of stalling.", "He also",
     ("hamas",), "speaker.added"),
    # first person going on in the paragraph of the last speaker named
    ("Hamas said on Monday it wants a deal. We are ready for it.", "We are", ("hamas",), "speaker.paragraph"),
])
def test_a_speaker_is_found(extractor, text, sentence, parties, rule):
    assert speaker_of(extractor, text, sentence) == (parties, rule)


@pytest.mark.parametrize("text, sentence, not_parties", [
    # a dateline is where the story was filed, never a speaker
    ("DOHA — Hamas rejected the proposal.", "DOHA", ("qatar",)),
    # titles and nouns are no reporting verbs
    ("US Secretary of State Antony Blinken met Hamas envoys.", "US", ("usa",)),
    ("Egypt's proposal comes as Arab states scramble to respond to Israel.", "Egypt", ("israel",)),
    ("Israel launched strikes with the declared goal of eliminating Hamas.", "Israel", ("hamas",)),
    # a verb inside a quote is the quote's words; "according to" an outlet names no party
    ("Netanyahu wrote: “Hamas said no to every offer.”", "Netanyahu", ("hamas",)),
    ("According to Al Jazeera, families of Israeli hostages called for a deal.", "According", ("israel",)),
    # a speaker the profile does not know is nobody's tag: not the party named before it
    ("Hamas is ready for a truce if Israel respects it, Naim added.", "Hamas", ("israel",)),
    # the tag after a quote names someone unknown: the quote is not another speaker's
    ("Netanyahu has said he wants a deal.\n“There is a good deal. Go back to the table,” said Ruby Chen.",
     "Go back", ("israel",)),
])
def test_no_wrong_speaker_is_found(extractor, text, sentence, not_parties):
    parties, rule = speaker_of(extractor, text, sentence)
    assert rule == "speaker.named" or not set(parties) & set(not_parties)


def test_a_byline_speaks_for_nobody(extractor):
    [(_, parties, rule), _] = speakers_of(extractor, "By Hamas Watch\nIsrael rejected the proposal.")
    assert (parties, rule) == ((), None)


def test_the_step_needs_no_parse(extractor):
    before = extractor.sentences_parsed
    speakers_of(extractor, "“We want a deal. We are ready,” Hamas said.")
    assert extractor.sentences_parsed == before


def found(text):
    return {(s.party, s.kind, s.issue, s.stance) for s in stance.extract(text, date="2024-06-01")}


@pytest.mark.parametrize("text, wanted, unwanted", [
    # the quote's first sentence is Hamas's, tagged only at its end; the focus says Israel
    ("Israel rejected the plan on Monday.\n“We will never accept a temporary truce. We are ready to talk,” "
     "Hamas said in a statement.",
     ("hamas", "position", "truce", "reject"), ("israel", "position", "truce", "reject")),
    # a pronoun subject below a named subject is that subject ("Hamas says it ... and it has rejected")
    ("Israel said it wants a deal. Hamas says it is committed to the ceasefire, and it has rejected the "
     "idea of a temporary truce.",
     ("hamas", "position", "truce", "reject"), ("israel", "position", "truce", "reject")),
    # "he" after a tag in the same sentence is the tagged speaker
    ("Hamas said it wants a deal. In remarks from the White House, Biden added that talks go on; he "
     "called for an immediate ceasefire.",
     ("usa", "position", "ceasefire", "demand"), ("hamas", "position", "ceasefire", "demand")),
])
def test_the_rules_take_the_speaker(text, wanted, unwanted):
    statements = found(text)
    assert wanted in statements
    assert unwanted not in statements


def test_a_possessive_is_not_read_as_the_clause_subject():
    # "its demands" are Hamas's, not Israel's: only subject pronouns take the clause's subject
    statements = found("Hamas said Israel did not accept its demands for a full withdrawal.")
    assert not any(party == "israel" and issue == "withdrawal" for party, _, issue, _ in statements)


@pytest.fixture
def quoted_corpus(tmp_path):
    """One article whose quotation is tagged after its second sentence, labelled by hand."""
    corpus, labels = tmp_path / "corpus", tmp_path / "labels"
    (corpus / "gaza").mkdir(parents=True)
    labels.mkdir()
    (corpus / "gaza" / "a.txt").write_text(
        "date: 2024-08-04\nsource: https://example.org/a\ntitle: T\noutlet: AFP\n\n"
        "Israel rejected the plan on Monday.\n"
        "“We will never accept a temporary truce. We are ready to talk,” Hamas said in a statement.\n"
        "Qatar urged both sides to reach a deal, Israel said.\n")
    rows = [
        {"sentence": "Israel rejected the plan on Monday.", "party": "israel", "kind": "position",
         "issue": "deal", "stance": "reject"},
        {"sentence": "“We will never accept a temporary truce.", "party": "hamas", "kind": "position",
         "issue": "truce", "stance": "reject"},
        # a mediator's demand reported by a side: the sentence's speaker is not its holder
        {"sentence": "Qatar urged both sides to reach a deal, Israel said.", "party": "qatar",
         "kind": "position", "issue": "deal", "stance": "demand"},
        {"sentence": "A sentence the article does not have.", "party": "qatar", "kind": "position",
         "issue": "deal", "stance": "demand"},
    ]
    (labels / "gold.jsonl").write_text("".join(
        json.dumps({"profile": "gaza", "annotator": "g", "file": "gaza/a.txt", **r}) + "\n" for r in rows))
    return corpus, labels


def test_evaluate_attribution_scores_speakers_and_holders(run_cli, quoted_corpus):
    corpus, gold = quoted_corpus
    code, out, err = run_cli(["evaluate", "--gold", gold, "--corpus", corpus, "--attribution", "--json"])
    assert code == 0, err
    data = json.loads(out)
    assert (data["statements"], data["unmatched"]) == (4, 1)
    # named first party, the quote's tag, and Israel's tag (not Qatar, the holder)
    assert (data["speaker"]["right"], data["speaker"]["n"]) == (2, 3)
    assert data["by_rule"]["speaker.quote"] == {"right": 1, "n": 1, "rate": 1.0}
    assert data["first_named"]["right"] == 2  # Israel, then Qatar named first; the quote names nobody first
    # the rules find Hamas's rejection and Qatar's demand under their holders
    assert data["holder"]["right"] == data["holder"]["n"] >= 2
    code, out, err = run_cli(["evaluate", "--gold", gold, "--corpus", corpus, "--attribution"])
    assert code == 0, err
    assert out.startswith("Attribution over 4 gold statements (1 with a sentence not found")
