"""Makes `import tensorflow ...` resolve to tfcompat (used by `tfcompat run`), and resolves TF's
dotted API names to tfcompat objects (used by `tfcompat check`), with one set of rules:

- `tensorflow` and `tensorflow.compat.v1` are tfcompat itself; `tensorflow.X.Y` is `tfcompat.X.Y`.
- `tensorflow.python.<package>.<module>` (TF's internal modules, e.g. `ops.math_ops`) are alias
  modules whose names come from the public namespaces listed in `_PYTHON` (`math_ops.add` is
  `tf.math.add` or `tf.add`).
- A name tfcompat lacks fails with `UnsupportedImportError` (imports) or
  `UnsupportedAttributeError` (attributes), naming the API and, where known, a replacement.
"""
from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import sys
import types

from tfcompat._unsupported import UnsupportedAttributeError
from tfcompat._unsupported import UnsupportedImportError

# TF-internal module (under tensorflow.python) -> public namespaces its names are looked up in.
_PYTHON = {
    "ops.math_ops": ("math", ""), "ops.gen_math_ops": ("math", ""), "ops.nn_ops": ("nn", ""),
    "ops.nn": ("nn", ""), "ops.nn_impl": ("nn", ""), "ops.gen_nn_ops": ("nn", ""),
    "ops.array_ops": ("",), "ops.gen_array_ops": ("",), "ops.init_ops": ("initializers", ""),
    "ops.random_ops": ("random", ""), "ops.rnn": ("nn",), "ops.rnn_cell": ("nn.rnn_cell",),
    "ops.rnn_cell_impl": ("nn.rnn_cell",), "ops.losses.losses": ("losses",),
    "ops.string_ops": ("strings", ""), "ops.check_ops": ("debugging", ""),
    "ops.sparse_ops": ("sparse", ""), "ops.image_ops": ("image",), "ops.io_ops": ("io", ""),
    "ops.embedding_ops": ("nn",), "ops.summary_ops": ("summary",),
    "framework.dtypes": ("dtypes", ""), "framework.errors": ("errors",),
    "framework.errors_impl": ("errors",), "framework.graph_util": ("graph_util",),
    "framework.random_seed": ("random", ""), "framework.test_util": ("test",),
    "framework.sparse_tensor": ("sparse", ""), "platform.gfile": ("gfile",),
    "platform.tf_logging": ("logging",), "platform.test": ("test",), "platform.flags": ("flags",),
    "platform.app": ("app",), "summary.summary": ("summary",), "layers.layers": ("layers",),
    "layers.core": ("layers",), "lib.io.tf_record": ("io", "python_io"),
    "util.compat": ("compat",), "training.training": ("train",),
    "framework.graph_io": ("train", "io"), "client.device_lib": (), "client.timeline": (),
    "tools.inspect_checkpoint": (),
    "ops.gen_audio_ops": ("audio",), "lib.io.file_io": (), "training.moving_averages": ("train",),
    "keras.layers": ("keras.layers",), "keras.models": ("keras.models",),
    "keras.optimizers": ("keras.optimizers",), "keras.callbacks": ("keras.callbacks",),
    "keras.utils": ("keras.utils",), "keras.losses": ("keras.losses",),
    "keras.utils.np_utils": ("keras.utils",), "keras.engine.training": ("keras",),
    "keras.engine.sequential": ("keras",), "keras.engine.base_layer": ("keras.layers",),
    "keras.engine.input_layer": ("keras.layers", "keras"),
    "data.ops.dataset_ops": ("data",), "data.ops.iterator_ops": ("data",),
    "data.ops.readers": ("data",), "estimator.model_fn": ("estimator",),
    "estimator.estimator": ("estimator",), "estimator.run_config": ("estimator",),
    **{"ops.distributions." + m: ("distributions",) for m in (
        "distribution", "normal", "bernoulli", "categorical", "kullback_leibler", "uniform",
        "beta", "gamma", "dirichlet", "multinomial", "exponential", "laplace", "student_t",
        "util")},
}
_PYTHON_DEFAULT = {"training": ("train",), "layers": ("layers",), "summary": ("summary",)}
# TF-internal packages whose lowercase names are functions, not modules (tfdbg's
# `tf_debug.has_inf_or_nan`): an unknown name there is an unsupported attribute
_NO_GUESSED_CHILDREN = {"debug"}


def _list_local_devices(session_config=None):
    """TF `device_lib.list_local_devices`: the devices a session would use (CPU, then GPUs)."""
    # lazy: the hook is installed before tfcompat's runtime is imported; it loads it on first use
    from tfcompat.client.config import ConfigProto
    # lazy: the hook is installed before tfcompat's runtime is imported; it loads it on first use
    from tfcompat.client.placement import Placer
    # lazy: the hook is installed before tfcompat's runtime is imported; it loads it on first use
    from tfcompat.client.session import _DeviceAttributes

    names = Placer(session_config or ConfigProto()).available()
    return [_DeviceAttributes(name[name.index("/device:"):]) for name in names]


# Names of TF-internal modules that have no public tf.* spelling.
_PYTHON_EXTRAS = {"client.device_lib": {"list_local_devices": _list_local_devices},
                  # "module#name": loaded on first use
                  "client.timeline": {name: "tfcompat.client.timeline#" + name for name in
                                      ("Timeline", "AllocationMaximum", "StepStatsAnalysis")},
                  "tools.inspect_checkpoint": {
                      "print_tensors_in_checkpoint_file":
                          "tfcompat.train.inspect_checkpoint#print_tensors_in_checkpoint_file"},
                  "ops.gen_audio_ops": {name: "tfcompat.ops.audio_feature_ops#" + name
                                        for name in ("audio_spectrogram", "mfcc")},
                  "lib.io.file_io": {name: "tfcompat._file_io#" + name for name in (
                      "FileIO", "file_exists", "delete_file", "read_file_to_string",
                      "write_string_to_file", "atomic_write_string_to_file", "get_matching_files",
                      "create_dir", "recursive_create_dir", "copy", "rename",
                      "delete_recursively", "is_directory", "list_directory", "walk", "stat")},
                  "training.moving_averages": {
                      "assign_moving_average":
                          "tfcompat.train.moving_averages#assign_moving_average"}}


def _walk(path: str):
    """`tfcompat` attribute walk: "nn.rnn_cell" -> tfcompat.nn.rnn_cell (AttributeError if not)."""
    obj = sys.modules["tfcompat"]
    for part in filter(None, path.split(".")):
        obj = getattr(obj, part)
    return obj


class AliasModule(types.ModuleType):
    """A TF module path whose names resolve to public tfcompat names (for example
    `tensorflow.python.ops.math_ops`). `resolve_name(name)` also says which name was used."""

    def __init__(self, api: str, search: tuple, child=None, known=(), extras=None):
        super().__init__(api.replace("tf.", "tensorflow.", 1), "TF alias module %s" % api)
        self.__path__ = []        # a package, so `import <this>.<child>` is asked of the finder
        self._api = api
        self._search = search
        self._child = child       # name -> child AliasModule or None
        self._known = tuple(known)
        self._extras = extras or {}
        self._made: dict = {}

    def resolve_name(self, name: str):
        """(object, public tf name) for `name`; UnsupportedAttributeError when there is none."""
        module = self._made.get(name)
        if module is None and self._child is not None:
            module = self._made[name] = self._child(name)
        if module is not None:
            return module, None
        self._made.pop(name, None)
        if name in self._extras:
            value = self._extras[name]
            if isinstance(value, str):
                module, _, attr = value.partition("#")
                value = getattr(importlib.import_module(module), attr)
            return value, None
        for prefix in self._search:
            public = "%s.%s" % (prefix, name) if prefix else name
            try:
                return _walk(public), "tf." + public
            except AttributeError:
                continue
        raise UnsupportedAttributeError(self.__name__, name, "%s.%s" % (self._api, name))

    def __getattr__(self, name: str):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return self.resolve_name(name)[0]

    def __dir__(self):
        names = set(self._known) | set(self._extras)
        for prefix in self._search:
            try:
                names.update(n for n in dir(_walk(prefix)) if not n.startswith("_"))
            except AttributeError:
                continue
        return sorted(names)


def _python_module(rel: str) -> AliasModule:
    depth = len(rel.split(".")) if rel else 0
    search = _PYTHON.get(rel)
    if search is None:
        search = _PYTHON_DEFAULT.get(rel.split(".")[0], ("",)) if depth >= 2 else ()
    below = [k.split(".") for k in _PYTHON if rel == "" or k.startswith(rel + ".")]
    known = {k[depth] for k in below if len(k) > depth}

    def child(name):
        if rel in _NO_GUESSED_CHILDREN and name not in known:
            return None
        if name in known or (depth < 2 and name.islower() and name.isidentifier()):
            return _python_module("%s.%s" % (rel, name) if rel else name)
        return None

    return AliasModule("tf.python" + ("." + rel if rel else ""), search, child, known,
                       _PYTHON_EXTRAS.get(rel))


def python_namespace() -> AliasModule:
    """`tf.python`: TF's internal modules, aliased to the public names."""
    return _python_module("")


# -- name resolution shared with `tfcompat check` ------------------------------------------

def _contrib_python(namespace: str, api: str, search=None) -> AliasModule:
    """`tensorflow.contrib.<m>.python...`, TF 1.x's implementation modules of a contrib module
    (`from tensorflow.contrib.rnn.python.ops import rnn_cell`): at any depth, the names of
    `tf.contrib.<m>` (`namespace` "contrib.<m>"); below a name that is also a tfcompat
    submodule of it (`contrib.learn.python.learn.learn_runner`, or a module beside it named
    `<m>_<name>`: contrib/losses_metric_learning.py), that module's names first, also in the
    modules below it (`metric_learning.metric_loss_ops`)."""

    search = search or (namespace,)

    def child(name):
        below = None
        for prefix in search:
            try:
                value = _walk("%s.%s" % (prefix, name))
            except AttributeError:
                continue
            if not isinstance(value, types.ModuleType):
                return None                  # a function or class of the module itself
            if below is None and value.__name__ in (      # contrib.losses.metric_learning
                    "tfcompat.%s.%s" % (prefix, name), "tfcompat.%s_%s" % (prefix, name)):
                below = ("%s.%s" % (prefix, name), namespace)
        if name.islower() and name.isidentifier():   # a package or module below `python`
            return _contrib_python(namespace, "%s.%s" % (api, name), below or search)
        return None

    return AliasModule(api, search, child)


def canonical(path: str) -> str:
    """TF spelling -> one canonical "tf.*" name (tensorflow.compat.v1.nn.relu -> tf.nn.relu)."""
    parts = path.split(".")
    if parts[0] in ("tensorflow", "tfcompat"):
        parts[0] = "tf"
    while parts[1:3] == ["compat", "v1"]:
        del parts[1:3]
    return ".".join(parts)


def resolve(path: str):
    """(object, note) for the TF API `path`; raises UnsupportedAttributeError when unsupported.

    `note` is None, or says which public name an alias (tf.python.*) resolved to.
    """
    api = canonical(path)
    obj, note = sys.modules["tfcompat"], None
    shown = "tfcompat"
    for i, part in enumerate(api.split(".")[1:], start=1):
        if part == "python" and getattr(obj, "__name__", "").startswith("tfcompat.contrib."):
            obj = _contrib_python(obj.__name__[len("tfcompat."):],
                                  ".".join(api.split(".")[:i + 1]))
        elif isinstance(obj, AliasModule):
            obj, public = obj.resolve_name(part)
            if public is not None:
                note = "TF-internal module; tfcompat uses %s" % public
        else:
            try:
                obj = getattr(obj, part)
            except UnsupportedAttributeError:
                raise
            except AttributeError:
                raise UnsupportedAttributeError(shown, part, ".".join(api.split(".")[:i + 1])) \
                    from None
        shown = getattr(obj, "__name__", shown) if isinstance(obj, types.ModuleType) else shown
    return obj, note


# -- the import hook -----------------------------------------------------------------------

class _AliasLoader(importlib.abc.Loader):
    """Returns an existing module object for an aliased name, leaving its own __spec__ alone."""

    def __init__(self, module):
        self.module = module
        self.spec = module.__dict__.get("__spec__")

    def create_module(self, spec):
        return self.module

    def exec_module(self, module):
        if self.spec is not None:   # the import system set the alias spec; keep the real one
            module.__spec__ = self.spec


# Horovod's TensorFlow binding is tfcompat.horovod (on torch.distributed).
_HOROVOD = ("horovod", "horovod.tensorflow")


def _horovod_spec(fullname):
    # lazy: `import horovod` maps here only when the user's script asks for it
    import tfcompat.horovod
    if fullname == "horovod":
        module = types.ModuleType("horovod", "Horovod, as tfcompat provides it")
        module.__path__ = []
        module.tensorflow = tfcompat.horovod
    else:
        module = tfcompat.horovod
    return importlib.util.spec_from_loader(fullname, _AliasLoader(module),
                                           is_package=fullname == "horovod")


class TensorFlowFinder(importlib.abc.MetaPathFinder):
    """Meta path finder answering every `tensorflow` / `tensorflow.*` import with tfcompat."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname in _HOROVOD:
            return _horovod_spec(fullname)
        if fullname != "tensorflow" and not fullname.startswith("tensorflow."):
            return None
        try:
            module, _ = resolve(fullname)
        except UnsupportedAttributeError as e:
            raise UnsupportedImportError(fullname, e.api) from None
        if not isinstance(module, types.ModuleType):
            raise ModuleNotFoundError("No module named %r" % fullname, name=fullname)
        if fullname.startswith("tensorflow.contrib.") and not hasattr(module, "__path__"):
            module.__path__ = []   # a contrib module's `.python...` modules can be imported below it
        return importlib.util.spec_from_loader(fullname, _AliasLoader(module),
                                               is_package=hasattr(module, "__path__"))


def install() -> TensorFlowFinder:
    """Makes `import tensorflow` (and its submodules) import tfcompat in this process."""
    import tfcompat  # lazy: cycle: the package imports this hook

    for finder in sys.meta_path:
        if isinstance(finder, TensorFlowFinder):
            return finder
    for name in [n for n in sys.modules if n == "tensorflow" or n.startswith("tensorflow.")]:
        del sys.modules[name]
    finder = TensorFlowFinder()
    sys.meta_path.insert(0, finder)
    return finder


def uninstall() -> None:
    """Undoes `install()` (tests)."""
    sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, TensorFlowFinder)]
    for name in [n for n in sys.modules if n == "tensorflow" or n.startswith("tensorflow.")]:
        del sys.modules[name]
    for name in _HOROVOD:
        ours = ("Horovod, as tfcompat provides it",
                getattr(sys.modules.get("tfcompat.horovod"), "__doc__", None))
        if name in sys.modules and getattr(sys.modules[name], "__doc__", "") in ours:
            del sys.modules[name]
