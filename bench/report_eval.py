#!/usr/bin/python3
"""Turns the raw outputs of one bench/run_eval.sh run into bench/results/<date>-<host>-eval.md and .json.

  report_eval.py --run bench/out/<run>-eval --results bench/results [--host NAME]

Standard library only; shares its readers with report.py.
"""
import datetime
import json
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from report import report_args, write_results, fmt, machine, md_table, phases, read  # noqa: E402

MODELS = (("mlp", "MLP 784-400-20"), ("conv", "conv 32,64 / 256 / 20"))


def main():
    args = report_args()
    run = args.run
    settings = dict(l.split("=", 1) for l in (read(run, "settings.txt", "") or "").splitlines() if "=" in l)
    mach = machine(run)
    ph = phases(run, mach["logical_cpus"] or 1)
    date = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")

    models = {}
    for key, label in MODELS:
        ev = json.loads(read(run, "eval-%s.out" % key))
        wall = float(read(run, "eval-%s.seconds" % key))
        metrics = (read(run, "%s-metrics.csv" % key, "") or "").splitlines()
        models[key] = {
            "label": label,
            "train_command": (read(run, "train-%s.cmd" % key, "") or "").strip(),
            "eval_command": (read(run, "eval-%s.cmd" % key, "") or "").strip(),
            "epochs": len(metrics) - 1,
            "evaluate": ev,
            "eval_wall_seconds": wall,
            "eval_inside_seconds": ev.get("seconds"),
            "images_per_second": ev["count"] / ev["seconds"] if ev.get("seconds") else None,
            "images_per_second_wall": ev["count"] / wall,
        }
    result = {"benchmark": "vae4j evaluate: importance-weighted log-likelihood and throughput (bench/run_eval.sh)",
              "date": date, "host": args.host, "machine": mach, "settings": settings,
              "invocation": (read(run, "invocation.txt", "") or "").strip(),
              "git_head": (read(run, "git-head.txt", "") or "").strip(), "models": models, "phases": ph}

    k = settings.get("samples", "?")
    L = ["# vae4j evaluation: %s on %s" % (date[:10], args.host), ""]
    L.append("Produced by `%s` (bench/run_eval.sh, bench/report_eval.py) at %s, git %s, OMP_NUM_THREADS=%s, on %s "
             "(%d logical CPUs)." % (result["invocation"], date, result["git_head"][:12], settings.get("threads"),
                                     mach["cpu_model"], mach["logical_cpus"]))
    L.append("")
    L.append("Fashion-MNIST test images (pixel / 255, not binarized), nats per image, lower is better. -log p(x) is the "
             "importance-weighted estimate with K = %s (Burda et al. 2015), ± its standard error over images; the "
             "negative ELBO uses one posterior sample per image and the analytic KL." % k)
    L.append("")
    rows = []
    for key, m in models.items():
        e = m["evaluate"]
        rows.append([m["label"], m["epochs"], e["count"], "%s ± %s" % (fmt(e["negLogLikelihood"]),
                                                                       fmt(e["logLikelihoodStandardError"])),
                     fmt(e["negElbo"]), fmt(e["reconstruction"]), fmt(e["kl"]),
                     fmt(e["negElbo"] - e["negLogLikelihood"]),
                     "%d of %d" % (e["activeUnits"], e["latent"])])
    L.append(md_table(["model", "epochs", "test images", "-log p(x)", "negative ELBO", "reconstruction", "KL",
                       "gap", "active units"], rows))
    L.append("")
    L.append("## Throughput at K = %s" % k)
    L.append("")
    rows = [[m["label"], m["evaluate"]["count"], fmt(m["eval_inside_seconds"], 1), fmt(m["images_per_second"], 1),
             fmt(m["eval_wall_seconds"], 1), fmt(m["images_per_second_wall"], 1)] for m in models.values()]
    L.append(md_table(["model", "images", "evaluate seconds (scoring)", "images / s", "process wall seconds",
                       "images / s (whole process)"], rows))
    L.append("")
    L.append("Scoring time covers the ELBO pass, the active-unit pass and the K-sample pass (which dominates: K "
             "decoder runs per image). The process wall time adds JVM start, engine and model load, and reading "
             "the data.")
    L.append("")
    L.append("## Commands")
    L.append("")
    L.append("```")
    for m in models.values():
        L.append(m["train_command"])
        L.append(m["eval_command"])
    L.append("```")
    L.append("")
    L.append("## Machine load")
    L.append("")
    L.append(md_table(["step", "wall (s)", "machine busy (CPU s)", "machine busy share"],
                      [[n, fmt(p["wall_seconds"], 1), fmt(p["machine_busy_cpu_seconds"], 1),
                        fmt(100 * p["machine_busy_fraction"], 0, "%") if p["machine_busy_fraction"] is not None
                        else "n/a"] for n, p in ph.items()]))
    L.append("")

    stem = "%s-%s-eval" % (date[:10], args.host)
    write_results(args.results, stem, L, result)


if __name__ == "__main__":
    main()
