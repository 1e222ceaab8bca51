"""One annotator's hold on the shared queue: a sentence is leased before it is shown.

The queue itself (:func:`stance.labeling.tasks.queue`) is what the journals say is still to
do; the leases (:mod:`stance.store.leases`) make sure that of annotators working at the same
time, on one machine or on several sharing one database, only ``overlap`` get each sentence.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from ..store import leases


class Claims:
    """Claim, decide and free tasks for one annotator.

    Args:
        engine: The store the annotators share.
        annotator: Who is labelling.
        overlap: How many annotators may hold each sentence (``--overlap``).
        seconds: How long a sentence on screen stays this annotator's without a decision
            (a killed or disconnected annotator's sentence returns to the queue after it).
        clock: Seconds since the epoch (tests pass their own).
    """

    def __init__(self, engine, annotator: str, *, overlap: int = 1, seconds: int = leases.LEASE_SECONDS,
                 clock: Callable[[], float] = time.time):
        self.engine, self.annotator, self.overlap = engine, annotator, overlap
        self.seconds, self.clock = seconds, clock
        leases.prepare(engine)

    def taken(self) -> set[str]:
        """The tasks other annotators hold every slot of (a lease or a decision)."""
        return leases.taken(self.engine, self.annotator, now=int(self.clock()), overlap=self.overlap)

    def claim(self, task_id: str) -> bool:
        """Lease the task to this annotator; False when other annotators hold all its slots."""
        return leases.claim(self.engine, task_id, self.annotator, now=int(self.clock()),
                            overlap=self.overlap, seconds=self.seconds)

    def finish(self, task_id: str) -> None:
        """The annotator decided the task: it stays theirs."""
        leases.finish(self.engine, task_id, self.annotator)

    def release(self, task_id: str) -> None:
        """The annotator skipped or left the task undecided: others may have it now."""
        leases.release(self.engine, task_id, self.annotator)
