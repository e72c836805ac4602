"""Hand-built queues (TF 'threading and queues' guide, 2016 blog posts): FIFOQueue with shapes and
names, enqueue_many/dequeue_many/dequeue_up_to, PaddingFIFOQueue, RandomShuffleQueue seeded,
QueueRunner + add_queue_runner, close(cancel_pending_enqueues), errors after close, size()."""
TAGS = ['queue']
import re

import numpy as np


def _line(msg):
    # the '_<n>_' of a queue's resource name counts kernels process-wide in TF: dropped
    line = [l for l in msg.splitlines()
            if 'Queue' in l and 'node' not in l and not l.startswith(' ')][0]
    return re.sub(r"'_\d+_", "'", line)


def main(tf):
    out = {}
    q = tf.FIFOQueue(10, [tf.float32, tf.int32], shapes=[[2], []], names=None, name='fq')
    enq = q.enqueue_many([[[1., 2.], [3., 4.], [5., 6.]], [7, 8, 9]])
    deq = q.dequeue()
    deq2 = q.dequeue_many(2)
    upto = q.dequeue_up_to(5)
    size = q.size()
    close = q.close()
    out['names'] = [q.name, q.queue_ref.op.type, enq.type, deq[0].name, deq2[1].name, size.name,
                    close.name, close.type]
    out['shapes'] = [str(deq[0].shape), str(deq2[0].shape), str(upto[0].shape), str(upto[1].shape)]
    out['dtypes'] = [d.name for d in q.dtypes]
    out['qshapes'] = [str(s) for s in q.shapes]
    with tf.Session() as sess:
        sess.run(enq)
        sess.run(enq)
        out['size0'] = sess.run(size)
        out['deq'] = sess.run(deq)
        out['deq2'] = sess.run(deq2)
        sess.run(close)
        out['upto'] = sess.run(upto)
        out['size1'] = sess.run(size)
        try:
            sess.run(deq)
        except tf.errors.OutOfRangeError as e:
            out['deq_closed'] = [type(e).__name__, _line(e.message)]
        try:
            sess.run(enq)
        except tf.errors.CancelledError as e:
            out['enq_closed'] = [type(e).__name__, _line(e.message)]
        out['is_closed'] = sess.run(q.is_closed())

    pq = tf.PaddingFIFOQueue(5, [tf.int32, tf.string], shapes=[[None], []], name='pq')
    s = tf.placeholder(tf.int32, [None])
    e = pq.enqueue((s, tf.as_string(tf.reduce_sum(s))))
    pd = pq.dequeue_many(3)
    out['pq_shape'] = [str(pd[0].shape), str(pd[1].shape)]
    with tf.Session() as sess:
        for seq in ([1], [2, 3, 4], [5, 6]):
            sess.run(e, {s: seq})
        out['pq'] = sess.run(pd)

    # dict-named queue
    nq = tf.FIFOQueue(4, [tf.int64, tf.float32], shapes=[[], [3]], names=['id', 'vec'])
    ne = nq.enqueue({'id': tf.constant(3, tf.int64), 'vec': tf.ones([3])})
    nd = nq.dequeue()
    out['nq_keys'] = sorted(nd.keys())
    with tf.Session() as sess:
        sess.run(ne)
        r = sess.run(nd)
        out['nq'] = [r['id'], r['vec']]
    try:
        nq.enqueue([1, 2])
    except ValueError as err:
        out['nq_err'] = str(err)

    rq = tf.RandomShuffleQueue(20, min_after_dequeue=3, dtypes=[tf.int32], shapes=[[]], seed=42,
                               name='rq')
    re = rq.enqueue_many([tf.range(12)])
    rd = rq.dequeue_many(4)
    with tf.Session() as sess:
        sess.run(re)
        out['rq_batch_sorted'] = np.sort(sess.run(rd))
        out['rq_size'] = sess.run(rq.size())
    # QueueRunner by hand
    counter = tf.Variable(0, name='counter')
    inc = tf.assign_add(counter, 1)
    qq = tf.FIFOQueue(100, tf.int32, shapes=[[]])
    qr = tf.train.QueueRunner(qq, [qq.enqueue(inc)])
    tf.train.add_queue_runner(qr)
    out['qr'] = [qr.name, [op.name for op in qr.enqueue_ops], qr.close_op.name, qr.cancel_op.name,
                 [c.__name__ for c in qr.queue_closed_exception_types]]
    dd = qq.dequeue_many(5)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        coord = tf.train.Coordinator()
        threads = qr.create_threads(sess, coord=coord, start=True)
        out['qr_shape'] = sess.run(dd).shape
        coord.request_stop()
        sess.run(qq.close(cancel_pending_enqueues=True))
        coord.join(threads)
    return out
