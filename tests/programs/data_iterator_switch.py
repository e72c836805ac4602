"""Train/validation switching of 2017-2018 tutorials: a feedable iterator
(Iterator.from_string_handle with string_handle()s), a reinitializable iterator
(from_structure + make_initializer per dataset), train resuming after a validation pass,
structure/type mismatch and uninitialized-iterator errors."""
import numpy as np
TAGS = ['dataset']


def main(tf):
    res = {}
    x = np.arange(20, dtype=np.float32).reshape(10, 2)
    y = np.arange(10, dtype=np.int64)
    feats = tf.placeholder(tf.float32, [None, 2], name='feats')
    labs = tf.placeholder(tf.int64, [None], name='labs')
    train = tf.data.Dataset.from_tensor_slices((feats, labs)).shuffle(10, seed=1).repeat().batch(3)
    val = tf.data.Dataset.from_tensor_slices((x[:4] * -1, y[:4])).batch(3)
    handle = tf.placeholder(tf.string, shape=[], name='handle')
    it = tf.data.Iterator.from_string_handle(handle, train.output_types, train.output_shapes)
    xb, yb = it.get_next()
    res['handle_shapes'] = [str(xb.shape), str(yb.shape)]
    res['getnext_op'] = xb.op.type
    train_it = train.make_initializable_iterator()
    val_it = val.make_initializable_iterator()
    loss = tf.reduce_sum(xb) + tf.cast(tf.reduce_sum(yb), tf.float32)
    # reinitializable
    reinit = tf.data.Iterator.from_structure(val.output_types, val.output_shapes)
    r_next = reinit.get_next()
    init_val = reinit.make_initializer(val, name='init_val')
    init_tr = reinit.make_initializer(train.take(2))
    res['init_names'] = [init_val.name, init_val.type]
    with tf.Session() as sess:
        th, vh = sess.run([train_it.string_handle(), val_it.string_handle()])
        res['handle_type'] = type(th).__name__
        sess.run(train_it.initializer, {feats: x, labs: y})
        tr = [sess.run(loss, {handle: th}) for _ in range(4)]
        sess.run(val_it.initializer)
        va = []
        try:
            while True:
                va.append(sess.run(loss, {handle: vh}))
        except tf.errors.OutOfRangeError:
            va.append(-1.0)
        tr.append(sess.run(loss, {handle: th}))  # train continues where it left off
        res['train'] = np.array(tr)
        res['val'] = np.array(va)
        sess.run(init_val)
        a = sess.run(r_next)
        sess.run(init_tr, {feats: x, labs: y})
        b = sess.run(r_next)
        res['reinit_a'] = a[0]
        res['reinit_b_shape'] = list(b[0].shape)
        try:
            sess.run(loss, {handle: b'not-a-handle'})
        except tf.errors.OpError as e:
            res['bad_handle'] = type(e).__name__
    # structure mismatch
    try:
        reinit.make_initializer(tf.data.Dataset.range(3))
    except (TypeError, ValueError) as e:
        res['mismatch'] = type(e).__name__
    # uninitialized
    fresh = tf.data.Iterator.from_structure(tf.int64, tf.TensorShape([]))
    n = fresh.get_next()
    with tf.Session() as sess:
        try:
            sess.run(n)
        except tf.errors.FailedPreconditionError as e:
            res['uninit'] = [l for l in e.message.split('\n') if 'not been initialized' in l][0]
    return res
