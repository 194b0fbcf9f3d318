#!/usr/bin/env bash
# The sequence-VAE benchmark (issue 11): a GRU VAE (embedding 300, state 256, latent 16, Sentence-VAE's sizes) and
# its language-model baseline on the Brown corpus, in vae4j and in Debian's PyTorch, side by side in one run.
#
#   bench/run_text.sh [--seeds S] [--epochs E] [--train-lines N] [--test-lines N] [--max-length L]
#                     [--min-count C] [--iw-samples K] [--word-dropout P] [--threads T] [--results DIR]
#                     [--models vae,lm] [--sides torch,vae4j] [--reuse OUT]
#
# Data: bench/fetch_text.sh's Brown split (bench/out/data/brown-*.txt); training on its first N lines (default
# 10000; 0 for all 51,606), validation on brown-valid, test on the first --test-lines of brown-test (default 500).
# bench/TokenIds.java writes the ids vae4j reads (vocabulary of the training lines, --min-count C, default 3,
# --max-length L, default 40) as .npy, which bench/pytorch_text_reference.py reads, so both sides see the same ids.
# For each seed 1..S (default 3) and model vae, lm: (t) the PyTorch reference, E epochs (default 2), then its test
# figures with K importance samples (default 100); (v) ./vae4j train with the same settings, then ./vae4j evaluate
# --json --iw-samples K. Batch 32, Adam 1e-3, the VAE's KL warmed up logistically over the E epochs and its decoder
# inputs dropped with --word-dropout P (default 0.25, on both sides); the LM, Bowman et al.'s baseline, without.
# --models and --sides run a part only; --reuse OUT runs it into an earlier run's folder (its data and settings) and
# writes the report of the folder as it then is.
# PyTorch runs with OMP_NUM_THREADS=T (default 2). vae4j runs from a copy of the jar made at the start.
# Writes bench/results/<date>-<host>-text.md (bench/report_text.py); raw outputs in bench/out/<run>-text/.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
PY=/usr/bin/python3
QUIET_WAIT=30; SEEDS=3; EPOCHS=2; TRAIN_LINES=10000; TEST_LINES=500; MAX_LENGTH=40; MIN_COUNT=3; IW=100; DROPOUT=0.25; THREADS=2
MODELS=vae,lm; SIDES=torch,vae4j; REUSE=
RESULTS="$here/results"
invocation="bench/run_text.sh $*"
BENCH_NAME=bench/run_text.sh
. "$here/lib.sh"
while [ $# -gt 0 ]; do
    case "$1" in
        --seeds) pos_int "$@"; SEEDS=$2; shift 2 ;;
        --epochs) pos_int "$@"; EPOCHS=$2; shift 2 ;;
        --train-lines) is_int "${2:-}" || die "--train-lines needs a number"; TRAIN_LINES=$2; shift 2 ;;
        --test-lines) pos_int "$@"; TEST_LINES=$2; shift 2 ;;
        --max-length) pos_int "$@"; MAX_LENGTH=$2; shift 2 ;;
        --min-count) pos_int "$@"; MIN_COUNT=$2; shift 2 ;;
        --iw-samples) pos_int "$@"; IW=$2; shift 2 ;;
        --word-dropout) [ $# -ge 2 ] || die "--word-dropout needs a probability"; DROPOUT=$2; shift 2 ;;
        --threads) pos_int "$@"; THREADS=$2; shift 2 ;;
        --results) [ $# -ge 2 ] || die "--results needs a folder"; RESULTS=$2; shift 2 ;;
        --models) [ $# -ge 2 ] && [[ "$2" =~ ^(vae|lm)(,(vae|lm))?$ ]] || die "--models needs vae, lm or vae,lm"; MODELS=$2; shift 2 ;;
        --sides) [ $# -ge 2 ] && [[ "$2" =~ ^(torch|vae4j)(,(torch|vae4j))?$ ]] || die "--sides needs torch, vae4j or both"; SIDES=$2; shift 2 ;;
        --reuse) [ $# -ge 2 ] && [ -r "$2/settings.txt" ] || die "--reuse needs the folder of an earlier run"; REUSE=$2; shift 2 ;;
        -h|--help) awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) die "unknown argument '$1' (see --help)" ;;
    esac
done
find_java_and_time
require_text_data brown-train.txt brown-valid.txt brown-test.txt
"$PY" -c 'import torch, numpy' 2>/dev/null || die "$PY cannot import torch and numpy (apt install python3-torch)"
host="$(hostname -s 2>/dev/null || echo host)"
if [ -n "$REUSE" ]; then
    out="$(cd "$REUSE" && pwd)"
    snapshot_jar
    # the earlier run's data and settings, so that the part run again is the same experiment
    vocab="$(sed -n 's/.*vocabulary \([0-9]*\) (min count.*/\1/p' "$out/settings.txt" | head -1)"
    MIN_COUNT="$(sed -n 's/.*(min count \([0-9]*\)).*/\1/p' "$out/settings.txt" | head -1)"
    MAX_LENGTH="$(sed -n 's/.*max length \([0-9]*\)$/\1/p' "$out/settings.txt" | head -1)"
    EPOCHS="$(sed -n 's/^settings: epochs \([0-9]*\),.*/\1/p' "$out/settings.txt" | head -1)"
    IW="$(sed -n 's/.*IW K=\([0-9]*\).*/\1/p' "$out/settings.txt" | head -1)"
    DROPOUT="$(sed -n 's/.*word dropout \([0-9.]*\).*/\1/p' "$out/settings.txt" | head -1)"
    for v in vocab MIN_COUNT MAX_LENGTH EPOCHS IW DROPOUT; do
        [ -n "${!v}" ] || die "$out/settings.txt: cannot read the earlier run's $v"
    done
    echo "rerun: $invocation at $commit on $(date -Is): models $MODELS, sides $SIDES" >> "$out/settings.txt"
else
out="$here/out/$(date +%Y-%m-%d-%H%M%S)-$host-text"
mkdir -p "$out/data"
snapshot_jar
if [ "$TRAIN_LINES" -gt 0 ]; then head -n "$TRAIN_LINES" "$data/brown-train.txt" > "$out/data/train.txt"; else cp "$data/brown-train.txt" "$out/data/train.txt"; fi
cp "$data/brown-valid.txt" "$out/data/valid.txt"
head -n "$TEST_LINES" "$data/brown-test.txt" > "$out/data/test.txt"
vocab="$("$java_cmd" -cp "$jar" "$here/TokenIds.java" --out "$out/data" --max-length "$MAX_LENGTH" --min-count "$MIN_COUNT" \
    "text:$out/data/train.txt" "text:$out/data/valid.txt" "text:$out/data/test.txt" 2> "$out/data/token-ids.err" | tail -1)"
{
    echo "invocation: $invocation"; echo "commit: $commit"; echo "date: $(date -Is)"
    echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores"
    echo "java: $("$java_cmd" -version 2>&1 | head -1)"
    echo "torch: $("$PY" -c 'import torch; print(torch.__version__)'), OMP_NUM_THREADS=$THREADS"
    echo "inherited: $(inherited_threads)"
    echo "data: train $(wc -l < "$out/data/train.txt") lines, valid $(wc -l < "$out/data/valid.txt"), test $(wc -l < "$out/data/test.txt"); vocabulary $vocab (min count $MIN_COUNT), max length $MAX_LENGTH"
    echo "settings: epochs $EPOCHS, seeds $SEEDS, batch 32, Adam 1e-3, embedding 300, state 256, latent 16, VAE word dropout $DROPOUT (LM none), KL logistic over $EPOCHS epochs, IW K=$IW"
} > "$out/settings.txt"
fi
cat "$out/settings.txt" >&2
for seed in $(seq 1 "$SEEDS"); do
    for model in ${MODELS//,/ }; do
        extra=(); vextra=()
        if [ "$model" = vae ]; then
            extra=(--kl-warmup "$EPOCHS" --kl-anneal logistic --word-dropout "$DROPOUT")
            vextra=(--kl-warmup "$EPOCHS" --kl-anneal logistic --word-dropout "$DROPOUT" --latent 16)
        else
            vextra=(--family lm)
        fi
        if [[ ",$SIDES," == *",torch,"* ]]; then
        run_step "torch-$model-$seed" "OMP_NUM_THREADS=$THREADS $PY bench/pytorch_text_reference.py --model $model --seed $seed ..." -- \
            env OMP_NUM_THREADS="$THREADS" "$PY" "$here/pytorch_text_reference.py" --model "$model" --seed "$seed" \
            --train "$out/data/0.npy" --valid "$out/data/1.npy" --test "$out/data/2.npy" --vocab-size "$vocab" \
            --epochs "$EPOCHS" --batch-size 32 --lr 1e-3 --iw-samples "$IW" "${extra[@]}"
        fi
        [[ ",$SIDES," == *",vae4j,"* ]] || continue
        rm -rf "$out/model-$model-$seed"
        run_step "vae4j-$model-$seed" "./vae4j train --family $model --seed $seed ..." -- \
            "$java_cmd" -jar "$jar" train --data "text:$out/data/train.txt" --val "text:$out/data/valid.txt" \
            --out "$out/model-$model-$seed" --epochs "$EPOCHS" --batch-size 32 --lr 1e-3 --seed "$seed" \
            --hidden 300,256 --max-length "$MAX_LENGTH" --min-count "$MIN_COUNT" --no-progress "${vextra[@]}"
        run_step "eval-$model-$seed" "./vae4j evaluate --json --iw-samples $IW" -- \
            "$java_cmd" -jar "$jar" evaluate --model "$out/model-$model-$seed" --data "text:$out/data/test.txt" \
            --iw-samples "$IW" --seed "$seed" --json
        [ "$seed" = 1 ] && "$java_cmd" -jar "$jar" sample --model "$out/model-$model-$seed" --count 10 \
            > "$out/samples-$model.txt" 2>/dev/null || true
    done
done
[[ ",$MODELS," == *,vae,* && ",$SIDES," == *,vae4j,* ]] && "$java_cmd" -jar "$jar" interpolate --model "$out/model-vae-1" --data "text:$out/data/test.txt" --pairs 0:1,2:3 \
    --steps 6 > "$out/homotopy.txt" 2>/dev/null || true
rm -rf "$out/jar"
mkdir -p "$RESULTS"
"$PY" "$here/report_text.py" "$out" > "$RESULTS/$(date +%Y-%m-%d)-$host-text.md"
log "wrote $RESULTS/$(date +%Y-%m-%d)-$host-text.md"
