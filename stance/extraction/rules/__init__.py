"""The rule side of the classifier: from a parsed sentence to positions and blame, with rule ids.

Positions (:mod:`.positions`): for every issue term, walk the dependency path from the term
up to the root, each predicate on it read once into a frozen :class:`~.clause.Clause`
(:mod:`.clause`, with what its cue words say from :mod:`.cues`). Small named rules fold
over the clauses with a frozen :class:`~.walk.Walk`, in the order of two tables, the term
rules (``positions.TERM_RULES``) and the step rules (:mod:`.steps`): stance cues compose (a reject cue or a
negation flips the polarity, demand / accept / goal cues and modals give the kind); a
condition ("unless Israel agrees to end the war"), a threat or an ultimatum makes a demand
of whoever sets it (:mod:`.conditions`); the holder is the topmost subject along the path
that names a party (reported speech nests: in "Hamas said Israel must withdraw", Hamas
holds the demand; :mod:`.holders`). Terms that only set the frame abstain (:mod:`.frames`);
stances named beside a term, in a relative clause or an appositive, are read by
:mod:`.relatives`.

Blame (:mod:`.blame`): each blame cue is read once into a frozen
:class:`~.blamecue.BlameCue` (:mod:`.blamecue`, with the readers of :mod:`.accused`,
:mod:`.faulted`, :mod:`.owners` and :mod:`.blamed`), which the position walk reads for what
blame covers and the blame rules read in the order of ``blame.BLAME_RULES``, each of which may
abstain. An accuse cue ("accused X of", "blamed X") blames its object (:mod:`.accusation`); a
fault cue ("X reneged", "X is responsible for the failure", "obstacles created by X") blames
its subject, and counts only when a party other than the one at fault says so
(:mod:`.fault`); an implied cue (a refusal, an evaluation of a demand, a wait, a
counterfactual) blames the owner of what it applies to, said by another party
(:mod:`.implied`).

Each rule may abstain (the walk's abstentions are traced with their rule id, for ``stance
rules report`` to count; the blame rules' are traced the same way, in
``Findings.blame_abstained``); each result lists the rule ids that fired; :mod:`.settle` keeps one
result per statement. :mod:`.catalog` describes
the ids that are procedures rather than word lists and registers the named rules
(``stance rules list``, ``stance rules report --by name``).
"""

from .blame import blame, read_blame, traced_blame
from .catalog import NAMED_RULES, STRUCTURAL_RULES
from .holders import FIRST_PERSON
from .positions import positions, traced_positions
from .result import RuleResult
from .settle import merge, settle_blame

__all__ = ["FIRST_PERSON", "NAMED_RULES", "STRUCTURAL_RULES", "RuleResult", "blame", "merge", "positions",
           "read_blame", "settle_blame", "traced_blame", "traced_positions"]
