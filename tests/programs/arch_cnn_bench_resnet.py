"""tf_cnn_benchmarks (2017-2018) ConvNetBuilder + resnet_model: NCHW where the device runs it
(NHWC fallback on CPU, as the benchmark's --device=cpu advice), SAME_RESNET explicit tf.pad padding,
fp16 compute through a variable_scope custom_getter casting fp32 variables, fused_batch_norm with
hand-made moving averages in UPDATE_OPS, static loss scaling with tf.is_finite checks, momentum."""
import numpy as np
TAGS = ['cv', 'nn', 'train', 'nchw', 'fp16']
TOLERANCE = {'*': (2e-3, 2e-3)}


def pick_data_format(tf):
    with tf.Graph().as_default():
        x = tf.zeros([1, 2, 4, 4])
        y = tf.nn.conv2d(x, tf.zeros([1, 1, 2, 2]), [1, 1, 1, 1], 'SAME', data_format='NCHW')
        y = tf.nn.max_pool(y, [1, 1, 2, 2], [1, 1, 2, 2], 'VALID', data_format='NCHW')
        try:
            with tf.Session() as s:
                s.run(y)
            return 'NCHW'
        except (tf.errors.UnimplementedError, tf.errors.InvalidArgumentError):
            return 'NHWC'


def main(tf):
    tf.set_random_seed(7)
    np.random.seed(7)
    fmt = pick_data_format(tf)
    cf = 'channels_first' if fmt == 'NCHW' else 'channels_last'

    def fp16_getter(getter, name, shape=None, dtype=None, trainable=True, *a, **kw):
        cast = dtype == tf.float16
        var = getter(name, shape, tf.float32 if cast else dtype, *a, trainable=trainable, **kw)
        return tf.cast(var, tf.float16) if cast else var

    def bn(x, training):
        c = x.shape[1] if fmt == 'NCHW' else x.shape[3]
        beta = tf.get_variable('beta', [c], tf.float32, tf.zeros_initializer())
        gamma = tf.get_variable('gamma', [c], tf.float32, tf.ones_initializer())
        mm = tf.get_variable('moving_mean', [c], tf.float32, tf.zeros_initializer(), trainable=False)
        mv = tf.get_variable('moving_variance', [c], tf.float32, tf.ones_initializer(), trainable=False)
        if training:
            y, m, v = tf.nn.fused_batch_norm(x, gamma, beta, epsilon=1e-3, data_format=fmt)
            for var, val in ((mm, m), (mv, v)):
                upd = tf.assign_sub(var, (var - val) * (1 - 0.9))
                tf.add_to_collection(tf.GraphKeys.UPDATE_OPS, upd)
        else:
            y, _, _ = tf.nn.fused_batch_norm(x, gamma, beta, mm, mv, 1e-3, data_format=fmt,
                                             is_training=False)
        return y

    counter = [0]

    def conv(x, n, k, s, relu=True, training=True):
        name = 'conv%d' % counter[0]
        counter[0] += 1
        with tf.variable_scope(name):
            if s == 1:
                y = tf.layers.conv2d(x, n, k, s, 'same', data_format=cf, use_bias=False,
                                     kernel_initializer=tf.variance_scaling_initializer(seed=counter[0]))
            else:
                beg = (k - 1) // 2
                pad = [[0, 0], [beg, k - 1 - beg], [beg, k - 1 - beg], [0, 0]]
                if fmt == 'NCHW':
                    pad = [pad[0], pad[3], pad[1], pad[2]]
                y = tf.layers.conv2d(tf.pad(x, pad), n, k, s, 'valid', data_format=cf, use_bias=False,
                                     kernel_initializer=tf.variance_scaling_initializer(seed=counter[0]))
            with tf.variable_scope('batchnorm'):
                y = bn(y, training)
            return tf.nn.relu(y) if relu else y

    def model(images, training):
        counter[0] = 0
        x = tf.cast(images, tf.float16)
        if fmt == 'NCHW':
            x = tf.transpose(x, [0, 3, 1, 2])
        x = conv(x, 8, 3, 2, training=training)
        x = tf.layers.max_pooling2d(x, 3, 2, 'same', data_format=cf, name='mpool0')
        for n, s in ((8, 1), (16, 2)):
            short = x if s == 1 else conv(x, n, 1, s, relu=False, training=training)
            y = conv(x, n, 3, s, training=training)
            y = conv(y, n, 3, 1, relu=False, training=training)
            x = tf.nn.relu(y + short)
        x = tf.reduce_mean(x, [2, 3] if fmt == 'NCHW' else [1, 2])
        w = tf.get_variable('fc/weights', [16, 5], tf.float16,
                            tf.truncated_normal_initializer(stddev=0.1, seed=3))
        b = tf.get_variable('fc/biases', [5], tf.float16, tf.constant_initializer(0.01))
        return tf.cast(tf.nn.xw_plus_b(x, w, b), tf.float32)

    images = tf.placeholder(tf.float32, [4, 16, 16, 3], 'images')
    labels = tf.placeholder(tf.int32, [4], 'labels')
    with tf.variable_scope('cg', custom_getter=fp16_getter):
        logits = model(images, True)
    with tf.variable_scope('cg', custom_getter=fp16_getter, reuse=True):
        eval_logits = model(images, False)
    xent = tf.losses.sparse_softmax_cross_entropy(labels, logits)
    params = tf.trainable_variables()
    l2 = 1e-4 * tf.add_n([tf.nn.l2_loss(v) for v in params])
    loss = xent + l2
    loss_scale = 128.0
    grads = tf.gradients(loss * loss_scale, params)
    grads = [g / loss_scale for g in grads]
    finite = tf.reduce_all([tf.reduce_all(tf.is_finite(g)) for g in grads])
    opt = tf.train.MomentumOptimizer(0.05, 0.9, use_nesterov=True)
    safe = [tf.cond(finite, lambda g=g: g, lambda g=g: tf.zeros_like(g)) for g in grads]
    with tf.control_dependencies(safe + tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
        train = opt.apply_gradients(zip(safe, params), global_step=tf.train.get_or_create_global_step())
    xs = np.random.rand(4, 16, 16, 3).astype(np.float32)
    ys = np.array([0, 1, 4, 2], np.int32)
    res = {'vars': [v.name for v in tf.global_variables()],
           'var_shapes': [v.shape.as_list() for v in tf.global_variables()],
           'grad_dtypes': [g.dtype.name for g in grads], 'logits_dtype': logits.dtype.name}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        losses = []
        for _ in range(3):
            l, ok, _ = sess.run([loss, finite, train], {images: xs, labels: ys})
            losses.append(l)
        res['losses'] = np.array(losses)
        res['finite'] = ok
        res['eval'] = sess.run(eval_logits, {images: xs})
        res['moving'] = sess.run([v for v in tf.global_variables() if 'moving' in v.name][:4])
        res['gnorm'] = sess.run(tf.global_norm(grads), {images: xs, labels: ys})
    return res
