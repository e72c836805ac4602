"""Unicode string ops: UnicodeDecode(WithOffsets), UnicodeEncode, UnicodeTranscode, and
StringNGrams, with TF1's public functions over them.

The decoding functions return dense vectors for a scalar and RaggedTensors for inputs of rank
>= 1, as TF; bytes_split takes scalars only (refusing other ranks with a message);
unicode_encode and ngrams take dense tensors.
Invalid input is replaced per maximal invalid subsequence (Python's codecs, as ICU).
"""
from __future__ import annotations

import codecs
import threading

import numpy as np
import torch

from tfcompat import errors
from tfcompat._lazy import lazy_module as _lazy_module
from tfcompat.framework import dtypes
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import name_scope
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.framework.tensor_util import constant_value
from tfcompat.ops import array_ops
from tfcompat.ops import array_ops_join
from tfcompat.ops._ragged_entry import ragged_entry
from tfcompat.ops.string_ops import _as_bytes
from tfcompat.ops.string_split_hash_ops import string_split

# ragged imports these ops: its RaggedTensor is reached on first use
_ragged_tensor = _lazy_module("tfcompat.ragged.ragged_tensor")

_MARK = "\udfff"   # what the decoder writes for an invalid sequence (never valid text)
_LOCAL = threading.local()   # the invalid spans of the decode running on this thread


def _mark_invalid(exc):
    _LOCAL.spans.append((exc.start, exc.end))
    return _MARK, exc.end


codecs.register_error("tfcompat_unicode_mark", _mark_invalid)
_WIDTH = {"utf-16-be": 2, "utf-32-be": 4, "iso-8859-1": 1, "latin-1": 1, "us-ascii": 1,
          "ascii": 1}


_KNOWN_CODECS = frozenset(["utf-8", "utf8"]) | frozenset(_WIDTH)


def _codec(encoding: str) -> str:
    return encoding.lower().replace("_", "-")


def _fail(ctx, message):
    return errors.op_error(errors.InvalidArgumentError, ctx.op, message)


def _decode(ctx, data: bytes, encoding, errors_mode, replacement, replace_control):
    """[(code point, byte offset)] of `data`, TF's error handling applied."""
    codec = _codec(encoding)
    _LOCAL.spans = []
    try:
        text = data.decode(codec, "tfcompat_unicode_mark")
    except LookupError:
        raise _fail(ctx, "Could not create converter for input encoding: %s" % encoding) \
            from None
    spans, out, pos = _LOCAL.spans, [], 0
    for ch in text:
        if ch == _MARK:
            start, pos = spans.pop(0)
            if errors_mode == "strict":
                raise _fail(ctx, "Invalid formatting on input string")
            if errors_mode == "replace":
                out.append((replacement, start))
            continue
        width = len(ch.encode("utf-8")) if codec in ("utf-8", "utf8") else \
            _WIDTH.get(codec, len(ch.encode(codec)))
        if codec == "utf-16-be" and ord(ch) > 0xFFFF:
            width = 4
        code = ord(ch)
        if replace_control and ord(ch) <= 0x1F:   # TF: C0 controls only, not DEL or C1
            code = replacement
        out.append((code, pos))
        pos += width
    return out


def _encode_points(ctx, points, encoding, errors_mode, replacement) -> bytes:
    chars = []
    for p in points:
        if not (0 <= p <= 0x10FFFF) or 0xD800 <= p <= 0xDFFF:
            if errors_mode == "strict":
                raise _fail(ctx, "Code point is out of range for Unicode, or is a surrogate.")
            if errors_mode == "ignore":
                continue
            p = replacement
        chars.append(chr(p))
    return "".join(chars).encode(_codec(encoding))


_DECODE_ATTRS = {"input_encoding": None, "errors": "replace", "replacement_char": 65533,
                 "replace_control_characters": False, "Tsplits": dtypes.int64}


def _decode_infer(op, x, *, with_offsets=False, **attrs):
    n = x.shape.num_elements() if x.shape.is_fully_defined() else None
    out = [(attrs.get("Tsplits", dtypes.int64), TensorShape([None if n is None else n + 1])),
           (dtypes.int32, TensorShape([None]))]
    return out + [(dtypes.int64, TensorShape([None]))] if with_offsets else out


def _decode_rows(ctx, x, input_encoding, errors, replacement_char, replace_control_characters,
                 Tsplits):
    rows = [_decode(ctx, _as_bytes(s), input_encoding, errors, replacement_char,
                    replace_control_characters)
            for s in np.asarray(x, dtype=object).reshape(-1).tolist()]
    splits = np.cumsum([0] + [len(r) for r in rows])
    points = [p for r in rows for p, _ in r]
    offsets = [o for r in rows for _, o in r]
    return (torch.tensor(splits, dtype=torch.int64 if Tsplits == dtypes.int64 else torch.int32),
            torch.tensor(points, dtype=torch.int32), torch.tensor(offsets, dtype=torch.int64))


@register_op("UnicodeDecode", inputs=("input: string",), infer=_decode_infer,
             attrs=_DECODE_ATTRS, host_only=True, differentiable=False)
def _lower_unicode_decode(ctx, x, **attrs):
    return _decode_rows(ctx, x, **attrs)[:2]


register_op("UnicodeDecodeWithOffsets", inputs=("input: string",),
            infer=lambda op, x, **a: _decode_infer(op, x, with_offsets=True, **a),
            attrs=_DECODE_ATTRS, host_only=True, differentiable=False)(
    lambda ctx, x, **attrs: _decode_rows(ctx, x, **attrs))


@register_op("UnicodeEncode", inputs=("input_values: int32", "input_splits: Tsplits"),
             infer=lambda op, values, splits, **a: [(dtypes.string, TensorShape(
                 [None if splits.shape.as_list()[0] is None else splits.shape.as_list()[0] - 1]
                 if splits.shape.ndims == 1 else [None]))],
             attrs={"errors": "replace", "output_encoding": None, "replacement_char": 65533},
             host_only=True, differentiable=False)
def _lower_unicode_encode(ctx, values, splits, *, errors="replace", output_encoding,
                          replacement_char=65533):
    points, bounds = values.cpu().tolist(), splits.cpu().tolist()
    out = np.empty(max(len(bounds) - 1, 0), dtype=object)
    for i in range(len(out)):
        out[i] = _encode_points(ctx, points[bounds[i]:bounds[i + 1]], output_encoding, errors,
                                replacement_char)
    return out


@register_op("UnicodeTranscode", inputs=("input: string",),
             infer=lambda op, x, **a: [(dtypes.string, x.shape)],
             attrs={"input_encoding": None, "output_encoding": None, "errors": "replace",
                    "replacement_char": 65533, "replace_control_characters": False},
             host_only=True, differentiable=False)
def _lower_unicode_transcode(ctx, x, *, input_encoding, output_encoding, errors="replace",
                             replacement_char=65533, replace_control_characters=False):
    array = np.asarray(x, dtype=object)
    out = np.empty(array.shape, dtype=object)
    for i, s in enumerate(array.reshape(-1).tolist()):
        points = [p for p, _ in _decode(ctx, _as_bytes(s), input_encoding, errors,
                                        replacement_char, replace_control_characters)]
        out.reshape(-1)[i] = _encode_points(ctx, points, output_encoding, "replace",
                                            replacement_char)
    return out


# -- StringNGrams ----------------------------------------------------------------------------------

def _ngrams_of(tokens, widths, sep, left, right, pad_width, preserve_short):
    def pad_for(width):
        return min(width - 1 if pad_width < 0 else pad_width, width - 1)

    def make(width, count):
        pad, out = pad_for(width), []
        for k in range(count):
            lp = max(0, pad - k)
            rp = max(0, pad - (count - (k + 1)))
            start = 0 if lp > 0 else k - pad
            out.append(sep.join([left] * lp + tokens[start:start + width - lp - rp]
                                + [right] * rp))
        return out

    grams = []
    for width in widths:
        grams.extend(make(width, max(0, len(tokens) + 2 * pad_for(width) - width + 1)))
    if preserve_short and not grams and tokens:
        grams = make(len(tokens) + 2 * max(pad_width, 0), 1)
    return grams


@register_op("StringNGrams", inputs=("data: string", "data_splits: Tsplits"),
             infer=lambda op, d, s, **a: [(dtypes.string, TensorShape([None])),
                                          (s.dtype.base_dtype, s.shape)],
             attrs={"separator": None, "ngram_widths": (), "left_pad": None, "right_pad": None,
                    "pad_width": None, "preserve_short_sequences": None},
             host_only=True, differentiable=False)
def _lower_string_ngrams(ctx, data, splits, *, separator, ngram_widths, left_pad, right_pad,
                         pad_width, preserve_short_sequences):
    tokens = [_as_bytes(t) for t in np.asarray(data, dtype=object).reshape(-1).tolist()]
    bounds = splits.cpu().tolist()
    sep, left, right = _as_bytes(separator), _as_bytes(left_pad), _as_bytes(right_pad)
    grams, out_splits = [], [0]
    for i in range(len(bounds) - 1):
        grams.extend(_ngrams_of(tokens[bounds[i]:bounds[i + 1]], ngram_widths, sep, left, right,
                                pad_width, preserve_short_sequences))
        out_splits.append(len(grams))
    values = np.empty(len(grams), dtype=object)
    values[:] = grams
    return values, torch.tensor(out_splits, dtype=splits.dtype)


# -- public functions ------------------------------------------------------------------------------

def _decode_ragged(x, with_offsets, input_encoding, errors, replacement_char,
            replace_control_characters):
    """TF's ragged_string_ops._unicode_decode: a scalar's code points (and byte offsets) as
    dense vectors; for rank >= 1 RaggedTensors with one more (ragged) dimension."""
    ndims = x.shape.ndims
    if ndims is None:
        raise ValueError("Rank of `input` must be statically known.")
    op = "UnicodeDecodeWithOffsets" if with_offsets else "UnicodeDecode"
    flat = x if ndims <= 1 else array_ops.reshape(x, [-1])
    outputs = apply_op(op, [flat], name=op,
                       input_encoding=input_encoding, errors=errors,
                       replacement_char=replacement_char,
                       replace_control_characters=replace_control_characters)
    if ndims == 0:
        return tuple(outputs[1:]) if with_offsets else outputs[1]
    rows = _ragged_tensor.RaggedTensor.from_tensor(x, ragged_rank=ndims - 1) if ndims > 1 else None
    results = []
    for values in outputs[1:]:
        rt = _ragged_tensor.RaggedTensor.from_row_splits(values, outputs[0], validate=False)
        results.append(rt if rows is None else rows.with_flat_values(rt))
    return tuple(results) if with_offsets else results[0]


def unicode_decode(input, input_encoding, errors="replace", replacement_char=65533,
                   replace_control_characters=False, name=None):
    """TF1 `tf.strings.unicode_decode`: code points (int32; ragged for rank >= 1)."""
    with name_scope(name, "UnicodeDecode", [input]):
        x = convert_to_tensor(input, dtypes.string)
        return _decode_ragged(x, False, input_encoding, errors, replacement_char,
                       replace_control_characters)


def unicode_decode_with_offsets(input, input_encoding, errors="replace",
                                replacement_char=65533, replace_control_characters=False,
                                name=None):
    """TF1 `tf.strings.unicode_decode_with_offsets`: (code points, byte starts)."""
    with name_scope(name, "UnicodeDecodeWithOffsets", [input]):
        x = convert_to_tensor(input, dtypes.string)
        return _decode_ragged(x, True, input_encoding, errors, replacement_char,
                       replace_control_characters)


def _encode_rows(values, encoding, errors, replacement_char):
    """UnicodeEncode of each row (last axis) of a dense int32 tensor."""
    values = convert_to_tensor(values, dtypes.int32)
    shape = values.shape
    if shape.ndims is None or shape.ndims == 0:
        raise ValueError("unicode_encode needs an input of known rank >= 1, got %s" % shape)
    dims = array_ops.shape(values, out_type=dtypes.int64)
    width = dims[-1]
    flat = array_ops.reshape(values, [-1])
    rows = array_ops.size(flat, out_type=dtypes.int64) // width if shape.ndims > 1 else \
        convert_to_tensor(1, dtypes.int64)
    splits = _splits(rows, width)
    out = apply_op("UnicodeEncode", [flat, splits], name="UnicodeEncode",
                   output_encoding=encoding, errors=errors, replacement_char=replacement_char)
    return array_ops.reshape(out, dims[:-1])


def _splits(rows, width):
    """Row splits of `rows` dense rows of `width` elements."""
    return array_ops_join.range(0, rows * width + 1, width, dtype=dtypes.int64)


def unicode_encode(input, output_encoding, errors="replace", replacement_char=65533,
                   name=None):
    """TF1 `tf.strings.unicode_encode` of a dense int32 tensor: each row (last axis) of code
    points as one string."""
    with name_scope(name, "UnicodeEncode", [input]):
        if isinstance(input, _ragged_tensor.RaggedTensor):
            return _encode_ragged(input, output_encoding, errors, replacement_char)
        return _encode_rows(input, output_encoding, errors, replacement_char)


def _encode_ragged(rt, encoding, errors, replacement_char):
    """TF's unicode_encode of a RaggedTensor: its innermost rows, keeping the outer splits."""
    if rt.flat_values.shape.ndims != 1:
        return rt.with_flat_values(_encode_rows(rt.flat_values, encoding, errors,
                                                replacement_char))
    if rt.ragged_rank > 1:
        return rt.with_values(_encode_ragged(rt.values, encoding, errors, replacement_char))
    values = convert_to_tensor(rt.values, dtypes.int32)
    return apply_op("UnicodeEncode", [values, rt.row_splits], name="UnicodeEncode",
                    output_encoding=encoding, errors=errors, replacement_char=replacement_char)


def _known_length(chars, text, input_encoding, errors, replacement_char):
    """TF's shape inference folds a constant input through the split: the static length."""
    value = constant_value(text)
    if value is None or errors == "strict" or _codec(input_encoding) not in _KNOWN_CODECS:
        return chars
    chars.set_shape([len(_decode(None, _as_bytes(value.reshape(-1)[0]), input_encoding, errors,
                                 replacement_char, False))])
    return chars


def _split_chars(points, text, input_encoding, errors, replacement_char):
    """Each code point encoded back as a one-character string (ragged like `points`)."""
    flat = points.flat_values if hasattr(points, "flat_values") else points
    chars = _encode_rows(array_ops.expand_dims(flat, -1), input_encoding, errors,
                         replacement_char)
    if flat is not points:
        return points.with_flat_values(chars)
    return _known_length(chars, text, input_encoding, errors, replacement_char)


def unicode_split(input, input_encoding, errors="replace", replacement_char=65533, name=None):
    """TF1 `tf.strings.unicode_split`: the characters as strings (ragged for rank >= 1)."""
    with name_scope(name, "UnicodeSplit", [input]):
        text = convert_to_tensor(input, dtypes.string)
        points = unicode_decode(text, input_encoding, errors, replacement_char)
        return _split_chars(points, text, input_encoding, errors, replacement_char)


def unicode_split_with_offsets(input, input_encoding, errors="replace", replacement_char=65533,
                               name=None):
    """TF1 `tf.strings.unicode_split_with_offsets`: (characters, byte starts)."""
    with name_scope(name, "UnicodeSplitWithOffsets", [input]):
        text = convert_to_tensor(input, dtypes.string)
        points, offsets = unicode_decode_with_offsets(text, input_encoding, errors,
                                                      replacement_char)
        return _split_chars(points, text, input_encoding, errors, replacement_char), offsets


def unicode_transcode(input, input_encoding, output_encoding, errors="replace",
                      replacement_char=65533, replace_control_characters=False, name=None):
    """TF1 `tf.strings.unicode_transcode`: each string re-encoded."""
    return apply_op("UnicodeTranscode", [input], name=name or "UnicodeTranscode",
                    input_encoding=input_encoding, output_encoding=output_encoding,
                    errors=errors, replacement_char=replacement_char,
                    replace_control_characters=replace_control_characters)


def bytes_split(input, name=None):
    """TF1 `tf.strings.bytes_split`: each string's bytes as strings; a vector for a scalar,
    a RaggedTensor with one more (ragged) dimension for rank >= 1 and for RaggedTensors."""
    with name_scope(name, "StringsByteSplit", [input]):
        return _bytes_split(input)


def _bytes_split(x):
    if isinstance(x, _ragged_tensor.RaggedTensor):
        return x.with_flat_values(_bytes_split(x.flat_values))
    x = convert_to_tensor(x, dtypes.string, name="input")
    rank = x.shape.ndims
    if rank is None:
        raise ValueError("input must have a statically-known rank.")
    if rank == 0:
        return string_split(array_ops.reshape(x, [1]), "", skip_empty=False).values
    if rank == 1:
        return string_split(x, "", skip_empty=False, result_type="RaggedTensor")
    return _bytes_split(_ragged_tensor.RaggedTensor.from_tensor(x))


def _ngram_attrs(ngram_width, separator, pad_values, padding_width, preserve_short_sequences):
    """The StringNGrams attributes of tf.strings.ngrams' arguments (also used for ragged data,
    tfcompat/ragged/ragged_dispatch.py)."""
    widths = list(ngram_width) if isinstance(ngram_width, (list, tuple)) else [ngram_width]
    if padding_width is not None and padding_width < 1:
        raise ValueError("padding_width must be greater than 0.")
    if padding_width is not None and pad_values is None:
        raise ValueError("pad_values must be provided if padding_width is set.")
    if pad_values is None:
        left = right = ""
        pad = 0
    else:
        left, right = pad_values if isinstance(pad_values, (list, tuple)) else \
            (pad_values, pad_values)
        pad = -1 if padding_width is None else padding_width
    return dict(separator=separator, ngram_widths=widths, left_pad=left, right_pad=right,
                pad_width=pad, preserve_short_sequences=preserve_short_sequences)


@ragged_entry
def ngrams(data, ngram_width, separator=" ", pad_values=None, padding_width=None,
           preserve_short_sequences=False, name=None):
    """TF1 `tf.strings.ngrams` of a dense tensor: ngrams of each row (last axis)."""
    attrs = _ngram_attrs(ngram_width, separator, pad_values, padding_width,
                         preserve_short_sequences)
    with name_scope(name, "StringNGrams", [data]):
        data = convert_to_tensor(data, dtypes.string)
        if data.shape.ndims is None or data.shape.ndims == 0:
            raise ValueError("Data must have rank>0")
        dims = array_ops.shape(data, out_type=dtypes.int64)
        width = dims[-1]
        flat = array_ops.reshape(data, [-1])
        rows = array_ops.size(flat, out_type=dtypes.int64) // width if data.shape.ndims > 1 \
            else convert_to_tensor(1, dtypes.int64)
        grams, _ = apply_op("StringNGrams", [flat, _splits(rows, width)], name="StringNGrams",
                            **attrs)
        if data.shape.ndims == 1:
            return grams
        return array_ops.reshape(grams, array_ops_join.concat([dims[:-1], [-1]], 0))
