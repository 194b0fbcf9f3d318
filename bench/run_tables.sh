#!/usr/bin/env bash
# The ADBench-style tabular anomaly benchmark: vae4j's anomaly scores against PCA, kNN and Isolation Forest on the
# same splits of four ADBench tables, in both of ADBench's settings, over several seeds, in one go.
#
#   bench/run_tables.sh [--datasets breastw,pima,shuttle,satellite] [--settings unsupervised,semi] [--seeds S]
#                       [--epochs E] [--methods elbo,iw,recon-prob] [--samples L] [--primary METHOD]
#                       [--threads T] [--quiet-wait SECONDS] [--results DIR] [--reuse OUT]
#
# Data: bench/fetch_tables.sh's tables (bench/out/data/tables/NAME.csv, NAME.anomaly.txt), copied into the run
# folder. For each dataset, setting and seed 1..S (default 5):
#   (s) bench/table_split.py --setting unsupervised|semi --seed s: unsupervised = train and test both every row;
#       semi = train on a random half of the normal rows, test on the other half and every anomaly
#   (v) vae4j train --data csv:train.csv --label COL --columns (every other column):numeric --out model
#       --epochs E (default 100) --seed s --val none --no-progress (timed: wall seconds of the whole process, GNU time), then for each method M of --methods:
#       vae4j score --model model --data csv:test.csv --label COL --anomaly V1,V2 --method M --samples L
#       (default 50: posterior samples for elbo and recon-prob, importance samples K for iw) --seed s
#       --out scores-M.csv --json (printed, kept as scores-M.json)
#   (b) bench/table_baselines.py on the same train.csv and test.csv: PCA reconstruction error, kNN (k = 5),
#       Isolation Forest (random_state s)
# The report gives mean ± sd over seeds of ROC-AUC and average precision per setting, vae4j's training seconds,
# the PyOD VAE's ROC-AUC from Livernoche et al. 2024 for context, and the goal check of the method named by
# --primary (default iw, chosen before the run; every method is reported): ahead of the PyOD VAE, and at or above
# the best of the three baselines, per dataset and setting.
# --reuse OUT runs the given datasets, settings, seeds and methods again into an earlier run's folder (its data, and
# its epochs, samples and primary method), then writes the report of the folder as it then is; a cell run again is
# replaced whole (split, model, scores), so the methods not named this time are gone from it.
# vae4j runs from a copy of the jar made at the start (bench/lib.sh snapshot_jar), with OMP_NUM_THREADS=T (default
# 2); before each training step the script waits up to --quiet-wait seconds (default 30) for an idle machine.
# Writes bench/results/<date>-<host>-tables.md and .json (bench/report_tables.py); raw outputs in
# bench/out/<run>-tables/, one folder per dataset, setting and seed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
PY=/usr/bin/python3
DATASETS=breastw,pima,shuttle,satellite; SETTINGS=unsupervised,semi; SEEDS=5; EPOCHS=100; METHODS=elbo,iw,recon-prob
SAMPLES=50; PRIMARY=iw; THREADS=2; QUIET_WAIT=30; REUSE=
RESULTS="$here/results"
invocation="bench/run_tables.sh $*"
BENCH_NAME=bench/run_tables.sh
# shellcheck source=bench/lib.sh
. "$here/lib.sh"
method_re='(elbo|iw|recon-prob)'
while [ $# -gt 0 ]; do
    case "$1" in
        --datasets) [ $# -ge 2 ] && [[ "$2" =~ ^[a-z]+(,[a-z]+)*$ ]] || die "--datasets needs a list such as breastw,pima"; DATASETS=$2; shift 2 ;;
        --settings) [ $# -ge 2 ] && [[ "$2" =~ ^(unsupervised|semi)(,(unsupervised|semi))?$ ]] || die "--settings needs unsupervised, semi or both"; SETTINGS=$2; shift 2 ;;
        --seeds) pos_int "$@"; SEEDS=$2; shift 2 ;;
        --epochs) pos_int "$@"; EPOCHS=$2; shift 2 ;;
        --methods) [ $# -ge 2 ] && [[ "$2" =~ ^$method_re(,$method_re)*$ ]] || die "--methods needs a list of elbo, iw, recon-prob"; METHODS=$2; shift 2 ;;
        --samples) pos_int "$@"; SAMPLES=$2; shift 2 ;;
        --primary) [ $# -ge 2 ] && [[ "$2" =~ ^$method_re$ ]] || die "--primary needs one of elbo, iw, recon-prob"; PRIMARY=$2; shift 2 ;;
        --threads) pos_int "$@"; THREADS=$2; shift 2 ;;
        --quiet-wait) [ $# -ge 2 ] && is_int "$2" || die "--quiet-wait needs a number of seconds"; QUIET_WAIT=$2; shift 2 ;;
        --results) [ $# -ge 2 ] || die "--results needs a folder"; RESULTS=$2; shift 2 ;;
        --reuse) [ $# -ge 2 ] && [ -r "$2/settings.txt" ] || die "--reuse needs the folder of an earlier run of this script"; REUSE=$2; shift 2 ;;
        -h|--help) awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) die "unknown argument '$1' (see --help)" ;;
    esac
done

# label_of NAME: the label column of each table bench/fetch_tables.sh writes.
label_of() {
    case "$1" in
        breastw|shuttle) echo Class ;;
        pima) echo diabetes ;;
        satellite) echo classes ;;
        *) die "unknown dataset '$1' (known: breastw, pima, shuttle, satellite)" ;;
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
# the steps whose figures do not depend on the machine's load: scoring, baselines).
quick_step() {
    local name=$1 shown=$2; shift 3
    log "$shown"
    printf '%s\n' "$shown" > "$out/$name.cmd"
    "$@" > "$out/$name.out" 2> "$out/$name.err" || { tail -5 "$out/$name.err" >&2; die "$name failed (see $out/$name.err)"; }
}
# setting_of KEY: a value of the earlier run's settings.txt (key=value lines), dying when it is not there.
setting_of() {
    local v
    v="$(sed -n "s/^$1=//p" "$out/settings.txt" | head -1)"
    [ -n "$v" ] || die "$out/settings.txt: cannot read the earlier run's $1"
    echo "$v"
}

for ds in ${DATASETS//,/ }; do label_of "$ds" > /dev/null; done
find_java_and_time
[ -x "$PY" ] || die "$PY not found (Debian's python3 with python3-sklearn and python3-numpy)"
"$PY" -c 'import numpy, sklearn' 2>/dev/null || die "$PY cannot import numpy and sklearn (apt install python3-sklearn)"
for f in table_split.py table_baselines.py report_tables.py report.py; do
    [ -r "$here/$f" ] || die "$here/$f is missing"
done
host="$(hostname -s 2>/dev/null || echo host)"
export OMP_NUM_THREADS="$THREADS"

if [ -n "$REUSE" ]; then
    out="$(cd "$REUSE" && pwd)"
    EPOCHS="$(setting_of epochs)"; SAMPLES="$(setting_of samples)"; PRIMARY="$(setting_of primary)"
    for ds in ${DATASETS//,/ }; do
        [ -r "$out/data/$ds.csv" ] && [ -r "$out/data/$ds.anomaly.txt" ] || die "$out/data/$ds.csv is not in the earlier run"
    done
    snapshot_jar
    echo "rerun=$invocation at $commit on $(date -Is): datasets $DATASETS, settings $SETTINGS, seeds 1..$SEEDS, methods $METHODS (epochs $EPOCHS, samples $SAMPLES from the earlier run)" >> "$out/settings.txt"
else
    tables="$here/out/data/tables"
    for ds in ${DATASETS//,/ }; do
        [ -r "$tables/$ds.csv" ] && [ -r "$tables/$ds.anomaly.txt" ] || die "$tables/$ds.csv is missing; run bench/fetch_tables.sh first"
    done
    out="$here/out/$(date +%Y-%m-%d-%H%M%S)-$host-tables"
    mkdir -p "$out/data"
    for ds in ${DATASETS//,/ }; do cp "$tables/$ds.csv" "$tables/$ds.anomaly.txt" "$out/data/"; done
    [ -r "$tables/satellite.anomalies.txt" ] && cp "$tables/satellite.anomalies.txt" "$out/data/"
    snapshot_jar
    printf '%s\n' "$invocation" > "$out/invocation.txt"
    {
        echo "invocation=$invocation"; echo "commit=$commit"; echo "date=$(date -Is)"
        echo "datasets=$DATASETS"; echo "settings=$SETTINGS"; echo "seeds=$SEEDS"; echo "epochs=$EPOCHS"
        echo "methods=$METHODS"; echo "samples=$SAMPLES"; echo "primary=$PRIMARY"; echo "threads=$THREADS"
        echo "quiet_wait=$QUIET_WAIT"
        echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"; echo "cores=$(nproc)"
        echo "java=$("$java_cmd" -version 2>&1 | head -1)"
        echo "python=$("$PY" -c 'import platform, numpy, sklearn; print(platform.python_version(), "numpy", numpy.__version__, "sklearn", sklearn.__version__)')"
        echo "inherited_env=$(inherited_threads)"
        for ds in ${DATASETS//,/ }; do echo "data_$ds=$(sha256sum "$out/data/$ds.csv" | cut -d' ' -f1)"; done
    } > "$out/settings.txt"
    cat /proc/cpuinfo > "$out/cpuinfo.txt"; cat /proc/meminfo > "$out/meminfo.txt"
    { cat /etc/os-release 2>/dev/null || true; echo "KERNEL=$(uname -srm)"; } > "$out/os.txt"
    "$java_cmd" -version > "$out/java-version.txt" 2>&1
    echo "$commit" > "$out/git-head.txt"
fi
log "raw outputs in $out"
v4j=("$java_cmd" -jar "$jar")

for ds in ${DATASETS//,/ }; do
    label="$(label_of "$ds")"
    anomaly="$(head -1 "$out/data/$ds.anomaly.txt")"
    for setting in ${SETTINGS//,/ }; do
        for seed in $(seq 1 "$SEEDS"); do
            cell="$ds-$setting-seed$seed"
            dir="$out/$cell"
            rm -rf "$dir"
            mkdir -p "$dir"
            split=("$here/table_split.py" --data "$out/data/$ds.csv" --label "$label" --anomaly "$anomaly"
                   --setting "$setting" --seed "$seed" --out "$dir")
            quick_step "$cell/split" "$(q "${split[@]}")" -- "$PY" "${split[@]}"
            # ADBench's features are numbers (breastw's are 1-10 scores, which vae4j would otherwise read as
            # categories, and a semi-supervised split's training rows may lack a score the test rows have)
            columns="$("$PY" -c 'import csv, sys; h = next(csv.reader(open(sys.argv[1], newline=""))); print(",".join(c + ":numeric" for c in h if c != sys.argv[2]))' "$dir/train.csv" "$label")"
            train=(train --data "csv:$dir/train.csv" --label "$label" --columns "$columns" --out "$dir/model"
                   --epochs "$EPOCHS" --seed "$seed" --val none --no-progress)
            run_step "$cell/train" "vae4j $(q "${train[@]}")" -- "${v4j[@]}" "${train[@]}"
            for method in ${METHODS//,/ }; do
                score=(score --model "$dir/model" --data "csv:$dir/test.csv" --label "$label" --anomaly "$anomaly"
                       --method "$method" --samples "$SAMPLES" --seed "$seed" --out "$dir/scores-$method.csv"
                       --json)
                quick_step "$cell/score-$method" "vae4j $(q "${score[@]}")" -- "${v4j[@]}" "${score[@]}"
                cp "$dir/score-$method.out" "$dir/scores-$method.json"  # --json prints the summary
                [ -s "$dir/scores-$method.json" ] || die "vae4j score wrote no $dir/scores-$method.json"
            done
            baselines=("$here/table_baselines.py" --train "$dir/train.csv" --test "$dir/test.csv" --label "$label"
                       --anomaly "$anomaly" --seed "$seed" --json "$dir/baselines.json" --scores-out "$dir/baseline-scores.csv")
            quick_step "$cell/baselines" "$(q "${baselines[@]}")" -- "$PY" "${baselines[@]}"
        done
    done
done
rm -rf "$out/jar"
"$PY" "$here/report_tables.py" --run "$out" --results "$RESULTS" --host "$host"
