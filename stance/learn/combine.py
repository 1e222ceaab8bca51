"""How the model's answers and the rules' statements combine into the statements kept.

The policy, per kind of statement (position, blame):

1. **Precise rules stand.** A rule statement whose cue rules were right at least
   ``PRECISE_AT`` of the time on the training labels (``PRECISE_MIN`` uses or more) is
   kept whatever the model says.
2. **Other rule statements stand unless the model clearly disagrees**: one the model
   gives less than ``veto`` probability is dropped.
3. **The model decides the rest**: where the rules say nothing about a (party, issue)
   or (party, target), the model adds its best answer when its probability reaches
   ``add``.

``add`` and ``veto`` are chosen on held-out folds of the training data (grouped by
article), maximising the spec's F1 of that kind; they are never set by hand.
``method`` says who decided: ``rule`` (kept, the model disagrees or is unsure),
``rule+model`` (kept, the model agrees with at least 0.5), ``model`` (added by the
model). ``model_score`` is the model's probability of the statement; ``confidence`` is
that probability too, as it is calibrated (reliability measured by ``stance evaluate
--compare``), which the rules' fixed confidences are not.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from ..evaluation.evaluate import score
from ..records import POLARITY, Statement
from .candidates import Candidate
from .estimator import CLASSES, KINDS

SYSTEMS = ("rules", "model", "combined")
PRECISE_AT = 0.9
PRECISE_MIN = 5
ADD_GRID = tuple(round(float(x), 2) for x in np.arange(0.2, 0.951, 0.05))
VETO_GRID = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4)
AGREE = 0.5


@dataclass(frozen=True)
class Policy:
    """Thresholds of the combination, per kind (``position``, ``blame``).

    Attributes:
        add: Least model probability for the combined system to add a statement the
            rules did not find.
        veto: A rule statement (not precise) the model gives less than this is dropped.
        model_only: Least probability for the model-only system to state something.
        precise: Cue rule ids whose statements always stand.
    """

    add: dict[str, float] = field(default_factory=lambda: {k: 0.5 for k in KINDS})
    veto: dict[str, float] = field(default_factory=lambda: {k: 0.0 for k in KINDS})
    model_only: dict[str, float] = field(default_factory=lambda: {k: 0.5 for k in KINDS})
    precise: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        """Plain types, for saving with the model."""
        return {"add": dict(self.add), "veto": dict(self.veto), "model_only": dict(self.model_only),
                "precise": list(self.precise)}

    @classmethod
    def from_dict(cls, data: Mapping) -> Policy:
        return cls({k: float(v) for k, v in data["add"].items()},
                   {k: float(v) for k, v in data["veto"].items()},
                   {k: float(v) for k, v in data["model_only"].items()},
                   tuple(data.get("precise", ())))


def best_answer(kind: str, proba: np.ndarray) -> tuple[str, float]:
    """The model's answer to one candidate and its probability.

    Positions: the polarity with the larger probability (``demand`` + ``accept`` against
    ``reject``), then the likelier stance within it; the score is the polarity's
    probability, as the spec's metric scores polarity. Blame: ``blame`` and its probability.
    """
    p = dict(zip(CLASSES[kind], proba))
    if kind == "blame":
        return "blame", float(p["blame"])
    pro, con = p["demand"] + p["accept"], p["reject"]
    if pro >= con:
        return ("demand" if p["demand"] >= p["accept"] else "accept"), float(pro)
    return "reject", float(con)


def agreement(statement: Statement, proba: np.ndarray) -> float:
    """The model's probability of a rule statement: of its polarity, or of blame."""
    p = dict(zip(CLASSES[statement.kind], proba))
    if statement.kind == "blame":
        return float(p["blame"])
    return float(p["reject"] if statement.stance == "reject" else p["demand"] + p["accept"])


def cue_ids(statement: Statement) -> tuple[str, ...]:
    """The rule ids that decided a statement's stance or blame (not who or which issue)."""
    return tuple(r for r in statement.rule_ids if r.startswith(("cue.", "blame.")))


def precise_rules(candidates: Sequence[Candidate], labels: Sequence[str]) -> tuple[str, ...]:
    """Cue rule ids right at least ``PRECISE_AT`` of ``PRECISE_MIN``+ uses on labelled candidates."""
    right: dict[str, list[bool]] = {}
    for cand, gold in zip(candidates, labels):
        for s in cand.rules:
            ok = gold == "blame" if s.kind == "blame" else POLARITY.get(gold) == s.polarity
            for rule in cue_ids(s):
                right.setdefault(rule, []).append(ok)
    return tuple(sorted(r for r, oks in right.items()
                        if len(oks) >= PRECISE_MIN and sum(oks) / len(oks) >= PRECISE_AT))


def _is_precise(statement: Statement, precise: set[str]) -> bool:
    ids = cue_ids(statement)
    return bool(ids) and all(r in precise for r in ids)


def decide(candidate: Candidate, proba: np.ndarray | None, policy: Policy, system: str, *,
           version: str = "", date=None, source: str = "") -> list[Statement]:
    """The statements one system keeps for one candidate.

    Args:
        candidate: The candidate (with its rule statements).
        proba: The model's class probabilities (``CLASSES[kind]`` order), or None when
            there is no model (then only the rules speak).
        policy: The thresholds.
        system: ``rules``, ``model`` or ``combined``.
        version: The model version, recorded on every statement the model scored.
        date: Date of a statement the model adds (rule statements keep theirs).
        source: Source of a statement the model adds.

    Returns:
        The statements, possibly none.
    """
    if system == "rules" or proba is None:
        return list(candidate.rules)
    kind = candidate.kind
    answer, p = best_answer(kind, proba)
    if system == "model":
        return [_model_statement(candidate, answer, p, version, date, source)] \
            if p >= policy.model_only[kind] else []
    if candidate.rules:
        kept = []
        precise = set(policy.precise)
        for s in candidate.rules:
            agree = agreement(s, proba)
            if agree < policy.veto[kind] and not _is_precise(s, precise):
                continue
            kept.append(replace(s, method="rule+model" if agree >= AGREE else "rule",
                                model_score=round(agree, 4), model_version=version,
                                confidence=round(agree, 4)))
        return kept
    if p >= policy.add[kind]:
        return [_model_statement(candidate, answer, p, version, date, source)]
    return []


def _model_statement(c: Candidate, answer: str, p: float, version: str, date, source) -> Statement:
    base = c.rules[0] if c.rules else None
    return Statement(article_id=c.article_id, party=c.party, kind=c.kind,
                     issue=c.about if c.kind == "blame" else c.issue,
                     stance="" if c.kind == "blame" else answer, target=c.target,
                     sentence=c.sentence, start=c.start, end=c.end,
                     date=base.date if base else date, date_resolved=base.date_resolved if base else False,
                     confidence=round(p, 4), method="model", rule_ids=("model",),
                     model_score=round(p, 4), model_version=version, source=source)


def system_statements(candidates: Sequence[Candidate], probas: Sequence[np.ndarray | None],
                      policy: Policy, system: str) -> dict[str, list[Statement]]:
    """Every statement one system keeps, per article id."""
    out: dict[str, list[Statement]] = {}
    for cand, proba in zip(candidates, probas):
        out.setdefault(cand.article_id, []).extend(decide(cand, proba, policy, system))
    return out


def _kind_f1(gold, predicted, kind: str) -> float:
    report = score(gold, predicted)
    return (report.positions if kind == "position" else report.blame).polarity.f1


def choose_policy(candidates: Sequence[Candidate], labels: Sequence[str],
                  probas: Sequence[np.ndarray], gold: Mapping[str, Sequence]) -> Policy:
    """The thresholds that maximise the spec's F1 per kind on held-out probabilities.

    Args:
        candidates: Candidates of the training articles.
        labels: Their gold classes (for the precise rules).
        probas: Out-of-fold class probabilities of each candidate (a model that did not
            see the candidate's article).
        gold: Gold labels per training article.

    Returns:
        The policy. Ties go to the higher ``add`` and the lower ``veto`` (the more
        conservative choice).
    """
    precise = precise_rules(candidates, labels)
    chosen: dict[str, dict[str, float]] = {"add": {}, "veto": {}, "model_only": {}}
    for kind in KINDS:
        rows = [(c, p) for c, p in zip(candidates, probas) if c.kind == kind]
        cands = [c for c, _ in rows]
        probs = [p for _, p in rows]
        best = (-1.0, 0.0, 0.0)
        for add in ADD_GRID:
            for veto in VETO_GRID:
                pol = Policy({kind: add}, {kind: veto}, {kind: add}, precise)
                f1 = _kind_f1(gold, system_statements(cands, probs, pol, "combined"), kind)
                best = max(best, (round(f1, 9), add, -veto))
        chosen["add"][kind], chosen["veto"][kind] = best[1], -best[2]
        best_model = (-1.0, 0.0)
        for add in ADD_GRID:
            pol = Policy(model_only={kind: add})
            f1 = _kind_f1(gold, system_statements(cands, probs, pol, "model"), kind)
            best_model = max(best_model, (round(f1, 9), add))
        chosen["model_only"][kind] = best_model[1]
    return Policy(chosen["add"], chosen["veto"], chosen["model_only"], precise)
