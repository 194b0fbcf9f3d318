#!/usr/bin/env bash
# Synthetic tables: vae4j trains on a real table, samples as many rows as it has, and `vae4j compare` scores the
# synthetic rows against the real ones; the same comparison for a floor that draws every column independently
# from its real marginal (bench/independent_baseline.py), over several seeds, in one go.
#
#   bench/run_synth.sh [--datasets penguins,shuttle] [--seeds S] [--epochs E] [--threads T]
#                      [--normalise standard,modes] [--quiet-wait SECONDS] [--results DIR]
#
# Data: bench/fetch_tables.sh's penguins.csv (344 rows, label species) and shuttle.csv (49,097 rows, label Class),
# copied into the run folder. For each dataset and seed 1..S (default 3), with N = the real table's rows:
#   (v) vae4j train --data csv:REAL --out model --epochs E (default 100) --seed s --val none --no-progress (no
#       --label: the label is modelled as an ordinary column; timed: wall seconds of the whole process, GNU time),
#       vae4j sample --model model --count N --seed s --out synth.csv, then
#       vae4j compare --real REAL --synthetic synth.csv --label LABEL --json (printed, kept as compare.json)
#   (i) bench/independent_baseline.py --data REAL --seed s --out independent.csv, then the same vae4j compare
#       --synthetic independent.csv --json (kept as independent-compare.json)
# --normalise runs each vae4j side with numeric columns standardised (cells NAME-seedS) and/or with TVAE's
# mode-specific normalisation, vae4j train --normalise modes (cells NAME_modes-seedS, reported as their own section).
# The report gives mean ± sd over seeds of the overall score, column shapes, pair trends, and TSTR (a classifier
# trained on the synthetic rows, tested on real rows: its accuracy, beside the one trained on real rows and the
# majority class), and vae4j's training seconds.
# vae4j runs from a copy of the jar made at the start (bench/lib.sh snapshot_jar), with OMP_NUM_THREADS=T (default
# 2); before each training step the script waits up to --quiet-wait seconds (default 30) for an idle machine.
# Writes bench/results/<date>-<host>-synth.md and .json (bench/report_synth.py); raw outputs in
# bench/out/<run>-synth/, one folder per dataset and seed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
PY=/usr/bin/python3
DATASETS=penguins,shuttle; SEEDS=3; EPOCHS=100; THREADS=2; QUIET_WAIT=30; NORMALISE=standard,modes
RESULTS="$here/results"
invocation="bench/run_synth.sh $*"
BENCH_NAME=bench/run_synth.sh
# shellcheck source=bench/lib.sh
. "$here/lib.sh"
while [ $# -gt 0 ]; do
    case "$1" in
        --datasets) [ $# -ge 2 ] && [[ "$2" =~ ^[a-z]+(,[a-z]+)*$ ]] || die "--datasets needs a list such as penguins,shuttle"; DATASETS=$2; shift 2 ;;
        --seeds) pos_int "$@"; SEEDS=$2; shift 2 ;;
        --epochs) pos_int "$@"; EPOCHS=$2; shift 2 ;;
        --normalise) [ $# -ge 2 ] && [[ "$2" =~ ^(standard|modes)(,(standard|modes))?$ ]] || die "--normalise needs standard, modes or both"; NORMALISE=$2; shift 2 ;;
        --threads) pos_int "$@"; THREADS=$2; shift 2 ;;
        --quiet-wait) [ $# -ge 2 ] && is_int "$2" || die "--quiet-wait needs a number of seconds"; QUIET_WAIT=$2; shift 2 ;;
        --results) [ $# -ge 2 ] || die "--results needs a folder"; RESULTS=$2; shift 2 ;;
        -h|--help) awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) die "unknown argument '$1' (see --help)" ;;
    esac
done

# label_of NAME: the column the TSTR classifier of vae4j compare predicts.
label_of() {
    case "$1" in
        penguins) echo species ;;
        shuttle|breastw) echo Class ;;
        pima) echo diabetes ;;
        satellite) echo classes ;;
        *) die "unknown dataset '$1' (known: penguins, shuttle, breastw, pima, satellite)" ;;
    esac
}
# q ARGS...: the arguments as one shell-quoted line, paths in the run folder relative to it and the project's
# relative to the project (what the .cmd files, the log and the report show).
q() {
    local a s=""
    for a in "$@"; do
        a="${a//"$out"\//}"; a="${a//"$root"\//}"
        [[ "$a" =~ ^[A-Za-z0-9_./:,=+-]+$ ]] || a="'${a//\'/\'\\\'\'}'"
        s+="${s:+ }$a"
    done
    echo "$s"
}
# quick_step NAME SHOWN -- COMMAND...: lib.sh's run_step without the wait for an idle machine and the timing (for
# the steps whose figures do not depend on the machine's load: sampling, comparing, the baseline).
quick_step() {
    local name=$1 shown=$2; shift 3
    log "$shown"
    printf '%s\n' "$shown" > "$out/$name.cmd"
    "$@" > "$out/$name.out" 2> "$out/$name.err" || { tail -5 "$out/$name.err" >&2; die "$name failed (see $out/$name.err)"; }
}

for ds in ${DATASETS//,/ }; do label_of "$ds" > /dev/null; done
find_java_and_time
[ -x "$PY" ] || die "$PY not found (Debian's python3 with python3-numpy)"
"$PY" -c 'import numpy' 2>/dev/null || die "$PY cannot import numpy (apt install python3-numpy)"
for f in independent_baseline.py report_synth.py report.py; do
    [ -r "$here/$f" ] || die "$here/$f is missing"
done
tables="$here/out/data/tables"
for ds in ${DATASETS//,/ }; do
    [ -r "$tables/$ds.csv" ] || die "$tables/$ds.csv is missing; run bench/fetch_tables.sh first"
done
host="$(hostname -s 2>/dev/null || echo host)"
export OMP_NUM_THREADS="$THREADS"
out="$here/out/$(date +%Y-%m-%d-%H%M%S)-$host-synth"
mkdir -p "$out/data"
for ds in ${DATASETS//,/ }; do cp "$tables/$ds.csv" "$out/data/"; done
snapshot_jar
printf '%s\n' "$invocation" > "$out/invocation.txt"
{
    echo "invocation=$invocation"; echo "commit=$commit"; echo "date=$(date -Is)"
    echo "datasets=$DATASETS"; echo "seeds=$SEEDS"; echo "epochs=$EPOCHS"; echo "threads=$THREADS"
    echo "quiet_wait=$QUIET_WAIT"; echo "normalise=$NORMALISE"
    echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"; echo "cores=$(nproc)"
    echo "java=$("$java_cmd" -version 2>&1 | head -1)"
    echo "python=$("$PY" -c 'import platform, numpy; print(platform.python_version(), "numpy", numpy.__version__)')"
    echo "inherited_env=$(inherited_threads)"
    for ds in ${DATASETS//,/ }; do
        echo "data_$ds=$(sha256sum "$out/data/$ds.csv" | cut -d' ' -f1)"
        # data rows as the csv module counts them (a quoted cell may hold a line break)
        echo "rows_$ds=$("$PY" -c 'import csv, sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], newline=""))) - 1)' "$out/data/$ds.csv")"
        echo "label_$ds=$(label_of "$ds")"
    done
} > "$out/settings.txt"
cat /proc/cpuinfo > "$out/cpuinfo.txt"; cat /proc/meminfo > "$out/meminfo.txt"
{ cat /etc/os-release 2>/dev/null || true; echo "KERNEL=$(uname -srm)"; } > "$out/os.txt"
"$java_cmd" -version > "$out/java-version.txt" 2>&1
echo "$commit" > "$out/git-head.txt"
log "raw outputs in $out"
v4j=("$java_cmd" -jar "$jar")

for ds in ${DATASETS//,/ }; do
    label="$(label_of "$ds")"
    real="$out/data/$ds.csv"
    rows="$(sed -n "s/^rows_$ds=//p" "$out/settings.txt")"
    for norm in ${NORMALISE//,/ }; do
    for seed in $(seq 1 "$SEEDS"); do
        if [ "$norm" = modes ]; then cell="${ds}_modes-seed$seed"; how=(--normalise modes); else cell="$ds-seed$seed"; how=(); fi
        dir="$out/$cell"
        mkdir -p "$dir"
        train=(train --data "csv:$real" --out "$dir/model" --epochs "$EPOCHS" --seed "$seed" --val none --no-progress
               "${how[@]}")
        run_step "$cell/train" "vae4j $(q "${train[@]}")" -- "${v4j[@]}" "${train[@]}"
        sample=(sample --model "$dir/model" --count "$rows" --seed "$seed" --out "$dir/synth.csv")
        quick_step "$cell/sample" "vae4j $(q "${sample[@]}")" -- "${v4j[@]}" "${sample[@]}"
        [ -s "$dir/synth.csv" ] || die "vae4j sample wrote no $dir/synth.csv"
        compare=(compare --real "$real" --synthetic "$dir/synth.csv" --label "$label" --json)
        quick_step "$cell/compare" "vae4j $(q "${compare[@]}")" -- "${v4j[@]}" "${compare[@]}"
        cp "$dir/compare.out" "$dir/compare.json"  # --json prints the report
        independent=("$here/independent_baseline.py" --data "$real" --seed "$seed" --out "$dir/independent.csv")
        quick_step "$cell/independent" "$(q "${independent[@]}")" -- "$PY" "${independent[@]}"
        compare=(compare --real "$real" --synthetic "$dir/independent.csv" --label "$label" --json)
        quick_step "$cell/independent-compare" "vae4j $(q "${compare[@]}")" -- "${v4j[@]}" "${compare[@]}"
        cp "$dir/independent-compare.out" "$dir/independent-compare.json"  # --json prints the report
        for f in compare.json independent-compare.json; do
            [ -s "$dir/$f" ] || die "vae4j compare wrote no $dir/$f"
        done
    done
    done
done
rm -rf "$out/jar"
"$PY" "$here/report_synth.py" --run "$out" --results "$RESULTS" --host "$host"
