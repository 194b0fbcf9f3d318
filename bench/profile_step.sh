#!/usr/bin/env bash
# Kernel rates, the MLP's floor, and where its training epoch goes (bench/README.md, "Kernel rates and floors").
#
#   bench/profile_step.sh [--arch mlp|conv] [--data SPEC] [--repeats R] [--results PREFIX]
#
# 1. bench/KernelRates.java: the engine's GFLOP/s on the classic MLP's matrix products (forward and backward) and
#    on the conv VAE's convolutions, through DJL's PyTorch engine with vae4j's default threads.
# 2. The MLP's floor: the time its matrix products alone take per Fashion-MNIST epoch (60,000 examples, batches of
#    128) at those rates: forward 784-400, 400-40, 20-400, 400-784; backward the weight gradient of every layer and
#    the input gradient of every layer but the first.
#    The conv VAE's floor: its layers' forward calls as the model makes them (the encoder's convolutions, the dense
#    layers, the transposed convolutions in their polyphase form), with the backward pass taken as twice the
#    forward at the same rates (once for the first layer, which needs no input gradient): an approximation.
#    Both floors assume Fashion-MNIST's 60,000 training images.
# 3. bench/StepProfile.java on a model of ARCH (default mlp) trained for one epoch on SPEC (default
#    fashion-mnist:train): the epoch's time
#    as Trainer's step is built up piece by piece (gather, forward, backward, reading the terms, Adam), best of R
#    rounds (default 3), and the optimizers alone.
# Writes PREFIX.md and PREFIX.json (default bench/results/DATE-profile-step).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
arch=mlp
data="fashion-mnist:train"
repeats=3
results=""
while [ $# -gt 0 ]; do
    case "$1" in
        --arch) arch="$2"; shift 2 ;;
        --data) data="$2"; shift 2 ;;
        --repeats) repeats="$2"; shift 2 ;;
        --results) results="$2"; shift 2 ;;
        *) echo "profile_step.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
[[ "$repeats" =~ ^[1-9][0-9]*$ ]] || { echo "profile_step.sh: --repeats $repeats: expected a positive integer" >&2; exit 2; }
case "$arch" in mlp|conv) ;; *) echo "profile_step.sh: --arch $arch: expected mlp or conv" >&2; exit 2 ;; esac
[ -n "$results" ] || results="$here/bench/results/$(date +%F)-profile-step$([ "$arch" = conv ] && echo -conv || true)"
"$here/vae4j" --version >/dev/null # builds the jar if needed
jar="$here/cli/target/vae4j.jar"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$(dirname "$results")"
java -cp "$jar" "$here/bench/KernelRates.java" 2>"$work/kernels.err" | grep '^{' >"$work/kernels.jsonl"
# DJL logs the engine's thread pools when it starts: "Number of intra-op threads is N" (and inter-op)
threads="$(grep -o 'Number of [a-z-]* threads is [0-9]*' "$work/kernels.err" | sed 's/Number of //; s/ threads is /: /' \
    | paste -sd ',' - | sed 's/,/, /g' || true)"
java -jar "$jar" train --arch "$arch" --data "$data" --epochs 1 --val none --out "$work/model" --no-progress >/dev/null
java -cp "$jar" "$here/bench/StepProfile.java" --model "$work/model" --data "$data" --repeats "$repeats" 2>/dev/null \
    | grep '^{' >"$work/steps.jsonl"
python3 - "$work" "$results" "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')" "$(nproc)" \
    "$(git -C "$here" rev-parse --short HEAD)$(git -C "$here" diff --quiet || echo ' (uncommitted changes)')" \
    "$data" "$repeats" "$("$here/vae4j" --version 2>/dev/null | tr '\n' ';')" "$arch" "${threads:-unknown}" <<'PY'
import datetime, json, os, statistics, sys
work, results, cpu, cores, commit, data, repeats, version, arch, threads = sys.argv[1:]
kernels = [json.loads(l) for l in open(f"{work}/kernels.jsonl")]
steps = [json.loads(l) for l in open(f"{work}/steps.jsonl")]
us = {k["shape"]: k["microseconds"] for k in kernels}
def t(prefix):
    return next(v for k, v in us.items() if k.startswith(prefix))
# Per batch of 128: forward products, then backward (weight gradients of all four layers, input gradients of
# fc2..fc4; the small layers' backward products, 40x128x400 and the like, are timed at their forward shapes, which
# have the same FLOPs).
forward = t("fc1 forward") + t("fc2 forward") + t("fc3 forward") + t("fc4 forward")
backward = (t("fc1 grad weight") + t("fc2 forward") + t("fc3 forward") + t("fc4 grad weight")
            + t("fc4 grad input") + t("fc3 forward") + t("fc2 forward"))
batches = 60000 / 128
floor = (forward + backward) * batches / 1e6
convs = [k for k in kernels if k["kind"] == "conv2d"]
conv_layers = convs + [k for k in kernels if k["shape"].startswith("conv dense")]
conv_forward_us = sum(k["microseconds"] for k in conv_layers)
conv_floor = (3 * conv_forward_us - convs[0]["microseconds"]) * batches / 1e6
conv_tflop = (3 * sum(k["gflop"] for k in conv_layers) - convs[0]["gflop"]) * batches / 1e3
flops = sum(k["gflop"] for k in kernels if k["kind"] == "matmul" and not k["shape"].startswith("square"))
mlp_gflop = (2 * 128 * (784 * 400 + 400 * 40 + 20 * 400 + 400 * 784) * 3 - 2 * 128 * 784 * 400) * batches / 1e9
lines = [
    f"# Kernel rates, the floors and where an epoch of the {arch} VAE goes",
    "",
    f"- machine: {cpu}, {cores} cores; {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%dT%H:%M:%SZ}",
    f"- commit: {commit}; {version}",
    f"- command: `bench/profile_step.sh --arch {arch} --data {data} --repeats {repeats}`; engine threads: vae4j's"
    f" defaults ({threads}), OMP_NUM_THREADS {os.environ.get('OMP_NUM_THREADS', 'unset')}",
    "",
    "## Kernel rates (bench/KernelRates.java; median of 5 timed rounds of about 0.2 s)",
    "",
    "| kind | shape | GFLOP/s | µs per call |",
    "|---|---|---:|---:|",
]
lines += [f"| {k['kind']} | {k['shape']} | {k['gflops']:.0f} | {k['microseconds']:.1f} |" for k in kernels]
lines += [
    "",
    "## The classic MLP's floor",
    "",
    f"- matrix products per epoch: {mlp_gflop:.0f} GFLOP (forward, weight gradients of 4 layers, input gradients of 3)",
    f"- at the rates above: forward {forward:.0f} µs + backward {backward:.0f} µs per batch of 128, "
    f"x {batches:.2f} batches = **{floor:.2f} s per epoch**",
    "",
    "## The conv VAE's floor (approximate)",
    "",
    f"- forward calls as the model makes them (the two convolutions, the two dense layers, the two transposed"
    f" convolutions as 2x2 polyphase convolutions): {conv_forward_us:.0f} µs per batch; with the backward pass as"
    f" twice the forward (the first layer once), {conv_tflop:.2f} TFLOP per epoch: **{conv_floor:.1f} s per epoch**",
    "",
    f"## Where an epoch of the {arch} VAE goes (bench/StepProfile.java, 469 batches of 128, best of the rounds)",
    "",
    "| loop | seconds per epoch | ms per batch |",
    "|---|---:|---:|",
]
lines += [f"| {s['loop']} | {s['seconds']:.3f} | {s['milliseconds_per_batch']:.3f} |" for s in steps]
open(results + ".md", "w").write("\n".join(lines) + "\n")
json.dump({"machine": {"cpu": cpu, "cores": int(cores)}, "commit": commit, "version": version, "data": data,
           "arch": arch, "kernels": kernels, "floor_seconds": floor, "conv_floor_seconds": conv_floor, "conv_tflop": conv_tflop, "mlp_gflop_per_epoch": mlp_gflop, "steps": steps},
          open(results + ".json", "w"), indent=2)
print("\n".join(lines))
PY
