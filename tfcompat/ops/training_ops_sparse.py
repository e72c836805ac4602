"""The row versions of the optimizer update ops (`SparseApplyMomentum`, `SparseApplyFtrl`, ...):
only the rows of the variable and its slots named by `indices` are updated, with the formulas
of TF's CPU kernels (which differ from the dense ones for RMSProp, Ftrl-V2 and AdagradDA).

TF's kernels walk the indices in order, so a repeated index sees the previous update of its
row. The optimizers sum duplicates first (so a gather's gradient has unique indices); for a raw
op with repeats, the rows are updated in rounds, each round a set of distinct rows, which
gives TF's sequential result. Inputs are checked first (training_ops.checked_inputs).
"""
from __future__ import annotations

import torch

from tfcompat.ops.math_grad import exact_sqrt
from tfcompat.ops.training_ops import _L12
from tfcompat.ops.training_ops import _L12_NONNEG
from tfcompat.ops.training_ops import _LR_SPACED
from tfcompat.ops.training_ops import _PROX_RULES
from tfcompat.ops.training_ops import _positive
from tfcompat.ops.training_ops import half_power
from tfcompat.ops.training_ops import proximal
from tfcompat.ops.training_ops import register


def _rounds(indices):
    """Positions into `indices` grouped so that each group names distinct rows and a repeated
    index's occurrences fall in successive groups ([None]: all at once)."""
    if indices.device.type != "cpu" or indices.numel() < 2:
        return [None]
    if torch.unique(indices).numel() == indices.numel():
        return [None]
    order = torch.argsort(indices, stable=True)
    ordered = indices[order]
    starts = torch.ones_like(ordered, dtype=torch.bool)
    starts[1:] = ordered[1:] != ordered[:-1]
    first = torch.nonzero(starts).squeeze(1)
    group = torch.cumsum(starts.long(), 0) - 1
    rank = torch.empty_like(order)
    rank[order] = torch.arange(len(ordered)) - first[group]
    return [torch.nonzero(rank == k).squeeze(1) for k in range(int(rank.max()) + 1)]


def _update_rows(refs, grad, indices, step):
    """Runs `step(*rows, grad_rows) -> new rows` over the indexed rows of `refs` (the variable
    and its slots) and writes the results back."""
    rows_index = indices.long()
    for positions in _rounds(rows_index):
        i = rows_index if positions is None else rows_index[positions]
        g = grad if positions is None else grad[positions]
        new = step(*(r[i] for r in refs), g)
        for ref, value in zip(refs, new):
            ref[i] = value


# -- SparseApply* --------------------------------------------------------------------------------

@register("SparseApplyMomentum", ("var: T", "accum: T", "lr: T", "grad: T", "indices: Tindices",
                                  "momentum: T"), 2, {"use_nesterov": False}, texts=_LR_SPACED)
def _sparse_apply_momentum(ctx, var, accum, lr, grad, indices, momentum, use_locking=False,
                           use_nesterov=False):
    def step(v, a, g):
        a = a * momentum + g
        if use_nesterov:
            return v - (lr * g + lr * momentum * a), a
        return v - lr * a, a
    _update_rows([var, accum], grad, indices, step)


@register("SparseApplyAdagrad", ("var: T", "accum: T", "lr: T", "grad: T", "indices: Tindices"),
          2, {"update_slots": True})
def _sparse_apply_adagrad(ctx, var, accum, lr, grad, indices, use_locking=False,
                          update_slots=True):
    def step(v, a, g):
        if update_slots:
            a = a + g.square()
        if v.dim() == 1:  # TF's kernel for a vector variable: lr g / sqrt(a)
            return v - lr * g / exact_sqrt(a), a
        return v - lr * g * a.rsqrt(), a
    _update_rows([var, accum], grad, indices, step)


@register("SparseApplyAdagradDA", ("var: T", "gradient_accumulator: T",
                                   "gradient_squared_accumulator: T", "grad: T",
                                   "indices: Tindices", "lr: T", "l1: T", "l2: T",
                                   "global_step: int64"), 3, texts=_L12,
          slot_names={"gradient_accumulator": "accum", "gradient_squared_accumulator": "accum"})
def _sparse_apply_adagrad_da(ctx, var, g_acc, gg_acc, grad, indices, lr, l1, l2, global_step,
                             use_locking=False):
    use_l1 = _positive(ctx, 6, l1)
    t = global_step.to(var.dtype)

    def step(v, ga, da, g):
        ga, da = ga + g, da + g.square()
        if v.dim() == 1:  # TF's scalar loop, in double precision
            a, d = ga.double(), da.double()
            gs_l2_lr = t.double() * l2.double() * lr.double()
            shrunk = torch.clamp(a.abs() - t.double() * l1.double(), min=0) if use_l1 \
                else a.abs()
            v = ((-a).sign() * lr.double() * shrunk / (gs_l2_lr + d.sqrt())).to(v.dtype)
            return v, ga, da
        gs_lr = t * lr
        if use_l1:
            v = -1 * ga.sign() * torch.clamp(ga.abs() / t - l1, min=0) / (l2 + exact_sqrt(da) / gs_lr)
        else:
            v = -1 * (ga / t) / (l2 + exact_sqrt(da) / gs_lr)
        return v, ga, da
    _update_rows([var, g_acc, gg_acc], grad, indices, step)


@register("SparseApplyAdadelta", ("var: T", "accum: T", "accum_update: T", "lr: T", "rho: T",
                                  "epsilon: T", "grad: T", "indices: Tindices"), 3)
def _sparse_apply_adadelta(ctx, var, accum, accum_update, lr, rho, epsilon, grad, indices,
                           use_locking=False):
    def step(v, a, u, g):
        a = a * rho + g.square() * (1 - rho)
        update = exact_sqrt(u + epsilon) * (a + epsilon).rsqrt() * g
        return v - update * lr, a, u * rho + update.square() * (1 - rho)
    _update_rows([var, accum, accum_update], grad, indices, step)


@register("SparseApplyRMSProp", ("var: T", "ms: T", "mom: T", "lr: T", "rho: T", "momentum: T",
                                 "epsilon: T", "grad: T", "indices: Tindices"), 3)
def _sparse_apply_rms_prop(ctx, var, ms, mom, lr, rho, momentum, epsilon, grad, indices,
                           use_locking=False):
    def step(v, s, m, g):
        s = s * rho + g.square() * (1 - rho)
        m = m * momentum + (s + epsilon).rsqrt() * lr * g
        return v - m, s, m
    _update_rows([var, ms, mom], grad, indices, step)


@register("SparseApplyCenteredRMSProp", ("var: T", "mg: T", "ms: T", "mom: T", "lr: T",
                                         "rho: T", "momentum: T", "epsilon: T", "grad: T",
                                         "indices: Tindices"), 4)
def _sparse_apply_centered_rms_prop(ctx, var, mg, ms, mom, lr, rho, momentum, epsilon, grad,
                                    indices, use_locking=False):
    def step(v, mean, s, m, g):
        s = s * rho + g.square() * (1 - rho)
        mean = mean * rho + g * (1 - rho)
        m = m * momentum + ((s + epsilon) - mean.square()).rsqrt() * lr * g
        return v - m, mean, s, m
    _update_rows([var, mg, ms, mom], grad, indices, step)


def _sparse_ftrl(var, accum, linear, grad, indices, lr, l1, l2, lr_power, shrinkage, by_lr,
                 half):
    """TF's SparseApplyFtrl(V2) rows (the l2-shrunk gradient feeds `linear` only)."""
    def step(v, a, lin, g):
        shrunk = g if shrinkage is None else g + 2 * shrinkage * v
        new_a = a + g.square()
        if half and v.dim() > 1:
            sigma, power = exact_sqrt(new_a) - exact_sqrt(a), exact_sqrt(new_a)
        else:
            sigma, power = new_a.pow(-lr_power) - a.pow(-lr_power), new_a.pow(-lr_power)
        if by_lr:
            lin = lin + (shrunk * lr - sigma * v)
            bound, quadratic = l1 * lr, power + 2 * l2 * lr
        else:
            lin = lin + (shrunk - sigma / lr * v)
            bound, quadratic = l1, power / lr + 2 * l2
        v = (torch.maximum(torch.minimum(lin, bound), -bound) - lin) / quadratic
        return v, new_a, lin
    _update_rows([var, accum, linear], grad, indices, step)


_SPARSE_FTRL_TEXTS = dict(
    _L12_NONNEG, lr="lr is not a positive scalar (or zero if multiply_linear_by_lr is set): ",
    lr_power="lr_power is not a non-positive scalar: ",
    l2_shrinkage="l2 shrinkage regularization strength is not a non-negative scalar: ")
_SPARSE_FTRL_RULES = dict(_PROX_RULES, lr_power="non-positive", l2_shrinkage="non-negative")


@register("SparseApplyFtrl", ("var: T", "accum: T", "linear: T", "grad: T", "indices: Tindices",
                              "lr: T", "l1: T", "l2: T", "lr_power: T"), 3,
          {"multiply_linear_by_lr": False}, texts=_SPARSE_FTRL_TEXTS, rules=_SPARSE_FTRL_RULES)
def _sparse_apply_ftrl(ctx, var, accum, linear, grad, indices, lr, l1, l2, lr_power,
                       use_locking=False, multiply_linear_by_lr=False):
    _sparse_ftrl(var, accum, linear, grad, indices, lr, l1, l2, lr_power, None,
                 multiply_linear_by_lr, half_power(ctx, 8, lr_power))


@register("SparseApplyFtrlV2", ("var: T", "accum: T", "linear: T", "grad: T",
                                "indices: Tindices", "lr: T", "l1: T", "l2: T",
                                "l2_shrinkage: T", "lr_power: T"), 3,
          {"multiply_linear_by_lr": False}, texts=_SPARSE_FTRL_TEXTS, rules=_SPARSE_FTRL_RULES)
def _sparse_apply_ftrl_v2(ctx, var, accum, linear, grad, indices, lr, l1, l2, l2_shrinkage,
                          lr_power, use_locking=False, multiply_linear_by_lr=False):
    _sparse_ftrl(var, accum, linear, grad, indices, lr, l1, l2, lr_power, l2_shrinkage,
                 multiply_linear_by_lr, half_power(ctx, 9, lr_power))


@register("SparseApplyProximalGradientDescent", ("var: T", "alpha: T", "l1: T", "l2: T",
                                                 "grad: T", "indices: Tindices"), 1,
          texts=dict(_L12, alpha="lr is not a scalar: "))
def _sparse_apply_proximal_gradient_descent(ctx, var, alpha, l1, l2, grad, indices,
                                            use_locking=False):
    use_l1 = _positive(ctx, 2, l1)

    def step(v, g):
        return (proximal(v - g * alpha, alpha, l1, l2, use_l1),)
    _update_rows([var], grad, indices, step)


@register("SparseApplyProximalAdagrad", ("var: T", "accum: T", "lr: T", "l1: T", "l2: T",
                                         "grad: T", "indices: Tindices"), 2,
          texts=dict(_L12_NONNEG, lr="lr is not a positive scalar: "), rules=_PROX_RULES)
def _sparse_apply_proximal_adagrad(ctx, var, accum, lr, l1, l2, grad, indices,
                                   use_locking=False):
    use_l1 = _positive(ctx, 3, l1)

    def step(v, a, g):
        a = a + g.square()
        rate = lr * a.rsqrt()
        return proximal(v - g * rate, rate, l1, l2, use_l1), a
    _update_rows([var, accum], grad, indices, step)
