"""Programs for the public API of issue 12's linear-algebra and array names: tf.linalg's
decompositions and composites (svd, eigh, lu and its helpers, lstsq, sqrtm, logm, expm, pinv,
matrix_rank, normalize, tridiagonal ops), tf.bitwise, tf.sets, tf.manip, the tensor scatters,
partitions/stitches, searchsorted, meshgrid, repeat and friends, with their gradients.

Decompositions are unique only up to signs (phases), which LAPACK builds may choose
differently: programs fetch what must agree (singular values, reconstructions, |vectors|).
"""
import numpy as np
from harness import Program

_F = [[4.0, 1.0, 2.0], [0.5, 5.0, 1.0], [2.0, -1.0, 6.0]]
_PD = [[4.0, 1.0, 0.5], [1.0, 3.0, 0.25], [0.5, 0.25, 2.0]]
_TALL = [[1.0, 2.0], [3.0, 4.0], [5.0, 7.0]]
_LINALG_TOL = (1e-4, 1e-4)


# -- tensor scatters ---------------------------------------------------------------------------

def _tensor_scatters(tf):
    x = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    idx = tf.constant([[0], [2]])
    upd = tf.constant([[10.0, -1.0], [0.5, 7.0]])
    out = {"update": tf.tensor_scatter_nd_update(x, idx, upd),
           "add": tf.tensor_scatter_nd_add(x, idx, upd),
           "sub": tf.tensor_scatter_nd_sub(x, idx, upd),
           "max": tf.tensor_scatter_nd_max(x, idx, upd),
           "min": tf.tensor_scatter_nd_min(x, idx, upd),
           "old_update": tf.tensor_scatter_update(x, [[1, 1]], [9.0]),
           "old_add": tf.tensor_scatter_add(x, [[1, 1], [1, 1]], [9.0, 1.0]),
           "old_sub": tf.tensor_scatter_sub(x, [[0, 0]], [1.0]),
           "int": tf.tensor_scatter_nd_add(tf.constant([1, 2, 3]), [[2], [0]], [5, 6]),
           "empty": tf.tensor_scatter_nd_update(x, tf.zeros([0, 1], tf.int32),
                                                tf.zeros([0, 2]))}
    total = tf.reduce_sum(out["update"] * 2.0 + out["add"] + out["sub"] * 3.0 + out["max"]
                          + out["min"])
    out["grad_x"], out["grad_upd"] = tf.gradients(total, [x, upd])
    return out, {}


def _tensor_scatter_bad_index(tf):
    return {"bad": tf.tensor_scatter_nd_update([1, 2], [[5]], [1])}, {}


def _fed(tf, value, dtype=None):
    """`value` through a placeholder_with_default of unknown dims: checked at run time."""
    value = np.asarray(value, dtype)
    return tf.placeholder_with_default(value, [None] * value.ndim)


def _run_error(make):
    """A program whose one fetch fails when run (kernel checks)."""
    def build(tf):
        return {"out": make(tf)}, {}
    return build


_RUN_ERRORS = {
    "tensor_scatter_inner_mismatch": lambda tf: tf.tensor_scatter_nd_update(
        _fed(tf, [[1.0, 2.0]], np.float32), _fed(tf, [[0]], np.int32),
        _fed(tf, [[1.0, 2.0, 3.0]], np.float32)),
    "tensor_scatter_static_mismatch": lambda tf: tf.tensor_scatter_nd_update(
        [[1.0, 2.0]], [[0]], [[1.0, 2.0, 3.0]]),
    "stitch_missing_index": lambda tf: tf.dynamic_stitch([_fed(tf, [0, 2], np.int32)],
                                                         [_fed(tf, [1.0, 2.0], np.float32)]),
    "unravel_out_of_bound": lambda tf: tf.unravel_index(_fed(tf, [7], np.int32), [2, 3]),
    "partition_out_of_range": lambda tf: tf.dynamic_partition(
        [1.0, 2.0], _fed(tf, [0, 2], np.int32), 2)[0],
    "cross_not_3": lambda tf: tf.cross(_fed(tf, [[1.0, 2.0]], np.float32),
                                       _fed(tf, [[1.0, 2.0]], np.float32)),
    "tridiagonal_rhs_rows": lambda tf: tf.linalg.tridiagonal_solve(
        _fed(tf, [[1.0, 2.0], [1.0, 1.0], [0.0, 1.0]], np.float32),
        _fed(tf, [[1.0], [2.0], [3.0]], np.float32)),
    "sets_rank_1": lambda tf: tf.sets.union([1, 2], [2]).values,
    "broadcast_args_incompatible": lambda tf: tf.broadcast_dynamic_shape(
        _fed(tf, [2, 3], np.int32), _fed(tf, [4], np.int32)),
}


# -- partitions, stitches, searching, reshaping ----------------------------------------------

def _partition_stitch(tf):
    data = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0], [7.0, 8.0]])
    parts = tf.dynamic_partition(data, [1, 0, 1, 2], 3)
    # no concat of the partitions on the gradient's way: TF's ConcatV2 gradient fails on their
    # unknown shapes ("Expected size[0] in [0, 0]")
    stitched = tf.dynamic_stitch([[1, 3], [0], [2]], [parts[1], parts[0], parts[2]])
    y, idx, count = tf.unique_with_counts([4, 1, 4, 2, 1, 4])
    y64 = tf.unique_with_counts(tf.constant([0.5, 0.5, -1.0]), out_idx=tf.int64)
    out = {"p0": parts[0], "p1": parts[1], "p2": parts[2], "stitched": stitched,
           "stitch_dup": tf.dynamic_stitch([[0, 1], [1]], [[1.0, 2.0], [3.0]]),
           "uy": y, "uidx": idx, "ucount": count, "u64_idx": y64.idx, "u64_count": y64.count,
           "u64_y": y64.y}
    loss = tf.reduce_sum(parts[1] * 3.0) + tf.reduce_sum(stitched * stitched)
    out["grad"] = tf.gradients(loss, data)[0]
    return out, {}


def _search_unravel(tf):
    seq = tf.constant([[0.0, 1.0, 3.0, 3.0, 7.0], [2.0, 4.0, 6.0, 8.0, 10.0]])
    vals = tf.constant([[3.0, -1.0, 8.0], [6.0, 11.0, 2.0]])
    return {"left": tf.searchsorted(seq, vals),
            "right": tf.searchsorted(seq, vals, side="right"),
            "int64": tf.searchsorted([1, 2, 2, 5], [2, 6], out_type=tf.int64),
            "unravel": tf.unravel_index([1, 5, 4], [2, 3]),
            "unravel_scalar": tf.unravel_index(7, [2, 2, 2]),
            "bcast": tf.broadcast_dynamic_shape([2, 1, 3], [4, 1]),
            "bcast_static": tf.constant(
                tf.broadcast_static_shape(tf.TensorShape([2, 1, 3]),
                                          tf.TensorShape([4, 1])).as_list()),
            "dimension_value": tf.constant(tf.dimension_value(tf.TensorShape([5, 6])[1])),
            "dimension_at_index": tf.constant(
                tf.dimension_at_index(tf.TensorShape([5, 6]), 0).value),
            "bitcast": tf.bitcast(tf.constant([1.0, -2.0]), tf.int32),
            "bitcast_split": tf.bitcast(tf.constant([1, 256], tf.int32), tf.uint8),
            "bitcast_join": tf.bitcast(tf.constant([[1, 0], [0, 1]], tf.int16), tf.int32)}, {}


def _grids_and_repeats(tf):
    x = tf.constant([1.0, 2.0, 3.0])
    m = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    gx, gy = tf.meshgrid(x, [10.0, 20.0])
    ix, iy, iz = tf.meshgrid([1, 2], [3, 4, 5], [6], indexing="ij")
    # fed rows: tfcompat would fold the constant graph to a static length TF leaves unknown
    rep = tf.repeat(tf.placeholder_with_default(m, [None, 2]), [1, 3], axis=0)
    out = {"gx": gx, "gy": gy, "ix": ix, "iy": iy, "iz": iz,
           "rep_flat": tf.repeat(m, 2), "rep_axis": rep, "rep_cols": tf.repeat(m, [0, 2], axis=1),
           "rep_zero": tf.repeat(x, 0),
           "roll": tf.roll(m, 1, 0), "roll2": tf.manip.roll(m, [1, -3], [0, 1]),
           "roll_neg": tf.roll(x, -4, -1),
           "reverse_v2": tf.reverse_v2(m, [1]), "manip_reverse": tf.manip.reverse(m, [0, 1]),
           "batch_gather": tf.batch_gather([[1, 2, 3], [4, 5, 6]], [[2, 0], [1, 1]]),
           }
    loss = tf.reduce_sum(gx * gy) + tf.reduce_sum(rep * rep) + tf.reduce_sum(
        tf.roll(m, 1, 1) * [[1.0, 2.0], [3.0, 4.0]])
    out["grad_x"], out["grad_m"] = tf.gradients(loss, [x, m])
    return out, {}


def _approx_top_k(tf):
    # one ApproxTopK a graph: TF 2.21 runs only the first of a graph on CPU (known_differences)
    return {"values": tf.approx_top_k(tf.constant([[1.0, 5.0, 3.0, 4.0]]), 2)[0]}, {}


def _approx_top_k_min(tf):
    return {"indices": tf.approx_top_k([[1.0, 5.0, 3.0, 4.0]], 2, is_max_k=False)[1]}, {}


def _batch_scatter_update(tf):
    v = tf.Variable([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    w = tf.Variable([[[1, 2], [3, 4]], [[5, 6], [7, 8]]])
    update = tf.batch_scatter_update(v, [[2, 0], [1, 1]], [[10.0, 20.0], [30.0, 40.0]])
    update_3d = tf.batch_scatter_update(w, [[[1], [0]], [[0], [1]]], [[[9], [8]], [[7], [6]]])
    steps = [update, update_3d]
    return {"v": v.read_value(), "w": w.read_value()}, {}, \
        [tf.global_variables_initializer()] + steps


def _manip_namespace(tf):
    x = tf.reshape(tf.range(16.0), [1, 4, 4, 1])
    s2b = tf.manip.space_to_batch_nd(x, [2, 2], [[0, 0], [0, 0]])
    return {"s2b": s2b, "b2s": tf.manip.batch_to_space_nd(s2b, [2, 2], [[0, 0], [0, 0]]),
            "gather_nd": tf.manip.gather_nd([[1, 2], [3, 4]], [[1, 0], [0, 1]]),
            "reshape": tf.manip.reshape(tf.range(6), [3, -1]),
            "tile": tf.manip.tile([[1, 2]], [2, 2]),
            "scatter_nd": tf.manip.scatter_nd([[1], [3]], [5, 6], [5])}, {}


# -- bitwise and sets ----------------------------------------------------------------------------

def _bitwise(tf):
    a = tf.constant([1, -8, 5, 127], tf.int8)
    b = tf.constant([9, -1, 2, 1], tf.int8)
    u = tf.constant([1, 200, 0, 255], tf.uint8)
    i64 = tf.constant([12, -3], tf.int64)
    return {"and": tf.bitwise.bitwise_and(a, b), "or": tf.bitwise.bitwise_or(a, b),
            "xor": tf.bitwise.bitwise_xor(a, b), "invert": tf.bitwise.invert(a),
            "lshift": tf.bitwise.left_shift(a, b), "rshift": tf.bitwise.right_shift(a, b),
            "u_lshift": tf.bitwise.left_shift(u, tf.constant([9, 1, 3, 7], tf.uint8)),
            "u_rshift": tf.bitwise.right_shift(u, tf.constant([9, 1, 3, 7], tf.uint8)),
            "u_invert": tf.bitwise.invert(u),
            "i64_bcast": tf.bitwise.bitwise_xor(i64, tf.constant([[1], [2]], tf.int64)),
            "i64_shift": tf.bitwise.left_shift(i64, tf.constant(62, tf.int64))}, {}


def _population_count(tf):
    # the bits set in each element (uint8 for every integer type); raw_ops as bit-packed codes use it
    pop = tf.raw_ops.PopulationCount
    return {"i8": pop(x=tf.constant([0, -1, 127, -128], tf.int8)),
            "u16": pop(x=tf.constant([0, 65535, 4096], tf.uint16)),
            "i32": pop(x=tf.constant([[7, -1], [1 << 30, 0]], tf.int32)),
            "i64": pop(x=tf.constant([-1, 1 << 40, 12345678901], tf.int64)),
            "u64": pop(x=tf.constant([2 ** 64 - 1, 2 ** 63], tf.uint64)),
            "empty": pop(x=tf.zeros([0, 3], tf.int16))}, {}

def _sparse(tf, indices, values, shape):
    return tf.SparseTensor(tf.constant(indices, tf.int64), values, tf.constant(shape, tf.int64))


def _sets(tf):
    a = [[1, 2, 2, 5], [3, 3, 3, 4]]
    b = [[2, 1, 7, 7], [4, 3, 1, 1]]
    sa = _sparse(tf, [[0, 0], [0, 1], [2, 0]], tf.constant([1, 3, 2]), [3, 2])
    sb = _sparse(tf, [[0, 0], [1, 1], [2, 0]], tf.constant([3, 1, 2]), [3, 2])
    results = {"inter": tf.sets.intersection(a, b), "union": tf.sets.union(a, b),
               "diff": tf.sets.difference(a, b), "rdiff": tf.sets.difference(a, b, aminusb=False),
               "set_inter": tf.sets.set_intersection(sa, sb),
               "set_union": tf.sets.set_union(sa, [[1, 5], [6, 6], [9, 8]]),
               "set_diff": tf.sets.set_difference([[1, 5], [6, 6], [9, 8]], sa),
               "diff_flip": tf.sets.difference(sa, [[1, 5], [6, 6], [9, 8]]),
               "strings": tf.sets.union(tf.constant([[[b"a", b"b"]]]),
                                        tf.constant([[[b"c", b"a"]]]))}
    out = {}
    for key, st in results.items():
        out[key + "_i"], out[key + "_v"], out[key + "_s"] = st.indices, st.values, st.dense_shape
    out["size"] = tf.sets.size(sa)
    out["set_size"] = tf.sets.set_size(_sparse(tf, [[0, 0, 0], [0, 0, 1], [1, 1, 0]],
                                               tf.constant([7, 7, 2]), [2, 2, 2]))
    return out, {}


# -- decompositions ------------------------------------------------------------------------------

def _svd_eigh(tf):
    x = tf.constant(_F)
    tall = tf.constant(_TALL, tf.float64)
    s, u, v = tf.svd(x)
    s2, u2, v2 = tf.linalg.svd(tall, full_matrices=True)
    e, w = tf.self_adjoint_eig(tf.constant(_PD))
    e2, w2 = tf.linalg.eigh(tf.constant([_PD, _PD], tf.float64) * [[[1.0]], [[2.0]]])
    out = {"s": s, "recon": tf.matmul(u * s[None, :], v, transpose_b=True),
           "s_only": tf.svd(tall, compute_uv=False), "s2": s2, "u2_abs": tf.abs(u2[:, :2]),
           "u2_shape": tf.shape(u2), "v2_abs": tf.abs(v2),
           "e": e, "w_abs": tf.abs(w), "e_only": tf.self_adjoint_eigvals(tf.constant(_PD)),
           "e2": e2, "w2_abs": tf.abs(w2),
           "eigvalsh": tf.linalg.eigvalsh(tf.constant([[2.0, 1.0], [1.0, 2.0]])),
           "eig_recon": tf.matmul(w * e[None, :], w, transpose_b=True),
           "empty_s": tf.svd(tf.zeros([2, 0, 3]), compute_uv=False),
           # complex: Svd's values come back real (TF's wrapper), eigenvalues complex (T)
           "s_complex": tf.svd(tf.constant([[1 + 1j, 2.0], [0.5j, 3.0]], tf.complex64),
                               compute_uv=False),
           "e_complex": tf.self_adjoint_eigvals(tf.constant([[2.0, 1j], [-1j, 3.0]],
                                                            tf.complex64)),
           "e_tridiagonal_complex": tf.linalg.eigh_tridiagonal(
               tf.constant([1.0, 2.0], tf.complex64), tf.constant([1j], tf.complex64))}
    y = tf.constant(_PD)
    out["grad_s"] = tf.gradients(tf.reduce_sum(tf.svd(x, compute_uv=False)), x)[0]
    out["grad_e"] = tf.gradients(tf.reduce_sum(tf.self_adjoint_eigvals(y) * [1.0, 2.0, 3.0]),
                                 y)[0]
    # sign-invariant functions of the vectors: their gradients must agree too
    weights = tf.constant([[1.0, 2.0, 3.0], [0.5, -1.0, 2.0], [1.5, 0.0, -2.0]])
    s3, u3, _ = tf.svd(x)
    out["grad_uv"] = tf.gradients(tf.reduce_sum(
        tf.matmul(u3 * s3[None, :] ** 2, u3, transpose_b=True) * weights), x)[0]
    e3, w3 = tf.self_adjoint_eig(y)
    out["grad_wv"] = tf.gradients(tf.reduce_sum(
        tf.matmul(w3 * tf.exp(e3)[None, :], w3, transpose_b=True) * weights), y)[0]
    return out, {}


def _lu_family(tf):
    a = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 10.0]])
    batch = tf.constant([_F, _PD], tf.float64)
    lu, p = tf.linalg.lu(a)
    blu, bp = tf.linalg.lu(batch)
    rhs = tf.constant([[1.0], [2.0], [3.0]])
    out = {"lu": lu, "p": p, "blu": blu, "bp": bp,
           "p64": tf.linalg.lu(a, output_idx_type=tf.int64).p,
           "reconstruct": tf.linalg.lu_reconstruct(lu, p),
           "breconstruct": tf.linalg.lu_reconstruct(blu, bp),
           "solve": tf.linalg.lu_solve(lu, p, rhs),
           "inverse": tf.linalg.lu_matrix_inverse(lu, p),
           "binverse": tf.linalg.lu_matrix_inverse(blu, bp)}
    out["grad_rhs"] = tf.gradients(tf.reduce_sum(tf.linalg.lu_solve(lu, p, rhs)), rhs)[0]
    return out, {}


def _lu_no_gradient(tf):
    a = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    return {"grad": tf.gradients(tf.reduce_sum(tf.linalg.lu(a).lu), a)[0]}, {}


def _least_squares(tf):
    a = tf.constant(_TALL)
    b = tf.constant([[1.0], [2.0], [2.5]])
    wide = tf.constant([[1.0, 2.0, 0.5], [0.0, 1.0, 3.0]], tf.float64)
    out = {"fast": tf.matrix_solve_ls(a, b), "l2": tf.matrix_solve_ls(a, b, l2_regularizer=0.5),
           "slow": tf.matrix_solve_ls(a, b, fast=False),
           "slow_l2": tf.matrix_solve_ls(a, b, l2_regularizer=0.5, fast=False),
           "lstsq_wide": tf.linalg.lstsq(wide, tf.constant([[1.0], [2.0]], tf.float64)),
           "pinv": tf.linalg.pinv(a), "pinv_singular": tf.linalg.pinv([[1.0, 2.0], [2.0, 4.0]]),
           "pinv_rcond": tf.linalg.pinv(wide, rcond=0.5),
           "rank": tf.linalg.matrix_rank([[1.0, 2.0], [2.0, 4.0]]),
           "rank_batch": tf.linalg.matrix_rank(tf.constant([_F, [[1.0, 0, 0], [0, 0, 0],
                                                                  [0, 0, 0]]], tf.float64)),
           "rank_tol": tf.linalg.matrix_rank(tf.constant(_F), tol=3.0)}
    n, norm = tf.linalg.normalize([[3.0, 4.0], [6.0, 8.0]], axis=1)
    n2, norm2 = tf.linalg.normalize([[3.0, 4.0], [0.0, 12.0]], ord=1)
    out.update({"normalized": n, "norm": norm, "normalized_l1": n2, "norm_l1": norm2})
    out["grad"] = tf.gradients(tf.reduce_sum(out["fast"]) + tf.reduce_sum(out["pinv"]), a)[0]
    return out, {}


def _matrix_functions(tf):
    a = tf.constant([[4.0, 1.0], [0.0, 9.0]])
    rot = tf.constant([[0.0, 1.0], [-1.0, 0.0]])
    big = tf.constant([[1.0, 2.0], [-3.0, 4.0]], tf.float64) * 3.0
    c = tf.constant([[1.0, 2.0], [0.0, 3.0]], tf.complex64)
    out = {"sqrtm": tf.matrix_square_root(a), "sqrtm_alias": tf.linalg.sqrtm(tf.constant(_PD)),
           "sqrtm_neg": tf.linalg.sqrtm([[1.0, 2.0], [3.0, 4.0]]),
           "expm_rot": tf.linalg.expm(rot), "expm_big": tf.linalg.expm(big),
           "expm_big32": tf.linalg.expm(tf.constant([[1.0, 2.0], [-3.0, 4.0]]) * 3.0),
           "expm_batch": tf.linalg.expm(tf.constant([_PD, _F]) * 0.1),
           "expm_zero": tf.linalg.expm(tf.zeros([3, 3])),
           "logm_re": tf.math.real(tf.linalg.logm(c)), "logm_im": tf.math.imag(tf.linalg.logm(c)),
           "cross": tf.cross([1.0, 2.0, 3.0], [4.0, 5.0, 6.0]),
           "cross_batch": tf.linalg.cross([[1, 0, 0], [0, 1, 0]], [[0, 1, 0], [0, 0, 1]])}
    u = tf.constant([[1.0, 2.0, 3.0]])
    v = tf.constant([[0.5, -1.0, 2.0]])
    out["grad_cross"] = tf.gradients(tf.reduce_sum(tf.cross(u, v) * [[1.0, 2.0, 3.0]]), u)[0]
    out["grad_expm"] = tf.gradients(tf.reduce_sum(tf.linalg.expm(rot * 0.5)), rot)[0]
    out["grad_sqrtm"] = tf.gradients(tf.reduce_sum(tf.linalg.sqrtm(a)), a)[0]
    return out, {}


def _tridiagonal(tf):
    diags = tf.constant([[2.0, 1.0, 0.0], [4.0, 5.0, 6.0], [0.0, 1.0, 3.0]])
    rhs = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    matrix = tf.constant([[4.0, 2.0, 0.0], [1.0, 5.0, 1.0], [0.0, 3.0, 6.0]])
    seq = [diags[0], diags[1], diags[2]]
    out = {"matmul": tf.linalg.tridiagonal_matmul(diags, rhs),
           "matmul_seq": tf.linalg.tridiagonal_matmul(seq, rhs, diagonals_format="sequence"),
           "matmul_matrix": tf.linalg.tridiagonal_matmul(matrix, rhs, diagonals_format="matrix"),
           "solve": tf.linalg.tridiagonal_solve(diags, rhs),
           "solve_vec": tf.linalg.tridiagonal_solve(diags, tf.constant([1.0, 2.0, 3.0])),
           "solve_matrix": tf.linalg.tridiagonal_solve(matrix, rhs, diagonals_format="matrix"),
           "solve_seq": tf.linalg.tridiagonal_solve(seq, rhs, diagonals_format="sequence"),
           "solve_t": tf.linalg.tridiagonal_solve(diags, tf.transpose(rhs), transpose_rhs=True),
           "solve_singular": tf.linalg.tridiagonal_solve(
               tf.constant([[1.0, 1.0, 0.0], [0.0, 0.0, 0.0], [0.0, 1.0, 1.0]]), rhs),
           "eigh_tri": tf.linalg.eigh_tridiagonal([1.0, 2.0, 3.0], [0.5, 0.5]),
           "eigh_tri_i": tf.linalg.eigh_tridiagonal([1.0, 2.0, 3.0], [0.5, 0.5], select="i",
                                                    select_range=[1, 2])}
    loss = tf.reduce_sum(out["matmul"]) + tf.reduce_sum(out["solve"])
    out["grad_d"], out["grad_rhs"] = tf.gradients(loss, [diags, rhs])
    return out, {}


# -- names provided earlier (issue 12 coverage) -------------------------------------------------

def _array_provided(tf):
    x = tf.reshape(tf.range(8.0), [1, 2, 4, 1])
    s2b = tf.space_to_batch(x, [[0, 0], [0, 0]], block_size=2)
    s2bnd = tf.space_to_batch_nd(x, [1, 2], [[0, 0], [0, 2]])
    pads, crops = tf.required_space_to_batch_paddings([5, 3], [2, 2])
    m = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    q, r = tf.qr(tf.constant(_F))
    lq, lr = tf.linalg.qr(tf.constant(_TALL), full_matrices=True)
    y, idx = tf.unique([3, 1, 3, 2])
    return {"s2b": s2b, "b2s": tf.batch_to_space(s2b, [[0, 0], [0, 0]], block_size=2),
            "s2bnd": s2bnd, "b2snd": tf.batch_to_space_nd(s2bnd, [1, 2], [[0, 0], [0, 2]]),
            "pads": pads, "crops": crops,
            "diag_part": tf.diag_part(m), "matrix_transpose": tf.matrix_transpose([[[1, 2, 3]]]),
            "qr_recon": tf.matmul(q, r), "r_abs_diag": tf.abs(tf.matrix_diag_part(r)),
            "lqr_recon": tf.matmul(lq, lr), "lq_shape": tf.shape(lq),
            "strided": tf.strided_slice(tf.range(10), [1], [8], [3]),
            "newaxis": tf.shape(m[tf.newaxis, :, tf.newaxis]),
            "unique_y": y, "unique_idx": idx,
            "sparse_to_dense": tf.sparse_to_dense([[0, 1], [2, 0]], [3, 2], [5, 6], -1),
            "random_crop": tf.random_crop(m, [2, 2], seed=3),
            "ensure_shape": tf.ensure_shape(m, [2, None]),
            "global_norm": tf.global_norm([m, tf.constant([3.0])]),
            "linalg_global_norm": tf.linalg.global_norm([tf.constant([3.0, 4.0])]),
            "clip_avg": tf.clip_by_average_norm(m, 0.5)}, {}


def _functional_provided(tf):
    elems = tf.constant([1.0, 2.0, 3.0, 4.0])
    return {"foldl": tf.foldl(lambda a, x: a * 2.0 + x, elems),
            "foldr": tf.foldr(lambda a, x: a * 2.0 + x, elems, initializer=tf.constant(1.0)),
            "map_fn": tf.map_fn(lambda x: x * x, elems),
            "scan": tf.scan(lambda a, x: a + x, elems)}, {}


def _ensure_shape_fails(tf):
    ph = tf.placeholder(tf.float32, [None])
    return {"out": tf.ensure_shape(ph, [3])}, {ph: np.zeros(2, np.float32)}


# -- tf.linalg.LinearOperator* -------------------------------------------------------------------

def _operator_fetches(tf, operators):
    """What every operator must agree on: its matrix, shape and hints, products, solves and
    scalars, and its derived operators' matrices."""
    out = {}
    for key, op in operators.items():
        n = op.shape.as_list()[-1]
        x = tf.cast(tf.reshape(tf.range(1.0, 1.0 + n * 2), [n, 2]), op.dtype)
        out[key + "/dense"] = op.to_dense()
        out[key + "/shape"] = tf.constant(op.shape.as_list())
        out[key + "/shape_t"] = op.shape_tensor()
        out[key + "/hints"] = tf.constant([-1 if h is None else int(h) for h in (
            op.is_non_singular, op.is_self_adjoint, op.is_positive_definite, op.is_square)])
        out[key + "/matmul"] = op.matmul(x)
        rows = op.shape.as_list()[-2]
        out[key + "/matmul_adj"] = op.matmul(tf.cast(tf.ones([rows, 2]), op.dtype), adjoint=True)
        out[key + "/matvec"] = op.matvec(x[:, 0])
        out[key + "/diag_part"] = op.diag_part()
        out[key + "/trace"] = op.trace()
        out[key + "/add"] = op.add_to_tensor(tf.cast(tf.ones(op.shape.as_list()[-2:]), op.dtype))
        if op.is_square and op.is_non_singular is not False:
            out[key + "/det"] = op.determinant()
            out[key + "/logdet"] = op.log_abs_determinant()
            out[key + "/solve"] = op.solve(x)
            out[key + "/solve_adj"] = op.solve(x, adjoint=True)
            out[key + "/solvevec"] = op.solvevec(x[:, 0])
            out[key + "/inv_dense"] = op.inverse().to_dense()
        if op.is_self_adjoint:
            out[key + "/eigvals"] = op.eigvals()
        if not key.startswith("circ") or op.dtype.is_complex:  # see _circulant_adjoint
            out[key + "/adj_dense"] = op.adjoint().to_dense()
            out[key + "/H_dense"] = op.H.to_dense()
        out[key + "/rank"] = tf.constant(op.tensor_rank)
        out[key + "/dims"] = tf.constant([op.domain_dimension.value, op.range_dimension.value])
        out[key + "/dims_t"] = tf.stack([op.domain_dimension_tensor(),
                                         op.range_dimension_tensor(), op.tensor_rank_tensor()])
        out[key + "/batch"] = tf.constant(op.batch_shape.as_list() + [-7])
        out[key + "/name"] = tf.constant(op.name)
    return out


def _operators_basic(tf):
    full = tf.linalg.LinearOperatorFullMatrix([[4.0, 1.0], [2.0, 3.0]])
    ops = {"full": full, "diag": tf.linalg.LinearOperatorDiag([2.0, -3.0]),
           "ident": tf.linalg.LinearOperatorIdentity(2),
           "ident_b": tf.linalg.LinearOperatorIdentity(2, batch_shape=[3]),
           "scaled": tf.linalg.LinearOperatorScaledIdentity(2, 3.0),
           "zeros": tf.linalg.LinearOperatorZeros(2, 3, is_square=False, is_self_adjoint=False),
           "zeros_sq": tf.linalg.LinearOperatorZeros(2),
           "tril": tf.linalg.LinearOperatorLowerTriangular([[1.0, 9.0], [3.0, 4.0]])}
    out = _operator_fetches(tf, ops)
    spd = tf.linalg.LinearOperatorFullMatrix([[4.0, 2.0], [2.0, 3.0]], is_self_adjoint=True,
                                             is_positive_definite=True)
    out["chol"] = spd.cholesky().to_dense()
    out["diag_chol"] = tf.linalg.LinearOperatorDiag([4.0, 9.0], is_positive_definite=True) \
        .cholesky().to_dense()
    out["cond"] = full.cond()
    out["diag_cond"] = ops["diag"].cond()
    out["spd_cond"] = spd.cond()
    out["matmul_operator"] = (full @ ops["diag"]).to_dense()
    out["solve_operator"] = full.solve(ops["diag"]).to_dense()
    out["complex_diag_adj"] = tf.linalg.LinearOperatorDiag(
        tf.constant([1 + 2j, 3 - 1j], tf.complex64)).adjoint().to_dense()
    return out, {}


def _operators_structured(tf):
    ops = {"perm": tf.linalg.LinearOperatorPermutation([2, 0, 1]),
           "house": tf.linalg.LinearOperatorHouseholder([1.0, 2.0]),
           "toep": tf.linalg.LinearOperatorToeplitz([1.0, 2.0, 3.0], [1.0, 5.0, 6.0]),
           "tri": tf.linalg.LinearOperatorTridiag([[1.0, 2.0, 0.0], [3.0, 4.0, 5.0],
                                                   [0.0, 6.0, 7.0]]),
           "tri_seq": tf.linalg.LinearOperatorTridiag(
               [tf.constant([1.0, 2.0, 0.0]), tf.constant([3.0, 4.0, 5.0]),
                tf.constant([0.0, 6.0, 7.0])], diagonals_format="sequence"),
           "circ": tf.linalg.LinearOperatorCirculant(tf.constant([6.0, -1.5, -1.5], tf.complex64),
                                                     input_output_dtype=tf.float32),
           "circ_c": tf.linalg.LinearOperatorCirculant(tf.constant([1.0, 2.0, 3.0], tf.complex64)),
           "circ2": tf.linalg.LinearOperatorCirculant2D(
               tf.constant([[4.0, 1.0], [1.0, 2.0]], tf.complex64), input_output_dtype=tf.float32),
           "circ3": tf.linalg.LinearOperatorCirculant3D(
               tf.constant([[[8.0, 1.0], [1.0, 2.0]], [[1.0, 2.0], [2.0, 3.0]]], tf.complex64),
               input_output_dtype=tf.float32)}
    return _operator_fetches(tf, ops), {}


def _operators_composed(tf):
    full = tf.linalg.LinearOperatorFullMatrix([[4.0, 1.0], [2.0, 3.0]])
    diag = tf.linalg.LinearOperatorDiag([2.0, -3.0])
    ops = {"kron": tf.linalg.LinearOperatorKronecker([full, diag]),
           "block": tf.linalg.LinearOperatorBlockDiag([full, tf.linalg.LinearOperatorDiag([5.0])]),
           "blt": tf.linalg.LinearOperatorBlockLowerTriangular(
               [[diag], [tf.linalg.LinearOperatorFullMatrix([[1.0, 2.0]]),
                         tf.linalg.LinearOperatorDiag([3.0])]]),
           "lowrank": tf.linalg.LinearOperatorLowRankUpdate(diag, [[1.0], [2.0]],
                                                            diag_update=[0.5]),
           "lowrank_sym": tf.linalg.LinearOperatorLowRankUpdate(
               tf.linalg.LinearOperatorDiag([2.0, 3.0]), [[1.0], [2.0]]),
           "comp": tf.linalg.LinearOperatorComposition([full, diag]),
           "adj": tf.linalg.LinearOperatorAdjoint(full),
           "inv": tf.linalg.LinearOperatorInversion(full)}
    return _operator_fetches(tf, ops), {}


def _operator_subclass(tf):
    class Doubler(tf.linalg.LinearOperator):
        def __init__(self, n):
            self._n = n
            super().__init__(dtype=tf.float32, is_square=True, is_self_adjoint=True,
                             name="Doubler", parameters={"n": n})

        def _shape(self):
            return tf.TensorShape([self._n, self._n])

        def _shape_tensor(self):
            return tf.constant([self._n, self._n])

        def _matmul(self, x, adjoint=False, adjoint_arg=False):
            return 2.0 * (tf.linalg.adjoint(x) if adjoint_arg else x)

    op = Doubler(3)
    x = tf.reshape(tf.range(6.0), [3, 2])
    return {"dense": op.to_dense(), "matmul": op.matmul(x), "det": op.determinant(),
            "logdet": op.log_abs_determinant(), "solve": op.solve(x), "trace": op.trace(),
            "eigvals": op.eigvals(), "diag_part": op.diag_part(), "cond": op.cond(),
            "shape": tf.constant(op.shape.as_list()), "batch": tf.size(op.batch_shape_tensor()),
            "name": tf.constant(op.name), "matvec": op.matvec([1.0, 2.0, 3.0])}, {}


def _circulant_adjoint(tf):
    # TF's adjoint of a real circulant is complex64 (its registered adjoint drops
    # input_output_dtype); tfcompat keeps the operator's dtype (known_differences.txt)
    op = tf.linalg.LinearOperatorCirculant(tf.constant([6.0, -1.5, -1.5], tf.complex64),
                                           input_output_dtype=tf.float32)
    return {"adjoint": op.adjoint().to_dense()}, {}


def _operator_errors(tf):
    zeros = tf.linalg.LinearOperatorZeros(2)
    try:
        zeros.solve(tf.ones([2, 1]))
        solve_error = "none"
    except NotImplementedError as e:
        solve_error = str(e)
    try:
        tf.linalg.LinearOperatorFullMatrix([[1.0, 2.0]], is_square=False).determinant()
        det_error = "none"
    except NotImplementedError as e:
        det_error = str(e)
    try:
        tf.linalg.LinearOperatorDiag([1.0, 2.0], is_self_adjoint=False)
        hint_error = "none"
    except ValueError as e:
        hint_error = str(e)
    diag = tf.linalg.LinearOperatorDiag([1.0, 2.0])
    sym = tf.linalg.LinearOperatorFullMatrix([[2.0, 1.0], [1.0, 2.0]], is_self_adjoint=True,
                                             is_positive_definite=True)
    with tf.control_dependencies([sym.assert_non_singular(), diag.assert_positive_definite(),
                                  sym.assert_self_adjoint(), diag.assert_non_singular()]):
        checked = tf.identity(1.0)
    return {"solve": tf.constant(solve_error), "det": tf.constant(det_error),
            "hint": tf.constant(hint_error), "checked": checked,
            "diag_product": tf.constant(type(diag.matmul(diag)).__name__),
            "diag_solve": tf.constant(type(diag.solve(diag)).__name__),
            "identity_product": tf.constant(type(
                tf.linalg.LinearOperatorIdentity(2).matmul(diag)).__name__)}, {}


def _operator_assert_fails(tf):
    # fed: tfcompat folds constants through the SVD and would fail at build time already
    matrix = tf.placeholder(tf.float32, [2, 2])
    singular = tf.linalg.LinearOperatorFullMatrix(matrix)
    with tf.control_dependencies([singular.assert_non_singular()]):
        out = tf.identity(1.0)
    return {"out": out}, {matrix: np.array([[1.0, 2.0], [2.0, 4.0]], np.float32)}


def _diag_assert_fails(tf):
    with tf.control_dependencies([
            tf.linalg.LinearOperatorDiag([1.0, -2.0]).assert_positive_definite()]):
        return {"out": tf.identity(1.0)}, {}


PROGRAMS = [
    Program("tensor_scatters", _tensor_scatters,
            covers=("TensorScatterUpdate", "TensorScatterAdd", "TensorScatterSub",
                    "TensorScatterMax", "TensorScatterMin")),
    Program("tensor_scatter_bad_index", _tensor_scatter_bad_index),
    Program("partition_stitch", _partition_stitch,
            covers=("DynamicPartition", "DynamicStitch", "UniqueWithCounts")),
    Program("search_unravel", _search_unravel,
            covers=("LowerBound", "UpperBound", "UnravelIndex", "BroadcastArgs", "Bitcast")),
    Program("grids_repeats", _grids_and_repeats, covers=("Roll",)),
    Program("api_approx_top_k_max", _approx_top_k),
    Program("api_approx_top_k_min", _approx_top_k_min),
    Program("batch_scatter_update", _batch_scatter_update),
    Program("manip_namespace", _manip_namespace),
    Program("population_count", _population_count, covers=("PopulationCount",)),
    Program("bitwise", _bitwise, covers=("BitwiseAnd", "BitwiseOr", "BitwiseXor", "Invert",
                                         "LeftShift", "RightShift")),
    Program("sets", _sets, covers=("DenseToDenseSetOperation", "DenseToSparseSetOperation",
                                   "SparseToSparseSetOperation", "SetSize")),
    Program("svd_eigh", _svd_eigh, covers=("Svd", "SelfAdjointEigV2"), tol=_LINALG_TOL),
    Program("lu_family", _lu_family, covers=("Lu",), tol=_LINALG_TOL),
    Program("lu_no_gradient", _lu_no_gradient),
    Program("least_squares", _least_squares, covers=("MatrixSolveLs",), tol=_LINALG_TOL),
    Program("matrix_functions", _matrix_functions,
            covers=("MatrixSquareRoot", "MatrixLogarithm", "Cross"), tol=_LINALG_TOL),
    Program("tridiagonal", _tridiagonal, covers=("TridiagonalMatMul", "TridiagonalSolve"),
            tol=_LINALG_TOL),
    Program("array_provided", _array_provided, tol=_LINALG_TOL),
    Program("functional_provided", _functional_provided),
    Program("ensure_shape_fails", _ensure_shape_fails),
    *[Program("api_linalg_array_" + key, _run_error(make)) for key, make in _RUN_ERRORS.items()],
    Program("linear_operators_basic", _operators_basic, tol=_LINALG_TOL),
    Program("linear_operators_structured", _operators_structured, tol=_LINALG_TOL),
    Program("linear_operators_composed", _operators_composed, tol=_LINALG_TOL),
    Program("linear_operator_subclass", _operator_subclass, tol=_LINALG_TOL),
    Program("linear_operator_errors", _operator_errors),
    Program("linear_operator_assert_fails", _operator_assert_fails),
    Program("linear_operator_diag_assert_fails", _diag_assert_fails),
    Program("linear_operator_circulant_adjoint", _circulant_adjoint),
]
