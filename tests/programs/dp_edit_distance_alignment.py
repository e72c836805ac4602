"""Edit distance and Needleman-Wunsch alignment tables computed in the graph (2017-2018
bioinformatics / OCR-eval repos): while_loop over an int32 TensorArray of rows, inner tf.scan for
the row recurrence, traceback with a reversed while_loop, tf.edit_distance on SparseTensors from
tf.contrib-free helpers (where / gather_nd), hypothesis vs truth with normalize both ways."""
TAGS = ['control_flow', 'sparse', 'shapes']


def levenshtein(tf, a, b):
    n, m = tf.size(a), tf.size(b)
    first = tf.range(m + 1)
    rows = tf.TensorArray(tf.int32, size=n + 1, clear_after_read=False, element_shape=[None])
    rows = rows.write(0, first)

    def outer(i, rows):
        prev = rows.read(i - 1)
        sub = prev[:-1] + tf.cast(tf.not_equal(a[i - 1], b), tf.int32)
        dele = prev[1:] + 1
        best = tf.minimum(sub, dele)

        def step(left, x):
            return tf.minimum(left + 1, x)
        row = tf.scan(step, best, initializer=i)
        return i + 1, rows.write(i, tf.concat([[i], row], 0))
    _, rows = tf.while_loop(lambda i, r: i <= n, outer, [1, rows], parallel_iterations=1)
    table = rows.stack()
    return table[-1, -1], table


def needleman_wunsch(tf, a, b, match=2.0, mismatch=-1.0, gap=-2.0):
    n, m = tf.shape(a)[0], tf.shape(b)[0]
    S = tf.where(tf.equal(a[:, None], b[None, :]), tf.fill([n, m], match), tf.fill([n, m], mismatch))
    first = gap * tf.cast(tf.range(m + 1), tf.float32)
    rows = tf.TensorArray(tf.float32, size=n + 1, clear_after_read=False).write(0, first)

    def outer(i, rows):
        prev = rows.read(i - 1)
        diag = prev[:-1] + S[i - 1]
        up = prev[1:] + gap
        best = tf.maximum(diag, up)
        row = tf.scan(lambda left, x: tf.maximum(left + gap, x), best,
                      initializer=gap * tf.cast(i, tf.float32))
        return i + 1, rows.write(i, tf.concat([[gap * tf.cast(i, tf.float32)], row], 0))
    _, rows = tf.while_loop(lambda i, r: i <= n, outer, [1, rows])
    F = rows.stack()

    def tb_cond(i, j, ops):
        return tf.logical_or(i > 0, j > 0)

    def tb_body(i, j, ops):
        diag_ok = tf.logical_and(tf.logical_and(i > 0, j > 0),
                                 tf.equal(F[tf.maximum(i, 1), tf.maximum(j, 1)],
                                          F[tf.maximum(i - 1, 0), tf.maximum(j - 1, 0)] +
                                          S[tf.maximum(i - 1, 0), tf.maximum(j - 1, 0)]))
        up_ok = tf.logical_and(i > 0, tf.logical_not(diag_ok))
        op = tf.cond(diag_ok, lambda: 0, lambda: tf.cond(up_ok, lambda: 1, lambda: 2))
        di = tf.cast(tf.logical_or(diag_ok, up_ok), tf.int32)
        dj = tf.cast(tf.logical_not(up_ok), tf.int32)
        return i - di, j - dj, ops.write(ops.size(), op)
    _, _, ops = tf.while_loop(tb_cond, tb_body,
                              [n, m, tf.TensorArray(tf.int32, size=0, dynamic_size=True)])
    return F, tf.reverse(ops.stack(), [0])


def to_sparse(tf, dense, pad):
    idx = tf.where(tf.not_equal(dense, pad))
    return tf.SparseTensor(idx, tf.gather_nd(dense, idx), tf.shape(dense, out_type=tf.int64))


def main(tf):
    out = {}
    a = tf.constant([3, 1, 4, 1, 5, 9, 2])
    b = tf.constant([3, 4, 1, 5, 2, 6])
    d, table = levenshtein(tf, a, b)
    F, ops = needleman_wunsch(tf, a, b)
    hyp = tf.constant([[3, 1, 4, 1, 5, 9, 2], [1, 1, 2, 0, 0, 0, 0]])
    truth = tf.constant([[3, 4, 1, 5, 2, 6], [1, 2, 2, 2, 0, 0]])
    sh, st = to_sparse(tf, hyp, 0), to_sparse(tf, truth, 0)
    ed = tf.edit_distance(sh, st)
    ed_raw = tf.edit_distance(sh, st, normalize=False)
    empty_truth = tf.SparseTensor(tf.zeros([0, 2], tf.int64), tf.zeros([0], tf.int32), [2, 1])
    ed_empty = tf.edit_distance(sh, empty_truth)
    out['static'] = [str(t.shape) for t in (d, table, F, ops, ed)]
    out['dtypes'] = [t.dtype.name for t in (table, F, ops, ed)]
    with tf.Session() as sess:
        out['vals'] = sess.run([d, table, F, ops, ed, ed_raw, ed_empty])
    return out
