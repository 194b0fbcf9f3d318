#!/usr/bin/env bash
# The quadrant task of Sohn et al. 2015 and Pyro's CVAE example: vae4j's completion models and the same models in
# PyTorch, and an unconditional vae4j VAE with each inpainting method, on this machine, in one go.
#
#   bench/run_inpaint.sh [--epochs N] [--seeds S] [--quadrants LIST] [--eval-limit N] [--samples K]
#                        [--is-samples K] [--iterations T] [--burn-in B] [--proposal-steps P] [--threads T]
#                        [--probe-steps K]
#                        [--quiet-wait SECONDS] [--no-tune] [--results DIR]
#
# Fashion-MNIST, pixel / 255. For each seed 1..S (default 3) and each number of observed quadrants in LIST
# (default 1,2,3: the bottom-left quadrant, the left half, all but the bottom-right):
#   (t) bench/pytorch_inpaint_reference.py --quadrants q --seed s --epochs N: the baseline network and the CVAE in
#       plain torch (Pyro's sizes: 500-500 networks, 200-d latent, Adam 1e-3, batch 128), evaluated on the first
#       --eval-limit test images (default 500) with K = --samples (default 100)
#   (v) ./vae4j train --complete quadrant:q [--family baseline] --hidden 500,500 --latent 200 --epochs N --seed s
#       --val none, then ./vae4j inpaint --method model --samples K --count EVAL --json on the same test images
# and per seed:
#   (u) ./vae4j train --hidden 500,500 --latent 20 --epochs N --seed s --val none (an unconditional VAE), then for
#       each q ./vae4j inpaint --method importance,mwg,pseudo-gibbs --proposal-steps 0 --samples IS (default 1000)
#       --iterations T (default 200) --burn-in B (default 50) --count EVAL --json (importance with the zero-filled
#       proposal, as MIWAE), and ./vae4j inpaint --method importance --proposal-steps P (default 50): the proposal
#       taken at the image completed by P pseudo-Gibbs steps
# Training runs N epochs (default 5) without validation on both sides. Unless --no-tune, PyTorch's thread setting is
# the fastest of four probed (bench/lib.sh). Writes bench/results/<date>-<host>-inpaint.md and .json
# (bench/report_inpaint.py); raw outputs stay in bench/out/<run>-inpaint/ (git-ignored), with seed 1's model folders
# (the copy of the jar is deleted at the end).
# vae4j runs from a copy of the jar made at the start, so editing the sources meanwhile changes nothing measured.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
PY=/usr/bin/python3
DATA=/usr/share/datasets/fashion-mnist
EPOCHS=5
SEEDS=3
QUADRANTS=1,2,3
EVAL=500
SAMPLES=100
IS_SAMPLES=1000
ITERATIONS=200
BURN_IN=50
PROPOSAL_STEPS=50
THREADS=2
PROBE_STEPS=40
QUIET_WAIT=120
TUNE=1
RESULTS="$here/results"
invocation="bench/run_inpaint.sh $*"
BENCH_NAME=bench/run_inpaint.sh
# shellcheck source=bench/lib.sh
. "$here/lib.sh"

while [ $# -gt 0 ]; do
    case "$1" in
        --epochs) pos_int "$@"; EPOCHS=$2; shift 2 ;;
        --seeds) pos_int "$@"; SEEDS=$2; shift 2 ;;
        --quadrants) [ $# -ge 2 ] && [[ "$2" =~ ^[123](,[123])*$ ]] || die "--quadrants needs a list of 1, 2, 3"; QUADRANTS=$2; shift 2 ;;
        --eval-limit) pos_int "$@"; EVAL=$2; shift 2 ;;
        --samples) pos_int "$@"; SAMPLES=$2; shift 2 ;;
        --is-samples) pos_int "$@"; IS_SAMPLES=$2; shift 2 ;;
        --iterations) pos_int "$@"; ITERATIONS=$2; shift 2 ;;
        --burn-in) [ $# -ge 2 ] && is_int "$2" || die "--burn-in needs a number of steps"; BURN_IN=$2; shift 2 ;;
        --proposal-steps) pos_int "$@"; PROPOSAL_STEPS=$2; shift 2 ;;
        --threads) pos_int "$@"; THREADS=$2; shift 2 ;;
        --probe-steps) pos_int "$@"; PROBE_STEPS=$2; shift 2 ;;
        --quiet-wait) [ $# -ge 2 ] && is_int "$2" || die "--quiet-wait needs a number of seconds"; QUIET_WAIT=$2; shift 2 ;;
        --no-tune) TUNE=0; shift ;;
        --results) [ $# -ge 2 ] || die "--results needs a folder"; RESULTS=$2; shift 2 ;;
        -h|--help) awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) die "unknown argument '$1' (see --help)" ;;
    esac
done
EPOCHS=$((10#$EPOCHS)); SEEDS=$((10#$SEEDS)); EVAL=$((10#$EVAL)); SAMPLES=$((10#$SAMPLES))
IS_SAMPLES=$((10#$IS_SAMPLES)); ITERATIONS=$((10#$ITERATIONS)); BURN_IN=$((10#$BURN_IN)); PROPOSAL_STEPS=$((10#$PROPOSAL_STEPS)); THREADS=$((10#$THREADS))
PROBE_STEPS=$((10#$PROBE_STEPS)); QUIET_WAIT=$((10#$QUIET_WAIT))
[ "$EVAL" -le 1000 ] || die "--eval-limit $EVAL: vae4j inpaint takes at most 1000 images"
[ "$BURN_IN" -lt "$ITERATIONS" ] || die "--burn-in $BURN_IN: expected below --iterations $ITERATIONS"

require_fashion_mnist_and_torch pytorch_inpaint_reference.py report_inpaint.py report.py lib.sh idx_data.py
find_java_and_time

host="$(hostname -s 2>/dev/null || hostname)"
out="$here/out/$(date +%Y-%m-%d-%H%M%S)-$host-inpaint"
mkdir -p "$out/models" "$RESULTS"
export OMP_NUM_THREADS="$THREADS"
printf '%s\n' "$invocation" > "$out/invocation.txt"
inherited="$(inherited_threads)"
printf 'epochs=%s\nseeds=%s\nquadrants=%s\neval_limit=%s\nsamples=%s\nis_samples=%s\niterations=%s\nburn_in=%s\nproposal_steps=%s\nthreads=%s\nprobe_steps=%s\nquiet_wait=%s\ndata=%s\npython=%s\ntune=%s\njava_opts=%s\ninherited_env=%s\n' \
    "$EPOCHS" "$SEEDS" "$QUADRANTS" "$EVAL" "$SAMPLES" "$IS_SAMPLES" "$ITERATIONS" "$BURN_IN" "$PROPOSAL_STEPS" "$THREADS" \
    "$PROBE_STEPS" "$QUIET_WAIT" "$DATA" "$PY" "$TUNE" "${VAE4J_JAVA_OPTS:-}" "$inherited" > "$out/settings.txt"
: > "$out/runs.txt"   # one line per run: "kind seed quadrants file-stem"
log "raw outputs in $out"
uptime > "$out/uptime-before.txt"
build_and_record
mkdir -p "$out/jar"
cp "$root/cli/target/vae4j.jar" "$out/jar/vae4j.jar"
cp -r "$root/cli/target/lib" "$out/jar/lib"   # the jar's Class-Path
# A launcher for the copy, with the ./vae4j launcher's malloc settings.
v4j="$out/vae4j"
cat > "$v4j" <<EOF
#!/usr/bin/env bash
export GLIBC_TUNABLES="glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=1073741824\${GLIBC_TUNABLES:+:\$GLIBC_TUNABLES}"
exec "$java_cmd" ${VAE4J_JAVA_OPTS:-} -jar "$out/jar/vae4j.jar" "\$@"
EOF
chmod +x "$v4j"

setting="$(torch_setting "$here/pytorch_inpaint_reference.py" --quadrants 1 --source "$DATA")"

# keep_or_drop DIR SEED NAME: copies metrics.csv and vae4j.json out; keeps seed 1's folder.
keep_or_drop() {
    local dir=$1 seed=$2 name=$3
    [ -f "$dir/metrics.csv" ] || die "vae4j train wrote no $dir/metrics.csv"
    cp "$dir/metrics.csv" "$out/$name-metrics.csv"
    cp "$dir/vae4j.json" "$out/$name-vae4j.json"
    [ "$seed" = 1 ] || rm -rf "$dir"
}

common=(--data fashion-mnist --no-download --epochs "$EPOCHS" --val none --no-progress)
for seed in $(seq 1 "$SEEDS"); do
    # (u) the unconditional VAE
    vae="$out/models/vae-seed$seed"
    run_step "vae4j-vae-seed$seed" "./vae4j train --hidden 500,500 --latent 20 --epochs $EPOCHS --seed $seed --val none --out DIR" -- \
        "$v4j" train "${common[@]}" --hidden 500,500 --latent 20 --seed "$seed" --out "$vae"
    echo "vae4j-vae $seed 0 vae4j-vae-seed$seed" >> "$out/runs.txt"
    for q in ${QUADRANTS//,/ }; do
        # (t) PyTorch baseline and CVAE
        name="torch-q$q-seed$seed"
        # shellcheck disable=SC2086
        run_step "$name" "$setting $PY bench/pytorch_inpaint_reference.py --quadrants $q --seed $seed --epochs $EPOCHS --eval-limit $EVAL --samples $SAMPLES --source $DATA" -- \
            env $setting "$PY" "$here/pytorch_inpaint_reference.py" --quadrants "$q" --seed "$seed" --epochs "$EPOCHS" \
            --eval-limit "$EVAL" --samples "$SAMPLES" --source "$DATA"
        grep '"event": "eval"' "$out/$name.out" | sed 's/^/  /' >&2 || die "$name printed no evaluation"
        echo "torch $seed $q $name" >> "$out/runs.txt"
        # (v) vae4j baseline and CVAE
        for family in baseline complete; do
            name="vae4j-$family-q$q-seed$seed"
            dir="$out/models/$family-q$q-seed$seed"
            extra=(--hidden 500,500)
            [ "$family" = complete ] && extra+=(--latent 200)
            run_step "$name" "./vae4j train --complete quadrant:$q --family $family ${extra[*]} --epochs $EPOCHS --seed $seed --val none --out DIR" -- \
                "$v4j" train "${common[@]}" --complete "quadrant:$q" --family "$family" "${extra[@]}" --seed "$seed" \
                --out "$dir"
            run_step "$name-eval" "./vae4j inpaint --model DIR --data fashion-mnist:test --mask quadrant:$q --count $EVAL --samples $SAMPLES --seed $seed --json" -- \
                "$v4j" inpaint --model "$dir" --data fashion-mnist:test --no-download --mask "quadrant:$q" --count "$EVAL" \
                --samples "$SAMPLES" --seed "$seed" --json --out "$out/$name.png"
            echo "vae4j-$family $seed $q $name" >> "$out/runs.txt"
            keep_or_drop "$dir" "$seed" "$name"
        done
        # the unconditional VAE's methods on the same images
        name="vae4j-vae-q$q-seed$seed"
        run_step "$name-eval" "./vae4j inpaint --model VAE --data fashion-mnist:test --mask quadrant:$q --method importance,mwg,pseudo-gibbs --proposal-steps 0 --count $EVAL --samples $IS_SAMPLES --iterations $ITERATIONS --burn-in $BURN_IN --seed $seed --json" -- \
            "$v4j" inpaint --model "$vae" --data fashion-mnist:test --no-download --mask "quadrant:$q" \
            --method importance,mwg,pseudo-gibbs --proposal-steps 0 --count "$EVAL" --samples "$IS_SAMPLES" --iterations "$ITERATIONS" \
            --burn-in "$BURN_IN" --seed "$seed" --json --out "$out/$name.png"
        echo "vae4j-vae-methods $seed $q $name" >> "$out/runs.txt"
        name="vae4j-vae-refined-q$q-seed$seed"
        run_step "$name-eval" "./vae4j inpaint --model VAE --data fashion-mnist:test --mask quadrant:$q --method importance --proposal-steps $PROPOSAL_STEPS --count $EVAL --samples $IS_SAMPLES --seed $seed --json" -- \
            "$v4j" inpaint --model "$vae" --data fashion-mnist:test --no-download --mask "quadrant:$q" \
            --method importance --proposal-steps "$PROPOSAL_STEPS" --count "$EVAL" --samples "$IS_SAMPLES" \
            --seed "$seed" --json --out "$out/$name.png"
        echo "vae4j-vae-refined $seed $q $name" >> "$out/runs.txt"
    done
    keep_or_drop "$vae" "$seed" "vae4j-vae-seed$seed"
done
uptime > "$out/uptime-after.txt"
rm -rf "$out/jar"
"$PY" "$here/report_inpaint.py" --run "$out" --results "$RESULTS" --host "$host"
