"""`tf.contrib.mixed_precision` (TF 1.15): `LossScaleOptimizer` with a `LossScaleManager`.

The optimizer multiplies the loss by the manager's scale, multiplies each gradient by the
scale's reciprocal, and applies the gradients inside `tf.cond(all gradients finite, ...)`
(so `global_step` too moves only on finite steps), grouped with the manager's update.
`FixedLossScaleManager` keeps a constant; `ExponentialUpdateLossScaleManager` keeps the
non-trainable variables `loss_scale` (float32), `good_steps` and `bad_steps` (int32): after
`incr_every_n_steps` consecutive finite steps the scale is multiplied by `incr_ratio` (unless
that overflows float32), after `decr_every_n_nan_or_inf` non-finite steps (not necessarily
consecutive) by `decr_ratio` (at least 1); either change resets both counters. As in TF 1.15
`LossScaleOptimizer` does not run `Optimizer.__init__`: it only wraps `opt`."""
from __future__ import annotations

import abc

import tfcompat as tf
from tfcompat.train.optimizer import Optimizer as _Optimizer

__all__ = ["LossScaleManager", "FixedLossScaleManager", "ExponentialUpdateLossScaleManager",
           "LossScaleOptimizer"]


class LossScaleManager(abc.ABC):
    """A loss scale strategy: `get_loss_scale()` and `update_loss_scale(finite_grads)`."""

    @abc.abstractmethod
    def get_loss_scale(self):
        """The loss scale, a scalar float32 tensor."""

    @abc.abstractmethod
    def update_loss_scale(self, finite_grads):
        """An op updating the scale, given a bool scalar: are all gradients finite."""
        del finite_grads


class FixedLossScaleManager(LossScaleManager):
    """A loss scale that never changes."""

    def __init__(self, loss_scale):
        if loss_scale < 1:
            raise ValueError("loss scale must be at least 1.")
        self._loss_scale = tf.convert_to_tensor(loss_scale, dtype=tf.float32)

    def get_loss_scale(self):
        return self._loss_scale

    def update_loss_scale(self, finite_grads):
        del finite_grads
        return tf.no_op()


class ExponentialUpdateLossScaleManager(LossScaleManager):
    """Grows the scale after runs of finite steps, shrinks it after non-finite ones."""

    def __init__(self, init_loss_scale, incr_every_n_steps, decr_every_n_nan_or_inf=2,
                 incr_ratio=2, decr_ratio=0.8):
        self._incr_every_n_steps = incr_every_n_steps
        self._decr_every_n_nan_or_inf = decr_every_n_nan_or_inf
        self._incr_ratio = incr_ratio
        self._decr_ratio = decr_ratio
        self._loss_scale = tf.Variable(
            name="loss_scale", initial_value=tf.convert_to_tensor(init_loss_scale, tf.float32),
            dtype=tf.float32, trainable=False)
        self._num_good_steps = tf.Variable(name="good_steps", initial_value=0, dtype=tf.int32,
                                           trainable=False)
        self._num_bad_steps = tf.Variable(name="bad_steps", initial_value=0, dtype=tf.int32,
                                          trainable=False)

    def _reset_stats(self):
        return tf.group(tf.assign(self._num_good_steps, 0), tf.assign(self._num_bad_steps, 0))

    def get_loss_scale(self):
        return self._loss_scale

    def update_loss_scale(self, finite_grads):
        def update_if_finite_grads():
            def incr_loss_scale():
                new_loss_scale = tf.cond(
                    tf.is_finite(self._loss_scale * self._incr_ratio),
                    lambda: self._loss_scale * self._incr_ratio,
                    lambda: self._loss_scale)
                update_op = tf.assign(self._loss_scale, new_loss_scale)
                return tf.group(update_op, self._reset_stats())

            return tf.cond(self._num_good_steps + 1 >= self._incr_every_n_steps,
                           incr_loss_scale,
                           lambda: tf.assign_add(self._num_good_steps, 1).op)

        def update_if_not_finite_grads():
            def decr_loss_scale():
                update_op = tf.assign(self._loss_scale,
                                      tf.maximum(1., self._loss_scale * self._decr_ratio))
                return tf.group(update_op, self._reset_stats())

            def just_update_steps():
                return tf.group(tf.assign_add(self._num_bad_steps, 1),
                                tf.assign(self._num_good_steps, 0))

            return tf.cond(self._num_bad_steps + 1 >= self._decr_every_n_nan_or_inf,
                           decr_loss_scale, just_update_steps)

        return tf.cond(finite_grads, update_if_finite_grads, update_if_not_finite_grads)


class LossScaleOptimizer(_Optimizer):
    """Wraps `opt`: scales the loss, unscales the gradients, skips non-finite steps."""

    def __init__(self, opt, loss_scale_manager):  # pylint: disable=super-init-not-called
        self._opt = opt
        self._loss_scale_manager = loss_scale_manager

    def compute_gradients(self, loss, var_list=None, gate_gradients=_Optimizer.GATE_OP,
                          aggregation_method=None, colocate_gradients_with_ops=False,
                          grad_loss=None):
        loss_scale = self._loss_scale_manager.get_loss_scale()
        loss_val = loss() if callable(loss) else loss
        scaled_loss = loss_val * tf.cast(loss_scale, loss_val.dtype.base_dtype)
        grads_and_vars = self._opt.compute_gradients(
            scaled_loss, var_list=var_list, gate_gradients=gate_gradients,
            aggregation_method=aggregation_method,
            colocate_gradients_with_ops=colocate_gradients_with_ops, grad_loss=grad_loss)
        return self._down_scale(grads_and_vars, loss_scale)

    def apply_gradients(self, grads_and_vars, global_step=None, name=None):
        grads = [g for (g, _) in grads_and_vars]
        is_finite_grad = [tf.reduce_all(tf.is_finite(g)) for g in grads]
        is_overall_finite = tf.reduce_all(is_finite_grad)

        def true_apply_gradients_fn():
            return self._opt.apply_gradients(grads_and_vars, global_step, name)

        update_vars = tf.cond(is_overall_finite, true_apply_gradients_fn, tf.no_op)
        return tf.group(update_vars,
                        self._loss_scale_manager.update_loss_scale(is_overall_finite))

    @staticmethod
    def _down_scale(grads_vars, loss_scale):
        inv_loss_scale = tf.reciprocal(loss_scale)
        return [(g * tf.cast(inv_loss_scale, g.dtype.base_dtype), v) if g is not None
                else (g, v) for g, v in grads_vars]
