"""`Dataset.reduce(initial_state, reduce_func)` (TF's ReduceDataset): the state after
`reduce_func(state, element)` has seen every element, as tensors of the graph (so it also
works on the window datasets a `flat_map`/`map` function receives)."""
from __future__ import annotations

from tfcompat.data import _structure
from tfcompat.data._function import TracedFunction
from tfcompat.framework import graph as graph_lib


def _joint(state_spec, element_spec):
    return _structure.ElementSpec((state_spec.structure, element_spec.structure),
                                  state_spec.components + element_spec.components)


def _relaxed(state_spec, new_spec):
    """`state_spec` relaxed to the shapes `new_spec` also fits, or None when it already fits
    (TF retraces `reduce_func` until the state's shapes settle)."""
    comps, changed = [], False
    for old, new in zip(state_spec.components, new_spec.components):
        shape = old.shape.most_specific_compatible_shape(new.shape)
        if old.shape.ndims is not None and (shape.ndims is None or
                                            old.shape.as_list() != shape.as_list()):
            changed = True
        comps.append(_structure.Component(old.cls, old.dtype, shape))
    return state_spec.with_components(comps) if changed else None


def _trace(reduce_func, state_spec, element_spec):
    while True:
        fn = TracedFunction(reduce_func, _joint(state_spec, element_spec), "reduce_func")
        new_spec = fn.output_spec
        _structure.assert_same_structure(state_spec.structure, new_spec.structure,
                                         "new state and initial state")
        if [c.dtype for c in state_spec.components] != [c.dtype for c in new_spec.components]:
            raise TypeError("The element types for the new state must match the initial "
                            "state. Expected %s but got %s." % (state_spec.output_types,
                                                             new_spec.output_types))
        relaxed = _relaxed(state_spec, new_spec)
        if relaxed is None:
            return fn, state_spec
        state_spec = relaxed


def reduce(dataset, initial_state, reduce_func):
    """The final state of `reduce_func(state, element)` over `dataset` from `initial_state`."""
    with graph_lib.name_scope("initial_state"):
        state = _structure.normalize_element(initial_state)
    state_spec = _structure.ElementSpec.from_value(state)
    fn, state_spec = _trace(reduce_func, state_spec, dataset._element_spec)
    state_tensors = state_spec.to_graph_tensors(state)
    graph = graph_lib.get_graph_from_inputs([dataset._variant_tensor] + state_tensors)
    specs = state_spec.graph_specs()
    with graph.as_default():
        op = graph._create_op(
            "ReduceDataset", [dataset._variant_tensor] + state_tensors + list(fn.captured),
            {"f": fn, "Tstate": [t.dtype.base_dtype for t in state_tensors],
             "Targuments": [t.dtype.base_dtype for t in fn.captured],
             "output_types": [d for d, _ in specs], "output_shapes": [s for _, s in specs],
             "use_inter_op_parallelism": True}, "ReduceDataset")
    return state_spec.from_graph_tensors(list(op.outputs))


def get_single_element(dataset):
    """The only element of `dataset` (TF's DatasetToSingleElement), computed anew by each run:
    InvalidArgumentError "Dataset was empty." / "Dataset had more than one element."."""
    if not hasattr(dataset, "_variant_tensor"):
        raise TypeError("`dataset` must be a `tf.data.Dataset` object.")
    spec = dataset._element_spec
    specs = spec.graph_specs()
    graph = graph_lib.get_graph_from_inputs([dataset._variant_tensor])
    with graph.as_default():
        op = graph._create_op(
            "DatasetToSingleElement", [dataset._variant_tensor],
            {"output_types": [d for d, _ in specs], "output_shapes": [s for _, s in specs]},
            "DatasetToSingleElement")
    return spec.from_graph_tensors(list(op.outputs))


__all__ = ["reduce", "get_single_element"]
