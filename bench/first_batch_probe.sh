#!/usr/bin/env bash
# Does a fresh process compute its first training step as later steps do, on a loaded machine? The cause of resumed
# runs drifting from uninterrupted ones (README, "Resume and reproducibility").
#
#   bench/first_batch_probe.sh [--runs N] [--busy B] [--data SPEC] [--results PREFIX]
#
# First, on the quiet machine, trains a checkpoint (3 epochs on SPEC, default fashion-mnist:train) and hashes its
# first step there. Then starts B busy loops (default 2, one per core here) and N times (default 100) each runs
# bench/FirstStepProbe.java in a fresh JVM: load the checkpoint and compute the objective's terms of the first 128
# training examples twice, in training mode, as Trainer does, hashing each. Once as a resumed run does ("plain"),
# once after the same computation on one example ("--warmup": every kernel's first call in the process on one
# thread); the two kinds alternate, so both see the same load. A run "differs" when its first computation's hash is
# not the quiet machine's. Writes PREFIX.md and PREFIX.txt (default bench/results/DATE-first-batch-probe).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs=100
busy=2
data="fashion-mnist:train"
results="$here/bench/results/$(date +%F)-first-batch-probe"
PROBE=first_batch_probe.sh
# shellcheck source=bench/probe_lib.sh
. "$here/bench/probe_lib.sh"
probe_setup "$@"
probe() { # probe [--warmup]: one fresh JVM, prints "first==later|first!=later HASH1 HASH2 ..."
    java -cp "$jar" "$here/bench/FirstStepProbe.java" --model "$work/ck" --data "$data" "$@" \
        2>"$work/err.txt" | grep '^first' || { cat "$work/err.txt" >&2; exit 1; }
}
reference="$(probe | cut -d' ' -f2)"
echo "quiet reference: $reference"
start_busy
log="$results.txt"
mkdir -p "$(dirname "$results")"
echo "quiet reference $reference" >"$log"
for i in $(seq 1 "$runs"); do
    echo "$i plain $(probe) load $(cut -d' ' -f1 /proc/loadavg)" | tee -a "$log"
    echo "$i warmup $(probe --warmup) load $(cut -d' ' -f1 /proc/loadavg)" | tee -a "$log"
done
cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
{
    echo "# First-step probe: fresh processes on a loaded machine"
    echo
    echo "- machine: $cpu, $(nproc) cores; $busy busy loops alongside; $(date -u +%FT%TZ)"
    echo "- commit: $(git -C "$here" rev-parse --short HEAD)$(git -C "$here" diff --quiet HEAD -- core cli bench || echo ' (uncommitted changes)')"
    echo "- command: \`bench/first_batch_probe.sh --runs $runs --busy $busy --data $data\`"
    echo "- each run: \`java -cp cli/target/vae4j.jar bench/FirstStepProbe.java --model CHECKPOINT [--warmup]\`"
    echo "- quiet machine's hash of the first step: $reference"
    echo
    echo "| fresh process | runs | first step differs from the quiet machine's | distinct first-step hashes |"
    echo "|---|---:|---:|---:|"
    for mode in plain warmup; do
        awk -v m="$mode" -v ref="$reference" '$2 == m {n++; if ($4 != ref) d++; c[$4]++}
            END {for (h in c) k++; label = (m == "plain") ? "as a resumed run starts" : "after a one-example warm-up";
            printf "| %s | %d | %d | %d |\n", label, n, d, k}' "$log"
    done
    echo
    echo "Per run (run, kind, verdict, hashes of computation 1 and 2, load average): $(basename "$log")"
} >"$results.md"
cat "$results.md"
