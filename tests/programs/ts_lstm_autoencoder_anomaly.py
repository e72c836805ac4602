"""LSTM autoencoder for anomaly detection (2018-19 blog style): keras Sequential with
RepeatVector/TimeDistributed trained with fit, plus a raw-TF encoder-decoder; reconstruction errors,
thresholds from np.percentile and tf.nn.top_k, tf.count_nonzero, tf.where. K.get_session() also
initializes the tf.layers / rnn_cell variables (as TF's Keras tracks them), so the later
variables_initializer draws their second numbers."""
import numpy as np

TAGS = ['train', 'rnn', 'keras']

TOLERANCE = {'*': (1e-4, 1e-5)}


def main(tf):
    out = {}
    tf.set_random_seed(2)
    np.random.seed(2)
    T, F = 8, 2
    t = np.arange(60 + T)
    base = np.stack([np.sin(t * 0.4), np.cos(t * 0.25)], 1).astype(np.float32)
    base[40:43] += 3.0  # anomaly
    windows = np.stack([base[i:i + T] for i in range(60)])
    K = tf.keras
    model = K.models.Sequential([
        K.layers.LSTM(6, input_shape=(T, F), kernel_initializer=K.initializers.glorot_uniform(seed=1),
                      recurrent_initializer=K.initializers.orthogonal(seed=2), name='enc'),
        K.layers.RepeatVector(T, name='rep'),
        K.layers.LSTM(6, return_sequences=True, kernel_initializer=K.initializers.glorot_uniform(seed=3),
                      recurrent_initializer=K.initializers.orthogonal(seed=4), name='dec'),
        K.layers.TimeDistributed(K.layers.Dense(F, kernel_initializer=K.initializers.glorot_uniform(seed=5)), name='td'),
    ])
    model.compile(optimizer=K.optimizers.Adam(lr=0.01), loss='mse', metrics=['mae'])
    out['summary_shapes'] = [str(l.output_shape) for l in model.layers]
    out['weights'] = [w.name for w in model.weights]
    hist = model.fit(windows[:32], windows[:32], epochs=2, batch_size=16, shuffle=False, verbose=0)
    out['hist_loss'] = np.array(hist.history['loss'])
    out['hist_keys'] = sorted(hist.history.keys())
    rec = model.predict(windows, batch_size=20)
    err = np.mean(np.abs(rec - windows), axis=(1, 2))
    thr = np.percentile(err[:32], 95)
    out['err'] = err
    out['n_anom_np'] = int((err > thr).sum())
    # raw tf version of the scoring
    errs = tf.placeholder(tf.float32, [None], name='errs')
    k = tf.cast(tf.ceil(0.1 * tf.cast(tf.size(errs), tf.float32)), tf.int32)
    top, idx = tf.nn.top_k(errs, k=k)
    tf_thr = top[-1]
    flags = tf.greater_equal(errs, tf_thr)
    n_anom = tf.count_nonzero(flags)
    anomaly_idx = tf.where(flags)
    scores = tf.where(flags, errs, tf.zeros_like(errs))
    mean, var = tf.nn.moments(errs, axes=[0])
    z = (errs - mean) / tf.sqrt(var)
    out['where_shape'] = str(anomaly_idx.shape)
    out['n_anom_dtype'] = n_anom.dtype.name
    # raw tf LSTM AE with the encoder state copied to every decoder step
    x = tf.placeholder(tf.float32, [None, T, F])
    with tf.variable_scope('ae', initializer=tf.glorot_uniform_initializer(seed=7)):
        enc = tf.nn.rnn_cell.BasicLSTMCell(5, name='enc_cell')
        _, (c, h) = tf.nn.dynamic_rnn(enc, x, dtype=tf.float32)
        rep = tf.tile(tf.expand_dims(h, 1), [1, T, 1])
        dec = tf.nn.rnn_cell.BasicLSTMCell(5, name='dec_cell')
        dout, _ = tf.nn.dynamic_rnn(dec, rep, dtype=tf.float32)
        recon = tf.layers.dense(dout, F)
    loss = tf.losses.absolute_difference(x, recon, reduction=tf.losses.Reduction.NONE)
    per_win = tf.reduce_mean(loss, axis=[1, 2])
    total = tf.reduce_mean(per_win)
    opt = tf.train.AdamOptimizer(0.02, epsilon=1e-4)
    gvs = opt.compute_gradients(total)
    gvs = [(g, v) for g, v in gvs if g is not None]
    with tf.control_dependencies([g for g, _ in gvs]):  # ref variables: no update before all grads
        train = opt.apply_gradients(gvs)
    out['ae_vars'] = [v.name for v in tf.trainable_variables(scope='ae')]
    sess = K.backend.get_session()
    sess.run(tf.variables_initializer(tf.global_variables(scope='ae') +
                                      [v for v in tf.global_variables() if 'Adam' in v.name and 'ae' in v.name] +
                                      [v for v in tf.global_variables() if v.name.startswith('beta')]))
    for _ in range(3):
        sess.run(train, {x: windows[:32]})
    out['raw_err'] = sess.run(per_win, {x: windows})
    out['score'] = sess.run([tf_thr, n_anom, anomaly_idx, scores, z, idx], {errs: err})
    return out
