#!/usr/bin/env bash
# Kill-and-resume probe: does `vae4j train --resume` reproduce an uninterrupted run bit for bit?
#
#   bench/kill_probe.sh [--epochs N] [--kills K] [--trials T] [--data SPEC] [--val SPEC] [--out DIR]
#                       [--seed S] [--window LO:HI] [--no-reference] [--reference DIR] [--results PREFIX]
#
# 1. Runs `vae4j train --data SPEC --epochs N --out DIR/reference --no-progress` uninterrupted (skipped with
#    --reference DIR, which reuses a finished reference folder).
# 2. For each of T trials: starts the same command in DIR/trial-I, kills it with SIGKILL after a random delay
#    (seeded, uniform in [LO, HI] seconds after the process started; by default LO = the reference's start-up time
#    x 0.8, HI = start-up + 4 epochs of wall time, so kills land in start-up, inside epochs and while a checkpoint is
#    being written, and about half of them after the process saved an epoch, so that most processes resume),
#    checks the folder loads (`vae4j info --model`), and continues with `vae4j train --resume --out`
#    (or starts afresh if no epoch was ever saved) until K kills are done; then lets the last process finish.
# 3. Compares each trial's metrics.csv (train_loss and val_loss of every epoch, as strings) and final
#    weights.params bytes with the reference, and says which process computed the first differing epoch.
#
# Defaults: 30 epochs, 20 kills per trial, 8 trials, --data fashion-mnist, seed 1, out bench/out/kill-probe.
# Writes PREFIX.md and PREFIX.json (default bench/results/<date>-kill-probe) via bench/kill_report.py.
# VAE4J_JAVA_OPTS and the OMP_/MKL_ environment pass through to every vae4j process (and are recorded).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
EPOCHS=30
KILLS=20
TRIALS=8
DATA=fashion-mnist
VAL=""
OUT="$here/out/kill-probe"
SEED=1
WINDOW=""
REFERENCE=""
RESULTS=""
invocation="bench/kill_probe.sh $*"

die() { echo "kill_probe: $*" >&2; exit 2; }
log() { echo "[kill_probe $(date +%H:%M:%S)] $*" >&2; }
while [ $# -gt 0 ]; do
    case "$1" in
        --epochs) EPOCHS=$2; shift 2 ;;
        --kills) KILLS=$2; shift 2 ;;
        --trials) TRIALS=$2; shift 2 ;;
        --data) DATA=$2; shift 2 ;;
        --val) VAL=$2; shift 2 ;;
        --out) OUT=$2; shift 2 ;;
        --seed) SEED=$2; shift 2 ;;
        --window) WINDOW=$2; shift 2 ;;
        --reference) REFERENCE=$2; shift 2 ;;
        --results) RESULTS=$2; shift 2 ;;
        -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
        *) die "unknown option $1 (see --help)" ;;
    esac
done
for v in EPOCHS KILLS TRIALS SEED; do
    [[ "${!v}" =~ ^[0-9]+$ ]] || die "--${v,,} ${!v}: expected a whole number"
done
[ -n "$RESULTS" ] || RESULTS="$here/results/$(date +%Y-%m-%d)-kill-probe"
mkdir -p "$OUT" "$(dirname "$RESULTS")"
OUT="$(cd "$OUT" && pwd)"
VAE4J="$root/vae4j"
val_args=()
[ -n "$VAL" ] && val_args=(--val "$VAL")
train_cmd() { echo "vae4j train --data $DATA --epochs $EPOCHS ${val_args[*]} --out DIR --no-progress"; }

log "building vae4j if needed"
"$VAE4J" --version > "$OUT/version.txt" 2> "$OUT/build.log" || { cat "$OUT/build.log" >&2; die "build failed"; }

# events.tsv: one line per process: trial, process number, kind (fresh/resume), epochs saved before, delay asked
# (s, or - for none), outcome (killed/finished/failed), seconds alive, whether a checkpoint write was in progress at
# the kill (a .NAME.writing folder existed), epochs saved after, info check (ok/FAIL/-)
events="$OUT/events.tsv"
: > "$events"

epochs_saved() { # epochs in the metrics.csv of DIR's current version (as AtomicFolder.current picks it), 0 if none
    local dir=$1 name parent current
    name=$(basename "$dir"); parent=$(dirname "$dir")
    current="$dir"
    if [ ! -d "$dir" ] && [ -d "$parent/.$name.old" ]; then
        current="$parent/.$name.old"
        [ -d "$parent/.$name.writing" ] && current="$parent/.$name.writing"
    fi
    if [ -f "$current/metrics.csv" ]; then echo $(( $(wc -l < "$current/metrics.csv") - 1 )); else echo 0; fi
}

# ---- 1. reference ---------------------------------------------------------------------------------------------
if [ -z "$REFERENCE" ]; then
    REFERENCE="$OUT/reference"
    rm -rf "$REFERENCE" "$OUT/.reference.writing" "$OUT/.reference.old"
    log "reference: $(train_cmd)"
    start=$(date +%s.%N)
    # each output line prefixed with the time it was printed (for the kill window)
    set +e
    "$VAE4J" train --data "$DATA" --epochs "$EPOCHS" "${val_args[@]}" --out "$REFERENCE" --no-progress 2>&1 \
        | while IFS= read -r line; do printf '%s %s\n' "$(date +%s.%N)" "$line"; done > "$OUT/reference.log"
    rc=${PIPESTATUS[0]}
    set -e
    [ "$rc" -eq 0 ] || { cat "$OUT/reference.log" >&2; die "the reference run failed"; }
    echo "$start" > "$OUT/reference-start.txt"
else
    REFERENCE="$(cd "$REFERENCE" && pwd)"
    [ -f "$REFERENCE/metrics.csv" ] || die "--reference $REFERENCE: no metrics.csv"
fi
[ "$(epochs_saved "$REFERENCE")" -eq "$EPOCHS" ] || die "the reference has $(epochs_saved "$REFERENCE") epochs, expected $EPOCHS"

# ---- kill window ----------------------------------------------------------------------------------------------
if [ -z "$WINDOW" ]; then
    # start-up = wall time before the first epoch began; epoch wall time = the rest / epochs (includes checkpoints)
    [ -f "$OUT/reference-start.txt" ] || die "--window LO:HI is needed with --reference (no timed reference log)"
    WINDOW=$(python3 - "$OUT/reference.log" "$(cat "$OUT/reference-start.txt")" "$REFERENCE/metrics.csv" <<'EOF'
import csv, re, sys
start = float(sys.argv[2])
times = [float(l.split(" ", 1)[0]) for l in open(sys.argv[1]) if re.match(r"\S+ epoch +\d+/", l)]
rows = list(csv.DictReader(open(sys.argv[3])))
startup = times[0] - start - float(rows[0]["seconds"])        # JVM, engine and data loading
per_epoch = (times[-1] - times[0]) / max(1, len(times) - 1)   # training + validation + checkpoint write
print(f"{0.8 * startup:.2f}:{startup + 4 * per_epoch:.2f}")
EOF
)
fi
LO=${WINDOW%%:*}
HI=${WINDOW##*:}
log "kill window: uniform in [$LO, $HI] s after each process starts"

# Seeded delays for every trial: trial I, kill J -> line I*KILLS+J of delays.txt
python3 -c "
import random, sys
r = random.Random($SEED)
for _ in range($TRIALS * $KILLS):
    print(f'{r.uniform($LO, $HI):.3f}')
" > "$OUT/delays.txt"

# ---- 2. trials ------------------------------------------------------------------------------------------------
for ((t = 1; t <= TRIALS; t++)); do
    dir="$OUT/trial-$t"
    name=$(basename "$dir")
    rm -rf "$dir" "$OUT/.$name.writing" "$OUT/.$name.old"
    kills=0
    proc=0
    while true; do
        proc=$((proc + 1))
        before=$(epochs_saved "$dir")
        if [ -f "$dir/vae4j.json" ] || [ -d "$OUT/.$name.old" ]; then
            kind=resume
            args=(train --resume --out "$dir" --no-progress)
        else
            kind=fresh
            args=(train --data "$DATA" --epochs "$EPOCHS" "${val_args[@]}" --out "$dir" --no-progress)
        fi
        log_file="$OUT/$name-p$proc.log"
        started=$(date +%s.%N)
        "$VAE4J" "${args[@]}" > "$log_file" 2>&1 &
        pid=$!
        if [ "$kills" -lt "$KILLS" ]; then
            delay=$(sed -n "$(( (t - 1) * KILLS + kills + 1 ))p" "$OUT/delays.txt")
            # sleep in small steps so a process that finishes early is noticed
            deadline=$(python3 -c "print($started + $delay)")
            while kill -0 "$pid" 2>/dev/null && python3 -c "import time,sys; sys.exit(time.time() >= $deadline)"; do
                sleep 0.05
            done
            if kill -0 "$pid" 2>/dev/null; then
                writing=no
                [ -d "$OUT/.$name.writing" ] && writing=yes
                kill -KILL "$pid" 2>/dev/null || true
                wait "$pid" 2>/dev/null || true
                alive=$(python3 -c "import time; print(f'{time.time() - $started:.2f}')")
                kills=$((kills + 1))
                info=ok
                "$root/vae4j" info --model "$dir" > "$OUT/$name-p$proc-info.log" 2>&1 || info=FAIL
                if [ ! -f "$dir/vae4j.json" ] && [ ! -d "$OUT/.$name.old" ]; then info=-; fi
                printf '%s\t%s\t%s\t%s\t%s\tkilled\t%s\t%s\t%s\t%s\n' "$t" "$proc" "$kind" "$before" "$delay" \
                    "$alive" "$writing" "$(epochs_saved "$dir")" "$info" >> "$events"
                continue
            fi
        else
            delay=-
        fi
        rc=0
        wait "$pid" || rc=$?
        alive=$(python3 -c "import time; print(f'{time.time() - $started:.2f}')")
        outcome=finished
        [ "$rc" -eq 0 ] || outcome=failed
        info=ok
        "$root/vae4j" info --model "$dir" > "$OUT/$name-p$proc-info.log" 2>&1 || info=FAIL
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t-\t%s\t%s\n' "$t" "$proc" "$kind" "$before" "$delay" "$outcome" "$alive" \
            "$(epochs_saved "$dir")" "$info" >> "$events"
        [ "$outcome" = finished ] || log "trial $t process $proc failed (rc $rc, see $log_file)"
        break
    done
    log "trial $t: $kills kills, $proc processes, $(epochs_saved "$dir") epochs"
done

# ---- 3. report ------------------------------------------------------------------------------------------------
{
    echo "invocation=$invocation"
    echo "command=$(train_cmd)"
    echo "commit=$(cd "$root" && git rev-parse HEAD 2>/dev/null || echo unknown)"
    echo "dirty=$(cd "$root" && git status --porcelain -- core cli pom.xml 2>/dev/null | tr '\n' ' ')"
    echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
    echo "cores=$(nproc)"
    echo "window=$LO:$HI"
    echo "seed=$SEED"
    echo "epochs=$EPOCHS"
    echo "kills_per_trial=$KILLS"
    echo "trials=$TRIALS"
    echo "reference=$REFERENCE"
    echo "java_opts=${VAE4J_JAVA_OPTS:-}"
    echo "env=$(env | grep -E '^(OMP_|MKL_|KMP_|GOMP_)' | tr '\n' ' ')"
    echo "version=$(head -1 "$OUT/version.txt")"
} > "$OUT/setup.txt"
python3 "$here/kill_report.py" "$OUT" "$RESULTS"
