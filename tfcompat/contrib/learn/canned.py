"""tf.contrib.learn's canned estimators (TF 1.15 estimators/dnn.py, linear.py,
dnn_linear_combined.py): DNNClassifier / DNNRegressor, LinearClassifier / LinearRegressor and
DNNLinearCombinedClassifier / DNNLinearCombinedRegressor on contrib.layers' feature columns.

Variables are TF 1.15's: `dnn/input_from_feature_columns/<column>_embedding/weights`,
`dnn/hiddenlayer_<i>/{weights,biases}`, `dnn/logits/{weights,biases}` (Xavier weights, zero
biases), `linear/<column>/weight(s)`, `linear/bias_weight` (zeros). The DNN trains with
optimize_loss (default Adagrad at 0.05, its `dnn/learning_rate` variable), the linear model
with Ftrl at min(0.2, 1/sqrt(number of columns)). A feature that is one Tensor (numpy x) is
the feature named "".
"""
from __future__ import annotations

import math

import tfcompat as tf
from tfcompat.contrib.layers import feature_column_ops
from tfcompat.contrib.layers.layers import dropout as contrib_dropout
from tfcompat.contrib.layers.layers import fully_connected
from tfcompat.contrib.layers.optimizers import OPTIMIZER_CLS_NAMES, optimize_loss
from tfcompat.contrib.learn import head as head_lib
from tfcompat.contrib.learn.estimator import Estimator
from tfcompat.contrib.learn.model_fn import ModeKeys

_DNN_LEARNING_RATE = 0.05
_LINEAR_LEARNING_RATE = 0.2


def _get_feature_dict(features):
    return features if isinstance(features, dict) else {"": features}


def _called(optimizer):
    return optimizer() if callable(optimizer) and not isinstance(optimizer, type) else optimizer


def _linear_learning_rate(num_linear_feature_columns):
    return min(_LINEAR_LEARNING_RATE, 1.0 / math.sqrt(num_linear_feature_columns))


def _add_hidden_layer_summary(value, tag):
    tf.summary.scalar("%s_fraction_of_zero_values" % tag, tf.nn.zero_fraction(value))
    tf.summary.histogram("%s_activation" % tag, value)


def _partitioner(config, **kwargs):
    """TF's partitioner of the DNN's variables: with no parameter servers one part, which
    still makes each variable partitioned (and its slots' names TF's)."""
    num_ps_replicas = config.num_ps_replicas if config else 0
    return tf.min_max_variable_partitioner(max_partitions=num_ps_replicas, **kwargs)


def _dnn_logits(features, mode, feature_columns, hidden_units, logits_dimension,
                activation_fn, dropout, config, parent_scope="dnn"):
    """The DNN's logits, built in the current variable scope (`parent_scope`)."""
    with tf.variable_scope("input_from_feature_columns", values=tuple(features.values()),
                           partitioner=_partitioner(config, min_slice_size=64 << 20)
                           ) as input_layer_scope:
        net = feature_column_ops.input_from_feature_columns(
            columns_to_tensors=features, feature_columns=feature_columns,
            weight_collections=[parent_scope], scope=input_layer_scope)
    for layer_id, num_hidden_units in enumerate(hidden_units):
        with tf.variable_scope("hiddenlayer_%d" % layer_id, values=(net,)) as scope:
            net = fully_connected(net, num_hidden_units, activation_fn=activation_fn,
                                  variables_collections=[parent_scope], scope=scope)
            if dropout is not None and mode == ModeKeys.TRAIN:
                net = contrib_dropout(net, keep_prob=(1.0 - dropout))
        _add_hidden_layer_summary(net, scope.name)
    with tf.variable_scope("logits", values=(net,)) as scope:
        logits = fully_connected(net, logits_dimension, activation_fn=None,
                                 variables_collections=[parent_scope], scope=scope)
    _add_hidden_layer_summary(logits, scope.name)
    return logits


def _dnn_model_fn(features, labels, mode, params, config=None):
    head = params["head"]
    features = _get_feature_dict(features)
    optimizer = params.get("optimizer") or "Adagrad"
    with tf.variable_scope("dnn", values=tuple(features.values()),
                           partitioner=_partitioner(config)):
        logits = _dnn_logits(features, mode, params["feature_columns"], params["hidden_units"],
                             head.logits_dimension, params.get("activation_fn"),
                             params.get("dropout"), config)

        def _train_op_fn(loss):
            return optimize_loss(loss=loss, global_step=tf.train.get_global_step(),
                                 learning_rate=_DNN_LEARNING_RATE,
                                 optimizer=_called(optimizer),
                                 clip_gradients=params.get("gradient_clip_norm"),
                                 name="dnn", summaries=[])

        return head.create_model_fn_ops(features=features, mode=mode, labels=labels,
                                        train_op_fn=_train_op_fn, logits=logits)


def _linear_optimizer(spec, feature_columns):
    if spec is None:
        return tf.train.FtrlOptimizer(learning_rate=_linear_learning_rate(len(feature_columns)))
    if isinstance(spec, str):
        return OPTIMIZER_CLS_NAMES[spec](learning_rate=_LINEAR_LEARNING_RATE)
    return _called(spec)


def _linear_logits(features, feature_columns, logits_dimension, config,
                   parent_scope="linear"):
    with tf.variable_scope(parent_scope, values=tuple(features.values()),
                           partitioner=_partitioner(config, min_slice_size=64 << 20)) as scope:
        logits, _, _ = feature_column_ops.weighted_sum_from_feature_columns(
            columns_to_tensors=features, feature_columns=feature_columns,
            num_outputs=logits_dimension, weight_collections=[parent_scope], scope=scope)
    return logits


def _linear_model_fn(features, labels, mode, params, config=None):
    head = params["head"]
    feature_columns = params["feature_columns"]
    features = _get_feature_dict(features)
    logits = _linear_logits(features, feature_columns, head.logits_dimension, config)

    def _train_op_fn(loss):
        my_vars = tf.get_collection("linear")
        grads = tf.gradients(loss, my_vars)
        if params.get("gradient_clip_norm"):
            grads, _ = tf.clip_by_global_norm(grads, params["gradient_clip_norm"])
        optimizer = _linear_optimizer(params.get("optimizer"), feature_columns)
        return optimizer.apply_gradients(zip(grads, my_vars),
                                         global_step=tf.train.get_global_step())

    return head.create_model_fn_ops(features=features, mode=mode, labels=labels,
                                    train_op_fn=_train_op_fn, logits=logits)


def _combined_model_fn(features, labels, mode, params, config=None):
    head = params["head"]
    linear_columns = params.get("linear_feature_columns") or []
    dnn_columns = params.get("dnn_feature_columns") or []
    if not linear_columns and not dnn_columns:
        raise ValueError("Either linear_feature_columns or dnn_feature_columns must be "
                         "defined.")
    features = _get_feature_dict(features)
    dnn_logits = linear_logits = None
    if dnn_columns:
        with tf.variable_scope("dnn", values=tuple(features.values()),
                               partitioner=_partitioner(config)):
            dnn_logits = _dnn_logits(features, mode, dnn_columns, params["dnn_hidden_units"],
                                     head.logits_dimension, params.get("dnn_activation_fn"),
                                     params.get("dnn_dropout"), config)
    if linear_columns:
        linear_logits = _linear_logits(features, linear_columns, head.logits_dimension,
                                       config)
    if dnn_logits is None:
        logits = linear_logits
    elif linear_logits is None:
        logits = dnn_logits
    else:
        logits = dnn_logits + linear_logits

    def _train_op_fn(loss):
        global_step = tf.train.get_global_step()
        train_ops = []
        clip = params.get("gradient_clip_norm")
        # TF 1.15's default (fix_global_step_increment_bug=False): each part's optimize_loss
        # increments the global step, so a wide & deep step counts twice
        fixed = params.get("fix_global_step_increment_bug")
        if dnn_logits is not None:
            train_ops.append(optimize_loss(
                loss=loss, global_step=global_step, learning_rate=_DNN_LEARNING_RATE,
                optimizer=_called(params.get("dnn_optimizer") or "Adagrad"),
                clip_gradients=clip, variables=tf.get_collection("dnn"), name="dnn",
                summaries=[], increment_global_step=not fixed))
        if linear_logits is not None:
            train_ops.append(optimize_loss(
                loss=loss, global_step=global_step,
                learning_rate=_linear_learning_rate(len(linear_columns)),
                optimizer=_called(params.get("linear_optimizer") or "Ftrl"),
                clip_gradients=clip, variables=tf.get_collection("linear"), name="linear",
                summaries=[], increment_global_step=not fixed))
        train_op = tf.group(*train_ops)
        if not fixed:
            return train_op
        with tf.control_dependencies([train_op]):
            return tf.assign_add(global_step, 1).op

    return head.create_model_fn_ops(features=features, mode=mode, labels=labels,
                                    train_op_fn=_train_op_fn, logits=logits)


class _ClassifierMixin:
    """predict (classes by default), predict_classes and predict_proba."""

    def predict(self, x=None, input_fn=None, batch_size=None, outputs=None, as_iterable=True):
        if not outputs:
            return self.predict_classes(x=x, input_fn=input_fn, batch_size=batch_size,
                                        as_iterable=as_iterable)
        return super().predict(x=x, input_fn=input_fn, batch_size=batch_size,
                               outputs=outputs, as_iterable=as_iterable)

    def _predict_key(self, key, x, input_fn, batch_size, as_iterable):
        preds = Estimator.predict(self, x=x, input_fn=input_fn, batch_size=batch_size,
                                  outputs=[key], as_iterable=as_iterable)
        if as_iterable:
            return (pred[key] for pred in preds)
        return preds[key]

    def predict_classes(self, x=None, input_fn=None, batch_size=None, as_iterable=True):
        result = self._predict_key(head_lib.PredictionKey.CLASSES, x, input_fn, batch_size,
                                   as_iterable)
        return result if as_iterable else result.reshape(-1)

    def predict_proba(self, x=None, input_fn=None, batch_size=None, as_iterable=True):
        return self._predict_key(head_lib.PredictionKey.PROBABILITIES, x, input_fn,
                                 batch_size, as_iterable)


class _RegressorMixin:
    """predict (scores by default) and predict_scores."""

    def predict(self, x=None, input_fn=None, batch_size=None, outputs=None, as_iterable=True):
        if not outputs:
            return self.predict_scores(x=x, input_fn=input_fn, batch_size=batch_size,
                                       as_iterable=as_iterable)
        return super().predict(x=x, input_fn=input_fn, batch_size=batch_size,
                               outputs=outputs, as_iterable=as_iterable)

    def predict_scores(self, x=None, input_fn=None, batch_size=None, as_iterable=True):
        key = head_lib.PredictionKey.SCORES
        preds = Estimator.predict(self, x=x, input_fn=input_fn, batch_size=batch_size,
                                  outputs=[key], as_iterable=as_iterable)
        if as_iterable:
            return (pred[key] for pred in preds)
        return preds[key]


def _unsupported_args(**kwargs):
    for name, value in kwargs.items():
        if value:
            raise ValueError("%s is not supported by tfcompat's contrib.learn estimators"
                             % name)


class DNNClassifier(_ClassifierMixin, Estimator):
    """A DNN classifier (contrib.learn): softmax for n_classes > 2, logistic for 2."""

    def __init__(self, hidden_units, feature_columns, model_dir=None, n_classes=2,
                 weight_column_name=None, optimizer=None, activation_fn=tf.nn.relu,
                 dropout=None, gradient_clip_norm=None, enable_centered_bias=False,
                 config=None, feature_engineering_fn=None, embedding_lr_multipliers=None,
                 input_layer_min_slice_size=None, label_keys=None):
        _unsupported_args(embedding_lr_multipliers=embedding_lr_multipliers)
        self._feature_columns = tuple(feature_columns or [])
        head = head_lib.multi_class_head(n_classes, weight_column_name=weight_column_name,
                                         enable_centered_bias=enable_centered_bias,
                                         label_keys=label_keys)
        super().__init__(model_fn=_dnn_model_fn, model_dir=model_dir, config=config, params={
            "head": head, "hidden_units": hidden_units,
            "feature_columns": self._feature_columns, "optimizer": optimizer,
            "activation_fn": activation_fn, "dropout": dropout,
            "gradient_clip_norm": gradient_clip_norm},
            feature_engineering_fn=feature_engineering_fn)


class DNNRegressor(_RegressorMixin, Estimator):
    """A DNN regressor (contrib.learn): mean squared error on `label_dimension` targets."""

    def __init__(self, hidden_units, feature_columns, model_dir=None, weight_column_name=None,
                 optimizer=None, activation_fn=tf.nn.relu, dropout=None,
                 gradient_clip_norm=None, enable_centered_bias=False, config=None,
                 feature_engineering_fn=None, label_dimension=1, embedding_lr_multipliers=None,
                 input_layer_min_slice_size=None):
        _unsupported_args(embedding_lr_multipliers=embedding_lr_multipliers)
        self._feature_columns = tuple(feature_columns or [])
        head = head_lib.regression_head(label_dimension=label_dimension,
                                        weight_column_name=weight_column_name,
                                        enable_centered_bias=enable_centered_bias)
        super().__init__(model_fn=_dnn_model_fn, model_dir=model_dir, config=config, params={
            "head": head, "hidden_units": hidden_units,
            "feature_columns": self._feature_columns, "optimizer": optimizer,
            "activation_fn": activation_fn, "dropout": dropout,
            "gradient_clip_norm": gradient_clip_norm},
            feature_engineering_fn=feature_engineering_fn)


class LinearClassifier(_ClassifierMixin, Estimator):
    """A linear classifier (contrib.learn), trained with Ftrl by default."""

    def __init__(self, feature_columns, model_dir=None, n_classes=2, weight_column_name=None,
                 optimizer=None, gradient_clip_norm=None, enable_centered_bias=False,
                 _joint_weight=False, config=None, feature_engineering_fn=None,
                 label_keys=None):
        _unsupported_args(_joint_weight=_joint_weight)
        self._feature_columns = tuple(feature_columns or [])
        head = head_lib.multi_class_head(n_classes, weight_column_name=weight_column_name,
                                         enable_centered_bias=enable_centered_bias,
                                         label_keys=label_keys)
        super().__init__(model_fn=_linear_model_fn, model_dir=model_dir, config=config,
                         params={"head": head, "feature_columns": self._feature_columns,
                                 "optimizer": optimizer,
                                 "gradient_clip_norm": gradient_clip_norm},
                         feature_engineering_fn=feature_engineering_fn)


class LinearRegressor(_RegressorMixin, Estimator):
    """A linear regressor (contrib.learn), trained with Ftrl by default."""

    def __init__(self, feature_columns, model_dir=None, weight_column_name=None,
                 optimizer=None, gradient_clip_norm=None, enable_centered_bias=False,
                 label_dimension=1, _joint_weights=False, config=None,
                 feature_engineering_fn=None):
        _unsupported_args(_joint_weights=_joint_weights)
        self._feature_columns = tuple(feature_columns or [])
        head = head_lib.regression_head(label_dimension=label_dimension,
                                        weight_column_name=weight_column_name,
                                        enable_centered_bias=enable_centered_bias)
        super().__init__(model_fn=_linear_model_fn, model_dir=model_dir, config=config,
                         params={"head": head, "feature_columns": self._feature_columns,
                                 "optimizer": optimizer,
                                 "gradient_clip_norm": gradient_clip_norm},
                         feature_engineering_fn=feature_engineering_fn)


def _combined_params(head, linear_feature_columns, linear_optimizer, dnn_feature_columns,
                     dnn_optimizer, dnn_hidden_units, dnn_activation_fn, dnn_dropout,
                     gradient_clip_norm, fix_global_step_increment_bug):
    if not linear_feature_columns and not dnn_feature_columns:
        raise ValueError("Either linear_feature_columns or dnn_feature_columns must be "
                         "defined.")
    if dnn_feature_columns and not dnn_hidden_units:
        raise ValueError("dnn_hidden_units must be defined when dnn_feature_columns is "
                         "specified.")
    return {"head": head, "linear_feature_columns": tuple(linear_feature_columns or []),
            "linear_optimizer": linear_optimizer,
            "dnn_feature_columns": tuple(dnn_feature_columns or []),
            "dnn_optimizer": dnn_optimizer, "dnn_hidden_units": dnn_hidden_units,
            "dnn_activation_fn": dnn_activation_fn, "dnn_dropout": dnn_dropout,
            "gradient_clip_norm": gradient_clip_norm,
            "fix_global_step_increment_bug": fix_global_step_increment_bug}


class DNNLinearCombinedClassifier(_ClassifierMixin, Estimator):
    """Wide (linear) and deep (DNN) classifier whose logits are the sum of both models'."""

    def __init__(self, model_dir=None, n_classes=2, weight_column_name=None,
                 linear_feature_columns=None, linear_optimizer=None, _joint_linear_weights=False,
                 dnn_feature_columns=None, dnn_optimizer=None, dnn_hidden_units=None,
                 dnn_activation_fn=tf.nn.relu, dnn_dropout=None, gradient_clip_norm=None,
                 enable_centered_bias=False, config=None, feature_engineering_fn=None,
                 embedding_lr_multipliers=None, input_layer_min_slice_size=None,
                 label_keys=None, fix_global_step_increment_bug=False):
        _unsupported_args(_joint_linear_weights=_joint_linear_weights,
                          embedding_lr_multipliers=embedding_lr_multipliers)
        head = head_lib.multi_class_head(n_classes, weight_column_name=weight_column_name,
                                         enable_centered_bias=enable_centered_bias,
                                         label_keys=label_keys)
        super().__init__(model_fn=_combined_model_fn, model_dir=model_dir, config=config,
                         params=_combined_params(head, linear_feature_columns,
                                                 linear_optimizer, dnn_feature_columns,
                                                 dnn_optimizer, dnn_hidden_units,
                                                 dnn_activation_fn, dnn_dropout,
                                                 gradient_clip_norm,
                                                 fix_global_step_increment_bug),
                         feature_engineering_fn=feature_engineering_fn)


class DNNLinearCombinedRegressor(_RegressorMixin, Estimator):
    """Wide (linear) and deep (DNN) regressor whose output is the sum of both models'."""

    def __init__(self, model_dir=None, weight_column_name=None, linear_feature_columns=None,
                 linear_optimizer=None, _joint_linear_weights=False, dnn_feature_columns=None,
                 dnn_optimizer=None, dnn_hidden_units=None, dnn_activation_fn=tf.nn.relu,
                 dnn_dropout=None, gradient_clip_norm=None, enable_centered_bias=False,
                 label_dimension=1, config=None, feature_engineering_fn=None,
                 embedding_lr_multipliers=None, input_layer_min_slice_size=None,
                 fix_global_step_increment_bug=False):
        _unsupported_args(_joint_linear_weights=_joint_linear_weights,
                          embedding_lr_multipliers=embedding_lr_multipliers)
        head = head_lib.regression_head(label_dimension=label_dimension,
                                        weight_column_name=weight_column_name,
                                        enable_centered_bias=enable_centered_bias)
        super().__init__(model_fn=_combined_model_fn, model_dir=model_dir, config=config,
                         params=_combined_params(head, linear_feature_columns,
                                                 linear_optimizer, dnn_feature_columns,
                                                 dnn_optimizer, dnn_hidden_units,
                                                 dnn_activation_fn, dnn_dropout,
                                                 gradient_clip_norm,
                                                 fix_global_step_increment_bug),
                         feature_engineering_fn=feature_engineering_fn)
