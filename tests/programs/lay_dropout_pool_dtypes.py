"""tf.layers dropout (training tensor, noise_shape, seed), pooling 1-D/2-D/3-D, float16/float64
and int inputs through dense/conv/pool, flatten channels_first, gradients through a small stack."""
import numpy as np
TAGS = ['layers', 'random', 'gradients']


def _c(tf, sess, fn, feed=None):
    try:
        t = fn()
    except Exception as e:  # noqa
        return 'B:%s:%s' % (type(e).__name__, str(e).split('\n')[0][:150])
    try:
        sess.run(tf.global_variables_initializer())
        v = sess.run(t, feed)
        return 'R:%s:%s:%s' % (t.dtype.name, t.shape, np.asarray(v, np.float64).round(3).tolist())
    except Exception as e:  # noqa
        return 'E:%s' % type(e).__name__


def main(tf):
    out = {}
    tf.set_random_seed(5)
    sess = tf.Session()
    xv = np.arange(24, dtype=np.float32).reshape(2, 3, 4) / 10.
    x = tf.constant(xv)
    tr = tf.placeholder(tf.bool, [])
    ph = tf.placeholder(tf.float32, [None, None, 4])
    cases = {
        'do_false': lambda: tf.layers.dropout(x, 0.5),
        'do_true_seed': lambda: tf.layers.dropout(x, 0.5, training=True, seed=3),
        'do_tensor': lambda: tf.layers.dropout(x, 0.5, training=tr, seed=4),
        'do_noise': lambda: tf.layers.dropout(x, 0.5, noise_shape=[2, 1, 4], training=True, seed=5),
        'do_noise_none': lambda: tf.layers.dropout(x, 0.5, noise_shape=[None, 1, None], training=True, seed=6),
        'do_rate0': lambda: tf.layers.dropout(x, 0.0, training=True),
        'do_rate1': lambda: tf.layers.dropout(x, 1.0, training=True),
        'do_rate_t': lambda: tf.layers.dropout(x, tf.constant(0.25), training=True, seed=7),
        'do_ph': lambda: tf.layers.dropout(ph, 0.5, training=True, seed=8),
        'do_int': lambda: tf.layers.dropout(tf.constant([[1, 2]]), 0.5, training=True),
        'do_f16': lambda: tf.layers.dropout(tf.cast(x, tf.float16), 0.5, training=True, seed=9),
        'do_f64': lambda: tf.layers.dropout(tf.cast(x, tf.float64), 0.3, training=True, seed=9),
        'do_badrate': lambda: tf.layers.dropout(x, 1.5, training=True),
        'mp1_cf': lambda: tf.layers.max_pooling1d(x, 2, 2, data_format='channels_first'),
        'ap1_cf': lambda: tf.layers.average_pooling1d(x, 2, 1, data_format='channels_first', padding='same'),
        'ap2_f64': lambda: tf.layers.average_pooling2d(tf.reshape(tf.cast(x, tf.float64), [1, 2, 3, 4]), 2, 1, padding='same'),
        'mp2_f16': lambda: tf.layers.max_pooling2d(tf.reshape(tf.cast(x, tf.float16), [1, 2, 3, 4]), 2, 2, padding='same'),
        'mp2_int': lambda: tf.layers.max_pooling2d(tf.reshape(tf.cast(x * 10, tf.int32), [1, 2, 3, 4]), 2, 1),
        'ap2_int': lambda: tf.layers.average_pooling2d(tf.reshape(tf.cast(x * 10, tf.int32), [1, 2, 3, 4]), 2, 1),
        'mp3_cf': lambda: tf.layers.max_pooling3d(tf.reshape(x, [1, 1, 2, 3, 4]), 2, 1, data_format='channels_first'),
        'mp_bigk': lambda: tf.layers.max_pooling1d(x, 5, 1),
        'mp_zero_s': lambda: tf.layers.max_pooling1d(x, 2, 0),
        'mp_badfmt': lambda: tf.layers.max_pooling1d(x, 2, 1, data_format='NCW'),
        'dense_f64': lambda: tf.layers.dense(tf.cast(x, tf.float64), 2),
        'dense_f16': lambda: tf.layers.dense(tf.cast(x, tf.float16), 2),
        'conv1d_f64': lambda: tf.layers.conv1d(tf.cast(x, tf.float64), 2, 2),
        'conv1d_f16': lambda: tf.layers.conv1d(tf.cast(x, tf.float16), 2, 2, padding='same'),
        'conv1d_causal': lambda: tf.layers.conv1d(x, 2, 2, padding='causal'),
        'conv1d_int': lambda: tf.layers.conv1d(tf.cast(x * 10, tf.int32), 2, 2),
        'conv2dT_f64': lambda: tf.layers.conv2d_transpose(tf.reshape(tf.cast(x, tf.float64), [1, 2, 3, 4]), 2, 2, strides=2),
        'sep2d_f64': lambda: tf.layers.separable_conv2d(tf.reshape(tf.cast(x, tf.float64), [1, 2, 3, 4]), 2, 2),
        'flatten_cf': lambda: tf.layers.flatten(tf.reshape(x, [2, 3, 2, 2]), data_format='channels_first'),
        'dense_nobias': lambda: tf.layers.dense(x, 3, use_bias=False, kernel_initializer=tf.ones_initializer()),
        'dense_act': lambda: tf.layers.dense(x, 3, activation=tf.nn.sigmoid, bias_initializer=tf.constant_initializer(-1.)),
    }
    for k, fn in cases.items():
        feed = {tr: True} if k == 'do_tensor' else ({ph: xv} if k == 'do_ph' else None)
        out[k] = _c(tf, sess, fn, feed)
    out['do_tensor_false'] = _c(tf, sess, lambda: tf.layers.dropout(x, 0.5, training=tr, seed=4), {tr: False})
    out['vars'] = ['%s:%s:%s' % (v.name, v.shape, v.dtype.name) for v in tf.global_variables()]
    # gradients through pooling / dropout / conv
    y = tf.layers.conv1d(x, 3, 2, padding='same', name='gconv')
    y = tf.layers.max_pooling1d(y, 2, 1)
    y = tf.layers.dropout(y, 0.5, training=True, seed=12)
    y = tf.layers.dense(tf.layers.flatten(y), 1, name='gdense')
    g = tf.gradients(y, [x] + tf.trainable_variables('gconv') + tf.trainable_variables('gdense'))
    sess.run(tf.global_variables_initializer())
    gv = sess.run(g)
    for i, v in enumerate(gv):
        out['g_%d' % i] = v
    return out
