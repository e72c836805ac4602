"""Placement: TF's default placement, soft placement, placement errors, logging, CUDA runs."""
import os

import numpy as np
import pytest


def test_soft_placement_runs_a_gpu_request(tf):
    with tf.device("/gpu:7"):
        a = tf.constant([2.0, 4.0])
        b = a * a
    with tf.device("/CPU:0"):
        c = b + 1.0
    assert [a.device, b.device, c.device] == ["/device:GPU:7", "/device:GPU:7", "/device:CPU:0"]
    config = tf.ConfigProto(allow_soft_placement=True)
    with tf.Session(config=config) as sess:
        assert sess.run(c).tolist() == [5.0, 17.0]


def test_impossible_placement_is_invalid_argument_naming_the_op(tf):
    with tf.device("/gpu:7"):
        a = tf.constant([2.0, 4.0], name="on_gpu7")
        b = tf.identity(a, name="b")
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            sess.run(b)
    assert "Cannot assign a device for operation" in str(info.value)
    assert "on_gpu7" in str(info.value) or "b" in str(info.value)


@pytest.mark.tfcompat_only
def test_placement_error_suggests_soft_placement():
    import tfcompat as tf
    with tf.Graph().as_default():
        with tf.device("/gpu:7"):
            a = tf.constant(1.0, name="a")
        with tf.Session() as sess:
            with pytest.raises(tf.errors.InvalidArgumentError) as info:
                sess.run(a)
    assert "allow_soft_placement=True" in str(info.value)


def test_log_device_placement_lists_the_graph_as_tf(tf, capfd):
    # TF's placer places the whole graph at the first run (and again at a run after ops were
    # added) and prints each op on stdout, the generator ops (no inputs, one non-ref output)
    # after the others; TF 2.21 printed these lines
    a = tf.constant([1.0, 2.0], name="a")
    b = tf.constant([3.0, 4.0], name="b")
    x = tf.placeholder(tf.float32, [2], name="x")
    c = tf.add(a, b, name="c")
    f = tf.add_n([tf.multiply(c, x, name="d"), tf.sqrt(a, name="e"), c], name="f")
    v = tf.Variable(1.0, name="v")
    with tf.Session(config=tf.ConfigProto(log_device_placement=True)) as sess:
        capfd.readouterr()
        sess.run(v.initializer)
        first = capfd.readouterr().out
        sess.run(f, {x: [1.0, 1.0]})
        assert capfd.readouterr().out == ""
        tf.identity(f, name="g")
        sess.run(f, {x: [1.0, 1.0]})
        later = capfd.readouterr().out
    cpu = ": /job:localhost/replica:0/task:0/device:CPU:0"
    if not os.environ.get("TFCOMPAT_TEST_AGAINST_TF") and __import__("torch").cuda.is_available():
        return   # ops go to the GPU there
    listed = ["c: (AddV2)", "d: (Mul)", "e: (Sqrt)", "f: (AddN)", "v: (VariableV2)",
              "v/Assign: (Assign)", "v/read: (Identity)", "a: (Const)", "b: (Const)",
              "x: (Placeholder)", "v/initial_value: (Const)"]
    assert first.splitlines() == [name + cpu for name in listed]
    listed.insert(7, "g: (Identity)")
    assert later.splitlines() == [name + cpu for name in listed]


@pytest.mark.tfcompat_only
def test_device_count_gives_logical_cpus():
    import tfcompat as tf
    with tf.Graph().as_default():
        with tf.device("/cpu:1"):
            a = tf.constant(3.0) * 2.0
        with tf.Session(config=tf.ConfigProto(device_count={"CPU": 2})) as sess:
            assert sess.run(a) == 6.0
            assert len([d for d in sess.list_devices() if d.device_type == "CPU"]) == 2


@pytest.mark.cuda
@pytest.mark.tfcompat_only
def test_cuda_default_placement_and_cross_device_values():
    import torch
    import tfcompat as tf
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 3])
        w = tf.constant(np.eye(3, dtype=np.float32) * 2.0)
        y = tf.matmul(x, w)                      # default: cuda:0
        with tf.device("/cpu:0"):
            z = tf.reduce_sum(y, axis=1)         # value moves to the CPU
        with tf.Session() as sess:
            out_y, out_z = sess.run([y, z], {x: np.ones((2, 3), np.float32)})
            plan = next(iter(sess._plans.values()))[1]
    assert out_y.tolist() == [[2.0] * 3] * 2 and out_z.tolist() == [6.0, 6.0]
    assert "device:GPU:0" in plan.describe() and "device:CPU:0" in plan.describe()
    assert torch.cuda.is_available()


@pytest.mark.cuda
@pytest.mark.tfcompat_only
def test_cuda_explicit_gpu_ops_match_cpu():
    import tfcompat as tf
    values = {}
    for device in ("/cpu:0", "/gpu:0"):
        with tf.Graph().as_default():
            with tf.device(device):
                a = tf.constant(np.arange(12, dtype=np.float32).reshape(3, 4))
                out = tf.reduce_mean(tf.nn.relu(a - 5.0) if hasattr(tf, "nn") else a - 5.0, 0)
            with tf.Session() as sess:
                values[device] = sess.run(out)
    np.testing.assert_allclose(values["/cpu:0"], values["/gpu:0"], rtol=1e-6)
