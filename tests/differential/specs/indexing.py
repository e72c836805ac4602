"""Gather/scatter-free indexing: gather, gather_nd, one_hot, reverse, select/where, slices,
top_k, unique."""
import numpy as np

from harness import Arg
from harness import Program
from harness import Spec


def _i(value, dtype="int32", fed=False):
    return Arg(np.shape(value), dtype, value=value, fed=fed)


SPECS = [
    Spec("GatherV2", {
        "axis0": {"params": Arg((4, 3)), "indices": _i([2, 0, 2]), "axis": _i(0)},
        "axis1": {"params": Arg((4, 3)), "indices": _i([[1], [0]], "int64"), "axis": _i(1)},
        "neg_axis": {"params": Arg((2, 3)), "indices": _i([2, 1]), "axis": _i(-1)},
        "batch1": {"args": {"params": Arg((2, 3, 2)), "indices": _i([[0, 2], [1, 1]]),
                            "axis": _i(1)}, "attrs": {"batch_dims": 1}},
        "batch_neg": {"args": {"params": Arg((2, 3)), "indices": _i([[0, 2], [1, 1]]),
                               "axis": _i(1)}, "attrs": {"batch_dims": -1}},
        "empty": {"params": Arg((4, 3)), "indices": _i(np.zeros(0, np.int32)), "axis": _i(0)},
        "out_of_range": {"params": Arg((3, 2)), "indices": _i([[1], [5]], fed=True),
                         "axis": _i(0)},
        "negative_index": {"params": Arg((3, 2)), "indices": _i([-1]), "axis": _i(0)},
    }, sweep="Tparams"),
    Spec("GatherNd", {
        "full": {"params": Arg((3, 2)), "indices": _i([[2, 1], [0, 0]])},
        "slices": {"params": Arg((3, 2)), "indices": _i([[2], [0]], "int64")},
        "out_of_range": {"params": Arg((3, 2)), "indices": _i([[3, 0]], fed=True)},
        "empty": {"params": Arg((3, 2)), "indices": _i(np.zeros((0, 2), np.int32))},
    }, sweep="Tparams"),
    Spec("OneHot", {
        "base": {"indices": _i([0, 2, -1, 5]), "depth": _i(3), "on_value": Arg((), value=5),
                 "off_value": Arg((), value=-1)},
        "axis0": {"args": {"indices": _i([[0, 1], [2, 0]], "int64"), "depth": _i(3),
                           "on_value": Arg((), value=1), "off_value": Arg((), value=0)},
                  "attrs": {"axis": 0}},
    }, sweep="T", grad=False),
    Spec("ReverseV2", {
        "axis0": {"tensor": Arg((2, 3)), "axis": _i([0])},
        "both": {"tensor": Arg((2, 3)), "axis": _i([0, -1], "int64")},
        "none": {"tensor": Arg((2, 3)), "axis": _i(np.zeros(0, np.int32))},
        "dup": {"tensor": Arg((2, 3)), "axis": _i([1, 1], fed=True)},
    }),
    Spec("Select", {
        "same": {"condition": Arg((2, 3), "bool"), "t": Arg((2, 3)), "e": Arg((2, 3))},
        "vector_cond": {"condition": Arg((2,), "bool"), "t": Arg((2, 3)), "e": Arg((2, 3))},
        "scalar": {"condition": Arg((), "bool"), "t": Arg((2,)), "e": Arg((2,))},
    }),
    Spec("SelectV2", {
        "broadcast": {"condition": Arg((2, 1), "bool"), "t": Arg((3,)), "e": Arg(())},
        "same": {"condition": Arg((2, 3), "bool"), "t": Arg((2, 3)), "e": Arg((2, 3))},
        "special": {"condition": Arg((12,), "bool"), "t": Arg((12,), value="special"),
                    "e": Arg((12,))},
    }),
    Spec("Where", {
        "bool": {"input": Arg((2, 3), "bool")},
        "values": {"input": Arg((3, 2))},
        "empty": {"input": Arg((0, 2), "bool")},
    }, grad=False),
    Spec("Slice", {
        "base": {"input": Arg((3, 4)), "begin": _i([1, 0]), "size": _i([2, -1])},
        "empty": {"input": Arg((3, 4)), "begin": _i([1, 1]), "size": _i([0, 2])},
        "int64": {"input": Arg((3, 4)), "begin": _i([0, 1], "int64"), "size": _i([1, 3], "int64")},
        "bad": {"input": Arg((3, 4)), "begin": _i([2, 0], fed=True), "size": _i([3, 1])},
        "noncontig": {"input": Arg((3, 4), noncontig=True), "begin": _i([1, 1]),
                      "size": _i([2, 2])},
    }),
    Spec("StridedSlice", {
        "base": {"input": Arg((4, 5)), "begin": _i([1, 0]), "end": _i([3, 5]),
                 "strides": _i([1, 2])},
        "neg_stride": {"input": Arg((4, 5)), "begin": _i([-1, 4]), "end": _i([0, 0]),
                       "strides": _i([-1, -2])},
        "masks": {"args": {"input": Arg((4, 5, 2)), "begin": _i([1, 0, 0]), "end": _i([0, 3, 0]),
                           "strides": _i([1, 1, 1])},
                  "attrs": {"begin_mask": 4, "end_mask": 5, "shrink_axis_mask": 0}},
        "shrink": {"args": {"input": Arg((4, 5)), "begin": _i([2]), "end": _i([3]),
                            "strides": _i([1])}, "attrs": {"shrink_axis_mask": 1}},
        "newaxis_ellipsis": {"args": {"input": Arg((4, 5)), "begin": _i([0, 0, 1]),
                                      "end": _i([0, 0, 3]), "strides": _i([1, 1, 1])},
                             "attrs": {"new_axis_mask": 1, "ellipsis_mask": 2}},
        "out_of_range": {"args": {"input": Arg((4, 5)), "begin": _i([7]), "end": _i([8]),
                                  "strides": _i([1])}, "attrs": {"shrink_axis_mask": 1}},
    }),
    Spec("TopKV2", {
        "base": {"input": Arg((2, 5)), "k": _i(3)},
        "ties": {"input": Arg((6,), value=[1, 3, 3, 0, 3, 1]), "k": _i(4)},
        # sorted=False: TF documents the order as undefined, so only the values' set is compared
        "k_too_big": {"input": Arg((5,)), "k": _i(6, fed=True)},
        "nan": {"input": Arg((4,), value=[1, float("nan"), 3, 2]), "k": _i(2),
                "dtypes": ("float32", "float64")},
    }),
    Spec("Unique", {
        "base": {"x": Arg((7,), value=[3, 1, 3, 2, 1, 0, 3])},
        "empty": {"x": Arg((0,))},
        "idx64": {"args": {"x": Arg((3,), value=[1, 1, 2])}, "attrs": {"out_idx": "dtype:int64"}},
    }, grad=False),
]


def _gather_batch_dims(tf):
    params = tf.constant(np.arange(24, dtype=np.float32).reshape(2, 3, 4))
    fetches = {
        "gather_b1_axis2": tf.gather(params, [[1, 3], [0, 0]], axis=2, batch_dims=1),
        "gather_b1": tf.gather(params, [[2, 0], [1, 1]], batch_dims=1),
        "gather_b2": tf.gather(params, [[[3], [0], [1]], [[2], [2], [0]]], axis=2, batch_dims=2),
        "gather_nd_b1": tf.gather_nd(params, [[[1, 2]], [[0, 3]]], batch_dims=1),
        "gather_nd_b1_slices": tf.gather_nd(params, [[1], [2]], batch_dims=1),
    }
    fetches["grad"] = tf.gradients(tf.reduce_sum(fetches["gather_b1"]) +
                                   tf.reduce_sum(fetches["gather_nd_b1"]), params)[0]
    return fetches, {}


PROGRAMS = [Program("gather_batch_dims", _gather_batch_dims)]
