"""Files and folders to Articles, and one clear Failure per input that cannot be read."""

import datetime as dt
import json
import os
import pathlib
import re
import socket

import pytest

from stance.io.ingest import (
    article_id,
    first_line_title,
    normalize_text,
    read_file,
    read_paths,
)
from stance.records import Article, Failure

REPO = pathlib.Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
DEV = REPO / "labels" / "corpus" / "dev"
DEV_MISSING = f"dev corpus not found at {DEV} (it lives outside the repo, in ../shared)"

BODY = (
    "Hamas said on Thursday it had accepted the ceasefire proposal.\n\n"
    "Israel said it would study the response."
)


def write(folder, name, content):
    """Write text (UTF-8) or bytes to folder/name, making folders, and return the path."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def only_article(results):
    """The one Article of a read, failing on anything else."""
    assert len(results) == 1, results
    assert isinstance(results[0], Article), results[0]
    return results[0]


def only_failure(results):
    """The one Failure of a read, failing on anything else."""
    assert len(results) == 1, results
    assert isinstance(results[0], Failure), results[0]
    return results[0]


# --- ids -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Hamas said no.", "  Hamas   said\n\nno.\t"),
        ("Hamas said \u201cno\u201d.", 'Hamas said "no".'),
        ("Israel\u2019s offer", "Israel's offer"),
        ("Israel\u02bcs offer", "Israel's offer"),
        ("a three\u2013phase deal \u2014 now", "a three-phase deal - now"),
        ("cease\u00a0fire", "cease fire"),
        ("cease\u200bfire", "ceasefire"),
        ("\ufb01nal deal", "final deal"),  # NFKC: the ligature is two letters
        ("HAMAS Said No.", "hamas said no."),
    ],
)
def test_same_text_in_other_form_has_same_id(one, other):
    assert normalize_text(one) == normalize_text(other)
    assert article_id(one) == article_id(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Hamas said no.", "Hamas said yes."),
        ("Hamas said no.", "Hamas said no"),
        ("ceasefire", "cease fire"),
    ],
)
def test_different_text_has_different_id(one, other):
    assert article_id(one) != article_id(other)


def test_id_is_16_hex_digits_and_stable():
    assert re.fullmatch(r"[0-9a-f]{16}", article_id(BODY))
    # Pinned: a changed normalisation would orphan every stored article.
    assert article_id("Hamas said no.") == "81f79792bbd4f908"


def test_normalize_text():
    assert normalize_text(" \u201cIt\u2019s  time\u201d \u2014 Biden\n") == '"it\'s time" - biden'


def test_file_id_ignores_header_and_whitespace(tmp_path):
    plain = only_article(read_file(write(tmp_path, "a.txt", BODY)))
    headed = only_article(
        read_file(write(tmp_path, "b.txt", "date: 2024-01-02\n\n" + BODY.replace("\n\n", "\n")))
    )
    assert plain.id == headed.id == article_id(BODY)


# --- header block ----------------------------------------------------------------------


def test_header_block(tmp_path):
    path = write(
        tmp_path,
        "a.txt",
        "date: 2024-05-31\n"
        "date_inferred: true\n"
        "source: https://example.com/biden-plan\n"
        "title: Biden announces plan\n"
        "author: Jane Doe\n"
        "\n" + BODY + "\n",
    )
    article = only_article(read_file(path))
    assert article.date == dt.date(2024, 5, 31)
    assert article.date_source == "header"
    assert article.source == "https://example.com/biden-plan"
    assert article.title == "Biden announces plan"
    assert article.text == BODY
    assert article.meta == {"file": str(path), "date_inferred": "true", "author": "Jane Doe"}


@pytest.mark.parametrize(
    ("header", "source", "meta_url"),
    [
        ("source: Reuters\nurl: https://r.com/x\n", "Reuters", "https://r.com/x"),
        ("url: https://r.com/x\n", "https://r.com/x", None),
        ("source: https://r.com/x\n", "https://r.com/x", None),
        ("date: 2024-01-02\n", "a.txt", None),  # no source: the file
    ],
)
def test_header_source_prefers_source_then_url(tmp_path, monkeypatch, header, source, meta_url):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "a.txt", header + "\n" + BODY)
    article = only_article(read_file("a.txt"))
    assert article.source == source
    assert article.meta.get("url") == meta_url


@pytest.mark.parametrize(
    "text",
    [
        "date: 2024-05-31\n\n" + BODY,
        "\n\n  date: 2024-05-31\n   \n" + BODY,  # blank lines around, spaces on the blank line
        "date :  2024-05-31  \n\n\n\n" + BODY,
    ],
)
def test_header_spacing(tmp_path, text):
    article = only_article(read_file(write(tmp_path, "a.txt", text)))
    assert (article.date, article.date_source, article.text) == (dt.date(2024, 5, 31), "header", BODY)


def test_header_with_long_title_and_url(tmp_path):
    title = "'It's time for this war to end': Biden announces Israeli proposal for three-phase Gaza deal"
    url = "https://www.example.com/" + "a-long-slug-" * 20
    article = only_article(
        read_file(write(tmp_path, "a.txt", f"source: {url}\ntitle: {title}\n\n{BODY}"))
    )
    assert (article.source, article.title, article.text) == (url, title, BODY)


def test_header_without_date_falls_back_to_dateline(tmp_path):
    text = "source: AFP\n\nQatar casts doubt\n\nPublished: Wed 31 Jul 2024, 6:28 PM\n\n" + BODY
    article = only_article(read_file(write(tmp_path, "a.txt", text)))
    assert (article.date, article.date_source) == (dt.date(2024, 7, 31), "dateline")


@pytest.mark.parametrize(
    "first_lines",
    [
        "Update: Israel said it would send a delegation to Doha.\n",
        "BREAKING: Hamas accepts the deal\n",
        "Hamas statement: we accept\n",
        "update: " + "israel said it would send a delegation to doha for more talks " * 2 + "\n",
        "https://example.com/story\n",  # no space after the colon: a URL, not a key
        "note: 1\n# heading\n",
    ],
)
def test_prose_with_a_colon_is_not_a_header(tmp_path, first_lines):
    text = first_lines + "\n" + BODY
    article = only_article(read_file(write(tmp_path, "a.txt", text)))
    assert article.text == text.strip()
    assert article.date_source != "header"
    assert set(article.meta) == {"file"}


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("date: 2024-13-45\n\n" + BODY, "bad date '2024-13-45' in header (expected YYYY-MM-DD)"),
        ("date: yesterday\nsource: x\n\n" + BODY, "bad date 'yesterday' in header (expected YYYY-MM-DD)"),
        ("date: 2024-01-02\nsource: x\n\n", "no article text after the header"),
        ("date: 2024-01-02\nsource: x\n\n  \n\n", "no article text after the header"),
        ("title: Just a title\n", "no article text after the header"),
    ],
)
def test_bad_header(tmp_path, text, problem):
    path = write(tmp_path, "bad.txt", text)
    assert only_failure(read_file(path)) == Failure(str(path), problem)


@pytest.mark.parametrize(
    ("text", "line", "shown"),
    [
        # a colon missing: the source would be lost and the title become "date: ..."
        ("date: 2024-05-31\nsource https://example.com/x\ntitle: Talks\n\n" + BODY, 2,
         "source https://example.com/x"),
        # the blank line after the header forgotten
        ("title: Talks resume\nHamas said it would answer soon.\n\n" + BODY, 2,
         "Hamas said it would answer soon."),
        # a capitalised key in a header, after two blank lines at the top of the file
        ("\n\nurl: https://example.com/x\nTitle: Talks\n\n" + BODY, 4, "Title: Talks"),
    ],
)
def test_a_malformed_header_line_is_a_failure_naming_its_line(tmp_path, text, line, shown):
    path = write(tmp_path, "bad.txt", text)
    failure = only_failure(read_file(path))
    assert failure.path == f"{path}:{line}"
    assert failure.problem.startswith(f"header line {shown!r} is not 'key: value'")


def test_a_long_value_under_any_key_is_part_of_a_header(tmp_path):
    summary = "a summary of the talks in Cairo, " * 5
    text = f"date: 2024-05-31\ndescription: {summary}\n\n{BODY}"
    article = only_article(read_file(write(tmp_path, "a.txt", text)))
    assert (article.date, article.text) == (dt.date(2024, 5, 31), BODY)
    assert article.meta["description"] == summary.strip()


def test_empty_header_date_means_undated(tmp_path):
    article = only_article(read_file(write(tmp_path, "a.txt", "date:\nsource: x\n\n" + BODY)))
    assert (article.date, article.date_source) == (None, "")


# --- date line (the seed files) ----------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "date", "date_source"),
    [
        ("000_", dt.date(2025, 1, 3), "date-line"),
        ("001_", dt.date(2025, 1, 4), "date-line"),
        ("002_", None, ""),
        ("003_", dt.date(2023, 12, 2), "date-line"),
        ("004_", None, ""),
    ],
)
def test_seed_files(monkeypatch, prefix, date, date_source):
    monkeypatch.chdir(REPO)
    [path] = SEEDS.glob(prefix + "*.txt")
    article = only_article(read_file(path))
    assert (article.date, article.date_source) == (date, date_source)
    assert not article.text.startswith("date")
    assert article.text == article.text.strip()
    assert article.source == os.path.join("seeds", path.name)  # relative to the working folder


def test_seed_titles():
    titles = {path.name[:3]: only_article(read_file(path)).title for path in sorted(SEEDS.glob("*.txt"))}
    assert titles == {
        "000": "",  # the first line is a whole paragraph
        "001": "Hamas says indirect talks with Israel resumes in Qatari capital",
        "002": "",
        "003": "",
        "004": "Qatar States that Negotiations \u2018Ongoing\u2019 For Gaza Truce",
    }


@pytest.mark.parametrize(
    "text",
    [
        " date 2025-01-03 " + BODY,
        "date 2025-01-03\n" + BODY,
        "\n\n  date 2025-01-03  \n\n" + BODY,
    ],
)
def test_date_line(tmp_path, text):
    article = only_article(read_file(write(tmp_path, "a.txt", text)))
    assert (article.date, article.date_source, article.text) == (dt.date(2025, 1, 3), "date-line", BODY)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (" date 2025-13-03 " + BODY, "bad date '2025-13-03' in the date line (expected YYYY-MM-DD)"),
        (" date 2025-01-03 \n\n", "no article text after the date line"),
    ],
)
def test_bad_date_line(tmp_path, text, problem):
    path = write(tmp_path, "a.txt", text)
    assert only_failure(read_file(path)) == Failure(str(path), problem)


def test_prose_starting_with_date_is_not_a_date_line(tmp_path):
    text = "date night in Gaza is over, residents said.\n" + BODY
    article = only_article(read_file(write(tmp_path, "a.txt", text)))
    assert (article.text, article.date) == (text.strip(), None)


# --- plain text without a date ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "date", "date_source"),
    [
        ("Hamas ready to release hostages\n\nREUTERS October 04, 2025 5 min read\n" + BODY,
         dt.date(2025, 10, 4), "dateline"),
        ("TEL AVIV, January 16. /TASS/. The Palestinian radical movement Hamas has reneged.",
         None, ""),
        (BODY, None, ""),
    ],
)  # fmt: skip
def test_plain_text_date(tmp_path, text, date, date_source):
    article = only_article(read_file(write(tmp_path, "a.txt", text)))
    assert (article.date, article.date_source) == (date, date_source)
    assert article.text == text.strip()


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Qatar halts mediation\n\n" + BODY, "Qatar halts mediation"),
        ("Will Hamas accept?\nHamas is studying the offer.", "Will Hamas accept?"),
        ("Hamas said on Thursday it had accepted.\nIsrael said no.", ""),  # a sentence
        ("Qatar halts mediation", ""),  # nothing follows
        ("Qatar halts mediation\n\n   ", ""),
        ("x" * 150 + "\nmore", ""),  # too long
        ("x" * 149 + "\nmore", "x" * 149),
        ("\n\n  Qatar halts mediation  \nmore", "Qatar halts mediation"),
    ],
)
def test_first_line_title(text, title):
    assert first_line_title(text) == title


def test_plain_text_title(tmp_path):
    article = only_article(read_file(write(tmp_path, "a.txt", "Qatar halts mediation\n\n" + BODY)))
    assert article.title == "Qatar halts mediation"


# --- folders ------------------------------------------------------------------------------


def test_folder_is_read_recursively_in_name_order_skipping_hidden_and_foreign(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in [
        "corpus/b.txt",
        "corpus/a.txt",
        "corpus/sub/c.md",
        "corpus/sub/deeper/d",
        "corpus/e.text",
        "corpus/.hidden.txt",
        "corpus/.git/HEAD.txt",
        "corpus/notes.py",
        "corpus/report.pdf",
        "corpus/sub/image.png",
    ]:
        write(tmp_path, name, f"{name}\n\n{BODY}")
    results = list(read_paths(["corpus"]))
    assert all(isinstance(r, Article) for r in results), results
    assert [r.source for r in results] == [
        os.path.join("corpus", "a.txt"),
        os.path.join("corpus", "b.txt"),
        os.path.join("corpus", "e.text"),
        os.path.join("corpus", "sub", "c.md"),
        os.path.join("corpus", "sub", "deeper", "d"),
    ]
    assert list(read_paths(["corpus"])) == results  # stable


def test_folder_given_as_absolute_path_inside_working_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "corpus/a.txt", BODY)
    [article] = read_paths([tmp_path / "corpus"])
    assert article.source == os.path.join("corpus", "a.txt")


def test_a_named_file_is_read_whatever_its_suffix(tmp_path):
    path = write(tmp_path, "story.article", BODY)
    assert only_article(list(read_paths([path]))).text == BODY


def test_folder_with_mixed_formats(tmp_path):
    write(tmp_path, "in/a.txt", BODY)
    write(tmp_path, "in/b.jsonl", json.dumps({"text": "One."}) + "\n" + json.dumps({"text": "Two."}))
    write(tmp_path, "in/c.csv", "text,date\nThree.,2024-01-02\n")
    write(tmp_path, "in/d.txt", "")
    results = list(read_paths([tmp_path / "in"]))
    assert [type(r).__name__ for r in results] == ["Article"] * 4 + ["Failure"]
    assert [r.text for r in results[:4]] == [BODY, "One.", "Two.", "Three."]


def test_missing_path_does_not_stop_the_others(tmp_path):
    good = write(tmp_path, "good.txt", BODY)
    missing = tmp_path / "missing.txt"
    results = list(read_paths([missing, good, tmp_path / "nowhere"]))
    assert results[0] == Failure(str(missing), "no such file or folder")
    assert isinstance(results[1], Article)
    assert results[2] == Failure(str(tmp_path / "nowhere"), "no such file or folder")


def test_read_file_on_a_folder(tmp_path):
    assert only_failure(read_file(tmp_path)).problem == "is a folder, not a file"


# --- JSONL, CSV, JSON -----------------------------------------------------------------------


def test_jsonl_with_bad_records_in_the_middle(tmp_path):
    lines = [
        json.dumps({"id": "a1", "text": "Hamas accepted.", "date": "2024-05-31",
                    "url": "https://x.com/1", "lang": "en", "score": 3}),
        "",
        "{not json",
        json.dumps({"title": "no text here"}),
        json.dumps({"text": "Bad date.", "date": "2024-13-45"}),
        json.dumps(["a", "list"]),
        json.dumps({"text": ""}),
        json.dumps({"text": 42}),
        json.dumps({"text": "Israel refused.", "source": "AP", "url": "https://x.com/2",
                    "title": "Refusal", "date": None}),
    ]  # fmt: skip
    path = write(tmp_path, "feed.jsonl", "\n".join(lines) + "\n")
    results = read_file(path)
    where = str(path)
    assert results[1:-1] == [
        Failure(f"{where}:3", "invalid JSON: Expecting property name enclosed in double quotes at column 2"),
        Failure(f"{where}:4", "record has no 'text'"),
        Failure(f"{where}:5", "bad date '2024-13-45' (expected YYYY-MM-DD)"),
        Failure(f"{where}:6", "record is a list, not an object with a 'text'"),
        Failure(f"{where}:7", "record has an empty 'text'"),
        Failure(f"{where}:8", "record's 'text' is a number, not a string"),
    ]
    first, last = results[0], results[-1]
    assert (first.text, first.date, first.date_source, first.source) == (
        "Hamas accepted.", dt.date(2024, 5, 31), "header", "https://x.com/1")
    assert first.meta == {"file": f"{where}:1", "input_id": "a1", "lang": "en", "score": 3}
    assert first.id == article_id("Hamas accepted.")
    assert (last.text, last.date, last.source, last.title) == ("Israel refused.", None, "AP", "Refusal")
    assert last.meta["url"] == "https://x.com/2"


def test_ndjson_is_jsonl(tmp_path):
    path = write(tmp_path, "feed.ndjson", '{"text": "One."}\r\n{"text": "Two."}\r\n')
    assert [a.text for a in read_file(path)] == ["One.", "Two."]


def test_jsonl_keeps_line_separator_inside_strings(tmp_path):
    path = write(tmp_path, "feed.jsonl", '{"text": "One\u2028two."}\n')
    assert only_article(read_file(path)).text == "One\u2028two."


def test_csv_with_a_bad_row_in_the_middle(tmp_path):
    path = write(
        tmp_path,
        "feed.csv",
        "id,date,title,text,source\n"
        'r1,2024-05-31,Deal,"Hamas accepted,\nsaid an official.",AP\n'
        "r2,2024-99-01,Bad,Bad date.,AP\n"
        "r3,,No text,,AP\n"
        "\n"
        "r4,,,Israel refused.,\n"
        "r5,,,Too,many,fields\n",
    )
    first, bad_date, no_text, fourth, too_long = read_file(path)
    where = str(path)
    # A row's number is the line it ends on; the blank line 6 is skipped.
    assert bad_date == Failure(f"{where}:4", "bad date '2024-99-01' (expected YYYY-MM-DD)")
    assert no_text == Failure(f"{where}:5", "record has an empty 'text'")
    assert too_long == Failure(f"{where}:8", "row has 6 fields, the header has 5")
    assert (first.text, first.date, first.title, first.source) == (
        "Hamas accepted,\nsaid an official.", dt.date(2024, 5, 31), "Deal", "AP")
    assert first.meta == {"file": f"{where}:3", "input_id": "r1"}
    assert (fourth.text, fourth.date, fourth.source) == ("Israel refused.", None, f"{where}:7")


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("id,body\n1,Hamas accepted.\n", "no 'text' column in the CSV header (found: id, body)"),
        ("id,text\n", "no rows after the CSV header"),
    ],
)
def test_bad_csv_file(tmp_path, content, problem):
    path = write(tmp_path, "feed.csv", content)
    assert only_failure(read_file(path)) == Failure(str(path), problem)


def test_csv_with_very_long_text(tmp_path):
    text = "Hamas accepted the deal. " * 10_000  # over csv's 128 KB field limit
    path = write(tmp_path, "feed.csv", f'text\n"{text}"\n')
    assert only_article(read_file(path)).text == text.strip()


def test_json_list_with_a_bad_record_in_the_middle(tmp_path):
    records = [
        {"text": "One.", "id": 7},
        {"text": "   "},
        "not a record",
        {"text": "Three.", "date": "2024-01-02"},
    ]
    path = write(tmp_path, "feed.json", json.dumps(records))
    results = read_file(path)
    assert results[1:3] == [
        Failure(f"{path}:2", "record has an empty 'text'"),
        Failure(f"{path}:3", "record is a string, not an object with a 'text'"),
    ]
    assert (results[0].text, results[0].meta["input_id"]) == ("One.", 7)
    assert (results[3].text, results[3].date) == ("Three.", dt.date(2024, 1, 2))


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ('{"text": "One."}', "expected a JSON list of records, found an object"),
        ("[]", "no records in the JSON list"),
        ('[{"text": "One."},', "invalid JSON: Expecting value at line 1 column 19"),
    ],
)
def test_bad_json_file(tmp_path, content, problem):
    path = write(tmp_path, "feed.json", content)
    assert only_failure(read_file(path)) == Failure(str(path), problem)


# --- HTML -----------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Qatar says Gaza truce talks continue | Example News</title>
  <meta property="og:title" content="Qatar says Gaza truce talks continue">
  <meta property="article:published_time" content="2024-03-26T09:15:00Z">
  <meta name="author" content="Jane Doe">
  <link rel="canonical" href="https://news.example.com/2024/qatar-truce-talks">
  <script>window.analytics = {track: function () {}};</script>
</head>
<body>
  <nav><a href="/">Home</a> <a href="/world">World</a> <a href="/subscribe">Subscribe</a></nav>
  <article>
    <h1>Qatar says Gaza truce talks continue</h1>
    <p>Mediator Qatar said on Tuesday that talks between Hamas and Israel on a Gaza truce and
    hostage release are continuing, despite the warring parties trading blame.</p>
    <p>Foreign ministry spokesperson Majed al-Ansari said the talks were &ldquo;ongoing&rdquo;,
    adding there had been no development suggesting either team had pulled out.</p>
    <p>Hamas has demanded a permanent ceasefire and a full Israeli withdrawal, while Israel
    says it will not end the war until Hamas is defeated.</p>
  </article>
  <footer>Copyright 2024 Example News. All rights reserved.</footer>
</body>
</html>
"""


@pytest.fixture
def no_network(monkeypatch):
    """Make any attempt to open a connection fail the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("ingest tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.mark.parametrize("name", ["page.html", "page.htm", "page.txt", "page"])
def test_html_page(tmp_path, no_network, name):
    article = only_article(read_file(write(tmp_path, name, PAGE)))
    assert article.title == "Qatar says Gaza truce talks continue"
    assert (article.date, article.date_source) == (dt.date(2024, 3, 26), "header")
    assert article.source == "https://news.example.com/2024/qatar-truce-talks"
    assert "Mediator Qatar said on Tuesday" in article.text
    assert "\u201congoing\u201d" in article.text
    for chrome in ("Subscribe", "Copyright", "analytics"):
        assert chrome not in article.text
    assert article.meta["author"] == "Jane Doe"


def test_html_page_without_date_metadata_searches_the_text(tmp_path, no_network):
    page = PAGE.replace('<meta property="article:published_time" content="2024-03-26T09:15:00Z">', "")
    page = page.replace("<h1>", "<p>Published 27 March 2024</p><h1>")
    article = only_article(read_file(write(tmp_path, "page.html", page)))
    assert (article.date, article.date_source) == (dt.date(2024, 3, 27), "dateline")


@pytest.mark.parametrize(
    "page",
    [
        "<!doctype html><html><head><title>Empty</title></head><body></body></html>",
        "<html><body><script>var x = 1;</script></body></html>",
        "<html>",
    ],
)
def test_html_without_text(tmp_path, no_network, page):
    path = write(tmp_path, "page.html", page)
    assert only_failure(read_file(path)) == Failure(str(path), "no article text found in HTML")


# --- --date override ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("header.txt", "date: 2024-05-31\n\n" + BODY),
        ("seed.txt", " date 2025-01-03 " + BODY),
        ("dateline.txt", "Published: Wed 31 Jul 2024, 6:28 PM\n\n" + BODY),
        ("plain.txt", BODY),
        ("feed.jsonl", json.dumps({"text": BODY, "date": "2024-05-31"})),
        ("feed.csv", "text,date\nHamas accepted.,2024-05-31\n"),
        ("page.html", PAGE),
    ],
)
def test_date_option_overrides_every_date(tmp_path, name, content):
    option = dt.date(2020, 2, 2)
    article = only_article(list(read_paths([write(tmp_path, name, content)], date=option)))
    assert (article.date, article.date_source) == (option, "option")


def test_date_option_does_not_hide_a_broken_header(tmp_path):
    path = write(tmp_path, "a.txt", "date: 2024-13-45\n\n" + BODY)
    assert isinstance(only_failure(read_file(path, date=dt.date(2020, 2, 2))), Failure)


# --- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "empty file"),
        (b"  \n\t\r\n  ", "empty file"),
        (b"\xef\xbb\xbf\n", "empty file"),  # a BOM and nothing else
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file, not text"),
        (bytes(range(1, 32)) * 20, "binary file, not text"),  # no NUL, but control characters
        (b"\xff\xd8\xff" + bytes(range(128, 256)) * 4, "binary file, not text"),
        ("Caf\u00e9 talks resume".encode("latin-1"), "not UTF-8 text (invalid byte 0xe9 at offset 3)"),
        (b"\xef\xbb\xbfCaf\xe9", "not UTF-8 text (invalid byte 0xe9 at offset 6)"),
        (b"Caf\xe9 talks \x81\x82 resume", "not UTF-8 text (invalid byte 0xe9 at offset 3)"),
    ],
)
def test_bad_bytes(tmp_path, content, problem):
    path = write(tmp_path, "a.txt", content)
    assert only_failure(list(read_paths([path]))) == Failure(str(path), problem)


@pytest.mark.parametrize(
    "content",
    [
        codecs_bom + BODY.encode(encoding)
        for codecs_bom, encoding in [
            (b"\xef\xbb\xbf", "utf-8"),
            (b"\xff\xfe", "utf-16-le"),
            (b"\xfe\xff", "utf-16-be"),
        ]
    ]
    + [BODY.replace("\n", "\r\n").encode("utf-8")],
    ids=["utf-8-bom", "utf-16-le", "utf-16-be", "crlf"],
)
def test_accepted_encodings(tmp_path, content):
    article = only_article(read_file(write(tmp_path, "a.txt", content)))
    assert article.text == BODY
    assert article.id == article_id(BODY)


def test_huge_file_is_refused_from_its_size(tmp_path, monkeypatch):
    path = tmp_path / "huge.txt"
    with path.open("wb") as file:
        file.truncate(50 * 1024 * 1024)  # sparse: instant, takes no disk

    def no_reading(self, *args, **kwargs):
        raise AssertionError(f"{self} was opened")

    monkeypatch.setattr(pathlib.Path, "open", no_reading)
    assert only_failure(list(read_paths([path]))) == Failure(
        str(path), "file is 52.4 MB, over the 20 MB limit (use --max-mb to raise it)"
    )


def test_max_bytes_can_be_lowered_and_raised(tmp_path):
    text = (BODY + "\n") * 14_000  # 1.47 MB
    path = write(tmp_path, "a.txt", text)
    assert only_failure(read_file(path, max_bytes=1_000_000)).problem == (
        "file is 1.5 MB, over the 1 MB limit (use --max-mb to raise it)"
    )
    assert only_article(read_file(path, max_bytes=2_000_000)).text == text.strip()
    assert only_article(read_file(path, max_bytes=len(text.encode())))


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0,
    reason="running as root, which can read any file; test_unreadable_file_simulated covers it",
)
def test_unreadable_file(tmp_path):
    path = write(tmp_path, "secret.txt", BODY)
    path.chmod(0)
    try:
        assert only_failure(read_file(path)) == Failure(str(path), "cannot read file (permission denied)")
    finally:
        path.chmod(0o644)


def test_unreadable_file_simulated(tmp_path, monkeypatch):
    path = write(tmp_path, "secret.txt", BODY)
    real_open = pathlib.Path.open

    def denied(self, *args, **kwargs):
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "open", denied)
    results = list(read_paths([path, write(tmp_path, "open.txt", BODY)]))
    assert results[0] == Failure(str(path), "cannot read file (permission denied)")
    assert isinstance(results[1], Article)


def test_pipe_is_not_read(tmp_path):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes on this system")
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    assert only_failure(read_file(path)) == Failure(str(path), "not a regular file")


# --- the dev corpus -------------------------------------------------------------------------

DEV_FILES = sorted(DEV.rglob("*.txt")) if DEV.is_dir() else []


def header_date(path):
    """The date written on a dev file's ``date:`` line, read without the ingest code."""
    match = re.search(r"^date: (\d{4})-(\d{2})-(\d{2})$", path.read_text(encoding="utf-8"), re.M)
    return dt.date(*map(int, match.groups()))


@pytest.mark.skipif(not DEV_FILES, reason=DEV_MISSING)
@pytest.mark.parametrize("path", DEV_FILES, ids=lambda p: p.name[:40])
def test_dev_corpus_file_loads_with_its_header_date(path):
    article = only_article(read_file(path))
    assert (article.date, article.date_source) == (header_date(path), "header")
    assert article.source.startswith("https://")
    assert article.title
    assert not article.text.startswith(("date:", "source:", "title:"))


@pytest.mark.skipif(not DEV_FILES, reason=DEV_MISSING)
def test_dev_corpus_folder_loads_without_failures():
    results = list(read_paths([DEV]))
    assert [r for r in results if isinstance(r, Failure)] == []
    assert len(results) == len(DEV_FILES)
    assert len({r.id for r in results}) == len(results)


def test_a_file_named_under_two_spellings_is_a_duplicate_not_a_copy_of_itself(run_cli, seeds_dir,
                                                                             tmp_path, monkeypatch):
    monkeypatch.chdir(seeds_dir.parent)
    db = tmp_path / "s.db"
    code, out, err = run_cli(["ingest", "seeds/", "./seeds/000_8ce4aecf838af644.txt",
                              "seeds/../seeds/001_6c84b83942d16bb2.txt", "--db", db, "--quiet"])
    assert code == 0, err
    assert out.startswith("articles: 5 new, 2 duplicate")
    code, out, err = run_cli(["articles", "--db", db])
    assert "and 1 more source" not in out  # not a syndicated copy of itself


def test_a_folder_with_no_article_files_is_a_failure_naming_what_is_read(tmp_path):
    # an empty folder, or one of PDFs and Word files: said, not an ingest of nothing that succeeds
    (tmp_path / "empty").mkdir()
    (tmp_path / "pdfs").mkdir()
    (tmp_path / "pdfs" / "a.pdf").write_text("Hamas rejected the proposal.")
    (tmp_path / "pdfs" / "b.docx").write_text("Hamas rejected the proposal.")
    (tmp_path / "pdfs" / ".hidden.txt").write_text("Hamas rejected the proposal.")
    results = list(read_paths([tmp_path / "empty", tmp_path / "pdfs"]))
    assert [type(r) for r in results] == [Failure, Failure]
    assert [r.path for r in results] == [str(tmp_path / "empty"), str(tmp_path / "pdfs")]
    assert all(r.problem == "no article files in this folder (read: .csv, .htm, .html, .json, .jsonl, .md, "
                             ".ndjson, .text, .txt and files without a suffix)" for r in results)


def test_a_folder_whose_only_file_fails_is_that_failure_alone(tmp_path):
    (tmp_path / "a.txt").write_text("")
    [failure] = read_paths([tmp_path])
    assert failure.path.endswith("a.txt")


def test_a_folders_readme_and_licence_are_no_articles(tmp_path):
    (tmp_path / "README.md").write_text("# Corpus\n\nArticles about the talks, one per file.\n")
    (tmp_path / "LICENSE").write_text("Permission is granted to read these articles.\n")
    (tmp_path / "readme.txt").write_text("How the articles were collected.\n")
    (tmp_path / "a.txt").write_text("date: 2024-06-01\n\nHamas rejected the proposal.\n")
    results = list(read_paths([tmp_path]))
    assert [type(r) for r in results] == [Article]
    assert results[0].text == "Hamas rejected the proposal."
    # named on the command line, a README is read like any file
    assert [type(r) for r in read_paths([tmp_path / "README.md"])] == [Article]
