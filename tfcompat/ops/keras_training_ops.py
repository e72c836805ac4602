"""The two update ops TF has only in resource form, for Keras' optimizers:
`ResourceApplyKerasMomentum` (tf.keras SGD with momentum: `accum = accum * momentum - grad * lr;
var += accum`, Nesterov: `var += accum * momentum - grad * lr`) and
`ResourceApplyAdamWithAmsgrad` (Adam with `amsgrad=True`, keeping the running maximum `vhat` of
`v`), as TF's CPU kernels (training_ops.cc) compute them. The checks are training_ops.py's; the
handles are looked up as the other `ResourceApply*` ops look them up (resource_variable_ops.py).
"""
from __future__ import annotations

import torch

from tfcompat import errors
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.ops.math_grad import exact_sqrt
from tfcompat.ops import training_ops
from tfcompat.ops.resource_variable_ops import VariableHandle
from tfcompat.ops.state_ops import variable_value


def _variable_op(ctx, handle):
    """The VarHandleOp behind input `handle`, or TF's error for one that holds no value."""
    if not isinstance(handle, VariableHandle):
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "'%s' expects resource variable handles (outputs of "
                              "VarHandleOp) as its variable inputs, got %s"
                              % (ctx.op.name, type(handle).__name__))
    if handle.op not in ctx.state.variables:
        # TF's training kernels say only this (an InternalError) for a variable with no value
        raise errors.op_error(errors.InternalError, ctx.op, "Invalid variable reference.")
    return handle.op


def _register_resource_only(op_type, inputs, n_refs, attrs=None):
    """Registers `op_type` (a resource update op with no ref-variable form in TF) whose kernel
    `lower(ctx, *stored, *inputs, **attrs)` updates the stored tensors in place."""
    spec = training_ops.KernelSpec(op_type, inputs, n_refs)

    def wrap(kernel):
        def lowering(ctx, *args, **kw):
            var_ops = [_variable_op(ctx, h) for h in args[:n_refs]]
            with ctx.state.variable_lock(var_ops[0]):
                refs = [variable_value(ctx, op) for op in var_ops]
                values = training_ops.checked_inputs(
                    ctx, spec, refs, dict(zip(spec.names[n_refs:], args[n_refs:])), kw)
                with torch.no_grad():
                    kernel(ctx, *refs, *(values[n] for n in spec.names[n_refs:]), **kw)
        lowering.__name__, lowering.__module__ = kernel.__name__, kernel.__module__
        register_op(op_type, inputs=inputs, infer=lambda op, *inputs, **attrs: [],
                    attrs=dict({"use_locking": False}, **(attrs or {})),
                    stateful=True, mutates=True, differentiable=False)(lowering)
        return kernel
    return wrap


@_register_resource_only("ResourceApplyKerasMomentum",
                         ("var: resource", "accum: resource", "lr: T", "grad: T", "momentum: T"),
                         2, {"use_nesterov": False})
def _keras_momentum(ctx, var, accum, lr, grad, momentum, use_locking=False,
                    use_nesterov=False):
    step = grad * lr
    accum.copy_(accum * momentum - step)
    var.add_(accum * momentum - step if use_nesterov else accum)


@_register_resource_only("ResourceApplyAdamWithAmsgrad",
                         ("var: resource", "m: resource", "v: resource", "vhat: resource",
                          "beta1_power: T", "beta2_power: T", "lr: T", "beta1: T", "beta2: T",
                          "epsilon: T", "grad: T"), 4)
def _adam_with_amsgrad(ctx, var, m, v, vhat, beta1_power, beta2_power, lr, beta1, beta2,
                       epsilon, grad, use_locking=False):
    # TF: alpha = lr sqrt(1 - b2^t) / (1 - b1^t), a scalar computed once in T
    alpha = lr * exact_sqrt(1 - beta2_power) / (1 - beta1_power)
    m.add_((grad - m) * (1 - beta1))
    v.add_((grad.square() - v) * (1 - beta2))
    vhat.copy_(torch.maximum(vhat, v))
    var.sub_((m * alpha) / (exact_sqrt(vhat) + epsilon))


def resource_apply_keras_momentum(var, accum, lr, grad, momentum, use_locking=False,
                                  use_nesterov=False, name=None):
    """Adds a `ResourceApplyKerasMomentum` op on the handles `var` and `accum`."""
    return apply_op("ResourceApplyKerasMomentum", [var, accum, lr, grad, momentum],
                    name=name or "ResourceApplyKerasMomentum", use_locking=bool(use_locking),
                    use_nesterov=bool(use_nesterov))


def resource_apply_adam_with_amsgrad(var, m, v, vhat, beta1_power, beta2_power, lr, beta1,
                                     beta2, epsilon, grad, use_locking=False, name=None):
    """Adds a `ResourceApplyAdamWithAmsgrad` op on the handles `var`, `m`, `v` and `vhat`."""
    return apply_op("ResourceApplyAdamWithAmsgrad",
                    [var, m, v, vhat, beta1_power, beta2_power, lr, beta1, beta2, epsilon, grad],
                    name=name or "ResourceApplyAdamWithAmsgrad", use_locking=bool(use_locking))
