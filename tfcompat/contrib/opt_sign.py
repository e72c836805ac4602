"""TF 1.15's `tf.contrib.opt` sign optimizers (Bello et al., ICML 2017, "Neural Optimizer
Search with Reinforcement Learning"): AddSign, PowerSign and their sign decay functions,
written as TF 1.15's contrib/opt/python/training/{addsign,powersign,sign_decay}.py. One slot,
'm'; the dense step is TF's update op (`ApplyAddSign`, `ApplyPowerSign`); a sparse gradient
decays all of m (TF's `assign`) and updates only its rows of the variable.
"""
from __future__ import annotations

import math

import tfcompat as tf
from tfcompat.ops.training_ops import APPLY
from tfcompat.train.optimizer import Optimizer


def _cast(t, var):
    return tf.cast(t, var.dtype.base_dtype)


def _op(update):
    return update if isinstance(update, tf.Operation) else update.op


class _SignOptimizer(Optimizer):
    """What AddSign and PowerSign share: the 'm' slot, `sign_decay_fn(global_step)` evaluated
    in apply_gradients (1.0 without it), and the sparse step around the multiplier."""

    _APPLY_OP = None

    def __init__(self, learning_rate, beta, sign_decay_fn, use_locking, name):
        super().__init__(use_locking, name)
        self._lr = learning_rate
        self._beta = beta
        self._sign_decay_fn = sign_decay_fn
        self._lr_t = self._beta_t = None

    def apply_gradients(self, grads_and_vars, global_step=None, name=None):
        if self._sign_decay_fn is not None:
            self._sign_decay_t = tf.convert_to_tensor(self._sign_decay_fn(global_step),
                                                      name="sign_decay")
        return super().apply_gradients(grads_and_vars, global_step=global_step, name=name)

    def _create_slots(self, var_list):
        for v in var_list:
            self._zeros_slot(v, "m", self._name)

    def _prepare(self):
        self._lr_t = tf.convert_to_tensor(self._lr, name="learning_rate")
        self._beta_t = tf.convert_to_tensor(self._beta, name="beta")
        self._prepare_hyper()
        if self._sign_decay_fn is None:
            self._sign_decay_t = tf.convert_to_tensor(1.0, name="sign_decay")

    def _apply_dense(self, grad, var):
        return _op(APPLY[self._APPLY_OP](
            var, self.get_slot(var, "m"), _cast(self._lr_t, var), _cast(self._hyper_t(), var),
            _cast(self._sign_decay_t, var), _cast(self._beta_t, var), grad,
            use_locking=self._use_locking))

    def _apply_sparse(self, grad, var):
        lr_t, beta_t = _cast(self._lr_t, var), _cast(self._beta_t, var)
        m = self.get_slot(var, "m")
        m_t = tf.assign(m, (m * beta_t) + (grad * (1 - beta_t)),
                        use_locking=self._use_locking)
        sign_gm = tf.gather(tf.sign(m_t), grad.indices) * tf.sign(grad.values)
        multiplier = self._multiplier(var, _cast(self._sign_decay_t, var) * sign_gm)
        var_update = tf.scatter_sub(var, grad.indices, lr_t * multiplier * grad.values,
                                    use_locking=self._use_locking)
        return tf.group(*[var_update, m_t])

    def _resource_apply_sparse(self, grad, var, indices):
        # TF 1.15 has no resource form of the sparse step (NotImplementedError, as
        # tf.train.Optimizer's); tfcompat runs the ref form's on the resource variable
        return self._apply_sparse(tf.IndexedSlices(grad, indices, tf.shape(var)), var)


class AddSignOptimizer(_SignOptimizer):
    """AddSign: m = beta*m + (1-beta)*g; var -= lr * (alpha + sign_decay*sign(g)*sign(m)) * g."""

    _APPLY_OP = "ApplyAddSign"

    def __init__(self, learning_rate=0.1, alpha=1.0, beta=0.9, sign_decay_fn=None,
                 use_locking=False, name="AddSignOptimizer"):
        super().__init__(learning_rate, beta, sign_decay_fn, use_locking, name)
        self._alpha = alpha
        self._alpha_t = None

    def _prepare_hyper(self):
        self._alpha_t = tf.convert_to_tensor(self._alpha, name="alpha")

    def _hyper_t(self):
        return self._alpha_t

    def _multiplier(self, var, decayed_sign):
        return _cast(self._alpha_t, var) + decayed_sign


class PowerSignOptimizer(_SignOptimizer):
    """PowerSign: m = beta*m + (1-beta)*g;
    var -= lr * exp(log(base) * sign_decay * sign(g) * sign(m)) * g."""

    _APPLY_OP = "ApplyPowerSign"

    def __init__(self, learning_rate=0.1, base=math.e, beta=0.9, sign_decay_fn=None,
                 use_locking=False, name="PowerSignOptimizer"):
        super().__init__(learning_rate, beta, sign_decay_fn, use_locking, name)
        self._logbase = math.log(base)
        self._logbase_t = None

    def _prepare_hyper(self):
        self._logbase_t = tf.convert_to_tensor(self._logbase, name="logbase")

    def _hyper_t(self):
        return self._logbase_t

    def _multiplier(self, var, decayed_sign):
        # TF's sparse step: pow(e, ...), not exp (the rounding differs from the dense kernel's)
        e_t = _cast(math.e, var)
        return tf.pow(e_t, _cast(self._logbase_t, var) * decayed_sign)


# -- sign decay functions (sign_decay.py) ----------------------------------------------------

def _to_float(x):
    return tf.cast(x, tf.float32)


def get_linear_decay_fn(decay_steps):
    """max(0, (decay_steps - global_step) / decay_steps), global_step capped at decay_steps."""
    def linear_decay_fn(global_step):
        if global_step is None:
            raise ValueError("global_step is required for linear_decay.")
        global_step = tf.minimum(global_step, decay_steps)
        remaining_steps = tf.cast(decay_steps, tf.int32) - tf.cast(global_step, tf.int32)
        decayed = _to_float(remaining_steps) / _to_float(decay_steps)
        return tf.maximum(0.0, decayed)
    return linear_decay_fn


def get_cosine_decay_fn(decay_steps, num_periods=0.5, zero_after=None):
    """0.5 * (1 + cos(2 pi num_periods global_step / decay_steps)); 0 once the fraction
    2 num_periods global_step / decay_steps reaches 2 zero_after."""
    def cosine_decay_fn(global_step):
        if global_step is None:
            raise ValueError("global_step is required for cosine_decay.")
        global_step = tf.minimum(global_step, decay_steps)
        completed_fraction = _to_float(global_step) / _to_float(decay_steps)
        fraction = 2.0 * num_periods * completed_fraction
        decayed = 0.5 * (1.0 + tf.cos(tf.constant(math.pi) * fraction))
        if zero_after is not None:
            decayed = tf.where(tf.greater_equal(fraction, 2 * zero_after), 0.0, decayed)
        return decayed
    return cosine_decay_fn


def get_restart_decay_fn(decay_steps, num_periods=1, zero_after=None):
    """0.5 * (1 + cos(pi * ((num_periods * global_step) mod decay_steps) / decay_steps)), a
    simplified SGDR restart schedule; 0 once num_periods * global_step / decay_steps reaches
    zero_after."""
    def restart_decay_fn(global_step):
        if global_step is None:
            raise ValueError("global_step is required for cosine_decay.")
        global_step = tf.minimum(global_step, decay_steps)
        num = tf.mod(num_periods * _to_float(global_step), decay_steps)
        fraction = num / _to_float(decay_steps)
        decayed = 0.5 * (1.0 + tf.cos(tf.constant(math.pi) * fraction))
        if zero_after is not None:
            tmp = _to_float(num_periods * global_step) / _to_float(decay_steps)
            decayed = tf.where(tf.greater_equal(tmp, zero_after), 0.0, decayed)
        return decayed
    return restart_decay_fn


__all__ = ["AddSignOptimizer", "PowerSignOptimizer", "get_linear_decay_fn",
           "get_cosine_decay_fn", "get_restart_decay_fn"]
