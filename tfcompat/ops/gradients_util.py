"""Build-time analysis for `tf.gradients`: which `xs` are connected to the `ys` (TF returns
None for the others), which are used only through gathers (TF returns `IndexedSlices` for
them), and the copy of the forward ops that `stop_gradients` needs.

Gradients flow through float and complex tensors of differentiable ops only, as in TF:
integer tensors, `tf.stop_gradient` and ops registered with `differentiable=False` (TF's
NotDifferentiable ops, and those whose gradient function returns None: shape ops,
comparisons, argmax, floor/round, zeros_like, state updates ...) stop them, and so do the
inputs listed in `_NO_GRADIENT_INPUTS`. TF's own registry (tf_gradient_kinds.py) decides first:
its NotDifferentiable ops stop gradients whatever their records say, and an op it has no
gradient for at all, or a `PreventGradient`, between the xs and the ys raises TF's LookupError
(`check_region`).
"""
from __future__ import annotations

import collections
import functools

import torch

from tfcompat.framework.tensor_util import constant_value
from tfcompat.ops import control_flow_graph as cfg
from tfcompat.ops.custom_gradient import NO_GRADIENT_MESSAGE, gradient_function
from tfcompat.framework.tf_gradient_kinds import tf_kind

_GATHER_TYPES = ("GatherV2", "Gather")
# Inputs whose gradient TF's registered gradient function returns as None although they are
# float: (op type -> predicate on the input index).
_NO_GRADIENT_INPUTS = {
    "PadV2": lambda i: i == 2,                  # constant_values
    "Print": lambda i: i > 0,                   # the data printed
    "FusedBatchNormV3": lambda i: i in (3, 4),  # mean, variance
    "MatrixDiagV3": lambda i: i == 4,           # padding_value
    "MatrixDiagPartV3": lambda i: i == 2,       # padding_value
    "SparseAdd": lambda i: i == 6,              # thresh
    "Betainc": lambda i: i in (0, 1),           # a, b (TF: not implemented)
    "Zeta": lambda i: i == 0,                   # x
    "Polygamma": lambda i: i == 0,              # the order a
    "ImageProjectiveTransformV2": lambda i: i > 0,  # transforms (TF: None)
    "ImageProjectiveTransformV3": lambda i: i > 0,  # transforms, fill_value
}


_WHILE_TYPES = frozenset({"While", "StatelessWhile"})


def is_trainable(tensor) -> bool:
    """Can a gradient flow through `tensor` (TF's `IsTrainable`: float or complex, or a
    variant: a TensorList's elements carry gradients, tensor_list_ops.py)?"""
    dtype = tensor.dtype.base_dtype
    return dtype.is_floating or dtype.is_complex or dtype.name == "variant"


def _passes_gradient(op) -> bool:
    if op.type in _WHILE_TYPES and not op._attrs.get("back_prop", True):
        return False   # TF's _ExitGrad: a loop built with back_prop=False gives None
    has_custom, fn = gradient_function(op)
    if has_custom:
        return fn is not None
    kind = tf_kind(op.type)
    if kind == "missing":   # reached, so that check_region raises TF's error
        return True
    d = op.op_def
    return kind != "none" and d is not None and d.differentiable


def stops_gradient(op) -> bool:
    """Whether TF declares `op` not differentiable (and no custom gradient overrides that):
    the plan detaches its outputs, so that an x it reads gets no gradient through it even
    beside other paths (HSVToRGB, ResizeBilinearGrad ...). Not state updates (Assign,
    ScatterAdd ...): their output is the variable, which autograd does not track."""
    d = op.op_def
    if tf_kind(op.type) != "none" or "_gradient_op_type" in op._attrs or d is None \
            or d.mutates or d.ref_inputs or not any(is_trainable(o) for o in op._outputs):
        return False
    return not gradient_function(op)[0]


def detaching(fn, n_outputs):
    """`fn` (a lowering) with its tensor outputs detached from autograd (see stops_gradient);
    other values (strings, TensorArrays, tables) pass unchanged."""
    @functools.wraps(fn)
    def lower(*args, **kwargs):
        out = fn(*args, **kwargs)
        if isinstance(out, torch.Tensor):
            return out.detach()
        if isinstance(out, tuple) or (isinstance(out, list) and n_outputs > 1):
            return type(out)(t.detach() if isinstance(t, torch.Tensor) else t for t in out)
        return out
    return lower


def forward_region(xs, reach) -> list:
    """Ops on a path from some x to the ys (`reach` from backward_reach), in creation order."""
    region, stack = set(), [op for x in xs for op, _ in _uses(x)]
    while stack:
        op = stack.pop()
        if op in region or not any(o in reach for o in op._outputs):
            continue
        region.add(op)
        stack.extend(c for o in op._outputs for c, _ in _uses(o))
    return sorted(region, key=lambda op: op._id)


def backprop_order(ys, between) -> dict:
    """op -> the position at which TF's gradients() pops it off its queue (`backward_order`):
    several gradients reaching one tensor are aggregated in this order (an IndexedSlices
    concatenates its parts so)."""
    return {op: i for i, op in enumerate(backward_order(between, ys))}


def _backward_inputs(op):
    """The inputs of `op` a gradient can flow to (not ref inputs of stateful updates, nor
    the inputs TF's gradient function gives None)."""
    refs = op.op_def.ref_inputs if op.op_def is not None else ()
    custom = op.__dict__.get("_custom_grad_spec")   # a registered gradient, once built
    if custom is not None:
        def skip(i):
            return custom.grads[i] is None
    else:
        skip = _NO_GRADIENT_INPUTS.get(op.type, lambda i: False)
    return [t for i, t in enumerate(op._inputs)
            if i not in refs and not skip(i) and is_trainable(t)]


def no_gradient_error(op) -> LookupError:
    """TF's LookupError for `op`, which has no gradient; it names the op type, for the text
    a GradientTape gives instead (gradient_tape.py)."""
    error = LookupError(NO_GRADIENT_MESSAGE % (op.name, op.type))
    error.tfcompat_op_type = op.type
    return error


def backward_order(region, ys) -> list:
    """The `region`'s ops in the order TF's gradients() visits them (_GradientsHelper): a queue
    from the ys' ops, each op taken once all its consumers in the region are done."""
    pending = dict.fromkeys(region, 0)
    for op in region:
        for t in op._inputs:
            if t.op in pending:
                pending[t.op] += 1
    queue, order = collections.deque(), []
    for op in dict.fromkeys(y.op for y in ys if hasattr(y, "op")):
        if pending.get(op) == 0:
            queue.append(op)
    while queue:
        op = queue.popleft()
        order.append(op)
        for t in op._inputs:
            if t.op in pending:
                pending[t.op] -= 1
                if pending[t.op] == 0:
                    queue.append(t.op)
    seen = set(order)
    return order + [op for op in region if op not in seen]


def _blocked(op) -> bool:
    return (tf_kind(op.type) == "missing" and not gradient_function(op)[0]) or \
        op.type == "PreventGradient"


_BUILD_CHECKS = {}


def register_build_check(op_type, check):
    """`check(op)` runs for each op of `op_type` a tf.gradients passes through: it raises what
    TF's gradient function raises while it builds (NotImplementedError for a case it lacks)."""
    _BUILD_CHECKS[op_type] = check


def check_region(region, ys=()):
    """TF's LookupError for an op on the way from the xs to the ys that has no gradient, or
    whose gradient `PreventGradient` forbids; the first one in TF's backward order. Before
    that, the build-time checks of TF's gradient functions (`register_build_check`)."""
    for op in region:
        check = _BUILD_CHECKS.get(op.type)
        if check is not None:
            check(op)
    if not any(_blocked(op) for op in region):
        return
    for op in backward_order(region, ys):
        if op.type == "PreventGradient":
            message = op._attrs.get("message", b"")
            if isinstance(message, str):
                message = message.encode()
            raise LookupError("Gradient explicitly disabled. Reason: %s" % (message,))
        if _blocked(op):
            raise no_gradient_error(op)


def check_untrainable_ys(ys, xs):
    """TF's LookupError for an integer or bool y computed, from some x, by an op TF has no
    gradient for (`tf.histogram_fixed_width`, `tf.unique(x)[1]`, `tf.where(x)`): TF starts
    every y with a gradient (ones), so it looks for that op's gradient function too."""
    if all(is_trainable(y) for y in ys):
        return
    reached, stack = set(), [x for x in xs if hasattr(x, "op") and is_trainable(x)]
    while stack:
        for op, _ in _uses(stack.pop()):
            if op not in reached:
                reached.add(op)
                stack.extend(o for o in op._outputs if is_trainable(o))
    for y in ys:
        op = y.op
        if not is_trainable(y) and op in reached and tf_kind(op.type) == "missing" \
                and "_gradient_op_type" not in op._attrs and not gradient_function(op)[0]:
            raise no_gradient_error(op)


def trainable_sibling(y):
    """For an integer y (`tf.nn.top_k(x).indices`), the float output of its op through which
    TF's gradient function, given zeros for it, still reaches the inputs (TF's gradient is
    then zeros, not None); None when there is none."""
    op = y.op
    if is_trainable(y) or tf_kind(op.type) != "grad" or not _passes_gradient(op):
        return None
    return next((o for o in op._outputs if is_trainable(o)), None)


def backward_reach(ys, stops=frozenset()) -> set:
    """Tensors from which some `y` can be reached along differentiable edges (ys included)."""
    reached, stack = set(), [y for y in ys if is_trainable(y)]
    while stack:
        t = stack.pop()
        if t in reached:
            continue
        reached.add(t)
        if t in stops or not _passes_gradient(t.op):
            continue
        inputs = _backward_inputs(t.op)
        if t.op.type in _LOOP_TYPES:   # one loop variable's result, not all of the loop's
            reaching = cfg.while_inputs_reaching(t)
            inputs = [i for i in inputs if i in reaching]
        stack.extend(inputs)
    return reached


_LOOP_TYPES = frozenset(["While", "StatelessWhile"])


def connected_ys(ys, xs) -> list:
    """For each y: whether any x reaches it."""
    xs = set(xs)
    return [bool(xs & backward_reach([y])) for y in ys]


def _uses(tensor):
    """(op, input index) for each use of `tensor`."""
    for op in tensor.op._consumers:
        for i, t in enumerate(op._inputs):
            if t is tensor:
                yield op, i


def _is_row_gather(op, index) -> bool:
    if op.type == "GatherNd":   # TF's _GatherNdGrad: IndexedSlices for [n, 1] indices
        dims = op._inputs[1].shape.dims
        return index == 0 and not op._attrs.get("batch_dims", 0) and dims is not None \
            and len(dims) == 2 and dims[1].value == 1
    if op.type not in _GATHER_TYPES or index != 0 or op._attrs.get("batch_dims", 0):
        return False
    if op.type == "Gather":
        return True
    axis = constant_value(op._inputs[2])
    return axis is not None and int(axis) == 0


def _differentiable_cast_type(dtype) -> bool:
    # TF's Cast gradient casts back between these types only (None otherwise)
    return dtype.base_dtype.is_floating or dtype.base_dtype.is_complex


def sparse_uses(x, reach, ys) -> list | None:
    """The gather ops through which alone `x` reaches the ys (following Identity ops and
    float-to-float Casts, as TF's IndexedSlices gradients do: a float32 embedding cast to
    float16 gets IndexedSlices), or None when some connected use is dense."""
    if x in ys:
        return None
    gathers, stack, seen = [], [x], set()
    while stack:
        t = stack.pop()
        if t in seen:
            continue
        seen.add(t)
        for op, i in _uses(t):
            outs = [o for o in op._outputs if o in reach]
            if not outs:
                continue
            if outs[0] not in ys and (op.type == "Identity" or op.type == "Cast" and all(
                    _differentiable_cast_type(t.dtype) for t in (op._inputs[0], outs[0]))):
                stack.append(op._outputs[0])
            elif _is_row_gather(op, i):
                gathers.append(op)
            else:
                return None
    return gathers or None


def copy_with_replacements(ys, replacements, graph):
    """Copies of the ops between the replaced tensors and `ys`, reading the replacements;
    stateful ops are kept, not copied (their values are shared)."""
    cache = dict(replacements)

    def copy(tensor):
        stack = [tensor]
        while stack:
            t = stack[-1]
            if t in cache:
                stack.pop()
                continue
            op = t.op
            d = op.op_def
            if d is None or d.stateful or d.mutates or d.ref_inputs or not op._inputs:
                cache[t] = t
                stack.pop()
                continue
            missing = [i for i in op._inputs if i not in cache]
            if missing:
                stack.extend(missing)
                continue
            stack.pop()
            inputs = [cache[i] for i in op._inputs]
            if all(a is b for a, b in zip(inputs, op._inputs)):
                for o in op._outputs:
                    cache[o] = o
                continue
            new_op = graph._create_op(op.type, inputs, dict(op._attrs), op.name)
            for o, n in zip(op._outputs, new_op._outputs):
                cache[o] = n
        return cache[tensor]

    return [copy(y) for y in ys]
