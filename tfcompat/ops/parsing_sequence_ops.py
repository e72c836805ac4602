"""SequenceExample parsing: TF's `ParseSequenceExampleV2` op and TF1's
`tf.io.parse_single_sequence_example` / `tf.io.parse_sequence_example` over it.

Context features are FixedLenFeature (dense) or VarLenFeature (sparse); sequence features are
FixedLenSequenceFeature (dense, [time] + shape, padded over a batch with 0 / b"") or
VarLenFeature (sparse, indexed [time, j]). Keys are sorted, sparse before dense, as TF orders
the op's outputs. RaggedFeature (TF's ragged keys) is not supported: tfcompat has no RaggedTensor.
"""
from __future__ import annotations

import numpy as np
import torch

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework import tensor_shape
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import get_default_graph
from tfcompat.framework.graph import name_scope
from tfcompat.framework.registry import register_op
from tfcompat.framework.sparse_tensor import SparseTensor
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.ops.parsing_ops import FixedLenFeature
from tfcompat.ops.parsing_ops import FixedLenSequenceFeature
from tfcompat.ops.parsing_ops import VarLenFeature

_LISTS = {dtypes.float32: ("float_list", np.float32), dtypes.int64: ("int64_list", np.int64),
          dtypes.string: ("bytes_list", object)}


def _fail(message):
    return errors.InvalidArgumentError(None, None, message)


def _array(values, dtype, shape=None):
    kind = _LISTS[dtype][1]
    if kind is object:
        out = np.empty(len(values), dtype=object)
        out[:] = [bytes(v) for v in values]
    else:
        out = np.asarray(list(values), dtype=kind)
    return out if shape is None else out.reshape(shape)


def _feature_values(feature, dtype, what):
    which = feature.WhichOneof("kind")
    attr = _LISTS[dtype][0]
    if which is None:
        return []
    if which != attr:
        raise _fail("Name: <unknown>, %s: Data types don't match. Expected type: %s"
                    % (what, dtype.name))
    return list(getattr(feature, attr).value)


def _out(value, dtype):
    if dtype == dtypes.string:
        return np.asarray(value, dtype=object)
    return torch.from_numpy(np.array(value, order="C"))


def _sparse(rows, dtype, batched):
    """rows: per example, a list of per-position value lists (context: one position)."""
    indices, values = [], []
    widths = [len(r) for r in rows]
    inner = max((len(v) for r in rows for v in r), default=0)
    for b, row in enumerate(rows):
        for t, vals in enumerate(row):
            for j, v in enumerate(vals):
                indices.append(([b] if batched else []) + [t, j])
                values.append(v)
    return indices, values, widths, inner


class _Parsed:
    """The op's attrs, unpacked."""

    def __init__(self, attrs, keys):
        self.ctx_sparse = list(zip(keys[0], attrs["context_sparse_types"]))
        self.ctx_dense = list(zip(keys[1], attrs["Tcontext_dense"],
                                  attrs["context_dense_shapes"]))
        self.fl_sparse = list(zip(keys[2], attrs["feature_list_sparse_types"]))
        self.fl_dense = list(zip(keys[3], attrs["feature_list_dense_types"],
                                 attrs["feature_list_dense_shapes"]))


def _strings(value) -> list:
    return [bytes(s) for s in np.asarray(value, dtype=object).reshape(-1).tolist()]


def _infer(op, serialized, *rest, **attrs):
    batch = [] if serialized.shape.ndims == 0 else [serialized.shape.as_list()[0]]
    b = len(batch)
    out = [(dtypes.int64, TensorShape([None, 1 + b]))] * attrs["Ncontext_sparse"]
    out += [(t, TensorShape([None])) for t in attrs["context_sparse_types"]]
    out += [(dtypes.int64, TensorShape([1 + b]))] * attrs["Ncontext_sparse"]
    out += [(t, TensorShape(batch).concatenate(s)) for t, s in
            zip(attrs["Tcontext_dense"], attrs["context_dense_shapes"])]
    out += [(dtypes.int64, TensorShape([None, 2 + b]))] * attrs["Nfeature_list_sparse"]
    out += [(t, TensorShape([None])) for t in attrs["feature_list_sparse_types"]]
    out += [(dtypes.int64, TensorShape([2 + b]))] * attrs["Nfeature_list_sparse"]
    out += [(t, TensorShape(batch + [None]).concatenate(s)) for t, s in
            zip(attrs["feature_list_dense_types"], attrs["feature_list_dense_shapes"])]
    out += [(dtypes.int64, TensorShape(batch))] * attrs["Nfeature_list_dense"]
    return out


_ATTRS = {"Ncontext_sparse": 0, "Tcontext_dense": (), "context_sparse_types": (),
          "context_ragged_value_types": (), "context_ragged_split_types": (),
          "context_dense_shapes": (), "Nfeature_list_sparse": 0, "Nfeature_list_dense": 0,
          "feature_list_dense_types": (), "feature_list_sparse_types": (),
          "feature_list_ragged_value_types": (), "feature_list_ragged_split_types": (),
          "feature_list_dense_shapes": ()}


@register_op("ParseSequenceExampleV2",
             inputs=("serialized: string", "debug_name: string", "context_sparse_keys: string",
                     "context_dense_keys: string", "context_ragged_keys: string",
                     "feature_list_sparse_keys: string", "feature_list_dense_keys: string",
                     "feature_list_ragged_keys: string",
                     "feature_list_dense_missing_assumed_empty: bool",
                     "context_dense_defaults: Tcontext_dense"),
             infer=_infer, attrs=_ATTRS, host_only=True, differentiable=False)
def _lower_parse_sequence_example(ctx, serialized, debug_name, ctx_sparse_keys, ctx_dense_keys,
                                  ctx_ragged_keys, fl_sparse_keys, fl_dense_keys,
                                  fl_ragged_keys, missing_ok, *defaults, **attrs):
    from tfcompat.io.proto.example_pb2 import SequenceExample  # lazy: protobuf on use
    batched = np.asarray(serialized, dtype=object).ndim == 1
    spec = _Parsed(attrs, [_strings(k) for k in (ctx_sparse_keys, ctx_dense_keys,
                                                 fl_sparse_keys, fl_dense_keys)])
    allowed = set(k for k, ok in zip(_strings(fl_dense_keys),
                                     missing_ok.reshape(-1).tolist()) if ok)
    examples = []
    for record in _strings(serialized):
        try:
            examples.append(SequenceExample.FromString(record))
        except Exception as exc:  # noqa: BLE001 - protobuf's DecodeError
            raise errors.op_error(errors.InvalidArgumentError, ctx.op, "Could not parse "
                                  "example input, value: '%s'" % record) from exc
    try:
        outputs = _parse(examples, spec, defaults, allowed, batched)
    except errors.InvalidArgumentError as exc:
        raise errors.op_error(errors.InvalidArgumentError, ctx.op, exc.message) from None
    return tuple(outputs)


def _parse(examples, spec, defaults, allowed, batched):
    sp_i, sp_v, sp_s, dense = [], [], [], []
    for key, dtype in spec.ctx_sparse:
        name = key.decode()
        rows = [[_feature_values(ex.context.feature[name], dtype, "Feature: " + name)
                 if name in ex.context.feature else []] for ex in examples]
        indices, values, widths, inner = _sparse(rows, dtype, batched)
        sp_i.append([i[:1] + i[2:] if batched else i[1:] for i in indices])
        sp_v.append(_array(values, dtype))
        sp_s.append(([len(examples)] if batched else []) + [inner])
    for (key, dtype, shape), default in zip(spec.ctx_dense, defaults):
        dense.append(_context_dense(examples, key, dtype, shape, default, batched))
    outs = [_out(np.array(i, np.int64).reshape(-1, 1 + batched), dtypes.int64) for i in sp_i]
    outs += [_out(v, t) for v, (_, t) in zip(sp_v, spec.ctx_sparse)]
    outs += [_out(np.array(s, np.int64), dtypes.int64) for s in sp_s]
    outs += [_out(d, t) for d, (_, t, _) in zip(dense, spec.ctx_dense)]
    outs += _feature_lists(examples, spec, allowed, batched)
    return outs


def _context_dense(examples, key, dtype, shape, default, batched):
    dims = tensor_shape.as_shape(shape).as_list()
    size = int(np.prod(dims, dtype=np.int64))
    rows = []
    for ex in examples:
        name = key.decode()
        values = _feature_values(ex.context.feature[name], dtype, "Feature: " + name) \
            if name in ex.context.feature else None
        if values is None:
            if default is None or np.asarray(default).size == 0:
                raise _fail("Name: <unknown>, Feature: %s (data type: %s) is required but could "
                            "not be found." % (name, dtype.name))
            values = np.asarray(default).reshape(-1).tolist()
        if len(values) != size:
            raise _fail("Name: <unknown>, Key: %s, Index: 0.  Number of values != expected.  "
                        "values size: %d but output shape: [%s]"
                        % (name, len(values), ",".join(map(str, dims))))
        rows.append(_array(values, dtype, dims))
    return np.stack(rows) if batched else rows[0]


def _feature_lists(examples, spec, allowed, batched):
    sp_i, sp_v, sp_s = [], [], []
    for key, dtype in spec.fl_sparse:
        name = key.decode()
        rows = [[_feature_values(f, dtype, "Feature list: " + name)
                 for f in ex.feature_lists.feature_list[name].feature]
                if name in ex.feature_lists.feature_list else [] for ex in examples]
        indices, values, widths, inner = _sparse(rows, dtype, True)
        sp_i.append(indices if batched else [i[1:] for i in indices])
        sp_v.append(_array(values, dtype))
        sp_s.append(([len(examples)] if batched else []) + [max(widths, default=0), inner])
    dense, lengths = [], []
    for key, dtype, shape in spec.fl_dense:
        value, length = _sequence_dense(examples, key.decode(), dtype, shape, key in allowed,
                                        batched)
        dense.append(value)
        lengths.append(length)
    outs = [_out(np.array(i, np.int64).reshape(-1, 2 + batched), dtypes.int64) for i in sp_i]
    outs += [_out(v, t) for v, (_, t) in zip(sp_v, spec.fl_sparse)]
    outs += [_out(np.array(s, np.int64), dtypes.int64) for s in sp_s]
    outs += [_out(d, t) for d, (_, t, _) in zip(dense, spec.fl_dense)]
    outs += [_out(np.array(n, np.int64), dtypes.int64) for n in lengths]
    return outs


def _sequence_dense(examples, name, dtype, shape, missing_ok, batched):
    dims = tensor_shape.as_shape(shape).as_list()
    size = int(np.prod(dims, dtype=np.int64))
    steps = []
    for ex in examples:
        if name not in ex.feature_lists.feature_list:
            if not missing_ok:
                raise _fail("Name: <unknown>, Feature list '%s' is required but could not be "
                            "found.  Did you mean to include it in "
                            "feature_list_dense_missing_assumed_empty or "
                            "feature_list_dense_defaults?" % name)
            steps.append([])
            continue
        rows = []
        for f in ex.feature_lists.feature_list[name].feature:
            values = _feature_values(f, dtype, "Feature list: " + name)
            if len(values) != size:
                raise _fail("Name: <unknown>, Key: %s, Index: 0.  Feature list '%s' has an "
                            "unexpected number of values.  Total values size: %d is not "
                            "consistent with output shape: [?,%s]"
                            % (name, name, len(values), ",".join(map(str, dims))))
            rows.append(values)
        steps.append(rows)
    longest = max((len(s) for s in steps), default=0)
    fill = b"" if dtype == dtypes.string else 0
    out = np.empty([len(examples), longest] + dims, dtype=_LISTS[dtype][1])
    out[...] = fill
    for b, rows in enumerate(steps):
        for t, values in enumerate(rows):
            out[b, t] = _array(values, dtype, dims)
    lengths = [len(s) for s in steps]
    if batched:
        return out, lengths
    return out[0], lengths[0]


# -- the public functions --------------------------------------------------------------------------

def _split(features, allowed_dense, kind):
    sparse, dense = [], []
    for key in sorted(features or {}):
        f = features[key]
        if isinstance(f, VarLenFeature):
            sparse.append((key, f))
        elif isinstance(f, allowed_dense):
            dense.append((key, f))
        else:
            raise ValueError("Unsupported %s feature type for key %r: %s (tfcompat supports "
                             "VarLenFeature and %s)." % (kind, key, type(f).__name__,
                                                          allowed_dense.__name__))
    return sparse, dense


def _default(key, f):
    dtype = dtypes.as_dtype(f.dtype)
    np_type = object if dtype == dtypes.string else dtype.as_numpy_dtype
    if f.default_value is None:
        return convert_to_tensor(np.zeros([0], np_type), dtype=dtype)
    shape = tensor_shape.as_shape(f.shape).as_list()
    value = np.broadcast_to(np.asarray(f.default_value, dtype=np_type).reshape(
        shape if np.size(f.default_value) == int(np.prod(shape)) else -1), shape)
    return convert_to_tensor(value.copy(), dtype=dtype, name="key_%s" % key)


def _parse_sequence(serialized, context_features, sequence_features, name, scope):
    ctx_sparse, ctx_dense = _split(context_features, FixedLenFeature, "context")
    fl_sparse, fl_dense = _split(sequence_features, FixedLenSequenceFeature, "sequence")
    with name_scope(name, scope, [serialized]) as outer:
        with name_scope("ParseSequenceExample") as inner:
            serialized = convert_to_tensor(serialized, dtypes.string, name="serialized")
            defaults = [_default(k, f) for k, f in ctx_dense]
            keys = [convert_to_tensor(np.array([k for k, _ in group], dtype=object).reshape(-1),
                                      dtypes.string, name=arg)
                    for group, arg in ((ctx_sparse, "context_sparse_keys"),
                                       (ctx_dense, "context_dense_keys"),
                                       ([], "context_ragged_keys"),
                                       (fl_sparse, "feature_list_sparse_keys"),
                                       (fl_dense, "feature_list_dense_keys"),
                                       ([], "feature_list_ragged_keys"))]
            missing = convert_to_tensor(np.array([bool(f.allow_missing) for _, f in fl_dense],
                                                 dtype=bool).reshape(-1), dtypes.bool,
                                        name="feature_list_dense_missing_assumed_empty")
            attrs = dict(_ATTRS)
            attrs.update(
                Ncontext_sparse=len(ctx_sparse),
                Tcontext_dense=[dtypes.as_dtype(f.dtype) for _, f in ctx_dense],
                context_sparse_types=[dtypes.as_dtype(f.dtype) for _, f in ctx_sparse],
                context_dense_shapes=[tensor_shape.as_shape(f.shape) for _, f in ctx_dense],
                Nfeature_list_sparse=len(fl_sparse), Nfeature_list_dense=len(fl_dense),
                feature_list_dense_types=[dtypes.as_dtype(f.dtype) for _, f in fl_dense],
                feature_list_sparse_types=[dtypes.as_dtype(f.dtype) for _, f in fl_sparse],
                feature_list_dense_shapes=[tensor_shape.as_shape(f.shape) for _, f in fl_dense])
            debug = convert_to_tensor(b"", dtypes.string, name="debug_name")
            op = get_default_graph()._create_op(
                "ParseSequenceExampleV2", [serialized, debug, keys[0], keys[1], keys[2],
                                           keys[3], keys[4], keys[5], missing] + defaults,
                attrs, inner + "ParseSequenceExampleV2/")
    del outer
    return _results(op.outputs, ctx_sparse, ctx_dense, fl_sparse, fl_dense)


def _results(outs, ctx_sparse, ctx_dense, fl_sparse, fl_dense):
    outs, pos = list(outs), 0

    def take(n):
        nonlocal pos
        pos += n
        return outs[pos - n:pos]

    def sparse_group(group):
        ind, val, shp = take(len(group)), take(len(group)), take(len(group))
        return {k: SparseTensor(i, v, s) for (k, _), i, v, s in zip(group, ind, val, shp)}

    context = sparse_group(ctx_sparse)
    context.update({k: t for (k, _), t in zip(ctx_dense, take(len(ctx_dense)))})
    sequence = sparse_group(fl_sparse)
    sequence.update({k: t for (k, _), t in zip(fl_dense, take(len(fl_dense)))})
    lengths = {k: t for (k, _), t in zip(fl_dense, take(len(fl_dense)))}
    return context, sequence, lengths


def parse_single_sequence_example(serialized, context_features=None, sequence_features=None,
                                  example_name=None, name=None):
    """TF1 `tf.io.parse_single_sequence_example`: one serialized SequenceExample ->
    (context dict, sequence dict) of Tensors and SparseTensors."""
    context, sequence, _ = _parse_sequence(serialized, context_features, sequence_features,
                                           name, "ParseSingleSequenceExample")
    return context, sequence


def parse_sequence_example(serialized, context_features=None, sequence_features=None,
                           example_names=None, name=None):
    """TF1 `tf.io.parse_sequence_example`: a batch of serialized SequenceExamples ->
    (context dict, sequence dict, lengths of the dense sequence features)."""
    return _parse_sequence(serialized, context_features, sequence_features, name,
                           "ParseSequenceExample")
