"""tf.data.experimental dataset ops built on traced functions or several inputs:
`GroupByWindowDataset`, `ExperimentalGroupByReducerDataset`, `ScanDataset`,
`TakeWhileDataset`, `UniqueDataset`, `DirectedInterleaveDataset`, `RandomDataset`,
`DenseToSparseBatchDataset`, `AssertCardinalityDataset`, plus `DatasetCardinality` and
`IteratorGetNextAsOptional`. Their values are in
tfcompat/data/_runtime_grouping.py; the Python API in tfcompat/data/experimental_*.py.

A function's captured values arrive as one list `<name>_other_arguments` per function, sized
by the `T<name>_other_arguments` attr, as in TF's OpDefs.
"""
from __future__ import annotations

import torch

from tfcompat import errors
from tfcompat._lazy import lazy_module
from tfcompat.framework import dtypes
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.ops import data_ops
from tfcompat.ops.data_ops import _dataset_op
from tfcompat.ops.data_ops import _scalar
from tfcompat.ops.optional_ops import Optional

rt = lazy_module("tfcompat.data._runtime")
rtg = lazy_module("tfcompat.data._runtime_grouping")
rtc = lazy_module("tfcompat.data._runtime_cardinality")
rtp = lazy_module("tfcompat.data._runtime_parallel")


def _fn_inputs(*names):
    return tuple("%s_other_arguments: T%s_other_arguments" % (n, n) for n in names)


def _fn_attrs(*names):
    out = {}
    for n in names:
        out[n] = None
        out["T%s_other_arguments" % n] = ()
    return out


def _split(values, attrs, names) -> dict:
    """{function name: Fn} from the flat captured values, in the order of `names`."""
    out, start = {}, 0
    for n in names:
        count = len(attrs["T%s_other_arguments" % n])
        out[n] = rtg.Fn(attrs[n], values[start:start + count])
        start += count
    return out


_WINDOW = ("key_func", "reduce_func", "window_size_func")


@_dataset_op("GroupByWindowDataset", ("input_dataset: variant",) + _fn_inputs(*_WINDOW),
             _fn_attrs(*_WINDOW))
def _lower_group_by_window_dataset(ctx, input_dataset, *rest, **attrs):
    fns = _split(rest, attrs, _WINDOW)
    return rtg.GroupByWindow(input_dataset, fns["key_func"], fns["reduce_func"],
                             fns["window_size_func"])


_REDUCER = ("key_func", "init_func", "reduce_func", "finalize_func")


@_dataset_op("ExperimentalGroupByReducerDataset",
             ("input_dataset: variant",) + _fn_inputs(*_REDUCER), _fn_attrs(*_REDUCER))
def _lower_group_by_reducer_dataset(ctx, input_dataset, *rest, **attrs):
    fns = _split(rest, attrs, _REDUCER)
    return rtg.GroupByReducer(input_dataset, fns["key_func"], fns["init_func"],
                              fns["reduce_func"], fns["finalize_func"])


@_dataset_op("ScanDataset", ("input_dataset: variant", "initial_state: Tstate",
                             "other_arguments: Targuments"),
             {"f": None, "Tstate": (), "Targuments": (), "preserve_cardinality": True,
              "use_default_device": True})
def _lower_scan_dataset(ctx, input_dataset, *rest, f, Tstate, **attrs):
    n = len(Tstate)
    return rtg.Scan(input_dataset, rest[:n], rtg.Fn(f, rest[n:]), n)


@_dataset_op("TakeWhileDataset", ("input_dataset: variant", "other_arguments: Targuments"),
             {"predicate": None, "Targuments": ()})
def _lower_take_while_dataset(ctx, input_dataset, *captured, predicate, **attrs):
    return rtg.TakeWhile(input_dataset, rtg.Fn(predicate, captured))


@_dataset_op("UniqueDataset", ("input_dataset: variant",))
def _lower_unique_dataset(ctx, input_dataset, **attrs):
    return rtg.Unique(input_dataset)


@_dataset_op("DirectedInterleaveDataset", ("selector_input_dataset: variant",
                                           "data_input_datasets: N*variant"),
             {"N": 0, "stop_on_empty_dataset": False})
def _lower_directed_interleave_dataset(ctx, selector, *inputs, stop_on_empty_dataset, **attrs):
    return rtg.DirectedInterleave(selector, list(inputs), _scalar(stop_on_empty_dataset))


@_dataset_op("RandomDataset", ("seed: int64", "seed2: int64"))
def _lower_random_dataset(ctx, seed, seed2, **attrs):
    return rtg.Random(_scalar(seed), _scalar(seed2))


@_dataset_op("DenseToSparseBatchDataset", ("input_dataset: variant", "batch_size: int64",
                                           "row_shape: int64"))
def _lower_dense_to_sparse_batch_dataset(ctx, input_dataset, batch_size, row_shape, *,
                                         output_types, **attrs):
    dtype = dtypes.as_dtype(output_types[1]).torch_dtype if output_types else None
    return rtg.DenseToSparseBatch(input_dataset, _scalar(batch_size), row_shape, dtype)


@_dataset_op("AssertCardinalityDataset", ("input_dataset: variant", "cardinality: int64"))
def _lower_assert_cardinality_dataset(ctx, input_dataset, cardinality, **attrs):
    return rtc.AssertCardinality(input_dataset, _scalar(cardinality))


@register_op("DatasetCardinality", inputs=("input_dataset: variant",),
             infer=lambda op, *inputs, **attrs: [(dtypes.int64, TensorShape([]))],
             attrs={"cardinality_options": ""}, host_only=True, differentiable=False)
def _lower_dataset_cardinality(ctx, input_dataset, **attrs):
    return torch.tensor(rtc.cardinality(input_dataset), dtype=torch.int64)


@register_op("IteratorGetNextAsOptional", inputs=("iterator: resource",),
             infer=lambda op, *inputs, **attrs: [(dtypes.variant, TensorShape([]))],
             attrs={"output_types": (), "output_shapes": ()}, stateful=True, host_only=True,
             differentiable=False)
def _lower_iterator_get_next_as_optional(ctx, iterator, **attrs):
    element = data_ops.next_element(ctx, iterator)
    if element is None:
        return Optional()
    return Optional(rt.flat_values(element))


@_dataset_op("IgnoreErrorsDataset", ("input_dataset: variant",), {"log_warning": False})
def _lower_ignore_errors_dataset(ctx, input_dataset, **attrs):
    return rtg.IgnoreErrors(input_dataset)


def _reduce_infer(op, *inputs, output_types, output_shapes, **attrs):
    return list(zip(output_types, output_shapes))


@register_op("ReduceDataset", inputs=("input_dataset: variant", "initial_state: Tstate",
                                      "other_arguments: Targuments"),
             infer=_reduce_infer,
             attrs={"f": None, "Tstate": (), "Targuments": (), "output_types": (),
                    "output_shapes": (), "use_inter_op_parallelism": True},
             stateful=True, host_only=True, differentiable=False)
def _lower_reduce_dataset(ctx, input_dataset, *rest, f, Tstate, **attrs):
    """`Dataset.reduce`: one pass over the input carrying the state through `f`."""
    n = len(Tstate)
    state, fn = [rt.as_host(v) for v in rest[:n]], rtg.Fn(f, rest[n:])
    env = rt.Env(ctx.session, ctx.state)
    try:
        it = input_dataset.make(env)
        try:
            element = it.next()
            while element is not None:
                state = fn(env, state + rt.flat_values(element))
                element = it.next()
        finally:
            it.close()
    except errors.OpError as e:
        raise data_ops._with_op(e, ctx.op) from e
    return state[0] if len(state) == 1 else tuple(state)


@register_op("DatasetToSingleElement", inputs=("dataset: variant",), infer=_reduce_infer,
             attrs={"output_types": (), "output_shapes": ()}, stateful=True, host_only=True,
             differentiable=False)
def _lower_dataset_to_single_element(ctx, dataset, **attrs):
    """`tf.data.experimental.get_single_element`: a fresh pass that must yield one element."""
    env = rt.Env(ctx.session, ctx.state)
    try:
        it = dataset.make(env)
        try:
            element = it.next()
            if element is None:
                raise errors.InvalidArgumentError(None, None, "Dataset was empty.")
            if it.next() is not None:
                raise errors.InvalidArgumentError(None, None,
                                                  "Dataset had more than one element.")
        finally:
            it.close()
            rtp.close_env(env)
    except errors.OpError as e:
        raise data_ops._with_op(e, ctx.op) from e
    values = rt.flat_values(element)
    return values[0] if len(values) == 1 else tuple(values)
