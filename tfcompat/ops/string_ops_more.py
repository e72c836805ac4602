"""Elementwise string ops: AsString, StringStrip, Substr, StringToNumber, StringLower/Upper,
EncodeBase64/DecodeBase64, (Static)RegexReplace, (Static)RegexFullMatch, and the reductions
ReduceJoin and UnsortedSegmentJoin.

String tensors are numpy object arrays of `bytes` on the host (framework/host_strings.py); numbers
come in and go out as torch tensors. Regexes are RE2 in TF; Python's `re` accepts RE2's syntax
(a superset), and RE2's rewrite escapes (`\\0`..`\\9`) are expanded here, not by `re`.
"""
from __future__ import annotations

import base64
import math
import re

import numpy as np
import torch

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework import tensor_shape
from tfcompat.framework import tensor_util
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import name_scope
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.framework.shape_rules import broadcast_shape, shape_error
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.ops import _shape_fns as fns
from tfcompat.ops._ragged_entry import ragged_entry
from tfcompat.ops import array_ops
from tfcompat.ops import array_ops_join
from tfcompat.ops.string_ops import _as_bytes
from tfcompat.ops import _re2


def _strings(value) -> np.ndarray:
    return np.asarray(value, dtype=object)


def _map(value, fn) -> np.ndarray:
    """`fn` applied to each string of an object array, keeping its shape."""
    array = _strings(value)
    out = np.empty(array.shape, dtype=object)
    flat = out.reshape(-1)
    for i, item in enumerate(array.reshape(-1).tolist()):
        flat[i] = fn(_as_bytes(item))
    return out


def _same_shape(op, x, *rest, **attrs):
    return [(dtypes.string, x.shape)]


def _bool_same_shape(op, x, *rest, **attrs):
    return [(dtypes.bool, x.shape)]


def _error(ctx, message):
    return errors.op_error(errors.InvalidArgumentError, ctx.op, message)


# -- AsString -----------------------------------------------------------------------------------

_FILLS = (" ", "+", "-", "0", "#")


def _as_string_format(ctx, dtype, precision, scientific, shortest, width, fill):
    if len(fill) > 1:
        raise _error(ctx, "Fill string must be one or fewer characters")
    if scientific and shortest:
        raise _error(ctx, "Cannot select both scientific and shortest notation")
    if fill and fill not in _FILLS:
        raise _error(ctx, 'Fill argument not supported: "%s"' % fill)
    spec = "%" + fill + (str(width) if width > -1 else "")
    if (scientific or shortest) and not (dtype.is_floating or dtype.is_complex):
        raise _error(ctx, "scientific and shortest format not supported for datatype %s"
                     % dtype.name)
    if precision > -1:
        if not (dtype.is_floating or dtype.is_complex):
            raise _error(ctx, "precision not supported for datatype %s" % dtype.name)
        spec += ".%d" % precision
    if dtype.is_floating or dtype.is_complex:
        return spec + ("g" if shortest else "e" if scientific else "f")
    return spec + "d"


def _format_float(spec, value):
    if math.isfinite(value):
        return spec % value
    # C's printf pads nan/inf with spaces whatever the fill: drop the '0' flag for them
    text = "%s%s" % ("-" if value < 0 else "", "nan" if math.isnan(value) else "inf")
    width = re.match(r"%[ +\-0#]?(\d*)", spec).group(1)
    return text.rjust(int(width)) if width and "-" not in spec[:2] else \
        text.ljust(int(width or 0))


@register_op("AsString", inputs=("input: T",), infer=_same_shape,
             attrs={"precision": -1, "scientific": False, "shortest": False, "width": -1,
                    "fill": ""}, host_only=True, differentiable=False)
def _lower_as_string(ctx, x, *, precision=-1, scientific=False, shortest=False, width=-1,
                     fill=""):
    dtype = ctx.op.inputs[0].dtype.base_dtype
    if dtype == dtypes.string:
        return _strings(x)
    spec = _as_string_format(ctx, dtype, precision, scientific, shortest, width, fill)
    array = x.cpu().numpy() if isinstance(x, torch.Tensor) else np.asarray(x)
    out = np.empty(array.shape, dtype=object)
    flat = out.reshape(-1)
    for i, v in enumerate(array.reshape(-1).tolist()):
        if dtype == dtypes.bool:
            text = "true" if v else "false"
        elif dtype.is_complex:
            text = "(%s,%s)" % (_format_float(spec, v.real), _format_float(spec, v.imag))
        elif dtype.is_floating:
            text = _format_float(spec, float(v))
        else:
            text = spec % v
        flat[i] = text.encode("ascii")
    return out


@ragged_entry
def as_string(input, precision=-1, scientific=False, shortest=False, width=-1, fill="",
              name=None):
    """TF1 `tf.as_string` / `tf.strings.as_string`: numbers and bools formatted as strings."""
    return apply_op("AsString", [input], name=name or "AsString", precision=precision,
                    scientific=scientific, shortest=shortest, width=width, fill=fill)


# -- StringStrip, StringLower, StringUpper --------------------------------------------------------

@register_op("StringStrip", inputs=("input: string",), infer=_same_shape, host_only=True,
             differentiable=False)
def _lower_strip(ctx, x):
    return _map(x, lambda s: s.strip(b" \t\n\v\f\r"))


def _case_lowering(method):
    def lower(ctx, x, *, encoding=""):
        if encoding == "":   # ASCII letters only, as TF's default
            return _map(x, getattr(bytes, method))
        return _map(x, lambda s: getattr(s.decode("utf-8", "surrogateescape"), method)()
                    .encode("utf-8", "surrogateescape"))
    return lower


register_op("StringLower", inputs=("input: string",), infer=_same_shape,
            attrs={"encoding": ""}, host_only=True, differentiable=False)(_case_lowering("lower"))
register_op("StringUpper", inputs=("input: string",), infer=_same_shape,
            attrs={"encoding": ""}, host_only=True, differentiable=False)(_case_lowering("upper"))


@ragged_entry
def string_strip(input, name=None):
    """TF1 `tf.string_strip` / `tf.strings.strip`: leading and trailing whitespace removed."""
    return apply_op("StringStrip", [input], name=name or "StringStrip")


@ragged_entry
def lower(input, encoding="", name=None):
    """TF1 `tf.strings.lower` (ASCII unless encoding='utf-8')."""
    return apply_op("StringLower", [input], name=name or "StringLower", encoding=encoding)


@ragged_entry
def upper(input, encoding="", name=None):
    """TF1 `tf.strings.upper` (ASCII unless encoding='utf-8')."""
    return apply_op("StringUpper", [input], name=name or "StringUpper", encoding=encoding)


# -- Substr ---------------------------------------------------------------------------------------

def _substr_infer(op, x, pos, length, *, unit="BYTE"):
    if unit not in ("BYTE", "UTF8_CHAR"):
        raise ValueError("Attr 'unit' of 'Substr' Op passed string '%s' not in: \"BYTE\", "
                         "\"UTF8_CHAR\"." % unit)
    if length.shape.ndims is not None:   # TF: pos has len's rank, and their dims merge
        fns.with_rank(op, [x, pos, length], pos.shape, length.shape.ndims)
        fns.merge_shapes(op, [x, pos, length], fns.dims(pos.shape), fns.dims(length.shape))
    # TF: BroadcastBinaryOpOutputShapeFn of input and pos (an unknown dim stays unknown)
    return [(dtypes.string, broadcast_shape(op, x, pos))]


def _utf8_chars(data: bytes) -> list:
    starts = [i for i, b in enumerate(data) if (b & 0xC0) != 0x80] + [len(data)]
    return [data[a:b] for a, b in zip(starts, starts[1:])]


@register_op("Substr", inputs=("input: string", "pos: T", "len: T"), infer=_substr_infer,
             attrs={"unit": "BYTE"}, host_only=True, differentiable=False)
def _lower_substr(ctx, x, pos, length, *, unit="BYTE"):
    array = _strings(x)
    pos_a, len_a = pos.cpu().numpy(), length.cpu().numpy()
    shape = np.broadcast_shapes(array.shape, pos_a.shape, len_a.shape)
    strs = np.broadcast_to(array, shape).reshape(-1).tolist()
    ps, ls = np.broadcast_to(pos_a, shape).reshape(-1), np.broadcast_to(len_a, shape).reshape(-1)
    out = np.empty(len(strs), dtype=object)
    for i, s in enumerate(strs):
        s = _as_bytes(s)
        units = _utf8_chars(s) if unit == "UTF8_CHAR" else s
        p, n, size = int(ps[i]), int(ls[i]), len(units)
        if p < -size or p > size:
            raise _error(ctx, "pos %d out of range for string at index %d" % (p, i)
                         if unit == "UTF8_CHAR" else
                         "pos %d out of range for string b'%s' at index %d"
                         % (p, s.decode("latin-1"), i))
        p = p + size if p < 0 else p
        if n < 0:  # TF: a negative len is the rest of the string in bytes (std::string's
            n = size if unit == "BYTE" else 0  # npos), none of it in UTF-8 characters
        piece = units[p:p + n]
        out[i] = b"".join(piece) if unit == "UTF8_CHAR" else piece
    return out.reshape(shape)


@ragged_entry
def strings_substr(input, pos, len, name=None, unit="BYTE"):  # noqa: A002 - TF's arg name
    """TF1 `tf.strings.substr`: `len` bytes (or UTF-8 characters) from `pos`."""
    return apply_op("Substr", [input, pos, len], name=name or "Substr", unit=unit)


# -- StringToNumber -------------------------------------------------------------------------------

_FLOAT_TEXT = re.compile(
    rb"\s*[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf|infinity|nan|0x[0-9a-f]+)\s*",
    re.IGNORECASE)
_INT_TEXT = re.compile(rb"\s*[+-]?\d+\s*")
_INT_RANGE = {dtypes.int32: 2 ** 31, dtypes.int64: 2 ** 63}


def _parse_number(ctx, text: bytes, out_type):
    if out_type.is_integer:
        if _INT_TEXT.fullmatch(text):
            value = int(text)
            if -_INT_RANGE[out_type] <= value < _INT_RANGE[out_type]:
                return value
    elif _FLOAT_TEXT.fullmatch(text):
        body = text.strip().lower()
        unsigned = body.lstrip(b"+-")
        if unsigned.startswith(b"0x"):
            value = float(int(unsigned, 16))
            return -value if body.startswith(b"-") else value
        return float(body)
    raise _error(ctx, "StringToNumberOp could not correctly convert string: %s"
                 % text.decode("utf-8", "replace"))


def _to_number_infer(op, x, *, out_type=dtypes.float32):
    return [(out_type, x.shape)]


@register_op("StringToNumber", inputs=("string_tensor: string",), infer=_to_number_infer,
             attrs={"out_type": dtypes.float32}, host_only=True, differentiable=False)
def _lower_to_number(ctx, x, *, out_type=dtypes.float32):
    array = _strings(x)
    values = [_parse_number(ctx, _as_bytes(s), out_type) for s in array.reshape(-1).tolist()]
    with np.errstate(over="ignore"):
        result = np.array(values, dtype=out_type.as_numpy_dtype).reshape(array.shape)
    return torch.from_numpy(result)


@ragged_entry
def string_to_number(string_tensor=None, out_type=dtypes.float32, name=None, input=None):
    """TF1 `tf.string_to_number` / `tf.strings.to_number`."""
    value = string_tensor if string_tensor is not None else input
    return apply_op("StringToNumber", [value], name=name or "StringToNumber",
                    out_type=dtypes.as_dtype(out_type))


# -- Base64 (web-safe alphabet, as TF) ------------------------------------------------------------

_BASE64_TEXT = re.compile(rb"[A-Za-z0-9\-_]*")


@register_op("EncodeBase64", inputs=("input: string",), infer=_same_shape,
             attrs={"pad": False}, host_only=True, differentiable=False)
def _lower_encode_base64(ctx, x, *, pad=False):
    encode = base64.urlsafe_b64encode
    return _map(x, (lambda s: encode(s)) if pad else (lambda s: encode(s).rstrip(b"=")))


def _decode_base64(ctx, text: bytes) -> bytes:
    """TF's Base64Decode: 4-character groups, '=' padding only in a last group of 4, a last
    group of 1 character an error, any other character (or misplaced '=') invalid."""
    if not text:
        return b""
    head, tail = (text[:-4], text[-4:]) if len(text) % 4 == 0 else \
        (text[:len(text) - len(text) % 4], text[len(text) - len(text) % 4:])
    if len(tail) == 4:
        tail = tail[:2] if tail[2:] == b"==" else tail[:3] if tail[3:] == b"=" else tail
    if not _BASE64_TEXT.fullmatch(head):
        raise _error(ctx, "Invalid character found in base64.")
    if len(tail) == 1:
        raise _error(ctx, "Base64 string length cannot be 1 modulo 4.")
    if not _BASE64_TEXT.fullmatch(tail):
        raise _error(ctx, "Invalid character found in base64.")
    body = head + tail
    return base64.urlsafe_b64decode(body + b"=" * (-len(body) % 4))


@register_op("DecodeBase64", inputs=("input: string",), infer=_same_shape, host_only=True,
             differentiable=False)
def _lower_decode_base64(ctx, x):
    return _map(x, lambda s: _decode_base64(ctx, s))


@ragged_entry
def encode_base64(input, pad=False, name=None):
    """TF1 `tf.encode_base64` / `tf.io.encode_base64` (web-safe alphabet, '=' padding optional)."""
    return apply_op("EncodeBase64", [input], name=name or "EncodeBase64", pad=pad)


@ragged_entry
def decode_base64(input, name=None):
    """TF1 `tf.decode_base64` / `tf.io.decode_base64` (web-safe alphabet)."""
    return apply_op("DecodeBase64", [input], name=name or "DecodeBase64")


# -- regexes --------------------------------------------------------------------------------------

def _compile(ctx, pattern):
    text = _as_bytes(pattern).decode("utf-8", "surrogateescape")
    try:
        return _re2.compile(text)
    except _re2.Re2Error as exc:
        raise _error(ctx, "Invalid pattern: %s, error: %s" % (text, exc)) from None


def _rewriter(rewrite):
    """RE2's rewrite string: `\\N` is group N (`\\0` the whole match), `\\\\` a backslash."""
    parts = re.split(r"(\\[0-9\\])", _as_bytes(rewrite).decode("utf-8", "surrogateescape"))

    def expand(match):
        return "".join(p if not (p.startswith("\\") and len(p) == 2) else
                       "\\" if p == "\\\\" else (match.group(int(p[1])) or "") for p in parts)
    return expand


def _text(s: bytes) -> str:
    return s.decode("utf-8", "surrogateescape")


def _replace(ctx, x, pattern, rewrite, replace_global):
    regex, expand = _compile(ctx, pattern), _rewriter(rewrite)
    count = 0 if replace_global else 1
    return _map(x, lambda s: _re2.sub(regex, expand, _text(s), count=count)
                .encode("utf-8", "surrogateescape"))


def _scalar(value):
    array = _strings(value)
    return array.reshape(-1)[0] if array.size == 1 else array


@register_op("RegexReplace", inputs=("input: string", "pattern: string", "rewrite: string"),
             infer=_same_shape, attrs={"replace_global": True}, host_only=True,
             differentiable=False)
def _lower_regex_replace(ctx, x, pattern, rewrite, *, replace_global=True):
    return _replace(ctx, x, _scalar(pattern), _scalar(rewrite), replace_global)


@register_op("StaticRegexReplace", inputs=("input: string",), infer=_same_shape,
             attrs={"pattern": None, "rewrite": None, "replace_global": True}, host_only=True,
             differentiable=False)
def _lower_static_regex_replace(ctx, x, *, pattern, rewrite, replace_global=True):
    return _replace(ctx, x, pattern, rewrite, replace_global)


def _is_python_string(value):
    return isinstance(value, (str, bytes))


@ragged_entry
def regex_replace(input, pattern, rewrite, replace_global=True, name=None):
    """TF1 `tf.regex_replace` / `tf.strings.regex_replace`: a StaticRegexReplace op when pattern
    and rewrite are Python strings (as TF), else RegexReplace over string tensors."""
    if _is_python_string(pattern) and _is_python_string(rewrite):
        return apply_op("StaticRegexReplace", [input], name=name or "StaticRegexReplace",
                        pattern=pattern, rewrite=rewrite, replace_global=replace_global)
    return apply_op("RegexReplace", [input, pattern, rewrite], name=name or "RegexReplace",
                    replace_global=replace_global)


def _full_match(ctx, x, pattern):
    regex = _compile(ctx, pattern)
    array = _strings(x)
    flags = [regex.fullmatch(_text(_as_bytes(s))) is not None for s in array.reshape(-1).tolist()]
    return torch.tensor(flags, dtype=torch.bool).reshape(array.shape)


@register_op("RegexFullMatch", inputs=("input: string", "pattern: string"),
             infer=_bool_same_shape, host_only=True, differentiable=False)
def _lower_regex_full_match(ctx, x, pattern):
    return _full_match(ctx, x, _scalar(pattern))


@register_op("StaticRegexFullMatch", inputs=("input: string",), infer=_bool_same_shape,
             attrs={"pattern": None}, host_only=True, differentiable=False)
def _lower_static_regex_full_match(ctx, x, *, pattern):
    return _full_match(ctx, x, pattern)


@ragged_entry
def regex_full_match(input, pattern, name=None):
    """TF1 `tf.strings.regex_full_match`: whether each whole string matches `pattern`."""
    if _is_python_string(pattern):
        return apply_op("StaticRegexFullMatch", [input], name=name or "StaticRegexFullMatch",
                        pattern=pattern)
    return apply_op("RegexFullMatch", [input, pattern], name=name or "RegexFullMatch")


# -- ReduceJoin, UnsortedSegmentJoin ---------------------------------------------------------------

def _reduce_join_infer(op, x, axes, *, keep_dims=False, separator=""):
    rank = x.shape.ndims
    value = tensor_util.constant_value(axes)
    if rank is None or value is None:
        return [(dtypes.string, TensorShape([None] * rank) if rank is not None and keep_dims
                 else tensor_shape.unknown_shape())]
    reduced = set()
    for a in np.asarray(value).reshape(-1).tolist():
        if not -rank <= a < rank:
            raise shape_error("Invalid reduction dimension %d for input with %d dimensions."
                              % (a, rank), op, [x, axes], computed={1: np.asarray(value)})
        reduced.add(a % rank)
    dims = x.shape.as_list()
    out = [1 if i in reduced else d for i, d in enumerate(dims)] if keep_dims else \
        [d for i, d in enumerate(dims) if i not in reduced]
    return [(dtypes.string, TensorShape(out))]


@register_op("ReduceJoin", inputs=("inputs: string", "reduction_indices: int32"),
             infer=_reduce_join_infer, attrs={"keep_dims": False, "separator": ""},
             host_only=True, differentiable=False)
def _lower_reduce_join(ctx, x, axes, *, keep_dims=False, separator=""):
    array = _strings(x)
    rank = array.ndim
    listed = [int(a) for a in axes.reshape(-1).tolist()]
    for a in listed:
        if not -rank <= a < max(rank, 1):
            raise _error(ctx, "Invalid reduction dimension %d for input with %d dimensions."
                         % (a, rank))
    reduced = list(dict.fromkeys(a % rank for a in listed)) if rank else []
    kept = [i for i in range(rank) if i not in reduced]
    # TF joins with the first listed axis varying fastest: those axes last, in reverse order
    moved = np.transpose(array, kept + reduced[::-1])
    kept_shape = moved.shape[:len(kept)]
    rows = moved.reshape(kept_shape + (-1,)) if moved.size else \
        np.empty(kept_shape + (int(np.prod(moved.shape[len(kept):], dtype=np.int64)),), object)
    sep = _as_bytes(separator)
    out = np.empty(kept_shape, dtype=object)
    flat_rows = rows.reshape(int(np.prod(kept_shape, dtype=np.int64)), rows.shape[-1])
    for i, row in enumerate(flat_rows):
        out.reshape(-1)[i] = sep.join(_as_bytes(s) for s in row.tolist())
    if keep_dims:
        out = out.reshape([1 if i in reduced else n for i, n in enumerate(array.shape)])
    return out


@ragged_entry
def reduce_join(inputs, axis=None, keep_dims=None, separator="", name=None,
                reduction_indices=None, keepdims=None):
    """TF1 `tf.reduce_join` / `tf.strings.reduce_join`; axis None joins over every axis."""
    axis = axis if axis is not None else reduction_indices
    keep = bool(keepdims if keepdims is not None else keep_dims)
    with name_scope(None, "ReduceJoin", [inputs, axis]):
        tensor = convert_to_tensor(inputs, dtype=dtypes.string)
        if axis is None and tensor.shape.ndims is not None:   # TF's order: last axis first
            axis = np.arange(tensor.shape.ndims - 1, -1, -1, dtype=np.int32)
        elif axis is None:
            axis = array_ops_join.range(array_ops.rank(tensor) - 1, -1, -1)
        return apply_op("ReduceJoin", [tensor, axis], name=name or "ReduceJoin",
                        keep_dims=keep, separator=separator)


def _segment_join_infer(op, x, ids, num, *, separator=""):
    value = tensor_util.constant_value(num)
    n = int(value) if value is not None else None
    if x.shape.ndims is None or ids.shape.ndims is None:
        return [(dtypes.string, tensor_shape.unknown_shape())]
    return [(dtypes.string, TensorShape([n] + x.shape.as_list()[ids.shape.ndims:]))]


@register_op("UnsortedSegmentJoin", inputs=("inputs: string", "segment_ids: Tindices",
                                             "num_segments: Tnumsegments"),
             infer=_segment_join_infer, attrs={"separator": ""}, host_only=True,
             differentiable=False)
def _lower_segment_join(ctx, x, ids, num, *, separator=""):
    array, ids = _strings(x), ids.cpu().numpy()
    n = int(num)
    inner = array.shape[ids.ndim:]
    groups = [[] for _ in range(n)]
    rows = array.reshape((ids.size,) + inner)
    for i, seg in enumerate(ids.reshape(-1).tolist()):
        if not 0 <= seg < n:
            raise _error(ctx, "segment_ids are not allowed to exceed num_segments or to have "
                              "negative values.")
        groups[seg].append(rows[i])
    sep = _as_bytes(separator)
    out = np.empty((n,) + inner, dtype=object)
    for k, group in enumerate(groups):
        cells = out[k].reshape(-1) if inner else None
        for j in range(int(np.prod(inner, dtype=np.int64))):
            joined = sep.join(_as_bytes(np.asarray(g, dtype=object).reshape(-1)[j])
                              for g in group)
            if inner:
                cells[j] = joined
            else:
                out[k] = joined
    return out


def unsorted_segment_join(inputs, segment_ids, num_segments, separator="", name=None):
    """TF1 `tf.strings.unsorted_segment_join`: strings joined per segment id, in input order."""
    return apply_op("UnsortedSegmentJoin", [inputs, segment_ids, num_segments],
                    name=name or "UnsortedSegmentJoin", separator=separator)


@ragged_entry
def substr(input, pos, len, name=None, unit="BYTE"):  # noqa: A002
    """TF1 `tf.substr`: TF's deprecated spelling, a separate function from tf.strings.substr."""
    return strings_substr(input, pos, len, name=name, unit=unit)


# the top-level `tf.*` names (tf.substr is TF's deprecated spelling, not tf.strings.substr)
__all__ = ["as_string", "decode_base64", "encode_base64", "reduce_join", "regex_replace",
           "string_strip", "string_to_number", "substr"]

