#!/usr/bin/env bash
# Evaluation figures and throughput: trains vae4j's MLP and conv models on Fashion-MNIST and scores them on the
# 10,000 test images with `./vae4j evaluate` (importance-weighted log p(x), ELBO, active units), in one go.
#
#   bench/run_eval.sh [--samples K] [--mlp-epochs N] [--conv-epochs N] [--conv-limit N] [--quiet-wait SECONDS]
#                     [--results DIR]
#
# Steps, each with OMP_NUM_THREADS=2:
#   ./vae4j train --data fashion-mnist --epochs N (default 10)                          the MLP model (seed 1)
#   ./vae4j train --arch conv --data fashion-mnist --epochs N (default 10)              the conv model (seed 1)
#   ./vae4j evaluate --model M --data fashion-mnist:test --iw-samples K (default 1000) --json   for each model; the
#       conv model on all test images, or on the first --conv-limit N (default 0 = all): its K-sample pass takes
#       about 15 minutes here against 1 for the MLP
# then writes bench/results/<date>-<host>-eval.md and .json (bench/report_eval.py). Raw outputs stay in
# bench/out/<run>-eval/. Throughput = scored images / wall seconds of the evaluation (the log-likelihood pass
# dominates: K decoder passes per image).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
PY=/usr/bin/python3
SAMPLES=1000
MLP_EPOCHS=10
CONV_EPOCHS=10
CONV_LIMIT=0
QUIET_WAIT=120
THREADS=2
RESULTS="$here/results"
invocation="bench/run_eval.sh $*"
BENCH_NAME=bench/run_eval.sh
# shellcheck source=bench/lib.sh
. "$here/lib.sh"

while [ $# -gt 0 ]; do
    case "$1" in
        --samples) pos_int "$@"; SAMPLES=$2; shift 2 ;;
        --mlp-epochs) pos_int "$@"; MLP_EPOCHS=$2; shift 2 ;;
        --conv-epochs) pos_int "$@"; CONV_EPOCHS=$2; shift 2 ;;
        --conv-limit) [ $# -ge 2 ] && is_int "$2" || die "--conv-limit needs a number of images (0 = all)"; CONV_LIMIT=$2; shift 2 ;;
        --quiet-wait) [ $# -ge 2 ] && is_int "$2" || die "--quiet-wait needs a number of seconds"; QUIET_WAIT=$2; shift 2 ;;
        --results) [ $# -ge 2 ] || die "--results needs a folder"; RESULTS=$2; shift 2 ;;
        -h|--help) awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) die "unknown argument '$1' (see --help)" ;;
    esac
done

java_cmd=java
[ -n "${JAVA_HOME:-}" ] && java_cmd="$JAVA_HOME/bin/java"
command -v "$java_cmd" >/dev/null || die "java not found (set JAVA_HOME or put a JDK 17+ on PATH)"
[ -x "$PY" ] || die "$PY not found (the report needs python3)"

host="$(hostname -s 2>/dev/null || hostname)"
out="$here/out/$(date +%Y-%m-%d-%H%M%S)-$host-eval"
mkdir -p "$out" "$RESULTS"
export OMP_NUM_THREADS="$THREADS"
printf '%s\n' "$invocation" > "$out/invocation.txt"
printf 'samples=%s\nmlp_epochs=%s\nconv_epochs=%s\nconv_limit=%s\nthreads=%s\nquiet_wait=%s\n' \
    "$SAMPLES" "$MLP_EPOCHS" "$CONV_EPOCHS" "$CONV_LIMIT" "$THREADS" "$QUIET_WAIT" > "$out/settings.txt"
log "raw outputs in $out"
build_and_record

# step NAME SHOWN -- COMMAND...: one timed step, stdout in NAME.out, stderr in NAME.err, wall seconds in NAME.seconds.
step() {
    local name=$1 shown=$2; shift 3
    wait_quiet "$name"
    log "$shown"
    printf '%s\n' "$shown" > "$out/$name.cmd"
    phase_start "$name"
    local t0 t1
    t0=$(date +%s.%N)
    "$@" > "$out/$name.out" 2> "$out/$name.err" || { tail -5 "$out/$name.err" >&2; die "$name failed (see $out/$name.err)"; }
    t1=$(date +%s.%N)
    phase_end "$name"
    echo "$t0 $t1" | awk '{printf "%.3f\n", $2 - $1}' > "$out/$name.seconds"
}

step train-mlp "./vae4j train --data fashion-mnist --epochs $MLP_EPOCHS --out runs/fmnist --no-progress" -- \
    "$root/vae4j" train --data fashion-mnist --no-download --epochs "$MLP_EPOCHS" --out "$out/mlp" --no-progress
step train-conv "./vae4j train --arch conv --data fashion-mnist --epochs $CONV_EPOCHS --out runs/fmnist-conv --no-progress" -- \
    "$root/vae4j" train --arch conv --data fashion-mnist --no-download --epochs "$CONV_EPOCHS" --out "$out/conv" \
    --no-progress
step eval-mlp "./vae4j evaluate --model runs/fmnist --data fashion-mnist:test --iw-samples $SAMPLES --json" -- \
    "$root/vae4j" evaluate --model "$out/mlp" --data fashion-mnist:test --no-download --iw-samples "$SAMPLES" --json
limit=()
[ "$CONV_LIMIT" -gt 0 ] && limit=(--limit "$CONV_LIMIT")
step eval-conv "./vae4j evaluate --model runs/fmnist-conv --data fashion-mnist:test --iw-samples $SAMPLES${limit[*]:+ ${limit[*]}} --json" -- \
    "$root/vae4j" evaluate --model "$out/conv" --data fashion-mnist:test --no-download --iw-samples "$SAMPLES" \
    "${limit[@]}" --json
cp "$out/mlp/metrics.csv" "$out/mlp-metrics.csv"
cp "$out/conv/metrics.csv" "$out/conv-metrics.csv"

"$PY" "$here/report_eval.py" --run "$out" --results "$RESULTS" --host "$host"
