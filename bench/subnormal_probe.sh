#!/usr/bin/env bash
# Subnormal Adam moments: how many, and what they cost (bench/README.md, "Subnormal moments").
#
#   bench/subnormal_probe.sh [--data SPEC] [--epochs N] [--results PREFIX]
#
# Trains a fresh classic MLP (seed 1) for N epochs (default 3) twice, in fresh JVMs with the launcher's malloc
# settings: with FusedAdam's flush of subnormal moments off (-Dvae4j.adam.flush=false, as before it) and on (the
# default), and counts the subnormal moments each run leaves (bench/SubnormalProbe.java). Writes PREFIX.md and
# PREFIX.json (default bench/results/DATE-subnormal).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="fashion-mnist:train"
epochs=3
results=""
while [ $# -gt 0 ]; do
    case "$1" in
        --data) data="$2"; shift 2 ;;
        --epochs) epochs="$2"; shift 2 ;;
        --results) results="$2"; shift 2 ;;
        *) echo "subnormal_probe.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
[[ "$epochs" =~ ^[1-9][0-9]*$ ]] || { echo "subnormal_probe.sh: --epochs $epochs: expected a positive integer" >&2; exit 2; }
[ -n "$results" ] || results="$here/bench/results/$(date +%F)-subnormal"
tunables="$(sed -n 's/^export GLIBC_TUNABLES="\([^$"]*\).*/\1/p' "$here/vae4j")"
export GLIBC_TUNABLES="$tunables${GLIBC_TUNABLES:+:$GLIBC_TUNABLES}"
"$here/vae4j" --version >/dev/null # builds the jar if needed
jar="$here/cli/target/vae4j.jar"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$(dirname "$results")"
java -jar "$jar" train --data "$data" --epochs 1 --val none --out "$work/model" --no-progress >/dev/null
for flush in false true; do
    java -Dvae4j.adam.flush=$flush -cp "$jar" "$here/bench/SubnormalProbe.java" --model "$work/model" --data "$data" \
        --epochs "$epochs" 2>"$work/$flush.err" | grep '^{' >"$work/$flush.jsonl" \
        || { cat "$work/$flush.err" >&2; exit 1; }
done
python3 - "$work" "$results" "$data" "$epochs" "$(git -C "$here" rev-parse --short HEAD)" \
    "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')" <<'PY'
import datetime, json, sys
work, results, data, epochs, commit, cpu = sys.argv[1:]
runs = {f: [json.loads(l) for l in open(f"{work}/{f}.jsonl")] for f in ("false", "true")}
lines = [
    "# Subnormal Adam moments: how many, and what they cost",
    "",
    f"- machine: {cpu}; {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%dT%H:%M:%SZ}; commit {commit}",
    f"- command: `bench/subnormal_probe.sh --data {data} --epochs {epochs}`: a fresh classic MLP (seed 1) trained"
    f" {epochs} epochs by vae4j's Trainer without validation, in a fresh JVM per row",
    "",
    "| FusedAdam's flush | seconds per epoch | train loss after the last epoch |",
    "|---|---|---:|",
]
for f, label in (("false", "off (as before it)"), ("true", "on (the default)")):
    ep = [r for r in runs[f] if "epoch" in r]
    seconds = ", ".join("%.2f" % r["seconds"] for r in ep)
    lines.append(f"| {label} | {seconds} | {ep[-1]['train_loss']:.4f} |")
lines += ["", "Subnormal moments after the last epoch, per parameter (first moment m, second moment v):", "",
          "| parameter | values | m, flush off | v, flush off | m, flush on | v, flush on |",
          "|---|---:|---:|---:|---:|---:|"]
on = {r["parameter"]: r for r in runs["true"] if "parameter" in r}
for r in (r for r in runs["false"] if "parameter" in r):
    o = on[r["parameter"]]
    pct = 100 * r["subnormal_m"] / r["values"]
    lines.append(f"| {r['parameter']} | {r['values']:,} | {r['subnormal_m']:,} ({pct:.0f}%) | {r['subnormal_v']:,} |"
                 f" {o['subnormal_m']:,} | {o['subnormal_v']:,} |")
open(results + ".md", "w").write("\n".join(lines) + "\n")
json.dump({"data": data, "epochs": int(epochs), "commit": commit, "runs": runs}, open(results + ".json", "w"), indent=2)
print("\n".join(lines))
PY
