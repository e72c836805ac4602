"""Closed-form linear regression (nfmcclure's 'matrix decomposition' + 'inverse' recipes, ridge):
matrix_solve_ls (fast and not, l2_regularizer), matrix_inverse, cholesky + cholesky_solve,
matrix_solve, matrix_triangular_solve, qr."""
import numpy as np

TAGS = ['linalg', 'shapes']


def main(tf):
    rng = np.random.RandomState(5)
    x_vals = np.linspace(0, 10, 25)
    y_vals = x_vals + rng.normal(0, 1, 25)
    x_col = np.transpose(np.matrix(x_vals))
    ones = np.transpose(np.matrix(np.repeat(1, 25)))
    A = np.column_stack((x_col, ones))
    b = np.transpose(np.matrix(y_vals))
    A_t = tf.constant(A)
    b_t = tf.constant(b)
    out = {}
    tA_A = tf.matmul(tf.transpose(A_t), A_t)
    inv = tf.matrix_inverse(tA_A)
    sol_inv = tf.matmul(tf.matmul(inv, tf.transpose(A_t)), b_t)
    L = tf.cholesky(tA_A)
    tA_b = tf.matmul(tf.transpose(A_t), b_t)
    sol1 = tf.matrix_solve(L, tA_b)
    sol2 = tf.matrix_solve(tf.transpose(L), sol1)
    sol_chol = tf.cholesky_solve(L, tA_b)
    sol_tri = tf.matrix_triangular_solve(tf.transpose(L), tf.matrix_triangular_solve(L, tA_b, lower=True), lower=False)
    sol_ls = tf.matrix_solve_ls(A_t, b_t)
    sol_ls_slow = tf.matrix_solve_ls(A_t, b_t, fast=False)
    ridge = tf.matrix_solve_ls(A_t, b_t, l2_regularizer=5.0)
    ridge_slow_f32 = tf.matrix_solve_ls(tf.cast(A_t, tf.float32), tf.cast(b_t, tf.float32), l2_regularizer=0.0, fast=False)
    # underdetermined (m < n) branch of the fast path
    Au = tf.constant(rng.randn(2, 4).astype(np.float32))
    bu = tf.constant(rng.randn(2, 1).astype(np.float32))
    under = tf.matrix_solve_ls(Au, bu, l2_regularizer=0.1)
    under0 = tf.linalg.lstsq(Au, bu)
    q, r = tf.qr(A_t)
    qf, rf = tf.qr(A_t, full_matrices=True)
    sol_qr = tf.matrix_triangular_solve(r, tf.matmul(q, b_t, adjoint_a=True), lower=False)
    batch = tf.matrix_solve_ls(tf.stack([A_t, 2 * A_t]), tf.stack([b_t, b_t]), l2_regularizer=1.0)
    logdet = tf.linalg.logdet(tA_A)
    det = tf.matrix_determinant(tA_A)
    sld = tf.linalg.slogdet(tA_A - 200.0)
    with tf.Session() as sess:
        for nm, t in [("inv", sol_inv), ("chol_md", sol2), ("chol", sol_chol), ("tri", sol_tri),
                      ("ls", sol_ls), ("ls_slow", sol_ls_slow), ("ridge", ridge), ("f32", ridge_slow_f32),
                      ("under", under), ("under0", under0), ("qr", sol_qr), ("batch", batch),
                      ("logdet", logdet), ("det", det), ("sld", sld), ("r_abs", tf.abs(r)),
                      ("rf_shape", tf.shape(rf)), ("qf_shape", tf.shape(qf))]:
            out[nm] = sess.run(t)
        out["shapes"] = [str(t.shape) for t in (sol_ls, ridge, under, under0, q, r, qf, rf, batch, inv, sld[0])]
        out["dtypes"] = [t.dtype.name for t in (sol_ls, ridge_slow_f32, under, det)]
        out["names"] = [t.op.name for t in (sol_ls, sol_ls_slow, ridge, under, sol_chol, inv)]
        out["types"] = sorted(set(o.type for o in tf.get_default_graph().get_operations()))
        try:
            sess.run(tf.matrix_inverse(tf.zeros([2, 2])))
        except Exception as e:
            msg = getattr(e, "message", str(e))
            lines = [l for l in msg.split("\n") if l and not l.startswith(("Graph execution", "Detected at",
                     "  File", "    ", "Node:", "\t", "Original stack"))]
            out["err_inv"] = type(e).__name__ + ": " + lines[0]
        try:
            sess.run(tf.cholesky(tf.constant([[1.0, 2.0], [2.0, 1.0]])))
        except Exception as e:
            msg = getattr(e, "message", str(e))
            lines = [l for l in msg.split("\n") if l and not l.startswith(("Graph execution", "Detected at",
                     "  File", "    ", "Node:", "\t", "Original stack"))]
            out["err_chol"] = type(e).__name__ + ": " + lines[0]
    return out
TOLERANCE = {"*": (1e-5, 1e-6)}
