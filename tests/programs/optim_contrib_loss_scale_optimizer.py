"""NVIDIA's 2018 mixed-precision examples: tf.contrib.mixed_precision.LossScaleOptimizer around
AdamOptimizer with an ExponentialUpdateLossScaleManager (grow after 3 finite steps, shrink by 0.8
after 2 overflowing ones), float32 master weights through a custom getter, float16 dense layers
whose activations overflow when fed a large multiplier, skipped steps (global_step holds), and
FixedLossScaleManager's dtype and error. TF 2.21 has no tf.contrib: under it a restatement of
TF 1.15's contrib code (loss_scale_manager.py / loss_scale_optimizer.py) runs instead."""
import numpy as np
TAGS = ['train', 'fp16', 'contrib', 'optimizers']
TOLERANCE = {'*': (2e-3, 1e-3)}


def _local_contrib(tf):
    class Fixed(object):
        def __init__(self, s):
            if s < 1:
                raise ValueError("loss scale must be at least 1.")
            self.s = tf.convert_to_tensor(s, dtype=tf.float32)
        def get_loss_scale(self):
            return self.s
        def update_loss_scale(self, f):
            return tf.no_op()

    class Expo(object):
        def __init__(self, init_loss_scale, incr_every_n_steps, decr_every_n_nan_or_inf=2,
                     incr_ratio=2, decr_ratio=0.8):
            init, self.n, self.d = init_loss_scale, incr_every_n_steps, decr_every_n_nan_or_inf
            self.ir, self.dr = incr_ratio, decr_ratio
            self.ls = tf.Variable(name="loss_scale", initial_value=tf.convert_to_tensor(init, tf.float32),
                                  dtype=tf.float32, trainable=False)
            self.g = tf.Variable(name="good_steps", initial_value=0, dtype=tf.int32, trainable=False)
            self.b = tf.Variable(name="bad_steps", initial_value=0, dtype=tf.int32, trainable=False)
        def get_loss_scale(self):
            return self.ls
        def update_loss_scale(self, f):
            reset = lambda: tf.group(tf.assign(self.g, 0), tf.assign(self.b, 0))
            def fin():
                def incr():
                    new = tf.cond(tf.is_finite(self.ls * self.ir), lambda: self.ls * self.ir, lambda: self.ls)
                    return tf.group(tf.assign(self.ls, new), reset())
                return tf.cond(self.g + 1 >= self.n, incr, lambda: tf.assign_add(self.g, 1).op)
            def nonfin():
                def decr():
                    return tf.group(tf.assign(self.ls, tf.maximum(1., self.ls * self.dr)), reset())
                return tf.cond(self.b + 1 >= self.d, decr,
                               lambda: tf.group(tf.assign_add(self.b, 1), tf.assign(self.g, 0)))
            return tf.cond(f, fin, nonfin)

    class LSO(object):
        def __init__(self, opt, m):
            self._opt, self._m = opt, m
        def compute_gradients(self, loss, var_list=None):
            s = self._m.get_loss_scale()
            gv = self._opt.compute_gradients(loss * tf.cast(s, loss.dtype.base_dtype), var_list=var_list)
            inv = tf.reciprocal(s)
            return [(g * tf.cast(inv, g.dtype.base_dtype), v) for g, v in gv]
        def apply_gradients(self, gv, global_step=None, name=None):
            fin = tf.reduce_all([tf.reduce_all(tf.is_finite(g)) for g, _ in gv])
            up = tf.cond(fin, lambda: self._opt.apply_gradients(gv, global_step, name), tf.no_op)
            return tf.group(up, self._m.update_loss_scale(fin))
        def minimize(self, loss, global_step=None):
            return self.apply_gradients(self.compute_gradients(loss), global_step)

    class NS(object):
        FixedLossScaleManager, ExponentialUpdateLossScaleManager, LossScaleOptimizer = Fixed, Expo, LSO
    return NS


def main(tf):
    contrib = getattr(tf, "contrib", None)
    mp = contrib.mixed_precision if contrib is not None else _local_contrib(tf)
    tf.set_random_seed(3)
    rng = np.random.RandomState(3)
    xs = rng.randn(16, 6).astype(np.float32)
    ys = rng.randint(0, 4, 16)
    big = tf.placeholder_with_default(tf.constant(1.0, tf.float16), [], name="big")
    x = tf.placeholder(tf.float32, [None, 6])
    y = tf.placeholder(tf.int64, [None])
    def getter(getter, name, *args, **kwargs):
        dtype = kwargs.pop("dtype")
        v = getter(name, *args, dtype=tf.float32, **kwargs)
        return tf.cast(v, dtype) if dtype != tf.float32 else v
    with tf.variable_scope("net", custom_getter=getter):
        h = tf.layers.dense(tf.cast(x, tf.float16), 8, activation=tf.nn.tanh, name="h",
                            kernel_initializer=tf.glorot_uniform_initializer(seed=5))
        logits = tf.layers.dense(h * big, 4, name="logits",
                                 kernel_initializer=tf.glorot_uniform_initializer(seed=6))
    loss = tf.losses.sparse_softmax_cross_entropy(y, tf.cast(logits, tf.float32))
    gs = tf.train.get_or_create_global_step()
    mgr = mp.ExponentialUpdateLossScaleManager(128.0, incr_every_n_steps=3, decr_every_n_nan_or_inf=2)
    opt = mp.LossScaleOptimizer(tf.train.AdamOptimizer(0.01), mgr)
    gvs = opt.compute_gradients(loss)
    train = opt.apply_gradients(gvs, global_step=gs)
    fixed = mp.FixedLossScaleManager(64)
    res = {"vars": sorted(v.op.name + ":" + v.dtype.base_dtype.name for v in tf.global_variables()),
           "gdtypes": [g.dtype.name for g, v in gvs], "train_type": train.type,
           "fixed_dtype": fixed.get_loss_scale().dtype.name}
    try:
        mp.FixedLossScaleManager(0.5)
    except ValueError as e:
        res["fixed_err"] = str(e)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        tr = []
        bigs = [1.0, 1.0, 1.0, 60000.0, 1.0, 60000.0, 60000.0, 1.0, 1.0, 1.0, 1.0]
        for bv in bigs:
            sess.run(train, {x: xs, y: ys, big: bv})
            tr.append(sess.run([mgr.get_loss_scale(), gs, loss], {x: xs, y: ys}))
        res["trace"] = np.array(tr, np.float64)
        res["kernel"] = sess.run(tf.trainable_variables()[0])
    return res
