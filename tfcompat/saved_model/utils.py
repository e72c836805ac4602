"""`tf.saved_model.utils`: `TensorInfo` protos from tensors and back."""
from __future__ import annotations

from tfcompat.framework import graph as graph_lib
from tfcompat.io.proto import meta_graph_pb2
from tfcompat.framework.sparse_tensor import SparseTensor
from tfcompat.io.op_defs import shape_proto


def build_tensor_info(tensor):
    """The `TensorInfo` (name, dtype, shape) of a Tensor or SparseTensor."""
    info = meta_graph_pb2.TensorInfo(dtype=tensor.dtype.base_dtype.as_datatype_enum)
    info.tensor_shape.CopyFrom(shape_proto(tensor.get_shape()))
    if isinstance(tensor, SparseTensor):
        info.coo_sparse.values_tensor_name = tensor.values.name
        info.coo_sparse.indices_tensor_name = tensor.indices.name
        info.coo_sparse.dense_shape_tensor_name = tensor.dense_shape.name
    else:
        info.name = tensor.name
    return info


def _scoped(name, import_scope):
    return "%s/%s" % (import_scope, name) if import_scope else name


def get_tensor_from_tensor_info(tensor_info, graph=None, import_scope=None):
    """The Tensor (or SparseTensor) a `TensorInfo` names in `graph` (default graph)."""
    graph = graph or graph_lib.get_default_graph()
    encoding = tensor_info.WhichOneof("encoding")
    if encoding == "name":
        return graph.get_tensor_by_name(_scoped(tensor_info.name, import_scope))
    if encoding == "coo_sparse":
        coo = tensor_info.coo_sparse
        return SparseTensor(
            graph.get_tensor_by_name(_scoped(coo.indices_tensor_name, import_scope)),
            graph.get_tensor_by_name(_scoped(coo.values_tensor_name, import_scope)),
            graph.get_tensor_by_name(_scoped(coo.dense_shape_tensor_name, import_scope)))
    raise ValueError("Invalid TensorInfo.encoding: %s" % encoding)


def get_element_from_tensor_info(tensor_info, graph=None, import_scope=None):
    graph = graph or graph_lib.get_default_graph()
    return graph.as_graph_element(_scoped(tensor_info.name, import_scope))


__all__ = ["build_tensor_info", "get_tensor_from_tensor_info"]

from tfcompat._unsupported import missing_attr as _missing_attr  # noqa: E402

__getattr__ = _missing_attr("saved_model.utils", __name__)
