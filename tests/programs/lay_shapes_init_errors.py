"""tf.layers shapes, names and errors, as a 2017-2019 CNN port checks them: dense/conv1d/2d/3d,
conv2d/3d_transpose, separable convs, pooling, flatten and dropout on inputs with unknown dims;
input-rank and argument errors; seeded glorot_uniform kernels bit for bit."""
TAGS = ['layers', 'shapes', 'errors']


def _b(tf, fn):
    try:
        t = fn()
    except Exception as e:  # noqa
        return "B:%s:%s" % (type(e).__name__, str(e).split("\n")[0][:160])
    return "S:%s:%s:%s" % (getattr(t, 'name', ''), t.shape, t.dtype.name)


def main(tf):
    out = {}
    tf.set_random_seed(7)
    x2 = tf.placeholder(tf.float32, [None, 5])
    x3 = tf.placeholder(tf.float32, [None, None, 3])
    x4 = tf.placeholder(tf.float32, [None, 8, None, 3])
    x5 = tf.placeholder(tf.float32, [2, 4, 4, 4, 2])
    xu = tf.placeholder(tf.float32)
    cases = {
        'dense2': lambda: tf.layers.dense(x2, 4),
        'dense3': lambda: tf.layers.dense(x3, 4, activation=tf.nn.relu),
        'dense_unk': lambda: tf.layers.dense(xu, 4),
        'dense_nolast': lambda: tf.layers.dense(tf.placeholder(tf.float32, [2, None]), 3),
        'dense_rank1': lambda: tf.layers.dense(tf.constant([1., 2.]), 3),
        'dense_int': lambda: tf.layers.dense(tf.constant([[1, 2]]), 3),
        'conv1d': lambda: tf.layers.conv1d(x3, 4, 3),
        'conv1d_same_s2': lambda: tf.layers.conv1d(x3, 4, 3, strides=2, padding='same'),
        'conv1d_dil': lambda: tf.layers.conv1d(x3, 2, 3, dilation_rate=2),
        'conv2d': lambda: tf.layers.conv2d(x4, 6, 3),
        'conv2d_same': lambda: tf.layers.conv2d(x4, 6, (3, 1), strides=(2, 1), padding='SAME'),
        'conv2d_valid_big': lambda: tf.layers.conv2d(x4, 6, 9),
        'conv2d_rank3': lambda: tf.layers.conv2d(x3, 2, 3),
        'conv2d_badpad': lambda: tf.layers.conv2d(x4, 2, 3, padding='full'),
        'conv2d_unkch': lambda: tf.layers.conv2d(tf.placeholder(tf.float32, [1, 4, 4, None]), 2, 3),
        'conv3d': lambda: tf.layers.conv3d(x5, 3, 2),
        'conv3d_same': lambda: tf.layers.conv3d(x5, 3, (1, 2, 3), strides=(1, 2, 2), padding='same'),
        'conv2dT': lambda: tf.layers.conv2d_transpose(x4, 5, 3, strides=2),
        'conv2dT_same': lambda: tf.layers.conv2d_transpose(x4, 5, 3, strides=2, padding='same'),
        'conv2dT_k4': lambda: tf.layers.conv2d_transpose(x4, 5, 4, strides=(2, 3), padding='valid'),
        'conv3dT': lambda: tf.layers.conv3d_transpose(x5, 2, 3, strides=2, padding='same'),
        'sep1d': lambda: tf.layers.separable_conv1d(x3, 4, 3, depth_multiplier=2),
        'sep2d': lambda: tf.layers.separable_conv2d(x4, 4, 3, depth_multiplier=2, padding='same'),
        'sep2d_s2': lambda: tf.layers.separable_conv2d(x4, 4, 3, strides=2),
        'flatten': lambda: tf.layers.flatten(x4),
        'flatten5': lambda: tf.layers.flatten(x5),
        'flatten_unk': lambda: tf.layers.flatten(xu),
        'flatten1': lambda: tf.layers.flatten(tf.constant([1., 2.])),
        'mp1': lambda: tf.layers.max_pooling1d(x3, 2, 2),
        'ap1_same': lambda: tf.layers.average_pooling1d(x3, 3, 2, padding='same'),
        'mp2': lambda: tf.layers.max_pooling2d(x4, 2, 2),
        'ap2': lambda: tf.layers.average_pooling2d(x4, (3, 2), (1, 2), padding='same'),
        'mp3': lambda: tf.layers.max_pooling3d(x5, 2, 2),
        'ap3': lambda: tf.layers.average_pooling3d(x5, 3, 1, padding='same'),
        'mp2_rank3': lambda: tf.layers.max_pooling2d(x3, 2, 2),
        'dropout': lambda: tf.layers.dropout(x4, 0.5, training=True),
    }
    for k, fn in cases.items():
        out['s_' + k] = _b(tf, fn)
    out['vars'] = ['%s:%s' % (v.name, v.shape) for v in tf.global_variables()]
    out['trainable'] = [v.name for v in tf.trainable_variables()]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for i, v in enumerate(tf.global_variables()[:12]):
            out['val_%d' % i] = sess.run(v)
    return out
