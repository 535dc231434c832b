#!/usr/bin/python3
"""PyTorch 1.13 replica of `./gradiente train dcgan` (thesis 4.2), for seconds per update and for how the
recipe trains outside gradiente.

The same nets, initialisation and training step as DcganNets and Gan.step:
  G: z (100) -> Linear 6272 -> LeakyReLU(0.2) -> view [128, 7, 7] -> ConvTranspose 128 k4 s2 p1 -> LeakyReLU
     -> ConvTranspose 128 k4 s2 p1 -> LeakyReLU -> Conv 1 k7 'same' -> sigmoid          (1,164,289 parameters)
  D: Conv 64 k3 s2 'same' (TensorFlow's: the extra pixel bottom/right) -> LeakyReLU(0.2) -> Dropout(0.4), twice,
     -> Flatten -> Linear 1 -> sigmoid
  Keras' defaults: Glorot-uniform weights, zero biases. Adam lr 2e-4, betas (0.5, 0.999).
  One update: D on 128 real + 128 generated images (BCE mean), then G on 256 generated images through D,
  labelled real (non-saturating loss), D's dropout active in both.
Options: --batchnorm adds BatchNorm2d as `train dcgan --batchnorm` does (after G's reshape and each transposed
convolution, after D's second convolution); --eps-hat uses TensorFlow/Keras' Adam form (eps 1e-7 added to the
uncorrected root) instead of PyTorch's.

Prints losses and mean D(x), D(G(z)) every 5 updates and the mean seconds per update; writes a 10x10 grid of
fixed-noise samples every --every updates. Usage:
  /usr/bin/python3 bench/scripts/torch_dcgan.py [--steps 200] [--every 50] [--out runs/torch-dcgan]
      [--threads 2] [--seed 1] [--batchnorm] [--data ~/.cache/gradiente/mnist]

--bench is the peer of `./gradiente bench dcgan`: no data, no grids; for each --variant (thesis, batchnorm)
--warmup untimed updates, then --iters timed ones on synthetic real images uniform in [0, 1], printing the
machine line (machine.py) and `dcgan variant=V batch=B s_per_update=T gflops=G heap_mb=M` with T the median,
G = 129.57 GFLOP (gradiente.bench.DcganFlops at batch 256, scaled linearly with the batch) / T, and M the
process's peak resident set (ru_maxrss: Python and torch's allocator, not a per-update figure); --clock cpu
times the process's CPU time instead (all threads), as `bench dcgan --clock cpu` does:
  /usr/bin/python3 bench/scripts/torch_dcgan.py --bench [--variant thesis,batchnorm] [--batch 256] [--iters 5] [--clock cpu]
"""
import argparse
import os
import struct
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def read_images(folder):
    with open(os.path.join(folder, "train-images-idx3-ubyte"), "rb") as f:
        b = f.read()
    n, r, c = struct.unpack(">III", b[4:16])
    return torch.from_numpy(np.frombuffer(b, np.uint8, offset=16).reshape(n, 1, r, c).astype(np.float32) / 255)


class SameConv(nn.Module):
    """Conv2d with TensorFlow's 'same' padding: total max((ceil(n/s)-1)s + k - n, 0), the extra pixel after."""

    def __init__(self, cin, cout, k, stride):
        super().__init__()
        self.conv, self.k, self.s = nn.Conv2d(cin, cout, k, stride), k, stride

    def pad(self, n):
        out = -(-n // self.s)
        total = max((out - 1) * self.s + self.k - n, 0)
        return total // 2, total - total // 2

    def forward(self, x):
        t, b = self.pad(x.shape[2])
        l, r = self.pad(x.shape[3])
        return self.conv(F.pad(x, (l, r, t, b)))


class View(nn.Module):
    def forward(self, x):
        return x.view(-1, 128, 7, 7)


def nets(bn):
    g = [nn.Linear(100, 6272), View()] + ([nn.BatchNorm2d(128)] if bn else []) + [nn.LeakyReLU(0.2)]
    for _ in range(2):
        g += [nn.ConvTranspose2d(128, 128, 4, 2, 1)] + ([nn.BatchNorm2d(128)] if bn else []) + [nn.LeakyReLU(0.2)]
    g += [SameConv(128, 1, 7, 1), nn.Sigmoid()]
    d = [SameConv(1, 64, 3, 2), nn.LeakyReLU(0.2), nn.Dropout(0.4), SameConv(64, 64, 3, 2)]
    d += ([nn.BatchNorm2d(64)] if bn else []) + [nn.LeakyReLU(0.2), nn.Dropout(0.4), nn.Flatten(), nn.Linear(3136, 1),
                                                 nn.Sigmoid()]
    G, D = nn.Sequential(*g), nn.Sequential(*d)
    for m in list(G.modules()) + list(D.modules()):
        if isinstance(m, (nn.Linear, nn.Conv2d, nn.ConvTranspose2d)):
            nn.init.xavier_uniform_(m.weight)
            nn.init.zeros_(m.bias)
    return G, D


class EpsHatAdam(torch.optim.Optimizer):
    """Kingma and Ba's 'epsilon-hat' form of Adam (TensorFlow/Keras): lr_t = lr sqrt(1-b2^t)/(1-b1^t),
    theta -= lr_t m / (sqrt(v) + eps)."""

    def __init__(self, params, lr, betas, eps=1e-7):
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps))

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            b1, b2 = group["betas"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                st = self.state[p]
                if not st:
                    st["t"], st["m"], st["v"] = 0, torch.zeros_like(p), torch.zeros_like(p)
                st["t"] += 1
                st["m"].mul_(b1).add_(p.grad, alpha=1 - b1)
                st["v"].mul_(b2).addcmul_(p.grad, p.grad, value=1 - b2)
                lr_t = group["lr"] * (1 - b2 ** st["t"]) ** 0.5 / (1 - b1 ** st["t"])
                p.addcdiv_(st["m"], st["v"].sqrt().add_(group["eps"]), value=-lr_t)


def update(G, D, og, od, real, half):
    """One Algorithm 1 update (as Gan.step): D on half real + half generated images, then G through D."""
    with torch.no_grad():
        fake = G(torch.randn(half, 100))
    p = D(torch.cat([real, fake]))
    loss_d = F.binary_cross_entropy(p, torch.cat([torch.ones(half, 1), torch.zeros(half, 1)]))
    od.zero_grad()
    loss_d.backward()
    od.step()
    q = D(G(torch.randn(2 * half, 100)))
    loss_g = F.binary_cross_entropy(q, torch.ones_like(q))
    og.zero_grad()
    loss_g.backward()
    og.step()
    return p, loss_d, loss_g


# FLOPs of one update at batch 256, counted from the layer shapes (gradiente.bench.DcganFlops.update(256)).
GFLOP_PER_UPDATE_256 = 129.574


def bench(a):
    import resource
    import statistics
    half = a.batch // 2
    clock = time.process_time if a.clock == "cpu" else time.perf_counter
    for variant in a.variant.split(","):
        if variant not in ("thesis", "batchnorm"):
            raise SystemExit(f"torch_dcgan.py --bench: unknown variant '{variant}' (thesis or batchnorm)")
        torch.manual_seed(a.seed)
        G, D = nets(variant == "batchnorm")
        og = torch.optim.Adam(G.parameters(), 2e-4, betas=(0.5, 0.999))
        od = torch.optim.Adam(D.parameters(), 2e-4, betas=(0.5, 0.999))
        times = []
        for i in range(a.warmup + a.iters):
            real = torch.rand(half, 1, 28, 28)
            t0 = clock()
            update(G, D, og, od, real, half)
            if i >= a.warmup:
                times.append(clock() - t0)
        t = statistics.median(times)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        print(f"dcgan variant={variant} batch={a.batch} s_per_update={t:.3f} "
              f"gflops={GFLOP_PER_UPDATE_256 * a.batch / 256 / t:.1f} heap_mb={rss}", flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--steps", type=int, default=200, help="updates (default 200; an epoch is 234)")
    ap.add_argument("--every", type=int, default=50, help="write a sample grid every N updates (default 50)")
    ap.add_argument("--out", default="runs/torch-dcgan", help="folder of the grids")
    ap.add_argument("--threads", type=int, default=2, help="torch and OpenBLAS threads (default 2)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--batchnorm", action="store_true", help="the batch-norm variant")
    ap.add_argument("--eps-hat", action="store_true", help="TensorFlow/Keras' Adam form, eps 1e-7")
    ap.add_argument("--data", default=os.environ.get("GRADIENTE_DATA",
                                                     os.path.expanduser("~/.cache/gradiente/mnist")))
    ap.add_argument("--bench", action="store_true", help="time updates like `./gradiente bench dcgan` and exit")
    ap.add_argument("--variant", default="thesis,batchnorm", help="--bench: thesis and/or batchnorm")
    ap.add_argument("--batch", type=int, default=256, help="--bench: images per D step (default 256)")
    ap.add_argument("--warmup", type=int, default=3, help="--bench: untimed updates first (default 3)")
    ap.add_argument("--iters", type=int, default=5, help="--bench: timed updates, median printed (default 5)")
    ap.add_argument("--clock", choices=["wall", "cpu"], default="wall",
                    help="--bench: wall time, or the process's CPU time (all threads) as `bench dcgan --clock cpu`")
    a = ap.parse_args()
    torch.manual_seed(a.seed)
    import machine
    machine.set_threads(a.threads)
    print(machine.line(), flush=True)
    if a.bench:
        bench(a)
        return
    os.makedirs(a.out, exist_ok=True)
    x = read_images(a.data)
    G, D = nets(a.batchnorm)
    opt = (lambda p: EpsHatAdam(p, 2e-4, (0.5, 0.999))) if a.eps_hat else \
        (lambda p: torch.optim.Adam(p, 2e-4, betas=(0.5, 0.999)))
    og, od = opt(G.parameters()), opt(D.parameters())
    fixed = torch.randn(100, 100)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads: G {sum(p.numel() for p in G.parameters()):,} "
          f"parameters, D {sum(p.numel() for p in D.parameters()):,}, batchnorm={a.batchnorm}, eps_hat={a.eps_hat}")
    half, perm, spent = 128, torch.randperm(len(x)), 0.0
    for step in range(1, a.steps + 1):
        real = x[perm[(step - 1) * half % (len(x) - half):][:half]]
        t0 = time.perf_counter()
        p, loss_d, loss_g = update(G, D, og, od, real, half)
        spent += time.perf_counter() - t0
        if step % 5 == 0:
            print(f"step {step} loss_d {loss_d.item():.4f} loss_g {loss_g.item():.4f} d_real {p[:half].mean().item():.3f} "
                  f"d_fake {p[half:].mean().item():.3f}  {spent / step:.2f} s/update", flush=True)
        if step % a.every == 0:
            G.eval()
            with torch.no_grad():
                im = G(fixed).view(10, 10, 28, 28).permute(0, 2, 1, 3).reshape(280, 280)
            G.train()
            from PIL import Image
            Image.fromarray((im.numpy() * 255).round().astype(np.uint8)).save(os.path.join(a.out, f"step{step}.png"))
    print(f"mean {spent / a.steps:.3f} s per update over {a.steps} updates")


if __name__ == "__main__":
    main()
