"""contrib.learn's Estimator.export_savedmodel (TF 1.15 estimators/estimator.py): the INFER
graph of a serving_input_fn's InputFnOps, the checkpoint's variables restored into it, and a
SavedModel (tag "serve") with the signatures of saved_model_export_utils written to a new
timestamped directory under export_dir_base; returns that directory (bytes)."""
from __future__ import annotations

import os
import shutil

import tfcompat as tf
from tfcompat.contrib.learn.utils import saved_model_export_utils as export_utils



class NotFittedError(ValueError, AttributeError):
    """Raised when an estimator is used before it was fitted (contrib.learn's estimator.py
    exports it)."""


# the collection recording which features a served model expects (constants.py)
COLLECTION_DEF_KEY_FOR_INPUT_FEATURE_KEYS = "input_feature_keys"


def export_savedmodel(estimator, export_dir_base, serving_input_fn,
                      default_output_alternative_key=None, assets_extra=None, as_text=False,
                      checkpoint_path=None, strip_default_attrs=False, tags=("serve",)):
    if serving_input_fn is None:
        raise ValueError("serving_input_fn must be defined.")
    if not checkpoint_path:
        checkpoint_path = tf.train.latest_checkpoint(estimator.model_dir)
    if not checkpoint_path:
        raise NotFittedError("Couldn't find trained model at %s." % estimator.model_dir)
    export_dir = export_utils.get_timestamped_export_dir(export_dir_base)
    temp_export_dir = export_utils.get_temp_export_dir(export_dir)
    builder = tf.saved_model.builder.SavedModelBuilder(os.fsdecode(temp_export_dir))
    with tf.Graph().as_default() as g:
        tf.train.create_global_step(g)
        input_ops = serving_input_fn()
        input_alternatives, features = export_utils.get_input_alternatives(input_ops)
        for feature_key in input_ops.features.keys():
            tf.add_to_collection(COLLECTION_DEF_KEY_FOR_INPUT_FEATURE_KEYS, feature_key)
        model_fn_ops = estimator._call_contrib_model_fn(features, None, "infer")
        output_alternatives, default_key = export_utils.get_output_alternatives(
            model_fn_ops, default_output_alternative_key)
        init_op = tf.group(tf.local_variables_initializer(), tf.tables_initializer())
        signature_def_map = export_utils.build_all_signature_defs(
            input_alternatives, output_alternatives, default_key)
        with tf.Session("") as session:
            if model_fn_ops.scaffold is not None and model_fn_ops.scaffold.saver is not None:
                saver_for_restore = model_fn_ops.scaffold.saver
            else:
                saver_for_restore = tf.train.Saver(sharded=True)
            saver_for_restore.restore(session, checkpoint_path)
            builder.add_meta_graph_and_variables(
                session, list(tags), signature_def_map=signature_def_map,
                assets_collection=tf.get_collection(tf.GraphKeys.ASSET_FILEPATHS),
                main_op=init_op, strip_default_attrs=strip_default_attrs)
    builder.save(as_text)
    if assets_extra:
        assets_extra_path = os.path.join(os.fsdecode(temp_export_dir), "assets.extra")
        for dest_relative, source in assets_extra.items():
            dest_absolute = os.path.join(assets_extra_path, dest_relative)
            os.makedirs(os.path.dirname(dest_absolute), exist_ok=True)
            shutil.copyfile(source, dest_absolute)
    os.rename(temp_export_dir, export_dir)
    return export_dir
