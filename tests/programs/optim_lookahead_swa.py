"""Lookahead (Zhang et al. 2019) wrapping Adam: slow-weight variables, a sync op every k steps
behind tf.cond on global_step % k with tf.group of assigns; SWA (Izmailov 2018) with
swa variables, n_models counter and assign ops averaging after each cycle; swap-in of SWA
weights with tf.assign for evaluation (the 'swap' pattern)."""
import numpy as np
TAGS = ['train']
TOLERANCE = {'*': (1e-4, 1e-5)}


def main(tf):
    tf.set_random_seed(4)
    rng = np.random.RandomState(6)
    xd = rng.randn(20, 4).astype(np.float32)
    yd = (np.sin(xd.sum(1, keepdims=True))).astype(np.float32)
    x, y = tf.constant(xd), tf.constant(yd)
    with tf.variable_scope("fast"):
        h = tf.layers.dense(x, 6, tf.nn.relu, kernel_initializer=tf.glorot_uniform_initializer(seed=1),
                            name="h")
        pred = tf.layers.dense(h, 1, kernel_initializer=tf.glorot_uniform_initializer(seed=2), name="o")
    loss = tf.losses.mean_squared_error(y, pred, reduction=tf.losses.Reduction.MEAN)
    gs = tf.train.get_or_create_global_step()
    fast_vars = tf.trainable_variables("fast")
    k, alpha = 3, 0.5
    with tf.variable_scope("lookahead"):
        slow_vars = [tf.get_variable(v.op.name.replace("fast/", "") + "_slow", initializer=v.initialized_value(),
                                     trainable=False) for v in fast_vars]
    adam = tf.train.AdamOptimizer(0.05, beta1=0.8)
    inner = adam.minimize(loss, global_step=gs, var_list=fast_vars)

    def sync():
        ops = []
        for fv, sv in zip(fast_vars, slow_vars):
            new_slow = sv + alpha * (fv - sv)
            ops.append(tf.assign(sv, new_slow))
        with tf.control_dependencies(ops):
            back = [tf.assign(fv, sv) for fv, sv in zip(fast_vars, slow_vars)]
        with tf.control_dependencies(back):
            return tf.constant(1)
    with tf.control_dependencies([inner]):
        la_step = tf.cond(tf.equal(tf.mod(gs, k), 0), sync, lambda: tf.constant(0), name="la_cond")
    with tf.variable_scope("swa"):
        swa_vars = [tf.get_variable(v.op.name.split("/", 1)[1], shape=v.shape, trainable=False,
                                    initializer=tf.zeros_initializer()) for v in fast_vars]
        n_models = tf.get_variable("n_models", [], tf.float32, tf.zeros_initializer(), trainable=False)
    swa_update = [tf.assign(s, (s * n_models + v) / (n_models + 1.0)) for s, v in zip(swa_vars, fast_vars)]
    with tf.control_dependencies(swa_update):
        swa_op = tf.assign_add(n_models, 1.0)
    backup = [tf.Variable(tf.zeros(v.shape), trainable=False, name="backup_%d" % i)
              for i, v in enumerate(fast_vars)]
    save_bk = tf.group(*[tf.assign(b, v) for b, v in zip(backup, fast_vars)])
    swap_in = tf.group(*[tf.assign(v, s) for v, s in zip(fast_vars, swa_vars)])
    restore_bk = tf.group(*[tf.assign(v, b) for v, b in zip(fast_vars, backup)])
    out = {'slow_names': [v.name for v in slow_vars], 'swa_names': [v.name for v in swa_vars],
           'cond_name': la_step.name, 'swa_op': swa_op.name,
           'adam_vars': [v.name for v in adam.variables()]}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        ls, synced = [], []
        for step in range(12):
            ls.append(sess.run(loss))
            synced.append(sess.run(la_step))
            if step >= 5 and step % 2 == 1:
                sess.run(swa_op)
        out['loss'], out['synced'] = np.array(ls), np.array(synced)
        out['n_models'] = sess.run(n_models)
        out['fast'] = sess.run(fast_vars)
        out['slow'] = sess.run(slow_vars)
        out['swa'] = sess.run(swa_vars)
        sess.run(save_bk); sess.run(swap_in)
        out['swa_loss'] = sess.run(loss)
        sess.run(restore_bk)
        out['back_loss'] = sess.run(loss)
    return out
