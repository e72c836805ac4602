"""Imitates notebook cells of 2016-2019 tutorials (and the Stack Overflow questions they led to):
feeding Python lists, numpy scalars, non-contiguous arrays, a fetched value fed back, the same
tensor fetched twice, nested fetch structures (dicts, namedtuples, lists of tuples), fetching a
fed tensor (TF hands back the fed array), and the errors for wrong shapes, ints that do not fit,
None fetches, bad feed keys, feeding a tf.Tensor value."""
import collections
import numpy as np

TAGS = ['session', 'errors']


def err(fn):
    try:
        r = fn()
        return 'ok:' + repr(r)
    except Exception as e:
        msg = str(e).split('\n')[0].split(" [[")[0]
        if msg.startswith('Cannot feed value'):  # TF 1.15 quotes the name and shape, 2.x not
            msg = msg.replace("'", '')
        elif 'invalid type' in msg or 'Graph execution' in msg or 'convert string' in msg \
                or 'You must feed' in msg:
            msg = ''  # worded by TF version (and numpy's repr of np.str_)
        return '%s: %s' % (type(e).__name__, msg)


def main(tf):
    out = {}
    x = tf.placeholder(tf.float32, [None, 3], name='x')
    k = tf.placeholder(tf.int32, [], name='k')
    s = tf.placeholder(tf.string, [None], name='s')
    w = tf.Variable(np.arange(6, dtype=np.float32).reshape(3, 2), name='w')
    h = tf.matmul(x, w, name='h')
    top = tf.nn.top_k(tf.reshape(h, [-1]), k)
    Stats = collections.namedtuple('Stats', 'mean std')
    stats = Stats(tf.reduce_mean(h), tf.sqrt(tf.reduce_mean(tf.square(h))))
    arr = np.arange(12, dtype=np.float64).reshape(4, 3)
    sess = tf.Session()
    sess.run(w.initializer)
    out['list_feed'] = sess.run(h, {x: [[1, 2, 3]]})
    out['np_scalar_k'] = sess.run(top.values, {x: arr[:2], k: np.int64(3)})
    out['py_scalar_k'] = sess.run(top.indices, {x: arr[:2], k: 2})
    out['noncontig'] = sess.run(h, {x: arr.T[:, ::2].T.copy(order='F')[::-1]})
    out['noncontig2'] = sess.run(h, {x: np.asfortranarray(arr)[:, :]})
    out['strided'] = sess.run(h, {x: arr[::2]})
    twice = sess.run([h, h, tf.identity(h)], {x: arr})
    out['twice_same'] = [np.array_equal(twice[0], twice[1]), twice[0] is twice[1]]
    res = sess.run({'stats': stats, 'pairs': [(h, k), (top.values,)], 'w': w},
                   {x: arr, k: 1})
    out['nested_types'] = [type(res).__name__, type(res['stats']).__name__,
                           type(res['pairs']).__name__, type(res['pairs'][0]).__name__]
    out['nested_mean'] = res['stats'].mean
    out['nested_k'] = res['pairs'][0][1]
    out['nested_top'] = res['pairs'][1][0]
    out['strings'] = sess.run(tf.string_join([s, s], '-'), {s: ['a', u'b\u00e9', b'c']})
    out['ops_none'] = sess.run([w.initializer, tf.no_op()])
    out['feed_intermediate'] = sess.run(h * 2, {h: [[1.0, 1.0]]})
    out['feed_variable'] = sess.run(h, {x: [[1.0, 0, 0]], w: np.ones([3, 2])})
    out['w_after_feed'] = sess.run(w)
    # mistakes
    out['wrong_shape'] = err(lambda: sess.run(h, {x: [1.0, 2.0, 3.0]}))
    out['wrong_shape2'] = err(lambda: sess.run(h, {x: np.zeros([2, 4])}))
    out['wrong_dtype'] = err(lambda: sess.run(h, {x: [['a', 'b', 'c']]}))
    out['int_overflow'] = err(lambda: sess.run(k + 1, {k: 2 ** 40}))
    out['float_to_int'] = err(lambda: sess.run(k + 1, {k: 2.5}))
    out['fetch_none'] = err(lambda: sess.run(None))
    out['fetch_none_in_list'] = err(lambda: sess.run([h, None], {x: arr}))
    out['fetch_int'] = err(lambda: sess.run(3))
    out['fetch_np'] = err(lambda: sess.run(np.float32(1.0)))
    out['fetch_empty'] = err(lambda: sess.run([]))
    out['fetch_empty_dict'] = err(lambda: sess.run({}))
    out['missing_feed'] = err(lambda: sess.run(h))
    out['feed_key_str'] = sess.run(h, {'x:0': arr[:1]})
    out['feed_key_bad_str'] = err(lambda: sess.run(h, {'x': arr[:1]}))
    out['feed_key_int'] = err(lambda: sess.run(h, {3: arr[:1]}))
    out['feed_key_op'] = err(lambda: sess.run(h, {x.op: arr[:1]}))
    out['feed_tensor_value'] = err(lambda: sess.run(h, {x: tf.ones([1, 3])}))
    out['feed_ragged_list'] = err(lambda: sess.run(h, {x: [[1, 2, 3], [1, 2]]}))
    out['feed_none_value'] = err(lambda: sess.run(h, {x: None}))
    out['feed_const'] = sess.run(tf.constant(2.0) * 3, {})
    c = tf.constant(5.0, name='five')
    out['feed_constant'] = sess.run(c * 2, {c: 7.0})
    out['fetch_list_of_str'] = sess.run(['h:0', 'w:0'], {'x:0': arr[:1]})
    out['fed_fetch'] = [repr(v) for v in sess.run([k, k * 1, x], {k: 3, x: arr[:1]})]
    out['fetch_op_name'] = err(lambda: sess.run('w/Assign'))
    sess.close()
    return out
