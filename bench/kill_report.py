#!/usr/bin/env python3
"""Report of bench/kill_probe.sh: compares every trial with the reference and writes PREFIX.md and PREFIX.json.

usage: kill_report.py OUT_DIR PREFIX   (standard library only)
"""
import csv
import hashlib
import json
import os
import sys


def read_setup(path):
    setup = {}
    with open(path) as f:
        for line in f:
            key, _, value = line.rstrip("\n").partition("=")
            setup[key] = value.strip()
    return setup


def read_metrics(path):
    if not os.path.isfile(path):
        return []
    with open(path) as f:
        return [(int(r["epoch"]), r["train_loss"], r["val_loss"]) for r in csv.DictReader(f)]


def sha256(path):
    if not os.path.isfile(path):
        return None
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def main():
    out, prefix = sys.argv[1], sys.argv[2]
    setup = read_setup(os.path.join(out, "setup.txt"))
    ref_dir = setup["reference"]
    ref = read_metrics(os.path.join(ref_dir, "metrics.csv"))
    ref_weights = sha256(os.path.join(ref_dir, "weights.params"))
    events = []
    with open(os.path.join(out, "events.tsv")) as f:
        for line in f:
            t, p, kind, before, delay, outcome, alive, writing, after, info = line.rstrip("\n").split("\t")
            events.append(dict(trial=int(t), process=int(p), kind=kind, epochs_before=int(before),
                               delay_s=None if delay == "-" else float(delay), outcome=outcome,
                               alive_s=float(alive), checkpoint_write_in_progress=writing,
                               epochs_after=int(after), info=info))
    trials = []
    for t in range(1, int(setup["trials"]) + 1):
        d = os.path.join(out, f"trial-{t}")
        got = read_metrics(os.path.join(d, "metrics.csv"))
        mine = [e for e in events if e["trial"] == t]
        mismatches = []
        for (e, tr, va), row in zip(ref, got):
            if row[0] != e or row[1] != tr or row[2] != va:
                proc = next((p for p in mine if p["epochs_before"] < e <= p["epochs_after"]), None)
                mismatches.append(dict(
                    epoch=e, ref_train=tr, got_train=row[1], ref_val=va, got_val=row[2],
                    process=proc["process"] if proc else None,
                    process_kind=proc["kind"] if proc else None,
                    process_started_after_epoch=proc["epochs_before"] if proc else None,
                    first_epoch_of_process=bool(proc and e == proc["epochs_before"] + 1)))
        weights = sha256(os.path.join(d, "weights.params"))
        trials.append(dict(
            trial=t, kills=sum(1 for e in mine if e["outcome"] == "killed"), processes=len(mine),
            epochs=len(got), complete=len(got) == len(ref),
            kills_during_checkpoint_write=sum(1 for e in mine if e["checkpoint_write_in_progress"] == "yes"),
            info_failures=sum(1 for e in mine if e["info"] == "FAIL"),
            failed_processes=sum(1 for e in mine if e["outcome"] == "failed"),
            metrics_equal=not mismatches and len(got) == len(ref),
            weights_equal=weights == ref_weights, first_mismatch=mismatches[0] if mismatches else None,
            mismatched_epochs=len(mismatches), mismatches=mismatches))
    summary = dict(
        trials=len(trials), kills=sum(t["kills"] for t in trials),
        resumes=sum(1 for e in events if e["kind"] == "resume"),
        kills_during_checkpoint_write=sum(t["kills_during_checkpoint_write"] for t in trials),
        trials_differing=sum(1 for t in trials if not (t["metrics_equal"] and t["weights_equal"])),
        trials_incomplete=sum(1 for t in trials if not t["complete"]),
        info_failures=sum(t["info_failures"] for t in trials),
        failed_processes=sum(t["failed_processes"] for t in trials))
    result = dict(setup=setup, reference_weights_sha256=ref_weights, summary=summary, trials=trials, events=events)
    with open(prefix + ".json", "w") as f:
        json.dump(result, f, indent=2)
    lines = [
        "# Kill-and-resume probe",
        "",
        f"- machine: {setup.get('cpu')}, {setup.get('cores')} cores",
        f"- commit: {setup.get('commit')}" + (f" (uncommitted: {setup['dirty']})" if setup.get("dirty") else ""),
        f"- vae4j: {setup.get('version')}",
        f"- command: `{setup.get('command')}`, killed with SIGKILL {setup.get('kills_per_trial')} times per trial "
        f"at uniform random moments in [{setup.get('window', '').replace(':', ', ')}] s after each process start "
        f"(seed {setup.get('seed')}), resumed with `vae4j train --resume --out DIR` after each kill",
        f"- invocation: `{setup.get('invocation')}`",
        f"- JVM options: `{setup.get('java_opts') or '(none)'}`; thread environment: `{setup.get('env') or '(none)'}`",
        "",
        "## Summary",
        "",
        f"- trials: {summary['trials']}, kills: {summary['kills']} ({summary['kills_during_checkpoint_write']} "
        f"during a checkpoint write), resumes: {summary['resumes']}",
        f"- trials differing from the reference (metrics.csv train/val loss strings or weights.params bytes): "
        f"**{summary['trials_differing']}**",
        f"- folders that did not load after a kill: {summary['info_failures']}; failed processes: "
        f"{summary['failed_processes']}; incomplete trials: {summary['trials_incomplete']}",
        "",
        "| trial | kills | in checkpoint write | epochs | metrics equal | weights equal | first differing epoch "
        "| computed by |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for t in trials:
        m = t["first_mismatch"]
        where = "-"
        if m:
            where = (f"process {m['process']} ({m['process_kind']} after epoch {m['process_started_after_epoch']}"
                     f"{', its first epoch' if m['first_epoch_of_process'] else ''})")
        lines.append(f"| {t['trial']} | {t['kills']} | {t['kills_during_checkpoint_write']} | {t['epochs']} | "
                     f"{'yes' if t['metrics_equal'] else 'NO'} | {'yes' if t['weights_equal'] else 'NO'} | "
                     f"{m['epoch'] if m else '-'} | {where} |")
    differing = [t for t in trials if t["mismatches"]]
    if differing:
        lines += ["", "## Every mismatch", "", "| trial | epoch | train (reference) | train (trial) | val (reference) "
                  "| val (trial) |", "|---|---|---|---|---|---|"]
        for t in differing:
            for m in t["mismatches"]:
                lines.append(f"| {t['trial']} | {m['epoch']} | {m['ref_train']} | {m['got_train']} | "
                             f"{m['ref_val']} | {m['got_val']} |")
    with open(prefix + ".md", "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines[:16]))


if __name__ == "__main__":
    main()
