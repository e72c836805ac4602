"""tf.estimator.export's output classes: what a SavedModel signature returns
(PredictOutput, ClassificationOutput, RegressionOutput; TrainOutput and EvalOutput for the TRAIN
and EVAL graphs of experimental_export_all_saved_models), as TF 1.15's export_output.py.

Each turns into a SignatureDef with `as_signature_def(receiver_tensors)`; the Estimator builds
one signature per `export_outputs` entry of the PREDICT EstimatorSpec.
"""
from __future__ import annotations

import tfcompat as tf
from tfcompat.saved_model import signature_constants as _sig
from tfcompat.saved_model import signature_def_utils as _sig_utils


class ExportOutput:
    """The base of the output classes: one SignatureDef's outputs."""

    _SEPARATOR_CHAR = "/"

    def as_signature_def(self, receiver_tensors):
        raise NotImplementedError("%s must implement as_signature_def" % type(self).__name__)

    def _check_output_key(self, key, error_label):
        # TF names a multi-head output "head/key"; keys are strings, tuples are joined
        if isinstance(key, tuple):
            key = self._SEPARATOR_CHAR.join(key)
        if not isinstance(key, str):
            raise ValueError("{} output key must be a string; got {}.".format(error_label, key))
        return key

    def _wrap_and_check_outputs(self, outputs, single_output_default_name, error_label=None):
        if not isinstance(outputs, dict):
            outputs = {single_output_default_name: outputs}
        label = error_label or single_output_default_name
        checked = {}
        for key, value in outputs.items():
            key = self._check_output_key(key, label)
            if not isinstance(value, tf.Tensor):
                raise ValueError("{} output value must be a Tensor; got {}.".format(label, value))
            checked[key] = value
        return checked


class ClassificationOutput(ExportOutput):
    """Classification scores and/or class names; the `tensorflow/serving/classify` signature."""

    def __init__(self, scores=None, classes=None):
        if scores is not None and not (isinstance(scores, tf.Tensor)
                                       and scores.dtype.is_floating):
            raise ValueError("Classification scores must be a float32 Tensor; "
                             "got {}".format(scores))
        if classes is not None and not (isinstance(classes, tf.Tensor)
                                        and classes.dtype == tf.string):
            raise ValueError("Classification classes must be a string Tensor; "
                             "got {}".format(classes))
        if scores is None and classes is None:
            raise ValueError("At least one of scores and classes must be set.")
        self._scores = scores
        self._classes = classes

    @property
    def scores(self):
        return self._scores

    @property
    def classes(self):
        return self._classes

    def as_signature_def(self, receiver_tensors):
        examples = _single_string_input(receiver_tensors, "Classification")
        return _sig_utils.classification_signature_def(examples, self.classes, self.scores)


class RegressionOutput(ExportOutput):
    """A float regression value; the `tensorflow/serving/regress` signature."""

    def __init__(self, value):
        if not (isinstance(value, tf.Tensor) and value.dtype.is_floating):
            raise ValueError("Regression output value must be a float32 Tensor; "
                             "got {}".format(value))
        self._value = value

    @property
    def value(self):
        return self._value

    def as_signature_def(self, receiver_tensors):
        examples = _single_string_input(receiver_tensors, "Regression")
        return _sig_utils.regression_signature_def(examples, self.value)


class PredictOutput(ExportOutput):
    """Any dict of output tensors; the `tensorflow/serving/predict` signature."""

    _SINGLE_OUTPUT_DEFAULT_NAME = "output"

    def __init__(self, outputs):
        self._outputs = self._wrap_and_check_outputs(
            outputs, self._SINGLE_OUTPUT_DEFAULT_NAME, error_label="Prediction")

    @property
    def outputs(self):
        return self._outputs

    def as_signature_def(self, receiver_tensors):
        return _sig_utils.predict_signature_def(receiver_tensors, self.outputs)


class _SupervisedOutput(ExportOutput):
    """The loss, predictions and metrics of a TRAIN or EVAL graph, as a SignatureDef whose
    outputs are keyed "loss", "predictions/<key>" and "metrics/<name>/value|update_op"."""

    LOSS_NAME = "loss"
    PREDICTIONS_NAME = "predictions"
    METRICS_NAME = "metrics"
    METHOD_NAME = None

    def __init__(self, loss=None, predictions=None, metrics=None):
        self._loss = self._prefixed(self._wrap_and_check_outputs(loss, self.LOSS_NAME),
                                    self.LOSS_NAME) if loss is not None else None
        self._predictions = self._prefixed(
            self._wrap_and_check_outputs(predictions, self.PREDICTIONS_NAME),
            self.PREDICTIONS_NAME) if predictions is not None else None
        self._metrics = self._checked_metrics(metrics) if metrics is not None else None

    loss = property(lambda self: self._loss)
    predictions = property(lambda self: self._predictions)
    metrics = property(lambda self: self._metrics)

    def _prefix_key(self, key, output_name):
        return key if key.find(output_name) == 0 else output_name + self._SEPARATOR_CHAR + key

    def _prefixed(self, outputs, output_name):
        return {self._prefix_key(k, output_name): v for k, v in outputs.items()}

    def _checked_metrics(self, metrics):
        if not isinstance(metrics, dict):
            raise ValueError("{} output value must be a dict of metric tuples; got {}.".format(
                self.METRICS_NAME, metrics))
        outputs = {}
        for key, value in metrics.items():
            key = self._prefix_key(self._check_output_key(key, self.METRICS_NAME),
                                   self.METRICS_NAME)
            if not isinstance(value, tuple) or len(value) != 2:
                raise ValueError("{} output value must be a tuple of (metric_value, update_op);"
                                 " got {}.".format(key, value))
            metric_value, update_op = value
            if not isinstance(metric_value, tf.Tensor):
                raise ValueError("{} output value must be a Tensor; got {}.".format(
                    key, metric_value))
            if not isinstance(update_op, tf.Tensor):
                # a SignatureDef names tensors only: an update Operation is wrapped in one
                with tf.control_dependencies([update_op]):
                    update_op = tf.constant([], name="metric_op_wrapper")
            outputs[key + "/value"] = metric_value
            outputs[key + "/update_op"] = update_op
        return outputs

    def as_signature_def(self, receiver_tensors):
        if not receiver_tensors:
            raise ValueError("{} inputs cannot be None or empty.".format(self.METHOD_NAME))
        outputs = {}
        for part in (self.loss, self.predictions, self.metrics):
            outputs.update(part or {})
        return _sig_utils.build_signature_def(
            {k: tf.saved_model.utils.build_tensor_info(t) for k, t in receiver_tensors.items()},
            {k: tf.saved_model.utils.build_tensor_info(t) for k, t in outputs.items()},
            self.METHOD_NAME)


class TrainOutput(_SupervisedOutput):
    """The outputs of an exported TRAIN graph (signature 'train')."""

    METHOD_NAME = _sig.SUPERVISED_TRAIN_METHOD_NAME


class EvalOutput(_SupervisedOutput):
    """The outputs of an exported EVAL graph (signature 'eval')."""

    METHOD_NAME = _sig.SUPERVISED_EVAL_METHOD_NAME


def _single_string_input(receiver_tensors, kind):
    """Classify and regress signatures take one serialized tf.Example string tensor."""
    if len(receiver_tensors) != 1:
        raise ValueError("{} input must be a single string Tensor; got {}".format(
            kind, receiver_tensors))
    (_, examples), = receiver_tensors.items()
    if examples.dtype != tf.string:
        raise ValueError("{} input must be a single string Tensor; got {}".format(
            kind, receiver_tensors))
    return examples


def get_export_outputs(export_outputs, predictions):
    """`export_outputs` of a PREDICT spec, checked; a PredictOutput of `predictions` by default,
    and the only output doubles as the default serving signature."""
    default_key = _sig.DEFAULT_SERVING_SIGNATURE_DEF_KEY
    if export_outputs is None:
        export_outputs = {default_key: PredictOutput(predictions)}
    if not isinstance(export_outputs, dict):
        raise TypeError("export_outputs must be dict, given: {}".format(export_outputs))
    for value in export_outputs.values():
        if not isinstance(value, ExportOutput):
            raise TypeError("Values in export_outputs must be ExportOutput objects. "
                            "Given: {}".format(export_outputs))
    if len(export_outputs) == 1:
        (key, value), = export_outputs.items()
        if key != default_key:
            export_outputs[default_key] = value
    elif default_key not in export_outputs:
        raise ValueError(
            "Multiple export_outputs were provided, but none of them is specified as the "
            "default.  Do this by naming one of them with "
            "signature_constants.DEFAULT_SERVING_SIGNATURE_DEF_KEY.")
    return export_outputs
