"""LeNet-style CNN training step (issue 4): 28x28x1 input, conv 5x5x32 + max-pool, conv 5x5x64 +
max-pool, dense 1024, dense 10, batch 64, momentum SGD; tfcompat (tf.layers, NHWC) against the
same model written by hand in PyTorch (NCHW), same initial weights and data.

    python bench/bench_cnn.py [--steps 20] [--threads N] [--tf-python PYTHON_WITH_TF]
"""
from __future__ import annotations

import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _nn_bench  # noqa: E402

BATCH, LR, MOMENTUM = 64, 0.01, 0.9


def _data(n_batches=4):
    rng = np.random.RandomState(0)
    xs = rng.uniform(0, 1, (n_batches, BATCH, 28, 28, 1)).astype(np.float32)
    ys = rng.randint(0, 10, (n_batches, BATCH)).astype(np.int32)

    def glorot(*shape, fan_in, fan_out):
        limit = np.sqrt(6.0 / (fan_in + fan_out))
        return rng.uniform(-limit, limit, shape).astype(np.float32)

    w = {"c1": glorot(5, 5, 1, 32, fan_in=25, fan_out=800),
         "c2": glorot(5, 5, 32, 64, fan_in=800, fan_out=1600),
         "d1": glorot(3136, 1024, fan_in=3136, fan_out=1024),
         "d2": glorot(1024, 10, fan_in=1024, fan_out=10)}
    for key, size in (("c1", 32), ("c2", 64), ("d1", 1024), ("d2", 10)):
        w[key + "_b"] = rng.uniform(-0.05, 0.05, size).astype(np.float32)
    return xs, ys, w


def build_graph(tf, w):
    def init(key):
        return dict(kernel_initializer=tf.constant_initializer(w[key]),
                    bias_initializer=tf.constant_initializer(w[key + "_b"]))

    x = tf.placeholder(tf.float32, [None, 28, 28, 1], name="x")
    y = tf.placeholder(tf.int32, [None], name="y")
    h = tf.layers.conv2d(x, 32, 5, padding="same", activation=tf.nn.relu, **init("c1"))
    h = tf.layers.max_pooling2d(h, 2, 2)
    h = tf.layers.conv2d(h, 64, 5, padding="same", activation=tf.nn.relu, **init("c2"))
    h = tf.layers.max_pooling2d(h, 2, 2)
    h = tf.layers.dense(tf.layers.flatten(h), 1024, activation=tf.nn.relu, **init("d1"))
    logits = tf.layers.dense(h, 10, **init("d2"))
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y,
                                                                        logits=logits))
    train = tf.train.MomentumOptimizer(LR, MOMENTUM).minimize(loss)
    return x, y, loss, train


make_tfcompat, make_tf1 = _nn_bench.graph_makers(_data, build_graph)


def make_torch(compiled=False):
    """The hand-written model's step; `compiled`: the step under torch.compile."""
    import torch
    import torch.nn.functional as F
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    xs, ys, w = _data()
    xs_nchw = np.ascontiguousarray(xs.transpose(0, 1, 4, 2, 3))
    conv1, conv2 = torch.nn.Conv2d(1, 32, 5, padding=2), torch.nn.Conv2d(32, 64, 5, padding=2)
    fc1, fc2 = torch.nn.Linear(3136, 1024), torch.nn.Linear(1024, 10)
    d1 = w["d1"].reshape(7, 7, 64, 1024).transpose(2, 0, 1, 3).reshape(3136, 1024)
    with torch.no_grad():
        for mod, kernel, bias in ((conv1, w["c1"].transpose(3, 2, 0, 1), w["c1_b"]),
                                  (conv2, w["c2"].transpose(3, 2, 0, 1), w["c2_b"]),
                                  (fc1, d1.T, w["d1_b"]), (fc2, w["d2"].T, w["d2_b"])):
            mod.weight.copy_(torch.from_numpy(np.ascontiguousarray(kernel)))
            mod.bias.copy_(torch.from_numpy(bias))
    model = torch.nn.ModuleList([conv1, conv2, fc1, fc2]).to(device)
    opt = torch.optim.SGD(model.parameters(), lr=LR, momentum=MOMENTUM)

    def train_step(x, y):
        h = F.max_pool2d(F.relu(conv1(x)), 2)
        h = F.max_pool2d(F.relu(conv2(h)), 2)
        logits = fc2(F.relu(fc1(h.flatten(1))))
        loss = F.cross_entropy(logits, y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        return loss

    run = torch.compile(train_step) if compiled else train_step

    def step(i):
        x = torch.from_numpy(xs_nchw[i]).to(device)
        y = torch.from_numpy(ys[i]).to(device).long()
        return run(x, y).item()

    return step, len(xs), str(device)


if __name__ == "__main__":
    _nn_bench.main("LeNet CNN 28x28x1, conv32-pool-conv64-pool-fc1024-fc10, batch %d, momentum"
                   " SGD" % BATCH, os.path.abspath(__file__), make_tfcompat, make_torch,
                   make_tf1)
