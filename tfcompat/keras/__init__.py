"""`tf.keras` as TF 1.x programs use it in graph mode (tf.compat.v1.keras): layers called on
graph tensors, Sequential and functional models, and `compile`/`fit`/`evaluate`/`predict`
run in the Keras session (`tf.keras.backend.get_session()`), with TF's variable names.
Submodules load on first use; a name tfcompat does not provide raises the unsupported-API
error with its reason.
"""
from tfcompat import _unsupported

__getattr__ = _unsupported.package_getattr(__name__, {
    "activations": "tfcompat.keras.activations", "backend": "tfcompat.keras.backend",
    "callbacks": "tfcompat.keras.callbacks", "constraints": "tfcompat.keras.constraints",
    "datasets": "tfcompat.keras.datasets", "applications": "tfcompat.keras.applications",
    "initializers": "tfcompat.keras.initializers", "layers": "tfcompat.keras.layers",
    "losses": "tfcompat.keras.losses", "metrics": "tfcompat.keras.metrics",
    "models": "tfcompat.keras.models", "optimizers": "tfcompat.keras.optimizers",
    "preprocessing": "tfcompat.keras.preprocessing",
    "experimental": "tfcompat.keras.experimental",
    "regularizers": "tfcompat.keras.regularizers", "utils": "tfcompat.keras.utils",
    "wrappers": "tfcompat.keras.wrappers",
    "Sequential": "tfcompat.keras.models#Sequential", "Model": "tfcompat.keras.models#Model",
    "Input": "tfcompat.keras.layers#Input",
}, namespace="keras")

from tfcompat._unsupported import namespace_dir as _namespace_dir  # noqa: E402

__dir__ = _namespace_dir('keras', __name__)   # TF's names, not this module's imports
