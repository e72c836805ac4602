"""The segment ops graph-net code aggregates with (DeepChem, SchNet, MPNN, 2017-2019): sorted ids
with empty segments, unsorted ids with a dropped -1, int64 ids, unsorted mean / sqrt_n, sparse
segment reductions; their gradients; static shapes; and the build and run errors of bad ids
(not increasing, wrong length, out of range, num_segments of the wrong rank, float ids)."""
import numpy as np
TAGS = ['errors', 'gradients', 'shapes', 'sparse']
TOLERANCE = {'*': (1e-5, 1e-6)}


def _kernel_message(message):
    # TF 2.x prefixes "Graph execution error:" and a traceback; keep the kernel's own line
    lines = [l for l in message.split("\n") if l.strip() and not l[0].isspace()
             and not l.startswith(("Graph execution", "Detected at", "Node:", "Original"))]
    return lines[-1][:150] if lines else ""


def main(tf):
    out = {}
    data = tf.placeholder(tf.float32, [None, 3])
    ids = tf.placeholder(tf.int32, [None])
    ids64 = tf.placeholder(tf.int64, [None])
    x = np.array([[1., 2., 3.], [4., -5., 6.], [-7., 8., 9.], [0.5, 0.5, -1.], [2., 2., 2.]],
                 np.float32)
    sid = np.array([0, 0, 2, 2, 4], np.int32)          # sorted with gaps (1, 3 empty)
    uid = np.array([3, 0, 3, -1, 1], np.int32)         # unsorted with a negative (dropped)
    ops = {
        'seg_sum': tf.segment_sum(data, ids), 'seg_mean': tf.segment_mean(data, ids),
        'seg_max': tf.segment_max(data, ids), 'seg_min': tf.segment_min(data, ids),
        'seg_prod': tf.segment_prod(data, ids),
    }
    uops = {
        'u_sum': tf.unsorted_segment_sum(data, ids, 5),
        'u_max': tf.unsorted_segment_max(data, ids, 5),
        'u_min': tf.unsorted_segment_min(data, ids, 5),
        'u_prod': tf.unsorted_segment_prod(data, ids, 5),
        'u_mean': tf.math.unsorted_segment_mean(data, ids, 5),
        'u_sqrtn': tf.math.unsorted_segment_sqrt_n(data, ids, 5),
    }
    out['shapes'] = {k: str(v.shape) for k, v in list(ops.items()) + list(uops.items())}
    out['dtypes'] = {k: v.dtype.name for k, v in uops.items()}
    u64 = tf.unsorted_segment_sum(data, ids64, tf.constant(4, tf.int64))
    out['u64_shape'] = str(u64.shape)
    c = tf.constant(x)
    out['static_seg'] = str(tf.segment_sum(c, tf.constant(sid)).shape)
    out['static_useg'] = str(tf.unsorted_segment_max(c, tf.constant(uid), 4).shape)
    w = tf.constant(np.arange(15, dtype=np.float32).reshape(5, 3) / 7.0)
    grads = {}
    for k, v in ops.items():
        grads['g_' + k] = tf.gradients(tf.reduce_sum(v * w[:tf.shape(v)[0]]), data)[0]
    for k, v in uops.items():
        grads['g_' + k] = tf.gradients(tf.reduce_sum(v * w), data)[0]
    sp_sum = tf.sparse_segment_sum(data, tf.constant([0, 2, 4, 1]), tf.constant([0, 0, 1, 3]))
    sp_mean = tf.sparse_segment_mean(data, tf.constant([0, 2, 4, 1]), tf.constant([0, 0, 1, 3]))
    sp_sqrt = tf.sparse_segment_sqrt_n(data, tf.constant([4, 4, 1]), tf.constant([0, 2, 2]),
                                       num_segments=4)
    grads['g_sp'] = tf.gradients(tf.reduce_sum(sp_mean * 2.0) + tf.reduce_sum(sp_sqrt), data)[0]
    with tf.Session() as sess:
        out['seg'] = sess.run(ops, {data: x, ids: sid})
        out['useg'] = sess.run(uops, {data: x, ids: uid})
        out['u64'] = sess.run(u64, {data: x, ids64: uid.astype(np.int64)})
        out['gseg'] = sess.run({k: grads['g_' + k] for k in ops}, {data: x, ids: sid})
        out['guseg'] = sess.run({k: grads['g_' + k] for k in uops}, {data: x, ids: uid})
        out['sp'] = sess.run([sp_sum, sp_mean, sp_sqrt, grads['g_sp']], {data: x})
        errs = []
        cases = [(ops['seg_sum'], {data: x, ids: np.array([0, 1, 0, 2, 3], np.int32)}),
                 (ops['seg_sum'], {data: x, ids: np.array([0, 1, 2], np.int32)}),
                 (ops['seg_max'], {data: x, ids: np.array([-1, 0, 0, 1, 1], np.int32)}),
                 (uops['u_sum'], {data: x, ids: np.array([0, 1, 7, 2, 3], np.int32)}),
                 (uops['u_sum'], {data: x, ids: np.array([0, 1], np.int32)}),
                 (sp_sum, {data: x[:2]})]
        for t, fd in cases:
            try:
                sess.run(t, fd)
                errs.append('ok')
            except tf.errors.OpError as e:
                errs.append(type(e).__name__ + ": " + _kernel_message(e.message))
        out['errs'] = errs
    for f in [lambda: tf.segment_sum(c, tf.constant([0, 0, 1])),
              lambda: tf.unsorted_segment_sum(c, tf.constant([0, 1]), 3),
              lambda: tf.unsorted_segment_sum(c, tf.constant([0, 1, 1, 1, 1]), [3, 1]),
              lambda: tf.segment_sum(c, tf.constant([0., 0., 1., 1., 1.]))]:
        try:
            f()
            errs.append('built')
        except (ValueError, TypeError) as e:
            errs.append(type(e).__name__ + ': ' + str(e).split('\n')[0][:120])
    return out
