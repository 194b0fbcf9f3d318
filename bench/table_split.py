#!/usr/bin/python3
"""The train and test tables of one cell of bench/run_tables.sh (ADBench's two settings).

    table_split.py --data FILE.csv --label COL --anomaly V1,V2 --setting unsupervised|semi --seed S --out DIR

Writes DIR/train.csv and DIR/test.csv with the input's header, and DIR/split.json (the counts).
- unsupervised: train = test = every row (the detector sees the anomalies it scores, unlabelled; the two files are
  byte for byte the same, which bench/table_baselines.py relies on to leave out each row's match with itself).
- semi (ADBench's semi-supervised setting): train = a random half (rounded down) of the normal rows, drawn with
  numpy's default_rng(S); test = the other normal rows and every anomaly.
Rows keep their order in the input. Cells are read and written with the csv module, so every value, empty cells
included, comes out as it went in (only the quoting may differ: minimal quoting on output). A row is an anomaly
when its label cell is one of the --anomaly values (compared as text). Standard library and numpy only; errors
are one line on stderr and exit code 2.
"""
import argparse
import csv
import json
import os
import sys

import numpy as np


def fail(message):
    print("table_split.py: " + message, file=sys.stderr, flush=True)
    sys.exit(2)


def read_table(path, label):
    """(header, rows, label column index); dies on a missing label column, ragged rows or empty labels."""
    try:
        with open(path, newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
    except OSError as e:
        fail("%s: %s" % (path, e))
    if not rows:
        fail("%s: empty file" % path)
    header, rows = rows[0], rows[1:]
    if label not in header:
        fail("%s: no column %r (columns: %s)" % (path, label, ", ".join(header)))
    col = header.index(label)
    for i, r in enumerate(rows):
        if len(r) != len(header):
            fail("%s: data row %d has %d cells, the header %d" % (path, i + 1, len(r), len(header)))
        if r[col] == "":
            fail("%s: data row %d has no %s (every row needs a label here)" % (path, i + 1, label))
    return header, rows, col


def write_table(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", required=True)
    ap.add_argument("--label", required=True)
    ap.add_argument("--anomaly", required=True, help="comma-separated label values that are anomalies")
    ap.add_argument("--setting", required=True, choices=("unsupervised", "semi"))
    ap.add_argument("--seed", required=True, type=int)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    anomaly = set(a.anomaly.split(","))
    header, rows, col = read_table(a.data, a.label)
    values = {r[col] for r in rows}
    unknown = sorted(anomaly - values)
    if unknown:
        fail("%s: --anomaly values not in column %s: %s" % (a.data, a.label, ", ".join(unknown)))
    is_anomaly = [r[col] in anomaly for r in rows]
    normal = [i for i, x in enumerate(is_anomaly) if not x]
    if a.setting == "unsupervised":
        train_idx = test_idx = list(range(len(rows)))
    else:
        rng = np.random.default_rng(a.seed)
        chosen = set(int(i) for i in rng.permutation(normal)[:len(normal) // 2])
        train_idx = [i for i in normal if i in chosen]
        test_idx = [i for i in range(len(rows)) if i not in chosen]
    os.makedirs(a.out, exist_ok=True)
    write_table(os.path.join(a.out, "train.csv"), header, [rows[i] for i in train_idx])
    write_table(os.path.join(a.out, "test.csv"), header, [rows[i] for i in test_idx])
    summary = {"data": os.path.abspath(a.data), "label": a.label, "anomaly": sorted(anomaly), "setting": a.setting,
               "seed": a.seed, "rows": len(rows), "trainRows": len(train_idx),
               "trainAnomalies": sum(is_anomaly[i] for i in train_idx), "testRows": len(test_idx),
               "testAnomalies": sum(is_anomaly[i] for i in test_idx)}
    with open(os.path.join(a.out, "split.json"), "w") as f:
        json.dump(summary, f, indent=1)
    print("%s %s seed %d: train %d rows (%d anomalies), test %d rows (%d anomalies)"
          % (os.path.basename(a.data), a.setting, a.seed, summary["trainRows"], summary["trainAnomalies"],
             summary["testRows"], summary["testAnomalies"]), file=sys.stderr)


if __name__ == "__main__":
    main()
