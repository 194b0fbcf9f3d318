#!/usr/bin/env python3
"""PyTorch reference for vae4j's convolutional VAE (written for vae4j's benchmark).

The same network, loss, optimiser and data as `./vae4j train --arch conv` with its defaults:

  encoder    Conv2d(1, 32, 4, stride 2, padding 1), ReLU, Conv2d(32, 64, 4, 2, 1), ReLU  (28 -> 14 -> 7),
             flatten, Linear(3136, 256), ReLU, Linear(256, 2 * 20) -> mean, log-variance
  decoder    Linear(20, 256), ReLU, Linear(256, 3136), ReLU, view (64, 7, 7),
             ConvTranspose2d(64, 32, 4, 2, 1), ReLU, ConvTranspose2d(32, 1, 4, 2, 1) -> logits (7 -> 14 -> 28)
  loss       binary cross-entropy on the logits summed over pixels and batch + KL(q(z|x) || N(0, I)) summed
  optimiser  Adam, lr 1e-3; batch 128
  data       Fashion-MNIST, pixel / 255, loaded once into one tensor; each epoch a shuffled index (torch.randperm)
             slices the batches (no DataLoader: this measures compute, PyTorch's best case)
  test loss  sum over the 10,000 test images of BCE + KL with one posterior sample, / 10000, after each epoch

With --time-steps K it only times K training steps and prints {"event": "steps", "ms_per_step": ...}.

Output: one JSON object per line: {"event": "start", ...}, then per epoch {"event": "epoch", "epoch": k,
"train_seconds": s, "train_loss": ..., "test_loss": ...}, then {"event": "end"}.
"""
import argparse
import gzip
import json
import os
import sys
import time

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F


def load_idx_images(path):
    with gzip.open(path) if path.endswith(".gz") else open(path, "rb") as f:
        data = f.read()
    n, h, w = int.from_bytes(data[4:8], "big"), int.from_bytes(data[8:12], "big"), int.from_bytes(data[12:16], "big")
    return torch.from_numpy(np.frombuffer(data[16:], dtype=np.uint8).astype(np.float32).reshape(n, 1, h, w) / 255.0)


class ConvVae(nn.Module):
    def __init__(self, latent=20):
        super().__init__()
        self.enc = nn.Sequential(nn.Conv2d(1, 32, 4, 2, 1), nn.ReLU(), nn.Conv2d(32, 64, 4, 2, 1), nn.ReLU(),
                                 nn.Flatten(), nn.Linear(64 * 7 * 7, 256), nn.ReLU(), nn.Linear(256, 2 * latent))
        self.dec_dense = nn.Sequential(nn.Linear(latent, 256), nn.ReLU(), nn.Linear(256, 64 * 7 * 7), nn.ReLU())
        self.dec_conv = nn.Sequential(nn.ConvTranspose2d(64, 32, 4, 2, 1), nn.ReLU(), nn.ConvTranspose2d(32, 1, 4, 2, 1))

    def forward(self, x):
        mean, log_var = self.enc(x).chunk(2, dim=1)
        z = mean + torch.randn_like(mean) * torch.exp(0.5 * log_var)
        logits = self.dec_conv(self.dec_dense(z).view(-1, 64, 7, 7))
        return logits, mean, log_var


def negative_elbo(logits, x, mean, log_var):
    recon = F.binary_cross_entropy_with_logits(logits, x, reduction="sum")
    kl = -0.5 * torch.sum(1 + log_var - mean.pow(2) - log_var.exp())
    return recon + kl


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--source", default="/usr/share/datasets/fashion-mnist")
    parser.add_argument("--time-steps", type=int, default=0, metavar="K",
                        help="probe only: time K training steps (after 5 warm-up steps), print "
                             "{\"event\": \"steps\", \"ms_per_step\": ...} and stop; run_conv.sh uses it to "
                             "compare thread settings (OMP_*, OPENBLAS_NUM_THREADS), which must be set before torch "
                             "loads")
    args = parser.parse_args()

    torch.manual_seed(args.seed)
    train = load_idx_images(os.path.join(args.source, "train-images-idx3-ubyte.gz"))
    test = load_idx_images(os.path.join(args.source, "t10k-images-idx3-ubyte.gz"))
    model = ConvVae()
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    print(json.dumps({"event": "start", "torch": torch.__version__, "threads": torch.get_num_threads(),
                      "parameters": sum(p.numel() for p in model.parameters()),
                      "omp_num_threads": os.environ.get("OMP_NUM_THREADS"),
                      "openblas_num_threads": os.environ.get("OPENBLAS_NUM_THREADS")}), flush=True)
    n = train.shape[0]

    def train_step(x):
        optimizer.zero_grad()
        logits, mean, log_var = model(x)
        loss = negative_elbo(logits, x, mean, log_var)
        loss.backward()
        optimizer.step()
        return loss.item()

    if args.time_steps:
        model.train()
        order = torch.randperm(n)

        def batch(k):
            start = (k * args.batch_size) % (n - args.batch_size)
            return train[order[start:start + args.batch_size]]

        for k in range(5):
            train_step(batch(k))
        started = time.perf_counter()
        for k in range(args.time_steps):
            train_step(batch(5 + k))
        seconds = time.perf_counter() - started
        print(json.dumps({"event": "steps", "steps": args.time_steps,
                          "ms_per_step": round(1000 * seconds / args.time_steps, 3),
                          "torch_threads": torch.get_num_threads(),
                          "env": {k: os.environ[k] for k in sorted(os.environ)
                                  if k.startswith(("OMP_", "OPENBLAS_", "MKL_", "GOMP_"))}}), flush=True)
        return 0

    for epoch in range(1, args.epochs + 1):
        model.train()
        started = time.perf_counter()
        total = 0.0
        order = torch.randperm(n)
        for i in range(0, n, args.batch_size):
            total += train_step(train[order[i:i + args.batch_size]])
        seconds = time.perf_counter() - started
        model.eval()
        test_total = 0.0
        with torch.no_grad():
            for i in range(0, test.shape[0], 1000):
                x = test[i:i + 1000]
                logits, mean, log_var = model(x)
                test_total += negative_elbo(logits, x, mean, log_var).item()
        print(json.dumps({"event": "epoch", "epoch": epoch, "train_seconds": seconds, "train_loss": total / n,
                          "test_loss": test_total / test.shape[0]}), flush=True)
    print(json.dumps({"event": "end"}), flush=True)


if __name__ == "__main__":
    sys.exit(main())
