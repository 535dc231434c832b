#!/usr/bin/python3
"""Replays a recorded `./gradiente train dcgan` run in PyTorch, update for update (issue 13's lockstep comparison).

Record the run with `--lockstep-record DIR [--lockstep-every K]` (gradiente.generative.recipes.LockstepRecorder);
this script reads DIR as the run writes it (waiting for each file) and does two things with every update u:

1. Free run: PyTorch's own pair, started from gradiente's initial weights (state-000000.bin), takes update u with
   gradiente's inputs (the same 128 real images, both latent batches and all four dropout masks), in float32 on
   PyTorch's CPU kernels, with the thesis DCGAN's Keras semantics: BCE on D's logits, Adam with epsilon 1e-7 on
   the uncorrected root (Keras' epsilon hat), lr 2e-4, betas (0.5, 0.999). The two trajectories share every
   random number, so they part only through arithmetic; per update it prints gradiente's and PyTorch's
   loss_d, loss_g, D(x), D(G(z)) (D's training-mode scores on D's batch before its step), every --every updates
   the relative distance of PyTorch's weights from gradiente's, and every --window updates the window means of
   both (PyTorch's also as Keras measures them: D in inference mode after the step, every 5th update).

2. Resync (every update after a saved state, u = 1, K + 1, 2K + 1, ...): a second pair is loaded with gradiente's
   whole state after update u - 1 (weights and both Adam states) and takes update u with the same inputs, once
   in float32 and once in float64 (the exact reference); D's gradient, D's weights after its step and G's
   gradient (through gradiente's D after its step) are compared with gradiente's. Reported: the relative
   error ||x - ref|| / ||ref|| of gradiente and of PyTorch-float32 against float64, the largest over the
   parameters. A kernel or op that is wrong at that point of the trajectory shows as gradiente's error far
   above PyTorch-float32's; agreement at every resync says both engines compute the same updates from the
   same states, so that any parting of the free runs is float32 rounding amplified by the dynamics.

Output: one line per update and per resync on stdout, and --csv FILE (default DIR/lockstep.csv) with the
per-update figures. --resync-only [--from U] skips the free run and does only the resyncs (DIR/resync.csv).
Usage: /usr/bin/python3 bench/scripts/torch_lockstep.py --record DIR [--every K] [--updates N] [--threads 1] [--csv FILE]
"""
import argparse
import math
import os
import struct
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_dcgan import SameConv, View  # noqa: E402  the replica's TensorFlow-'same' conv and reshape

DROPOUT = 0.4
LR, B1, B2, EPS = 2e-4, 0.5, 0.999, 1e-7


def read_record(path, wait=True):
    """The arrays of one GLS1 file as {name: np.ndarray} (bits unpacked to 0/1 uint8)."""
    while not os.path.exists(path):
        if not wait:
            return None
        time.sleep(0.5)
    with open(path, "rb") as f:
        b = f.read()
    if b[:4] != b"GLS1":
        raise SystemExit(f"{path}: not a lockstep record (magic {b[:4]!r})")
    (n,), off, out = struct.unpack_from("<i", b, 4), 8, {}
    for _ in range(n):
        (ln,) = struct.unpack_from("<h", b, off)
        off += 2
        name = b[off:off + ln].decode()
        off += ln
        dtype, rank = b[off], b[off + 1]
        off += 2
        shape = struct.unpack_from(f"<{rank}i", b, off)
        off += 4 * rank
        (nbytes,) = struct.unpack_from("<q", b, off)
        off += 8
        raw = b[off:off + nbytes]
        off += nbytes
        count = int(np.prod(shape)) if rank else 1
        if dtype == 0:
            a = np.frombuffer(raw, "<f4").reshape(shape)
        elif dtype == 2:
            a = np.frombuffer(raw, "<f8").reshape(shape)
        elif dtype == 1:
            a = np.unpackbits(np.frombuffer(raw, np.uint8))[:count].reshape(shape)
        else:
            raise SystemExit(f"{path}: array {name} has unknown dtype {dtype} at byte {off}")
        out[name] = a
    return out


class Replayed(nn.Module):
    """Dropout with gradiente's masks: multiplies by the next mask of the queue (0 or 1 / (1 - p))."""

    def __init__(self, queue):
        super().__init__()
        self.queue = queue

    def forward(self, x):
        if not self.training:
            return x
        m = self.queue.pop(0)
        return x * (m.to(x.dtype) * torch.tensor(1.0 / (1 - DROPOUT), dtype=torch.float32).to(x.dtype))


def nets(queue):
    G = nn.Sequential(nn.Linear(100, 6272), View(), nn.LeakyReLU(0.2),
                      nn.ConvTranspose2d(128, 128, 4, 2, 1), nn.LeakyReLU(0.2),
                      nn.ConvTranspose2d(128, 128, 4, 2, 1), nn.LeakyReLU(0.2),
                      SameConv(128, 1, 7, 1), nn.Sigmoid())
    D = nn.Sequential(SameConv(1, 64, 3, 2), nn.LeakyReLU(0.2), Replayed(queue), SameConv(64, 64, 3, 2),
                      nn.LeakyReLU(0.2), Replayed(queue), nn.Flatten(), nn.Linear(3136, 1))  # logits: Keras' BCE
    return G, D


def names(rec, prefix):
    return [k[len(prefix):] for k in rec if k.startswith(prefix)]


class Pair:
    """G, D and both Adams (Keras' epsilon-hat form, in the pair's dtype), loadable from a gradiente state."""

    def __init__(self, state, dtype=torch.float32):
        self.queue = []
        self.G, self.D = nets(self.queue)
        self.G.to(dtype)
        self.D.to(dtype)
        self.dtype = dtype
        self.gnames, self.dnames = names(state, "g."), names(state, "d.")
        self.load(state)

    def load(self, state):
        for net, prefix, keys in ((self.G, "g.", self.gnames), (self.D, "d.", self.dnames)):
            params = list(net.parameters())
            if len(params) != len(keys):
                raise SystemExit(f"state has {len(keys)} {prefix} parameters, the replica {len(params)}")
            with torch.no_grad():
                for p, k in zip(params, keys):
                    a = state[prefix + k]
                    if tuple(a.shape) != tuple(p.shape):
                        raise SystemExit(f"{prefix}{k}: shape {a.shape} in the state, {tuple(p.shape)} in the replica")
                    p.copy_(torch.from_numpy(np.array(a)).to(self.dtype))
        self.adam = {}
        for net, prefix, keys in ((self.G, "opt_g.", self.gnames), (self.D, "opt_d.", self.dnames)):
            for p, k in zip(net.parameters(), keys):
                if prefix + k + "/s" in state:
                    self.adam[p] = [int(state[prefix + k + "/step"]),
                                    torch.from_numpy(np.array(state[prefix + k + "/s"])).to(self.dtype),
                                    torch.from_numpy(np.array(state[prefix + k + "/r"])).to(self.dtype)]

    @torch.no_grad()
    def adam_step(self, net):
        for p in net.parameters():
            st = self.adam.setdefault(p, [0, torch.zeros_like(p), torch.zeros_like(p)])
            st[0] += 1
            t, s, r = st
            s.mul_(B1).add_(p.grad, alpha=1 - B1)
            r.mul_(B2).add_(p.grad * p.grad, alpha=1 - B2)
            alpha = LR * math.sqrt(1 - B2 ** t) / (1 - B1 ** t)
            p.add_(s / (r.sqrt() + EPS), alpha=-alpha)

    def update(self, rec, d_after=None, probe=False):
        """Update u with the record's inputs; returns measurements and, for the checks, D's gradient, D after its
        step and G's gradient (G's step through `d_after` when given, else through this pair's D)."""
        t = lambda a: torch.from_numpy(np.array(a)).to(self.dtype)
        masks = [torch.from_numpy(np.array(rec[f"mask{i}"])) for i in range(4)]
        real, zd, zg = t(rec["real"]), t(rec["z_d"]), t(rec["z_g"])
        b = real.shape[0]
        for p in self.G.parameters():
            p.grad = None
        for p in self.D.parameters():
            p.grad = None
        with torch.no_grad():
            fake = self.G(zd)
        self.queue[:] = masks[:2]
        x = torch.cat([real, fake])
        score = self.D(x)
        target = torch.cat([torch.ones(b, 1, dtype=self.dtype), torch.zeros(b, 1, dtype=self.dtype)])
        loss_d = F.binary_cross_entropy_with_logits(score, target)
        loss_d.backward()
        grad_d = [p.grad.clone() for p in self.D.parameters()]
        self.adam_step(self.D)
        after = [p.detach().clone() for p in self.D.parameters()]
        if d_after is not None:
            with torch.no_grad():
                for p, a in zip(self.D.parameters(), d_after):
                    p.copy_(a.to(self.dtype))
        for p in self.D.parameters():
            p.requires_grad_(False)
        self.queue[:] = masks[2:]
        q = self.D(self.G(zg))
        loss_g = F.binary_cross_entropy_with_logits(q, torch.ones_like(q))
        loss_g.backward()
        for p in self.D.parameters():
            p.requires_grad_(True)
        grad_g = [p.grad.clone() for p in self.G.parameters()]
        self.adam_step(self.G)
        p = torch.sigmoid(score.detach())
        m = dict(loss_d=loss_d.item(), loss_g=loss_g.item(), d_real=p[:b].mean().item(), d_fake=p[b:].mean().item())
        if probe:
            self.D.eval()
            with torch.no_grad():
                e = torch.sigmoid(self.D(x))
            self.D.train()
            m["d_real_eval"], m["d_fake_eval"] = e[:b].mean().item(), e[b:].mean().item()
        return m, grad_d, after, grad_g


def rel(a, ref):
    return (torch.linalg.vector_norm((a.double() - ref.double()).flatten())
            / max(torch.linalg.vector_norm(ref.double().flatten()).item(), 1e-300)).item()


def worst(xs, refs):
    return max(rel(a, r) for a, r in zip(xs, refs))


def resync(u, rec, prev_state, row):
    """Update u from gradiente's state after u - 1 in float64 and float32; errors of gradiente's and PyTorch's
    float32 gradients and D step against float64 into row, and printed."""
    dnames, gnames = names(prev_state, "d."), names(prev_state, "g.")
    ref = Pair(prev_state, torch.float64)
    d_after_j = [torch.from_numpy(np.array(rec["d_after." + k])) for k in dnames]
    _, gd64, da64, gg64 = ref.update(rec, d_after=d_after_j)
    t32 = Pair(prev_state)
    _, gd32, da32, gg32 = t32.update(rec, d_after=d_after_j)
    gdj = [torch.from_numpy(np.array(rec["grad_d." + k])) for k in dnames]
    ggj = [torch.from_numpy(np.array(rec["grad_g." + k])) for k in gnames]
    before = [torch.from_numpy(np.array(prev_state["d." + k])).double() for k in dnames]
    step = [x - y for x, y in zip(da64, before)]
    row["rs_gradd_j"], row["rs_gradd_t"] = worst(gdj, gd64), worst(gd32, gd64)
    row["rs_dafter_j"] = max(rel(x.double() - y, st) for x, y, st in zip(d_after_j, before, step))
    row["rs_dafter_t"] = max(rel(x.double() - y, st) for x, y, st in zip(da32, before, step))
    row["rs_gradg_j"], row["rs_gradg_t"] = worst(ggj, gg64), worst(gg32, gg64)
    gj = max(zip(gnames, ggj, gg64), key=lambda t: rel(t[1], t[2]))
    gt = max(zip(gnames, gg32, gg64), key=lambda t: rel(t[1], t[2]))
    print(f"resync {u}: worst G parameter: gradiente {gj[0]} (norm {torch.linalg.vector_norm(gj[2]).item():.3e}), "
          f"torch {gt[0]} (norm {torch.linalg.vector_norm(gt[2]).item():.3e})", flush=True)
    print(f"resync {u}: relative error against float64 (largest over parameters)  D grad: gradiente "
          f"{row['rs_gradd_j']:.2e} torch {row['rs_gradd_t']:.2e} | D step: gradiente {row['rs_dafter_j']:.2e} "
          f"torch {row['rs_dafter_t']:.2e} | G grad: gradiente {row['rs_gradg_j']:.2e} torch "
          f"{row['rs_gradg_t']:.2e}", flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--record", required=True, help="folder written by train dcgan --lockstep-record")
    ap.add_argument("--updates", type=int, default=500)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--every", type=int, default=10, help="the run's --lockstep-every (default 10)")
    ap.add_argument("--window", type=int, default=20)
    ap.add_argument("--threads-file", default=None, help="a file holding a thread count, read before every update "
                    "(to give PyTorch both cores once the recorded run has finished)")
    ap.add_argument("--resync-only", action="store_true", help="no free run: only the resyncs, from update --from on")
    ap.add_argument("--from", dest="start", type=int, default=1, help="--resync-only: first update (default 1)")
    ap.add_argument("--csv", default=None, help="per-update figures (default RECORD/lockstep.csv)")
    ap.add_argument("--delete", action="store_true", help="delete each record once replayed (saves disk)")
    a = ap.parse_args()
    import machine
    machine.set_threads(a.threads)
    print(machine.line(), flush=True)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, record {a.record}", flush=True)
    if a.resync_only:
        out = open(a.csv or os.path.join(a.record, "resync.csv"), "w")
        cols = ["update", "rs_gradd_j", "rs_gradd_t", "rs_dafter_j", "rs_dafter_t", "rs_gradg_j", "rs_gradg_t"]
        out.write(",".join(cols) + "\n")
        for u in range(a.start, a.updates + 1):
            if (u - 1) % a.every:
                continue
            prev = read_record(os.path.join(a.record, f"state-{u - 1:06d}.bin"))
            row = dict(update=u)
            resync(u, read_record(os.path.join(a.record, f"rec-{u:06d}.bin")), prev, row)
            out.write(",".join(f"{row[c]}" for c in cols) + "\n")
            out.flush()
        return
    state0 = read_record(os.path.join(a.record, "state-000000.bin"))
    free = Pair(state0)
    csv = open(a.csv or os.path.join(a.record, "lockstep.csv"), "w")
    cols = ["update", "j_loss_d", "t_loss_d", "j_loss_g", "t_loss_g", "j_d_real", "t_d_real", "j_d_fake", "t_d_fake",
            "t_d_real_eval", "t_d_fake_eval", "free_rel_g", "free_rel_d",
            "rs_gradd_j", "rs_gradd_t", "rs_dafter_j", "rs_dafter_t", "rs_gradg_j", "rs_gradg_t"]
    csv.write(",".join(cols) + "\n")
    win = []
    prev_state = state0
    for u in range(1, a.updates + 1):
        if a.threads_file and os.path.exists(a.threads_file):
            with open(a.threads_file) as f:
                want = int(f.read().strip() or a.threads)
            if want != torch.get_num_threads():
                machine.set_threads(want)
                print(f"update {u}: now {torch.get_num_threads()} threads", flush=True)
        path = os.path.join(a.record, f"rec-{u:06d}.bin")
        rec = read_record(path)
        row = dict(update=u)
        probe = u % 5 == 0
        m, _, _, _ = free.update(rec, probe=probe)
        for k in ("loss_d", "loss_g", "d_real", "d_fake"):
            row["j_" + k], row["t_" + k] = float(rec["m." + k]), m[k]
        row["t_d_real_eval"], row["t_d_fake_eval"] = m.get("d_real_eval", float("nan")), m.get("d_fake_eval", float("nan"))
        if "grad_d." + free.dnames[0] in rec and prev_state is not None:
            resync(u, rec, prev_state, row)
            prev_state = None
        st_path = os.path.join(a.record, f"state-{u:06d}.bin")
        if u % a.every == 0:
            st = read_record(st_path)
            gj = [torch.from_numpy(np.array(st["g." + k])) for k in free.gnames]
            dj = [torch.from_numpy(np.array(st["d." + k])) for k in free.dnames]
            row["free_rel_g"] = worst(list(free.G.parameters()), gj)
            row["free_rel_d"] = worst(list(free.D.parameters()), dj)
            prev_state = st
            print(f"state {u}: free run's weights against gradiente's, relative: G {row['free_rel_g']:.2e} "
                  f"D {row['free_rel_d']:.2e}", flush=True)
        print(f"update {u} gradiente loss_d {row['j_loss_d']:.4f} D(x) {row['j_d_real']:.3f} D(G(z)) "
              f"{row['j_d_fake']:.3f} | torch loss_d {row['t_loss_d']:.4f} D(x) {row['t_d_real']:.3f} D(G(z)) "
              f"{row['t_d_fake']:.3f}", flush=True)
        csv.write(",".join(f"{row.get(c, float('nan'))}" for c in cols) + "\n")
        csv.flush()
        win.append(row)
        if u % a.window == 0:
            mean = lambda k: float(np.nanmean([r[k] for r in win]))
            print(f"window {u}: gradiente loss_d {mean('j_loss_d'):.3f} D(x) {mean('j_d_real'):.3f} D(G(z)) "
                  f"{mean('j_d_fake'):.3f} | torch loss_d {mean('t_loss_d'):.3f} D(x) {mean('t_d_real'):.3f} "
                  f"D(G(z)) {mean('t_d_fake'):.3f} eval D(x) {mean('t_d_real_eval'):.3f} "
                  f"D(G(z)) {mean('t_d_fake_eval'):.3f}", flush=True)
            win = []
        if a.delete:
            os.remove(path)
    csv.close()


if __name__ == "__main__":
    main()
