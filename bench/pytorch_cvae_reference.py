#!/usr/bin/python3
"""PyTorch reference for vae4j's conditional VAE (written for vae4j's benchmark; a measuring instrument only).

The conditional VAE of Kingma et al. 2014 ("Semi-Supervised Learning with Deep Generative Models", M2 with the
label observed) and Sohn et al. 2015 ("Learning Structured Output Representation using Deep Conditional Generative
Models"): encoder q(z | x, y), decoder p(x | z, y), prior p(z) = N(0, I), y given as a one-hot vector of 10 classes.

--arch mlp (default; --hidden H, default 400; --latent L, default 20):
  encoder    concat(x flattened to 784, one_hot(y, 10)) -> Linear(794, H), ReLU -> Linear(H, 2 * L);
             the first L outputs are the mean, the last L the log-variance
  decoder    concat(z, one_hot(y, 10)) -> Linear(L + 10, H), ReLU -> Linear(H, 784) -> logits
--arch conv (--hidden H, default 256; --latent L, default 20):
  encoder    x (1, 28, 28) concatenated along channels with one_hot(y) broadcast as 10 constant channels (11, 28, 28)
             -> Conv2d(11, 32, 4, stride 2, padding 1), ReLU, Conv2d(32, 64, 4, 2, 1), ReLU (28 -> 14 -> 7),
             flatten, Linear(3136, H), ReLU, Linear(H, 2 * L) -> mean (first L), log-variance (last L)
  decoder    concat(z, one_hot(y)) -> Linear(L + 10, H), ReLU, Linear(H, 3136), ReLU, view (64, 7, 7),
             ConvTranspose2d(64, 32, 4, 2, 1), ReLU, ConvTranspose2d(32, 1, 4, 2, 1) -> logits (7 -> 14 -> 28)
Both:
  init       PyTorch's default initialisation of each layer; torch.manual_seed(--seed) before the model is built
  loss       binary cross-entropy on the logits summed over pixels and batch + KL(q(z|x,y) || N(0, I)) summed,
             one reparameterised sample z = mean + exp(log-variance / 2) * eps per image
  optimiser  Adam, lr 1e-3; batch 128; --epochs (default 10)
  data       Fashion-MNIST images and labels (or any IDX files, see below), pixel / 255, loaded once into tensors;
             each epoch a shuffled index (torch.randperm) slices the batches (no DataLoader: this measures compute,
             PyTorch's best case), as in pytorch_conv_reference.py
  test loss  the conditional negative ELBO: sum over the 10,000 test images of BCE + KL with one posterior sample
             given the image's true label (model.eval(), no_grad, batches of 1000), / 10000, after each epoch;
             test_recon and test_kl are its two parts

At the end, optionally:
  --samples-out FILE.npy  draws --samples-per-class N (default 100) latents per class from the prior z ~ N(0, I)
             (a torch.Generator seeded with --seed, independent of training's random stream), decodes each with
             its class y and saves the Bernoulli means sigmoid(logits) as float32, shape (10 N, 1, 28, 28),
             class-major (all of class 0, then class 1, ...); the classes go to FILE.labels.npy as int32 (10 N,),
             ready for `bench/classifier.py score --images FILE.npy --targets FILE.labels.npy`.
  --iw-samples K  the importance-weighted estimate (Burda, Grosse and Salakhutdinov 2015) of log p(x | y) on the first
             --iw-limit test images (default 1000): log (1/K) sum_k p(x | z_k, y) p(z_k) / q(z_k | x, y) with
             z_k ~ q(z | x, y) (a torch.Generator seeded with --seed); the per-pixel Bernoulli log-likelihoods are
             summed and the log-weights combined by logsumexp in float64. It is computed for every class y, which
             gives the marginal log p(x) = log (1/10) sum_y p(x | y) (uniform p(y), logsumexp in float64) and the
             generative classifier argmax_y log p(x | y). Reported: the mean of -log p(x | y_true) and of -log p(x)
             with their standard errors over images (sample standard deviation / sqrt(n)), and the share of images
             whose argmax_y equals the true label.

With --time-steps K it only times K training steps (after 5 warm-up steps) and prints {"event": "steps",
"ms_per_step": ...}.

Data: --source DIR, a folder with train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and
t10k-labels-idx1-ubyte (each .gz or plain; default /usr/share/datasets/fashion-mnist, Debian's dataset-fashion-mnist).
--train-images, --train-labels, --test-images, --test-labels name single IDX files (raw or .gz) and override the
folder for that file. Images must be 28 x 28 for --arch conv (MLP: any size, flattened); labels 0..9.

Output: one JSON object per line on stdout: {"event": "start", ...}, then per epoch {"event": "epoch", "epoch": k,
"train_seconds": s (training loop only: slicing, forward, backward, loss.item(), Adam step), "train_loss": ...,
"test_loss": ..., "test_recon": ..., "test_kl": ...}, then {"event": "samples", ...} and {"event": "iw", "k": K,
"count": n, "neg_log_p_x_given_y": ..., "se": ..., "neg_log_p_x": ..., "se_marginal": ...,
"generative_accuracy": ...} if asked for, then {"event": "end"}. Losses are nats per image.
"""
import argparse
import json
import math
import os
import platform
import sys
import time

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from idx_data import add_data_arguments, data_paths, fail, read_idx  # noqa: E402

CLASSES = 10


def load_split(images_path, labels_path):
    images = read_idx(images_path, 2051)
    labels = read_idx(labels_path, 2049)
    if images.shape[0] != labels.shape[0]:
        fail("%s has %d images but %s has %d labels" % (images_path, images.shape[0], labels_path, labels.shape[0]))
    if labels.size and labels.max() >= CLASSES:
        fail("%s: label %d, expected 0..%d" % (labels_path, labels.max(), CLASSES - 1))
    n, h, w = images.shape
    x = torch.from_numpy(images.astype(np.float32).reshape(n, 1, h, w) / 255.0)
    y = torch.from_numpy(labels.astype(np.int64))
    return x, y


class Cvae(nn.Module):
    """q(z | x, y) and p(x | z, y) as in the module docstring; logits come back shaped like x, (B, 1, H, W)."""

    def __init__(self, arch, hidden, latent, height=28, width=28):
        super().__init__()
        self.arch, self.latent, self.height, self.width = arch, latent, height, width
        pixels = height * width
        if arch == "mlp":
            self.enc = nn.Sequential(nn.Linear(pixels + CLASSES, hidden), nn.ReLU(), nn.Linear(hidden, 2 * latent))
            self.dec = nn.Sequential(nn.Linear(latent + CLASSES, hidden), nn.ReLU(), nn.Linear(hidden, pixels))
        else:
            self.h7, self.w7 = height // 4, width // 4
            flat = 64 * self.h7 * self.w7
            self.enc = nn.Sequential(nn.Conv2d(1 + CLASSES, 32, 4, 2, 1), nn.ReLU(), nn.Conv2d(32, 64, 4, 2, 1),
                                     nn.ReLU(), nn.Flatten(), nn.Linear(flat, hidden), nn.ReLU(),
                                     nn.Linear(hidden, 2 * latent))
            self.dec_dense = nn.Sequential(nn.Linear(latent + CLASSES, hidden), nn.ReLU(), nn.Linear(hidden, flat),
                                           nn.ReLU())
            self.dec_conv = nn.Sequential(nn.ConvTranspose2d(64, 32, 4, 2, 1), nn.ReLU(),
                                          nn.ConvTranspose2d(32, 1, 4, 2, 1))

    def encode(self, x, y1h):
        if self.arch == "mlp":
            h = self.enc(torch.cat([x.reshape(x.shape[0], -1), y1h], dim=1))
        else:
            planes = y1h[:, :, None, None].expand(-1, -1, x.shape[2], x.shape[3])
            h = self.enc(torch.cat([x, planes], dim=1))
        mean, log_var = h.chunk(2, dim=1)
        return mean, log_var

    def decode(self, z, y1h):
        zy = torch.cat([z, y1h], dim=1)
        if self.arch == "mlp":
            return self.dec(zy).view(-1, 1, self.height, self.width)
        return self.dec_conv(self.dec_dense(zy).view(-1, 64, self.h7, self.w7))

    def forward(self, x, y1h):
        mean, log_var = self.encode(x, y1h)
        z = mean + torch.randn_like(mean) * torch.exp(0.5 * log_var)
        return self.decode(z, y1h), mean, log_var


def one_hot(y):
    return F.one_hot(y, CLASSES).to(torch.float32)


def loss_parts(logits, x, mean, log_var):
    recon = F.binary_cross_entropy_with_logits(logits, x, reduction="sum")
    kl = -0.5 * torch.sum(1 + log_var - mean.pow(2) - log_var.exp())
    return recon, kl


def iw_log_likelihood(model, x, y, samples, generator, rows_per_step=4096):
    """log p(x | y) by importance sampling with K = samples, per image, float64, shape (n,)."""
    n = x.shape[0]
    latent = model.latent
    chunk = min(samples, rows_per_step)
    per_step = max(1, rows_per_step // chunk)
    out = torch.empty(n, dtype=torch.float64)
    for start in range(0, n, per_step):
        xb, yb = x[start:start + per_step], one_hot(y[start:start + per_step])
        b = xb.shape[0]
        mean, log_var = model.encode(xb, yb)
        x_flat = xb.reshape(b, 1, -1).to(torch.float64)
        log_w = []
        for done in range(0, samples, chunk):
            c = min(chunk, samples - done)
            eps = torch.randn((b, c, latent), generator=generator)
            z = mean[:, None, :] + eps * torch.exp(0.5 * log_var)[:, None, :]
            logits = model.decode(z.reshape(b * c, latent), yb.repeat_interleave(c, dim=0))
            logits = logits.reshape(b, c, -1).to(torch.float64)
            # log p(x | z, y): Bernoulli log-likelihood of the (non-binarized) pixels, summed in float64.
            log_pxz = -F.binary_cross_entropy_with_logits(logits, x_flat.expand(b, c, -1), reduction="none").sum(2)
            # log p(z) - log q(z | x, y) = -0.5 sum z^2 + 0.5 sum (eps^2 + log var); the -0.5 L log(2 pi) cancels.
            log_p_over_q = 0.5 * (eps.pow(2) + log_var[:, None, :] - z.pow(2)).to(torch.float64).sum(2)
            log_w.append(log_pxz + log_p_over_q)
        out[start:start + b] = torch.logsumexp(torch.cat(log_w, dim=1), dim=1) - math.log(samples)
    return out


def mean_and_se(values):
    values = np.asarray(values, dtype=np.float64)
    se = float(values.std(ddof=1) / math.sqrt(values.size)) if values.size > 1 else float("nan")
    return float(values.mean()), se


def labels_path_for(samples_out):
    stem = samples_out[:-4] if samples_out.endswith(".npy") else samples_out
    return stem + ".labels.npy"


def save_npy(path, array):
    """np.save without its habit of appending .npy to a path that does not end in it."""
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    with open(path, "wb") as f:
        np.save(f, array)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--arch", choices=("mlp", "conv"), default="mlp")
    parser.add_argument("--hidden", type=int, default=None, help="hidden width (default 400 for mlp, 256 for conv)")
    parser.add_argument("--latent", type=int, default=20)
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--seed", type=int, default=1)
    add_data_arguments(parser)
    parser.add_argument("--threads", type=int, default=0,
                        help="torch.set_num_threads(T) if T > 0; default 0 leaves torch's own setting (from "
                             "OMP_NUM_THREADS)")
    parser.add_argument("--samples-out", metavar="FILE.npy",
                        help="at the end, save prior samples decoded for each class (see above)")
    parser.add_argument("--samples-per-class", type=int, default=100)
    parser.add_argument("--iw-samples", type=int, default=0, metavar="K",
                        help="at the end, importance-weighted -log p(x|y) and -log p(x) with K samples (0 = off)")
    parser.add_argument("--iw-limit", type=int, default=1000, metavar="N",
                        help="the first N test images for --iw-samples (default %(default)s)")
    parser.add_argument("--time-steps", type=int, default=0, metavar="K",
                        help="probe only: time K training steps (after 5 warm-up steps), print "
                             "{\"event\": \"steps\", \"ms_per_step\": ...} and stop; for comparing thread settings "
                             "(OMP_*, OPENBLAS_NUM_THREADS), which must be set before torch loads")
    args = parser.parse_args()
    if args.hidden is None:
        args.hidden = 400 if args.arch == "mlp" else 256
    for name in ("hidden", "latent", "epochs", "batch_size", "samples_per_class", "iw_limit"):
        if getattr(args, name) < (0 if name == "epochs" else 1):
            fail("--%s %d: expected a positive number" % (name.replace("_", "-"), getattr(args, name)))
    if args.iw_samples < 0 or args.time_steps < 0:
        fail("--iw-samples and --time-steps must not be negative")
    if args.threads > 0:
        torch.set_num_threads(args.threads)

    t_process = time.perf_counter()
    paths = data_paths(args)
    train_x, train_y = load_split(paths["train_images"], paths["train_labels"])
    test_x, test_y = load_split(paths["test_images"], paths["test_labels"])
    height, width = train_x.shape[2], train_x.shape[3]
    if test_x.shape[2:] != train_x.shape[2:]:
        fail("train images are %dx%d, test images %dx%d" % (height, width, test_x.shape[2], test_x.shape[3]))
    if args.arch == "conv" and (height % 4 or width % 4):
        fail("--arch conv needs image sides divisible by 4, got %dx%d" % (height, width))

    torch.manual_seed(args.seed)
    model = Cvae(args.arch, args.hidden, args.latent, height, width)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    n, n_test = train_x.shape[0], test_x.shape[0]
    print(json.dumps({"event": "start", "model": "cvae", "arch": args.arch, "hidden": args.hidden,
                      "latent": args.latent, "classes": CLASSES, "epochs": args.epochs, "batch_size": args.batch_size,
                      "lr": args.lr, "seed": args.seed, "train_examples": n, "test_examples": n_test,
                      "image": [height, width], "data": paths,
                      "parameters": sum(p.numel() for p in model.parameters()),
                      "torch": torch.__version__, "numpy": np.__version__, "python": platform.python_version(),
                      "threads": torch.get_num_threads(), "interop_threads": torch.get_num_interop_threads(),
                      "omp_num_threads": os.environ.get("OMP_NUM_THREADS"),
                      "openblas_num_threads": os.environ.get("OPENBLAS_NUM_THREADS")}), flush=True)

    def train_step(x, y):
        optimizer.zero_grad()
        logits, mean, log_var = model(x, one_hot(y))
        recon, kl = loss_parts(logits, x, mean, log_var)
        loss = recon + kl
        loss.backward()
        optimizer.step()
        return loss.item()

    if args.time_steps:
        model.train()
        order = torch.randperm(n)

        def batch(k):
            start = (k * args.batch_size) % max(1, n - args.batch_size)
            idx = order[start:start + args.batch_size]
            return train_x[idx], train_y[idx]

        for k in range(5):
            train_step(*batch(k))
        started = time.perf_counter()
        for k in range(args.time_steps):
            train_step(*batch(5 + k))
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
            idx = order[i:i + args.batch_size]
            total += train_step(train_x[idx], train_y[idx])
        seconds = time.perf_counter() - started
        model.eval()
        test_recon = test_kl = 0.0
        t_test = time.perf_counter()
        with torch.no_grad():
            for i in range(0, n_test, 1000):
                x, y = test_x[i:i + 1000], test_y[i:i + 1000]
                logits, mean, log_var = model(x, one_hot(y))
                recon, kl = loss_parts(logits, x, mean, log_var)
                test_recon += recon.item()
                test_kl += kl.item()
        print(json.dumps({"event": "epoch", "epoch": epoch, "train_seconds": round(seconds, 4),
                          "train_loss": total / n, "test_loss": (test_recon + test_kl) / n_test,
                          "test_recon": test_recon / n_test, "test_kl": test_kl / n_test,
                          "test_seconds": round(time.perf_counter() - t_test, 4)}), flush=True)

    model.eval()
    if args.samples_out:
        started = time.perf_counter()
        generator = torch.Generator().manual_seed(args.seed)
        per = args.samples_per_class
        labels = torch.arange(CLASSES).repeat_interleave(per)
        z = torch.randn((CLASSES * per, args.latent), generator=generator)
        with torch.no_grad():
            means = torch.cat([torch.sigmoid(model.decode(z[i:i + 1000], one_hot(labels[i:i + 1000])))
                               for i in range(0, z.shape[0], 1000)])
        labels_out = labels_path_for(args.samples_out)
        save_npy(args.samples_out, means.numpy().astype(np.float32))
        save_npy(labels_out, labels.numpy().astype(np.int32))
        print(json.dumps({"event": "samples", "path": args.samples_out, "labels_path": labels_out,
                          "count": int(z.shape[0]), "per_class": per, "shape": list(means.shape),
                          "mean_pixel": float(means.mean()), "seconds": round(time.perf_counter() - started, 4)}),
              flush=True)

    if args.iw_samples:
        started = time.perf_counter()
        generator = torch.Generator().manual_seed(args.seed)
        count = min(args.iw_limit, n_test)
        x, y_true = test_x[:count], test_y[:count]
        log_p = torch.empty((count, CLASSES), dtype=torch.float64)
        with torch.no_grad():
            for c in range(CLASSES):
                log_p[:, c] = iw_log_likelihood(model, x, torch.full((count,), c, dtype=torch.int64),
                                                args.iw_samples, generator)
        log_p_given_true = log_p[torch.arange(count), y_true]
        log_p_marginal = torch.logsumexp(log_p, dim=1) - math.log(CLASSES)
        conditional, se = mean_and_se((-log_p_given_true).numpy())
        marginal, se_marginal = mean_and_se((-log_p_marginal).numpy())
        accuracy = float((log_p.argmax(dim=1) == y_true).to(torch.float64).mean())
        print(json.dumps({"event": "iw", "k": args.iw_samples, "count": count, "neg_log_p_x_given_y": conditional,
                          "se": se, "neg_log_p_x": marginal, "se_marginal": se_marginal,
                          "generative_accuracy": accuracy, "seconds": round(time.perf_counter() - started, 4)}),
              flush=True)

    print(json.dumps({"event": "end", "process_seconds": round(time.perf_counter() - t_process, 3)}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
