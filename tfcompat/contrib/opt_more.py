"""TF 1.15's `tf.contrib.opt` AdaMax and Nadam optimizers (Adam's slots 'm' and 'v'), written
as TF 1.15's contrib/opt/python/training/{adamax,nadam_optimizer}.py: the dense step is TF's
update op (`ApplyAdaMax`, `ApplyAdam` with use_nesterov), the sparse step the same formulas
on the gradient's rows. Also AdamGSOptimizer (adam_gs_optimizer.py), LARSOptimizer
(lars_optimizer.py) and RegAdagradOptimizer (reg_adagrad_optimizer.py). The sign optimizers
are in opt_sign.py.
"""
from __future__ import annotations

import contextlib

import tfcompat as tf
from tfcompat.ops.training_ops import APPLY
from tfcompat.train.optimizer import Optimizer
from tfcompat.train.optimizers import AdagradOptimizer
from tfcompat.train.optimizers import AdamOptimizer


def _cast(t, var):
    return tf.cast(t, var.dtype.base_dtype)


def _op(update):
    """An update op's Operation (a ref Apply* op gives its output; a Resource* op is one)."""
    return update if isinstance(update, tf.Operation) else update.op


class AdaMaxOptimizer(AdamOptimizer):
    """AdaMax (Kingma & Ba, section 7.1): m = beta1*m + (1-beta1)*g; v = max(beta2*v, |g|);
    var -= lr / (1 - beta1^t) * m / (v + epsilon). One non-slot variable, 'beta1_power'. A
    sparse gradient updates only its rows of m, v and the variable."""

    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8,
                 use_locking=False, name="AdaMax"):
        super().__init__(learning_rate, beta1, beta2, epsilon, use_locking, name)

    def _get_beta_accumulators(self):
        return self._get_non_slot_variable("beta1_power", graph=tf.get_default_graph())

    def _create_slots(self, var_list):
        # on the device of the first variable by name, as TF (one copy for all workers)
        first_var = min(var_list, key=lambda x: x.name)
        self._create_non_slot_variable(self._beta1, "beta1_power", first_var)
        for v in var_list:
            self._zeros_slot(v, "m", self._name)
            self._zeros_slot(v, "v", self._name)

    def _apply_dense(self, grad, var):
        return _op(APPLY["ApplyAdaMax"](
            var, self.get_slot(var, "m"), self.get_slot(var, "v"),
            _cast(self._get_beta_accumulators(), var), _cast(self._lr_t, var),
            _cast(self._beta1_t, var), _cast(self._beta2_t, var), _cast(self._epsilon_t, var),
            grad, use_locking=self._use_locking))

    def _resource_apply_dense(self, grad, var):
        # TF's own resource hook (AdamOptimizer's would run Adam's update)
        return self._apply_dense(grad, var)

    def _apply_sparse(self, grad, var):
        return self._sparse_step(grad.values, var, grad.indices)

    def _resource_apply_sparse(self, grad, var, indices):
        return self._sparse_step(grad, var, indices)

    def _sparse_step(self, grad, var, indices):
        beta1_power = _cast(self._get_beta_accumulators(), var)
        lr_t, beta1_t, beta2_t, epsilon_t = (_cast(t, var) for t in (
            self._lr_t, self._beta1_t, self._beta2_t, self._epsilon_t))
        m, v = self.get_slot(var, "m"), self.get_slot(var, "v")
        m_t_slice = tf.gather(m, indices) * beta1_t + grad * (1 - beta1_t)
        with tf.control_dependencies([m_t_slice]):
            m_t = tf.scatter_update(m, indices, m_t_slice, use_locking=self._use_locking)
        v_t_slice = tf.maximum(tf.gather(v, indices) * beta2_t, tf.abs(grad))
        with tf.control_dependencies([v_t_slice]):
            v_t = tf.scatter_update(v, indices, v_t_slice, use_locking=self._use_locking)
        var_slice = -lr_t / (1 - beta1_power) * (m_t_slice / (v_t_slice + epsilon_t))
        with tf.control_dependencies([var_slice]):
            var_update = tf.scatter_add(var, indices, var_slice, use_locking=self._use_locking)
        return tf.group(*[var_update, m_t, v_t])

    def _finish(self, update_ops, name_scope):
        graph = tf.get_default_graph()
        with graph.control_dependencies(update_ops):
            beta1_power = self._get_beta_accumulators()
            with graph.colocate_with(beta1_power.op):
                update_beta1 = beta1_power.assign(beta1_power * self._beta1_t,
                                                  use_locking=self._use_locking)
        return tf.group(*update_ops + [update_beta1], name=name_scope)


class NadamOptimizer(AdamOptimizer):
    """Nadam (Dozat 2015): Adam with Nesterov momentum; TF 1.15's default name is "Adam"."""

    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-08,
                 use_locking=False, name="Adam"):
        super().__init__(learning_rate=learning_rate, beta1=beta1, beta2=beta2,
                         epsilon=epsilon, use_locking=use_locking, name=name)

    def _apply_dense(self, grad, var):
        beta1_power, beta2_power = self._get_beta_accumulators()
        return _op(APPLY["ApplyAdam"](
            var, self.get_slot(var, "m"), self.get_slot(var, "v"), _cast(beta1_power, var),
            _cast(beta2_power, var), _cast(self._lr_t, var), _cast(self._beta1_t, var),
            _cast(self._beta2_t, var), _cast(self._epsilon_t, var), grad,
            use_locking=self._use_locking, use_nesterov=True))

    def _resource_apply_dense(self, grad, var):
        # TF's own resource hook (AdamOptimizer's would run Adam's update)
        return self._apply_dense(grad, var)

    def _apply_sparse_shared(self, grad, var, indices, scatter_add):
        beta1_power, beta2_power = (_cast(p, var) for p in self._get_beta_accumulators())
        lr_t, beta1_t, beta2_t, epsilon_t = (_cast(t, var) for t in (
            self._lr_t, self._beta1_t, self._beta2_t, self._epsilon_t))
        lr = lr_t * tf.sqrt(1 - beta2_power) / (1 - beta1_power)
        m = self.get_slot(var, "m")
        m_scaled_g_values = grad * (1 - beta1_t)
        m_t = tf.assign(m, m * beta1_t, use_locking=self._use_locking)
        with tf.control_dependencies([m_t]):
            m_t = scatter_add(m, indices, m_scaled_g_values)
            # the Nesterov term: this step's gradient plus the decayed new moment
            m_bar = m_scaled_g_values + beta1_t * tf.gather(m_t, indices)
        v = self.get_slot(var, "v")
        v_scaled_g_values = (grad * grad) * (1 - beta2_t)
        v_t = tf.assign(v, v * beta2_t, use_locking=self._use_locking)
        with tf.control_dependencies([v_t]):
            v_t = scatter_add(v, indices, v_scaled_g_values)
        v_sqrt = tf.sqrt(tf.gather(v_t, indices))
        var_update = scatter_add(var, indices, -lr * m_bar / (v_sqrt + epsilon_t))
        return tf.group(*[var_update, m_bar, v_t])


class AdamGSOptimizer(AdamOptimizer):
    """Adam whose bias corrections use beta^(global_step + 1) (a copy of `global_step` read
    once per step) instead of the beta1_power/beta2_power variables; slots 'm' and 'v'."""

    def __init__(self, global_step=0, learning_rate=0.001, beta1=0.9, beta2=0.999,
                 epsilon=1e-8, use_locking=False, name="Adam"):
        super().__init__(learning_rate, beta1, beta2, epsilon, use_locking, name)
        self._global_step = global_step
        self._global_step_on_worker = None

    def _get_beta_accumulators(self):
        return (tf.pow(self._beta1_t, self._global_step_on_worker),
                tf.pow(self._beta2_t, self._global_step_on_worker))

    def _create_slots(self, var_list):
        for v in var_list:
            self._zeros_slot(v, "m", self._name)
            self._zeros_slot(v, "v", self._name)

    def _prepare(self):
        self._lr_t, self._beta1_t, self._beta2_t, self._epsilon_t = (
            tf.convert_to_tensor(self._call_if_callable(value), name=name)
            for value, name in ((self._lr, "learning_rate"), (self._beta1, "beta1"),
                                (self._beta2, "beta2"), (self._epsilon, "epsilon")))
        # one read of the global step per step (TF: a copy on the worker)
        self._global_step_on_worker = tf.cast(tf.identity(self._global_step) + 1, tf.float32)

    def _finish(self, update_ops, name_scope):
        # no power accumulators to update (tf.train.Optimizer's _finish)
        return tf.group(*update_ops, name=name_scope)


class LARSOptimizer(Optimizer):
    """Layer-wise Adaptive Rate Scaling (You, Gitman & Ginsburg 2017): momentum whose dense
    step uses lr * eeta * |w| / (|g| + weight_decay * |w| + epsilon) (lr itself when a norm
    is 0, or for a variable whose name contains a string of `skip_list`); a sparse gradient
    gets plain momentum. Slot 'momentum'."""

    def __init__(self, learning_rate, momentum=0.9, weight_decay=0.0001, eeta=0.001,
                 epsilon=0.0, name="LARSOptimizer", skip_list=None, use_nesterov=False):
        if momentum < 0.0:
            raise ValueError("momentum should be positive: %s" % momentum)
        if weight_decay < 0.0:
            raise ValueError("weight_decay should be positive: %s" % weight_decay)
        super().__init__(use_locking=False, name=name)
        self._learning_rate = learning_rate
        self._momentum = momentum
        self._weight_decay = weight_decay
        self._eeta = eeta
        self._epsilon = epsilon
        self._skip_list = skip_list
        self._use_nesterov = use_nesterov

    def _create_slots(self, var_list):
        for v in var_list:
            self._zeros_slot(v, "momentum", self._name)

    def compute_lr(self, grad, var):
        scaled_lr = self._learning_rate
        if self._skip_list is None or not any(v in var.name for v in self._skip_list):
            w_norm = tf.norm(var, ord=2)
            g_norm = tf.norm(grad, ord=2)
            trust_ratio = tf.where(
                tf.greater(w_norm, 0),
                tf.where(tf.greater(g_norm, 0),
                         (self._eeta * w_norm
                          / (g_norm + self._weight_decay * w_norm + self._epsilon)), 1.0),
                1.0)
            scaled_lr = self._learning_rate * trust_ratio
        return scaled_lr

    def _apply_dense(self, grad, var):
        return APPLY["ApplyMomentum"](var, self.get_slot(var, "momentum"),
                                      self.compute_lr(grad, var), grad, self._momentum,
                                      use_locking=False, use_nesterov=self._use_nesterov)

    def _apply_sparse(self, grad, var):
        return _op(APPLY["SparseApplyMomentum"](
            var, self.get_slot(var, "momentum"), _cast(self._learning_rate_tensor, var),
            grad.values, grad.indices, _cast(self._momentum_tensor, var),
            use_locking=self._use_locking, use_nesterov=self._use_nesterov))

    def _prepare(self):
        learning_rate = self._learning_rate
        if callable(learning_rate):
            learning_rate = learning_rate()
        self._learning_rate_tensor = tf.convert_to_tensor(learning_rate, name="learning_rate")
        momentum = self._momentum
        if callable(momentum):
            momentum = momentum()
        self._momentum_tensor = tf.convert_to_tensor(momentum, name="momentum")


class RegAdagradOptimizer(AdagradOptimizer):
    """Adagrad whose updates made under `avoid_updating_slots()` leave the accumulator as it
    is (a regularization loss's step, so that it does not decay the learning rate)."""

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
        return APPLY["ApplyAdagrad"](var, self.get_slot(var, "accumulator"),
                                     _cast(self._learning_rate_tensor, var), grad,
                                     use_locking=self._use_locking,
                                     update_slots=self._should_update_slots)

    def _resource_apply_dense(self, grad, var):
        return self._apply_dense(grad, var)

    def _apply_sparse(self, grad, var):
        return APPLY["SparseApplyAdagrad"](var, self.get_slot(var, "accumulator"),
                                           _cast(self._learning_rate_tensor, var), grad.values,
                                           grad.indices, use_locking=self._use_locking,
                                           update_slots=self._should_update_slots)

    def _resource_apply_sparse(self, grad, var, indices):
        return self._apply_sparse(tf.IndexedSlices(grad, indices), var)


__all__ = ["AdaMaxOptimizer", "NadamOptimizer", "AdamGSOptimizer", "LARSOptimizer",
           "RegAdagradOptimizer"]
