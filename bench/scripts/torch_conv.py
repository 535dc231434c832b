#!/usr/bin/python3
"""PyTorch peer of `./gradiente bench conv`: times the DCGAN and CNN-classifier convolution layers.

Prints one line per layer, batch and pass, `conv layer=L batch=N pass=P ms=T gflops=G`, with the same
layers, passes and definitions as the Java command (gradiente.bench.ConvLayer): float32, no bias; `fwd`
is the forward pass (under no_grad), `fwd+bwd` the forward pass plus the gradients with respect to the
input and the weight (autograd backward of a random output gradient); t is the median of the timed
iterations after warm-up and G = 2 * multiply-adds of the pass / t / 1e9 (a backward pass costs twice
the forward's multiply-adds). With --clock cpu, t is the process's CPU time (all threads), as with the
Java command's --clock cpu. The discriminator's stride-2 "same" convolutions pad 0 on top/left and 1
on bottom/right in Java (the Keras rule); PyTorch's conv2d only pads symmetrically, so they use padding
1 here, which gives the same output size and the same multiply-adds.

Run with Debian's PyTorch: /usr/bin/python3 bench/scripts/torch_conv.py --batch 64 --iters 3 --warmup 1
"""
import argparse
import statistics
import time

import torch

import machine
import torch.nn.functional as F

# name, transposed, in channels, out channels, kernel, stride, padding, input size (of the layer itself)
LAYERS = [
    ("g.convT1", True, 128, 128, 4, 2, 1, 7),
    ("g.convT2", True, 128, 128, 4, 2, 1, 14),
    ("g.conv", False, 128, 1, 7, 1, 3, 28),
    ("d.conv1", False, 1, 64, 3, 2, 1, 28),
    ("d.conv2", False, 64, 64, 3, 2, 1, 14),
    ("c.conv1", False, 1, 64, 3, 1, 0, 28),
    ("c.conv2", False, 64, 64, 3, 1, 0, 13),
]


def macs(layer, batch):
    """Multiply-adds of one pass: N * (output positions of the conv side) * C_in * C_out * k^2."""
    name, transposed, cin, cout, k, s, p, h = layer
    if transposed:
        # the underlying convolution maps the large output back to the small input: positions h*h
        return batch * h * h * cin * cout * k * k
    ho = (h + 2 * p - k) // s + 1
    return batch * ho * ho * cin * cout * k * k


def run(layer, x, w, gy, backward):
    _, transposed, _, _, _, s, p, _ = layer
    op = F.conv_transpose2d if transposed else F.conv2d
    if not backward:
        with torch.no_grad():
            return op(x, w, stride=s, padding=p)
    y = op(x, w, stride=s, padding=p)
    y.backward(gy)
    return y


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--batch", default="64,256", help="batch size(s), comma-separated (default 64,256)")
    ap.add_argument("--layer", default=None, help="only these layers, comma-separated")
    ap.add_argument("--pass", dest="passes", default="fwd,fwd+bwd", help="fwd and/or fwd+bwd (default both)")
    ap.add_argument("--warmup", type=int, default=2, help="untimed iterations per layer and pass (default 2)")
    ap.add_argument("--iters", type=int, default=5, help="timed iterations (default 5)")
    ap.add_argument("--clock", choices=["wall", "cpu"], default="wall",
                    help="wall: elapsed time; cpu: CPU time of the process (all threads), per-core figures (default wall)")
    ap.add_argument("--threads", type=int, default=2, help="torch and OpenBLAS threads (default 2)")
    args = ap.parse_args()
    machine.set_threads(args.threads)
    print(machine.line(), flush=True)
    clock = time.process_time if args.clock == "cpu" else time.perf_counter
    chosen = [l for l in LAYERS if args.layer is None or l[0] in args.layer.split(",")]
    gen = torch.Generator().manual_seed(42)
    for batch in (int(b) for b in args.batch.split(",")):
        for layer in chosen:
            name, transposed, cin, cout, k, s, p, h = layer
            x = torch.randn(batch, cin, h, h, generator=gen).requires_grad_()
            w = torch.randn(*((cin, cout) if transposed else (cout, cin)), k, k, generator=gen).requires_grad_()
            with torch.no_grad():
                gy = torch.randn_like(run(layer, x, w, None, False))
            for pass_ in args.passes.split(","):
                backward = pass_ == "fwd+bwd"
                for _ in range(args.warmup):
                    run(layer, x, w, gy, backward)
                times = []
                for _ in range(args.iters):
                    x.grad = None
                    w.grad = None
                    t0 = clock()
                    run(layer, x, w, gy, backward)
                    times.append(clock() - t0)
                t = statistics.median(times)
                flops = 2.0 * macs(layer, batch) * (3 if backward else 1)
                print(f"conv layer={name} batch={batch} pass={pass_} ms={t * 1e3:.1f} gflops={flops / t / 1e9:.1f}",
                      flush=True)


if __name__ == "__main__":
    main()
