"""The rule side of the classifier: from a parsed sentence to positions and blame, with rule ids.

Positions (:mod:`.positions`): for every issue term, walk the dependency path from the term
up to the root. The cues on that path compose: a reject cue or a negation flips the
polarity, demand / accept / goal cues and modals give the kind of a positive stance, a
condition clause ("unless Israel agrees to end the war") makes a demand of whoever sets it
(:mod:`.conditions`). The holder is the topmost subject along the path that names a party
(reported speech nests: in "Hamas said Israel must withdraw", Hamas holds the demand;
:mod:`.holders`). Terms that only set the frame abstain (:mod:`.frames`); stances named
beside a term, in a relative clause or an appositive, are read by :mod:`.relatives`.

Blame (:mod:`.blame`): an accuse cue ("accused X of", "blamed X") blames its object
(:mod:`.accusation`); a fault cue ("X reneged", "X is responsible for the failure",
"obstacles created by X") blames its subject, and counts only when a party other than the
one at fault says so (:mod:`.fault`).

What a cue word says at a token is read in :mod:`.cues`, the walk itself in :mod:`.paths`.
Each function may abstain (return nothing); each result lists the rule ids that fired
(:mod:`.catalog` describes the ids that are procedures rather than word lists, and lists
the named rules: ``stance rules list``, ``stance rules report --by name``).
"""

from .blame import blame
from .catalog import NAMED_RULES, STRUCTURAL_RULES
from .holders import FIRST_PERSON
from .positions import positions
from .result import RuleResult

__all__ = ["FIRST_PERSON", "NAMED_RULES", "STRUCTURAL_RULES", "RuleResult", "blame", "positions"]
