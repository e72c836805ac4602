"""Shared model_fns and data of the tests/estimator tests (each takes the `tf` module: tfcompat,
or real TF when the tests run against it)."""
import logging

import numpy as np

RNG = np.random.RandomState(0)
X = RNG.randn(20, 2).astype(np.float32)
Y = ((X[:, 0] > 0).astype(np.int32) + (X[:, 1] > 0)).astype(np.int32)


def classifier_model_fn(tf):
    """A two-layer tf.layers classifier of 3 classes, Adagrad, an accuracy metric."""
    estimator = tf.estimator

    def model_fn(features, labels, mode, params):
        h = tf.layers.dense(features["x"], params["hidden"], activation=tf.nn.relu)
        logits = tf.layers.dense(h, 3)
        predictions = {"class": tf.argmax(logits, 1), "probabilities": tf.nn.softmax(logits)}
        if mode == estimator.ModeKeys.PREDICT:
            return estimator.EstimatorSpec(mode, predictions=predictions)
        loss = tf.losses.sparse_softmax_cross_entropy(labels, logits)
        if mode == estimator.ModeKeys.EVAL:
            return estimator.EstimatorSpec(mode, loss=loss, eval_metric_ops={
                "acc": tf.metrics.accuracy(labels, predictions["class"])})
        train_op = tf.train.AdagradOptimizer(0.1).minimize(
            loss, global_step=tf.train.get_global_step())
        return estimator.EstimatorSpec(mode, loss=loss, train_op=train_op)

    return model_fn


def train_input_fn(tf):
    return lambda: tf.data.Dataset.from_tensor_slices(({"x": X}, Y)).batch(5).repeat()


def eval_input_fn(tf):
    return lambda: tf.data.Dataset.from_tensor_slices(({"x": X}, Y)).batch(5)


def predict_input_fn(tf, n=3):
    return lambda: tf.data.Dataset.from_tensor_slices({"x": X[:n]}).batch(2)


def make_estimator(tf, model_dir, **config):
    config.setdefault("tf_random_seed", 42)
    return tf.estimator.Estimator(classifier_model_fn(tf), model_dir=str(model_dir),
                                  config=tf.estimator.RunConfig(**config),
                                  params={"hidden": 4})


class LogLines:
    """Collects the messages of the 'tensorflow' logger (TF's and tfcompat's tf.logging)."""

    def __init__(self):
        self.lines = []
        self._handler = logging.Handler()
        self._handler.emit = lambda record: self.lines.append(record.getMessage())

    def __enter__(self):
        logging.getLogger("tensorflow").addHandler(self._handler)
        return self

    def __exit__(self, *exc):
        logging.getLogger("tensorflow").removeHandler(self._handler)

    def matching(self, prefix):
        return [line for line in self.lines if line.startswith(prefix)]
