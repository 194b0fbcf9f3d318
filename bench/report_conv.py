#!/usr/bin/python3
"""Turns the raw outputs of one bench/run_conv.sh run into bench/results/<date>-<host>-conv.md and .json.

  report_conv.py --run bench/out/<run>-conv --results bench/results [--host NAME]

Standard library only; shares its readers with report.py. Reads what run_conv.sh left in the run folder.
"""
import datetime
import json
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from report import training_run, training_runs, report_args, write_results, fmt, machine, machine_rows, md_table, quiet_waits, mean, parse_time_v, phases, read, spread  # noqa: E402

RATIO_GOAL = 0.8   # vae4j conv mean epoch seconds / PyTorch's, at most
LOSS_GOAL = 1.0    # |vae4j conv test loss - PyTorch's| after the last epoch, nats per example, at most
SIDES = (("pytorch-conv", "PyTorch conv"), ("vae4j-conv", "vae4j conv"), ("vae4j-mlp", "vae4j MLP"))


def load_run(run, side, stem):
    """One training run (see report.training_run)."""
    return training_run(run, stem, side == "pytorch-conv")


def main():
    args = report_args()
    run = args.run

    settings = dict(l.split("=", 1) for l in (read(run, "settings.txt", "") or "").splitlines() if "=" in l)
    n_epochs = int(settings["epochs"])
    threads = settings.get("threads", "?")
    mach = machine(run)
    cores = mach["logical_cpus"] or 1
    setting = (read(run, "torch-setting.txt", "") or "").strip()
    warnings = []

    runs = training_runs(run, SIDES, load_run)
    seeds = sorted(runs["vae4j-conv"])
    complete = [s for s in seeds if all(s in runs[side] and len(runs[side][s]["seconds"]) == n_epochs
                                        for side, _ in SIDES)]
    if len(complete) < len(seeds):
        warnings.append("only seeds %s have all three runs complete" % complete)

    # --- speed: mean epoch seconds over epochs 2..N (epoch 1 is warm-up), then over seeds
    def epoch_mean(r, first):
        xs = [r["seconds"][e] for e in range(first, n_epochs + 1) if e in r["seconds"]]
        return mean(xs)

    speed = {}
    for side, label in SIDES:
        per_seed = {s: epoch_mean(runs[side][s], 2 if n_epochs > 1 else 1) for s in complete}
        per_seed_all = {s: epoch_mean(runs[side][s], 1) for s in complete}
        speed[side] = {"label": label, "per_seed_excluding_epoch_1": per_seed, "per_seed_all": per_seed_all,
                       "excluding_epoch_1": spread(list(per_seed.values())),
                       "all_epochs": spread(list(per_seed_all.values()))}
    t_mean = speed["pytorch-conv"]["excluding_epoch_1"]["mean"]
    v_mean = speed["vae4j-conv"]["excluding_epoch_1"]["mean"]
    ratio = v_mean / t_mean if t_mean and v_mean else None
    per_seed_ratios = [speed["vae4j-conv"]["per_seed_excluding_epoch_1"][s]
                       / speed["pytorch-conv"]["per_seed_excluding_epoch_1"][s] for s in complete]

    # --- test loss after each epoch, over seeds
    loss = {}
    for side, label in SIDES:
        loss[side] = {e: spread([runs[side][s]["test_loss"][e] for s in complete]) for e in range(1, n_epochs + 1)}
    diffs = [runs["vae4j-conv"][s]["test_loss"][n_epochs] - runs["pytorch-conv"][s]["test_loss"][n_epochs]
             for s in complete]
    diff = spread(diffs)
    conv_minus_mlp = spread([runs["vae4j-conv"][s]["test_loss"][n_epochs] - runs["vae4j-mlp"][s]["test_loss"][n_epochs]
                             for s in complete])

    # --- the thread probe
    probe = {}
    for line in (read(run, "torch-thread-probe.jsonl", "") or "").splitlines():
        if line.startswith("{"):
            e = json.loads(line)
            probe.setdefault(e["setting"], []).append(e["ms_per_step"])

    # --- machine load per step: the whole machine's CPU time minus our process's own
    ph = phases(run, cores)
    load_rows = []
    for name, p in ph.items():
        t = parse_time_v(read(run, name + ".time"))
        own = (t["user_seconds"] + t["system_seconds"]) if t else None
        others = p["machine_busy_cpu_seconds"] - own if own is not None else None
        share = others / (p["wall_seconds"] * cores) if others is not None and p["wall_seconds"] else None
        p.update({"own_cpu_seconds": own, "other_cpu_seconds": others, "other_share_of_machine": share})
        load_rows.append(name)
        if share is not None and share > 0.1:
            warnings.append("during %s other processes used %.0f%% of the machine" % (name, 100 * share))
    quiet = [l.split() for l in (read(run, "quiet.txt", "") or "").splitlines()]

    speed_ok = ratio is not None and ratio <= RATIO_GOAL
    loss_ok = diff["mean"] is not None and abs(diff["mean"]) <= LOSS_GOAL
    torch_start = runs["pytorch-conv"][complete[0]]["info"] if complete else {}
    vae4j_info = runs["vae4j-conv"][complete[0]]["info"] if complete else {}
    date = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    result = {
        "benchmark": "vae4j conv VAE vs the same network in PyTorch (bench/run_conv.sh)",
        "date": date, "host": args.host, "machine": mach, "settings": settings,
        "invocation": (read(run, "invocation.txt", "") or "").strip(),
        "git_head": (read(run, "git-head.txt", "") or "").strip(),
        "vae4j_version": (read(run, "vae4j-version.txt", "") or "").strip(),
        "torch": torch_start.get("torch"), "torch_parameters": torch_start.get("parameters"),
        "torch_setting": setting, "thread_probe_ms_per_step": probe,
        "seeds": complete,
        "speed": speed, "ratio_excluding_epoch_1": ratio, "ratio_per_seed": per_seed_ratios,
        "ratio_goal": RATIO_GOAL, "ratio_within_goal": speed_ok,
        "test_loss": {side: {str(e): v for e, v in loss[side].items()} for side, _ in SIDES},
        "final_test_loss_vae4j_minus_pytorch": diff, "loss_goal": LOSS_GOAL, "loss_within_goal": loss_ok,
        "final_test_loss_conv_minus_mlp": conv_minus_mlp,
        "runs": {side: {str(s): r for s, r in runs[side].items()} for side, _ in SIDES},
        "phases": ph, "quiet": quiet, "warnings": warnings,
    }

    def pm(sp, digits=2):
        if sp["mean"] is None:
            return "n/a"
        return fmt(sp["mean"], digits) + (" ± " + fmt(sp["sd"], digits) if sp["sd"] is not None else "")

    L = ["# vae4j conv VAE vs PyTorch: %s on %s" % (date[:10], args.host), ""]
    L.append("Produced by `%s` (bench/run_conv.sh, bench/report_conv.py) at %s, git %s. Model: `./vae4j train --arch "
             "conv` defaults (conv 1→32→64, 4×4 stride 2; dense 256; latent 20; transposed convolutions back; "
             "Bernoulli likelihood; Adam 1e-3; batch 128) and the same network in PyTorch "
             "(bench/pytorch_conv_reference.py), on Fashion-MNIST (60,000 train, test loss on the 10,000 test "
             "images), %d epochs, seeds %s, %s threads."
             % (result["invocation"], date, result["git_head"][:12], n_epochs,
                ", ".join(str(s) for s in complete), threads))
    L.append("")
    L.append("## Summary")
    L.append("")
    L.append("- **Speed**: vae4j conv %s s per epoch vs PyTorch %s s (`%s`), mean of epochs 2..%d over %d seeds: "
             "ratio **%s** (goal ≤ %.1f: %s; per seed %s)."
             % (pm(speed["vae4j-conv"]["excluding_epoch_1"]), pm(speed["pytorch-conv"]["excluding_epoch_1"]),
                setting, n_epochs, len(complete), fmt(ratio, 3), RATIO_GOAL, "met" if speed_ok else "NOT met",
                ", ".join(fmt(r, 3) for r in per_seed_ratios)))
    L.append("- **Test loss after epoch %d** (nats per image, mean ± sd over seeds): vae4j conv %s, PyTorch conv %s; "
             "vae4j − PyTorch %s (paired by seed; goal |mean| ≤ %.0f nat: %s)."
             % (n_epochs, pm(loss["vae4j-conv"][n_epochs]), pm(loss["pytorch-conv"][n_epochs]), pm(diff),
                LOSS_GOAL, "met" if loss_ok else "NOT met"))
    L.append("- **Conv vs MLP** (both vae4j, same data, epochs, seeds): conv %s, MLP %s after epoch %d; conv − MLP %s "
             "nats (%s)."
             % (pm(loss["vae4j-conv"][n_epochs]), pm(loss["vae4j-mlp"][n_epochs]), n_epochs, pm(conv_minus_mlp),
                "the conv model is better" if conv_minus_mlp["mean"] is not None and conv_minus_mlp["mean"] < 0
                else "the conv model is NOT better"))
    if probe:
        best = {k: min(v) for k, v in probe.items()}
        default = best.get("OMP_NUM_THREADS=%s" % threads)
        L.append("- **PyTorch thread settings** (ms per training step, best of %d, %s steps): %s.%s"
                 % (max(len(v) for v in probe.values()), settings.get("probe_steps", "?"),
                    "; ".join("`%s` %.0f" % (k, v) for k, v in best.items()),
                    (" Out of the box (`OMP_NUM_THREADS=%s`) PyTorch is %.1fx slower than at its best here; the "
                     "ratio above is against its best." % (threads, default / best[setting]))
                    if default and setting in best and default > 1.2 * best[setting] else ""))
    if warnings:
        L.append("")
        L.append("**Caveats found in this run:**")
        L.append("")
        L.extend("- " + w for w in warnings)
    L.append("")
    L.append("## Seconds per epoch (training loop only)")
    L.append("")
    L.append("PyTorch: wall time of the loop over shuffled batches of one preloaded tensor (forward, backward, "
             "`loss.item()`, Adam). vae4j: the `seconds` column of metrics.csv (shuffle, batch gathers, forward, "
             "backward, loss read, Adam in one pass per parameter). Neither includes the test pass, checkpoints or start-up.")
    L.append("")
    rows = []
    for side, label in SIDES:
        for s in complete:
            r = runs[side][s]
            rows.append([label, s] + [fmt(r["seconds"].get(e), 1) for e in range(1, n_epochs + 1)]
                        + [fmt(speed[side]["per_seed_excluding_epoch_1"][s], 2)])
    L.append(md_table(["run", "seed"] + ["ep %d" % e for e in range(1, n_epochs + 1)] + ["mean ep 2..%d" % n_epochs],
                      rows))
    L.append("")
    L.append("## Test loss after each epoch")
    L.append("")
    L.append("Negative ELBO (BCE summed over pixels + KL) with one posterior sample per test image, averaged over the "
             "10,000 test images; mean ± sd over seeds %s." % ", ".join(str(s) for s in complete))
    L.append("")
    rows = [[label] + [pm(loss[side][e]) for e in range(1, n_epochs + 1)] for side, label in SIDES]
    L.append(md_table(["run"] + ["ep %d" % e for e in range(1, n_epochs + 1)], rows))
    L.append("")
    L.append("## Commands")
    L.append("")
    L.append("```")
    for side, _ in SIDES:
        for s in complete:
            L.append(runs[side][s]["command"])
    L.append("```")
    L.append("")
    L.append("## Machine")
    L.append("")
    L.append(md_table(["", ""], machine_rows(mach) + [
        ["vae4j", "%s; engine %s" % (result["vae4j_version"].replace("\n", "; "),
                                     (vae4j_info.get("provenance") or {}).get("engine", "?"))],
        ["PyTorch", "torch %s (Debian python3-torch), BLAS %s" % (result["torch"], mach["blas"])],
    ]))
    L.append("")
    L.append("## Machine load during the run")
    L.append("")
    L.append(quiet_waits(settings, quiet))
    L.append("")
    rows = [[n, fmt(ph[n]["wall_seconds"], 1), fmt(ph[n]["own_cpu_seconds"], 1), fmt(ph[n]["other_cpu_seconds"], 1),
             fmt(100 * ph[n]["other_share_of_machine"], 0, "%") if ph[n]["other_share_of_machine"] is not None
             else "n/a"] for n in load_rows]
    L.append(md_table(["step", "wall (s)", "own CPU (s)", "others' CPU (s)", "others' share"], rows))
    L.append("")

    stem = "%s-%s-conv" % (date[:10], args.host)
    write_results(args.results, stem, L, result)


if __name__ == "__main__":
    main()
