"""Conditionals and grouping: `tf.cond`, `tf.case`, `tf.group`, `tf.tuple`,
`tf.control_dependencies` helpers (`with_dependencies`).

`tf.cond` calls both branch functions once, in the main graph under the `cond/` name scope, then
stands for the construct with one `If` op (`StatelessIf` when no branch op touches state) whose
inputs are the predicate and every tensor the branches capture from outside; its outputs are
exposed through `Identity` ops named as TF1 names cond outputs (`cond/Merge:0`, `cond/Merge_1:0`).
At run time only the taken branch's ops run (see control_flow_graph.py), so an assignment in the
untaken branch changes nothing, while ops created outside and used inside run as in TF.
"""
from __future__ import annotations

import builtins
import collections
import functools

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework import shape_rules
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import control_dependencies
from tfcompat.framework.graph import get_default_graph
from tfcompat.framework.graph import name_scope
from tfcompat.framework.indexed_slices import IndexedSlices
from tfcompat.framework.operation import Operation
from tfcompat.framework.operation import Tensor
from tfcompat.framework.sparse_tensor import SparseTensor
from tfcompat.framework.registry import register_op
from tfcompat.ops import control_flow_graph as cfg
from tfcompat.ops import control_flow_nest as nest
from tfcompat.ops.array_ops import identity
from tfcompat.ops.array_ops import no_op
from tfcompat.framework.convert import constant
from tfcompat.ops import logging_ops
from tfcompat.ops import math_ops
from tfcompat.ops.array_ops_join import stack
from tfcompat.ops.reduction_ops import reduce_sum

__all__ = ["cond", "case", "switch_case", "group", "tuple", "with_dependencies"]


# -- the If / StatelessIf op ------------------------------------------------------------------

def _if_infer(op, *inputs, Tout, output_shapes, **_):
    return list(zip(Tout, output_shapes))


def _lower_if(ctx, pred, *inputs, then_branch, else_branch, Tout, output_shapes):
    branch = then_branch if cfg.truth(pred, ctx.op) else else_branch
    run = cfg.subplan(ctx, branch)
    outs = cfg.to_device(run([inputs[i] for i in branch.capture_index]), ctx.device)
    return outs[0] if len(outs) == 1 else outs


_IF_ATTRS = {"then_branch": None, "else_branch": None, "Tout": (), "output_shapes": ()}
register_op("StatelessIf", inputs=("cond: Tcond", "input: Tin"), infer=_if_infer,
            attrs=_IF_ATTRS)(_lower_if)
register_op("If", inputs=("cond: Tcond", "input: Tin"), infer=_if_infer, attrs=_IF_ATTRS,
            stateful=True, mutates=True)(_lower_if)


# -- tf.cond ----------------------------------------------------------------------------------

def _is_tensor_array(value) -> bool:
    return hasattr(value, "_tfcompat_tensor_array")


def _branch_tensor(value, pred):
    """What one returned value of a branch becomes (TF's `_BuildCondTensor`)."""
    if isinstance(value, Operation):
        with control_dependencies([value]):
            return identity(pred)
    if _is_tensor_array(value):
        return value.flow
    return convert_to_tensor(value)


def _components(value, pred):
    """The tensors a returned value travels as: a SparseTensor or IndexedSlices as its component
    tensors (TF's expand_composites), anything else as one tensor."""
    if isinstance(value, SparseTensor):
        return [value.indices, value.values, value.dense_shape]
    if isinstance(value, IndexedSlices):
        shape = [] if value.dense_shape is None else [value.dense_shape]
        return [value.values, value.indices] + shape
    return [_branch_tensor(value, pred)]


def _build_branch(graph, fn, pred, fn_name):
    with cfg.record_ops(graph, graph.get_name_scope(), "cond") as rec:
        original = fn()
        if original is None:
            raise ValueError("'%s' must have a return value." % fn_name)
        flat = [t for v in nest.flatten(original) for t in _components(v, pred)]
    return original, flat, rec


def _unpack_if_singleton(res):
    if isinstance(res, (list, builtins.tuple)) and len(res) == 1:
        return res[0]
    return res


def _check_structures(orig_t, orig_f):
    nest.assert_same_structure(orig_t, orig_f)
    kinds = [(_composite_kind(a), _composite_kind(b))
             for a, b in zip(nest.flatten(orig_t), nest.flatten(orig_f))]
    if any(a != b for a, b in kinds):   # as TF's check with expand_composites=True
        raise ValueError("Incompatible return values of 'true_fn' and 'false_fn': The two "
                         "structures don't have the same nested structure.\n\nFirst structure: "
                         "%s\n\nSecond structure: %s" % (orig_t, orig_f))


def _composite_kind(value):
    if isinstance(value, SparseTensor):
        return "SparseTensor"
    if isinstance(value, IndexedSlices):
        return "IndexedSlices" + ("" if value.dense_shape is None else "+dense_shape")
    return None


def _check_pred(graph, pred):
    if pred.dtype.base_dtype != dtypes.bool:
        raise TypeError("Input 'pred' of 'Switch' Op has type %s that does not match expected "
                        "type of bool." % pred.dtype.base_dtype.name)
    if pred.shape.ndims not in (None, 0):
        # the shape function of TF's pivot, Switch(pred, pred), in the cond's name scope
        name = pred.op.name if pred.value_index == 0 else pred.name
        dims = shape_rules.shape_text(pred.shape)
        raise ValueError("Shape must be rank 0 but is rank %d for '{{node %s}} = "
                         "Switch[T=DT_BOOL](%s, %s)' with input shapes: %s, %s."
                         % (pred.shape.ndims, graph.unique_name("Switch", mark_as_used=False),
                            name, name, dims, dims))


def Assert(condition, data, summarize=None, name=None):
    """TF1 `tf.Assert`: an op raising InvalidArgumentError ("assertion failed: [..]") when it
    runs and `condition` is False. Run it, or make other ops depend on it. As in TF, data of
    other types than string and int32 is guarded: the Assert op runs in the false branch of a
    cond named AssertGuard, whose Merge op is returned."""
    with name_scope(name, "Assert", [condition] + list(data)) as scope:
        tensors = [convert_to_tensor(d) for d in data]  # TF's convert_n_to_tensor: Assert/Const
        if all(t.dtype.base_dtype in (dtypes.string, dtypes.int32) for t in tensors):
            return logging_ops.assert_op(condition, data, tensors, summarize, scope)
        condition = convert_to_tensor(condition, name="Condition")
        guarded = cond(condition, no_op,
                       lambda: logging_ops.assert_op(condition, data, None, summarize,
                                                     get_default_graph().get_name_scope() + "/"),
                       name="AssertGuard")
        return guarded.op


def cond(pred, true_fn=None, false_fn=None, strict=False, name=None, fn1=None, fn2=None):
    """TF1 `tf.cond`: `true_fn()` if `pred` else `false_fn()`; only the taken branch runs.

    >>> x = tf.placeholder(tf.int32, [])
    >>> y = tf.cond(x > 3, lambda: x * 2, lambda: x - 1)
    >>> y.name
    'cond/Merge:0'
    """
    true_fn, false_fn = _cond_fns(true_fn, false_fn, fn1, fn2)
    graph = get_default_graph()
    with name_scope(name, "cond", [pred]):
        if isinstance(pred, bool):
            raise TypeError("'pred' must not be a Python bool.")
        pred = convert_to_tensor(pred)
        _check_pred(graph, pred)
        orig_t, flat_t, rec_t = _build_branch(graph, true_fn, pred, "true_fn")
        orig_f, flat_f, rec_f = _build_branch(graph, false_fn, pred, "false_fn")
        if not strict:
            orig_t, orig_f = _unpack_if_singleton(orig_t), _unpack_if_singleton(orig_f)
        _check_structures(orig_t, orig_f)
        if not flat_t:
            raise ValueError("'true_fn' and 'false_fn' must return at least one result.")
        for x, y in zip(flat_t, flat_f):
            if x.dtype.base_dtype != y.dtype.base_dtype:
                raise ValueError("Outputs of 'true_fn' and 'false_fn' must have the same type(s). "
                                 "Received %s from 'true_fn' and %s from 'false_fn'."
                                 % (x.dtype.name, y.dtype.name))
        merges = _make_if(graph, pred, rec_t, flat_t, rec_f, flat_f)
        merges = nest.pack_sequence_as(orig_t, _rewrap(nest.flatten(orig_t), merges))
        if not strict:
            merges = _unpack_if_singleton(merges)
        return merges


def _rewrap(originals, merged):
    """The branch results rebuilt from the merged tensors (see `_components`)."""
    merged, out = iter(merged), []
    for original in originals:
        if isinstance(original, SparseTensor):
            out.append(SparseTensor(next(merged), next(merged), next(merged)))
        elif isinstance(original, IndexedSlices):
            values, indices = next(merged), next(merged)
            shape = None if original.dense_shape is None else next(merged)
            out.append(IndexedSlices(values, indices, shape))
        elif _is_tensor_array(original):
            out.append(original._with_flow(next(merged)))
        else:
            out.append(next(merged))
    return out


def _cond_fns(true_fn, false_fn, fn1, fn2):
    if fn1 is not None:
        if true_fn is not None:
            raise TypeError("cond(): 'true_fn' and 'fn1' may not be set simultaneously.")
        true_fn = fn1
    elif true_fn is None:
        raise TypeError("cond(): 'true_fn' argument required")
    if fn2 is not None:
        if false_fn is not None:
            raise TypeError("cond(): 'false_fn' and 'fn2' may not be set simultaneously.")
        false_fn = fn2
    elif false_fn is None:
        raise TypeError("cond(): 'false_fn' argument required")
    if not callable(true_fn):
        raise TypeError("'true_fn' must be callable.")
    if not callable(false_fn):
        raise TypeError("'false_fn' must be callable.")
    return true_fn, false_fn


def _make_if(graph, pred, rec_t, flat_t, rec_f, flat_f):
    then_branch = cfg.SubGraph("then", rec_t.ops, (), flat_t)
    else_branch = cfg.SubGraph("else", rec_f.ops, (), flat_f)
    captures = cfg.union_captures(then_branch, else_branch)
    stateful = then_branch.stateful or else_branch.stateful
    shapes = [cfg.most_specific_compatible_shape(x.shape, y.shape)
              for x, y in zip(flat_t, flat_f)]
    attrs = {"then_branch": then_branch, "else_branch": else_branch,
             "Tout": [t.dtype.base_dtype for t in flat_t], "output_shapes": shapes,
             "Tcond": pred.dtype.base_dtype, "Tin": [t.dtype.base_dtype for t in captures]}
    op = graph._create_op("If" if stateful else "StatelessIf", [pred] + captures, attrs, "If")
    op._add_control_inputs(cfg.outer_control(then_branch, else_branch))
    return [graph._create_op("Identity", [t], {"T": t.dtype}, "Merge")._outputs[0]
            for t in op._outputs]


# -- tf.case ----------------------------------------------------------------------------------

def _assert_at_most_n_true(predicates, n, msg):
    preds_c = stack(predicates, name="preds_c")
    num_true = reduce_sum(math_ops.cast(preds_c, dtypes.int32), name="num_true_conds")
    condition = math_ops.less_equal(num_true, constant(n, name="n_true_conds"))
    names = ", ".join(getattr(p, "name", "?") for p in predicates)
    data = ["%s: more than %d conditions (%s) evaluated as True:" % (msg, n, names), preds_c]
    return Assert(condition, data=data, summarize=len(predicates))


def _case_default_action(predicates, actions):
    k = len(predicates) - 1
    predicate, action = predicates[k], actions[k]
    others, other_actions = predicates[:k], actions[:k]

    def default_action():
        others_msg = ("Implementation error: selected default action #%d was called, but some "
                      "of other predicates are True: " % k)
        default_msg = ("Input error: None of conditions evaluated as True:",
                       stack(predicates, name="preds_c"))
        deps = [Assert(predicate, data=default_msg)]
        if others:
            deps.insert(0, _assert_at_most_n_true(others, n=0, msg=others_msg))
        with control_dependencies(deps):
            return action()

    return default_action, others, other_actions


def _case_args(pred_fn_pairs):
    if not isinstance(pred_fn_pairs, (list, builtins.tuple, dict)):
        raise TypeError("'pred_fn_pairs' must be a list, tuple, or dict. Received: %s"
                        % type(pred_fn_pairs))
    if isinstance(pred_fn_pairs, collections.OrderedDict):
        pred_fn_pairs = list(pred_fn_pairs.items())
    elif isinstance(pred_fn_pairs, dict):
        pred_fn_pairs = sorted(pred_fn_pairs.items(), key=lambda item: item[0].name)
    for pair in pred_fn_pairs:
        if not isinstance(pair, builtins.tuple) or len(pair) != 2:
            raise TypeError("Each entry in 'pred_fn_pairs' must be a 2-tuple. Received %s."
                            % (pair,))
        pred, fn = pair
        if isinstance(pred, Tensor):
            if pred.dtype.base_dtype != dtypes.bool:
                raise TypeError("pred must be Tensor of type bool: %s" % pred.name)
        else:
            raise TypeError("pred must be a Tensor, got: %s" % (pred,))
        if not callable(fn):
            raise TypeError("fn for pred %s must be callable." % pred.name)
    predicates, actions = zip(*pred_fn_pairs)   # as TF: no pairs is a ValueError here
    return list(predicates), list(actions)


def case(pred_fn_pairs, default=None, exclusive=False, strict=False, name="case"):
    """TF1 `tf.case`: the result of the first `fn` whose predicate is True, else `default()`
    (nested `tf.cond`s; `exclusive=True` adds an assert that at most one predicate holds)."""
    predicates, actions = _case_args(pred_fn_pairs)
    with name_scope(name, "case", list(predicates)):
        if default is None:
            default, predicates, actions = _case_default_action(predicates, actions)
        fn = default
        for predicate, action in reversed(list(zip(predicates, actions))):
            fn = functools.partial(cond, predicate, true_fn=action, false_fn=fn, strict=strict)
        if exclusive and predicates:
            with control_dependencies([_assert_at_most_n_true(
                    predicates, n=1, msg="Input error: exclusive=True")]):
                return fn()
        return fn()


# -- tf.switch_case (a Case op) -----------------------------------------------------------------

def _lower_case(ctx, index, *inputs, branches, Tout, output_shapes):
    if hasattr(index, "dim") and index.dim() != 0:   # TF's Switch kernel, as it lowers Case
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "The second input must be a scalar, but it has shape %s"
                              % list(index.shape))
    i = int(index.item()) if hasattr(index, "item") else int(index)
    branch = branches[i] if 0 <= i < len(branches) else branches[-1]
    run = cfg.subplan(ctx, branch)
    outs = cfg.to_device(run([inputs[j] for j in branch.capture_index]), ctx.device)
    return outs[0] if len(outs) == 1 else outs


def _case_infer(op, *inputs, Tout, output_shapes, **_):
    return list(zip(Tout, output_shapes))


_CASE_ATTRS = {"branches": (), "Tout": (), "output_shapes": ()}
register_op("StatelessCase", inputs=("branch_index: int32", "input: Tin"), infer=_case_infer,
            attrs=_CASE_ATTRS)(_lower_case)
register_op("Case", inputs=("branch_index: int32", "input: Tin"), infer=_case_infer,
            attrs=_CASE_ATTRS, stateful=True, mutates=True)(_lower_case)


def _switch_case_fns(branch_fns, default, branch_index):
    """TF's _indexed_case_verify_and_canonicalize_args: the branches in key order, default
    last."""
    if not isinstance(branch_index, Tensor):
        raise TypeError("'branch_index' must be a Tensor, got %s" % type(branch_index))
    if not branch_index.dtype.is_integer:
        raise TypeError("'branch_index' must be an integer Tensor, got %s" % branch_index.dtype)
    if not branch_fns:
        raise ValueError("Must provide at least one item in 'branch_fns'")
    if not isinstance(branch_fns, (list, builtins.tuple, dict)):
        raise TypeError("'branch_fns' must be a list, tuple, or dict")
    if isinstance(branch_fns, dict):
        branch_fns = list(branch_fns.items())
    if all(callable(fn) for fn in branch_fns):
        branch_fns = list(enumerate(branch_fns))
    for pair in branch_fns:
        if not isinstance(pair, builtins.tuple) or len(pair) != 2:
            raise TypeError("Each entry in 'branch_fns' must be a 2-tuple. Received %s." % (pair,))
        key, fn = pair
        if not isinstance(key, int):
            raise TypeError("key must be a Python `int`, got %s" % type(key))
        if not callable(fn):
            raise TypeError("fn for key %s must be callable." % key)
    keys = [k for k, _ in branch_fns]
    if min(keys) < 0 or max(keys) >= len(keys) or len(set(keys)) != len(keys):
        raise ValueError("branch indices (keys) must form contiguous range of [0 to %d) but "
                         "found {%s}" % (len(keys), ",".join(map(str, sorted(keys)))))
    fns = [fn for _, fn in sorted(branch_fns, key=lambda kv: kv[0])]
    return fns + ([default] if default is not None else [])


def _check_same_branch_outputs(built):
    """TF's cond_v2._check_same_outputs for tf.switch_case: structures, then dtypes."""
    for b, (orig, flat, _) in enumerate(built[1:], 1):
        try:
            _check_structures(built[0][0], orig)
            detail = next(("%s and %s have different types" % (x, y)
                           for x, y in zip(built[0][1], flat)
                           if x.dtype.base_dtype != y.dtype.base_dtype), None)
        except (ValueError, TypeError) as e:
            detail = str(e)
        if detail is not None:
            raise TypeError("branches[0] and branches[%d] arguments to tf.switch_case must have "
                            "the same number, type, and overall structure of return values.\n"
                            "\nbranches[0] output: %s\nbranches[%d] output: %s\n\nError "
                            "details:\n%s" % (b, built[0][0], b, orig, detail))


def switch_case(branch_index, branch_fns, default=None, name="switch_case"):
    """TF `tf.switch_case`: runs `branch_fns[branch_index]` (or `default`, else the last
    branch, when the index is out of range)."""
    fns = _switch_case_fns(branch_fns, default, branch_index)
    graph = get_default_graph()
    with name_scope(name, "switch_case", [branch_index]):
        index = branch_index
        with name_scope("indexed_case", None, [index]):
            built = [_build_branch(graph, fn, index, "branch_fns[%d]" % i)
                     for i, fn in enumerate(fns)]
            _check_same_branch_outputs(built)
            subs = [cfg.SubGraph("b%d" % i, rec.ops, (), flat)
                    for i, (_, flat, rec) in enumerate(built)]
            captures = cfg.union_captures(*subs)
            shapes = [t.shape for t in built[0][1]]
            for _, flat, _ in built[1:]:
                shapes = [cfg.most_specific_compatible_shape(a, t.shape)
                          for a, t in zip(shapes, flat)]
            attrs = {"branches": subs, "Tout": [t.dtype.base_dtype for t in built[0][1]],
                     "output_shapes": shapes, "Tin": [t.dtype.base_dtype for t in captures]}
            stateful = any(sub.stateful for sub in subs)
            if index.dtype.base_dtype != dtypes.int32:   # the Case op's OpDef: int32 only
                raise TypeError("Input 'branch_index' of '%s' Op has type %s that does not match "
                                "expected type of int32." % ("Case" if stateful else "StatelessCase",
                                                             index.dtype.base_dtype.name))
            op = graph._create_op("Case" if stateful else "StatelessCase", [index] + captures,
                                  attrs, graph.get_name_scope() + "/")
            op._add_control_inputs(cfg.outer_control(*subs))
            outs = [graph._create_op("Identity", [t], {"T": t.dtype}, "Identity")._outputs[0]
                    for t in op._outputs]
        return nest.pack_sequence_as(built[0][0], _rewrap(nest.flatten(built[0][0]), outs))


# -- grouping ---------------------------------------------------------------------------------

def _group_deps(device, deps, name=None):
    graph = get_default_graph()
    with control_dependencies(deps), graph.device(device or None):
        return no_op(name=name)


def group(*inputs, **kwargs):
    """TF1 `tf.group`: one NoOp that runs after all `inputs` (ops, tensors, variables)."""
    name = kwargs.pop("name", None)
    if kwargs:
        raise ValueError("Unknown keyword arguments: " + ", ".join(kwargs.keys()))
    with name_scope(name, "group_deps", list(inputs)) as scope:  # TF's graph (and mixing) check
        if not inputs:
            return no_op(name=scope)
        by_device: dict = {}
        for inp in nest.flatten(list(inputs)):
            if not hasattr(inp, "device"):
                raise TypeError("Expected tf.group() expected Tensor arguments not '%s' with "
                                "type '%s'" % (inp, type(inp)))
            op = inp if isinstance(inp, Operation) else getattr(inp, "op", inp)
            deps = by_device.setdefault(inp.device, [])
            if op not in deps:
                deps.append(op)
        if len(by_device) == 1:
            (device, deps), = by_device.items()
            return _group_deps(device, deps, name=scope)
        per_device = [_group_deps(d, by_device[d]) for d in sorted(by_device)]
        with control_dependencies(per_device):
            return no_op(name=scope)


def with_dependencies(dependencies, output_tensor, name=None):
    """`output_tensor`, as an Identity that runs only after `dependencies`."""
    if isinstance(output_tensor, Operation):
        with control_dependencies(dependencies):
            return group(output_tensor, name=name)
    with name_scope(name, "control_dependency", list(dependencies) + [output_tensor]) as scope:
        with control_dependencies(dependencies):
            if isinstance(output_tensor, IndexedSlices):  # stays sparse: its values gated
                return IndexedSlices(identity(output_tensor.values, name=scope),
                                     output_tensor.indices, output_tensor.dense_shape)
            return identity(convert_to_tensor(output_tensor), name=scope)


def tuple(tensors, name=None, control_inputs=None):  # noqa: A001 - TF's name
    """TF1 `tf.tuple`: the tensors, each gated on all of them (and `control_inputs`)."""
    with name_scope(name, "tuple", tensors):
        tensors = [t if isinstance(t, (Operation, Tensor, IndexedSlices)) or t is None
                   else convert_to_tensor(t) for t in tensors]
        gating = [t if isinstance(t, Operation) else t.op for t in tensors if t is not None]
        for c in control_inputs or ():
            if isinstance(c, Tensor):
                c = c.op
            elif not isinstance(c, Operation):
                raise TypeError("Control input must be Operation or Tensor: %s" % (c,))
            gating.append(c)
        gating = sorted(set(gating), key=lambda op: op._id)
        if not gating:
            raise ValueError("Must have at least one Tensor: %s" % (tensors,))
        gate = group(*gating)
        result = []
        for t in tensors:
            if isinstance(t, (Tensor, IndexedSlices)):
                result.append(with_dependencies([gate], t))
            elif isinstance(t, Operation):
                with control_dependencies([gate]):
                    result.append(group(t))
            else:
                result.append(None)
        return result
