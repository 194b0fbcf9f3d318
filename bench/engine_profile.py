#!/usr/bin/env python3
"""Sums a PyTorch profiler trace (Chrome JSON, as bench/StepProfile.java --engine-profile writes it) by operation.

    python3 bench/engine_profile.py TRACE.json --steps N [--top K] [--json OUT]

Every event's self time is its duration minus its direct children's (events nest by time on each thread). Prints,
per training step: the wall time the trace spans, the time inside top-level engine calls (the rest is Java and JNI
between calls), the number of top-level calls, and the K operations (name and input shapes) with the most self
time. The autograd engine's backward functions (names ending in 'Backward0' and the like) appear as their own
events; their kernels are their children.
"""
import argparse
import collections
import json
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("trace")
    ap.add_argument("--steps", type=int, required=True, help="training steps the trace covers")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--json", help="also write the summary here")
    a = ap.parse_args()
    try:
        events = [e for e in json.load(open(a.trace)) if e.get("ph") == "X"]
    except (OSError, ValueError) as e:
        print(f"engine_profile.py: {a.trace}: {e}", file=sys.stderr)
        sys.exit(2)
    if not events:
        print(f"engine_profile.py: {a.trace}: no profiler events (expected a Chrome trace of PyTorch's profiler)",
              file=sys.stderr)
        sys.exit(2)
    if a.steps < 1:
        print(f"engine_profile.py: --steps {a.steps}: expected a positive integer", file=sys.stderr)
        sys.exit(2)
    by_thread = collections.defaultdict(list)
    for e in events:
        by_thread[e["tid"]].append(e)
    self_time = collections.Counter()
    calls = collections.Counter()
    top_level = 0.0
    top_calls = 0
    start = min(e["ts"] for e in events)
    end = max(e["ts"] + e["dur"] for e in events)
    for evs in by_thread.values():
        # parents before children: earlier start first, longer first at equal starts
        evs.sort(key=lambda e: (e["ts"], -e["dur"]))
        stack = []
        child_sum = {}
        for e in evs:
            while stack and stack[-1]["ts"] + stack[-1]["dur"] <= e["ts"]:
                stack.pop()
            if stack:
                child_sum[id(stack[-1])] = child_sum.get(id(stack[-1]), 0.0) + e["dur"]
            else:
                top_level += e["dur"]
                top_calls += 1
            stack.append(e)
        for e in evs:
            key = (e["name"], json.dumps(e.get("shape", [])))
            self_time[key] += e["dur"] - child_sum.get(id(e), 0.0)
            calls[key] += 1
    by_name = collections.Counter()
    for (name, _), t in self_time.items():
        by_name[name] += t
    n = a.steps
    wall = (end - start) / n
    summary = {
        "steps": n,
        "wall_us_per_step": wall,
        "in_engine_calls_us_per_step": top_level / n,
        "between_calls_us_per_step": wall - top_level / n,
        "top_level_calls_per_step": top_calls / n,
        "by_name": [{"name": k, "self_us_per_step": v / n} for k, v in by_name.most_common(a.top)],
        "by_op": [{"name": k[0], "shapes": json.loads(k[1]), "calls_per_step": calls[k] / n,
                   "self_us_per_step": v / n} for k, v in self_time.most_common(a.top)],
    }
    print(f"per step: wall {wall:.0f} us, inside top-level engine calls {top_level / n:.0f} us, between calls "
          f"{wall - top_level / n:.0f} us, {top_calls / n:.0f} top-level calls")
    print("\nself time by operation name (us per step):")
    for r in summary["by_name"]:
        print(f"  {r['self_us_per_step']:9.0f}  {r['name']}")
    print("\nself time by operation and input shapes (us per step, calls per step):")
    for r in summary["by_op"]:
        print(f"  {r['self_us_per_step']:9.0f}  {r['calls_per_step']:4.1f}  {r['name']} {r['shapes']}")
    if a.json:
        json.dump(summary, open(a.json, "w"), indent=2)


if __name__ == "__main__":
    main()
