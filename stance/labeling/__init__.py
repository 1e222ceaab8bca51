"""Human labelling: tasks, decisions and journals, the terminal interface, agreement, review, transfer.

``tasks`` (sentences to label) -> ``tui`` (the annotator decides) -> ``decisions`` (journal
lines in ``labels/<annotator>.jsonl``, mirrored in the store by ``workspace``) ->
``agreement`` and ``review`` (adjudication); ``transfer`` exports and imports them.
"""
