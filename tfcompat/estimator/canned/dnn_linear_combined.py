"""DNNLinearCombinedClassifier, DNNLinearCombinedRegressor and DNNLinearCombinedEstimator
(TF 1.15 canned/dnn_linear_combined.py, "wide and deep", the v1 estimators): the sum of a DNN's
logits (scope `dnn`, Adagrad at 0.001 by default) and a linear model's (scope `linear`, FTRL at
min(0.005, 1/sqrt(number of linear columns))), each part trained by its own optimizer."""
from __future__ import annotations

import math

import tfcompat as tf
from tfcompat.estimator.canned import dnn
from tfcompat.estimator.canned import head_classifier
from tfcompat.estimator.canned import linear
from tfcompat.estimator.canned import optimizers
from tfcompat.estimator.canned.head import _regression_head
from tfcompat.estimator.estimator import Estimator

_DNN_LEARNING_RATE = 0.001
_LINEAR_LEARNING_RATE = 0.005


def _check_no_sync_replicas_optimizer(optimizer):
    if isinstance(optimizer, tf.train.SyncReplicasOptimizer):
        raise ValueError(
            "SyncReplicasOptimizer does not support multi optimizers case. Therefore, it is "
            "not supported in DNNLinearCombined model. If you want to use this optimizer, "
            "please use either DNN or Linear model.")


def _linear_learning_rate(num_linear_feature_columns):
    """The linear part's default learning rate (a historical choice that works well)."""
    return min(_LINEAR_LEARNING_RATE, 1. / math.sqrt(num_linear_feature_columns))


def _add_layer_summary(value, tag):
    tf.summary.scalar("%s/fraction_of_zero_values" % tag, tf.nn.zero_fraction(value))
    tf.summary.histogram("%s/activation" % tag, value)


def _validate_feature_columns(linear_feature_columns, dnn_feature_columns):
    feature_columns = list(linear_feature_columns or []) + list(dnn_feature_columns or [])
    if not feature_columns:
        raise ValueError("Either linear_feature_columns or dnn_feature_columns must be "
                         "defined.")
    return feature_columns


def _dnn_logits(features, mode, head, dnn_feature_columns, dnn_hidden_units,
                dnn_activation_fn, dnn_dropout, batch_norm, input_layer_partitioner,
                num_ps_replicas):
    if not dnn_hidden_units:
        raise ValueError("dnn_hidden_units must be defined when dnn_feature_columns is "
                         "specified.")
    partitioner = tf.min_max_variable_partitioner(max_partitions=num_ps_replicas)
    with tf.variable_scope("dnn", values=tuple(features.values()),
                           partitioner=partitioner) as scope:
        logit_fn = dnn.dnn_logit_fn_builder(
            units=head.logits_dimension, hidden_units=dnn_hidden_units,
            feature_columns=dnn_feature_columns, activation_fn=dnn_activation_fn,
            dropout=dnn_dropout, batch_norm=batch_norm,
            input_layer_partitioner=input_layer_partitioner)
        return logit_fn(features=features, mode=mode), scope.name


def _linear_logits(features, head, linear_feature_columns, linear_sparse_combiner,
                   input_layer_partitioner):
    with tf.variable_scope("linear", values=tuple(features.values()),
                           partitioner=input_layer_partitioner) as scope:
        logit_fn = linear.linear_logit_fn_builder(
            units=head.logits_dimension, feature_columns=linear_feature_columns,
            sparse_combiner=linear_sparse_combiner)
        logits = logit_fn(features=features)
        _add_layer_summary(logits, scope.name)
        return logits, scope.name


def _dnn_linear_combined_model_fn(features, labels, mode, head, linear_feature_columns=None,
                                  linear_optimizer="Ftrl", dnn_feature_columns=None,
                                  dnn_optimizer="Adagrad", dnn_hidden_units=None,
                                  dnn_activation_fn=tf.nn.relu, dnn_dropout=None,
                                  input_layer_partitioner=None, config=None, batch_norm=False,
                                  linear_sparse_combiner="sum"):
    """The v1 wide-and-deep model_fn: the parts' logits summed; each optimizer minimizes the
    loss over its own part's trainable variables, then global_step counts one step."""
    if not isinstance(features, dict):
        raise ValueError("features should be a dictionary of `Tensor`s. "
                         "Given type: {}".format(type(features)))
    _validate_feature_columns(linear_feature_columns, dnn_feature_columns)
    # partitioned as in TF (one part without parameter servers); see dnn.py
    num_ps_replicas = config.num_ps_replicas if config else 0
    input_layer_partitioner = input_layer_partitioner or tf.min_max_variable_partitioner(
        max_partitions=num_ps_replicas, min_slice_size=64 << 20)
    parts = []  # (logits, scope name, optimizer)
    if dnn_feature_columns:
        dnn_optimizer = optimizers.get_optimizer_instance(
            dnn_optimizer, learning_rate=_DNN_LEARNING_RATE)
        _check_no_sync_replicas_optimizer(dnn_optimizer)
        parts.append(_dnn_logits(features, mode, head, dnn_feature_columns, dnn_hidden_units,
                                 dnn_activation_fn, dnn_dropout, batch_norm,
                                 input_layer_partitioner, num_ps_replicas)
                     + (dnn_optimizer,))
    if linear_feature_columns:
        linear_optimizer = optimizers.get_optimizer_instance(
            linear_optimizer, learning_rate=_linear_learning_rate(len(linear_feature_columns)))
        _check_no_sync_replicas_optimizer(linear_optimizer)
        parts.append(_linear_logits(features, head, linear_feature_columns,
                                    linear_sparse_combiner, input_layer_partitioner)
                     + (linear_optimizer,))
    logits = parts[0][0] + parts[1][0] if len(parts) == 2 else parts[0][0]

    def _train_op_fn(loss):
        global_step = tf.train.get_global_step()
        train_ops = [optimizer.minimize(loss, var_list=tf.get_collection(
            tf.GraphKeys.TRAINABLE_VARIABLES, scope=scope_name))
            for _, scope_name, optimizer in parts]
        train_op = tf.group(*train_ops)
        with tf.control_dependencies([train_op]):
            return tf.assign_add(global_step, 1).op

    return head.create_estimator_spec(features=features, mode=mode, labels=labels,
                                      train_op_fn=_train_op_fn, logits=logits)


class _CombinedBase(Estimator):
    """The estimator of a head and the wide-and-deep model_fn's keyword arguments."""

    def __init__(self, head, model_dir, config, warm_start_from=None, **model_kwargs):
        self._feature_columns = _validate_feature_columns(
            model_kwargs["linear_feature_columns"], model_kwargs["dnn_feature_columns"])

        def _model_fn(features, labels, mode, config):
            return _dnn_linear_combined_model_fn(features=features, labels=labels, mode=mode,
                                                 head=head, config=config, **model_kwargs)

        super().__init__(model_fn=_model_fn, model_dir=model_dir, config=config,
                         warm_start_from=warm_start_from)


class DNNLinearCombinedClassifier(_CombinedBase):
    """A wide-and-deep classifier (binary for `n_classes=2`, else multi-class)."""

    def __init__(self, model_dir=None, linear_feature_columns=None, linear_optimizer="Ftrl",
                 dnn_feature_columns=None, dnn_optimizer="Adagrad", dnn_hidden_units=None,
                 dnn_activation_fn=tf.nn.relu, dnn_dropout=None, n_classes=2,
                 weight_column=None, label_vocabulary=None, input_layer_partitioner=None,
                 config=None, warm_start_from=None, loss_reduction=tf.losses.Reduction.SUM,
                 batch_norm=False, linear_sparse_combiner="sum"):
        head = head_classifier._binary_logistic_or_multi_class_head(
            n_classes, weight_column, label_vocabulary, loss_reduction)
        super().__init__(
            head, model_dir, config, warm_start_from,
            linear_feature_columns=linear_feature_columns, linear_optimizer=linear_optimizer,
            dnn_feature_columns=dnn_feature_columns, dnn_optimizer=dnn_optimizer,
            dnn_hidden_units=dnn_hidden_units, dnn_activation_fn=dnn_activation_fn,
            dnn_dropout=dnn_dropout, input_layer_partitioner=input_layer_partitioner,
            batch_norm=batch_norm, linear_sparse_combiner=linear_sparse_combiner)


class DNNLinearCombinedRegressor(_CombinedBase):
    """A wide-and-deep regressor; `label_dimension` outputs per example."""

    def __init__(self, model_dir=None, linear_feature_columns=None, linear_optimizer="Ftrl",
                 dnn_feature_columns=None, dnn_optimizer="Adagrad", dnn_hidden_units=None,
                 dnn_activation_fn=tf.nn.relu, dnn_dropout=None, label_dimension=1,
                 weight_column=None, input_layer_partitioner=None, config=None,
                 warm_start_from=None, loss_reduction=tf.losses.Reduction.SUM,
                 batch_norm=False, linear_sparse_combiner="sum"):
        head = _regression_head(label_dimension=label_dimension, weight_column=weight_column,
                                loss_reduction=loss_reduction)
        super().__init__(
            head, model_dir, config, warm_start_from,
            linear_feature_columns=linear_feature_columns, linear_optimizer=linear_optimizer,
            dnn_feature_columns=dnn_feature_columns, dnn_optimizer=dnn_optimizer,
            dnn_hidden_units=dnn_hidden_units, dnn_activation_fn=dnn_activation_fn,
            dnn_dropout=dnn_dropout, input_layer_partitioner=input_layer_partitioner,
            batch_norm=batch_norm, linear_sparse_combiner=linear_sparse_combiner)


class DNNLinearCombinedEstimator(_CombinedBase):
    """A wide-and-deep model with a user-given head."""

    def __init__(self, head, model_dir=None, linear_feature_columns=None,
                 linear_optimizer="Ftrl", dnn_feature_columns=None, dnn_optimizer="Adagrad",
                 dnn_hidden_units=None, dnn_activation_fn=tf.nn.relu, dnn_dropout=None,
                 input_layer_partitioner=None, config=None, batch_norm=False,
                 linear_sparse_combiner="sum"):
        super().__init__(
            head, model_dir, config,
            linear_feature_columns=linear_feature_columns, linear_optimizer=linear_optimizer,
            dnn_feature_columns=dnn_feature_columns, dnn_optimizer=dnn_optimizer,
            dnn_hidden_units=dnn_hidden_units, dnn_activation_fn=dnn_activation_fn,
            dnn_dropout=dnn_dropout, input_layer_partitioner=input_layer_partitioner,
            batch_norm=batch_norm, linear_sparse_combiner=linear_sparse_combiner)
