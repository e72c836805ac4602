"""`tf.contrib.util`: TF 1.15's tensor and GraphDef utilities (aliases of core functions)."""
from __future__ import annotations

import numpy as np

from tfcompat._unsupported import missing_attr
from tfcompat.io.proto import example_pb2
from tfcompat.framework.tensor_util import constant_value  # noqa: F401
from tfcompat.io.tensor_util_api import make_ndarray  # noqa: F401
from tfcompat.io.tensor_util_api import make_tensor_proto  # noqa: F401
from tfcompat.train.meta_graph import stripped_op_list_for_graph  # noqa: F401


def ops_used_by_graph_def(graph_def):
    """The op types `graph_def` uses, in its nodes and in the library functions they call
    (transitively), without the functions' own names (sorted; TF's order is a set's)."""
    functions = {f.signature.name: f for f in graph_def.library.function}
    used, pending = set(), []

    def mark(op_type):
        if op_type not in used and op_type in functions:
            pending.append(functions[op_type])
        used.add(op_type)

    for node in graph_def.node:
        mark(node.op)
    while pending:
        for node in pending.pop().node_def:
            mark(node.op)
    return sorted(op for op in used if op not in functions)


def create_example(**features):
    """A `tf.train.Example` with each keyword as a feature: integer arrays as int64_list,
    floating ones as float_list, strings (unicode as UTF-8) as bytes_list."""
    example = example_pb2.Example()
    for name in features:
        feature = example.features.feature[name]
        values = np.asarray(features[name])
        if values.dtype.kind == "U":
            values = np.vectorize(lambda string: string.encode("utf-8"))(values)
        if values.dtype.kind == "i":
            feature.int64_list.value.extend(values.astype(np.int64).ravel())
        elif values.dtype.kind == "f":
            feature.float_list.value.extend(values.astype(np.float32).ravel())
        elif values.dtype.kind == "S":
            feature.bytes_list.value.extend(values.ravel())
        else:
            raise ValueError('Feature "%s" has unexpected dtype: %s' % (name, values.dtype))
    return example


__getattr__ = missing_attr("contrib.util", __name__)
