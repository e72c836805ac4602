"""`tf.contrib.slim` (TF-Slim, as TF 1.15 shipped it): arg_scope, the contrib.layers layer
functions plus repeat/stack/separable_conv2d/bias_add/softmax/unit_norm, the variable helpers
(model_variable, get_variables_to_restore, assign_from_checkpoint_fn ...), initializers and
regularizers, and the submodules `losses` and `metrics` (tf.contrib.losses and
tf.contrib.metrics themselves), `learning` (create_train_op, train), `evaluation`
(evaluate_once, evaluation_loop), `summaries`, `queues`, `model_analyzer` and `utils`
(convert_collection_to_dict for end_points).

The layer functions are the very objects of tf.contrib.layers, so one arg_scope reaches both.
`nets` (the model zoo: alexnet, overfeat, vgg, resnet_v1, resnet_v2, inception v1-v3) loads when
first used. Not provided: slim.data (tfcompat/api_unsupported.txt).
"""
import importlib

from tfcompat._unsupported import missing_attr
from tfcompat.contrib.framework import add_arg_scope
from tfcompat.contrib.framework import arg_scope
from tfcompat.contrib.framework import arg_scoped_arguments
from tfcompat.contrib.framework import current_arg_scope
from tfcompat.contrib.framework import get_global_step
from tfcompat.contrib.framework import get_model_variables
from tfcompat.contrib.framework import get_or_create_global_step
from tfcompat.contrib.framework import get_trainable_variables
from tfcompat.contrib.framework import get_variables
from tfcompat.contrib.framework import get_variables_by_name
from tfcompat.contrib.framework import has_arg_scope
from tfcompat.contrib.framework import model_variable
from tfcompat.contrib.framework import variable
from tfcompat.contrib.layers import *  # noqa: F401,F403 - slim re-exports contrib.layers whole
from tfcompat.contrib.layers import __all__ as _layers_all
from tfcompat.contrib import losses  # TF's slim.losses is tf.contrib.losses itself
from tfcompat.contrib import metrics  # and slim.metrics is tf.contrib.metrics
from tfcompat.contrib.slim import evaluation
from tfcompat.contrib.slim import learning
from tfcompat.contrib.slim import model_analyzer
from tfcompat.contrib.slim import queues
from tfcompat.contrib.slim import summaries
from tfcompat.contrib.slim import utils
from tfcompat.contrib.slim.layers import bias_add
from tfcompat.contrib.slim.layers import conv2d_in_plane
from tfcompat.contrib.slim.layers import convolution2d_in_plane
from tfcompat.contrib.slim.layers import repeat
from tfcompat.contrib.slim.layers import separable_conv2d
from tfcompat.contrib.slim.layers import separable_convolution2d
from tfcompat.contrib.slim.layers import softmax
from tfcompat.contrib.slim.layers import stack
from tfcompat.contrib.slim.layers import unit_norm
from tfcompat.contrib.slim.variables import VariableDeviceChooser
from tfcompat.contrib.slim.variables import add_model_variable
from tfcompat.contrib.slim.variables import assert_or_get_global_step
from tfcompat.contrib.slim.variables import assign_from_checkpoint
from tfcompat.contrib.slim.variables import assign_from_checkpoint_fn
from tfcompat.contrib.slim.variables import assign_from_values
from tfcompat.contrib.slim.variables import assign_from_values_fn
from tfcompat.contrib.slim.variables import filter_variables
from tfcompat.contrib.slim.variables import get_local_variables
from tfcompat.contrib.slim.variables import get_unique_variable
from tfcompat.contrib.slim.variables import get_variable_full_name
from tfcompat.contrib.slim.variables import get_variables_by_suffix
from tfcompat.contrib.slim.variables import get_variables_to_restore
from tfcompat.contrib.slim.variables import global_variable
from tfcompat.contrib.slim.variables import local_variable
from tfcompat.train.training_util import assert_global_step
from tfcompat.train.training_util import create_global_step

__all__ = sorted(set(_layers_all) | {
    "add_arg_scope", "arg_scope", "arg_scoped_arguments", "current_arg_scope",
    "get_global_step", "get_model_variables", "get_or_create_global_step",
    "get_trainable_variables", "get_variables", "get_variables_by_name", "has_arg_scope",
    "model_variable", "variable", "evaluation", "learning", "losses", "metrics",
    "model_analyzer", "queues", "summaries", "utils", "bias_add", "conv2d_in_plane",
    "convolution2d_in_plane", "repeat",
    "separable_conv2d", "separable_convolution2d", "softmax", "stack", "unit_norm",
    "VariableDeviceChooser", "add_model_variable", "assert_or_get_global_step",
    "assign_from_checkpoint", "assign_from_checkpoint_fn", "assign_from_values",
    "assign_from_values_fn", "filter_variables", "get_local_variables", "get_unique_variable",
    "get_variable_full_name", "get_variables_by_suffix", "get_variables_to_restore",
    "global_variable", "local_variable", "assert_global_step", "create_global_step"})
_missing = missing_attr("contrib.slim", __name__)


def __getattr__(name):
    if name == "nets":   # imported when used: the networks build on this module
        module = importlib.import_module("tfcompat.contrib.slim.nets")
        globals()[name] = module
        return module
    return _missing(name)
