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
#    rounds (default 3), and the step with two other optimizers (DJL's fused kernel, Adam as in-place engine ops).
# 4. Where the whole step goes, seen three ways: PyTorch's own profiler over 20 steps (every engine call with its
#    shapes, summed by bench/engine_profile.py), Java Flight Recorder over the step loop (which Java methods and
#    which native engine calls the samples land in), and two settings: the engine's intra-op and inter-op threads
#    (1 or 2 each) and glibc's malloc with the launcher's GLIBC_TUNABLES against its defaults (time and page faults
#    per step, over --probe-batches batches, default 469).
# Runs as the launcher does: with the launcher's GLIBC_TUNABLES (except for the malloc probe's default side).
# Writes PREFIX.md and PREFIX.json (default bench/results/DATE-profile-step).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
arch=mlp
data="fashion-mnist:train"
repeats=3
results=""
probe_batches=469
while [ $# -gt 0 ]; do
    case "$1" in
        --arch) arch="$2"; shift 2 ;;
        --data) data="$2"; shift 2 ;;
        --repeats) repeats="$2"; shift 2 ;;
        --results) results="$2"; shift 2 ;;
        --probe-batches) probe_batches="$2"; shift 2 ;;
        *) echo "profile_step.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
[[ "$repeats" =~ ^[1-9][0-9]*$ ]] || { echo "profile_step.sh: --repeats $repeats: expected a positive integer" >&2; exit 2; }
[[ "$probe_batches" =~ ^[1-9][0-9]*$ ]] || { echo "profile_step.sh: --probe-batches $probe_batches: expected a positive integer" >&2; exit 2; }
# the launcher's malloc settings, as every ./vae4j run has them
tunables="$(sed -n 's/^export GLIBC_TUNABLES="\([^$"]*\).*/\1/p' "$here/vae4j")"
[ -n "$tunables" ] || { echo "profile_step.sh: no GLIBC_TUNABLES line in $here/vae4j" >&2; exit 2; }
export GLIBC_TUNABLES="$tunables${GLIBC_TUNABLES:+:$GLIBC_TUNABLES}" # yours last, as the launcher does
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
# step [JVM options] -- [StepProfile options]
step() {
    local jvm=()
    while [ "$1" != "--" ]; do jvm+=("$1"); shift; done
    shift
    java ${jvm[@]+"${jvm[@]}"} -cp "$jar" "$here/bench/StepProfile.java" --model "$work/model" --data "$data" "$@" 2>/dev/null
}
# 4a. the engine's profiler over 20 whole steps (after 20 unprofiled ones)
step -- --batches 20 --engine-profile "$work/trace.json" >/dev/null
python3 "$here/bench/engine_profile.py" "$work/trace.json" --steps 20 --top 15 --json "$work/engine.json" >/dev/null
# 4b. Java Flight Recorder over the step loop; the top frames of its Java and native-method samples
step -XX:StartFlightRecording=filename="$work/step.jfr",settings=profile -- --loops adam --repeats 2 >/dev/null
for ev in ExecutionSample NativeMethodSample; do
    jfr print --events "jdk.$ev" "$work/step.jfr" | grep -A1 'stackTrace = \[' | grep -v 'stackTrace\|^--' \
        | sed 's/line:.*//; s/^ *//; s/ *$//' | sort | uniq -c | sort -rn | sed -n 1,8p >"$work/jfr-$ev.txt"
done
# 4c. threads and malloc: the whole step (adam loop), best of 2 rounds, over probe_batches batches
: >"$work/settings.jsonl"
for intra in 1 2; do
    for inter in 1 2; do
        step -Dai.djl.pytorch.num_threads=$intra -Dai.djl.pytorch.num_interop_threads=$inter -- --loops adam \
            --repeats 2 --batches "$probe_batches" | grep '"loop"' \
            | sed "s/^{/{\"setting\": \"threads\", \"intra\": $intra, \"inter\": $inter, /" >>"$work/settings.jsonl"
    done
done
for malloc in default launcher; do
    if [ "$malloc" = default ]; then env=(env -u GLIBC_TUNABLES); else env=(env); fi
    for b in 1 "$probe_batches"; do
        # page faults of a run with 1 batch and of one with probe_batches: their difference is the steps' own
        "${env[@]}" /usr/bin/time -f '%R %M' -o "$work/faults-$malloc-$b" java -cp "$jar" "$here/bench/StepProfile.java" \
            --model "$work/model" --data "$data" --loops adam --repeats 1 --batches "$b" 2>/dev/null \
            | grep '"loop"' >"$work/malloc-$malloc-$b.json"
    done
    python3 -c "import json,sys; r=json.load(open(sys.argv[1])); f1=int(open(sys.argv[2]).read().split()[-2]); \
fn, rss=map(int, open(sys.argv[3]).read().split()[-2:]); n=int(sys.argv[4]); \
print(json.dumps({'setting': 'malloc', 'malloc': sys.argv[5], 'milliseconds_per_batch': r['milliseconds_per_batch'], \
'page_faults_per_step': (fn - f1) / (2 * (n - 1)) if n > 1 else None, 'peak_rss_mib': rss / 1024}))" "$work/malloc-$malloc-$probe_batches.json" \
        "$work/faults-$malloc-1" "$work/faults-$malloc-$probe_batches" "$probe_batches" "$malloc" >>"$work/settings.jsonl"
done
python3 - "$work" "$results" "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')" "$(nproc)" \
    "$(git -C "$here" rev-parse --short HEAD)$(git -C "$here" diff --quiet || echo ' (uncommitted changes)')" \
    "$data" "$repeats" "$("$here/vae4j" --version 2>/dev/null | tr '\n' ';')" "$arch" "${threads:-unknown}" "$probe_batches" <<'PY'
import datetime, json, os, statistics, sys
work, results, cpu, cores, commit, data, repeats, version, arch, threads, probe = sys.argv[1:]
kernels = [json.loads(l) for l in open(f"{work}/kernels.jsonl")]
rows = [json.loads(l) for l in open(f"{work}/steps.jsonl")]
steps = [r for r in rows if "loop" in r]
parameters = next(r["parameters"] for r in rows if "parameters" in r)
engine = json.load(open(f"{work}/engine.json"))
settings = [json.loads(l) for l in open(f"{work}/settings.jsonl")]
jfr = {ev: open(f"{work}/jfr-{ev}.txt").read().splitlines() for ev in ("ExecutionSample", "NativeMethodSample")}
memory = next(k for k in kernels if k["kind"] == "memory")
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
    f"- command: `bench/profile_step.sh --arch {arch} --data {data} --repeats {repeats} --probe-batches {probe}`;"
    f" GLIBC_TUNABLES={os.environ.get('GLIBC_TUNABLES')}; engine threads: vae4j's"
    f" defaults ({threads}), OMP_NUM_THREADS {os.environ.get('OMP_NUM_THREADS', 'unset')}",
    "",
    "## Kernel rates (bench/KernelRates.java; median of 5 timed rounds of about 0.2 s)",
    "",
    "| kind | shape | GFLOP/s | µs per call |",
    "|---|---|---:|---:|",
]
lines += [f"| {k['kind']} | {k['shape']} | {k['gflops']:.0f}{' GB/s' if k['kind'] == 'memory' else ''} |"
          f" {k['microseconds']:.1f} |" for k in kernels]
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
# Adam reads weight, gradient and both moments and writes all four (the gradient zeroed): 32 bytes per parameter
adam_floor = 32 * parameters / (memory["gflops"] * 1e9) * batches
lines += [
    "",
    f"Adam's memory floor: {parameters:,} parameters x 32 bytes (weight, gradient and both moments read and written)"
    f" per step at the memory rate above ({memory['gflops']:.0f} GB/s) = **{adam_floor:.2f} s per epoch**.",
    "",
    "## The engine's profiler: where one step goes (PyTorch's profiler over 20 steps, bench/engine_profile.py)",
    "",
    f"- per step: {engine['wall_us_per_step'] / 1e3:.1f} ms of wall time, {engine['in_engine_calls_us_per_step'] / 1e3:.1f}"
    f" ms inside top-level engine calls ({engine['top_level_calls_per_step']:.0f} calls), "
    f"{engine['between_calls_us_per_step'] / 1e3:.1f} ms between them (Java, JNI and the profiler's own cost; the "
    "profiler slows every call, so read the shares, not the sums)",
    "",
    "| operation | input shapes | calls per step | self ms per step |",
    "|---|---|---:|---:|",
]
lines += [f"| {r['name']} | {r['shapes']} | {r['calls_per_step']:.0f} | {r['self_us_per_step'] / 1e3:.2f} |"
          for r in engine["by_op"]]
lines += ["", "## Java Flight Recorder over the step loop: top frames of its samples", ""]
for ev, title in (("ExecutionSample", "Java code (samples every 10 ms)"),
                  ("NativeMethodSample", "native calls (samples every 20 ms)")):
    lines += [f"{title}:", "", "| samples | frame |", "|---:|---|"]
    for l in jfr[ev]:
        n, frame = l.strip().split(" ", 1)
        lines.append(f"| {n} | `{frame}` |")
    lines.append("")
lines += ["## Engine threads and malloc (the whole step, adam loop)", "",
          "| setting | ms per batch | page faults per step | peak resident memory |", "|---|---:|---:|---:|"]
for r in settings:
    if r["setting"] == "threads":
        lines.append(f"| {r['intra']} intra-op, {r['inter']} inter-op threads | {r['milliseconds_per_batch']:.2f} | | |")
    else:
        pf = r["page_faults_per_step"]
        label = "glibc malloc defaults" if r["malloc"] == "default" else "the launcher's GLIBC_TUNABLES"
        pf = f"{pf:.0f}" if pf is not None else ""
        lines.append(f"| {label} | {r['milliseconds_per_batch']:.2f} | {pf} | {r['peak_rss_mib']:.0f} MiB |")
open(results + ".md", "w").write("\n".join(lines) + "\n")
json.dump({"machine": {"cpu": cpu, "cores": int(cores)}, "commit": commit, "version": version, "data": data,
           "arch": arch, "kernels": kernels, "floor_seconds": floor, "conv_floor_seconds": conv_floor, "conv_tflop": conv_tflop, "mlp_gflop_per_epoch": mlp_gflop, "steps": steps,
           "parameters": parameters, "adam_memory_floor_seconds": adam_floor, "engine_profile": engine,
           "jfr": jfr, "settings": settings, "glibc_tunables": os.environ.get("GLIBC_TUNABLES")},
          open(results + ".json", "w"), indent=2)
print("\n".join(lines))
PY
