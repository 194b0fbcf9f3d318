#!/usr/bin/env python3
"""Report of bench/run_text.sh: reads its raw-output folder and prints markdown (Bowman et al.'s table layout).

    python3 bench/report_text.py bench/out/<run>-text > bench/results/<date>-<host>-text.md
"""
import csv
import glob
import json
import os
import re
import statistics
import sys


def torch_run(path):
    epochs, test, setting = [], None, None
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line.startswith("{"):
                continue
            r = json.loads(line)
            if r.get("kind") == "epoch":
                epochs.append(r)
            elif r.get("kind") == "test":
                test = r
            elif r.get("kind") == "setting":
                setting = r
    return epochs, test, setting


def vae4j_run(folder, eval_out):
    with open(os.path.join(folder, "metrics.csv")) as f:
        rows = list(csv.DictReader(f))
    with open(eval_out) as f:
        ev = json.load(f)
    return rows, ev


def ms(values):
    values = [v for v in values if v is not None]
    if not values:
        return "-"
    if len(values) == 1:
        return f"{values[0]:.2f}"
    return f"{statistics.mean(values):.2f} ± {statistics.stdev(values):.2f}"


def main(out):
    print("# Sequence VAE on the Brown corpus: vae4j against Debian's PyTorch\n")
    print("Produced by `bench/run_text.sh` (report: `bench/report_text.py`). Settings as recorded:\n")
    with open(os.path.join(out, "settings.txt")) as f:
        for line in f:
            print("- " + line.rstrip())
    seeds = sorted({int(m.group(1)) for pattern in ("torch-*-*.out", "eval-*-*.out")
                    for p in glob.glob(os.path.join(out, pattern))
                    for m in [re.search(r"-(\d+)\.out$", p)] if m})
    print()
    print("## Test figures and seconds per epoch (mean ± sd over seeds " + ",".join(map(str, seeds)) + ")\n")
    print("NLL per sentence in nats (importance-weighted, K as in the settings; exact for the LM), KL in brackets, "
          "per-token perplexity with each sentence's end token counted; seconds per epoch of the training pass "
          "(epoch 1 includes warm-up; later epochs in brackets).\n")
    print("| model | side | NLL (KL) | -ELBO | perplexity | active units | token accuracy | s/epoch 1 | s/later epochs | vae4j / torch |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for model in ("lm", "vae"):
        t_nll, t_kl, t_ppl, t_au, t_acc, t_s1, t_s2, t_elbo = [], [], [], [], [], [], [], []
        v_nll, v_kl, v_ppl, v_au, v_acc, v_s1, v_s2, v_elbo = [], [], [], [], [], [], [], []
        for s in seeds:
            tp = os.path.join(out, f"torch-{model}-{s}.out")
            if os.path.exists(tp):
                epochs, test, _ = torch_run(tp)
                if test:
                    t_nll.append(test["nll"]); t_kl.append(test.get("kl")); t_ppl.append(test["perplexity"])
                    t_au.append(test.get("active_units")); t_acc.append(test.get("token_accuracy"))
                    t_elbo.append(test["recon"] + (test.get("kl") or 0))
                if epochs:
                    t_s1.append(epochs[0]["seconds"])
                    if len(epochs) > 1:
                        t_s2.append(statistics.mean(e["seconds"] for e in epochs[1:]))
            vf = os.path.join(out, f"model-{model}-{s}")
            ve = os.path.join(out, f"eval-{model}-{s}.out")
            if os.path.exists(os.path.join(vf, "metrics.csv")) and os.path.exists(ve):
                rows, ev = vae4j_run(vf, ve)
                v_nll.append(ev.get("negLogLikelihood", ev["loss"])); v_kl.append(ev.get("kl"))
                v_ppl.append(ev["perplexity"]); v_au.append(ev.get("activeUnits")); v_acc.append(ev["tokenAccuracy"])
                v_elbo.append(ev.get("negElbo", ev["loss"]))
                v_s1.append(float(rows[0]["seconds"]))
                if len(rows) > 1:
                    v_s2.append(statistics.mean(float(r["seconds"]) for r in rows[1:]))
        ratio = "-"
        if t_s2 and v_s2:
            ratio = f"{statistics.mean(v_s2) / statistics.mean(t_s2):.2f}"
        elif t_s1 and v_s1:
            ratio = f"{statistics.mean(v_s1) / statistics.mean(t_s1):.2f} (epoch 1)"
        for side, nll, kl, elbo, ppl, au, acc, s1, s2 in (
                ("PyTorch", t_nll, t_kl, t_elbo, t_ppl, t_au, t_acc, t_s1, t_s2),
                ("vae4j", v_nll, v_kl, v_elbo, v_ppl, v_au, v_acc, v_s1, v_s2)):
            klp = f" ({ms(kl)})" if model == "vae" else ""
            print(f"| {model} | {side} | {ms(nll)}{klp} | {ms(elbo)} | {ms(ppl)} | "
                  f"{ms(au) if model == 'vae' else '-'} | {ms(acc)} | {ms(s1)} | {ms(s2)} | "
                  f"{ratio if side == 'vae4j' else ''} |")
    print()
    print("Context, on another corpus (Penn Treebank), so not comparable number for number: Bowman et al. 2016 "
          "report test perplexity 116 for their LM and 119 for the VAE; the Sentence-VAE implementation reports "
          "test NLL 103.97 with KL 7.27 per sentence.\n")
    for name, title in (("samples-vae.txt", "VAE samples (greedy decodings of z ~ N(0, I), seed 1)"),
                        ("samples-lm.txt", "LM samples (temperature 1, seed 1)"),
                        ("homotopy.txt", "Homotopies between test sentences (VAE, seed 1)")):
        p = os.path.join(out, name)
        if os.path.exists(p):
            print(f"## {title}\n\n```")
            with open(p) as f:
                print(f.read().rstrip())
            print("```\n")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: report_text.py OUT_FOLDER")
    main(sys.argv[1])
