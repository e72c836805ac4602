"""SparseDenseCwiseMul / SparseDenseCwiseDiv op by op (indices, values, dense shape and the dense
operand, which broadcasts to the sparse side only), and `SparseTensor * dense` /
`SparseTensor / dense` through the public operators with their gradients."""
import numpy as np

from harness import Arg
from harness import Program
from harness import Spec

_DTYPES = ("float16", "float32", "float64", "complex64", "int32", "int64", "uint8")


def _i(value):
    value = np.asarray(value, dtype=np.int64)
    return Arg(value.shape, "int64", value=value)


def _args(indices, shape, dense, fed=False, **kw):
    return {"sp_indices": _i(indices), "sp_values": Arg((len(indices),), fed=fed),
            "sp_shape": _i(shape), "dense": Arg(dense, fed=fed, **kw)}


def _variants(positive=False):
    low = 1 if positive else None
    return {
        "base": {"args": _args([[0, 0], [1, 2], [1, 1]], [2, 3], (2, 3), low=low)},
        "broadcast_row": {"args": _args([[0, 0], [1, 2]], [2, 3], (1, 3), low=low)},
        "broadcast_rank": {"args": _args([[0, 1, 0], [1, 0, 1]], [2, 2, 2], (2,), low=low),
                           "dtypes": ("float32", "float64")},
        "fed": {"args": _args([[0, 1], [1, 0]], [2, 2], (2, 2), fed=True, low=low),
                "dtypes": ("float32",)},
        "empty": {"args": _args(np.zeros((0, 2)), [2, 3], (2, 3), low=low),
                  "dtypes": ("float32",)},
        "not_broadcastable": {"args": _args([[0, 0]], [2, 3], (3, 3), low=low),
                              "dtypes": ("float32",)},
        "dense_bigger_rank": {"args": _args([[0, 0]], [2, 3], (2, 3, 1), low=low),
                              "dtypes": ("float32",)},
    }


SPECS = [Spec("SparseDenseCwiseMul", _variants(), sweep="T", dtypes=_DTYPES),
         Spec("SparseDenseCwiseDiv", _variants(positive=True), sweep="T", dtypes=_DTYPES)]


def _operators(tf):
    sp = tf.SparseTensor([[0, 0], [1, 2], [1, 1]], [1.0, 2.0, 3.0], [2, 3])
    row = tf.constant([[1.0, 10.0, 100.0]])
    dense = tf.constant([[1.0, 2.0, 4.0], [3.0, 5.0, 7.0]])
    product, quotient = sp * row, sp / dense
    integer = tf.SparseTensor([[0, 0], [1, 1]], [7, 9], [2, 2]) / tf.constant(2)
    loss = tf.reduce_sum(product.values) + tf.reduce_sum(quotient.values)
    grads = tf.gradients(loss, [sp.values, row, dense])
    fetches = {"product": product.values, "quotient": quotient.values, "integer": integer.values,
               "scaled": (sp * 2.5).values, "d_values": grads[0], "d_row": grads[1],
               "d_dense": grads[2]}
    return fetches, {}


PROGRAMS = [Program("sparse_dense_operators", _operators,
                    covers=("SparseDenseCwiseMul", "SparseDenseCwiseDiv"))]
