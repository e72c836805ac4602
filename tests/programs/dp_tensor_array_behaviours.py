"""TensorArray behaviours that hand-written DP / decoding loops (2017-2018 seq2seq and CTC repos)
rely on: element_shape, infer_shape, clear_after_read errors, dynamic_size,
gather/scatter/split/concat, unstack+read in a while_loop, and their run-time errors."""
import re
TAGS = ['control_flow', 'shapes']


def _err(tf, sess, t, feed=None):
    try:
        sess.run(t, feed)
        return 'ok'
    except Exception as e:
        return '%s: %s' % (type(e).__name__, re.sub(r'TensorArray_\d+(_\d+)?', 'TA', [l for l in str(e).split('\n') if l.startswith('TensorArray')][0][:160]))


def main(tf):
    out = {}
    ta = tf.TensorArray(tf.float32, size=3, element_shape=tf.TensorShape([2]))
    out['es'] = str(ta.element_shape)
    ta2 = tf.TensorArray(tf.float32, size=0, dynamic_size=True, infer_shape=True)
    ta2 = ta2.write(0, tf.constant([1.0, 2.0, 3.0]))
    out['es_inferred'] = str(ta2.element_shape)
    out['stack_shape'] = str(ta2.stack().shape)
    ta3 = tf.TensorArray(tf.float32, size=0, dynamic_size=True, infer_shape=False)
    ta3 = ta3.write(0, tf.constant([1.0, 2.0])).write(1, tf.constant([3.0]))
    cat = ta3.concat()
    out['cat_shape'] = str(cat.shape)
    sp = tf.TensorArray(tf.float32, size=3, infer_shape=False).split(tf.range(6.0), [1, 2, 3])
    sp_read = sp.read(2)
    sc = tf.TensorArray(tf.int32, size=5).scatter([4, 0, 2], tf.constant([[1, 2], [3, 4], [5, 6]]))
    sc_g = sc.gather([0, 2, 4])
    un = tf.TensorArray(tf.float32, size=4, clear_after_read=False).unstack(tf.reshape(tf.range(8.0), [4, 2]))
    double_read = un.read(1) + un.read(1)
    car = tf.TensorArray(tf.float32, size=2).unstack(tf.constant([1.0, 2.0]))
    car_twice = car.read(0) + car.read(0)
    # write twice to same index
    ww = tf.TensorArray(tf.float32, size=2).write(0, 1.0).write(0, 2.0).stack()
    # shape mismatch at write time
    try:
        tf.TensorArray(tf.float32, size=2, element_shape=[2]).write(0, tf.constant([1.0, 2.0, 3.0]))
        out['write_shape_err'] = 'none'
    except Exception as e:
        out['write_shape_err'] = type(e).__name__ + ': ' + str(e)[:160]
    ph = tf.placeholder(tf.float32, [None])
    dyn = tf.TensorArray(tf.float32, size=0, dynamic_size=True, infer_shape=True)
    dyn = dyn.write(0, ph).write(1, ph * 2)
    dyn_stack = dyn.stack()
    out['dyn_stack_shape'] = str(dyn_stack.shape)
    oob = tf.TensorArray(tf.float32, size=2).write(3, 1.0).stack()
    unread = tf.TensorArray(tf.float32, size=3).write(0, 1.0).stack()
    # while loop with unstack/read and size()
    xs = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    in_ta = tf.TensorArray(tf.float32, size=3, name='inp').unstack(xs)
    out_ta = tf.TensorArray(tf.float32, size=3, name='outp')

    def body(i, acc, o):
        acc = acc * 0.5 + in_ta.read(i)
        return i + 1, acc, o.write(i, acc)
    _, last, o = tf.while_loop(lambda i, *_: i < in_ta.size(), body, [0, tf.zeros([2]), out_ta])
    res = o.stack()
    out['res_shape'] = str(res.shape)
    g = tf.gradients(tf.reduce_sum(res * [[1.0, -1.0]]), xs)[0]
    out['ta_handle_dtype'] = o.handle.dtype.name if hasattr(o, 'handle') else 'n/a'
    out['flow_dtype'] = o.flow.dtype.name
    with tf.Session() as sess:
        r = sess.run([cat, sp_read, sc_g, double_read, res, g, last])
        out['ww'] = _err(tf, sess, ww)
        out['vals'] = r
        out['dyn'] = sess.run(dyn_stack, {ph: [1.0, 2.0]})
        out['car_twice'] = _err(tf, sess, car_twice)
        out['oob'] = _err(tf, sess, oob)
        out['unread'] = _err(tf, sess, unread)
        out['size'] = sess.run(in_ta.size())
    return out
