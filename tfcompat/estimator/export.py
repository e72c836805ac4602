"""tf.estimator.export: what a serving_input_receiver_fn returns (ServingInputReceiver,
TensorServingInputReceiver), the two stock receiver_fn builders, and the output classes."""
from __future__ import annotations

import collections

import tfcompat as tf
from tfcompat.estimator.export_output import (  # noqa: F401 - tf.estimator.export names
    ClassificationOutput, EvalOutput, ExportOutput, PredictOutput, RegressionOutput)

SINGLE_FEATURE_DEFAULT_NAME = "feature"
SINGLE_RECEIVER_DEFAULT_NAME = "input"
SINGLE_LABEL_DEFAULT_NAME = "label"


def _wrap_and_check_input_tensors(tensors, field_name, allow_sparse=True):
    """`tensors` as a dict (a lone tensor under the default name), keys strings and values
    Tensors (or SparseTensors where allowed)."""
    if tensors is None:
        raise ValueError("{}s must be defined.".format(field_name))
    if not isinstance(tensors, dict):
        default = (SINGLE_RECEIVER_DEFAULT_NAME if field_name == "receiver_tensor"
                   else SINGLE_FEATURE_DEFAULT_NAME if field_name == "feature"
                   else SINGLE_LABEL_DEFAULT_NAME)
        tensors = {default: tensors}
    allowed = (tf.Tensor, tf.SparseTensor) if allow_sparse else (tf.Tensor,)
    for name, tensor in tensors.items():
        if not isinstance(name, str):
            raise ValueError("{} keys must be strings: {}.".format(field_name, name))
        if not isinstance(tensor, allowed):
            kinds = "Tensor or SparseTensor" if allow_sparse else "Tensor"
            raise ValueError("{} {} must be a {}.".format(field_name, name, kinds))
    return tensors


def _checked_alternatives(alternatives):
    if alternatives is None:
        return None
    if not isinstance(alternatives, dict):
        raise ValueError("receiver_tensors_alternatives must be a dict: {}."
                         .format(alternatives))
    return {name: _wrap_and_check_input_tensors(tensors, "receiver_tensors_alternative",
                                                allow_sparse=True)
            for name, tensors in alternatives.items()}


class ServingInputReceiver(collections.namedtuple(
        "ServingInputReceiver", ["features", "receiver_tensors",
                                 "receiver_tensors_alternatives"])):
    """The features a serving graph gives the model_fn, and the tensors it is fed by."""

    def __new__(cls, features, receiver_tensors, receiver_tensors_alternatives=None):
        features = _wrap_and_check_input_tensors(features, "feature", allow_sparse=True)
        receiver_tensors = _wrap_and_check_input_tensors(receiver_tensors, "receiver_tensor",
                                                         allow_sparse=False)
        return super().__new__(cls, features, receiver_tensors,
                               _checked_alternatives(receiver_tensors_alternatives))


class TensorServingInputReceiver(collections.namedtuple(
        "TensorServingInputReceiver", ["features", "receiver_tensors",
                                       "receiver_tensors_alternatives"])):
    """A ServingInputReceiver whose features are one Tensor (passed to model_fn as is)."""

    def __new__(cls, features, receiver_tensors, receiver_tensors_alternatives=None):
        if features is None:
            raise ValueError("features must be defined.")
        checked = ServingInputReceiver(
            features={SINGLE_FEATURE_DEFAULT_NAME: features}, receiver_tensors=receiver_tensors,
            receiver_tensors_alternatives=receiver_tensors_alternatives)
        return super().__new__(cls, checked.features[SINGLE_FEATURE_DEFAULT_NAME],
                               checked.receiver_tensors, checked.receiver_tensors_alternatives)


def build_parsing_serving_input_receiver_fn(feature_spec, default_batch_size=None):
    """A serving_input_receiver_fn that parses serialized tf.Examples (fed to
    'input_example_tensor') with `feature_spec`."""

    def serving_input_receiver_fn():
        serialized = tf.placeholder(dtype=tf.string, shape=[default_batch_size],
                                    name="input_example_tensor")
        features = tf.parse_example(serialized, feature_spec)
        return ServingInputReceiver(features, {"examples": serialized})

    return serving_input_receiver_fn


def _placeholder_like(tensor, default_batch_size):
    if isinstance(tensor, tf.SparseTensor):
        return tf.sparse_placeholder(dtype=tensor.dtype, shape=[default_batch_size, None],
                                     name=tensor.op.name)
    shape = tensor.get_shape().as_list()
    shape[0] = default_batch_size
    return tf.placeholder(dtype=tensor.dtype, shape=shape, name=tensor.op.name)


def build_raw_serving_input_receiver_fn(features, default_batch_size=None):
    """A serving_input_receiver_fn feeding placeholders shaped like `features` (a dict of
    tensors; the batch dimension becomes `default_batch_size`) straight to the model."""

    def serving_input_receiver_fn():
        receiver = {name: _placeholder_like(t, default_batch_size)
                    for name, t in features.items()}
        return ServingInputReceiver(receiver, receiver)

    return serving_input_receiver_fn


class SupervisedInputReceiver(collections.namedtuple(
        "SupervisedInputReceiver", ["features", "labels", "receiver_tensors"])):
    """The features and labels an exported TRAIN or EVAL graph gives the model_fn, and the
    tensors it is fed by."""

    def __new__(cls, features, labels, receiver_tensors):
        _wrap_and_check_input_tensors(features, "feature")
        _wrap_and_check_input_tensors(labels, "label")
        receiver_tensors = _wrap_and_check_input_tensors(receiver_tensors, "receiver_tensor",
                                                         allow_sparse=False)
        return super().__new__(cls, features, labels, receiver_tensors)


def build_raw_supervised_input_receiver_fn(features, labels, default_batch_size=None):
    """A receiver_fn feeding placeholders shaped like `features` and `labels` (tensors or
    dicts of them, with distinct keys) to a TRAIN or EVAL graph."""
    feature_keys = list(features) if isinstance(features, dict) else [
        SINGLE_RECEIVER_DEFAULT_NAME]
    label_keys = list(labels) if isinstance(labels, dict) else [SINGLE_LABEL_DEFAULT_NAME]
    overlap = set(feature_keys) & set(label_keys)
    if overlap:
        raise ValueError("Features and labels must have distinct keys. Found overlapping keys: "
                         "{}".format(overlap))

    def placeholders(tensors, single_name):
        if isinstance(tensors, dict):
            made = {k: _placeholder_like(t, default_batch_size) for k, t in tensors.items()}
            return made, made
        made = _placeholder_like(tensors, default_batch_size)
        return made, {single_name: made}

    def supervised_input_receiver_fn():
        features_cp, receiver_features = placeholders(features, SINGLE_RECEIVER_DEFAULT_NAME)
        labels_cp, receiver_labels = placeholders(labels, SINGLE_LABEL_DEFAULT_NAME)
        receiver_tensors = dict(receiver_features)
        receiver_tensors.update(receiver_labels)
        return SupervisedInputReceiver(features_cp, labels_cp, receiver_tensors)

    return supervised_input_receiver_fn
