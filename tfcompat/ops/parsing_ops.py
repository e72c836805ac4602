"""Parsing ops: `tf.parse_example` / `tf.parse_single_example` over serialized `tf.train.Example`
protos (`FixedLenFeature`, `FixedLenSequenceFeature`, `VarLenFeature` -> SparseTensor),
`tf.decode_raw` and `tf.decode_csv`. All run on the host over numpy object arrays of bytes.
"""
from __future__ import annotations

import collections

import numpy as np
import torch

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework import tensor_shape
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import get_default_graph
from tfcompat.framework.graph import name_scope
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.framework.sparse_tensor import SparseTensor
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.ops.parsing_sparse_feature import expand_sparse_features
from tfcompat.ops.parsing_sparse_feature import merge_sparse_features

FixedLenFeature = collections.namedtuple("FixedLenFeature", ["shape", "dtype", "default_value"])
FixedLenFeature.__new__.__defaults__ = (None,)
FixedLenSequenceFeature = collections.namedtuple(
    "FixedLenSequenceFeature", ["shape", "dtype", "allow_missing", "default_value"])
FixedLenSequenceFeature.__new__.__defaults__ = (False, None)
VarLenFeature = collections.namedtuple("VarLenFeature", ["dtype"])

_KINDS = {"float": ("float_list", np.float32), "int64": ("int64_list", np.int64),
          "string": ("bytes_list", object)}
_KIND_NAMES = {"float_list": "float", "int64_list": "int64", "bytes_list": "string"}


def _kind(dtype) -> str:
    name = {"float32": "float", "int64": "int64", "string": "string"}.get(dtype.name)
    if name is None:
        raise ValueError("Unsupported dtype %s in a parse_example feature; use tf.float32, "
                         "tf.int64 or tf.string." % dtype.name)
    return name


# -- the parser: values are gathered into Python lists per batch, converted once -----------
# Errors are TF 1.15's (example_proto_fast_parsing.cc): ParseExample's name the example
# ("Name: <unknown>, Key: k, Index: i.  "), ParseSingleExample's only the key ("Key: k.  ").

_TYPE_STR = {"float": "float", "int64": "int64", "string": "bytes"}  # TF's shape-error words


class _Errors:
    def __init__(self, single):
        self.single = single

    def example(self, key, index, text):
        prefix = "Key: %s.  " % key if self.single else \
            "Name: <unknown>, Key: %s, Index: %d.  " % (key, index)
        return errors.InvalidArgumentError(None, None, prefix + text)

    def dense_type(self, key, index, which, kind):
        return self.example(key, index, "Data types don't match. Data type: %s but expected "
                            "type: %s" % (_KIND_NAMES[which], kind))

    def sparse_type(self, key, index, which, kind):
        return self.example(key, index, "Data types don't match. Expected type: %s, Actual "
                            "type: %s" % (kind, _KIND_NAMES[which]))

    def count(self, key, index, kind, got, shape):
        if self.single:
            return self.example(key, index, "Can't parse serialized Example.")
        return self.example(key, index, "Number of %s values != expected.  Values size: %d but "
                            "output shape: %s" % (_TYPE_STR[kind], got, _debug_shape(shape)))

    def stride(self, key, index, kind, got, shape):
        if self.single:
            return self.example(key, index, "Can't parse serialized Example.")
        return self.example(key, index, "Number of %s values is not a multiple of stride "
                            "length. Saw %d values but output shape is: %s"
                            % (_TYPE_STR[kind], got, _debug_shape([None] + list(shape))))

    def required(self, key, kind):
        name = "" if self.single else "Name: <unknown>, "
        return errors.InvalidArgumentError(
            None, None, "%sFeature: %s (data type: %s) is required but could not be found."
            % (name, key, kind))


def _debug_shape(shape):
    return "[%s]" % ",".join("?" if d is None else str(d) for d in shape)


def _values(feature, attr):
    """The feature's kind ("float_list" ...; None when unset) and its values for `attr`."""
    which = feature.WhichOneof("kind")
    return which, (getattr(feature, attr).value if which == attr else ())


def _to_array(values, kind):
    if kind == "string":
        out = np.empty(len(values), dtype=object)
        out[:] = list(values)
        return out
    return np.asarray(values, dtype=_KINDS[kind][1])


class _Spec:
    """Parse settings for one call: dense/sparse keys, kinds, shapes and defaults."""

    def __init__(self, dense_keys, dense_kinds, dense_shapes, dense_defaults, sparse_keys,
                 sparse_kinds, variable_dense=()):
        self.dense = [(k, kind, _KINDS[kind][0], list(shape), default,
                       int(np.prod(shape)) if len(shape) else 1, k in set(variable_dense))
                      for k, kind, shape, default in zip(dense_keys, dense_kinds, dense_shapes,
                                                         dense_defaults)]
        self.sparse = [(k, kind, _KINDS[kind][0]) for k, kind in zip(sparse_keys, sparse_kinds)]


def parse_records(records, spec, single=False):
    """(sparse [(indices, values, shape)], dense [array]) for a batch of serialized Examples."""
    err = _Errors(single)
    dense_vals = [[] for _ in spec.dense]
    dense_lens = [[] for _ in spec.dense]
    sparse_vals = [[] for _ in spec.sparse]
    sparse_lens = [[] for _ in spec.sparse]
    from tfcompat.io.proto.example_pb2 import Example  # lazy: protobuf loads on first use
    from_string = Example.FromString
    for b, record in enumerate(records):
        try:
            features = from_string(record).features.feature
        except Exception as e:  # noqa: BLE001 - protobuf's DecodeError
            raise errors.InvalidArgumentError(
                None, None, "Could not parse example input, value: '%s'"
                % record.decode("utf-8", "backslashreplace")) from e
        for j, (key, kind, attr, shape, default, size, variable) in enumerate(spec.dense):
            values = _dense_values(features.get(key), key, kind, attr, shape, default, size,
                                   variable, b, err)
            dense_lens[j].append(len(values) // max(size, 1))
            dense_vals[j].extend(values)
        for j, (key, kind, attr) in enumerate(spec.sparse):
            feature = features.get(key)
            which, values = (None, ()) if feature is None else _values(feature, attr)
            if which is not None and which != attr:
                raise err.sparse_type(key, b, which, kind)
            sparse_vals[j].extend(values)
            sparse_lens[j].append(len(values))
    n = len(records)
    dense = [_dense_array(vals, lens, kind, shape, default, variable, n)
             for vals, lens, (key, kind, attr, shape, default, size, variable)
             in zip(dense_vals, dense_lens, spec.dense)]
    sparse = [_sparse_batch(vals, lens, kind) for vals, lens, (_, kind, _) in
              zip(sparse_vals, sparse_lens, spec.sparse)]
    return sparse, dense


def _dense_values(feature, key, kind, attr, shape, default, size, variable, index, err):
    """One example's values of a dense feature: its own, checked, or the default. A feature
    with no kind set counts as missing; one of the right kind with no values does not."""
    which, values = (None, ()) if feature is None else _values(feature, attr)
    if which is not None and which != attr:
        raise err.dense_type(key, index, which, kind)
    if variable:
        if size == 0 or len(values) % size:
            raise err.stride(key, index, kind, len(values), shape)
        return values
    if which is None:
        if default is None:
            raise err.required(key, kind)
        return default.reshape(-1).tolist()
    if len(values) != size:
        raise err.count(key, index, kind, len(values), shape)
    return values


def _dense_array(values, lengths, kind, shape, default, variable, n):
    flat = _to_array(values, kind)
    if not variable:
        return flat.reshape([n] + shape)
    longest = max(lengths, default=0)
    fill = default if default is not None else (b"" if kind == "string" else 0)
    out = np.empty([n, longest] + shape, dtype=_KINDS[kind][1])
    out[...] = fill
    rows = flat.reshape([-1] + shape)
    start = 0
    for b, length in enumerate(lengths):
        out[b, :length] = rows[start:start + length]
        start += length
    return out


def _sparse_batch(values, lengths, kind):
    total = len(values)
    indices = np.zeros((total, 2), dtype=np.int64)
    indices[:, 0] = np.repeat(np.arange(len(lengths)), lengths)
    if total:
        starts = np.repeat(np.cumsum([0] + lengths[:-1]), lengths)
        indices[:, 1] = np.arange(total) - starts
    shape = np.array([len(lengths), max(lengths, default=0)], dtype=np.int64)
    return indices, _to_array(values, kind), shape


def _value(array):
    if array.dtype == object:
        return array
    return torch.from_numpy(np.array(array, order="C"))


def _records_of(serialized):
    return [bytes(s) for s in np.asarray(serialized, dtype=object).reshape(-1)]


# -- ops --------------------------------------------------------------------------------------

# TF's OpDefs: ParseExample takes its keys as string inputs, ParseSingleExample as attrs; a
# FixedLenSequenceFeature is a dense shape whose first dimension is unknown (-1).
_PARSE_ATTRS = {"Nsparse": 0, "Ndense": 0, "sparse_types": (), "Tdense": (), "dense_shapes": ()}
_PARSE_SINGLE_ATTRS = {"num_sparse": 0, "sparse_keys": (), "dense_keys": (), "sparse_types": (),
                       "Tdense": (), "dense_shapes": ()}


def _outputs_infer(batch, sparse_types, Tdense, dense_shapes, dense_batch=None):
    rank = len(batch) + 1
    out = [(dtypes.int64, TensorShape([None, rank])) for _ in sparse_types]
    out += [(t, TensorShape([None])) for t in sparse_types]
    out += [(dtypes.int64, TensorShape([rank])) for _ in sparse_types]
    dense_batch = TensorShape(batch) if dense_batch is None else dense_batch
    out += [(t, dense_batch.concatenate(tensor_shape.as_shape(shape)))
            for t, shape in zip(Tdense, dense_shapes)]
    return out


def _parse_example_infer(op, serialized, *inputs, Nsparse, Ndense, sparse_types, Tdense,
                         dense_shapes):
    batch = [serialized.shape[0].value if serialized.shape.ndims else None]
    # TF's shape function: a dense output is unknown when the serialized rank is unknown
    unknown = serialized.shape.ndims is None
    return _outputs_infer(batch, sparse_types, Tdense, dense_shapes,
                          TensorShape(None) if unknown else None)


def _parse_single_infer(op, serialized, *dense_defaults, sparse_types, Tdense, dense_shapes,
                        **unused):
    return _outputs_infer([], sparse_types, Tdense, dense_shapes)


def _keys(values):
    return [_numpy(v).reshape(-1)[0].decode() for v in values]


def _lower_parse_example(ctx, serialized, names, *inputs, Nsparse, Ndense, sparse_types, Tdense,
                         dense_shapes):
    sparse_keys = _keys(inputs[:Nsparse])
    dense_keys = _keys(inputs[Nsparse:Nsparse + Ndense])
    return _parse_records_op(ctx, serialized, inputs[Nsparse + Ndense:], sparse_keys,
                             sparse_types, dense_keys, Tdense, dense_shapes, False)


def _lower_parse_single(ctx, serialized, *dense_defaults, sparse_keys, dense_keys, sparse_types,
                        Tdense, dense_shapes, **unused):
    return _parse_records_op(ctx, serialized, dense_defaults, list(sparse_keys), sparse_types,
                             list(dense_keys), Tdense, dense_shapes, True)


def _parse_records_op(ctx, serialized, dense_defaults, sparse_keys, sparse_types, dense_keys,
                      Tdense, dense_shapes, single):
    shapes = [tensor_shape.as_shape(s).as_list() for s in dense_shapes]
    variable = [k for k, shape in zip(dense_keys, shapes) if shape and shape[0] is None]
    shapes = [shape[1:] if k in variable else shape for k, shape in zip(dense_keys, shapes)]
    defaults = [_default_value(_numpy(d), k in variable, shape)
                for d, k, shape in zip(dense_defaults, dense_keys, shapes)]
    spec = _Spec(dense_keys, [_kind(t) for t in Tdense], shapes, defaults, sparse_keys,
                 [_kind(t) for t in sparse_types], variable)
    try:
        sparse, dense = parse_records(_records_of(serialized), spec, single)
    except errors.OpError as e:
        raise errors.op_error(type(e), ctx.op, e.message) from e
    if single:
        sparse = [(i[:, 1:], v, s[1:]) for i, v, s in sparse]
        dense = [d[0, ...] for d in dense]  # an array even for a scalar string feature
    outs = [_value(s[0]) for s in sparse] + [_value(s[1]) for s in sparse]
    outs += [_value(s[2]) for s in sparse] + [_value(d) for d in dense]
    return outs[0] if len(outs) == 1 else tuple(outs)


def parse_dense_chunk(ctx, serialized, dense_defaults, dense_keys, Tdense, dense_shapes):
    """ParseSingleExample's dense outputs for a vector of records, as ParseExample gives them
    (a leading batch dimension): a tf.data function run on a chunk of elements
    (data/_vectorize.py)."""
    return _parse_records_op(ctx, serialized, dense_defaults, [], (), dense_keys, Tdense,
                             dense_shapes, False)


def _numpy(value):
    return value if isinstance(value, np.ndarray) else value.cpu().numpy()


def _default_value(array, variable, shape):
    """The default of a dense feature: None when it is required (an empty default)."""
    if array.size == 0:
        return None
    return array.reshape(-1)[0] if variable else array.reshape(shape)


register_op("ParseExample", inputs=("serialized: string", "names: string",
                                    "sparse_keys: Nsparse*string", "dense_keys: Ndense*string",
                                    "dense_defaults: N*Tdense"),
            infer=_parse_example_infer, attrs=_PARSE_ATTRS, host_only=True,
            differentiable=False)(_lower_parse_example)
register_op("ParseSingleExample", inputs=("serialized: string", "dense_defaults: N*Tdense"),
            infer=_parse_single_infer, attrs=_PARSE_SINGLE_ATTRS, host_only=True,
            differentiable=False)(_lower_parse_single)


def _features_args(features):
    if not isinstance(features, dict) or not features:
        raise ValueError("Missing: features was %s." % features)
    sparse_keys, sparse_types, dense = [], [], []
    for key in sorted(features):
        f = features[key]
        if isinstance(f, VarLenFeature):
            sparse_keys.append(key)
            sparse_types.append(dtypes.as_dtype(f.dtype))
        elif isinstance(f, (FixedLenFeature, FixedLenSequenceFeature)):
            _check_dense_feature(key, f)
            dense.append((key, f))
        else:
            raise ValueError("Unsupported feature type for key %r: %s (tfcompat supports "
                             "FixedLenFeature, FixedLenSequenceFeature and VarLenFeature)."
                             % (key, type(f).__name__))
    return sparse_keys, sparse_types, dense


def _check_dense_feature(key, f):
    """TF 1.15's checks of a FixedLen(Sequence)Feature, with its messages."""
    if not f.dtype:
        raise ValueError("Missing type for feature %s." % key)
    if f.shape is None:
        raise ValueError("Missing shape for feature %s." % key)
    if isinstance(f, FixedLenSequenceFeature):
        return
    shape = tensor_shape.as_shape(f.shape)
    if f.shape and shape.ndims and shape.dims[0].value is None:
        raise ValueError("First dimension of shape for feature %s unknown. Consider using "
                         "FixedLenSequenceFeature." % key)
    if not shape.is_fully_defined():
        raise ValueError("All dimensions of shape for feature %s need to be known but received "
                         "%s." % (key, str(f.shape)))


def _dense_default(key, f):
    dtype = dtypes.as_dtype(f.dtype)
    if isinstance(f, FixedLenSequenceFeature):
        if not f.allow_missing:
            raise ValueError("Unsupported: FixedLenSequenceFeature requires allow_missing to be "
                             "True.")
        if f.default_value is None:  # TF pads with 0 / b""
            return convert_to_tensor(b"" if dtype == dtypes.string else 0, dtype=dtype)
        value = np.asarray(f.default_value, dtype=_np_type(dtype))
        if value.size != 1:
            raise ValueError("Cannot reshape a tensor with %d elements to shape [] (0 elements) "
                             "for the padding value of feature %s" % (value.size, key))
        return convert_to_tensor(value.reshape(()), dtype=dtype, name="padding_" + key)
    if f.default_value is None:
        return convert_to_tensor(np.zeros([0], _np_type(dtype)), dtype=dtype)
    shape = tensor_shape.as_shape(f.shape).as_list()
    value = np.asarray(f.default_value, dtype=_np_type(dtype))
    if value.size == int(np.prod(shape)):
        value = value.reshape(shape)
    return convert_to_tensor(np.broadcast_to(value, shape).copy(), dtype=dtype,
                             name="key_%s" % key)


def _np_type(dtype):
    return object if dtype == dtypes.string else dtype.as_numpy_dtype


def _dense_shape(f):
    shape = tensor_shape.as_shape(f.shape)
    if isinstance(f, FixedLenSequenceFeature):  # TF's _prepend_none_dimension
        return TensorShape([None]).concatenate(shape)
    return shape


# Feature kinds parsed through VarLenFeatures and assembled afterwards, registered by the
# module defining them (tf.io.RaggedFeature: tfcompat/ragged/ragged_feature.py, which builds on
# this package): (expand(features, VarLenFeature), merge(parsed, requested, batch_shape)).
COMPOSITE_FEATURES: list = []


def _parse(op_type, serialized, features, name, scope_name):
    requested = features
    for expand, _ in COMPOSITE_FEATURES:
        features = expand(features, VarLenFeature)
    expanded = features
    features = expand_sparse_features(features, VarLenFeature)
    sparse_keys, sparse_types, dense = _features_args(features)
    dense_keys = [k for k, _ in dense]
    with name_scope(name, scope_name, [serialized]) as scope:
        op_name = scope + (name or op_type) + "/"  # TF passes `name` on to the op
        serialized = convert_to_tensor(serialized, dtype=dtypes.string, name="serialized")
        defaults = [_dense_default(k, f) for k, f in dense]
        attrs = {"sparse_types": sparse_types,
                 "Tdense": [dtypes.as_dtype(f.dtype).base_dtype for _, f in dense],
                 "dense_shapes": [_dense_shape(f) for _, f in dense]}
        if op_type == "ParseExample":
            with name_scope(op_name):  # where TF's op_def_library converts them
                keys = [convert_to_tensor(n, dtype=dtypes.string, name=arg)
                        for n, arg in [(np.zeros([0], object), "names")]
                        + [(k, "sparse_keys_%d" % i) for i, k in enumerate(sparse_keys)]
                        + [(k, "dense_keys_%d" % i) for i, k in enumerate(dense_keys)]]
            inputs = [serialized] + keys + defaults
            attrs.update(Nsparse=len(sparse_keys), Ndense=len(dense))
        else:
            inputs = [serialized] + defaults
            attrs.update(num_sparse=len(sparse_keys), sparse_keys=sparse_keys,
                         dense_keys=dense_keys)
        op = get_default_graph()._create_op(op_type, inputs, attrs, op_name)
    outs, ns = op.outputs, len(sparse_keys)
    result = {}
    for i, key in enumerate(sparse_keys):
        st = SparseTensor.__new__(SparseTensor)
        st._indices, st._values, st._dense_shape = outs[i], outs[ns + i], outs[2 * ns + i]
        result[key] = st
    for i, (key, _) in enumerate(dense):
        result[key] = outs[3 * ns + i]
    result = merge_sparse_features(result, expanded)
    for _, merge in COMPOSITE_FEATURES:
        result = merge(result, requested, serialized.shape if op_type == "ParseExample"
                       else None)
    return result


def parse_example(serialized, features, name=None, example_names=None):
    """TF1 `tf.parse_example`: a batch of serialized Examples -> dict of (Sparse)Tensors."""
    return _parse("ParseExample", serialized, features, name, "ParseExample")


def parse_single_example(serialized, features, name=None, example_names=None):
    """TF1 `tf.parse_single_example`: one serialized Example -> dict of (Sparse)Tensors."""
    return _parse("ParseSingleExample", serialized, features, name, "ParseSingleExample")


# -- DecodeRaw ---------------------------------------------------------------------------------

def _decode_raw_infer(op, bytes_t, *, out_type, little_endian=True):
    shape = bytes_t.shape.concatenate([None]) if bytes_t.shape.ndims is not None else \
        tensor_shape.unknown_shape()
    return [(out_type, shape)]


@register_op("DecodeRaw", inputs=("bytes: string",), infer=_decode_raw_infer,
             attrs={"out_type": None, "little_endian": True}, host_only=True,
             differentiable=False)
def _lower_decode_raw(ctx, data, *, out_type, little_endian=True):
    array = np.asarray(data, dtype=object)
    flat = [bytes(s) for s in array.reshape(-1)]
    np_type = np.dtype(out_type.as_numpy_dtype).newbyteorder("<" if little_endian else ">")
    width = np_type.itemsize
    size = len(flat[0]) if flat else 0
    for i, s in enumerate(flat):
        if len(s) != size:
            raise errors.op_error(errors.InvalidArgumentError, ctx.op, "DecodeRaw requires input "
                                  "strings to all be the same size, but element %d has size %d "
                                  "!= %d" % (i, size, len(s)))
    if size % width:
        raise errors.op_error(errors.InvalidArgumentError, ctx.op, "Input to DecodeRaw has "
                              "length %d that is not a multiple of %d, the size of %s"
                              % (size, width, out_type.name))
    values = np.frombuffer(b"".join(flat), dtype=np_type).astype(out_type.as_numpy_dtype)
    return torch.from_numpy(values.reshape(array.shape + (size // width,)))


def decode_raw(input_bytes=None, out_type=None, little_endian=True, name=None, bytes=None):
    """TF1 `tf.decode_raw`: each string's bytes reinterpreted as a vector of `out_type`."""
    data = input_bytes if input_bytes is not None else bytes
    return apply_op("DecodeRaw", [data], name=name or "DecodeRaw",
                    out_type=dtypes.as_dtype(out_type), little_endian=bool(little_endian))


from tfcompat.ops.parsing_csv import decode_csv  # noqa: E402,F401 - the CSV parser
