"""An article of any length is read in pieces: never dropped, never fatal, offsets in the whole text."""

import pytest

from stance.extraction.extractor import Extractor, text_pieces
from stance.records import Article


@pytest.mark.parametrize("text, limit", [
    ("aaaa\n\nbbbb\n\ncccc", 7),          # paragraph breaks
    ("aaaa\nbbbb\ncccc", 6),              # line breaks
    ("Aa aa. Bb bb. Cc cc.", 8),          # sentence ends
    ("abcdefghij", 3),                    # no break at all: cut at the limit
    ("short", 100),
    ("", 5),
])
def test_pieces_cover_the_text_in_order_under_the_limit(text, limit):
    pieces = list(text_pieces(text, limit))
    assert "".join(piece for _, piece in pieces) == text
    assert all(len(piece) <= limit for _, piece in pieces)
    assert [offset for offset, _ in pieces] == [sum(len(p) for _, p in pieces[:i]) for i in range(len(pieces))]


def test_a_paragraph_break_is_preferred_over_a_line_break():
    assert [p for _, p in text_pieces("aa\nbb\n\ncc\ndd", 9)] == ["aa\nbb\n\n", "cc\ndd"]


@pytest.fixture(scope="module")
def extractor():
    return Extractor("gaza")


def test_a_long_article_keeps_its_statements_and_their_offsets(extractor):
    filler = "The weather in the region was mild for the season. " * 9000  # about 470,000 characters
    text = "Hamas rejected the proposal on Sunday.\n\n" + filler + "\n\nIsrael demanded the release of all hostages."
    found = extractor.extract(Article(id="long", text=text))
    assert {(s.party, s.issue, s.stance) for s in found} == {("hamas", "deal", "reject"),
                                                             ("israel", "hostages", "demand")}
    for s in found:
        assert text[s.start:s.end] == s.sentence
    assert max(s.start for s in found) > 400_000


@pytest.mark.parametrize("prefilter", [True, False])
def test_a_sentence_of_thousands_of_characters_is_not_parsed(prefilter):
    endless = "Hamas rejected the proposal and " + "the talks went on and " * 400 + "nothing changed."
    short = "Israel demanded the release of all hostages."
    ex = Extractor("gaza", prefilter=prefilter)
    found = ex.extract(Article(id="x", text=endless + "\n\n" + short))
    assert len(ex.sentences(Article(id="x", text=endless))[0].text) > 5000
    assert [s.sentence for s in found] == [short]  # the long one gives nothing, the next one does
    assert ex.sentences_parsed == 1


def test_a_batch_holding_a_5_mb_article_stores_every_article(run_cli, seeds_dir, tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    for name in ("000_8ce4aecf838af644.txt", "001_6c84b83942d16bb2.txt"):
        (folder / name).write_bytes((seeds_dir / name).read_bytes())
    filler = "Markets in the region were quiet and the weather was mild for the season.\n" * 70000
    (folder / "002_live_blog.txt").write_text("date: 2024-05-01\ntitle: A live blog\n\n" + filler
                                              + "\nIsrael demanded the release of all hostages.\n")
    assert (folder / "002_live_blog.txt").stat().st_size > 5_000_000
    db = tmp_path / "stance.db"
    code, out, err = run_cli(["ingest", folder, "--db", db, "--quiet"])
    assert code == 0, err
    assert "3 new" in out and "0 failed" in out
    code, out, err = run_cli(["export", "-", "--db", db])
    assert code == 0, err
    assert "Israel demanded the release of all hostages." in out


def _failing_on(word, real):
    def traced_positions(ctx, *args, **kwargs):
        if word in ctx.doc.text:
            raise IndexError("list index out of range")
        return real(ctx, *args, **kwargs)
    return traced_positions


def test_a_rule_error_on_one_sentence_loses_only_that_sentence(monkeypatch):
    import stance.extraction.extractor as extractor_module

    monkeypatch.setattr(extractor_module, "traced_positions", _failing_on("Qatar", extractor_module.traced_positions))
    text = "Hamas rejected the proposal. Qatar demanded a truce. Israel demanded the release of hostages."
    with pytest.raises(IndexError):  # by default a rule error is raised: tests and evaluations see it
        Extractor("gaza").extract(Article(id="a", text=text))
    messages = []
    found = Extractor("gaza", on_error=messages.append).extract(Article(id="abcdef123", text=text))
    assert {s.party for s in found} == {"hamas", "israel"}
    assert len(messages) == 1 and "article abcdef12 at character 29" in messages[0]
    assert "IndexError" in messages[0] and "\n" not in messages[0]


def test_ingest_reports_a_rule_error_in_one_line_and_stores_the_whole_batch(run_cli, tmp_path, monkeypatch):
    import stance.extraction.extractor as extractor_module

    monkeypatch.setattr(extractor_module, "traced_positions", _failing_on("Qatar", extractor_module.traced_positions))
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "a.txt").write_text("date: 2024-05-01\n\nQatar demanded a truce. Hamas rejected the proposal.\n")
    (folder / "b.txt").write_text("date: 2024-05-02\n\nIsrael demanded the release of hostages.\n")
    code, out, err = run_cli(["ingest", folder, "--db", tmp_path / "s.db", "--quiet"])
    assert code == 1, err  # everything stored but one sentence: the status says so
    assert "2 new" in out and "statements found: 2" in out
    assert err.count("stance: warning: the rules failed on a sentence") == 1 and "Traceback" not in err
