"""BaselineClassifier, BaselineRegressor and BaselineEstimator (TF 1.15 canned/baseline.py,
the v1 estimators): a model that ignores the features and learns one bias per output,
`baseline/bias`, trained by default with FTRL at learning rate 0.3. Its classifier learns the
classes' prior; its regressor the labels' mean."""
from __future__ import annotations

import tfcompat as tf
from tfcompat.estimator.canned import head_classifier
from tfcompat.estimator.canned import optimizers
from tfcompat.estimator.canned.head import _regression_head
from tfcompat.estimator.estimator import Estimator
from tfcompat.feature_column._numeric import NumericColumn

_LEARNING_RATE = 0.3


def _get_weight_column_key(weight_column):
    if weight_column is None:
        return None
    if isinstance(weight_column, str):
        return weight_column
    if not isinstance(weight_column, NumericColumn):
        raise TypeError("Weight column must be either a string or _NumericColumn. "
                        "Given type: {}.".format(type(weight_column)))
    return weight_column.key


def _get_batch_size_and_size_checks(features, weight_column_key):
    """The first feature's batch size, and checks that every other feature (the weights
    aside: serving needs no weights) has the same first dimension."""
    size_checks = []
    batch_size = None
    for key, feature in features.items():
        if key == weight_column_key:
            continue
        first_dim = tf.shape(feature)[0]
        if batch_size is None:
            batch_size = first_dim
        else:
            size_checks.append(tf.debugging.assert_equal(batch_size, first_dim))
    return size_checks, batch_size


def _baseline_logit_fn_builder(num_outputs, weight_column=None):
    """A `logit_fn(features)`: the bias variable, one row per example."""

    def baseline_logit_fn(features):
        size_checks, batch_size = _get_batch_size_and_size_checks(
            features, _get_weight_column_key(weight_column))
        with tf.control_dependencies(size_checks):
            with tf.variable_scope("baseline"):
                bias = tf.get_variable("bias", shape=[num_outputs],
                                       initializer=tf.zeros_initializer())
                return tf.multiply(bias, tf.ones([batch_size, num_outputs]))

    return baseline_logit_fn


def _baseline_model_fn(features, labels, mode, head, optimizer, weight_column=None,
                       config=None):
    """The v1 baseline model_fn."""
    del config  # nothing to configure
    logits = _baseline_logit_fn_builder(head.logits_dimension, weight_column)(features)

    def train_op_fn(loss):
        opt = optimizers.get_optimizer_instance(optimizer, learning_rate=_LEARNING_RATE)
        return opt.minimize(loss, global_step=tf.train.get_global_step())

    return head.create_estimator_spec(features=features, mode=mode, logits=logits,
                                      labels=labels, train_op_fn=train_op_fn)


class _BaselineBase(Estimator):
    """The estimator of a head and the baseline model_fn's keyword arguments."""

    def __init__(self, head, model_dir, config, **model_kwargs):
        def _model_fn(features, labels, mode, config):
            return _baseline_model_fn(features=features, labels=labels, mode=mode, head=head,
                                      config=config, **model_kwargs)

        super().__init__(model_fn=_model_fn, model_dir=model_dir, config=config)


class BaselineClassifier(_BaselineBase):
    """A classifier that predicts the classes' prior, whatever the features."""

    def __init__(self, model_dir=None, n_classes=2, weight_column=None, label_vocabulary=None,
                 optimizer="Ftrl", config=None, loss_reduction=tf.losses.Reduction.SUM):
        head = head_classifier._binary_logistic_or_multi_class_head(
            n_classes, weight_column, label_vocabulary, loss_reduction)
        super().__init__(head, model_dir, config, optimizer=optimizer,
                         weight_column=weight_column)


class BaselineRegressor(_BaselineBase):
    """A regressor that predicts the labels' mean, whatever the features."""

    def __init__(self, model_dir=None, label_dimension=1, weight_column=None,
                 optimizer="Ftrl", config=None, loss_reduction=tf.losses.Reduction.SUM):
        head = _regression_head(label_dimension=label_dimension, weight_column=weight_column,
                                loss_reduction=loss_reduction)
        # TF 1.15 leaves the weight column out here: its batch size is checked too
        super().__init__(head, model_dir, config, optimizer=optimizer)


class BaselineEstimator(_BaselineBase):
    """A baseline with a user-given head."""

    def __init__(self, head, model_dir=None, optimizer="Ftrl", config=None):
        super().__init__(head, model_dir, config, optimizer=optimizer)
