"""Sparse ops: the SparseTensor kernels op by op (indices, values, dense shape as three inputs)
and programs through the public API (`tf.sparse_placeholder` fed a SparseTensorValue, the
`tf.sparse_*` / `tf.sparse.*` functions, their static shapes and gradients)."""
import numpy as np

from harness import Arg
from harness import Program
from harness import Spec

_NUMERIC = ("float16", "bfloat16", "float32", "float64", "complex64", "complex128",
            "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64")


def _i(value, dtype="int64", fed=False):
    value = np.asarray(value, dtype=np.int64)
    return Arg(value.shape, dtype, value=value, fed=fed)


def _empty(rank):
    return _i(np.zeros((0, rank), np.int64))


def _v(n, fed=False, **kw):
    return Arg((n,), fed=fed, **kw)


def _sp(prefix, indices, shape, fed=False, values_fed=False, names=("indices", "values", "shape"),
        low=None, high=None):
    """The three inputs of one sparse operand, named `<prefix><name>`."""
    n = np.shape(indices)[0]
    return {prefix + names[0]: _i(indices, fed=fed),
            prefix + names[1]: _v(n, fed=values_fed or fed, low=low, high=high),
            prefix + names[2]: _i(shape, fed=fed)}


def _matmul(indices, shape, b, **attrs):
    args = {**_sp("a_", indices, shape), "b": Arg(b)}
    return {"args": args, "attrs": attrs}


_MATMUL_FLOATS = ("float32", "float64")

SPECS = [
    Spec("SparseTensorDenseMatMul", {
        "base": _matmul([[0, 0], [1, 2], [2, 1]], [3, 3], (3, 2)),
        "adjoint_a": _matmul([[0, 1], [1, 0], [2, 3]], [3, 4], (3, 2), adjoint_a=True),
        "adjoint_b": _matmul([[0, 0], [1, 2]], [2, 3], (4, 3), adjoint_b=True),
        "adjoint_both": _matmul([[0, 1], [2, 0]], [3, 2], (4, 3), adjoint_a=True, adjoint_b=True),
        "duplicates_unsorted": {**_matmul([[2, 1], [0, 0], [2, 1]], [3, 3], (3, 2)),
                                "dtypes": _MATMUL_FLOATS},
        "empty": {**_matmul(np.zeros((0, 2)), [3, 3], (3, 2)), "dtypes": _MATMUL_FLOATS},
        "int32_indices": {"args": {"a_indices": _i([[0, 1], [1, 0]], "int32"),
                                   "a_values": _v(2), "a_shape": _i([2, 2]), "b": Arg((2, 3))},
                          "dtypes": _MATMUL_FLOATS},
        "row_out_of_bounds": {**_matmul([[0, 0], [3, 1]], [3, 3], (3, 2)),
                              "dtypes": _MATMUL_FLOATS},
        "col_out_of_bounds": {**_matmul([[0, 5]], [3, 3], (3, 2)), "dtypes": _MATMUL_FLOATS},
        "inner_mismatch": {**_matmul([[0, 0]], [2, 3], (4, 2)), "dtypes": _MATMUL_FLOATS},
        "rank3_shape": {**_matmul([[0, 0, 0]], [2, 2, 2], (2, 2)), "dtypes": _MATMUL_FLOATS},
        "rank3_b": {**_matmul([[0, 0]], [2, 2], (2, 2, 2)), "dtypes": _MATMUL_FLOATS},
        "fed": {"args": {**_sp("a_", [[0, 0], [1, 2]], [2, 3], fed=True),
                         "b": Arg((3, 4), fed=True)}, "dtypes": _MATMUL_FLOATS},
        "fed_mismatch": {"args": {**_sp("a_", [[0, 0]], [2, 3], fed=True),
                                  "b": Arg((4, 2), fed=True)}, "dtypes": _MATMUL_FLOATS},
    }, sweep="T", dtypes=_NUMERIC + ("bool", "string")),
]


def _reduce(indices, shape, axes, keep_dims=False, axes_dtype="int32", fed=False):
    args = {**_sp("input_", indices, shape, fed=fed), "reduction_axes": _i(axes, axes_dtype)}
    return {"args": args, "attrs": {"keep_dims": keep_dims}}


_REDUCE_VARIANTS = {
    "axis1": _reduce([[0, 0], [1, 2], [0, 1]], [2, 3], [1]),
    "axis0_keep": _reduce([[0, 0], [1, 2], [0, 1]], [2, 3], [0], keep_dims=True),
    "all": _reduce([[0, 0], [1, 2], [0, 1]], [2, 3], [0, 1]),
    "negative_axis": {**_reduce([[0, 1], [1, 1]], [2, 3], [-1]), "dtypes": ("float32",)},
    "no_axes": {**_reduce([[1, 0], [0, 2]], [2, 3], np.zeros((0,))), "dtypes": ("float32",)},
    "scalar_axis": {**_reduce([[1, 0], [0, 2]], [2, 3], 0), "dtypes": ("float32", "int32")},
    "rank3": _reduce([[0, 1, 2], [1, 0, 0], [1, 1, 2], [0, 0, 1]], [2, 2, 3], [0, 2]),
    "rank3_keep": {**_reduce([[0, 1, 2], [1, 0, 0], [1, 1, 2]], [2, 2, 3], [1], keep_dims=True),
                   "dtypes": ("float32", "float64")},
    "duplicates": {**_reduce([[0, 1], [0, 1], [1, 0]], [2, 2], [1]),
                   "dtypes": ("float32", "int64")},
    "empty": {**_reduce(np.zeros((0, 2)), [2, 3], [1]), "dtypes": ("float32", "float64")},
    "axis_out_of_range": {**_reduce([[0, 0]], [2, 3], [2]), "dtypes": ("float32",)},
    "repeated_axis": {**_reduce([[0, 0], [1, 1]], [2, 3], [1, -1]), "dtypes": ("float32",)},
    "index_out_of_bounds": {**_reduce([[0, 0], [2, 1]], [2, 3], [1]), "dtypes": ("float32",)},
    "fed": {**_reduce([[0, 0], [1, 2]], [2, 3], [1], fed=True), "dtypes": ("float32",)},
    "fed_keep": {**_reduce([[0, 0], [1, 2]], [2, 3], [0], keep_dims=True, fed=True),
                 "dtypes": ("float32",)},
}
SPECS += [
    Spec("SparseReduceSum", _REDUCE_VARIANTS, sweep="T"),
    Spec("SparseReduceSumSparse", _REDUCE_VARIANTS, sweep="T"),
]


def _edit(hyp, hyp_shape, truth, truth_shape, normalize=True, fed=False, low=0, high=3):
    args = {**_sp("hypothesis_", hyp, hyp_shape, fed=fed, low=low, high=high),
            **_sp("truth_", truth, truth_shape, fed=fed, low=low, high=high)}
    return {"args": args, "attrs": {"normalize": normalize}}


_H = [[0, 0], [0, 1], [1, 0]]
_T = [[0, 0], [1, 0], [1, 1]]
_FEW = ("float32", "int32", "string")
SPECS.append(Spec("EditDistance", {
    "base": _edit(_H, [2, 2], _T, [2, 2], normalize=False),
    "normalize": _edit(_H, [2, 2], _T, [2, 2]),
    "rank3": {**_edit([[0, 0, 0], [0, 0, 1], [1, 2, 0]], [2, 3, 2],
                      [[0, 1, 0], [1, 0, 0], [1, 0, 1]], [3, 2, 2]), "dtypes": _FEW},
    "empty_truth_row": {**_edit([[0, 0], [1, 0]], [2, 2], [[0, 0]], [2, 2]), "dtypes": _FEW},
    "empty_both": {**_edit(np.zeros((0, 2)), [2, 2], np.zeros((0, 2)), [2, 2]),
                   "dtypes": _FEW},
    "empty_both_unnormalized": {**_edit(np.zeros((0, 2)), [2, 2], [[1, 0]], [2, 2],
                                        normalize=False), "dtypes": _FEW},
    "rank1": {**_edit([[0], [1]], [3], [[1]], [2]), "dtypes": _FEW},
    "rank_mismatch": {**_edit([[0, 0]], [2, 2], [[0, 0, 0]], [2, 2, 2]), "dtypes": _FEW},
    "unsorted": {**_edit([[1, 0], [0, 0]], [2, 2], _T, [2, 2]), "dtypes": _FEW},
    "index_out_of_bounds": {**_edit([[0, 0], [3, 0]], [2, 2], _T, [2, 2]), "dtypes": _FEW},
    "fed": {**_edit(_H, [2, 2], _T, [2, 2], fed=True), "dtypes": _FEW},
}, sweep="T", dtypes=_NUMERIC + ("bool", "string")))


def _add(a, b, shape, thresh_dtype=None, b_shape=None, thresh=0):
    args = {**_sp("a_", a, shape), **_sp("b_", b, b_shape or shape),
            "thresh": Arg((), thresh_dtype, value=thresh)}
    return {"args": args}


_REALS = tuple(d for d in _NUMERIC if not d.startswith("complex"))
_ADD_A = [[0, 0], [1, 1], [1, 2]]
_ADD_B = [[0, 0], [0, 2], [1, 2]]
SPECS.append(Spec("SparseAdd", {
    "base": {**_add(_ADD_A, _ADD_B, [2, 3]), "dtypes": _REALS},
    "complex": {**_add(_ADD_A, _ADD_B, [2, 3], thresh_dtype="float32"),
                "dtypes": ("complex64", "complex128")},
    "thresh": {**_add(_ADD_A, _ADD_B, [2, 3], thresh=2), "dtypes": ("float32", "float64",
                                                                   "int32", "int64")},
    "empty_a": {**_add(np.zeros((0, 2)), _ADD_B, [2, 3]), "dtypes": ("float32", "int32")},
    "empty_both": {**_add(np.zeros((0, 2)), np.zeros((0, 2)), [2, 3]),
                   "dtypes": ("float32",)},
    "rank3": {**_add([[0, 0, 1], [1, 1, 0]], [[0, 0, 1], [0, 1, 0]], [2, 2, 2]),
              "dtypes": ("float32", "float64")},
    "shape_mismatch": {**_add(_ADD_A, _ADD_B, [2, 3], b_shape=[3, 3]), "dtypes": ("float32",)},
    "rank_mismatch": {**_add([[0, 0]], [[0, 0, 0]], [2, 3], b_shape=[2, 3, 1]),
                      "dtypes": ("float32",)},
}, sweep="T", dtypes=_NUMERIC + ("bool", "string")))

SPECS.append(Spec("SparseTensorDenseAdd", {
    "base": {"args": {**_sp("a_", [[0, 0], [1, 2]], [2, 3]), "b": Arg((2, 3))}},
    "duplicates": {"args": {**_sp("a_", [[1, 2], [1, 2]], [2, 3]), "b": Arg((2, 3))},
                   "dtypes": ("float32", "int32")},
    "int32_indices": {"args": {"a_indices": _i([[0, 1]], "int32"), "a_values": _v(1),
                               "a_shape": _i([2, 3], "int32"), "b": Arg((2, 3))},
                      "dtypes": ("float32",)},
    "shape_mismatch": {"args": {**_sp("a_", [[0, 0]], [2, 3]), "b": Arg((3, 2))},
                       "dtypes": ("float32",)},
    "out_of_bounds": {"args": {**_sp("a_", [[0, 3]], [2, 3]), "b": Arg((2, 3))},
                      "dtypes": ("float32",)},
    "rank3": {"args": {**_sp("a_", [[0, 1, 1]], [2, 2, 2]), "b": Arg((2, 2, 2))},
              "dtypes": ("float32", "float64")},
}, sweep="T"))


def _concat(dim, count=2, indices=((0, 1), (1, 0)), shape=(2, 3)):
    args = {"indices": Arg(np.shape(indices), "int64", value=np.asarray(indices), count=count),
            "values": Arg((len(indices),), count=count),
            "shapes": Arg((len(shape),), "int64", value=np.asarray(shape), count=count)}
    return {"args": args, "attrs": {"concat_dim": dim}}


SPECS.append(Spec("SparseConcat", {
    "axis0": _concat(0),
    "axis1": {**_concat(1), "dtypes": ("float32", "float64", "int32", "string")},
    "negative_axis": {**_concat(-1, count=3), "dtypes": ("float32", "string")},
    "rank3": {**_concat(1, indices=((0, 1, 0), (1, 0, 2)), shape=(2, 2, 3)),
              "dtypes": ("float32", "float64")},
    "axis_out_of_range": {**_concat(2), "dtypes": ("float32",)},
}, sweep="T", dtypes=_NUMERIC + ("bool", "string")))


def _three(indices, shape, fed=False, names=("input_indices", "input_values", "input_shape")):
    return _sp("", indices, shape, fed=fed, names=names)


SPECS.append(Spec("SparseReorder", {
    "base": _three([[1, 0], [0, 2], [0, 1]], [2, 3]),
    "sorted": {**_three([[0, 1], [1, 0]], [2, 3]), "dtypes": ("float32", "string")},
    "rank3": {**_three([[1, 0, 1], [0, 1, 0], [1, 0, 0], [0, 0, 1]], [2, 2, 2]),
              "dtypes": ("float32", "float64", "int32", "string")},
    "duplicates": {**_three([[1, 1], [0, 0], [1, 1]], [2, 2]), "dtypes": ("int32",)},
    "empty": {**_three(np.zeros((0, 2)), [2, 3]), "dtypes": ("float32",)},
    "out_of_bounds": {**_three([[0, 3]], [2, 3]), "dtypes": ("float32",)},
    "fed": {**_three([[1, 0], [0, 2]], [2, 3], fed=True), "dtypes": ("float32",)},
}, sweep="T", dtypes=_NUMERIC + ("bool", "string")))


def _reshape(indices, shape, new_shape, fed=False):
    return {"input_indices": _i(indices, fed=fed), "input_shape": _i(shape, fed=fed),
            "new_shape": _i(new_shape, fed=fed)}


SPECS.append(Spec("SparseReshape", {
    "base": _reshape([[0, 1], [1, 2]], [2, 3], [3, 2]),
    "infer": _reshape([[0, 1], [1, 2]], [2, 3], [-1, 2]),
    "flatten": _reshape([[0, 1], [1, 2]], [2, 3], [6]),
    "expand": _reshape([[1], [5]], [6], [1, 2, 3]),
    "two_infer": _reshape([[0, 1]], [2, 3], [-1, -1]),
    "size_mismatch": _reshape([[0, 1]], [2, 3], [4, 2]),
    "infer_not_divisible": _reshape([[0, 1]], [2, 3], [-1, 4]),
    "empty": _reshape(np.zeros((0, 2)), [2, 3], [3, -1]),
    "zero_size": _reshape(np.zeros((0, 2)), [0, 3], [-1, 3]),
    "fed": _reshape([[0, 1], [1, 2]], [2, 3], [3, 2], fed=True),
}, sweep=None))


def _slice(indices, shape, start, size):
    return {**_sp("", indices, shape, names=("indices", "values", "shape")),
            "start": _i(start), "size": _i(size)}


_SL = [[0, 0], [0, 3], [1, 1], [2, 2], [2, 3]]
SPECS.append(Spec("SparseSlice", {
    "base": _slice(_SL, [3, 4], [0, 1], [2, 3]),
    "past_end": {**_slice(_SL, [3, 4], [1, 2], [5, 5]), "dtypes": ("float32", "string")},
    "empty_result": {**_slice(_SL, [3, 4], [1, 2], [1, 1]), "dtypes": ("float32", "string")},
    "start_past_end": {**_slice(_SL, [3, 4], [4, 0], [1, 1]), "dtypes": ("float32",)},
    "rank3": {**_slice([[0, 1, 1], [1, 0, 2], [1, 1, 0]], [2, 2, 3], [1, 0, 0], [1, 2, 3]),
              "dtypes": ("float32", "float64")},
    "rank_mismatch": {**_slice(_SL, [3, 4], [0], [2]), "dtypes": ("float32",)},
}, sweep="T", dtypes=_NUMERIC + ("bool", "string")))


def _fill(indices, shape, fed=False):
    return {**_sp("", indices, shape, fed=fed, names=("indices", "values", "dense_shape")),
            "default_value": Arg(())}


SPECS.append(Spec("SparseFillEmptyRows", {
    "base": _fill([[0, 1], [0, 2], [2, 0], [4, 1]], [5, 3]),
    "none_empty": {**_fill([[0, 1], [1, 0]], [2, 3]), "dtypes": ("float32", "string")},
    "all_empty": {**_fill(np.zeros((0, 2)), [3, 2]), "dtypes": ("float32", "float64", "string")},
    "unsorted": {**_fill([[2, 0], [0, 1], [2, 1]], [4, 2]),
                 "dtypes": ("float32", "float64", "int32")},
    "rank3": {**_fill([[1, 0, 1], [3, 1, 0]], [4, 2, 2]), "dtypes": ("float32", "float64")},
    "zero_rows": {**_fill(np.zeros((0, 2)), [0, 3]), "dtypes": ("float32",)},
    "out_of_bounds": {**_fill([[0, 1], [5, 0]], [3, 2]), "dtypes": ("float32",)},
    "fed": {**_fill([[0, 1], [2, 0]], [4, 2], fed=True), "dtypes": ("float32",)},
}, sweep="T", dtypes=_NUMERIC + ("bool", "string")))

SPECS.append(Spec("SparseSoftmax", {
    "base": _sp("sp_", [[0, 0], [0, 2], [1, 1], [2, 0], [2, 1]], [3, 3]),
    "rank3": _sp("sp_", [[0, 0, 1], [0, 0, 2], [1, 1, 0], [1, 0, 1]], [2, 2, 3]),
    "special": {"sp_indices": _i([[0, 0], [0, 1], [1, 0], [1, 1], [2, 0], [2, 2]]),
                "sp_values": Arg((6,), value=[np.inf, 1.0, np.nan, 2.0, -np.inf, -np.inf]),
                "sp_shape": _i([3, 3])},
    "unsorted": _sp("sp_", [[1, 1], [0, 0], [1, 0]], [2, 2]),
    "empty": _sp("sp_", np.zeros((0, 2)), [2, 2]),
    "rank1": _sp("sp_", [[0], [2]], [3]),
    "fed": _sp("sp_", [[0, 0], [1, 1]], [2, 2], fed=True),
}, sweep="T"))

_MAX_A = [[0, 0], [0, 2], [1, 1]]
_MAX_B = [[0, 0], [1, 0], [1, 1]]
for _op in ("SparseSparseMaximum", "SparseSparseMinimum"):
    SPECS.append(Spec(_op, {
        "base": {**_sp("a_", _MAX_A, [2, 3]), **_sp("b_", _MAX_B, [2, 3])},
        "disjoint": {"args": {**_sp("a_", [[0, 1]], [2, 3]), **_sp("b_", [[1, 2]], [2, 3])},
                     "dtypes": ("float32", "int32")},
        "empty_b": {"args": {**_sp("a_", _MAX_A, [2, 3]), **_sp("b_", np.zeros((0, 2)), [2, 3])},
                    "dtypes": ("float32",)},
        "shape_mismatch": {"args": {**_sp("a_", _MAX_A, [2, 3]), **_sp("b_", _MAX_B, [3, 3])},
                           "dtypes": ("float32",)},
        "rank3": {"args": {**_sp("a_", [[0, 1, 1], [1, 0, 0]], [2, 2, 2]),
                           **_sp("b_", [[0, 1, 1], [1, 1, 1]], [2, 2, 2])},
                  "dtypes": ("float32", "float64")},
        "special": {"args": {"a_indices": _i([[0, 0], [0, 1], [0, 2]]),
                             "a_values": Arg((3,), value=[np.nan, 1.0, -np.inf]),
                             "a_shape": _i([1, 3]),
                             "b_indices": _i([[0, 0], [0, 1], [0, 2]]),
                             "b_values": Arg((3,), value=[1.0, np.nan, 0.0]),
                             "b_shape": _i([1, 3])},
                    "dtypes": ("float32", "float64")},
    }, sweep="T"))

_REDUCE_MAX_VARIANTS = dict(_REDUCE_VARIANTS)
_REDUCE_MAX_VARIANTS["special"] = {
    "args": {"input_indices": _i([[0, 0], [0, 1], [1, 0], [1, 1], [2, 0], [2, 2]]),
             "input_values": Arg((6,), value=[np.nan, 1.0, 2.0, np.nan, -np.inf, -np.inf]),
             "input_shape": _i([3, 3]), "reduction_axes": _i([1], "int32")},
    "dtypes": ("float32", "float64")}
SPECS += [
    Spec("SparseReduceMax", _REDUCE_MAX_VARIANTS, sweep="T"),
    Spec("SparseReduceMaxSparse", _REDUCE_MAX_VARIANTS, sweep="T"),
]

# TF's gradient ops, as an imported graph runs them
SPECS += [
    Spec("SparseAddGrad", {
        "base": {"backprop_val_grad": Arg((3,)), "a_indices": _i([[0, 0], [1, 1], [1, 2]]),
                 "b_indices": _i([[0, 0], [0, 2], [1, 2]]),
                 "sum_indices": _i([[0, 2], [1, 1], [1, 2]])},
        "empty_b": {"args": {"backprop_val_grad": Arg((2,)), "a_indices": _i([[0, 0], [1, 1]]),
                             "b_indices": _empty(2), "sum_indices": _i([[0, 0], [1, 1]])},
                    "dtypes": ("float32", "int32")},
    }, sweep="T"),
    Spec("SparseSliceGrad", {
        "base": {"backprop_val_grad": Arg((2,)), "input_indices": _i(_SL),
                 "input_start": _i([0, 1]), "output_indices": _i([[0, 2], [1, 0]])},
        "unmatched": {"args": {"backprop_val_grad": Arg((1,)), "input_indices": _i(_SL),
                               "input_start": _i([0, 0]), "output_indices": _i([[2, 1]])},
                      "dtypes": ("float32",)},
    }, sweep="T"),
    Spec("SparseFillEmptyRowsGrad", {
        "base": {"reverse_index_map": _i([0, 1, 3, 5]), "grad_values": Arg((6,))},
        "none_filled": {"args": {"reverse_index_map": _i([0, 1]), "grad_values": Arg((2,))},
                        "dtypes": ("float32", "int32")},
        "out_of_range": {"args": {"reverse_index_map": _i([0, 4]), "grad_values": Arg((3,))},
                         "dtypes": ("float32",)},
    }, sweep="T"),
]


# -- programs: the public API -------------------------------------------------------------------

def _static(tf, st):
    """A SparseTensor's static dense shape as a constant (-1: unknown dim, [-9]: unknown rank)."""
    shape = st.get_shape()
    code = [-9] if shape.ndims is None else [-1 if d is None else d for d in shape.as_list()]
    return tf.constant(np.array(code, np.int64))


def _parts(tf, out, name, st):
    out[name + "_indices"] = st.indices
    out[name + "_values"] = st.values
    out[name + "_shape"] = st.dense_shape
    out[name + "_static"] = _static(tf, st)


def _value(indices, values, shape, dtype=np.float32):
    return (np.array(indices, np.int64).reshape(-1, len(shape)), np.array(values, dtype),
            np.array(shape, np.int64))


def _placeholder_feed(tf):
    sp = tf.sparse_placeholder(tf.float32, name="sp")
    dense = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    out = {"prod": tf.sparse_tensor_dense_matmul(sp, dense),
           "row_sums": tf.sparse_reduce_sum(sp, axis=1),
           "total": tf.sparse_reduce_sum(sp),
           "dense": tf.sparse_tensor_to_dense(sp),
           "dense_default": tf.sparse.to_dense(sp, default_value=-1.0)}
    _parts(tf, out, "sp", sp)
    value = tf.SparseTensorValue(*_value([[0, 0], [1, 2]], [2.0, -1.0], [2, 3]))
    return out, {sp: value}


def _placeholder_shapes(tf):
    sp = tf.sparse_placeholder(tf.int32, shape=[3, None], name="partial")
    full = tf.sparse_placeholder(tf.float32, shape=[2, 3])
    out = {"partial_dense": tf.sparse_tensor_to_dense(sp),
           "full_total": tf.sparse_reduce_sum(full),
           "full_rows": tf.sparse_reduce_sum(full, 1, keepdims=True),
           "full_dense": tf.sparse.to_dense(full)}
    _parts(tf, out, "partial", sp)
    _parts(tf, out, "full", full)
    feeds = {sp: ([[0, 1], [2, 3]], [4, 5], [3, 4]),
             full.indices: [[0, 2], [1, 0]], full.values: [1.5, -2.0]}
    return out, feeds


def _matmul_program(tf):
    values = tf.constant([1.0, -2.0, 3.0])
    a = tf.SparseTensor([[0, 1], [1, 0], [2, 2]], values, [3, 3])
    b = tf.constant(np.arange(6, dtype=np.float32).reshape(3, 2))
    bt = tf.constant(np.arange(6, dtype=np.float32).reshape(2, 3))
    out = {"plain": tf.sparse_tensor_dense_matmul(a, b),
           "adj_a": tf.sparse.matmul(a, b, adjoint_a=True),
           "adj_b": tf.sparse.sparse_dense_matmul(a, bt, adjoint_b=True),
           "sparse_b": tf.sparse_tensor_dense_matmul(bt, a),
           "sparse_b_adj": tf.sparse_tensor_dense_matmul(bt, a, adjoint_a=True, adjoint_b=True)}
    for key in ("plain", "adj_a", "adj_b"):
        dv, db = tf.gradients(tf.reduce_sum(out[key] * out[key]), [values, b if key != "adj_b"
                                                                     else bt])
        out[key + "_dvalues"], out[key + "_ddense"] = dv, db
    return out, {}


def _reduce_program(tf):
    values = tf.constant([1.0, 5.0, -2.0, 4.0])
    st = tf.SparseTensor([[0, 0, 1], [0, 2, 0], [1, 1, 1], [1, 2, 0]], values, [2, 3, 2])
    out = {"sum_keep": tf.sparse_reduce_sum(st, axis=[0, 2], keepdims=True),
           "sum_old_names": tf.sparse_reduce_sum(st, reduction_axes=-1, keep_dims=False),
           "max": tf.sparse.reduce_max(st, 1),
           "max_all": tf.sparse_reduce_max(st)}
    _parts(tf, out, "sum_sparse", tf.sparse_reduce_sum_sparse(st, axis=1))
    _parts(tf, out, "max_sparse", tf.sparse.reduce_max_sparse(st, axis=[0], keepdims=True))
    out["dvalues"] = tf.gradients(out["sum_keep"] * 3.0, values)[0]
    return out, {}


def _add_program(tf):
    av, bv = tf.constant([1.0, 2.0, 3.0]), tf.constant([-1.0, 0.5, 4.0])
    a = tf.SparseTensor([[0, 0], [1, 1], [1, 2]], av, [2, 3])
    b = tf.SparseTensor([[0, 0], [0, 2], [1, 2]], bv, [2, 3])
    dense = tf.constant(np.arange(6, dtype=np.float32).reshape(2, 3))
    out = {"sparse_dense": tf.sparse_add(a, dense), "dense_sparse": tf.sparse.add(dense, b)}
    _parts(tf, out, "sum", tf.sparse_add(a, b))
    thresholded = tf.sparse_add(a, b, threshold=0.5)
    _parts(tf, out, "thresholded", thresholded)
    out["da"], out["db"] = tf.gradients(thresholded.values * 2.0, [av, bv])
    out["dense_dv"] = tf.gradients(out["sparse_dense"] * out["sparse_dense"], av)[0]
    return out, {}


def _concat_program(tf):
    a = tf.SparseTensor([[0, 2], [1, 0]], ["a", "b"], [2, 3])
    b = tf.SparseTensor([[0, 1], [1, 3]], ["c", "d"], [2, 4])
    c = tf.SparseTensor([[2, 1]], ["e"], [3, 2])
    ph = tf.SparseTensor(tf.placeholder(tf.int64, [None, 2]), tf.placeholder(tf.string, [None]),
                         tf.placeholder(tf.int64, [2]))
    out = {}
    _parts(tf, out, "axis1", tf.sparse_concat(1, [a, b]))
    _parts(tf, out, "expand", tf.sparse_concat(0, [a, c], expand_nonconcat_dim=True))
    _parts(tf, out, "expand_axis1", tf.sparse.concat(1, [b, c], expand_nonconcat_dim=True))
    _parts(tf, out, "with_unknown", tf.sparse_concat(-1, [a, ph]))
    _parts(tf, out, "single", tf.sparse_concat(0, [a]))
    feeds = {ph.indices: [[1, 1]], ph.values: ["z"], ph.dense_shape: [2, 2]}
    return out, feeds


def _rearrange_program(tf):
    values = tf.constant([1.0, 2.0, 3.0, 4.0])
    st = tf.SparseTensor([[1, 2], [0, 1], [1, 0], [0, 3]], values, [2, 4])
    unknown = tf.SparseTensor(tf.constant([[1, 0], [0, 1]], tf.int64), tf.constant([7, 8]),
                              tf.placeholder(tf.int64, [2]))
    out = {}
    ordered = tf.sparse_reorder(st)
    _parts(tf, out, "reorder", ordered)
    _parts(tf, out, "reorder_unknown", tf.sparse.reorder(unknown))
    _parts(tf, out, "reshape", tf.sparse_reshape(ordered, [-1, 2]))
    _parts(tf, out, "reshape_flat", tf.sparse.reshape(ordered, [8]))
    _parts(tf, out, "reshape_unknown", tf.sparse_reshape(unknown, [1, -1]))
    _parts(tf, out, "retain", tf.sparse_retain(ordered, [True, False, True, True]))
    _parts(tf, out, "slice", tf.sparse_slice(ordered, [0, 1], [2, 2]))
    _parts(tf, out, "transpose", tf.sparse_transpose(st))
    _parts(tf, out, "transpose_unknown", tf.sparse.transpose(unknown, [1, 0]))
    out["d_reorder"] = tf.gradients(ordered.values * [1.0, 2.0, 3.0, 4.0], values)[0]
    sliced = tf.sparse_slice(ordered, [0, 1], [2, 2])
    out["d_slice"] = tf.gradients(sliced.values * 5.0, values)[0]
    out["d_transpose"] = tf.gradients(tf.sparse_transpose(st).values * [1.0, 2.0, 3.0, 4.0],
                                      values)[0]
    return out, {unknown.dense_shape: [2, 2]}


def _fill_softmax_program(tf):
    values = tf.constant([1.0, 2.0, 3.0])
    default = tf.constant(-1.0)
    st = tf.SparseTensor([[0, 1], [2, 0], [2, 2]], values, [4, 3])
    filled, empty = tf.sparse_fill_empty_rows(st, default)
    out = {"empty_rows": empty}
    _parts(tf, out, "filled", filled)
    out["d_values"], out["d_default"] = tf.gradients(filled.values * [1.0, 2.0, 3.0, 4.0, 5.0],
                                                     [values, default])
    soft = tf.sparse_softmax(st)
    _parts(tf, out, "softmax", soft)
    out["d_softmax"] = tf.gradients(soft.values * [1.0, 2.0, 3.0], values)[0]
    other = tf.SparseTensor([[0, 1], [1, 1], [2, 2]], [0.5, -1.0, 9.0], [4, 3])
    _parts(tf, out, "maximum", tf.sparse_maximum(st, other))
    _parts(tf, out, "minimum", tf.sparse.minimum(st, other))
    _parts(tf, out, "filled_str", tf.sparse.fill_empty_rows(
        tf.SparseTensor([[1, 0]], ["x"], [3, 2]), "")[0])
    return out, {}


def _edit_distance_program(tf):
    hyp = tf.SparseTensor([[0, 0], [0, 1], [1, 0], [2, 0]], ["a", "b", "c", "q"], [3, 2])
    truth = tf.SparseTensor([[0, 0], [1, 0], [1, 1]], ["a", "c", "d"], [2, 2])
    num_h = tf.SparseTensor([[0, 0, 0], [0, 0, 1], [0, 1, 0]], [1, 2, 3], [1, 2, 2])
    num_t = tf.SparseTensor([[0, 0, 0], [0, 1, 0], [0, 1, 1]], [2, 3, 4], [1, 2, 2])
    ph_h = tf.sparse_placeholder(tf.int64)
    out = {"plain": tf.edit_distance(hyp, truth, normalize=False),
           "normalized": tf.edit_distance(hyp, truth),
           "numeric": tf.edit_distance(num_h, num_t),
           "fed": tf.edit_distance(ph_h, num_t, normalize=False)}
    return out, {ph_h: _value([[0, 0, 0], [0, 1, 1]], [2, 4], [1, 2, 3], np.int64)}


def _to_dense_program(tf):
    strings = tf.SparseTensor([[0, 1], [1, 0]], ["x", "y"], [2, 2])
    bools = tf.SparseTensor([[1]], [True], [3])
    unsorted = tf.SparseTensor([[1, 0], [0, 0]], [1, 2], [2, 1])
    dense = tf.constant([[0.0, 1.5], [-2.0, 0.0]])
    out = {"strings": tf.sparse_tensor_to_dense(strings),
           "strings_default": tf.sparse.to_dense(strings, default_value="?"),
           "bools": tf.sparse_tensor_to_dense(bools),
           "unsorted": tf.sparse_tensor_to_dense(unsorted, validate_indices=False),
           "cast": tf.sparse_tensor_to_dense(tf.cast(unsorted, tf.float64),
                                             validate_indices=False)}
    _parts(tf, out, "from_dense", tf.sparse.from_dense(dense))
    return out, {}


PROGRAMS = [
    Program("sparse_placeholder_feed", _placeholder_feed,
            covers=("SparseTensorDenseMatMul", "SparseReduceSum", "SparseToDense")),
    Program("sparse_placeholder_shapes", _placeholder_shapes,
            covers=("SparseReduceSum", "SparseToDense")),
    Program("sparse_matmul_api", _matmul_program, covers=("SparseTensorDenseMatMul",)),
    Program("sparse_reduce_api", _reduce_program,
            covers=("SparseReduceSum", "SparseReduceSumSparse", "SparseReduceMax",
                    "SparseReduceMaxSparse")),
    Program("sparse_add_api", _add_program, covers=("SparseAdd", "SparseTensorDenseAdd")),
    Program("sparse_concat_api", _concat_program, covers=("SparseConcat",)),
    Program("sparse_rearrange_api", _rearrange_program,
            covers=("SparseReorder", "SparseReshape", "SparseSlice")),
    Program("sparse_fill_softmax_api", _fill_softmax_program,
            covers=("SparseFillEmptyRows", "SparseSoftmax", "SparseSparseMaximum",
                    "SparseSparseMinimum")),
    Program("edit_distance_api", _edit_distance_program, covers=("EditDistance",)),
    Program("sparse_to_dense_api", _to_dense_program, covers=("SparseToDense",)),
]
