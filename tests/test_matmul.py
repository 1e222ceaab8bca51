"""The parsing pipeline multiplies through numpy's BLAS; spaCy's own pipeline keeps BLIS.

That the parses stay the same is checked token by token on every seed and dev
sentence in tests/test_fastattrs.py; here, what is switched and what is not.
"""

import spacy
from thinc.api import NumpyOps, Ops
from threadpoolctl import threadpool_info

from stance.nlp.matmul import one_blas_thread, use_numpy_matmul
from stance.nlp.pipelines import (
    UNUSED_COMPONENTS,
    full_pipeline,
    model_name,
    parsing_pipeline,
)


def _ops(nlp):
    return [node.ops for _, proc in nlp.pipeline if hasattr(getattr(proc, "model", None), "walk")
            for node in proc.model.walk()]


def _blas_threads():
    return [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]


def test_every_network_of_the_parsing_pipeline_multiplies_with_numpy():
    ops = _ops(parsing_pipeline())
    assert ops and all(isinstance(o, NumpyOps) and not o.use_blis for o in ops)


def test_the_baseline_full_pipeline_keeps_blis():
    assert any(isinstance(o, NumpyOps) and o.use_blis for o in _ops(full_pipeline()))


def test_switching_is_counted_once_and_other_backends_are_left_alone():
    nlp = spacy.load(model_name(), exclude=list(UNUSED_COMPONENTS))
    other = Ops()  # stands for a GPU or Apple backend: not NumpyOps
    for node in nlp.get_pipe("tagger").model.walk():
        node.ops = other
    n_tagger = len(list(nlp.get_pipe("tagger").model.walk()))
    n_blis = sum(isinstance(o, NumpyOps) and o.use_blis for o in _ops(nlp))
    assert n_blis > 0
    assert use_numpy_matmul(nlp) == n_blis
    assert use_numpy_matmul(nlp) == 0
    assert all(node.ops is other for node in nlp.get_pipe("tagger").model.walk())
    assert sum(o is other for o in _ops(nlp)) == n_tagger


def test_same_vectors_as_blis_up_to_rounding():
    text = "Hamas said it would not release the hostages unless Israel withdrew from Gaza."
    stock = spacy.load(model_name(), exclude=list(UNUSED_COMPONENTS))
    switched = spacy.load(model_name(), exclude=list(UNUSED_COMPONENTS))
    use_numpy_matmul(switched)
    want, got = stock(text), switched(text)
    assert abs(got.tensor - want.tensor).max() < 1e-3
    assert [(t.tag_, t.dep_, t.head.i) for t in got] == [(t.tag_, t.dep_, t.head.i) for t in want]


def test_one_blas_thread_limits_and_restores():
    before = _blas_threads()
    assert before, "numpy's BLAS is not visible to threadpoolctl"
    with one_blas_thread():
        assert set(_blas_threads()) == {1}
    assert _blas_threads() == before
