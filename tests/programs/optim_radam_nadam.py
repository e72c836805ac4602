"""RAdam (Liu et al. 2019, CyberZHG's TF1 port) and a Nadam subclass of tf.train.AdamOptimizer
that overrides only _apply_dense (so resource variables keep Adam's own update, as in TF);
step counter as a non-slot variable, tf.where on the rectification term, warmup via
tf.minimum, op and variable names of the updates."""
import numpy as np
TAGS = ['train']
TOLERANCE = {'*': (1e-4, 1e-5)}


def make(tf):
    class RAdamOptimizer(tf.train.Optimizer):
        def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-7,
                     warmup_steps=2, min_lr=0.0, use_locking=False, name="RAdam"):
            super(RAdamOptimizer, self).__init__(use_locking, name)
            self._lr, self._beta1, self._beta2, self._epsilon = learning_rate, beta1, beta2, epsilon
            self._warmup_steps, self._min_lr = warmup_steps, min_lr

        def _create_slots(self, var_list):
            first_var = min(var_list, key=lambda x: x.name)
            self._create_non_slot_variable(initial_value=0.0, name="step", colocate_with=first_var)
            for v in var_list:
                self._zeros_slot(v, "m", self._name)
                self._zeros_slot(v, "v", self._name)

        def _prepare(self):
            self._lr_t = tf.convert_to_tensor(self._call_if_callable(self._lr), name="learning_rate")

        def _apply_dense(self, grad, var):
            step = self._get_non_slot_variable("step", graph=tf.get_default_graph()) + 1.0
            lr = self._lr_t * tf.minimum(step / self._warmup_steps, 1.0)
            b1, b2 = self._beta1, self._beta2
            b1_t, b2_t = tf.pow(b1, step), tf.pow(b2, step)
            sma_inf = 2.0 / (1.0 - b2) - 1.0
            sma_t = sma_inf - 2.0 * step * b2_t / (1.0 - b2_t)
            m, v = self.get_slot(var, "m"), self.get_slot(var, "v")
            m_t = tf.assign(m, b1 * m + (1.0 - b1) * grad)
            v_t = tf.assign(v, b2 * v + (1.0 - b2) * tf.square(grad))
            m_corr = m_t / (1.0 - b1_t)
            v_corr = tf.sqrt(v_t / (1.0 - b2_t))
            r_t = tf.sqrt((sma_t - 4.0) / (sma_inf - 4.0) * (sma_t - 2.0) / (sma_inf - 2.0)
                          * sma_inf / sma_t)
            var_t = tf.where(sma_t >= 5.0, r_t * m_corr / (v_corr + self._epsilon), m_corr)
            return tf.group(tf.assign_sub(var, lr * var_t), m_t, v_t)

        def _resource_apply_dense(self, grad, var):
            return self._apply_dense(grad, var)

        def _finish(self, update_ops, name_scope):
            with tf.control_dependencies(update_ops):
                step = self._get_non_slot_variable("step", graph=tf.get_default_graph())
                with tf.colocate_with(step):
                    upd = step.assign(step + 1.0, use_locking=self._use_locking)
            return tf.group(*update_ops + [upd], name=name_scope)

    class NadamOptimizer(tf.train.AdamOptimizer):
        def _apply_dense(self, grad, var):
            b1p, b2p = self._get_beta_accumulators()
            lr = self._lr_t * tf.sqrt(1 - b2p) / (1 - b1p)
            m, v = self.get_slot(var, "m"), self.get_slot(var, "v")
            m_t = tf.assign(m, self._beta1_t * m + (1 - self._beta1_t) * grad)
            v_t = tf.assign(v, self._beta2_t * v + (1 - self._beta2_t) * tf.square(grad))
            m_bar = self._beta1_t * m_t + (1 - self._beta1_t) * grad
            return tf.group(tf.assign_sub(var, lr * m_bar / (tf.sqrt(v_t) + self._epsilon_t)), m_t, v_t)
    return RAdamOptimizer, NadamOptimizer


def main(tf):
    RAdam, Nadam = make(tf)
    rng = np.random.RandomState(21)
    xd = rng.randn(10, 4).astype(np.float32)
    yd = rng.randint(0, 2, (10, 1)).astype(np.float32)
    out = {}
    for name, maker, res in [('radam', lambda: RAdam(0.1), False),
                             ('radam_res', lambda: RAdam(0.1), True),
                             ('nadam', lambda: Nadam(0.05, name="Nadam"), False),
                             ('nadam_res', lambda: Nadam(0.05, name="Nadam"), True)]:
        with tf.Graph().as_default():
            with tf.variable_scope("clf", use_resource=res):
                logits = tf.layers.dense(tf.constant(xd), 1, kernel_initializer=tf.constant_initializer(0.1))
            loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=yd, logits=logits))
            gs = tf.train.get_or_create_global_step()
            opt = maker()
            train = opt.minimize(loss, global_step=gs, name="train")
            out[name + '_ops'] = sorted(op.name for op in tf.get_default_graph().get_operations()
                                        if op.name.startswith('train/update_') and op.type in
                                        ('NoOp', 'ApplyAdam', 'ResourceApplyAdam'))
            out[name + '_vars'] = [v.name for v in opt.variables()]
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                ls = []
                for _ in range(7):
                    ls.append(sess.run(loss))
                    sess.run(train)
                out[name + '_loss'] = np.array(ls)
                out[name + '_w'] = sess.run(tf.trainable_variables())
                out[name + '_gs'] = sess.run(gs)
    return out
