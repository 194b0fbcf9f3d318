#!/usr/bin/python3
"""PyTorch statement of vae4j's completion models on the quadrant task (written for vae4j's benchmark; a measuring
instrument only). The task and sizes are those of Pyro's CVAE example (examples/cvae: Sohn et al. 2015, "Learning
Structured Output Representation using Deep Conditional Generative Models"), written in plain torch, with the
networks vae4j's `train --complete` builds.

Task: an image x (28 x 28, pixel / 255) with --quadrants K of its quadrants observed (1: the bottom-left one, 2: the
left half, 3: all but the bottom-right), the rest missing; predict the missing pixels. m is the mask of observed
pixels (784 values, 1 observed), c = concat(x * m, m) (1568 values) the observed part as every network sees it.

  baseline   c -> Linear(1568, H1), ReLU -> Linear(H1, H2), ReLU -> Linear(H2, 784) -> logits of p(x_miss | x_obs)
             (Sohn et al.'s deterministic network; Pyro's BaselineNet is 784-500-500-784 on x with -1 in the
             missing pixels, here the mask is an input of its own, as in vae4j)
  cvae       recognition q(z | x)       concat(x, m) -> Linear(1568, H1), ReLU, Linear(H1, H2), ReLU, Linear(H2, 2 L)
             prior p(z | x_obs)         c            -> the same shape, its own weights
             generator p(x_miss | z, x_obs)  concat(z, c) -> Linear(L + 1568, H2), ReLU, Linear(H2, H1), ReLU,
                                        Linear(H1, 784) -> logits
             (first L outputs the mean, last L the log-variance). Pyro's prior network reads the baseline's
             prediction in the missing pixels and its generator reads z only; here, as in vae4j, the prior reads c
             and the generator reads z and c, so the CVAE needs no pretrained baseline.
  defaults   H1 = H2 = 500 (--hidden), L = 200 (--latent): Pyro's sizes
  loss       baseline: binary cross-entropy of the logits against x over the missing pixels, summed;
             cvae: the same BCE at one reparameterised z ~ q(z | x) + KL(q(z | x) || p(z | x_obs)) in closed form
             (Pyro's Trace_ELBO estimates the KL by sampling; same expectation)
  init       PyTorch's default initialisation; torch.manual_seed(--seed) before each model is built
  optimiser  Adam, lr 1e-3 (--lr), batch 128 (--batch-size), --epochs (default 5); data loaded once into tensors,
             a shuffled index (torch.randperm) slices the batches each epoch, no validation during training

Evaluation, on the first --eval-limit test images (default 1000), in float64 where summed:
  baseline   nll = BCE over the missing pixels (the negative log-likelihood of its Bernoulli p(x_miss | x_obs));
             fill = sigmoid(logits)
  cvae       neg_elbo: mean over --samples K draws z ~ q(z | x) of BCE(missing) + the closed-form KL;
             nll_iw: -log (1/K) sum_k p(x_miss | z_k, x_obs) p(z_k | x_obs) / q(z_k | x), z_k ~ q(z | x)
             (logsumexp); fill: the mean over K draws z ~ p(z | x_obs) of sigmoid(generator logits)
  floors     zero fill and the mean training image
  PSNR       10 log10(1 / MSE), the MSE over all missing pixels of the images, data range 1
A torch.Generator seeded with --seed draws the evaluation's noise.

With --time-steps S it only times S CVAE training steps (after 5 warm-up steps) and prints {"event": "steps",
"ms_per_step": ...}.

Data: --source DIR, a folder with the Fashion-MNIST-named IDX files (default /usr/share/datasets/fashion-mnist), or
--train-images/--test-images (and the label flags, read but unused) naming single files; see bench/idx_data.py.

Output: one JSON object per line on stdout: {"event": "start", ...}; per model and epoch {"event": "epoch",
"model": "baseline"|"cvae", "epoch": k, "train_seconds": s (the training loop only), "train_loss": ...}; then
{"event": "floors", ...}, {"event": "eval", "model": ..., ...} for each model, {"event": "end"}. Nats per image.
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


def load_images(path):
    images = read_idx(path, 2051)
    n, h, w = images.shape
    return torch.from_numpy(images.astype(np.float32).reshape(n, h * w) / 255.0), h, w


def observed_mask(quadrants, h, w):
    """1 where observed: 1 the bottom-left quadrant, 2 the left half, 3 all but the bottom-right (as vae4j's
    quadrant:K and Pyro's MaskImages)."""
    missing = torch.zeros(h, w, dtype=torch.bool)
    h2, w2 = h // 2, w // 2
    missing[h2:, w2:] = True
    if quadrants <= 2:
        missing[:h2, w2:] = True
    if quadrants == 1:
        missing[:h2, :w2] = True
    return (~missing).float().reshape(1, h * w)


def mlp(sizes):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)


class Baseline(nn.Module):
    def __init__(self, d, hidden):
        super().__init__()
        self.net = mlp([2 * d] + hidden + [d])

    def forward(self, c):
        return self.net(c)


class Cvae(nn.Module):
    def __init__(self, d, hidden, latent):
        super().__init__()
        self.latent = latent
        self.recognition = mlp([2 * d] + hidden + [2 * latent])
        self.generator = mlp([latent + 2 * d] + hidden[::-1] + [d])
        self.prior = mlp([2 * d] + hidden + [2 * latent])

    def q(self, x, m):
        return self.recognition(torch.cat([x, m.expand_as(x)], 1)).chunk(2, 1)

    def p(self, c):
        return self.prior(c).chunk(2, 1)

    def generate(self, z, c):
        return self.generator(torch.cat([z, c], 1))


def condition(x, m):
    return torch.cat([x * m, m.expand_as(x)], 1)


def masked_bce(logits, x, target):
    """BCE of the logits against x over the target pixels, per image, (B,)."""
    return (F.binary_cross_entropy_with_logits(logits, x, reduction="none") * target).sum(1)


def kl_between(mu_q, lv_q, mu_p, lv_p):
    return 0.5 * (lv_p - lv_q + (lv_q.exp() + (mu_q - mu_p) ** 2) / lv_p.exp() - 1).sum(1)


def cvae_loss(model, x, m):
    c = condition(x, m)
    mu_q, lv_q = model.q(x, m)
    mu_p, lv_p = model.p(c)
    z = mu_q + (0.5 * lv_q).exp() * torch.randn_like(mu_q)
    return (masked_bce(model.generate(z, c), x, 1 - m) + kl_between(mu_q, lv_q, mu_p, lv_p)).sum()


def baseline_loss(model, x, m):
    return masked_bce(model(condition(x, m)), x, 1 - m).sum()


def train(name, model, loss_fn, train_x, m, args):
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    n = train_x.shape[0]
    for epoch in range(1, args.epochs + 1):
        model.train()
        started = time.perf_counter()
        total = 0.0
        order = torch.randperm(n)
        for i in range(0, n, args.batch_size):
            x = train_x[order[i:i + args.batch_size]]
            optimizer.zero_grad()
            loss = loss_fn(model, x, m)
            loss.backward()
            optimizer.step()
            total += loss.item()
        print(json.dumps({"event": "epoch", "model": name, "epoch": epoch,
                          "train_seconds": round(time.perf_counter() - started, 4), "train_loss": total / n}),
              flush=True)


def psnr(fill, x, target):
    mse = float((((fill - x) ** 2) * target).sum().double() / target.expand_as(x).sum().double())
    return 10 * math.log10(1 / mse), mse


def log_normal(z, mu, lv):
    return -0.5 * (((z - mu) ** 2) / lv.exp() + lv + math.log(2 * math.pi)).sum(1)


def evaluate_cvae(model, x, m, samples, generator, rows=4096):
    per = max(1, rows // samples)
    neg_elbo, nll_iw, fills = [], [], []
    target = 1 - m
    started = time.perf_counter()
    fill_seconds = 0.0
    with torch.no_grad():
        for i in range(0, x.shape[0], per):
            xb = x[i:i + per].repeat_interleave(samples, 0)
            b = xb.shape[0] // samples
            c = condition(xb, m)
            mu_p, lv_p = model.p(c)
            t_fill = time.perf_counter()
            zp = mu_p + (0.5 * lv_p).exp() * torch.randn(mu_p.shape, generator=generator)
            fills.append(torch.sigmoid(model.generate(zp, c)).reshape(b, samples, -1).mean(1))
            fill_seconds += time.perf_counter() - t_fill
            mu_q, lv_q = model.q(xb, m)
            z = mu_q + (0.5 * lv_q).exp() * torch.randn(mu_q.shape, generator=generator)
            log_miss = -masked_bce(model.generate(z, c), xb, target).double()
            log_w = (log_miss + log_normal(z, mu_p, lv_p).double() - log_normal(z, mu_q, lv_q).double())
            kl = kl_between(mu_q, lv_q, mu_p, lv_p).double()
            neg_elbo.append(-(log_miss - kl).reshape(b, samples).mean(1))
            nll_iw.append(-(torch.logsumexp(log_w.reshape(b, samples), 1) - math.log(samples)))
    fill = torch.cat(fills)
    p, mse = psnr(fill, x, target)
    return {"neg_elbo": float(torch.cat(neg_elbo).mean()), "nll_iw": float(torch.cat(nll_iw).mean()),
            "psnr": p, "mse": mse, "samples": samples, "fill_seconds_per_image": fill_seconds / x.shape[0],
            "seconds": round(time.perf_counter() - started, 4)}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quadrants", type=int, choices=(1, 2, 3), required=True)
    parser.add_argument("--models", default="baseline,cvae", help="comma-separated: baseline, cvae")
    parser.add_argument("--hidden", default="500,500")
    parser.add_argument("--latent", type=int, default=200)
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--eval-limit", type=int, default=1000)
    parser.add_argument("--samples", type=int, default=100, help="K of the CVAE's evaluation (default 100)")
    parser.add_argument("--time-steps", type=int, default=0, metavar="S")
    add_data_arguments(parser)
    args = parser.parse_args()
    try:
        hidden = [int(h) for h in args.hidden.split(",")]
    except ValueError:
        fail("--hidden %s: expected comma-separated integers" % args.hidden)
    models = [s.strip() for s in args.models.split(",")]
    if any(s not in ("baseline", "cvae") for s in models) or not models:
        fail("--models %s: expected baseline, cvae or both" % args.models)
    for name in ("latent", "epochs", "batch_size", "eval_limit", "samples"):
        if getattr(args, name) < 1:
            fail("--%s %d: expected a positive number" % (name.replace("_", "-"), getattr(args, name)))

    paths = data_paths(args)
    train_x, h, w = load_images(paths["train_images"])
    test_x, th, tw = load_images(paths["test_images"])
    if (th, tw) != (h, w):
        fail("train images are %dx%d, test images %dx%d" % (h, w, th, tw))
    d = h * w
    m = observed_mask(args.quadrants, h, w)
    print(json.dumps({"event": "start", "quadrants": args.quadrants, "models": models, "hidden": hidden,
                      "latent": args.latent, "epochs": args.epochs, "batch_size": args.batch_size, "lr": args.lr,
                      "seed": args.seed, "train_examples": train_x.shape[0], "eval_images": args.eval_limit,
                      "data": paths, "torch": torch.__version__, "python": platform.python_version(),
                      "threads": torch.get_num_threads(),
                      "omp_num_threads": os.environ.get("OMP_NUM_THREADS"),
                      "openblas_num_threads": os.environ.get("OPENBLAS_NUM_THREADS")}), flush=True)

    if args.time_steps:
        torch.manual_seed(args.seed)
        model = Cvae(d, hidden, args.latent)
        optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
        order = torch.randperm(train_x.shape[0])

        def step(k):
            start = (k * args.batch_size) % (train_x.shape[0] - args.batch_size)
            optimizer.zero_grad()
            loss = cvae_loss(model, train_x[order[start:start + args.batch_size]], m)
            loss.backward()
            optimizer.step()
            loss.item()

        for k in range(5):
            step(k)
        started = time.perf_counter()
        for k in range(args.time_steps):
            step(5 + k)
        seconds = time.perf_counter() - started
        print(json.dumps({"event": "steps", "steps": args.time_steps,
                          "ms_per_step": round(1000 * seconds / args.time_steps, 3),
                          "torch_threads": torch.get_num_threads()}), flush=True)
        return 0

    x = test_x[:args.eval_limit]
    target = 1 - m
    zero_psnr, zero_mse = psnr(torch.zeros_like(x), x, target)
    mean_psnr, mean_mse = psnr(train_x.mean(0, keepdim=True).expand_as(x), x, target)
    print(json.dumps({"event": "floors", "zero_fill_psnr": zero_psnr, "zero_fill_mse": zero_mse,
                      "mean_image_psnr": mean_psnr, "mean_image_mse": mean_mse, "images": x.shape[0]}), flush=True)
    for name in models:
        torch.manual_seed(args.seed)
        if name == "baseline":
            model = Baseline(d, hidden)
            train(name, model, baseline_loss, train_x, m, args)
            model.eval()
            with torch.no_grad():
                started = time.perf_counter()
                logits = model(condition(x, m))
                seconds = time.perf_counter() - started
                nll = float(masked_bce(logits, x, target).double().mean())
                p, mse = psnr(torch.sigmoid(logits), x, target)
            result = {"nll": nll, "psnr": p, "mse": mse, "fill_seconds_per_image": seconds / x.shape[0]}
        else:
            model = Cvae(d, hidden, args.latent)
            train(name, model, cvae_loss, train_x, m, args)
            model.eval()
            result = evaluate_cvae(model, x, m, args.samples, torch.Generator().manual_seed(args.seed))
        result.update({"event": "eval", "model": name, "images": x.shape[0],
                       "parameters": sum(p.numel() for p in model.parameters())})
        print(json.dumps(result), flush=True)
    print(json.dumps({"event": "end"}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
