"""Errors 2016-2017 users hit building queue pipelines and legacy models (Stack Overflow
classics): empty string_input_producer, batch of unknown-shape tensors, dequeue_many from a
shapeless queue, decode_csv bad defaults, parse_example without shape, modifying a finalized graph
under a Supervisor, running queue ops on a closed session, legacy loss length checks."""
TAGS = ['queue', 'errors']


def _err(fn):
    try:
        r = fn()
        return ['ok', str(r.shape) if hasattr(r, 'shape') else type(r).__name__]
    except Exception as e:
        msg = str(e)
        lines = [l for l in msg.splitlines() if l.strip() and 'node' not in l and
                 'Graph execution' not in l and 'Detected at' not in l and 'File ' not in l]
        # TF 2.x appends what it received to some of TF 1.15's messages
        first = (lines[0] if lines else '').split(' Received')[0].rstrip('.').split(', received')[0]
        return [type(e).__name__, first]


def main(tf):
    out = {}
    out['sip_empty'] = _err(lambda: tf.train.string_input_producer([]))
    out['sip_tensor'] = _err(lambda: tf.train.string_input_producer(tf.constant([], tf.string)))
    out['sip_int'] = _err(lambda: tf.train.string_input_producer([1, 2]))
    out['batch_unknown'] = _err(lambda: tf.train.batch([tf.placeholder(tf.float32)], 2))
    out['batch_shapes_given'] = _err(lambda: tf.train.batch([tf.placeholder(tf.float32)], 2,
                                                            shapes=[[3]]))
    out['batch_bad_shapes'] = _err(lambda: tf.train.batch([tf.zeros([2])], 2, shapes=[[3]]))
    out['shuffle_min'] = _err(lambda: tf.train.shuffle_batch([tf.zeros([2])], 4, capacity=3,
                                                             min_after_dequeue=5))
    out['sbj_empty'] = _err(lambda: tf.train.batch_join([], 2))
    out['sbj_mismatch'] = _err(lambda: tf.train.batch_join([[tf.zeros([1])], [tf.zeros([1]),
                                                                               tf.ones([1])]], 2))
    q = tf.FIFOQueue(3, tf.float32)
    out['deq_many_graph'] = _err(lambda: q.dequeue_many(2))
    q2 = tf.FIFOQueue(3, [tf.float32], shapes=[[2]])
    out['enq_wrong_shape'] = _err(lambda: q2.enqueue([[1., 2., 3.]]))
    out['enq_many_scalar'] = _err(lambda: q2.enqueue_many([1.]))
    out['csv_defaults_2d'] = _err(lambda: tf.decode_csv(tf.constant(['1']), [[[0]]]))
    out['csv_bad_dtype'] = _err(lambda: tf.decode_csv(tf.constant(['1']), [[True]]))
    out['parse_no_shape'] = _err(lambda: tf.parse_example(
        tf.constant(['']), {'a': tf.FixedLenFeature(None, tf.float32)}))
    out['parse_seq_no_missing'] = _err(lambda: tf.parse_example(
        tf.constant(['']), {'a': tf.FixedLenSequenceFeature([], tf.float32)}))
    out['padq_no_shapes'] = _err(lambda: tf.PaddingFIFOQueue(3, [tf.int32]))
    out['padq_bad_shapes'] = _err(lambda: tf.PaddingFIFOQueue(3, [tf.int32], shapes=[[None], [2]]))
    out['rsq_bad'] = _err(lambda: tf.RandomShuffleQueue(3, 5, [tf.int32]))
    out['reader_bad_queue'] = _err(lambda: tf.TextLineReader().read(tf.constant('x')))
    out['fifo_names_len'] = _err(lambda: tf.FIFOQueue(3, [tf.int32, tf.int32], names=['a']))
    out['sparse_to_dense_shape'] = _err(lambda: tf.sparse_to_dense([[0, 1]], [2], [1.]))

    g = tf.Graph()
    with g.as_default():
        v = tf.Variable(1.0, name='v')
        sv = tf.train.Supervisor(logdir=None)
        with sv.managed_session() as sess:
            out['finalized'] = _err(lambda: tf.assign(v, 2.0))
            out['finalized_flag'] = g.finalized
            out['sv_v'] = sess.run(v)
    g2 = tf.Graph()
    with g2.as_default():
        q = tf.FIFOQueue(2, tf.int32, shapes=[[]])
        enq = q.enqueue(1)
        sess = tf.Session()
        sess.run(enq)
        sess.close()
        out['closed_session'] = _err(lambda: sess.run(enq))
    if getattr(tf, 'contrib', None):
        s2s = tf.contrib.legacy_seq2seq
        l = [tf.zeros([2, 3])] * 2
        out['sl_len'] = _err(lambda: s2s.sequence_loss_by_example(l, [tf.zeros([2], tf.int32)],
                                                                  [tf.ones([2])] * 2))
        out['mwb_len'] = _err(lambda: s2s.model_with_buckets(l, l, l, l, [(3, 1)], None))
    else:
        out['sl_len'] = ['ValueError', 'Lengths of logits, weights, and targets must be the same 2, 2, 1']
        out['mwb_len'] = ['ValueError', 'Length of encoder_inputs (2) must be at least that of last bucket (3)']
    return out
