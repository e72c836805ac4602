"""slim.evaluation: evaluate_once / evaluation_loop over a saved checkpoint with streaming
metrics, the eval_step counter and the summaries written at the end. Expected values recorded
from tf_slim 1.1.0 (TF 1.15's contrib.slim) on TF 2.21 compat.v1."""
import glob
import os

import numpy as np


def _graph(tf, slim):
    x = tf.constant(np.random.RandomState(4).uniform(-1, 1, [6, 3]).astype(np.float32))
    weights = np.random.RandomState(11).uniform(-1, 1, [3, 2]).astype(np.float32)
    logits = slim.fully_connected(x, 2, activation_fn=None, scope="fc",
                                  weights_initializer=tf.constant_initializer(weights))
    tf.train.get_or_create_global_step()
    values, updates = slim.metrics.aggregate_metric_map({
        "accuracy": slim.metrics.streaming_accuracy(tf.argmax(logits, 1),
                                                    tf.constant([0, 1, 1, 0, 1, 0], tf.int64)),
        "mean_logit": slim.metrics.streaming_mean(tf.reduce_sum(logits)),
    })
    for name, value in values.items():
        tf.summary.scalar(name, value)
    return values, updates


def _checkpoint(tf, slim, directory):
    with tf.Graph().as_default():
        _graph(tf, slim)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(tf.assign(tf.train.get_global_step(), 7))
            tf.train.Saver().save(sess, os.path.join(directory, "model.ckpt"), global_step=7)


def test_evaluate_once(tf, slim, tmp_path):
    _checkpoint(tf, slim, str(tmp_path))
    logdir = str(tmp_path / "eval")
    with tf.Graph().as_default():
        values, updates = _graph(tf, slim)
        out = slim.evaluation.evaluate_once(
            "", tf.train.latest_checkpoint(str(tmp_path)), logdir, num_evals=3,
            eval_op=list(updates.values()), final_op=values)
        assert [v.op.name for v in tf.local_variables()] == [
            "accuracy/total", "accuracy/count", "mean/total", "mean/count", "eval_step"]
    assert sorted(out) == ["accuracy", "mean_logit"]
    np.testing.assert_allclose([out["accuracy"], out["mean_logit"]], [0.5, -4.64886], atol=1e-5)
    events = glob.glob(os.path.join(logdir, "events.out.tfevents.*"))
    assert len(events) == 1
    scalars = {(e.step, v.tag): v.simple_value for e in tf.train.summary_iterator(events[0])
               for v in e.summary.value}
    # the summary op's name (its tag) is uniquified against the metric's `accuracy` scope
    assert sorted(scalars) == [(7, "accuracy_1"), (7, "mean_logit")]
    np.testing.assert_allclose(scalars[(7, "mean_logit")], -4.64886, atol=1e-5)


def test_evaluation_loop(tf, slim, tmp_path):
    _checkpoint(tf, slim, str(tmp_path))
    with tf.Graph().as_default():
        values, updates = _graph(tf, slim)
        out = slim.evaluation.evaluation_loop(
            "", str(tmp_path), str(tmp_path / "eval"), num_evals=2,
            eval_op=list(updates.values()), final_op=values["accuracy"], eval_interval_secs=0,
            max_number_of_evaluations=1)
    assert out == 0.5
    latest = tf.train.latest_checkpoint(str(tmp_path))
    assert slim.evaluation.wait_for_new_checkpoint(str(tmp_path)) == latest
    assert slim.evaluation.wait_for_new_checkpoint(str(tmp_path), latest, seconds_to_sleep=0.1,
                                                   timeout=0.2) is None
