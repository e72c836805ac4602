"""LinearClassifier, LinearRegressor and LinearEstimator (TF 1.15 canned/linear.py, the v1
estimators): `linear_model(features, feature_columns)` in variable scope `linear`, trained by
default with FTRL.

Variables are TF 1.15's: `linear/linear_model/<column>/weights`,
`linear/linear_model/bias_weights`, with FTRL's slots `.../weights/Ftrl` and `Ftrl_1`.
"""
from __future__ import annotations

import math

import tfcompat as tf
from tfcompat.estimator.canned import head_classifier
from tfcompat.estimator.canned import optimizers
from tfcompat.estimator.canned.head import _regression_head
from tfcompat.estimator.estimator import Estimator
from tfcompat.partitioned_variables import PartitionedVariable

_LEARNING_RATE = 0.2


def _get_default_optimizer(feature_columns):
    """FTRL at min(0.2, 1/sqrt(number of columns)): TF's default for `optimizer=None` (the
    default name "Ftrl" gets 0.2)."""
    learning_rate = min(_LEARNING_RATE, 1.0 / math.sqrt(len(feature_columns)))
    return tf.train.FtrlOptimizer(learning_rate=learning_rate)


def _expanded_variables(var_list):
    """The variables with each partitioned one replaced by its parts."""
    expanded = []
    for variable in var_list:
        if isinstance(variable, PartitionedVariable):
            expanded.extend(list(variable))
        else:
            expanded.append(variable)
    return expanded


def _compute_fraction_of_zero(variables):
    """The fraction of the weights that are zero (the model's sparsity), over all variables."""
    with tf.name_scope("zero_fraction"):
        with tf.name_scope("total_size"):
            sizes = [tf.size(x, out_type=tf.int64) for x in variables]
            total_size_int64 = tf.add_n(sizes)
        with tf.name_scope("total_zero"):
            total_zero_float32 = tf.add_n([
                tf.cond(tf.equal(size, tf.constant(0, dtype=tf.int64)),
                        true_fn=lambda: tf.constant(0, dtype=tf.float32),
                        false_fn=lambda x=x, size=size: tf.nn.zero_fraction(x) * tf.cast(
                            size, dtype=tf.float32),
                        name="zero_count")
                for x, size in zip(variables, sizes)])
        with tf.name_scope("compute"):
            total_size_float32 = tf.cast(total_size_int64, dtype=tf.float32,
                                         name="float32_size")
            zero_fraction_or_nan = total_zero_float32 / total_size_float32
        return tf.identity(zero_fraction_or_nan, name="zero_fraction_or_nan")


def linear_logit_fn_builder(units, feature_columns, sparse_combiner="sum"):
    """A `logit_fn(features)` building the linear model in the current variable scope
    (tf.estimator.experimental.linear_logit_fn_builder)."""

    def linear_logit_fn(features):
        cols_to_vars = {}
        logits = tf.feature_column.linear_model(
            features=features, feature_columns=feature_columns, units=units,
            sparse_combiner=sparse_combiner, cols_to_vars=cols_to_vars)
        bias = _expanded_variables(cols_to_vars.pop("bias"))
        variables = _expanded_variables(
            [var for var_list in cols_to_vars.values() for var in var_list])
        if units > 1:
            tf.summary.histogram("bias", bias)
        else:
            tf.summary.scalar("bias", bias[0][0])
        tf.summary.scalar("fraction_of_zero_weights", _compute_fraction_of_zero(variables))
        return logits

    return linear_logit_fn


def _linear_model_fn(features, labels, mode, head, feature_columns, optimizer, partitioner,
                     config, sparse_combiner="sum"):
    """The v1 linear model_fn: the logits in variable scope `linear`, then the head's spec."""
    if not isinstance(features, dict):
        raise ValueError("features should be a dictionary of `Tensor`s. "
                         "Given type: {}".format(type(features)))
    num_ps_replicas = config.num_ps_replicas if config else 0
    # One part without parameter servers, but partitioned as in TF: the slots then save as
    # "linear/linear_model/x/weights/part_0/Ftrl", TF 1.15's names (see dnn.py)
    partitioner = partitioner or tf.min_max_variable_partitioner(
        max_partitions=num_ps_replicas, min_slice_size=64 << 20)
    with tf.variable_scope("linear", values=tuple(features.values()), partitioner=partitioner):
        logit_fn = linear_logit_fn_builder(units=head.logits_dimension,
                                           feature_columns=feature_columns,
                                           sparse_combiner=sparse_combiner)
        logits = logit_fn(features=features)
        optimizer = optimizers.get_optimizer_instance(
            optimizer or _get_default_optimizer(feature_columns), learning_rate=_LEARNING_RATE)
        return head.create_estimator_spec(features=features, mode=mode, labels=labels,
                                          optimizer=optimizer, logits=logits)


class _LinearBase(Estimator):
    """The estimator of a head and the linear model_fn's keyword arguments."""

    def __init__(self, head, model_dir, config, warm_start_from, **model_kwargs):
        model_kwargs["feature_columns"] = tuple(model_kwargs["feature_columns"] or [])

        def _model_fn(features, labels, mode, config):
            return _linear_model_fn(features=features, labels=labels, mode=mode, head=head,
                                    config=config, **model_kwargs)

        super().__init__(model_fn=_model_fn, model_dir=model_dir, config=config,
                         warm_start_from=warm_start_from)


class LinearClassifier(_LinearBase):
    """A linear classifier (logistic regression for `n_classes=2`, else softmax)."""

    def __init__(self, feature_columns, model_dir=None, n_classes=2, weight_column=None,
                 label_vocabulary=None, optimizer="Ftrl", config=None, partitioner=None,
                 warm_start_from=None, loss_reduction=tf.losses.Reduction.SUM,
                 sparse_combiner="sum"):
        head = head_classifier._binary_logistic_or_multi_class_head(
            n_classes, weight_column, label_vocabulary, loss_reduction)
        super().__init__(head, model_dir, config, warm_start_from,
                         feature_columns=feature_columns, optimizer=optimizer,
                         partitioner=partitioner, sparse_combiner=sparse_combiner)


class LinearRegressor(_LinearBase):
    """A linear regressor; `label_dimension` outputs per example."""

    def __init__(self, feature_columns, model_dir=None, label_dimension=1, weight_column=None,
                 optimizer="Ftrl", config=None, partitioner=None, warm_start_from=None,
                 loss_reduction=tf.losses.Reduction.SUM, sparse_combiner="sum"):
        head = _regression_head(label_dimension=label_dimension, weight_column=weight_column,
                                loss_reduction=loss_reduction)
        super().__init__(head, model_dir, config, warm_start_from,
                         feature_columns=feature_columns, optimizer=optimizer,
                         partitioner=partitioner, sparse_combiner=sparse_combiner)


class LinearEstimator(_LinearBase):
    """A linear model with a user-given head."""

    def __init__(self, head, feature_columns, model_dir=None, optimizer="Ftrl", config=None,
                 partitioner=None, warm_start_from=None, sparse_combiner="sum"):
        super().__init__(head, model_dir, config, warm_start_from,
                         feature_columns=feature_columns, optimizer=optimizer,
                         partitioner=partitioner, sparse_combiner=sparse_combiner)
