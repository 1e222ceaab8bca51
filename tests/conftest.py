"""Shared fixtures: the repository, the seed articles, the real CLI in-process, a seeded database.

No mocks: every database is a real SQLite file under pytest's tmp folders or a database on
the real PostgreSQL server the tests start (``pg_server.py``), and every command goes
through :func:`stance.cli.main` exactly as the console script does.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from pg_server import pg_server, pg_url  # noqa: F401 (the throw-away PostgreSQL server's fixtures)

from stance.cli import main

REPO = Path(__file__).resolve().parents[1]

# The Penn tag of each part of speech in a hand-built parse, unless its spec gives one.
TAGS = {"NOUN": "NN", "PROPN": "NNP", "VERB": "VBD", "AUX": "VBZ", "ADJ": "JJ", "ADP": "IN", "DET": "DT",
        "PRON": "PRP", "PUNCT": ",", "PART": "POS", "CCONJ": "CC", "NUM": "CD", "ADV": "RB",
        "SCONJ": "IN"}


def hand_built(vocab, spec: str):
    """A parse built by hand, for the labels the bundled parser gives only now and then: one
    ``word/POS/dep/head`` per token (head: the index of the token's head; ``word|lemma`` and
    ``POS:TAG`` where they matter)."""
    from spacy.tokens import Doc

    words, lemmas, pos, tags, deps, heads = [], [], [], [], [], []
    for item in spec.split():
        word, p, dep, head = item.rsplit("/", 3)
        word, _, lemma = word.partition("|")
        p, _, tag = p.partition(":")
        words.append(word)
        lemmas.append(lemma or word.lower())
        pos.append(p)
        tags.append(tag or TAGS[p])
        deps.append(dep)
        heads.append(int(head))
    return Doc(vocab, words=words, spaces=[True] * (len(words) - 1) + [False], lemmas=lemmas,
               pos=pos, tags=tags, deps=deps, heads=heads)


class SentenceReader:
    """One sentence read as the extractor reads it, for the tests of the rules: ``reader(text)``
    (or a parse, e.g. ``reader(reader.built(spec))``) gives the sentence's context, its issue
    terms and its cues under a profile, with an optional focus and role nouns."""

    def __init__(self, profile="gaza", *, day=dt.date(2024, 6, 1), mediators=True):
        from stance.extraction.matching import ProfileMatcher
        from stance.nlp.pipelines import parsing_pipeline
        from stance.profile import load_profile

        self.profile = load_profile(profile) if isinstance(profile, str) else profile
        self.nlp = parsing_pipeline()
        self.matcher = ProfileMatcher(self.profile, self.nlp)
        self.day = day
        self.mediators = tuple(p.id for p in self.profile.parties if p.role == "mediator") if mediators else ()

    def built(self, spec: str):
        return hand_built(self.nlp.vocab, spec)

    def __call__(self, sentence, *, focus=None, roles=None):
        from stance.extraction.attribution import SentenceContext

        doc = self.nlp(sentence) if isinstance(sentence, str) else sentence
        mentions, issues, cues = self.matcher.find(doc, self.day)
        ctx = SentenceContext(doc, mentions, focus=focus, principals=self.profile.principals,
                              roles=dict(roles or {}), mediators=self.mediators)
        return ctx, issues, cues


def call_cli(argv) -> int:
    """Run ``stance ARGV`` in-process and return its exit status.

    argparse exits through SystemExit (``--help``, bad arguments); that is turned into
    the status it carries, so that every outcome is a plain number.
    """
    try:
        return main([str(a) for a in argv])
    except SystemExit as exc:
        if exc.code is None:
            return 0
        return exc.code if isinstance(exc.code, int) else 1


def table_counts(db: Path) -> dict[str, int]:
    """Rows per table of a stance database, read with plain sqlite3 (not through stance)."""
    con = sqlite3.connect(db)
    try:
        return {table: con.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # noqa: S608
                for table in ("article", "article_source", "statement")}
    finally:
        con.close()


@pytest.fixture(autouse=True)
def _no_stance_db_from_the_environment(monkeypatch):
    # A $STANCE_DB of the person running the tests must never receive test data.
    monkeypatch.delenv("STANCE_DB", raising=False)


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def seeds_dir(repo_root) -> Path:
    return repo_root / "seeds"


@pytest.fixture
def run_cli(capsys):
    """``run_cli(argv) -> (code, out, err)``: the real CLI, with its output captured."""

    def run(argv):
        capsys.readouterr()  # drop whatever came before
        code = call_cli(argv)
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory, seeds_dir) -> Path:
    """A SQLite file with seeds/ ingested once for the whole session. Read it, never write it:
    tests that change a database take :func:`seeded_copy`."""
    db = tmp_path_factory.mktemp("seeded") / "seeds.db"
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = call_cli(["ingest", seeds_dir, "--db", db, "--quiet"])
    assert code == 0, f"ingesting seeds/ failed:\n{out.getvalue()}{err.getvalue()}"
    return db


@pytest.fixture(scope="session")
def dashboard_db(seeded_db, tmp_path_factory) -> Path:
    """The seeds plus short articles written for the tests: one of March 2024 (Hamas will not
    release the hostages), so that positions shift between periods, one undated whose text gives
    no date, and two of a negotiation of the tests' own profile file
    (``tests/fixtures/custom_profile``: Russia on a ceasefire, reject in March 2025, accept in
    May). Read it, never write it."""
    db = tmp_path_factory.mktemp("dashboard") / "dashboard.db"
    shutil.copyfile(seeded_db, db)
    custom = REPO / "tests" / "fixtures" / "custom_profile"
    for argv in (["ingest", REPO / "tests" / "fixtures" / "dashboard"],
                 ["ingest", custom / "articles", "--profile", custom / "ukraine_talks.yaml"]):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = call_cli([*argv, "--db", db, "--quiet"])
        assert code == 0, f"{argv} failed:\n{out.getvalue()}{err.getvalue()}"
    return db


@pytest.fixture
def seeded_copy(seeded_db, tmp_path) -> Path:
    """A private copy of the seeded database that a test may change."""
    db = tmp_path / "copy.db"
    shutil.copyfile(seeded_db, db)
    return db


@pytest.fixture(scope="session")
def seed_labels(repo_root, tmp_path_factory):
    """The gold labels of the seed articles, as a labels file of their own."""
    lines = [line for line in (repo_root / "labels" / "gold.jsonl").read_text().splitlines()
             if json.loads(line)["file"].startswith("seeds/")]
    path = tmp_path_factory.mktemp("labels") / "seeds.jsonl"
    path.write_text("\n".join(lines) + "\n")
    return path
