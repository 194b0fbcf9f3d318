#!/usr/bin/env python3
"""Report of bench/run_smiles.sh: reads its raw-output folder and prints markdown.

    python3 bench/report_smiles.py bench/out/<run>-smiles > bench/results/<date>-<host>-smiles.md
"""
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
