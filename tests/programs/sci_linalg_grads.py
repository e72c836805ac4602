"""Scientific linear algebra in float64 (a GP-style negative log likelihood through Cholesky,
eigh, svd, qr, det/slogdet, solves, einsum/tensordot, norms including the matrix 2-norm) with
the gradients of each; eigenvector gradients at repeated eigenvalues (TF's safe reciprocal);
a complex y without grad_ys; a few descent steps."""
import numpy as np
TAGS = ['linalg', 'gradients']
TOLERANCE = {'*': (1e-5, 1e-6)}


def main(tf):
    out = {}
    rng = np.random.RandomState(0)
    a_np = rng.randn(4, 4)
    b_np = rng.randn(4, 2)
    A = tf.constant(a_np, tf.float64)
    S = tf.Variable(a_np.dot(a_np.T) + 4 * np.eye(4), name='S')
    b = tf.placeholder(tf.float64, [4, None])
    L = tf.cholesky(S)
    alpha = tf.cholesky_solve(L, b)
    nll = 0.5 * tf.reduce_sum(b * alpha) + tf.reduce_sum(tf.log(tf.matrix_diag_part(L)))
    e, _ = tf.self_adjoint_eig(S)
    s = tf.svd(A, compute_uv=False)
    _, r = tf.qr(A)
    det = tf.matrix_determinant(A)
    _, lad = tf.linalg.slogdet(A)
    sol = tf.matrix_solve(A, b)
    sol_ls = tf.matrix_solve_ls(A, b, l2_regularizer=0.1)
    tri = tf.matrix_triangular_solve(L, b, lower=True)
    ein = tf.einsum('bij,bjk->bik', tf.stack([A, S]), tf.stack([S, A]))
    td = tf.tensordot(A, S, axes=[[1], [0]])
    norms = tf.norm(A) + tf.norm(A, ord=1, axis=[0, 1]) + tf.norm(A, ord=np.inf, axis=[-2, -1])
    norm2 = tf.norm(tf.stack([A, S]), ord=2, axis=[1, 2])
    # norm2's static shape is left out: TF 2.21's is unknown (known_differences.txt)
    out['static'] = [str(t.get_shape()) for t in [L, alpha, e, s, r, sol_ls, ein]]
    grads = {
        'S': tf.gradients(nll, S)[0], 'det': tf.gradients(det, A)[0],
        'svd': tf.gradients(tf.reduce_sum(s), A)[0],
        'eig': tf.gradients(tf.reduce_sum(e ** 2), S)[0],
        'qr': tf.gradients(tf.reduce_sum(r * np.abs(np.diag([1.0, 2.0, 3.0, 4.0]))), A)[0],
        'solve': tf.gradients(tf.reduce_sum(sol), A)[0],
        'ls': tf.gradients(tf.reduce_sum(sol_ls), A)[0],
        'tri': tf.gradients(tf.reduce_sum(tri), L)[0], 'lad': tf.gradients(lad, A)[0],
        'norms': tf.gradients(norms, A)[0], 'norm2': tf.gradients(tf.reduce_sum(norm2), A)[0],
        'td': tf.gradients(tf.reduce_sum(td * td), A)[0],
    }
    repeated = tf.constant([[2.0, 0.0, 0.0], [0.0, 2.0, 0.0], [0.0, 0.0, 5.0]])
    er, vr = tf.self_adjoint_eig(repeated)
    grads['eigvec_repeated'] = tf.gradients(
        tf.reduce_sum(vr * [[1.0, 2.0, 3.0]]) + tf.reduce_sum(er * [1.0, 2.0, 3.0]), repeated)[0]
    c = tf.complex(tf.constant([1.0, 2.0]), tf.constant([0.5, 1.0]))
    try:
        tf.gradients(tf.reduce_sum(c * c), c)
        out['complex_y'] = 'no error'
    except TypeError as error:
        out['complex_y'] = str(error)
    train = tf.train.GradientDescentOptimizer(0.01).minimize(nll)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        feed = {b: b_np}
        values = sess.run({'nll': nll, 'e': e, 's': s, 'absdiag_r': tf.abs(tf.matrix_diag_part(r)),
                           'det': det, 'lad': lad, 'sol_ls': sol_ls, 'tri': tri, 'ein': ein,
                           'norms': norms, 'norm2': norm2}, feed)
        out.update(values)
        out['grads'] = sess.run(grads, feed)
        out['steps'] = [sess.run([train, nll], feed)[1] for _ in range(3)]
    return out
