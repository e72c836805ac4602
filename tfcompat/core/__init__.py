"""`tensorflow.core`: TF's protobuf modules under the paths TF gives them
(`from tensorflow.core.framework import graph_pb2`, `tensorflow.core.protobuf.config_pb2`,
`tensorflow.core.example.example_pb2`, `tensorflow.core.util.event_pb2`), as TF1 scripts import
them (freezing and loading .pb files, writing events and examples). Each is the module tfcompat
keeps in tfcompat/io/proto, so its classes are the very ones `tf.GraphDef`, `tf.ConfigProto`,
`tf.train.Example`... are. Loaded on first use; a module TF has there and tfcompat does not fails
with the unsupported-API error naming it."""
from __future__ import annotations

import importlib
import types

from tfcompat._unsupported import UnsupportedAttributeError

_PROTO = "tfcompat.io.proto."
# TF 1.15's tensorflow/core/<package>/<name>.proto, for the messages tfcompat has
_PACKAGES = {
    "framework": ("attr_value", "cost_graph", "function", "graph", "node_def", "op_def",
                  "resource_handle", "step_stats", "summary", "tensor", "tensor_shape",
                  "tensor_slice", "types", "variable", "versions"),
    "protobuf": ("cluster", "config", "debug", "meta_graph", "rewriter_config", "saver",
                 "tensor_bundle", "trackable_object_graph", "verifier_config"),
    "example": ("example", "feature"),
    "util": ("event",),
    "profiler": ("tfprof_output",),
}
_ELSEWHERE = {("protobuf", "saved_model_pb2"): "tfcompat.saved_model._proto"}


class _ProtoPackage(types.ModuleType):
    """`tensorflow.core.<package>`: its `<name>_pb2` modules, imported on first use."""

    def __init__(self, package: str, names):
        # named as TF names it (as the tf.python alias modules are): `from ... import x` of a
        # module tfcompat lacks then asks the import hook, which names the missing API
        super().__init__("tensorflow.core." + package,
                         "tensorflow.core.%s: TF's protobuf modules" % package)
        self.__path__ = []   # a package: `import tensorflow.core.framework.graph_pb2` works
        self._package = package
        self._modules = {name + "_pb2": _PROTO + name + "_pb2" for name in names}
        self._modules.update({key[1]: path for key, path in _ELSEWHERE.items()
                              if key[0] == package})

    def __getattr__(self, name: str):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        path = self._modules.get(name)
        if path is None:
            raise UnsupportedAttributeError(self.__name__, name, "tf.core.%s.%s"
                                            % (self._package, name))
        module = importlib.import_module(path)
        setattr(self, name, module)
        return module

    def __dir__(self):
        return sorted(self._modules)


framework, protobuf, example, util, profiler = (_ProtoPackage(p, n) for p, n in _PACKAGES.items())
