"""Golden values for Keras' GAN arithmetic (issue 13): a few float32 Adam steps on a binary cross-entropy
computed as Keras 3 on TensorFlow computes it for a sigmoid output, written with numpy from the formulas
of the Keras and TensorFlow sources (no TensorFlow here):

- the loss of a sigmoid output is taken from its logits z (keras/src/backend/tensorflow/nn.py,
  binary_crossentropy -> _get_logits -> tf.nn.sigmoid_cross_entropy_with_logits):
  l = max(z, 0) - z t + log1p(exp(-|z|)), mean over the batch (reduction "sum_over_batch_size"),
  differentiated term by term as TensorFlow's autodiff does;
- Adam is keras/src/optimizers/adam.py update_step, in the variable's dtype (float32):
  alpha = lr sqrt(1 - b2^t) / (1 - b1^t); m += (g - m)(1 - b1); v += (g^2 - v)(1 - b2);
  var -= (m alpha) / (sqrt(v) + epsilon), epsilon 1e-7 ("epsilon hat").

The model is a logistic unit z = x w + b on 8 fixed rows, chosen so that the arithmetic differs from
PyTorch's conventions (BCELoss on clamped probabilities, epsilon 1e-8 on the corrected root): rows 0 and
1 are confidently wrong (z = -40 with t = 1, where a probability below 1e-12 is clamped and gives no
gradient; z = 24 with t = 0, where sigmoid(z) rounds to 1 in float32), and the third feature is of
order 1e-6, so its gradient is of order 1e-7 and Adam's epsilon decides its step.

Writes test-data/src/main/resources/golden/models/keras_gan_arith.json (format of test-data/README.md):
tensors x, t, w0, b0 and, for each step k = 1..STEPS, loss_k and the gradients dw_k, db_k at the step's start
and the parameters w_k, b_k after it.
Usage: /usr/bin/python3 test-data/scripts/make_keras_golden.py
"""
import json
import os

import numpy as np

f32 = np.float32
STEPS = 6
LR, B1, B2, EPS = f32(0.01), f32(0.5), f32(0.999), f32(1e-7)
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "src", "main", "resources", "golden", "models", "keras_gan_arith.json")

x = np.array([[-5.0, 0.0, 1.0e-6],
              [3.0, 0.0, -2.0e-6],
              [0.25, -0.5, 1.5e-6],
              [-0.75, 1.25, -0.5e-6],
              [0.5, 0.5, 2.5e-6],
              [-0.25, -1.0, 1.0e-6],
              [1.0, 0.75, -1.5e-6],
              [-1.5, 0.25, 0.5e-6]], dtype=f32)
t = np.array([[1], [0], [1], [0], [1], [0], [0], [1]], dtype=f32)
w = np.array([[8.0], [-3.0], [0.5]], dtype=f32)
b = np.array([0.0], dtype=f32)
w0, b0 = w.copy(), b.copy()


def loss_and_grads(w, b):
    z = (x @ w + b).astype(f32)
    n = f32(z.shape[0])
    e = np.exp(-np.abs(z)).astype(f32)
    per = (np.maximum(z, f32(0)) - z * t + np.log1p(e)).astype(f32)
    loss = f32(per.sum(dtype=f32) / n)
    # d/dz of max(z, 0) - z t + log1p(exp(-|z|)), term by term
    dz = ((z > 0).astype(f32) - t + (-np.sign(z).astype(f32)) * e / (f32(1) + e)).astype(f32) / n
    return loss, (x.T @ dz).astype(f32), dz.sum(axis=0, dtype=f32).astype(f32)


def adam(var, g, m, v, step):
    t_ = f32(step)
    alpha = f32(LR * np.sqrt(f32(1) - B2 ** t_) / (f32(1) - B1 ** t_))
    m += (g - m) * (f32(1) - B1)
    v += (g * g - v) * (f32(1) - B2)
    var -= (m * alpha) / (np.sqrt(v) + EPS)


def arr(a):
    a = np.asarray(a, dtype=f32)
    return {"shape": list(a.shape), "data": [float(repr_f) for repr_f in a.reshape(-1).astype(np.float64)]}


tensors = {"x": arr(x), "t": arr(t), "w0": arr(w0), "b0": arr(b0)}
mw, vw = np.zeros_like(w), np.zeros_like(w)
mb, vb = np.zeros_like(b), np.zeros_like(b)
for k in range(1, STEPS + 1):
    loss, gw, gb = loss_and_grads(w, b)
    adam(w, gw, mw, vw, k)
    adam(b, gb, mb, vb, k)
    tensors[f"loss_{k}"] = arr(np.array(loss))
    tensors[f"dw_{k}"] = arr(gw)
    tensors[f"db_{k}"] = arr(gb)
    tensors[f"w_{k}"] = arr(w)
    tensors[f"b_{k}"] = arr(b)

case = {"name": "logistic_unit_saturated", "op": "keras_adam_bce_steps",
        "params": {"steps": STEPS, "lr": float(LR), "beta1": float(B1), "beta2": float(B2), "epsilon": float(EPS)},
        "tensors": tensors}
head = {"generator": f"test-data/scripts/make_keras_golden.py; numpy {np.__version__}; float32; Keras 3 formulas"}
text = json.dumps(head, separators=(",", ":"))[:-1] + ',"cases":[\n' + json.dumps(case, separators=(",", ":")) + "\n]}\n"
with open(OUT, "w") as f:
    f.write(text)
print("wrote", os.path.normpath(OUT))
