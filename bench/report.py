#!/usr/bin/python3
"""Turns the raw outputs of one bench/run.sh run into bench/results/<date>-<host>.md and .json.

  report.py --run bench/out/<run> --results bench/results [--host NAME]

Standard library only. Reads what run.sh left in the run folder (see run.sh); writes nothing else.
"""
import argparse
import csv
import json
import os
import re
import statistics
import sys

RATIO_GOAL = 0.5      # vae4j mean epoch time / PyTorch example's
LOSS_GOAL = 1.0       # |vae4j test loss - PyTorch example's|, nats per example
MIB = 1024.0


def read(run, name, default=None):
    path = os.path.join(run, name)
    if not os.path.exists(path):
        return default
    with open(path) as f:
        return f.read()


def read_jsonl(run, name):
    text = read(run, name)
    if text is None:
        return None
    events = [json.loads(line) for line in text.splitlines() if line.startswith("{")]
    start = next((e for e in events if e["event"] == "start"), {})
    epochs = [e for e in events if e["event"] == "epoch"]
    end = next((e for e in events if e["event"] == "end"), {})
    return {"start": start, "epochs": epochs, "end": end}


def parse_time_v(text):
    """GNU time -v output -> dict of the fields we use."""
    if not text:
        return None
    out = {}
    for line in text.splitlines():
        key, _, value = line.strip().rpartition(": ")
        value = value.strip()
        if key == "User time (seconds)":
            out["user_seconds"] = float(value)
        elif key == "System time (seconds)":
            out["system_seconds"] = float(value)
        elif key == "Maximum resident set size (kbytes)":
            out["max_rss_kb"] = int(value)
        elif key == "Percent of CPU this job got":
            out["cpu_percent"] = value
        elif key == "Exit status":
            out["exit_status"] = int(value)
        elif key.startswith("Elapsed (wall clock) time"):
            parts = [float(p) for p in value.split(":")]
            seconds = 0.0
            for p in parts:
                seconds = seconds * 60 + p
            out["wall_seconds"] = seconds
    return out


def machine(run):
    cpuinfo = read(run, "cpuinfo.txt", "")
    model = next((l.split(":", 1)[1].strip() for l in cpuinfo.splitlines() if l.startswith("model name")), "unknown")
    logical = sum(1 for l in cpuinfo.splitlines() if l.startswith("processor"))
    flags = next((l.split(":", 1)[1].split() for l in cpuinfo.splitlines() if l.startswith("flags")), [])
    meminfo = read(run, "meminfo.txt", "")
    mem_kb = next((int(l.split()[1]) for l in meminfo.splitlines() if l.startswith("MemTotal:")), 0)
    os_text = read(run, "os.txt", "")
    pretty = next((l.split("=", 1)[1].strip('"') for l in os_text.splitlines() if l.startswith("PRETTY_NAME=")), "?")
    kernel = next((l.split("=", 1)[1] for l in os_text.splitlines() if l.startswith("KERNEL=")), "?")
    java = (read(run, "java-version.txt", "") or "").strip().splitlines()
    return {
        "cpu_model": model,
        "logical_cpus": logical,
        "hypervisor": "hypervisor" in flags,
        "avx512": "avx512f" in flags,
        "ram_gib": round(mem_kb / MIB / MIB, 1),
        "os": pretty,
        "kernel": kernel,
        "java": java[0] if java else "?",
        "java_runtime": java[1] if len(java) > 1 else "",
        "blas": (read(run, "blas.txt", "") or "").strip(),
    }


def phases(run, cores):
    """Per step: wall time, load, and how much CPU the whole machine used (ours and others')."""
    text = read(run, "phases.txt", "")
    tick = os.sysconf("SC_CLK_TCK")
    rows = {}
    for line in text.splitlines():
        f = line.split()
        name, kind, t = f[0], f[1], float(f[2])
        rows.setdefault(name, {})[kind] = {"t": t, "load": [float(x) for x in f[3:6]],
                                           "busy": int(f[6]), "idle": int(f[7])}
    out = {}
    for name, r in rows.items():
        if "start" not in r or "end" not in r:
            continue
        wall = r["end"]["t"] - r["start"]["t"]
        busy = (r["end"]["busy"] - r["start"]["busy"]) / tick
        idle = (r["end"]["idle"] - r["start"]["idle"]) / tick
        out[name] = {"wall_seconds": round(wall, 2), "load_start": r["start"]["load"], "load_end": r["end"]["load"],
                     "machine_busy_cpu_seconds": round(busy, 1),
                     "machine_busy_fraction": round(busy / (busy + idle), 3) if busy + idle > 0 else None}
    return out


def epoch_end_times(trace):
    ends = {}
    for entry in trace.get("lines", []):
        m = re.match(r"^epoch\s+(\d+)/(\d+)\s", entry["line"])
        if m and entry["stream"] == "stdout":
            ends[int(m.group(1))] = entry["t"]
    return ends


def rss_per_epoch(trace, ends):
    """RSS at each epoch's end (the last sample taken before its line was printed) and the epoch's maximum."""
    samples = trace.get("samples", [])
    out = []
    prev = 0.0
    for epoch in sorted(ends):
        t = ends[epoch]
        before = [s for s in samples if s["t"] <= t]
        during = [s for s in samples if prev < s["t"] <= t]
        at_end = before[-1] if before else None
        out.append({
            "epoch": epoch,
            "t": t,
            "rss_mib": round(at_end["rss_kb"] / MIB, 1) if at_end else None,
            "sample_age_seconds": round(t - at_end["t"], 2) if at_end else None,
            "max_rss_mib_during_epoch": round(max(s["rss_kb"] for s in during) / MIB, 1) if during else None,
        })
        prev = t
    return out


def mean(xs):
    return sum(xs) / len(xs) if xs else None


def spread(xs):
    """n, mean, sample standard deviation and standard error of the mean."""
    n = len(xs)
    m = mean(xs)
    sd = statistics.stdev(xs) if n >= 2 else None
    return {"n": n, "mean": m, "sd": sd, "se": sd / n ** 0.5 if sd is not None else None}


def slope(xs, ys):
    """Least-squares slope of ys on xs."""
    if len(xs) < 2:
        return None
    mx, my = mean(xs), mean(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx if sxx else None


RSS_FLAT = 2.0  # |least-squares slope of end-of-epoch RSS over epochs 2..N| at most this (MiB per epoch) = flat


def rss_series(trace, time_v):
    """One traced vae4j run: RSS at each epoch's end, peaks, and the trend over epochs 2..N."""
    ends = epoch_end_times(trace)
    rss = rss_per_epoch(trace, ends)
    samples = trace.get("samples", [])
    peak_sampled = max((s["rss_kb"] for s in samples), default=None)
    peak_hwm = max((s["hwm_kb"] or 0 for s in samples), default=None)
    time_v_max = time_v["max_rss_kb"] if time_v else None
    peak_candidates = [x for x in (peak_sampled, peak_hwm, time_v_max) if x]
    late = [(r["epoch"], r["rss_mib"]) for r in rss if r["epoch"] >= 2 and r["rss_mib"] is not None]
    trend = {"from_epoch": 2, "to_epoch": late[-1][0] if late else None,
             "slope_mib_per_epoch": None, "max_minus_min_mib": None, "flat": None}
    if len(late) >= 3:
        b = slope([e for e, _ in late], [r for _, r in late])
        trend["slope_mib_per_epoch"] = round(b, 2)
        trend["max_minus_min_mib"] = round(max(r for _, r in late) - min(r for _, r in late), 1)
        trend["min_mib"] = min(r for _, r in late)
        trend["max_mib"] = max(r for _, r in late)
        trend["flat"] = abs(b) <= RSS_FLAT
    first_to_last = round(rss[-1]["rss_mib"] - rss[0]["rss_mib"], 1) \
        if len(rss) >= 2 and rss[0]["rss_mib"] is not None and rss[-1]["rss_mib"] is not None else None
    return {
        "interval_seconds": trace.get("interval_seconds"),
        "samples": len(samples),
        "series": [{"t": s["t"], "rss_mib": round(s["rss_kb"] / MIB, 1)} for s in samples],
        "per_epoch": rss,
        "peak_sampled_rss_mib": round(peak_sampled / MIB, 1) if peak_sampled else None,
        "peak_vmhwm_mib": round(peak_hwm / MIB, 1) if peak_hwm else None,
        "time_v_max_rss_mib": round(time_v_max / MIB, 1) if time_v_max else None,
        "peak_mib": round(max(peak_candidates) / MIB, 1) if peak_candidates else None,
        "epoch_1_to_last_mib": first_to_last,
        "trend_epochs_2_to_last": trend,
    }


def training_run(run, stem, pytorch):
    """One training run of run_conv.sh or run_cvae.sh -> per-epoch seconds, test loss and train loss, plus the
    process's time -v: from the PyTorch script's JSON lines, or from vae4j's metrics.csv and vae4j.json."""
    if pytorch:
        j = read_jsonl(run, stem + ".out")
        epochs = j["epochs"] if j else []
        seconds = {int(e["epoch"]): e["train_seconds"] for e in epochs}
        test = {int(e["epoch"]): e["test_loss"] for e in epochs}
        train = {int(e["epoch"]): e["train_loss"] for e in epochs}
        info = j["start"] if j else {}
    else:
        rows = list(csv.DictReader((read(run, stem + "-metrics.csv", "") or "").splitlines()))
        seconds = {int(r["epoch"]): float(r["seconds"]) for r in rows}
        test = {int(r["epoch"]): float(r["val_loss"]) for r in rows}
        train = {int(r["epoch"]): float(r["train_loss"]) for r in rows}
        model = json.loads(read(run, stem + "-vae4j.json", "{}") or "{}")
        info = {"parameters": None, "model": model.get("model"), "provenance": model.get("provenance")}
    return {"command": (read(run, stem + ".cmd", "") or "").strip(), "seconds": seconds, "test_loss": test,
            "train_loss": train, "process": parse_time_v(read(run, stem + ".time")), "info": info, "stem": stem}


def training_runs(run, sides, load):
    """Every run listed in runs.txt ("side seed stem" lines) -> {side: {seed: load(run, side, stem)}}."""
    runs = {side: {} for side, _ in sides}
    for line in (read(run, "runs.txt", "") or "").splitlines():
        side, seed, stem = line.split()
        runs[side][int(seed)] = load(run, side, stem)
    return runs


def write_results(results, stem, lines, result):
    """Writes results/<stem>.md (the lines) and .json (the result); prints the .md path."""
    os.makedirs(results, exist_ok=True)
    md_path = os.path.join(results, stem + ".md")
    with open(md_path, "w") as f:
        f.write("\n".join(lines))
    with open(os.path.join(results, stem + ".json"), "w") as f:
        json.dump(result, f, indent=1, default=str)
    print(md_path)


def report_args():
    """The command line every report takes: --run FOLDER --results FOLDER [--host NAME]."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", required=True)
    ap.add_argument("--results", required=True)
    ap.add_argument("--host", default=os.uname().nodename.split(".")[0])
    return ap.parse_args()


def fmt(x, digits=2, unit=""):
    if x is None:
        return "n/a"
    return ("%." + str(digits) + "f%s") % (x, unit)


def md_table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---:" if i else "---" for i in range(len(header))) + "|"]
    for r in rows:
        lines.append("| " + " | ".join(str(c) for c in r) + " |")
    return "\n".join(lines)


def machine_rows(mach):
    """The CPU, RAM, OS and Java rows of a report's machine table."""
    return [
        ["CPU", "%s (%d logical CPUs%s)" % (mach["cpu_model"], mach["logical_cpus"],
                                          ", virtual machine" if mach["hypervisor"] else "")],
        ["RAM", "%s GiB" % mach["ram_gib"]],
        ["OS", "%s, %s" % (mach["os"], mach["kernel"])],
        ["Java", "%s; %s" % (mach["java"], mach["java_runtime"])],
    ]


def quiet_waits(settings, quiet):
    """The sentence on how long each step waited for an idle machine, and what others' CPU means."""
    waits = "; ".join("%s: %s after %s s" % (q[0], q[2], q[1]) for q in quiet if len(q) == 3 and q[2] != "skipped")
    return ("Before each step the script waited up to %s s for the machine to be idle (%s). Others' CPU = the "
            "whole machine's CPU time (/proc/stat) minus the step's own (time -v)."
            % (settings.get("quiet_wait", "?"), waits or "no waits"))


# key, file stem in the run folder, label
TORCH_RUNS = (
    ("pytorch_example", "torch-example", "PyTorch example"),
    ("pytorch_preloaded", "torch-preloaded", "PyTorch preloaded variant"),
    ("pytorch_example_tuned", "torch-example-tuned", "PyTorch example, tuned threads"),
    ("pytorch_preloaded_tuned", "torch-preloaded-tuned", "PyTorch preloaded variant, tuned threads"),
)


def main():
    args = report_args()
    run = args.run

    settings = dict(l.split("=", 1) for l in (read(run, "settings.txt", "") or "").splitlines() if "=" in l)
    n_epochs = int(settings.get("epochs", "10"))
    threads = settings.get("threads", "?")
    mach = machine(run)
    cores = mach["logical_cpus"] or 1
    epochs = list(range(1, n_epochs + 1))
    warnings = []

    def means(sec):
        all_ = [sec[e] for e in epochs if e in sec]
        rest = [sec[e] for e in epochs if e in sec and e > 1]
        return {"mean_excluding_epoch_1": mean(rest) if len(rest) == n_epochs - 1 and rest else None,
                "mean_all": mean(all_) if len(all_) == n_epochs else None,
                "total": sum(all_) if len(all_) == n_epochs else None}

    def ratio(a, b):
        return a / b if a is not None and b else None

    # --- every run's per-epoch numbers
    runs = {}
    torch_start = {}
    for key, stem, label in TORCH_RUNS:
        j = read_jsonl(run, stem + ".jsonl")
        if not j or not j["epochs"]:
            continue
        torch_start = torch_start or j["start"]
        runs[key] = {
            "label": label,
            "command": (read(run, stem + ".cmd", "") or "").strip(),
            "seconds": {int(e["epoch"]): e["train_seconds"] for e in j["epochs"]},
            "test_loss": {int(e["epoch"]): e["test_loss"] for e in j["epochs"]},
            "train_loss": {int(e["epoch"]): e["train_loss"] for e in j["epochs"]},
            "test_pass_seconds": {int(e["epoch"]): e["test_seconds"] for e in j["epochs"]},
            "process": parse_time_v(read(run, stem + ".time")),
            "process_seconds_inside_python": j["end"].get("process_seconds"),
            "torch_threads": j["start"].get("torch_threads"),
        }
    metrics = []
    metrics_text = read(run, "vae4j-metrics.csv")
    if metrics_text:
        for row in csv.DictReader(metrics_text.splitlines()):
            metrics.append({k: (float(v) if v not in ("", None) else None) for k, v in row.items()})
    trace = json.loads(read(run, "vae4j-trace.json", "{}") or "{}")
    runs["vae4j"] = {
        "label": "vae4j",
        "command": (read(run, "vae4j-train.cmd", "") or "").strip(),
        "seconds": {int(m["epoch"]): m["seconds"] for m in metrics},
        "test_loss": {int(m["epoch"]): m["val_loss"] for m in metrics},
        "train_loss": {int(m["epoch"]): m["train_loss"] for m in metrics},
        "process": parse_time_v(read(run, "vae4j-train.time")),
        "process_wall_seconds_traced": trace.get("wall_seconds"),
    }
    for r in runs.values():
        r["means"] = means(r["seconds"])
    v = runs["vae4j"]
    vm = v["means"]

    ratios = {}
    for key, _, _ in TORCH_RUNS:
        if key in runs:
            ratios[key] = {
                "excluding_epoch_1": ratio(vm["mean_excluding_epoch_1"], runs[key]["means"]["mean_excluding_epoch_1"]),
                "all_epochs": ratio(vm["mean_all"], runs[key]["means"]["mean_all"]),
            }
    # The example as specified (OMP_NUM_THREADS only), and the example at the fastest thread setting found.
    spec_ratio = ratios.get("pytorch_example", {}).get("excluding_epoch_1")
    example_keys = [k for k in ("pytorch_example", "pytorch_example_tuned")
                    if k in runs and runs[k]["means"]["mean_excluding_epoch_1"] is not None]
    fastest_example = min(example_keys, key=lambda k: runs[k]["means"]["mean_excluding_epoch_1"]) \
        if example_keys else None
    strict_ratio = ratios[fastest_example]["excluding_epoch_1"] if fastest_example else None
    preloaded_keys = [k for k in ("pytorch_preloaded", "pytorch_preloaded_tuned")
                      if k in runs and runs[k]["means"]["mean_excluding_epoch_1"] is not None]
    fastest_preloaded = min(preloaded_keys, key=lambda k: runs[k]["means"]["mean_excluding_epoch_1"]) \
        if preloaded_keys else None

    tuned_setting = (read(run, "torch-tuned-setting.txt", "") or "").strip() or None
    probe = []
    for line in (read(run, "torch-thread-probe.jsonl", "") or "").splitlines():
        if line.startswith("{"):
            probe.append(json.loads(line))
    probe_summary = {}
    for e in probe:
        probe_summary.setdefault(e["setting"], []).append(e["ms_per_step"])

    # --- test losses: single runs (seed 1)
    check_epochs = sorted({e for e in (1, 3, 10, n_epochs) if e <= n_epochs})
    ex = runs.get("pytorch_example", {}).get("test_loss", {})
    losses = []
    for e in check_epochs:
        d = v["test_loss"][e] - ex[e] if e in v["test_loss"] and e in ex and v["test_loss"][e] is not None else None
        torch_values = [runs[k]["test_loss"][e] for k, _, _ in TORCH_RUNS if k in runs and e in runs[k]["test_loss"]]
        losses.append({"epoch": e, "vae4j": v["test_loss"].get(e), "pytorch_example": ex.get(e),
                       "vae4j_minus_example": d, "within_goal": abs(d) <= LOSS_GOAL if d is not None else None,
                       "pytorch_runs_spread": (max(torch_values) - min(torch_values)) if len(torch_values) > 1
                       else None})

    # --- test losses over seeds (loss-seeds.txt: "side seed file"); the goal is checked on the means
    seed_runs = {"vae4j": {}, "pytorch": {}}
    for line in (read(run, "loss-seeds.txt", "") or "").splitlines():
        f = line.split()
        if len(f) != 3:
            continue
        side, seed, name = f[0], int(f[1]), f[2]
        if side == "pytorch":
            j = read_jsonl(run, name)
            values = {int(e["epoch"]): e["test_loss"] for e in j["epochs"]} if j else {}
        else:
            text = read(run, name)
            values = {int(float(r["epoch"])): float(r["val_loss"]) for r in csv.DictReader(text.splitlines())} \
                if text else {}
        if values:
            seed_runs[side][seed] = {"file": name, "test_loss": values}
    multi = {"seeds": {side: sorted(r) for side, r in seed_runs.items()},
             "files": {side: {str(k): r[k]["file"] for k in sorted(r)} for side, r in seed_runs.items()},
             "pytorch_setting": None, "per_epoch": []}
    pt_files = [r["file"] for r in seed_runs["pytorch"].values()]
    if pt_files:
        multi["pytorch_setting"] = (read(run, pt_files[0].replace(".jsonl", ".cmd"), "") or "") \
            .split(" " + settings.get("python", "/usr/bin/python3"))[0]
    for e in epochs:
        row = {"epoch": e}
        for side in ("vae4j", "pytorch"):
            xs = [r["test_loss"][e] for _, r in sorted(seed_runs[side].items()) if e in r["test_loss"]]
            row[side] = dict(spread(xs), values=xs) if xs else None
        if row["vae4j"] and row["pytorch"]:
            d = row["vae4j"]["mean"] - row["pytorch"]["mean"]
            ses = [row[side]["se"] for side in ("vae4j", "pytorch")]
            row["difference_of_means"] = d
            row["difference_se"] = (ses[0] ** 2 + ses[1] ** 2) ** 0.5 if None not in ses else None
            row["within_goal"] = abs(d) <= LOSS_GOAL
        multi["per_epoch"].append(row)
    multi_checks = [r for r in multi["per_epoch"] if r["epoch"] in check_epochs]
    multi_goal = None
    if any("within_goal" in r for r in multi_checks):
        multi_goal = all(r.get("within_goal") for r in multi_checks)

    # --- memory: the seed-1 run with the JVM's defaults, and the seed-2 run with a fixed, pre-touched heap
    trace = json.loads(read(run, "vae4j-trace.json", "{}") or "{}")
    memory = rss_series(trace, v["process"])
    memory["java_opts"] = settings.get("java_opts", "")
    fixed_trace = json.loads(read(run, "vae4j-seed2-fixedheap-trace.json", "{}") or "{}")
    fixed = rss_series(fixed_trace, parse_time_v(read(run, "vae4j-seed2-fixedheap.time"))) if fixed_trace else None
    if fixed:
        fixed["java_opts"] = settings.get("fixed_heap_opts", "")
    java_flags = {}
    for line in (read(run, "java-flags.txt", "") or "").splitlines():
        f = line.split()
        if len(f) >= 4:
            java_flags[f[1]] = f[3]
    ft = fixed["trend_epochs_2_to_last"] if fixed else {}
    if not fixed:
        native_verdict = "no verdict (no fixed-heap run)"
    elif ft.get("flat") is None:
        native_verdict = "no verdict (fewer than 3 epochs from epoch 2 on)"
    elif ft["flat"]:
        native_verdict = "flat (slope %+.1f MiB per epoch over epochs 2-%d, within +-%.0f; max - min %.0f MiB): " \
                         "no growth of native memory" % (ft["slope_mib_per_epoch"], ft["to_epoch"], RSS_FLAT,
                                                         ft["max_minus_min_mib"])
    else:
        native_verdict = "NOT flat (slope %+.1f MiB per epoch over epochs 2-%d): with the heap fixed, native " \
                         "memory grows" % (ft["slope_mib_per_epoch"], ft["to_epoch"])
        warnings.append("vae4j's RSS with a fixed, pre-touched heap was not flat (%+.1f MiB per epoch over epochs "
                        "2-%d): native memory grows." % (ft["slope_mib_per_epoch"], ft["to_epoch"]))
    memory_result = {"default_jvm": memory, "fixed_heap": fixed, "flat_threshold_mib_per_epoch": RSS_FLAT,
                     "native_memory_verdict": native_verdict, "java_flags": java_flags}

    # --- thread contention (step e): 2 epochs each, default OpenMP vs OMP_WAIT_POLICY=PASSIVE, quiet / one core hogged
    cont_runs = {}
    for name in ("contention-quiet-default", "contention-quiet-passive", "contention-hog-default",
                 "contention-hog-passive"):
        text = read(run, name + "-metrics.csv")
        if text:
            cont_runs[name] = {int(float(r["epoch"])): float(r["seconds"]) for r in csv.DictReader(text.splitlines())}
    hog = (read(run, "contention-hog.txt", "") or "").split()
    hog_cores = None
    if len(hog) == 4 and hog[2] != "unknown":
        hog_cores = round(int(hog[2]) / int(hog[3]) / (float(hog[1]) - float(hog[0])), 2)
    contention_test = {"epoch_seconds": cont_runs, "hog_cpu_cores_used": hog_cores} if cont_runs else None

    # --- cold start
    sample_runs = []
    for line in (read(run, "sample-times.txt", "") or "").splitlines():
        f = line.split()
        sample_runs.append({"attempt": int(f[0]), "seconds": int(f[1]) / 1e6, "status": f[2]})
    ok = [r["seconds"] for r in sample_runs if r["status"] == "ok"]
    cold = {"runs": sample_runs, "best_seconds": min(ok) if ok else None,
            "median_seconds": statistics.median(ok) if ok else None,
            "command": (read(run, "vae4j-sample.cmd", "") or "").strip()}
    if any(r["status"] != "ok" for r in sample_runs):
        warnings.append("%d sample run(s) were not counted because the launcher rebuilt vae4j first."
                        % sum(1 for r in sample_runs if r["status"] != "ok"))

    # --- versions and provenance
    version_lines = (read(run, "vae4j-version.txt", "") or "").strip().splitlines()
    jar_before = (read(run, "jar-before.sha256", "") or "").strip()
    jar_train = (read(run, "jar-train-start.sha256", "") or "").strip() or jar_before
    jar_train_end = (read(run, "jar-train-end.sha256", "") or "").strip()
    jar_sample = (read(run, "jar-sample-start.sha256", "") or "").strip()
    jar_after = (read(run, "jar-after.sha256", "") or "").strip()
    git_head = (read(run, "git-head-train-start.txt", "") or read(run, "git-head.txt", "") or "").strip()
    rebuilt_in_train = "building" in (read(run, "vae4j-train.log", "") or "")
    if rebuilt_in_train or (jar_train_end and jar_train_end != jar_train):
        warnings.append("vae4j was rebuilt during the train step (someone changed the sources): the build is not "
                        "in the epoch times, but the process totals of the train step include it and the code "
                        "measured is newer than the jar recorded here.")
    if jar_sample and jar_sample != (jar_train_end or jar_train):
        warnings.append("vae4j was rebuilt between the train and sample steps (not timed): the cold starts ran a "
                        "newer build than the training.")
    if jar_after and jar_after != (jar_sample or jar_train):
        warnings.append("cli/target/vae4j.jar changed during the sample step.")
    dirty = [l for l in (read(run, "git-status-train-start.txt", None) or read(run, "git-status.txt", "") or "")
             .splitlines() if l.strip()]
    model_info = json.loads(read(run, "vae4j-model/vae4j.json", "{}") or "{}")
    uptime_before = (read(run, "uptime-before.txt", "") or "").strip()
    uptime_after = (read(run, "uptime-after.txt", "") or "").strip()
    quiet = [l.split() for l in (read(run, "quiet.txt", "") or "").splitlines() if l.strip()]
    build = (read(run, "build-time.txt", "") or "").split()
    build_seconds = float(build[1]) - float(build[0]) if len(build) == 2 else None

    # --- contention: the machine's CPU use during each step minus our process's own (time -v of NAME.time)
    contention = {}
    for name, p in phases(run, cores).items():
        c = dict(p)
        t = parse_time_v(read(run, name + ".time"))
        if t and "user_seconds" in t:
            own = t["user_seconds"] + t["system_seconds"]
            other = max(0.0, p["machine_busy_cpu_seconds"] - own)
            c["own_cpu_seconds"] = round(own, 1)
            c["other_cpu_seconds"] = round(other, 1)
            c["other_share_of_machine"] = round(other / (p["wall_seconds"] * cores), 3) if p["wall_seconds"] else None
            # In the hogged contention steps our own `yes` is one of the "others": it should take 1/cores of it.
            expected = 1.0 / cores if name.startswith("contention-hog") else 0.0
            share = c["other_share_of_machine"]
            if share is not None and share > expected + 0.1:
                warnings.append("during %s other processes used %.0f%% of the machine's CPU (%.0f CPU-seconds over "
                                "%.0f s)%s: its times are inflated."
                                % (name, 100 * share, other, p["wall_seconds"],
                                   ", including the deliberate `yes`" if expected else ""))
        contention[name] = c
    jars = {}
    for fname in sorted(os.listdir(run)):
        if fname.startswith("jar-") and fname.endswith(".sha256"):
            jars[fname[4:-7]] = (read(run, fname, "") or "").strip()
    if len(set(jars.values()) - {""}) > 1:
        warnings.append("not every step ran the same build of vae4j (someone changed the sources; jar SHA-256 per "
                        "step: %s)." % ", ".join("%s %s" % (k, h[:12]) for k, h in jars.items()))
    for q in quiet:
        if len(q) == 3 and q[2] == "busy":
            warnings.append("the machine was still busy after waiting %s s before %s." % (q[1], q[0]))

    date = os.path.basename(os.path.normpath(run))[:17]
    result = {
        "date": date,
        "host": args.host,
        "run_folder": os.path.relpath(os.path.abspath(run), os.path.dirname(os.path.abspath(__file__))),
        "invocation": (read(run, "invocation.txt", "") or "").strip(),
        "settings": settings,
        "machine": mach,
        "versions": {
            "vae4j": version_lines,
            "torch": torch_start.get("torch"),
            "torchvision": torch_start.get("torchvision"),
            "python": torch_start.get("python"),
            "git_head": git_head,
            "uncommitted_source_changes": dirty,
            "jar_sha256_at_start": jar_before,
            "jar_sha256_train_step": jar_train,
            "jar_sha256_train_end": jar_train_end,
            "jar_sha256_sample_step": jar_sample,
            "jar_sha256_at_end": jar_after,
            "jar_sha256_per_step": jars,
        },
        "environment": "OMP_NUM_THREADS=%s" % threads,
        "data": model_info.get("data"),
        "runs": runs,
        "ratios_vae4j_over": ratios,
        "ratio_goal": RATIO_GOAL,
        "ratio_vs_example_as_specified": spec_ratio,
        "ratio_vs_fastest_example_run": strict_ratio,
        "fastest_example_run": fastest_example,
        "ratio_goal_met_vs_example_as_specified": spec_ratio <= RATIO_GOAL if spec_ratio is not None else None,
        "ratio_goal_met_vs_fastest_example_run": strict_ratio <= RATIO_GOAL if strict_ratio is not None else None,
        "torch_thread_probe": {"tuned_setting": tuned_setting, "ms_per_step": probe_summary},
        "test_loss_single_runs_seed_1": losses,
        "test_loss_over_seeds": multi,
        "loss_goal_met_on_means": multi_goal,
        "loss_goal_nats": LOSS_GOAL,
        "vae4j_memory": memory_result,
        "thread_contention": contention_test,
        "cold_start": cold,
        "build_seconds_not_counted": round(build_seconds, 1) if build_seconds is not None else None,
        "load": {"uptime_before": uptime_before, "uptime_after": uptime_after, "quiet_wait": quiet},
        "contention": contention,
        "warnings": warnings,
    }

    # ---------------------------------------------------------------- markdown
    def mex(key, which="mean_excluding_epoch_1", digits=2):
        return fmt(runs[key]["means"][which], digits) if key in runs else "n/a"

    def yes(flag):
        return {True: "met", False: "NOT met", None: "n/a"}[flag]

    L = []
    L.append("# vae4j vs the PyTorch VAE example: %s on %s" % (date[:10], args.host))
    L.append("")
    L.append("Produced by `%s` (bench/run.sh, bench/report.py) at %s. Raw outputs: `bench/%s` (git-ignored)."
             % (result["invocation"], date[11:13] + ":" + date[13:15], result["run_folder"]))
    L.append("")
    L.append("## Summary")
    L.append("")
    L.append("- Mean train seconds per epoch, epochs 2-%d: **vae4j %s s**; PyTorch example %s s with "
             "OMP_NUM_THREADS=%s%s; PyTorch preloaded variant (pure compute) %s s%s."
             % (n_epochs, fmt(vm["mean_excluding_epoch_1"]), mex("pytorch_example"), threads,
                (", %s s with the fastest thread setting (%s)" % (mex("pytorch_example_tuned"), tuned_setting))
                if "pytorch_example_tuned" in runs else "",
                mex("pytorch_preloaded"),
                (", %s s tuned" % mex("pytorch_preloaded_tuned")) if "pytorch_preloaded_tuned" in runs else ""))
    L.append("- Ratio vae4j / PyTorch example: **%s** against the example as specified; **%s** against its fastest "
             "run (%s). Goal <= %.1f: %s / %s."
             % (fmt(spec_ratio, 3), fmt(strict_ratio, 3), runs[fastest_example]["label"] if fastest_example else "-",
                RATIO_GOAL, yes(result["ratio_goal_met_vs_example_as_specified"]),
                yes(result["ratio_goal_met_vs_fastest_example_run"])))
    if fastest_preloaded:
        L.append("- Ratio vae4j / fastest PyTorch preloaded run (no data pipeline, compute only): %s."
                 % fmt(ratios[fastest_preloaded]["excluding_epoch_1"], 3))
    L.append("- Including epoch 1: vae4j %s s, PyTorch example %s s%s; ratio %s%s."
             % (fmt(vm["mean_all"]), mex("pytorch_example", "mean_all"),
                (" (tuned %s s)" % mex("pytorch_example_tuned", "mean_all")) if "pytorch_example_tuned" in runs else "",
                fmt(ratios.get("pytorch_example", {}).get("all_epochs"), 3),
                (" (tuned %s)" % fmt(ratios["pytorch_example_tuned"]["all_epochs"], 3))
                if "pytorch_example_tuned" in runs else ""))
    def pm(stats, digits=2):
        return "%s +- %s" % (fmt(stats["mean"], digits), fmt(stats["se"], digits)) if stats else "n/a"

    n_v, n_t = len(multi["seeds"]["vae4j"]), len(multi["seeds"]["pytorch"])
    if multi_checks and any("within_goal" in r for r in multi_checks):
        L.append("- **Test loss over seeds** (nats per example, one-sample negative ELBO on the 10,000 test images; "
                 "mean +- standard error over %d vae4j and %d PyTorch example runs, seeds %s): %s. Goal: difference "
                 "of means within %.0f nat: **%s**."
                 % (n_v, n_t, ",".join(str(x) for x in multi["seeds"]["vae4j"]),
                    "; ".join("epoch %d: vae4j %s vs PyTorch %s, difference %+.2f +- %s"
                              % (r["epoch"], pm(r["vae4j"]), pm(r["pytorch"]), r["difference_of_means"],
                                 fmt(r["difference_se"])) for r in multi_checks if "within_goal" in r),
                    LOSS_GOAL, "met at every checked epoch" if multi_goal else
                    "NOT met at epoch(s) %s" % ", ".join(str(r["epoch"]) for r in multi_checks
                                                         if r.get("within_goal") is False)))
    L.append("- Test loss, single runs (seed 1), vae4j vs PyTorch example: %s. One run per side is not enough to "
             "judge the %.0f-nat goal (run-to-run spread is below)."
             % ("; ".join("epoch %d: %s vs %s (%s%s)" % (l["epoch"], fmt(l["vae4j"]), fmt(l["pytorch_example"]),
                                                         "+" if (l["vae4j_minus_example"] or 0) >= 0 else "",
                                                         fmt(l["vae4j_minus_example"]))
                          for l in losses), LOSS_GOAL))
    dt = memory["trend_epochs_2_to_last"]
    L.append("- vae4j resident memory (VmRSS) at the end of epochs 1-%d, default JVM (seed-1 run): %s MiB (slope "
             "over epochs 2-%s %s MiB per epoch): Java heap pages being touched for the first time, see below."
             % (n_epochs, ", ".join(fmt(r["rss_mib"], 0) for r in memory["per_epoch"]), dt["to_epoch"],
                fmt(dt["slope_mib_per_epoch"], 1)))
    if fixed:
        L.append("- With a fixed, pre-touched heap (`VAE4J_JAVA_OPTS=\"%s\"`, seed-2 run): %s MiB. **Native memory: %s.**"
                 % (fixed["java_opts"], ", ".join(fmt(r["rss_mib"], 0) for r in fixed["per_epoch"]), native_verdict))
    L.append("- Cold start of `./vae4j sample --count 64` (fresh process, %d runs): best %s s, median %s s."
             % (len(ok), fmt(cold["best_seconds"]), fmt(cold["median_seconds"])))
    if contention_test and len(cont_runs) == 4:
        c2 = {k: r.get(2) for k, r in cont_runs.items()}
        qd, qp, hd, hp = (c2["contention-quiet-default"], c2["contention-quiet-passive"],
                          c2["contention-hog-default"], c2["contention-hog-passive"])
        L.append("- Thread contention (vae4j, epoch 2 of 2-epoch runs): quiet machine %s s with default OpenMP, %s s "
                 "with OMP_WAIT_POLICY=PASSIVE (%+.0f%%); with `yes` holding one of the %d cores %s s (%.1fx) and %s s "
                 "(%.1fx). %s"
                 % (fmt(qd, 1), fmt(qp, 1), 100 * (qp / qd - 1), cores, fmt(hd, 1), hd / qd, fmt(hp, 1), hp / qd,
                    "On shared machines set OMP_WAIT_POLICY=PASSIVE." if hp < hd
                    else "PASSIVE did not help in this run."))
    L.append("- Load: before `%s`; after `%s`." % (uptime_before, uptime_after))
    spec_mean = runs.get("pytorch_example", {}).get("means", {}).get("mean_excluding_epoch_1")
    tuned_mean = runs.get("pytorch_example_tuned", {}).get("means", {}).get("mean_excluding_epoch_1")
    if spec_mean and tuned_mean and spec_mean > 1.2 * tuned_mean:
        L.append("")
        L.append("**Reading these numbers.** With OMP_NUM_THREADS=%s alone, the PyTorch example takes %.1fx as long as "
                 "with `%s`. Debian's torch does its matrix products in OpenBLAS (its own pthreads, sized from "
                 "OMP_NUM_THREADS) next to torch's OpenMP pool; with both busy-waiting on %d cores they get in each "
                 "other's way. That is how this stack behaves out of the box, but it is not PyTorch's compute speed: "
                 "the conservative figure to quote is the ratio against the fastest run (%s)."
                 % (threads, spec_mean / tuned_mean, tuned_setting, cores, fmt(strict_ratio, 3)))
    if warnings:
        L.append("")
        L.append("**Caveats found in this run:**")
        L.append("")
        for w in warnings:
            L.append("- " + w)
    L.append("")
    L.append("## Machine")
    L.append("")
    L.append(md_table(["", ""], [
        ["CPU", "%s (%d logical CPUs%s%s)" % (mach["cpu_model"], mach["logical_cpus"],
                                            ", virtual machine" if mach["hypervisor"] else "",
                                            ", AVX-512" if mach["avx512"] else "")],
        ["RAM", "%s GiB" % mach["ram_gib"]],
        ["OS", "%s, %s" % (mach["os"], mach["kernel"])],
        ["Java", "%s; %s; VAE4J_JAVA_OPTS: %s" % (mach["java"], mach["java_runtime"],
                                                   "`%s`" % settings["java_opts"] if settings.get("java_opts")
                                                   else "none (JVM defaults: max heap 1/4 of RAM)") +
         ("; fixed-heap run: `%s`" % fixed["java_opts"] if fixed else "")],
        ["vae4j", "; ".join(version_lines)],
        ["PyTorch (Python)", "torch %s, torchvision %s, Python %s (Debian packages); BLAS %s"
         % (torch_start.get("torch"), torch_start.get("torchvision"), torch_start.get("python"), mach["blas"])],
        ["Threads", "OMP_NUM_THREADS=%s for every step%s" % (
            threads, "; tuned PyTorch runs: %s" % tuned_setting if "pytorch_example_tuned" in runs else "")],
        ["vae4j source", "git %s%s; jar SHA-256 %s... (the build the train step ran)"
         % (result["versions"]["git_head"][:12],
            (" + %d uncommitted change(s) in core/, cli/ or pom.xml (other engineers' work in progress)" % len(dirty))
            if dirty else "", jar_train[:16])],
    ]))
    L.append("")
    L.append("## Commands")
    L.append("")
    L.append("```")
    for key, _, label in TORCH_RUNS:
        if key in runs:
            L.append("%s%s" % (runs[key]["command"], "" if key == "pytorch_example" else "   # " + label))
    L.append("OMP_NUM_THREADS=%s %s" % (threads, v["command"]))
    extra_seed_cmds = [(read(run, f.replace("-metrics.csv", ".cmd").replace(".jsonl", ".cmd"), "") or "").strip()
                       for side in ("pytorch", "vae4j") for k, f in multi["files"][side].items() if k != "1"]
    if fixed is not None and "vae4j-seed2-fixedheap-metrics.csv" not in multi["files"]["vae4j"].values():
        extra_seed_cmds.append((read(run, "vae4j-seed2-fixedheap.cmd", "") or "").strip())
    for c in extra_seed_cmds:
        if c:
            L.append(c + "   # test loss over seeds" + (", RSS traced" if "AlwaysPreTouch" in c else ""))
    L.append("%s   # %d fresh processes, timed from outside" % (cold["command"], len(sample_runs)))
    for name in cont_runs:
        L.append("%s   # %s" % ((read(run, name + ".cmd", "") or "").strip(),
                                "thread contention, " + ("quiet" if "quiet" in name else "`yes > /dev/null` running")))
    L.append("```")
    if model_info.get("data"):
        d = model_info["data"]
        L.append("")
        L.append("vae4j read `%s` (%s training images, SHA-256 %s... in vae4j.json) and validated on its test part; "
                 "PyTorch read the same four IDX files from %s through torchvision."
                 % (d.get("spec"), d.get("count", "?"), str(d.get("sha256"))[:16], settings.get("data")))
    L.append("")
    L.append("## Train seconds per epoch")
    L.append("")
    L.append("Training loop only. PyTorch: iterating the loader (example: Dataset + ToTensor + DataLoader collation, "
             "per image; preloaded: slicing one tensor by a shuffled index), forward, backward, Adam step, reading "
             "the loss. vae4j: the `seconds` column of metrics.csv (shuffle, batch gather from its in-memory tensor, "
             "forward, backward, Adam (one pass per parameter), reading the loss). Neither includes the test pass, "
             "checkpointing or start-up.")
    L.append("")
    cols = [k for k, _, _ in TORCH_RUNS if k in runs]
    header = ["epoch"] + [runs[k]["label"] + " (s)" for k in cols] + ["vae4j (s)"] + \
             ["vae4j / " + runs[k]["label"] for k in cols if k.startswith("pytorch_example")]
    rows = []
    for e in epochs:
        rows.append([e] + [fmt(runs[k]["seconds"].get(e)) for k in cols] + [fmt(v["seconds"].get(e))] +
                    [fmt(ratio(v["seconds"].get(e), runs[k]["seconds"].get(e)), 3)
                     for k in cols if k.startswith("pytorch_example")])
    for which, label in (("mean_excluding_epoch_1", "mean 2-%d" % n_epochs), ("mean_all", "mean 1-%d" % n_epochs)):
        rows.append(["**%s**" % label] + [fmt(runs[k]["means"][which]) for k in cols] + [fmt(vm[which])] +
                    [fmt(ratios[k]["excluding_epoch_1" if which.startswith("mean_ex") else "all_epochs"], 3)
                     for k in cols if k.startswith("pytorch_example")])
    rows.append(["total"] + [fmt(runs[k]["means"]["total"], 1) for k in cols] + [fmt(vm["total"], 1)] +
                ["" for k in cols if k.startswith("pytorch_example")])
    L.append(md_table(header, rows))
    if probe_summary:
        L.append("")
        L.append("PyTorch thread settings probed before the tuned runs (preloaded training step, 100 steps after "
                 "10 warm-up steps, 3 repeats; ms per step):")
        L.append("")
        L.append(md_table(["setting", "best", "all repeats"],
                          [["`%s`%s" % (k, " (chosen)" if k == tuned_setting else ""), fmt(min(xs), 1),
                            ", ".join("%.1f" % x for x in xs)] for k, xs in probe_summary.items()]))
    L.append("")
    L.append("## Test loss (nats per example)")
    L.append("")
    L.append("Sum over the 10,000 test images of BCE + KL with one posterior sample, divided by 10,000 (the example's "
             "definition; vae4j's `val_loss`). The two programs draw different random numbers (initial weights, "
             "shuffle order, noise), so a single run of each differs by run-to-run noise as well as by any real "
             "difference: the goal (within %.0f nat) is checked on the means over seeds." % LOSS_GOAL)
    L.append("")
    L.append("### Over seeds")
    L.append("")
    if multi_checks and any("within_goal" in r for r in multi_checks):
        L.append("vae4j: `./vae4j train --seed S` (seed 1 is the timed run, seed 2 the fixed-heap run; the heap "
                 "setting does not change the arithmetic). PyTorch: the example variant with `%s` and `--seed S` "
                 "(seed 1 is the run timed above). Seeds: vae4j %s, PyTorch %s. SD = sample standard deviation "
                 "(run-to-run spread), SE = standard error of the mean = SD / sqrt(n); the difference's SE is "
                 "sqrt(SE1^2 + SE2^2). All epochs are in the JSON."
                 % (multi["pytorch_setting"], ",".join(map(str, multi["seeds"]["vae4j"])),
                    ",".join(map(str, multi["seeds"]["pytorch"]))))
        L.append("")
        rows = []
        for r in multi_checks:
            if "within_goal" not in r:
                continue
            rows.append([r["epoch"], fmt(r["vae4j"]["mean"]), fmt(r["vae4j"]["sd"]), fmt(r["vae4j"]["se"]),
                         fmt(r["pytorch"]["mean"]), fmt(r["pytorch"]["sd"]), fmt(r["pytorch"]["se"]),
                         "%+.2f +- %s" % (r["difference_of_means"], fmt(r["difference_se"])),
                         "yes" if r["within_goal"] else "**no**"])
        L.append(md_table(["epoch", "vae4j mean", "vae4j SD", "vae4j SE", "PyTorch mean", "PyTorch SD", "PyTorch SE",
                           "vae4j - PyTorch (+- SE)", "within %.0f nat" % LOSS_GOAL], rows))
        L.append("")
        L.append("Each run:")
        L.append("")
        seeds_all = sorted(set(multi["seeds"]["vae4j"]) | set(multi["seeds"]["pytorch"]))
        rows = []
        for r in multi_checks:
            for side, label in (("vae4j", "vae4j"), ("pytorch", "PyTorch")):
                if r.get(side):
                    vals = {sd: seed_runs[side][sd]["test_loss"].get(r["epoch"]) for sd in seed_runs[side]}
                    rows.append([r["epoch"], label] + [fmt(vals.get(sd)) for sd in seeds_all])
        L.append(md_table(["epoch", "side"] + ["seed %d" % sd for sd in seeds_all], rows))
    else:
        L.append("No multi-seed runs in this run folder.")
    L.append("")
    L.append("### Single runs (seed 1)")
    L.append("")
    L.append("One run each, as timed above; not the basis of the goal check. Train loss: mean over the epoch's "
             "batches as they were trained. The PyTorch runs differ from each other only in random stream (the "
             "preloaded variant shuffles with torch.randperm) or thread setting.")
    L.append("")
    header = ["epoch"] + [runs[k]["label"] for k in cols] + ["vae4j", "vae4j - example", "train: example",
                                                            "train: vae4j"]
    rows = []
    for e in epochs:
        d = v["test_loss"][e] - ex[e] if e in v["test_loss"] and e in ex else None
        rows.append([("**%d**" % e) if e in check_epochs else e] + [fmt(runs[k]["test_loss"].get(e)) for k in cols] +
                    [fmt(v["test_loss"].get(e)), fmt(d),
                     fmt(runs.get("pytorch_example", {}).get("train_loss", {}).get(e)),
                     fmt(v["train_loss"].get(e))])
    L.append(md_table(header, rows))
    L.append("")
    L.append("## vae4j resident memory")
    L.append("")
    L.append("VmRSS of the java process (`./vae4j` execs java) read from /proc/PID/status every %s s, in two runs: "
             "the seed-1 timing run with the JVM's defaults (%s), and the seed-2 run with `VAE4J_JAVA_OPTS=\"%s\"` "
             "(heap size fixed, committed and touched before training starts). RSS at the end of an epoch = the "
             "last sample before its line was printed (after its test pass, before its checkpoint is written)."
             % (memory["interval_seconds"], "VAE4J_JAVA_OPTS=`%s`" % memory["java_opts"] if memory["java_opts"]
                else "no heap options", fixed["java_opts"] if fixed else settings.get("fixed_heap_opts", "")))
    L.append("")
    fixed_by_epoch = {r["epoch"]: r for r in fixed["per_epoch"]} if fixed else {}
    L.append(md_table(["epoch", "default JVM: RSS at end (MiB)", "max during epoch", "fixed heap: RSS at end (MiB)",
                       "max during epoch"],
                      [[r["epoch"], fmt(r["rss_mib"], 0), fmt(r["max_rss_mib_during_epoch"], 0),
                        fmt(fixed_by_epoch.get(r["epoch"], {}).get("rss_mib"), 0),
                        fmt(fixed_by_epoch.get(r["epoch"], {}).get("max_rss_mib_during_epoch"), 0)]
                       for r in memory["per_epoch"]]))
    L.append("")
    rows = []
    for label, m in (("default JVM (seed 1)", memory), ("fixed, pre-touched heap (seed 2)", fixed)):
        if not m:
            continue
        t = m["trend_epochs_2_to_last"]
        rows.append([label, fmt(t["slope_mib_per_epoch"], 1), fmt(t["max_minus_min_mib"], 0),
                     fmt(m["epoch_1_to_last_mib"], 0), fmt(m["peak_mib"], 0),
                     "%s / %s / %s" % (fmt(m["peak_sampled_rss_mib"], 0), fmt(m["peak_vmhwm_mib"], 0),
                                       fmt(m["time_v_max_rss_mib"], 0))])
    L.append(md_table(["run", "slope, epochs 2-%d (MiB/epoch, least squares)" % n_epochs,
                       "max - min, epochs 2-%d (MiB)" % n_epochs, "end of epoch 1 to %d (MiB)" % n_epochs,
                       "peak (MiB)", "sampled / VmHWM / time -v (MiB)"], rows))
    L.append("")
    L.append("**Verdict on native memory (from the fixed-heap run): %s.** Flat means a least-squares slope of the "
             "end-of-epoch RSS within +-%.0f MiB per epoch. The default series is not used for the verdict (see "
             "below)." % (native_verdict, RSS_FLAT))
    L.append("")
    max_heap = java_flags.get("MaxHeapSize")
    init_heap = java_flags.get("InitialHeapSize")
    gc = next((g[3:] for g in ("UseG1GC", "UseParallelGC", "UseSerialGC") if java_flags.get(g) == "true"), None)
    L.append("Why the default series grows: VmRSS counts the pages a process has touched, the Java heap's included. "
             "With no heap options the JVM starts with a small committed heap%s and may grow it up to a quarter of "
             "RAM%s. Training allocates short-lived Java objects every batch; as that garbage fills the young "
             "generation, the collector%s hands out heap regions the process has not used before, and each of their "
             "pages joins RSS the first time it is written and stays resident after the collection frees it. So "
             "RSS climbs with the heap's footprint, not with native memory. With `%s` the whole heap is committed and touched before the first batch, so the heap adds "
             "a constant to RSS (which is why that series sits higher) and any change left is native memory "
             "(libtorch, DJL, JIT code, metaspace)."
             % (" (InitialHeapSize %.0f MiB here)" % (int(init_heap) / MIB / MIB) if init_heap else "",
                " (MaxHeapSize %.0f MiB here)" % (int(max_heap) / MIB / MIB) if max_heap else "",
                " (%s)" % gc if gc else "", fixed["java_opts"] if fixed else settings.get("fixed_heap_opts", "")))
    py_rss = ["%s %s MiB" % (runs[k]["label"], fmt(runs[k]["process"]["max_rss_kb"] / MIB, 0))
              for k in cols if runs[k].get("process") and runs[k]["process"].get("max_rss_kb")]
    if py_rss:
        L.append("")
        L.append("For comparison, the Python processes' maximum resident set size: %s." % "; ".join(py_rss))
    L.append("")
    L.append("## Cold start")
    L.append("")
    L.append("Wall time of `./vae4j sample --model DIR --count 64 --out FILE.png` as a fresh process (launcher script, "
             "JVM start, engine load, model load, sampling, PNG write), measured from outside after the build "
             "exists: %s s. Best %s s, median %s s."
             % (", ".join("%.2f" % r["seconds"] + ("" if r["status"] == "ok" else " (rebuilt, not counted)")
                          for r in sample_runs), fmt(cold["best_seconds"]), fmt(cold["median_seconds"])))
    L.append("")
    if contention_test:
        L.append("## Thread contention")
        L.append("")
        L.append("`./vae4j train --epochs 2` (seed 1, OMP_NUM_THREADS=%s) four times: with vae4j's default OpenMP "
                 "settings and with OMP_WAIT_POLICY=PASSIVE, first on the quiet machine, then with `yes > /dev/null` "
                 "running for the duration%s. Train seconds per epoch (metrics.csv):"
                 % (threads, " (it used %.2f cores)" % hog_cores if hog_cores is not None else ""))
        L.append("")
        rows = []
        for label, q, h in (("default (waiting threads spin first)", "contention-quiet-default", "contention-hog-default"),
                            ("OMP_WAIT_POLICY=PASSIVE", "contention-quiet-passive", "contention-hog-passive")):
            rows.append([label] + [fmt(cont_runs.get(n, {}).get(e), 2) for n in (q, h) for e in (1, 2)])
        L.append(md_table(["OpenMP setting", "quiet: epoch 1 (s)", "quiet: epoch 2 (s)", "one core busy: epoch 1 (s)",
                           "one core busy: epoch 2 (s)"], rows))
        L.append("")
        L.append("OpenMP's default wait policy lets idle worker threads spin for a while before sleeping, which is "
                 "fastest when every thread has a core of its own; when another process holds a core, the threads "
                 "that spin or wait for the descheduled one burn the time slices the work needs. PASSIVE makes "
                 "waiting threads sleep: slower on a quiet machine, far less sensitive to a busy one. How much the "
                 "default slows down varies a lot between runs (it depends on how the scheduler interleaves the "
                 "waiting threads with the other process; bench/README.md lists earlier measurements); PASSIVE's "
                 "time hardly does. On shared machines, set `OMP_WAIT_POLICY=PASSIVE` (or fewer OMP_NUM_THREADS "
                 "than free cores).")
        L.append("")
    L.append("## Process totals")
    L.append("")
    L.append("Whole process as `/usr/bin/time -v` saw it: start-up, data loading, %d epochs with their test passes, and "
             "for vae4j the model folder written after every epoch." % n_epochs)
    L.append("")
    rows = []
    for k in cols + ["vae4j"]:
        t = runs[k].get("process")
        if t:
            rows.append([runs[k]["label"], fmt(t.get("wall_seconds"), 1), fmt(t.get("user_seconds"), 1),
                         fmt(t.get("system_seconds"), 1), t.get("cpu_percent", "?"),
                         fmt(t.get("max_rss_kb", 0) / MIB, 0)])
    L.append(md_table(["process", "wall (s)", "user (s)", "system (s)", "CPU", "max RSS (MiB)"], rows))
    L.append("")
    L.append("## Machine load during the run")
    L.append("")
    L.append("Other engineers' builds and tests may share this %d-CPU machine. Before each step the script waited up "
             "to %s s for it to be idle (%s). During each step: CPU time used by the whole machine (/proc/stat) "
             "minus our process's own (time -v)."
             % (cores, settings.get("quiet_wait", "?"),
                "; ".join("%s: %s after %s s" % (q[0], q[2], q[1]) for q in quiet if len(q) == 3) or "no waits"))
    L.append("")
    rows = []
    for name, c in contention.items():
        rows.append([name, fmt(c["wall_seconds"], 1), " ".join("%.2f" % x for x in c["load_start"]),
                     " ".join("%.2f" % x for x in c["load_end"]), fmt(c.get("own_cpu_seconds"), 1),
                     fmt(c.get("other_cpu_seconds"), 1),
                     fmt(100 * c["other_share_of_machine"], 0, "%") if c.get("other_share_of_machine") is not None
                     else "n/a"])
    L.append(md_table(["step", "wall (s)", "load at start", "load at end", "own CPU (s)", "others' CPU (s)",
                       "others' share of machine"], rows))
    if any(n.startswith("contention-hog") for n in contention):
        L.append("")
        L.append("In the contention-hog steps the deliberate `yes` counts as \"others\" (about %d%% expected)."
                 % round(100 / cores))
    L.append("")
    L.append("`uptime` before: `%s`  \n`uptime` after: `%s`" % (uptime_before, uptime_after))
    if build_seconds is not None:
        L.append("")
        L.append("The build check before the benchmark (`./vae4j --version`, not counted) took %.1f s." % build_seconds)
    L.append("")

    # One pair of files per date and host: a later run on the same day replaces that day's results (the raw
    # outputs of every run stay in out/).
    stem = "%s-%s" % (date[:10], args.host)
    write_results(args.results, stem, L, result)
    print(os.path.join(args.results, stem + ".json"))


if __name__ == "__main__":
    sys.exit(main())
