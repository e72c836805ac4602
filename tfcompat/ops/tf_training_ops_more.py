"""The update ops of TF1's contrib optimizers and of Keras' Adagrad, as TF's CPU kernels
(training_ops.cc) compute them, so that graphs TF wrote with them keep training: `ApplyAdaMax`
(contrib.opt.AdaMaxOptimizer), `ApplyAddSign` / `ApplyPowerSign` (contrib.opt.AddSignOptimizer,
PowerSignOptimizer) and `ApplyAdagradV2` (Adagrad with epsilon). The checks and the
registration are training_ops.py's.
"""
from __future__ import annotations

import torch

from tfcompat.ops.training_ops import register


@register("ApplyAdaMax", ("var: T", "m: T", "v: T", "beta1_power: T", "lr: T", "beta1: T",
                          "beta2: T", "epsilon: T", "grad: T"), 3)
def _apply_ada_max(ctx, var, m, v, beta1_power, lr, beta1, beta2, epsilon, grad,
                   use_locking=False):
    m.add_((grad - m) * (1 - beta1))
    torch.maximum(beta2 * v, grad.abs(), out=v)
    var.sub_(lr / (1 - beta1_power) * (m / (v + epsilon)))


def _sign_gm(grad, m):
    return torch.sign(grad) * torch.sign(m)


@register("ApplyAddSign", ("var: T", "m: T", "lr: T", "alpha: T", "sign_decay: T", "beta: T",
                           "grad: T"), 2)
def _apply_add_sign(ctx, var, m, lr, alpha, sign_decay, beta, grad, use_locking=False):
    m.copy_(m * beta + grad * (1 - beta))
    var.sub_(lr * (alpha + sign_decay * _sign_gm(grad, m)) * grad)


@register("ApplyPowerSign", ("var: T", "m: T", "lr: T", "logbase: T", "sign_decay: T",
                             "beta: T", "grad: T"), 2)
def _apply_power_sign(ctx, var, m, lr, logbase, sign_decay, beta, grad, use_locking=False):
    m.copy_(m * beta + grad * (1 - beta))
    var.sub_(lr * torch.exp(logbase * sign_decay * _sign_gm(grad, m)) * grad)


@register("ApplyAdagradV2", ("var: T", "accum: T", "lr: T", "epsilon: T", "grad: T"), 2,
          {"update_slots": True})
def _apply_adagrad_v2(ctx, var, accum, lr, epsilon, grad, use_locking=False,
                      update_slots=True):
    if update_slots:
        accum.add_(grad.square())
    var.sub_(grad * lr / (accum.sqrt() + epsilon))
