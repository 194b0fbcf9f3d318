#!/usr/bin/python3
"""Turns the raw outputs of one bench/run_inpaint.sh run into bench/results/<date>-<host>-inpaint.md and .json.

  report_inpaint.py --run bench/out/<run>-inpaint --results bench/results [--host NAME]

Standard library only; shares its readers with report.py. Reads runs.txt, the PyTorch runs' JSON lines, the vae4j
inpaint JSON outputs (*-eval.out), the copied metrics.csv files, settings and machine files.
"""
import csv
import datetime
import io
import json
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from report import fmt, machine, machine_rows, md_table, read, report_args, spread, write_results  # noqa: E402

RATIO_GOAL = 0.8
METHODS = ("importance", "refined", "mwg", "pseudo-gibbs")
LABELS = {"importance": "importance, zero-filled proposal (MIWAE as published)",
          "refined": "importance, proposal after pseudo-Gibbs steps",
          "mwg": "Metropolis-within-Gibbs", "pseudo-gibbs": "pseudo-Gibbs"}


def events(run, name):
    return [json.loads(l) for l in (read(run, name, "") or "").splitlines() if l.startswith("{")]


def steady(seconds):
    """Mean epoch seconds from epoch 2 on (epoch 1 carries the JIT and engine warm-up), or epoch 1 alone."""
    later = seconds[1:] or seconds
    return sum(later) / len(later)


def vae4j_epochs(run, stem):
    text = read(run, stem + "-metrics.csv")
    if text is None:
        return None
    return [float(r["seconds"]) for r in csv.DictReader(io.StringIO(text))]


def pm(values, digits=2):
    s = spread([v for v in values if v is not None])
    if s["n"] == 0:
        return "n/a"
    if s["sd"] is None:
        return fmt(s["mean"], digits)
    return "%s ± %s" % (fmt(s["mean"], digits), fmt(s["sd"], digits))


def main():
    args = report_args()
    run = args.run
    settings = dict(l.split("=", 1) for l in (read(run, "settings.txt", "") or "").splitlines() if "=" in l)
    runs = [l.split() for l in (read(run, "runs.txt", "") or "").splitlines() if l.strip()]
    quadrants = sorted({int(r[2]) for r in runs if r[2] != "0"})
    seeds = sorted({int(r[1]) for r in runs})
    # data[(q, key)] = list over seeds; keys: "<side>-<model>-<figure>"
    data = {}

    def put(q, key, value):
        data.setdefault((q, key), []).append(value)

    timing = {}
    for kind, seed, q, stem in runs:
        q = int(q)
        if kind == "torch":
            ev = events(run, stem + ".out")
            for model in ("baseline", "cvae"):
                secs = [e["train_seconds"] for e in ev if e["event"] == "epoch" and e["model"] == model]
                if secs:
                    timing.setdefault((q, "torch", model), []).append(steady(secs))
                e = next((e for e in ev if e["event"] == "eval" and e["model"] == model), None)
                if e is None:
                    continue
                if model == "baseline":
                    put(q, "torch-baseline-nll", e["nll"])
                else:
                    put(q, "torch-cvae-elbo", e["neg_elbo"])
                    put(q, "torch-cvae-iw", e["nll_iw"])
                put(q, "torch-%s-psnr" % model, e["psnr"])
                put(q, "torch-%s-spi" % model, e["fill_seconds_per_image"])
            floors = next((e for e in ev if e["event"] == "floors"), None)
            if floors:
                put(q, "zero-psnr", floors["zero_fill_psnr"])
                put(q, "mean-psnr", floors["mean_image_psnr"])
        elif kind in ("vae4j-baseline", "vae4j-complete"):
            model = "baseline" if kind == "vae4j-baseline" else "cvae"
            secs = vae4j_epochs(run, stem)
            if secs:
                timing.setdefault((q, "vae4j", model), []).append(steady(secs))
            doc = json.loads(read(run, stem + "-eval.out"))
            m = doc["methods"][0]
            if model == "baseline":
                put(q, "vae4j-baseline-nll", m["nll_missing"])
            else:
                put(q, "vae4j-cvae-elbo", m["neg_elbo_missing"])
                put(q, "vae4j-cvae-iw", m["nll_missing"])
            put(q, "vae4j-%s-psnr" % model, m["psnr"])
            put(q, "vae4j-%s-spi" % model, m["seconds_per_image"])
        elif kind == "vae4j-vae-methods":
            doc = json.loads(read(run, stem + "-eval.out"))
            for m in doc["methods"]:
                if "acceptance_rate" in m:
                    put(q, "vae-%s-acceptance" % m["method"], m["acceptance_rate"])
                put(q, "vae-%s-nll" % m["method"], m["nll_missing"])
                put(q, "vae-%s-psnr" % m["method"], m["psnr"])
                put(q, "vae-%s-spi" % m["method"], m["seconds_per_image"])
        elif kind == "vae4j-vae-refined":
            m = json.loads(read(run, stem + "-eval.out"))["methods"][0]
            put(q, "vae-refined-nll", m["nll_missing"])
            put(q, "vae-refined-psnr", m["psnr"])
            put(q, "vae-refined-spi", m["seconds_per_image"])
        elif kind == "vae4j-vae":
            secs = vae4j_epochs(run, stem)
            if secs:
                timing.setdefault((0, "vae4j", "vae"), []).append(steady(secs))

    def cell(q, key, digits=2):
        return pm(data.get((q, key), []), digits)

    mach = machine(run)
    torch_setting = (read(run, "torch-setting.txt", "") or "").strip()
    k = settings.get("samples", "?")
    lines = ["# Inpainting: the quadrant task (bench/run_inpaint.sh)", "",
             "Run %s on %s; command `%s`." % (os.path.basename(run.rstrip("/")), datetime.date.today().isoformat(),
                                              (read(run, "invocation.txt", "") or "").strip()), "",
             md_table(["machine", ""], machine_rows(mach) + [
                 ["PyTorch threads", torch_setting or "?"],
                 ["vae4j", (read(run, "vae4j-version.txt", "") or "").strip().splitlines()[0]
                  if read(run, "vae4j-version.txt") else "?"],
                 ["commit", (read(run, "git-head.txt", "") or "").strip()]]), "",
             ("Fashion-MNIST, pixel / 255, %s epochs of training (Adam 1e-3, batch 128, no validation), seeds %s. "
              "Scores on the first %s test images, over the missing pixels only; mean ± standard deviation over "
              "seeds. Baseline: 1568-500-500-784 (the observed image and its mask in). CVAE: recognition, prior "
              "and generator networks of 500-500, latent 200. Unconditional VAE: 784-500-500-20, one per seed, "
              "filled by importance sampling (K = %s, the encoder proposing at the zero-filled image, or at the image "
              "completed by %s pseudo-Gibbs steps), Metropolis-within-Gibbs (its burn-in run as pseudo-Gibbs steps) "
              "and pseudo-Gibbs (%s iterations, burn-in %s).")
             % (settings.get("epochs"), ",".join(map(str, seeds)), settings.get("eval_limit"),
                settings.get("is_samples"), settings.get("proposal_steps"), settings.get("iterations"),
                settings.get("burn_in")), ""]

    header = ["model"] + ["%d quadrant%s given" % (q, "s" if q > 1 else "") for q in quadrants]
    nll_rows = [
        ["baseline, PyTorch (masked BCE)"] + [cell(q, "torch-baseline-nll") for q in quadrants],
        ["baseline, vae4j"] + [cell(q, "vae4j-baseline-nll") for q in quadrants],
        ["CVAE, PyTorch: -ELBO"] + [cell(q, "torch-cvae-elbo") for q in quadrants],
        ["CVAE, vae4j: -ELBO"] + [cell(q, "vae4j-cvae-elbo") for q in quadrants],
        ["CVAE, PyTorch: importance-weighted, K = %s" % k] + [cell(q, "torch-cvae-iw") for q in quadrants],
        ["CVAE, vae4j: importance-weighted, K = %s" % k] + [cell(q, "vae4j-cvae-iw") for q in quadrants],
    ] + [["VAE + %s" % LABELS[m]] + [cell(q, "vae-%s-nll" % m) for q in quadrants] for m in METHODS]
    lines += ["## Negative conditional log-likelihood of the missing pixels (nats per image)", "",
              md_table(header, nll_rows), "",
              ("The baseline's figure is the Bernoulli likelihood of its prediction; the CVAE's are the negative "
               "conditional ELBO and the importance-weighted bound (both upper bounds on -log p(x_miss | x_obs)); "
               "the VAE methods' are their estimates of it from their own draws: importance sampling's "
               "log sum_k w_k p(x_miss | z_k) / sum_k w_k, and the chains' log of the mean of p(x_miss | z_t) over "
               "the kept steps. Context, Pyro's example on MNIST (another dataset, more epochs): baseline "
               "100.4 / 61.9 / 25.4, CVAE 71.8 / 51.0 / 24.2."), ""]

    psnr_rows = [
        ["zero fill"] + [cell(q, "zero-psnr") for q in quadrants],
        ["mean training image"] + [cell(q, "mean-psnr") for q in quadrants],
        ["baseline, PyTorch"] + [cell(q, "torch-baseline-psnr") for q in quadrants],
        ["baseline, vae4j"] + [cell(q, "vae4j-baseline-psnr") for q in quadrants],
        ["CVAE, PyTorch (mean of K prior draws)"] + [cell(q, "torch-cvae-psnr") for q in quadrants],
        ["CVAE, vae4j (mean of K prior draws)"] + [cell(q, "vae4j-cvae-psnr") for q in quadrants],
    ] + [["VAE + %s" % LABELS[m]] + [cell(q, "vae-%s-psnr" % m) for q in quadrants] for m in METHODS]
    lines += ["## PSNR of the missing region (dB, data range 1)", "", md_table(header, psnr_rows), ""]

    spi_rows = [["baseline, PyTorch"] + [cell(q, "torch-baseline-spi", 5) for q in quadrants],
                ["baseline, vae4j (fill and score)"] + [cell(q, "vae4j-baseline-spi", 5) for q in quadrants],
                ["CVAE, PyTorch (the fill's generator pass only: its prior-network pass and the scores are not timed)"] + [cell(q, "torch-cvae-spi", 4) for q in quadrants],
                ["CVAE, vae4j (fill and both scores)"] + [cell(q, "vae4j-cvae-spi", 4) for q in quadrants]] + \
               [["VAE + %s (fill and score)" % LABELS[m]] + [cell(q, "vae-%s-spi" % m, 4) for q in quadrants]
                for m in METHODS]
    lines += ["## Seconds per image", "", md_table(header, spi_rows), "",
              "Metropolis-within-Gibbs accepted %s of its proposals after the burn-in (per quadrant count: %s)."
              % (pm([v for q in quadrants for v in data.get((q, "vae-mwg-acceptance"), [])], 3),
                 ", ".join("%d: %s" % (q, cell(q, "vae-mwg-acceptance", 3)) for q in quadrants)), ""]

    t_rows = []
    ratios = {}
    for model, label in (("baseline", "baseline"), ("cvae", "CVAE")):
        for q in quadrants:
            v = timing.get((q, "vae4j", model), [])
            t = timing.get((q, "torch", model), [])
            r = spread(v)["mean"] / spread(t)["mean"] if v and t else None
            ratios[(model, q)] = r
            t_rows.append(["%s, %d given" % (label, q), pm(v), pm(t), fmt(r), "yes" if r and r <= RATIO_GOAL else "no"])
    vae = timing.get((0, "vae4j", "vae"), [])
    t_rows.append(["VAE 784-500-500-20", pm(vae), "n/a", "n/a", ""])
    lines += ["## Training seconds per epoch (mean of epochs 2-%s per seed)" % settings.get("epochs"), "",
              md_table(["model", "vae4j", "PyTorch", "ratio", "<= %.1f" % RATIO_GOAL], t_rows), ""]
    # The floors: the matrix products of a step at the engine's kernel rate, and Adam's memory traffic at its
    # memory rate, both from bench/results/2026-12-01-profile-step-after.md (128-row products 340-420 GFLOP/s,
    # taken as 380; memory 46 GB/s). Multiply-adds per example: forward, weight gradient, and input gradient of
    # every layer but the first of a network (whose input needs none); the generator's first layer takes (z, c)
    # as one matrix, so its input gradient is computed whole.
    d, h, l = 784, 500, 200
    recognition = 2 * 2 * d * h + 3 * h * h + 3 * h * 2 * l
    generator = 3 * (l + 2 * d) * h + 3 * h * h + 3 * h * d
    cvae_macs = 2 * recognition + generator
    baseline_macs = 2 * 2 * d * h + 3 * h * h + 3 * h * d
    cvae_params = 2 * (2 * d * h + h + h * h + h + h * 2 * l + 2 * l) + ((l + 2 * d) * h + h + h * h + h + h * d + d)
    baseline_params = 2 * d * h + h + h * h + h + h * d + d
    steps = 60000 / 128.0

    def floor(macs, params):
        return 2 * macs * 60000 / 380e9 + params * 32 * steps / 46e9

    floor_rows = []
    for model, label, macs, params in (("cvae", "CVAE", cvae_macs, cvae_params),
                                       ("baseline", "baseline", baseline_macs, baseline_params)):
        f = floor(macs, params)
        v = [x for q in quadrants for x in timing.get((q, "vae4j", model), [])]
        floor_rows.append([label, "%.2f GFLOP" % (2 * macs * 60000 / 1e9), "%d" % params, fmt(f),
                           fmt(spread(v)["mean"] / f) if v else "n/a"])
    lines += ["Floors (matrix products at 380 GFLOP/s plus Adam's 32 bytes per parameter per step at 46 GB/s, the "
              "rates of bench/results/2026-12-01-profile-step-after.md):", "",
              md_table(["model", "products per epoch", "parameters", "floor s/epoch", "vae4j / floor"], floor_rows), ""]

    # goals
    goal_lines = []
    for q in quadrants:
        for key, label in (("elbo", "-ELBO"), ("iw", "IW")):
            v = data.get((q, "vae4j-cvae-" + key), [])
            t = data.get((q, "torch-cvae-" + key), [])
            if v and t and len(v) == len(t):
                diff = spread([a - b for a, b in zip(v, t)])
                sd = diff["sd"]
                ok = sd is not None and abs(diff["mean"]) <= max(sd, 2 * (diff["se"] or 0))
                goal_lines.append("- CVAE %s, %d given: vae4j - PyTorch = %s nats (paired over seeds, sd %s): %s"
                                  % (label, q, fmt(diff["mean"]), fmt(sd), "within noise" if ok else "NOT within noise"))
        mw = data.get((q, "vae-mwg-psnr"), [])
        pg = data.get((q, "vae-pseudo-gibbs-psnr"), [])
        if mw and pg:
            d = spread([a - b for a, b in zip(mw, pg)])
            goal_lines.append("- MWG vs pseudo-Gibbs, %d given: PSNR %+.2f dB (sd %s): %s"
                              % (q, d["mean"], fmt(d["sd"]), "at least as good" if d["mean"] >= 0 else "WORSE"))
        floor = max(spread(data.get((q, "zero-psnr"), [0]))["mean"], spread(data.get((q, "mean-psnr"), [0]))["mean"])
        for m in METHODS:
            p = data.get((q, "vae-%s-psnr" % m), [])
            if p:
                goal_lines.append("- VAE + %s, %d given: PSNR %.2f vs the better floor %.2f: %s"
                                  % (m, q, spread(p)["mean"], floor, "beats both" if min(p) > floor else "does NOT beat both"))
    lines += ["## Goals", ""] + goal_lines + [""]
    result = {"settings": settings, "machine": mach, "torch_setting": torch_setting,
              "figures": {"%s|%s" % k_: v for k_, v in data.items()},
              "timing": {"%s|%s|%s" % k_: v for k_, v in timing.items()},
              "ratios": {"%s|%s" % k_: v for k_, v in ratios.items()}}
    stem = "%s-%s-inpaint" % (datetime.date.today().isoformat(), args.host)
    write_results(args.results, stem, lines, result)


if __name__ == "__main__":
    main()
