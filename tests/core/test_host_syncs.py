"""Lowerings never make the host wait on the GPU (DESIGN.md: "shapes from static shapes or on the
CPU; checks asynchronous"). A warm `sess.run` of each representative plan below makes no host
sync: on CUDA under `torch.cuda.set_sync_debug_mode("error")`, and on any machine through the
stand-in GPU of `_host_sync.py` (which counts what would sync on CUDA).

The syncs TF itself makes are listed in `TF_NEEDS`: an output shape that depends on the data
(`tf.where(c)`, `tf.boolean_mask`, `tf.unique`: TF's GPU kernels copy a count to the host too)
and a `tf.cond` predicate computed on the device (TF's `If`/`Switch` read it in host memory).
"""
from __future__ import annotations

import collections

import numpy as np
import pytest
import torch

import tfcompat as tf
from tfcompat.client import compile as compile_lib

from _host_sync import GPU
from _host_sync import simulated_gpu

pytestmark = pytest.mark.tfcompat_only


# -- representative plans: build(tf) -> (fetches, feed_dict) -------------------------------

def mlp_adam(tf):
    x = tf.placeholder(tf.float32, [None, 4])
    y = tf.placeholder(tf.int32, [None])
    h = tf.layers.dense(x, 8, activation=tf.nn.relu)
    logits = tf.layers.dense(h, 3)
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
    train = tf.train.AdamOptimizer(0.01).minimize(loss)
    return [loss, train], {x: np.linspace(-1, 1, 20, dtype=np.float32).reshape(5, 4),
                           y: np.array([0, 1, 2, 0, 1], np.int32)}


def conv_batch_norm(tf):
    x = tf.placeholder(tf.float32, [None, 8, 8, 3])
    y = tf.placeholder(tf.float32, [None, 4])
    h = tf.layers.conv2d(x, 4, 3, padding="same")
    h = tf.nn.relu(tf.layers.batch_normalization(h, training=True))
    h = tf.nn.max_pool(h, [1, 2, 2, 1], [1, 2, 2, 1], "VALID")
    logits = tf.layers.dense(tf.reshape(h, [-1, 4 * 4 * 4]), 4)
    loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=logits))
    with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
        train = tf.train.MomentumOptimizer(0.1, 0.9).minimize(loss)
    r = np.random.RandomState(0)
    return [loss, train], {x: r.rand(2, 8, 8, 3).astype(np.float32),
                           y: np.eye(4, dtype=np.float32)[[0, 3]]}


def lstm_dynamic_rnn(tf):
    x = tf.placeholder(tf.float32, [None, 5, 3])
    out, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.LSTMCell(6), x, dtype=tf.float32)
    loss = tf.reduce_mean(tf.square(out[:, -1]))
    train = tf.train.AdamOptimizer(0.01).minimize(loss)
    return [loss, train], {x: np.random.RandomState(1).rand(2, 5, 3).astype(np.float32)}


def embedding_gather(tf):
    ids = tf.placeholder(tf.int32, [None, 3])
    emb = tf.get_variable("emb", [10, 4])
    e = tf.reduce_sum(tf.nn.embedding_lookup(emb, ids), 1)
    g = tf.gather(e, [1, 0], axis=0)
    loss = tf.reduce_sum(g * g)
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    return [loss, train], {ids: np.array([[1, 2, 3], [4, 5, 9]], np.int32)}


def shape_arithmetic(tf):
    x = tf.placeholder(tf.float32, [None, 6])
    s = tf.shape(x)
    r = tf.transpose(tf.reshape(x, [s[0], 2, 3]), [0, 2, 1])
    c = tf.concat([r, r * 2.0], axis=2)
    sl = tf.slice(c, [0, 0, 0], [s[0], 2, -1])
    m = tf.reduce_mean(sl, axis=[1, 2]) + tf.reduce_sum(c[:, 1:, ::2], axis=-1)[:, 0]
    z = tf.zeros(tf.stack([s[0], 3])) + tf.ones_like(x[:, :3])
    tiled = tf.tile(tf.expand_dims(m, 1), [1, 3]) + z
    first = tf.squeeze(tf.split(tiled, 3, axis=1)[0], axis=1)
    am = tf.argmax(tf.pad(x, [[0, 0], [1, 1]]), axis=1)
    return [first, am, tf.reduce_max(x), tf.cast(tf.size(x), tf.float32), s], \
        {x: np.arange(12, dtype=np.float32).reshape(2, 6)}


def cond_and_while(tf):
    x = tf.placeholder(tf.float32, [None, 3])
    flag = tf.placeholder(tf.bool, [])
    y = tf.cond(flag, lambda: x * 2.0, lambda: x - 1.0)
    _, acc = tf.while_loop(lambda i, a: i < 4, lambda i, a: (i + 1, a + tf.reduce_sum(y)),
                           [tf.constant(0), tf.constant(0.0)])
    return [y, acc], {x: np.ones((2, 3), np.float32), flag: True}


def data_dependent(tf):
    x = tf.placeholder(tf.float32, [None, 3])
    where = tf.where(x > 1.0)
    masked = tf.boolean_mask(x, x[:, 0] > 1.0)
    unique, idx = tf.unique(tf.cast(tf.reshape(x, [-1]), tf.int32))
    branch = tf.cond(tf.reduce_sum(x) > 0.0, lambda: x + 1.0, lambda: x - 1.0)
    return [where, masked, unique, idx, branch], {x: np.array([[0, 2, 3], [4, 1, 1]], np.float32)}


SYNC_FREE = [mlp_adam, conv_batch_norm, lstm_dynamic_rnn, embedding_gather, shape_arithmetic,
             cond_and_while]

# (op type, kind) of each sync TF makes too, per plan
TF_NEEDS = {
    data_dependent: collections.Counter([
        ("Where", "data-dependent output shape"),          # tf.where(condition)
        ("Where", "data-dependent output shape"),          # inside tf.boolean_mask
        ("Unique", "data-dependent output shape"),
        ("StatelessIf", "copy from device to host"),       # the predicate, made on the device
    ]),
}


def _warm_run(build, config=None, counter=None):
    """(values of the second run, syncs of the second run)."""
    with tf.Graph().as_default():
        tf.set_random_seed(1)
        fetches, feeds = build(tf)
        with tf.Session(config=config) as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(fetches, feeds)
            if counter is not None:
                counter.syncs.clear()
            values = sess.run(fetches, feeds)
    return values, list(counter.syncs) if counter is not None else []


def _assert_same(values, expected):
    for got, want in zip(values, expected):
        if want is None:
            assert got is None
        else:
            np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("build", SYNC_FREE + list(TF_NEEDS), ids=lambda b: b.__name__)
def test_warm_run_makes_no_host_sync_but_those_tf_makes(build):
    expected, _ = _warm_run(build)
    with simulated_gpu() as counter:
        values, syncs = _warm_run(build, counter=counter)
    found = collections.Counter((s.op_type, s.kind) for s in syncs)
    assert found == TF_NEEDS.get(build, collections.Counter()), "\n".join(map(repr, syncs))
    _assert_same(values, expected)   # the stand-in GPU computes the CPU's values


def test_shape_values_stay_on_the_host_and_placement_still_says_gpu():
    with simulated_gpu() as counter:
        with tf.Graph().as_default():
            x = tf.placeholder(tf.float32, [None, 3])
            s = tf.shape(x)
            doubled = tf.reshape(x, tf.stack([s[0] * 3]))
            with tf.Session() as sess:
                feed = {x: np.ones((2, 3), np.float32)}
                sess.run([s, doubled], feed)
                counter.syncs.clear()
                shape, flat = sess.run([s, doubled], feed)
                listing = [line for _, plan in sess._plans.values()
                           for line in plan.describe().splitlines()]
    assert counter.syncs == []
    assert shape.tolist() == [2, 3] and flat.shape == (6,)
    # the placement (log_device_placement) says GPU for host-memory ops too, as TF's does
    assert listing and all("device:GPU:0" in line for line in listing)


def test_gather_out_of_range_on_a_gpu_gives_zeros_as_tf_gpu():
    # TF's documented GPU behaviour (tf.gather: "On GPU, if an out of bound index is found, a 0
    # is stored in the corresponding output value"); on the CPU it raises (tests/differential)
    with simulated_gpu() as counter:
        values, syncs = _warm_run(lambda tf: (
            [tf.gather(tf.constant([[1.0, 2.0], [3.0, 4.0]]), tf.constant([1, 5, -1, 0]))], {}),
            counter=counter)
    assert syncs == []
    np.testing.assert_array_equal(values[0], [[3, 4], [0, 0], [0, 0], [1, 2]])


def test_scatter_add_on_a_gpu_skips_out_of_range_indices_as_tf_gpu():
    # TF's GPU scatter kernels skip out-of-range indices (scatter_functor_gpu.cu.h); its CPU
    # kernels raise InvalidArgumentError, as tfcompat does on the CPU
    def build(tf):
        v = tf.Variable([1.0, 2.0, 3.0])
        return [tf.scatter_add(v, [0, 7, 2, -1], [10.0, 20.0, 30.0, 40.0])], {}
    with simulated_gpu() as counter:
        values, syncs = _warm_run(build, counter=counter)
    assert syncs == []
    np.testing.assert_array_equal(values[0], [21.0, 2.0, 63.0])   # second run: twice


def test_unsorted_segment_sum_on_a_gpu_drops_out_of_range_ids_as_tf_gpu():
    # tf.math.unsorted_segment_sum: "On GPU, this does not throw an error for out-of-bound
    # indices ... which may include ignoring out-of-bound indices"; negative ids are dropped
    # everywhere. The IndexedSlices of a gather's gradient become dense through this op.
    def build(tf):
        data = tf.placeholder(tf.float32, [None, 2])
        ids = tf.placeholder(tf.int32, [None])
        return [tf.unsorted_segment_sum(data, ids, 3)], {
            data: np.arange(10, dtype=np.float32).reshape(5, 2),
            ids: np.array([0, 2, 5, -1, 0], np.int32)}
    with simulated_gpu() as counter:
        values, syncs = _warm_run(build, counter=counter)
    assert syncs == []
    np.testing.assert_array_equal(values[0], [[8, 10], [0, 0], [2, 3]])


def test_scatter_add_out_of_range_on_the_cpu_keeps_tfs_error():
    with tf.Graph().as_default():
        v = tf.Variable([1.0, 2.0, 3.0])
        update = tf.scatter_add(v, [0, 7], [10.0, 20.0])
        with tf.Session() as sess:
            sess.run(v.initializer)
            with pytest.raises(tf.errors.InvalidArgumentError, match=r"indices\[1\] = 7 is not "
                               r"in \[0, 3\)"):
                sess.run(update)


# -- the counter itself ----------------------------------------------------------------------

def test_counter_counts_what_would_sync_on_cuda_and_nothing_else():
    with simulated_gpu() as counter:
        counter.counting = 1
        on_gpu = torch.zeros(4, device=GPU)            # made on the device: no copy
        host = torch.arange(4)
        assert counter.syncs == []
        (on_gpu + 1).sum().item()                      # a read of a device value
        host.sum().item()                              # a host value: free
        torch.tensor([1, 2], device=GPU)               # a blocking copy to the device
        host.to(GPU, non_blocking=True)                # an asynchronous one: free
        on_gpu.nonzero()                               # a data-dependent shape
        on_gpu + host                                  # a CPU tensor in a device op
        on_gpu + torch.tensor(2.0)                     # a CPU scalar: a kernel argument, free
        on_gpu.tolist()
        on_gpu.cpu()
    kinds = [s.kind for s in counter.syncs]
    assert kinds == ["read of a device value", "copy from host to device",
                     "data-dependent output shape",
                     "CPU tensor used by a device op (an error or a copy on CUDA)",
                     "copy from device to host", "copy from device to host"]


# -- on CUDA: the same plans under torch's sync debug mode -----------------------------------

@pytest.mark.cuda
@pytest.mark.parametrize("build", SYNC_FREE, ids=lambda b: b.__name__)
def test_warm_run_on_cuda_under_sync_debug_mode_error(build, monkeypatch):
    # CUDA's random streams differ from the CPU's: plans with random initial weights are
    # compared with the CPU only where their values do not depend on them
    expected, _ = _warm_run(build, config=tf.ConfigProto(device_count={"GPU": 0}))
    call = compile_lib.Plan.__call__

    def strict_call(self, feed_values):   # feeding and fetching copy, as in TF: not the plan
        previous = torch.cuda.get_sync_debug_mode()
        torch.cuda.set_sync_debug_mode("error")
        try:
            return call(self, feed_values)
        finally:
            torch.cuda.set_sync_debug_mode(previous)

    with tf.Graph().as_default():
        tf.set_random_seed(1)
        fetches, feeds = build(tf)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(fetches, feeds)       # compiles the plan (compiling may sync)
            torch.cuda.synchronize()
            monkeypatch.setattr(compile_lib.Plan, "__call__", strict_call)
            values = sess.run(fetches, feeds)
            monkeypatch.setattr(compile_lib.Plan, "__call__", call)
    if build in (shape_arithmetic, cond_and_while):
        _assert_same(values, expected)
    else:
        assert all(v is None or np.all(np.isfinite(v)) for v in values)
