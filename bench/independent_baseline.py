#!/usr/bin/python3
"""The floor of bench/run_synth.sh: a synthetic table whose columns are independent draws from the real marginals.

    independent_baseline.py --data REAL.csv --seed S --out SYNTH.csv [--count N]

Writes N rows (default: as many as REAL.csv has) with REAL.csv's header. Each column is sampled on its own, so
each keeps its empirical distribution and nothing of how the columns go together: round(N x the column's real
missing rate) cells, at random rows, are left empty (missing), and every other cell is a value drawn uniformly,
with replacement, from the column's present real cells. One numpy default_rng(S) stream, column after column.
Values are copied as text, exactly as in REAL.csv (minimal quoting). Errors are one line on stderr, exit code 2.
"""
import argparse
import csv
import sys

import numpy as np


def fail(message):
    print("independent_baseline.py: " + message, file=sys.stderr, flush=True)
    sys.exit(2)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", required=True)
    ap.add_argument("--seed", required=True, type=int)
    ap.add_argument("--out", required=True)
    ap.add_argument("--count", type=int, help="rows to write (default: the real table's)")
    a = ap.parse_args()
    try:
        with open(a.data, newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
    except OSError as e:
        fail("%s: %s" % (a.data, e))
    if len(rows) < 2:
        fail("%s: needs a header and at least one row" % a.data)
    header, rows = rows[0], rows[1:]
    for i, r in enumerate(rows):
        if len(r) != len(header):
            fail("%s: data row %d has %d cells, the header %d" % (a.data, i + 1, len(r), len(header)))
    n = a.count if a.count is not None else len(rows)
    if n < 1:
        fail("--count must be positive")
    rng = np.random.default_rng(a.seed)
    columns = []
    for j in range(len(header)):
        present = [r[j] for r in rows if r[j] != ""]
        missing = round(n * (len(rows) - len(present)) / len(rows)) if present else n
        column = [""] * n
        filled = np.sort(rng.permutation(n)[missing:])
        for i, k in zip(filled, rng.integers(0, len(present), size=len(filled)) if present else []):
            column[i] = present[k]
        columns.append(column)
    with open(a.out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(zip(*columns))
    missing_real = sum(c == "" for r in rows for c in r)
    missing_synth = sum(c == "" for col in columns for c in col)
    print("%s: %d rows from %d real rows, columns drawn independently (missing cells: real %d of %d, synthetic %d of %d)"
          % (a.out, n, len(rows), missing_real, len(rows) * len(header), missing_synth, n * len(header)),
          file=sys.stderr)


if __name__ == "__main__":
    main()
