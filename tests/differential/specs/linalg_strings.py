"""Linear algebra (inverse, determinants, Cholesky, solves, diagonal bands, einsum), ScatterNd,
SpaceToDepth/DepthToSpace, ListDiff and the string ops StringJoin/StringLength; programs for
TF's composites (tensordot, norm, eye, sort/argsort, reduce_std/variance, ...) and the
tf.math / tf.linalg / tf.random / tf.strings namespaces."""
import numpy as np

from harness import Arg
from harness import Program
from harness import Spec

_LINALG_TOL = {"*": (1e-4, 1e-5), "float16": (1e-2, 1e-2), "float64": (1e-9, 1e-10)}
_GENERAL = [[4.0, 1.0, 2.0], [0.5, 5.0, 1.0], [2.0, -1.0, 6.0]]
_PD = [[4.0, 1.0, 0.5], [1.0, 3.0, 0.25], [0.5, 0.25, 2.0]]
_BATCH = [[[2.0, 1.0], [1.0, 3.0]], [[5.0, -1.0], [0.5, 2.0]]]
_BATCH_PD = [[[2.0, 0.5], [0.5, 3.0]], [[5.0, 1.0], [1.0, 2.0]]]
_COMPLEX = [[4 + 1j, 1 - 2j, 0.5j], [0.5, 5 - 1j, 1 + 1j], [2j, -1.0, 6 + 0.5j]]
_HPD = [[4.0, 1 + 1j, 0.5j], [1 - 1j, 3.0, 0.25], [-0.5j, 0.25, 2.0]]
_CPLX = ("complex64", "complex128")


def _m(value, dtype=None, fed=False):
    return Arg(np.shape(value), dtype, value=value, fed=fed)


def _i(value, dtype="int32", fed=False):
    return Arg(np.shape(value), dtype, value=value, fed=fed)


def _s(value, fed=False):
    return Arg(np.shape(value), "string", value=value, fed=fed)


def _one_matrix_variants(pd=False):
    square = _PD if pd else _GENERAL
    return {
        "base": {"input": _m(square)},
        "batch": {"input": _m(_BATCH_PD if pd else _BATCH)},
        "complex": {"args": {"input": _m(_HPD if pd else _COMPLEX)}, "dtypes": _CPLX},
        "empty": {"input": Arg((0, 0))},
        "empty_batch": {"input": Arg((2, 0, 0))},
        "fed": {"input": _m(square, fed=True)},
        "nonsquare": {"input": Arg((2, 3))},
        "rank1": {"input": Arg((3,))},
        "fed_nonsquare": {"input": Arg((2, 3), fed=True)},
        "fed_rank1": {"input": Arg((3,), fed=True)},
    }


_SINGULAR = {"singular": {"input": _m([[1.0, 2.0], [2.0, 4.0]])},
             "zeros": {"input": Arg((2, 2), value=[[0.0, 0.0], [0.0, 0.0]])},
             "nan": {"input": _m([[np.nan, 0.0], [0.0, 1.0]])}}

SPECS = [
    Spec("MatrixInverse", {**_one_matrix_variants(),
                           "adjoint": {"args": {"input": _m(_GENERAL)},
                                       "attrs": {"adjoint": True}}}, tol=_LINALG_TOL),
    Spec("MatrixInverse", {"singular_inv": _SINGULAR["singular"], "zeros_inv": _SINGULAR["zeros"],
                           "nan_inv": _SINGULAR["nan"]}, refused=(), grad=False),
    Spec("MatrixDeterminant", _one_matrix_variants(), tol=_LINALG_TOL),
    Spec("MatrixDeterminant", {"singular_det": _SINGULAR["singular"],
                               "nan_det": _SINGULAR["nan"]}, refused=(), grad=False),
    Spec("LogMatrixDeterminant", {**_one_matrix_variants(),
                                  "negative": {"input": _m([[1.0, 2.0], [3.0, 4.0]])}},
         tol=_LINALG_TOL),
    Spec("LogMatrixDeterminant", {"singular_slogdet": _SINGULAR["singular"]}, refused=(),
         grad=False),
    Spec("Cholesky", {**_one_matrix_variants(pd=True),
                      "upper_ignored": {"input": _m([[4.0, 100.0], [1.0, 3.0]])}},
         tol=_LINALG_TOL),
    Spec("Cholesky", {"nan_chol": _SINGULAR["nan"]}, refused=(), grad=False),
    Spec("MatrixSolve", {
        "base": {"matrix": _m(_GENERAL), "rhs": Arg((3, 2))},
        "batch": {"matrix": _m(_BATCH), "rhs": Arg((2, 2, 1))},
        "adjoint": {"args": {"matrix": _m(_GENERAL), "rhs": Arg((3, 2))},
                    "attrs": {"adjoint": True}},
        "complex": {"args": {"matrix": _m(_COMPLEX), "rhs": Arg((3, 1))}, "dtypes": _CPLX},
        "empty_rhs": {"matrix": _m(_GENERAL), "rhs": Arg((3, 0))},
        "empty_matrix": {"matrix": Arg((0, 0)), "rhs": Arg((0, 2))},
        "mismatch": {"matrix": _m(_GENERAL), "rhs": Arg((2, 1))},
        "batch_mismatch": {"matrix": _m(_BATCH), "rhs": Arg((3, 2, 1))},
        "rank_mismatch": {"matrix": _m(_GENERAL), "rhs": Arg((3,))},
        "fed": {"matrix": _m(_GENERAL, fed=True), "rhs": Arg((3, 2), fed=True)},
        "fed_mismatch": {"matrix": _m(_GENERAL, fed=True), "rhs": Arg((2, 1), fed=True)},
        "fed_rank": {"matrix": _m(_GENERAL, fed=True), "rhs": Arg((3,), fed=True)},
        "fed_nonsquare": {"matrix": Arg((2, 3), fed=True), "rhs": Arg((2, 1), fed=True)},
        "fed_batch": {"matrix": _m(_BATCH, fed=True), "rhs": Arg((3, 2, 1), fed=True)},
    }, tol=_LINALG_TOL),
    Spec("MatrixSolve", {"singular_solve": {"matrix": _m([[1.0, 2.0], [2.0, 4.0]]),
                                            "rhs": Arg((2, 1))}}, refused=(), grad=False),
    Spec("MatrixTriangularSolve", {
        "lower": {"matrix": _m(_GENERAL), "rhs": Arg((3, 2))},
        "upper": {"args": {"matrix": _m(_GENERAL), "rhs": Arg((3, 2))},
                  "attrs": {"lower": False}},
        "adjoint": {"args": {"matrix": _m(_GENERAL), "rhs": Arg((3, 1))},
                    "attrs": {"adjoint": True}},
        "upper_adjoint": {"args": {"matrix": _m(_GENERAL), "rhs": Arg((3, 1))},
                          "attrs": {"adjoint": True, "lower": False}},
        "broadcast": {"matrix": _m([_GENERAL]), "rhs": Arg((2, 3, 2))},
        "complex": {"args": {"matrix": _m(_COMPLEX), "rhs": Arg((3, 1))}, "dtypes": _CPLX},
        "empty_rhs": {"matrix": _m(_GENERAL), "rhs": Arg((3, 0))},
        "mismatch": {"matrix": _m(_GENERAL), "rhs": Arg((2, 1))},
        "nonsquare": {"matrix": Arg((3, 2)), "rhs": Arg((3, 1))},
        "batch_mismatch": {"matrix": Arg((2, 3, 3)), "rhs": Arg((4, 3, 1))},
        "fed": {"matrix": _m(_GENERAL, fed=True), "rhs": Arg((3, 2), fed=True)},
    }, tol=_LINALG_TOL),
    Spec("MatrixTriangularSolve", {"zero_diagonal": {"matrix": _m([[1.0, 0.0], [2.0, 0.0]]),
                                                     "rhs": Arg((2, 1))}},
         refused=(), grad=False),
]

# -- Einsum ----------------------------------------------------------------------------------

_EINSUM = {
    "matmul": ("ij,jk->ik", Arg((3, 3), count=2)),
    "rowdot": ("ij,ij->i", Arg((2, 3), count=2)),
    "transposed": ("ij,kj->ik", Arg((2, 3), count=2)),
    "outer": ("i,j->ij", Arg((3,), count=2)),
    "contract_all": ("ij,ij->", Arg((2, 3), count=2)),
    "batch": ("...ij,...jk->...ik", Arg((2, 3, 3), count=2)),
    "batch_labels": ("bij,bjk->bik", Arg((2, 3, 3), count=2)),
    "transpose": ("ij->ji", Arg((2, 3), count=1)),
    "diag": ("ii->i", Arg((3, 3), count=1)),
    "trace": ("ii->", Arg((3, 3), count=1)),
    "sum": ("ij->i", Arg((2, 3), count=1)),
    "ellipsis_mid": ("i...j->j...i", Arg((2, 3, 4), count=1)),
    "empty": ("ij,jk->ik", Arg((0, 0), count=2)),
    "bad_dims": ("ij,jk->ik", Arg((2, 3), count=2)),
    "no_arrow": ("ij,jk", Arg((3, 3), count=2)),
    "bad_count": ("ij,jk->ik", Arg((3, 3), count=1)),
    "bad_label": ("ij,jk->iz", Arg((3, 3), count=2)),
    "bad_rank": ("ij->ji", Arg((2, 3, 4), count=1)),
    "fed": ("ij,jk->ik", Arg((3, 3), count=2, fed=True)),
    "fed_bad_dims": ("ij,jk->ik", Arg((2, 3), count=2, fed=True)),
    "fed_bad_rank": ("ij->ji", Arg((2, 3, 4), count=1, fed=True)),
}
SPECS.append(Spec("Einsum", {name: {"args": {"inputs": arg}, "attrs": {"equation": eq}}
                             for name, (eq, arg) in _EINSUM.items()},
                  tol={"*": (1e-5, 1e-5), "float16": (1e-2, 1e-2), "bfloat16": (3e-2, 5e-2)}))

# -- diagonals and bands -------------------------------------------------------------------

SPECS.append(Spec("Diag", {
    "base": {"diagonal": Arg((3,))},
    "rank2": {"diagonal": Arg((2, 3))},
    "empty": {"diagonal": Arg((0,))},
    "scalar": {"diagonal": Arg(())},
    "fed": {"diagonal": Arg((2, 2), fed=True)},
    "fed_scalar": {"diagonal": Arg((), fed=True)},
}))


def _diag_v3(diagonal, k, rows=-1, cols=-1, align=None, fed_k=False):
    args = {"diagonal": diagonal, "k": _i(k, fed=fed_k), "num_rows": _i(rows),
            "num_cols": _i(cols), "padding_value": Arg(())}
    return {"args": args, "attrs": {"align": align}} if align else args


SPECS.append(Spec("MatrixDiagV3", {
    "base": _diag_v3(Arg((2, 3)), 0),
    "super": _diag_v3(Arg((2, 3)), 1),
    "sub_rows": _diag_v3(Arg((2, 3)), -1, rows=5),
    "rect_cols": _diag_v3(Arg((2,)), 0, rows=3, cols=2),
    "band": _diag_v3(Arg((2, 3, 3)), [-1, 1]),
    "band_left_left": _diag_v3(Arg((3, 3)), [-1, 1], align="LEFT_LEFT"),
    "band_left_right": _diag_v3(Arg((3, 3)), [-1, 1], align="LEFT_RIGHT"),
    "band_right_right": _diag_v3(Arg((3, 3)), [-1, 1], align="RIGHT_RIGHT"),
    "band_rect": _diag_v3(Arg((2, 2)), [0, 1], rows=2, cols=-1),
    "scalar": _diag_v3(Arg(()), 0),
    "band_mismatch": _diag_v3(Arg((3, 3)), [-1, 0]),
    "too_few_rows": _diag_v3(Arg((3,)), 0, rows=2),
    "inconsistent": _diag_v3(Arg((2,)), 0, rows=3, cols=4),
    "fed_k": _diag_v3(Arg((2, 3)), [0, 1], fed_k=True),
    "fed_k_reversed": _diag_v3(Arg((2, 3)), [1, 0], fed_k=True),
}, tol={"*": (1e-6, 1e-6)}))


def _part_v3(x, k, align=None, fed_k=False):
    args = {"input": x, "k": _i(k, fed=fed_k), "padding_value": Arg(())}
    return {"args": args, "attrs": {"align": align}} if align else args


SPECS.append(Spec("MatrixDiagPartV3", {
    "base": _part_v3(Arg((3, 4)), 0),
    "super": _part_v3(Arg((3, 4)), 1),
    "sub": _part_v3(Arg((2, 3, 4)), -2),
    "band": _part_v3(Arg((3, 4)), [-1, 2]),
    "band_left_right": _part_v3(Arg((3, 4)), [-1, 1], align="LEFT_RIGHT"),
    "band_right_right": _part_v3(Arg((4, 3)), [-2, 1], align="RIGHT_RIGHT"),
    "empty": _part_v3(Arg((0, 0)), 0),
    "out_of_bound": _part_v3(Arg((3, 4)), 4),
    "rank1": _part_v3(Arg((4,)), 0),
    "fed_k": _part_v3(Arg((3, 4)), [-1, 1], fed_k=True),
    "fed_out_of_bound": _part_v3(Arg((3, 4)), 5, fed_k=True),
    "fed_reversed": _part_v3(Arg((3, 4)), [2, 1], fed_k=True),
    "fed_three": _part_v3(Arg((3, 4)), [1, 2, 3], fed_k=True),
}))


def _set_v3(x, diagonal, k, align=None, fed=False):
    args = {"input": x, "diagonal": diagonal, "k": _i(k, fed=fed)}
    return {"args": args, "attrs": {"align": align}} if align else args


SPECS.append(Spec("MatrixSetDiagV3", {
    "base": _set_v3(Arg((3, 4)), Arg((3,)), 0),
    "super": _set_v3(Arg((3, 4)), Arg((3,)), 1),
    "band": _set_v3(Arg((3, 4)), Arg((2, 3)), [-1, 0]),
    "band_left_right": _set_v3(Arg((3, 4)), Arg((3, 3)), [-1, 1], align="LEFT_RIGHT"),
    "batch": _set_v3(Arg((2, 3, 3)), Arg((2, 3)), 0),
    "rank1": _set_v3(Arg((4,)), Arg((4,)), 0),
    "wrong_rank": _set_v3(Arg((3, 4)), Arg((2, 3)), 0),
    "fed_bad_diag": _set_v3(Arg((3, 4)), Arg((4,), fed=True), 0),
    "fed_k": _set_v3(Arg((3, 4)), Arg((2, 3)), [0, 1], fed=True),
    "fed_out_of_bound": _set_v3(Arg((3, 4)), Arg((1,)), 5, fed=True),
}))

SPECS.append(Spec("MatrixBandPart", {
    "lower": {"input": Arg((3, 4)), "num_lower": _i(1, "int64"), "num_upper": _i(0, "int64")},
    "all": {"input": Arg((3, 4)), "num_lower": _i(-1, "int64"), "num_upper": _i(-1, "int64")},
    "diagonal": {"input": Arg((2, 3, 3)), "num_lower": _i(0), "num_upper": _i(0)},
    "upper": {"input": Arg((4, 3)), "num_lower": _i(0), "num_upper": _i(2)},
    "rank1": {"input": Arg((3,)), "num_lower": _i(0), "num_upper": _i(0)},
    "fed_too_many": {"input": Arg((3, 4)), "num_lower": _i(5, fed=True),
                     "num_upper": _i(0)},
}, sweep="T"))

# -- scatter, space/depth, set difference ---------------------------------------------------

SPECS.append(Spec("ScatterNd", {
    "base": {"indices": _i([[1], [3], [1]]), "updates": Arg((3,)), "shape": _i([5])},
    "slices": {"indices": _i([[1], [0]]), "updates": Arg((2, 2)), "shape": _i([3, 2])},
    "points": {"indices": _i([[0, 1], [2, 3], [0, 1]], "int64"), "updates": Arg((3,)),
               "shape": _i([3, 4], "int64")},
    "special": {"indices": _i([[i % 4] for i in range(12)]), "updates": Arg((12,),
                                                                          value="special"),
                "shape": _i([4])},
    "empty": {"indices": _i(np.zeros([0, 1], np.int32)), "updates": Arg((0,)),
              "shape": _i([3])},
    "mismatch": {"indices": _i([[1]]), "updates": Arg((2,)), "shape": _i([5])},
    "empty_output": {"indices": _i([[0]]), "updates": Arg((1,)), "shape": _i([0])},
    "fed_out_of_range": {"indices": _i([[1], [7]], fed=True), "updates": Arg((2,)),
                         "shape": _i([5])},
    "fed_negative": {"indices": _i([[-1]], fed=True), "updates": Arg((1,)), "shape": _i([5])},
    "fed_shape": {"indices": _i([[1, 0]]), "updates": Arg((1,)), "shape": _i([2, 2], fed=True)},
}, sweep="T"))

for _op, _shapes in (("SpaceToDepth", ((1, 4, 4, 1), (2, 2, 4, 3), (1, 3, 3, 2))),
                     ("DepthToSpace", ((1, 2, 2, 4), (2, 1, 2, 8), (1, 2, 2, 3)))):
    SPECS.append(Spec(_op, {
        "base": {"args": {"input": Arg(_shapes[0])}, "attrs": {"block_size": 2}},
        "batch": {"args": {"input": Arg(_shapes[1])}, "attrs": {"block_size": 2}},
        "not_divisible": {"args": {"input": Arg(_shapes[2])}, "attrs": {"block_size": 2}},
        "block_one": {"args": {"input": Arg(_shapes[0])}, "attrs": {"block_size": 1}},
        "rank3": {"args": {"input": Arg(_shapes[0][1:])}, "attrs": {"block_size": 2}},
        "fed": {"args": {"input": Arg(_shapes[1], fed=True)}, "attrs": {"block_size": 2}},
        "fed_not_divisible": {"args": {"input": Arg(_shapes[2], fed=True)},
                              "attrs": {"block_size": 2}},
        "fed_rank3": {"args": {"input": Arg(_shapes[0][1:], fed=True)},
                      "attrs": {"block_size": 2}},
    }))

SPECS.append(Spec("ListDiff", {
    "base": {"x": _m([1, 2, 3, 4, 2, 5]), "y": _m([2, 5, 9])},
    "none_removed": {"x": _m([3, 1]), "y": _m([7])},
    "empty": {"x": Arg((0,)), "y": _m([1])},
    "rank2": {"x": Arg((1, 2)), "y": Arg((1,))},
    "fed_rank2": {"x": Arg((1, 2), fed=True), "y": Arg((1,))},
}))

# -- strings ------------------------------------------------------------------------------

_WORDS = [b"", b"a", b"tf", b"\xc3\xa9t\xc3\xa9", b"x y", b"\xff\xfe"]
SPECS.append(Spec("StringJoin", {
    "pair": {"inputs": Arg((2, 3), "string", count=2)},
    "separator": {"args": {"inputs": Arg((3,), "string", count=3)}, "attrs": {"separator": "-"}},
    "scalars": {"args": {"inputs": Arg((), "string", count=2)}, "attrs": {"separator": ", "}},
    "one": {"inputs": Arg((2,), "string", count=1)},
    "empty": {"inputs": Arg((0, 2), "string", count=2)},
    "fed": {"args": {"inputs": Arg((2,), "string", count=2, fed=True)},
            "attrs": {"separator": "|"}},
    "ints": {"inputs": Arg((2,), "int32", count=2)},
}, sweep=None, grad=False))
SPECS.append(Spec("StringLength", {
    "bytes": {"input": _s(_WORDS)},
    "utf8": {"args": {"input": _s(_WORDS)}, "attrs": {"unit": "UTF8_CHAR"}},
    "rank2": {"input": Arg((2, 3), "string")},
    "scalar": {"input": _s(b"hello")},
    "fed": {"args": {"input": _s([[b"ab", b"\xc3\xa9"]], fed=True)},
            "attrs": {"unit": "UTF8_CHAR"}},
    "bad_unit": {"args": {"input": _s([b"a"])}, "attrs": {"unit": "CHAR"}},
    "ints": {"input": Arg((2,), "int32")},
}, sweep=None, grad=False))

# -- programs: TF's composites and the namespaces --------------------------------------------

_X = np.array([[1.5, -2.0, 0.5], [3.0, 0.25, -1.0]], np.float32)


def _with_grads(tf, out, xs):
    """`out` plus d(sum of each float output)/d(xs), named `<name>_grad<i>`."""
    for name in sorted(out):
        if out[name].dtype.base_dtype.is_floating:
            for i, g in enumerate(tf.gradients(out[name], xs)):
                if g is not None:
                    out["%s_grad%d" % (name, i)] = tf.convert_to_tensor(g)
    return out


def _moments(tf):
    x = tf.constant(_X)
    c = tf.constant(_X.astype(np.complex64) * (1 + 0.5j))
    out = {"std": tf.math.reduce_std(x), "var0": tf.math.reduce_variance(x, axis=0),
           "var_keep": tf.math.reduce_variance(x, axis=1, keepdims=True),
           "std_neg": tf.math.reduce_std(x, axis=-1), "var_complex": tf.math.reduce_variance(c),
           "std_complex": tf.math.reduce_std(c, axis=0),
           "var64": tf.math.reduce_variance(tf.constant(_X, tf.float64), axis=[0, 1])}
    return _with_grads(tf, out, [x]), {}


def _moments_int(tf):
    return {"var": tf.math.reduce_variance(tf.constant([1, 2, 3]))}, {}


def _tensordot(tf):
    a = tf.constant(np.arange(24, dtype=np.float32).reshape(2, 3, 4) / 7.0)
    b = tf.constant(np.arange(12, dtype=np.float32).reshape(4, 3) / 5.0 - 1.0)
    ph = tf.placeholder(tf.float32, [None, 3, 4])
    unknown = tf.placeholder(tf.float32)
    out = {"axes1": tf.tensordot(a, b, axes=1), "axes0": tf.tensordot(b[0], b[1], axes=0),
           "pairs": tf.tensordot(a, b, axes=[[1, 2], [1, 0]]),
           "scalar_pairs": tf.tensordot(a, b, axes=(2, 0)),
           "all": tf.tensordot(b, b, axes=2), "matrix": tf.linalg.tensordot(b, b, [[0], [0]]),
           "partial": tf.tensordot(ph, b, axes=1), "unknown": tf.tensordot(unknown, b, axes=1),
           "tensor_axes": tf.tensordot(a, b, axes=tf.constant([[2], [0]]))}
    feeds = {ph: np.ones([2, 3, 4], np.float32), unknown: np.ones([5, 4], np.float32)}
    return _with_grads(tf, out, [a, b]), feeds


def _norm(tf):
    x = tf.constant(_X)
    v = tf.constant([3.0, -4.0, 12.0])
    c = tf.constant([3 + 4j, 1 - 1j], tf.complex64)
    out = {"euclid": tf.norm(x), "vec": tf.norm(v), "l1": tf.norm(v, ord=1),
           "inf": tf.norm(v, ord=np.inf), "p3": tf.norm(v, ord=3), "axis": tf.norm(x, axis=1),
           "axis_keep": tf.norm(x, axis=0, keepdims=True), "fro": tf.norm(x, "fro", [0, 1]),
           "mat1": tf.norm(x, ord=1, axis=[0, 1]), "matinf": tf.norm(x, ord=np.inf, axis=(0, 1)),
           "keep_dims": tf.norm(x, keep_dims=True), "complex": tf.linalg.norm(c)}
    return _with_grads(tf, out, [x, v]), {}


def _eye(tf):
    n = tf.placeholder(tf.int32, [])
    return {"square": tf.eye(3), "rect": tf.eye(2, 3), "tall": tf.linalg.eye(3, 2),
            "batch": tf.eye(2, batch_shape=[2]), "int": tf.eye(2, dtype=tf.int32),
            "tensor": tf.eye(n, 3), "bool": tf.eye(2, dtype=tf.bool)}, {n: 2}


def _sort(tf):
    v = tf.constant([3.0, -1.0, 2.0, -1.0, np.inf, 0.0])
    m = tf.constant([[3, 1, 2], [1, 3, 3], [-5, 0, 7]], tf.int32)
    u = tf.constant([3, 0, 255, 7], tf.uint8)
    out = {"asc": tf.sort(v), "desc": tf.sort(v, direction="DESCENDING"),
           "argsort": tf.argsort(v), "argsort_desc": tf.argsort(v, direction="DESCENDING"),
           "int": tf.sort(m), "int_axis0": tf.sort(m, axis=0), "int_argsort0": tf.argsort(m, 0),
           "uint8": tf.sort(u), "uint8_arg": tf.argsort(u, stable=True),
           "int_desc": tf.sort(m, axis=-1, direction="DESCENDING")}
    return _with_grads(tf, out, [v]), {}


def _einsum_public(tf):
    a = tf.constant(_X)
    b = tf.constant(_X.T * 2.0)
    c = tf.constant([1.0, -2.0, 0.5])
    out = {"matmul": tf.einsum("ij,jk->ik", a, b), "implicit": tf.einsum("ij,jk", a, b),
           "three": tf.einsum("ij,jk,k->i", a, b, c[:2]), "spaces": tf.einsum("i j -> j i", a),
           "ellipsis": tf.einsum("...j,j->...", a, c), "outer": tf.linalg.einsum("i,j", c, c),
           "sum_implicit": tf.einsum("ii", tf.matmul(a, b))}
    return _with_grads(tf, out, [a, b, c]), {}


def _diagonals(tf):
    x = tf.constant(np.arange(24, dtype=np.float32).reshape(2, 3, 4) - 5.0)
    d = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    out = {"diag": tf.linalg.diag(d), "matrix_diag_k": tf.matrix_diag(d, k=1),
           "diag_part": tf.linalg.diag_part(x), "diag_part_band": tf.matrix_diag_part(x, k=(-1, 1)),
           "set_diag": tf.linalg.set_diag(x, d), "set_diag_k": tf.matrix_set_diag(x, d, k=1),
           "band_part": tf.linalg.band_part(x, 1, 0), "matrix_band_part": tf.matrix_band_part(
               x, -1, 1), "trace": tf.linalg.trace(x), "tf_trace": tf.trace(x[0]),
           "tensor_diag": tf.linalg.tensor_diag([1.0, 2.0]), "tf_diag": tf.diag(d),
           "tensor_diag_part": tf.linalg.tensor_diag_part(tf.eye(3) * 2.0),
           "bool_diag": tf.matrix_diag([True, False])}
    return _with_grads(tf, out, [x, d]), {}


def _solvers(tf):
    a = tf.constant(_PD)
    rhs = tf.constant([[1.0, 0.0], [2.0, -1.0], [0.5, 3.0]])
    chol = tf.cholesky(a)
    out = {"cholesky_solve": tf.cholesky_solve(chol, rhs),
           "linalg_cholesky_solve": tf.linalg.cholesky_solve(chol, rhs),
           "logdet": tf.linalg.logdet(a), "slogdet": tf.linalg.slogdet(a)[1],
           "matvec": tf.linalg.matvec(a, rhs[:, 0]), "adjoint": tf.linalg.adjoint(rhs),
           "solve": tf.linalg.solve(a, rhs), "inv": tf.linalg.inv(a), "det": tf.linalg.det(a),
           "triangular": tf.linalg.triangular_solve(chol, rhs),
           "matrix_triangular": tf.matrix_triangular_solve(chol, rhs, lower=True, adjoint=True),
           "inverse_adj": tf.matrix_inverse(a, True),
           "transpose": tf.linalg.transpose(rhs), "matmul": tf.linalg.matmul(a, rhs)}
    return _with_grads(tf, out, [a, rhs]), {}


def _not_positive_definite(dtypes):
    """The lower triangle of failed factorisations (TF leaves the upper one uninitialised)."""
    def build(tf):
        out = {}
        for dtype in dtypes:
            chol = tf.cholesky(tf.constant([[-1.0, 0.0], [0.5, -1.0]], getattr(tf, dtype)))
            out[dtype] = tf.matrix_band_part(chol, -1, 0)
        return out, {}
    return build


def _arg_ops(tf):
    v = tf.constant([[1.0, -2.0, 3.0], [0.0, 5.0, -6.0]])
    return {"arg_min": tf.arg_min(v, 0), "arg_max": tf.arg_max(v, 1),
            "arg_max32": tf.arg_max(v, 0, output_type=tf.int32),
            "math_argmax": tf.math.argmax(v, axis=1), "math_argmin": tf.math.argmin(v)}, {}


def _setdiff(tf):
    x = tf.constant([5, 1, 4, 1, 9])
    out, idx = tf.setdiff1d(x, [1, 9])
    return {"out": out, "idx": idx}, {}


def _strings(tf):
    s = tf.constant(["a", "bc"])
    out = {"join": tf.string_join([s, "x"], separator="-"),
           "strings_join": tf.strings.join([["p", "q"], s]),
           "join_scalar": tf.strings.join(["a", "b", "c"], separator=" "),
           "length": tf.strings.length(tf.constant(["abc", "", "\u00e9"])),
           "length_utf8": tf.strings.length(["\u00e9t\u00e9", "ab"], unit="UTF8_CHAR"),
           "format": tf.strings.format("x={} y={}", [tf.constant(3), s])}
    return out, {}


def _space_depth(tf):
    x = tf.reshape(tf.range(32.0), [2, 2, 4, 2])
    y = tf.space_to_depth(x, 2)
    out = {"s2d": y, "d2s": tf.depth_to_space(y, 2),
           "round_trip_equal": tf.reduce_all(tf.equal(tf.depth_to_space(y, 2), x)),
           "scatter_nd": tf.scatter_nd([[0, 1], [1, 0]], [5.0, 6.0], [2, 2])}
    return _with_grads(tf, out, [x]), {}


def _random_namespace(tf):
    tf.set_random_seed(3)
    u = tf.random.uniform([2, 3], seed=1)
    n = tf.random.normal([4], seed=2)
    t = tf.random.truncated_normal([3, 1], seed=3)
    s = tf.random.shuffle(tf.range(5), seed=4)
    m = tf.random.multinomial(tf.log([[0.5, 0.5]]), 3, seed=5)
    return {"uniform_shape": tf.shape(u), "normal_shape": tf.shape(n),
            "truncated_shape": tf.shape(t), "shuffled": tf.sort(s),
            "multinomial_shape": tf.shape(m),
            "uniform_in_range": tf.reduce_all((u >= 0.0) & (u < 1.0)),
            "same_object": tf.constant(tf.random.uniform is tf.random_uniform)}, {}


def _math_namespace(tf):
    x = tf.constant([0.5, -1.5, 2.0])
    out = {"log1p": tf.math.log1p(x + 2.0), "segment_sum": tf.math.segment_sum(x, [0, 0, 1]),
           "unsorted_max": tf.math.unsorted_segment_max(x, [1, 0, 1], 2),
           "unsorted_mean": tf.math.unsorted_segment_mean(x, [1, 0, 1], 3),
           "unsorted_sqrt_n": tf.math.unsorted_segment_sqrt_n(x, [1, 1, 1], 2),
           "divide_no_nan": tf.math.divide_no_nan(x, [0.0, 2.0, 4.0]),
           "top_k": tf.math.top_k(x, 2).values, "softplus": tf.math.softplus(x),
           "in_top_k": tf.math.in_top_k([[0.1, 0.9]], [1], 1),
           "l2_normalize": tf.math.l2_normalize(x), "zero_fraction": tf.math.zero_fraction(x),
           "reduce_euclidean_norm": tf.math.reduce_euclidean_norm(x),
           "cumsum": tf.math.cumsum(x), "squared_difference": tf.math.squared_difference(x, 1.0)}
    return out, {}


PROGRAMS = [
    Program("reduce_std_variance", _moments),
    Program("reduce_variance_int", _moments_int),
    Program("tensordot", _tensordot, covers=("ListDiff",), tol=(1e-5, 1e-5)),
    Program("norm", _norm, tol=(1e-5, 1e-5)),
    Program("eye", _eye),
    Program("sort_argsort", _sort),
    Program("einsum_public", _einsum_public, tol=(1e-5, 1e-5)),
    Program("diagonals", _diagonals),
    Program("solvers", _solvers, tol=(1e-4, 1e-5)),
    Program("cholesky_not_pd", _not_positive_definite(("float32", "float64"))),
    Program("cholesky_not_pd_complex", _not_positive_definite(("complex64", "complex128"))),
    Program("arg_min_max", _arg_ops),
    Program("setdiff1d", _setdiff),
    Program("strings_public", _strings),
    Program("space_depth_public", _space_depth),
    Program("random_namespace", _random_namespace),
    Program("math_namespace", _math_namespace),
]
