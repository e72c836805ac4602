"""The mistakes people made in classic-ML TF1 code (Stack Overflow 2016-2019): wrong ranks and
shapes for matrix_solve_ls / cholesky_solve / triangular_solve / matrix_inverse, top_k with a
bad k, unique_with_counts of a matrix, segment ops with bad ids, svd of ints, bincount of
negatives, argmin on an empty axis; build-time errors and run-time errors with TF's messages.
(TF 2.x-only attrs, MatMul's grad_a/grad_b and TopKV2's index_type, are cut from the node
texts.)"""
import numpy as np

TAGS = ['linalg', 'shapes']


def run_err(sess, t, feed=None):
    try:
        v = sess.run(t, feed)
        return 'ok %s' % (np.asarray(v).shape,)
    except Exception as e:
        msg = getattr(e, 'message', str(e))
        lines = [l for l in msg.split('\n') if l and not l.startswith(('Graph execution', 'Detected at',
                 '  File', '    ', 'Node:', '\t', 'Original stack'))]
        return '%s: %s' % (type(e).__name__, lines[0] if lines else '')


def build_err(fn):
    try:
        t = fn()
        return 'built %s %s' % (t.shape, t.dtype.name)
    except Exception as e:
        return '%s: %s' % (type(e).__name__, str(e).split('\n')[0].replace(', grad_a=false, grad_b=false', '').replace(', index_type=DT_INT32', ''))


def main(tf):
    out = {}
    f32 = tf.float32
    A = tf.placeholder(f32, [None, None]); b = tf.placeholder(f32, [None, None]); v = tf.placeholder(f32, [None])
    i32 = tf.placeholder(tf.int32, [None])
    builds = [
        lambda: tf.matrix_solve_ls(tf.zeros([4, 3]), tf.zeros([5, 1])),
        lambda: tf.matrix_solve_ls(tf.zeros([4, 3]), tf.zeros([4])),
        lambda: tf.matrix_solve_ls(tf.zeros([4, 3], tf.int32), tf.zeros([4, 1], tf.int32)),
        lambda: tf.matrix_solve(tf.zeros([3, 2]), tf.zeros([3, 1])),
        lambda: tf.matrix_inverse(tf.zeros([3, 2])),
        lambda: tf.cholesky(tf.zeros([3])),
        lambda: tf.cholesky_solve(tf.zeros([3, 3]), tf.zeros([2, 1])),
        lambda: tf.matrix_triangular_solve(tf.zeros([3, 3]), tf.zeros([4, 2])),
        lambda: tf.svd(tf.zeros([3, 3], tf.int32)),
        lambda: tf.self_adjoint_eig(tf.zeros([3, 3], tf.int32))[0],
        lambda: tf.nn.top_k(tf.zeros([3, 4]), k=5)[0],
        lambda: tf.nn.top_k(tf.zeros([3, 4]), k=-1)[0],
        lambda: tf.unique_with_counts(tf.zeros([2, 2]))[0],
        lambda: tf.unsorted_segment_sum(tf.zeros([4, 2]), tf.zeros([3], tf.int32), 2),
        lambda: tf.unsorted_segment_sum(tf.zeros([4, 2]), tf.zeros([4], tf.int32), tf.constant([2])),
        lambda: tf.argmin(tf.zeros([3, 4]), 2),
        lambda: tf.matmul(tf.zeros([3, 4]), tf.zeros([3, 4])),
        lambda: tf.losses.hinge_loss(tf.zeros([3]), tf.zeros([3, 1])),
        lambda: tf.losses.log_loss(tf.zeros([3, 2]), tf.zeros([3])),
        lambda: tf.nn.softmax_cross_entropy_with_logits_v2(labels=tf.zeros([3, 4]), logits=tf.zeros([3, 5])),
        lambda: tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.zeros([3, 1], tf.int32), logits=tf.zeros([3, 5])),
        lambda: tf.gather(tf.zeros([5, 2]), tf.zeros([2], tf.float32)),
        lambda: tf.bincount(tf.zeros([3], tf.int64)),
        lambda: tf.matrix_diag_part(tf.zeros([3])),
        lambda: tf.linalg.lstsq(tf.zeros([2, 3, 4]), tf.zeros([3, 3, 1])),
    ]
    out['build'] = [build_err(fn) for fn in builds]
    ls = tf.matrix_solve_ls(A, b)
    with tf.Session() as sess:
        runs = [
            (ls, {A: np.ones([4, 3]), b: np.ones([5, 1])}),
            (tf.matrix_inverse(A), {A: np.ones([3, 2])}),
            (tf.matrix_inverse(A), {A: np.ones([2, 2])}),
            (tf.cholesky(A), {A: -np.eye(2)}),
            (tf.matrix_solve(A, b), {A: np.zeros([2, 2]), b: np.ones([2, 1])}),
            (tf.nn.top_k(v, k=tf.constant(4))[0], {v: np.ones(3)}),
            (tf.unsorted_segment_sum(v, i32, 3), {v: np.ones(3), i32: [0, 5, 1]}),
            (tf.unsorted_segment_sum(v, i32, 3), {v: np.ones(3), i32: [0, 1]}),
            (tf.bincount(i32), {i32: [1, -2, 3]}),
            (tf.gather(v, i32), {v: np.ones(3), i32: [3]}),
            (tf.argmin(A, 0), {A: np.zeros([0, 3])}),
            (tf.svd(A, compute_uv=False), {A: np.zeros([0, 3])}),
            (tf.self_adjoint_eigvals(A), {A: np.ones([2, 3])}),
            (tf.unique_with_counts(v)[2], {v: np.zeros([0])}),
            (tf.reduce_logsumexp(v), {v: np.array([-np.inf, -np.inf])}),
            (tf.nn.moments(v, axes=[0])[1], {v: np.zeros([0])}),
        ]
        out['run'] = [run_err(sess, t, fd) for t, fd in runs]
    return out
