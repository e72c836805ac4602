"""TF 1.15's tf.contrib.opt AdaMax, Nadam, AddSign and PowerSign
(contrib/opt/python/training/{adamax,nadam_optimizer,addsign,powersign}.py), transcribed onto
TF 2.21's compat.v1 API with tf.raw_ops for TF 1.15's training_ops.apply_* (ref variables
only): under real TF, the tests of test_copt_optimizers.py run these to get TF's numbers."""
import contextlib
import math
import types


def _cast(tf, t, var):
    return tf.cast(t, var.dtype.base_dtype)


def reference_classes(tf):
    class AdaMaxOptimizer(tf.train.AdamOptimizer):
        def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8,
                     use_locking=False, name="AdaMax"):
            super().__init__(learning_rate, beta1, beta2, epsilon, use_locking, name)

        def _get_beta_accumulators(self):
            return self._get_non_slot_variable("beta1_power", graph=tf.get_default_graph())

        def _create_slots(self, var_list):
            first_var = min(var_list, key=lambda x: x.name)
            self._create_non_slot_variable(initial_value=self._beta1, name="beta1_power",
                                           colocate_with=first_var)
            for v in var_list:
                self._zeros_slot(v, "m", self._name)
                self._zeros_slot(v, "v", self._name)

        def _apply_dense(self, grad, var):
            c = lambda t: _cast(tf, t, var)  # noqa: E731
            return tf.raw_ops.ApplyAdaMax(
                var=var, m=self.get_slot(var, "m"), v=self.get_slot(var, "v"),
                beta1_power=c(self._get_beta_accumulators()), lr=c(self._lr_t),
                beta1=c(self._beta1_t), beta2=c(self._beta2_t), epsilon=c(self._epsilon_t),
                grad=grad, use_locking=self._use_locking).op

        def _apply_sparse(self, grad, var):
            c = lambda t: _cast(tf, t, var)  # noqa: E731
            beta1_power = c(self._get_beta_accumulators())
            lr_t, beta1_t = c(self._lr_t), c(self._beta1_t)
            beta2_t, epsilon_t = c(self._beta2_t), c(self._epsilon_t)
            indices, g = grad.indices, grad.values
            m, v = self.get_slot(var, "m"), self.get_slot(var, "v")
            m_t_slice = tf.gather(m, indices) * beta1_t + g * (1 - beta1_t)
            with tf.control_dependencies([m_t_slice]):
                m_t = tf.scatter_update(m, indices, m_t_slice)
            v_t_slice = tf.maximum(tf.gather(v, indices) * beta2_t, tf.abs(g))
            with tf.control_dependencies([v_t_slice]):
                v_t = tf.scatter_update(v, indices, v_t_slice)
            var_slice = -lr_t / (1 - beta1_power) * (m_t_slice / (v_t_slice + epsilon_t))
            with tf.control_dependencies([var_slice]):
                var_update = tf.scatter_add(var, indices, var_slice)
            return tf.group(*[var_update, m_t, v_t])

        def _finish(self, update_ops, name_scope):
            with tf.control_dependencies(update_ops):
                beta1_power = self._get_beta_accumulators()
                with tf.colocate_with(beta1_power):
                    update_beta1 = beta1_power.assign(beta1_power * self._beta1_t)
            return tf.group(*update_ops + [update_beta1], name=name_scope)

    class NadamOptimizer(tf.train.AdamOptimizer):
        def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-08,
                     use_locking=False, name="Adam"):
            super().__init__(learning_rate=learning_rate, beta1=beta1, beta2=beta2,
                             epsilon=epsilon, use_locking=use_locking, name=name)

        def _apply_dense(self, grad, var):
            c = lambda t: _cast(tf, t, var)  # noqa: E731
            b1p, b2p = self._get_beta_accumulators()
            return tf.raw_ops.ApplyAdam(
                var=var, m=self.get_slot(var, "m"), v=self.get_slot(var, "v"),
                beta1_power=c(b1p), beta2_power=c(b2p), lr=c(self._lr_t),
                beta1=c(self._beta1_t), beta2=c(self._beta2_t), epsilon=c(self._epsilon_t),
                grad=grad, use_locking=self._use_locking, use_nesterov=True).op

        def _apply_sparse_shared(self, grad, var, indices, scatter_add):
            c = lambda t: _cast(tf, t, var)  # noqa: E731
            b1p, b2p = (c(p) for p in self._get_beta_accumulators())
            lr_t, beta1_t = c(self._lr_t), c(self._beta1_t)
            beta2_t, epsilon_t = c(self._beta2_t), c(self._epsilon_t)
            lr = lr_t * tf.sqrt(1 - b2p) / (1 - b1p)
            m = self.get_slot(var, "m")
            m_scaled = grad * (1 - beta1_t)
            m_t = tf.assign(m, m * beta1_t)
            with tf.control_dependencies([m_t]):
                m_t = scatter_add(m, indices, m_scaled)
                m_bar = m_scaled + beta1_t * tf.gather(m_t, indices)
            v = self.get_slot(var, "v")
            v_scaled = (grad * grad) * (1 - beta2_t)
            v_t = tf.assign(v, v * beta2_t)
            with tf.control_dependencies([v_t]):
                v_t = scatter_add(v, indices, v_scaled)
            v_sqrt = tf.sqrt(tf.gather(v_t, indices))
            var_update = scatter_add(var, indices, -lr * m_bar / (v_sqrt + epsilon_t))
            return tf.group(*[var_update, m_bar, v_t])

    class _Sign(tf.train.Optimizer):
        def __init__(self, learning_rate, beta, sign_decay_fn, name):
            super().__init__(False, name)
            self._lr, self._beta, self._sign_decay_fn = learning_rate, beta, sign_decay_fn

        def apply_gradients(self, grads_and_vars, global_step=None, name=None):
            if self._sign_decay_fn is not None:
                self._sign_decay_t = tf.convert_to_tensor(self._sign_decay_fn(global_step),
                                                          name='sign_decay')
            return super().apply_gradients(grads_and_vars, global_step=global_step,
                                           name=name)

        def _create_slots(self, var_list):
            for v in var_list:
                self._zeros_slot(v, 'm', self._name)

        def _prepare(self):
            self._lr_t = tf.convert_to_tensor(self._lr, name='learning_rate')
            self._beta_t = tf.convert_to_tensor(self._beta, name='beta')
            self._hyper_t = tf.convert_to_tensor(self._hyper, name=self._hyper_name)
            if self._sign_decay_fn is None:
                self._sign_decay_t = tf.convert_to_tensor(1.0, name='sign_decay')

        def _apply_dense(self, grad, var):
            c = lambda t: _cast(tf, t, var)  # noqa: E731
            kw = {self._hyper_name: c(self._hyper_t)}
            return getattr(tf.raw_ops, self._op)(
                var=var, m=self.get_slot(var, 'm'), lr=c(self._lr_t),
                sign_decay=c(self._sign_decay_t), beta=c(self._beta_t), grad=grad, **kw).op

        def _apply_sparse(self, grad, var):
            c = lambda t: _cast(tf, t, var)  # noqa: E731
            lr_t, beta_t = c(self._lr_t), c(self._beta_t)
            m = self.get_slot(var, 'm')
            m_t = tf.assign(m, (m * beta_t) + (grad * (1 - beta_t)))
            sign_gm = tf.gather(tf.sign(m_t), grad.indices) * tf.sign(grad.values)
            decayed = c(self._sign_decay_t) * sign_gm
            if self._op == 'ApplyAddSign':
                mult = c(self._hyper_t) + decayed
            else:
                mult = tf.pow(c(math.e), c(self._hyper_t) * decayed)
            var_update = tf.scatter_sub(var, grad.indices, lr_t * mult * grad.values)
            return tf.group(*[var_update, m_t])

    class AddSignOptimizer(_Sign):
        _op, _hyper_name = 'ApplyAddSign', 'alpha'

        def __init__(self, learning_rate=0.1, alpha=1.0, beta=0.9, sign_decay_fn=None,
                     use_locking=False, name='AddSignOptimizer'):
            super().__init__(learning_rate, beta, sign_decay_fn, name)
            self._hyper = alpha

    class PowerSignOptimizer(_Sign):
        _op, _hyper_name = 'ApplyPowerSign', 'logbase'

        def __init__(self, learning_rate=0.1, base=math.e, beta=0.9, sign_decay_fn=None,
                     use_locking=False, name='PowerSignOptimizer'):
            super().__init__(learning_rate, beta, sign_decay_fn, name)
            self._hyper = math.log(base)

    return dict(AdaMaxOptimizer=AdaMaxOptimizer, NadamOptimizer=NadamOptimizer,
                AddSignOptimizer=AddSignOptimizer, PowerSignOptimizer=PowerSignOptimizer)


def reference_decay_fns(tf):
    """sign_decay.py's get_linear_decay_fn, get_cosine_decay_fn, get_restart_decay_fn."""
    f = lambda x: tf.cast(x, tf.float32)  # noqa: E731

    def get_linear_decay_fn(decay_steps):
        def linear_decay_fn(global_step):
            if global_step is None:
                raise ValueError("global_step is required for linear_decay.")
            global_step = tf.minimum(global_step, decay_steps)
            remaining = tf.cast(decay_steps, tf.int32) - tf.cast(global_step, tf.int32)
            return tf.maximum(0.0, f(remaining) / f(decay_steps))
        return linear_decay_fn

    def get_cosine_decay_fn(decay_steps, num_periods=0.5, zero_after=None):
        def cosine_decay_fn(global_step):
            if global_step is None:
                raise ValueError("global_step is required for cosine_decay.")
            global_step = tf.minimum(global_step, decay_steps)
            fraction = 2.0 * num_periods * (f(global_step) / f(decay_steps))
            decayed = 0.5 * (1.0 + tf.cos(tf.constant(math.pi) * fraction))
            if zero_after is not None:
                decayed = tf.where(tf.greater_equal(fraction, 2 * zero_after), 0.0, decayed)
            return decayed
        return cosine_decay_fn

    def get_restart_decay_fn(decay_steps, num_periods=1, zero_after=None):
        def restart_decay_fn(global_step):
            if global_step is None:
                raise ValueError("global_step is required for cosine_decay.")
            global_step = tf.minimum(global_step, decay_steps)
            num = tf.mod(num_periods * f(global_step), decay_steps)
            fraction = num / f(decay_steps)
            decayed = 0.5 * (1.0 + tf.cos(tf.constant(math.pi) * fraction))
            if zero_after is not None:
                tmp = f(num_periods * global_step) / f(decay_steps)
                decayed = tf.where(tf.greater_equal(tmp, zero_after), 0.0, decayed)
            return decayed
        return restart_decay_fn

    return dict(get_linear_decay_fn=get_linear_decay_fn,
                get_cosine_decay_fn=get_cosine_decay_fn,
                get_restart_decay_fn=get_restart_decay_fn)


def reference_wrappers(tf):
    """variable_clipping_optimizer.py's VariableClippingOptimizer and
    multitask_optimizer_wrapper.py's MultitaskOptimizerWrapper and
    clip_gradients_by_global_norm."""
    class VariableClippingOptimizer(tf.train.Optimizer):
        def __init__(self, opt, vars_to_clip_dims, max_norm, use_locking=False,
                     colocate_clip_ops_with_vars=False, name="VariableClipping"):
            super().__init__(use_locking, name)
            self._opt, self._max_norm = opt, max_norm
            self._vars_to_clip_dims = {v: d[:] for v, d in vars_to_clip_dims.items()}

        def compute_gradients(self, *args, **kwargs):
            return self._opt.compute_gradients(*args, **kwargs)

        def get_slot_names(self, *args, **kwargs):
            return self._opt.get_slot_names(*args, **kwargs)

        def apply_gradients(self, grads_and_vars, global_step=None, name=None):
            with tf.name_scope(name, self._name) as name:
                update_op = self._opt.apply_gradients(grads_and_vars, global_step=global_step)
                clips = []
                with tf.control_dependencies([update_op]):
                    for grad, var in grads_and_vars:
                        if grad is None or var not in self._vars_to_clip_dims:
                            continue
                        with tf.name_scope("clip_" + var.op.name):
                            if isinstance(grad, tf.Tensor):
                                clips.append(self._clip_dense(var))
                            else:
                                clips.append(self._clip_sparse(grad, var))
                return tf.group(*([update_op] + clips), name=name)

        def _clip_dense(self, var):
            value = var.read_value()
            delta = value - tf.clip_by_norm(value, self._max_norm,
                                            self._vars_to_clip_dims[var])
            return var.assign_sub(delta)

        def _clip_sparse(self, grad, var):
            dims = self._vars_to_clip_dims[var]
            if 0 in dims:
                return self._clip_dense(var)
            subset = tf.gather(var, grad.indices)
            delta = tf.IndexedSlices(subset - tf.clip_by_norm(subset, self._max_norm, dims),
                                     grad.indices, grad.dense_shape)
            return var.scatter_sub(delta)

    def _is_all_zeros(grad):
        return tf.equal(tf.count_nonzero(grad), 0)

    def _get_wrapper(fn, opt):
        def wrapper(self, grad, *args, **kwargs):
            return tf.cond(_is_all_zeros(grad), tf.no_op, lambda: fn(grad, *args, **kwargs))
        return types.MethodType(wrapper, opt)

    class MultitaskOptimizerWrapper(object):
        def __init__(self, opt):
            if not isinstance(opt, tf.train.Optimizer):
                raise TypeError("Supplied optimizer must be an instance of tf.train.Optimizer")
            self._opt = opt
            for name in ('_apply_dense', '_resource_apply_dense', '_apply_sparse',
                         '_resource_apply_sparse'):
                setattr(self._opt, name, _get_wrapper(getattr(self._opt, name), self._opt))

        def __getattr__(self, name):
            return getattr(self._opt, name)

    def clip_gradients_by_global_norm(gradients_variables, clip_norm=20.):
        gradients, variables = zip(*gradients_variables)

        def _replace(grad):
            if grad is None:
                return grad
            return tf.cond(_is_all_zeros(grad),
                           lambda: tf.zeros([], dtype=tf.as_dtype(grad.dtype)), lambda: grad)
        norm = tf.global_norm([_replace(g) for g in gradients])
        gradients, _ = tf.clip_by_global_norm(gradients, clip_norm, use_norm=norm)
        return list(zip(gradients, variables)), norm

    return dict(VariableClippingOptimizer=VariableClippingOptimizer,
                MultitaskOptimizerWrapper=MultitaskOptimizerWrapper,
                clip_gradients_by_global_norm=clip_gradients_by_global_norm)


def reference_lars_regadagrad(tf):
    """lars_optimizer.py's LARSOptimizer and reg_adagrad_optimizer.py's RegAdagradOptimizer."""
    class LARSOptimizer(tf.train.Optimizer):
        def __init__(self, learning_rate, momentum=0.9, weight_decay=0.0001, eeta=0.001,
                     epsilon=0.0, name="LARSOptimizer", skip_list=None, use_nesterov=False):
            if momentum < 0.0:
                raise ValueError("momentum should be positive: %s" % momentum)
            if weight_decay < 0.0:
                raise ValueError("weight_decay should be positive: %s" % weight_decay)
            super().__init__(use_locking=False, name=name)
            self._learning_rate, self._momentum = learning_rate, momentum
            self._weight_decay, self._eeta, self._epsilon = weight_decay, eeta, epsilon
            self._skip_list, self._use_nesterov = skip_list, use_nesterov

        def _create_slots(self, var_list):
            for v in var_list:
                self._zeros_slot(v, "momentum", self._name)

        def compute_lr(self, grad, var):
            scaled_lr = self._learning_rate
            if self._skip_list is None or not any(v in var.name for v in self._skip_list):
                w_norm, g_norm = tf.norm(var, ord=2), tf.norm(grad, ord=2)
                trust_ratio = tf.where(
                    tf.greater(w_norm, 0),
                    tf.where(tf.greater(g_norm, 0), (self._eeta * w_norm / (
                        g_norm + self._weight_decay * w_norm + self._epsilon)), 1.0), 1.0)
                scaled_lr = self._learning_rate * trust_ratio
            return scaled_lr

        def _apply_dense(self, grad, var):
            return tf.raw_ops.ApplyMomentum(
                var=var, accum=self.get_slot(var, "momentum"),
                lr=tf.convert_to_tensor(self.compute_lr(grad, var), var.dtype.base_dtype),
                grad=grad, momentum=tf.constant(self._momentum, var.dtype.base_dtype),
                use_nesterov=self._use_nesterov)

        def _apply_sparse(self, grad, var):
            return tf.raw_ops.SparseApplyMomentum(
                var=var, accum=self.get_slot(var, "momentum"),
                lr=tf.cast(self._learning_rate_tensor, var.dtype.base_dtype),
                grad=grad.values, indices=grad.indices,
                momentum=tf.cast(self._momentum_tensor, var.dtype.base_dtype),
                use_nesterov=self._use_nesterov).op

        def _prepare(self):
            self._learning_rate_tensor = tf.convert_to_tensor(self._learning_rate,
                                                              name="learning_rate")
            self._momentum_tensor = tf.convert_to_tensor(self._momentum, name="momentum")

    class RegAdagradOptimizer(tf.train.AdagradOptimizer):
        def __init__(self, learning_rate, initial_accumulator_value=0.1, use_locking=False,
                     name="RegAdagrad"):
            super().__init__(learning_rate, initial_accumulator_value=initial_accumulator_value,
                             use_locking=use_locking, name=name)
            self._should_update_slots = True

        @contextlib.contextmanager
        def avoid_updating_slots(self):
            old = self._should_update_slots
            self._should_update_slots = False
            try:
                yield
            finally:
                self._should_update_slots = old

        def _apply_dense(self, grad, var):
            return tf.raw_ops.ApplyAdagrad(
                var=var, accum=self.get_slot(var, "accumulator"),
                lr=tf.cast(self._learning_rate_tensor, var.dtype.base_dtype), grad=grad,
                update_slots=self._should_update_slots)

        def _apply_sparse(self, grad, var):
            return tf.raw_ops.SparseApplyAdagrad(
                var=var, accum=self.get_slot(var, "accumulator"),
                lr=tf.cast(self._learning_rate_tensor, var.dtype.base_dtype),
                grad=grad.values, indices=grad.indices, update_slots=self._should_update_slots)

    return dict(LARSOptimizer=LARSOptimizer, RegAdagradOptimizer=RegAdagradOptimizer)


def reference_drop_stale(tf):
    """drop_stale_gradient_optimizer.py's DropStaleGradientOptimizer."""

    class DropStaleGradientOptimizer(tf.train.Optimizer):
        def __init__(self, opt, staleness, use_locking=False, name="DropStaleGradient"):
            super().__init__(use_locking, name)
            self._opt, self._staleness = opt, staleness

        def compute_gradients(self, loss, *args, **kwargs):
            with tf.colocate_with(loss):
                self._local_step = tf.train.get_global_step().read_value() + 0
            with tf.control_dependencies([self._local_step]):
                loss = tf.identity(loss)
                return self._opt.compute_gradients(loss, *args, **kwargs)

        def get_slot_names(self, *args, **kwargs):
            return self._opt.get_slot_names(*args, **kwargs)

        def apply_gradients(self, grads_and_vars, global_step=None, name=None):
            with tf.colocate_with(global_step):
                stale_counter = tf.get_variable("stale_counter", [],
                                                initializer=tf.zeros_initializer(),
                                                trainable=False)

            def _accept():
                with tf.control_dependencies([self._opt.apply_gradients(
                        grads_and_vars, global_step=global_step, name=name)]):
                    return tf.identity(0.0)

            gradients = [g if isinstance(g, tf.Tensor) else g.op
                         for g, _ in grads_and_vars if g is not None]
            with tf.control_dependencies(gradients), tf.colocate_with(global_step):
                staleness = tf.reshape(global_step.read_value() - self._local_step, shape=())
            update = stale_counter.assign_add(tf.cond(
                tf.less_equal(staleness, self._staleness), _accept, lambda: tf.identity(1.0)))
            tf.summary.scalar("Gradient staleness percentage",
                              stale_counter / tf.cast(global_step.read_value() + 1, tf.float32))
            return update

    return dict(DropStaleGradientOptimizer=DropStaleGradientOptimizer)


def reference_moving_average(tf):
    """moving_average_optimizer.py's MovingAverageOptimizer (unpartitioned variables)."""
    from tensorflow.python.training.saving import saveable_object_util  # lazy: TF run only

    class MovingAverageOptimizer(tf.train.Optimizer):
        def __init__(self, opt, average_decay=0.9999, num_updates=None,
                     sequential_update=True):
            self._optimizer = opt
            self._ema = tf.train.ExponentialMovingAverage(
                average_decay, num_updates=num_updates, zero_debias=True)
            self._swapped_variable_name_map = None
            self._sequential_update = sequential_update

        def compute_gradients(self, *args, **kwargs):
            return self._optimizer.compute_gradients(*args, **kwargs)

        def apply_gradients(self, grads_and_vars, global_step=None, name=None):
            train_op = self._optimizer.apply_gradients(grads_and_vars,
                                                       global_step=global_step, name=name)
            var_list = [x[1] for x in grads_and_vars if x[0] is not None]
            self._swapped_variable_name_map = {}
            if self._sequential_update:
                with tf.control_dependencies([train_op]):
                    ma_op = self._ema.apply(var_list)
            else:
                ma_op = self._ema.apply(var_list)
            for v in var_list:
                v_avg = self._ema.average(v)
                self._swapped_variable_name_map[v.op.name] = v_avg.op.name
                self._swapped_variable_name_map[v_avg.op.name] = v.op.name
            return tf.group(train_op, ma_op, name='train_with_avg')

        def swapping_saver(self, var_list=None, name='swapping_saver', **kwargs):
            if self._swapped_variable_name_map is None:
                raise RuntimeError('Must call apply_gradients or minimize before '
                                   'creating the swapping_saver')
            if var_list is None:
                var_list = tf.global_variables()
            if not isinstance(var_list, dict):
                var_list = saveable_object_util.op_list_to_dict(var_list)
            names = self._swapped_variable_name_map
            swapped = {k: var_list[names[k]] if k in names else v for k, v in var_list.items()}
            return tf.train.Saver(swapped, name=name, **kwargs)

    return dict(MovingAverageOptimizer=MovingAverageOptimizer)


def reference_adam_gs(tf):
    """adam_gs_optimizer.py's AdamGSOptimizer, on TF 2.21's AdamOptimizer (whose dense and
    sparse steps are TF 1.15's AdamGS steps given these beta powers)."""

    class AdamGSOptimizer(tf.train.AdamOptimizer):
        def __init__(self, global_step=0, learning_rate=0.001, beta1=0.9, beta2=0.999,
                     epsilon=1e-8, use_locking=False, name="Adam"):
            super().__init__(learning_rate, beta1, beta2, epsilon, use_locking, name)
            self._global_step = global_step

        def _get_beta_accumulators(self):
            return (tf.pow(self._beta1_t, self._global_step_on_worker),
                    tf.pow(self._beta2_t, self._global_step_on_worker))

        def _create_slots(self, var_list):
            for v in var_list:
                self._zeros_slot(v, "m", self._name)
                self._zeros_slot(v, "v", self._name)

        def _prepare(self):
            self._lr_t = tf.convert_to_tensor(self._lr, name="learning_rate")
            self._beta1_t = tf.convert_to_tensor(self._beta1, name="beta1")
            self._beta2_t = tf.convert_to_tensor(self._beta2, name="beta2")
            self._epsilon_t = tf.convert_to_tensor(self._epsilon, name="epsilon")
            self._global_step_on_worker = tf.cast(tf.identity(self._global_step) + 1,
                                                  tf.float32)

        def _finish(self, update_ops, name_scope):
            return tf.group(*update_ops, name=name_scope)

    return dict(AdamGSOptimizer=AdamGSOptimizer)
