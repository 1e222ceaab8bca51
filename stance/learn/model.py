"""The trained model as one object: a pipeline per kind, the combination policy and its record.

:func:`train` fits it on a dataset: the policy's thresholds on inner grouped folds, the
pipelines on every labelled candidate. :class:`LearnedClassifier` plugs it into the
extractor (:class:`stance.extraction.classify.StatementClassifier`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import sklearn
from sklearn.pipeline import Pipeline
from spacy.tokens import Doc

from .. import __version__
from ..extraction.classify import Findings
from ..profile import Profile
from ..records import Statement
from .candidates import Candidate, candidates
from .combine import Policy, decide
from .dataset import Dataset
from .estimator import DEFAULT_RECIPE, KINDS, Recipe, fit_recipe, probabilities
from .features import FEATURE_VERSION


@dataclass
class StanceModel:
    """Pipelines per kind, the policy, and what the model was trained on.

    Attributes:
        pipelines: Fitted pipeline per kind (None: the model abstains on that kind).
        policy: Combination thresholds.
        profile: Id of the profile whose labels trained it.
        meta: ``labels``, ``articles``, ``feature_version``, ``sklearn``, ``stance``,
            ``version`` (a hash of the fitted pipelines) and cross-validated scores.
    """

    pipelines: dict[str, Pipeline | None]
    policy: Policy
    profile: str
    meta: dict = field(default_factory=dict)

    @property
    def version(self) -> str:
        """The model version recorded on every statement it scored."""
        return self.meta.get("version", "")

    def probabilities(self, cands: Sequence[Candidate]) -> list[np.ndarray | None]:
        """Class probabilities of each candidate (None where the model abstains on its kind)."""
        out: list[np.ndarray | None] = [None] * len(cands)
        for kind in KINDS:
            idx = [i for i, c in enumerate(cands) if c.kind == kind]
            pipe = self.pipelines.get(kind)
            if not idx or pipe is None:
                continue
            for i, row in zip(idx, probabilities(pipe, [cands[i] for i in idx], kind)):
                out[i] = row
        return out


def version_of(pipelines: dict[str, Pipeline | None]) -> str:
    """A short hash of the fitted pipelines' learned weights: same training, same version."""
    digest = hashlib.sha256()
    for kind in KINDS:
        pipe = pipelines.get(kind)
        if pipe is None:
            digest.update(b"-")
            continue
        digest.update("\n".join(pipe[0].get_feature_names_out()).encode())
        digest.update(np.ascontiguousarray(pipe[-1].coef_, dtype=np.float64).round(10).tobytes())
    return "m" + digest.hexdigest()[:12]


def train(data: Dataset, *, profile: str, policy: Policy | None = None, recipe: Recipe = DEFAULT_RECIPE,
          weak=None, scores: dict | None = None) -> StanceModel:
    """Fit the model on every candidate of ``data``.

    Args:
        data: Labelled candidates.
        profile: The profile the labels belong to (recorded; the extractor refuses a
            model of another profile).
        policy: Thresholds; default: chosen on inner grouped folds of ``data``.
        recipe: How the model is fitted (:class:`~stance.learn.estimator.Recipe`).
        weak: Weakly labelled candidates of unlabelled articles (:mod:`stance.learn.weak`).
        scores: Cross-validated scores to record with the model.

    Returns:
        The fitted model.
    """
    from threadpoolctl import threadpool_limits

    from .crossval import fit_policy

    with threadpool_limits(1):  # many small fits: threads only add overhead here
        if policy is None:
            policy = fit_policy(data, list(range(len(data.candidates))), recipe=recipe, weak=weak)
        pipelines = {kind: fit_recipe(data.candidates, data.labels, kind, recipe, weak) for kind in KINDS}
    meta = {"labels": data.n_labels, "articles": len(data.gold), "candidates": len(data.candidates),
            "feature_version": FEATURE_VERSION, "sklearn": sklearn.__version__, "stance": __version__,
            "C": recipe.C, "recipe": recipe.to_dict(),
            "weak": {"candidates": len(weak.candidates) if weak is not None else 0,
                     "articles": dict(weak.articles) if weak is not None else {}},
            "version": version_of(pipelines), "scores": scores or {}}
    return StanceModel(pipelines, policy, profile, meta)


class LearnedClassifier:
    """The extractor's classifier backed by a :class:`StanceModel` (the combined system).

    Every statement it returns carries ``model_version`` and ``model_score``;
    ``method`` is ``rule``, ``rule+model`` or ``model`` (see :mod:`stance.learn.combine`).
    """

    def __init__(self, model: StanceModel, profile: Profile, system: str = "combined"):
        self.model = model
        self.profile = profile
        self.system = system  # "model": the model alone decides (for measuring it)
        self.version = model.version

    def decide(self, doc: Doc, statements: list[Statement], findings: Findings | None = None
               ) -> list[Statement]:
        if findings is None:
            return statements
        cands = candidates(doc, findings, statements, self.profile)
        out: list[Statement] = []
        seen = set()
        for cand, proba in zip(cands, self.model.probabilities(cands)):
            for s in decide(cand, proba, self.model.policy, self.system, version=self.version,
                            date=findings.article.date, source=findings.article.source):
                if s.key not in seen:
                    seen.add(s.key)
                    out.append(s)
        asked = {c.key for c in cands}
        if self.system != "combined":
            return out
        # a rule statement no candidate asks about (none known) is kept as the rules made it
        out += [s for s in statements if (s.kind, s.party, s.issue if s.kind == "position" else "",
                                          s.target) not in asked]
        return out
