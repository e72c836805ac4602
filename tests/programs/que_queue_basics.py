"""FIFOQueue / PaddingFIFOQueue basics (2016-2018 input pipelines): static shapes, names, dtypes,
dict queues, sizes, partial batches after close, build- and run-time error texts."""
import re

import numpy as np
TAGS = ["queue", "errors"]


def _msg(e):
    lines = [l for l in str(e).splitlines() if l.strip() and 'node' not in l.lower() and 'Detected at' not in l
             and 'File ' not in l and 'Graph execution' not in l]
    # TF 2.x appends what it received to some of TF 1.15's messages
    # the '_<n>_' resource counter is process-wide in TF
    return re.sub(r"'_\d+_", "'_N_", (lines[0] if lines else '').split(', received')[0])[:160]


def _b(fn):
    try:
        return fn()
    except Exception as e:
        return 'B:%s:%s' % (type(e).__name__, _msg(e))


def _r(sess, t, feed=None):
    try:
        v = sess.run(t, feed)
        return v
    except Exception as e:
        return 'E:%s:%s' % (type(e).__name__, _msg(e))


def _shape(t):
    if isinstance(t, str):
        return t
    if isinstance(t, dict):
        return {k: str(v.shape) for k, v in sorted(t.items())}
    if isinstance(t, (list, tuple)):
        return [str(x.shape) for x in t]
    return str(t.shape)


def main(tf):
    out = {}
    sess = tf.Session()
    q = tf.FIFOQueue(5, [tf.int32, tf.float32], shapes=[[], [2]], name='fq')
    out['q_name'] = q.name
    out['q_dtypes'] = [d.name for d in q.dtypes]
    out['q_shapes'] = [str(s) for s in q.shapes]
    out['q_names'] = str(q.names)
    enq = q.enqueue_many([[1, 2, 3], [[1., 2.], [3., 4.], [5., 6.]]])
    out['enq_op_name'] = enq.name
    out['enq_type'] = enq.type
    d1 = q.dequeue()
    out['d1_shapes'] = _shape(d1)
    dm = q.dequeue_many(2)
    out['dm_shapes'] = _shape(dm)
    du = q.dequeue_up_to(2)
    out['du_shapes'] = _shape(du)
    out['du_name'] = du[0].name
    size = q.size()
    out['size_name'] = size.name
    out['size_dtype'] = size.dtype.name
    closed = q.is_closed()
    out['closed_dtype'] = closed.dtype.name
    sess.run(enq)
    out['size1'] = sess.run(size)
    out['d1'] = list(sess.run(d1))
    sess.run(q.close())
    out['closed1'] = sess.run(closed)
    out['dm_after_close'] = _r(sess, dm)
    out['size2'] = sess.run(size)
    out['du_after_close'] = _r(sess, du)
    out['du_empty'] = _r(sess, du)
    out['d1_empty'] = _r(sess, d1)
    out['enq_closed'] = _r(sess, enq)
    # dict queues
    qd = tf.FIFOQueue(4, [tf.int64, tf.string], shapes=[[], [1]], names=['a', 'b'])
    out['qd_names'] = qd.names
    out['qd_enq_list'] = _b(lambda: qd.enqueue([1, ['x']]).name)
    out['qd_enq_missing'] = _b(lambda: qd.enqueue({'a': 1}).name)[:60]
    out['qd_enq_extra'] = _b(lambda: qd.enqueue({'a': 1, 'b': ['x'], 'c': 2}).name)[:60]
    e2 = qd.enqueue_many({'a': [5, 6], 'b': [['p'], ['q']]})
    dd = qd.dequeue_many(2)
    out['dd_type'] = type(dd).__name__
    out['dd_shapes'] = _shape(dd)
    sess.run(e2)
    out['dd'] = {k: v.tolist() for k, v in sess.run(dd).items()}
    # errors at build time
    out['bad_dtype'] = _b(lambda: q.enqueue([1.5, [1., 2.]]).name)
    out['bad_shape'] = _b(lambda: q.enqueue([1, [1., 2., 3.]]).name)
    out['enq_many_rank'] = _b(lambda: q.enqueue_many([1, [1., 2.]]).name)
    out['enq_many_mismatch'] = _b(lambda: q.enqueue_many([[1, 2], [[1., 2.]] * 3]).name)
    out['shapes_len'] = _b(lambda: tf.FIFOQueue(3, [tf.int32], shapes=[[], []]).name)
    out['dm_neg'] = _b(lambda: _shape(q.dequeue_many(-1)))
    # run time shape mismatch
    ph = tf.placeholder(tf.float32, [None])
    e3 = q.enqueue([7, ph])
    q3 = tf.FIFOQueue(3, [tf.float32], shapes=[[2]])
    e4 = q3.enqueue([ph])
    out['run_bad_shape'] = _r(sess, e4, {ph: [1., 2., 3.]})
    e5 = q3.enqueue_many([tf.placeholder(tf.float32, [None, None], name='pm')])
    out['run_bad_many'] = _r(sess, e5, {'pm:0': np.zeros([2, 3], np.float32)})
    # capacity: enqueue_many more than capacity in one op would block; use timeout
    qc = tf.FIFOQueue(2, tf.int32, shapes=[[]])
    ec = qc.enqueue_many([[1, 2, 3]])
    opts = tf.RunOptions(timeout_in_ms=200)
    try:
        sess.run(ec, options=opts)
        out['cap_block'] = 'ok'
    except Exception as e:
        out['cap_block'] = 'E:%s' % type(e).__name__
    # cancel pending
    out['close_cancel'] = sess.run(qc.size())
    sess.run(qc.close(cancel_pending_enqueues=True))
    out['close_cancel_op'] = qc.close(cancel_pending_enqueues=True).name
    # shapeless queue
    qs = tf.FIFOQueue(3, tf.float32)
    ds = qs.dequeue()
    out['qs_shape'] = _shape(ds)
    out['qs_up_to'] = _b(lambda: _shape(qs.dequeue_up_to(2)))
    sess.run(qs.enqueue([[1., 2.]]))
    out['qs_val'] = sess.run(ds).tolist()
    # padding queue
    pq = tf.PaddingFIFOQueue(5, [tf.int32, tf.string], shapes=[[None], [None, 2]])
    pp = tf.placeholder(tf.int32, [None])
    ps = tf.placeholder(tf.string, [None, 2])
    pe = pq.enqueue([pp, ps])
    pd = pq.dequeue_many(2)
    pu = pq.dequeue_up_to(3)
    out['pd_shapes'] = _shape(pd)
    out['pu_shapes'] = _shape(pu)
    sess.run(pe, {pp: [1, 2, 3], ps: [['a', 'b']]})
    sess.run(pe, {pp: [4], ps: [['c', 'd'], ['e', 'f'], ['g', 'h']]})
    sess.run(pe, {pp: [], ps: np.zeros([0, 2], object)})
    v = sess.run(pd)
    out['pd0'] = v[0].tolist()
    out['pd1'] = v[1].tolist()
    sess.run(pq.close())
    v = _r(sess, pu)
    out['pu'] = v if isinstance(v, str) else [v[0].tolist(), v[1].shape]
    out['pq_bad_rank'] = _b(lambda: pq.enqueue([tf.constant([[1]]), tf.constant([['a', 'b']])]).name)
    return out
