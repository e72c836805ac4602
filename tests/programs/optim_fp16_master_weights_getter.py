"""OpenSeq2Seq / THUMT float16 training with float32 master weights (2018): a
`float32_variable_storage_getter` custom_getter on tf.variable_scope that stores trainable
variables in float32 (TF hands it trainable=True resolved) and casts them to float16, a
float16 tf.layers.dense through the same getter, a non-trainable int32 variable left alone,
float16 sparse softmax cross entropy cast to float32, fixed loss scaling by hand and
MomentumOptimizer slots in float32."""
import numpy as np
TAGS = ['train', 'fp16', 'variables']
TOLERANCE = {'*': (2e-3, 2e-3)}


def main(tf):
    def float32_variable_storage_getter(getter, name, shape=None, dtype=None, initializer=None,
                                        regularizer=None, trainable=True, *args, **kwargs):
        storage_dtype = tf.float32 if trainable else dtype
        variable = getter(name, shape, dtype=storage_dtype, initializer=initializer,
                          regularizer=regularizer, trainable=trainable, *args, **kwargs)
        if trainable and dtype != tf.float32:
            variable = tf.cast(variable, dtype)
        return variable

    tf.set_random_seed(1)
    rng = np.random.RandomState(0)
    xs = rng.randn(8, 5).astype(np.float16)
    ys = rng.randint(0, 3, 8).astype(np.int32)
    x = tf.placeholder(tf.float16, [None, 5], name="x")
    y = tf.placeholder(tf.int32, [None], name="y")
    with tf.variable_scope("model", custom_getter=float32_variable_storage_getter):
        w = tf.get_variable("w", [5, 4], dtype=tf.float16,
                            initializer=tf.random_normal_initializer(stddev=0.5, seed=3))
        b = tf.get_variable("b", [4], dtype=tf.float16, initializer=tf.zeros_initializer())
        h = tf.nn.relu(tf.matmul(x, w) + b)
        logits = tf.layers.dense(h, 3, name="out",
                                 kernel_initializer=tf.glorot_uniform_initializer(seed=2))
        cnt = tf.get_variable("count", [], dtype=tf.int32, trainable=False,
                              initializer=tf.zeros_initializer())
    xent = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits)
    loss = tf.reduce_mean(tf.cast(xent, tf.float32))
    scale = 128.0
    opt = tf.train.MomentumOptimizer(0.1, 0.9)
    gvs = opt.compute_gradients(loss * scale)
    gvs = [(g / scale, v) for g, v in gvs]
    train = opt.apply_gradients(gvs)
    res = {
        "w_dtype": w.dtype.name, "w_name": w.name, "w_op": w.op.type,
        "logits_dtype": logits.dtype.name, "xent_dtype": xent.dtype.name,
        "vars": [v.name + ":" + v.dtype.base_dtype.name for v in tf.global_variables()],
        "tvars": [v.name for v in tf.trainable_variables()],
        "grad_dtypes": [g.dtype.name for g, v in gvs],
        "cnt_dtype": cnt.dtype.base_dtype.name,
    }
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        res["logits0"] = sess.run(logits, {x: xs})
        losses = []
        for i in range(5):
            losses.append(sess.run(loss, {x: xs, y: ys}))
            sess.run(train, {x: xs, y: ys})
        res["losses"] = np.array(losses)
        res["w_final"] = sess.run(tf.trainable_variables()[0])
        res["g"] = sess.run([g for g, v in gvs], {x: xs, y: ys})
    return res
