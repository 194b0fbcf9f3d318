#!/usr/bin/python3
"""Turns the raw outputs of one bench/run_synth.sh run into bench/results/<date>-<host>-synth.md and .json.

  report_synth.py --run bench/out/<run>-synth --results bench/results [--host NAME]

Standard library only; shares its readers with report.py and report_tables.py. Reads settings.txt, the machine
files and each cell folder NAME-seedS/: compare.json and independent-compare.json (vae4j compare), synth.csv and
independent.csv (their rows are counted), train.time (GNU time -v of vae4j train, else phases.txt) and
model/metrics.csv.
"""
import csv
import datetime
import os
import re
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from report import machine, machine_rows, md_table, read, report_args, spread, write_results  # noqa: E402
from report_tables import epoch_seconds, load_json, pm, train_seconds  # noqa: E402

SIDES = (("vae4j", "compare.json", "synth.csv", "vae4j"),
         ("independent", "independent-compare.json", "independent.csv", "independent columns (floor)"))
FIGURES = (("overall", "overall"), ("columnShapes", "column shapes"), ("pairTrends", "pair trends"))
CELL = re.compile(r"^(?P<ds>[a-z]+(_modes)?)-seed(?P<seed>\d+)$")


def summary(values):
    s = spread([v for v in values if v is not None])
    return {"n": s["n"], "mean": s["mean"] if s["n"] else None, "sd": s["sd"]}


def csv_rows(run, name):
    path = os.path.join(run, name)
    if not os.path.exists(path):
        return None
    with open(path, newline="", encoding="utf-8") as f:
        return sum(1 for _ in csv.reader(f)) - 1


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
        ds = m["ds"]
        c = {"cell": name, "dataset": ds, "seed": int(m["seed"]), "trainSeconds": train_seconds(run, name),
             "epochSeconds": epoch_seconds(run, name)}
        want = settings.get("rows_" + ds.split("_")[0])
        for side, report_file, synth_file, _ in SIDES:
            c[side] = load_json(run, "%s/%s" % (name, report_file))
            n = csv_rows(run, "%s/%s" % (name, synth_file))
            c[side + "Rows"] = n
            if want is not None and n is not None and str(n) != want:
                warnings.append("%s: %s has %d rows, the real table %s" % (name, synth_file, n, want))
        cells.append(c)
    datasets = sorted({c["dataset"] for c in cells}, key=lambda d: (d != "penguins", d))

    result_summary = {}
    mach = machine(run)
    lines = ["# Synthetic tables: vae4j against independently sampled columns", "",
             "Run %s, report of %s; produced by `bench/run_synth.sh` (report: `bench/report_synth.py`)."
             % (os.path.basename(run.rstrip("/")), datetime.date.today().isoformat()), "",
             "Command: `%s`" % settings.get("invocation", (read(run, "invocation.txt", "") or "").strip()), "",
             "For each seed vae4j trains %s epochs (`--val none`, defaults otherwise) on the whole real table, the "
             "label an ordinary column, samples as many rows as the table has (`vae4j sample --count N`), and "
             "`vae4j compare` scores them against the real rows. The floor (bench/independent_baseline.py) draws "
             "every column on its own from the real column's values, with its missing rate: right marginals, no "
             "dependence between columns. TSTR: a classifier of the label trained on the synthetic rows and "
             "tested on real rows (accuracy), beside the same classifier trained on real rows and the majority "
             "class. Mean ± sd over seeds 1..%s." % (settings.get("epochs", "?"), settings.get("seeds", "?")), ""]
    if warnings:
        lines += ["**Warnings**", ""] + ["- " + w for w in warnings] + [""]
    for ds in datasets:
        group = [c for c in cells if c["dataset"] == ds]
        entry = {}
        rows = []
        for side, _, _, title in SIDES:
            docs = [c[side] for c in group if c[side]]
            e = {key: summary([d.get(key) for d in docs]) for key, _ in FIGURES}
            for key in ("syntheticAccuracy", "realAccuracy", "majority"):
                e["tstr." + key] = summary([(d.get("tstr") or {}).get(key) for d in docs])
            e["seeds"] = len(docs)
            if side == "vae4j":
                e["trainSeconds"] = summary([c["trainSeconds"] for c in group])
                e["epochSeconds"] = summary([c["epochSeconds"] for c in group])
            entry[side] = e
            rows.append([title, e["seeds"]] + [pm(e[key], 3) for key, _ in FIGURES]
                        + [pm(e["tstr." + k], 3) for k in ("syntheticAccuracy", "realAccuracy", "majority")]
                        + ([pm(e["trainSeconds"], 1), pm(e["epochSeconds"], 1)] if side == "vae4j" else ["–", "–"]))
        tstr = next(((c["vae4j"] or {}).get("tstr") for c in group if c["vae4j"]), None) or {}
        base = ds.split("_")[0]
        lines += ["## %s%s (%s rows; TSTR label %s, %s real test rows)"
                  % (base, ", numeric columns normalised by modes (--normalise modes)" if ds.endswith("_modes")
                     else "", settings.get("rows_" + base, "?"), tstr.get("label", settings.get("label_" + base, "?")),
                     tstr.get("testRows", "?")), "",
                  md_table(["synthetic rows from", "seeds"] + [t for _, t in FIGURES]
                           + ["TSTR accuracy", "trained on real", "majority class",
                              "vae4j train s (process)", "of it epochs s"], rows), ""]
        # per column: the metric and score of each side, mean over seeds
        names, metric = [], {}
        per_col = {side: {} for side, _, _, _ in SIDES}
        for side, _, _, _ in SIDES:
            for c in group:
                for col in (c[side] or {}).get("columns", []) or []:
                    if col.get("name") not in metric:
                        names.append(col.get("name"))
                        metric[col.get("name")] = col.get("metric")
                    per_col[side].setdefault(col.get("name"), []).append(col.get("score"))
        if names:
            rows = [[n, metric[n]] + [pm(summary(per_col[side].get(n, [])), 3) for side, _, _, _ in SIDES]
                    for n in names]
            lines += ["Column shapes, per column:", "",
                      md_table(["column", "metric"] + [t for _, _, _, t in SIDES], rows), ""]
        entry["columns"] = {side: {n: summary(v) for n, v in per_col[side].items()} for side, _, _, _ in SIDES}
        result_summary[ds] = entry

    example = next((c["cell"] for c in cells), None)
    if example:
        lines += ["## Commands (%s)" % example, "", "```"]
        for step in ("train", "sample", "compare", "independent", "independent-compare"):
            cmd = read(run, "%s/%s.cmd" % (example, step))
            if cmd:
                lines.append(cmd.strip())
        lines += ["```", ""]
    lines += ["## Machine", "",
              md_table(["", ""], [["CPU", "%s, %s cores" % (settings.get("cpu", mach["cpu_model"]),
                                                         settings.get("cores", mach["logical_cpus"]))]]
                       + machine_rows(mach)[1:] + [
                  ["Python", settings.get("python", "?")],
                  ["threads", "OMP_NUM_THREADS=%s; inherited: %s" % (settings.get("threads", "?"),
                                                                     settings.get("inherited_env", "") or "none")],
                  ["commit", settings.get("commit", "?")]]), ""]
    result = {"settings": settings, "machine": mach, "warnings": warnings, "summary": result_summary,
              "cells": cells}
    stem = "%s-%s-synth" % (datetime.date.today().isoformat(), args.host)
    write_results(args.results, stem, lines, result)


if __name__ == "__main__":
    main()
