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

from tfcompat.saved_model import builder  # noqa: F401
from tfcompat.saved_model import constants  # noqa: F401
from tfcompat.saved_model import loader  # noqa: F401
from tfcompat.saved_model import main_op  # noqa: F401
from tfcompat.saved_model import signature_constants  # noqa: F401
from tfcompat.saved_model import signature_def_utils  # noqa: F401
from tfcompat.saved_model import tag_constants  # noqa: F401
from tfcompat.saved_model import utils  # noqa: F401
from tfcompat.saved_model.builder import SavedModelBuilder as Builder  # noqa: F401
from tfcompat.saved_model.constants import *  # noqa: F401,F403 - ASSETS_DIRECTORY, ...
from tfcompat.saved_model.loader import contains_saved_model  # noqa: F401
from tfcompat.saved_model.loader import load  # noqa: F401
from tfcompat.saved_model.loader import maybe_saved_model_directory  # noqa: F401
from tfcompat.saved_model.main_op import main_op_with_restore  # noqa: F401
from tfcompat.saved_model.signature_constants import *  # noqa: F401,F403
from tfcompat.saved_model.signature_def_utils import *  # noqa: F401,F403
from tfcompat.saved_model.simple_save import simple_save  # noqa: F401
from tfcompat.saved_model.tag_constants import *  # noqa: F401,F403 - SERVING, TRAINING, ...
from tfcompat.saved_model.utils import build_tensor_info  # noqa: F401
from tfcompat.saved_model.utils import get_tensor_from_tensor_info  # noqa: F401

del annotations


from tfcompat._unsupported import missing_attr as _missing_attr  # noqa: E402

__getattr__ = _missing_attr("saved_model", __name__)

from tfcompat._unsupported import namespace_dir as _namespace_dir  # noqa: E402

__dir__ = _namespace_dir('saved_model', __name__)   # TF's names, not this module's imports
