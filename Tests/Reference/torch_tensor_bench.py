#!/usr/bin/env python3
"""PyTorch side of `gradbench tensor --reference`: the same workloads as
Sources/gradbench/TensorBench.swift, one thread, printing RESULT lines with the same keys
prefixed by `torch_`.

    $BENCH_VENV/bin/python Tests/Reference/torch_tensor_bench.py [--seconds 0.3]

Workloads
  matmul    float32 C = A @ B, n = 256, 512, 1024 (2 n^3 flops): GFLOP/s
  ops       add, mul, tanh, sum on a 1-element and a 64x64 float32 tensor, forward only
            (no grad) and forward + backward (input requires grad, y.backward(ones)): us/op
  ce        cross_entropy forward + backward, logits (128, 10000) requiring grad: us
  mlp       one training step of a 784-256-256-10 tanh MLP on a batch of 64, cross-entropy,
            Adam(lr=1e-3): zero_grad, forward, backward, step: us/step
Each figure is the median over 5 windows of repeated calls.
"""
import argparse
import statistics
import time

import torch


def per_call(fn, seconds, windows=5):
    for _ in range(3):
        fn()
    # Calibrate the number of calls per window.
    n = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(n):
            fn()
        dt = time.perf_counter() - t0
        if dt >= seconds / windows / 4 or n >= 1 << 22:
            break
        n *= 2
    calls = max(1, int(n * (seconds / windows) / max(dt, 1e-9)))
    times = []
    for _ in range(windows):
        t0 = time.perf_counter()
        for _ in range(calls):
            fn()
        times.append((time.perf_counter() - t0) / calls)
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=0.3)
    a = ap.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(0)
    print(f"INFO torch={torch.__version__} threads={torch.get_num_threads()}")

    for n in (256, 512, 1024):
        A = torch.randn(n, n)
        B = torch.randn(n, n)
        t = per_call(lambda: A @ B, a.seconds)
        print(f"RESULT torch_matmul_n{n}={2 * n ** 3 / t / 1e9:.1f} GFLOP/s")

    ops = {
        "add": lambda x: x + x,
        "mul": lambda x: x * x,
        "tanh": lambda x: x.tanh(),
        "sum": lambda x: x.sum(),
    }
    for size_name, shape in (("1", (1,)), ("64x64", (64, 64))):
        for name, op in ops.items():
            x = torch.randn(*shape)
            with torch.no_grad():
                t = per_call(lambda: op(x), a.seconds)
            print(f"RESULT torch_op_{name}_{size_name}_fwd={t * 1e6:.3f} us")
            xg = torch.randn(*shape, requires_grad=True)
            g = torch.ones_like(op(xg))

            def step():
                op(xg).backward(g)

            t = per_call(step, a.seconds)
            print(f"RESULT torch_op_{name}_{size_name}_fwdbwd={t * 1e6:.3f} us")

    logits = torch.randn(128, 10000, requires_grad=True)
    targets = torch.randint(0, 10000, (128,))

    def ce_step():
        logits.grad = None
        torch.nn.functional.cross_entropy(logits, targets).backward()

    t = per_call(ce_step, a.seconds)
    print(f"RESULT torch_ce_b128_v10000_fwdbwd={t * 1e6:.1f} us")

    model = torch.nn.Sequential(
        torch.nn.Linear(784, 256), torch.nn.Tanh(),
        torch.nn.Linear(256, 256), torch.nn.Tanh(),
        torch.nn.Linear(256, 10))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    x = torch.randn(64, 784)
    y = torch.randint(0, 10, (64,))

    def train_step():
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(x), y)
        loss.backward()
        opt.step()

    t = per_call(train_step, max(a.seconds, 1.0))
    print(f"RESULT torch_mlp_step={t * 1e6:.1f} us")


if __name__ == "__main__":
    main()
