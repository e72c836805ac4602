"""Estimator.export_saved_model's work: a fresh graph per mode (serving, and for
experimental_export_all_saved_models also training and evaluation), the checkpoint's variables
restored into it, and a SavedModel written to export_dir_base/<timestamp>."""
from __future__ import annotations

import collections
import os
import shutil
import time

import tfcompat as tf
from tfcompat.estimator.export_output import EvalOutput, TrainOutput
from tfcompat.estimator.model_fn import ModeKeys
from tfcompat.train.monitored_session import Scaffold

_MAX_DIRECTORY_ATTEMPTS = 10
_FRIENDLY_METHOD_NAMES = {
    "tensorflow/serving/classify": "Classify",
    "tensorflow/serving/regress": "Regress",
    "tensorflow/serving/predict": "Predict",
    "tensorflow/supervised/training": "Train",
    "tensorflow/supervised/eval": "Eval",
}


def get_timestamped_export_dir(export_dir_base):
    """export_dir_base/<seconds since the epoch> (bytes), waiting a second while it exists."""
    for attempt in range(1, _MAX_DIRECTORY_ATTEMPTS + 1):
        result = os.path.join(os.fsencode(export_dir_base), str(int(time.time())).encode())
        if not os.path.exists(result):
            return result
        time.sleep(1)
        tf.logging.warn("Directory {} already exists; retrying (attempt {}/{})".format(
            os.fsdecode(result), attempt, _MAX_DIRECTORY_ATTEMPTS))
    raise RuntimeError("Failed to obtain a unique export directory name after {} attempts."
                       .format(_MAX_DIRECTORY_ATTEMPTS))


def get_temp_export_dir(export_dir):
    head, tail = os.path.split(export_dir)
    return os.path.join(head, b"temp-" + tail)


def build_all_signature_defs(receiver_tensors, export_outputs, alternatives=None,
                             serving_only=True):
    """{signature name: SignatureDef} for every export output (and receiver alternative);
    outputs that cannot serve from these inputs are left out and logged (and with
    `serving_only`, the signatures TF Serving cannot run)."""
    if not isinstance(receiver_tensors, dict):
        receiver_tensors = {"input": receiver_tensors}
    if export_outputs is None or not isinstance(export_outputs, dict):
        raise ValueError("export_outputs must be a dict and not {}".format(
            type(export_outputs)))
    signatures, excluded = {}, {}
    inputs = [(None, receiver_tensors)] + sorted((alternatives or {}).items())
    for receiver_name, tensors in inputs:
        for output_key, output in export_outputs.items():
            name = "{}".format(output_key or "None")
            if receiver_name is not None:
                name = "{}:{}".format(receiver_name or "None", name)
            try:
                signatures[name] = output.as_signature_def(tensors)
                if receiver_name is not None:
                    _ensure_servable(tensors, signatures[name])
            except ValueError as e:
                signatures.pop(name, None)
                excluded[name] = str(e)
    _log_signature_report(signatures, excluded)
    if not serving_only:
        return signatures
    return {k: v for k, v in signatures.items()
            if tf.saved_model.signature_def_utils.is_valid_signature(v)}


def _ensure_servable(inputs, signature):
    """TF's check for an alternative receiver: its signature's outputs must not need a
    placeholder it does not feed (the default receiver's parsing input, say)."""
    fed = {id(t) for t in (inputs.values() if isinstance(inputs, dict) else [inputs])}
    graph = next(iter(inputs.values()) if isinstance(inputs, dict) else inputs).graph
    stack = [graph.get_tensor_by_name(info.name) for info in signature.outputs.values()]
    seen = set()
    while stack:
        t = stack.pop()
        if id(t) in fed or t.op in seen:
            continue
        seen.add(t.op)
        if t.op.type == "Placeholder":
            raise ValueError(
                "The signature's input tensors {} are insufficient to compute its output keys "
                "{} because of the dependency on `{}` which is not given as a signature input."
                .format(sorted(v.name for v in (inputs.values() if isinstance(inputs, dict)
                                                 else [inputs])),
                        list(signature.outputs.keys()), t.op.name))
        stack.extend(t.op.inputs)


def _log_signature_report(signatures, excluded):
    by_method = collections.OrderedDict((m, []) for m in _FRIENDLY_METHOD_NAMES)
    for name, signature in signatures.items():
        by_method.setdefault(signature.method_name, []).append(name)
    for method, names in by_method.items():
        tf.logging.info("Signatures INCLUDED in export for {}: {}".format(
            _FRIENDLY_METHOD_NAMES.get(method, method), names if names else "None"))
    if excluded:
        tf.logging.info("Signatures EXCLUDED from export because they cannot be be served via "
                        "TensorFlow Serving APIs:")
        for name, message in excluded.items():
            tf.logging.info("'{}' : {}".format(name, message))
    if not signatures:
        tf.logging.warn("Export includes no signatures!")
    elif "serving_default" not in signatures:
        tf.logging.warn("Export includes no default signature!")


_EXPORT_TAGS = {ModeKeys.TRAIN: ["train"], ModeKeys.EVAL: ["eval"], ModeKeys.PREDICT: ["serve"]}
_SIGNATURE_KEYS = {ModeKeys.TRAIN: "train", ModeKeys.EVAL: "eval"}


def export_all_saved_models(estimator, export_dir_base, input_receiver_fn_map,
                            assets_extra=None, as_text=False, checkpoint_path=None,
                            strip_default_attrs=True):
    """Writes one SavedModel with a meta graph per mode of `input_receiver_fn_map` (TRAIN
    first: its graph saves the variables, then EVAL, then PREDICT); returns its directory
    (bytes)."""
    modes = [m for m in (ModeKeys.TRAIN, ModeKeys.EVAL, ModeKeys.PREDICT)
             if input_receiver_fn_map.get(m)]
    if not modes:
        raise ValueError("No valid modes for exporting found. Got {}.".format(
            input_receiver_fn_map.keys()))
    if not checkpoint_path:
        checkpoint_path = tf.train.latest_checkpoint(estimator.model_dir)
    if not checkpoint_path:
        raise ValueError("Couldn't find trained model at {}.".format(estimator.model_dir))
    export_dir = get_timestamped_export_dir(export_dir_base)
    temp_dir = get_temp_export_dir(export_dir)
    builder = tf.saved_model.builder.SavedModelBuilder(os.fsdecode(temp_dir))
    for i, mode in enumerate(modes):
        _add_meta_graph(estimator, builder, input_receiver_fn_map[mode], mode,
                        checkpoint_path, strip_default_attrs, save_variables=i == 0)
    builder.save(as_text)
    if assets_extra:
        extra_dir = os.path.join(os.fsdecode(temp_dir), "assets.extra")
        for dest, source in assets_extra.items():
            target = os.path.join(extra_dir, dest)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            shutil.copyfile(source, target)
    os.rename(temp_dir, export_dir)
    return export_dir


def _export_outputs(spec, mode):
    """The ExportOutputs of `mode`: the PREDICT spec's own, or one Train/EvalOutput."""
    if mode == ModeKeys.PREDICT:
        return spec.export_outputs
    output_class = TrainOutput if mode == ModeKeys.TRAIN else EvalOutput
    return {_SIGNATURE_KEYS[mode]: output_class(loss=spec.loss, predictions=spec.predictions,
                                                metrics=spec.eval_metric_ops)}


def _add_meta_graph(estimator, builder, receiver_fn, mode, checkpoint_path,
                    strip_default_attrs, save_variables):
    with tf.Graph().as_default() as g:
        estimator._create_and_assert_global_step(g)
        tf.set_random_seed(estimator.config.tf_random_seed)
        receiver = receiver_fn()
        spec = estimator._call_model_fn(features=receiver.features,
                                        labels=getattr(receiver, "labels", None),
                                        mode=mode, config=estimator.config)
        signatures = build_all_signature_defs(
            receiver.receiver_tensors, _export_outputs(spec, mode),
            getattr(receiver, "receiver_tensors_alternatives", None),
            serving_only=mode == ModeKeys.PREDICT)
        with tf.Session(config=estimator._session_config) as session:
            local_init_op = spec.scaffold.local_init_op
            if local_init_op is None:
                local_init_op = Scaffold.default_local_init_op()
            saver = spec.scaffold.saver or tf.train.Saver(sharded=True)
            try:
                saver.restore(session, checkpoint_path)
            except tf.errors.NotFoundError as e:
                raise ValueError(
                    "Could not load all requested variables from checkpoint. Please make sure "
                    "your model_fn does not expect variables that were not saved in the "
                    "checkpoint.\n\nEncountered error with mode `{}` while restoring "
                    "checkpoint from: `{}`. Full Traceback:\n\n{}".format(
                        mode, checkpoint_path, e)) from e
            if mode == ModeKeys.TRAIN and spec.train_op is not None:
                tf.add_to_collection("saved_model_train_op", spec.train_op)
            kwargs = dict(tags=_EXPORT_TAGS[mode], signature_def_map=signatures,
                          assets_collection=tf.get_collection(tf.GraphKeys.ASSET_FILEPATHS),
                          main_op=local_init_op, saver=saver,
                          strip_default_attrs=strip_default_attrs)
            if save_variables:
                builder.add_meta_graph_and_variables(session, **kwargs)
            else:
                builder.add_meta_graph(**kwargs)
