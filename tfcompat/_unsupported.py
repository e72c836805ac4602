"""The one way tfcompat says "this TensorFlow API is not implemented".

A missing `tf.*` name raises `UnsupportedAttributeError` (an AttributeError), a missing
`tensorflow.*` module under `tfcompat run` raises `UnsupportedImportError` (an ImportError),
and an API that exists only to refuse (`tf.enable_eager_execution`) raises `UnsupportedAPIError`.
All three carry `.api` (the TF name, e.g. "tf.contrib.layers.fully_connected"), so `tfcompat run`
can name it and point to `tfcompat check`. Namespace modules get their `__getattr__` from
`missing_attr("nn")`.
"""
from __future__ import annotations

import functools
import os

GUIDE = "run `tfcompat check` on your script to list unsupported APIs, see migration/README.md"

_REASONS_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "api_unsupported.txt")


@functools.lru_cache(maxsize=1)
def reasons() -> dict:
    """{`tf.<name or prefix>`: why tfcompat does not provide it, and what to use instead}: the
    table in api_unsupported.txt, which tools/gen_api_manifest.py also writes into the manifest."""
    table = {}
    with open(_REASONS_FILE, encoding="utf-8") as f:
        for line in f:
            name, sep, reason = line.rstrip("\n").partition("\t")
            if sep and not name.startswith("#"):
                table[name.strip()] = reason.strip()
    return table


def hint_for(api: str) -> str | None:
    """The reason and replacement for `api` ("tf.contrib.slim.conv2d" -> the tf.contrib.slim
    line; the longest listed prefix wins)."""
    table = reasons()
    parts = api.split(".")
    for n in range(len(parts), 0, -1):
        hint = table.get(".".join(parts[:n]))
        if hint is not None:
            return hint
    return None


def message(api: str, prefix: str = "") -> str:
    hint = hint_for(api)
    return "%stfcompat does not implement %s; %s%s" % (
        prefix, api, "" if hint is None else hint + "; ", GUIDE)


class UnsupportedAttributeError(AttributeError):
    """A `tf.*` name tfcompat does not implement."""

    def __init__(self, module_name: str, name: str, api: str):
        super().__init__(message(api, "module %r has no attribute %r: " % (module_name, name)))
        self.api = api


class UnsupportedImportError(ImportError):
    """A `tensorflow.*` module tfcompat does not implement (under `tfcompat run`).

    An ImportError but not a ModuleNotFoundError, so `from tensorflow.contrib import slim` fails
    with this message instead of Python's "cannot import name 'slim'"."""

    def __init__(self, module_name: str, api: str):
        super().__init__(message(api, "No module named %r: " % module_name))
        self.api = api


class UnsupportedAPIError(NotImplementedError):
    """A TF API that tfcompat accepts by name only to refuse it with an explanation."""

    def __init__(self, api: str):
        super().__init__(message(api))
        self.api = api


def refuse(api: str):
    """A function that raises `UnsupportedAPIError(api)`; `tfcompat check` reports it unsupported."""

    def refused(*args, **kwargs):
        raise UnsupportedAPIError(api)

    refused.__name__ = api.rsplit(".", 1)[-1]
    refused.__qualname__ = refused.__name__
    refused.__doc__ = "Not supported by tfcompat: %s." % (hint_for(api) or api)
    refused._tfcompat_unsupported = hint_for(api) or "not implemented"
    return refused


def missing_attr(namespace: str, module_name: str | None = None):
    """A module-level `__getattr__` for the `tf.<namespace>` module: a clear error naming the API.

    >>> __getattr__ = missing_attr("nn", __name__)
    """
    prefix = "tf." + namespace if namespace else "tf"
    shown = module_name or ("tfcompat." + namespace if namespace else "tfcompat")

    def __getattr__(name: str):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError("module %r has no attribute %r" % (shown, name))
        raise UnsupportedAttributeError(shown, name, "%s.%s" % (prefix, name))

    __getattr__.api_prefix = prefix
    return __getattr__


def package_getattr(package_name: str, lazy: dict, namespace: str = ""):
    """The `__getattr__` of the `tf` namespace: names in `lazy` ("test": "tfcompat.test", a
    "module:function" factory or a "module#attribute") are made on first use and cached; the
    rest fail clearly."""
    missing = missing_attr(namespace, package_name)

    def __getattr__(name: str):
        target = lazy.get(name)
        if target is None:
            return missing(name)
        import importlib
        import sys

        target, _, attribute = target.partition("#")
        module_name, _, factory = target.partition(":")
        value = importlib.import_module(module_name)
        if not attribute and not factory:
            guard_namespace(value, "%s.%s" % (missing.api_prefix, name))
        if attribute:
            value = getattr(value, attribute)
        elif factory:
            value = getattr(value, factory)()
        setattr(sys.modules[package_name], name, value)
        return value

    __getattr__.lazy = lazy
    return __getattr__


def load_lazy(module) -> None:
    """Loads the names `module` would make on first use (see `package_getattr`), so that tools
    walking `dir(module)` or `vars(module)` (`tfcompat check`) see them."""
    for name in getattr(getattr(module, "__getattr__", None), "lazy", ()):
        try:
            getattr(module, name)
        except (AttributeError, ImportError):
            pass


# TF's namespace names directly under `tf` (tf.nn, tf.data, ...), as opposed to the package's
# own internals (tfcompat.framework, tfcompat.ops, ...)
TF_NAMESPACES = frozenset({
    "app", "audio", "bitwise", "compat", "config", "contrib", "data", "debugging", "distribute",
    "distributions", "dtypes", "errors", "estimator", "feature_column", "flags", "gfile",
    "graph_util", "image", "initializers", "io", "keras", "layers", "linalg", "lite", "logging",
    "lookup", "losses", "manip", "math", "metrics", "mixed_precision", "nest", "nn", "profiler",
    "python_io", "quantization", "queue", "ragged", "random", "resource_loader", "saved_model",
    "sets", "signal", "sparse", "spectral", "strings", "summary", "sysconfig", "test", "tpu",
    "train", "user_ops", "version", "v1"})


def guard_namespace(module, api: str, _seen=None) -> None:
    """Gives `module` (the tfcompat module behind TF namespace `api`, e.g. "tf.data") and the
    tfcompat namespace modules it holds a `__getattr__` that raises the unsupported-API error
    with its reason, where they have none: a missing `tf.data.experimental.X` then explains
    itself like a missing `tf.nn.X`."""
    import types

    seen = set() if _seen is None else _seen
    if id(module) in seen or not getattr(module, "__name__", "").startswith("tfcompat"):
        return
    seen.add(id(module))
    namespace = api[3:] if api.startswith("tf.") else ""
    if "__getattr__" not in vars(module):
        module.__getattr__ = missing_attr(namespace, module.__name__)
    for name, value in list(vars(module).items()):
        if not isinstance(value, types.ModuleType) or name.startswith("_"):
            continue
        if (name in TF_NAMESPACES if api == "tf" else
                value.__name__.startswith(module.__name__ + ".")):
            guard_namespace(value, "%s.%s" % (api, name), seen)


# -- what dir() of a namespace lists -------------------------------------------------------------

_MANIFEST_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "api_manifest.tsv")

# TF 1.15 names that TF 2.21's tf.compat.v1 (the manifest) dropped and tfcompat provides
_V1_EXTRAS = {
    "tf": ("contrib", "estimator"),
    "tf.keras": ("wrappers",),
    # the manifest does not walk tf.compat; TF's own list
    "tf.compat": ("as_bytes", "as_str", "as_str_any", "as_text", "bytes_or_text_types",
                  "complex_types", "dimension_at_index", "dimension_value",
                  "forward_compatibility_horizon", "forward_compatible", "integral_types",
                  "path_to_str", "real_types", "v1", "v2"),
    # tensorflow_estimator's v1 API (TF 2.21 has no tf.estimator)
    "tf.estimator": (
        "BaselineClassifier", "BaselineEstimator", "BaselineRegressor", "BestExporter",
        "BinaryClassHead", "CheckpointSaverHook", "CheckpointSaverListener", "DNNClassifier",
        "DNNEstimator", "DNNLinearCombinedClassifier", "DNNLinearCombinedEstimator",
        "DNNLinearCombinedRegressor", "DNNRegressor", "Estimator", "EstimatorSpec", "EvalSpec",
        "Exporter", "FeedFnHook", "FinalExporter", "FinalOpsHook", "GlobalStepWaiterHook", "Head",
        "LatestExporter", "LinearClassifier", "LinearEstimator", "LinearRegressor",
        "LoggingTensorHook", "LogisticRegressionHead", "ModeKeys", "MultiClassHead", "MultiHead",
        "MultiLabelHead", "NanLossDuringTrainingError", "NanTensorHook", "PoissonRegressionHead",
        "ProfilerHook", "RegressionHead", "RunConfig", "SecondOrStepTimer", "SessionRunArgs",
        "SessionRunContext", "SessionRunHook", "SessionRunValues", "StepCounterHook",
        "StopAtStepHook", "SummarySaverHook", "TrainSpec", "VocabInfo", "WarmStartSettings",
        "add_metrics", "classifier_parse_example_spec", "experimental", "export", "inputs",
        "regressor_parse_example_spec", "tpu", "train_and_evaluate"),
    "tf.estimator.tpu": ("InputPipelineConfig", "RunConfig", "TPUConfig", "TPUEstimator",
                         "TPUEstimatorSpec", "experimental"),
}


@functools.lru_cache(maxsize=1)
def tf_api_names() -> dict:
    """{`tf.<namespace>`: the names TF lists in it}: api_manifest.tsv (every name of TF 2.21's
    tf.compat.v1, whatever tfcompat's status) plus the TF 1.15 names TF 2.21 dropped."""
    table = {}
    with open(_MANIFEST_FILE, encoding="utf-8") as f:
        for line in f:
            if line.startswith("tf."):
                parent, _, name = line.split("\t", 1)[0].rpartition(".")
                table.setdefault(parent, set()).add(name)
    for parent, names in _V1_EXTRAS.items():
        table.setdefault(parent, set()).update(names)
    return table


def namespace_dir(namespace: str, module_name: str):
    """A module-level `__dir__` for the `tf.<namespace>` module: TF's names that the module has
    (or makes on first use) and its private names, not the modules and helpers it imports.
    Every name stays importable; only `dir()` (and `inspect.getmembers`) skip them.

    >>> __dir__ = namespace_dir("nn", __name__)
    """
    import sys

    api = "tf." + namespace if namespace else "tf"

    def __dir__():
        public = tf_api_names().get(api, frozenset())
        own = vars(sys.modules[module_name])
        names = set(own) | set(getattr(own.get("__getattr__"), "lazy", ()))
        return sorted(n for n in names if n.startswith("_") or n in public)

    return __dir__
