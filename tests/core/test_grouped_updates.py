"""Grouped variable updates (client/grouped_updates.py): independent dense Apply* ops sharing
their hyper-parameters run as one multi-tensor step, bit for bit as the ops run one by one.

Expected literals were recorded from TF 2.21 compat.v1 (tf.raw_ops' ApplyGradientDescent)."""
import numpy as np
import pytest

from tfcompat.client import grouped_updates
from tfcompat.ops import _cache_blocks
from tfcompat.ops import training_ops

pytestmark = pytest.mark.tfcompat_only

# (3,) and (4, 5) go through the grouped kernel; (130, 130) is above training_ops_grouped.SMALL
# and runs with its own op's kernel inside the group
_SHAPES = [(3,), (4, 5), (130, 130)]

_OPTIMIZERS = {
    "sgd": lambda tf: tf.train.GradientDescentOptimizer(0.1),
    "sgd_locking": lambda tf: tf.train.GradientDescentOptimizer(0.1, use_locking=True),
    "momentum": lambda tf: tf.train.MomentumOptimizer(0.05, 0.9),
    "nesterov": lambda tf: tf.train.MomentumOptimizer(0.05, 0.9, use_nesterov=True),
    "adam": lambda tf: tf.train.AdamOptimizer(0.01),
    "adam_locking": lambda tf: tf.train.AdamOptimizer(0.01, use_locking=True),
}


def _grouped_plans(sess):
    return [update for _, plan in sess._plans.values()
            for update in (plan.namespace or {}).values()
            if isinstance(update, grouped_updates.GroupedUpdate)]


def _first_run(monkeypatch, grouped, sess, fetches, feed=None):
    """Runs `fetches` once, building the plan with grouping on or off."""
    monkeypatch.setattr(grouped_updates, "ENABLED", grouped)
    try:
        return sess.run(fetches, feed)
    finally:
        monkeypatch.setattr(grouped_updates, "ENABLED", True)


def _train(monkeypatch, optimizer, dtype, use_resource, grouped, steps=3):
    import tfcompat as tf
    rng = np.random.RandomState(7)
    with tf.Graph().as_default():
        np_dtype = np.dtype(dtype)
        variables = [tf.get_variable("v%d" % i, initializer=rng.normal(size=shape)
                                     .astype(np_dtype), use_resource=use_resource)
                     for i, shape in enumerate(_SHAPES)]
        loss = tf.add_n([tf.reduce_sum(v * v * (0.5 + i) + tf.sin(v))
                         for i, v in enumerate(variables)])
        train = _OPTIMIZERS[optimizer](tf).minimize(loss)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        _first_run(monkeypatch, grouped, sess, train)
        for _ in range(steps - 1):
            sess.run(train)
        values = sess.run(variables + tf.global_variables())
        return values, _grouped_plans(sess)


def _bits(values):
    return [np.asarray(v).view("u%d" % np.asarray(v).dtype.itemsize) for v in values]


@pytest.mark.parametrize("use_resource", [False, True])
@pytest.mark.parametrize("dtype", ["float32", "float64", "float16"])
@pytest.mark.parametrize("optimizer", sorted(_OPTIMIZERS))
def test_grouped_updates_equal_ungrouped_bit_for_bit(monkeypatch, optimizer, dtype,
                                                     use_resource):
    grouped, groups = _train(monkeypatch, optimizer, dtype, use_resource, True)
    ungrouped, none = _train(monkeypatch, optimizer, dtype, use_resource, False)
    assert len(groups) == 1 and len(groups[0].ops) == len(_SHAPES) and not none
    for a, b in zip(_bits(grouped), _bits(ungrouped)):
        np.testing.assert_array_equal(a, b)


def _two_apply_adam(tf, use_nesterov):
    rng = np.random.RandomState(3)
    apply_adam = training_ops.APPLY["ApplyAdam"]
    updates, variables = [], []
    hyper = [tf.constant(x) for x in (0.9, 0.999, 0.01, 0.9, 0.999, 1e-7)]
    for i, shape in enumerate([(5,), (2, 3)]):
        var, m, v = (tf.Variable(rng.normal(size=shape).astype(np.float32)) for _ in range(3))
        grad = tf.constant(rng.normal(size=shape).astype(np.float32))
        updates.append(apply_adam(var, m, v, *hyper, grad, use_nesterov=use_nesterov))
        variables += [var, m, v]
    return updates, variables


@pytest.mark.parametrize("use_nesterov", [False, True])
def test_grouped_adam_nesterov_and_fetched_refs(monkeypatch, use_nesterov):
    import tfcompat as tf
    results = []
    for grouped in (True, False):
        with tf.Graph().as_default():
            updates, variables = _two_apply_adam(tf, use_nesterov)
            sess = tf.Session()
            sess.run(tf.global_variables_initializer())
            fetched = _first_run(monkeypatch, grouped, sess, updates)
            fetched += sess.run(updates)
            results.append(fetched + sess.run(variables))
            assert bool(_grouped_plans(sess)) == grouped
    for a, b in zip(_bits(results[0]), _bits(results[1])):
        np.testing.assert_array_equal(a, b)


def _sgd_pair(tf):
    sgd = training_ops.APPLY["ApplyGradientDescent"]
    v1 = tf.Variable(np.array([1.0, 2.0, 3.0], np.float32))
    v2 = tf.Variable(np.array([4.0, 5.0], np.float32))
    d1 = tf.placeholder(tf.float32, None)
    d2 = tf.placeholder(tf.float32, None)
    return v1, v2, d1, d2, sgd(v1, 0.1, d1), sgd(v2, 0.1, d2)


def test_fetching_grouped_updates_gives_updated_variables(tfc):
    tf = tfc
    v1, v2, d1, d2, u1, u2 = _sgd_pair(tf)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out = sess.run([u1, u2], {d1: [1, 1, 1], d2: [0.5, 0.25]})
        assert len(_grouped_plans(sess)) == 1
    # recorded from TF 2.21 compat.v1
    np.testing.assert_array_equal(out[0], np.array([0.9, 1.9, 2.9], np.float32))
    np.testing.assert_array_equal(out[1], np.array([3.95, 4.975], np.float32))


def test_a_failing_member_names_itself_and_earlier_members_still_run(tfc):
    tf = tfc
    v1, v2, d1, d2, u1, u2 = _sgd_pair(tf)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run([u1, u2], {d1: [1, 1, 1], d2: [0.5, 0.25]})
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            sess.run([u1, u2], {d1: [1, 1, 1], d2: [0.5, 0.25, 1]})
        assert "var and delta do not have the same shape[2] [3]" in info.value.message
        assert info.value.op is u2.op
        # as TF (recorded, TF 2.21 compat.v1): the first update ran, the second did not
        after = sess.run([v1, v2])
        np.testing.assert_array_equal(after[0], np.array([0.79999995, 1.8, 2.8000002],
                                                         np.float32))
        np.testing.assert_array_equal(after[1], np.array([3.95, 4.975], np.float32))
        lr = tf.placeholder(tf.float32, None)
        sgd = training_ops.APPLY["ApplyGradientDescent"]
        u3, u4 = sgd(v1, lr, d1), sgd(v2, lr, d2)
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"alpha is not a scalar: \[2\]"):
            sess.run([u3, u4], {lr: [0.1, 0.2], d1: [1, 1, 1], d2: [1, 1]})
        np.testing.assert_array_equal(sess.run(v2), np.array([3.95, 4.975], np.float32))


def test_an_update_reading_another_after_a_control_dependency_is_not_grouped(tfc):
    tf = tfc
    sgd = training_ops.APPLY["ApplyGradientDescent"]
    v1 = tf.Variable(np.array([1.0, 2.0, 3.0], np.float32))
    v2 = tf.Variable(np.array([4.0, 5.0], np.float32))
    u5 = sgd(v1, 0.1, tf.constant([1.0, 1.0, 1.0]))
    with tf.control_dependencies([u5]):
        r = tf.identity(v1) * 1.0
    u6 = sgd(v2, 0.1, r[:2])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out = sess.run([u5, u6])
        assert not _grouped_plans(sess)
    # recorded from TF 2.21 compat.v1
    np.testing.assert_array_equal(out[0], np.array([0.9, 1.9, 2.9], np.float32))
    np.testing.assert_array_equal(out[1], np.array([3.91, 4.81], np.float32))


def test_an_input_aliasing_another_members_variable_runs_as_ungrouped(monkeypatch):
    import tfcompat as tf
    results = []
    for grouped in (True, False):
        with tf.Graph().as_default():
            sgd = training_ops.APPLY["ApplyGradientDescent"]
            v1 = tf.Variable(np.array([1.0, 2.0, 3.0], np.float32))
            v2 = tf.Variable(np.array([4.0, 5.0, 6.0], np.float32))
            # v1's stored tensor itself is v2's delta (a ref variable's read does not copy)
            updates = [sgd(v1, 0.5, tf.constant([1.0, 1.0, 1.0])), sgd(v2, 0.5, v1)]
            sess = tf.Session()
            sess.run(tf.global_variables_initializer())
            _first_run(monkeypatch, grouped, sess, updates)
            assert bool(_grouped_plans(sess)) == grouped
            results.append(sess.run([v1, v2]))
    for a, b in zip(results[0], results[1]):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(results[0][1], np.array([3.75, 4.25, 4.75], np.float32))


def test_sparse_updates_are_not_grouped(monkeypatch):
    import tfcompat as tf
    results = []
    for grouped in (True, False):
        with tf.Graph().as_default():
            tables = [tf.Variable(np.arange(12, dtype=np.float32).reshape(4, 3) + i)
                      for i in range(2)]
            ids = tf.constant([0, 2, 2])
            loss = tf.add_n([tf.reduce_sum(tf.nn.embedding_lookup(t, ids) ** 2)
                             for t in tables])
            train = tf.train.MomentumOptimizer(0.01, 0.9).minimize(loss)
            sess = tf.Session()
            sess.run(tf.global_variables_initializer())
            _first_run(monkeypatch, grouped, sess, train)
            sess.run(train)
            assert not _grouped_plans(sess)
            results.append(sess.run(tables))
    for a, b in zip(results[0], results[1]):
        np.testing.assert_array_equal(a, b)


@pytest.fixture
def tfc():
    import tfcompat as tf
    with tf.Graph().as_default():
        yield tf


@pytest.mark.parametrize("use_nesterov", [False, True])
@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
def test_adam_in_cache_blocks_rounds_as_whole_tensors(monkeypatch, dtype, use_nesterov):
    import torch
    monkeypatch.setattr(_cache_blocks, "_BLOCK_BYTES", 4096)   # blocks at any thread count
    torch_dtype = getattr(torch, dtype)
    n = 300007            # several blocks and a ragged last one (training_ops.cache_blocks)
    gen = torch.Generator().manual_seed(0)
    tensors = [torch.randn(n, generator=gen).to(torch_dtype) for _ in range(4)]
    tensors[2] = tensors[2].abs()        # v
    hyper = [torch.tensor(x, dtype=torch_dtype) for x in (0.9, 0.999, 0.01, 0.9, 0.999, 1e-7)]
    scalars = training_ops.adam_scalars(torch_dtype, *hyper)
    whole = [t.clone() for t in tensors]
    training_ops._adam_block(*whole, *scalars, use_nesterov)
    blocked = [t.clone() for t in tensors]
    blocks = training_ops.cache_blocks(*blocked)
    assert len(blocks) > 1
    for block in blocks:
        training_ops._adam_block(*block, *scalars, use_nesterov)
    for a, b in zip(_bits(t.numpy() for t in whole), _bits(t.numpy() for t in blocked)):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("use_nesterov", [False, True])
@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
def test_momentum_in_cache_blocks_rounds_as_whole_tensors(monkeypatch, dtype, use_nesterov):
    import torch
    monkeypatch.setattr(_cache_blocks, "_BLOCK_BYTES", 4096)
    torch_dtype = getattr(torch, dtype)
    gen = torch.Generator().manual_seed(1)
    tensors = [torch.randn(300007, generator=gen).to(torch_dtype) for _ in range(3)]
    lr, momentum = torch.tensor(0.05, dtype=torch_dtype), torch.tensor(0.9, dtype=torch_dtype)
    whole = [t.clone() for t in tensors]
    blocked = [t.clone() for t in tensors]
    var, accum, grad = whole
    accum.mul_(momentum).add_(grad)         # the one-op kernel on whole tensors
    if use_nesterov:
        var.sub_(grad * lr + accum * momentum * lr)
    else:
        var.sub_(accum * lr)
    assert len(training_ops.cache_blocks(*blocked)) > 1
    training_ops.SPECS["ApplyMomentum"].lower(None, blocked[0], blocked[1], lr, blocked[2],
                                              momentum, use_nesterov=use_nesterov)
    for a, b in zip(_bits(t.numpy() for t in whole), _bits(t.numpy() for t in blocked)):
        np.testing.assert_array_equal(a, b)
