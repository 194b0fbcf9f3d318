#!/usr/bin/python3
"""Turns the raw outputs of one bench/run_oneclass.sh run into bench/results/<date>-<host>-oneclass.md and .json.

  report_oneclass.py --run bench/out/<run>-oneclass --results bench/results [--host NAME]

Standard library only; shares its readers with report.py (and its phases reader with report_tables.py). Reads
settings.txt, the machine files and each cell folder classK-seedS/: scores-M.json (vae4j score), baselines.json
(bench/oneclass_baselines.py), train.time (GNU time -v of vae4j train, else phases.txt) and model/metrics.csv (the
seconds of each training epoch).
"""
import datetime
import os
import re
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from report import fmt, machine, machine_rows, md_table, read, report_args, spread, write_results  # noqa: E402
from report_tables import epoch_seconds, load_json, pct_summary, pm, train_seconds  # noqa: E402

METHODS = ("elbo", "iw", "recon-prob")
BASELINES = (("pca", "PCA"), ("knn", "kNN"))
NAMES = ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot")
CELL = re.compile(r"^class(?P<k>\d)-seed(?P<seed>\d+)$")
TEST_IMAGES, TEST_ANOMALIES = 10000, 9000


def main():
    args = report_args()
    run = args.run
    settings = {}
    for line in (read(run, "settings.txt", "") or "").splitlines():
        if "=" in line:
            k, v = line.split("=", 1)
            settings.setdefault(k, v)
    cells, warnings = [], []
    for name in sorted(os.listdir(run)):
        m = CELL.match(name)
        if not m or not os.path.isdir(os.path.join(run, name)):
            continue
        c = {"cell": name, "class": int(m["k"]), "seed": int(m["seed"]), "trainSeconds": train_seconds(run, name),
             "epochSeconds": epoch_seconds(run, name), "vae4j": {}, "baselines": {}}
        for method in METHODS:
            j = load_json(run, "%s/scores-%s.json" % (name, method))
            if j is None:
                continue
            c["vae4j"][method] = j
            for key, want in (("count", TEST_IMAGES), ("anomalies", TEST_ANOMALIES)):
                if j.get(key) is not None and j[key] != want:
                    warnings.append("%s: vae4j score --method %s reports %s %s, expected %s"
                                    % (name, method, key, j[key], want))
        b = load_json(run, name + "/baselines.json")
        if b is not None:
            c["baselines"] = b.get("baselines", {})
            c["trainImages"] = b.get("trainImages")
        cells.append(c)
    classes = sorted({c["class"] for c in cells})
    columns = [("vae4j " + m, "vae4j", m) for m in METHODS] + [(label, "baselines", key) for key, label in BASELINES]

    # per class: mean ± sd over seeds (ROC-AUC and AP in %, seconds); the mean row averages the per-class means
    per_class = {}
    for k in classes:
        group = [c for c in cells if c["class"] == k]
        entry = {"seeds": sorted(c["seed"] for c in group)}
        for col, side, key in columns:
            runs = [c[side][key] for c in group if key in c[side]]
            entry[col] = {fig: pct_summary([r[fig] for r in runs if r.get(fig) is not None])
                          for fig in ("rocAuc", "averagePrecision")}
        for fig in ("trainSeconds", "epochSeconds"):
            s = spread([c[fig] for c in group if c[fig] is not None])
            entry[fig] = {"n": s["n"], "mean": s["mean"] if s["n"] else None, "sd": s["sd"]}
        per_class[k] = entry
    means = {}
    for col, _, _ in columns:
        means[col] = {}
        for fig in ("rocAuc", "averagePrecision"):
            vals = [per_class[k][col][fig]["mean"] for k in classes if per_class[k][col][fig]["n"]]
            means[col][fig] = {"classes": len(vals), "mean": sum(vals) / len(vals) if vals else None}
    total_train = sum(per_class[k]["trainSeconds"]["mean"] or 0 for k in classes)

    seeds = settings.get("seeds", "?")
    lines = ["# Fashion-MNIST one-class anomaly detection: vae4j against PCA and kNN", "",
             "Run %s, report of %s; produced by `bench/run_oneclass.sh` (report: `bench/report_oneclass.py`)."
             % (os.path.basename(run.rstrip("/")), datetime.date.today().isoformat()), "",
             "Command: `%s`" % settings.get("invocation", (read(run, "invocation.txt", "") or "").strip()), "",
             "For each class K, vae4j trains the default MLP VAE (Bernoulli likelihood, %s epochs, `--val none`) on "
             "the training images of class K alone (6,000) and scores all 10,000 test images with `--normal-class K`; "
             "the 9,000 test images of the other classes are the anomalies. Methods: %s, %s samples each (importance "
             "samples K for iw). Baselines on the same images (pixel / 255, bench/oneclass_baselines.py): PCA "
             "reconstruction error with the components explaining 90%% of the variance of class K, and kNN: mean "
             "distance to the 5 nearest of a random subset of %s of the class's training images (seeded; "
             "0 = all), a subset for speed. ROC-AUC in %%, mean over seeds 1..%s (± sd where there are several)."
             % (settings.get("epochs", "?"), settings.get("methods", "?"), settings.get("samples", "?"),
                settings.get("knn_subset", "?"), seeds), ""]
    if warnings:
        lines += ["**Warnings**", ""] + ["- " + w for w in warnings] + [""]
    lines += ["## ROC-AUC (%) per normal class", ""]
    rows = []
    for k in classes:
        e = per_class[k]
        best = max((c for c, _, _ in columns), key=lambda c: e[c]["rocAuc"]["mean"] if e[c]["rocAuc"]["n"] else -1)
        row = ["%d %s" % (k, NAMES[k])]
        for col, _, _ in columns:
            cell = pm(e[col]["rocAuc"])
            row.append("**%s**" % cell if col == best and e[col]["rocAuc"]["n"] else cell)
        t = e["trainSeconds"]
        es = e["epochSeconds"]
        row += [pm(t, 1) if t["n"] else "–", pm(es, 1) if es["n"] else "–"]
        rows.append(row)
    row = ["mean over %d classes" % len(classes)]
    for col, _, _ in columns:
        m = means[col]["rocAuc"]
        row.append(fmt(m["mean"]) + ("" if m["classes"] == len(classes) else " [%d classes]" % m["classes"]))
    row += [fmt(total_train, 1) + " in all", ""]
    rows.append(row)
    lines += [md_table(["normal class"] + [c for c, _, _ in columns] + ["vae4j train s (process)", "of it epochs s"],
                       rows), "",
              "**Bold**: the best of the row. Training seconds: wall seconds of the whole `vae4j train` process (JVM "
              "start, data, epochs, checkpoints), and the sum of its epochs' seconds from metrics.csv.", ""]
    lines += ["## Average precision (%), mean over classes", "",
              md_table([c for c, _, _ in columns],
                       [[fmt(means[c]["averagePrecision"]["mean"]) for c, _, _ in columns]]), "",
              "With 9,000 anomalies among 10,000 test images, average precision starts at 90% for a random score.", ""]
    example = next((c["cell"] for c in cells), None)
    if example:
        lines += ["## Commands (%s)" % example, "", "```"]
        for step in ["train"] + ["score-" + m for m in METHODS] + ["baselines"]:
            cmd = read(run, "%s/%s.cmd" % (example, step))
            if cmd:
                lines.append(cmd.strip())
        lines += ["```", ""]
    mach = machine(run)
    lines += ["## Machine", "",
              md_table(["", ""], [["CPU", "%s, %s cores" % (settings.get("cpu", mach["cpu_model"]),
                                                         settings.get("cores", mach["logical_cpus"]))]]
                       + machine_rows(mach)[1:] + [
                  ["Python", settings.get("python", "?")],
                  ["threads", "OMP_NUM_THREADS=%s; inherited: %s" % (settings.get("threads", "?"),
                                                                     settings.get("inherited_env", "") or "none")],
                  ["commit", settings.get("commit", "?")]]), ""]
    result = {"settings": settings, "machine": mach, "warnings": warnings,
              "perClass": {str(k): v for k, v in per_class.items()}, "means": means, "cells": cells}
    stem = "%s-%s-oneclass" % (datetime.date.today().isoformat(), args.host)
    write_results(args.results, stem, lines, result)


if __name__ == "__main__":
    main()
