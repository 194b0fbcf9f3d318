#!/usr/bin/env bash
# The SMILES part of the sequence-VAE benchmark (issue 11): a GRU VAE on RDKit's 10,000 WEHI molecules
# (bench/fetch_text.sh's split), then the validity, uniqueness and novelty of 1000 prior samples and the share of
# test molecules decoded back exactly (vae4j only; the PyTorch side of the sequence VAE is bench/run_text.sh).
#
#   bench/run_smiles.sh [--epochs E] [--seeds S] [--word-dropout P] [--results DIR]
#
# ./vae4j train --data smiles:wehi-train.csv --val smiles:wehi-valid.csv --max-length 80 --epochs E (default 10)
# --batch-size 32 --kl-warmup E/2 --kl-anneal logistic --word-dropout P (default 0.25), Sentence-VAE's sizes; then
# ./vae4j evaluate --data smiles:wehi-test.csv --molecules 1000 --iw-samples 20 --json and one sample listing.
# Writes bench/results/<date>-<host>-smiles.md (bench/report_smiles.py); raw outputs in bench/out/<run>-smiles/.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
EPOCHS=10; SEEDS=1; DROPOUT=0.25; RESULTS="$here/results"; QUIET_WAIT=30
invocation="bench/run_smiles.sh $*"
BENCH_NAME=bench/run_smiles.sh
. "$here/lib.sh"
while [ $# -gt 0 ]; do
    case "$1" in
        --epochs) pos_int "$@"; EPOCHS=$2; shift 2 ;;
        --seeds) pos_int "$@"; SEEDS=$2; shift 2 ;;
        --word-dropout) [ $# -ge 2 ] || die "--word-dropout needs a probability"; DROPOUT=$2; shift 2 ;;
        --results) [ $# -ge 2 ] || die "--results needs a folder"; RESULTS=$2; shift 2 ;;
        -h|--help) awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) die "unknown argument '$1' (see --help)" ;;
    esac
done
find_java_and_time
require_text_data wehi-train.csv wehi-valid.csv wehi-test.csv
host="$(hostname -s 2>/dev/null || echo host)"
out="$here/out/$(date +%Y-%m-%d-%H%M%S)-$host-smiles"
snapshot_jar
warm=$(( EPOCHS / 2 > 0 ? EPOCHS / 2 : 1 ))
{
    echo "invocation: $invocation"; echo "commit: $commit"; echo "date: $(date -Is)"
    echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores"
    echo "java: $("$java_cmd" -version 2>&1 | head -1)"
    echo "settings: epochs $EPOCHS, batch 32, Adam 1e-3, embedding 300, state 256, latent 16, word dropout $DROPOUT, KL logistic over $warm epochs, max length 80 SMILES tokens"
} > "$out/settings.txt"
for seed in $(seq 1 "$SEEDS"); do
    run_step "train-$seed" "./vae4j train --data smiles:wehi-train.csv --seed $seed ..." -- \
        "$java_cmd" -jar "$jar" train --data "smiles:$data/wehi-train.csv" --val "smiles:$data/wehi-valid.csv" \
        --out "$out/model-$seed" --epochs "$EPOCHS" --batch-size 32 --seed "$seed" --max-length 80 \
        --kl-warmup "$warm" --kl-anneal logistic --word-dropout "$DROPOUT" --no-progress
    run_step "eval-$seed" "./vae4j evaluate --data smiles:wehi-test.csv --molecules 1000 --iw-samples 20 --json" -- \
        "$java_cmd" -jar "$jar" evaluate --model "$out/model-$seed" --data "smiles:$data/wehi-test.csv" \
        --molecules 1000 --iw-samples 20 --seed "$seed" --json
    # the decodings only: sample also prints its own validity lines for these 12
    "$java_cmd" -jar "$jar" sample --model "$out/model-$seed" --count 12 2>/dev/null | head -n 12 \
        > "$out/samples-$seed.txt" || true
done
rm -rf "$out/jar"
mkdir -p "$RESULTS"
/usr/bin/python3 "$here/report_smiles.py" "$out" > "$RESULTS/$(date +%Y-%m-%d)-$host-smiles.md"
log "wrote $RESULTS/$(date +%Y-%m-%d)-$host-smiles.md"
