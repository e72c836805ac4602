"""Export part of a graph as a `torch.nn.Module` with generated, readable Python.

`ModuleCompiler` is the plan compiler of client/compile.py with its codegen hooks overridden:
fed tensors become `forward` arguments, variables become `self.<scope>.<name>` parameters (or
buffers when not trainable), folded constants become buffers, values are named after their TF
ops, and each remaining op is one call of its lowering, named by its TF type:

    dense_mat_mul = MatMul(_c.dense_mat_mul, x, self.dense.kernel, transpose_a=False, ...)

(`_c.<value>` is the op's context: its name and device, for error messages and RNG.)
"""
from __future__ import annotations

import ast
import builtins
import keyword
import linecache
import math
import re
import types

import torch

from tfcompat.client import plan as plan_lib
from tfcompat.export import port_helpers
from tfcompat.export import port_ops
from tfcompat.client.compile import _Compiler
from tfcompat.client.compile import compile_subplan
from tfcompat.client.state import SessionState
from tfcompat.framework import dtypes
from tfcompat.framework import tensor_shape

_ELIDED = frozenset({"Identity", "Snapshot"})   # pure pass-throughs: no line in forward
_RESERVED = frozenset({"self", "torch", "F", "math"}) | frozenset(port_helpers.HELPERS)


class ExportError(ValueError):
    """The requested part of the graph cannot become a pure `nn.Module.forward`."""


def torch_name(tf_name: str) -> str:
    """TF variable name -> PyTorch state_dict key: "dense/kernel:0" -> "dense.kernel".

    Each scope becomes a submodule; characters that are not valid in Python names become `_`,
    and a part that clashes with an `nn.Module` attribute (`train`, `to`, ...) gets a `_` suffix.
    """
    name = tf_name.split(":")[0]
    return ".".join(_identifier(part, module_safe=True) for part in name.split("/"))


def _identifier(text: str, module_safe=False) -> str:
    out = re.sub(r"\W", "_", text) or "_"
    if out[0].isdigit():
        out = "_" + out
    if keyword.iskeyword(out) or (module_safe and hasattr(torch.nn.Module, out)):
        out += "_"
    return out


def _snake(name: str) -> str:
    """"dense/BiasAdd_1" -> "dense_bias_add_1" (lowercase, so never an op type's name)."""
    name = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name.replace("/", "_")).lower()
    return _identifier(name)


class _ExportContext:
    """The `ctx` of an exported op: its op and device; random ops use torch's global RNG.
    `session` is the compiler's target, so control-flow ops can compile their branch plans."""

    __slots__ = ("create_graph", "device", "op", "retain_graph", "session", "state")

    def __init__(self, op, device, target):
        self.op, self.device, self.state, self.session = op, device, target._state, target
        self.create_graph = self.retain_graph = False

    def generator(self):
        return None

    def philox_start(self, blocks):
        return None   # no session stream: seeded random ops draw from torch's generator


class _OneDevice:
    """Placer stand-in: every op on `device` (host-only ops on the CPU)."""

    def __init__(self, device):
        self.device = torch.device(device)

    def place(self, op):
        if op.op_def is not None and op.op_def.host_only:
            return torch.device("cpu"), "/device:CPU:0"
        kind = "GPU" if self.device.type == "cuda" else "CPU"
        return self.device, "/device:%s:%d" % (kind, self.device.index or 0)


class _Target:
    """What the compiler needs of a session: its state (variable values) and a placer."""

    def __init__(self, state, device):
        self._state = state
        self._placer = _OneDevice(device)

    def compile_subplan(self, ops, fed, fetches):
        return compile_subplan(self, ops, fed, fetches)


def _inline(value) -> bool:
    if value.is_complex() or value.dtype in (torch.bfloat16,) and value.dim():
        return False
    if value.is_floating_point():
        return value.dim() == 0
    return value.numel() <= 1024


def _float_safe_repr(data) -> str:
    text = repr(data)
    return re.sub(r"\b(nan|inf)\b", r'float("\1")', text)


_BRANCH_ATTRS = ("then_branch", "else_branch", "branches", "cond", "body")


def _writes_state(op) -> bool:
    """Whether running `op` writes a variable or other session state. A tf.cond / while_loop
    counts as stateful when its branches hold random ops, but only a branch that writes makes
    it so here: a dropout under `tf.cond(training, ...)` exports."""
    if op.op_def is None:
        return False
    subgraphs = [g for key in _BRANCH_ATTRS for g in _as_list(op._attrs.get(key))
                 if hasattr(g, "needed")]
    if subgraphs:
        return any(_writes_state(inner) for g in subgraphs for inner in g.needed)
    return bool(op.op_def.mutates or op.op_def.ref_inputs)


def _as_list(value):
    return list(value) if isinstance(value, (list, tuple)) else [value]


class TFModule(torch.nn.Module):
    """A part of a TF graph as a PyTorch module (made by `tfcompat.export.to_torch`).

    Parameters and buffers are named after the TF variables (`dense/kernel` -> `dense.kernel`,
    see `tf_names`), and `forward` is generated Python, printed by `print(module.code)`.
    """

    code: str = ""
    tf_names: dict | None = None      # set per instance by to_torch
    input_names: tuple = ()
    output_names: tuple = ()


def _install(root, path: str, value, kind: str) -> str:
    """Registers `value` at dotted `path` under `root` (submodules per scope); returns its path.

    kind: "parameter", "buffer" (persistent) or "constant" (non-persistent buffer)."""
    parts = path.split(".")
    module = root
    for i, part in enumerate(parts[:-1]):
        child = module._modules.get(part)
        if child is None:
            if hasattr(module, part):
                return _install(root, "_".join(parts), value, kind)
            child = torch.nn.Module()
            module.add_module(part, child)
        module = child
    leaf = parts[-1]
    if hasattr(module, leaf):
        flat = "_".join(parts) + "_"
        return _install(root, flat, value, kind) if flat != path else path
    if kind == "parameter":
        module.register_parameter(leaf, torch.nn.Parameter(value.detach().clone()))
    else:
        module.register_buffer(leaf, value.detach().clone(), persistent=(kind == "buffer"))
    return path


class ModuleCompiler(_Compiler):
    """The plan compiler, emitting `forward(self, ...)` of a `TFModule` (see module docstring)."""
    reciprocal_division = False   # port_ops emits ops by their TF type: divisions stay divisions

    def __init__(self, root, state, device, order, fed, fetches, input_names, trainable,
                 trainable_constants=False):
        super().__init__(_Target(state, device), order, list(fed), list(fetches))
        import tfcompat  # lazy: cycle: the package imports export

        self.root = root
        self.input_names = input_names
        self.trainable = trainable              # VariableV2 ops that become nn.Parameters
        self.trainable_constants = trainable_constants
        self.contexts = types.SimpleNamespace()
        # what ops see as their session: fresh state (resources, branch plans), one device
        self.context_target = _Target(SessionState(), device)
        self.namespace.update({"_c": self.contexts, "_tf": tfcompat, "torch": torch,
                               "F": torch.nn.functional, "math": math})
        self.local_names: set = set()
        self.members: dict = {}                 # const name -> "self.<path>"
        self.const_ops: dict = {}               # const name -> the op that produced it
        self.tf_names: dict = {}                # TF variable/constant name -> state_dict key
        self.helpers: set = set()               # port_helpers the plain-PyTorch source calls
        self.foreign: list = []                 # (op, why) for ops written as tfcompat calls
        self.optional: list = []                # keyword arguments of forward (placeholders
                                                # with defaults); None in a branch function

    # -- names -----------------------------------------------------------------------------
    def _unique(self, base: str) -> str:
        name, n = base, 0
        while (name in self.local_names or name in self.namespace or name in _RESERVED
               or hasattr(builtins, name)):
            n += 1
            name = "%s_%d" % (base, n)
        self.local_names.add(name)
        return name

    def _output_names(self, op) -> list:
        base = _snake(op.name)
        return [self._unique(base if j == 0 else "%s_%d" % (base, j))
                for j in range(len(op._outputs))]

    def _is_local(self, name) -> bool:
        return name in self.local_names

    # -- feeds, variables, constants ---------------------------------------------------------
    def _bind_feeds(self):
        names, devices = [], []
        for t, wanted in zip(self.fed, self.input_names):
            name = self._unique(_identifier(wanted))
            self.names[t], self.devices[t] = name, self.placer.device
            names.append(name)
            devices.append(self.placer.device)
        return names, devices

    def _emit(self, op, create_graph):
        if op.type == "PlaceholderWithDefault" and self.optional is not None:
            self._optional_argument(op)
            return
        if op.type in plan_lib.VARIABLE_OP_TYPES:
            value = self.state.read_variable(op)
            kind = "parameter" if op in self.trainable and value.is_floating_point() else "buffer"
            path = _install(self.root, torch_name(op.name), value.to(self.placer.device), kind)
            self.tf_names[op.name] = path
            self.names[op._outputs[0]] = "self." + path
            self.devices[op._outputs[0]] = self.placer.device
            return
        if op.type in _ELIDED and not op._control_inputs and op._inputs[0] in self.names:
            self.names[op._outputs[0]] = self.names[op._inputs[0]]
            self.devices[op._outputs[0]] = self.devices[op._inputs[0]]
            return
        if op.type in ("Switch", "RefSwitch"):  # dead tensors: ops/control_flow_v1.py
            raise ExportError(
                "to_torch cannot export op '%s' (%s): control flow v1 (Switch/Merge, as TF 1.x "
                "wrote tf.cond) runs in a tfcompat session only. Rebuild the model with tf.cond "
                "in tfcompat (its If op exports) or export the part of the graph outside the "
                "cond." % (op.name, op.type))
        if _writes_state(op) or op.type in plan_lib.GRADIENT_OP_TYPES:
            raise ExportError(
                "to_torch exports a pure function of its inputs, but op '%s' (%s) is needed and "
                "%s. Export the inference part of the graph (for example the logits), not a "
                "training or update op." % (op.name, op.type, "computes gradients"
                                            if op.type in plan_lib.GRADIENT_OP_TYPES
                                            else "writes a variable"))
        super()._emit(op, create_graph)
        for t in op._outputs:
            if self.names.get(t) in self.consts:
                self.const_ops[self.names[t]] = op

    def _optional_argument(self, op):
        """A tf.placeholder_with_default the caller did not list in `inputs` becomes a keyword
        argument of forward with the graph's default (`training=False`), so the module picks
        a tf.cond branch per call, as feeding the placeholder does in TF."""
        name = self._unique(_identifier(op.name.split("/")[-1]))
        self.optional.append(name)
        default = self._member(self.names[op._inputs[0]])
        self.body.append(("%s = %s if %s is None else torch.as_tensor(%s)" % (
            name, default, name, name), op, (), (name,)))
        self.names[op._outputs[0]] = name
        self.devices[op._outputs[0]] = self.placer.device

    def _input_expr(self, op, i, t, device):
        return plan_lib.InputExpr(self.names[t])

    def _member(self, name: str) -> str:
        """The expression for constant `name` in forward (tensors become module buffers)."""
        if name not in self.consts or name.startswith("self."):
            return name
        expr = self.members.get(name)
        if expr is None:
            value, op = self.consts[name], self.const_ops.get(name)
            if not isinstance(value, torch.Tensor):
                return name
            if op is not None and op.type == "Const" and value.is_floating_point() and value.dim():
                kind = "parameter" if self.trainable_constants else "buffer"
                path = _install(self.root, torch_name(op.name), value, kind)
                self.tf_names[op.name] = path
            elif _inline(value):
                # NOTE: a literal, not a buffer, so torch.compile / torch.export see its value
                # (lowerings read shape and axis arguments with .tolist()).
                expr = self.members[name] = self._literal(value)
                return expr
            else:   # a persistent buffer: the written module's state_dict carries it
                path = _install(self.root, "_k_" + name, value, "buffer")
            expr = self.members[name] = "self." + path
        return expr

    def _literal(self, value) -> str:
        device = "" if self.placer.device.type == "cpu" else ", device=%r" % str(self.placer.device)
        data = value.detach().cpu().tolist()
        return "torch.tensor(%s, dtype=%s%s)" % (_float_safe_repr(data), str(value.dtype), device)

    # -- calls ------------------------------------------------------------------------------
    def _call_expr(self, op, fn, ctx, args, attrs) -> str:
        """Plain PyTorch (port_ops.py) where the op has a form there; otherwise a call of its
        tfcompat lowering, which ties the module to tfcompat (recorded in `foreign`)."""
        branched = self._control_flow_expr(op, args, attrs)
        if branched is not None:
            return branched
        emitter = port_ops.EMITTERS.get(op.type)
        if emitter is not None:
            try:
                return emitter(port_ops.Emit(op, [self._member(a) for a in args],
                                             [self.consts.get(a) for a in args], attrs,
                                             self.helpers))
            except port_ops.NotPortable as e:
                self.foreign.append((op, str(e)))
        else:
            self.foreign.append((op, "op type %s has no plain-PyTorch form in tfcompat.export"
                                 % op.type))
        return self._lowering_call(op, ctx, args, attrs)

    def _lowering_call(self, op, ctx, args, attrs) -> str:
        cname = _snake(op.name)
        while hasattr(self.contexts, cname):
            cname += "_"
        setattr(self.contexts, cname, _ExportContext(op, ctx.device, self.context_target))
        self.namespace.setdefault(op.type, op.op_def.lower)
        parts = ["_c." + cname] + [self._member(a) for a in args]
        parts += ["%s=%s" % (k, self._attr_expr(op, k, v)) for k, v in attrs.items()]
        return "%s(%s)" % (op.type, ", ".join(parts))

    def _attr_expr(self, op, key, value) -> str:
        if isinstance(value, dtypes.DType):
            return "_tf." + value.name
        if isinstance(value, tensor_shape.TensorShape):
            return "_tf.TensorShape(%r)" % (None if value.ndims is None else value.as_list())
        try:
            if ast.literal_eval(repr(value)) == value:
                return repr(value)
        except (ValueError, SyntaxError, TypeError):
            pass
        name = "_%s_%s" % (_snake(op.name), key)
        self.namespace[name] = value
        return name

    # -- the forward function ---------------------------------------------------------------
    def function_lines(self, name, leading, structure) -> list:
        """The generated function `name(*leading, *inputs)` computing the fetches, as lines."""
        _, xs, region = plan_lib._grad_region(self.order, self.fed)
        self.xs, self.region, self.shared_autograd = xs, region, False
        feed_names, _ = self._bind_feeds()
        for op in self.order:
            self._emit(op, False)
        fetch_names = [self.names[t] for t in self.fetches]
        values = [self._member(n) for n in fetch_names]
        if structure[0] == "single":
            ret = values[0]
        elif structure[0] == "dict":
            ret = "{%s}" % ", ".join("%r: %s" % (k, v) for k, v in zip(structure[1], values))
        else:
            ret = "(%s)" % "".join(v + ", " for v in values)
        # no `del` lines: a module's forward reads like hand-written PyTorch, whose locals go
        # at return (autograd keeps what backward needs either way)
        params = leading + feed_names + ["%s=None" % n for n in self.optional or ()]
        lines = ["def %s(%s):" % (name, ", ".join(params))]
        return lines + ["    " + line for line, _, _, _ in self.body] + ["    return " + ret]

    # -- tf.cond / tf.case: their branches as nested functions -------------------------------
    def _branch_function(self, op, key, sub) -> str:
        """Defines (in the body being generated) a function computing branch `sub` of `op`
        from its captured tensors; returns its name."""
        fn_name = self._unique("%s_%s" % (_snake(op.name), key))
        fed = list(sub.inputs) + list(sub.captures)
        needed = plan_lib.needed_ops(sub.outputs, [], frozenset(fed))
        child = ModuleCompiler(self.root, self.state, self.placer.device,
                               plan_lib.order_ops(needed, frozenset(fed)), fed, sub.outputs,
                               [_snake(t.op.name) for t in fed], self.trainable,
                               self.trainable_constants)
        for shared in ("local_names", "helpers", "foreign", "tf_names", "members", "contexts",
                       "namespace", "context_target"):
            setattr(child, shared, getattr(self, shared))
        child.optional = None
        for line in child.function_lines(fn_name, [], ("tuple",)):
            self.body.append((line, None, (), ()))
        return fn_name

    def _control_flow_expr(self, op, args, attrs) -> str | None:
        """`If` / `Case` as Python: only the chosen branch runs, as in TF."""
        if op.type in ("If", "StatelessIf"):
            branches = [("then", attrs["then_branch"]), ("else", attrs["else_branch"])]
        elif op.type in ("Case", "StatelessCase"):
            branches = [("branch%d" % i, b) for i, b in enumerate(attrs["branches"])]
        else:
            return None
        inputs = [self._member(a) for a in args[1:]]
        calls = []
        for key, sub in branches:
            fn_name = self._branch_function(op, key, sub)
            captured = [inputs[i] for i in sub.capture_index]
            calls.append("%s(%s)" % (fn_name, ", ".join(captured)))
        pick = "" if len(op.outputs) > 1 else "[0]"
        if op.type in ("If", "StatelessIf"):
            return "(%s if bool(%s) else %s)%s" % (calls[0], self._member(args[0]), calls[1], pick)
        n = len(calls)     # TF: an index out of range runs the last branch
        return "(lambda k: (%s)[k if 0 <= k < %d else %d]())(int(%s))%s" % (
            ", ".join("lambda: " + c for c in calls), n, n - 1, self._member(args[0]), pick)


    def build(self, structure):
        """Compiles; returns (forward function, source). `structure` shapes the return value:
        ("single",), ("tuple",) or ("dict", keys)."""
        source_lines = self.function_lines("forward", ["self"], structure)
        source = "\n".join(source_lines) + "\n"
        filename = "<tfcompat export %d>" % id(self)
        linecache.cache[filename] = (len(source), None, source_lines, filename)
        exec(port_helpers.source_of(self.helpers), self.namespace)  # noqa: S102 - our helpers
        exec(compile(source, filename, "exec"), self.namespace)  # noqa: S102 - generated here
        return self.namespace["forward"], source
