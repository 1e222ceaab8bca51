"""Every statement the rules find in the labelled corpus, written to a file or compared with one.

A refactoring of the rules must leave the statements as they were: run this once on the code
before (``--write before.jsonl``), once after (``--compare before.jsonl``), and it prints how
many statements differ (every field counts: party, issue, stance, target, offsets, date,
confidence and rule ids) and exits 1 when any does.

Usage::

    python benchmarks/same_statements.py --write /tmp/before.jsonl
    python benchmarks/same_statements.py --compare /tmp/before.jsonl

Each folder of ``labels/corpus`` is read with its negotiation's profile (``dev`` with ``gaza``,
``dev/other`` with ``hezbollah``), and ``seeds/`` with ``gaza``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "labels" / "corpus"


def folders() -> list[tuple[Path, str]]:
    """Each folder of texts and the profile it is read with (subfolders are read apart)."""
    out = [(REPO / "seeds", "gaza"), (CORPUS / "dev", "gaza"), (CORPUS / "dev" / "other", "hezbollah")]
    out += [(d, d.name) for d in sorted(CORPUS.iterdir()) if d.is_dir() and d.name != "dev"]
    return out


def statements() -> list[str]:
    """Every statement, one JSON line each, in the order the extractor gives them."""
    from stance.extraction.extractor import Extractor
    from stance.io.ingest import read_paths
    from stance.records import Article

    lines = []
    for folder, profile in folders():
        texts = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix == ".txt")
        arts = [a for a in read_paths(texts) if isinstance(a, Article)]
        for art, found in Extractor(profile).extract_many(arts):
            for s in found:
                row = dataclasses.asdict(s)
                row["date"] = str(row["date"])
                lines.append(json.dumps({"folder": folder.name, **row}, sort_keys=True))
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", type=Path, help="write the statements to this file")
    group.add_argument("--compare", type=Path, help="compare the statements with this file")
    args = parser.parse_args()
    now = statements()
    if args.write:
        args.write.write_text("\n".join(now) + "\n", encoding="utf-8")
        print(f"{len(now)} statements written to {args.write}")
        return 0
    before = args.compare.read_text(encoding="utf-8").splitlines()
    gone = sorted(set(before) - set(now))
    new = sorted(set(now) - set(before))
    for line in gone:
        print("- " + line)
    for line in new:
        print("+ " + line)
    moved = 0 if gone or new else sum(a != b for a, b in zip(before, now))
    print(f"{len(before)} statements before, {len(now)} now: {len(gone)} gone, {len(new)} new, "
          f"{moved} out of order")
    return 1 if gone or new or moved or len(before) != len(now) else 0


if __name__ == "__main__":
    sys.exit(main())
