"""Every label file of the repository imports into a store of its articles: ids known to the
profiles, every sentence found in its article, nothing left unmatched."""

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "labels" / "corpus"
LABEL_FILES = sorted(p.relative_to(REPO) for p in [*(REPO / "labels").glob("*.jsonl"),
                                                   *(REPO / "labels" / "double").glob("*.jsonl")])


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory):
    """Every labelled article stored once, each negotiation under its own profile."""
    from stance.cli import main

    db = tmp_path_factory.mktemp("labelled") / "corpus.db"
    folders = [(REPO / "seeds", "gaza"), (CORPUS / "dev", "gaza")]
    folders += [(folder, folder.name) for folder in sorted(CORPUS.iterdir())
                if folder.is_dir() and folder.name != "dev"]
    for folder, profile in folders:
        paths = [str(p) for p in folder.glob("*.txt")]  # dev/other is the hezbollah profile's
        assert main(["ingest", *paths, "--profile", profile, "--db", str(db), "--quiet"]) == 0
    assert main(["ingest", str(CORPUS / "dev" / "other"), "--profile", "hezbollah", "--db", str(db),
                 "--quiet"]) == 0
    return db


def test_there_are_label_files_and_double_labels():
    names = {str(p) for p in LABEL_FILES}
    assert {"labels/gold.jsonl", "labels/double/a.jsonl", "labels/double/b.jsonl"} <= names


@pytest.mark.parametrize("name", [str(p) for p in LABEL_FILES])
def test_every_label_file_imports_cleanly(run_cli, corpus_db, tmp_path, name):
    code, out, err = run_cli(["labels", "import", REPO / name, "--labels", tmp_path, "--db", corpus_db])
    assert code == 0, err
    assert "are for articles not in this database" not in out + err
    added = int(out.split()[1]) if out.startswith("imported") else None
    assert added is None or added > 0, out
