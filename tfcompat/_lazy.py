"""`lazy_module("tfcompat.io.proto.graph_pb2")`: a stand-in imported on first attribute use.

The protobuf-backed modules (the ``*_pb2`` messages, checkpoint and event file formats) cost
a large part of `import tfcompat`; modules that only need them inside functions bind them
through this instead of a top-level import. It is a plain import when first used (generated
``*_pb2`` modules need their dependencies loaded first, which a normal import does).
"""
from __future__ import annotations

import importlib
import types

__all__ = ["lazy_module"]


class _LazyModule(types.ModuleType):
    """A module type, so that tools walking namespaces (`tfcompat check`) skip it like the
    module it stands for."""

    def __init__(self, name: str):
        super().__init__(name)
        self._name = name
        self._module = None

    def __getattr__(self, attr: str):
        module = self._module
        if module is None:
            module = self._module = importlib.import_module(self._name)
        return getattr(module, attr)

    def __repr__(self):
        return "<lazy module %r>" % self._name


def lazy_module(name: str):
    """A stand-in for module `name` that imports it on first attribute access."""
    return _LazyModule(name)
