"""Control flow v1 as TF 1.x wrote it into GraphDefs: `Switch`, `Merge` and friends.

tfcompat builds `tf.cond` as one `If` op over sub-graphs, but a GraphDef written by TF 1.x (or by
TF 2.x with control flow v2 off: frozen Keras models whose learning phase is a placeholder,
`tf.layers.batch_normalization(training=is_training)`) routes values with `Switch`/`Merge` and
*dead tensors*, as TF's executor runs them:

- `Switch(data, pred)` outputs `(output_false, output_true)`; only the taken one is alive.
- an op with a dead input, or a dead control input, is dead: it does not run, and all its
  outputs are dead;
- `Merge(inputs)` outputs its first live input and that input's index, and is dead only when all
  its inputs are;
- `ControlTrigger` runs even when its control inputs are dead.

At run time a dead value is the `DEAD` sentinel. The plan compiler (client/compile.py) guards
each op downstream of a Switch so that it yields `DEAD` instead of running when an input is
dead; ops of plans without Switch are compiled as before. Loops (`Enter`/`Exit`/
`NextIteration`/`LoopCond` frames) are rewritten into `While` ops when the GraphDef is imported
(interchange/v1_frames.py).

Also here: what TF 1.x's gradients of those loops need, `StackV2`/`StackPushV2`/`StackPopV2`
(forward values saved per iteration) and `TensorArrayGradV3` (gradient TensorArrays).
"""
from __future__ import annotations

import itertools

import torch

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework import shape_rules
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.ops import control_flow_graph as cfg
from tfcompat.ops import control_flow_tensor_array as tensor_array

__all__ = ["DEAD", "SWITCH_TYPES", "MERGE_TYPES", "UNGUARDED_TYPES", "is_live", "check_fetches"]


class _Dead:
    """The run-time value of a dead tensor (the untaken output of a Switch)."""

    __slots__ = ()

    def __repr__(self):
        return "<dead tensor>"


DEAD = _Dead()
SWITCH_TYPES = frozenset({"Switch", "RefSwitch"})
MERGE_TYPES = frozenset({"Merge", "RefMerge"})
# ops that run with dead inputs (they decide what is alive themselves)
UNGUARDED_TYPES = MERGE_TYPES | {"ControlTrigger"}


def is_live(*values) -> bool:
    """Whether none of `values` is dead: an op's input values, then one tuple per control
    input holding its outputs (an op ran, so its control edges are live, unless all of its
    outputs are dead: a Switch that ran has one live output)."""
    for v in values:
        if v is DEAD or (type(v) is tuple and v and all(x is DEAD for x in v)):
            return False
    return True


def check_fetches(*values):
    """Fetching a dead tensor is TF's 'Retval[i] does not have value' error."""
    for i, v in enumerate(values):
        if v is DEAD:
            raise errors.InvalidArgumentError(None, None, "Retval[%d] does not have value" % i)


# -- Switch ------------------------------------------------------------------------------------

def _switch_infer(op, data, pred, **_):
    if pred.shape.ndims not in (None, 0):
        raise shape_rules.shape_error("Shape must be rank 0 but is rank %d"
                                      % pred.shape.ndims, op, [data, pred])
    dtype = data.dtype if op.type == "RefSwitch" else data.dtype.base_dtype
    return [(dtype, data.shape)] * 2


def _lower_switch(ctx, data, pred):
    return (DEAD, data) if cfg.truth(pred, ctx.op) else (data, DEAD)


register_op("Switch", inputs=("data: T", "pred: bool"), infer=_switch_infer)(_lower_switch)


@register_op("RefSwitch", inputs=("data: T", "pred: bool"), infer=_switch_infer, ref_inputs=(0,),
             stateful=True)
def _lower_ref_switch(ctx, data, pred):
    """TF1's `initialized_value()` graphs: RefSwitch(variable, IsVariableInitialized) forwards
    the variable without reading it. The plan passes a variable's op here (ref_inputs); the
    live output gets its value, read now, or is dead while the variable is uninitialized (TF
    forwards the reference; the graphs TF writes read it only on the initialized side)."""
    if not isinstance(data, torch.Tensor):
        data = ctx.state.read_variable(data) if ctx.state.is_initialized(data) else DEAD
    return _lower_switch(ctx, data, pred)


# -- Merge -------------------------------------------------------------------------------------

def _merge_infer(op, *inputs, **_):
    shape = inputs[0].shape
    for t in inputs[1:]:
        shape = cfg.most_specific_compatible_shape(shape, t.shape)
    dtype = inputs[0].dtype.base_dtype
    return [(dtype._as_ref if op.type == "RefMerge" else dtype, shape),
            (dtypes.int32, TensorShape([]))]


def _lower_merge(ctx, *inputs):
    for i, value in enumerate(inputs):
        if value is not DEAD:
            return value, torch.tensor(i, dtype=torch.int32)  # on the host, as TF's
    return DEAD, DEAD


register_op("Merge", inputs=("inputs: N*T",), infer=_merge_infer)(_lower_merge)
register_op("RefMerge", inputs=("inputs: N*T",), infer=_merge_infer)(_lower_merge)
register_op("ControlTrigger", infer=lambda op: [])(lambda ctx: None)


# -- Stacks: what TF 1.x's while-loop gradients save forward values in ------------------------
# The forward loop pushes each iteration's value (StackPushV2 in its frame), the gradient loop
# pops them in reverse (StackPopV2). A stack's run-time handle value is the stack itself, a
# Python list made afresh by each run of its StackV2 op.

class _Stack:
    __slots__ = ("items", "name")

    def __init__(self, name):
        self.items, self.name = [], name

    def __repr__(self):
        return "<Stack %s: %d elements>" % (self.name, len(self.items))


_stack_ids = itertools.count(1)


@register_op("StackV2", inputs=("max_size: int32",), stateful=True,
             infer=lambda op, *a, **k: [(dtypes.resource, TensorShape([2]))],
             attrs={"elem_type": None, "stack_name": ""})
def _lower_stack(ctx, max_size, *, elem_type, stack_name):
    # TF names a stack '<stack_name>_<id>' in its messages
    return _Stack("%s_%d" % (stack_name, next(_stack_ids)))


@register_op("StackPushV2", inputs=("handle: resource", "elem: T"), stateful=True,
             infer=lambda op, handle, elem, **_: [(elem.dtype.base_dtype, elem.shape)])
def _lower_stack_push(ctx, handle, elem):
    handle.items.append(elem)
    return elem


@register_op("StackPopV2", inputs=("handle: resource",), stateful=True,
             infer=lambda op, handle, *, elem_type: [(elem_type, TensorShape(None))],
             attrs={"elem_type": None})
def _lower_stack_pop(ctx, handle, *, elem_type):
    if not handle.items:
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "Stack[%s] is empty when calling Pop()." % handle.name)
    return handle.items.pop()


@register_op("StackCloseV2", inputs=("handle: resource",), stateful=True,
             infer=lambda op, handle: [])
def _lower_stack_close(ctx, handle):
    handle.items.clear()


# -- TensorArray gradients as TF 1.x wrote them ------------------------------------------------
# tf.gradients in TF writes a TensorArray op's gradient as ops on a *gradient array*, made by
# TensorArrayGradV3 from the forward array's handle and named by `source`: one per (array,
# source), the forward array's size, adding up writes to one index. Its ops get the gradient
# array's handle and the forward array's flow (control_flow_tensor_array.py `_array`).

@register_op("TensorArrayGradV3", inputs=("handle: resource", "flow_in: float32"), stateful=True,
             infer=lambda op, handle, flow, **_: [(dtypes.resource, TensorShape([2])),
                                                  (dtypes.float32, TensorShape([]))],
             attrs={"source": ""})
def _lower_tensor_array_grad(ctx, handle, flow, *, source):
    forward = tensor_array._array(handle, flow)
    if not isinstance(forward, tensor_array._Elements):
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "TensorArrayGradV3 expected the handle of a TensorArray, got %r"
                              % (forward,))
    if forward.grads is None:
        forward.grads = {}
    grad = forward.grads.get(source)
    if grad is None:
        grad = tensor_array._Elements(len(forward.items), name="%s@%s" % (forward.name, source))
        grad.aggregate, grad.shape = True, forward.shape
        forward.grads[source] = grad
    return grad, flow
