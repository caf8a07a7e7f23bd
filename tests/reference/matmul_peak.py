#!/usr/bin/env python3
"""Measured matmul peak of one device: the denominator of MFU in `lnctrain bench --peak-tflops` and
tests/reference/pytorch_throughput.py (outside the test suite).

Times --iters square matmuls of --size x --size in --dtype after --warmup untimed ones (CUDA synchronised around
the clock) and prints the best of --repeats as TFLOP/s (2 n^3 FLOPs per matmul). On a GPU:
  python3 tests/reference/matmul_peak.py --device cuda --dtype bf16
"""
import argparse
import time

import torch

DTYPES = {"bf16": torch.bfloat16, "fp16": torch.float16, "fp32": torch.float32}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--device", default="cuda")
    ap.add_argument("--dtype", choices=list(DTYPES), default="bf16")
    ap.add_argument("--size", type=int, default=8192)
    ap.add_argument("--iters", type=int, default=50)
    ap.add_argument("--warmup", type=int, default=10)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--threads", type=int, default=0, help="torch threads on CPU (0 = torch's default)")
    args = ap.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    device = torch.device(args.device)
    a = torch.randn(args.size, args.size, device=device, dtype=DTYPES[args.dtype])
    b = torch.randn(args.size, args.size, device=device, dtype=DTYPES[args.dtype])
    sync = torch.cuda.synchronize if device.type == "cuda" else (lambda: None)
    for _ in range(args.warmup):
        a @ b
    best = 0.0
    for _ in range(args.repeats):
        sync()
        start = time.perf_counter()
        for _ in range(args.iters):
            a @ b
        sync()
        best = max(best, 2.0 * args.size ** 3 * args.iters / (time.perf_counter() - start) / 1e12)
    name = torch.cuda.get_device_name(device) if device.type == "cuda" else "cpu"
    print(f"| device | dtype | size | TFLOP/s (best of {args.repeats}) |\n|---|---|---|---|\n"
          f"| {name} | {args.dtype} | {args.size} | {best:.3f} |")


if __name__ == "__main__":
    main()
