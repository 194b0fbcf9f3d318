#!/usr/bin/env bash
# Which operation of a fresh process's first training step rounds differently? (README, "Resume and
# reproducibility".)
#
#   bench/first_ops_probe.sh [--runs N] [--busy B] [--data SPEC] [--results PREFIX]
#
# Trains a checkpoint (3 epochs on SPEC, default fashion-mnist:train), then with B busy loops (default 0) starts N
# fresh JVMs (default 200) running bench/FirstOpsProbe.java: the first step's values (mu, logVar, h = logVar / 2,
# exp(h), exp(h) * eps, z, the decoder's output, the reconstruction term) computed twice and hashed. Counts the
# processes whose first computation differs from their second, by the values that differ; every other process
# first applies exp to 16 values on one thread (--warmup of FirstOpsProbe). Writes PREFIX.md
# and PREFIX.txt (default bench/results/DATE-first-ops-probe).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs=200
busy=0
data="fashion-mnist:train"
results="$here/bench/results/$(date +%F)-first-ops-probe"
PROBE=first_ops_probe.sh
# shellcheck source=bench/probe_lib.sh
. "$here/bench/probe_lib.sh"
probe_setup "$@"
start_busy
log="$results.txt"
mkdir -p "$(dirname "$results")"
: >"$log"
for i in $(seq 1 "$runs"); do
    for kind in plain warmup; do
        extra=()
        [ "$kind" = warmup ] && extra=(--warmup)
        line="$(java -cp "$jar" "$here/bench/FirstOpsProbe.java" --model "$work/ck" --data "$data" "${extra[@]}" \
            2>"$work/err.txt" | grep -E '^(same|differ)')" || { cat "$work/err.txt" >&2; exit 1; }
        echo "$i $kind $line" >>"$log"
        echo "$i $kind ${line%% *}"
    done
done
cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
{
    echo "# First-step operations probe: fresh processes"
    echo
    echo "- machine: $cpu, $(nproc) cores; $busy busy loops alongside; $(date -u +%FT%TZ)"
    echo "- commit: $(git -C "$here" rev-parse --short HEAD)"
    echo "- command: \`bench/first_ops_probe.sh --runs $runs --busy $busy --data $data\`"
    echo
    echo "| process | first computation | processes |"
    echo "|---|---|---:|"
    awk '{print $2, $3}' "$log" | sort | uniq -c | awk '{printf "| %s | %s | %d |\n", $2, $3, $1}'
    echo
    echo "\`differ:A,B\` lists every value whose first computation differs from the second, in the order computed."
    echo
    grep -o 'exp-elements.*max-ulps [0-9]*' "$log" | sed 's/^/- /' || true
    echo "Per run with all hashes: $(basename "$log")"
} >"$results.md"
cat "$results.md"
