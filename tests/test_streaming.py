"""Ingest streams: files are read as the parser asks for text and each article is stored as soon
as it is extracted, so the articles in flight are the parser's look-ahead, not the batch."""

from __future__ import annotations

import sqlite3

import pytest

from stance.extraction.extractor import Extractor
from stance.pipeline import ingest
from stance.records import Article
from stance.store import store

TOPICAL = "Hamas said on Monday it rejects the proposal for a ceasefire."


def small_article(i: int) -> str:
    """A short article; one in four has a sentence the rules read, the others have none."""
    lead = TOPICAL + " " if i % 4 == 0 else ""
    return f"date: 2024-05-{1 + i % 28:02d}\n\n{lead}Residents of district {i} queued for bread.\n"


@pytest.fixture(scope="module")
def extractor():
    return Extractor("gaza", batch_size=4)


@pytest.mark.parametrize("topical_every", [1, 4, 0])  # 0: no article has anything to parse
def test_the_extractor_reads_articles_only_as_far_as_its_batch(extractor, topical_every):
    read = 0

    def articles():
        nonlocal read
        for i in range(60):
            read += 1
            text = (TOPICAL + " " if topical_every and i % topical_every == 0 else "") + f"Day {i} was calm."
            yield Article(id=str(i), text=text)

    ahead = []
    out = []
    for article, found in extractor.extract_many(articles()):
        ahead.append(read - len(out))
        out.append((article.id, len(found)))
    assert [a for a, _ in out] == [str(i) for i in range(60)]  # all, in order
    topical = {str(i) for i in range(0, 60, topical_every)} if topical_every else set()
    assert {a for a, n in out if n} == topical
    # every article sends the parser at least one text: a batch of 4 texts is at most 4 articles
    assert max(ahead) <= 2 * extractor.batch_size + 1


def test_articles_are_stored_while_the_batch_is_still_being_read(tmp_path):
    n = 400  # more than the parser's look-ahead of 256 texts
    folder = tmp_path / "in"
    folder.mkdir()
    files = []
    for i in range(n):
        files.append(folder / f"{i:04d}.txt")
        files[-1].write_text(small_article(i))
    files.append(files[0])  # the same file again: a duplicate of an article stored by then
    copy = folder / "copy.txt"
    copy.write_text(small_article(n - 1))  # a syndicated copy of the article read just before
    files.append(copy)
    db = tmp_path / "s.db"
    engine = store.open_store(str(db))
    con = sqlite3.connect(db)
    in_flight = []

    def paths():
        for i, path in enumerate(files):
            in_flight.append(i - con.execute("SELECT COUNT(*) FROM article").fetchone()[0])
            yield str(path)

    summary = ingest(paths(), engine)
    assert (summary.new, summary.duplicate, summary.linked, summary.failed) == (n, 1, 1, 0)
    assert summary.statements == con.execute("SELECT COUNT(*) FROM statement").fetchone()[0] > 0
    assert con.execute("SELECT COUNT(*) FROM article").fetchone()[0] == n
    assert con.execute("SELECT COUNT(*) FROM article_source").fetchone()[0] == n + 1
    # the first articles were stored long before the last file was asked for
    assert max(in_flight) < 300
    con.close()
