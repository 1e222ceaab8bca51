"""Bootstrap intervals over articles, checked against cases computed by hand."""

import pytest

from stance.evaluation.evaluate import PRF
from stance.evaluation.intervals import bootstrap, paired_difference

# Article A is all right (F1 1), article B all wrong (F1 0). Resampling two articles gives
# AA (F1 1) with probability 1/4, AB or BA (tp 1, fp 1, fn 1: F1 0.5) with 1/2, BB (F1 0)
# with 1/4. So the 95% interval is [0, 1], the 50% interval is [0.5, 0.5], the mean 0.5.
RIGHT, WRONG = PRF(tp=1), PRF(fp=1, fn=1)


def test_two_articles_one_right_one_wrong():
    assert bootstrap([RIGHT, WRONG], replicates=4000)["f1"] == (0.0, 1.0)
    assert bootstrap([RIGHT, WRONG], replicates=4000, level=0.5)["f1"] == (0.5, 0.5)


def test_the_replicates_follow_the_hand_computed_distribution():
    import numpy as np

    # with level near 0 the interval closes on the median, 0.5
    lo, hi = bootstrap([RIGHT, WRONG], replicates=4000, level=0.01)["f1"]
    assert lo == hi == 0.5
    # precision: AA 1, BB undefined (0.0 as in PRF), AB 0.5 -> same distribution as F1
    assert bootstrap([RIGHT, WRONG], replicates=4000)["precision"] == (0.0, 1.0)
    assert np.isclose(PRF(1, 1, 1).f1, 0.5)


def test_identical_articles_give_a_point_interval():
    one = PRF(tp=3, fp=1, fn=2)  # F1 = 6 / (6 + 1 + 2) = 2/3
    lo, hi = bootstrap([one, one, one])["f1"]
    assert lo == pytest.approx(2 / 3) and hi == pytest.approx(2 / 3)


def test_the_interval_holds_the_point_estimate_and_narrows_with_more_articles():
    few = [PRF(tp=2, fn=1), PRF(tp=1, fp=1), PRF(tp=3), PRF(fn=2)]
    point = sum(few, PRF()).f1
    lo, hi = bootstrap(few)["f1"]
    assert lo <= point <= hi
    lo_many, hi_many = bootstrap(few * 25)["f1"]
    assert hi_many - lo_many < hi - lo


def test_resamples_where_a_ratio_is_undefined_do_not_count():
    # blame in one article of three, found: a resample without that article has no blame F1
    # at all (not 0), so every defined replicate is 1.0
    rare = [PRF(tp=1), PRF(), PRF()]
    assert bootstrap(rare)["f1"] == (1.0, 1.0)
    # and nothing to count anywhere: no interval
    assert bootstrap([PRF(), PRF()])["f1"] == (0.0, 0.0)


def test_same_seed_same_interval_and_no_articles_no_interval():
    data = [PRF(tp=2, fn=1), PRF(tp=1, fp=1), PRF(fn=2)]
    assert bootstrap(data, seed=7) == bootstrap(data, seed=7)
    assert bootstrap([]) == {"precision": (0.0, 0.0), "recall": (0.0, 0.0), "f1": (0.0, 0.0)}


@pytest.mark.parametrize("options", [{"level": 1.0}, {"level": 0}, {"replicates": 0}])
def test_bad_options_are_refused(options):
    with pytest.raises(ValueError):
        bootstrap([RIGHT], **options)


def test_paired_difference_by_hand():
    # system one gets article A right and B wrong; system two gets both right. Resampled:
    # AA -> 1 - 1 = 0 (1/4); AB/BA -> 1 - 0.5 = 0.5 (1/2); BB -> 1 - 0 = 1 (1/4)
    diff, lo, hi = paired_difference([RIGHT, WRONG], [RIGHT, RIGHT], replicates=4000)
    assert diff == pytest.approx(0.5)
    assert (lo, hi) == (0.0, 1.0)
    assert paired_difference([RIGHT, WRONG], [RIGHT, RIGHT], replicates=4000, level=0.5)[1:] == (0.5, 0.5)
    # the order matters: the second minus the first
    assert paired_difference([RIGHT, RIGHT], [RIGHT, WRONG], replicates=4000)[0] == pytest.approx(-0.5)


def test_paired_difference_is_paired():
    """Articles that differ widely in difficulty, two systems that differ by one statement on
    each: the systems' own intervals are wide, the interval of their difference narrow, as
    every resample draws the same articles for both."""
    first = [PRF(tp=9, fn=1), PRF(tp=1, fn=9), PRF(tp=5, fn=5)]
    second = [PRF(tp=10), PRF(tp=2, fn=8), PRF(tp=6, fn=4)]
    diff, lo, hi = paired_difference(first, second, replicates=2000)
    own_lo, own_hi = bootstrap(second, replicates=2000)["f1"]
    assert lo <= diff <= hi and lo > 0
    assert hi - lo < (own_hi - own_lo) / 4


@pytest.mark.parametrize("first, second, options", [
    ([RIGHT], [RIGHT, WRONG], {}),
    ([RIGHT], [RIGHT], {"level": 1.0}),
    ([RIGHT], [RIGHT], {"replicates": 0}),
])
def test_paired_difference_refuses_bad_input(first, second, options):
    with pytest.raises(ValueError):
        paired_difference(first, second, **options)


def test_paired_difference_of_no_articles_is_zero():
    assert paired_difference([], []) == (0.0, 0.0, 0.0)
