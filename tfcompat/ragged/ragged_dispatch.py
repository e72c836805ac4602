"""TF 1.14+'s ragged dispatch: public ops decorated with tfcompat/ops/_ragged_entry.py's
`ragged_entry` come here when an argument is a RaggedTensor. Elementwise ops (unary, binary, and
add_n / strings.join over lists) map over the flat values (ragged operands must share row
partitions); reduce_* and unsorted_segment_* follow ragged_math_ops (segment reductions over
rows, columns and ragged values); gather / concat / stack / expand_dims / tile / where / size /
rank follow ragged_array_ops, ragged_gather_ops, ragged_concat_ops and ragged_where_op;
strings.reduce_join / ngrams follow ragged_string_ops. An op with no ragged route raises."""
from __future__ import annotations

import inspect

from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import control_dependencies
from tfcompat.framework.graph import name_scope
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.tensor_util import constant_value
from tfcompat.ops import _ragged_entry
from tfcompat.ops import array_ops
from tfcompat.ops import math_ops
from tfcompat.ops import reduction_ops
from tfcompat.ops import segment_ops
from tfcompat.ops import string_ops_more
from tfcompat.ops.array_ops_join import concat
from tfcompat.ops.array_ops_join import range as _range
from tfcompat.ops.check_ops import assert_equal
from tfcompat.ops.indexing_ops import where
from tfcompat.ops.reduction_ops import cumsum
from tfcompat.ops.gather_ops import gather
from tfcompat.ops.unicode_ops import _ngram_attrs
from tfcompat.ragged.ragged_array import _gather_rows
from tfcompat.ragged.ragged_array import _stack_concat
from tfcompat.ragged.ragged_array import _single_stack
from tfcompat.ragged.ragged_array import boolean_mask
from tfcompat.ragged.ragged_array import map_flat_values
from tfcompat.ragged import ragged_dispatch_more
from tfcompat.ragged.ragged_ops import _operand
from tfcompat.ragged.ragged_tensor import RaggedTensor

_UNARY = {"negative", "abs", "sign", "square", "sqrt", "rsqrt", "exp", "log", "log1p", "expm1",
          "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh",
          "atanh", "floor", "ceil", "round", "rint", "reciprocal", "sigmoid", "logical_not",
          "is_nan", "is_inf", "is_finite", "erf", "erfc", "lgamma", "digamma", "softplus",
          "softsign", "cast", "string_length", "identity", "ones_like", "zeros_like",
          "clip_by_value", "to_float", "to_int32", "to_int64", "to_double", "to_bfloat16",
          "saturate_cast", "imag", "real", "conj", "bitcast", "check_numerics", "substr",
          "regex_replace", "string_strip", "string_to_number", "as_string", "lower", "upper",
          "string_to_hash_bucket_fast", "strings_substr", "log_sigmoid",
          "regex_full_match", "string_to_hash_bucket", "string_to_hash_bucket_strong",
          "encode_base64", "decode_base64", "angle", "decode_compressed"}
_BINARY = {"add", "subtract", "multiply", "div", "divide", "truediv", "realdiv", "floordiv",
           "floormod", "truncatediv", "truncatemod", "maximum", "minimum", "pow",
           "squared_difference", "equal", "not_equal", "less", "less_equal", "greater",
           "greater_equal", "logical_and", "logical_or", "logical_xor", "atan2", "div_no_nan",
           "xdivy", "xlogy", "add_v2", "mod", "complex"}


def _bound(fn, args, kwargs):
    return inspect.signature(fn).bind(*args, **kwargs).arguments


def _unary(fn, args, kwargs):
    params = _bound(fn, args, kwargs)
    first = next(k for k, v in params.items() if isinstance(v, RaggedTensor))
    x = params.pop(first)
    return map_flat_values(lambda v: fn(**{first: v}, **params), x)


def _binary(fn, args, kwargs):
    params = _bound(fn, args, kwargs)
    names = list(params)
    x, y = params.pop(names[0]), params.pop(names[1])
    if isinstance(x, RaggedTensor):
        y = _operand(x, y)
    else:
        x = _operand(y, x)
    return map_flat_values(lambda a, b: fn(a, b, **params), x, y)


# -- reductions (ragged_math_ops.ragged_reduce_aggregate) --------------------------------------

def _ops(kind, separator=""):
    """(dense reduction, unsorted segment op) of the reduction `kind`."""
    if kind == "reduce_join":
        return (lambda x, axis=None, keepdims=False: string_ops_more.reduce_join(
            x, axis=axis, keepdims=keepdims, separator=separator),
            lambda x, ids, n: string_ops_more.unsorted_segment_join(x, ids, n, separator))
    return getattr(reduction_ops, kind), getattr(segment_ops, "unsorted_segment_" + kind[7:],
                                                 None)   # mean/all/any: composed of these


def _positions(rt):
    """Each value's position within its row."""
    splits = rt.row_splits
    return _range(splits[-1]) - gather(splits, rt.value_rowids())


def _segment_aggregate(segment, data, ids, num_segments):
    """TF's _ragged_segment_aggregate: `segment` of a Tensor or RaggedTensor `data`."""
    if not isinstance(data, RaggedTensor):
        return segment(data, ids, num_segments)
    ids = math_ops.cast(ids, data.row_splits_dtype)
    out_lengths = math_ops.maximum(segment_ops.unsorted_segment_max(
        data.row_lengths(), ids, num_segments), 0)
    zero = array_ops.zeros([1], dtype=data.row_splits_dtype)
    out_splits = concat([zero, cumsum(out_lengths)], axis=0)
    row_starts = gather(out_splits[:-1], ids)
    value_ids = gather(row_starts, data.value_rowids()) + _positions(data)
    values = _segment_aggregate(segment, data.values, value_ids, out_splits[-1])
    return RaggedTensor.from_row_splits(values, out_splits, validate=False)


def _reduce_axis(ops, rt, axis):
    """`rt` reduced over one (non-negative) axis."""
    dense, segment = ops
    if not isinstance(rt, RaggedTensor):
        return dense(rt, axis=axis)
    if axis >= 2:
        return rt.with_values(_reduce_axis(ops, rt.values, axis - 1))
    if axis == 1:   # one segment per row
        return _segment_aggregate(segment, rt.values, rt.value_rowids(), rt.nrows())
    lengths = rt.row_lengths()   # axis 0: one segment per position in a row
    return _segment_aggregate(segment, rt.values, _positions(rt), math_ops.maximum(
        _ops("reduce_max")[0](lengths), 0))


def _axes(rt, axis):
    ndims = rt.shape.ndims
    axes = list(axis) if isinstance(axis, (list, tuple)) else [axis]
    out = []
    for a in axes:
        a = int(a)
        if not -ndims <= a < ndims:
            raise ValueError("axis=%d out of bounds: expected %d<=axis<%d" % (a, -ndims, ndims))
        out.append(a + ndims if a < 0 else a)
    return sorted(set(out), reverse=True)


def _reduce(kind, rt, axis, keepdims, separator=""):
    ops = _ops(kind, separator)
    if axis is None:
        return ops[0](rt.flat_values, keepdims=keepdims)
    if kind == "reduce_mean":
        total = _reduce("reduce_sum", rt, axis, keepdims)
        ones = rt.with_flat_values(array_ops.ones_like(rt.flat_values))
        count = _reduce("reduce_sum", ones, axis, keepdims)
        return total / count if isinstance(total, RaggedTensor) else math_ops.truediv(
            total, count)
    if kind in ("reduce_all", "reduce_any"):
        ints = rt.with_flat_values(math_ops.cast(rt.flat_values, "int32"))
        out = _reduce("reduce_prod" if kind == "reduce_all" else "reduce_sum", ints, axis,
                      keepdims)
        return map_flat_values(math_ops.cast, out, "bool") if isinstance(out, RaggedTensor) \
            else math_ops.cast(out, "bool")
    out = rt
    for a in _axes(rt, axis):
        out = _reduce_axis(ops, out, a)
        if keepdims:
            out = _expand_dims(out, a)
    return out


def _expand_dims(value, axis):
    if not isinstance(value, RaggedTensor):
        return array_ops.expand_dims(value, axis)
    if axis == 0:
        return RaggedTensor.from_uniform_row_length(value, value.nrows(), nrows=1,
                                                    validate=False)
    return _single_stack(value, axis)


def _reduction(fn, args, kwargs):
    p = _bound(fn, args, kwargs)
    axis = p.get("axis") if p.get("axis") is not None else p.get("reduction_indices")
    keep = bool(p.get("keepdims") or p.get("keep_dims"))
    kind, rt = fn.__name__, p.get("input_tensor", p.get("inputs"))
    with name_scope(p.get("name"), "Ragged" + kind.title().replace("_", "")):
        return _reduce(kind, rt, axis, keep, p.get("separator", ""))


# -- array ops -----------------------------------------------------------------------------------

def _gather(fn, args, kwargs):
    p = _bound(fn, args, kwargs)
    params, indices = p["params"], p["indices"]
    if p.get("axis") not in (None, 0):
        raise ValueError("axis != 0 is not supported for ragged gather yet.")
    if p.get("batch_dims", 0) != 0:
        raise ValueError("batch_dims != 0 is not supported for ragged gather yet.")
    if isinstance(indices, RaggedTensor):
        return indices.with_flat_values(_gather(fn, (params, indices.flat_values), {}))
    with name_scope(p.get("name"), "RaggedGather"):
        indices = convert_to_tensor(indices, name="indices")
        if indices.shape.ndims == 0:
            return params[indices]
        if indices.shape.ndims is None:
            raise ValueError("indices.shape.ndims must be known statically")
        flat = _gather_rows(params, array_ops.reshape(indices, [-1]))
        dims = array_ops.shape(indices, out_type=params.row_splits_dtype)
        for axis in reversed(range(1, indices.shape.ndims)):   # index dims as ragged dims
            flat = RaggedTensor.from_row_splits(
                flat, _range(0, flat.nrows() + 1, dims[axis]), validate=False)
        return flat


def _concat(fn, args, kwargs):
    p = _bound(fn, args, kwargs)
    values, axis = p["values"], p["axis"]
    if isinstance(values, int) and isinstance(axis, (list, tuple)):
        values, axis = axis, values
    with name_scope(p.get("name") if p.get("name") != "concat" else None, "RaggedConcat"):
        return _stack_concat(list(values), int(axis), stack_values=False)


def _stack(fn, args, kwargs):
    p = _bound(fn, args, kwargs)
    with name_scope(p.get("name") if p.get("name") != "stack" else None, "RaggedConcat"):
        return _stack_concat(list(p["values"]), int(p.get("axis", 0)), stack_values=True)


def _expand_dims_route(fn, args, kwargs):
    p = _bound(fn, args, kwargs)
    rt, axis = p["input"], p.get("axis") if p.get("axis") is not None else p.get("dim")
    ndims = rt.shape.ndims + 1
    if not -ndims <= int(axis) < ndims:
        raise ValueError("axis=%d out of bounds: expected %d<=axis<%d" % (axis, -ndims, ndims))
    with name_scope(p.get("name"), "RaggedExpandDims"):
        return _expand_dims(rt, int(axis) % ndims)


def _size(fn, args, kwargs):
    p = _bound(fn, args, kwargs)
    with name_scope(p.get("name"), "RaggedSize"):
        return fn(p["input"].flat_values, out_type=p.get("out_type", "int32"))


def _rank(fn, args, kwargs):
    p = _bound(fn, args, kwargs)
    with name_scope(p.get("name"), "RaggedRank"):
        return p["input"].ragged_rank + fn(p["input"].flat_values)


def _boolean_mask(fn, args, kwargs):
    p = _bound(fn, args, kwargs)
    if p.get("axis") not in (None, 0):
        raise ValueError("tfcompat: tf.boolean_mask of a RaggedTensor supports only axis=0")
    name = p.get("name")
    return boolean_mask(p["tensor"], p["mask"], name=None if name == "boolean_mask" else name)


def _ngrams(fn, args, kwargs):
    p = _bound(fn, args, kwargs)
    data = p["data"]
    attrs = _ngram_attrs(p["ngram_width"], p.get("separator", " "), p.get("pad_values"),
                         p.get("padding_width"), p.get("preserve_short_sequences", False))
    with name_scope(p.get("name"), "StringNGrams", [data]):
        return _ragged_ngrams(data, attrs)


def _ragged_ngrams(data, attrs):
    if isinstance(data.values, RaggedTensor):
        return data.with_values(_ragged_ngrams(data.values, attrs))
    if data.values.shape.ndims != 1:
        raise ValueError("tfcompat: tf.strings.ngrams of a RaggedTensor needs flat values of "
                         "rank 1 (got %s)" % data.values.shape)
    grams, splits = apply_op("StringNGrams", [data.values, data.row_splits],
                             name="StringNGrams", **attrs)
    return RaggedTensor.from_row_splits(grams, splits, validate=False)


def _coordinates(rt):
    """int64 [N, ndims] coordinates of the true elements of a (ragged) bool tensor."""
    if not isinstance(rt, RaggedTensor):
        return _ragged_entry_where(rt)
    inner = _coordinates(rt.values)
    value = inner[:, 0]
    row = gather(math_ops.cast(rt.value_rowids(), "int64"), value)
    col = value - gather(math_ops.cast(rt.row_splits, "int64"), row)
    return concat([array_ops.expand_dims(row, 1), array_ops.expand_dims(col, 1), inner[:, 1:]],
                  axis=1)


def _ragged_entry_where(condition):
    return where(condition)


def _where(fn, args, kwargs):
    p = _bound(fn, args, kwargs)
    condition, x, y = p["condition"], p.get("x"), p.get("y")
    with name_scope(p.get("name"), "RaggedWhere"):
        if x is None and y is None:
            return _coordinates(condition)
        if x is None or y is None:
            raise ValueError("x and y must be either both None or both non-None")
        if not all(isinstance(v, RaggedTensor) for v in (condition, x, y)):
            raise ValueError("tfcompat: tf.where with RaggedTensors needs condition, x and y "
                             "all ragged (of the same row partitions)")
        return map_flat_values(fn, condition, x, y)


def _tile(fn, args, kwargs):
    p = _bound(fn, args, kwargs)
    rt = p["input"]
    if rt.ragged_rank != 1:
        raise ValueError("tfcompat: tf.tile of a RaggedTensor supports ragged_rank 1 only")
    with name_scope(p.get("name"), "RaggedTile"):
        multiples = convert_to_tensor(p["multiples"], dtype=rt.row_splits_dtype,
                                      name="multiples")
        ndims = rt.shape.ndims
        multiples.shape.assert_is_compatible_with([ndims])
        values = rt.values if ndims == 2 else fn(rt.values, concat([[1], multiples[2:]], 0))
        splits, lengths = rt.row_splits, rt.row_lengths()
        inner = RaggedTensor.from_row_lengths(values, lengths * multiples[1], validate=False)
        rows = inner.value_rowids()  # each output value's source: its row's values, cycled
        pos = _range(inner.row_splits[-1]) - gather(inner.row_splits, rows)
        source = gather(splits, rows) + pos % math_ops.maximum(gather(lengths, rows), 1)
        inner = inner.with_values(gather(values, source))
        out = _gather_rows(inner, fn(_range(rt.nrows()), multiples[:1]))
        known, nrows = constant_value(multiples), rt.shape[0]
        nrows = getattr(nrows, "value", nrows)
        if known is not None and nrows is not None:
            out.row_splits.set_shape([nrows * int(known[0]) + 1])
        return out


def _list_elementwise(fn, args, kwargs):
    """add_n / string_join of RaggedTensors with the same row partitions."""
    params = _bound(fn, args, kwargs)
    inputs = list(params.pop("inputs"))
    if not all(isinstance(v, RaggedTensor) for v in inputs):
        raise ValueError("tfcompat: %s of RaggedTensors needs every input ragged"
                         % fn.__name__)
    return map_flat_values(lambda *values: fn(list(values), **params), *inputs)


def _segment(fn, args, kwargs):
    """ragged_math_ops.segment_*: unsorted_segment_* of ragged data."""
    p = _bound(fn, args, kwargs)
    data, ids, num = p["data"], p["segment_ids"], p["num_segments"]
    kind = fn.__name__[len("unsorted_segment_"):]
    with name_scope(p.get("name"), "RaggedSegment" + kind.title().replace("_", "")):
        if isinstance(ids, RaggedTensor):
            if not isinstance(data, RaggedTensor):
                raise ValueError("segment_ids.shape must be a prefix of data.shape, but "
                                 "segment_ids is ragged and data is not.")
            check = assert_equal(ids.row_splits, data.row_splits,
                                 message="segment_ids.shape must be a prefix of data.shape")
            with control_dependencies([check]):
                return fn(data.values, ids.values, num)
        if kind in ("mean", "sqrt_n"):
            total = _segment_aggregate(segment_ops.unsorted_segment_sum, data, ids, num)
            ones = data.with_flat_values(array_ops.ones_like(data.flat_values))
            count = _segment_aggregate(segment_ops.unsorted_segment_sum, ones, ids, num)
            if kind == "sqrt_n":
                count = map_flat_values(math_ops.sqrt, count)
            return total / count
        return _segment_aggregate(fn, data, ids, num)


_ROUTES = {"gather": _gather, "tile": _tile, "add_n": _list_elementwise,
           "string_join": _list_elementwise, "ngrams": _ngrams, "where": _where, "concat": _concat, "stack": _stack, "size": _size,
           "rank": _rank, "expand_dims": _expand_dims_route, "boolean_mask": _boolean_mask}
_ROUTES.update({k: _reduction for k in ("reduce_sum", "reduce_prod", "reduce_max",
                                         "reduce_min", "reduce_mean", "reduce_all",
                                         "reduce_any", "reduce_join")})
_ROUTES.update(ragged_dispatch_more.ROUTES)
_ROUTES.update({"unsorted_segment_" + k: _segment for k in ("sum", "prod", "min", "max", "mean",
                                                            "sqrt_n")})


def dispatch(name, fn, args, kwargs):
    """`fn(*args, **kwargs)` (the public op `name`) of ragged arguments."""
    route = _ROUTES.get(name)
    if route is not None:
        return route(fn, args, kwargs)
    if name in _UNARY:
        return _unary(fn, args, kwargs)
    if name in _BINARY:
        return _binary(fn, args, kwargs)
    raise TypeError("tfcompat: %s does not support RaggedTensor arguments" % name)


_ragged_entry.DISPATCH = dispatch
_ragged_entry.RAGGED_TYPES = (RaggedTensor,)
