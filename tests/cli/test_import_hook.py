"""`import tensorflow ...` under the hook resolves to tfcompat (what `tfcompat run` installs)."""
import importlib
import sys

import pytest

import tfcompat
from tfcompat import _import_hook
from tfcompat._unsupported import UnsupportedAttributeError
from tfcompat._unsupported import UnsupportedImportError


@pytest.fixture
def hook():
    spec = tfcompat.__spec__
    _import_hook.install()
    yield
    _import_hook.uninstall()
    assert tfcompat.__spec__ is spec            # the alias import left tfcompat's spec alone


def test_tensorflow_and_compat_v1_are_tfcompat(hook):
    import tensorflow as tf
    import tensorflow.compat.v1 as tf1
    from tensorflow.compat import v1

    assert tf is tfcompat and tf1 is tfcompat and v1 is tfcompat
    assert tf.__version__ == "1.15.5"


def test_submodules_and_python_aliases(hook):
    from tensorflow.python.framework import ops
    from tensorflow.python.ops import math_ops
    from tensorflow.python.platform import gfile

    assert math_ops.add is getattr(getattr(tfcompat, "math", tfcompat), "add", tfcompat.add)
    assert ops.Graph is tfcompat.Graph and ops.get_default_graph is tfcompat.get_default_graph
    assert gfile.Exists is tfcompat.gfile.Exists
    logging = importlib.import_module("tensorflow.logging")
    assert logging is tfcompat.logging


def test_tensorflow_core_protobuf_modules(hook):
    # TF1 scripts freezing or loading .pb files import TF's generated modules by their paths
    from tensorflow.core.framework import graph_pb2
    from tensorflow.core.framework import types_pb2
    from tensorflow.core.protobuf import config_pb2
    from tensorflow.core.protobuf import rewriter_config_pb2
    from tensorflow.core.util import event_pb2
    import tensorflow.core.example.example_pb2 as example_pb2

    assert graph_pb2.GraphDef is tfcompat.GraphDef and config_pb2.ConfigProto is tfcompat.ConfigProto
    assert example_pb2.Example is tfcompat.train.Example and event_pb2.Event is tfcompat.Event
    assert types_pb2.DT_FLOAT == 1 and rewriter_config_pb2.RewriterConfig.OFF == 2
    with pytest.raises(UnsupportedImportError, match="tf.core.framework.kernel_def_pb2"):
        from tensorflow.core.framework import kernel_def_pb2  # noqa: F401


def test_more_tf_internal_paths_scripts_import(hook, tmp_path):
    from tensorflow.contrib.framework.python.ops import add_arg_scope
    from tensorflow.contrib.layers.python.layers import initializers
    from tensorflow.contrib.layers.python.layers import layers as layers_lib
    from tensorflow.contrib.rnn.python.ops import rnn_cell
    from tensorflow.python.keras.layers import Dense
    from tensorflow.python.lib.io import file_io
    from tensorflow.python.ops.distributions import distribution
    from tensorflow.python.training.moving_averages import assign_moving_average
    from tensorflow.python.data.ops import dataset_ops
    from tensorflow.python.estimator.model_fn import EstimatorSpec
    from tensorflow.python.keras.engine import training
    from tensorflow.python.keras.utils import np_utils

    assert rnn_cell.LayerNormBasicLSTMCell is tfcompat.contrib.rnn.LayerNormBasicLSTMCell
    assert initializers.xavier_initializer is tfcompat.contrib.layers.xavier_initializer
    assert layers_lib.conv2d is tfcompat.contrib.layers.conv2d
    assert add_arg_scope is tfcompat.contrib.framework.add_arg_scope
    assert Dense is tfcompat.keras.layers.Dense
    assert distribution.Distribution is tfcompat.distributions.Distribution
    assert callable(assign_moving_average) and dataset_ops.Dataset is tfcompat.data.Dataset
    assert EstimatorSpec is tfcompat.estimator.EstimatorSpec and training.Model is tfcompat.keras.Model
    assert np_utils.to_categorical is tfcompat.keras.utils.to_categorical
    path = str(tmp_path / "a.txt")
    file_io.write_string_to_file(path, "hello")
    assert file_io.file_exists(path) and file_io.read_file_to_string(path) == "hello"
    file_io.atomic_write_string_to_file(path, b"bye")
    assert file_io.read_file_to_string(path, binary_mode=True) == b"bye"
    assert file_io.list_directory(str(tmp_path)) == ["a.txt"]
    with pytest.raises(UnsupportedImportError, match="tf.contrib.rnn.python.ops.NoSuchThing"):
        from tensorflow.contrib.rnn.python.ops import NoSuchThing  # noqa: F401


def test_contrib_import_names_the_api(hook):
    with pytest.raises(ImportError) as info:
        import tensorflow.contrib.tensor_forest  # noqa: F401
    assert isinstance(info.value, UnsupportedImportError)
    assert info.value.api == "tf.contrib.tensor_forest"
    assert "tfcompat does not implement tf.contrib.tensor_forest" in str(info.value)
    assert "tfcompat check" in str(info.value)
    with pytest.raises(ImportError, match="tensor_forest"):
        from tensorflow.contrib import tensor_forest  # noqa: F401


def test_compat_v2_is_refused(hook):
    with pytest.raises(ImportError, match="tf.compat.v2"):
        import tensorflow.compat.v2  # noqa: F401


def test_not_a_module_is_module_not_found(hook):
    with pytest.raises(ModuleNotFoundError, match="tensorflow.nn.relu"):
        importlib.import_module("tensorflow.nn.relu")


def test_uninstall_removes_aliases():
    _import_hook.install()
    import tensorflow  # noqa: F401

    _import_hook.uninstall()
    assert "tensorflow" not in sys.modules
    assert not any(isinstance(f, _import_hook.TensorFlowFinder) for f in sys.meta_path)


@pytest.mark.parametrize("path, expected", [
    ("tensorflow.compat.v1.nn.relu", "tf.nn.relu"),
    ("tensorflow.compat.v1.compat.v1.add", "tf.add"),
    ("tfcompat.layers.dense", "tf.layers.dense"),
])
def test_canonical(path, expected):
    assert _import_hook.canonical(path) == expected


def test_resolve_reports_alias_notes():
    obj, note = _import_hook.resolve("tf.python.ops.array_ops.reshape")
    assert obj is tfcompat.reshape and "tf.reshape" in note
    with pytest.raises(UnsupportedAttributeError) as info:
        _import_hook.resolve("tf.contrib.learn.BaseEstimator")
    assert info.value.api == "tf.contrib.learn.BaseEstimator"


def test_missing_top_level_name_message():
    with pytest.raises(AttributeError) as info:
        tfcompat.no_such_api  # noqa: B018
    assert str(info.value) == (
        "module 'tfcompat' has no attribute 'no_such_api': tfcompat does not implement "
        "tf.no_such_api; run `tfcompat check` on your script to list unsupported APIs, see "
        "migration/README.md")
    assert not hasattr(tfcompat, "no_such_api")


def test_lazy_namespaces():
    assert tfcompat.test.TestCase is not None
    assert tfcompat.compat.v1 is tfcompat
    from tfcompat.compat import v1

    assert v1 is tfcompat


def test_device_lib(hook):
    from tensorflow.python.client import device_lib

    devices = device_lib.list_local_devices()
    assert devices[0].name == "/device:CPU:0" and devices[0].device_type == "CPU"
