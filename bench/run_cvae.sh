#!/usr/bin/env bash
# vae4j's conditional VAE vs the same network in PyTorch, judged by an independent classifier, on this machine, in one go.
#
#   bench/run_cvae.sh [--epochs N] [--seeds S] [--threads T] [--iw-samples K] [--eval-limit N] [--probe-steps K]
#                     [--classifier-epochs E] [--quiet-wait SECONDS] [--no-tune] [--results DIR]
#
# The model is `./vae4j train --condition label` with its defaults (bench/pytorch_cvae_reference.py states it in
# PyTorch): q(z|x,y) and p(x|z,y) with y one-hot, MLP 794-400-20 / 30-400-784, Bernoulli, Adam 1e-3, batch 128,
# Fashion-MNIST. Steps, with T threads (default 2), N epochs (default 10) and K importance samples (default 1000):
#   (p) unless --no-tune: probes four ways of giving PyTorch the same T cores (OpenMP vs OpenBLAS threads, wait
#       policy; K training steps each, default 40, best of 3) and uses the fastest for every PyTorch run
#   (c) bench/classifier.py train (seed 1, E epochs, default 5): the independent judge of generated images
#   then for each seed 1..S (default 3), one after the other:
#   (t) bench/pytorch_cvae_reference.py --epochs N --seed s --samples-out (100 prior samples per class; seed 1 also
#       --iw-samples K --iw-limit 1000), then the classifier scores the samples
#   (v) ./vae4j train --condition label --data fashion-mnist --epochs N --seed s, then
#       ./vae4j sample --count 100 (per class) --seed s, scored by the classifier, and
#       ./vae4j transfer --data fashion-mnist:test --count 1000 (every image decoded with every class), scored by
#       the classifier on all 10,000 outputs and on the 9,000 whose target is not the image's own class
#   (u) ./vae4j train --data fashion-mnist --epochs N --seed s   (the unconditional VAE, same settings)
#   (e) seed 1 only: ./vae4j evaluate --iw-samples K --json of the CVAE (log p(x|y), marginal log p(x), generative
#       accuracy) and of the VAE (log p(x)) on the 10,000 test images (or the first --eval-limit N, default 0 = all),
#       and of the CVAE on the first 1000 (like for like with PyTorch's importance-weighted figures)
# then writes bench/results/<date>-<host>-cvae.md and .json (bench/report_cvae.py). Raw outputs stay in
# bench/out/<run>-cvae/ (git-ignored); the seed-1 model folders stay in its models/ (for pictures), the others are
# deleted after their metrics.csv and vae4j.json are copied. Before each step it waits up to --quiet-wait seconds
# (default 120; 0 = never) for the machine to be idle, and it records how busy the machine was during each step.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
PY=/usr/bin/python3
DATA=/usr/share/datasets/fashion-mnist
EPOCHS=10
SEEDS=3
THREADS=2
IW_SAMPLES=1000
EVAL_LIMIT=0
COMPARE_LIMIT=1000   # test images of the like-for-like importance-weighted comparison with PyTorch
PROBE_STEPS=40
CLASSIFIER_EPOCHS=5
QUIET_WAIT=120
TUNE=1
RESULTS="$here/results"
invocation="bench/run_cvae.sh $*"
BENCH_NAME=bench/run_cvae.sh
# shellcheck source=bench/lib.sh
. "$here/lib.sh"

while [ $# -gt 0 ]; do
    case "$1" in
        --epochs) pos_int "$@"; EPOCHS=$2; shift 2 ;;
        --seeds) pos_int "$@"; SEEDS=$2; shift 2 ;;
        --threads) pos_int "$@"; THREADS=$2; shift 2 ;;
        --iw-samples) pos_int "$@"; IW_SAMPLES=$2; shift 2 ;;
        --eval-limit) [ $# -ge 2 ] && is_int "$2" || die "--eval-limit needs a number of test images (0 = all)"; EVAL_LIMIT=$2; shift 2 ;;
        --probe-steps) pos_int "$@"; PROBE_STEPS=$2; shift 2 ;;
        --classifier-epochs) pos_int "$@"; CLASSIFIER_EPOCHS=$2; shift 2 ;;
        --quiet-wait) [ $# -ge 2 ] && is_int "$2" || die "--quiet-wait needs a number of seconds"; QUIET_WAIT=$2; shift 2 ;;
        --no-tune) TUNE=0; shift ;;
        --results) [ $# -ge 2 ] || die "--results needs a folder"; RESULTS=$2; shift 2 ;;
        -h|--help) awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) die "unknown argument '$1' (see --help)" ;;
    esac
done
# Strip leading zeros (bash arithmetic would read 010 as octal).
EPOCHS=$((10#$EPOCHS)); SEEDS=$((10#$SEEDS)); THREADS=$((10#$THREADS)); IW_SAMPLES=$((10#$IW_SAMPLES))
EVAL_LIMIT=$((10#$EVAL_LIMIT)); PROBE_STEPS=$((10#$PROBE_STEPS)); CLASSIFIER_EPOCHS=$((10#$CLASSIFIER_EPOCHS))
QUIET_WAIT=$((10#$QUIET_WAIT))
[ "$EVAL_LIMIT" -le 10000 ] || die "--eval-limit $EVAL_LIMIT: the test set has 10,000 images (0 = all)"

# ---- checks -------------------------------------------------------------------------------------------------
for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
    [ -r "$DATA/$f.gz" ] || die "Fashion-MNIST not found: $DATA/$f.gz is missing (on Debian: apt install dataset-fashion-mnist)"
done
[ -x "$PY" ] || die "$PY not found: the PyTorch reference needs Debian's python3 with python3-torch"
"$PY" -c 'import torch, numpy' 2>/dev/null || die "$PY cannot import torch and numpy (on Debian: apt install python3-torch)"
for f in pytorch_cvae_reference.py classifier.py report_cvae.py report.py lib.sh; do
    [ -r "$here/$f" ] || die "$here/$f is missing"
done
find_java_and_time

# ---- run folder -------------------------------------------------------------------------------------------------
host="$(hostname -s 2>/dev/null || hostname)"
out="$here/out/$(date +%Y-%m-%d-%H%M%S)-$host-cvae"
mkdir -p "$out/models" "$RESULTS"
export OMP_NUM_THREADS="$THREADS"
printf '%s\n' "$invocation" > "$out/invocation.txt"
# Thread variables inherited from the caller's environment (besides OMP_NUM_THREADS, which the script sets) change
# what is measured, so they are recorded and the report names them.
inherited="$(inherited_threads)"
printf 'epochs=%s\nseeds=%s\nthreads=%s\niw_samples=%s\neval_limit=%s\ncompare_limit=%s\nprobe_steps=%s\nclassifier_epochs=%s\nquiet_wait=%s\ndata=%s\npython=%s\ntune=%s\njava_opts=%s\ninherited_env=%s\n' \
    "$EPOCHS" "$SEEDS" "$THREADS" "$IW_SAMPLES" "$EVAL_LIMIT" "$COMPARE_LIMIT" "$PROBE_STEPS" "$CLASSIFIER_EPOCHS" \
    "$QUIET_WAIT" "$DATA" "$PY" "$TUNE" "${VAE4J_JAVA_OPTS:-}" "$inherited" > "$out/settings.txt"
: > "$out/runs.txt"     # one line per training run: "side seed file-stem"
: > "$out/scores.txt"   # one line per classifier verdict: "kind seed file-stem"
log "raw outputs in $out"
uptime > "$out/uptime-before.txt"
build_and_record

# ---- (p): PyTorch thread settings -------------------------------------------------------------------------------
setting="$(torch_setting "$here/pytorch_cvae_reference.py" --source "$DATA")"

# score KIND SEED STEM IMAGES SHOWN-IMAGES: the classifier's verdict on IMAGES.npy against IMAGES.labels.npy.
score() {
    local kind=$1 seed=$2 stem=$3 images=$4 shown=$5
    local labels="${images%.npy}.labels.npy"
    [ -f "$images" ] && [ -f "$labels" ] || die "$images or $labels was not written"
    run_step "$stem" "$PY bench/classifier.py score --model OUT/classifier.pt --images $shown --targets ${shown%.npy}.labels.npy --threads $THREADS" -- \
        "$PY" "$here/classifier.py" score --model "$out/classifier.pt" --images "$images" --targets "$labels" \
        --threads "$THREADS"
    grep -q '"event": "score"' "$out/$stem.out" || die "$stem printed no score (see $out/$stem.out)"
    "$PY" -c 'import json, sys; e = json.loads([l for l in open(sys.argv[1]) if "\"score\"" in l][0])
print("  %s: %d images, %.1f%% assigned to their target class" % (sys.argv[2], e["count"], 100 * e["share_target"]),
      file=sys.stderr)' "$out/$stem.out" "$stem"
    echo "$kind $seed $stem" >> "$out/scores.txt"
}

# keep_or_drop NAME MODEL-DIR SEED: copies metrics.csv and vae4j.json out of the model folder; keeps seed 1's folder
# (as models/NAME), deletes the others.
keep_or_drop() {
    local name=$1 dir=$2 seed=$3
    [ -f "$dir/metrics.csv" ] || die "vae4j train wrote no $dir/metrics.csv"
    cp "$dir/metrics.csv" "$out/$name-metrics.csv"
    cp "$dir/vae4j.json" "$out/$name-vae4j.json"
    cut -d, -f1,5,8 "$out/$name-metrics.csv" | sed 's/^/  /' >&2
    if [ "$seed" = 1 ]; then return 0; fi
    rm -rf "$dir"
}

# ---- (c): the classifier -----------------------------------------------------------------------------------------
run_step classifier-train "$PY bench/classifier.py train --source $DATA --model-out OUT/classifier.pt --epochs $CLASSIFIER_EPOCHS --threads $THREADS" -- \
    "$PY" "$here/classifier.py" train --source "$DATA" --model-out "$out/classifier.pt" --epochs "$CLASSIFIER_EPOCHS" \
    --threads "$THREADS"
grep '"event": "trained"' "$out/classifier-train.out" | sed 's/^/  /' >&2 \
    || die "the classifier printed no result (see $out/classifier-train.out)"
# Its verdict on the real test images, per class: the reference for the per-class shares of generated images.
"$PY" - "$DATA" "$out/test-images.npy" <<'EOF' || die "could not write the test images as .npy"
import gzip, os, sys
import numpy as np
data, path = sys.argv[1:3]
with gzip.open(os.path.join(data, "t10k-images-idx3-ubyte.gz")) as f:
    x = np.frombuffer(f.read(), dtype=np.uint8, offset=16).reshape(-1, 1, 28, 28).astype(np.float32) / 255
with gzip.open(os.path.join(data, "t10k-labels-idx1-ubyte.gz")) as f:
    y = np.frombuffer(f.read(), dtype=np.uint8, offset=8).astype(np.int32)
with open(path, "wb") as f:
    np.save(f, x)
with open(path[:-4] + ".labels.npy", "wb") as f:
    np.save(f, y)
EOF
score test-images 0 score-test-images "$out/test-images.npy" "OUT/test-images.npy"
rm -f "$out/test-images.npy" "$out/test-images.labels.npy"

cvae1="$out/models/cvae-seed1"
vae1="$out/models/vae-seed1"
for seed in $(seq 1 "$SEEDS"); do
    # (t) PyTorch CVAE, its class-conditional samples and (seed 1) its importance-weighted figures
    name="torch-cvae-seed$seed"
    iw=()
    [ "$seed" = 1 ] && iw=(--iw-samples "$IW_SAMPLES" --iw-limit "$COMPARE_LIMIT")
    # shellcheck disable=SC2086
    run_step "$name" "$setting $PY bench/pytorch_cvae_reference.py --epochs $EPOCHS --seed $seed --source $DATA --samples-out OUT/torch-samples-seed$seed.npy${iw[*]:+ ${iw[*]}}" -- \
        env $setting "$PY" "$here/pytorch_cvae_reference.py" --epochs "$EPOCHS" --seed "$seed" --source "$DATA" \
        --samples-out "$out/torch-samples-seed$seed.npy" "${iw[@]}"
    grep -E '"event": "(epoch|iw)"' "$out/$name.out" | sed 's/^/  /' >&2 || true
    echo "pytorch-cvae $seed $name" >> "$out/runs.txt"
    score torch-samples "$seed" "score-torch-samples-seed$seed" "$out/torch-samples-seed$seed.npy" \
        "OUT/torch-samples-seed$seed.npy"

    # (v) vae4j CVAE, its samples and its transfers
    name="vae4j-cvae-seed$seed"
    dir="$out/models/cvae-seed$seed"
    run_step "$name" "OMP_NUM_THREADS=$THREADS ./vae4j train --condition label --data fashion-mnist --no-download --epochs $EPOCHS --seed $seed --out DIR --no-progress" -- \
        "$root/vae4j" train --condition label --data fashion-mnist --no-download --epochs "$EPOCHS" --seed "$seed" \
        --out "$dir" --no-progress
    [ -f "$dir/metrics.csv" ] || die "vae4j train wrote no $dir/metrics.csv"
    echo "vae4j-cvae $seed $name" >> "$out/runs.txt"
    run_step "vae4j-sample-seed$seed" "./vae4j sample --model DIR --count 100 --seed $seed --out OUT/vae4j-samples-seed$seed.npy" -- \
        "$root/vae4j" sample --model "$dir" --count 100 --seed "$seed" --out "$out/vae4j-samples-seed$seed.npy"
    score vae4j-samples "$seed" "score-vae4j-samples-seed$seed" "$out/vae4j-samples-seed$seed.npy" \
        "OUT/vae4j-samples-seed$seed.npy"
    transfer="$out/vae4j-transfer-seed$seed.npy"
    run_step "vae4j-transfer-seed$seed" "./vae4j transfer --model DIR --data fashion-mnist:test --no-download --count 1000 --out OUT/vae4j-transfer-seed$seed.npy" -- \
        "$root/vae4j" transfer --model "$dir" --data fashion-mnist:test --no-download --count 1000 --out "$transfer"
    # The transfer outputs whose target is not the image's own class: row i*10 + t is test image i decoded with
    # class t, so its source label is test label i. Checks that layout, and writes that subset for the classifier.
    "$PY" - "$transfer" "$DATA/t10k-labels-idx1-ubyte.gz" "${transfer%.npy}-other.npy" <<'EOF' \
        || die "the transfer outputs in $transfer are not laid out as expected (image-major, targets 0..9)"
import gzip, sys
import numpy as np
images_path, labels_gz, other = sys.argv[1:4]
x = np.load(images_path)
t = np.load(images_path[:-4] + ".labels.npy")
with gzip.open(labels_gz) as f:
    test = np.frombuffer(f.read(), dtype=np.uint8, offset=8).astype(np.int64)
n = x.shape[0] // 10
if x.shape[0] != 10 * n or t.shape != (x.shape[0],) or not (t == np.tile(np.arange(10), n)).all():
    sys.exit("transfer: %s images, targets %s..., expected 10 per image with targets 0..9" % (x.shape, t[:12]))
source = np.repeat(test[:n], 10)
keep = t != source
with open(other, "wb") as f:
    np.save(f, x[keep])
with open(other[:-4] + ".labels.npy", "wb") as f:
    np.save(f, t[keep].astype(np.int32))
print("  transfer: %d images from %d test images, %d with a target other than their own class"
      % (x.shape[0], n, int(keep.sum())), file=sys.stderr)
EOF
    score vae4j-transfer "$seed" "score-vae4j-transfer-seed$seed" "$transfer" "OUT/vae4j-transfer-seed$seed.npy"
    score vae4j-transfer-other "$seed" "score-vae4j-transfer-other-seed$seed" "${transfer%.npy}-other.npy" \
        "OUT/vae4j-transfer-seed$seed-other.npy"
    rm -f "${transfer%.npy}-other.npy" "${transfer%.npy}-other.labels.npy"
    [ "$seed" = 1 ] || rm -f "$transfer" "${transfer%.npy}.labels.npy"
    keep_or_drop "$name" "$dir" "$seed"

    # (u) vae4j unconditional VAE
    name="vae4j-vae-seed$seed"
    dir="$out/models/vae-seed$seed"
    run_step "$name" "OMP_NUM_THREADS=$THREADS ./vae4j train --data fashion-mnist --no-download --epochs $EPOCHS --seed $seed --out DIR2 --no-progress" -- \
        "$root/vae4j" train --data fashion-mnist --no-download --epochs "$EPOCHS" --seed "$seed" --out "$dir" --no-progress
    echo "vae4j-vae $seed $name" >> "$out/runs.txt"
    keep_or_drop "$name" "$dir" "$seed"
done

# ---- (e): importance-weighted figures of the seed-1 models --------------------------------------------------------
limit=()
[ "$EVAL_LIMIT" -gt 0 ] && limit=(--limit "$EVAL_LIMIT")
run_step eval-cvae "OMP_NUM_THREADS=$THREADS ./vae4j evaluate --model CVAE_DIR --data fashion-mnist:test --no-download --iw-samples $IW_SAMPLES${limit[*]:+ ${limit[*]}} --json" -- \
    "$root/vae4j" evaluate --model "$cvae1" --data fashion-mnist:test --no-download --iw-samples "$IW_SAMPLES" \
    "${limit[@]}" --json
run_step eval-vae "OMP_NUM_THREADS=$THREADS ./vae4j evaluate --model VAE_DIR --data fashion-mnist:test --no-download --iw-samples $IW_SAMPLES${limit[*]:+ ${limit[*]}} --json" -- \
    "$root/vae4j" evaluate --model "$vae1" --data fashion-mnist:test --no-download --iw-samples "$IW_SAMPLES" \
    "${limit[@]}" --json
run_step eval-cvae-compare "OMP_NUM_THREADS=$THREADS ./vae4j evaluate --model CVAE_DIR --data fashion-mnist:test --no-download --iw-samples $IW_SAMPLES --limit $COMPARE_LIMIT --json" -- \
    "$root/vae4j" evaluate --model "$cvae1" --data fashion-mnist:test --no-download --iw-samples "$IW_SAMPLES" \
    --limit "$COMPARE_LIMIT" --json
for e in eval-cvae eval-vae eval-cvae-compare; do
    "$PY" -c 'import json, sys; e = json.load(open(sys.argv[1]))
print("  %s: %d images, K %s: -log p = %.2f +- %.2f%s" % (sys.argv[2], e["count"], e.get("iwSamples"),
      e["negLogLikelihood"], e["logLikelihoodStandardError"],
      ", marginal %.2f, generative accuracy %.3f" % (e["negMarginalLogLikelihood"], e["generativeAccuracy"])
      if "negMarginalLogLikelihood" in e else ""), file=sys.stderr)' "$out/$e.out" "$e" \
        || die "$e printed no JSON result (see $out/$e.out)"
done
sha256sum "$root/cli/target/vae4j.jar" | cut -d' ' -f1 > "$out/jar-after.sha256"
uptime > "$out/uptime-after.txt"

# ---- report -----------------------------------------------------------------------------------------------------
"$PY" "$here/report_cvae.py" --run "$out" --results "$RESULTS" --host "$host"
