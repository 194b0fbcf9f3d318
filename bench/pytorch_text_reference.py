#!/usr/bin/python3
"""PyTorch statement of vae4j's sentence VAE and its language-model baseline (written for vae4j's benchmark; a
measuring instrument only, not part of vae4j). The model is the sentence VAE of Bowman et al. 2016 ("Generating
Sentences from a Continuous Space") as the well-known "Sentence-VAE" PyTorch implementation builds it, restated in
plain torch with the structure vae4j's sequence families build, so that the two can be timed and scored side by
side on the same token ids.

Data: --train, --valid and --test are .npy files written by vae4j's tokenizer, each a 2-D float32 or int32 array
(N, W): one sentence per row, its token ids, then the end token <eos> (id 3), then padding (id 0) up to W. Id 1 is
<unk>, id 2 <bos> (never in the rows); --vocab-size V is the number of ids. Both sides read identical ids.

  vae        encoder  its own Embedding(V, E) -> 1-layer batch-first GRU(E, H) -> the output at each row's <eos>
                      (position = number of nonzero ids - 1) -> Linear(H, 2 Z): mu (first Z), log-variance (last Z)
             z        mu + exp(logvar / 2) * eps, eps ~ N(0, I)
             decoder  its own Embedding(V, E); input <bos> then the row without its last column (length W);
                      h0 = Linear(Z, H)(z); 1-layer batch-first GRU(E, H) -> Linear(H, V) logits at every position
  lm         the same decoder without z: no encoder, h0 = 0
  defaults   E = 300 (--embedding), H = 256 (--hidden), Z = 16 (--latent)
  loss       per sentence: recon = cross-entropy summed over the positions whose target id is not 0 (<eos> scored,
             padding never); KL = -1/2 sum(1 + logvar - mu^2 - exp(logvar)); the gradient's loss is
             sum over the batch of (recon + w KL) (a sum, as vae4j's), lm: recon only
  KL weight  w from --kl-warmup W epochs and --kl-anneal at the progress p = (epoch - 1) + step / steps_per_epoch
             (step from 1): linear min(1, p / W); logistic 1 / (1 + exp(-10 (p / W - 1/2))) until p >= W, then 1;
             cyclical tau = (p mod W) / W (tau = 1 when tau = 0 and p > 0), w = min(1, 2 tau); W = 0: w = 1
  word drop  --word-dropout P, training only: each decoder input id >= 4 becomes <unk> (1) with probability P;
             the targets stay
  init       PyTorch's defaults (Embedding N(0, 1), GRU and Linear uniform); torch.manual_seed(--seed)
  optimiser  Adam, lr 1e-3 (--lr), default betas and eps; batch 32 (--batch-size); --epochs (default 3); the data
             loaded once into tensors, shuffled each epoch by torch.randperm with a torch.Generator seeded --seed

Reported losses, as vae4j reports them, use the full KL weight (w = 1) whatever the annealing: train_loss is the
mean per training sentence over the epoch of recon + KL (lm: recon), valid_loss the same on --valid after the
epoch (eval mode, no word dropout, one z draw from a generator reseeded with --seed at every validation).

Evaluation on --test, in eval mode (no word dropout), batch by batch, sums in float64, the noise from a
torch.Generator seeded --seed:
  recon, kl      means per sentence at one z ~ q(z | x) (lm: kl 0)
  nll            vae: -[logsumexp_k (log p(x | z_k) + log N(z_k; 0, I) - log q(z_k | x)) - log K], z_k ~ q(z | x),
                 K = --iw-samples (default 100), mean per sentence; lm: recon exactly. The K draws are decoded a few
                 at a time (as many as keep one chunk's logits under about 2^24 floats), never all at once
  perplexity     exp(sum of the sentences' nll / the number of scored tokens, <eos> included)
  active_units   latent dimensions whose variance over the test sentences of mu exceeds 0.01 (Burda et al. 2015;
                 the population variance, as vae4j's); lm: null
  token_accuracy greedy reconstruction under teacher forcing: the share of scored positions where the argmax of
                 the logits at z = mu (lm: h0 = 0) is the target

Output: one JSON object per line on stdout: first {"kind": "setting", "threads": ..., "interop": ..., "omp": ...,
"openblas": ..., "torch": ..., ...} (torch's thread settings, the environment's OMP_NUM_THREADS and
OPENBLAS_NUM_THREADS, then the run's configuration); after each epoch {"kind": "epoch", "epoch": e, "seconds": s,
"train_loss": ..., "valid_loss": ...} where seconds is the wall time of that epoch's training pass only (not the
validation); at the end {"kind": "test", "nll": ..., "recon": ..., "kl": ..., "perplexity": ..., "active_units": ...,
"token_accuracy": ..., "test_seconds": ..., ...}. Nats per sentence. Errors (a missing file, a wrong shape, ids
outside [0, V)) exit with code 2 and one line on stderr naming the file.

Run (thread settings such as OMP_NUM_THREADS must be in the environment before torch loads):

  OMP_NUM_THREADS=4 /usr/bin/python3 bench/pytorch_text_reference.py --model vae \\
      --train T.npy --valid V.npy --test S.npy --vocab-size 10000 [--kl-warmup 2 --kl-anneal logistic] \\
      [--word-dropout 0.25]
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

PAD, UNK, BOS, EOS = 0, 1, 2, 3
FIRST_WORD = 4
LOGIT_BUDGET = 1 << 24  # floats of logits one importance-sampling chunk may hold
LOG_2PI = math.log(2 * math.pi)


def fail(message):
    """One line on stderr, prefixed with the script's name, and exit code 2."""
    print(os.path.basename(sys.argv[0]) + ": " + message, file=sys.stderr, flush=True)
    sys.exit(2)


def emit(obj):
    print(json.dumps(obj), flush=True)


def load_rows(path, flag, vocab):
    """The (N, W) id rows of a .npy file as a long tensor, checked: 2-D, whole ids in [0, V), a nonzero id per row."""
    if not os.path.isfile(path):
        fail("%s: no such file (%s)" % (path, flag))
    try:
        a = np.load(path, allow_pickle=False)
    except Exception as e:  # numpy raises ValueError, OSError, EOFError... for a file that is not .npy
        fail("%s: not a readable .npy file (%s): %s" % (path, flag, str(e).splitlines()[0] if str(e) else e))
    if a.ndim != 2 or a.shape[0] < 1 or a.shape[1] < 1:
        fail("%s: shape %s, expected a 2-D array (N, W) with N, W >= 1 (%s)" % (path, a.shape, flag))
    if a.dtype.kind == "f":
        if not np.all(np.isfinite(a)) or not np.all(a == np.round(a)):
            fail("%s: float ids that are not whole numbers (%s)" % (path, flag))
    elif a.dtype.kind not in "iu":
        fail("%s: dtype %s, expected float32 or int32 ids (%s)" % (path, a.dtype, flag))
    ids = a.astype(np.int64)
    low, high = int(ids.min()), int(ids.max())
    if low < 0 or high >= vocab:
        fail("%s: ids from %d to %d, expected 0 to %d (--vocab-size %d) (%s)" % (path, low, high, vocab - 1, vocab,
                                                                                  flag))
    empty = np.flatnonzero((ids != PAD).sum(1) == 0)
    if empty.size:
        fail("%s: row %d has no token (not even <eos>) (%s)" % (path, int(empty[0]), flag))
    return torch.from_numpy(ids)


class SentenceModel(nn.Module):
    """The VAE (latent > 0) or the language model (latent == 0: no encoder, h0 = 0)."""

    def __init__(self, vocab, embedding, hidden, latent):
        super().__init__()
        self.latent = latent
        self.hidden = hidden
        if latent:
            self.enc_embedding = nn.Embedding(vocab, embedding)
            self.enc_gru = nn.GRU(embedding, hidden, num_layers=1, batch_first=True)
            self.enc_out = nn.Linear(hidden, 2 * latent)
            self.dec_init = nn.Linear(latent, hidden)
        self.dec_embedding = nn.Embedding(vocab, embedding)
        self.dec_gru = nn.GRU(embedding, hidden, num_layers=1, batch_first=True)
        self.dec_out = nn.Linear(hidden, vocab)

    def encode(self, x):
        """mu and log-variance, each (B, Z), from the GRU output at each row's last nonzero position."""
        out, _ = self.enc_gru(self.enc_embedding(x))
        last = (x != PAD).sum(1) - 1
        h = out[torch.arange(x.shape[0]), last]
        return self.enc_out(h).chunk(2, 1)

    def decode(self, inputs, z):
        """Logits (B, W, V) of the decoder inputs, h0 from z (B, Z) or zeros for the lm (z None)."""
        if z is None:
            h0 = torch.zeros(1, inputs.shape[0], self.hidden)
        else:
            h0 = self.dec_init(z).unsqueeze(0)
        out, _ = self.dec_gru(self.dec_embedding(inputs), h0)
        return self.dec_out(out)


def decoder_inputs(x, word_dropout=0.0):
    """<bos> then x without its last column; in training, ids >= 4 become <unk> with probability word_dropout."""
    inputs = torch.cat([torch.full((x.shape[0], 1), BOS, dtype=x.dtype), x[:, :-1]], 1)
    if word_dropout > 0:
        drop = (torch.rand(inputs.shape) < word_dropout) & (inputs >= FIRST_WORD)
        inputs = inputs.masked_fill(drop, UNK)
    return inputs


def reconstruction(logits, x):
    """Cross-entropy summed over each row's nonzero targets, (B,)."""
    v = logits.shape[-1]
    ce = F.cross_entropy(logits.reshape(-1, v), x.reshape(-1), reduction="none", ignore_index=PAD)
    return ce.reshape(x.shape).sum(1)


def kl_standard(mu, lv):
    return -0.5 * (1 + lv - mu ** 2 - lv.exp()).sum(1)


def terms(model, x, word_dropout=0.0, generator=None):
    """recon (B,) and KL (B,) at one reparameterised z (KL zeros for the lm)."""
    inputs = decoder_inputs(x, word_dropout)
    if not model.latent:
        return reconstruction(model.decode(inputs, None), x), torch.zeros(x.shape[0])
    mu, lv = model.encode(x)
    z = mu + (0.5 * lv).exp() * torch.randn(mu.shape, generator=generator)
    return reconstruction(model.decode(inputs, z), x), kl_standard(mu, lv)


def kl_weight(epoch, step, steps, warmup, anneal):
    """vae4j's TrainConfig.klWeightAt."""
    if warmup == 0:
        return 1.0
    p = (epoch - 1) + step / steps
    if anneal == "logistic":
        return 1.0 if p >= warmup else 1 / (1 + math.exp(-10 * (p / warmup - 0.5)))
    if anneal == "cyclical":
        tau = (p % warmup) / warmup
        if tau == 0 and p > 0:
            tau = 1.0
        return min(1.0, tau / 0.5)
    return min(1.0, p / warmup)


def mean_loss(model, data, batch_size, seed):
    """Mean per sentence of recon + KL (w = 1), eval mode, one z draw from a generator seeded with seed."""
    model.eval()
    generator = torch.Generator().manual_seed(seed)
    total = 0.0
    with torch.no_grad():
        for i in range(0, data.shape[0], batch_size):
            recon, kl = terms(model, data[i:i + batch_size], generator=generator)
            total += float((recon.double() + kl.double()).sum())
    return total / data.shape[0]


def evaluate(model, data, batch_size, samples, seed):
    model.eval()
    generator = torch.Generator().manual_seed(seed)
    n, w = data.shape
    v = model.dec_out.out_features
    recon_sum = kl_sum = nll_sum = 0.0
    tokens = correct = 0
    mus = []
    with torch.no_grad():
        for i in range(0, n, batch_size):
            x = data[i:i + batch_size]
            b = x.shape[0]
            inputs = decoder_inputs(x)
            scored = x != PAD
            tokens += int(scored.sum())
            if not model.latent:
                logits = model.decode(inputs, None)
                recon = reconstruction(logits, x).double()
                recon_sum += float(recon.sum())
                nll_sum += float(recon.sum())
                correct += int(((logits.argmax(-1) == x) & scored).sum())
                continue
            mu, lv = model.encode(x)
            mus.append(mu.double())
            std = (0.5 * lv).exp()
            # the ELBO's terms at one draw
            z = mu + std * torch.randn(mu.shape, generator=generator)
            recon_sum += float(reconstruction(model.decode(inputs, z), x).double().sum())
            kl_sum += float(kl_standard(mu, lv).double().sum())
            # greedy reconstruction under teacher forcing at z = mu
            correct += int(((model.decode(inputs, mu).argmax(-1) == x) & scored).sum())
            # importance-weighted log-likelihood, a chunk of draws at a time
            chunk = max(1, min(samples, LOGIT_BUDGET // max(1, b * w * v)))
            log_w = []
            for k0 in range(0, samples, chunk):
                c = min(chunk, samples - k0)
                eps = torch.randn((c, b, mu.shape[1]), generator=generator)
                zk = mu + std * eps  # (c, B, Z)
                logits = model.decode(inputs.repeat(c, 1), zk.reshape(c * b, -1))
                log_px = -reconstruction(logits, x.repeat(c, 1)).reshape(c, b).double()
                log_prior = -0.5 * (zk.double() ** 2 + LOG_2PI).sum(2)
                log_q = -0.5 * (eps.double() ** 2 + lv.double() + LOG_2PI).sum(2)
                log_w.append(log_px + log_prior - log_q)
            log_px_iw = torch.logsumexp(torch.cat(log_w, 0), 0) - math.log(samples)
            nll_sum += float(-log_px_iw.sum())
    active = None
    if model.latent:
        mu_all = torch.cat(mus, 0)
        variance = (mu_all ** 2).mean(0) - mu_all.mean(0) ** 2
        active = int((variance.clamp(min=0) > 0.01).sum())
    return {"nll": nll_sum / n, "recon": recon_sum / n, "kl": kl_sum / n,
            "perplexity": math.exp(nll_sum / tokens), "active_units": active,
            "token_accuracy": correct / tokens, "sentences": n, "tokens": tokens,
            "iw_samples": samples if model.latent else 0}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", choices=("vae", "lm"), default="vae")
    parser.add_argument("--train", required=True, metavar="FILE", help=".npy (N, W) id rows")
    parser.add_argument("--valid", required=True, metavar="FILE", help=".npy (N, W) id rows")
    parser.add_argument("--test", required=True, metavar="FILE", help=".npy (N, W) id rows")
    parser.add_argument("--vocab-size", type=int, required=True, metavar="V")
    parser.add_argument("--embedding", type=int, default=300)
    parser.add_argument("--hidden", type=int, default=256)
    parser.add_argument("--latent", type=int, default=16)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--word-dropout", type=float, default=0.0, metavar="P")
    parser.add_argument("--kl-warmup", type=int, default=0, metavar="EPOCHS")
    parser.add_argument("--kl-anneal", choices=("linear", "logistic", "cyclical"), default="linear")
    parser.add_argument("--iw-samples", type=int, default=100, metavar="K")
    args = parser.parse_args()
    for name in ("vocab_size", "embedding", "hidden", "latent", "epochs", "batch_size", "iw_samples"):
        if getattr(args, name) < 1:
            fail("--%s %d: expected a positive number" % (name.replace("_", "-"), getattr(args, name)))
    if args.vocab_size <= EOS:
        fail("--vocab-size %d: expected more than the 4 special ids" % args.vocab_size)
    if args.kl_warmup < 0:
        fail("--kl-warmup %d: expected 0 or more epochs" % args.kl_warmup)
    if not 0 <= args.word_dropout < 1:
        fail("--word-dropout %g: expected a probability in [0, 1)" % args.word_dropout)

    train_x = load_rows(args.train, "--train", args.vocab_size)
    valid_x = load_rows(args.valid, "--valid", args.vocab_size)
    test_x = load_rows(args.test, "--test", args.vocab_size)

    emit({"kind": "setting", "threads": torch.get_num_threads(), "interop": torch.get_num_interop_threads(),
          "omp": os.environ.get("OMP_NUM_THREADS"), "openblas": os.environ.get("OPENBLAS_NUM_THREADS"),
          "torch": torch.__version__, "python": platform.python_version(), "model": args.model,
          "vocab_size": args.vocab_size, "embedding": args.embedding, "hidden": args.hidden,
          "latent": args.latent if args.model == "vae" else 0, "epochs": args.epochs,
          "batch_size": args.batch_size, "lr": args.lr, "seed": args.seed, "word_dropout": args.word_dropout,
          "kl_warmup": args.kl_warmup, "kl_anneal": args.kl_anneal, "iw_samples": args.iw_samples,
          "train_rows": train_x.shape[0], "valid_rows": valid_x.shape[0], "test_rows": test_x.shape[0],
          "width": train_x.shape[1]})

    torch.manual_seed(args.seed)
    model = SentenceModel(args.vocab_size, args.embedding, args.hidden,
                          args.latent if args.model == "vae" else 0)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    shuffle = torch.Generator().manual_seed(args.seed)
    n = train_x.shape[0]
    steps = (n + args.batch_size - 1) // args.batch_size
    for epoch in range(1, args.epochs + 1):
        model.train()
        started = time.perf_counter()
        total = 0.0
        order = torch.randperm(n, generator=shuffle)
        for step in range(1, steps + 1):
            x = train_x[order[(step - 1) * args.batch_size:step * args.batch_size]]
            weight = kl_weight(epoch, step, steps, args.kl_warmup, args.kl_anneal)
            optimizer.zero_grad()
            recon, kl = terms(model, x, args.word_dropout)
            loss = recon.sum() + weight * kl.sum() if model.latent else recon.sum()
            loss.backward()
            optimizer.step()
            total += float(recon.detach().double().sum() + kl.detach().double().sum())
        seconds = time.perf_counter() - started
        valid_loss = mean_loss(model, valid_x, args.batch_size, args.seed)
        emit({"kind": "epoch", "epoch": epoch, "seconds": round(seconds, 4), "train_loss": total / n,
              "valid_loss": valid_loss})

    started = time.perf_counter()
    result = evaluate(model, test_x, args.batch_size, args.iw_samples, args.seed)
    out = {"kind": "test"}
    out.update(result)
    out["test_seconds"] = round(time.perf_counter() - started, 4)
    out["parameters"] = sum(p.numel() for p in model.parameters())
    emit(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
