"""The rules by name and id, for ``stance rules list`` and ``stance rules report``.

``STRUCTURAL_RULES`` describes the rule ids that are procedures over the parse rather than
word lists; ``NAMED_RULES`` holds the functions of the walk that fire them, each registered
with :func:`named_rule` where it is defined.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

F = TypeVar("F", bound=Callable)

# The rules that are procedures over the parse rather than word lists; the word lists
# (cue.*, party.*, issue.*) are data in the lexicon and the profile.
STRUCTURAL_RULES = {
    "attr.np": "holder named in the subject, possessor or agent noun phrase",
    "attr.anaphor": "he/it/the group/his office resolved to the party in focus (the sentence's speaker "
                    "when the article names one)",
    "attr.anaphor.role": "'the spokesman', 'the movement' resolved to the party last named with that role "
                         "in the article, over the party in focus",
    "attr.according-to": "'according to X' when no subject names a party",
    "attr.anaphor.clause": "'Hamas says it is committed ... and it has rejected': a subject pronoun is the "
                           "named subject of the clause above it",
    "attr.quote-focus": "a quote with no speaker in its sentence: the party in focus, which is the "
                        "speaker the article gives the sentence when it has one (stance/extraction/speakers.py)",
    "attr.passive-unnamed": "'X said the proposal had been accepted': no holder named, no statement",
    "cue.negation": "negation on the path flips the polarity",
    "cue.report.object": "an issue that is only what a report verb reports ('will announce a ceasefire') "
                         "is no stance (abstains)",
    "cue.reject.own-delay": "'it would delay the release': the speaker withholds its own move",
    "stance.on-anothers": "'Netanyahu rejected Hamas's demand for X': a party's stance on another "
                          "party's demand or offer is its own stance on X",
    "stance.demand-of-another": "'Hamas demanded that Israel accept a permanent ceasefire', 'called on Qatar "
                                "to make sure Hamas accepts the deal': the demander's demand, not the other's "
                                "acceptance",
    "stance.obliged": "'Blinken said Hamas must accept the deal': whoever says another must accept "
                      "demands it",
    "stance.appositive": "'the release of all hostages, a key demand of Israel': a demand named in "
                         "apposition to the issue",
    "rel.object": "'the proposal, which Hamas rejected': a relative clause's stance on the noun it "
                  "hangs on",
    "cue.ultimatum": "'gave Hamas until Sunday to accept the proposal': the deadline's setter demands it",
    "cue.reject.warned": "'any attempt to rearm would be considered a violation': a warning against "
                         "what is evaluated rejects it",
    "issue.frame": "an issue term that only sets the frame ('during Phase One', 'under the agreement', "
                   "'within the framework of a ceasefire') is no position (abstains)",
    "issue.nested": "a term governed by an opposite term of its issue ('maintain a presence in the "
                    "Philadelphi Corridor') names only where or what; the outer term carries the position "
                    "(abstains)",
    "cue.reject.violation": "a violation only imagined in a condition ('should X violate the agreement') "
                            "opposes what it violates",
    "cue.condition.inverted": "'Should Hezbollah rearm, ...', 'Were Hamas to refuse, ...': a condition "
                              "without 'if'",
    "cue.modal.commit": "'X said it would ...': a commitment in reported content is acceptance",
    "cue.condition": "a condition ('unless', 'only if', 'before') is a demand of who sets it",
    "cue.condition.own": "a condition on the holder's own move ('before it will agree') withholds it",
    "blame.mutual": "'blamed each other', 'traded blame': one blame row each way",
    "blame.reported-refusal": "one side says the other refuses or rejects: blame, not a position",
    "blame.obstructed-demand": "'claiming the army is obstructing the return of the displaced': who "
                               "blames an obstruction, delay or failure demands what it stands in the way of",
    "blame.obstructed-talks": "'thwarting efforts to conclude a ceasefire', 'delaying a potential deal': "
                              "what is obstructed is the negotiation itself, the blame's topic; no demand "
                              "(abstains)",
    "blame.topic": "an issue term inside what a blame is about ('blamed each other for the failure to "
                   "agree on a ceasefire') is the blame's topic, no position (abstains)",
    "blame.hypothetical": "'any violation', 'should Hezbollah violate': a warning, not blame (abstains)",
    "blame.not-accusing": "'hostages held in Gaza', 'charging that ...': an accusation verb that accuses no "
                          "one here (abstains)",
    "blame.no-target": "a blame cue that names no one to blame: a fault only recorded, explained away or "
                       "the speaker's own (abstains)",
    "blame.mediator-owned": "'Kinshasa said Qatar's demands were unacceptable': a mediator's demands "
                            "criticised, no impasse (abstains)",
    "blame.no-holder": "a fault no other party is said to name (abstains)",
    "blame.side-waiting": "'we are waiting for the Israeli response' said by a side: the routine of talks, "
                          "blame only in a mediator's mouth (abstains)",
    "blame.self": "a blame whose holder is its only target (abstains)",
    "blame.default-issue": "a blame whose sentence names no issue is about the profile's blame_issue "
                           "(gaza: deal)",
    "date.resolved": "'said on Tuesday', 'In December, X had said': dated earlier than the article "
                     "(stance/extraction/timex.py)",
}


@dataclass(frozen=True)
class NamedRule:
    """A rule of the walk kept as a small named function, and the rule ids it fires.

    Attributes:
        name: ``family.rule`` (``positions.condition``, ``fault.faults``).
        rule_ids: The ids it fires; a trailing ``*`` matches by prefix (``cue.threat.*``).
            An id fired by several rules (``cue.condition`` by a condition and a threat) is
            credited to each of them by :func:`named_rules_of`.
        summary: The first line of its docstring.
        function: The function itself, to test it alone.
    """

    name: str
    rule_ids: tuple[str, ...]
    summary: str
    function: Callable

    def fires(self, rule_id: str) -> bool:
        """Whether ``rule_id`` is one of this rule's ids."""
        return any(rule_id == p or (p.endswith("*") and rule_id.startswith(p[:-1])) for p in self.rule_ids)


NAMED_RULES: dict[str, NamedRule] = {}


def named_rule(name: str, *rule_ids: str) -> Callable[[F], F]:
    """Register the decorated function as the named rule ``name`` firing ``rule_ids``
    (listed by ``stance rules list``, measured by ``stance rules report``)."""
    def register(function: F) -> F:
        summary = _first_sentence(function.__doc__ or "")
        NAMED_RULES[name] = NamedRule(name, rule_ids, summary, function)
        return function
    return register


def named_rules_of(rule_ids: Iterable[str]) -> tuple[str, ...]:
    """The named rules that fired ``rule_ids``, in registry order."""
    ids = tuple(rule_ids)
    return tuple(name for name, rule in NAMED_RULES.items() if any(rule.fires(r) for r in ids))


def _first_sentence(doc: str) -> str:
    """The docstring's first sentence, on one line."""
    text = " ".join(doc.split("\n\n")[0].split())
    end = re.search(r"(?<!\.)\. ", text)  # not the end of an ellipsis
    return text if end is None else text[:end.start() + 1]
