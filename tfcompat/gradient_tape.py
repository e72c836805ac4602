"""`tf.GradientTape` in graph mode, as TF1 runs it: the tape records the ops *created* inside
its context, and `tape.gradient` builds symbolic gradients (`tf.gradients`) that flow only
through those ops, from the tensors the tape watches.

As in TF: a source the tape does not watch gets `None`; a path that leaves the recorded ops
(a tensor computed before the `with` block) carries no gradient; a non-persistent tape answers
one `gradient`/`jacobian` call. TF1's ref variables crash TF's tape (`'RefVariable' object has
no attribute '_id'`); here a variable the recorded ops read is watched
(`watch_accessed_variables=True`) and differentiated through its value.
"""
from __future__ import annotations

import contextlib

from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import GraphKeys
from tfcompat.framework.graph import get_default_graph
from tfcompat.framework.operation import Tensor
from tfcompat.nest import flatten
from tfcompat.nest import pack_sequence_as
from tfcompat.ops.array_ops import reshape
from tfcompat.ops.array_ops import stack
from tfcompat.ops.array_ops_join import zeros_like
from tfcompat.ops.gradients_impl import UnconnectedGradients
from tfcompat.ops.gradients_impl import gradients

__all__ = ["GradientTape"]


def _value_tensor(source):
    """The graph tensor of a source: a tensor, or a variable's value."""
    if isinstance(source, Tensor):
        return source
    if callable(getattr(source, "_ref", None)):
        return source._ref()
    return convert_to_tensor(source)


_VARIABLE_TYPES = ("VariableV2", "Variable")


def _variable_of(tensor):
    """The variable (ref tensor) that `tensor` is, or reads through its `read` Identity."""
    if tensor.op.type in _VARIABLE_TYPES:
        return tensor
    if tensor.op.type == "Identity" and tensor.op.inputs[0].op.type in _VARIABLE_TYPES:
        return tensor.op.inputs[0]
    return None


class GradientTape:
    """TF `tf.GradientTape` over graph tensors (see the module doc)."""

    def __init__(self, persistent=False, watch_accessed_variables=True):
        self._persistent = persistent
        self._watch_accessed_variables = watch_accessed_variables
        self._watched = []
        self._recorded = set()
        self._graph = None
        self._start = None
        self._used = False

    # -- recording --------------------------------------------------------------------------
    def __enter__(self):
        self._graph = get_default_graph()
        self._start = len(self._graph._ops)
        return self

    def __exit__(self, *exc):
        self._pause()
        return False

    def _pause(self):
        if self._start is not None:
            self._recorded.update(self._graph._ops[self._start:])
            self._start = None

    @contextlib.contextmanager
    def stop_recording(self):
        """Ops created inside are not recorded."""
        if self._start is None:
            raise ValueError("Tape must be recording.")
        self._pause()
        try:
            yield
        finally:
            self._start = len(self._graph._ops)

    def reset(self):
        """Forgets everything recorded and watched so far."""
        recording = self._start is not None
        self._recorded, self._watched = set(), []
        self._start = len(self._graph._ops) if recording else None

    def watch(self, tensor):
        """Gradients may flow from `tensor` (a tensor, variable or a nest of them)."""
        for t in flatten(tensor):
            self._watched.append(_value_tensor(t))

    def watched_variables(self):
        """The variables the recorded ops read."""
        accessed = self._accessed_variables()
        keys = (GraphKeys.GLOBAL_VARIABLES, GraphKeys.LOCAL_VARIABLES)
        found = [v for key in keys for v in self._graph.get_collection(key)]
        return tuple(v for v in found if _value_tensor(v) in accessed)

    def _accessed_variables(self):
        seen = []
        for op in self._recorded_ops():
            for t in op.inputs:
                variable = _variable_of(t)
                if variable is not None and variable not in seen:
                    seen.append(variable)
        return seen

    def _recorded_ops(self):
        ops = set(self._recorded)
        if self._start is not None:
            ops.update(self._graph._ops[self._start:])
        return ops

    # -- gradients ----------------------------------------------------------------------------
    def _check_use(self):
        if self._used and not self._persistent:
            raise RuntimeError("A non-persistent GradientTape can only be used to compute one "
                               "set of gradients (or jacobians)")
        self._used = True

    def _stops(self, recorded, watched):
        """Tensors where a path leaves the recorded ops: gradients must not flow past them."""
        stops = []
        for op in recorded:
            for t in op.inputs:
                if t.op in recorded or t in watched or _variable_of(t) in watched:
                    continue
                if t not in stops:
                    stops.append(t)
        return stops

    def gradient(self, target, sources, output_gradients=None,
                 unconnected_gradients=UnconnectedGradients.NONE):
        """d(target)/d(sources) through the recorded ops, shaped like `sources`."""
        self._check_use()
        recorded = self._recorded_ops()
        watched = set(self._watched)
        if self._watch_accessed_variables:
            watched.update(self._accessed_variables())
        flat_sources = [_value_tensor(s) for s in flatten(sources)]
        targets = [convert_to_tensor(t) for t in flatten(target)]
        grad_ys = None if output_gradients is None else flatten(output_gradients)
        candidates = [s for s in flat_sources if s in watched]
        grads = {}
        if candidates:
            stops = [t for t in self._stops(recorded, watched) if t not in candidates]
            try:
                found = gradients(targets, candidates, grad_ys=grad_ys,
                                  stop_gradients=stops or None)
            except LookupError as e:   # TF's tape looks the op type up in the registry itself
                if not hasattr(e, "tfcompat_op_type"):
                    raise
                raise LookupError("gradient registry has no entry for: %s"
                                  % e.tfcompat_op_type) from None
            grads = dict(zip(candidates, found))
        unconnected = UnconnectedGradients(getattr(unconnected_gradients, "value",
                                                   unconnected_gradients))
        result = []
        for s in flat_sources:
            g = grads.get(s)
            if g is None and unconnected == UnconnectedGradients.ZERO:
                g = zeros_like(s)
            result.append(g)
        return pack_sequence_as(sources, result)

    def jacobian(self, target, sources, unconnected_gradients=UnconnectedGradients.NONE,
                 parallel_iterations=None, experimental_use_pfor=True):
        """d(target[i])/d(sources) for every element i of `target` (its shape must be known):
        each result has shape `target.shape + source.shape`."""
        target = convert_to_tensor(target)
        if not target.shape.is_fully_defined():
            raise ValueError("GradientTape.jacobian needs a target of known shape, got %s"
                             % target.shape)
        persistent, self._persistent = self._persistent, True
        try:
            self._check_use()
            self._used = False
            flat = reshape(target, [-1])
            rows = [self.gradient(flat[i], sources, unconnected_gradients=unconnected_gradients)
                    for i in range(target.shape.num_elements())]
        finally:
            self._persistent = persistent
            self._used = True
        flat_sources = flatten(sources)
        out = []
        for j, s in enumerate(flat_sources):
            column = [flatten(r)[j] for r in rows]
            if any(c is None for c in column):
                out.append(None)
                continue
            shape = target.shape.as_list() + _value_tensor(s).shape.as_list()
            out.append(reshape(stack(column), shape))
        return pack_sequence_as(sources, out)
