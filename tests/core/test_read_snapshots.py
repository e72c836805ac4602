"""Resource-variable reads without their snapshot copy where nothing can tell
(client/snapshots.py): the values stay TF's, and the copy stays wherever a later write could
show through the read.

Expected literals were recorded from TF 2.21 compat.v1."""
import numpy as np
import pytest

from tfcompat.client import snapshots

pytestmark = pytest.mark.tfcompat_only


@pytest.fixture
def tfc():
    import tfcompat as tf
    with tf.Graph().as_default():
        yield tf


def _uncopied(sess, fetched=None):
    """Names of the ReadVariableOps that the session's plans fetching `fetched` (all plans:
    None) run without a copy."""
    return {key for _, plan in sess._plans.values() for key in (plan.namespace or {})
            if key.startswith("N") and (fetched is None or fetched in plan.fetch_tensors)}


def _read_id(tensor):
    """The id of the ReadVariableOp behind `tensor` (read_value() adds an Identity)."""
    op = tensor.op
    while op.type != "ReadVariableOp":
        op = op._inputs[0].op
    return "N%d" % op._id


def _graph(tf):
    v = tf.get_variable("v", initializer=np.array([1.0, 2.0], np.float32), use_resource=True)
    r = v.read_value()
    ident = tf.identity(r)
    with tf.control_dependencies([ident]):
        a = v.assign_add([10.0, 10.0])
    with tf.control_dependencies([a]):
        later = ident * 1.0          # reads the snapshot after the write
    r2 = v.read_value()
    early = r2 * 2.0                 # the read's only reader runs before the write
    with tf.control_dependencies([early]):
        b = v.assign_add([1.0, 1.0])
    return v, r, r2, a, b, later, early


def test_a_read_seen_after_a_write_keeps_its_snapshot(tfc):
    tf = tfc
    v, r, _, _, _, later, _ = _graph(tf)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        # recorded from TF 2.21 compat.v1
        assert sess.run(later).tolist() == [1.0, 2.0]
        assert sess.run(v).tolist() == [11.0, 12.0]
        assert _read_id(r) not in _uncopied(sess, later)


def test_a_fetched_read_keeps_its_snapshot(tfc):
    tf = tfc
    v, r, _, a, _, _, _ = _graph(tf)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(a)
        got = sess.run([r, a])
        # recorded from TF 2.21 compat.v1
        assert [x.tolist() for x in got] == [[11.0, 12.0], [21.0, 22.0]]
        assert _read_id(r) not in _uncopied(sess, r)


def test_a_read_whose_readers_finish_before_the_write_is_not_copied(tfc):
    tf = tfc
    v, _, r2, a, b, _, early = _graph(tf)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run([a, a])
        sess.run(a)
        got = sess.run([early, b])
        assert _read_id(r2) in _uncopied(sess, early)
        # recorded from TF 2.21 compat.v1 (after two assign_add runs: v = [21, 22])
        assert [x.tolist() for x in got] == [[42.0, 44.0], [22.0, 23.0]]
        assert sess.run(v).tolist() == [22.0, 23.0]


def test_a_read_kept_by_a_stateful_op_is_copied(tfc):
    tf = tfc
    v = tf.get_variable("v", initializer=np.array([1.0, 2.0], np.float32), use_resource=True)
    q = tf.FIFOQueue(2, tf.float32, shapes=[[2]])
    r = v.read_value()
    enqueue = q.enqueue(r)       # the queue keeps the value past the write
    with tf.control_dependencies([enqueue]):
        write = v.assign_add([5.0, 5.0])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(write)
        assert _read_id(r) not in _uncopied(sess)
        assert sess.run(q.dequeue()).tolist() == [1.0, 2.0]


def _train(monkeypatch, skip_copies):
    import tfcompat as tf
    if not skip_copies:
        monkeypatch.setattr(snapshots, "uncopied_reads", lambda compiler, body: set())
    rng = np.random.RandomState(5)
    with tf.Graph().as_default():
        x = tf.constant(rng.normal(size=(8, 6)).astype(np.float32))
        w1 = tf.get_variable("w1", initializer=rng.normal(size=(6, 5)).astype(np.float32),
                             use_resource=True)
        w2 = tf.get_variable("w2", initializer=rng.normal(size=(5, 1)).astype(np.float32),
                             use_resource=True)
        loss = tf.reduce_mean(tf.square(tf.matmul(tf.nn.relu(tf.matmul(x, w1)), w2)))
        train = tf.train.AdamOptimizer(0.1).minimize(loss)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        losses = [sess.run([train, loss])[1] for _ in range(4)]
        uncopied = _uncopied(sess, loss)
        monkeypatch.undo()
        return losses + sess.run([w1, w2]), uncopied


def test_training_without_read_copies_is_bit_identical(monkeypatch):
    with_skips, uncopied = _train(monkeypatch, True)
    copies, none = _train(monkeypatch, False)
    assert uncopied and not none
    for a, b in zip(with_skips, copies):
        np.testing.assert_array_equal(np.asarray(a), np.asarray(b))
