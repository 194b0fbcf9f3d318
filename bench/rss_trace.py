#!/usr/bin/python3
"""Runs a command, timestamps its output lines and samples the resident memory of its java process.

  rss_trace.py --out trace.json [--interval 1] [--log run.log] -- COMMAND ARGS...

The command may be a wrapper (/usr/bin/time -v ./vae4j ...): the sampled process is the first process in the
command's tree whose name is "java" and whose command line contains --match (default vae4j.jar; ./vae4j execs
java, so that is the launcher's own pid after the exec, and a Maven build the launcher may start is not sampled).
Every --interval seconds VmRSS and VmHWM are read from /proc/PID/status. The command's stdout and stderr are
passed through (and to --log) and every line is kept with the time it arrived, so epoch-end lines can be
paired with the memory samples. Standard library only. Exit status: the command's.
"""
import argparse
import json
import os
import subprocess
import sys
import threading
import time


def children(pid):
    try:
        with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
            return [int(p) for p in f.read().split()]
    except OSError:
        return []


def comm(pid):
    try:
        with open("/proc/%d/comm" % pid) as f:
            return f.read().strip()
    except OSError:
        return None


def cmdline(pid):
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as f:
            return f.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def find_java(root, match):
    todo = [root]
    while todo:
        pid = todo.pop(0)
        if comm(pid) == "java" and match in cmdline(pid):
            return pid
        todo.extend(children(pid))
    return None


def status_kb(pid, keys=("VmRSS", "VmHWM")):
    out = {}
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                k, _, v = line.partition(":")
                if k in keys:
                    out[k] = int(v.split()[0])
    except OSError:
        return None
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--interval", type=float, default=1.0)
    ap.add_argument("--log")
    ap.add_argument("--match", default="vae4j.jar", help="a string the java process's command line contains")
    ap.add_argument("command", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    cmd = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not cmd:
        ap.error("no command")

    lines = []
    log = open(args.log, "w") if args.log else None
    lock = threading.Lock()
    t0 = time.time()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1)

    def pump(stream, name, sink):
        for line in stream:
            t = time.time() - t0
            with lock:
                lines.append({"t": round(t, 3), "stream": name, "line": line.rstrip("\n")})
                if log:
                    log.write(line)
                    log.flush()
            sink.write(line)
            sink.flush()

    threads = [threading.Thread(target=pump, args=(proc.stdout, "stdout", sys.stdout), daemon=True),
               threading.Thread(target=pump, args=(proc.stderr, "stderr", sys.stderr), daemon=True)]
    for th in threads:
        th.start()

    samples = []
    java = None
    next_tick = time.time()
    while proc.poll() is None:
        if java is None or comm(java) != "java":
            java = find_java(proc.pid, args.match)
        if java is not None:
            s = status_kb(java)
            if s and "VmRSS" in s:
                samples.append({"t": round(time.time() - t0, 3), "pid": java,
                                "rss_kb": s["VmRSS"], "hwm_kb": s.get("VmHWM")})
        next_tick += args.interval
        delay = next_tick - time.time()
        if delay > 0:
            # Wake early if the command ends.
            try:
                proc.wait(timeout=delay)
            except subprocess.TimeoutExpired:
                pass
        else:
            next_tick = time.time()
    for th in threads:
        th.join(timeout=5)
    wall = time.time() - t0
    with open(args.out, "w") as f:
        json.dump({"command": cmd, "exit_code": proc.returncode, "wall_seconds": round(wall, 3),
                   "interval_seconds": args.interval, "java_pid": java, "samples": samples, "lines": lines},
                  f, indent=1)
    if log:
        log.close()
    sys.exit(proc.returncode)


if __name__ == "__main__":
    main()
