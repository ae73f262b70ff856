#!/usr/bin/env python3
"""Test perplexity of PyTorch word_language_model's LSTM on WikiText-2, for comparison with
`gradrepl train lstm` at the same settings.

Model (examples/word_language_model's RNNModel, untied): embedding 200 -> dropout ->
nn.LSTM(200, 200, 2 layers, dropout 0.2) -> dropout -> linear decoder; cross-entropy.
Training as main.py: batchify into 20 streams, truncated BPTT of 35 steps with the hidden
state carried and detached, clip_grad_norm_(0.25), SGD lr 20 as p.data.add_(p.grad, -lr),
learning rate divided by 4 after an epoch whose validation loss did not improve.

Data (as the gradrepl run): train on valid.txt, validate and test on test.txt; vocabulary from
the whitespace split of every line plus <eos>, over train, valid and test in that order
(main.py's Corpus). Evaluation batch size 10.

Usage: torch_wikitext_lstm.py DIR [--epochs 2] [--threads 1] [--seed 1]
Prints `RESULT name=value unit` lines.
"""
import argparse
import math
import os
import time

import torch
import torch.nn as nn


class Dictionary:
    def __init__(self):
        self.word2idx = {}
        self.idx2word = []

    def add_word(self, word):
        if word not in self.word2idx:
            self.idx2word.append(word)
            self.word2idx[word] = len(self.idx2word) - 1
        return self.word2idx[word]


def tokenize(path, dictionary, grow):
    ids = []
    with open(path, encoding="utf8") as f:
        for line in f:
            for word in line.split() + ["<eos>"]:
                if grow:
                    dictionary.add_word(word)
                ids.append(dictionary.word2idx[word])
    return torch.tensor(ids, dtype=torch.int64)


class RNNModel(nn.Module):
    def __init__(self, ntoken, ninp, nhid, nlayers, dropout):
        super().__init__()
        self.ntoken = ntoken
        self.drop = nn.Dropout(dropout)
        self.encoder = nn.Embedding(ntoken, ninp)
        self.rnn = nn.LSTM(ninp, nhid, nlayers, dropout=dropout)
        self.decoder = nn.Linear(nhid, ntoken)
        self.nhid, self.nlayers = nhid, nlayers
        nn.init.uniform_(self.encoder.weight, -0.1, 0.1)
        nn.init.zeros_(self.decoder.bias)
        nn.init.uniform_(self.decoder.weight, -0.1, 0.1)

    def forward(self, x, hidden):
        emb = self.drop(self.encoder(x))
        output, hidden = self.rnn(emb, hidden)
        return self.decoder(self.drop(output)).view(-1, self.ntoken), hidden

    def init_hidden(self, bsz):
        w = next(self.parameters())
        return (w.new_zeros(self.nlayers, bsz, self.nhid), w.new_zeros(self.nlayers, bsz, self.nhid))


def batchify(data, bsz):
    nbatch = data.size(0) // bsz
    return data[: nbatch * bsz].view(bsz, -1).t().contiguous()


def detach(h):
    return tuple(v.detach() for v in h)


def evaluate(model, data, bptt, criterion):
    model.eval()
    total, count = 0.0, 0
    hidden = model.init_hidden(data.size(1))
    with torch.no_grad():
        for i in range(0, data.size(0) - 1, bptt):
            seq_len = min(bptt, data.size(0) - 1 - i)
            x, y = data[i:i + seq_len], data[i + 1:i + 1 + seq_len].reshape(-1)
            output, hidden = model(x, hidden)
            total += criterion(output, y).item() * y.numel()
            count += y.numel()
    return total / count


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    bsz, bptt, lr, clip, eval_bsz = 20, 35, 20.0, 0.25, 10

    d = Dictionary()
    train_ids = tokenize(os.path.join(a.dir, "valid.txt"), d, True)
    valid_ids = tokenize(os.path.join(a.dir, "test.txt"), d, True)
    test_ids = tokenize(os.path.join(a.dir, "test.txt"), d, True)
    V = len(d.idx2word)
    train, valid, test = batchify(train_ids, bsz), batchify(valid_ids, eval_bsz), batchify(test_ids, eval_bsz)
    model = RNNModel(V, 200, 200, 2, 0.2)
    criterion = nn.CrossEntropyLoss()
    print(f"INFO torch={torch.__version__} V={V} train_tokens={train_ids.numel()} "
          f"params={sum(p.numel() for p in model.parameters())}", flush=True)

    best = None
    tokens, seconds = 0, 0.0
    for epoch in range(1, a.epochs + 1):
        model.train()
        hidden = model.init_hidden(bsz)
        start = time.perf_counter()
        loss_sum, loss_count = 0.0, 0
        for i in range(0, train.size(0) - 1, bptt):
            seq_len = min(bptt, train.size(0) - 1 - i)
            x, y = train[i:i + seq_len], train[i + 1:i + 1 + seq_len].reshape(-1)
            hidden = detach(hidden)
            model.zero_grad()
            output, hidden = model(x, hidden)
            loss = criterion(output, y)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), clip)
            for p in model.parameters():
                p.data.add_(p.grad, alpha=-lr)
            loss_sum += loss.item() * y.numel()
            loss_count += y.numel()
        seconds += time.perf_counter() - start
        tokens += loss_count
        val = evaluate(model, valid, bptt, criterion)
        print(f"INFO epoch {epoch} train_ppl={math.exp(loss_sum / loss_count):.2f} "
              f"valid_ppl={math.exp(val):.2f} lr={lr:g}", flush=True)
        if best is None or val < best:
            best = val
        else:
            lr /= 4.0
    test_loss = evaluate(model, test, bptt, criterion)
    print(f"RESULT torch_wikitext_lstm_test_ppl={math.exp(test_loss):.2f} ppl")
    print(f"RESULT torch_wikitext_lstm_train_tok_per_s={tokens / seconds:.1f} tok/s", flush=True)


if __name__ == "__main__":
    main()
