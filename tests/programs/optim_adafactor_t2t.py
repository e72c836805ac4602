"""tensor2tensor's AdafactorOptimizer (2018): factored second moments (vr/vc slots for matrices,
v for vectors), relative step size from the global step, update clipping by RMS, optional
momentum slot m; _resource_apply_dense delegating to _apply_dense; multi-layer model."""
import numpy as np
TAGS = ['train']
TOLERANCE = {'*': (2e-4, 1e-5)}


def make(tf):
    def reduce_rms(x):
        return tf.sqrt(tf.reduce_mean(tf.square(x)))

    class AdafactorOptimizer(tf.train.Optimizer):
        def __init__(self, multiply_by_parameter_scale=True, learning_rate=None,
                     decay_rate=None, beta1=0.0, clipping_threshold=1.0, factored=True,
                     use_locking=False, name="Adafactor", epsilon1=1e-30, epsilon2=1e-3):
            super(AdafactorOptimizer, self).__init__(use_locking, name)
            self._multiply_by_parameter_scale = multiply_by_parameter_scale
            if learning_rate is None:
                step = tf.to_float(tf.train.get_or_create_global_step()) + 1.0
                learning_rate = tf.minimum(0.01, tf.rsqrt(step))
                if not multiply_by_parameter_scale:
                    learning_rate *= 0.05
            self._learning_rate = learning_rate
            if decay_rate is None:
                step = tf.to_float(tf.train.get_or_create_global_step()) + 1.0
                decay_rate = 1.0 - tf.pow(step, -0.8)
            self._decay_rate, self._beta1 = decay_rate, beta1
            self._clipping_threshold, self._factored = clipping_threshold, factored
            self._epsilon1, self._epsilon2 = epsilon1, epsilon2

        def _should_use_factored_second_moment_estimate(self, shape):
            return self._factored and len(shape) >= 2

        def _create_slots(self, var_list):
            for var in var_list:
                shape = var.get_shape().as_list()
                if self._beta1:
                    self._zeros_slot(var, "m", self._name)
                if self._should_use_factored_second_moment_estimate(shape):
                    r_val = tf.zeros(shape[:-1], dtype=tf.float32)
                    c_val = tf.zeros(shape[:-2] + shape[-1:], dtype=tf.float32)
                    self._get_or_make_slot(var, r_val, "vr", self._name)
                    self._get_or_make_slot(var, c_val, "vc", self._name)
                else:
                    v_val = tf.zeros(shape, dtype=tf.float32)
                    self._get_or_make_slot(var, v_val, "v", self._name)

        def _apply_dense(self, grad, var):
            return self._resource_apply_dense(grad, var)

        def _resource_apply_dense(self, grad, handle):
            var = handle
            grad = tf.to_float(grad)
            grad_squared = tf.square(grad) + self._epsilon1
            grad_squared_mean = tf.reduce_mean(grad_squared)
            decay_rate = self._decay_rate
            update_scale = self._learning_rate
            old_val = var
            if self._multiply_by_parameter_scale:
                update_scale *= tf.to_float(tf.maximum(reduce_rms(old_val), self._epsilon2))
            decay_rate += grad_squared_mean * 1e-30
            update_scale += grad_squared_mean * 1e-30
            mixing_rate = 1.0 - decay_rate
            shape = var.get_shape().as_list()
            updates = []
            if self._should_use_factored_second_moment_estimate(shape):
                grad_squared_row_mean = tf.reduce_mean(grad_squared, -1)
                grad_squared_col_mean = tf.reduce_mean(grad_squared, -2)
                vr, vc = self.get_slot(var, "vr"), self.get_slot(var, "vc")
                new_vr = (decay_rate * vr + mixing_rate * grad_squared_row_mean)
                new_vc = (decay_rate * vc + mixing_rate * grad_squared_col_mean)
                vr_update = tf.assign(vr, new_vr, use_locking=self._use_locking)
                vc_update = tf.assign(vc, new_vc, use_locking=self._use_locking)
                updates = [vr_update, vc_update]
                long_term_mean = tf.reduce_mean(new_vr, -1, keepdims=True)
                r_factor = tf.rsqrt(new_vr / long_term_mean)
                c_factor = tf.rsqrt(new_vc)
                x = grad * tf.expand_dims(r_factor, -1) * tf.expand_dims(c_factor, -2)
            else:
                v = self.get_slot(var, "v")
                new_v = decay_rate * v + mixing_rate * grad_squared
                updates = [tf.assign(v, new_v, use_locking=self._use_locking)]
                x = grad * tf.rsqrt(new_v)
            if self._clipping_threshold is not None:
                clipping_denom = tf.maximum(1.0, reduce_rms(x) / self._clipping_threshold)
                x /= clipping_denom
            subtrahend = update_scale * x
            if self._beta1:
                m = self.get_slot(var, "m")
                new_m = self._beta1 * tf.to_float(m) + (1.0 - self._beta1) * subtrahend
                subtrahend = new_m
                updates.append(tf.assign(m, new_m, use_locking=self._use_locking))
            new_val = tf.to_float(old_val) - subtrahend
            var_update = tf.assign(var, new_val, use_locking=self._use_locking)
            updates = [var_update] + updates
            return tf.group(*updates)
    return AdafactorOptimizer


def main(tf):
    tf.set_random_seed(5)
    rng = np.random.RandomState(2)
    x = tf.constant(rng.randn(10, 6).astype(np.float32))
    y = tf.constant(rng.randint(0, 3, 10).astype(np.int64))
    out = {}
    for i, (beta1, res) in enumerate([(0.0, False), (0.9, True)]):
        with tf.variable_scope("net%d" % i, use_resource=res):
            h = tf.layers.dense(x, 5, tf.nn.tanh, kernel_initializer=tf.glorot_normal_initializer(seed=3))
            logits = tf.layers.dense(h, 3, kernel_initializer=tf.glorot_normal_initializer(seed=4))
        loss = tf.losses.sparse_softmax_cross_entropy(y, logits)
        opt = make(tf)(beta1=beta1, name="Adafactor%d" % i)
        train = opt.minimize(loss, var_list=tf.trainable_variables("net%d" % i))
        out["slots%d" % i] = opt.get_slot_names()
        out["names%d" % i] = [v.name for v in opt.variables()]
        out["shapes%d" % i] = [str(v.shape) for v in opt.variables()]
        out["loss_t%d" % i], out["train%d" % i] = loss, train
    gs = tf.train.get_or_create_global_step()
    inc = tf.assign_add(gs, 1)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for i in range(2):
            loss, train = out.pop("loss_t%d" % i), out.pop("train%d" % i)
            ls = []
            for _ in range(6):
                ls.append(sess.run(loss))
                sess.run(train)
                if i == 1:
                    sess.run(inc)
            out["loss%d" % i] = np.array(ls)
        out["vars"] = sess.run(tf.trainable_variables())
    return out
