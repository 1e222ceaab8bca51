"""Extraction on a real Dask LocalCluster (two worker processes) gives the statements of the
single-process path, through the library and the CLI, also when workers rebuild their
pipeline and when a worker dies mid-run. Skipped when Dask is not installed
(``pip install "stance[dask]"``; the test extra installs it, so CI runs these).

The cluster's ingest is compared with the single-process SQLite path both into SQLite and into
the tests' PostgreSQL server (``pg_url``); ``db_url`` (SQLite) is the store of the others.
"""

from __future__ import annotations

import functools
import os
import signal
import sys
import types

import pytest

distributed = pytest.importorskip("distributed")

from sqlmodel import Session, select  # noqa: E402

from stance.distributed.connect import ClusterError, ClusterSpec, cluster_client, parse_cluster  # noqa: E402
from stance.distributed.extract import ClusterExtractor  # noqa: E402
from stance.distributed.plugin import ExtractorPlugin  # noqa: E402
from stance.io.ingest import read_paths  # noqa: E402
from stance.pipeline import dated_from_text, ingest  # noqa: E402
from stance.profile import load_profile  # noqa: E402
from stance.store import store  # noqa: E402
from stance.store.tables import StatementRow  # noqa: E402


@pytest.fixture(scope="module", autouse=True)
def _plain_main():
    """Worker processes are spawned, and a spawned process first runs its parent's ``__main__``
    script; after Streamlit's AppTest (the dashboard tests) that is the dashboard's script. A
    bare module stands in for it while this module's clusters start and restart workers."""
    saved = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    yield
    sys.modules["__main__"] = saved


@pytest.fixture(scope="module")
def client(_plain_main):
    """A LocalCluster of two worker processes, one thread each, for this module."""
    with cluster_client(ClusterSpec(local_workers=2)) as connected:
        connected.wait_for_workers(2)
        yield connected


@pytest.fixture(scope="module")
def corpus(repo_root):
    """The seeds and the dev articles the rules were written on: 22 articles."""
    return [repo_root / "seeds", repo_root / "labels" / "corpus" / "dev"]


@pytest.fixture
def db_url(tmp_path):
    return f"sqlite:///{tmp_path / 'cluster.db'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db_url(request, tmp_path):
    """A new SQLite file, then a new database on the tests' PostgreSQL server."""
    return f"sqlite:///{tmp_path / 'cluster.db'}" if request.param == "sqlite" else request.getfixturevalue("pg_url")


@pytest.fixture(scope="module")
def single_process(corpus, tmp_path_factory):
    """The statements of the single-process path (an in-process Extractor) on the corpus."""
    engine = store.open_store(f"sqlite:///{tmp_path_factory.mktemp('single') / 'single.db'}")
    summary = ingest(corpus, engine)
    assert summary.new == 22 and summary.statements > 100
    return rows(engine)


def rows(engine) -> list[tuple]:
    """Every stored statement, every field but the row id, sorted."""
    with Session(engine) as session:
        found = session.exec(select(StatementRow)).all()
    return sorted(tuple(v for k, v in r.model_dump().items() if k != "id") for r in found)


def test_cluster_ingest_gives_the_single_process_statements(client, corpus, any_db_url, single_process):
    engine = store.open_store(any_db_url)
    # small partitions and a pipeline rebuilt every 3 articles: many tasks, several rebuilds
    make = functools.partial(ClusterExtractor, client, partition=4, recycle_after=3)
    seen = []
    summary = ingest(corpus, engine, make_extractor=make, progress=lambda stream: (seen.append(1) or x
                                                                                  for x in stream))
    assert summary.new == 22 and summary.failed == 0
    assert len(seen) == 22  # the progress counts articles
    assert rows(engine) == single_process
    # the workers' plugin was removed at the end of the run
    plugins = client.run(lambda dask_worker: [n for n in dask_worker.plugins if n.startswith("stance-")])
    assert all(not names for names in plugins.values())


def test_cli_extract_all_on_a_running_scheduler(client, corpus, db_url, single_process, run_cli):
    engine = store.open_store(db_url)
    ingest(corpus, engine)
    with engine.begin() as conn:  # rules changed: re-extraction must bring the statements back
        conn.execute(StatementRow.__table__.delete())
    code, out, err = run_cli(["extract", "--all", "--db", db_url, "--quiet",
                              "--cluster", client.scheduler.address])
    assert code == 0, err
    assert out.startswith("re-extracted 22 articles")
    assert rows(engine) == single_process


def test_cli_ingest_on_a_local_cluster(seeds_dir, seeded_db, tmp_path, run_cli):
    db = tmp_path / "local.db"
    code, out, err = run_cli(["ingest", seeds_dir, "--db", db, "--quiet", "--cluster", "local:1"])
    assert code == 0, err
    assert "5 new" in out
    assert rows(store.open_store(str(db))) == rows(store.open_store(str(seeded_db), create=False))


def test_a_lost_worker_s_partition_is_extracted_again(client, corpus, db_url, single_process):
    engine = store.open_store(db_url)
    extractor = ClusterExtractor(client, "gaza", partition=2)
    # as ingest reads them: an undated article dated from its text where that is confident
    milestones = load_profile("gaza").milestones
    articles = [a if a.date else dated_from_text(a, milestones)
                for a in read_paths(corpus) if not isinstance(a, Exception)]
    stream = extractor.extract_many(articles)
    out = [next(stream)]
    victim = sorted(client.scheduler_info()["workers"])[0]
    # the worker process is killed (its nanny starts another), whatever partitions it held
    pid = client.run(os.getpid, workers=[victim])[victim]
    os.kill(pid, signal.SIGKILL)
    out += list(stream)
    assert sorted(a.id for a, _ in out) == sorted(a.id for a in articles)
    for article, found in out:
        store.add_article(engine, article, found, profile="gaza")
    assert rows(engine) == single_process
    client.wait_for_workers(2)


def test_the_plugin_rebuilds_its_pipeline_after_so_many_articles(corpus):
    articles = [a for a in read_paths(corpus) if not isinstance(a, Exception)][:4]
    plugin = ExtractorPlugin("stance-test", load_profile("gaza"), recycle_after=2)
    plugin.setup()
    first = plugin.extract(articles[:2])
    strings = len(plugin.extractor._nlp.vocab.strings)
    plugin.extract(articles[2:])
    assert plugin.loads == 2
    again = plugin.extract(articles[:2])
    assert plugin.loads == 3
    assert again == first
    # the string store holds what the last two articles brought, not all four
    assert len(plugin.extractor._nlp.vocab.strings) == strings


@pytest.mark.parametrize("value, spec", [
    ("local:2", ClusterSpec(local_workers=2)),
    ("tcp://10.0.0.5:8786", ClusterSpec(address="tcp://10.0.0.5:8786")),
    ("local", ClusterSpec(local_workers=os.cpu_count() or 1)),
])
def test_parse_cluster(value, spec):
    assert parse_cluster(value) == spec


@pytest.mark.parametrize("value", ["local:0", "local:x", "http://host:8786", "tcp://host", "8786"])
def test_a_bad_cluster_is_one_line(value, run_cli, tmp_path):
    code, out, err = run_cli(["ingest", tmp_path, "--cluster", value])
    assert code == 2
    assert "is not a cluster" in err or "worker processes" in err
    assert "Traceback" not in err


def test_an_unreachable_scheduler_is_one_line():
    with pytest.raises(ClusterError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        with cluster_client(ClusterSpec(address="tcp://127.0.0.1:9"), timeout=2):
            pass


def test_workers_with_cluster_is_refused(run_cli, seeds_dir, tmp_path):
    code, _, err = run_cli(["ingest", seeds_dir, "--db", tmp_path / "x.db", "--workers", "2",
                            "--cluster", "local:2"])
    assert code == 2
    assert err.strip() == "stance: error: --workers is for one machine; with --cluster give local:N for N processes"
