"""Multi-tensor forms of the dense update kernels of training_ops.py: several independent
`ApplyAdam` (`ApplyGradientDescent`, `ApplyMomentum`) ops sharing their hyper-parameters run as
one step of torch's `_foreach_*` ops (client/grouped_updates.py finds them in a plan).

Each kernel applies, to every variable of the group, exactly the elementwise operations of the
one-op kernel in the same order, so results are bit-identical to the ops run one by one (a
`_foreach_*` op on CPU tensors is the per-tensor op in a C++ loop; what grouping saves is the
Python and dispatch work of one call per operation and variable).

On the CPU a `_foreach_*` op saves only dispatch work, and holds a scratch tensor for every
variable at once where one op at a time reuses one: measured on the MLP benchmark's shapes it is
faster for tensors of a few thousand elements and up to twice slower from ~32K elements on. So
`run` gives the small variables to the grouped kernel and runs the large ones one by one (their
kernels work in cache-sized blocks: training_ops.cache_blocks).

`GROUPED[op_type](ctxs, refs, values, **attrs)`: `refs[i]` is op i's stored variable and slots,
`values[i]` its other inputs in OpDef order, already checked (training_ops.prepare); the
hyper-parameters are the same tensors for all ops. Returns False where it does not apply (then
the ops run one by one).
"""
from __future__ import annotations

import torch

from tfcompat.ops import training_ops
from tfcompat.ops.math_grad import exact_sqrt

GROUPED: dict = {}
SMALL = 16384   # elements; see the module docstring


def run(spec, ctxs, refs, values, attrs):
    """Updates every op's variable: the small ones with one grouped kernel, the rest (or all,
    where the grouped kernel does not apply) each with its op's own kernel."""
    small = [i for i, row in enumerate(refs) if row[0].numel() <= SMALL]
    # NOTE: CPU only: on an accelerator the `_foreach_*` kernels are other code than the
    # one-op kernels, and no test there has shown that they round alike yet
    grouped = len(small) > 1 and refs[0][0].device.type == "cpu" and GROUPED[spec.op_type](
        [ctxs[i] for i in small], [refs[i] for i in small], [values[i] for i in small], **attrs)
    done = frozenset(small) if grouped else frozenset()
    for i, (ctx, row, inputs) in enumerate(zip(ctxs, refs, values)):
        if i not in done:
            spec.lower(ctx, *row, *inputs, **attrs)


def _grouped(op_type):
    def wrap(kernel):
        GROUPED[op_type] = kernel
        return kernel
    return wrap


def _column(rows, index) -> list:
    return [row[index] for row in rows]


@_grouped("ApplyGradientDescent")
def _gradient_descent(ctxs, refs, values, use_locking=False):
    # training_ops._apply_gradient_descent: var -= delta * lr
    alpha = values[0][0]
    lr = training_ops.static_number(ctxs[0], 1)
    scaled = torch._foreach_mul(_column(values, 1), alpha if lr is None else lr)
    torch._foreach_sub_(_column(refs, 0), scaled)
    return True


@_grouped("ApplyMomentum")
def _momentum(ctxs, refs, values, use_locking=False, use_nesterov=False):
    # training_ops._apply_momentum: accum = accum * momentum + grad, then var -= accum * lr
    # (nesterov: var -= grad * lr + accum * momentum * lr)
    var, accum = _column(refs, 0), _column(refs, 1)
    lr, momentum = values[0][0], values[0][2]
    grad = _column(values, 1)
    torch._foreach_mul_(accum, momentum)
    torch._foreach_add_(accum, grad)
    if use_nesterov:
        step = torch._foreach_mul(grad, lr)
        ahead = torch._foreach_mul(accum, momentum)
        torch._foreach_mul_(ahead, lr)
        torch._foreach_add_(step, ahead)
    else:
        step = torch._foreach_mul(accum, lr)
    torch._foreach_sub_(var, step)
    return True


def _exact_sqrts(tensors):
    """math_grad.exact_sqrt of each tensor (TF's correctly rounded float32 root; one call on
    their concatenation, as they are small), as separate writable tensors."""
    if tensors[0].dtype != torch.float32 or tensors[0].device.type != "cpu":
        return torch._foreach_sqrt(tensors)
    roots = exact_sqrt(torch.cat([t.reshape(-1) for t in tensors]))
    return [part.view(t.shape) for part, t in
            zip(roots.split([t.numel() for t in tensors]), tensors)]


@_grouped("ApplyAdam")
def _adam(ctxs, refs, values, use_locking=False, use_nesterov=False):
    # training_ops._apply_adam's CPU path (on an accelerator each op takes torch's fused kernel)
    var, m, v = _column(refs, 0), _column(refs, 1), _column(refs, 2)
    alpha, keep1, keep2, beta1, epsilon = training_ops.adam_scalars(var[0].dtype, *values[0][:6])
    grad = _column(values, 6)
    scratch = torch._foreach_sub(grad, m)
    torch._foreach_mul_(scratch, keep1)
    torch._foreach_add_(m, scratch)
    scratch = torch._foreach_mul(grad, grad)        # torch.square: x * x
    torch._foreach_sub_(scratch, v)
    torch._foreach_mul_(scratch, keep2)
    torch._foreach_add_(v, scratch)
    denominator = _exact_sqrts(v)
    torch._foreach_add_(denominator, epsilon)
    if use_nesterov:
        scratch = torch._foreach_mul(grad, keep1)
        torch._foreach_add_(scratch, torch._foreach_mul(m, beta1))
        torch._foreach_mul_(scratch, alpha)
    elif training_ops.one_pass_step(var[0].dtype, alpha):
        torch._foreach_addcdiv_(var, m, denominator, value=-alpha)
        return True
    else:
        scratch = torch._foreach_mul(m, alpha)
    torch._foreach_div_(scratch, denominator)
    torch._foreach_sub_(var, scratch)
    return True
