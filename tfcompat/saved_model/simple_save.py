"""`tf.saved_model.simple_save`: a serving SavedModel with one predict signature."""
from __future__ import annotations

from tfcompat.saved_model import signature_constants
from tfcompat.saved_model import signature_def_utils
from tfcompat.saved_model import tag_constants
from tfcompat.saved_model.builder import SavedModelBuilder
from tfcompat.framework import graph as graph_lib


def simple_save(session, export_dir, inputs, outputs, legacy_init_op=None):
    """Saves `session`'s graph and variables to `export_dir`, tagged "serve", with the
    "serving_default" predict signature over the {key: Tensor} `inputs` and `outputs`."""
    signature_def_map = {
        signature_constants.DEFAULT_SERVING_SIGNATURE_DEF_KEY:
            signature_def_utils.predict_signature_def(inputs, outputs)}
    builder = SavedModelBuilder(export_dir)
    with session.graph.as_default():
        assets = graph_lib.get_collection(graph_lib.GraphKeys.ASSET_FILEPATHS)
    builder.add_meta_graph_and_variables(
        session, tags=[tag_constants.SERVING], signature_def_map=signature_def_map,
        assets_collection=assets, main_op=legacy_init_op, clear_devices=True)
    builder.save()


__all__ = ["simple_save"]
