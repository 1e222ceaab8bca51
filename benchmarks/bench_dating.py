"""How well dates inferred from the text match the dates articles print.

Every article of the labelled corpus (``labels/corpus/``) that prints its date is read as if it
did not: :func:`stance.extraction.dating.suggest_date` proposes a date from the body alone, with
the Israel–Hamas profile's milestones, and the proposal is compared with the printed date.

    python benchmarks/bench_dating.py
"""

from __future__ import annotations

from stance.extraction.dating import suggest_date
from stance.io.ingest import read_paths
from stance.profile import load_profile
from stance.records import Article


def main() -> None:
    milestones = load_profile("gaza").milestones
    pairs = [(a, suggest_date(a.text, milestones)) for a in read_paths(["labels/corpus"])
             if isinstance(a, Article) and a.date is not None]
    suggested = [(a, s) for a, s in pairs if s is not None]
    applied = [(a, s) for a, s in suggested if s.applies]

    def same_month(pairs) -> int:
        return sum(a.date.isoformat()[:7] == s.date.isoformat()[:7] for a, s in pairs)

    print(f"dated articles read as undated: {len(pairs)}")
    print(f"a suggestion: {len(suggested)}, in the printed month: {same_month(suggested)}")
    print(f"confident (applied by stance ingest): {len(applied)}, in the printed month: {same_month(applied)}, "
          f"within 7 days: {sum(abs((a.date - s.date).days) <= 7 for a, s in applied)}")
    for a, s in applied:
        if a.date.isoformat()[:7] != s.date.isoformat()[:7]:
            print(f"  off: {a.source} printed {a.date}, inferred {s.date}: {s.evidence}")


if __name__ == "__main__":
    main()
