#!/usr/bin/python3
"""PyTorch peer of `./gradiente bench gemm`: times torch.mm on square float32 matrices.

Prints one line per size, `gemm n=N gflops=G ms=T backend=torch dtype=float32 threads=P`, where G is
2 N^3 / t / 1e9 and t the median of the timed iterations after warm-up (the same definition as the
Java command). Run with Debian's PyTorch: /usr/bin/python3 bench/scripts/torch_gemm.py --size 1024
"""
import argparse
import statistics
import time

import torch

import machine


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", default="1024", help="matrix size(s), comma-separated (default 1024)")
    ap.add_argument("--warmup", type=int, default=3, help="untimed iterations first (default 3)")
    ap.add_argument("--iters", type=int, default=10, help="timed iterations (default 10)")
    ap.add_argument("--threads", type=int, default=2, help="torch and OpenBLAS threads (default 2)")
    ap.add_argument("--dtype", choices=["float32", "float64"], default="float32")
    args = ap.parse_args()
    machine.set_threads(args.threads)
    print(machine.line(), flush=True)
    dtype = getattr(torch, args.dtype)
    gen = torch.Generator().manual_seed(42)
    for n in (int(s) for s in args.size.split(",")):
        a = torch.rand(n, n, generator=gen, dtype=dtype)
        b = torch.rand(n, n, generator=gen, dtype=dtype)
        c = torch.empty(n, n, dtype=dtype)
        for _ in range(args.warmup):
            torch.mm(a, b, out=c)
        times = []
        for _ in range(args.iters):
            t0 = time.perf_counter()
            torch.mm(a, b, out=c)
            times.append(time.perf_counter() - t0)
        t = statistics.median(times)
        print(f"gemm n={n} gflops={2.0 * n ** 3 / t / 1e9:.1f} ms={t * 1e3:.3f} backend=torch "
              f"dtype={args.dtype} threads={torch.get_num_threads()}", flush=True)


if __name__ == "__main__":
    main()
