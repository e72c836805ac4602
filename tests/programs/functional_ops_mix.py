"""Higher-order functions and partitioning as 2016-2018 code used them: map_fn with tuple
dtypes, scan with structured initializers and reverse, foldl/foldr, boolean_mask, dynamic
partition/stitch, batch_gather, tf.cond returning tuples and dicts, tf.case, TensorArrays
(loops, dynamic_size, unstack, split and its inferred element shape)."""
import numpy as np
TAGS = ['control_flow']
TOLERANCE = {'*': (1e-5, 1e-6)}


def _graph(tf, x, n):
    ta_loop = tf.while_loop(
        lambda i, ta: i < 3,
        lambda i, ta: (i + 1, ta.write(i, tf.fill([i + 1], tf.cast(i, tf.float32)))),
        [0, tf.TensorArray(tf.float32, size=3, infer_shape=False)])[1]
    ta_dyn = tf.while_loop(
        lambda i, t: i < tf.shape(x)[0], lambda i, t: (i + 1, t.write(i, x[i] * 2.)),
        [0, tf.TensorArray(tf.float32, size=0, dynamic_size=True, element_shape=[4])])[1]
    split_loose = tf.TensorArray(tf.float32, size=2, infer_shape=False).split(
        tf.range(5, dtype=tf.float32), [2, 3])
    split_even = tf.TensorArray(tf.float32, size=2).split(x[:2], [1, 1])
    return {
        'map': tf.map_fn(lambda r: tf.reduce_sum(r), x),
        'map_tuple': tf.map_fn(lambda r: (r * 2, tf.argmax(r)), x, dtype=(tf.float32, tf.int64)),
        'map_zip': tf.map_fn(lambda t: t[0] * tf.cast(t[1], tf.float32),
                             (x, tf.range(tf.shape(x)[0])), dtype=tf.float32),
        'scan': tf.scan(lambda a, r: a + r, x),
        'scan_struct': tf.scan(lambda a, r: (a[0] + tf.reduce_sum(r), a[1] * 2), x,
                               initializer=(tf.constant(0.), tf.constant(1))),
        'scan_rev': tf.scan(lambda a, r: a * r, x, initializer=tf.ones([4]), reverse=True),
        'foldl': tf.foldl(lambda a, r: a + r, x, initializer=tf.zeros([4])),
        'foldr': tf.foldr(lambda a, r: a - tf.reduce_sum(r), x, initializer=tf.constant(0.)),
        'mask': tf.boolean_mask(x, x[:, 0] > 0),
        'mask_axis': tf.boolean_mask(tf.reshape(x, [-1, 2, 2]), [True, False], axis=1),
        'where': tf.where(x > 0.5),
        'partition': tf.dynamic_partition(x, tf.cast(x[:, 0] > 0, tf.int32), 2),
        'stitch': tf.dynamic_stitch([[0, 2], [1, 3]], [tf.ones([2, 4]), tf.zeros([2, 4])]),
        'batch_gather': tf.batch_gather(x, tf.zeros([tf.shape(x)[0], 2], tf.int32)),
        'cond_tuple': tf.cond(n > 2, lambda: (x * 2, tf.constant(1)),
                              lambda: (x * 3, tf.constant(2))),
        'cond_dict': tf.cond(n > 2, lambda: {'a': x[:, :2], 'b': n},
                             lambda: {'a': x[:, 2:], 'b': n + 1}),
        'case': tf.case([(tf.equal(n, 1), lambda: tf.constant(10)),
                         (tf.equal(n, 3), lambda: tf.constant(30))],
                        default=lambda: tf.constant(-1), exclusive=True),
        'ta_concat': ta_loop.concat(), 'ta_stack': ta_dyn.stack(),
        'ta_unstack_read': tf.TensorArray(tf.float32, size=tf.shape(x)[0]).unstack(x).read(1),
        'split_loose': split_loose.read(1), 'split_even': split_even.read(1),
        'split_uneven_shape': tf.TensorArray(tf.float32, size=2).split(
            tf.range(5, dtype=tf.float32), [2, 3]).read(0),
    }


def main(tf):
    out = {}
    x = tf.placeholder(tf.float32, [None, 4])
    n = tf.placeholder(tf.int32, [])
    graph = _graph(tf, x, n)
    out['static'] = {k: str(v.shape) for k, v in graph.items() if hasattr(v, 'shape')}
    run = {k: v for k, v in graph.items() if k != 'split_uneven_shape'}
    xv = np.array([[1., -2., 3., 0.5], [-1., 0.2, 0.7, 2.], [0.3, 0.3, -0.3, 1.]], np.float32)
    with tf.Session() as sess:
        out['values'] = sess.run(run, {x: xv, n: 3})
        out['case_default'] = sess.run(graph['case'], {n: 2})
        out['cond_false'] = sess.run(graph['cond_dict'], {x: xv, n: 0})
    return out
