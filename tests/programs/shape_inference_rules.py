"""Static shapes TF infers: reshape with -1, concat with unknown dims, tile/pad/stack/gather,
matmul batch, conv/pool output sizes, dynamic shapes via tf.shape, set_shape, squeeze errors."""
import numpy as np
TAGS = ['graph', 'shapes']


def main(tf):
    out = {}
    a = tf.placeholder(tf.float32, [None, 4, 6])
    b = tf.placeholder(tf.float32, [3, None, 6])
    u = tf.placeholder(tf.float32)
    exprs = {
        'reshape': tf.reshape(a, [-1, 12]),
        'reshape2': tf.reshape(a, [2, -1, 3]),
        'concat0': tf.concat([a, b], 0),
        'concat1': tf.concat([a, b], 1),
        'tile': tf.tile(a, [2, 1, 3]),
        'pad': tf.pad(a, [[1, 1], [0, 2], [3, 0]]),
        'stack': tf.stack([a, a], axis=1),
        'gather': tf.gather(a, tf.placeholder(tf.int32, [5, 2]), axis=1),
        'matmul': tf.matmul(a, tf.placeholder(tf.float32, [None, 6, 2])),
        'conv_same': tf.nn.conv2d(tf.placeholder(tf.float32, [None, 11, 13, 3]), tf.zeros([3, 3, 3, 8]), [1, 2, 2, 1], 'SAME'),
        'conv_valid': tf.nn.conv2d(tf.placeholder(tf.float32, [None, 11, 13, 3]), tf.zeros([3, 3, 3, 8]), [1, 2, 3, 1], 'VALID'),
        'pool': tf.nn.max_pool(tf.placeholder(tf.float32, [2, 7, 7, 1]), [1, 3, 3, 1], [1, 2, 2, 1], 'SAME'),
        'unknown_rank_add': u + a,
        'expand': tf.expand_dims(a, -1),
        'squeeze': tf.squeeze(tf.placeholder(tf.float32, [1, None, 1, 3])),
        'slice': tf.slice(a, [0, 1, 2], [-1, 2, -1]),
        'strided': a[:, ::2, -3:],
        'transpose': tf.transpose(b, [2, 0, 1]),
        'reduce_keep': tf.reduce_sum(a, [1], keepdims=True),
        'one_hot': tf.one_hot(tf.placeholder(tf.int32, [None, 3]), 7),
        'argmax': tf.argmax(b, 1),
        'boolean_mask': tf.boolean_mask(a, tf.placeholder(tf.bool, [None, 4])),
        'where1': tf.where(tf.placeholder(tf.bool, [3, 4])),
        'shape_of': tf.shape(a),
        'batch_to_space': tf.space_to_depth(tf.placeholder(tf.float32, [2, 4, 6, 3]), 2),
    }
    for k, t in exprs.items():
        s = t.get_shape()
        out[k] = str(s)
    c = tf.placeholder(tf.float32)
    c.set_shape([None, 5])
    out['set_shape'] = str(c.get_shape())
    for name, fn in [('squeeze_bad', lambda: tf.squeeze(a, [1])),
                     ('reshape_bad', lambda: tf.reshape(tf.zeros([4, 6]), [5, -1])),
                     ('concat_bad', lambda: tf.concat([tf.zeros([2, 3]), tf.zeros([2, 4])], 0)),
                     ('matmul_bad', lambda: tf.matmul(tf.zeros([2, 3]), tf.zeros([4, 2]))),
                     ('set_shape_bad', lambda: c.set_shape([None, 6]))]:
        try:
            fn()
            out[name] = 'no error'
        except Exception as e:  # noqa
            out[name] = type(e).__name__
    with tf.Session() as sess:
        out['dyn_shape'] = sess.run(tf.shape(exprs['reshape2']), {a: np.zeros((4, 4, 6))})
    return out
