"""The exit: `to_torch(...).code` / `tfcompat port` write one plain-PyTorch file. Each model (the
migration guide's, the models of migration steps 1, 2 and 5, and models shaped like the public
conformance cases conv_pool_small, rnn_basic_cell, layers_dense_stack, nn_basic_ops,
train_adam_softmax) is ported, then run in a child interpreter where importing tfcompat fails,
and must give the graph's outputs (1e-6)."""
import json
import os
import subprocess
import sys

import numpy as np
import pytest
import torch

import tfcompat as tf
from tfcompat.export import ExportError
from tfcompat.export import to_torch
from tfcompat.export.port import write_port

pytestmark = pytest.mark.tfcompat_only
RNG = np.random.RandomState(0)
MIGRATION_DATA = os.path.join(os.path.dirname(__file__), "..", "..", "migration", "data")

RUNNER = r'''
import importlib.util, json, sys
import numpy as np
sys.modules["tfcompat"] = None                  # the port must not need tfcompat
import torch
for case in json.load(open(sys.argv[1])):
    spec = importlib.util.spec_from_file_location("ported", case["py"])
    ported = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ported)
    model = getattr(ported, case["class"])()
    model.load_state_dict(torch.load(case["pt"]))
    with torch.no_grad():
        out = model(*[torch.from_numpy(np.asarray(v, dtype=d)) for v, d in case["inputs"]])
    outs = out if isinstance(out, tuple) else (out,)
    worst = max(float(np.max(np.abs(o.numpy() - np.asarray(w)) / (1 + np.abs(np.asarray(w)))))
                for o, w in zip(outs, case["expected"]))
    print(case["name"], worst)
'''


def _dense_stack(x):
    h = tf.layers.dense(x, 8, activation=tf.nn.relu, name="h1")
    h = tf.layers.dense(h, 6, activation=tf.nn.tanh, name="h2")
    return [tf.layers.dense(h, 3, name="out")]


def _conv_pool(x):
    k = tf.get_variable("k", [2, 2, 1, 2])
    k3 = tf.get_variable("k3", [3, 3, 1, 2])
    return [tf.nn.conv2d(x, k, [1, 1, 1, 1], "SAME"), tf.nn.conv2d(x, k, [1, 2, 2, 1], "VALID"),
            tf.nn.conv2d(x, k3, [1, 2, 2, 1], "SAME"),
            tf.nn.max_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], "VALID"),
            tf.nn.max_pool(x, [1, 3, 3, 1], [1, 2, 2, 1], "SAME"),
            tf.nn.avg_pool(x, [1, 3, 3, 1], [1, 2, 2, 1], "SAME"),
            tf.nn.conv2d_transpose(tf.nn.relu(x[:, :2, :2, :]), tf.get_variable("kt", [2, 2, 1, 1]),
                                   [2, 4, 4, 1], [1, 2, 2, 1], "SAME")]


def _rnn(x):
    with tf.variable_scope("simple"):
        o, s = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicRNNCell(2), x, dtype=tf.float32)
    with tf.variable_scope("lstm"):
        lo, ls = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(3), x, dtype=tf.float32,
                                   sequence_length=[3, 1])
    return [o, s, lo, ls.c, ls.h]


def _nn_ops(x):
    logits = tf.layers.dense(x, 4, name="logits")
    labels = tf.one_hot(tf.argmax(x, axis=1), 4)
    return [tf.nn.softmax(logits), tf.nn.log_softmax(logits), tf.nn.relu6(x * 4.0),
            tf.nn.elu(x), tf.nn.selu(x), tf.nn.softplus(x), tf.nn.leaky_relu(x, 0.1),
            tf.nn.sigmoid(x), tf.reduce_mean(tf.square(logits - labels), axis=0),
            tf.nn.softmax_cross_entropy_with_logits_v2(labels=tf.nn.softmax(x[:, :4]),
                                                       logits=logits),
            tf.concat([x, -x], axis=1)[:, 1:6:2], tf.gather(x, [1, 0, 1], axis=1),
            tf.reshape(tf.transpose(x), [-1]), tf.reduce_max(x, axis=1, keepdims=True),
            tf.cumsum(x, 1, exclusive=True, reverse=True), tf.cumprod(x, 0)]


def _batch_norm(x):
    y = tf.layers.batch_normalization(tf.layers.conv2d(x, 3, 3, padding="same", name="c"),
                                      training=False, name="bn")
    return [tf.nn.relu(y)]


def _softmax_classifier(x):
    w = tf.get_variable("w", [4, 3])
    b = tf.get_variable("b", [3], initializer=tf.constant_initializer(0.1))
    return [tf.nn.softmax(tf.matmul(x, w) + b)]


MODELS = {
    "layers_dense_stack": (_dense_stack, (5, 4)),
    "conv_pool_small": (_conv_pool, (2, 4, 4, 1)),
    "rnn_basic_cell": (_rnn, (2, 3, 2)),
    "nn_basic_ops": (_nn_ops, (3, 6)),
    "batch_norm_inference": (_batch_norm, (2, 5, 5, 2)),
    "train_adam_softmax": (_softmax_classifier, (7, 4)),
}


class _Ported:
    """Ported modules, checked together in one child interpreter (one torch import)."""

    def __init__(self, tmp_path):
        self.tmp, self.cases = tmp_path, []

    def add(self, name, module, inputs, expected):
        py, pt = write_port(module, str(self.tmp / name))
        self.cases.append({"name": name, "py": py, "pt": pt,
                           "class": type(module).__mro__[1].__name__,
                           "inputs": [[v.tolist(), str(v.dtype)] for v in inputs],
                           "expected": [np.asarray(e).tolist() for e in expected]})

    def run(self) -> dict:
        (self.tmp / "cases.json").write_text(json.dumps(self.cases))
        (self.tmp / "runner.py").write_text(RUNNER)
        result = subprocess.run([sys.executable, str(self.tmp / "runner.py"),
                                 str(self.tmp / "cases.json")], capture_output=True, text=True,
                                timeout=300)
        assert result.returncode == 0, result.stderr[-3000:]
        return {line.split()[0]: float(line.split()[1]) for line in result.stdout.splitlines()}


def _model_port(name):
    build, shape = MODELS[name]
    value = RNG.uniform(-1, 1, shape).astype(np.float32)
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None] + list(shape[1:]), name="x")
        outputs = build(x)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            expected = sess.run(outputs, {x: value})
            module = to_torch(sess, x, outputs)
    assert module.standalone, module.not_portable
    assert "import tfcompat" not in module.code and "_tf." not in module.code
    with torch.no_grad():
        got = module(torch.from_numpy(value))
    got = got if isinstance(got, tuple) else (got,)
    for g, e in zip(got, expected):
        np.testing.assert_allclose(g.numpy(), e, rtol=1e-6, atol=1e-6)
    return module, [value], expected


def test_ported_models_run_without_tfcompat(tmp_path):
    """Every model above, plus the migration guide's step-6 classifier (from its checkpoint)
    and step-4 frozen graph, written by write_port and run where tfcompat cannot be imported."""
    ported = _Ported(tmp_path)
    for name in sorted(MODELS):
        ported.add(name, *_model_port(name))
    reference = np.load(os.path.join(MIGRATION_DATA, "reference.npz"))
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 4], name="x")
        hidden = tf.layers.dense(x, 8, activation=tf.nn.relu, name="hidden")
        logits = tf.layers.dense(hidden, 2, name="logits")
        probs = tf.nn.softmax(logits)
        with tf.Session() as sess:
            tf.train.Saver().restore(sess, tf.train.latest_checkpoint(MIGRATION_DATA))
            module = to_torch(sess, inputs=x, outputs=probs)
            frozen = tf.graph_util.convert_variables_to_constants(sess, sess.graph_def,
                                                                  [probs.op.name])
    assert [n for n, _ in module.named_parameters()] == [
        "hidden.kernel", "hidden.bias", "logits.kernel", "logits.bias"]
    ported.add("migration_classifier", module, [reference["x"]], [reference["probs"]])
    with tf.Graph().as_default():
        fx = tf.placeholder(tf.float32, [None, 4], name="fx")
        out, = tf.import_graph_def(frozen, {"x:0": fx}, [probs.name], name="")
        frozen_module = to_torch(tf.Session(), fx, out)
    assert frozen_module.standalone
    ported.add("migration_frozen_graph", frozen_module, [reference["x"]], [reference["probs"]])
    errors = ported.run()
    assert sorted(errors) == sorted(c["name"] for c in ported.cases)
    # the reference probabilities were recorded by TF (migration/data): 1e-5; the rest 1e-6
    assert all(err < (1e-5 if name.startswith("migration") else 1e-6)
               for name, err in errors.items()), errors


# -- the models of the other migration steps, built (and trained) as their scripts do ----------

def _trained(inputs, feeds, outputs, train, steps):
    with tf.Session(config=tf.ConfigProto(allow_soft_placement=True)) as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(steps):
            sess.run(train, dict(zip(inputs, feeds)))
        expected = sess.run(outputs, dict(zip(inputs, feeds)))
        module = to_torch(sess, inputs, outputs)
    assert module.standalone, module.not_portable
    return module, feeds, expected


def _step1_linear_regression():
    """migration/01_run_unchanged.py: scalar w, b fitted to a line by SGD."""
    xs = np.linspace(-1, 1, 32).astype(np.float32)
    ys = 2.0 * xs - 1.0
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None], name="x")
        y = tf.placeholder(tf.float32, [None], name="y")
        w = tf.Variable(0.0, name="w")
        b = tf.Variable(0.0, name="b")
        prediction = w * x + b
        loss = tf.reduce_mean(tf.square(prediction - y))
        train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
        module, feeds, expected = _trained([x, y], [xs, ys], [prediction, loss], train, 5)
    assert [n for n, _ in module.named_parameters()] == ["w", "b"]
    assert module.w.dim() == 0      # scalars stay 0-d
    return module, feeds, expected


def _step2_dense_mlp():
    """migration/02_check_then_fix.py: a dense ReLU MLP trained by Adam on sparse labels."""
    rng = np.random.RandomState(0)
    xs = rng.randn(200, 2).astype(np.float32)
    labels = (xs[:, 0] * xs[:, 1] > 0).astype(np.int64)
    with tf.Graph().as_default():
        tf.set_random_seed(0)
        x = tf.placeholder(tf.float32, [None, 2])
        y = tf.placeholder(tf.int64, [None])
        hidden = tf.layers.dense(x, 16, activation=tf.nn.relu)
        logits = tf.layers.dense(hidden, 2)
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y,
                                                                             logits=logits))
        accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), y), tf.float32))
        train = tf.train.AdamOptimizer(0.1).minimize(loss)
        module, feeds, expected = _trained([x, y], [xs, labels], [logits, loss, accuracy],
                                           train, 5)
    assert [n for n, _ in module.named_parameters()] == [
        "dense.kernel", "dense.bias", "dense_1.kernel", "dense_1.bias"]
    return module, feeds, expected


def _step5_towers():
    """migration/05_gpus_and_devices.py: a linear model split over two GPU towers (soft placed
    on the CPU here) trained with averaged gradients; the towers' losses and the prediction."""
    rng = np.random.RandomState(0)
    xs = rng.randn(64, 3).astype(np.float32)
    ys = xs @ np.array([[1.0], [-2.0], [0.5]], np.float32) + 0.25
    with tf.Graph().as_default():
        opt = tf.train.GradientDescentOptimizer(0.1)
        with tf.device("/cpu:0"):
            x = tf.placeholder(tf.float32, [None, 3])
            y = tf.placeholder(tf.float32, [None, 1])
            w = tf.get_variable("w", [3, 1], initializer=tf.zeros_initializer())
            b = tf.get_variable("b", [1], initializer=tf.zeros_initializer())
            x_parts, y_parts = tf.split(x, 2), tf.split(y, 2)
        losses, tower_grads = [], []
        for i in range(2):
            with tf.device("/gpu:%d" % i), tf.name_scope("tower_%d" % i):
                losses.append(tf.reduce_mean(tf.square(tf.matmul(x_parts[i], w) + b - y_parts[i])))
                tower_grads.append(opt.compute_gradients(losses[-1]))
        with tf.device("/cpu:0"):
            averaged = [(tf.add_n([g for g, _ in pairs]) / 2, pairs[0][1])
                        for pairs in zip(*tower_grads)]
            train = opt.apply_gradients(averaged)
            prediction = tf.matmul(x, w) + b
        return _trained([x, y], [xs, ys], losses + [prediction], train, 5)


def test_migration_example_models_run_without_tfcompat(tmp_path):
    """Steps 1, 2 and 5 of the migration guide build their own models (steps 3, 4, 6 and 7 use
    the classifier ported above): each, trained a few steps, ported and run without tfcompat."""
    ported = _Ported(tmp_path)
    for name, build in [("step1_linear_regression", _step1_linear_regression),
                        ("step2_dense_mlp", _step2_dense_mlp), ("step5_towers", _step5_towers)]:
        module, feeds, expected = build()
        with torch.no_grad():
            got = module(*[torch.from_numpy(v) for v in feeds])
        for g, e in zip(got, expected):
            np.testing.assert_allclose(g.numpy(), e, rtol=1e-6, atol=1e-6)
        ported.add(name, module, feeds, expected)
    errors = ported.run()
    assert sorted(errors) == sorted(c["name"] for c in ported.cases)
    assert all(err < 1e-6 for err in errors.values()), errors


def test_module_that_needs_tfcompat_is_refused_by_name(tmp_path):
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 3], name="x")
        y = tf.matrix_inverse(tf.reshape(x, [-1, 1, 1]), name="inverse")
        with tf.Session() as sess:
            module = to_torch(sess, x, y)
    assert not module.standalone and module.code.startswith("# needs tfcompat")
    np.testing.assert_allclose(module(torch.full((1, 3), 2.0)).numpy().ravel(), [0.5] * 3)
    with pytest.raises(ExportError, match="inverse: op type MatrixInverse has no plain-PyTorch"):
        write_port(module, str(tmp_path / "m"))


def test_dropout_under_cond_exports_with_a_training_argument(tmp_path):
    """tf.layers.dropout(training=<placeholder_with_default>) is a tf.cond with random ops: it
    exports (nothing writes a variable), the placeholder becomes forward's `training=` keyword
    and only the chosen branch runs, as when TF feeds the placeholder."""
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 4], name="x")
        training = tf.placeholder_with_default(False, [], name="training")
        y = tf.layers.dropout(tf.layers.dense(x, 4, name="d"), 0.5, training=training)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            module = to_torch(sess, x, y)
            want = sess.run(y, {x: np.ones([3, 4], np.float32)})
    assert module.standalone and "def forward(self, x, training=None):" in module.code
    with torch.no_grad():
        off = module(torch.ones(3, 4)).numpy()
        on = module(torch.ones(3, 4), training=True).numpy()
    np.testing.assert_allclose(off, want, rtol=1e-6)
    assert np.all((on == 0) | np.isclose(on, 2 * off))
    py, pt = write_port(module, str(tmp_path / "dropout"))
    assert "torch.rand(" in open(py).read()
