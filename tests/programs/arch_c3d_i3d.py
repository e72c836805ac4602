"""Video CNNs of 2017-2018: C3D (hx173149/C3D-tensorflow: tf.nn.conv3d + bias_add, max_pool3d
with ksize [1,1,2,2,1] first, fc6 with dropout) and I3D-style inflation (deepmind/kinetics-i3d:
2-D ImageNet kernels tiled over time and divided by T), NCDHW layout where the device runs it
(NDHWC fallback on CPU), avg_pool3d temporal pooling, 3-D conv gradients, SGD step."""
import numpy as np
TAGS = ['cv', 'nn', 'train', 'conv3d', 'nchw']
TOLERANCE = {'*': (1e-4, 1e-5)}


def pick_data_format(tf):
    with tf.Graph().as_default():
        x = tf.zeros([1, 2, 2, 4, 4])
        y = tf.nn.conv3d(x, tf.zeros([1, 1, 1, 2, 2]), [1] * 5, 'SAME', data_format='NCDHW')
        y = tf.nn.max_pool3d(y, [1, 1, 1, 2, 2], [1, 1, 1, 2, 2], 'VALID', data_format='NCDHW')
        try:
            with tf.Session() as s:
                s.run(y)
            return 'NCDHW'
        except (tf.errors.UnimplementedError, tf.errors.InvalidArgumentError):
            return 'NDHWC'


def main(tf):
    tf.set_random_seed(61)
    np.random.seed(61)
    fmt = pick_data_format(tf)
    cf = fmt == 'NCDHW'

    def k5(a):  # NDHWC-style [1, D, H, W, 1] list to the chosen layout
        return [a[0], a[4], a[1], a[2], a[3]] if cf else a

    def conv3d(x, w, b, name):
        with tf.name_scope(name):
            y = tf.nn.conv3d(x, w, k5([1, 1, 1, 1, 1]), 'SAME', data_format=fmt)
            return tf.nn.relu(tf.nn.bias_add(y, b, data_format='NCHW' if cf else 'NHWC'))

    clip = tf.placeholder(tf.float32, [2, 4, 8, 8, 3], 'clip')
    x = tf.transpose(clip, [0, 4, 1, 2, 3]) if cf else clip
    with tf.variable_scope('var_name'):
        wi = tf.initializers.glorot_uniform(seed=1)
        w1 = tf.get_variable('wc1', [3, 3, 3, 3, 8], initializer=wi)
        b1 = tf.get_variable('bc1', [8], initializer=tf.constant_initializer(0.1))
        w2 = tf.get_variable('wc2', [3, 3, 3, 8, 8], initializer=wi)
        b2 = tf.get_variable('bc2', [8], initializer=tf.zeros_initializer())
        wd = tf.get_variable('wd1', [8 * 2 * 2 * 2, 16], initializer=wi)
        wo = tf.get_variable('wout', [16 + 8, 5], initializer=wi)
    h = conv3d(x, w1, b1, 'conv1')
    h = tf.nn.max_pool3d(h, k5([1, 1, 2, 2, 1]), k5([1, 1, 2, 2, 1]), 'SAME', data_format=fmt)
    h = conv3d(h, w2, b2, 'conv2')
    h = tf.nn.max_pool3d(h, k5([1, 2, 2, 2, 1]), k5([1, 2, 2, 2, 1]), 'SAME', data_format=fmt,
                         name='pool2')
    flat_h = tf.transpose(h, [0, 2, 3, 4, 1]) if cf else h
    dense = tf.reshape(flat_h, [2, -1])
    fc6 = tf.nn.dropout(tf.nn.relu(tf.matmul(dense, wd)), keep_prob=0.6, seed=4)
    # I3D inflation of a 2-D "ImageNet" kernel: tile over time, divide by T
    k2d = tf.constant(np.random.randn(3, 3, 3, 8).astype(np.float32) * 0.2)
    k3d = tf.tile(tf.expand_dims(k2d, 0), [3, 1, 1, 1, 1]) / 3.0
    i3 = tf.nn.conv3d(x, k3d, k5([1, 1, 2, 2, 1]), 'SAME', data_format=fmt, name='inflated')
    i3 = tf.nn.avg_pool3d(tf.nn.relu(i3), k5([1, 4, 1, 1, 1]), k5([1, 4, 1, 1, 1]), 'VALID',
                          data_format=fmt)
    i3 = tf.reduce_mean(i3, [2, 3, 4] if cf else [1, 2, 3])
    logits = tf.matmul(tf.concat([fc6, i3], 1), wo)
    labels = tf.constant([1, 3])
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels,
                                                                         logits=logits))
    train = tf.train.GradientDescentOptimizer(0.05).minimize(loss)
    still = tf.constant(np.tile(np.random.rand(1, 1, 8, 8, 3), [1, 4, 1, 1, 1]).astype(np.float32))
    st = tf.transpose(still, [0, 4, 1, 2, 3]) if cf else still
    inflated = tf.nn.conv3d(st, k3d, k5([1, 1, 1, 1, 1]), 'VALID', data_format=fmt)
    flat2d = tf.nn.conv2d(still[:, 0], k2d, [1, 1, 1, 1], 'VALID')
    infl = inflated[:, :, 0] if cf else inflated[:, 0]
    if cf:
        infl = tf.transpose(infl, [0, 2, 3, 1])
    xs = np.random.rand(2, 4, 8, 8, 3).astype(np.float32)
    res = {'shapes': [str(flat_h.shape), str(dense.shape), str(i3.shape), str(logits.shape)]}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        res['inflation_err'] = np.abs(sess.run(infl - flat2d)).max() < 1e-5
        g = tf.gradients(loss, [w1, w2, clip])
        res['grads'] = [a[0, 0, :2] for a in sess.run(g, {clip: xs})]
        res['losses'] = [sess.run([loss, train], {clip: xs})[0] for _ in range(3)]
        res['logits'] = sess.run(logits, {clip: xs})
    return res
