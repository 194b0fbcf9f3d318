#!/usr/bin/python3
"""PyTorch reference for the vae4j benchmark.

An independent restatement (written for vae4j, not copied) of the configuration of the classic PyTorch VAE example
(pytorch/examples, vae/main.py), run on Fashion-MNIST:

  model      fc1 784->400, ReLU, fc21/fc22 400->20 (mean, log-variance), reparameterised sample,
             fc3 20->400, ReLU, fc4 400->784, sigmoid
  loss       binary cross-entropy summed over pixels and batch + KL(q(z|x) || N(0, I)) summed
  optimiser  Adam, lr 1e-3; batch 128; torch.manual_seed(1)
  data       torchvision.datasets.FashionMNIST with transforms.ToTensor() through a DataLoader
             (train shuffle=True, test shuffle=False, num_workers 0 as the example uses on CPU)
  test loss  sum over the 10,000 test images of BCE + KL with one posterior sample (model.eval(), no_grad), / 10000

Variants (--variant):
  example    the above: the per-sample Dataset/ToTensor/DataLoader pipeline is part of what users of the example run.
  preloaded  NOT the example: the same model, loss, optimiser and seed, but the images are loaded once into one
             float tensor (pixel / 255, exactly what ToTensor gives) and each epoch slices batches by a shuffled
             index (torch.randperm). It shows PyTorch's compute without the pipeline overhead.

What the example does and this script leaves out: it prints a progress line every 10 batches and saves a
reconstruction/sample PNG after every epoch; neither is inside the timed training loop here.

Output: one JSON object per line on stdout. {"event": "start", ...} describes the run, then one
{"event": "epoch", "epoch": k, "train_seconds": s, "train_loss": ..., "test_loss": ..., ...} per epoch, then
{"event": "end", ...}. train_seconds is the wall time of the epoch's training loop only (iterating the loader,
forward, backward, Adam step, reading the loss), not the test pass.

Data: no download. torchvision wants the unzipped IDX files under ROOT/FashionMNIST/raw/; this script gunzips them
from --source (default /usr/share/datasets/fashion-mnist, Debian's dataset-fashion-mnist) into a temporary ROOT
unless --root already holds them.
"""
import argparse
import gzip
import json
import os
import platform
import shutil
import sys
import tempfile
import time

FILES = (
    "train-images-idx3-ubyte",
    "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte",
    "t10k-labels-idx1-ubyte",
)


def emit(obj):
    print(json.dumps(obj, sort_keys=False), flush=True)


def prepare_root(source, root):
    """Puts the unzipped IDX files where torchvision's FashionMNIST looks for them: ROOT/FashionMNIST/raw/."""
    raw = os.path.join(root, "FashionMNIST", "raw")
    os.makedirs(raw, exist_ok=True)
    for name in FILES:
        target = os.path.join(raw, name)
        if os.path.exists(target):
            continue
        gz = os.path.join(source, name + ".gz")
        plain = os.path.join(source, name)
        if os.path.exists(gz):
            with gzip.open(gz, "rb") as fin, open(target + ".part", "wb") as fout:
                shutil.copyfileobj(fin, fout)
        elif os.path.exists(plain):
            shutil.copyfile(plain, target + ".part")
        else:
            sys.exit("pytorch_reference.py: %s: no %s(.gz); install Debian's dataset-fashion-mnist or pass --source"
                     % (source, name))
        os.replace(target + ".part", target)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--variant", choices=("example", "preloaded"), default="example")
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--batch-size", type=int, default=128)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--source", default="/usr/share/datasets/fashion-mnist",
                    help="folder with the four Fashion-MNIST IDX files (.gz or plain)")
    ap.add_argument("--root", default=None,
                    help="torchvision root (ROOT/FashionMNIST/raw/ is filled from --source); default: a temp folder")
    ap.add_argument("--time-steps", type=int, default=0, metavar="K",
                    help="probe only: time K training steps on preloaded data (after 10 warm-up steps), print "
                         "{\"event\": \"steps\", \"ms_per_step\": ...} and stop; used by run.sh to compare "
                         "thread settings (OMP_*, OPENBLAS_NUM_THREADS), which must be set before torch loads")
    args = ap.parse_args()

    t_process = time.perf_counter()
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
    import torch.utils.data
    import torchvision
    from torchvision import datasets, transforms

    tmp = None
    root = args.root
    if root is None:
        tmp = tempfile.mkdtemp(prefix="vae4j-bench-torch-")
        root = tmp
    try:
        prepare_root(args.source, root)
        torch.manual_seed(args.seed)
        device = torch.device("cpu")

        class VAE(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc1 = nn.Linear(784, 400)
                self.fc21 = nn.Linear(400, 20)
                self.fc22 = nn.Linear(400, 20)
                self.fc3 = nn.Linear(20, 400)
                self.fc4 = nn.Linear(400, 784)

            def forward(self, x):
                hidden = F.relu(self.fc1(x.view(-1, 784)))
                mean, log_var = self.fc21(hidden), self.fc22(hidden)
                # One sample z = mean + sigma * eps, in training and in testing alike (as in the example).
                z = mean + torch.randn_like(mean) * torch.exp(0.5 * log_var)
                probs = torch.sigmoid(self.fc4(F.relu(self.fc3(z))))
                return probs, mean, log_var

        def negative_elbo(probs, x, mean, log_var):
            recon = F.binary_cross_entropy(probs, x.view(-1, 784), reduction="sum")
            kl = -0.5 * torch.sum(1 + log_var - mean.pow(2) - log_var.exp())
            return recon + kl

        model = VAE().to(device)
        optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)

        t_data = time.perf_counter()
        train_set = datasets.FashionMNIST(root, train=True, download=False, transform=transforms.ToTensor())
        test_set = datasets.FashionMNIST(root, train=False, download=False, transform=transforms.ToTensor())
        if args.time_steps:
            args.variant = "preloaded"
        if args.variant == "example":
            train_loader = torch.utils.data.DataLoader(train_set, batch_size=args.batch_size, shuffle=True)
            test_loader = torch.utils.data.DataLoader(test_set, batch_size=args.batch_size, shuffle=False)
        else:
            # ToTensor turns a uint8 HxW image into float C x H x W divided by 255; the same, all at once.
            train_x = train_set.data.to(torch.float32).div(255).view(-1, 784).contiguous()
            test_x = test_set.data.to(torch.float32).div(255).view(-1, 784).contiguous()
        data_seconds = time.perf_counter() - t_data
        n_train, n_test = len(train_set), len(test_set)

        emit({
            "event": "start",
            "variant": args.variant,
            "is_example": args.variant == "example",
            "epochs": args.epochs,
            "batch_size": args.batch_size,
            "lr": args.lr,
            "seed": args.seed,
            "train_examples": n_train,
            "test_examples": n_test,
            "torch": torch.__version__,
            "torchvision": torchvision.__version__,
            "python": platform.python_version(),
            "torch_threads": torch.get_num_threads(),
            "torch_interop_threads": torch.get_num_interop_threads(),
            "omp_num_threads_env": os.environ.get("OMP_NUM_THREADS"),
            "data_setup_seconds": round(data_seconds, 4),
        })

        def train_batches():
            if args.variant == "example":
                for x, _ in train_loader:
                    yield x
            else:
                order = torch.randperm(n_train)
                for start in range(0, n_train, args.batch_size):
                    yield train_x[order[start:start + args.batch_size]]

        def test_batches():
            if args.variant == "example":
                for x, _ in test_loader:
                    yield x
            else:
                for start in range(0, n_test, args.batch_size):
                    yield test_x[start:start + args.batch_size]

        def train_step(x):
            x = x.to(device)
            optimizer.zero_grad()
            probs, mean, log_var = model(x)
            loss = negative_elbo(probs, x, mean, log_var)
            loss.backward()
            value = loss.item()
            optimizer.step()
            return value

        if args.time_steps:
            model.train()
            batches = train_batches()
            for _ in range(10):
                train_step(next(batches))
            t0 = time.perf_counter()
            for _ in range(args.time_steps):
                x = next(batches, None)
                if x is None:
                    batches = train_batches()
                    x = next(batches)
                train_step(x)
            seconds = time.perf_counter() - t0
            emit({"event": "steps", "steps": args.time_steps, "ms_per_step": round(1000 * seconds / args.time_steps, 3),
                  "torch_threads": torch.get_num_threads(),
                  "env": {k: os.environ[k] for k in sorted(os.environ)
                          if k.startswith(("OMP_", "OPENBLAS_", "MKL_", "GOMP_"))}})
            return

        for epoch in range(1, args.epochs + 1):
            model.train()
            total = 0.0
            t0 = time.perf_counter()
            for x in train_batches():
                total += train_step(x)
            train_seconds = time.perf_counter() - t0

            model.eval()
            test_total = 0.0
            t1 = time.perf_counter()
            with torch.no_grad():
                for x in test_batches():
                    x = x.to(device)
                    probs, mean, log_var = model(x)
                    test_total += negative_elbo(probs, x, mean, log_var).item()
            test_seconds = time.perf_counter() - t1
            emit({
                "event": "epoch",
                "variant": args.variant,
                "epoch": epoch,
                "train_seconds": round(train_seconds, 4),
                "train_loss": round(total / n_train, 4),
                "test_loss": round(test_total / n_test, 4),
                "test_seconds": round(test_seconds, 4),
            })
        emit({"event": "end", "variant": args.variant,
              "process_seconds": round(time.perf_counter() - t_process, 3)})
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
