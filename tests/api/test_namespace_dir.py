"""`dir()` of TF's namespaces lists TF's API, not the modules and helpers a namespace imports:
code that enumerates a namespace (`[n for n in dir(tf.train) if n.endswith("Optimizer")]`,
`inspect.getmembers(tf.layers, inspect.isclass)`) sees what TF shows. Expected names are TF's."""
import inspect
import types

import pytest

# the submodules TF's dir() lists in each namespace (TF 2.21's tf.compat.v1); tfcompat may lack some
TF_SUBMODULES = {
    "nn": {"experimental", "rnn_cell"}, "train": {"experimental", "queue_runner"},
    "image": set(), "io": {"gfile"}, "data": {"experimental"}, "layers": {"experimental"},
    "losses": set(), "metrics": set(), "summary": set(),
    "saved_model": {"builder", "constants", "experimental", "loader", "main_op",
                    "signature_constants", "signature_def_utils", "tag_constants", "utils"},
    "errors": set(), "debugging": {"experimental"}, "initializers": set(),
    "compat": {"v1", "v2"}, "config": {"experimental", "optimizer", "threading"},
    "graph_util": set(), "gfile": set(), "dtypes": {"experimental"}, "nest": set(),
    "ragged": set(), "app": {"flags"}, "resource_loader": set(), "python_io": set(),
    "distribute": {"cluster_resolver", "experimental"}, "profiler": set(),
    "mixed_precision": {"experimental"}, "logging": set(), "data.experimental": {"service"},
    "keras.backend": set(), "nn.rnn_cell": set(),
}

# what the namespaces import for their own use
HELPERS = {"annotations", "missing_attr", "refuse", "lazy_module", "np", "os", "sys", "torch",
           "types", "array_ops", "math_ops", "dtypes_lib", "UnsupportedAttributeError",
           "convert_to_tensor", "get_jit", "op_error"}


def _namespace(tf, path):
    module = tf
    for part in path.split("."):
        module = getattr(module, part)
    return module


def _public(module):
    return [n for n in dir(module) if not n.startswith("_")]


@pytest.mark.parametrize("path", sorted(TF_SUBMODULES))
def test_dir_lists_no_imported_module(tf, path):
    module = _namespace(tf, path)
    listed = {n for n in _public(module) if isinstance(getattr(module, n), types.ModuleType)}
    assert listed <= TF_SUBMODULES[path]


@pytest.mark.parametrize("path", sorted(TF_SUBMODULES))
def test_dir_lists_no_helper(tf, path):
    module = _namespace(tf, path)
    names = _public(module)
    assert [n for n in names if n in HELPERS and n != path.rsplit(".")[-1]] == []
    for name in names:                     # everything listed resolves
        getattr(module, name)


def test_dir_lists_tf_names(tf):
    assert sorted(n for n in dir(tf.train) if n.endswith("Optimizer")) == [
        "AdadeltaOptimizer", "AdagradDAOptimizer", "AdagradOptimizer", "AdamOptimizer",
        "FtrlOptimizer", "GradientDescentOptimizer", "MomentumOptimizer", "Optimizer",
        "ProximalAdagradOptimizer", "ProximalGradientDescentOptimizer", "RMSPropOptimizer",
        "SyncReplicasOptimizer"]
    assert [n for n, _ in inspect.getmembers(tf.image, inspect.isclass)] == ["ResizeMethod"]
    assert sorted(n for n, _ in inspect.getmembers(tf.nn.rnn_cell, inspect.isclass)) == [
        "BasicLSTMCell", "BasicRNNCell", "DeviceWrapper", "DropoutWrapper", "GRUCell",
        "LSTMCell", "LSTMStateTuple", "MultiRNNCell", "RNNCell", "ResidualWrapper"]
    errors = {n for n, _ in inspect.getmembers(tf.errors, inspect.isclass) if n[0] != "_"}
    assert errors == {
        "AbortedError", "AlreadyExistsError", "CancelledError", "DataLossError",
        "DeadlineExceededError", "FailedPreconditionError", "InternalError",
        "InvalidArgumentError", "NotFoundError", "OpError", "OutOfRangeError",
        "PermissionDeniedError", "ResourceExhaustedError", "UnauthenticatedError",
        "UnavailableError", "UnimplementedError", "UnknownError",
        "raise_exception_on_not_ok_status"}
    layers = {n for n, _ in inspect.getmembers(tf.layers, inspect.isclass)}
    assert layers >= {
        "AveragePooling1D", "AveragePooling2D", "AveragePooling3D", "BatchNormalization",
        "Conv1D", "Conv2D", "Conv2DTranspose", "Conv3D", "Conv3DTranspose", "Dense", "Dropout",
        "Flatten", "InputSpec", "Layer", "MaxPooling1D", "MaxPooling2D", "MaxPooling3D",
        "SeparableConv1D", "SeparableConv2D"}
    assert {"Dataset", "Iterator", "TFRecordDataset", "TextLineDataset"} <= set(dir(tf.data))
    assert {"as_bytes", "as_text", "v1"} <= set(dir(tf.compat))
    assert {"placeholder", "Session", "train", "nn", "AUTO_REUSE"} <= set(dir(tf))


@pytest.mark.tfcompat_only
def test_hidden_names_stay_importable(tf):
    import tfcompat.train.optimizer as optimizer_module   # a submodule, importable as before

    assert "optimizer" not in dir(tf.train) and tf.train.optimizer is optimizer_module
    assert "array_ops" not in dir(tf.image) and tf.image.array_ops is not None
    assert "get_jit" not in dir(tf.config) and callable(tf.config.get_jit)
    assert "refuse" not in dir(tf.compat) and callable(tf.compat.refuse)
    assert "mul" not in dir(tf) and callable(tf.mul)


@pytest.mark.tfcompat_only
def test_tf115_names_tf2_dropped_are_listed(tf):
    # TF 1.15's API lists neither the pooling/convolution aliases of its layers modules nor
    # the train/eval signature constants: they stay importable, unlisted
    assert "MaxPool2D" not in dir(tf.layers) and tf.layers.MaxPool2D is tf.layers.MaxPooling2D
    assert "DEFAULT_TRAIN_SIGNATURE_DEF_KEY" not in dir(tf.saved_model)
    assert {"contrib", "estimator"} <= set(dir(tf))
    assert "Estimator" in dir(tf.estimator) and "run_config" not in dir(tf.estimator)


@pytest.mark.tfcompat_only
def test_star_import_keeps_working():
    namespace = {}
    exec("from tfcompat.nn import *\nfrom tfcompat.layers import *", namespace)
    assert "relu" in namespace and "MaxPool2D" in namespace
