"""DNNClassifier, DNNRegressor and DNNEstimator (TF 1.15 canned/dnn.py, the v1 estimators): a
feed-forward network on `input_layer(features, feature_columns)`, trained by default with
Adagrad at learning rate 0.05.

Variables are TF 1.15's: `dnn/hiddenlayer_<i>/{kernel,bias}`, `dnn/batchnorm_<i>/...`,
`dnn/logits/{kernel,bias}`, embeddings under `dnn/input_from_feature_columns/input_layer/`, and
the optimizer's slots beside them (`dnn/hiddenlayer_0/kernel/Adagrad`).
"""
from __future__ import annotations

import tfcompat as tf
from tfcompat.estimator.canned import head_classifier
from tfcompat.estimator.canned import optimizers
from tfcompat.estimator.canned.head import _regression_head
from tfcompat.estimator.estimator import Estimator
from tfcompat.estimator.model_fn import ModeKeys

_LEARNING_RATE = 0.05


def _add_hidden_layer_summary(value, tag):
    tf.summary.scalar("%s/fraction_of_zero_values" % tag, tf.nn.zero_fraction(value))
    tf.summary.histogram("%s/activation" % tag, value)


def _validate_features(features):
    if not isinstance(features, dict):
        raise ValueError("features should be a dictionary of `Tensor`s. "
                         "Given type: {}".format(type(features)))


def _hidden_layer(net, layer_id, num_units, activation_fn, dropout, batch_norm, is_training):
    """One hidden layer: dense, then dropout (training only), then batch norm."""
    net = tf.layers.dense(net, units=num_units, activation=activation_fn,
                          kernel_initializer=tf.glorot_uniform_initializer(),
                          name="hiddenlayer_%d" % layer_id)
    if dropout is not None and is_training:
        net = tf.layers.dropout(net, rate=dropout, training=True)
    if batch_norm:
        # TF's variables are dnn/hiddenlayer_0/batchnorm_0/gamma ...; its momentum is 0.999
        with tf.variable_scope("hiddenlayer_%d" % layer_id):
            net = tf.layers.batch_normalization(net, momentum=0.999, training=is_training,
                                                name="batchnorm_%d" % layer_id)
    return net


def dnn_logit_fn_builder(units, hidden_units, feature_columns, activation_fn, dropout,
                         input_layer_partitioner, batch_norm):
    """A `logit_fn(features, mode)` building the network in the current variable scope
    (tf.estimator.experimental.dnn_logit_fn_builder)."""
    if not isinstance(units, int):
        raise ValueError("units must be an int.  Given type: {}".format(type(units)))

    def dnn_logit_fn(features, mode):
        is_training = mode == ModeKeys.TRAIN
        scope_name = tf.get_variable_scope().name
        with tf.variable_scope("input_from_feature_columns",
                               partitioner=input_layer_partitioner):
            net = tf.feature_column.input_layer(features=features,
                                                feature_columns=feature_columns)
        for layer_id, num_units in enumerate(hidden_units):
            net = _hidden_layer(net, layer_id, num_units, activation_fn, dropout, batch_norm,
                                is_training)
            # TF's tag repeats the scope ("dnn/dnn/hiddenlayer_0/...")
            _add_hidden_layer_summary(net, "%s/hiddenlayer_%d" % (scope_name, layer_id))
        logits = tf.layers.dense(net, units=units, activation=None,
                                 kernel_initializer=tf.glorot_uniform_initializer(),
                                 name="logits")
        _add_hidden_layer_summary(logits, "%s/logits" % scope_name)
        return logits

    return dnn_logit_fn


def _dnn_model_fn(features, labels, mode, head, hidden_units, feature_columns,
                  optimizer="Adagrad", activation_fn=tf.nn.relu, dropout=None,
                  input_layer_partitioner=None, config=None, batch_norm=False):
    """The v1 DNN model_fn: the logits in variable scope `dnn`, then the head's spec."""
    optimizer = optimizers.get_optimizer_instance(optimizer, learning_rate=_LEARNING_RATE)
    _validate_features(features)
    num_ps_replicas = config.num_ps_replicas if config else 0
    # With no parameter servers every variable is one part, but a partitioned one all the
    # same: TF's slot of part "dnn/hiddenlayer_0/kernel/part_0", made in scope "dnn", saves
    # as "dnn/hiddenlayer_0/kernel/t_0/Adagrad" (slot_creator cuts the name at the primary's
    # length), and TF 1.15's checkpoints hold those names.
    partitioner = tf.min_max_variable_partitioner(max_partitions=num_ps_replicas)
    with tf.variable_scope("dnn", values=tuple(features.values()), partitioner=partitioner):
        input_layer_partitioner = input_layer_partitioner or tf.min_max_variable_partitioner(
            max_partitions=num_ps_replicas, min_slice_size=64 << 20)
        logit_fn = dnn_logit_fn_builder(
            units=head.logits_dimension, hidden_units=hidden_units,
            feature_columns=feature_columns, activation_fn=activation_fn, dropout=dropout,
            input_layer_partitioner=input_layer_partitioner, batch_norm=batch_norm)
        logits = logit_fn(features=features, mode=mode)
        return head.create_estimator_spec(features=features, mode=mode, labels=labels,
                                          optimizer=optimizer, logits=logits)


class _DNNBase(Estimator):
    """The estimator of a head and the DNN model_fn's keyword arguments."""

    def __init__(self, head, model_dir, config, warm_start_from, **model_kwargs):
        model_kwargs["feature_columns"] = tuple(model_kwargs["feature_columns"] or [])

        def _model_fn(features, labels, mode, config):
            return _dnn_model_fn(features=features, labels=labels, mode=mode, head=head,
                                 config=config, **model_kwargs)

        super().__init__(model_fn=_model_fn, model_dir=model_dir, config=config,
                         warm_start_from=warm_start_from)


class DNNClassifier(_DNNBase):
    """A classifier for TensorFlow DNN models (binary for `n_classes=2`, else multi-class).

    The training loss is the weighted sum of the examples' losses (`Reduction.SUM`)."""

    def __init__(self, hidden_units, feature_columns, model_dir=None, n_classes=2,
                 weight_column=None, label_vocabulary=None, optimizer="Adagrad",
                 activation_fn=tf.nn.relu, dropout=None, input_layer_partitioner=None,
                 config=None, warm_start_from=None, loss_reduction=tf.losses.Reduction.SUM,
                 batch_norm=False):
        head = head_classifier._binary_logistic_or_multi_class_head(
            n_classes, weight_column, label_vocabulary, loss_reduction)
        super().__init__(head, model_dir, config, warm_start_from, hidden_units=hidden_units,
                         feature_columns=feature_columns, optimizer=optimizer,
                         activation_fn=activation_fn, dropout=dropout,
                         input_layer_partitioner=input_layer_partitioner,
                         batch_norm=batch_norm)


class DNNRegressor(_DNNBase):
    """A regressor for TensorFlow DNN models; `label_dimension` outputs per example."""

    def __init__(self, hidden_units, feature_columns, model_dir=None, label_dimension=1,
                 weight_column=None, optimizer="Adagrad", activation_fn=tf.nn.relu,
                 dropout=None, input_layer_partitioner=None, config=None,
                 warm_start_from=None, loss_reduction=tf.losses.Reduction.SUM,
                 batch_norm=False):
        head = _regression_head(label_dimension=label_dimension, weight_column=weight_column,
                                loss_reduction=loss_reduction)
        super().__init__(head, model_dir, config, warm_start_from, hidden_units=hidden_units,
                         feature_columns=feature_columns, optimizer=optimizer,
                         activation_fn=activation_fn, dropout=dropout,
                         input_layer_partitioner=input_layer_partitioner,
                         batch_norm=batch_norm)


class DNNEstimator(_DNNBase):
    """A DNN with a user-given head (tf.contrib.estimator's heads in TF 1.15)."""

    def __init__(self, head, hidden_units, feature_columns, model_dir=None,
                 optimizer="Adagrad", activation_fn=tf.nn.relu, dropout=None,
                 input_layer_partitioner=None, config=None, warm_start_from=None,
                 batch_norm=False):
        super().__init__(head, model_dir, config, warm_start_from, hidden_units=hidden_units,
                         feature_columns=feature_columns, optimizer=optimizer,
                         activation_fn=activation_fn, dropout=dropout,
                         input_layer_partitioner=input_layer_partitioner,
                         batch_norm=batch_norm)
