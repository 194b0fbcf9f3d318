#!/usr/bin/env bash
# vae4j vs the classic PyTorch VAE example, on this machine, in one go.
#
#   bench/run.sh [--epochs N] [--threads T] [--sample-runs K] [--loss-seeds S] [--quiet-wait SECONDS]
#                [--no-tune] [--no-contention] [--skip-torch] [--results DIR]
#
# Runs, one after the other, with OMP_NUM_THREADS=T (default 2), N epochs (default 10):
#   (a) bench/pytorch_reference.py --variant example    the PyTorch example's configuration (DataLoader + ToTensor)
#   (b) bench/pytorch_reference.py --variant preloaded  a variant, NOT the example: same model, data in one tensor
#   (a', b') unless --no-tune: probes four ways of giving PyTorch the same T cores (OpenMP vs OpenBLAS threads,
#       wait policy) and, if one beats plain OMP_NUM_THREADS=T, runs (a) and (b) again with it
#   (a'') the example (fastest thread setting) again with --seed 2..S (default S=5) for the multi-seed test loss
#   (c) ./vae4j train --data fashion-mnist ...          seed 1, java's VmRSS sampled every second (the timed run)
#   (c') the same with --seed 2 and VAE4J_JAVA_OPTS="-Xms1g -Xmx1g -XX:+AlwaysPreTouch" (fixed, pre-touched
#       heap), also RSS-traced: its RSS is native memory + a constant heap (run even if S=1); then --seed 3..S
#   (d) ./vae4j sample --model ... --count 64           K fresh processes (default 5), wall time of each
#   (e) unless --no-contention: vae4j 2 epochs, default OpenMP vs OMP_WAIT_POLICY=PASSIVE, on a quiet machine and
#       with `yes` holding one core
# then writes bench/results/<date>-<host>.md and .json (bench/report.py; --results changes the folder; a later
# run on the same date replaces that day's pair). Raw outputs stay in bench/out/<run>/ (git-ignored). Before each
# step it waits up to --quiet-wait seconds (default 120; 0 = never) for the machine to be idle, and it records
# how busy the machine was during each step, since other people's builds may share the cores.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
PY=/usr/bin/python3
DATA=/usr/share/datasets/fashion-mnist
EPOCHS=10
THREADS=2
RUNS=5
QUIET_WAIT=120
SKIP_TORCH=0
TUNE=1
CONTENTION=1
LOSS_SEEDS=5
# JVM options of the fixed-heap run (c'): heap committed and touched at start, so RSS growth can only be native.
FIXED_HEAP_OPTS="-Xms1g -Xmx1g -XX:+AlwaysPreTouch"
RESULTS="$here/results"
invocation="bench/run.sh $*"
BENCH_NAME=bench/run.sh
# shellcheck source=bench/lib.sh
. "$here/lib.sh"


while [ $# -gt 0 ]; do
    case "$1" in
        --epochs) pos_int "$@"; EPOCHS=$2; shift 2 ;;
        --threads) pos_int "$@"; THREADS=$2; shift 2 ;;
        --sample-runs) pos_int "$@"; RUNS=$2; shift 2 ;;
        --quiet-wait) [ $# -ge 2 ] && is_int "$2" || die "--quiet-wait needs a number of seconds"; QUIET_WAIT=$2; shift 2 ;;
        --loss-seeds) pos_int "$@"; LOSS_SEEDS=$2; shift 2 ;;
        --skip-torch) SKIP_TORCH=1; shift ;;
        --no-tune) TUNE=0; shift ;;
        --no-contention) CONTENTION=0; shift ;;
        --results) [ $# -ge 2 ] || die "--results needs a folder"; RESULTS=$2; shift 2 ;;
        -h|--help) awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) die "unknown argument '$1' (see --help)" ;;
    esac
done

# ---- checks -------------------------------------------------------------------------------------------------
[ -r /proc/self/status ] || die "needs Linux /proc (to read VmRSS)"
for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
    [ -r "$DATA/$f.gz" ] || [ -r "$DATA/$f" ] \
        || die "Fashion-MNIST not found: $DATA/$f.gz is missing (on Debian: apt install dataset-fashion-mnist)"
done
[ -x "$PY" ] || die "$PY not found: the PyTorch reference needs Debian's python3 with python3-torch and python3-torchvision"
if [ "$SKIP_TORCH" = 0 ]; then
    "$PY" -c 'import torch, torchvision' 2>/dev/null \
        || die "$PY cannot import torch and torchvision (on Debian: apt install python3-torch python3-torchvision)"
fi
java_cmd=java
[ -n "${JAVA_HOME:-}" ] && java_cmd="$JAVA_HOME/bin/java"
command -v "$java_cmd" >/dev/null || die "java not found (set JAVA_HOME or put a JDK 17+ on PATH)"
TIMEV=()
if [ -x /usr/bin/time ] && /usr/bin/time -v -o /dev/null true 2>/dev/null; then
    TIMEV=(/usr/bin/time -v -o)
else
    log "GNU /usr/bin/time not available: no maximum resident size from time -v (apt install time)"
fi

# ---- run folder -------------------------------------------------------------------------------------------------
host="$(hostname -s 2>/dev/null || hostname)"
stamp="$(date +%Y-%m-%d-%H%M%S)"
out="$here/out/$stamp-$host"
mkdir -p "$out" "$RESULTS"
export OMP_NUM_THREADS="$THREADS"
printf '%s\n' "$invocation" > "$out/invocation.txt"
printf 'epochs=%s\nthreads=%s\nsample_runs=%s\nquiet_wait=%s\ndata=%s\npython=%s\nskip_torch=%s\ntune=%s\njava_opts=%s\nloss_seeds=%s\nfixed_heap_opts=%s\ncontention=%s\n' \
    "$EPOCHS" "$THREADS" "$RUNS" "$QUIET_WAIT" "$DATA" "$PY" "$SKIP_TORCH" "$TUNE" "${VAE4J_JAVA_OPTS:-}" \
    "$LOSS_SEEDS" "$FIXED_HEAP_OPTS" "$CONTENTION" > "$out/settings.txt"
# Multi-seed test loss: one line per run, "side seed file" (file in $out; pytorch: .jsonl, vae4j: metrics .csv).
: > "$out/loss-seeds.txt"
log "raw outputs in $out"

# The CPU hog of step (e) must never outlive the script: it runs under timeout, any exit stops it, and the runs
# beside it are waited for in the background (own process group) so that a signal is acted on at once.
HOG_PID=
STEP_PGID=
stop_hog() {
    if [ -n "$STEP_PGID" ]; then
        kill -TERM -- "-$STEP_PGID" 2>/dev/null || true
        wait "$STEP_PGID" 2>/dev/null || true
        STEP_PGID=
    fi
    if [ -n "$HOG_PID" ]; then
        kill "$HOG_PID" 2>/dev/null || true
        wait "$HOG_PID" 2>/dev/null || true
        HOG_PID=
    fi
}
trap stop_hog EXIT
trap 'exit 130' INT
trap 'exit 143' TERM


uptime > "$out/uptime-before.txt"
log "load before: $(cat "$out/uptime-before.txt")"

# ---- build (not timed) and the machine --------------------------------------------------------------------------
build_and_record
jar="$root/cli/target/vae4j.jar"

# ---- (a), (b): PyTorch --------------------------------------------------------------------------------------------
if [ "$SKIP_TORCH" = 0 ]; then
    # One torchvision root for both variants, unzipped before any timing.
    "$PY" - "$DATA" "$out/torchvision-root" "$here" <<'EOF'
import sys
sys.dont_write_bytecode = True
sys.path.insert(0, sys.argv[3])
import pytorch_reference
pytorch_reference.prepare_root(sys.argv[1], sys.argv[2])
EOF
    # run_torch NAME VARIANT SEED [VAR=VALUE...]: one full PyTorch run; the settings go on top of OMP_NUM_THREADS.
    run_torch() {
        local name=$1 variant=$2 seed=$3; shift 3
        wait_quiet "$name"
        local setting="${*:-OMP_NUM_THREADS=$THREADS}" seed_arg=""
        [ "$seed" = 1 ] || seed_arg=" --seed $seed"
        log "PyTorch $variant, $EPOCHS epochs, seed $seed: $setting"
        printf '%s\n' "$setting $PY bench/pytorch_reference.py --variant $variant --epochs $EPOCHS$seed_arg" > "$out/$name.cmd"
        phase_start "$name"
        env "$@" "${TIMEV[@]}" ${TIMEV:+"$out/$name.time"} "$PY" "$here/pytorch_reference.py" \
            --variant "$variant" --epochs "$EPOCHS" --seed "$seed" --source "$DATA" --root "$out/torchvision-root" \
            > "$out/$name.jsonl" 2> "$out/$name.err" \
            || { cat "$out/$name.err" >&2; die "the PyTorch run $name failed"; }
        phase_end "$name"
        grep '"event": "epoch"' "$out/$name.jsonl" | sed 's/^/  /' >&2 || true
    }
    # (a) the example's configuration and (b) the preloaded variant, with OMP_NUM_THREADS=THREADS only.
    run_torch torch-example example 1
    run_torch torch-preloaded preloaded 1
    loss_torch_stem=torch-example
    loss_torch_setting=""

    # Debian's torch runs its matrix products on OpenBLAS (pthreads; it also reads OMP_NUM_THREADS) beside its own
    # OpenMP pool, and both busy-wait: on a small machine the split of the cores between them can change the step
    # time several-fold. Probe a few ways of using the same THREADS cores on the training step, then run both
    # variants again with the fastest, so that vae4j is also compared with PyTorch at its best on this machine.
    if [ "$TUNE" = 1 ]; then
        best="$(probe_torch_threads "$THREADS" 100 "$here/pytorch_reference.py" --source "$DATA" \
            --root "$out/torchvision-root")"
        echo "$best" > "$out/torch-tuned-setting.txt"
        log "fastest PyTorch setting: $best"
        if [ "$best" != "OMP_NUM_THREADS=$THREADS" ]; then
            # shellcheck disable=SC2086
            run_torch torch-example-tuned example 1 $best
            # shellcheck disable=SC2086
            run_torch torch-preloaded-tuned preloaded 1 $best
            loss_torch_stem=torch-example-tuned
            loss_torch_setting=$best
        fi
    fi
    # (a'') the example at its fastest setting with seeds 2..LOSS_SEEDS; seed 1 is the run above.
    echo "pytorch 1 $loss_torch_stem.jsonl" >> "$out/loss-seeds.txt"
    for seed in $(seq 2 "$LOSS_SEEDS"); do
        # shellcheck disable=SC2086
        run_torch "$loss_torch_stem-seed$seed" example "$seed" $loss_torch_setting
        echo "pytorch $seed $loss_torch_stem-seed$seed.jsonl" >> "$out/loss-seeds.txt"
    done
    rm -rf "$out/torchvision-root"
fi

# ---- (c): vae4j train ---------------------------------------------------------------------------------------------
model="$out/vae4j-model"
train_args=(train --data fashion-mnist --no-download --epochs "$EPOCHS" --out "$model" --no-progress)
printf '%s\n' "./vae4j ${train_args[*]}" | sed "s|$root/||g" > "$out/vae4j-train.cmd"
# Other people may have changed the sources since the first build: let the launcher rebuild now, outside the
# measured step, and record which build the step runs.
ensure_built() {
    "$root/vae4j" --version > /dev/null 2>> "$out/vae4j-build.log" || die "building vae4j failed (see $out/vae4j-build.log)"
    sha256sum "$jar" | cut -d' ' -f1 > "$out/jar-$1.sha256"
    ( cd "$root" && git rev-parse HEAD 2>/dev/null || echo unknown ) > "$out/git-head-$1.txt"
    ( cd "$root" && git status --short -- core cli pom.xml 2>/dev/null || true ) > "$out/git-status-$1.txt"
}
ensure_built train-start
wait_quiet vae4j-train
log "vae4j: ./vae4j ${train_args[*]}"
phase_start vae4j-train
"$PY" "$here/rss_trace.py" --out "$out/vae4j-trace.json" --interval 1 --match vae4j.jar --log "$out/vae4j-train.log" -- \
    "${TIMEV[@]}" ${TIMEV:+"$out/vae4j-train.time"} "$root/vae4j" "${train_args[@]}" \
    || die "vae4j train failed (see $out/vae4j-train.log)"
phase_end vae4j-train
sha256sum "$jar" | cut -d' ' -f1 > "$out/jar-train-end.sha256"
[ -f "$model/metrics.csv" ] || die "vae4j train wrote no $model/metrics.csv"
cp "$model/metrics.csv" "$out/vae4j-metrics.csv"
echo "vae4j 1 vae4j-metrics.csv" >> "$out/loss-seeds.txt"

# ---- (c'): more seeds; seed 2 with a fixed, pre-touched heap under the RSS tracer --------------------------------
# run_vae4j_seed NAME SEED TRACE(0|1) [VAR=VALUE...]: ./vae4j train --seed SEED, metrics kept as NAME-metrics.csv.
run_vae4j_seed() {
    local name=$1 seed=$2 traced=$3; shift 3
    local dir="$out/$name-model"
    ensure_built "$name"
    wait_quiet "$name"
    log "vae4j seed $seed${*:+ ($*)}"
    local a shown=""
    for a in "$@"; do shown+="${a%%=*}=\"${a#*=}\" "; done
    printf '%s\n' "${shown}OMP_NUM_THREADS=$THREADS ./vae4j train --seed $seed --data fashion-mnist --no-download --epochs $EPOCHS --out DIR --no-progress" \
        > "$out/$name.cmd"
    local cmd=("${TIMEV[@]}" ${TIMEV:+"$out/$name.time"} "$root/vae4j" train --seed "$seed" --data fashion-mnist
               --no-download --epochs "$EPOCHS" --out "$dir" --no-progress)
    phase_start "$name"
    if [ "$traced" = 1 ]; then
        env "$@" "$PY" "$here/rss_trace.py" --out "$out/$name-trace.json" --interval 1 --match vae4j.jar \
            --log "$out/$name.log" -- "${cmd[@]}" > /dev/null 2>&1 || die "vae4j train failed (see $out/$name.log)"
    else
        env "$@" "${cmd[@]}" > "$out/$name.log" 2>&1 || die "vae4j train failed (see $out/$name.log)"
    fi
    phase_end "$name"
    [ -f "$dir/metrics.csv" ] || die "vae4j train wrote no $dir/metrics.csv"
    cp "$dir/metrics.csv" "$out/$name-metrics.csv"
    rm -rf "$dir"
    grep '^epoch' "$out/$name.log" | sed 's/^/  /' >&2 || true
    echo "vae4j $seed $name-metrics.csv" >> "$out/loss-seeds.txt.tmp"
}
: > "$out/loss-seeds.txt.tmp"
run_vae4j_seed vae4j-seed2-fixedheap 2 1 VAE4J_JAVA_OPTS="$FIXED_HEAP_OPTS"
for seed in $(seq 3 "$LOSS_SEEDS"); do
    run_vae4j_seed "vae4j-seed$seed" "$seed" 0
done
# The fixed-heap run always happens (for the memory verdict); it counts in the test loss only if LOSS_SEEDS >= 2.
if [ "$LOSS_SEEDS" -ge 2 ]; then cat "$out/loss-seeds.txt.tmp" >> "$out/loss-seeds.txt"; fi
rm -f "$out/loss-seeds.txt.tmp"

# ---- (d): cold start of ./vae4j sample ----------------------------------------------------------------------------
printf '%s\n' "./vae4j sample --model DIR --count 64 --out FILE.png" > "$out/vae4j-sample.cmd"
ensure_built sample-start
wait_quiet vae4j-sample
log "vae4j sample: $RUNS fresh processes"
phase_start vae4j-sample
: > "$out/sample-times.txt"
done_runs=0
attempts=0
while [ "$done_runs" -lt "$RUNS" ] && [ "$attempts" -lt $((RUNS * 2)) ]; do
    attempts=$((attempts + 1))
    png="$out/sample-$attempts.png"
    t0=$(date +%s%N)
    "$root/vae4j" sample --model "$model" --count 64 --out "$png" > "$out/sample-$attempts.out" 2> "$out/sample-$attempts.err" \
        || { cat "$out/sample-$attempts.err" >&2; die "vae4j sample failed"; }
    t1=$(date +%s%N)
    if grep -q "building" "$out/sample-$attempts.err"; then
        # The launcher rebuilt (someone changed the sources): not a cold start, do not count it.
        echo "$attempts $(( (t1 - t0) / 1000 )) rebuilt" >> "$out/sample-times.txt"
        log "  run $attempts: the launcher rebuilt vae4j first; not counted"
    else
        echo "$attempts $(( (t1 - t0) / 1000 )) ok" >> "$out/sample-times.txt"
        done_runs=$((done_runs + 1))
        log "  run $attempts: $(( (t1 - t0) / 1000000 )) ms"
    fi
    [ -s "$png" ] || die "vae4j sample wrote no $png"
done
phase_end vae4j-sample
sha256sum "$jar" | cut -d' ' -f1 > "$out/jar-after.sha256"

# ---- (e): thread contention: default OpenMP vs OMP_WAIT_POLICY=PASSIVE, quiet and with one core taken ------------
if [ "$CONTENTION" = 1 ]; then
    ensure_built contention
    # run_contention NAME [VAR=VALUE...]: 2 epochs of ./vae4j train, seed 1.
    run_contention() {
        local name=$1; shift
        log "contention: $name${*:+ ($*)}"
        printf '%s\n' "${*:+$* }OMP_NUM_THREADS=$THREADS ./vae4j train --data fashion-mnist --no-download --epochs 2 --out DIR --no-progress" > "$out/$name.cmd"
        phase_start "$name"
        setsid env "$@" "${TIMEV[@]}" ${TIMEV:+"$out/$name.time"} "$root/vae4j" train --data fashion-mnist \
            --no-download --epochs 2 --out "$out/$name-model" --no-progress > "$out/$name.log" 2>&1 &
        STEP_PGID=$!
        wait "$STEP_PGID" || die "vae4j train failed (see $out/$name.log)"
        STEP_PGID=
        phase_end "$name"
        cp "$out/$name-model/metrics.csv" "$out/$name-metrics.csv"
        rm -rf "$out/$name-model"
        grep '^epoch' "$out/$name.log" | sed 's/^/  /' >&2 || true
    }
    wait_quiet contention-quiet-default
    run_contention contention-quiet-default
    wait_quiet contention-quiet-passive
    run_contention contention-quiet-passive OMP_WAIT_POLICY=PASSIVE
    wait_quiet contention-hog
    # One busy process for the rest of this step; timeout ends it even if this script is killed hard.
    timeout 1800 yes > /dev/null &
    HOG_PID=$!
    sleep 1
    hog_yes=$(cat "/proc/$HOG_PID/task/$HOG_PID/children" 2>/dev/null | awk '{print $1}')
    hog_t0=$(date +%s.%N)
    run_contention contention-hog-default
    run_contention contention-hog-passive OMP_WAIT_POLICY=PASSIVE
    # The hog's own CPU seconds (utime + stime of yes) over its wall time: about 1.0 means it held one core.
    hog_ticks=$(awk '{print $14 + $15}' "/proc/$hog_yes/stat" 2>/dev/null || echo "")
    echo "$hog_t0 $(date +%s.%N) ${hog_ticks:-unknown} $(getconf CLK_TCK)" > "$out/contention-hog.txt"
    stop_hog
fi

uptime > "$out/uptime-after.txt"
log "load after: $(cat "$out/uptime-after.txt")"

# ---- report ---------------------------------------------------------------------------------------------------------
"$PY" "$here/report.py" --run "$out" --results "$RESULTS" --host "$host"
