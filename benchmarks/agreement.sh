#!/usr/bin/env bash
# Agreement between the two independent annotators of labels/double/ (a: the text alone;
# b: the text with the extractor's suggestions), measured with stance's own commands:
#   1. every article of labels/corpus is stored, each negotiation under its profile;
#   2. `stance labels import` checks every line of both files (ids, sentences);
#   3. `stance agreement --by-negotiation`: per field raw agreement, kappa, alpha;
#   4. `stance evaluate --against`: b scored against a in the spec's metric, by split,
#      negotiation and outlet (the ceiling any extractor can be measured against).
# Usage: bash benchmarks/agreement.sh [STANCE]   (default: stance on the PATH)
set -euo pipefail
cd "$(dirname "$0")/.."
STANCE=${1:-stance}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db="$work/agreement.db"
for folder in labels/corpus/*/; do
  name=$(basename "$folder")
  [ "$name" = dev ] && continue  # the dev articles have a single (gold) labelling
  "$STANCE" ingest "$folder" --profile "$name" --db "$db" --quiet > /dev/null
done
mkdir "$work/labels"
for who in a b; do
  "$STANCE" labels import "labels/double/$who.jsonl" --labels "$work/labels" --db "$db"
done
"$STANCE" agreement --labels labels/double --db "$db" --by-negotiation
for split in test train; do
  echo
  echo "b scored against a, $split split:"
  "$STANCE" evaluate --gold labels/double/a.jsonl --against labels/double/b.jsonl \
    --split-file labels/split.yaml --split "$split" --max-diffs 0 | sed -n '1,20p'
done
