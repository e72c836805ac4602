"""LSTM language-model training step (issue 4): vocabulary 10k, embedding 128, one LSTM layer of
256 units over 35 steps, batch 32, softmax over the vocabulary, plain SGD; tfcompat
(tf.nn.dynamic_rnn over BasicLSTMCell, which runs as torch's fused LSTM kernel) against
`torch.nn.LSTM` written by hand, same initial weights (TF's kernel mapped to torch's gate order)
and data.

    python bench/bench_lstm.py [--steps 20] [--threads N] [--tf-python PYTHON_WITH_TF]
"""
from __future__ import annotations

import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _nn_bench  # noqa: E402

VOCAB, EMBED, HIDDEN, STEPS, BATCH, LR = 10000, 128, 256, 35, 32, 0.5


def _data(n_batches=4):
    rng = np.random.RandomState(0)
    xs = rng.randint(0, VOCAB, (n_batches, BATCH, STEPS)).astype(np.int32)
    ys = rng.randint(0, VOCAB, (n_batches, BATCH, STEPS)).astype(np.int32)
    w = {"embedding": rng.uniform(-0.1, 0.1, (VOCAB, EMBED)).astype(np.float32),
         "kernel": rng.uniform(-0.1, 0.1, (EMBED + HIDDEN, 4 * HIDDEN)).astype(np.float32),
         "bias": rng.uniform(-0.1, 0.1, 4 * HIDDEN).astype(np.float32),
         "softmax_w": rng.uniform(-0.1, 0.1, (HIDDEN, VOCAB)).astype(np.float32),
         "softmax_b": rng.uniform(-0.1, 0.1, VOCAB).astype(np.float32)}
    return xs, ys, w


def build_graph(tf, w):
    x = tf.placeholder(tf.int32, [BATCH, STEPS], name="x")
    y = tf.placeholder(tf.int32, [BATCH, STEPS], name="y")
    embedding = tf.get_variable("embedding", initializer=w["embedding"])
    inputs = tf.nn.embedding_lookup(embedding, x)
    cell = tf.nn.rnn_cell.BasicLSTMCell(HIDDEN, forget_bias=0.0)
    with tf.variable_scope("rnn"):
        with tf.variable_scope("basic_lstm_cell"):
            tf.get_variable("kernel", initializer=w["kernel"])
            tf.get_variable("bias", initializer=w["bias"])
    with tf.variable_scope(tf.get_variable_scope(), reuse=True):
        outputs, _ = tf.nn.dynamic_rnn(cell, inputs, dtype=tf.float32)
    softmax_w = tf.get_variable("softmax_w", initializer=w["softmax_w"])
    softmax_b = tf.get_variable("softmax_b", initializer=w["softmax_b"])
    logits = tf.nn.xw_plus_b(tf.reshape(outputs, [-1, HIDDEN]), softmax_w, softmax_b)
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(
        labels=tf.reshape(y, [-1]), logits=logits))
    train = tf.train.GradientDescentOptimizer(LR).minimize(loss)
    return x, y, loss, train


make_tfcompat, make_tf1 = _nn_bench.graph_makers(_data, build_graph)


def make_torch(compiled=False):
    """The hand-written model's step; `compiled`: the step under torch.compile."""
    import torch
    import torch.nn.functional as F
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    xs, ys, w = _data()
    embedding = torch.nn.Embedding(VOCAB, EMBED)
    lstm = torch.nn.LSTM(EMBED, HIDDEN, batch_first=True)
    decoder = torch.nn.Linear(HIDDEN, VOCAB)
    i, j, f, o = np.split(w["kernel"].T, 4)           # TF gates (i, j, f, o) -> torch (i, f, g, o)
    kernel = np.concatenate([i, f, j, o])
    bi, bj, bf, bo = np.split(w["bias"], 4)
    with torch.no_grad():
        embedding.weight.copy_(torch.from_numpy(w["embedding"]))
        lstm.weight_ih_l0.copy_(torch.from_numpy(np.ascontiguousarray(kernel[:, :EMBED])))
        lstm.weight_hh_l0.copy_(torch.from_numpy(np.ascontiguousarray(kernel[:, EMBED:])))
        lstm.bias_ih_l0.copy_(torch.from_numpy(np.concatenate([bi, bf, bj, bo])))
        lstm.bias_hh_l0.zero_()
        decoder.weight.copy_(torch.from_numpy(np.ascontiguousarray(w["softmax_w"].T)))
        decoder.bias.copy_(torch.from_numpy(w["softmax_b"]))
    model = torch.nn.ModuleList([embedding, lstm, decoder]).to(device)
    opt = torch.optim.SGD(model.parameters(), lr=LR)

    def train_step(x, y):
        outputs, _ = lstm(embedding(x))
        logits = decoder(outputs.reshape(-1, HIDDEN))
        loss = F.cross_entropy(logits, y.reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        return loss

    run = torch.compile(train_step) if compiled else train_step

    def step(k):
        x = torch.from_numpy(xs[k]).to(device).long()
        y = torch.from_numpy(ys[k]).to(device).long()
        return run(x, y).item()

    return step, len(xs), str(device)


if __name__ == "__main__":
    _nn_bench.main("LSTM LM vocab %d, embedding %d, hidden %d, %d steps, batch %d, SGD"
                   % (VOCAB, EMBED, HIDDEN, STEPS, BATCH), os.path.abspath(__file__),
                   make_tfcompat, make_torch, make_tf1)
