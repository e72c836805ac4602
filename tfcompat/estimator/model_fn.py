"""tf.estimator.ModeKeys and tf.estimator.EstimatorSpec: what a model_fn returns, validated the
way TF 1.15 validates it (same exception classes and messages)."""
from __future__ import annotations

import collections
import inspect

import tfcompat as tf
from tfcompat.estimator import export_output as _export_output
from tfcompat.train.monitored_session import Scaffold
from tfcompat.train.session_run_hook import SessionRunHook

LOSS_METRIC_KEY = "loss"
AVERAGE_LOSS_METRIC_KEY = "average_loss"


class ModeKeys:
    """The three modes a model_fn is called in. PREDICT is "infer", as in TF 1.x."""

    TRAIN = "train"
    EVAL = "eval"
    PREDICT = "infer"


_FIELDS = ["mode", "predictions", "loss", "train_op", "eval_metric_ops", "export_outputs",
           "training_chief_hooks", "training_hooks", "scaffold", "evaluation_hooks",
           "prediction_hooks"]

_NOT_IN_GRAPH = (
    '{0} with "{1}" must be from the default graph. '
    "Possible causes of this error include: \n\n"
    "1) {0} was created outside the context of the default graph."
    "\n\n"
    "2) The object passed through to EstimatorSpec was not created "
    'in the most recent call to "model_fn".')


class EstimatorSpec(collections.namedtuple("EstimatorSpec", _FIELDS)):
    """Ops and objects returned from a model_fn: TRAIN needs `loss` and `train_op`, EVAL needs
    `loss`, PREDICT needs `predictions`; the rest are optional."""

    def __new__(cls, mode, predictions=None, loss=None, train_op=None, eval_metric_ops=None,
                export_outputs=None, training_chief_hooks=None, training_hooks=None,
                scaffold=None, evaluation_hooks=None, prediction_hooks=None):
        train_op = _checked_train_op(train_op, mode)
        loss = _checked_loss(loss, mode)
        predictions = _checked_predictions(predictions, mode)
        if mode == ModeKeys.PREDICT:
            export_outputs = _export_output.get_export_outputs(export_outputs, predictions)
        return super().__new__(
            cls, mode=mode, predictions=predictions, loss=loss, train_op=train_op,
            eval_metric_ops=_checked_metric_ops(eval_metric_ops),
            export_outputs=export_outputs,
            training_chief_hooks=_checked_hooks(training_chief_hooks),
            training_hooks=_checked_hooks(training_hooks),
            scaffold=_checked_scaffold(scaffold),
            evaluation_hooks=_checked_hooks(evaluation_hooks),
            prediction_hooks=_checked_hooks(prediction_hooks))

    def _replace(self, **kwds):
        if "mode" in kwds and self.mode != kwds["mode"]:
            raise ValueError("mode of EstimatorSpec cannot be changed.")
        return EstimatorSpec(*[kwds.pop(name, value) for name, value in zip(self._fields, self)])


def _in_default_graph(value, what, name):
    if value.graph is not tf.get_default_graph():
        raise ValueError(_NOT_IN_GRAPH.format(what, name))


def _checked_train_op(train_op, mode):
    if train_op is None:
        if mode == ModeKeys.TRAIN:
            raise ValueError("Missing train_op.")
        return None
    if isinstance(train_op, tf.Variable):
        train_op = train_op.op
    if not isinstance(train_op, (tf.Operation, tf.Tensor)):
        raise TypeError("train_op must be Operation or Tensor, given: {}".format(train_op))
    _in_default_graph(train_op, "train_op", train_op.name)
    return train_op


def _checked_tensor(value, what):
    if not isinstance(value, tf.Tensor):
        raise TypeError("{} must be Tensor, given: {}".format(what, value))
    return value


def _checked_loss(loss, mode):
    if loss is None:
        if mode in (ModeKeys.TRAIN, ModeKeys.EVAL):
            raise ValueError("Missing loss.")
        return None
    loss = _checked_tensor(loss, "loss")
    shape = loss.get_shape()
    if shape.num_elements() not in (None, 1):
        raise ValueError("Loss must be scalar, given: {}".format(loss))
    if not shape.is_compatible_with(tf.TensorShape([])):
        loss = tf.reshape(loss, [])
    _in_default_graph(loss, "loss", loss.name)
    return loss


def _checked_predictions(predictions, mode):
    if predictions is None:
        if mode == ModeKeys.PREDICT:
            raise ValueError("Missing predictions.")
        return {}
    if isinstance(predictions, dict):
        predictions = {k: _checked_tensor(v, "predictions[{}]".format(k))
                       for k, v in predictions.items()}
        for key, value in predictions.items():
            _in_default_graph(value, "prediction values", "{0}: {1}".format(key, value.name))
        return predictions
    predictions = _checked_tensor(predictions, "predictions")
    _in_default_graph(predictions, "prediction values", predictions.name)
    return predictions


def _checked_hooks(hooks):
    hooks = tuple(hooks or [])
    for hook in hooks:
        if not isinstance(hook, SessionRunHook):
            raise TypeError("All hooks must be SessionRunHook instances, given: {}".format(hook))
    return hooks


def _checked_metric_ops(eval_metric_ops):
    if eval_metric_ops is None:
        return {}
    if not isinstance(eval_metric_ops, dict):
        raise TypeError("eval_metric_ops must be a dict, given: {}".format(eval_metric_ops))
    for key, value in eval_metric_ops.items():
        if not isinstance(value, tuple) or len(value) != 2:
            raise TypeError("Values of eval_metric_ops must be (metric_value, update_op) "
                            "tuples, given: {} for key: {}".format(value, key))
        for part in tf.nest.flatten(value):
            _in_default_graph(part, "eval_metric_ops", "{0}: {1}".format(key, part.name))
    return eval_metric_ops


def _checked_scaffold(scaffold):
    scaffold = scaffold or Scaffold()
    if not isinstance(scaffold, Scaffold):
        raise TypeError("scaffold must be tf.train.Scaffold. Given: {}".format(scaffold))
    return scaffold


_VALID_MODEL_FN_ARGS = {"features", "labels", "mode", "params", "self", "config"}


def fn_args(fn) -> tuple:
    """The names of `fn`'s arguments (a functools.partial's bound ones removed, `self` of a
    bound method dropped), as TF's function_utils.fn_args."""
    if hasattr(fn, "func") and hasattr(fn, "keywords"):      # functools.partial
        bound = set(fn.keywords or {})
        return tuple(a for a in fn_args(fn.func)[len(fn.args):] if a not in bound)
    target = fn if inspect.isfunction(fn) or inspect.ismethod(fn) else getattr(fn, "__call__", fn)
    names = tuple(inspect.signature(target).parameters)
    return names


def verify_model_fn_args(model_fn, params):
    """TF's checks of a model_fn's arguments, with TF's messages."""
    args = set(fn_args(model_fn))
    if "features" not in args:
        raise ValueError("model_fn (%s) must include features argument." % model_fn)
    if params is not None and "params" not in args:
        raise ValueError("model_fn (%s) does not include params argument, but params (%s) is "
                         "passed to Estimator." % (model_fn, params))
    if params is None and "params" in args:
        tf.logging.warn("Estimator's model_fn (%s) includes params argument, but params are "
                        "not passed to Estimator.", model_fn)
    unexpected = list(args - _VALID_MODEL_FN_ARGS)
    if unexpected:
        raise ValueError("model_fn (%s) has following not expected args: %s"
                         % (model_fn, unexpected))


def call_logit_fn(logit_fn, features, mode, params, config):
    """Calls `logit_fn(features, [mode, params, config])` with the arguments it takes; its
    result must be a Tensor or a dict of string to Tensor (tf.estimator.experimental)."""
    args = fn_args(logit_fn)
    kwargs = {name: value for name, value in
              (("mode", mode), ("params", params), ("config", config)) if name in args}
    results = logit_fn(features=features, **kwargs)
    valid_dict = isinstance(results, dict) and all(
        isinstance(k, str) and isinstance(v, tf.Tensor) for k, v in results.items())
    if not (valid_dict or isinstance(results, tf.Tensor)):
        raise ValueError("logit_fn should return a Tensor or a dictionary mapping strings to "
                         "Tensors.  logit_fn returned: %s" % results)
    return results
