#!/usr/bin/python3
"""The classical anomaly detectors bench/run_tables.sh sets beside vae4j, on the same train and test tables.

    table_baselines.py --train train.csv --test test.csv --label COL --anomaly V1,V2 --seed S --json OUT.json
                       [--scores-out FILE.csv] [--k 5]

Features: every column but the label. A column is numeric when every non-empty cell of train and test parses as a
number; its missing cells get the training mean, then it is standardised with the training mean and standard
deviation (a constant column is only centred). Any other column is categorical and one-hot coded with the
categories seen in training (a missing cell, or a category only the test has, codes as all zeros).
Scores on the test rows, higher = more anomalous, each detector fitted on the training rows only:
- PCA: squared reconstruction error, sklearn PCA with the fewest components explaining 90% of the variance;
- kNN: mean Euclidean distance to the k = 5 nearest training rows (sklearn NearestNeighbors); when the train and
  test files are byte for byte the same (the unsupervised setting) it asks for k + 1 neighbours and drops the
  first, each row's zero-distance match with itself;
- IForest: minus sklearn IsolationForest(n_estimators=100, random_state=S).score_samples.
OUT.json: ROC-AUC (sklearn roc_auc_score) and average precision of each, as fractions, with the counts; the
optional --scores-out CSV has one row per test row (row, label, anomaly 0/1, pca, knn, iforest). Errors are one
line on stderr and exit code 2.
"""
import argparse
import csv
import json
import math
import os
import sys
import time

import numpy as np
from sklearn.decomposition import PCA
from sklearn.ensemble import IsolationForest
from sklearn.metrics import average_precision_score, roc_auc_score
from sklearn.neighbors import NearestNeighbors


def fail(message):
    print("table_baselines.py: " + message, file=sys.stderr, flush=True)
    sys.exit(2)


def read_table(path):
    try:
        with open(path, newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
    except OSError as e:
        fail("%s: %s" % (path, e))
    if len(rows) < 2:
        fail("%s: needs a header and at least one row" % path)
    header = rows[0]
    for i, r in enumerate(rows[1:]):
        if len(r) != len(header):
            fail("%s: data row %d has %d cells, the header %d" % (path, i + 1, len(r), len(header)))
    return header, rows[1:]


def is_number(cell):
    try:
        return math.isfinite(float(cell))
    except ValueError:
        return False


def encode(header, train, test, label):
    """Train and test feature matrices and a description of the coding."""
    cols = [j for j, name in enumerate(header) if name != label]
    tr_parts, te_parts, numeric, categorical = [], [], [], []
    for j in cols:
        cells = [r[j] for r in train] + [r[j] for r in test]
        if all(c == "" or is_number(c) for c in cells):
            tr = np.array([float(r[j]) if r[j] != "" else np.nan for r in train])
            te = np.array([float(r[j]) if r[j] != "" else np.nan for r in test])
            present = tr[~np.isnan(tr)]
            if present.size == 0:
                fail("column %s has no value in the training rows" % header[j])
            mu = present.mean()
            tr = np.where(np.isnan(tr), mu, tr)
            te = np.where(np.isnan(te), mu, te)
            sd = tr.std()
            sd = sd if sd > 0 else 1.0
            tr_parts.append(((tr - mu) / sd)[:, None])
            te_parts.append(((te - mu) / sd)[:, None])
            numeric.append(header[j])
        else:
            cats = sorted({r[j] for r in train if r[j] != ""})
            index = {c: k for k, c in enumerate(cats)}
            for rows, parts in ((train, tr_parts), (test, te_parts)):
                m = np.zeros((len(rows), len(cats)))
                for i, r in enumerate(rows):
                    k = index.get(r[j])
                    if k is not None:
                        m[i, k] = 1.0
                parts.append(m)
            categorical.append({"name": header[j], "categories": len(cats)})
    if not tr_parts:
        fail("no feature columns besides the label %s" % label)
    x_train, x_test = np.hstack(tr_parts), np.hstack(te_parts)
    return x_train, x_test, {"numeric": numeric, "categorical": categorical, "dimensions": int(x_train.shape[1])}


def figures(y, scores, seconds, **extra):
    out = {"rocAuc": float(roc_auc_score(y, scores)), "averagePrecision": float(average_precision_score(y, scores)),
           "seconds": round(seconds, 3)}
    out.update(extra)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--train", required=True)
    ap.add_argument("--test", required=True)
    ap.add_argument("--label", required=True)
    ap.add_argument("--anomaly", required=True, help="comma-separated label values that are anomalies")
    ap.add_argument("--seed", required=True, type=int)
    ap.add_argument("--json", required=True)
    ap.add_argument("--scores-out")
    ap.add_argument("--k", type=int, default=5)
    a = ap.parse_args()
    anomaly = set(a.anomaly.split(","))
    header, train = read_table(a.train)
    test_header, test = read_table(a.test)
    if test_header != header:
        fail("%s and %s have different headers" % (a.train, a.test))
    if a.label not in header:
        fail("%s: no column %r" % (a.train, a.label))
    lc = header.index(a.label)
    y = np.array([r[lc] in anomaly for r in test], dtype=int)
    if y.sum() == 0 or y.sum() == len(y):
        fail("%s: the test rows need both normal rows and anomalies (%d of %d are anomalies)" % (a.test, y.sum(), len(y)))
    with open(a.train, "rb") as f1, open(a.test, "rb") as f2:
        same = f1.read() == f2.read()
    x_train, x_test, coding = encode(header, train, test, a.label)

    results = {}
    t = time.perf_counter()
    pca = PCA(n_components=0.9, svd_solver="full").fit(x_train)
    rec = pca.inverse_transform(pca.transform(x_test))
    s_pca = ((x_test - rec) ** 2).sum(axis=1)
    results["pca"] = figures(y, s_pca, time.perf_counter() - t, components=int(pca.n_components_))

    t = time.perf_counter()
    k = a.k
    if len(train) < k + (1 if same else 0):
        fail("%s: %d training rows, kNN needs at least %d" % (a.train, len(train), k + (1 if same else 0)))
    nn = NearestNeighbors(n_neighbors=k + 1 if same else k).fit(x_train)
    dist, _ = nn.kneighbors(x_test)
    if same:
        dist = dist[:, 1:]
    s_knn = dist.mean(axis=1)
    results["knn"] = figures(y, s_knn, time.perf_counter() - t, k=k, selfMatchDropped=same)

    t = time.perf_counter()
    forest = IsolationForest(n_estimators=100, random_state=a.seed).fit(x_train)
    s_if = -forest.score_samples(x_test)
    results["iforest"] = figures(y, s_if, time.perf_counter() - t, estimators=100)

    summary = {"train": os.path.abspath(a.train), "test": os.path.abspath(a.test), "trainRows": len(train),
               "testRows": len(test), "anomalies": int(y.sum()), "seed": a.seed, "sameFiles": same,
               "features": coding, "baselines": results}
    with open(a.json, "w") as f:
        json.dump(summary, f, indent=1)
    if a.scores_out:
        with open(a.scores_out, "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["row", "label", "anomaly", "pca", "knn", "iforest"])
            for i, r in enumerate(test):
                w.writerow([i, r[lc], y[i], repr(float(s_pca[i])), repr(float(s_knn[i])), repr(float(s_if[i]))])
    print("%s: %d test rows, %d anomalies; ROC-AUC %s" % (
        os.path.basename(os.path.dirname(os.path.abspath(a.test))) or a.test, len(test), y.sum(),
        ", ".join("%s %.4f" % (n, r["rocAuc"]) for n, r in results.items())), file=sys.stderr)


if __name__ == "__main__":
    main()
