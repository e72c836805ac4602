"""Tensors and SparseTensors as serialized TensorProtos, and compressed or JSON records:
SerializeTensor / ParseTensor, SerializeSparse / SerializeManySparse / DeserializeManySparse,
DecodeCompressed and DecodeJSONExample.

A tensor is serialized as TF's `Tensor::AsProtoTensorContent` writes it (numbers in
`tensor_content`, strings in `string_val`), so the bytes equal TF's. The protobuf messages load
on first use (imports inside the lowerings), not with `import tfcompat`.
"""
from __future__ import annotations

import base64
import binascii
import gzip
import json
import struct
import zlib

import numpy as np
import torch

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework import shape_rules
from tfcompat.framework import tensor_shape
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.framework.sparse_tensor import SparseTensor
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.ops._ragged_entry import ragged_entry
from tfcompat.ops.sparse_ops_rearrange import _convert_to_sparse_tensor
from tfcompat._lazy import lazy_module

# protobuf-backed modules load on first use (`import tfcompat` stays light)
tensor_pb2 = lazy_module("tfcompat.io.proto.tensor_pb2")

_tensor_proto = lazy_module("tfcompat.io.tensor_proto")   # protobuf on first use


def _fail(ctx, message):
    return errors.op_error(errors.InvalidArgumentError, ctx.op, message)


def _host(value):
    if isinstance(value, torch.Tensor):
        return value.cpu().numpy()
    return np.asarray(value, dtype=object)


def _tensor_bytes(array: np.ndarray, dtype, strings_as_content=False) -> bytes:
    """TensorProto bytes; strings in `string_val` (SerializeTensor's AsProtoField) or, with
    `strings_as_content`, as varint lengths then the bytes in `tensor_content` (the
    AsProtoTensorContent that SerializeSparse uses)."""
    # protobuf loads on first use (see module doc)
    proto = tensor_pb2.TensorProto(dtype=dtype.as_datatype_enum,
                                   tensor_shape=_tensor_proto.shape_to_proto(list(array.shape)))
    if dtype == dtypes.string:
        items = [bytes(s) if not isinstance(s, str) else s.encode()
                 for s in array.reshape(-1).tolist()]
        if strings_as_content:
            if items:
                proto.tensor_content = b"".join(_varint(len(s)) for s in items) + b"".join(items)
        else:
            proto.string_val.extend(items)
    elif array.size:
        proto.tensor_content = np.ascontiguousarray(
            array.astype(dtype.as_numpy_dtype).astype(
                np.dtype(dtype.as_numpy_dtype).newbyteorder("<"))).tobytes()
    return proto.SerializeToString()


_cc_name = shape_rules.cpp_type_name   # TF's C++ DataTypeString, which its kernel messages use


def _parse_bytes(ctx, data: bytes, out_type):
    proto = tensor_pb2.TensorProto()
    try:
        proto.ParseFromString(data)
        if proto.dtype == dtypes.string.as_datatype_enum and proto.tensor_content:
            array = _strings_from_content(proto)
        else:
            array = _tensor_proto.make_ndarray(proto)
    except Exception as exc:  # noqa: BLE001 - any malformed proto is TF's same error
        raise _fail(ctx, "Could not parse `serialized` as TensorProto: '%s'" % exc) from None
    parsed = dtypes.as_dtype(proto.dtype)
    if parsed != out_type:
        raise _fail(ctx, "Type mismatch between parsed tensor (%s) and dtype (%s)"
                    % (_cc_name(parsed), _cc_name(out_type)))
    return array


def _strings_from_content(proto) -> np.ndarray:
    shape = _tensor_proto.shape_from_proto(proto.tensor_shape)
    data, pos, lengths = proto.tensor_content, 0, []
    for _ in range(int(np.prod(shape, dtype=np.int64))):
        value, shift = 0, 0
        while True:
            byte = data[pos]
            pos += 1
            value |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                break
        lengths.append(value)
    out = np.empty(len(lengths), dtype=object)
    for i, n in enumerate(lengths):
        out[i] = data[pos:pos + n]
        pos += n
    return out.reshape(shape)


def _result(array: np.ndarray, dtype):
    if dtype == dtypes.string:
        return np.asarray(array, dtype=object)
    return torch.from_numpy(np.array(array.astype(dtype.as_numpy_dtype), order="C"))


# -- SerializeTensor, ParseTensor ------------------------------------------------------------------

@register_op("SerializeTensor", inputs=("tensor: T",),
             infer=lambda op, t: [(dtypes.string, TensorShape([]))], host_only=True,
             differentiable=False)
def _lower_serialize_tensor(ctx, tensor):
    out = np.empty((), dtype=object)
    out[()] = _tensor_bytes(_host(tensor), ctx.op.inputs[0].dtype.base_dtype)
    return out


@register_op("ParseTensor", inputs=("serialized: string",),
             infer=lambda op, s, *, out_type: [(out_type, tensor_shape.unknown_shape())],
             attrs={"out_type": None}, host_only=True, differentiable=False)
def _lower_parse_tensor(ctx, serialized, *, out_type):
    array = _host(serialized)
    if array.ndim:
        raise _fail(ctx, "Expected `serialized` to be a scalar, got shape: [%s]"
                    % ",".join(map(str, array.shape)))
    return _result(_parse_bytes(ctx, bytes(array[()]), out_type), out_type)


def serialize_tensor(tensor, name=None):
    """TF1 `tf.serialize_tensor` / `tf.io.serialize_tensor`: a TensorProto as a string."""
    return apply_op("SerializeTensor", [tensor], name=name or "SerializeTensor")


def parse_tensor(serialized, out_type, name=None):
    """TF1 `tf.parse_tensor` / `tf.io.parse_tensor`: a serialized TensorProto -> tensor."""
    return apply_op("ParseTensor", [serialized], name=name or "ParseTensor",
                    out_type=dtypes.as_dtype(out_type))


# -- SparseTensor serialization --------------------------------------------------------------------

_SPARSE_INPUTS = ("sparse_indices: int64", "sparse_values: T", "sparse_shape: int64")


def _sparse_parts(indices, values, shape, value_dtype):
    return [_tensor_bytes(_host(indices), dtypes.int64),
            _tensor_bytes(_host(values), value_dtype, strings_as_content=True),
            _tensor_bytes(_host(shape), dtypes.int64)]


def _check_out_type(out_type):
    if dtypes.as_dtype(out_type) != dtypes.string:
        raise ValueError("tfcompat serializes SparseTensors to strings only (out_type=tf.string);"
                         " got %s" % out_type)


@register_op("SerializeSparse", inputs=_SPARSE_INPUTS,
             infer=lambda op, *a, **k: [(dtypes.string, TensorShape([3]))],
             attrs={"out_type": dtypes.string}, host_only=True, differentiable=False)
def _lower_serialize_sparse(ctx, indices, values, shape, *, out_type=dtypes.string):
    out = np.empty(3, dtype=object)
    out[:] = _sparse_parts(indices, values, shape, ctx.op.inputs[1].dtype.base_dtype)
    return out


@register_op("SerializeManySparse", inputs=_SPARSE_INPUTS,
             infer=lambda op, *a, **k: [(dtypes.string, TensorShape([None, 3]))],
             attrs={"out_type": dtypes.string}, host_only=True, differentiable=False)
def _lower_serialize_many_sparse(ctx, indices, values, shape, *, out_type=dtypes.string):
    indices, values, shape = _host(indices), _host(values), _host(shape)
    if shape.size < 2:
        raise _fail(ctx, "Rank of input SparseTensor should be > 1, but saw rank: %d"
                    % shape.size)
    rows = int(shape[0])
    out = np.empty((rows, 3), dtype=object)
    dtype = ctx.op.inputs[1].dtype.base_dtype
    for i in range(rows):
        keep = indices[:, 0] == i
        out[i] = _sparse_parts(indices[keep][:, 1:].reshape(-1, shape.size - 1), values[keep],
                               shape[1:], dtype)
    return out


def serialize_sparse(sp_input, name=None, out_type=dtypes.string):
    """TF1 `tf.serialize_sparse`: a SparseTensor as 3 serialized TensorProtos."""
    _check_out_type(out_type)
    sp_input = _convert_to_sparse_tensor(sp_input)
    return apply_op("SerializeSparse", [sp_input.indices, sp_input.values,
                                        sp_input.dense_shape],
                    name=name or "SerializeSparse", out_type=dtypes.string)


def serialize_many_sparse(sp_input, name=None, out_type=dtypes.string):
    """TF1 `tf.serialize_many_sparse`: each row (first dimension) of a SparseTensor as 3
    serialized TensorProtos, an [N, 3] string matrix."""
    _check_out_type(out_type)
    sp_input = _convert_to_sparse_tensor(sp_input)
    return apply_op("SerializeManySparse", [sp_input.indices, sp_input.values,
                                            sp_input.dense_shape],
                    name=name or "SerializeManySparse", out_type=dtypes.string)


def _deserialize_infer(op, serialized, *, dtype):
    return [(dtypes.int64, TensorShape([None, None])), (dtype, TensorShape([None])),
            (dtypes.int64, TensorShape([None]))]


@register_op("DeserializeManySparse", inputs=("serialized_sparse: string",),
             infer=_deserialize_infer, attrs={"dtype": None}, host_only=True,
             differentiable=False)
def _lower_deserialize_many_sparse(ctx, serialized, *, dtype):
    rows = _host(serialized)
    if rows.ndim != 2 or rows.shape[1] != 3:
        raise _fail(ctx, "Serialized sparse should be a matrix with 3 columns, got shape [%s]"
                    % ",".join(map(str, rows.shape)))
    all_indices, all_values, shapes = [], [], []
    for i, (ind, val, shp) in enumerate(rows.tolist()):
        ind = _parse_bytes(ctx, bytes(ind), dtypes.int64)
        val = _parse_bytes(ctx, bytes(val), dtype)
        shp = _parse_bytes(ctx, bytes(shp), dtypes.int64)
        if shapes and len(shp) != len(shapes[0]):
            raise _fail(ctx, "Inconsistent shape across SparseTensors: rank prior to "
                        "SparseTensor[%d] was: %d but rank of SparseTensor[%d] is: %d"
                        % (i, len(shapes[0]), i, len(shp)))
        shapes.append(shp)
        all_indices.append(np.concatenate(
            [np.full((ind.shape[0], 1), i, np.int64), ind.reshape(ind.shape[0], len(shp))], axis=1))
        all_values.append(val)
    rank = len(shapes[0]) if shapes else 0
    out_shape = np.array([len(shapes)] + list(np.max(shapes, axis=0) if shapes else []),
                         dtype=np.int64)
    indices = np.concatenate(all_indices) if all_indices else np.zeros((0, rank + 1), np.int64)
    values = np.concatenate(all_values) if all_values else np.zeros(0, dtype.as_numpy_dtype)
    return (torch.from_numpy(indices), _result(values, dtype), torch.from_numpy(out_shape))


def deserialize_many_sparse(serialized_sparse, dtype, rank=None, name=None):
    """TF1 `tf.deserialize_many_sparse`: an [N, 3] matrix of serialized SparseTensors -> one
    SparseTensor with a new first dimension of size N."""
    indices, values, shape = apply_op("DeserializeManySparse", [serialized_sparse],
                                      name=name or "DeserializeManySparse",
                                      dtype=dtypes.as_dtype(dtype))
    if rank is not None:
        indices.set_shape([None, rank])
        shape.set_shape([rank])
    return SparseTensor(indices, values, shape)


# -- DecodeCompressed -----------------------------------------------------------------------------

def _decompress(ctx, data: bytes, kind: str) -> bytes:
    if kind == "":
        return data
    try:
        if kind == "GZIP":
            return gzip.decompress(data)
        return zlib.decompress(data)
    except (OSError, zlib.error, EOFError) as exc:
        raise errors.op_error(errors.DataLossError, ctx.op, "%s" % exc) from None


@register_op("DecodeCompressed", inputs=("bytes: string",),
             infer=lambda op, x, **k: [(dtypes.string, x.shape)],
             attrs={"compression_type": ""}, host_only=True, differentiable=False)
def _lower_decode_compressed(ctx, data, *, compression_type=""):
    if compression_type not in ("", "ZLIB", "GZIP"):
        raise _fail(ctx, "Only ZLIB, GZIP or NONE are supported compressions")
    array = _host(data)
    out = np.empty(array.shape, dtype=object)
    for i, s in enumerate(array.reshape(-1).tolist()):
        out.reshape(-1)[i] = _decompress(ctx, bytes(s), compression_type)
    return out


@ragged_entry
def decode_compressed(bytes, compression_type="", name=None):  # noqa: A002 - TF's arg name
    """TF1 `tf.decode_compressed` / `tf.io.decode_compressed` (ZLIB, GZIP or none)."""
    return apply_op("DecodeCompressed", [bytes], name=name or "DecodeCompressed",
                    compression_type=compression_type)


# -- DecodeJSONExample -----------------------------------------------------------------------------
# TF converts the JSON with protobuf's JsonToBinaryString, which writes repeated numbers unpacked
# (one tag per value) and map entries in the JSON's order: written here by hand to match.

def _varint(value: int) -> bytes:
    value &= (1 << 64) - 1
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _field(number: int, payload: bytes) -> bytes:
    return _varint(number << 3 | 2) + _varint(len(payload)) + payload


def _feature_bytes(feature: dict) -> bytes:
    if "bytesList" in feature:
        values = feature["bytesList"].get("value", [])
        return _field(1, b"".join(_field(1, base64.b64decode(v)) for v in values))
    if "floatList" in feature:
        values = feature["floatList"].get("value", [])
        return _field(2, b"".join(b"\x0d" + struct.pack("<f", float(v)) for v in values))
    if "int64List" in feature:
        values = feature["int64List"].get("value", [])
        return _field(3, b"".join(b"\x08" + _varint(int(v)) for v in values))
    if feature:
        raise ValueError("unknown Feature kind: %s" % ", ".join(feature))
    return b""


def _example_bytes(text: str) -> bytes:
    example = json.loads(text, object_pairs_hook=dict)
    entries = example.get("features", {}).get("feature", {})
    body = b"".join(_field(1, _field(1, key.encode("utf-8")) + _field(2, _feature_bytes(value)))
                    for key, value in entries.items())
    return _field(1, body) if "features" in example else b""


@register_op("DecodeJSONExample", inputs=("json_examples: string",),
             infer=lambda op, x: [(dtypes.string, x.shape)], host_only=True,
             differentiable=False)
def _lower_decode_json_example(ctx, json_examples):
    array = _host(json_examples)
    out = np.empty(array.shape, dtype=object)
    for i, s in enumerate(array.reshape(-1).tolist()):
        try:
            out.reshape(-1)[i] = _example_bytes(bytes(s).decode("utf-8"))
        except (ValueError, AttributeError, TypeError, binascii.Error) as exc:
            raise _fail(ctx, "Error while parsing JSON: %s" % exc) from None
    return out


def decode_json_example(json_examples, name=None):
    """TF1 `tf.decode_json_example` / `tf.io.decode_json_example`: Example protos written as
    JSON -> binary-serialized Example protos."""
    return apply_op("DecodeJSONExample", [json_examples], name=name or "DecodeJSONExample")


__all__ = ["decode_compressed", "decode_json_example", "deserialize_many_sparse", "parse_tensor",
           "serialize_many_sparse", "serialize_sparse", "serialize_tensor"]
