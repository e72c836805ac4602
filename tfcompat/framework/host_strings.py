"""String tensors through layout ops: TF's string tensors are numpy object arrays of `bytes` in
tfcompat (torch cannot hold them), so an op that only moves elements around (transpose, slice,
concat, gather, pad, select ...) runs its ordinary torch lowering on int64 *indices* into a table
of the strings, and the result indices are mapped back to strings. Index 0 is `b""`: what TF
writes where such an op makes new elements (padding, zeros_like, one_hot's off value unless
given). The plan binds this adapter only for ops whose inputs include a string tensor, so
numeric runs pay nothing.
"""
from __future__ import annotations

import numpy as np
import torch

# op types that only move, repeat or select elements of their data inputs
MOVES_ELEMENTS = frozenset({
    "Transpose", "Reshape", "ExpandDims", "Squeeze", "Identity", "Snapshot", "IdentityN",
    "StopGradient", "PreventGradient", "Slice", "StridedSlice", "ConcatV2", "Pack", "Unpack",
    "Split", "SplitV", "Tile", "Pad", "PadV2", "MirrorPad", "ReverseV2", "Select", "SelectV2",
    "BroadcastTo", "GatherV2", "GatherNd", "Fill", "ZerosLike", "OneHot", "ReverseSequence",
    "PlaceholderWithDefault", "EnsureShape", "Unique", "SpaceToDepth", "DepthToSpace",
})
# ops whose other outputs are numbers (Unique's idx), not strings: the outputs to map back
_STRING_OUTPUTS = {"Unique": (0,)}


def adapter(lower, op_type=None):
    """`lower` run on indices of its object-array arguments; results mapped back to strings.
    Equal strings get equal indices, so comparisons of indices (Unique) are those of strings."""
    string_outputs = _STRING_OUTPUTS.get(op_type)

    def lower_on_indices(ctx, *values, **attrs):
        table = {b"": 0}
        values = [_to_indices(v, table) for v in values]
        out = lower(ctx, *values, **attrs)
        strings = np.empty(len(table), dtype=object)
        strings[:] = list(table)
        if isinstance(out, (tuple, list)):
            return type(out)(_to_strings(o, strings) if string_outputs is None or
                             i in string_outputs else o for i, o in enumerate(out))
        return _to_strings(out, strings)

    return lower_on_indices


def _to_indices(value, table):
    if isinstance(value, (list, tuple)):
        return type(value)(_to_indices(v, table) for v in value)
    if not (isinstance(value, np.ndarray) and value.dtype == object):
        return value
    flat = [table.setdefault(item, len(table)) for item in value.reshape(-1).tolist()]
    return torch.tensor(flat, dtype=torch.int64).reshape(value.shape)


def _to_strings(value, strings):
    if isinstance(value, torch.Tensor) and value.dtype == torch.int64:
        # by the flat indices: numpy indexes with a 0-d array to a bare bytes, not an array
        return strings[value.cpu().numpy().reshape(-1)].reshape(tuple(value.shape))
    return value
