"""tfcompat.export.to_torch: nn.Module with TF-named parameters and a generated forward."""
import os

import numpy as np
import pytest
import torch

import tfcompat as tf
from tfcompat.export import ExportError
from tfcompat.export import to_torch
from tfcompat.export import torch_name

X = np.random.RandomState(0).randn(5, 4).astype(np.float32)


def _model(trainable_bias=True):
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    with tf.variable_scope("dense"):
        w = tf.get_variable("kernel", [4, 3], initializer=tf.constant_initializer(0.5))
        b = tf.get_variable("bias", [3], initializer=tf.constant_initializer(0.1),
                            trainable=trainable_bias)
    y = tf.nn.relu(tf.matmul(x, w) + b) * 2.0
    return x, y, tf.reduce_sum(y, axis=1)


def _numpy_model(x, bias=0.1):
    y = np.maximum(x @ np.full((4, 3), 0.5, np.float32) + bias, 0) * 2.0
    return y, y.sum(axis=1)


def test_export_matches_and_names_parameters():
    with tf.Graph().as_default():
        x, y, z = _model()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            module = to_torch(sess, [x], [y, z])
    assert [n for n, _ in module.named_parameters()] == ["dense.kernel", "dense.bias"]
    assert module.tf_names == {"dense/kernel": "dense.kernel", "dense/bias": "dense.bias"}
    assert module.input_names == ("x:0",)
    out = module(torch.from_numpy(X))
    for got, want in zip(out, _numpy_model(X)):
        np.testing.assert_allclose(got.detach().numpy(), want, rtol=1e-6)
    # the code is a whole plain-PyTorch file: the class the module is an instance of
    assert module.standalone and "import tfcompat" not in module.code
    assert "\nclass MulModule(torch.nn.Module):\n" in module.code
    assert "    def forward(self, x):\n" in module.code
    assert "mat_mul = torch.matmul(x, self.dense.kernel)\n" in module.code
    loss = out[1].sum()
    loss.backward()
    assert module.dense.kernel.grad is not None


def test_session_values_dict_outputs_and_buffers():
    with tf.Graph().as_default():
        x, _, z = _model(trainable_bias=False)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(tf.get_collection(tf.GraphKeys.GLOBAL_VARIABLES)[1].assign([1.0, 1.0, 1.0]))
            module = to_torch(sess, x, {"sum": z})
    assert [n for n, _ in module.named_parameters()] == ["dense.kernel"]
    assert list(module.state_dict()) == ["dense.kernel", "dense.bias"]
    got = module(torch.from_numpy(X))
    np.testing.assert_allclose(got["sum"].detach().numpy(), _numpy_model(X, 1.0)[1], rtol=1e-6)


def test_graph_gets_initializer_values():
    with tf.Graph().as_default() as graph:
        _, y, _ = _model()
    module = to_torch(graph, "x:0", y)
    np.testing.assert_allclose(module(torch.from_numpy(X)).detach().numpy(), _numpy_model(X)[0],
                               rtol=1e-6)


def test_refuses_update_ops_and_missing_feeds():
    with tf.Graph().as_default():
        x, y, z = _model()
        keep = tf.placeholder(tf.float32, [], name="keep")
        counter = tf.Variable(0.0, name="counter")
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            with pytest.raises(ExportError, match="placeholder 'keep', which is not in `inputs`"):
                to_torch(sess, x, y * keep)
            with pytest.raises(ExportError, match=r"op 'AssignAdd' \(AssignAdd\) is needed and "
                                                  "writes a variable"):
                to_torch(sess, x, z + tf.assign_add(counter, 1.0))
            with pytest.raises(ExportError, match="computes gradients"):
                to_torch(sess, x, tf.gradients(z, x)[0])


def test_torch_compile_and_export():
    with tf.Graph().as_default():
        x, y, z = _model()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            module = to_torch(sess, x, [y, z])
    inputs = torch.from_numpy(X)
    compiled = torch.compile(module, fullgraph=True, backend="eager")
    np.testing.assert_allclose(compiled(inputs)[1].detach().numpy(), _numpy_model(X)[1], rtol=1e-6)
    exported = torch.export.export(module, (inputs,))
    assert set(exported.state_dict) == {"dense.kernel", "dense.bias"}
    np.testing.assert_allclose(exported.module()(inputs)[1].detach().numpy(), _numpy_model(X)[1],
                               rtol=1e-6)


@pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::torch.jit.TracerWarning")
@pytest.mark.parametrize("dynamo", [False, True])
def test_torch_onnx(tmp_path, dynamo):
    onnx = pytest.importorskip("onnx")
    if dynamo:
        pytest.importorskip("onnxscript")
    from onnx.reference import ReferenceEvaluator

    with tf.Graph().as_default():
        x, y, _ = _model()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            module = to_torch(sess, x, y)
    path = os.path.join(tmp_path, "model.onnx")
    torch.onnx.export(module, (torch.from_numpy(X),), path, input_names=["x"], dynamo=dynamo)
    got = ReferenceEvaluator(onnx.load(path)).run(None, {"x": X})[0]
    np.testing.assert_allclose(got, _numpy_model(X)[0], rtol=1e-6)


@pytest.mark.parametrize("tf_name, expected", [
    ("dense/kernel", "dense.kernel"), ("dense/kernel:0", "dense.kernel"),
    ("layer-1/W", "layer_1.W"), ("train/step", "train_.step"), ("0/w", "_0.w"),
])
def test_torch_name(tf_name, expected):
    assert torch_name(tf_name) == expected


@pytest.mark.cuda
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
def test_export_on_cuda():
    with tf.Graph().as_default():
        x, y, z = _model()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            module = to_torch(sess, x, [y, z], device="cuda")
    assert module.dense.kernel.device.type == "cuda"
    out = module(torch.from_numpy(X).cuda())
    np.testing.assert_allclose(out[1].cpu().detach().numpy(), _numpy_model(X)[1], rtol=1e-5)


def test_control_flow_exports_and_trains():
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 3], name="x")
        w = tf.Variable(np.ones((3, 2), np.float32), name="w")
        y = tf.cond(tf.reduce_sum(x) > 0, lambda: tf.matmul(x, w), lambda: -tf.matmul(x, w))
        _, z = tf.while_loop(lambda i, a: i < 3, lambda i, a: (i + 1, a * 2.0), [0, y])
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            module = to_torch(sess, x, z)
    ones = np.ones((2, 3), np.float32)
    for sign in (1.0, -1.0):        # both branches: 8 * |x @ w| = 8 * 3
        out = module(torch.from_numpy(sign * ones))
        np.testing.assert_allclose(out.detach().numpy(), np.full((2, 2), 24.0, np.float32))
    out.sum().backward()
    np.testing.assert_allclose(module.w.grad.numpy(), np.full((3, 2), 16.0, np.float32))


def test_partitioned_embedding_lookup_exports_standalone():
    """A lookup in a PartitionedVariable (DynamicPartition, one gather per shard,
    ParallelDynamicStitch, as TF builds it) ports to plain PyTorch."""
    with tf.Graph().as_default():
        ids = tf.placeholder(tf.int64, [None, 2], name="ids")
        with tf.variable_scope("e", partitioner=tf.fixed_size_partitioner(2)):
            table = tf.get_variable("t", [5, 2], initializer=tf.zeros_initializer())
        values = np.arange(10, dtype=np.float32).reshape(5, 2)
        fill = [tf.assign(v, values[:3] if i == 0 else values[3:]) for i, v in enumerate(table)]
        rows = {s: tf.nn.embedding_lookup(table, ids, partition_strategy=s)
                for s in ("mod", "div")}
        feed = np.array([[4, 0], [1, 3], [2, 2]], np.int64)
        with tf.Session() as sess:
            sess.run(fill)
            want = sess.run([rows["mod"], rows["div"]], {ids: feed})
            module = to_torch(sess, [ids], [rows["mod"], rows["div"]])
    assert module.standalone and "import tfcompat" not in module.code
    for got, w in zip(module(torch.from_numpy(feed)), want):
        np.testing.assert_array_equal(got.detach().numpy(), w)
