#!/usr/bin/env bash
# vae4j's convolutional VAE vs the same network in PyTorch, and vae4j's conv vs MLP model, on this machine, in one go.
#
#   bench/run_conv.sh [--epochs N] [--seeds S] [--threads T] [--probe-steps K] [--quiet-wait SECONDS]
#                     [--no-tune] [--results DIR]
#
# The model is `./vae4j train --arch conv` with its defaults (bench/pytorch_conv_reference.py states it in PyTorch):
# Conv 1->32->64 (4x4, stride 2), dense 256, latent 20, transposed convolutions back, Bernoulli, Adam 1e-3, batch 128,
# Fashion-MNIST. Steps, with T threads (default 2) and N epochs (default 5):
#   (p) unless --no-tune: probes four ways of giving PyTorch the same T cores (OpenMP vs OpenBLAS threads, wait
#       policy; K training steps each, default 40, best of 3) and uses the fastest for the PyTorch runs
#   then for each seed 1..S (default 3), one after the other:
#   (t) bench/pytorch_conv_reference.py --epochs N --seed s
#   (c) ./vae4j train --arch conv --data fashion-mnist --epochs N --seed s
#   (m) ./vae4j train --arch mlp  --data fashion-mnist --epochs N --seed s   (the foundation's model, for the loss)
# then writes bench/results/<date>-<host>-conv.md and .json (bench/report_conv.py). Raw outputs stay in
# bench/out/<run>-conv/ (git-ignored). Before each step it waits up to --quiet-wait seconds (default 120; 0 = never)
# for the machine to be idle, and it records how busy the machine was during each step.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
PY=/usr/bin/python3
DATA=/usr/share/datasets/fashion-mnist
EPOCHS=5
SEEDS=3
THREADS=2
PROBE_STEPS=40
QUIET_WAIT=120
TUNE=1
RESULTS="$here/results"
invocation="bench/run_conv.sh $*"
BENCH_NAME=bench/run_conv.sh
# shellcheck source=bench/lib.sh
. "$here/lib.sh"

while [ $# -gt 0 ]; do
    case "$1" in
        --epochs) pos_int "$@"; EPOCHS=$2; shift 2 ;;
        --seeds) pos_int "$@"; SEEDS=$2; shift 2 ;;
        --threads) pos_int "$@"; THREADS=$2; shift 2 ;;
        --probe-steps) pos_int "$@"; PROBE_STEPS=$2; shift 2 ;;
        --quiet-wait) [ $# -ge 2 ] && is_int "$2" || die "--quiet-wait needs a number of seconds"; QUIET_WAIT=$2; shift 2 ;;
        --no-tune) TUNE=0; shift ;;
        --results) [ $# -ge 2 ] || die "--results needs a folder"; RESULTS=$2; shift 2 ;;
        -h|--help) awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) die "unknown argument '$1' (see --help)" ;;
    esac
done

# ---- checks -------------------------------------------------------------------------------------------------
for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
    [ -r "$DATA/$f.gz" ] || die "Fashion-MNIST not found: $DATA/$f.gz is missing (on Debian: apt install dataset-fashion-mnist)"
done
[ -x "$PY" ] || die "$PY not found: the PyTorch reference needs Debian's python3 with python3-torch"
"$PY" -c 'import torch' 2>/dev/null || die "$PY cannot import torch (on Debian: apt install python3-torch)"
find_java_and_time

# ---- run folder -------------------------------------------------------------------------------------------------
host="$(hostname -s 2>/dev/null || hostname)"
out="$here/out/$(date +%Y-%m-%d-%H%M%S)-$host-conv"
mkdir -p "$out" "$RESULTS"
export OMP_NUM_THREADS="$THREADS"
printf '%s\n' "$invocation" > "$out/invocation.txt"
printf 'epochs=%s\nseeds=%s\nthreads=%s\nprobe_steps=%s\nquiet_wait=%s\ndata=%s\npython=%s\ntune=%s\njava_opts=%s\n' \
    "$EPOCHS" "$SEEDS" "$THREADS" "$PROBE_STEPS" "$QUIET_WAIT" "$DATA" "$PY" "$TUNE" "${VAE4J_JAVA_OPTS:-}" \
    > "$out/settings.txt"
: > "$out/runs.txt"   # one line per training run: "side seed file-stem"
log "raw outputs in $out"
uptime > "$out/uptime-before.txt"
build_and_record

# ---- (p): PyTorch thread settings -------------------------------------------------------------------------------
setting="$(torch_setting "$here/pytorch_conv_reference.py" --source "$DATA")"

for seed in $(seq 1 "$SEEDS"); do
    # (t) PyTorch
    # shellcheck disable=SC2086
    run_step "torch-conv-seed$seed" "$setting $PY bench/pytorch_conv_reference.py --epochs $EPOCHS --seed $seed" -- \
        env $setting "$PY" "$here/pytorch_conv_reference.py" --epochs "$EPOCHS" --seed "$seed" --source "$DATA"
    grep '"event": "epoch"' "$out/torch-conv-seed$seed.out" | sed 's/^/  /' >&2 || true
    echo "pytorch-conv $seed torch-conv-seed$seed" >> "$out/runs.txt"
    # (c), (m) vae4j
    for arch in conv mlp; do
        name="vae4j-$arch-seed$seed"
        run_step "$name" "OMP_NUM_THREADS=$THREADS ./vae4j train --arch $arch --data fashion-mnist --no-download --epochs $EPOCHS --seed $seed --out DIR --no-progress" -- \
            "$root/vae4j" train --arch "$arch" --data fashion-mnist --no-download --epochs "$EPOCHS" --seed "$seed" \
            --out "$out/$name-model" --no-progress
        [ -f "$out/$name-model/metrics.csv" ] || die "vae4j train wrote no $out/$name-model/metrics.csv"
        cp "$out/$name-model/metrics.csv" "$out/$name-metrics.csv"
        cp "$out/$name-model/vae4j.json" "$out/$name-vae4j.json"
        rm -rf "$out/$name-model"
        cut -d, -f1,5,8 "$out/$name-metrics.csv" | sed 's/^/  /' >&2
        echo "vae4j-$arch $seed $name" >> "$out/runs.txt"
    done
done
uptime > "$out/uptime-after.txt"

# ---- report -----------------------------------------------------------------------------------------------------
"$PY" "$here/report_conv.py" --run "$out" --results "$RESULTS" --host "$host"
