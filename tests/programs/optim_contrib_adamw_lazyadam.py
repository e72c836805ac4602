"""tf.contrib.opt of TF 1.15 reproduced on core APIs, as papers copied it: AdamWOptimizer
(DecoupledWeightDecayExtension mixed into AdamOptimizer: decay ops before the Adam update,
decay_var_list in minimize, _resource_scatter_add for sparse resource updates),
LazyAdamOptimizer (scatter_update of the m/v rows of the looked-up ids only), and a plain
Adam subclass that reuses Adam's _apply_sparse_shared with its own scatter_add."""
import numpy as np
TAGS = ['train']
TOLERANCE = {'*': (1e-4, 1e-5)}


def make(tf):
    class DecoupledWeightDecayExtension(object):
        def __init__(self, weight_decay, **kwargs):
            self._decay_var_list = None
            self._weight_decay = weight_decay
            super(DecoupledWeightDecayExtension, self).__init__(**kwargs)

        def minimize(self, loss, global_step=None, var_list=None, name=None, decay_var_list=None):
            self._decay_var_list = set(decay_var_list) if decay_var_list else False
            return super(DecoupledWeightDecayExtension, self).minimize(
                loss, global_step=global_step, var_list=var_list, name=name)

        def _prepare(self):
            weight_decay = self._call_if_callable(self._weight_decay)
            self._weight_decay_tensor = tf.convert_to_tensor(weight_decay, name="weight_decay")
            super(DecoupledWeightDecayExtension, self)._prepare()

        def _decay_weights_op(self, var):
            if not self._decay_var_list or var in self._decay_var_list:
                return var.assign_sub(self._weight_decay * var, self._use_locking)
            return tf.no_op()

        def _decay_weights_sparse_op(self, var, indices, scatter_add):
            if not self._decay_var_list or var in self._decay_var_list:
                update = -self._weight_decay * tf.gather(var, indices)
                return scatter_add(var, indices, update, self._use_locking)
            return tf.no_op()

        def _apply_dense(self, grad, var):
            with tf.control_dependencies([self._decay_weights_op(var)]):
                return super(DecoupledWeightDecayExtension, self)._apply_dense(grad, var)

        def _resource_apply_dense(self, grad, var):
            with tf.control_dependencies([self._decay_weights_op(var)]):
                return super(DecoupledWeightDecayExtension, self)._resource_apply_dense(grad, var)

        def _apply_sparse(self, grad, var):
            decay_op = self._decay_weights_sparse_op(var, grad.indices, tf.scatter_add)
            with tf.control_dependencies([decay_op]):
                return super(DecoupledWeightDecayExtension, self)._apply_sparse(grad, var)

        def _resource_scatter_add(self, x, i, v, _=None):
            with tf.control_dependencies([tf.raw_ops.ResourceScatterAdd(resource=x.handle, indices=i, updates=v)]):
                return x.value()

        def _resource_apply_sparse(self, grad, var, indices):
            decay_op = self._decay_weights_sparse_op(var, indices, self._resource_scatter_add)
            with tf.control_dependencies([decay_op]):
                return super(DecoupledWeightDecayExtension, self)._resource_apply_sparse(grad, var, indices)

    class AdamWOptimizer(DecoupledWeightDecayExtension, tf.train.AdamOptimizer):
        def __init__(self, weight_decay, learning_rate=0.001, beta1=0.9, beta2=0.999,
                     epsilon=1e-8, use_locking=False, name="AdamW"):
            super(AdamWOptimizer, self).__init__(
                weight_decay, learning_rate=learning_rate, beta1=beta1, beta2=beta2,
                epsilon=epsilon, use_locking=use_locking, name=name)

    class LazyAdamOptimizer(tf.train.AdamOptimizer):
        def _apply_sparse(self, grad, var):
            beta1_power, beta2_power = self._get_beta_accumulators()
            beta1_power = tf.cast(beta1_power, var.dtype.base_dtype)
            beta2_power = tf.cast(beta2_power, var.dtype.base_dtype)
            lr_t = tf.cast(self._lr_t, var.dtype.base_dtype)
            beta1_t = tf.cast(self._beta1_t, var.dtype.base_dtype)
            beta2_t = tf.cast(self._beta2_t, var.dtype.base_dtype)
            epsilon_t = tf.cast(self._epsilon_t, var.dtype.base_dtype)
            lr = (lr_t * tf.sqrt(1 - beta2_power) / (1 - beta1_power))
            m = self.get_slot(var, "m")
            m_t = tf.scatter_update(m, grad.indices, beta1_t * tf.gather(m, grad.indices)
                                    + (1 - beta1_t) * grad.values, use_locking=self._use_locking)
            v = self.get_slot(var, "v")
            v_t = tf.scatter_update(v, grad.indices, beta2_t * tf.gather(v, grad.indices)
                                    + (1 - beta2_t) * tf.square(grad.values),
                                    use_locking=self._use_locking)
            m_t_slice = tf.gather(m_t, grad.indices)
            v_t_slice = tf.gather(v_t, grad.indices)
            denominator_slice = tf.sqrt(v_t_slice) + epsilon_t
            var_update = tf.scatter_sub(var, grad.indices, lr * m_t_slice / denominator_slice,
                                        use_locking=self._use_locking)
            return tf.group(var_update, m_t, v_t)

    class SharedAdam(tf.train.AdamOptimizer):
        def _apply_sparse(self, grad, var):
            return self._apply_sparse_shared(
                grad.values, var, grad.indices,
                lambda x, i, v: tf.scatter_add(x, i, v, use_locking=self._use_locking))
    return AdamWOptimizer, LazyAdamOptimizer, SharedAdam


def main(tf):
    out = {}
    AdamW, LazyAdam, SharedAdam = make(tf)
    rng = np.random.RandomState(1)
    idd = rng.randint(0, 6, (5, 2)).astype(np.int32)
    yd = rng.randn(5, 1).astype(np.float32)
    for name, maker, res in [('adamw', lambda: AdamW(0.05, learning_rate=0.1), False),
                             ('adamw_res', lambda: AdamW(0.05, learning_rate=0.1), True),
                             ('lazy', lambda: LazyAdam(0.1), False),
                             ('shared', lambda: SharedAdam(0.1, name="SAdam"), False)]:
        with tf.Graph().as_default():
            tf.set_random_seed(3)
            with tf.variable_scope("m", use_resource=res):
                emb = tf.get_variable("emb", [6, 3], initializer=tf.random_normal_initializer(seed=2))
                w = tf.get_variable("w", [3, 1], initializer=tf.constant_initializer(0.4))
            ids = tf.placeholder(tf.int32, [None, 2])
            h = tf.reduce_sum(tf.nn.embedding_lookup(emb, ids), 1)
            loss = tf.reduce_mean(tf.square(tf.matmul(h, w) - yd))
            gs = tf.train.get_or_create_global_step()
            opt = maker()
            if name.startswith('adamw'):
                # the decay ops read no gradient: a barrier keeps them after the forward pass
                gvs = opt.compute_gradients(loss)
                opt._decay_var_list = set([emb, w] if res else [emb])
                barrier = [g.values if isinstance(g, tf.IndexedSlices) else g for g, _ in gvs]
                with tf.control_dependencies(barrier):
                    train = opt.apply_gradients(gvs, global_step=gs)
            else:
                train = opt.minimize(loss, global_step=gs)
            out[name + '_vars'] = [v.name for v in opt.variables()]
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                ls = []
                for k in range(5):
                    ls.append(sess.run(loss, {ids: idd}))
                    sess.run(train, {ids: idd[k:k + 1]})
                out[name + '_loss'] = np.array(ls)
                out[name + '_emb'], out[name + '_w'] = sess.run([emb, w])
                out[name + '_m'] = sess.run(opt.get_slot(emb, 'm'))
    return out
