#!/usr/bin/python3
"""PyTorch 1.13 peer of `./gradiente train mlp|cnn` (thesis 4.1), for seconds per epoch and accuracy.

Trains the same networks with the same settings on the same MNIST IDX files and measures the same
thing: the wall time of one epoch's training loop (batching, forward, loss, backward, Adam step and
the batch accuracy), excluding the test-set evaluation that follows each epoch.

  mlp: 784-128-ReLU-Dropout(0.2)-128-ReLU-10, Adam lr 1e-3, batch 512, 10 epochs (MlpClassifier)
  cnn: Conv 64 3x3-ReLU-MaxPool 2-Conv 64 3x3-ReLU-MaxPool 2-Dropout(0.25)-Flatten-Dense 64-ReLU-Dense 10,
       Adam lr 1e-3, batch 128, 15 epochs (CnnClassifier)

Pixels are scaled to [0, 1] as gradiente's Scaling.ZERO_ONE does. Usage:
  /usr/bin/python3 bench/scripts/torch_mnist.py --model mlp|cnn [--epochs N] [--threads 2] [--blas-threads 1]
      [--data ~/.cache/gradiente/mnist] [--seed 1] [--train-size N]
"""
import argparse
import gzip
import os
import time

import numpy as np

torch = None  # imported in main(), after OPENBLAS_NUM_THREADS is set
nn = None


def read_idx(path):
    """Reads an IDX file (raw or .gz): big-endian magic 0x00 0x00 type rank, then the dimensions."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        raw = f.read()
    if raw[0] != 0 or raw[1] != 0 or raw[2] != 0x08:
        raise ValueError(f"{path}: not an unsigned-byte IDX file (magic {raw[:4].hex()})")
    rank = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(rank)]
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * rank)
    if data.size != int(np.prod(dims)):
        raise ValueError(f"{path}: {data.size} bytes of data for dimensions {dims}")
    return data.reshape(dims)


def find(folder, name):
    for candidate in (name, name + ".gz"):
        p = os.path.join(folder, candidate)
        if os.path.exists(p):
            return p
    raise FileNotFoundError(f"{name} not found in {folder}")


def load(folder, split):
    prefix = "train" if split == "train" else "t10k"
    x = read_idx(find(folder, f"{prefix}-images-idx3-ubyte")).astype(np.float32) / 255.0
    y = read_idx(find(folder, f"{prefix}-labels-idx1-ubyte")).astype(np.int64)
    return torch.from_numpy(x).unsqueeze(1), torch.from_numpy(y)


def mlp():
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Dropout(0.2),
                         nn.Linear(128, 128), nn.ReLU(), nn.Linear(128, 10))


def cnn():
    return nn.Sequential(nn.Conv2d(1, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(64, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Dropout(0.25), nn.Flatten(), nn.Linear(1600, 64), nn.ReLU(), nn.Linear(64, 10))


def evaluate(model, x, y, batch=1000):
    model.eval()
    right = 0
    with torch.no_grad():
        for i in range(0, len(x), batch):
            right += (model(x[i:i + batch]).argmax(1) == y[i:i + batch]).sum().item()
    model.train()
    return right / len(x)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", choices=["mlp", "cnn"], required=True)
    ap.add_argument("--epochs", type=int)
    ap.add_argument("--batch", type=int)
    ap.add_argument("--threads", type=int, default=2, help="torch.set_num_threads (default 2, the machine's cores)")
    ap.add_argument("--blas-threads", type=int, default=1,
                    help="OPENBLAS_NUM_THREADS unless already set (default 1: OpenBLAS's own threads on top of "
                         "torch's oversubscribe the cores and slow torch several times on a loaded machine)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--train-size", type=int, default=0)
    ap.add_argument("--data", default=os.environ.get("GRADIENTE_DATA",
                                                     os.path.expanduser("~/.cache/gradiente/mnist")))
    a = ap.parse_args()
    os.environ.setdefault("OPENBLAS_NUM_THREADS", str(a.blas_threads))
    global torch, nn
    import torch as _torch
    torch = _torch
    nn = _torch.nn
    import machine
    torch.set_num_threads(a.threads)  # OpenBLAS keeps --blas-threads (machine.set_threads would override it)
    print(machine.line(), flush=True)
    torch.manual_seed(a.seed)
    epochs = a.epochs or (10 if a.model == "mlp" else 15)
    batch = a.batch or (512 if a.model == "mlp" else 128)
    xtr, ytr = load(a.data, "train")
    xte, yte = load(a.data, "test")
    if a.train_size:
        xtr, ytr = xtr[:a.train_size], ytr[:a.train_size]
    model = mlp() if a.model == "mlp" else cnn()
    params = sum(p.numel() for p in model.parameters())
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, OPENBLAS_NUM_THREADS="
          f"{os.environ['OPENBLAS_NUM_THREADS']}: {a.model}, {params:,} parameters, "
          f"{len(xtr)} training images, batch {batch}, {epochs} epochs", flush=True)
    seconds = []
    for e in range(epochs):
        model.train()
        t0 = time.perf_counter()
        order = torch.randperm(len(xtr))
        loss_sum = 0.0
        right = 0
        for i in range(0, len(xtr), batch):
            idx = order[i:i + batch]
            x, y = xtr[idx], ytr[idx]
            opt.zero_grad()
            logits = model(x)
            loss = loss_fn(logits, y)
            loss.backward()
            opt.step()
            loss_sum += loss.item() * len(idx)
            right += (logits.argmax(1) == y).sum().item()
        seconds.append(time.perf_counter() - t0)
        acc = evaluate(model, xte, yte)
        print(f"epoch {e + 1}/{epochs}  loss {loss_sum / len(xtr):.4f}  accuracy {right / len(xtr):.4f}  "
              f"test_accuracy {acc:.4f}  {seconds[-1]:.2f} s  {len(xtr) / seconds[-1]:.0f} img/s", flush=True)
    print(f"seconds per epoch: mean {sum(seconds) / len(seconds):.2f} over {len(seconds)} epochs "
          f"{[round(s, 2) for s in seconds]}")
    print(f"test_accuracy={evaluate(model, xte, yte):.4f}")


if __name__ == "__main__":
    main()
