"""How sure a score is: percentile bootstrap intervals over articles.

The spec's metric is micro-averaged over articles, and statements of one article are not
independent (one speaker, one event), so the unit resampled is the article: each
replicate draws as many articles as there are, with replacement, sums their true hits,
false hits and misses, and computes F1 (or precision, recall) from the sums. The interval
is the ``(1 - level) / 2`` and ``(1 + level) / 2`` percentiles of the replicates where the
ratio is defined: a resample of articles with no blame in gold and none predicted has no
blame F1, and counting it as 0 would drag the interval down for a rare kind. Pure numpy;
the seed is fixed, so the same counts give the same interval.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from .evaluate import PRF

DEFAULT_REPLICATES = 1000
DEFAULT_LEVEL = 0.95


def _ratios(tp: np.ndarray, fp: np.ndarray, fn: np.ndarray) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Precision, recall and F1 of summed counts, each with the mask of replicates where it is
    defined (something predicted; something in gold; either)."""
    return {"precision": (tp / np.maximum(tp + fp, 1), tp + fp > 0),
            "recall": (tp / np.maximum(tp + fn, 1), tp + fn > 0),
            "f1": (2 * tp / np.maximum(2 * tp + fp + fn, 1), tp + fp + fn > 0)}


def _check_options(level: float, replicates: int) -> None:
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1, not {level}")
    if replicates < 1:
        raise ValueError(f"replicates must be at least 1, not {replicates}")


def bootstrap(per_article: Sequence[PRF], *, replicates: int = DEFAULT_REPLICATES,
              level: float = DEFAULT_LEVEL, seed: int = 0) -> dict[str, tuple[float, float]]:
    """Percentile intervals of precision, recall and F1, resampling articles.

    Args:
        per_article: One article's counts each (the order does not matter).
        replicates: How many resamples.
        level: Coverage of the interval (0.95 for 95%).
        seed: Seed of the resampling.

    Returns:
        ``{"precision": (lo, hi), "recall": (lo, hi), "f1": (lo, hi)}``; ``(0.0, 0.0)``
        where no replicate defines the ratio (no articles, or nothing to count).

    Raises:
        ValueError: ``level`` is not in (0, 1) or ``replicates`` is below 1.
    """
    _check_options(level, replicates)
    if not per_article:
        return {name: (0.0, 0.0) for name in ("precision", "recall", "f1")}
    counts = np.array([(c.tp, c.fp, c.fn) for c in per_article], dtype=np.int64)
    draws = np.random.default_rng(seed).integers(0, len(counts), size=(replicates, len(counts)))
    sums = counts[draws].sum(axis=1)  # (replicates, 3)
    tails = (100 * (1 - level) / 2, 100 * (1 + level) / 2)
    out = {}
    for name, (values, defined) in _ratios(sums[:, 0], sums[:, 1], sums[:, 2]).items():
        if not defined.any():
            out[name] = (0.0, 0.0)
            continue
        lo, hi = np.percentile(values[defined], tails)
        out[name] = (float(lo), float(hi))
    return out


def bootstrap_metrics(per_article: Mapping[str, Sequence[PRF]], **options
                      ) -> dict[str, dict[str, tuple[float, float]]]:
    """:func:`bootstrap` of several metrics resampled with the same draws.

    Args:
        per_article: Per metric (``positions polarity``, ...), the counts of each article,
            articles in the same order for every metric.
        **options: ``replicates``, ``level``, ``seed`` as in :func:`bootstrap`.
    """
    return {metric: bootstrap(counts, **options) for metric, counts in per_article.items()}


def paired_difference(first: Sequence[PRF], second: Sequence[PRF], *,
                      replicates: int = DEFAULT_REPLICATES, level: float = DEFAULT_LEVEL,
                      seed: int = 0) -> tuple[float, float, float]:
    """How much higher the second system's F1 is than the first's on the same articles, with
    a percentile interval from resampling articles for both at once (a paired bootstrap:
    an article that is hard for one system is usually hard for the other, so the interval
    of the difference is narrower than the two systems' intervals suggest).

    Args:
        first: Each article's counts under the first system.
        second: The same articles' counts under the second, in the same order.
        replicates: How many resamples.
        level: Coverage of the interval.
        seed: Seed of the resampling.

    Returns:
        ``(difference, low, high)`` of F1(second) - F1(first); zeros for no articles.

    Raises:
        ValueError: The two lists differ in length, ``level`` is not in (0, 1) or
            ``replicates`` is below 1.
    """
    if len(first) != len(second):
        raise ValueError(f"paired counts need the same articles, got {len(first)} and {len(second)}")
    _check_options(level, replicates)
    if not first:
        return 0.0, 0.0, 0.0
    a = np.array([(c.tp, c.fp, c.fn) for c in first], dtype=np.int64)
    b = np.array([(c.tp, c.fp, c.fn) for c in second], dtype=np.int64)

    def f1(sums: np.ndarray) -> np.ndarray:
        return 2 * sums[..., 0] / np.maximum(2 * sums[..., 0] + sums[..., 1] + sums[..., 2], 1)

    point = float(f1(b.sum(axis=0)) - f1(a.sum(axis=0)))
    draws = np.random.default_rng(seed).integers(0, len(a), size=(replicates, len(a)))
    diffs = f1(b[draws].sum(axis=1)) - f1(a[draws].sum(axis=1))
    lo, hi = np.percentile(diffs, (100 * (1 - level) / 2, 100 * (1 + level) / 2))
    return point, float(lo), float(hi)
