"""Gradients a program defines itself: `tf.RegisterGradient` + `Graph.gradient_override_map`,
`tf.custom_gradient`, and `tf.NotDifferentiable`.

TF calls a registered gradient function `grad_fn(op, *output_grads)` while building
`tf.gradients`, and it builds the input gradients as graph ops. tfcompat does the same at
build time, with placeholders standing for the output gradients; at run time the op's
lowering runs inside a `torch.autograd.Function` whose backward computes those ops (a
sub-plan fed with the incoming gradients). Tensors the gradient ops read from the forward
graph are computed by the main plan and handed to the sub-plan (they are extra inputs of the
`Gradients` op), so the gradient sees this run's forward values.
"""
from __future__ import annotations

import dataclasses
import inspect
import itertools
import traceback

import torch

from tfcompat import errors
from tfcompat.framework import graph as graph_lib
from tfcompat.framework import graph_walk
from tfcompat.framework import registry
from tfcompat.framework.indexed_slices import IndexedSlices
from tfcompat.framework import convert
from tfcompat.ops.array_ops import identity_n
from tfcompat.ops.array_ops import placeholder
from tfcompat.ops import override_gradients
from tfcompat.framework import tf_gradient_kinds

_GRADIENT_REGISTRY: dict = {}
_BUILTIN_REGISTERED: set = set()   # register_builtin_gradient's op types
_uid = itertools.count(1)


class RegisterGradient:
    """TF1 `tf.RegisterGradient(name)`: decorator registering `fn(op, *grads)` as the gradient
    of ops of type `name`, or of ops mapped to `name` by `gradient_override_map`."""

    def __init__(self, op_type):
        if not isinstance(op_type, str):
            raise TypeError("op_type must be a string")
        self._op_type = op_type

    def __call__(self, fn):
        register(fn, self._op_type)
        return fn


def NotDifferentiable(op_type):
    """TF1 `tf.NotDifferentiable`: ops of this type (or override name) stop gradients."""
    if not isinstance(op_type, str):
        raise TypeError("op_type must be a string")
    register(None, op_type)


def register(fn, op_type):
    """TF's `Registry.register`: a name TF's own registry holds (tf_gradient_kinds.py), or one
    registered before, is a KeyError naming where, as TF names it, the registry itself."""
    frame = traceback.extract_stack(limit=1)[0]
    if op_type in _GRADIENT_REGISTRY or (op_type not in _BUILTIN_REGISTERED and
                                         tf_gradient_kinds.registered_in_tf(op_type, _is_op)):
        raise KeyError("Registering two gradient with name '%s'! (Previous registration was in "
                       "%s %s:%d)" % (op_type, frame.name, frame.filename, frame.lineno))
    _GRADIENT_REGISTRY[op_type] = fn


def _is_op(op_type):
    return registry.get_op_def(op_type) is not None


def register_builtin_gradient(op_type):
    """For tfcompat's own gradient functions of TF op types (TF registers one of its own):
    used as `fn`'s gradient, and like TF's, never registered twice."""
    def wrap(fn):
        _BUILTIN_REGISTERED.add(op_type)
        _GRADIENT_REGISTRY[op_type] = fn
        return fn
    return wrap


no_gradient = NotDifferentiable


# Built-in gradients a `gradient_override_map` may name for another op type. TF looks the name
# up in its registry of graph-level gradient functions; tfcompat's built-in gradients are
# torch autograd, so the ones programs borrow (straight-through estimators map Sign, Round or
# Floor to "Identity"; {"Relu": "Relu6"}, {"Tanh": "Sigmoid"}...) are spelled out in
# override_gradients.py.
_BUILTIN_OVERRIDES = override_gradients.OVERRIDE_GRADIENTS


# TF's text, its missing space included (gradients_util.py builds it the same way)
NO_GRADIENT_MESSAGE = (
    "No gradient defined for operation'%s' (op type: %s). In general every operation must have "
    "an associated `@tf.RegisterGradient` for correct autodiff, which this op is lacking. If you "
    "want to pretend this operation is a constant in your program, you may insert "
    "`tf.stop_gradient`. This can be useful to silence the error in cases where you know "
    "gradients are not needed, e.g. the forward pass of tf.custom_gradient. Please see more "
    "details in https://www.tensorflow.org/api_docs/python/tf/custom_gradient.")


def gradient_function(op):
    """(has_custom, fn) for `op`: its registered gradient (fn None: not differentiable)."""
    override = op._attrs.get("_gradient_op_type")
    if override is not None:
        override = override.decode() if isinstance(override, bytes) else override
        if override not in _GRADIENT_REGISTRY and override in _BUILTIN_OVERRIDES:
            return True, _BUILTIN_OVERRIDES[override]
        if override not in _GRADIENT_REGISTRY and registry.get_op_def(override) is not None:
            raise LookupError("gradient_override_map maps operation '%s' (op type: %s) to the "
                              "gradient of op type '%s', which tfcompat cannot borrow (it can: "
                              "%s). Register one with @tf.RegisterGradient instead."
                              % (op.name, op.type, override, ", ".join(sorted(_BUILTIN_OVERRIDES))))
        if override not in _GRADIENT_REGISTRY:
            raise LookupError(NO_GRADIENT_MESSAGE % (op.name, op.type))
        return True, _GRADIENT_REGISTRY[override]
    if op.type in _GRADIENT_REGISTRY:
        return True, _GRADIENT_REGISTRY[op.type]
    return False, None


# -- the run-time side -----------------------------------------------------------------------

@dataclasses.dataclass(eq=False)
class _Active:
    """Per op: its own lowering, and the _CustomGrad of the tf.gradients op now running (TF
    calls the gradient function anew for each tf.gradients, so each builds its own ops)."""

    original: object
    spec: object = None     # set while its tf.gradients op runs
    last: object = None     # the latest built, for a backward outside any (tf.hessians)


@dataclasses.dataclass(eq=False)
class _CustomGrad:
    """What backward needs for one op in one tf.gradients: the gradient placeholders, the
    input gradients, and the tensors of the forward graph those read."""

    op: object
    dys: list
    grads: list             # one per op input: Tensor or None
    externals: list         # tensors computed by the main plan, fed to the sub-plan
    ops: set                # the gradient ops that depend on the placeholders
    active: _Active         # the op's slot for the spec of the running tf.gradients
    values: dict = dataclasses.field(default_factory=dict)   # external tensor -> value
    uid: int = dataclasses.field(default_factory=lambda: next(_uid))

    def plan(self, session):
        key = (self.op, "custom_gradient", self.uid)
        version = self.op.graph._version
        hit = session._state.subplans.get(key)
        if hit is None or hit[0] != version:
            fetches = [g for g in self.grads if g is not None]
            hit = (version, session.compile_subplan(self.ops, self.dys + self.externals,
                                                    fetches))
            session._state.subplans[key] = hit
        return hit[1]


class _CustomGradFunction(torch.autograd.Function):
    @staticmethod
    def forward(fctx, active, step_ctx, attrs, *inputs):
        fctx.active, fctx.op, fctx.session = active, step_ctx.op, step_ctx.session
        out = active.original(step_ctx, *inputs, **attrs)
        if not isinstance(out, (list, tuple)):
            return out
        # a tensor returned twice (FusedBatchNormV3's batch_mean and reserve_space_1) would get
        # the gradient of only one of its outputs: give each output its own tensor
        seen, outs = set(), []
        for t in out:
            if isinstance(t, torch.Tensor) and id(t) in seen:
                t = t.clone()
            seen.add(id(t))
            outs.append(t)
        return tuple(outs)

    @staticmethod
    def backward(fctx, *grads):
        spec = fctx.active.spec or fctx.active.last
        if any(t not in spec.values for t in spec.externals):
            raise errors.op_error(errors.InternalError, fctx.op,
                                  "custom gradient of '%s' ran outside its tf.gradients op"
                                  % fctx.op.name)
        feeds = [g for g in grads] + [spec.values[t] for t in spec.externals]
        values = iter(spec.plan(fctx.session)(feeds))
        return (None, None, None) + tuple(next(values) if g is not None else None
                                          for g in spec.grads)


def _wrapped_lowering(active):
    def lower(ctx, *inputs, **attrs):
        if torch.is_grad_enabled() and any(isinstance(t, torch.Tensor) and t.requires_grad
                                           for t in inputs):
            return _CustomGradFunction.apply(active, ctx, attrs, *inputs)
        return active.original(ctx, *inputs, **attrs)
    return lower


def _detach(value):
    if isinstance(value, torch.Tensor):
        return value.detach()
    if isinstance(value, (list, tuple)):
        return type(value)(_detach(v) for v in value)
    return value


def stop_gradients_of(op):
    """Routes the lowering of `op`, whose registered gradient is None (NotDifferentiable, or
    an override naming one), through a detach: its own kernel may be differentiable in torch,
    but TF sends no gradient through it."""
    if op.__dict__.get("_gradient_stopped"):
        return
    original = op.op_def.lower

    def lower(ctx, *inputs, **attrs):
        return _detach(original(ctx, *inputs, **attrs))
    op._gradient_stopped = True
    op._op_def = dataclasses.replace(op.op_def, lower=lower)
    op.graph._bump_version()


# -- the build-time side ---------------------------------------------------------------------

def prepare(op, fn, scope, built):
    """Builds `fn`'s gradient ops for `op` in the tf.gradients whose specs are `built` (once
    per call: TF calls a gradient function anew for each tf.gradients) and routes the op's
    lowering through them; returns the _CustomGrad record."""
    spec = built.get(op)
    if spec is not None:
        return spec
    graph = op.graph
    with graph.as_default(), graph_lib.name_scope(scope + op.name + "_grad/"):
        dys = [placeholder(t.dtype.base_dtype, t.shape, name="dy_%d" % i)
               for i, t in enumerate(op._outputs)]
        grads = fn(op, *dys)
        grads = list(grads) if isinstance(grads, (list, tuple)) else [grads]
        if len(grads) != len(op._inputs):
            raise ValueError("Num gradients %d generated for op %s do not match num inputs %d"
                             % (len(grads), op.name, len(op._inputs)))
        grads = [None if g is None else convert.convert_to_tensor(g)
                 if isinstance(g, IndexedSlices) or not hasattr(g, "op") else g for g in grads]
    ops, externals = _split(dys, [g for g in grads if g is not None])
    active = op.__dict__.get("_custom_grad_active")
    if active is None:
        active = op._custom_grad_active = _Active(op.op_def.lower)
        op._op_def = dataclasses.replace(op.op_def, lower=_wrapped_lowering(active))
    spec = built[op] = op._custom_grad_spec = active.last = _CustomGrad(
        op, dys, grads, externals, ops, active)
    graph._bump_version()
    return spec


def _split(dys, fetches):
    """The gradient ops downstream of the placeholders, and the tensors they (or the fetches)
    read from the rest of the graph."""
    needed = graph_walk.needed_ops(fetches, [], frozenset(dys))
    down, stack = set(), [c for d in dys for c in d.op._consumers]
    while stack:
        op = stack.pop()
        if op in down or op not in needed:
            continue
        down.add(op)
        stack.extend(c for t in op._outputs for c in t.op._consumers)
    externals = []
    for op in down:
        for t in list(op._inputs):
            if t.op not in down and t not in dys and t not in externals:
                externals.append(t)
    for f in fetches:
        if f.op not in down and f not in dys and f not in externals:
            externals.append(f)
    return down, externals


def custom_gradient(f=None):
    """TF1 `tf.custom_gradient`: `f(*x)` returns `(y, grad_fn)`; gradients through y are
    `grad_fn(*dy)` (graph mode, as TF builds it: an IdentityN with an overridden gradient).

    Variables read inside `f` get the gradients grad_fn returns when it takes a `variables`
    keyword (TF 2.x); otherwise they get none, as TF 1.15's ref variables did."""
    if f is None:
        return custom_gradient

    def decorated(*args, **kwargs):
        if kwargs:
            raise ValueError("The custom_gradient decorator currently supports keywords "
                             "arguments only when eager execution is enabled.")
        return _graph_mode_decorator(f, args)
    decorated.__name__ = getattr(f, "__name__", "custom_gradient")
    decorated.__doc__ = f.__doc__
    return decorated


def _flatten(value):
    if isinstance(value, (list, tuple)):
        return [x for v in value for x in _flatten(v)]
    return [value]


def _pack_like(structure, flat):
    it = iter(flat)

    def pack(value):
        if isinstance(value, (list, tuple)):
            return type(value)(pack(v) for v in value)
        return next(it)
    return pack(structure)


_VARIABLE_OP_TYPES = frozenset({"VariableV2", "Variable", "VarHandleOp"})


def _dependent_variables(args, flat_result):
    """The trainable variables `f` read between its arguments and its results, sorted by name
    (TF's `_get_dependent_variables`: a backward walk from the results stopping at the args)."""
    stop = set(args)
    seen, stack, names = set(), [t.op for t in flat_result], set()
    while stack:
        op = stack.pop()
        if op in seen:
            continue
        seen.add(op)
        if op.type in _VARIABLE_OP_TYPES:
            names.add(op.name)
        stack.extend(t.op for t in op._inputs if t not in stop)
    graph = graph_lib.get_default_graph()
    found = [v for v in graph.get_collection("variables")
             if getattr(v, "op", None) is not None and v.op.name in names and v.trainable]
    return sorted(found, key=lambda v: v.name)


def _accepts_variables(grad_fn):
    spec = inspect.getfullargspec(grad_fn)
    return "variables" in spec.args or "variables" in spec.kwonlyargs or bool(spec.varkw)


def _all_variables():
    graph = graph_lib.get_default_graph()
    return graph.get_collection("variables") + graph.get_collection("local_variables")


def _is_resource(variable) -> bool:
    return getattr(getattr(variable, "op", None), "type", None) == "VarHandleOp"


def _variables_for_grad_fn(args, flat_result, grad_fn):
    """TF's checks: `variables` for a grad_fn that takes them; one that does not may not
    follow resource variables (a TypeError); ref variables read then get no gradient, as
    in TF 1.15, whose tape did not see them."""
    variables = _dependent_variables(args, flat_result)
    if _accepts_variables(grad_fn):
        return variables
    if any(_is_resource(v) for v in variables):
        raise TypeError("@tf.custom_gradient grad_fn must accept keyword argument "
                        "'variables', since function uses variables: {}".format(variables))
    return []


def _graph_mode_decorator(f, args):
    name = "CustomGradient-%d" % next(_uid)
    args = [convert.convert_to_tensor(a) for a in args]
    before = set(map(id, _all_variables()))
    result, grad_fn = f(*args)
    if any(id(v) not in before and not _is_resource(v) for v in _all_variables()):
        raise TypeError("All variables used by a function wrapped with @custom_gradient must "
                        "be `ResourceVariable`s. Ensure that no `variable_scope` is created "
                        "with `use_resource=False`.")
    flat_result = [convert.convert_to_tensor(r) for r in _flatten(result)]
    n_results = len(flat_result)
    variables = _variables_for_grad_fn(args, flat_result, grad_fn)

    @RegisterGradient(name)
    def internal_grad_fn(unused_op, *result_grads):
        if variables:
            input_grads, variable_grads = grad_fn(*result_grads[:n_results],
                                                  variables=variables)
            variable_grads = list(variable_grads)
            if len(variable_grads) != len(variables):
                raise ValueError("Must return gradient for each variable from "
                                 "@custom_gradient grad_fn.")
        else:
            input_grads, variable_grads = grad_fn(*result_grads[:n_results]), []
        input_grads = _flatten(input_grads)
        if len(input_grads) != len(args):
            raise ValueError("custom_gradient function expected to return %d gradients but "
                             "returned %d instead." % (len(args), len(input_grads)))
        return [None] * n_results + input_grads + variable_grads

    values = [convert.convert_to_tensor(v) for v in variables]
    with graph_lib.get_default_graph().gradient_override_map({"IdentityN": name}):
        all_tensors = identity_n(flat_result + args + values)
    return _pack_like(result, all_tensors[:n_results])


__all__ = ["RegisterGradient", "NotDifferentiable", "no_gradient", "custom_gradient"]
