"""`tf.mixed_precision`: loss scaling for float16 training (TF1 endpoints).

`FixedLossScale` / `DynamicLossScale` and `MixedPrecisionLossScaleOptimizer` follow TF's graph
construction: the loss is multiplied by the scale, the gradients divided by it, and with a
dynamic scale the update is skipped (and the scale halved) when a gradient is not finite, the
scale doubling after `increment_period` finite steps. Its variables are non-trainable
`current_loss_scale` (float32) and `good_steps` (int64), resource variables as in TF.

`enable_mixed_precision_graph_rewrite` wraps the optimizer and records grappler's
`auto_mixed_precision` option, as TF does. TF's rewrite then casts ops to float16 on GPUs with
Tensor Cores (and does nothing on the CPU); tfcompat computes in the graph's own dtypes, so
results are those of float32 (as TF on a CPU), not float16 rounding.
"""
from __future__ import annotations

import abc

from tfcompat import config as _config
from tfcompat.distribute import strategy as _strategy
from tfcompat.framework import dtypes
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.indexed_slices import IndexedSlices
from tfcompat.ops import math_ops
from tfcompat.ops import reduction_ops
from tfcompat.ops.control_flow_nest import flatten
from tfcompat.ops.control_flow_ops import cond
from tfcompat.ops.control_flow_ops import group
from tfcompat.ops.array_ops import no_op
from tfcompat.tf_logging import warning as _warning
from tfcompat.train.optimizer import Optimizer
from tfcompat.variables import Variable

__all__ = ["LossScale", "FixedLossScale", "DynamicLossScale", "MixedPrecisionLossScaleOptimizer",
           "enable_mixed_precision_graph_rewrite", "disable_mixed_precision_graph_rewrite"]


class LossScale(abc.ABC):
    """A loss scale: `__call__()` is the scale tensor, `update(grads)` returns (update op,
    whether to apply the gradients)."""

    def __init__(self):
        self._weights = {}

    @abc.abstractmethod
    def __call__(self):
        pass

    @abc.abstractmethod
    def update(self, grads):
        pass

    def _add_weight(self, name, initial_value, dtype=None):
        variable = Variable(initial_value=initial_value, name=name, dtype=dtype,
                            trainable=False, use_resource=True)
        key = (name, id(variable.op.graph))
        if self._weights.get(key) is not None:
            raise RuntimeError("Duplicate variables detected. {}".format(key))
        self._weights[key] = variable
        return variable

    @abc.abstractmethod
    def get_config(self):
        pass

    @classmethod
    def from_config(cls, config):
        return cls(**config)


class FixedLossScale(LossScale):
    """A constant loss scale (at least 1)."""

    def __init__(self, loss_scale_value):
        super().__init__()
        if not isinstance(loss_scale_value, (int, float)):
            raise ValueError("loss_scale_value must be a Python int or float.")
        if loss_scale_value < 1:
            raise ValueError("loss_scale_value must be at least 1.")
        self._loss_scale_value = float(loss_scale_value)

    def __call__(self):
        return convert_to_tensor(self._loss_scale_value)

    def update(self, grads):
        return no_op(), True

    def __repr__(self):
        return "FixedLossScale(%s)" % self._loss_scale_value

    def get_config(self):
        return {"loss_scale_value": self._loss_scale_value}


def _is_all_finite(grads):
    per_grad = [reduction_ops.reduce_all(math_ops.is_finite(
        g.values if isinstance(g, IndexedSlices) else g)) for g in grads if g is not None]
    return reduction_ops.reduce_all(per_grad)


def _assign_if_finite(var, value):
    return cond(math_ops.is_finite(value), lambda: var.assign(value).op, no_op)


class DynamicLossScale(LossScale):
    """Halves on a non-finite gradient (not below 1), doubles after `increment_period` finite
    steps in a row."""

    def __init__(self, initial_loss_scale=2 ** 15, increment_period=2000, multiplier=2.):
        super().__init__()
        self._initial_loss_scale = float(initial_loss_scale)
        self._increment_period = int(increment_period)
        self._multiplier = float(multiplier)
        self._current_loss_scale = self._add_weight(
            "current_loss_scale", self._initial_loss_scale, dtypes.float32)
        self._num_good_steps = self._add_weight("good_steps", 0, dtypes.int64)

    initial_loss_scale = property(lambda self: self._initial_loss_scale)
    increment_period = property(lambda self: self._increment_period)
    multiplier = property(lambda self: self._multiplier)

    def __call__(self):
        return convert_to_tensor(self._current_loss_scale)

    def update(self, grads):
        is_finite = _is_all_finite(flatten(grads))
        scale, good = self._current_loss_scale, self._num_good_steps

        def finite():
            def increase():
                return group(_assign_if_finite(scale, scale * self._multiplier),
                             good.assign(0))
            return cond(good + 1 >= self._increment_period, increase,
                        lambda: good.assign_add(1).op)

        def not_finite():
            return group(good.assign(0),
                         scale.assign(math_ops.maximum(scale / self._multiplier, 1)))

        return cond(is_finite, finite, not_finite), is_finite

    def __repr__(self):
        return ("DynamicLossScale(initial_loss_scale=%s, increment_period=%s, multiplier=%s)"
                % (self.initial_loss_scale, self.increment_period, self.multiplier))

    def get_config(self):
        return {"initial_loss_scale": self.initial_loss_scale,
                "increment_period": self.increment_period, "multiplier": self.multiplier}


def _get_loss_scale(identifier):
    if isinstance(identifier, (int, float)):
        return FixedLossScale(identifier)
    if identifier == "dynamic":
        return DynamicLossScale()
    if isinstance(identifier, LossScale) or identifier is None:
        return identifier
    raise ValueError("Could not interpret loss scale identifier: %s" % identifier)


class MixedPrecisionLossScaleOptimizer(Optimizer):
    """Wraps `opt`: scales the loss up before differentiating and the gradients back down;
    with a dynamic scale, applies them only when all are finite."""

    def __init__(self, opt, loss_scale):
        if not isinstance(opt, Optimizer):
            raise ValueError('"opt" must be an instance of Optimizer, but got: %s' % type(opt))
        self._optimizer = opt
        super().__init__(opt._use_locking, opt.get_name())
        self._loss_scale = _get_loss_scale(loss_scale)
        if self._loss_scale is None:
            raise ValueError("loss_scale cannot be None")

    def _doing_dynamic_loss_scaling(self):
        return isinstance(self._loss_scale, DynamicLossScale)

    def compute_gradients(self, loss, var_list=None, gate_gradients=Optimizer.GATE_OP,
                          aggregation_method=None, colocate_gradients_with_ops=False,
                          grad_loss=None):
        loss = self._scale_loss(loss)
        grads_and_vars = self._optimizer.compute_gradients(
            loss=loss, var_list=var_list, gate_gradients=gate_gradients,
            aggregation_method=aggregation_method,
            colocate_gradients_with_ops=colocate_gradients_with_ops, grad_loss=grad_loss)
        reciprocal = 1 / self._loss_scale()
        return [(None if g is None else self._scale_grad(g, reciprocal), v)
                for g, v in grads_and_vars]

    def _scale_loss(self, loss):
        loss_scale = self._loss_scale()
        if callable(loss):
            return lambda: loss() * math_ops.cast(loss_scale, loss().dtype)
        return loss * math_ops.cast(loss_scale, loss.dtype)

    @staticmethod
    def _scale_grad(grad, reciprocal):
        if isinstance(grad, IndexedSlices):
            return IndexedSlices(grad.values * reciprocal, grad.indices, grad.dense_shape)
        return grad * reciprocal

    def apply_gradients(self, grads_and_vars, global_step=None, name=None):
        if _strategy.in_cross_replica_context():
            raise ValueError("apply_gradients() must be called in a replica context.")
        if not self._doing_dynamic_loss_scaling():
            return self._optimizer.apply_gradients(grads_and_vars, global_step, name)
        grads_and_vars = tuple(grads_and_vars)
        name = name if name is not None else self.get_name()
        update_scale, finite = self._loss_scale.update([g for g, _ in grads_and_vars])
        maybe_apply = cond(finite, lambda: self._apply_op(grads_and_vars, global_step,
                                                          name + "-wrapped"), no_op)
        return group(maybe_apply, update_scale, name=name)

    def _apply_op(self, grads_and_vars, global_step, name):
        return group(self._optimizer.apply_gradients(grads_and_vars, global_step, name))

    def get_slot(self, var, name):
        return self._optimizer.get_slot(var, name)

    def get_slot_names(self):
        return self._optimizer.get_slot_names()

    def variables(self):
        return self._optimizer.variables() + list(self._loss_scale._weights.values())


_rewrite_enabled = [False]


def enable_mixed_precision_graph_rewrite(opt, loss_scale="dynamic"):
    """`opt` wrapped in a MixedPrecisionLossScaleOptimizer; records `auto_mixed_precision`."""
    if isinstance(opt, MixedPrecisionLossScaleOptimizer):
        raise ValueError('"opt" must not already be an instance of a '
                         "MixedPrecisionLossScaleOptimizer. `enable_mixed_precision_graph_"
                         "rewrite` will automatically wrap the optimizer with a "
                         "MixedPrecisionLossScaleOptimizer.")
    if not isinstance(opt, Optimizer):
        raise ValueError('"opt" must be an instance of a tf.train.Optimizer or a '
                         "tf.keras.optimizers.Optimizer, but got: %s" % opt)
    opt = MixedPrecisionLossScaleOptimizer(opt, loss_scale)
    _config.set_experimental_options({"auto_mixed_precision": True})
    _rewrite_enabled[0] = True
    return opt


def disable_mixed_precision_graph_rewrite():
    if not _rewrite_enabled[0]:
        _warning("disable_mixed_precision_graph_rewrite() called when mixed precision is "
                 "already disabled.")
    _config.set_experimental_options({"auto_mixed_precision": False})
    _rewrite_enabled[0] = False


from tfcompat._unsupported import package_getattr as _package_getattr  # noqa: E402

__getattr__ = _package_getattr(
    __name__, {"experimental": "tfcompat._mixed_precision_experimental"}, "mixed_precision")

from tfcompat._unsupported import namespace_dir as _namespace_dir  # noqa: E402

__dir__ = _namespace_dir('mixed_precision', __name__)   # TF's names, not this module's imports
