"""Matrix products of the trained pipeline through numpy's BLAS rather than BLIS.

On CPU, thinc multiplies matrices with BLIS (``NumpyOps(use_blis=True)``). The BLIS
wheel picks its kernel from the CPU it finds, and on CPUs it has no tuned kernel
for it falls back to a generic one: there a (7000 x 288) by (288 x 288) float32
product, the size tok2vec multiplies, runs three times slower than through the
OpenBLAS that numpy ships with, on one thread each. thinc's own
``NumpyOps(use_blis=False)`` sends ``gemm`` to ``numpy.dot`` instead; everything
else it computes the same way. The parser's per-step products stay in thinc's
compiled code (they are small).

The parses do not change: float32 sums in another order differ in the last bits,
which moves no tag, head, label or lemma on the seeds (tested).

numpy's BLAS may use several threads; ``Extractor(workers=n)`` with ``n > 1`` limits
it to one per process (see :func:`one_blas_thread`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from spacy.language import Language
from thinc.api import NumpyOps


def use_numpy_matmul(nlp: Language) -> int:
    """Make every model of the pipeline that multiplies with BLIS multiply with numpy.

    Models on other backends (GPU, Apple) are left alone.

    Args:
        nlp: The loaded pipeline, changed in place.

    Returns:
        How many model nodes were switched.
    """
    ops = NumpyOps(use_blis=False)
    switched = 0
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        for node in model.walk():
            if type(node.ops) is NumpyOps and node.ops.use_blis:
                node.ops = ops
                switched += 1
    return switched


@contextlib.contextmanager
def one_blas_thread() -> Iterator[None]:
    """Limit numpy's BLAS to one thread in this process (and in processes forked from it)."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        yield
