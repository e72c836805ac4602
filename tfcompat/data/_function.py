"""Functions passed to `Dataset.map`/`filter`/`flat_map`/`interleave`: traced once into a child
graph (`FuncGraph`) on placeholders shaped like the dataset's elements, then run per element
(or per chunk of elements, see _vectorize.py) by a plan compiled with the session's own compiler.

Tensors of the outer graph used inside the function are captured: constants are copied in,
anything else becomes a placeholder whose value (computed when the iterator is initialized) is
passed on every call, as TF passes a function's captured inputs.
"""
from __future__ import annotations

import itertools

import numpy as np

from tfcompat.data import _structure
from tfcompat.framework import graph as graph_lib
from tfcompat.framework.operation import Tensor
from tfcompat.framework.tensor_util import constant_value
from tfcompat.framework.convert import constant
from tfcompat.ops.array_ops import placeholder
from tfcompat.client.compile import compile_plan
from tfcompat.client.state import random_streams
from tfcompat.data._vectorize import vectorized_runner
from tfcompat.ops.array_ops import identity

_MAX_CAPTURED_CONSTANT = 1 << 16
_counter = itertools.count()


class FuncGraph(graph_lib.Graph):
    """A graph holding one function's body; outer tensors it uses become its captures."""

    def __init__(self, name: str, outer_graph):
        super().__init__()
        self.name = name
        self.outer_graph = outer_graph
        self.seed = outer_graph.seed
        self._building_function = True
        self._device_stack.append("/device:CPU:0")  # tf.data functions run on the host
        self.captures: list = []  # (outer tensor, inner placeholder)
        self._capture_map: dict = {}
        self._collections = outer_graph._collections  # variables etc. stay visible

    def capture(self, tensor):
        hit = self._capture_map.get(tensor)
        if hit is not None:
            return hit
        outer = tensor
        if tensor.graph is not self.outer_graph:
            if not getattr(self.outer_graph, "_building_function", False):
                raise ValueError("Tensor %s is not an element of this graph." % tensor)
            outer = self.outer_graph.capture(tensor)
        saved, self._name_stack = self._name_stack, ""
        try:
            inner = self._capture_value(outer)
        finally:
            self._name_stack = saved
        self._capture_map[tensor] = inner
        return inner

    def _capture_value(self, outer):
        value = constant_value(outer)
        with self.as_default():
            if value is not None and np.size(value) <= _MAX_CAPTURED_CONSTANT:
                return constant(value, dtype=outer.dtype.base_dtype, name="captured_const")
            inner = placeholder(outer.dtype.base_dtype, outer.shape, name="captured_input")
        self.captures.append((outer, inner))
        return inner


def _should_unpack_args(args) -> bool:
    return type(args) is tuple  # noqa: E721 - TF unpacks plain tuples only, not namedtuples


class TracedFunction:
    """A user function traced over elements of `input_spec`.

    `inputs` are the placeholders standing for the element's flat graph tensors, `captured`
    the outer tensors the body uses (inputs of the dataset op), `outputs` the flat result
    tensors and `output_spec` the result's structure. A result that is a Dataset is kept
    as its variant tensor (`returns_dataset`).
    """

    def __init__(self, fn, input_spec, name: str, returns_dataset=False):
        outer = graph_lib.get_default_graph()
        self.name = "%s_%d" % (name, next(_counter))
        self.graph = FuncGraph(self.name, outer)
        self.input_spec = input_spec
        self.returns_dataset = returns_dataset
        with self.graph.as_default():
            self.inputs = [self._placeholder(i, dtype, shape)
                           for i, (dtype, shape) in enumerate(input_spec.graph_specs())]
            args = input_spec.from_graph_tensors(self.inputs)
            result = fn(*args) if _should_unpack_args(args) else fn(args)
            self._set_result(result)
        self.captured = [outer_t for outer_t, _ in self.graph.captures]
        self.capture_placeholders = [inner for _, inner in self.graph.captures]
        self.stateful = any(op.op_def is not None and op.op_def.stateful
                            for op in self.graph.get_operations())

    @staticmethod
    def _placeholder(i, dtype, shape):
        return placeholder(dtype, shape, name="args_%d" % i)

    def _set_result(self, result):
        if self.returns_dataset:
            variant = getattr(result, "_variant_tensor", None)
            if variant is None:
                raise TypeError("`map_func` must return a `Dataset` object. Got %s"
                                % type(result))
            self.result_dataset = result
            self.outputs = [variant]
            self.output_spec = result._element_spec
            return
        if isinstance(result, list):
            result = tuple(result)  # TF converts a returned list to a tuple
        if result is None:
            raise ValueError("The function passed to tf.data must return a value, got None.")
        result = _structure.normalize_element(result)
        self.output_spec = _structure.ElementSpec.from_value(result)
        self.outputs = [_as_output(t) for t in self.output_spec.to_graph_tensors(result)]

    def compile(self, env):
        """The compiled plan for `env`'s session and the feed order it expects."""
        key = ("tf.data function", self)
        state = env.state
        entry = state.resources.get(key)
        if entry is None:
            feeds = self.inputs + self.capture_placeholders
            with state.lock:
                entry = state.resources.get(key)
                if entry is None:
                    plan = compile_plan(env.session, self.outputs, [], frozenset(feeds),
                                        grappler_rewrites=False)
                    position = {t: i for i, t in enumerate(feeds)}
                    entry = (plan, [position[t] for t in plan.feed_tensors])
                    state.resources[key] = entry
        return entry

    def vectorized_runner(self):
        """A function running this function on a chunk of stacked elements, or None when
        the body cannot be run on a whole chunk at once (see _vectorize.py)."""
        if not hasattr(self, "_vectorized"):
            self._vectorized = vectorized_runner(self)
        return self._vectorized

    def __call__(self, env, flat_args, captured_values):
        """Runs the function on one element's flat values; returns the flat results."""
        plan, order = self.compile(env)
        values = list(flat_args) + list(captured_values)
        streams = getattr(env, "random_streams", None)
        if streams is None or not self.stateful:
            return plan([values[i] for i in order])
        with random_streams(streams):   # TF: random kernels instantiated per iterator
            return plan([values[i] for i in order])


def _as_output(t):
    if isinstance(t, Tensor) and t.graph is not graph_lib.get_default_graph():
        return identity(t)
    return t


__all__ = ["FuncGraph", "TracedFunction"]
