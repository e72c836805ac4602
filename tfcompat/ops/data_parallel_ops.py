"""tf.data ops that work ahead on background threads: `ParallelMapDatasetV2`
(`map(num_parallel_calls=...)`), `ParallelInterleaveDatasetV4` (`interleave(num_parallel_calls=
...)`), `LegacyParallelInterleaveDatasetV2` (`experimental.parallel_interleave`) and
`OptionsDataset` (`with_options`). Their values are in tfcompat/data/_runtime_parallel.py.
"""
from __future__ import annotations

from tfcompat._lazy import lazy_module
from tfcompat.ops.data_ops import _FN_ATTRS
from tfcompat.ops.data_ops import _dataset_op
from tfcompat.ops.data_ops import _scalar

rtp = lazy_module("tfcompat.data._runtime_parallel")

_DETERMINISTIC = {"deterministic": "default"}


def _text(value) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


@_dataset_op("ParallelMapDatasetV2", ("input_dataset: variant", "other_arguments: N*Targuments",
                                      "num_parallel_calls: int64"),
             {**_FN_ATTRS, **_DETERMINISTIC, "use_inter_op_parallelism": True,
              "preserve_cardinality": True, "use_unbounded_threadpool": False})
def _lower_parallel_map_dataset(ctx, input_dataset, *rest, f, deterministic, **attrs):
    *captured, num_parallel_calls = rest
    return rtp.ParallelMap(input_dataset, f, captured, _scalar(num_parallel_calls),
                           _text(deterministic), f.vectorized_runner())


@_dataset_op("ParallelInterleaveDatasetV4", (
    "input_dataset: variant", "other_arguments: N*Targuments", "cycle_length: int64",
    "block_length: int64", "buffer_output_elements: int64", "prefetch_input_elements: int64",
    "num_parallel_calls: int64"), {**_FN_ATTRS, **_DETERMINISTIC})
def _lower_parallel_interleave_dataset(ctx, input_dataset, *rest, f, deterministic, **attrs):
    *captured, cycle_length, block_length, buffer_output, prefetch_input, num_parallel = rest
    return rtp.ParallelInterleave(input_dataset, f, captured, _scalar(cycle_length),
                                  _scalar(block_length), _scalar(num_parallel),
                                  _scalar(buffer_output), _text(deterministic))


@_dataset_op("LegacyParallelInterleaveDatasetV2", (
    "input_dataset: variant", "other_arguments: N*Targuments", "cycle_length: int64",
    "block_length: int64", "buffer_output_elements: int64", "prefetch_input_elements: int64"),
    {**_FN_ATTRS, **_DETERMINISTIC})
def _lower_legacy_parallel_interleave_dataset(ctx, input_dataset, *rest, f, deterministic,
                                              **attrs):
    *captured, cycle_length, block_length, buffer_output, prefetch_input = rest
    return rtp.ParallelInterleave(input_dataset, f, captured, _scalar(cycle_length),
                                  _scalar(block_length), _scalar(cycle_length),
                                  _scalar(buffer_output), _text(deterministic), legacy=True)


@_dataset_op("OptionsDataset", ("input_dataset: variant",), {"serialized_options": "",
                                                             "deterministic": None})
def _lower_options_dataset(ctx, input_dataset, *, deterministic, **attrs):
    return rtp.WithOptions(input_dataset, deterministic)
