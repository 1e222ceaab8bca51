"""What each Dask worker holds: the profile, the spaCy pipeline and any classifier, loaded once.

:class:`ExtractorPlugin` is a ``distributed.WorkerPlugin``: registered by the client, it builds
one :class:`~stance.extraction.extractor.Extractor` per worker process when the worker starts
(or joins later), and :func:`extract_partition`, the task the client submits, uses it. A
pipeline's string store keeps every new word it has seen, so on a stream without end it would
grow without end: after ``recycle_after`` articles the plugin builds a fresh extractor (the
old one, strings and all, is dropped). Tasks return plain records (``Statement``), never
spaCy objects.
"""

from __future__ import annotations

from collections.abc import Sequence

from distributed import WorkerPlugin, get_worker

from ..extraction.classify import StatementClassifier
from ..extraction.extractor import Extractor
from ..profile import Profile
from ..records import Article, Statement

RECYCLE_AFTER = 2_000  # articles a worker's pipeline extracts before it is built afresh


class ExtractorPlugin(WorkerPlugin):
    """Loads the extractor on each worker; ``name`` is what tasks find it by.

    Args:
        name: Unique per run (two runs may use other profiles on the same workers).
        profile: The profile itself, not its path: a remote worker may not have the file.
        model: spaCy model name (None: the worker's ``$STANCE_MODEL`` or the default).
        classifier: The learned model combined with the rules, or None for the rules alone.
        recycle_after: Articles before the pipeline is built afresh.
    """

    def __init__(self, name: str, profile: Profile, model: str | None = None,
                 classifier: StatementClassifier | None = None, recycle_after: int = RECYCLE_AFTER):
        self.name = name
        self.profile = profile
        self.model = model
        self.classifier = classifier
        self.recycle_after = max(1, recycle_after)
        self.extractor: Extractor | None = None
        self.loads = 0  # how many times this worker built its extractor
        self.since_load = 0
        self._warnings: list[str] = []

    def setup(self, worker=None) -> None:
        from threadpoolctl import threadpool_limits

        # one BLAS thread per worker process: workers, not threads, use the cores
        self._blas = threadpool_limits(limits=1, user_api="blas")
        self._load()

    def teardown(self, worker=None) -> None:
        self.extractor = None

    def _load(self) -> None:
        from ..nlp.pipelines import blank_pipeline, parsing_pipeline

        # the old pipelines (and their strings) can go before the new ones load; the pipelines
        # are cached per process, so the caches are emptied too
        self.extractor = None
        parsing_pipeline.cache_clear()
        blank_pipeline.cache_clear()
        self.extractor = Extractor(self.profile, model=self.model, classifier=self.classifier,
                                   on_error=self._warnings.append)
        self.loads += 1
        self.since_load = 0

    def extract(self, articles: Sequence[Article]) -> list[tuple[list[Statement], list[str]]]:
        """Each article's statements and the warnings its extraction gave, in the order given."""
        out = []
        for article in articles:
            if self.extractor is None or self.since_load >= self.recycle_after:
                self._load()
            self._warnings.clear()
            found = self.extractor.extract(article)
            self.since_load += 1
            out.append((found, list(self._warnings)))
        return out


def extract_partition(name: str, articles: Sequence[Article]) -> list[tuple[list[Statement], list[str]]]:
    """The task: extract a partition with this worker's extractor (see :class:`ExtractorPlugin`)."""
    return get_worker().plugins[name].extract(articles)
