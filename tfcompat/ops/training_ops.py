"""The optimizer update ops (`ApplyGradientDescent`, `ApplyAdam`, ... ; their `SparseApply*`
row versions are in training_ops_sparse.py) with TF1's update formulas, written in the order of
TF's CPU kernels so that float32 rounding matches them step for step.

Each takes the variable and its slots by reference and updates the stored tensors in place
under `torch.no_grad()`. Before any kernel runs, its inputs are checked as TF's kernels check
them (slots and gradient shaped like the variable, hyper-parameters scalars; TF's messages,
as InvalidArgumentError naming the op), moved to the variable's device, and handed to torch's
fused Adam kernel only when it can read them (it assumes contiguous memory: a transposed
gradient, as the fused RNN path produces, would otherwise be read in the wrong order).
Scalar hyper-parameters known at build time are read as Python numbers (no device sync).
The optimizers are in tfcompat/train/.
"""
from __future__ import annotations

import numpy as np
import torch

from tfcompat import errors
from tfcompat.framework import shape_rules
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.framework.tensor_util import constant_value
from tfcompat.ops._cache_blocks import cache_blocks
from tfcompat.ops._cache_blocks import one_pass_step
from tfcompat.ops._traced import traced_number
from tfcompat.ops.math_grad import exact_sqrt
from tfcompat.ops.state_ops import variable_value

_FUSED_ADAM_DTYPES = (torch.float32, torch.float64, torch.float16, torch.bfloat16)
_HUGE_STEP: dict = {}  # device -> step tensor making torch's Adam bias corrections exactly 1
_NO_FUSED_ADAM: set = set()  # device types where torch._fused_adam_ failed


class KernelSpec:
    """What an update op's kernel checks: its input names (TF's OpDef order), how many are
    refs, the gradient's name, TF's text for each hyper-parameter that must be a scalar (and
    for some, a value rule TF checks on the CPU), and the slot names TF's messages use."""

    def __init__(self, op_type, inputs, n_refs, texts=None, rules=None, slot_names=None):
        self.op_type = op_type
        self.names = [spec.split(":")[0].strip() for spec in inputs]
        self.n_refs = n_refs
        self.sparse = "indices" in self.names
        self.grad = "delta" if "delta" in self.names else "grad"
        self.hyper = [n for n in self.names[n_refs:] if n not in (self.grad, "indices")]
        self.texts = {n: "%s is not a scalar: " % n for n in self.hyper}
        self.texts.update(texts or {})
        self.rules = dict(rules or {})
        self.slot_names = dict(slot_names or {})
        self.lower = None   # the kernel on stored tensors: lower(ctx, *refs, *values, **attrs)


# -- build-time shapes (TF's shape functions for these ops) ------------------------------------

def _merge(op, inputs, a, b):
    """`a` and `b` merged, or TF's `Merge` error."""
    if a.ndims is None or b.ndims is None:
        return a if b.ndims is None else b
    if a.ndims != b.ndims:
        raise shape_rules.shape_error("Shapes must be equal rank, but are %d and %d"
                                      % (a.ndims, b.ndims), op, inputs)
    for i, (p, q) in enumerate(zip(a.as_list(), b.as_list())):
        if p is not None and q is not None and p != q:
            raise shape_rules.shape_error(
                "Dimension %d in both shapes must be equal, but are %d and %d. Shapes are %s "
                "and %s." % (i, p, q, shape_rules.shape_text(a), shape_rules.shape_text(b)),
                op, inputs)
    return a.merge_with(b)


def _with_rank(op, inputs, shape, rank):
    if shape.ndims is not None and shape.ndims != rank:
        raise shape_rules.shape_error("Shape must be rank %d but is rank %d"
                                      % (rank, shape.ndims), op, inputs)


def _sparse_grad_shape(op, inputs, merged, grad, indices):
    _with_rank(op, inputs, indices.shape, 1)
    rows, n = grad.shape, indices.shape
    if rows.ndims is not None and rows.ndims > 0 and n.ndims == 1:
        p, q = n.as_list()[0], rows.as_list()[0]
        if p is not None and q is not None and p != q:
            raise shape_rules.shape_error("Dimensions must be equal, but are %d and %d"
                                          % (p, q), op, inputs)
    if rows.ndims is None:
        return merged
    if rows.ndims == 0:
        raise shape_rules.shape_error("Shape must be at least rank 1 but is rank 0", op,
                                      inputs)
    return _merge(op, inputs, merged, TensorShape([None] + rows.as_list()[1:]))


def _infer_for(spec):
    def infer(op, *inputs, **attrs):
        merged = inputs[0].shape
        by_name = dict(zip(spec.names, inputs))
        for index, (name, tensor) in enumerate(zip(spec.names, inputs)):
            if 0 < index < spec.n_refs:
                merged = _merge(op, inputs, merged, tensor.shape)
            elif name == spec.grad and spec.sparse:
                merged = _sparse_grad_shape(op, inputs, merged, tensor, by_name["indices"])
            elif name == spec.grad:
                merged = _merge(op, inputs, merged, tensor.shape)
            elif index >= spec.n_refs and name != "indices":
                _with_rank(op, inputs, tensor.shape, 0)
        return [(inputs[0].dtype.base_dtype._as_ref, merged)]
    return infer


# -- run-time checks (TF's kernels' OP_REQUIRES) -------------------------------------------------

def _dims(t) -> str:
    return "[" + ",".join(str(d) for d in t.shape) + "]"


def _invalid(ctx, message):
    return errors.op_error(errors.InvalidArgumentError, ctx.op, message)


_RULES = {"positive": lambda x: x > 0, "non-negative": lambda x: x >= 0,
          "non-positive": lambda x: x <= 0}


def _check_hyper(ctx, spec, name, value, attrs):
    if value.dim() != 0:
        raise _invalid(ctx, spec.texts[name] + _dims(value))
    rule = spec.rules.get(name)
    if rule is None or value.device.type != "cpu":
        return
    if rule == "positive" and attrs.get("multiply_linear_by_lr"):
        rule = "non-negative"
    known = traced_number(ctx, spec.names.index(name)) if torch.compiler.is_compiling() else None
    if not _RULES[rule](value.item() if known is None else known):
        raise _invalid(ctx, spec.texts[name] + _dims(value))


def _check_sparse_grad(ctx, var, grad, indices):
    if var.dim() < 1:
        raise _invalid(ctx, "var must be at least 1 dimensional")
    if indices.dim() != 1:
        raise _invalid(ctx, "indices must be one-dimensional")
    for d in range(1, var.dim()):
        if grad.dim() <= d or var.shape[d] != grad.shape[d]:
            raise _invalid(ctx, "var and grad must match in dimension %d" % d)
    if grad.dim() != max(var.dim(), 1):
        raise _invalid(ctx, "var and grad must have the same rank, got shapes %s and %s"
                       % (_dims(var), _dims(grad)))
    if grad.shape[0] != indices.shape[0]:
        raise _invalid(ctx, "grad must be the same size as indices in the first dimension.")
    if indices.device.type == "cpu" and indices.numel():
        # NOTE: on an accelerator this would wait for the device; there, as on TF's GPU
        # kernels, indices are trusted (the optimizers pass a gather's own indices).
        bad = ((indices < 0) | (indices >= var.shape[0])).nonzero()
        if bad.numel():
            offset = int(bad[0, 0])
            raise _invalid(ctx, "Index %d at offset %d in indices is out of range"
                           % (int(indices[offset]), offset))


def checked_inputs(ctx, spec, refs, values, attrs):
    """`values` (the non-ref inputs by name) after TF's kernel checks, on the variable's
    device; raises InvalidArgumentError naming the op where TF's kernel would."""
    var = refs[0]
    _check_slots(ctx, spec, refs)
    for name in spec.hyper:
        _check_hyper(ctx, spec, name, values[name], attrs)
    grad = values[spec.grad]
    if spec.sparse:
        _check_sparse_grad(ctx, var, grad, values["indices"])
    else:
        _check_dense_grad(ctx, spec, var, grad)
    if grad.dtype != var.dtype:
        raise _invalid(ctx, "var and %s differ in dtype (%s, %s)" % (spec.grad, var.dtype,
                                                                   grad.dtype))
    return {name: _on_device(v, var.device) for name, v in values.items()}


def _check_slots(ctx, spec, refs):
    var = refs[0]
    for name, slot in zip(spec.names[1:spec.n_refs], refs[1:]):
        if slot.shape != var.shape:  # NOTE: TF's ApplyAdadelta skips accum_update's check
            raise _invalid(ctx, "var and %s do not have the same shape%s %s"
                           % (spec.slot_names.get(name, name), _dims(var), _dims(slot)))
        if slot.dtype != var.dtype or slot.device != var.device:
            raise _invalid(ctx, "var and %s differ in dtype or device (%s on %s, %s on %s)"
                           % (name, var.dtype, var.device, slot.dtype, slot.device))


def _check_dense_grad(ctx, spec, var, grad):
    if grad.shape != var.shape:
        raise _invalid(ctx, "var and %s do not have the same shape%s %s"
                       % (spec.grad, _dims(var), _dims(grad)))


def _on_device(value, device):
    """`value` where the kernel can use it with the variable: there, or a 0-d CPU tensor
    (torch passes those to device kernels as scalars, without a copy)."""
    if value.device == device or (value.dim() == 0 and value.device.type == "cpu"):
        return value
    return value.to(device, non_blocking=True)


# -- registration -------------------------------------------------------------------------------

SPECS: dict = {}


def register(op_type, inputs, n_refs, attrs=None, **spec_args):
    """Registers an update op whose `lower(ctx, *refs, *inputs, **attrs)` updates the refs in
    place; the lowering returns the variable (the op's ref output)."""
    spec = KernelSpec(op_type, inputs, n_refs, **spec_args)
    SPECS[op_type] = spec

    def wrap(lower):
        spec.lower = lower

        def lowering(ctx, *args, **kw):
            refs, values = prepare(ctx, spec, args, kw)
            with torch.no_grad():
                lower(ctx, *refs, *values, **kw)
            return refs[0]
        lowering.__name__, lowering.__module__ = lower.__name__, lower.__module__
        register_op(op_type, inputs=inputs, infer=_infer_for(spec),
                    attrs=dict({"use_locking": False}, **(attrs or {})),
                    ref_inputs=tuple(range(n_refs)), stateful=True, mutates=True,
                    differentiable=False)(lowering)
        return lower
    return wrap


def _unversioned(stored):
    return stored if torch.compiler.is_compiling() else stored.data


def prepare(ctx, spec, args, attrs):
    """The stored tensors behind an update op's ref inputs (its variable and slots), and its
    other inputs in OpDef order after the kernel's checks (client/grouped_updates.py runs
    several ops' kernels together from these)."""
    n_refs = spec.n_refs
    # through .data, as client/state.py assigns: a gradient later in the same run that saved
    # the variable (`with tf.control_dependencies([d_train]): g_grads = ...`, pix2pix) reads
    # the updated buffer as TF's kernels read a ref variable's, instead of autograd's
    # "modified by an inplace operation" error (not while torch.compile traces: .data would
    # break the compiled segment in two)
    refs = [_unversioned(variable_value(ctx, r)) for r in args[:n_refs]]
    values = checked_inputs(ctx, spec, refs, dict(zip(spec.names[n_refs:], args[n_refs:])),
                            attrs)
    return refs, [values[name] for name in spec.names[n_refs:]]


def prepare_group(ctxs, spec, member_args, attrs):
    """`prepare` for several dense update ops of one type whose hyper-parameter inputs are the
    same tensors on one device: those are checked once, as the first op's (TF's kernels would
    reject them there first); each op's variable, slots and gradient are checked as its own."""
    refs, values = prepare(ctxs[0], spec, member_args[0], attrs)
    all_refs, all_values = [refs], [values]
    n_refs, at = spec.n_refs, spec.names.index(spec.grad)
    for ctx, args in zip(ctxs[1:], member_args[1:]):
        refs = [_unversioned(variable_value(ctx, r)) for r in args[:n_refs]]
        _check_slots(ctx, spec, refs)
        var, grad = refs[0], args[at]
        _check_dense_grad(ctx, spec, var, grad)
        if grad.dtype != var.dtype or var.device != all_refs[0][0].device:
            refs, values = prepare(ctx, spec, args, attrs)   # its own messages
        else:
            values = list(all_values[0])
            values[at - n_refs] = _on_device(grad, var.device)
        all_refs.append(refs)
        all_values.append(values)
    return all_refs, all_values


def static_number(ctx, index):
    """The Python value of input `index` when it is a build-time scalar constant, else None
    (while torch.compile traces: a scalar Const's, read when the plan was compiled; reading the
    graph's constant here would break the compiled graph: ops/_traced.py)."""
    if torch.compiler.is_compiling():
        return traced_number(ctx, index)
    value = constant_value(ctx.op._inputs[index])
    if value is None or getattr(value, "size", 1) != 1:
        return None
    return float(value)


def number(ctx, index, tensor):
    """A Python number for a scalar input: its constant value, or `.item()` on the CPU."""
    value = static_number(ctx, index)
    if value is None and tensor.device.type == "cpu":
        value = tensor.item()
    return value


_L12 = {"l1": "l1 regularization strength is not a scalar: ",
        "l2": "l2 regularization strength is not a scalar: "}
_L12_NONNEG = {"l1": "l1 regularization strength is not a non-negative scalar: ",
               "l2": "l2 regularization strength is not a non-negative scalar: "}
_PROX_RULES = {"lr": "positive", "l1": "non-negative", "l2": "non-negative"}
# TF's messages where they are not "<name> is not a scalar: " (some differ by a space)
_LR_SPACED = {"lr": "lr is not a scalar : "}


# -- dense updates ------------------------------------------------------------------------------

@register("ApplyGradientDescent", ("var: T", "alpha: T", "delta: T"), 1)
def _apply_gradient_descent(ctx, var, alpha, delta, use_locking=False):
    lr = static_number(ctx, 1)
    var.sub_(delta * (alpha if lr is None else lr))


@register("ApplyMomentum", ("var: T", "accum: T", "lr: T", "grad: T", "momentum: T"), 2,
          {"use_nesterov": False})
def _apply_momentum(ctx, var, accum, lr, grad, momentum, use_locking=False,
                    use_nesterov=False):
    for var, accum, grad in cache_blocks(var, accum, grad):
        accum.mul_(momentum).add_(grad)
        if use_nesterov:
            var.sub_(grad * lr + accum * momentum * lr)
        else:
            var.sub_(accum * lr)


@register("ApplyAdam", ("var: T", "m: T", "v: T", "beta1_power: T", "beta2_power: T", "lr: T",
                        "beta1: T", "beta2: T", "epsilon: T", "grad: T"), 3,
          {"use_nesterov": False}, texts=_LR_SPACED)
def _apply_adam(ctx, var, m, v, beta1_power, beta2_power, lr, beta1, beta2, epsilon, grad,
                use_locking=False, use_nesterov=False):
    if not use_nesterov and _fused_adam(ctx, var, m, v, beta1_power, beta2_power, lr, grad):
        return
    # TF: m += (g - m)(1 - b1); v += (g^2 - v)(1 - b2); var -= m lr_t / (sqrt(v) + eps),
    # each operation rounded as TF's CPU kernel rounds it; two scratch tensors reused in
    # place instead of a fresh tensor per operation (the update is most of a small model's step)
    scalars = adam_scalars(var.dtype, beta1_power, beta2_power, lr, beta1, beta2, epsilon)
    for block in cache_blocks(var, m, v, grad):
        _adam_block(*block, *scalars, use_nesterov)


def _adam_block(var, m, v, grad, alpha, keep1, keep2, beta1, epsilon, use_nesterov):
    scratch = torch.sub(grad, m)
    m.add_(scratch.mul_(keep1))
    scratch = _into(scratch, torch.square, grad)
    v.add_(scratch.sub_(v).mul_(keep2))
    denominator = exact_sqrt(v).add_(epsilon)
    if use_nesterov:
        scratch = _into(scratch, torch.add, grad * keep1, beta1 * m)
        scratch.mul_(alpha)
    elif one_pass_step(var.dtype, alpha):
        var.addcdiv_(m, denominator, value=-alpha)
        return
    else:
        scratch = _into(scratch, torch.mul, m, alpha)
    var.sub_(scratch.div_(denominator))


def _into(scratch, fn, *args):
    """`fn(*args)` written into `scratch` (no new tensor per operation); while torch.compile
    traces, a new tensor, since `out=` cuts its graph (it plans the memory itself)."""
    if torch.compiler.is_compiling():
        return fn(*args)
    return fn(*args, out=scratch)


def adam_scalars(dtype, beta1_power, beta2_power, lr, beta1, beta2, epsilon):
    """(lr_t, 1 - beta1, 1 - beta2, beta1, epsilon) rounded as TF's kernel rounds them: Python
    numbers where the hyper-parameters are host scalars (_host_scalars), else 0-d tensors."""
    host = _host_scalars(dtype, beta1_power, beta2_power, lr, beta1, beta2, epsilon)
    if host is None:
        alpha = lr * exact_sqrt(1 - beta2_power) / (1 - beta1_power)
        return alpha, 1 - beta1, 1 - beta2, beta1, epsilon
    beta1_power, beta2_power, lr, beta1, beta2, epsilon = host
    one = type(lr)(1)
    alpha = float(lr * np.sqrt(one - beta2_power) / (one - beta1_power))
    return alpha, float(one - beta1), float(one - beta2), float(beta1), float(epsilon)


_HOST_SCALAR = {torch.float32: np.float32, torch.float64: np.float64}


def _host_scalars(dtype, *tensors):
    """0-d CPU hyper-parameters of the variable's dtype (float32/float64) as numpy scalars of
    that dtype, or None: numpy rounds each scalar operation (1 - beta, lr_t) in that precision
    as TF's kernel and torch's 0-d ops do, without a torch op per scalar (a small model's
    Adam update was mostly those)."""
    scalar_type = _HOST_SCALAR.get(dtype)
    if scalar_type is None or torch.compiler.is_compiling():  # .item() would break the graph
        return None
    for t in tensors:
        if t.dim() != 0 or t.dtype != dtype or t.device.type != "cpu":
            return None
    return [scalar_type(t.item()) for t in tensors]


def _fused_adam(ctx, var, m, v, beta1_power, beta2_power, lr, grad):
    """torch's fused Adam (one kernel) on an accelerator, where it can take these tensors;
    False otherwise (on the CPU the unfused path rounds exactly as TF's CPU kernel does).

    Its update is TF's with its bias corrections held at 1 and lr = TF's lr_t. It reads every
    tensor as contiguous memory, so a gradient with other strides is copied first and
    non-contiguous variables or slots (updated in place) take the unfused path."""
    if (var.device.type == "cpu" or var.device.type in _NO_FUSED_ADAM
            or var.dtype not in _FUSED_ADAM_DTYPES
            or not (var.is_contiguous() and m.is_contiguous() and v.is_contiguous())):
        return False
    b1, b2, eps = (static_number(ctx, i) for i in (6, 7, 8))
    if None in (b1, b2, eps):
        return False
    alpha = (lr * (1 - beta2_power).sqrt() / (1 - beta1_power)).to(var.device)
    step = _HUGE_STEP.get(var.device)
    if step is None:
        step = _HUGE_STEP.setdefault(var.device, torch.tensor(1e30, device=var.device))
    try:
        torch._fused_adam_([var], [grad.contiguous()], [m], [v], [], [step], lr=alpha,
                           beta1=b1, beta2=b2, weight_decay=0.0, eps=eps, amsgrad=False,
                           maximize=False)
    except (RuntimeError, NotImplementedError):  # no fused kernel here: use plain ops
        _NO_FUSED_ADAM.add(var.device.type)
        return False
    return True


@register("ApplyAdagrad", ("var: T", "accum: T", "lr: T", "grad: T"), 2,
          {"update_slots": True})
def _apply_adagrad(ctx, var, accum, lr, grad, use_locking=False, update_slots=True):
    if update_slots:
        accum.add_(grad.square())
    var.sub_(grad * lr * accum.rsqrt())


@register("ApplyAdagradDA", ("var: T", "gradient_accumulator: T",
                             "gradient_squared_accumulator: T", "grad: T", "lr: T", "l1: T",
                             "l2: T", "global_step: int64"), 3, texts=_L12,
          slot_names={"gradient_accumulator": "accum", "gradient_squared_accumulator": "accum"})
def _apply_adagrad_da(ctx, var, g_acc, gg_acc, grad, lr, l1, l2, global_step,
                      use_locking=False):
    g_acc.add_(grad)
    gg_acc.add_(grad.square())
    step = global_step.to(torch.float32).to(var.dtype)   # TF: static_cast<float>(global_step)
    denom = l2 * (step * lr) + exact_sqrt(gg_acc)
    if _positive(ctx, 5, l1):
        shrunk = torch.clamp(g_acc.abs() - step * l1, min=0)
        var.copy_(lr * -1 * g_acc.sign() * shrunk / denom)
    else:
        var.copy_(lr * g_acc * -1 / denom)


def _positive(ctx, index, tensor) -> bool:
    value = number(ctx, index, tensor)
    return bool(tensor > 0) if value is None else value > 0


@register("ApplyAdadelta", ("var: T", "accum: T", "accum_update: T", "lr: T", "rho: T",
                            "epsilon: T", "grad: T"), 3)
def _apply_adadelta(ctx, var, accum, accum_update, lr, rho, epsilon, grad, use_locking=False):
    accum.mul_(rho).add_(grad.square() * (1 - rho))
    update = exact_sqrt(accum_update + epsilon) * (accum + epsilon).rsqrt() * grad
    var.sub_(update * lr)
    accum_update.mul_(rho).add_(update.square() * (1 - rho))


@register("ApplyRMSProp", ("var: T", "ms: T", "mom: T", "lr: T", "rho: T", "momentum: T",
                           "epsilon: T", "grad: T"), 3, texts=_LR_SPACED)
def _apply_rms_prop(ctx, var, ms, mom, lr, rho, momentum, epsilon, grad, use_locking=False):
    ms.add_((grad.square() - ms) * (1 - rho))
    mom.mul_(momentum).add_(grad * lr / exact_sqrt(ms + epsilon))
    var.sub_(mom)


@register("ApplyCenteredRMSProp", ("var: T", "mg: T", "ms: T", "mom: T", "lr: T", "rho: T",
                                   "momentum: T", "epsilon: T", "grad: T"), 4, texts=_LR_SPACED)
def _apply_centered_rms_prop(ctx, var, mg, ms, mom, lr, rho, momentum, epsilon, grad,
                             use_locking=False):
    ms.add_((grad.square() - ms) * (1 - rho))
    mg.add_((grad - mg) * (1 - rho))
    mom.mul_(momentum).add_(grad * lr / exact_sqrt(ms - mg.square() + epsilon))
    var.sub_(mom)


def ftrl_update(var, accum, linear, grad, lr, l1, l2, lr_power, shrinkage=None,
                by_lr=False, half_power=True):
    """TF's Ftrl(-V2) CPU kernel on whole tensors (or gathered rows); updates in place.
    `by_lr`: the multiply_linear_by_lr variant; `half_power`: lr_power is -0.5."""
    new_accum = accum + grad.square()
    shrunk = grad if shrinkage is None else grad + 2 * shrinkage * var
    if half_power:
        power = exact_sqrt(new_accum)
        sigma = power - exact_sqrt(accum)
    else:
        sigma = new_accum.pow(-lr_power) - accum.pow(-lr_power)
        power = new_accum.pow(-lr_power)
    if by_lr:
        linear.add_(shrunk * lr - sigma * var)
        l1_lr = l1 * lr
        quadratic = power + 2 * l2 * lr
    else:
        linear.add_(shrunk - sigma / lr * var)
        l1_lr = l1
        quadratic = power / lr + 2 * l2
    pre_shrink = (l1_lr * linear.sign() - linear) / quadratic
    var.copy_(torch.where(linear.abs() > l1_lr, pre_shrink, torch.zeros_like(pre_shrink)))
    accum.add_(grad.square())


def half_power(ctx, index, lr_power) -> bool:
    value = number(ctx, index, lr_power)
    return bool(lr_power == -0.5) if value is None else value == -0.5


_FTRL_TEXTS = dict(_L12, l2_shrinkage="l2 shrinkage regularization strength is not a scalar: ",
                   lr_power="lr_power is not a scalar")


@register("ApplyFtrl", ("var: T", "accum: T", "linear: T", "grad: T", "lr: T", "l1: T", "l2: T",
                        "lr_power: T"), 3, {"multiply_linear_by_lr": False}, texts=_FTRL_TEXTS)
def _apply_ftrl(ctx, var, accum, linear, grad, lr, l1, l2, lr_power, use_locking=False,
                multiply_linear_by_lr=False):
    ftrl_update(var, accum, linear, grad, lr, l1, l2, lr_power, by_lr=multiply_linear_by_lr,
                half_power=half_power(ctx, 7, lr_power))


@register("ApplyFtrlV2", ("var: T", "accum: T", "linear: T", "grad: T", "lr: T", "l1: T",
                          "l2: T", "l2_shrinkage: T", "lr_power: T"), 3,
          {"multiply_linear_by_lr": False}, texts=_FTRL_TEXTS)
def _apply_ftrl_v2(ctx, var, accum, linear, grad, lr, l1, l2, l2_shrinkage, lr_power,
                   use_locking=False, multiply_linear_by_lr=False):
    ftrl_update(var, accum, linear, grad, lr, l1, l2, lr_power, l2_shrinkage,
                by_lr=multiply_linear_by_lr, half_power=half_power(ctx, 8, lr_power))


def proximal(prox, rate, l1, l2, use_l1):
    """TF's proximal step: sign(p) max(|p| - rate l1, 0) / (1 + l2 rate) (l1 > 0), else
    p / (1 + l2 rate)."""
    if use_l1:
        return prox.sign() * torch.clamp(prox.abs() - rate * l1, min=0) / (1 + l2 * rate)
    return prox / (1 + l2 * rate)


@register("ApplyProximalGradientDescent", ("var: T", "alpha: T", "l1: T", "l2: T",
                                           "delta: T"), 1, texts=_L12)
def _apply_proximal_gradient_descent(ctx, var, alpha, l1, l2, delta, use_locking=False):
    var.copy_(proximal(var - delta * alpha, alpha, l1, l2, _positive(ctx, 2, l1)))


@register("ApplyProximalAdagrad", ("var: T", "accum: T", "lr: T", "l1: T", "l2: T",
                                   "grad: T"), 2,
          texts=dict(_L12_NONNEG, lr="lr is not a positive scalar: "), rules=_PROX_RULES)
def _apply_proximal_adagrad(ctx, var, accum, lr, l1, l2, grad, use_locking=False):
    accum.add_(grad.square())
    rate = lr * accum.rsqrt()
    var.copy_(proximal(var - grad * rate, rate, l1, l2, _positive(ctx, 3, l1)))


# -- public functions (TF's training_ops.apply_*) --------------------------------------------

def _op_fn(op_type, n_refs):
    def fn(*args, use_locking=False, name=None, **attrs):
        if args and getattr(args[0], "_should_act_as_resource_variable", False) is True:
            # a Python ResourceVariable (resource_variable.py): TF's resource_apply_* op on
            # the handles of the variable and its slots
            op_type_used = "Resource" + op_type
            for i, a in enumerate(args[:n_refs]):
                if getattr(a, "_should_act_as_resource_variable", False) is not True:
                    raise TypeError("%s: input %d must be a resource variable, as the variable "
                                    "(input 0) is one; got %r" % (op_type_used, i, a))
            args = [a.handle for a in args[:n_refs]] + list(args[n_refs:])
        else:
            op_type_used = op_type
        return apply_op(op_type_used, list(args), name=name or op_type_used,
                        use_locking=bool(use_locking), **attrs)
    fn.__name__ = op_type
    fn.__doc__ = "Adds a `%s` op (TF's training_ops)." % op_type
    return fn


class _ApplyTable(dict):
    """op type -> its public function; filled on first use, so that it also holds the
    SparseApply* ops that training_ops_sparse.py registers."""

    def __missing__(self, op_type):
        spec = SPECS[op_type]
        fn = self[op_type] = _op_fn(op_type, spec.n_refs)
        return fn


APPLY = _ApplyTable()
