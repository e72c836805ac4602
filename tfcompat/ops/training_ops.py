"""The optimizer update ops (`ApplyGradientDescent`, `ApplyAdam`, ... and their `SparseApply*`
row versions) with TF1's exact update formulas (those of TF's CPU kernels).

Each takes the variable and its slots by reference and updates the stored tensors in place
under `torch.no_grad()`, with fused kernels where torch has them (`torch._fused_adam_`,
`addcmul_`, `lerp_`). Scalar hyper-parameters known at build time are read once as Python
numbers (no device sync); others stay 0-d tensors. The optimizers are in tfcompat/train/.
"""
from __future__ import annotations

import math

import torch

from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_util import constant_value
from tfcompat.ops.state_ops import variable_value

_FUSED_ADAM_DTYPES = (torch.float32, torch.float64, torch.float16, torch.bfloat16)
_HUGE_STEP: dict = {}  # device -> step tensor making torch's Adam bias corrections exactly 1
_NO_FUSED_ADAM: set = set()  # device types where torch._fused_adam_ failed


def _var_infer(op, var, *rest, **attrs):
    return [(var.dtype.base_dtype._as_ref, var.shape)]


def _static(ctx, index):
    """The Python value of input `index` when it is a build-time constant, else None."""
    value = constant_value(ctx.op._inputs[index])
    if value is None or getattr(value, "size", 1) != 1:
        return None
    return float(value)


def _number(ctx, index, tensor):
    """A Python number for a scalar input: its constant value, or `.item()` on the CPU."""
    value = _static(ctx, index)
    if value is None and tensor.device.type == "cpu":
        value = tensor.item()
    return value


def _register(op_type, inputs, n_refs, attrs=None):
    def wrap(lower):
        def lowering(ctx, *args, **kw):
            refs = [variable_value(ctx, r) for r in args[:n_refs]]
            with torch.no_grad():
                lower(ctx, *refs, *args[n_refs:], **kw)
            return refs[0]
        lowering.__name__ = lower.__name__
        register_op(op_type, inputs=inputs, infer=_var_infer,
                    attrs=dict({"use_locking": False}, **(attrs or {})),
                    ref_inputs=tuple(range(n_refs)), stateful=True, mutates=True,
                    differentiable=False)(lowering)
        return lower
    return wrap


# -- dense updates ------------------------------------------------------------------------------

@_register("ApplyGradientDescent", ("var: T", "alpha: T", "delta: T"), 1)
def _apply_gradient_descent(ctx, var, alpha, delta, use_locking=False):
    lr = _number(ctx, 1, alpha)
    if lr is not None:
        var.add_(delta, alpha=-lr)
    else:
        var.addcmul_(delta, alpha, value=-1)


@_register("ApplyMomentum", ("var: T", "accum: T", "lr: T", "grad: T", "momentum: T"), 2,
           {"use_nesterov": False})
def _apply_momentum(ctx, var, accum, lr, grad, momentum, use_locking=False,
                    use_nesterov=False):
    accum.mul_(momentum).add_(grad)
    if use_nesterov:
        var.addcmul_(grad + accum * momentum, lr, value=-1)
    else:
        var.addcmul_(accum, lr, value=-1)


@_register("ApplyAdam", ("var: T", "m: T", "v: T", "beta1_power: T", "beta2_power: T", "lr: T",
                         "beta1: T", "beta2: T", "epsilon: T", "grad: T"), 3,
           {"use_nesterov": False})
def _apply_adam(ctx, var, m, v, beta1_power, beta2_power, lr, beta1, beta2, epsilon, grad,
                use_locking=False, use_nesterov=False):
    b1, b2, eps = (_number(ctx, i, t) for i, t in ((6, beta1), (7, beta2), (8, epsilon)))
    if (not use_nesterov and None not in (b1, b2, eps) and var.dtype in _FUSED_ADAM_DTYPES
            and grad.dtype == var.dtype and var.device.type not in _NO_FUSED_ADAM):
        # NOTE: TF's update is var -= lr*sqrt(1-b2^t)/(1-b1^t) * m / (sqrt(v) + eps); torch's
        # fused kernel gives exactly that with its bias corrections at 1 and lr = alpha.
        alpha = _adam_alpha(ctx, lr, beta1_power, beta2_power, var)
        step = _HUGE_STEP.get(var.device)
        if step is None:
            step = _HUGE_STEP.setdefault(var.device, torch.tensor(1e30, device=var.device))
        try:
            torch._fused_adam_([var], [grad], [m], [v], [], [step], lr=alpha, beta1=b1,
                               beta2=b2, weight_decay=0.0, eps=eps, amsgrad=False,
                               maximize=False)
            return
        except (RuntimeError, NotImplementedError):  # no fused kernel here: use plain ops
            _NO_FUSED_ADAM.add(var.device.type)
    alpha = lr * torch.sqrt(1 - beta2_power) / (1 - beta1_power)
    m.lerp_(grad, 1 - beta1)
    v.lerp_(grad * grad, 1 - beta2)
    step = grad * (1 - beta1) + beta1 * m if use_nesterov else m
    var.sub_(step * alpha / (v.sqrt() + epsilon))


def _adam_alpha(ctx, lr, beta1_power, beta2_power, var):
    if var.device.type == "cpu":
        lr_value = _number(ctx, 5, lr)
        return lr_value * math.sqrt(1 - beta2_power.item()) / (1 - beta1_power.item())
    alpha = lr * torch.sqrt(1 - beta2_power) / (1 - beta1_power)
    return alpha.to(var.device)


@_register("ApplyAdagrad", ("var: T", "accum: T", "lr: T", "grad: T"), 2,
           {"update_slots": True})
def _apply_adagrad(ctx, var, accum, lr, grad, use_locking=False, update_slots=True):
    if update_slots:
        accum.addcmul_(grad, grad)
    var.sub_(grad * lr * accum.rsqrt())


@_register("ApplyAdadelta", ("var: T", "accum: T", "accum_update: T", "lr: T", "rho: T",
                             "epsilon: T", "grad: T"), 3)
def _apply_adadelta(ctx, var, accum, accum_update, lr, rho, epsilon, grad, use_locking=False):
    accum.mul_(rho).add_(grad.square() * (1 - rho))
    update = (accum_update + epsilon).sqrt() * (accum + epsilon).rsqrt() * grad
    var.sub_(update * lr)
    accum_update.mul_(rho).add_(update.square() * (1 - rho))


@_register("ApplyRMSProp", ("var: T", "ms: T", "mom: T", "lr: T", "rho: T", "momentum: T",
                            "epsilon: T", "grad: T"), 3)
def _apply_rms_prop(ctx, var, ms, mom, lr, rho, momentum, epsilon, grad, use_locking=False):
    ms.add_((grad.square() - ms) * (1 - rho))
    mom.mul_(momentum).add_(grad * lr / (ms + epsilon).sqrt())
    var.sub_(mom)


@_register("ApplyCenteredRMSProp", ("var: T", "mg: T", "ms: T", "mom: T", "lr: T", "rho: T",
                                    "momentum: T", "epsilon: T", "grad: T"), 4)
def _apply_centered_rms_prop(ctx, var, mg, ms, mom, lr, rho, momentum, epsilon, grad,
                             use_locking=False):
    ms.add_((grad.square() - ms) * (1 - rho))
    mg.add_((grad - mg) * (1 - rho))
    mom.mul_(momentum).add_(grad * lr / (ms - mg.square() + epsilon).sqrt())
    var.sub_(mom)


def _ftrl_update(var, accum, linear, grad, lr, l1, l2, lr_power, shrinkage=None):
    """TF's Ftrl(-V2) CPU kernel on whole tensors (or gathered rows); updates in place."""
    new_accum = accum + grad.square()
    shrunk = grad if shrinkage is None else grad + 2 * shrinkage * var
    if float(lr_power) == -0.5:
        linear.add_(shrunk - (new_accum.sqrt() - accum.sqrt()) / lr * var)
        quadratic = new_accum.sqrt() / lr + 2 * l2
    else:
        linear.add_(shrunk - (new_accum.pow(-lr_power) - accum.pow(-lr_power)) / lr * var)
        quadratic = new_accum.pow(-lr_power) / lr + 2 * l2
    pre_shrink = (l1 * linear.sign() - linear) / quadratic
    var.copy_(torch.where(linear.abs() > l1, pre_shrink, torch.zeros_like(pre_shrink)))
    accum.copy_(new_accum)


@_register("ApplyFtrl", ("var: T", "accum: T", "linear: T", "grad: T", "lr: T", "l1: T", "l2: T",
                         "lr_power: T"), 3, {"multiply_linear_by_lr": False})
def _apply_ftrl(ctx, var, accum, linear, grad, lr, l1, l2, lr_power, use_locking=False,
                multiply_linear_by_lr=False):
    _ftrl_update(var, accum, linear, grad, lr, l1, l2, lr_power)


@_register("ApplyFtrlV2", ("var: T", "accum: T", "linear: T", "grad: T", "lr: T", "l1: T",
                           "l2: T", "l2_shrinkage: T", "lr_power: T"), 3,
           {"multiply_linear_by_lr": False})
def _apply_ftrl_v2(ctx, var, accum, linear, grad, lr, l1, l2, l2_shrinkage, lr_power,
                   use_locking=False, multiply_linear_by_lr=False):
    _ftrl_update(var, accum, linear, grad, lr, l1, l2, lr_power, l2_shrinkage)


def _proximal(prox, lr, l1, l2):
    return prox.sign() / (1 + lr * l2) * torch.clamp(prox.abs() - lr * l1, min=0)


@_register("ApplyProximalGradientDescent", ("var: T", "alpha: T", "l1: T", "l2: T",
                                            "delta: T"), 1)
def _apply_proximal_gradient_descent(ctx, var, alpha, l1, l2, delta, use_locking=False):
    var.copy_(_proximal(var - alpha * delta, alpha, l1, l2))


@_register("ApplyProximalAdagrad", ("var: T", "accum: T", "lr: T", "l1: T", "l2: T",
                                    "grad: T"), 2)
def _apply_proximal_adagrad(ctx, var, accum, lr, l1, l2, grad, use_locking=False):
    accum.addcmul_(grad, grad)
    rate = lr * accum.rsqrt()
    var.copy_(_proximal(var - rate * grad, rate, l1, l2))


# -- sparse (row) updates: indices are unique (the optimizers sum duplicates first) ----------

def _rows(indices):
    return indices.reshape(-1).long()


@_register("SparseApplyMomentum", ("var: T", "accum: T", "lr: T", "grad: T",
                                   "indices: Tindices", "momentum: T"), 2,
           {"use_nesterov": False})
def _sparse_apply_momentum(ctx, var, accum, lr, grad, indices, momentum, use_locking=False,
                           use_nesterov=False):
    i = _rows(indices)
    a = accum[i] * momentum + grad
    accum[i] = a
    var[i] = var[i] - (grad * lr + a * momentum * lr if use_nesterov else a * lr)


@_register("SparseApplyAdagrad", ("var: T", "accum: T", "lr: T", "grad: T",
                                  "indices: Tindices"), 2, {"update_slots": True})
def _sparse_apply_adagrad(ctx, var, accum, lr, grad, indices, use_locking=False,
                          update_slots=True):
    i = _rows(indices)
    a = accum[i] + grad.square() if update_slots else accum[i]
    accum[i] = a
    var[i] = var[i] - grad * lr * a.rsqrt()


@_register("SparseApplyAdadelta", ("var: T", "accum: T", "accum_update: T", "lr: T", "rho: T",
                                   "epsilon: T", "grad: T", "indices: Tindices"), 3)
def _sparse_apply_adadelta(ctx, var, accum, accum_update, lr, rho, epsilon, grad, indices,
                           use_locking=False):
    i = _rows(indices)
    a = accum[i] * rho + grad.square() * (1 - rho)
    update = (accum_update[i] + epsilon).sqrt() * (a + epsilon).rsqrt() * grad
    accum[i] = a
    accum_update[i] = accum_update[i] * rho + update.square() * (1 - rho)
    var[i] = var[i] - update * lr


@_register("SparseApplyRMSProp", ("var: T", "ms: T", "mom: T", "lr: T", "rho: T", "momentum: T",
                                  "epsilon: T", "grad: T", "indices: Tindices"), 3)
def _sparse_apply_rms_prop(ctx, var, ms, mom, lr, rho, momentum, epsilon, grad, indices,
                           use_locking=False):
    i = _rows(indices)
    s = ms[i] + (grad.square() - ms[i]) * (1 - rho)
    m = mom[i] * momentum + grad * lr / (s + epsilon).sqrt()
    ms[i], mom[i] = s, m
    var[i] = var[i] - m


@_register("SparseApplyCenteredRMSProp", ("var: T", "mg: T", "ms: T", "mom: T", "lr: T",
                                          "rho: T", "momentum: T", "epsilon: T", "grad: T",
                                          "indices: Tindices"), 4)
def _sparse_apply_centered_rms_prop(ctx, var, mg, ms, mom, lr, rho, momentum, epsilon, grad,
                                    indices, use_locking=False):
    i = _rows(indices)
    s = ms[i] + (grad.square() - ms[i]) * (1 - rho)
    g = mg[i] + (grad - mg[i]) * (1 - rho)
    m = mom[i] * momentum + grad * lr / (s - g.square() + epsilon).sqrt()
    ms[i], mg[i], mom[i] = s, g, m
    var[i] = var[i] - m


def _sparse_ftrl(var, accum, linear, grad, indices, lr, l1, l2, lr_power, shrinkage=None):
    i = _rows(indices)
    rows = [var[i], accum[i], linear[i]]
    _ftrl_update(*rows, grad, lr, l1, l2, lr_power, shrinkage)
    var[i], accum[i], linear[i] = rows


@_register("SparseApplyFtrl", ("var: T", "accum: T", "linear: T", "grad: T",
                               "indices: Tindices", "lr: T", "l1: T", "l2: T", "lr_power: T"), 3,
           {"multiply_linear_by_lr": False})
def _sparse_apply_ftrl(ctx, var, accum, linear, grad, indices, lr, l1, l2, lr_power,
                       use_locking=False, multiply_linear_by_lr=False):
    _sparse_ftrl(var, accum, linear, grad, indices, lr, l1, l2, lr_power)


@_register("SparseApplyFtrlV2", ("var: T", "accum: T", "linear: T", "grad: T",
                                 "indices: Tindices", "lr: T", "l1: T", "l2: T",
                                 "l2_shrinkage: T", "lr_power: T"), 3,
           {"multiply_linear_by_lr": False})
def _sparse_apply_ftrl_v2(ctx, var, accum, linear, grad, indices, lr, l1, l2, l2_shrinkage,
                          lr_power, use_locking=False, multiply_linear_by_lr=False):
    _sparse_ftrl(var, accum, linear, grad, indices, lr, l1, l2, lr_power, l2_shrinkage)


# -- public functions (TF's training_ops.apply_*) --------------------------------------------

def _ref(v):
    return v._ref() if hasattr(v, "_ref") and callable(v._ref) else v


def _op_fn(op_type, n_refs):
    def fn(*args, use_locking=False, name=None, **attrs):
        args = [_ref(a) if i < n_refs else a for i, a in enumerate(args)]
        return apply_op(op_type, args, name=name or op_type, use_locking=bool(use_locking),
                        **attrs)
    fn.__name__ = op_type
    fn.__doc__ = "Adds a `%s` op (TF's training_ops)." % op_type
    return fn


_REFS = {"ApplyGradientDescent": 1, "ApplyMomentum": 2, "ApplyAdam": 3, "ApplyAdagrad": 2,
         "ApplyAdadelta": 3, "ApplyRMSProp": 3, "ApplyCenteredRMSProp": 4, "ApplyFtrl": 3,
         "ApplyFtrlV2": 3, "ApplyProximalGradientDescent": 1, "ApplyProximalAdagrad": 2,
         "SparseApplyMomentum": 2, "SparseApplyAdagrad": 2, "SparseApplyAdadelta": 3,
         "SparseApplyRMSProp": 3, "SparseApplyCenteredRMSProp": 4, "SparseApplyFtrl": 3,
         "SparseApplyFtrlV2": 3}
APPLY = {op_type: _op_fn(op_type, n) for op_type, n in _REFS.items()}
