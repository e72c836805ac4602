"""`tf.contrib.opt`: TF 1.15's decoupled weight decay (Loshchilov & Hutter):
`DecoupledWeightDecayExtension`, `extend_with_decoupled_weight_decay`, `AdamWOptimizer` and
`MomentumWOptimizer`. Before each variable's update, `var -= weight_decay * var` (not scaled by
the learning rate, as in TF); `decay_var_list` limits the decay to some variables.

Differences from TensorFlow (both in tests/differential/known_differences.txt): TF 1.15's
`minimize(..., decay_var_list=...)` reset the list in its own `apply_gradients` and so decayed
every variable; tfcompat honours the list. TF's gradient read the ref variable after the decay
op had run (an unordered read); tfcompat's gradient is the one at the weights before this
step's decay, as in Loshchilov & Hutter's algorithm.

`LazyAdamOptimizer`: Adam whose sparse updates touch only the gradient's rows.

AdaMax, Nadam, AdamGS, LARS and RegAdagrad (opt_more.py); AddSign, PowerSign and the sign decay
functions (opt_sign.py); VariableClippingOptimizer, MultitaskOptimizerWrapper,
clip_gradients_by_global_norm, DropStaleGradientOptimizer and MovingAverageOptimizer
(opt_wrappers.py). The others (ElasticAverage, ModelAverage, AGN, GGT, Shampoo, ...) fail
with the unsupported-API error."""
from __future__ import annotations

import tfcompat as tf
from tfcompat._unsupported import missing_attr as _missing_attr
from tfcompat.contrib.opt_external import ExternalOptimizerInterface  # noqa: F401
from tfcompat.contrib.opt_external import ScipyOptimizerInterface  # noqa: F401
from tfcompat.contrib.opt_more import AdaMaxOptimizer  # noqa: F401
from tfcompat.contrib.opt_more import AdamGSOptimizer  # noqa: F401
from tfcompat.contrib.opt_more import LARSOptimizer  # noqa: F401
from tfcompat.contrib.opt_more import NadamOptimizer  # noqa: F401
from tfcompat.contrib.opt_more import RegAdagradOptimizer  # noqa: F401
from tfcompat.contrib.opt_sign import AddSignOptimizer  # noqa: F401
from tfcompat.contrib.opt_sign import PowerSignOptimizer  # noqa: F401
from tfcompat.contrib.opt_sign import get_cosine_decay_fn  # noqa: F401
from tfcompat.contrib.opt_sign import get_linear_decay_fn  # noqa: F401
from tfcompat.contrib.opt_sign import get_restart_decay_fn  # noqa: F401
from tfcompat.contrib.opt_wrappers import DropStaleGradientOptimizer  # noqa: F401
from tfcompat.contrib.opt_wrappers import MovingAverageOptimizer  # noqa: F401
from tfcompat.contrib.opt_wrappers import MultitaskOptimizerWrapper  # noqa: F401
from tfcompat.contrib.opt_wrappers import VariableClippingOptimizer  # noqa: F401
from tfcompat.contrib.opt_wrappers import clip_gradients_by_global_norm  # noqa: F401
from tfcompat.train.optimizer import Optimizer as _Optimizer


class DecoupledWeightDecayExtension(object):
    """Mixin (first base) for a tf.train.Optimizer subclass: decays the weights before the
    base optimizer's update of each variable."""

    def __init__(self, weight_decay, *args, **kwargs):
        self._decay_var_list = None
        self._weight_decay = weight_decay
        self._weight_decay_tensor = None
        self._in_minimize = False
        super().__init__(*args, **kwargs)

    def minimize(self, loss, global_step=None, var_list=None,
                 gate_gradients=_Optimizer.GATE_OP, aggregation_method=None,
                 colocate_gradients_with_ops=False, name=None, grad_loss=None,
                 decay_var_list=None):
        self._set_decay_var_list(decay_var_list)
        # the base minimize calls self.apply_gradients, which must keep this list
        self._in_minimize = True
        try:
            return super().minimize(loss, global_step=global_step, var_list=var_list,
                                    gate_gradients=gate_gradients,
                                    aggregation_method=aggregation_method,
                                    colocate_gradients_with_ops=colocate_gradients_with_ops,
                                    name=name, grad_loss=grad_loss)
        finally:
            self._in_minimize = False

    def apply_gradients(self, grads_and_vars, global_step=None, name=None, decay_var_list=None):
        if not self._in_minimize:
            self._set_decay_var_list(decay_var_list)
        return super().apply_gradients(grads_and_vars, global_step=global_step, name=name)

    def _set_decay_var_list(self, decay_var_list):
        # by identity: the variables of one graph, as TF's set of variables
        self._decay_var_list = {id(v) for v in decay_var_list} if decay_var_list else False

    def _prepare(self):
        weight_decay = self._weight_decay
        if callable(weight_decay):
            weight_decay = weight_decay()
        self._weight_decay_tensor = tf.convert_to_tensor(weight_decay, name="weight_decay")
        super()._prepare()

    def _decays(self, var):
        return not self._decay_var_list or id(var) in self._decay_var_list

    def _decay_weights_op(self, var):
        if self._decays(var):
            decay = tf.cast(self._weight_decay_tensor, var.dtype.base_dtype)
            return var.assign_sub(decay * var, self._use_locking)
        return tf.no_op()

    def _decay_weights_sparse_op(self, var, indices):
        if self._decays(var):
            decay = tf.cast(self._weight_decay_tensor, var.dtype.base_dtype)
            return tf.scatter_add(var, indices, -decay * tf.gather(var, indices),
                                  self._use_locking)
        return tf.no_op()

    def _apply_dense(self, grad, var):
        with tf.control_dependencies([self._decay_weights_op(var)]):
            return super()._apply_dense(grad, var)

    def _apply_sparse(self, grad, var):
        with tf.control_dependencies([self._decay_weights_sparse_op(var, grad.indices)]):
            return super()._apply_sparse(grad, var)

    # A resource variable's hooks (TF's): decay, then the base optimizer's resource update. A
    # base with only the ref hooks gets them directly (Optimizer's default would come back to
    # this class's _apply_dense and decay twice).
    def _resource_apply_dense(self, grad, var):
        with tf.control_dependencies([self._decay_weights_op(var)]):
            if _inherits_default(self, "_resource_apply_dense"):
                return super()._apply_dense(grad, var)
            return super()._resource_apply_dense(grad, var)

    def _resource_apply_sparse(self, grad, var, indices):
        with tf.control_dependencies([self._decay_weights_sparse_op(var, indices)]):
            if _inherits_default(self, "_resource_apply_sparse"):
                return super()._apply_sparse(tf.IndexedSlices(grad, indices), var)
            return super()._resource_apply_sparse(grad, var, indices)


def _inherits_default(opt, hook):
    """Whether the class after DecoupledWeightDecayExtension in `opt`'s MRO takes `hook` from
    tf.train.Optimizer itself."""
    mro = type(opt).__mro__
    for cls in mro[mro.index(DecoupledWeightDecayExtension) + 1:]:
        if hook in vars(cls):
            return cls is _Optimizer
    return True


def extend_with_decoupled_weight_decay(base_optimizer):
    """A subclass of `base_optimizer` whose constructor takes `weight_decay` first."""

    class OptimizerWithDecoupledWeightDecay(DecoupledWeightDecayExtension, base_optimizer):
        def __init__(self, weight_decay, *args, **kwargs):
            super().__init__(weight_decay, *args, **kwargs)

    return OptimizerWithDecoupledWeightDecay


class MomentumWOptimizer(DecoupledWeightDecayExtension, tf.train.MomentumOptimizer):
    """tf.train.MomentumOptimizer with decoupled weight decay."""

    def __init__(self, weight_decay, learning_rate, momentum, use_locking=False,
                 name="MomentumW", use_nesterov=False):
        super().__init__(weight_decay, learning_rate=learning_rate, momentum=momentum,
                         use_locking=use_locking, name=name, use_nesterov=use_nesterov)


class AdamWOptimizer(DecoupledWeightDecayExtension, tf.train.AdamOptimizer):
    """tf.train.AdamOptimizer with decoupled weight decay."""

    def __init__(self, weight_decay, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8,
                 use_locking=False, name="AdamW"):
        super().__init__(weight_decay, learning_rate=learning_rate, beta1=beta1, beta2=beta2,
                         epsilon=epsilon, use_locking=use_locking, name=name)


class LazyAdamOptimizer(tf.train.AdamOptimizer):
    """TF 1.15's contrib LazyAdamOptimizer: Adam, except that a sparse gradient updates only
    the m and v rows of its indices (summed duplicates), where AdamOptimizer decays every row."""

    def _apply_sparse(self, grad, var):
        return self._lazy_sparse(grad.values, var, grad.indices)

    def _resource_apply_sparse(self, grad, var, indices):
        return self._lazy_sparse(grad, var, indices)

    def _lazy_sparse(self, values, var, indices):
        dtype = var.dtype.base_dtype
        beta1_power, beta2_power = (tf.cast(p, dtype) for p in self._get_beta_accumulators())
        lr_t, beta1_t, beta2_t, epsilon_t = (tf.cast(t, dtype) for t in (
            self._lr_t, self._beta1_t, self._beta2_t, self._epsilon_t))
        lr = lr_t * tf.sqrt(1 - beta2_power) / (1 - beta1_power)
        m, v = self.get_slot(var, "m"), self.get_slot(var, "v")
        m_t = tf.scatter_update(m, indices, beta1_t * tf.gather(m, indices)
                                + (1 - beta1_t) * values, use_locking=self._use_locking)
        v_t = tf.scatter_update(v, indices, beta2_t * tf.gather(v, indices)
                                + (1 - beta2_t) * tf.square(values),
                                use_locking=self._use_locking)
        denominator = tf.sqrt(tf.gather(v_t, indices)) + epsilon_t
        var_update = tf.scatter_sub(var, indices, lr * tf.gather(m_t, indices) / denominator,
                                    use_locking=self._use_locking)
        return tf.group(var_update, m_t, v_t)


__all__ = ["DecoupledWeightDecayExtension", "extend_with_decoupled_weight_decay",
           "MomentumWOptimizer", "AdamWOptimizer", "LazyAdamOptimizer",
           "ExternalOptimizerInterface", "ScipyOptimizerInterface", "AdaMaxOptimizer",
           "NadamOptimizer", "AddSignOptimizer", "PowerSignOptimizer", "get_linear_decay_fn",
           "get_cosine_decay_fn", "get_restart_decay_fn", "VariableClippingOptimizer",
           "MultitaskOptimizerWrapper", "clip_gradients_by_global_norm", "LARSOptimizer",
           "RegAdagradOptimizer", "DropStaleGradientOptimizer", "MovingAverageOptimizer",
           "AdamGSOptimizer"]
__getattr__ = _missing_attr("contrib.opt", __name__)
