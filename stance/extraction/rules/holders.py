"""Who holds a position: the stance predicate's subject or the reporter above it."""

from __future__ import annotations

from ..attribution import Holder


def choose_holder(stance_holder: Holder | None, reporters: list[Holder],
                  principals: tuple[str, ...]) -> Holder | None:
    """Who holds the position: the subject of the stance predicate, unless it is only
    "it"/"he" and a reporter above names the party. What one negotiating side says of
    the other's position ("Hamas claimed Israel rejected offers") is a claim, not a
    statement of the other side; a mediator's report of it is."""
    named = [r for r in reporters if not r.anaphoric]
    if stance_holder is None:
        return named[-1] if named else (reporters[-1] if reporters else None)
    if stance_holder.anaphoric and stance_holder.rule_id != "attr.anaphor.role" and named:
        # "he" is whoever the reporter names; "the movement" names its party itself
        return Holder(named[0].parties, named[0].rule_id)
    role = next((r for r in reporters if r.rule_id == "attr.anaphor.role"), None)
    if stance_holder.anaphoric and role is not None:
        # "'We reaffirm our commitment,' the spokesman added": the speaker, whose role
        # names its party more surely than the focus does
        return role
    # the reporter that says it: the topmost named one, else "he said" of the party in focus
    top = named[-1] if named else (reporters[-1] if reporters else None)
    if top is not None and not set(stance_holder.parties) & set(top.parties) and (
            set(top.parties) & set(principals) and set(stance_holder.parties) & set(principals)):
        return None
    return stance_holder


FIRST_PERSON = ("we", "us", "our", "ours", "i", "me", "my")


def quoted(doc) -> bool:
    """Someone speaks in the sentence: a quotation mark, or a first-person pronoun (the
    middle sentences of a long quotation, a statement or post reproduced as text)."""
    return any(t.is_quote or (t.lower_ in FIRST_PERSON and t.pos_ == "PRON") for t in doc)
