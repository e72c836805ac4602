"""The entry check of the public ops that accept RaggedTensors (TF 1.14+'s ragged dispatch).

`@ragged_entry` wraps a public op: when any argument (or an element of a list argument) is a
RaggedTensor, the call goes to tfcompat/ragged/ragged_dispatch.py (ragged implementations, in
TF 1.15's ragged_math_ops / ragged_array_ops / ragged_gather_ops semantics). Until the ragged
package is imported no RaggedTensor can exist, so `RAGGED_TYPES` is empty and the check is one
tuple test; this module imports nothing of tfcompat, so any ops module can use it."""
from __future__ import annotations

import functools

RAGGED_TYPES: tuple = ()      # (RaggedTensor,) once tfcompat.ragged is imported
DISPATCH = None               # tfcompat.ragged.ragged_dispatch.dispatch, set by that module


def _has_ragged(values) -> bool:
    types = RAGGED_TYPES
    for value in values:
        if isinstance(value, types):
            return True
        if isinstance(value, (list, tuple)) and any(isinstance(v, types) for v in value):
            return True
    return False


def ragged_entry(fn):
    """Routes `fn(...)` to its ragged implementation (by `fn.__name__`) for ragged inputs."""
    name = fn.__name__

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        if RAGGED_TYPES and (_has_ragged(args) or kwargs and _has_ragged(kwargs.values())):
            return DISPATCH(name, fn, args, kwargs)
        return fn(*args, **kwargs)
    return wrapper
