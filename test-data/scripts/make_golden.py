#!/usr/bin/python3
"""Regenerates every golden file under test-data/src/main/resources/golden/ with PyTorch (float64, CPU).

Run from anywhere with Debian's PyTorch 1.13:  /usr/bin/python3 test-data/scripts/make_golden.py
Running it twice gives byte-identical files (fixed seeds, one thread) with the same PyTorch build and BLAS:
the reference BLAS and OpenBLAS differ in the last bit of some float64 products, so rerunning on another
machine may touch every file; keep only the files of the group you changed.

This script is the single source of the golden values; the Java readers are gradiente.testdata.*.

File format (see test-data/README.md): {"generator": "...", "cases": [case, ...]}, one case per line, with
    case = {"name": unique, "op": what to compute, "params": {...}, "tensors": {name: {"shape", "data"}}}
Tensor names:
    inputs first, in the order the op takes them (integer tensors such as indices are stored as floats);
    "out"        the forward result;
    "upstream"   a random tensor of out's shape: L = sum(out * upstream), so upstream = dL/dout;
    "grad_<in>"  dL/d<in> for every differentiable input;
  second-order cases (op "<name>_gradpenalty") add
    "penalty"    P = sum((dL/dx)^2), the gradient-penalty form of WGAN-GP, with dL/dx built with create_graph;
    "grad2_<in>" dP/d<in> for every differentiable input (zeros where P does not depend on it).

Ops and params (the Java tests dispatch on "op"):
  group ops
    unary.json      exp log tanh sigmoid relu softplus sqrt abs square neg  (x); softplus is the exact
                    log(1 + exp(x)), without PyTorch's linearisation above 20
                    leaky_relu {slope}  pow {exponent}  clamp {lo, hi}
    binary.json     add sub mul div pow maximum minimum (x, y; NumPy broadcasting)  where (cond, x, y)
    reduce.json     sum mean max min {dims: int list or null for all, keepdim}  (max/min: amax/amin)
                    sum_all mean_all max_all min_all (the no-argument forms, rank-0 result)
                    var {dims, keepdim, correction: 0 or 1}    argmax argmin {dim, keepdim} (forward only)
    softmax.json    softmax log_softmax {dim}
    norm.json       batch_norm {eps} (x[, weight, bias]): training mode, statistics over every dim but 1
    matmul.json     matmul (x, y): 1-D, 2-D, batched and broadcast batch dimensions
    indexing.json   gather {dim} (x, index)  index_select {dim} (x, index)  concat stack {dim} (a, b, c)
    views.json      views composed with ops; each op name is one fixed expression, see VIEW_CHAINS below
    second_order.json  mlp_gradpenalty: out = tanh(x @ w + b)
  group conv  (NCHW)
    conv2d.json     conv2d {stride: [sh, sw], padding: [top, bottom, left, right], dilation: [dh, dw],
                    groups} (x, w[, bias]) cross-correlation, seed 000 eq. 5
    convolve2d.json convolve2d, same params: true convolution (eq. 4) = conv2d with w flipped in H and W
    conv_transpose2d.json  conv_transpose2d {stride, padding: [ph, pw], output_padding, dilation, groups}
                    (x, w[, bias]) with w of shape [Cin, Cout/groups, kH, kW], as torch.nn.ConvTranspose2d
    pool.json       max_pool2d min_pool2d {kernel: [kh, kw], stride, padding: [ph, pw]}
                    avg_pool2d {kernel, stride, padding, count_include_pad}  global_avg_pool2d
                    (min pool is -max_pool2d(-x))
    upsample.json   upsample_nearest2d {scale: [sh, sw]}
    second_order.json  conv2d_gradpenalty (tanh(conv2d(x, w, bias)), conv2d params),
                    conv_transpose2d_gradpenalty (tanh(conv_transpose2d(x, w, bias)), its params),
                    critic_gradpenalty: avg_pool2d(max_pool2d(tanh(conv2d(upsample_nearest2d(x, [2, 2]), w, bias,
                    stride 1, padding 1)), 2, 2), kernel 2, stride 1, padding 1, count_include_pad false)
  group models
    dcgan_step.json dcgan_step {latent, width, d_width, classes, batch}: one step of Algorithm 1 (D on real
                    and generated images, then G through D) on a narrow thesis-4.2 DCGAN, see dcgan_step_case
"""

import json
import os
import sys

import torch
import torch.nn.functional as F

torch.set_num_threads(1)
torch.set_default_dtype(torch.float64)

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "main", "resources", "golden")
SCRIPT = "test-data/scripts/make_golden.py"


# ---------------------------------------------------------------- random inputs

class Source:
    """Seeded random inputs. Values are rounded to 4 decimals so the files stay small; the rounded
    numbers are the exact inputs (every output is computed from them)."""

    def __init__(self, seed):
        self.g = torch.Generator().manual_seed(seed)

    def randn(self, *shape, scale=1.0):
        return (torch.randn(shape, generator=self.g) * scale).mul(1e4).round().div(1e4)

    def uniform(self, lo, hi, *shape):
        return (torch.rand(shape, generator=self.g) * (hi - lo) + lo).mul(1e4).round().div(1e4)

    def away(self, *shape):
        """Magnitudes in [0.1, 2], random signs: away from the kinks of relu, abs, leaky_relu."""
        sign = torch.randint(0, 2, shape, generator=self.g).double() * 2 - 1
        return self.uniform(0.1, 2.0, *shape) * sign

    def distinct(self, *shape, scale=1.0):
        """randn values that are pairwise distinct (max/min and pooling gradients are then unique)."""
        while True:
            x = self.randn(*shape, scale=scale)
            if x.numel() == x.unique().numel():
                return x

    def index(self, high, *shape):
        return torch.randint(0, high, shape, generator=self.g)


# ---------------------------------------------------------------- cases

def arr(t):
    t = t.detach().double().contiguous()
    data = t.reshape(-1).tolist()
    for v in data:
        if v != v or v in (float("inf"), float("-inf")):
            raise ValueError("non-finite value in a golden tensor")
    return {"shape": list(t.shape), "data": data}


def case(src, name, op, params, inputs, fn, diff=None):
    """Evaluates fn(*inputs) and the gradients of L = sum(out * upstream) w.r.t. the float inputs.

    inputs: ordered dict name -> tensor; integer tensors are not differentiated.
    diff: names to differentiate (default: every floating input)."""
    diff = [k for k, v in inputs.items() if v.is_floating_point()] if diff is None else diff
    leaves = {k: (v.clone().requires_grad_(True) if k in diff else v) for k, v in inputs.items()}
    out = fn(*leaves.values())
    tensors = {k: arr(v) for k, v in inputs.items()}
    tensors["out"] = arr(out)
    if diff:
        upstream = src.randn(*out.shape)
        grads = torch.autograd.grad((out * upstream).sum(), [leaves[k] for k in diff])
        tensors["upstream"] = arr(upstream)
        for k, gk in zip(diff, grads):
            tensors["grad_" + k] = arr(gk)
    return {"name": name, "op": op, "params": params, "tensors": tensors}


def gradpenalty_case(src, name, op, params, inputs, fn):
    """A second-order case: first-order gradients as in case(), then P = sum((dL/dx)^2) with dL/dx
    kept in the graph, and dP/d<input> for every input (x is the first input)."""
    names = list(inputs)
    leaves = [v.clone().requires_grad_(True) for v in inputs.values()]
    out = fn(*leaves)
    upstream = src.randn(*out.shape)
    first = torch.autograd.grad((out * upstream).sum(), leaves, create_graph=True)
    penalty = first[0].pow(2).sum()
    second = torch.autograd.grad(penalty, leaves, allow_unused=True)
    tensors = {k: arr(v) for k, v in inputs.items()}
    tensors["out"] = arr(out)
    tensors["upstream"] = arr(upstream)
    for k, g in zip(names, first):
        tensors["grad_" + k] = arr(g)
    tensors["penalty"] = arr(penalty)
    for k, g, leaf in zip(names, second, leaves):
        tensors["grad2_" + k] = arr(g if g is not None else torch.zeros_like(leaf))
    return {"name": name, "op": op, "params": params, "tensors": tensors}


def shape_name(*shapes):
    return "_".join("x".join(str(s) for s in sh) if len(sh) else "scalar" for sh in shapes)


def write(group, file, seed, cases):
    names = [c["name"] for c in cases]
    if len(set(names)) != len(names):
        raise ValueError(f"{group}/{file}: duplicate case names")
    folder = os.path.join(ROOT, group)
    os.makedirs(folder, exist_ok=True)
    head = {"generator": f"{SCRIPT}; torch {torch.__version__}; float64; seed {seed}"}
    body = ",\n".join(json.dumps(c, separators=(",", ":"), allow_nan=False) for c in cases)
    text = json.dumps(head, separators=(",", ":"))[:-1] + ',"cases":[\n' + body + "\n]}\n"
    path = os.path.join(folder, file)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"{len(text):9d} bytes  {len(cases):3d} cases  golden/{group}/{file}")
    return len(text)


def write_index(group, files):
    with open(os.path.join(ROOT, group, "index.txt"), "w", encoding="utf-8") as f:
        f.write(f"# golden/{group}: written by {SCRIPT}\n")
        for name in files:
            f.write(name + "\n")


# ---------------------------------------------------------------- group ops

def softplus(x):
    """log(1 + exp(x)) exactly: PyTorch's default threshold=20 replaces it by x (gradient 1) above 20,
    which is off by up to 2e-9; the engine computes the exact function."""
    return F.softplus(x, threshold=1000.0)


def unary_cases(src):
    cases = []
    shapes = [(3, 4), (2, 3, 5)]
    plain = {"exp": torch.exp, "tanh": torch.tanh, "sigmoid": torch.sigmoid, "softplus": softplus,
             "square": torch.square, "neg": torch.neg}
    positive = {"log": torch.log, "sqrt": torch.sqrt}
    kinked = {"relu": torch.relu, "abs": torch.abs}
    for shape in shapes:
        tag = shape_name(shape)
        for op, f in plain.items():
            cases.append(case(src, f"{op}_{tag}", op, {}, {"x": src.randn(*shape)}, f))
        for op, f in positive.items():
            cases.append(case(src, f"{op}_{tag}", op, {}, {"x": src.uniform(0.2, 3.0, *shape)}, f))
        for op, f in kinked.items():
            cases.append(case(src, f"{op}_{tag}", op, {}, {"x": src.away(*shape)}, f))
        cases.append(case(src, f"leaky_relu_{tag}", "leaky_relu", {"slope": 0.2}, {"x": src.away(*shape)},
                          lambda x: F.leaky_relu(x, 0.2)))
    # saturated ranges: stability of sigmoid, tanh, softplus, exp far from 0
    for op, f in {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "softplus": softplus}.items():
        cases.append(case(src, f"{op}_large_values", op, {}, {"x": src.randn(4, 5, scale=15.0)}, f))
    for p in [2.0, 3.0, 0.5, -1.0, 2.5, -1.5]:
        x = src.uniform(0.3, 2.5, 3, 4) if p != int(p) or p < 0 else src.randn(3, 4)
        cases.append(case(src, f"pow_{p:g}_3x4", "pow", {"exponent": p}, {"x": x}, lambda x, p=p: x.pow(p)))
    cases.append(case(src, "clamp_3x5", "clamp", {"lo": -0.5, "hi": 0.7}, {"x": src.randn(3, 5)},
                      lambda x: x.clamp(-0.5, 0.7)))
    return cases


BROADCAST_PAIRS = [((3, 4), (3, 4)), ((3, 1, 4), (5, 1)), ((4,), (2, 3, 4)), ((2, 1, 3), (1, 4, 1)),
                   ((), (2, 3)), ((2, 3, 1), ())]


def binary_cases(src):
    ops = {"add": torch.add, "sub": torch.sub, "mul": torch.mul, "div": torch.div, "pow": torch.pow,
           "maximum": torch.maximum, "minimum": torch.minimum}
    cases = []
    for sx, sy in BROADCAST_PAIRS:
        for op, f in ops.items():
            x = src.uniform(0.3, 2.0, *sx) if op == "pow" else src.randn(*sx)
            y = src.away(*sy) if op == "div" else src.randn(*sy)
            if op in ("maximum", "minimum"):  # no ties between x and y after broadcasting
                while (torch.broadcast_tensors(x, y)[0] == torch.broadcast_tensors(x, y)[1]).any():
                    y = src.randn(*sy)
            cases.append(case(src, f"{op}_{shape_name(sx, sy)}", op, {}, {"x": x, "y": y}, f))
    for sc, sx, sy in [((2, 3), (2, 3), (2, 3)), ((3, 1), (3, 4), (4,))]:
        cond = (src.randn(*sc) > 0).double()
        cases.append(case(src, f"where_{shape_name(sc, sx, sy)}", "where", {},
                          {"cond": cond, "x": src.randn(*sx), "y": src.randn(*sy)},
                          lambda c, x, y: torch.where(c != 0, x, y), diff=["x", "y"]))
    return cases


def reduce_cases(src):
    cases = []
    shape = (2, 3, 4)
    dim_sets = [None, [0], [1], [2], [-1], [0, 2], [1, 2], [0, 1, 2]]
    fns = {"sum": torch.sum, "mean": torch.mean, "max": torch.amax, "min": torch.amin}
    for op, f in fns.items():
        for dims in dim_sets:
            for keepdim in (False, True):
                x = src.distinct(*shape)
                all_dims = list(range(len(shape))) if dims is None else dims
                tag = "all" if dims is None else "d" + "".join(str(d) for d in dims).replace("-", "m")
                cases.append(case(src, f"{op}_{tag}_{'keep' if keepdim else 'drop'}", op,
                                  {"dims": dims, "keepdim": keepdim}, {"x": x},
                                  lambda x, f=f, d=all_dims, k=keepdim: f(x, d, keepdim=k)))
        x = src.distinct(3, 5)
        cases.append(case(src, f"{op}_all_noargs", op + "_all", {}, {"x": x},
                          lambda x, f=f: f(x, list(range(x.dim())))))
    for dims in [None, [0], [2], [0, 2], [-2]]:
        for keepdim in (False, True):
            for correction in (0, 1):
                all_dims = list(range(len(shape))) if dims is None else dims
                tag = "all" if dims is None else "d" + "".join(str(d) for d in dims).replace("-", "m")
                cases.append(case(src, f"var_{tag}_{'keep' if keepdim else 'drop'}_c{correction}", "var",
                                  {"dims": dims, "keepdim": keepdim, "correction": correction},
                                  {"x": src.randn(*shape)},
                                  lambda x, d=all_dims, k=keepdim, c=correction: torch.var(x, d, unbiased=c == 1,
                                                                                           keepdim=k)))
    for op, f in {"argmax": torch.argmax, "argmin": torch.argmin}.items():
        for dim in (0, 1, -1):
            for keepdim in (False, True):
                cases.append(case(src, f"{op}_d{dim}_{'keep' if keepdim else 'drop'}".replace("-", "m"), op,
                                  {"dim": dim, "keepdim": keepdim}, {"x": src.distinct(*shape)},
                                  lambda x, f=f, d=dim, k=keepdim: f(x, d, keepdim=k), diff=[]))
    return cases


def softmax_cases(src):
    cases = []
    for op, f in {"softmax": F.softmax, "log_softmax": F.log_softmax}.items():
        for shape, dim, scale in [((3, 5), 1, 1.0), ((3, 5), 0, 1.0), ((2, 3, 4), -1, 1.0), ((2, 3, 4), 1, 1.0),
                                  ((4, 6), 1, 60.0)]:
            name = f"{op}_{shape_name(shape)}_d{dim}".replace("-", "m") + ("_large" if scale > 1 else "")
            cases.append(case(src, name, op, {"dim": dim}, {"x": src.randn(*shape, scale=scale)},
                              lambda x, f=f, d=dim: f(x, d)))
    return cases


def norm_cases(src):
    """Training-mode batch normalisation: statistics over every dim but 1, biased variance."""
    cases = []
    for shape, affine, offset in [((6, 3), True, 0.0), ((4, 3, 5), False, 0.0), ((3, 2, 4, 5), True, 0.0),
                                  ((5, 4, 3, 3), True, 50.0), ((2, 1, 3, 2), False, 0.0)]:
        ins = {"x": src.randn(*shape, scale=2.0) + offset}
        if affine:
            ins["weight"] = src.randn(shape[1])
            ins["bias"] = src.randn(shape[1])
        name = f"batch_norm_{shape_name(shape)}" + ("_affine" if affine else "") + ("_offset" if offset else "")
        cases.append(case(src, name, "batch_norm", {"eps": 1e-5}, ins,
                          lambda x, w=None, b=None: F.batch_norm(x, None, None, w, b, training=True, eps=1e-5)))
    return cases


def matmul_cases(src):
    pairs = [((3, 4), (4, 5)), ((4,), (4, 5)), ((3, 4), (4,)), ((4,), (4,)), ((2, 3, 4), (4, 5)),
             ((2, 3, 4), (2, 4, 5)), ((2, 1, 3, 4), (3, 4, 2)), ((3, 4), (2, 4, 5)), ((1, 1), (1, 3))]
    return [case(src, f"matmul_{shape_name(sx, sy)}", "matmul", {}, {"x": src.randn(*sx), "y": src.randn(*sy)},
                 torch.matmul) for sx, sy in pairs]


def indexing_cases(src):
    cases = []
    for shape, dim, ishape in [((3, 4), 0, (2, 4)), ((3, 4), 1, (3, 6)), ((2, 3, 4), 2, (2, 3, 2)),
                               ((2, 3, 4), 1, (2, 5, 4))]:
        idx = src.index(shape[dim], *ishape)
        cases.append(case(src, f"gather_{shape_name(shape)}_d{dim}_{shape_name(ishape)}", "gather", {"dim": dim},
                          {"x": src.randn(*shape), "index": idx}, lambda x, i, d=dim: torch.gather(x, d, i)))
    for shape, dim, n in [((4, 3), 0, 6), ((2, 5, 3), 1, 4), ((3, 4), -1, 5)]:
        idx = src.index(shape[dim], n)
        cases.append(case(src, f"index_select_{shape_name(shape)}_d{dim}_{n}".replace("-", "m"), "index_select",
                          {"dim": dim}, {"x": src.randn(*shape), "index": idx},
                          lambda x, i, d=dim: torch.index_select(x, d, i)))
    for dim, shapes in [(0, [(1, 3), (2, 3), (3, 3)]), (1, [(2, 1, 4), (2, 3, 4), (2, 2, 4)]),
                        (-1, [(2, 3), (2, 1), (2, 2)])]:
        ins = {k: src.randn(*s) for k, s in zip("abc", shapes)}
        cases.append(case(src, f"concat_d{dim}_{shape_name(*shapes)}".replace("-", "m"), "concat", {"dim": dim},
                          ins, lambda a, b, c, d=dim: torch.cat([a, b, c], d)))
    for dim in (0, 1, 2, -1):
        ins = {k: src.randn(2, 3) for k in "abc"}
        cases.append(case(src, f"stack_d{dim}_2x3".replace("-", "m"), "stack", {"dim": dim}, ins,
                          lambda a, b, c, d=dim: torch.stack([a, b, c], d)))
    return cases


# Each entry: op name -> (input shapes, expression). The Java test implements the same expressions.
VIEW_CHAINS = {
    "transpose_mul": ([(4, 3), (3, 4)], lambda x, y: x.t() * y),
    "permute_add_sum": ([(2, 3, 4), (4, 1, 3)], lambda x, y: (x.permute(2, 0, 1) + y).sum(1)),
    "slice_step_exp": ([(4, 6)], lambda x: x[:, 1::2].exp()),
    "narrow_matmul": ([(5, 4), (4, 2)], lambda x, y: x.narrow(0, 1, 3) @ y),
    "expand_mul": ([(3, 1), (3, 4)], lambda x, y: x.expand(3, 4) * y),
    "flip_tanh": ([(3, 4)], lambda x: x.flip(1).tanh()),
    "reshape_softmax": ([(2, 6)], lambda x: x.reshape(3, 4).softmax(1)),
    "unsqueeze_mul": ([(3, 4), (5, 1)], lambda x, y: x.unsqueeze(1) * y),
    "select_log_softmax": ([(2, 3, 4)], lambda x: x.select(1, 2).log_softmax(-1)),
    "transpose_matmul_sum": ([(2, 4, 3), (2, 4, 5)], lambda x, y: (x.transpose(1, 2) @ y).sum(-1, keepdim=True)),
    "flatten_mean": ([(2, 3, 4)], lambda x: x.flatten(1, 2).mean(1)),
}


def view_cases(src):
    cases = []
    for op, (shapes, f) in VIEW_CHAINS.items():
        ins = {k: src.randn(*s) for k, s in zip("xy", shapes)}
        cases.append(case(src, op, op, {}, ins, f))
    return cases


def ops_second_order_cases(src):
    return [gradpenalty_case(src, f"mlp_gradpenalty_{n}x{i}x{o}", "mlp_gradpenalty", {},
                             {"x": src.randn(n, i), "w": src.randn(i, o), "b": src.randn(o)},
                             lambda x, w, b: torch.tanh(x @ w + b)) for n, i, o in [(3, 4, 2), (2, 5, 3)]]


# ---------------------------------------------------------------- group conv

def conv_params(stride=(1, 1), padding=(0, 0, 0, 0), dilation=(1, 1), groups=1):
    return {"stride": list(stride), "padding": list(padding), "dilation": list(dilation), "groups": groups}


def conv2d_fn(p, flip=False):
    top, bottom, left, right = p["padding"]

    def f(x, w, b=None):
        if flip:
            w = w.flip([2, 3])
        if top == bottom and left == right:
            return F.conv2d(x, w, b, p["stride"], (top, left), p["dilation"], p["groups"])
        return F.conv2d(F.pad(x, (left, right, top, bottom)), w, b, p["stride"], 0, p["dilation"], p["groups"])
    return f


# (name, N, C, H, W, O, kH, kW, params, bias)
CONV_GRID = [
    ("basic_k3", 2, 3, 5, 5, 4, 3, 3, conv_params(), True),
    ("stride2_pad1", 2, 2, 6, 6, 3, 3, 3, conv_params((2, 2), (1, 1, 1, 1)), True),
    ("mixed_stride_2x1_pad_1x2", 1, 2, 5, 6, 3, 3, 3, conv_params((2, 1), (1, 1, 2, 2)), True),
    ("stride_gt_kernel", 2, 2, 7, 8, 2, 2, 2, conv_params((3, 3)), True),
    ("dilation2_pad2", 1, 2, 7, 7, 2, 3, 3, conv_params((1, 1), (2, 2, 2, 2), (2, 2)), True),
    ("groups2", 2, 4, 5, 5, 6, 3, 3, conv_params((1, 1), (1, 1, 1, 1), groups=2), True),
    ("depthwise", 1, 3, 5, 4, 3, 3, 3, conv_params(groups=3), False),
    ("asym_pad", 1, 2, 5, 5, 2, 3, 3, conv_params((1, 1), (1, 0, 2, 1)), True),
    ("same_k4", 1, 2, 5, 5, 2, 4, 4, conv_params((1, 1), (1, 2, 1, 2)), True),
    ("odd_rect_kernel_nobias", 2, 2, 7, 6, 3, 3, 2, conv_params(), False),
    ("kernel1x1", 2, 3, 4, 4, 2, 1, 1, conv_params(), True),
    ("full_window", 2, 2, 4, 4, 3, 4, 4, conv_params(), True),
    ("all_mixed", 2, 4, 8, 9, 4, 3, 2, conv_params((2, 3), (1, 2, 0, 1), (2, 1), 2), True),
]


def conv_inputs(src, n, c, h, w, o, kh, kw, p, bias):
    ins = {"x": src.randn(n, c, h, w), "w": src.randn(o, c // p["groups"], kh, kw, scale=0.5)}
    if bias:
        ins["bias"] = src.randn(o)
    return ins


def conv2d_cases(src, flip):
    op = "convolve2d" if flip else "conv2d"
    grid = CONV_GRID if not flip else [g for g in CONV_GRID if g[0] in ("basic_k3", "stride2_pad1", "groups2",
                                                                         "asym_pad", "odd_rect_kernel_nobias")]
    return [case(src, f"{op}_{name}", op, p, conv_inputs(src, n, c, h, w, o, kh, kw, p, bias), conv2d_fn(p, flip))
            for name, n, c, h, w, o, kh, kw, p, bias in grid]


def convt_params(stride=(1, 1), padding=(0, 0), output_padding=(0, 0), dilation=(1, 1), groups=1):
    return {"stride": list(stride), "padding": list(padding), "output_padding": list(output_padding),
            "dilation": list(dilation), "groups": groups}


def convt_fn(p):
    return lambda x, w, b=None: F.conv_transpose2d(x, w, b, p["stride"], p["padding"], p["output_padding"],
                                                   p["groups"], p["dilation"])


# (name, N, Cin, H, W, Cout, kH, kW, params, bias)
CONVT_GRID = [
    ("overlap_2x2_k2", 1, 1, 2, 2, 1, 2, 2, convt_params(), False),
    ("basic_k3", 2, 3, 3, 3, 2, 3, 3, convt_params(), True),
    ("k3_s2_p1_op1", 2, 2, 4, 4, 3, 3, 3, convt_params((2, 2), (1, 1), (1, 1)), True),
    ("dcgan_k4_s2_p1", 1, 3, 3, 3, 2, 4, 4, convt_params((2, 2), (1, 1)), True),
    ("mixed_stride_pad_outpad", 1, 2, 3, 4, 2, 3, 2, convt_params((2, 3), (0, 1), (1, 2)), True),
    ("dilation2", 1, 2, 3, 3, 2, 3, 3, convt_params((1, 1), (1, 1), (0, 0), (2, 2)), True),
    ("dilation2_stride2_outpad", 1, 2, 3, 3, 2, 2, 3, convt_params((2, 2), (1, 0), (1, 1), (2, 2)), True),
    ("groups2", 2, 4, 3, 3, 6, 3, 3, convt_params((2, 2), (1, 1), groups=2), True),
    ("stride_eq_kernel_nobias", 2, 2, 3, 2, 3, 3, 3, convt_params((3, 3)), False),
    ("odd_sizes", 1, 3, 5, 3, 2, 2, 3, convt_params((1, 2), (1, 1)), True),
]


def conv_transpose2d_cases(src):
    cases = []
    for name, n, cin, h, w, cout, kh, kw, p, bias in CONVT_GRID:
        ins = {"x": src.randn(n, cin, h, w), "w": src.randn(cin, cout // p["groups"], kh, kw, scale=0.5)}
        if bias:
            ins["bias"] = src.randn(cout)
        cases.append(case(src, f"conv_transpose2d_{name}", "conv_transpose2d", p, ins, convt_fn(p)))
    return cases


def pool_params(kernel, stride, padding=(0, 0)):
    return {"kernel": list(kernel), "stride": list(stride), "padding": list(padding)}


POOL_GRID = [
    ("k2_s2", (2, 4, 4, 4), pool_params((2, 2), (2, 2))),
    ("k3_s2_p1", (1, 2, 5, 5), pool_params((3, 3), (2, 2), (1, 1))),
    ("k3x2_s1x2_p1x0", (2, 2, 5, 6), pool_params((3, 2), (1, 2), (1, 0))),
    ("stride_gt_kernel", (1, 2, 7, 7), pool_params((2, 2), (3, 3))),
    ("overlap_k3_s1_odd", (1, 1, 5, 4), pool_params((3, 3), (1, 1))),
]


def pool_cases(src):
    cases = []
    for name, shape, p in POOL_GRID:
        k, s, pad = p["kernel"], p["stride"], p["padding"]
        cases.append(case(src, f"max_pool2d_{name}", "max_pool2d", p, {"x": src.distinct(*shape)},
                          lambda x, k=k, s=s, pad=pad: F.max_pool2d(x, k, s, pad)))
        cases.append(case(src, f"min_pool2d_{name}", "min_pool2d", p, {"x": src.distinct(*shape)},
                          lambda x, k=k, s=s, pad=pad: -F.max_pool2d(-x, k, s, pad)))
        for include in (True, False):
            if not include and pad == [0, 0]:
                continue
            q = dict(p, count_include_pad=include)
            cases.append(case(src, f"avg_pool2d_{name}_{'incl' if include else 'excl'}", "avg_pool2d", q,
                              {"x": src.randn(*shape)},
                              lambda x, k=k, s=s, pad=pad, i=include: F.avg_pool2d(x, k, s, pad,
                                                                                   count_include_pad=i)))
    for shape in [(2, 3, 4, 5), (1, 2, 1, 1)]:
        cases.append(case(src, f"global_avg_pool2d_{shape_name(shape)}", "global_avg_pool2d", {},
                          {"x": src.randn(*shape)}, lambda x: F.adaptive_avg_pool2d(x, 1)))
    return cases


def upsample_cases(src):
    return [case(src, f"upsample_nearest2d_{shape_name(shape)}_s{sh}x{sw}", "upsample_nearest2d",
                 {"scale": [sh, sw]}, {"x": src.randn(*shape)},
                 lambda x, sh=sh, sw=sw: F.interpolate(x, scale_factor=(sh, sw), mode="nearest"))
            for shape, sh, sw in [((1, 1, 2, 2), 2, 2), ((2, 2, 3, 2), 3, 1), ((1, 2, 2, 3), 1, 2),
                                  ((1, 1, 2, 3), 2, 3)]]


def conv_second_order_cases(src):
    cases = []
    for name, n, c, h, w, o, kh, kw, p, bias in [
            ("pad1", 2, 2, 5, 5, 3, 3, 3, conv_params((1, 1), (1, 1, 1, 1)), True),
            ("stride2_dilation2_groups2", 1, 4, 7, 7, 4, 3, 3, conv_params((2, 2), (1, 1, 1, 1), (2, 2), 2), True)]:
        f = conv2d_fn(p)
        cases.append(gradpenalty_case(src, f"conv2d_gradpenalty_{name}", "conv2d_gradpenalty", p,
                                      conv_inputs(src, n, c, h, w, o, kh, kw, p, bias),
                                      lambda x, w_, b, f=f: torch.tanh(f(x, w_, b))))
    for name, n, cin, h, w, cout, kh, kw, p in [
            ("k3_s2_p1_op1", 2, 2, 3, 3, 2, 3, 3, convt_params((2, 2), (1, 1), (1, 1))),
            ("k4_s2_p1_groups2", 1, 4, 3, 3, 2, 4, 4, convt_params((2, 2), (1, 1), groups=2))]:
        ins = {"x": src.randn(n, cin, h, w), "w": src.randn(cin, cout // p["groups"], kh, kw, scale=0.5),
               "bias": src.randn(cout)}
        f = convt_fn(p)
        cases.append(gradpenalty_case(src, f"conv_transpose2d_gradpenalty_{name}", "conv_transpose2d_gradpenalty",
                                      p, ins, lambda x, w_, b, f=f: torch.tanh(f(x, w_, b))))

    def critic(x, w, b):
        h = torch.tanh(F.conv2d(F.interpolate(x, scale_factor=2, mode="nearest"), w, b, 1, 1))
        return F.avg_pool2d(F.max_pool2d(h, 2, 2), 2, 1, 1, count_include_pad=False)
    cases.append(gradpenalty_case(src, "critic_gradpenalty_2x2x3x3", "critic_gradpenalty", {},
                                  {"x": src.randn(2, 2, 3, 3), "w": src.randn(3, 2, 3, 3, scale=0.5),
                                   "bias": src.randn(3)}, critic))
    return cases


# ---------------------------------------------------------------- group models

def same_pad(n, k, s):
    """Keras/TensorFlow "same" padding of one axis: (before, after), the extra pixel after."""
    out = -(-n // s)
    total = max((out - 1) * s + k - n, 0)
    return total // 2, total - total // 2


def conv_same(x, w, b, stride):
    t, bo = same_pad(x.shape[2], w.shape[2], stride)
    l, r = same_pad(x.shape[3], w.shape[3], stride)
    return F.conv2d(F.pad(x, (l, r, t, bo)), w, b, stride)


def dcgan_step_case(src, name, latent, width, d_width, classes, batch):
    """One step of thesis Algorithm 1 on a narrow thesis-4.2 DCGAN (dropout off: D in evaluation mode).
    G: [z, c] -> Linear(width*7*7) -> LeakyReLU(0.2) -> view [width, 7, 7] -> ConvTranspose(width, k4, s2, p1)
       -> LeakyReLU -> ConvTranspose(width, k4, s2, p1) -> LeakyReLU -> Conv(1, k7, same) -> sigmoid
    D: [x, class planes] -> Conv(d_width, k3, s2, same) -> LeakyReLU -> Conv(d_width, k3, s2, same)
       -> LeakyReLU -> flatten -> Linear(1) -> sigmoid
    Tensors: the parameters ("g.<name>", "d.<name>" as the Java modules name them), z1 [batch, latent],
    c1 [batch, classes] (conditional only), real [batch, 1, 28, 28], creal [batch, classes]; fake1 = G(z1, c1);
    p = D([real; fake1]); loss_d = BCE(p, [1; 0]) and its gradients "grad_d.<name>"; z2 [2 batch, latent],
    c2; q = D(G(z2, c2)); loss_g = BCE(q, 1) and its gradients "grad_g.<name>"."""
    w, dw = width, d_width
    g = {"body.0.weight": src.randn(w * 49, latent + classes, scale=0.2), "body.0.bias": src.randn(w * 49, scale=0.1),
         "body.3.weight": src.randn(w, w, 4, 4, scale=0.15), "body.3.bias": src.randn(w, scale=0.1),
         "body.5.weight": src.randn(w, w, 4, 4, scale=0.15), "body.5.bias": src.randn(w, scale=0.1),
         "body.7.weight": src.randn(1, w, 7, 7, scale=0.1), "body.7.bias": src.randn(1, scale=0.1)}
    d = {"body.0.weight": src.randn(dw, 1 + classes, 3, 3, scale=0.3), "body.0.bias": src.randn(dw, scale=0.1),
         "body.3.weight": src.randn(dw, dw, 3, 3, scale=0.3), "body.3.bias": src.randn(dw, scale=0.1),
         "body.7.weight": src.randn(1, dw * 49, scale=0.1), "body.7.bias": src.randn(1, scale=0.1)}
    gl = {k: v.clone().requires_grad_(True) for k, v in g.items()}
    dl = {k: v.clone().requires_grad_(True) for k, v in d.items()}

    def onehot(n):
        return F.one_hot(src.index(classes, n), classes).double() if classes else None

    def gen(z, c):
        h = torch.cat([z, c], 1) if classes else z
        h = F.leaky_relu(F.linear(h, gl["body.0.weight"], gl["body.0.bias"]), 0.2).view(-1, w, 7, 7)
        h = F.leaky_relu(F.conv_transpose2d(h, gl["body.3.weight"], gl["body.3.bias"], 2, 1), 0.2)
        h = F.leaky_relu(F.conv_transpose2d(h, gl["body.5.weight"], gl["body.5.bias"], 2, 1), 0.2)
        return torch.sigmoid(conv_same(h, gl["body.7.weight"], gl["body.7.bias"], 1))

    def disc(x, c):
        if classes:
            x = torch.cat([x, c.view(-1, classes, 1, 1).expand(-1, classes, 28, 28)], 1)
        h = F.leaky_relu(conv_same(x, dl["body.0.weight"], dl["body.0.bias"], 2), 0.2)
        h = F.leaky_relu(conv_same(h, dl["body.3.weight"], dl["body.3.bias"], 2), 0.2)
        return torch.sigmoid(F.linear(h.flatten(1), dl["body.7.weight"], dl["body.7.bias"]))

    z1, c1 = src.randn(batch, latent), onehot(batch)
    real, creal = src.uniform(0, 1, batch, 1, 28, 28), onehot(batch)
    with torch.no_grad():
        fake1 = gen(z1, c1)
    p = disc(torch.cat([real, fake1]), torch.cat([creal, c1]) if classes else None)
    loss_d = F.binary_cross_entropy(p, torch.cat([torch.ones(batch, 1), torch.zeros(batch, 1)]))
    grad_d = torch.autograd.grad(loss_d, list(dl.values()))
    z2, c2 = src.randn(2 * batch, latent), onehot(2 * batch)
    q = disc(gen(z2, c2), c2)
    loss_g = F.binary_cross_entropy(q, torch.ones(2 * batch, 1))
    grad_g = torch.autograd.grad(loss_g, list(gl.values()))
    t = {}
    t.update({"g." + k: arr(v) for k, v in g.items()})
    t.update({"d." + k: arr(v) for k, v in d.items()})
    t["z1"], t["real"] = arr(z1), arr(real)
    if classes:
        t["c1"], t["creal"], t["c2"] = arr(c1), arr(creal), arr(c2)
    t["fake1"], t["p"], t["loss_d"] = arr(fake1), arr(p), arr(loss_d)
    t.update({"grad_d." + k: arr(v) for k, v in zip(d, grad_d)})
    t["z2"], t["q"], t["loss_g"] = arr(z2), arr(q), arr(loss_g)
    t.update({"grad_g." + k: arr(v) for k, v in zip(g, grad_g)})
    params = {"latent": latent, "width": width, "d_width": d_width, "classes": classes, "batch": batch}
    return {"name": name, "op": "dcgan_step", "params": params, "tensors": t}


def dcgan_cases(src):
    return [dcgan_step_case(src, "dcgan_step_unconditional", 5, 4, 3, 0, 2),
            dcgan_step_case(src, "dcgan_step_conditional", 4, 3, 2, 3, 2)]


# ---------------------------------------------------------------- main

GROUPS = {
    "ops": [("unary.json", 101, unary_cases), ("binary.json", 102, binary_cases),
            ("reduce.json", 103, reduce_cases), ("softmax.json", 104, softmax_cases),
            ("matmul.json", 105, matmul_cases), ("indexing.json", 106, indexing_cases),
            ("views.json", 107, view_cases), ("second_order.json", 108, ops_second_order_cases),
            ("norm.json", 109, norm_cases)],
    "conv": [("conv2d.json", 201, lambda s: conv2d_cases(s, False)),
             ("convolve2d.json", 202, lambda s: conv2d_cases(s, True)),
             ("conv_transpose2d.json", 203, conv_transpose2d_cases),
             ("pool.json", 204, pool_cases), ("upsample.json", 205, upsample_cases),
             ("second_order.json", 206, conv_second_order_cases)],
    "models": [("dcgan_step.json", 301, dcgan_cases)],
}


def main():
    total = 0
    for group, files in GROUPS.items():
        for file, seed, make in files:
            total += write(group, file, seed, make(Source(seed)))
        write_index(group, [f for f, _, _ in files])
    print(f"{total:9d} bytes in all")
    if total > 2_000_000:
        sys.exit("golden files exceed 2 MB: shrink the shapes")


if __name__ == "__main__":
    main()
