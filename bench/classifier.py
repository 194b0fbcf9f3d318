#!/usr/bin/python3
"""An independent judge of class-conditional samples (written for vae4j's benchmark; a measuring instrument only).

A small CNN classifier for 28 x 28 grayscale images in [0, 1], trained on the Fashion-MNIST training set; it is used
to check that images generated for class y look like class y to someone else (the share of generated images the
classifier assigns to their target class), in the spirit of the "classifier accuracy" of conditional generative
models. It knows nothing of vae4j and vae4j knows nothing of it.

  network    Conv2d(1, 32, 3, padding 1), ReLU, MaxPool2d(2)   (28 -> 14)
             Conv2d(32, 64, 3, padding 1), ReLU, MaxPool2d(2)  (14 -> 7)
             flatten, Linear(3136, 128), ReLU, Dropout(0.25), Linear(128, 10) -> class logits
  init       PyTorch's default initialisation; torch.manual_seed(--seed) before the model is built
  training   cross-entropy, Adam lr 1e-3, batch 128, --epochs (default 5); images pixel / 255 loaded once into one
             tensor, each epoch a torch.randperm shuffle slicing the batches (no DataLoader)
  test       accuracy on the 10,000 test images (model.eval(): no dropout), after every epoch; about 91-92 %
             after 5 epochs on Fashion-MNIST

Subcommands:
  train --model-out FILE.pt [--source DIR | --train-images F --train-labels F --test-images F --test-labels F]
        trains, saves the state dict (torch.save(model.state_dict())), prints per epoch {"event": "epoch", ...} and
        at the end {"event": "trained", "test_accuracy": ..., "epochs": ..., "seconds": ...} (seconds: the training
        loops of all epochs, not the test passes nor data loading).
  score --model FILE.pt --images X.npy --targets Y.npy
        X float N x 1 x 28 x 28 (N x 28 x 28 and N x 784 are accepted too) with values in [0, 1], Y integer N target
        classes in 0..9; prints {"event": "score", "count": N, "share_target": fraction of images classified as
        their target, "per_class": [that share for target class 0..9; null where no image has that target],
        "confusion": 10 x 10 counts, row = target, column = predicted}.
        A missing or unreadable file, or shapes, types or values that do not fit, give a one-line error on stderr
        and exit code 2.

Data (train): --source DIR, a folder with train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte
and t10k-labels-idx1-ubyte (each .gz or plain; default /usr/share/datasets/fashion-mnist); --train-images,
--train-labels, --test-images, --test-labels name single IDX files (raw or .gz) and override the folder.

Both subcommands run on CPU with torch.set_num_threads(--threads) (default 2). Unless OMP_WAIT_POLICY is already
set, the script sets it to PASSIVE before torch loads: with Debian's torch (OpenMP pool beside OpenBLAS's own threads)
the default spinning waits made a training epoch about six times slower on 2 cores. The speed of this script is not
a measurement; only its verdicts are used. Output: one JSON object per line.
"""
import argparse
import json
import os
import platform
import sys
import time

import numpy as np

# Read by libgomp when torch loads, so it has to be set before the import. Debian's torch runs its OpenMP pool beside
# OpenBLAS's own threads; with the default (active, spinning) waits the two fight over the cores and training takes
# about six times as long on 2 cores. An OMP_WAIT_POLICY already in the environment is left as it is.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import torch  # noqa: E402 - after OMP_WAIT_POLICY on purpose
from torch import nn  # noqa: E402
from torch.nn import functional as F  # noqa: E402

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from idx_data import add_data_arguments, data_paths, fail, read_idx  # noqa: E402

CLASSES = 10
SIDE = 28


def emit(obj):
    print(json.dumps(obj), flush=True)


def load_split(images_path, labels_path):
    images = read_idx(images_path, 2051)
    labels = read_idx(labels_path, 2049)
    if images.shape[1:] != (SIDE, SIDE):
        fail("%s: images are %dx%d, the classifier takes %dx%d" % (images_path, images.shape[1], images.shape[2],
                                                                    SIDE, SIDE))
    if images.shape[0] != labels.shape[0]:
        fail("%s has %d images but %s has %d labels" % (images_path, images.shape[0], labels_path, labels.shape[0]))
    if labels.size and labels.max() >= CLASSES:
        fail("%s: label %d, expected 0..%d" % (labels_path, labels.max(), CLASSES - 1))
    x = torch.from_numpy(images.astype(np.float32).reshape(-1, 1, SIDE, SIDE) / 255.0)
    return x, torch.from_numpy(labels.astype(np.int64))


def build_model():
    return nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Dropout(0.25), nn.Linear(128, CLASSES))


def predict(model, x, batch=1000):
    model.eval()
    with torch.no_grad():
        return torch.cat([model(x[i:i + batch]).argmax(dim=1) for i in range(0, x.shape[0], batch)])


def versions():
    return {"torch": torch.__version__, "numpy": np.__version__, "python": platform.python_version(),
            "threads": torch.get_num_threads(), "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY"),
            "omp_num_threads": os.environ.get("OMP_NUM_THREADS"),
            "openblas_num_threads": os.environ.get("OPENBLAS_NUM_THREADS")}


def cmd_train(args):
    paths = data_paths(args)
    train_x, train_y = load_split(paths["train_images"], paths["train_labels"])
    test_x, test_y = load_split(paths["test_images"], paths["test_labels"])
    torch.manual_seed(args.seed)
    model = build_model()
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    n = train_x.shape[0]
    emit(dict({"event": "start", "command": "train", "epochs": args.epochs, "batch_size": args.batch_size,
               "lr": args.lr, "seed": args.seed, "train_examples": n, "test_examples": int(test_x.shape[0]),
               "data": paths, "parameters": sum(p.numel() for p in model.parameters())}, **versions()))
    train_seconds = 0.0
    accuracy = float("nan")
    for epoch in range(1, args.epochs + 1):
        model.train()
        started = time.perf_counter()
        total = 0.0
        order = torch.randperm(n)
        for i in range(0, n, args.batch_size):
            idx = order[i:i + args.batch_size]
            optimizer.zero_grad()
            loss = F.cross_entropy(model(train_x[idx]), train_y[idx], reduction="sum")
            (loss / idx.shape[0]).backward()
            optimizer.step()
            total += loss.item()
        seconds = time.perf_counter() - started
        train_seconds += seconds
        accuracy = float((predict(model, test_x) == test_y).to(torch.float64).mean())
        emit({"event": "epoch", "epoch": epoch, "train_seconds": round(seconds, 4), "train_loss": total / n,
              "test_accuracy": accuracy})
    directory = os.path.dirname(os.path.abspath(args.model_out))
    os.makedirs(directory, exist_ok=True)
    torch.save(model.state_dict(), args.model_out + ".part")
    os.replace(args.model_out + ".part", args.model_out)
    emit({"event": "trained", "test_accuracy": accuracy, "epochs": args.epochs, "seconds": round(train_seconds, 3),
          "model": args.model_out})
    return 0


def load_npy(path, what):
    if not os.path.isfile(path):
        fail("%s: no such file (%s)" % (path, what))
    try:
        return np.load(path, allow_pickle=False)
    except Exception as e:  # noqa: BLE001 - any reading problem is the user's file
        fail("%s: cannot read as .npy (%s): %s" % (path, what, str(e).splitlines()[0] if str(e) else type(e).__name__))


def cmd_score(args):
    if not os.path.isfile(args.model):
        fail("%s: no such file (--model)" % args.model)
    images = load_npy(args.images, "--images")
    targets = load_npy(args.targets, "--targets")
    if images.dtype.kind != "f":
        fail("%s: dtype %s, expected float images in [0, 1]" % (args.images, images.dtype))
    shape = images.shape
    if images.ndim == 2 and shape[1] == SIDE * SIDE:
        images = images.reshape(-1, 1, SIDE, SIDE)
    elif images.ndim == 3 and shape[1:] == (SIDE, SIDE):
        images = images.reshape(-1, 1, SIDE, SIDE)
    elif not (images.ndim == 4 and shape[1:] == (1, SIDE, SIDE)):
        fail("%s: shape %s, expected N x 1 x 28 x 28 (or N x 784, N x 28 x 28)" % (args.images, shape))
    if targets.dtype.kind not in "iu":
        fail("%s: dtype %s, expected integer classes (int32 or int64)" % (args.targets, targets.dtype))
    if targets.ndim != 1:
        fail("%s: shape %s, expected a vector of N target classes" % (args.targets, targets.shape))
    if targets.shape[0] != images.shape[0]:
        fail("%s holds %d images but %s %d targets" % (args.images, images.shape[0], args.targets, targets.shape[0]))
    if images.shape[0] == 0:
        fail("%s: no images" % args.images)
    if targets.min() < 0 or targets.max() >= CLASSES:
        fail("%s: target classes %d..%d, expected 0..%d" % (args.targets, targets.min(), targets.max(), CLASSES - 1))
    if not np.isfinite(images).all():
        fail("%s: images contain NaN or infinity" % args.images)
    low, high = float(images.min()), float(images.max())
    if low < -1e-6 or high > 1 + 1e-6:
        fail("%s: pixel values %g..%g, expected [0, 1] (pixel / 255)" % (args.images, low, high))

    model = build_model()
    try:
        model.load_state_dict(torch.load(args.model, map_location="cpu"))
    except Exception as e:  # noqa: BLE001
        fail("%s: not a state dict of this classifier: %s" % (args.model, str(e).splitlines()[0] if str(e) else
                                                               type(e).__name__))
    x = torch.from_numpy(np.ascontiguousarray(images, dtype=np.float32))
    y = torch.from_numpy(targets.astype(np.int64))
    predicted = predict(model, x)
    confusion = torch.zeros((CLASSES, CLASSES), dtype=torch.int64)
    confusion.index_put_((y, predicted), torch.ones_like(y), accumulate=True)
    hits = confusion.diagonal()
    rows = confusion.sum(dim=1)
    per_class = [float(hits[c]) / float(rows[c]) if rows[c] > 0 else None for c in range(CLASSES)]
    emit({"event": "score", "count": int(y.shape[0]), "share_target": float(hits.sum()) / float(y.shape[0]),
          "per_class": per_class, "confusion": confusion.tolist(), "model": args.model, "images": args.images,
          "targets": args.targets, "threads": torch.get_num_threads()})
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", metavar="{train,score}")
    sub.required = True
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--threads", type=int, default=2, help="torch.set_num_threads (default %(default)s)")
    train = sub.add_parser("train", parents=[common], help="train on IDX files and save the state dict")
    train.add_argument("--model-out", required=True, metavar="FILE.pt")
    train.add_argument("--epochs", type=int, default=5)
    train.add_argument("--batch-size", type=int, default=128)
    train.add_argument("--lr", type=float, default=1e-3)
    train.add_argument("--seed", type=int, default=1)
    add_data_arguments(train)
    score = sub.add_parser("score", parents=[common], help="score images against target classes")
    score.add_argument("--model", required=True, metavar="FILE.pt")
    score.add_argument("--images", required=True, metavar="X.npy")
    score.add_argument("--targets", required=True, metavar="Y.npy")
    args = parser.parse_args()
    if args.threads < 1:
        fail("--threads %d: expected at least 1" % args.threads)
    if args.command == "train" and (args.epochs < 1 or args.batch_size < 1):
        fail("--epochs and --batch-size must be at least 1")
    torch.set_num_threads(args.threads)
    return cmd_train(args) if args.command == "train" else cmd_score(args)


if __name__ == "__main__":
    sys.exit(main())
