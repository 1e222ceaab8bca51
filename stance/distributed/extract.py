"""The client's side: send partitions of articles to the workers, hand statements on as they come.

:class:`ClusterExtractor` has what :mod:`stance.pipeline` uses of an ``Extractor`` (``profile``,
``classifier``, ``extract_many``), so ingest and re-extraction run unchanged: the client reads
and de-duplicates the articles and writes what comes back, in the order partitions finish.
Only a bounded number of partitions is in flight at once, so a large run never sits whole in
the scheduler's memory. A task that fails is tried again (``retries``); the partition of a
worker that dies is sent to another worker by the scheduler.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Iterator
from itertools import islice

from ..extraction.classify import RuleOnly, StatementClassifier
from ..profile import Profile, load_profile
from ..records import Article, Statement
from .plugin import RECYCLE_AFTER, ExtractorPlugin, extract_partition

PARTITION = 20  # articles per task: big enough that the scheduler's overhead stays small
RETRIES = 2


class ClusterExtractor:
    """Extracts statements on a Dask cluster's workers, one partition of articles per task.

    Args:
        client: A connected ``distributed.Client``.
        profile: A Profile, a built-in profile id or a profile file (read here, sent to workers).
        model: spaCy model name for the workers (None: each worker's default).
        on_error: Called with each warning a worker's extraction gave (a sentence the rules
            failed on), as in :class:`~stance.extraction.extractor.Extractor`.
        partition: Articles per task.
        recycle_after: Articles a worker extracts before it builds its pipeline afresh.
        retries: Further tries of a failed task.
    """

    def __init__(self, client, profile: Profile | str = "gaza", *, model: str | None = None,
                 on_error: Callable[[str], None] | None = None, partition: int = PARTITION,
                 recycle_after: int = RECYCLE_AFTER, retries: int = RETRIES):
        self.client = client
        self.profile = profile if isinstance(profile, Profile) else load_profile(profile)
        self.model = model
        self.on_error = on_error
        self.classifier: StatementClassifier = RuleOnly()
        self.partition = max(1, partition)
        self.recycle_after = recycle_after
        self.retries = retries

    def extract_many(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Statement]]]:
        """``(article, statements)`` for every article, in the order their partitions finish."""
        from distributed import as_completed

        name = f"stance-extractor-{uuid.uuid4().hex[:12]}"
        classifier = None if isinstance(self.classifier, RuleOnly) else self.classifier
        self.client.register_plugin(ExtractorPlugin(name, self.profile, self.model, classifier,
                                                    self.recycle_after))
        parts = _partitions(articles, self.partition)
        in_flight = max(2, 2 * len(self.client.scheduler_info().get("workers", {})))
        sent: dict = {}
        done = as_completed()
        try:
            for part in islice(parts, in_flight):
                self._submit(name, part, sent, done)
            for future in done:
                part = sent.pop(future)
                results = future.result()
                future.release()
                next_part = next(parts, None)
                if next_part is not None:
                    self._submit(name, next_part, sent, done)
                for article, (found, warnings) in zip(part, results):
                    for message in warnings:
                        if self.on_error is None:
                            raise RuntimeError(message)
                        self.on_error(message)
                    yield article, found
        finally:
            for future in sent:
                future.cancel()
            self.client.unregister_worker_plugin(name)

    def _submit(self, name: str, part: list[Article], sent: dict, done) -> None:
        future = self.client.submit(extract_partition, name, part, retries=self.retries, pure=False)
        sent[future] = part
        done.add(future)


def _partitions(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    stream = iter(articles)
    while part := list(islice(stream, size)):
        yield part
