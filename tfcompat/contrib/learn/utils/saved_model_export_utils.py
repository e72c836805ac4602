"""tf.contrib.learn.utils.saved_model_export_utils (TF 1.15): the signatures of a contrib.learn
export (every pair of input alternative and output alternative, "<input>:<output>", plus
"serving_default"; classification / regression / predict by the head's problem type),
timestamped export directories with garbage collection of the older ones, and
make_export_strategy for an Experiment."""
from __future__ import annotations

import collections
import os
import shutil

import tfcompat as tf
from tfcompat.contrib.learn import export_strategy
from tfcompat.contrib.learn.head import PredictionKey, ProblemType
from tfcompat.contrib.learn.utils import input_fn_utils
from tfcompat.estimator._export_lib import get_temp_export_dir
from tfcompat.estimator._export_lib import get_timestamped_export_dir

__all__ = ["DEFAULT_INPUT_ALTERNATIVE_KEY", "FEATURES_INPUT_ALTERNATIVE_KEY",
           "build_standardized_signature_def", "get_input_alternatives",
           "get_output_alternatives", "build_all_signature_defs", "get_timestamped_export_dir",
           "get_temp_export_dir", "get_most_recent_export", "garbage_collect_exports",
           "make_export_strategy"]

DEFAULT_INPUT_ALTERNATIVE_KEY = "default_input_alternative"
FEATURES_INPUT_ALTERNATIVE_KEY = "features_input_alternative"
_FALLBACK_DEFAULT_OUTPUT_ALTERNATIVE_KEY = "default_output_alternative"


def build_standardized_signature_def(input_tensors, output_tensors, problem_type):
    """A classification, regression or predict SignatureDef of these tensors."""
    if not input_tensors:
        raise ValueError("input_tensors must be provided.")
    if not output_tensors:
        raise ValueError("output_tensors must be provided.")
    sig = tf.saved_model.signature_def_utils
    if _is_classification_problem(problem_type, input_tensors, output_tensors):
        (_, examples), = input_tensors.items()
        classes = _get_classification_classes(output_tensors)
        scores = _get_classification_scores(output_tensors)
        if classes is None and scores is None:
            items = list(output_tensors.items())
            if items[0][1].dtype == tf.string:
                (_, classes), = items
            else:
                (_, scores), = items
        return sig.classification_signature_def(examples, classes, scores)
    if _is_regression_problem(problem_type, input_tensors, output_tensors):
        (_, examples), = input_tensors.items()
        (_, predictions), = output_tensors.items()
        return sig.regression_signature_def(examples, predictions)
    return sig.predict_signature_def(input_tensors, output_tensors)


def _get_classification_scores(output_tensors):
    scores = output_tensors.get(PredictionKey.SCORES)
    if scores is None:
        scores = output_tensors.get(PredictionKey.PROBABILITIES)
    return scores


def _get_classification_classes(output_tensors):
    classes = output_tensors.get(PredictionKey.CLASSES)
    if classes is not None and classes.dtype != tf.string:
        return None   # Servo classification can only serve string classes
    return classes


def _is_classification_problem(problem_type, input_tensors, output_tensors):
    classes = _get_classification_classes(output_tensors)
    scores = _get_classification_scores(output_tensors)
    return (problem_type in (ProblemType.CLASSIFICATION, ProblemType.LOGISTIC_REGRESSION)
            and len(input_tensors) == 1
            and (classes is not None or scores is not None or len(output_tensors) == 1))


def _is_regression_problem(problem_type, input_tensors, output_tensors):
    return (problem_type == ProblemType.LINEAR_REGRESSION and len(input_tensors) == 1
            and len(output_tensors) == 1)


def get_input_alternatives(input_ops):
    """({DEFAULT_INPUT_ALTERNATIVE_KEY: default inputs}, features) of a serving input."""
    input_alternatives = {}
    if isinstance(input_ops, input_fn_utils.InputFnOps):
        features, _, default_inputs = input_ops
        input_alternatives[DEFAULT_INPUT_ALTERNATIVE_KEY] = default_inputs
    else:
        features, _ = input_ops
    if not features:
        raise ValueError("Features must be defined.")
    return input_alternatives, features


def get_output_alternatives(model_fn_ops, default_output_alternative_key=None):
    """(output alternatives, the key of the default one) of an INFER ModelFnOps; without
    output_alternatives, the predictions as one of unspecified problem type."""
    output_alternatives = model_fn_ops.output_alternatives
    if not output_alternatives:
        if default_output_alternative_key:
            raise ValueError("Requested default_output_alternative: {}, but available "
                             "output_alternatives are: []".format(
                                 default_output_alternative_key))
        default_outputs = model_fn_ops.predictions
        if not isinstance(default_outputs, dict):
            default_outputs = {PredictionKey.GENERIC: default_outputs}
        key = _FALLBACK_DEFAULT_OUTPUT_ALTERNATIVE_KEY
        return {key: (ProblemType.UNSPECIFIED, default_outputs)}, key
    if default_output_alternative_key:
        if default_output_alternative_key in output_alternatives:
            return output_alternatives, default_output_alternative_key
        raise ValueError("Requested default_output_alternative: {}, but available "
                         "output_alternatives are: {}".format(
                             default_output_alternative_key,
                             sorted(output_alternatives.keys(), key=str)))
    if len(output_alternatives) == 1:
        (key, _), = output_alternatives.items()
        return output_alternatives, key
    raise ValueError("Please specify a default_output_alternative.  Available "
                     "output_alternatives are: {}".format(
                         sorted(output_alternatives.keys(), key=str)))


def build_all_signature_defs(input_alternatives, output_alternatives,
                             actual_default_output_alternative_key):
    """SignatureDefs of every (input, output) alternative pair, and "serving_default"."""
    signature_def_map = {
        "%s:%s" % (input_key, output_key or "None"):
            build_standardized_signature_def(inputs, outputs, problem_type)
        for input_key, inputs in input_alternatives.items()
        for output_key, (problem_type, outputs) in output_alternatives.items()}
    default_inputs = input_alternatives.get(DEFAULT_INPUT_ALTERNATIVE_KEY)
    if not default_inputs:
        raise ValueError("A default input_alternative must be provided.")
    default_problem_type, default_outputs = output_alternatives[
        actual_default_output_alternative_key]
    signature_def_map["serving_default"] = build_standardized_signature_def(
        default_inputs, default_outputs, default_problem_type)
    return signature_def_map


def _export_versions(export_dir_base):
    """{version: path} of the subdirectories named by a 10-digit timestamp."""
    base = os.fsdecode(export_dir_base)
    if not os.path.isdir(base):
        return {}
    return {int(name): os.path.join(base, name) for name in os.listdir(base)
            if len(name) == 10 and name.isdigit()}


Path = collections.namedtuple("Path", "path export_version")


def get_most_recent_export(export_dir_base):
    """Path(path, export_version) of the newest export, or None."""
    versions = _export_versions(export_dir_base)
    if not versions:
        return None
    version = max(versions)
    return Path(versions[version], version)


def garbage_collect_exports(export_dir_base, exports_to_keep):
    """Deletes all but the `exports_to_keep` newest exports (None: keeps them all)."""
    if exports_to_keep is None:
        return
    versions = _export_versions(export_dir_base)
    for version in sorted(versions)[:max(0, len(versions) - exports_to_keep)]:
        shutil.rmtree(versions[version], ignore_errors=True)


def make_export_strategy(serving_input_fn, default_output_alternative_key=None,
                         assets_extra=None, as_text=False, exports_to_keep=5,
                         strip_default_attrs=False):
    """An ExportStrategy ("Servo") exporting a SavedModel with `serving_input_fn` and
    keeping the `exports_to_keep` newest exports."""
    def export_fn(estimator, export_dir_base, checkpoint_path=None):
        if not hasattr(estimator, "fit"):   # a tf.estimator.Estimator
            if default_output_alternative_key is not None:
                raise ValueError("default_output_alternative_key is not supported in core "
                                 "Estimator. Given: {}".format(default_output_alternative_key))
            export_result = estimator.export_savedmodel(
                export_dir_base, serving_input_fn, assets_extra=assets_extra,
                as_text=as_text, checkpoint_path=checkpoint_path,
                strip_default_attrs=strip_default_attrs)
        else:
            export_result = estimator.export_savedmodel(
                export_dir_base, serving_input_fn,
                default_output_alternative_key=default_output_alternative_key,
                assets_extra=assets_extra, as_text=as_text, checkpoint_path=checkpoint_path,
                strip_default_attrs=strip_default_attrs)
        garbage_collect_exports(export_dir_base, exports_to_keep)
        return export_result
    return export_strategy.ExportStrategy("Servo", export_fn)
