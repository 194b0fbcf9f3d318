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
# Writes bench/results/<date>-<host>-smiles.md; raw outputs in bench/out/<run>-smiles/.
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
    "$java_cmd" -jar "$jar" sample --model "$out/model-$seed" --count 12 > "$out/samples-$seed.txt" 2>/dev/null || true
done
rm -rf "$out/jar"
mkdir -p "$RESULTS"
/usr/bin/python3 - "$out" > "$RESULTS/$(date +%Y-%m-%d)-$host-smiles.md" <<'PY'
import csv, glob, json, os, statistics, sys
out = sys.argv[1]
print("# SMILES VAE on RDKit's WEHI molecules (vae4j)\n")
print("Produced by `bench/run_smiles.sh`. Settings as recorded:\n")
for line in open(os.path.join(out, "settings.txt")):
    print("- " + line.rstrip())
print("\n| seed | test NLL (KL) | perplexity | token accuracy | exact reconstructions | validity | uniqueness | novelty | s/epoch |")
print("|---|---|---|---|---|---|---|---|---|")
for ev in sorted(glob.glob(os.path.join(out, "eval-*.out"))):
    seed = ev.rsplit("-", 1)[1].split(".")[0]
    j = json.load(open(ev))
    rows = list(csv.DictReader(open(os.path.join(out, f"model-{seed}", "metrics.csv"))))
    secs = statistics.mean(float(r["seconds"]) for r in rows[1:]) if len(rows) > 1 else float(rows[0]["seconds"])
    nov = "-" if j.get("novelty") is None else f"{100 * j['novelty']:.1f}%"
    print(f"| {seed} | {j['negLogLikelihood']:.2f} ({j['kl']:.2f}) | {j['perplexity']:.3f} | "
          f"{100 * j['tokenAccuracy']:.1f}% | {100 * j['exactReconstructions']:.1f}% | {100 * j['validity']:.1f}% | "
          f"{100 * j['uniqueness']:.1f}% | {nov} | {secs:.1f} |")
print()
for p in sorted(glob.glob(os.path.join(out, "samples-*.txt"))):
    print(f"Greedy decodings of prior draws ({os.path.basename(p)}):\n\n```")
    print(open(p).read().rstrip())
    print("```\n")
PY
log "wrote $RESULTS/$(date +%Y-%m-%d)-$host-smiles.md"
