"""Static shapes of the idioms written around a dynamic batch (recorded from TF 2.21): shape
arguments built with tf.stack / lists holding tf.shape(x)[i], tf.shape(x)[i] of a known dim
folded to a constant, Slice/StridedSlice/Pad/Tile with partly known arguments, and the values
and run-time errors of the same graph."""
import numpy as np
TAGS = ['graph', 'shapes']


def _cases(tf, x, n):
    bs = tf.shape(x)[0]
    return {
        'zeros_stack': tf.zeros(tf.stack([bs, 5])), 'zeros_list': tf.zeros([bs, 5]),
        'ones_list': tf.ones([bs, 4, n]), 'fill': tf.fill([bs, 3], 1.0),
        'reshape': tf.reshape(x, [bs, -1, 3]), 'reshape2': tf.reshape(x, tf.stack([-1, 192])),
        'reshape3': tf.reshape(x, [-1, tf.shape(x)[1] * tf.shape(x)[2], 3]),
        'rnorm': tf.random_normal([bs, 10]), 'runif': tf.random_uniform(tf.shape(x)),
        'onehot': tf.one_hot(tf.zeros([bs], tf.int32), depth=tf.shape(x)[3]),
        'onehot_unstack': tf.one_hot([0], tf.unstack(tf.shape(x))[1]),
        'range': tf.range(bs), 'slice': tf.slice(x, [0, 0, 0, 0], [bs, 4, -1, 2]),
        'slice2': tf.slice(x, [0, n, 0, 0], [-1, 2, 3, -1]), 'ss': x[:, n:n + 2, ::2, 0],
        'ss2': x[:bs // 2, 1:, :n, :], 'ss3': x[..., tf.newaxis, 1],
        'pad': tf.pad(x, [[0, 0], [n, n], [1, 1], [0, 0]]),
        'pad2': tf.pad(x, [[0, 0], [2, 2], [1, 1], [0, 0]], mode='REFLECT'),
        'bcast': tf.broadcast_to(tf.ones([1, 3]), [bs, 3]),
        'resize': tf.image.resize_images(x, tf.shape(x)[1:3] * 2),
        'crop': tf.image.crop_to_bounding_box(x, 1, 1, 4, 5),
        'rcrop': tf.random_crop(x, [tf.shape(x)[0], 4, 4, 3]),
        'scatter': tf.scatter_nd([[0], [1]], tf.ones([2, 3]), tf.stack([n, 3])),
        'deconv': tf.nn.conv2d_transpose(x, tf.ones([3, 3, 2, 3]), tf.stack([bs, 16, 16, 2]),
                                         [1, 2, 2, 1]),
        'split': tf.split(x, [2, -1], axis=1)[1], 'gather': tf.gather(x, tf.range(bs)),
        'mesh': tf.meshgrid(tf.range(3), tf.range(n))[0], 'linspace': tf.linspace(0., 1., n),
        'eye': tf.eye(3, batch_shape=[bs]), 'concat': tf.concat([x, tf.zeros([bs, 8, 8, 1])], 3),
        'tile': tf.tile(tf.expand_dims(tf.ones([3]), 0), [bs, 1]),
        'top_k': tf.nn.top_k(tf.reshape(x, [bs, -1]), k=n)[0],
        'multinomial': tf.multinomial(tf.ones([bs, 4]), n),
        'sum_axis': tf.reduce_sum(x, axis=n), 'roll': tf.roll(x, shift=n, axis=1),
        'space2depth': tf.space_to_depth(x, 2), 'zeros_tail': tf.zeros(tf.shape(x)[1:]),
        'noise_like': tf.random_normal(tf.concat([tf.shape(x)[:-1], [5]], 0)),
        'patches': tf.extract_image_patches(x, [1, 3, 3, 1], [1, 2, 2, 1], [1, 1, 1, 1], 'VALID'),
    }


def main(tf):
    out = {}
    tf.set_random_seed(16)
    x = tf.placeholder(tf.float32, [None, 8, 8, 3], name='x')
    n = tf.placeholder(tf.int32, [], name='n')
    cases = _cases(tf, x, n)
    bad_perm = tf.transpose(x, tf.stack([0, n, 1, 2]))
    for k in sorted(cases):
        out['static/' + k] = str(cases[k].shape)
    value = np.random.RandomState(16).rand(2, 8, 8, 3).astype(np.float32)
    with tf.Session() as sess:
        for k in sorted(cases):
            out['run_shape/' + k] = np.array(sess.run(cases[k], {x: value, n: 2}).shape)
        out['ss_value'] = sess.run(cases['ss'], {x: value, n: 2})
        out['pad_value'] = sess.run(cases['pad'], {x: value, n: 1})[0, :, :, 0]
        try:  # a permutation that repeats a dim fails when run
            sess.run(bad_perm, {x: value, n: 2})
        except tf.errors.InvalidArgumentError as e:
            out['transpose_error'] = type(e).__name__
    return out
