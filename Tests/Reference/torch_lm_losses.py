#!/usr/bin/env python3
"""First 50 training losses of small NPLM, RNN, LSTM and GRU language models in PyTorch.

gradrepl's GradModelsTests load the initial weights, the batches and these losses from the
files written here, train the same models for 50 steps, and compare the losses.

Each run is written twice: in float64 (OUTDIR/<model>.npz), so that the comparison tests the
equations rather than rounding, and in float32 (OUTDIR/<model>_float32.npz), the precision
training uses. Dropout is off (the two sides draw different masks). Weights are written under gradrepl's names:

  NPLM:      C, H, d, U, W, b            (U and W without bias; b separate, as in Bengio 2003)
  recurrent: C, layers.k.W_xh (= weight_ih_lk), layers.k.W_hh (= weight_hh_lk),
             layers.k.b_xh (= bias_ih_lk), layers.k.b_hh (= bias_hh_lk), W_yh, b_y

Usage: torch_lm_losses.py OUTDIR     writes OUTDIR/{nplm,rnn,lstm,gru}{,_float32}.npz
"""
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
V, E, H, LAYERS, CTX, STEPS = 40, 8, 12, 2, 3, 50
NPLM_BATCH, RNN_BATCH, BPTT = 16, 4, 10


class NPLM(nn.Module):
    def __init__(self):
        super().__init__()
        self.C = nn.Embedding(V, E)
        self.H = nn.Linear(CTX * E, H)  # bias = d
        self.U = nn.Linear(H, V, bias=False)
        self.W = nn.Linear(CTX * E, V, bias=False)
        self.b = nn.Parameter(torch.randn(V) * 0.1)

    def forward(self, ctx):
        x = self.C(ctx).flatten(1)
        return self.b + self.W(x) + self.U(torch.tanh(self.H(x)))

    def export(self):
        return {"C": self.C.weight, "H": self.H.weight, "d": self.H.bias, "U": self.U.weight,
                "W": self.W.weight, "b": self.b}


class RNNModel(nn.Module):
    def __init__(self, kind, nonlinearity="tanh"):
        super().__init__()
        self.kind = kind
        self.encoder = nn.Embedding(V, E)
        if kind == "lstm":
            self.rnn = nn.LSTM(E, H, LAYERS)
        elif kind == "gru":
            self.rnn = nn.GRU(E, H, LAYERS)
        else:
            self.rnn = nn.RNN(E, H, LAYERS, nonlinearity=nonlinearity)
        self.decoder = nn.Linear(H, V)

    def forward(self, x, hidden):
        out, hidden = self.rnn(self.encoder(x), hidden)
        return self.decoder(out).view(-1, V), hidden

    def init_hidden(self, bsz):
        z = torch.zeros(LAYERS, bsz, H)
        return (z, z.clone()) if self.kind == "lstm" else z

    def export(self):
        out = {"C": self.encoder.weight, "W_yh": self.decoder.weight, "b_y": self.decoder.bias}
        for k in range(LAYERS):
            p = lambda n: getattr(self.rnn, f"{n}_l{k}")
            out[f"layers.{k}.W_xh"] = p("weight_ih")
            out[f"layers.{k}.W_hh"] = p("weight_hh")
            out[f"layers.{k}.b_xh"] = p("bias_ih")
            out[f"layers.{k}.b_hh"] = p("bias_hh")
        return out


def detach(h):
    return tuple(v.detach() for v in h) if isinstance(h, tuple) else h.detach()


def arrays(model):
    return {"weight/" + k: v.detach().numpy().copy() for k, v in model.export().items()}


def sgd_step(model, lr, clip):
    norm = torch.nn.utils.clip_grad_norm_(model.parameters(), clip)
    for p in model.parameters():
        p.data.add_(p.grad, alpha=-lr)
    return norm


def run_nplm(g):
    model = NPLM()
    saved = arrays(model)
    stream = torch.randint(0, V, (3000,), generator=g)
    starts = torch.randint(CTX, len(stream), (STEPS, NPLM_BATCH), generator=g)
    contexts = torch.stack([torch.stack([stream[s - CTX:s] for s in row]) for row in starts])
    targets = stream[starts]
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    losses = []
    for k in range(STEPS):
        opt.zero_grad()
        loss = F.cross_entropy(model(contexts[k]), targets[k])
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return dict(saved, contexts=contexts.numpy(), targets=targets.numpy(),
                losses=np.array(losses), optimizer=np.array([1.0, 0.01, 0.0]))


def run_recurrent(kind, g, optimizer, lr, clip):
    model = RNNModel(kind)
    saved = arrays(model)
    stream = torch.randint(0, V, (RNN_BATCH * (BPTT * STEPS + 1),), generator=g)
    nbatch = stream.size(0) // RNN_BATCH
    data = stream[: nbatch * RNN_BATCH].view(RNN_BATCH, -1).t().contiguous()  # batchify
    hidden = model.init_hidden(RNN_BATCH)
    opt = torch.optim.Adam(model.parameters(), lr=lr) if optimizer == "adam" else None
    losses, norms = [], []
    for k in range(STEPS):
        i = k * BPTT
        seq_len = min(BPTT, len(data) - 1 - i)
        x, y = data[i:i + seq_len], data[i + 1:i + 1 + seq_len].reshape(-1)
        model.zero_grad()
        hidden = detach(hidden)
        out, hidden = model(x, hidden)
        loss = F.cross_entropy(out, y)
        loss.backward()
        if opt is None:
            norms.append(sgd_step(model, lr, clip).item())
        else:
            norms.append(torch.nn.utils.clip_grad_norm_(model.parameters(), clip).item())
            opt.step()
        losses.append(loss.item())
    code = 1.0 if optimizer == "adam" else 0.0
    return dict(saved, stream=stream.numpy(), losses=np.array(losses), norms=np.array(norms),
                optimizer=np.array([code, lr, clip]))


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    os.makedirs(out, exist_ok=True)
    for dtype, suffix in [(torch.float64, ""), (torch.float32, "_float32")]:
        torch.set_default_dtype(dtype)
        torch.manual_seed(20)
        g = torch.Generator().manual_seed(21)
        path = lambda name: os.path.join(out, name + suffix + ".npz")
        np.savez(path("nplm"), **run_nplm(g))
        np.savez(path("rnn"), **run_recurrent("rnn", g, "sgd", 0.5, 0.25))
        np.savez(path("lstm"), **run_recurrent("lstm", g, "sgd", 1.0, 0.25))
        np.savez(path("gru"), **run_recurrent("gru", g, "adam", 0.01, 0.5))
    print("wrote", out)


if __name__ == "__main__":
    main()
