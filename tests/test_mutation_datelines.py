"""What benchmarks/mutation.sh found unpinned in stance/extraction/datelines.py: a start
shaped like a dateline but followed by lowercase words is no dateline."""

import pytest

from stance.extraction.datelines import DATELINE, dateline_length


@pytest.mark.parametrize("text", [
    "CAIRO (Reuters) - and then the talks resumed.",
    "NO - not a deal, the statement said.",
])
def test_a_dateline_shape_before_lowercase_words_is_none(text):
    assert DATELINE.match(text)  # the shape is there ...
    assert dateline_length(text) == 0  # ... but the words after it go on from before

