"""Printing and assertions in the graph: `tf.Print`, `tf.print` (`StringFormat` + `PrintV2`),
`tf.Assert`, with TF's text for tensor values (`Tensor::SummarizeValue`: the v1 form `1 -2 3...`
used by `Print` and `Assert`, the v2 form `[1 -2 ... 5 6]` used by `tf.print`).
"""
from __future__ import annotations

import collections
import logging
import os
import pprint
import random
import sys
import threading
import weakref

import numpy as np
import torch

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import get_default_graph
from tfcompat.framework.graph import name_scope
from tfcompat.framework.operation import Tensor
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.ops import control_flow_nest as nest

__all__ = ["Print", "print_v2", "string_format"]


# -- TF's value text --------------------------------------------------------------------------

def _c_escape(data: bytes) -> str:
    out = []
    for b in data:
        c = chr(b)
        if c in "\n\r\t\"'\\":
            out.append({"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(c, "\\" + c))
        elif 32 <= b < 127:
            out.append(c)
        else:
            out.append("\\%03o" % b)
    return "".join(out)


def _float_text(v, short, full, kind) -> str:
    v = float(v)
    if np.isnan(v):
        return "nan"
    if np.isinf(v):
        return "inf" if v > 0 else "-inf"
    text = "%.*g" % (short, v)
    if kind(float(text)) != kind(v):
        text = "%.*g" % (full, v)
    return text


def _element_text(v, v2) -> str:
    if isinstance(v, bytes):
        return '"%s"' % _c_escape(v) if v2 else _c_escape(v)
    if isinstance(v, str):
        return _element_text(v.encode("utf-8"), v2)
    if isinstance(v, (bool, np.bool_)):
        return "1" if v else "0"
    if isinstance(v, np.float64):
        return _float_text(v, 15, 17, float)
    if isinstance(v, (np.floating, float)):
        return _float_text(v, 6, 9, np.float32)
    if isinstance(v, (np.complexfloating, complex)):
        return "(%s,%s)" % (_element_text(np.float32(v.real), v2),
                            _element_text(np.float32(v.imag), v2))
    return str(int(v))


def _as_numpy(value):
    if isinstance(value, torch.Tensor):
        value = value.detach()
        if value.dtype == torch.bfloat16:
            value = value.float()
        return value.cpu().numpy()
    return np.asarray(value)


def summarize_v1(value, max_entries=3) -> str:
    """TF's `Tensor::SummarizeValue(max_entries)` (what Print and Assert show)."""
    array = _as_numpy(value)
    flat = array.reshape(-1)
    n = flat.size
    limit = n if max_entries is None or max_entries < 0 else min(max_entries, n)
    if array.ndim == 0:
        text = " ".join(_element_text(flat[i], False) for i in range(limit))
        return text + ("..." if n > limit else "")
    out: list = []
    _print_one_dim(0, array.shape, limit, flat, [0], out)
    return "".join(out) + ("..." if n > limit else "")


def _print_one_dim(dim, shape, limit, flat, index, out):
    if index[0] >= limit:
        return
    count = shape[dim]
    if dim == len(shape) - 1:
        for i in range(count):
            if index[0] >= limit:
                if dim != 0:
                    out.append("...")
                return
            if i > 0:
                out.append(" ")
            out.append(_element_text(flat[index[0]], False))
            index[0] += 1
        return
    for _ in range(count):
        opened = index[0] < limit
        if opened:
            out.append("[")
        _print_one_dim(dim + 1, shape, limit, flat, index, out)
        if index[0] < limit or opened:
            out.append("]")


def summarize_v2(value, max_entries=3) -> str:
    """TF's `SummarizeValue(max_entries, print_v2=true)` (what tf.print shows)."""
    array = _as_numpy(value)
    flat = array.reshape(-1)
    n = flat.size
    limit = n if max_entries is None or max_entries < 0 else min(max_entries, n)
    if array.ndim == 0:
        text = " ".join(_element_text(flat[i], True) for i in range(limit))
        return text + ("..." if n > limit else "")
    out: list = []
    _print_one_dim_v2(0, array.shape, limit, flat, 0, out)
    return "".join(out)


def _dim_spacing(dim, ndims, out):
    if dim == ndims - 1:
        out.append(" ")
        return
    out.append("\n" * (ndims - dim - 1) + " " * (dim + 1))


def _print_one_dim_v2(dim, shape, ends, flat, start, out):
    ndims = len(shape)
    if dim == ndims:
        out.append(_element_text(flat[start], True))
        return
    out.append("[")
    count = shape[dim]
    start_of_end = max(ends, count - ends)
    per = int(np.prod(shape[dim + 1:], dtype=np.int64)) if dim + 1 < ndims else 1
    for i in range(min(ends, count)):
        if i > 0:
            _dim_spacing(dim, ndims, out)
        _print_one_dim_v2(dim + 1, shape, ends, flat, start + per * i, out)
    if count > 2 * ends:
        _dim_spacing(dim, ndims, out)
        out.append("...")
    for i in range(start_of_end, count):
        _dim_spacing(dim, ndims, out)
        _print_one_dim_v2(dim + 1, shape, ends, flat, start + per * i, out)
    out.append("]")


# -- Assert -----------------------------------------------------------------------------------

@register_op("Assert", inputs=("condition: bool", "data: T"), infer=lambda op, *a, **k: [],
             attrs={"summarize": 3}, stateful=True)
def _lower_assert(ctx, condition, *data, summarize):
    if not bool(_as_numpy(condition).all()):
        text = " ".join("[%s]" % summarize_v1(d, summarize) for d in data)
        raise errors.op_error(errors.InvalidArgumentError, ctx.op, "assertion failed: " + text)


def assert_op(condition, data, tensors, summarize, scope):
    """TF's gen op `_assert`: the Assert op in name scope `scope`, converting `data` again
    (`tensors`: data already converted under the caller's scope, or None). tf.Assert is
    control_flow_ops.Assert."""
    condition = convert_to_tensor(condition, name="Condition")
    if condition.dtype.base_dtype != dtypes.bool:
        raise TypeError("Input 'condition' of 'Assert' Op has type %s that does not match "
                        "expected type of bool." % condition.dtype.base_dtype.name)
    with name_scope(scope + "Assert/"):  # the op converts Python data again: data_<i>
        if tensors is None:
            tensors = [convert_to_tensor(d, name="data_%d" % i) for i, d in enumerate(data)]
        else:
            tensors = [t if isinstance(d, Tensor) else convert_to_tensor(d, name="data_%d" % i)
                       for i, (d, t) in enumerate(zip(data, tensors))]
    attrs = {"summarize": 3 if summarize is None else int(summarize),
             "T": [d.dtype.base_dtype for d in tensors]}
    return get_default_graph()._create_op("Assert", [condition] + tensors, attrs,
                                          scope + "Assert/")


# -- Print (v1) -------------------------------------------------------------------------------

_PRINT_COUNTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_PRINT_LOCK = threading.Lock()


def _print_allowed(ctx, first_n) -> bool:
    if first_n < 0:
        return True
    with _PRINT_LOCK:
        counts = _PRINT_COUNTS.setdefault(ctx.state, {})
        seen = counts.get(ctx.op, 0)
        if seen >= first_n:
            return False
        counts[ctx.op] = seen + 1
    return True


@register_op("Print", inputs=("input: T", "data: U"),
             infer=lambda op, x, *data, **k: [(x.dtype.base_dtype, x.shape)],
             attrs={"message": "", "first_n": -1, "summarize": 3}, stateful=True)
def _lower_print(ctx, x, *data, message, first_n, summarize):
    if _print_allowed(ctx, first_n):
        text = message + "".join("[%s]" % summarize_v1(d, summarize) for d in data)
        sys.stderr.write(text + "\n")
        sys.stderr.flush()
    return x


def Print(input_, data, message=None, first_n=None, summarize=None, name=None):
    """TF1 `tf.Print`: `input_` unchanged; printing `message` and `data` to stderr when it
    runs."""
    with name_scope(name, "Print", [input_] + list(data)) as scope:
        x = convert_to_tensor(input_)
        data = [convert_to_tensor(d) for d in data]
        attrs = {"message": message or "", "first_n": -1 if first_n is None else int(first_n),
                 "summarize": 3 if summarize is None else int(summarize),
                 "T": x.dtype.base_dtype, "U": [d.dtype.base_dtype for d in data]}
        return get_default_graph()._create_op("Print", [x] + data, attrs,
                                              scope.rstrip("/") + "/")._outputs[0]


# -- tf.print (StringFormat + PrintV2) --------------------------------------------------------

@register_op("StringFormat", inputs=("inputs: T",),
             infer=lambda op, *a, **k: [(dtypes.string, TensorShape([]))],
             attrs={"template": "%s", "placeholder": "%s", "summarize": 3}, host_only=True)
def _lower_string_format(ctx, *inputs, template, placeholder, summarize):
    parts = template.split(placeholder)
    out = [parts[0]]
    for value, part in zip(inputs, parts[1:]):
        out.extend((summarize_v2(value, summarize), part))
    return np.array("".join(out).encode("utf-8"), dtype=object)


def string_format(template, inputs, placeholder="{}", summarize=3, name=None):
    """TF `tf.strings.format`: `template` with each `placeholder` replaced by a tensor's text."""
    if isinstance(inputs, Tensor):
        inputs = [inputs]
    with name_scope(name, "StringFormat", list(inputs)) as scope:
        inputs = [convert_to_tensor(x) for x in inputs]
        count = template.count(placeholder)
        if count != len(inputs):
            raise ValueError("num placeholders in template and num inputs must match: %d vs. %d"
                             % (count, len(inputs)))
        attrs = {"template": template, "placeholder": placeholder, "summarize": int(summarize),
                 "T": [t.dtype.base_dtype for t in inputs]}
        return get_default_graph()._create_op("StringFormat", inputs, attrs,
                                              scope)._outputs[0]


def _write_stream(stream, text):
    if stream == "stdout":
        sys.stdout.write(text)
        sys.stdout.flush()
    elif stream == "stderr":
        sys.stderr.write(text)
        sys.stderr.flush()
    elif stream.startswith("log("):
        level = {"log(info)": logging.INFO, "log(warning)": logging.WARNING,
                 "log(error)": logging.ERROR}[stream]
        logging.getLogger("tensorflow").log(level, text.rstrip("\n"))
    else:
        with open(stream[len("file://"):], "a") as f:
            f.write(text)


@register_op("PrintV2", inputs=("input: string",), infer=lambda op, *a, **k: [],
             attrs={"output_stream": "stderr", "end": "\n"}, stateful=True, host_only=True)
def _lower_print_v2(ctx, value, *, output_stream, end):
    text = value.reshape(()).item() if isinstance(value, np.ndarray) else value
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    _write_stream(output_stream, text + end)


def _stream_name(output_stream):
    if isinstance(output_stream, str) and output_stream.startswith("file://"):
        return output_stream
    if output_stream is sys.stdout or output_stream == "stdout":
        return "stdout"
    if output_stream is sys.stderr or output_stream == "stderr":
        return "stderr"
    levels = {logging.INFO: "log(info)", logging.WARNING: "log(warning)",
              logging.ERROR: "log(error)", logging.info: "log(info)",
              logging.warning: "log(warning)", logging.warn: "log(warning)",
              logging.error: "log(error)"}
    name = getattr(output_stream, "__name__", None)
    if name in ("info", "warning", "warn", "error"):
        return {"info": "log(info)", "error": "log(error)"}.get(name, "log(warning)")
    try:
        return levels[output_stream]
    except (KeyError, TypeError):
        raise ValueError("Unsupported output stream, logging level, or file." + str(output_stream)
                         + ". Supported streams are sys.stdout, sys.stderr, tf.logging.info, "
                         "tf.logging.warning, tf.logging.error. File needs to be in the form of "
                         "'file://<filepath>'.") from None


def _placeholder_for(text):
    placeholder, rng = "{}", random.Random(5)
    while placeholder in text:
        placeholder = placeholder + str(rng.randint(0, 9))
    return placeholder


def print_v2(*inputs, **kwargs):
    """TF `tf.print`: an op printing `inputs` (tensors in TF's v2 text, Python values and nested
    structures as Python prints them) when it runs."""
    output_stream = kwargs.pop("output_stream", sys.stderr)
    name = kwargs.pop("name", None)
    summarize = kwargs.pop("summarize", 3)
    sep = kwargs.pop("sep", " ")
    end = kwargs.pop("end", os.linesep)
    if kwargs:
        raise ValueError("Unrecognized keyword arguments for tf.print: %s" % kwargs)
    stream = _stream_name(output_stream)
    if len(inputs) == 1 and isinstance(inputs[0], Tensor) and inputs[0].shape.ndims == 0 \
            and inputs[0].dtype.base_dtype == dtypes.string:
        formatted = inputs[0]
    else:
        formatted = _format_inputs(inputs, sep, summarize, name)
    with name_scope(name, "PrintV2", [formatted]) as scope:
        return get_default_graph()._create_op(
            "PrintV2", [formatted], {"output_stream": stream, "end": end}, scope)


def _format_inputs(inputs, sep, summarize, name):
    def ordered(x):
        if isinstance(x, collections.OrderedDict):
            return collections.OrderedDict(sorted(x.items()))
        return x

    def is_tensor(x):
        return isinstance(x, Tensor) or hasattr(x, "_as_graph_element")

    free = nest.map_structure(lambda x: "" if is_tensor(x) else x, [ordered(x) for x in inputs])
    placeholder = _placeholder_for(" ".join(pprint.pformat(x) for x in free))
    templates, tensors = [], []
    for item in inputs:
        holders = []
        for x in nest.flatten(item):
            if is_tensor(x):
                tensors.append(convert_to_tensor(x))
                holders.append(placeholder)
            else:
                holders.append(x)
        if isinstance(item, str):
            templates.append(item)
        else:
            templates.append(pprint.pformat(nest.pack_sequence_as(item, holders)))
    template = sep.join(templates).replace("'" + placeholder + "'", placeholder)
    return string_format(template, tensors, placeholder=placeholder, summarize=summarize,
                         name=None if not name else name + "_format")
