"""slim.learning: create_train_op (update ops, clipping, multipliers, gradient summaries) and
the Supervisor training loop. Expected values recorded from tf_slim 1.1.0 (TF 1.15's
contrib.slim) on TF 2.21 compat.v1."""
import os
import re

import numpy as np
import pytest

X = np.random.RandomState(1).uniform(-1, 1, [4, 3]).astype(np.float32)
Y = np.random.RandomState(2).uniform(-1, 1, [4, 2]).astype(np.float32)
W0 = np.random.RandomState(5).uniform(-1, 1, [3, 2]).astype(np.float32)


def _train_op(tf, slim, **kwargs):
    net = slim.fully_connected(tf.constant(X), 2, activation_fn=None,
                               weights_initializer=tf.constant_initializer(W0), scope="fc")
    net = slim.batch_norm(net, is_training=True, scope="bn")
    tf.losses.add_loss(tf.reduce_mean(tf.square(net - Y)) * 3.0)
    optimizer = tf.train.GradientDescentOptimizer(0.5)
    return slim.learning.create_train_op(tf.losses.get_total_loss(), optimizer, **kwargs)


@pytest.mark.parametrize("kwargs, losses, moving_mean, fc_row0", [
    ({}, [3.36339, 2.14984, 1.77568], [0.00124, -0.00185], [-0.58699, 0.81417]),
    ({"clip_gradient_norm": 0.1}, [3.36339, 3.22904, 3.10319], [0.00085, -0.0014],
     [-0.56645, 0.76377]),
    ({"gradient_multipliers": {"fc/weights": 3.0}}, [3.36339, 1.7062, 1.55998],
     [0.00207, -0.00267], [-0.84058, 1.03231]),
    ({"check_numerics": False}, [3.36339, 2.14984, 1.77568], [0.00124, -0.00185],
     [-0.58699, 0.81417]),
])
def test_create_train_op(tf, slim, kwargs, losses, moving_mean, fc_row0):
    train_op = _train_op(tf, slim, **kwargs)
    assert (train_op.name, train_op.op.type) == ("train_op/control_dependency:0", "Identity")
    assert [t.name for t in tf.get_collection(tf.GraphKeys.TRAIN_OP)] == [
        "GradientDescent", "train_op/control_dependency:0"]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        got = [float(sess.run(train_op)) for _ in range(3)]
        np.testing.assert_allclose(got, losses, atol=2e-5)
        assert sess.run(tf.train.get_global_step()) == 3
        # the batch-norm update ops ran with each step
        np.testing.assert_allclose(sess.run("bn/moving_mean:0"), moving_mean, atol=2e-5)
        np.testing.assert_allclose(sess.run("fc/weights:0")[0], fc_row0, atol=2e-5)


def test_gradient_summaries(tf, slim):
    _train_op(tf, slim, summarize_gradients=True)
    # create_train_op goes through contrib.training's copy: `_gradient`, not `/gradient`
    assert sorted(s.op.name for s in tf.get_collection(tf.GraphKeys.SUMMARIES)) == [
        "summarize_grads/bn/beta_gradient", "summarize_grads/bn/beta_gradient_norm",
        "summarize_grads/fc/biases_gradient", "summarize_grads/fc/biases_gradient_norm",
        "summarize_grads/fc/weights_gradient", "summarize_grads/fc/weights_gradient_norm"]
    v = tf.Variable([1.0, 2.0], name="v")
    made = slim.learning.add_gradients_summaries([(tf.constant([3.0, 4.0]), v), (None, v)])
    assert [s.op.name for s in made] == ["v/gradient", "v/gradient_norm"]


def test_gradient_helpers(tf, slim):
    v = tf.Variable([1.0, 2.0], name="v")
    grads = [(tf.constant([3.0, 4.0]), v)]
    with pytest.raises(ValueError, match="`grads_and_vars` must be a list."):
        slim.learning.multiply_gradients(tuple(grads), {v: 2.0})
    with pytest.raises(ValueError, match="`gradient_multipliers` is empty."):
        slim.learning.multiply_gradients(grads, {})
    scaled = slim.learning.multiply_gradients(grads, {"v": 2.0})
    clipped = slim.learning.clip_gradient_norms(grads, 1.0)
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(scaled[0][0]), [6.0, 8.0])
        np.testing.assert_allclose(sess.run(clipped[0][0]), [0.6, 0.8], rtol=1e-6)


def test_train_loop(tf, slim, tmp_path):
    train_op = _train_op(tf, slim)
    final = slim.learning.train(train_op, str(tmp_path), number_of_steps=4,
                                save_summaries_secs=10000, save_interval_secs=10000,
                                log_every_n_steps=2)
    assert round(float(final), 5) == 1.61104
    assert tf.train.latest_checkpoint(str(tmp_path)).endswith("model.ckpt-4")


@pytest.mark.tfcompat_only
def test_train_traces_every_n_steps(tf, tmp_path):
    """trace_every_n_steps: the steps that start at a multiple of n are traced runs, each
    Chrome trace written as logdir/tf_trace-<global step>.json (TF 1.15's train_step)."""
    import json
    slim = tf.contrib.slim
    train_op = _train_op(tf, slim)
    slim.learning.train(train_op, str(tmp_path), number_of_steps=4, trace_every_n_steps=2,
                        log_every_n_steps=0, save_summaries_secs=10000)
    traces = sorted(p for p in os.listdir(tmp_path) if p.startswith("tf_trace-"))
    assert len(traces) == 2 and all(re.fullmatch(r"tf_trace-\d+\.json", p) for p in traces)
    with open(os.path.join(tmp_path, traces[0])) as f:
        ops = {e["args"]["op"] for e in json.load(f)["traceEvents"] if e["ph"] == "X"}
    assert "AssignAdd" in ops or "AssignAddVariableOp" in ops
    with pytest.raises(ValueError, match="Cannot provide trace_every_n_steps because logdir"):
        slim.learning.train(train_op, None, number_of_steps=1, trace_every_n_steps=1)
    with pytest.raises(ValueError, match="logdir must be present in train_step_kwargs"):
        slim.learning.train_step(None, train_op, None, {"should_trace": True})
    with pytest.raises(ValueError, match="`number_of_steps` must be either None or a positive"):
        slim.learning.train(train_op, None, number_of_steps=0)


def test_train_fine_tunes_from_a_checkpoint(tf, slim, tmp_path):
    """The usual fine-tuning script: init_fn=assign_from_checkpoint_fn(the backbone only)."""
    def build(fc_initializer):
        net = slim.fully_connected(tf.constant(X), 2, activation_fn=None,
                                   weights_initializer=fc_initializer, scope="fc")
        net = slim.fully_connected(net, 2, activation_fn=None,
                                   weights_initializer=tf.ones_initializer(), scope="head")
        tf.losses.mean_squared_error(Y, net)
        return slim.learning.create_train_op(tf.losses.get_total_loss(),
                                             tf.train.GradientDescentOptimizer(0.1))

    with tf.Graph().as_default():
        build(tf.constant_initializer(W0))
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            checkpoint = tf.train.Saver().save(sess, str(tmp_path / "pre.ckpt"))
    with tf.Graph().as_default():
        train_op = build(tf.zeros_initializer())
        init_fn = slim.assign_from_checkpoint_fn(checkpoint,
                                                 slim.get_variables_to_restore(include=["fc"]))
        loss = slim.learning.train(train_op, str(tmp_path / "train"), number_of_steps=2,
                                   init_fn=init_fn, save_summaries_secs=10000,
                                   save_interval_secs=10000)
    assert round(float(loss), 5) == 0.16922
    reader = tf.train.NewCheckpointReader(tf.train.latest_checkpoint(str(tmp_path / "train")))
    np.testing.assert_allclose(reader.get_tensor("fc/weights"),
                               [[-0.5658, 0.7318], [-0.6277, 0.7964], [-0.0234, 0.2234]],
                               atol=1e-4)
