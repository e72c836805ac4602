"""`tf.saved_model.signature_def_utils`: `SignatureDef` protos naming a model's inputs and
outputs (TF1 semantics and messages)."""
from __future__ import annotations

from tfcompat.framework import dtypes
from tfcompat.io.proto import meta_graph_pb2
from tfcompat.io.proto import types_pb2
from tfcompat.saved_model import signature_constants as sc
from tfcompat.saved_model import utils
from tfcompat.framework.tensor_util import constant_value
from tfcompat.io.tensor_proto import make_tensor_proto


def build_signature_def(inputs=None, outputs=None, method_name=None, defaults=None):
    """A SignatureDef from {key: TensorInfo} maps and a method name."""
    signature_def = meta_graph_pb2.SignatureDef()
    for key in inputs or {}:
        signature_def.inputs[key].CopyFrom(inputs[key])
    for key in outputs or {}:
        signature_def.outputs[key].CopyFrom(outputs[key])
    if method_name is not None:
        signature_def.method_name = method_name
    for name, default in (defaults or {}).items():
        if getattr(getattr(default, "op", None), "type", None) != "Const":
            raise ValueError("Unable to convert object %s of type %s to TensorProto."
                             % (default, type(default)))
        signature_def.defaults[name].CopyFrom(make_tensor_proto(constant_value(default)))
    return signature_def


def predict_signature_def(inputs, outputs):
    """A Predict signature: {key: Tensor} inputs and outputs of any types."""
    if not inputs:
        raise ValueError("Prediction `inputs` cannot be None or empty.")
    if not outputs:
        raise ValueError("Prediction `outputs` cannot be None or empty.")
    return build_signature_def({k: utils.build_tensor_info(t) for k, t in inputs.items()},
                               {k: utils.build_tensor_info(t) for k, t in outputs.items()},
                               sc.PREDICT_METHOD_NAME)


def regression_signature_def(examples, predictions):
    """A Regress signature: serialized tf.Examples in, float predictions out."""
    if examples is None:
        raise ValueError("Regression `examples` cannot be None.")
    if not hasattr(examples, "dtype"):
        raise ValueError("Expected regression `examples` to be of type Tensor. Found `examples` "
                         "of type %s." % type(examples))
    if predictions is None:
        raise ValueError("Regression `predictions` cannot be None.")
    if examples.dtype.base_dtype != dtypes.string:
        raise ValueError("Regression input tensors must be of type string. Found tensors with "
                         "type %s." % examples.dtype)
    if predictions.dtype.base_dtype != dtypes.float32:
        raise ValueError("Regression output tensors must be of type float. Found tensors with "
                         "type %s." % predictions.dtype)
    return build_signature_def({sc.REGRESS_INPUTS: utils.build_tensor_info(examples)},
                               {sc.REGRESS_OUTPUTS: utils.build_tensor_info(predictions)},
                               sc.REGRESS_METHOD_NAME)


def classification_signature_def(examples, classes, scores):
    """A Classify signature: serialized tf.Examples in, string classes and/or float scores."""
    if examples is None:
        raise ValueError("Classification `examples` cannot be None.")
    if not hasattr(examples, "dtype"):
        raise ValueError("Classification `examples` must be a string Tensor. Found `examples` "
                         "of type %s." % type(examples))
    if classes is None and scores is None:
        raise ValueError("Classification `classes` and `scores` cannot both be None.")
    if examples.dtype.base_dtype != dtypes.string:
        raise ValueError("Classification input tensors must be of type string. Found tensors "
                         "of type %s" % examples.dtype)
    outputs = {}
    if classes is not None:
        if classes.dtype.base_dtype != dtypes.string:
            raise ValueError("Classification classes must be of type string Tensor. Found "
                             "tensors of type %s.'" % classes.dtype)
        outputs[sc.CLASSIFY_OUTPUT_CLASSES] = utils.build_tensor_info(classes)
    if scores is not None:
        if scores.dtype.base_dtype != dtypes.float32:
            raise ValueError("Classification scores must be a float Tensor.")
        outputs[sc.CLASSIFY_OUTPUT_SCORES] = utils.build_tensor_info(scores)
    return build_signature_def({sc.CLASSIFY_INPUTS: utils.build_tensor_info(examples)},
                               outputs, sc.CLASSIFY_METHOD_NAME)


def is_valid_signature(signature_def):
    """Whether TF Serving could serve `signature_def` (predict, regress or classify)."""
    if signature_def is None:
        return False
    return (_valid_classify(signature_def) or _valid_regress(signature_def)
            or _valid_predict(signature_def))


def _valid_predict(s):
    return s.method_name == sc.PREDICT_METHOD_NAME and bool(s.inputs) and bool(s.outputs)


def _valid_regress(s):
    return (s.method_name == sc.REGRESS_METHOD_NAME
            and set(s.inputs) == {sc.REGRESS_INPUTS}
            and s.inputs[sc.REGRESS_INPUTS].dtype == types_pb2.DT_STRING
            and set(s.outputs) == {sc.REGRESS_OUTPUTS}
            and s.outputs[sc.REGRESS_OUTPUTS].dtype == types_pb2.DT_FLOAT)


def _valid_classify(s):
    allowed = {sc.CLASSIFY_OUTPUT_CLASSES, sc.CLASSIFY_OUTPUT_SCORES}
    if s.method_name != sc.CLASSIFY_METHOD_NAME or set(s.inputs) != {sc.CLASSIFY_INPUTS}:
        return False
    if s.inputs[sc.CLASSIFY_INPUTS].dtype != types_pb2.DT_STRING:
        return False
    if not s.outputs or set(s.outputs) - allowed:
        return False
    classes, scores = sc.CLASSIFY_OUTPUT_CLASSES, sc.CLASSIFY_OUTPUT_SCORES
    return ((classes not in s.outputs or s.outputs[classes].dtype == types_pb2.DT_STRING)
            and (scores not in s.outputs or s.outputs[scores].dtype == types_pb2.DT_FLOAT))


# saved_model.pb rewriting (its module imports the loader, which this module need not load first)
from tfcompat.saved_model.method_name_updater import MethodNameUpdater  # noqa: E402

__all__ = ["build_signature_def", "predict_signature_def", "regression_signature_def",
           "classification_signature_def", "is_valid_signature", "MethodNameUpdater"]

from tfcompat._unsupported import missing_attr as _missing_attr  # noqa: E402

__getattr__ = _missing_attr("saved_model.signature_def_utils", __name__)
