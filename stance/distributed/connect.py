"""Where the workers are: a ``--cluster`` value to a Dask client.

``tcp://HOST:PORT`` (or ``tls://``) is a running scheduler (``dask scheduler`` on one machine,
``dask worker tcp://HOST:PORT`` on each of the others); ``local`` or ``local:N`` starts a
``LocalCluster`` of N worker processes (default: one per core) for this run only.
"""

from __future__ import annotations

import logging
import os
import re
from contextlib import contextmanager
from dataclasses import dataclass

from ..errors import StanceError

_LOCAL = re.compile(r"local(?::(\d+))?")
_REMOTE = re.compile(r"(tcp|tls)://[^\s/:]+:\d+")
MAX_LOCAL_WORKERS = 64


class ClusterError(StanceError):
    """Dask is missing, or the cluster cannot be started or reached."""


@dataclass(frozen=True)
class ClusterSpec:
    """A parsed ``--cluster`` value: a scheduler address, or a number of local processes."""

    address: str = ""
    local_workers: int = 0

    @property
    def local(self) -> bool:
        return not self.address


def parse_cluster(value: str) -> ClusterSpec:
    """Read ``tcp://HOST:PORT``, ``tls://HOST:PORT``, ``local`` or ``local:N``.

    Raises:
        ValueError: Anything else, with a message that shows the accepted forms.
    """
    value = value.strip()
    if match := _LOCAL.fullmatch(value):
        n = int(match.group(1)) if match.group(1) else (os.cpu_count() or 1)
        if not 1 <= n <= MAX_LOCAL_WORKERS:
            raise ValueError(f"{value!r}: local needs 1 to {MAX_LOCAL_WORKERS} worker processes")
        return ClusterSpec(local_workers=n)
    if _REMOTE.fullmatch(value):
        return ClusterSpec(address=value)
    raise ValueError(f"{value!r} is not a cluster: give tcp://HOST:PORT (a Dask scheduler), "
                     "local or local:N (N worker processes on this machine)")


def _dask():
    try:
        import distributed
    except ImportError:
        raise ClusterError('--cluster needs Dask: pip install "stance[dask]"') from None
    return distributed


@contextmanager
def cluster_client(spec: ClusterSpec, *, timeout: float = 20):
    """A connected ``distributed.Client`` for the length of the block; a local cluster is
    started before and closed after.

    Raises:
        ClusterError: Dask is not installed, or the scheduler cannot be reached in ``timeout`` s.
    """
    distributed = _dask()
    cluster = None
    try:
        if spec.local:
            # one thread per worker: spaCy's parser holds the GIL, so a second thread adds nothing
            cluster = distributed.LocalCluster(n_workers=spec.local_workers, threads_per_worker=1,
                                               processes=True, dashboard_address=":0",
                                               silence_logs=logging.ERROR)
            client = distributed.Client(cluster, timeout=timeout)
        else:
            client = distributed.Client(spec.address, timeout=timeout)
    except (OSError, TimeoutError, RuntimeError) as exc:
        if cluster is not None:
            cluster.close()
        where = spec.address or f"a local cluster of {spec.local_workers} processes"
        raise ClusterError(f"cannot reach the Dask scheduler at {where}: "
                           f"{str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") from None
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
