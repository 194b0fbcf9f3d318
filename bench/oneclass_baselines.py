#!/usr/bin/python3
"""The classical baselines of bench/run_oneclass.sh: Fashion-MNIST one-class anomaly detection.

    oneclass_baselines.py --class K --seed S --json OUT.json [--knn-subset 2000] [--k 5] [--source DIR]
                          [--train-images F --train-labels F --test-images F --test-labels F]

Normal class K: the detectors see only the training images of class K (6,000 in Fashion-MNIST), pixel / 255, and
score all 10,000 test images; the test images of the other nine classes are the anomalies (9,000 of 10,000).
- PCA: squared reconstruction error, sklearn PCA fitted on the class-K training images with the fewest components
  explaining 90% of the variance;
- kNN: mean Euclidean distance to the k = 5 nearest of a random subset of --knn-subset (default 2000) class-K
  training images, drawn with numpy's default_rng(S) (all of them when the class has no more, or with
  --knn-subset 0), for speed.
OUT.json: ROC-AUC (sklearn roc_auc_score) and average precision of each, as fractions, seconds, and the counts.
Data options as in every bench/ PyTorch script (bench/idx_data.py); errors are one line on stderr, exit code 2.
"""
import argparse
import json
import os
import sys
import time

import numpy as np
from sklearn.decomposition import PCA
from sklearn.metrics import average_precision_score, roc_auc_score
from sklearn.neighbors import NearestNeighbors

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from idx_data import add_data_arguments, data_paths, fail, read_idx  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--class", dest="cls", required=True, type=int, help="the normal class, 0..9")
    ap.add_argument("--seed", required=True, type=int)
    ap.add_argument("--json", required=True)
    ap.add_argument("--knn-subset", type=int, default=2000)
    ap.add_argument("--k", type=int, default=5)
    add_data_arguments(ap)
    a = ap.parse_args()
    paths = data_paths(a)
    train_x = read_idx(paths["train_images"], 2051)
    train_y = read_idx(paths["train_labels"], 2049)
    test_x = read_idx(paths["test_images"], 2051)
    test_y = read_idx(paths["test_labels"], 2049)
    if a.cls not in set(train_y.tolist()):
        fail("class %d has no training images" % a.cls)
    normal = train_x[train_y == a.cls].reshape(-1, 28 * 28).astype(np.float64) / 255.0
    x = test_x.reshape(len(test_x), -1).astype(np.float64) / 255.0
    y = (test_y != a.cls).astype(int)
    results = {}

    t = time.perf_counter()
    pca = PCA(n_components=0.9, svd_solver="full").fit(normal)
    s_pca = ((x - pca.inverse_transform(pca.transform(x))) ** 2).sum(axis=1)
    results["pca"] = {"rocAuc": float(roc_auc_score(y, s_pca)), "averagePrecision": float(average_precision_score(y, s_pca)),
                      "seconds": round(time.perf_counter() - t, 3), "components": int(pca.n_components_)}

    t = time.perf_counter()
    rng = np.random.default_rng(a.seed)
    subset = normal if a.knn_subset <= 0 or len(normal) <= a.knn_subset else normal[np.sort(rng.choice(len(normal), a.knn_subset, replace=False))]
    dist, _ = NearestNeighbors(n_neighbors=a.k, algorithm="brute").fit(subset).kneighbors(x)
    s_knn = dist.mean(axis=1)
    results["knn"] = {"rocAuc": float(roc_auc_score(y, s_knn)), "averagePrecision": float(average_precision_score(y, s_knn)),
                      "seconds": round(time.perf_counter() - t, 3), "k": a.k, "trainingSubset": int(len(subset))}

    summary = {"normalClass": a.cls, "seed": a.seed, "trainImages": int(len(normal)), "testImages": int(len(x)),
               "anomalies": int(y.sum()), "baselines": results}
    with open(a.json, "w") as f:
        json.dump(summary, f, indent=1)
    print("class %d: PCA (%d components) ROC-AUC %.4f in %.1f s, kNN (%d of %d images) %.4f in %.1f s"
          % (a.cls, results["pca"]["components"], results["pca"]["rocAuc"], results["pca"]["seconds"],
             len(subset), len(normal), results["knn"]["rocAuc"], results["knn"]["seconds"]), file=sys.stderr)


if __name__ == "__main__":
    main()
