#!/usr/bin/python3
"""Turns the raw outputs of one bench/run_cvae.sh run into bench/results/<date>-<host>-cvae.md and .json.

  report_cvae.py --run bench/out/<run>-cvae --results bench/results [--host NAME]

Standard library only; shares its readers with report.py. Reads what run_cvae.sh left in the run folder: runs.txt
(training runs), scores.txt (the classifier's verdicts), classifier-train.out, eval-*.out (`vae4j evaluate --json`),
the PyTorch runs' JSON lines (with the seed-1 "iw" event), settings, probe, phases and machine files.
"""
import datetime
import json
import math
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from report import training_run, training_runs, report_args, write_results, fmt, machine, machine_rows, md_table, quiet_waits, mean, parse_time_v, phases, read, spread  # noqa: E402

RATIO_GOAL = 0.8   # vae4j CVAE mean epoch seconds / PyTorch's, at most
# The paired test-loss difference (vae4j - PyTorch, per seed) is "within seed noise" if |its mean| <= the standard
# deviation of the per-seed differences (what one paired comparison varies by from seed to seed). Also reported:
# whether |mean| <= 2 standard errors (no difference detectable at this number of seeds) and <= 1 nat (the conv
# benchmark's goal).
LOSS_NAT = 1.0
SIDES = (("pytorch-cvae", "PyTorch CVAE"), ("vae4j-cvae", "vae4j CVAE"), ("vae4j-vae", "vae4j VAE (unconditional)"))
SCORES = (("torch-samples", "PyTorch CVAE samples"), ("vae4j-samples", "vae4j CVAE samples"),
          ("vae4j-transfer", "vae4j transfer, all targets"),
          ("vae4j-transfer-other", "vae4j transfer, targets other than the image's class"),
          ("test-images", "real test images (the classifier's own accuracy)"))
CLASS_NAMES = ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
               "Ankle boot")
LOG10 = math.log(10)


def events(run, name):
    """Every JSON line of a file (the PyTorch scripts print one event per line)."""
    return [json.loads(l) for l in (read(run, name, "") or "").splitlines() if l.startswith("{")]


def event(run, name, kind):
    return next((e for e in events(run, name) if e.get("event") == kind), None)


def json_doc(run, name):
    """The JSON document `vae4j evaluate --json` printed (the first object in its stdout), or None."""
    text = read(run, name)
    if not text or "{" not in text:
        return None
    try:
        return json.JSONDecoder().raw_decode(text[text.index("{"):])[0]
    except ValueError:
        return None


def load_run(run, side, stem):
    """One training run (see report.training_run), with the PyTorch script's importance-weighted and sample events."""
    result = training_run(run, stem, side == "pytorch-cvae")
    if side == "pytorch-cvae":
        result.update(iw=event(run, stem + ".out", "iw"), samples=event(run, stem + ".out", "samples"))
    return result


def pm(sp, digits=2):
    """mean ± sd of a spread(), or the single value."""
    if not sp or sp["mean"] is None:
        return "n/a"
    return fmt(sp["mean"], digits) + (" ± " + fmt(sp["sd"], digits) if sp["sd"] is not None else "")


def pct(x, digits=1):
    return fmt(100 * x, digits, "%") if x is not None else "n/a"


def pm_pct(sp, digits=1):
    if not sp or sp["mean"] is None:
        return "n/a"
    return pct(sp["mean"], digits) + (" ± " + fmt(100 * sp["sd"], digits) if sp["sd"] is not None else "")


def est(value, se, digits=2):
    """value ± its standard error."""
    if value is None:
        return "n/a"
    return fmt(value, digits) + (" ± " + fmt(se, digits) if se is not None and not math.isnan(se) else "")


def main():
    args = report_args()
    run = args.run

    settings = dict(l.split("=", 1) for l in (read(run, "settings.txt", "") or "").splitlines() if "=" in l)
    n_epochs = int(settings["epochs"])
    threads = settings.get("threads", "?")
    k = settings.get("iw_samples", "?")
    eval_limit = int(settings.get("eval_limit", "0") or 0)
    compare_limit = int(settings.get("compare_limit", "1000") or 1000)
    mach = machine(run)
    cores = mach["logical_cpus"] or 1
    setting = (read(run, "torch-setting.txt", "") or "").strip()
    warnings = []

    # --- training runs
    runs = training_runs(run, SIDES, load_run)
    seeds = sorted(set().union(*(runs[side].keys() for side, _ in SIDES)))
    complete = [s for s in seeds if all(s in runs[side] and len(runs[side][s]["seconds"]) == n_epochs
                                        and len(runs[side][s]["test_loss"]) == n_epochs for side, _ in SIDES)]
    if len(complete) < len(seeds) or not complete:
        warnings.append("only seeds %s have all three training runs complete" % complete)
    first = complete[0] if complete else None

    # --- speed: mean epoch seconds over epochs 2..N (epoch 1 is warm-up), then over seeds
    first_epoch = 2 if n_epochs > 1 else 1

    def epoch_mean(r, start):
        return mean([r["seconds"][e] for e in range(start, n_epochs + 1) if e in r["seconds"]])

    speed = {}
    for side, label in SIDES:
        per_seed = {s: epoch_mean(runs[side][s], first_epoch) for s in complete}
        per_seed_all = {s: epoch_mean(runs[side][s], 1) for s in complete}
        speed[side] = {"label": label, "first_epoch_counted": first_epoch, "per_seed": per_seed,
                       "per_seed_all_epochs": per_seed_all, "mean": spread(list(per_seed.values())),
                       "all_epochs": spread(list(per_seed_all.values()))}
    t_mean = speed["pytorch-cvae"]["mean"]["mean"]
    v_mean = speed["vae4j-cvae"]["mean"]["mean"]
    ratio = v_mean / t_mean if t_mean and v_mean else None
    per_seed_ratios = {s: speed["vae4j-cvae"]["per_seed"][s] / speed["pytorch-cvae"]["per_seed"][s]
                       for s in complete if speed["pytorch-cvae"]["per_seed"][s]}
    speed_ok = ratio is not None and ratio <= RATIO_GOAL

    # --- test loss after each epoch, over seeds; the paired difference after the last one
    loss = {side: {e: spread([runs[side][s]["test_loss"][e] for s in complete]) for e in range(1, n_epochs + 1)}
            for side, _ in SIDES}
    diffs = {s: runs["vae4j-cvae"][s]["test_loss"][n_epochs] - runs["pytorch-cvae"][s]["test_loss"][n_epochs]
             for s in complete}
    diff = spread(list(diffs.values()))
    if diff["se"] is not None:
        loss_ok = abs(diff["mean"]) <= diff["sd"]
        loss_2se = abs(diff["mean"]) <= 2 * diff["se"]
    else:
        loss_ok = loss_2se = None
        warnings.append("one seed only: the paired test-loss difference has no spread, so no verdict on it")
    cvae_minus_vae = spread([runs["vae4j-cvae"][s]["test_loss"][n_epochs] - runs["vae4j-vae"][s]["test_loss"][n_epochs]
                             for s in complete])

    # --- the thread probe
    probe = {}
    for line in (read(run, "torch-thread-probe.jsonl", "") or "").splitlines():
        if line.startswith("{"):
            e = json.loads(line)
            probe.setdefault(e["setting"], []).append(e["ms_per_step"])

    # --- the classifier and its verdicts
    trained = event(run, "classifier-train.out", "trained") or {}
    classifier_epochs = [e for e in events(run, "classifier-train.out") if e.get("event") == "epoch"]
    scores = {kind: {} for kind, _ in SCORES}
    for line in (read(run, "scores.txt", "") or "").splitlines():
        kind, seed, stem = line.split()
        e = event(run, stem + ".out", "score")
        if e and kind in scores:
            e = dict(e, command=(read(run, stem + ".cmd", "") or "").strip())
            scores[kind][int(seed)] = e
    share = {kind: spread([scores[kind][s]["share_target"] for s in complete if s in scores[kind]])
             for kind, _ in SCORES if kind != "test-images"}
    real = scores["test-images"].get(0)

    # --- importance-weighted figures (seed 1)
    ev_cvae = json_doc(run, "eval-cvae.out")
    ev_vae = json_doc(run, "eval-vae.out")
    ev_cmp = json_doc(run, "eval-cvae-compare.out")
    torch_iw = runs["pytorch-cvae"].get(1, {}).get("iw")
    for name, doc in (("eval-cvae", ev_cvae), ("eval-vae", ev_vae), ("eval-cvae-compare", ev_cmp)):
        if doc is None:
            warnings.append("%s.out holds no JSON result" % name)
    iw = {}
    if ev_cvae and ev_vae:
        m, v = ev_cvae.get("negMarginalLogLikelihood"), ev_vae.get("negLogLikelihood")
        se_m, se_v = ev_cvae.get("marginalLogLikelihoodStandardError"), ev_vae.get("logLikelihoodStandardError")
        iw["marginal_minus_vae"] = m - v if m is not None and v is not None else None
        iw["marginal_minus_vae_se_independent"] = (se_m ** 2 + se_v ** 2) ** 0.5 \
            if se_m is not None and se_v is not None else None
        if m is not None:
            iw["marginal_minus_conditional"] = m - ev_cvae["negLogLikelihood"]
            if iw["marginal_minus_conditional"] > LOG10 + 1e-6:
                warnings.append("vae4j's marginal -log p(x) exceeds its -log p(x|y) by more than log 10 "
                                "(%.3f nats): that cannot happen if both come from the same per-class estimates"
                                % iw["marginal_minus_conditional"])
        if ev_cvae.get("count") != ev_vae.get("count"):
            warnings.append("the CVAE and VAE were evaluated on different numbers of images (%s, %s)"
                            % (ev_cvae.get("count"), ev_vae.get("count")))
    if eval_limit:
        warnings.append("--eval-limit %d: the 'full test set' figures are on the first %d test images only"
                        % (eval_limit, eval_limit))
    compare = None
    if torch_iw and ev_cmp:
        def d(a, b, sa, sb):
            if a is None or b is None:
                return None, None
            return a - b, ((sa ** 2 + sb ** 2) ** 0.5 if sa is not None and sb is not None
                           and not math.isnan(sa) and not math.isnan(sb) else None)
        c, c_se = d(ev_cmp.get("negLogLikelihood"), torch_iw["neg_log_p_x_given_y"],
                    ev_cmp.get("logLikelihoodStandardError"), torch_iw["se"])
        mg, mg_se = d(ev_cmp.get("negMarginalLogLikelihood"), torch_iw["neg_log_p_x"],
                      ev_cmp.get("marginalLogLikelihoodStandardError"), torch_iw["se_marginal"])
        compare = {"count": ev_cmp.get("count"), "torch_count": torch_iw["count"], "k": torch_iw["k"],
                   "vae4j": ev_cmp, "pytorch": torch_iw,
                   "conditional_vae4j_minus_pytorch": c, "conditional_difference_se": c_se,
                   "marginal_vae4j_minus_pytorch": mg, "marginal_difference_se": mg_se}
        if ev_cmp.get("count") != torch_iw["count"] or str(torch_iw["k"]) != str(ev_cmp.get("iwSamples")):
            warnings.append("the like-for-like comparison is not like for like: vae4j %s images at K %s, PyTorch "
                            "%s at K %s" % (ev_cmp.get("count"), ev_cmp.get("iwSamples"), torch_iw["count"],
                                            torch_iw["k"]))

    # --- machine load per step: the whole machine's CPU time minus our process's own
    ph = phases(run, cores)
    busy_steps = []
    for name, p in ph.items():
        t = parse_time_v(read(run, name + ".time"))
        own = (t["user_seconds"] + t["system_seconds"]) if t else None
        others = p["machine_busy_cpu_seconds"] - own if own is not None else None
        p_share = others / (p["wall_seconds"] * cores) if others is not None and p["wall_seconds"] else None
        p.update({"own_cpu_seconds": own, "other_cpu_seconds": others, "other_share_of_machine": p_share,
                  "process": t})
        if p_share is not None and p_share > 0.1:
            busy_steps.append("%s %.0f%%" % (name, 100 * p_share))
    if busy_steps:
        warnings.append("other processes used more than 10%% of the machine during %d of the %d steps (%s): the "
                        "timings of those steps are not comparable with a quiet machine's"
                        % (len(busy_steps), len(ph), ", ".join(busy_steps)))
    quiet = [l.split() for l in (read(run, "quiet.txt", "") or "").splitlines()]
    jar_before = (read(run, "jar-before.sha256", "") or "").strip()
    jar_after = (read(run, "jar-after.sha256", "") or "").strip()
    if jar_before and jar_after and jar_before != jar_after:
        warnings.append("cli/target/vae4j.jar changed during the run (someone changed the sources and a step "
                        "rebuilt it): later steps ran a newer build than the one recorded")
    rebuilt = [n for n in ph if "building the command line" in (read(run, n + ".err", "") or "")]
    if rebuilt:
        warnings.append("the launcher rebuilt vae4j inside %s (the build is in those processes' totals, not in "
                        "epoch seconds)" % ", ".join(rebuilt))
    git_status = (read(run, "git-status.txt", "") or "").strip()
    inherited = settings.get("inherited_env", "").strip()
    if inherited:
        warnings.append("the run inherited `%s` from its environment: every step ran with it (vae4j's and PyTorch's "
                        "thread behaviour differ from the defaults described here)" % inherited)
    if settings.get("java_opts", "").strip():
        warnings.append("vae4j ran with VAE4J_JAVA_OPTS=`%s`" % settings["java_opts"].strip())

    torch_start = runs["pytorch-cvae"][first]["info"] if first else {}
    vae4j_info = runs["vae4j-cvae"][first]["info"] if first else {}
    date = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    result = {
        "benchmark": "vae4j conditional VAE vs the same network in PyTorch, with an independent classifier "
                     "(bench/run_cvae.sh)",
        "date": date, "host": args.host, "machine": mach, "settings": settings,
        "invocation": (read(run, "invocation.txt", "") or "").strip(),
        "git_head": (read(run, "git-head.txt", "") or "").strip(), "git_status_sources": git_status,
        "jar_sha256": jar_before, "jar_sha256_after": jar_after,
        "vae4j_version": (read(run, "vae4j-version.txt", "") or "").strip(),
        "torch": torch_start.get("torch"), "torch_parameters": torch_start.get("parameters"),
        "torch_setting": setting, "thread_probe_ms_per_step": probe,
        "seeds": complete,
        "speed": speed, "ratio": ratio, "ratio_per_seed": per_seed_ratios, "ratio_goal": RATIO_GOAL,
        "ratio_within_goal": speed_ok,
        "test_loss": {side: {str(e): v for e, v in loss[side].items()} for side, _ in SIDES},
        "final_test_loss_vae4j_minus_pytorch": dict(diff, per_seed=diffs), "loss_within_noise_rule": "|mean| <= sd of the per-seed differences",
        "loss_within_noise": loss_ok, "loss_within_2_se": loss_2se,
        "loss_within_1_nat": abs(diff["mean"]) <= LOSS_NAT if diff["mean"] is not None else None, "final_test_loss_cvae_minus_vae": cvae_minus_vae,
        "importance_weighted": {"k": k, "eval_limit": eval_limit, "cvae": ev_cvae, "vae": ev_vae,
                                "cvae_first_%d" % compare_limit: ev_cmp, "derived": iw,
                                "pytorch_vs_vae4j_first_%d" % compare_limit: compare},
        "classifier": {"trained": trained, "epochs": classifier_epochs, "scores": scores, "share_over_seeds": share},
        "runs": {side: {str(s): r for s, r in runs[side].items()} for side, _ in SIDES},
        "phases": ph, "quiet": quiet, "warnings": warnings,
    }

    seeds_txt = ", ".join(str(s) for s in complete)
    ep_range = "epochs 2..%d" % n_epochs if n_epochs > 1 else "epoch 1 (the only one)"
    L = ["# vae4j conditional VAE vs PyTorch: %s on %s" % (date[:10], args.host), ""]
    L.append("Produced by `%s` (bench/run_cvae.sh, bench/report_cvae.py) at %s, git %s%s. Model: `./vae4j train "
             "--condition label` defaults (q(z|x,y) and p(x|z,y), y one-hot over the 10 classes; MLP 794→400→2×20 and "
             "30→400→784; Bernoulli likelihood; Adam 1e-3; batch 128) and the same network in PyTorch "
             "(bench/pytorch_cvae_reference.py), on Fashion-MNIST (60,000 train, test figures on the 10,000 test "
             "images), %d epoch%s, seeds %s, %s threads. The unconditional VAE is `./vae4j train` with the same "
             "settings. Generated images are judged by an independent CNN classifier (bench/classifier.py)."
             % (result["invocation"], date, result["git_head"][:12],
                " (with uncommitted changes to core/cli)" if git_status else "", n_epochs, "s" if n_epochs != 1 else "",
                seeds_txt, threads))
    L.append("")
    L.append("## Summary")
    L.append("")
    L.append("- **Speed**: vae4j CVAE %s s per epoch vs PyTorch CVAE %s s (`%s`), mean of %s over %d seed(s) "
             "(± sd over seeds): ratio vae4j / PyTorch **%s** (goal ≤ %.1f: %s; per seed %s)."
             % (pm(speed["vae4j-cvae"]["mean"]), pm(speed["pytorch-cvae"]["mean"]), setting, ep_range,
                len(complete), fmt(ratio, 3), RATIO_GOAL, "met" if speed_ok else "NOT met",
                ", ".join(fmt(r, 3) for r in per_seed_ratios.values()) or "n/a"))
    L.append("- **Conditional test negative ELBO after epoch %d** (nats per image, one posterior sample, mean ± sd "
             "over seeds): vae4j %s, PyTorch %s; vae4j − PyTorch %s paired by seed (sd of the per-seed differences "
             "%s, SE %s; goal |mean| within seed noise, i.e. ≤ that sd: **%s**; |mean| ≤ 2 SE: %s; ≤ %.0f nat: %s)."
             % (n_epochs, pm(loss["vae4j-cvae"][n_epochs]), pm(loss["pytorch-cvae"][n_epochs]), fmt(diff["mean"]),
                fmt(diff["sd"]), fmt(diff["se"]),
                "n/a (one seed)" if loss_ok is None else ("met" if loss_ok else "NOT met"),
                "n/a" if loss_2se is None else ("yes" if loss_2se else "no"), LOSS_NAT,
                "n/a" if diff["mean"] is None else ("yes" if abs(diff["mean"]) <= LOSS_NAT else "no")))
    L.append("- **Unconditional VAE** (vae4j, same settings): test negative ELBO %s after epoch %d; CVAE (given the "
             "label) − VAE %s nats, paired by seed."
             % (pm(loss["vae4j-vae"][n_epochs]), n_epochs, pm(cvae_minus_vae)))
    if ev_cvae and ev_vae:
        L.append("- **Importance-weighted, K = %s, %d test images** (seed 1): CVAE −log p(x|y) %s; CVAE marginal "
                 "−log p(x) %s; unconditional VAE −log p(x) %s; marginal − VAE **%s** nats (%s). Generative "
                 "classifier argmax_y p(x|y): %s correct."
                 % (k, ev_cvae.get("count", 0), est(ev_cvae.get("negLogLikelihood"),
                                                     ev_cvae.get("logLikelihoodStandardError")),
                    est(ev_cvae.get("negMarginalLogLikelihood"), ev_cvae.get("marginalLogLikelihoodStandardError")),
                    est(ev_vae.get("negLogLikelihood"), ev_vae.get("logLikelihoodStandardError")),
                    est(iw.get("marginal_minus_vae"), iw.get("marginal_minus_vae_se_independent")),
                    "the CVAE's marginal is better" if (iw.get("marginal_minus_vae") or 0) < 0
                    else "the unconditional VAE is better", pct(ev_cvae.get("generativeAccuracy"))))
    if compare:
        L.append("- **Against PyTorch on the first %d test images** (K = %s, seed-1 models): −log p(x|y) vae4j %s, "
                 "PyTorch %s; −log p(x) vae4j %s, PyTorch %s; generative accuracy vae4j %s, PyTorch %s."
                 % (compare["count"], k, est(ev_cmp.get("negLogLikelihood"), ev_cmp.get("logLikelihoodStandardError")),
                    est(torch_iw["neg_log_p_x_given_y"], torch_iw["se"]),
                    est(ev_cmp.get("negMarginalLogLikelihood"), ev_cmp.get("marginalLogLikelihoodStandardError")),
                    est(torch_iw["neg_log_p_x"], torch_iw["se_marginal"]), pct(ev_cmp.get("generativeAccuracy")),
                    pct(torch_iw["generative_accuracy"])))
    L.append("- **Classifier** (test accuracy %s after %s epoch(s)). Share of class-conditional samples assigned to the "
             "requested class (mean ± sd over seeds): vae4j %s, PyTorch %s. Transfer outputs assigned to their "
             "target class: %s of all, %s of those whose target is not the image's own class."
             % (pct(trained.get("test_accuracy")), trained.get("epochs", "?"), pm_pct(share["vae4j-samples"]),
                pm_pct(share["torch-samples"]), pm_pct(share["vae4j-transfer"]),
                pm_pct(share["vae4j-transfer-other"])))
    if warnings:
        L.append("")
        L.append("**Caveats found in this run:**")
        L.append("")
        L.extend("- " + w for w in warnings)

    # --- speed
    L.append("")
    L.append("## Seconds per epoch (training loop only)")
    L.append("")
    L.append("PyTorch: wall time of the loop over shuffled batches of one preloaded tensor (forward, backward, "
             "`loss.item()`, Adam), run with `%s`. vae4j: the `seconds` column of metrics.csv (shuffle, batch "
             "gathers, forward, backward, loss read, one-pass Adam), with OMP_NUM_THREADS=%s. Neither includes the test "
             "pass, checkpoints or start-up. The last column is the mean of %s; the ratio is vae4j CVAE / PyTorch "
             "CVAE of those means." % (setting, threads, ep_range))
    L.append("")
    rows = []
    for side, label in SIDES:
        for s in complete:
            r = runs[side][s]
            rows.append([label, s] + [fmt(r["seconds"].get(e), 2) for e in range(1, n_epochs + 1)]
                        + [fmt(speed[side]["per_seed"][s], 2),
                           fmt(per_seed_ratios.get(s), 3) if side == "vae4j-cvae" else ""])
    L.append(md_table(["run", "seed"] + ["ep %d" % e for e in range(1, n_epochs + 1)]
                      + ["mean %s" % ep_range.split(" (")[0], "ratio to PyTorch"], rows))
    L.append("")
    L.append(md_table(["run", "mean ± sd over seeds (s)", "all epochs incl. 1 (s)"],
                      [[label, pm(speed[side]["mean"]), pm(speed[side]["all_epochs"])] for side, label in SIDES]))
    if probe:
        best = {s: min(v) for s, v in probe.items()}
        default = best.get("OMP_NUM_THREADS=%s" % threads)
        L.append("")
        L.append("PyTorch thread settings probed first (`pytorch_cvae_reference.py --time-steps %s`: %s training "
                 "steps after 5 warm-up steps, 3 rounds; ms per step):"
                 % (settings.get("probe_steps", "?"), settings.get("probe_steps", "?")))
        L.append("")
        L.append(md_table(["setting", "best", "all rounds"],
                          [["`%s`%s" % (s, " (chosen)" if s == setting else ""), fmt(min(xs), 1),
                            ", ".join("%.1f" % x for x in xs)] for s, xs in probe.items()]))
        if default and setting in best and default > 1.2 * best[setting]:
            L.append("")
            L.append("Out of the box (`OMP_NUM_THREADS=%s`) PyTorch was %.1fx slower per step than at its best here; "
                     "the ratio above is against its best." % (threads, default / best[setting]))
    else:
        L.append("")
        L.append("No thread probe (--no-tune): PyTorch ran with `%s`." % setting)

    # --- test loss
    L.append("")
    L.append("## Test loss after each epoch")
    L.append("")
    L.append("Negative ELBO (BCE summed over pixels + KL) with one posterior sample per test image, averaged over the "
             "10,000 test images; for the CVAEs conditional on each image's label (q(z|x,y), p(x|z,y)). Mean ± sd "
             "over seeds %s." % seeds_txt)
    L.append("")
    rows = [[label] + [pm(loss[side][e]) for e in range(1, n_epochs + 1)] for side, label in SIDES]
    L.append(md_table(["run"] + ["ep %d" % e for e in range(1, n_epochs + 1)], rows))
    L.append("")
    L.append("After epoch %d, each seed:" % n_epochs)
    L.append("")
    rows = [[s, fmt(runs["vae4j-cvae"][s]["test_loss"][n_epochs]), fmt(runs["pytorch-cvae"][s]["test_loss"][n_epochs]),
             fmt(diffs[s]), fmt(runs["vae4j-vae"][s]["test_loss"][n_epochs])] for s in complete]
    rows.append(["mean ± sd", pm(loss["vae4j-cvae"][n_epochs]), pm(loss["pytorch-cvae"][n_epochs]), pm(diff),
                 pm(loss["vae4j-vae"][n_epochs])])
    L.append(md_table(["seed", "vae4j CVAE", "PyTorch CVAE", "vae4j − PyTorch", "vae4j VAE (unconditional)"], rows))

    # --- importance-weighted figures
    L.append("")
    L.append("## Log-likelihood by importance sampling (seed-1 models)")
    L.append("")
    if ev_cvae and ev_vae:
        L.append("`vae4j evaluate --iw-samples %s` (Burda et al. 2015) on %s test images (pixel / 255, not "
                 "binarized), nats per image, ± the standard error over images. For the CVAE: −log p(x|y) with each "
                 "image's label; the marginal −log p(x) = −log (1/10) Σ_y p(x|y) (10 times the work); the generative "
                 "classifier is argmax_y p(x|y). By construction the marginal is at most log 10 = 2.30 nats above "
                 "the conditional (here %s)."
                 % (k, "all 10,000" if not eval_limit else "the first %d of the" % eval_limit,
                    fmt(iw.get("marginal_minus_conditional"))))
        L.append("")
        rows = [["CVAE, −log p(x\\|y)", ev_cvae.get("count"), est(ev_cvae.get("negLogLikelihood"),
                                                                ev_cvae.get("logLikelihoodStandardError")),
                 fmt(ev_cvae.get("negElbo")), fmt(ev_cvae.get("seconds"), 1)],
                ["CVAE, marginal −log p(x)", ev_cvae.get("count"),
                 est(ev_cvae.get("negMarginalLogLikelihood"), ev_cvae.get("marginalLogLikelihoodStandardError")),
                 "", "(same run)"],
                ["VAE, −log p(x)", ev_vae.get("count"), est(ev_vae.get("negLogLikelihood"),
                                                           ev_vae.get("logLikelihoodStandardError")),
                 fmt(ev_vae.get("negElbo")), fmt(ev_vae.get("seconds"), 1)]]
        L.append(md_table(["figure", "images", "nats ± SE", "negative ELBO", "evaluate seconds"], rows))
        L.append("")
        L.append("CVAE marginal − VAE: **%s** nats (SE %s, treating the two estimates as independent; they are on "
                 "the same images, so this overstates the uncertainty of the difference). Generative classifier "
                 "accuracy: **%s**. Evaluate seconds are `evaluate`'s own scoring time; whole processes: CVAE %s s, "
                 "VAE %s s."
                 % (fmt(iw.get("marginal_minus_vae")), fmt(iw.get("marginal_minus_vae_se_independent")),
                    pct(ev_cvae.get("generativeAccuracy")),
                    fmt(ph.get("eval-cvae", {}).get("wall_seconds"), 1),
                    fmt(ph.get("eval-vae", {}).get("wall_seconds"), 1)))
        if ev_cvae.get("note"):
            L.append("")
            L.append("vae4j's note on these figures: *%s*. The same holds for PyTorch's below (it scores the same grey "
                     "pixels with the same Bernoulli likelihood)." % ev_cvae["note"])
    else:
        L.append("No evaluate results in this run folder.")
    L.append("")
    L.append("### vae4j and PyTorch on the first %d test images" % compare_limit)
    L.append("")
    if compare:
        L.append("Both seed-1 CVAEs, K = %s, the same %s test images. PyTorch: `pytorch_cvae_reference.py "
                 "--iw-samples %s --iw-limit %d` (float64 logsumexp over its per-class estimates); vae4j: `evaluate "
                 "--limit %d`. The difference's SE combines the two estimates' SEs; it does not include the "
                 "seed-to-seed spread of the trained models, which the one-sample ELBO table above shows."
                 % (k, compare["count"], k, compare_limit, compare_limit))
        L.append("")
        rows = [["−log p(x\\|y)", est(ev_cmp.get("negLogLikelihood"), ev_cmp.get("logLikelihoodStandardError")),
                 est(torch_iw["neg_log_p_x_given_y"], torch_iw["se"]),
                 est(compare["conditional_vae4j_minus_pytorch"], compare["conditional_difference_se"])],
                ["marginal −log p(x)", est(ev_cmp.get("negMarginalLogLikelihood"),
                                           ev_cmp.get("marginalLogLikelihoodStandardError")),
                 est(torch_iw["neg_log_p_x"], torch_iw["se_marginal"]),
                 est(compare["marginal_vae4j_minus_pytorch"], compare["marginal_difference_se"])],
                ["generative accuracy", pct(ev_cmp.get("generativeAccuracy")), pct(torch_iw["generative_accuracy"]),
                 fmt(100 * (ev_cmp["generativeAccuracy"] - torch_iw["generative_accuracy"]), 1, " points")
                 if ev_cmp.get("generativeAccuracy") is not None else "n/a"],
                ["seconds (scoring)", fmt(ev_cmp.get("seconds"), 1), fmt(torch_iw.get("seconds"), 1), ""]]
        L.append(md_table(["", "vae4j", "PyTorch", "vae4j − PyTorch"], rows))
    else:
        L.append("Not available in this run folder.")

    # --- classifier
    L.append("")
    L.append("## The independent classifier")
    L.append("")
    L.append("bench/classifier.py: a small CNN (two 3×3 conv + max-pool stages, dense 128, dropout) trained on the "
             "Fashion-MNIST training set, seed 1, %s epoch(s); test accuracy **%s**%s. It scores an image as "
             "\"assigned to the target class\" when its argmax is that class."
             % (trained.get("epochs", "?"), pct(trained.get("test_accuracy")),
                " (on the real test images per class: see the last column below)" if real else ""))
    L.append("")
    L.append("Class-conditional samples: 100 prior draws z ~ N(0, I) per class, decoded with that class (Bernoulli "
             "means); vae4j `sample --count 100 --seed s`, PyTorch `--samples-out` (its own generator seeded with "
             "s). Transfer: vae4j `transfer --count 1000`: each of the first 1000 test images encoded with its own "
             "label to the mean of q(z|x,y) and decoded with each of the 10 classes (10,000 images); \"other\" "
             "leaves out the 1000 decoded with the image's own class (reconstructions).")
    L.append("")
    rows = []
    for s in complete:
        rows.append([s] + [pct(scores[kind].get(s, {}).get("share_target"))
                           for kind in ("vae4j-samples", "torch-samples", "vae4j-transfer", "vae4j-transfer-other")])
    rows.append(["mean ± sd"] + [pm_pct(share[kind]) for kind in ("vae4j-samples", "torch-samples", "vae4j-transfer",
                                                                  "vae4j-transfer-other")])
    L.append(md_table(["seed", "vae4j samples", "PyTorch samples", "vae4j transfer (all)",
                       "vae4j transfer (other class)"], rows))
    if first is not None:
        L.append("")
        L.append("Per target class, seed %d (share assigned to the class asked for):" % first)
        L.append("")

        def per(kind, c, seed=first):
            e = scores[kind].get(seed)
            return pct(e["per_class"][c], 0) if e and e["per_class"][c] is not None else "n/a"
        rows = [["%d %s" % (c, CLASS_NAMES[c]), per("vae4j-samples", c), per("torch-samples", c),
                 per("vae4j-transfer", c), per("vae4j-transfer-other", c)]
                + ([per("test-images", c, 0)] if real else []) for c in range(10)]
        L.append(md_table(["class", "vae4j samples", "PyTorch samples", "vae4j transfer (all)",
                           "vae4j transfer (other class)"] + (["real test images"] if real else []), rows))

    # --- commands
    L.append("")
    L.append("## Commands")
    L.append("")
    L.append("In the order they ran (OUT = the run folder, DIR / DIR2 / CVAE_DIR / VAE_DIR = the model folders; "
             "the seed-1 CVAE and VAE are kept in OUT/models/):")
    L.append("")
    L.append("```")
    if probe:
        L.append("SETTING %s bench/pytorch_cvae_reference.py --time-steps %s --source %s   # each setting above, 3 "
                 "rounds" % (settings.get("python", "/usr/bin/python3"), settings.get("probe_steps", "?"),
                             settings.get("data", "?")))
    for name in ph:
        c = (read(run, name + ".cmd", "") or "").strip()
        if c:
            L.append(c)
    L.append("```")

    # --- machine
    L.append("")
    L.append("## Machine")
    L.append("")
    L.append(md_table(["", ""], machine_rows(mach) + [
        ["vae4j", "%s; engine %s; jar SHA-256 %s" % (result["vae4j_version"].replace("\n", "; "),
                                                    (vae4j_info.get("provenance") or {}).get("engine", "?"),
                                                    jar_before[:16] or "?")],
        ["PyTorch", "torch %s (Debian python3-torch), numpy %s, Python %s, BLAS %s"
         % (result["torch"], torch_start.get("numpy", "?"), torch_start.get("python", "?"), mach["blas"])],
    ]))
    L.append("")
    L.append("## Machine load during the run")
    L.append("")
    L.append(quiet_waits(settings, quiet))
    L.append("")
    rows = [[n, fmt(p["wall_seconds"], 1), " ".join("%.2f" % x for x in p["load_start"]),
             " ".join("%.2f" % x for x in p["load_end"]), fmt(p["own_cpu_seconds"], 1), fmt(p["other_cpu_seconds"], 1),
             pct(p["other_share_of_machine"], 0)] for n, p in ph.items()]
    L.append(md_table(["step", "wall (s)", "load at start", "load at end", "own CPU (s)", "others' CPU (s)",
                       "others' share"], rows))
    L.append("")
    L.append("`uptime` before: `%s`  \n`uptime` after: `%s`"
             % ((read(run, "uptime-before.txt", "") or "").strip(), (read(run, "uptime-after.txt", "") or "").strip()))
    L.append("")

    stem = "%s-%s-cvae" % (date[:10], args.host)
    write_results(args.results, stem, L, result)


if __name__ == "__main__":
    main()
