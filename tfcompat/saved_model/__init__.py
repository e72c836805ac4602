"""The TF1 `tf.saved_model` namespace: write (`simple_save`, `builder.SavedModelBuilder`) and
read (`loader.load`) TensorFlow's SavedModel layout, with signature defs.

>>> tf.saved_model.simple_save(sess, export_dir, inputs={'x': x}, outputs={'y': y})
>>> meta = tf.saved_model.loader.load(sess, [tf.saved_model.tag_constants.SERVING], export_dir)
>>> meta.signature_def['serving_default'].outputs['y'].name
'y:0'

Differences from TensorFlow: TF2 object-based SavedModels (`tf.saved_model.save`) are not
written or read.
"""
from __future__ import annotations

from tfcompat.saved_model import builder
from tfcompat.saved_model import constants
from tfcompat.saved_model import loader
from tfcompat.saved_model import main_op
from tfcompat.saved_model import signature_constants
from tfcompat.saved_model import signature_def_utils
from tfcompat.saved_model import tag_constants
from tfcompat.saved_model import utils
from tfcompat.saved_model.builder import SavedModelBuilder as Builder
from tfcompat.saved_model.constants import *  # noqa: F401,F403 - ASSETS_DIRECTORY, ...
from tfcompat.saved_model.loader import contains_saved_model
from tfcompat.saved_model.loader import load
from tfcompat.saved_model.loader import maybe_saved_model_directory
from tfcompat.saved_model.main_op import main_op_with_restore
from tfcompat.saved_model.signature_constants import *  # noqa: F401,F403
from tfcompat.saved_model.signature_def_utils import *  # noqa: F401,F403
from tfcompat.saved_model.simple_save import simple_save
from tfcompat.saved_model.tag_constants import *  # noqa: F401,F403 - SERVING, TRAINING, ...
from tfcompat.saved_model.utils import build_tensor_info
from tfcompat.saved_model.utils import get_tensor_from_tensor_info

del annotations
