"""TF's OpDefs for the harness, read from the table tfcompat ships (tfcompat/io/tf_op_defs.pb.gz)
with whichever protobuf classes the running interpreter has: TF's own under TensorFlow,
tfcompat's otherwise. Both sides therefore expand specs into the same cases."""
from __future__ import annotations

import functools
import gzip
import os

TABLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tfcompat", "io",
                     "tf_op_defs.pb.gz")

# TF's DataType enum -> dtype name
DTYPE_NAMES = {1: "float32", 2: "float64", 3: "int32", 4: "uint8", 5: "int16", 6: "int8",
               7: "string", 8: "complex64", 9: "int64", 10: "bool", 14: "bfloat16",
               17: "uint16", 18: "complex128", 19: "float16", 22: "uint32", 23: "uint64"}


def _op_def_pb2():
    try:
        from tensorflow.core.framework import op_def_pb2
    except ImportError:
        from tfcompat.io.proto import op_def_pb2
    return op_def_pb2


@functools.lru_cache(maxsize=1)
def table() -> dict:
    with gzip.open(TABLE, "rb") as f:
        op_list = _op_def_pb2().OpList.FromString(f.read())
    return {op.name: op for op in op_list.op}


def allowed_dtypes(op_type: str, attr: str | None = None) -> tuple:
    """(allowed, refused) dtype names of `attr` (default: the first input's type attr)."""
    op = table()[op_type]
    if attr is None:
        attr = next((a.type_attr for a in op.input_arg if a.type_attr), None)
        if attr is None:
            return (None,), ()
    attr_def = next(a for a in op.attr if a.name == attr)
    listed = [DTYPE_NAMES[t] for t in attr_def.allowed_values.list.type if t in DTYPE_NAMES]
    everything = list(dict.fromkeys(DTYPE_NAMES.values()))
    allowed = listed if attr_def.allowed_values.list.type else everything
    return tuple(allowed), tuple(d for d in everything if d not in allowed)


def input_names(op_type: str) -> list:
    return [a.name for a in table()[op_type].input_arg]
