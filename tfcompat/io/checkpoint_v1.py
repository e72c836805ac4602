"""Reading V1 checkpoints (TF's TensorSliceReader): the single-file format of
``Saver(write_version=SaverDef.V1)``, in which 2016-2017 code and slim's pretrained models
(``vgg_16.ckpt``, ``inception_v3.ckpt``, ...) were saved. tfcompat writes V2 only.

A V1 file is a table (the format of a V2 ``.index``, _table.py): the empty key holds a
``SavedTensorSlices`` proto whose ``meta`` lists each tensor's name, shape, dtype and slices;
every other entry is a ``SavedTensorSlices`` whose ``data`` holds one slice's values in the typed
fields of a TensorProto. A sharded V1 save is several such files matched by a glob pattern. The
protos are decoded here from the wire format (their messages are not among tfcompat's protos).
:class:`V1Reader` offers the reading interface of _bundle_reader.BundleReader.
"""
from __future__ import annotations

import glob
import os
from collections.abc import Sequence

import numpy as np

from tfcompat import errors
from tfcompat.io._bundle_reader import BundleReader
from tfcompat.io._bundle_reader import InsufficientSlicesError
from tfcompat.io._bundle_reader import read_bundle
from tfcompat.io._bundle_reader import slice_text
from tfcompat.io._common import CheckpointFormatError
from tfcompat.io._common import decode_varint
from tfcompat.io._table import read_table
from tfcompat.io.proto import tensor_bundle_pb2
from tfcompat.io.proto import tensor_pb2
from tfcompat.io.proto import tensor_shape_pb2
from tfcompat.io.proto import tensor_slice_pb2
from tfcompat.io.tensor_proto import make_ndarray

__all__ = ["V1Reader", "v1_files", "is_v1", "read_checkpoint"]


def read_checkpoint(prefix: str) -> BundleReader | V1Reader:
    """A reader of the checkpoint ``prefix``: V2 (``<prefix>.index``) or else V1, as TF's
    CheckpointReader and RestoreV2 fall back to the TensorSliceReader."""
    if is_v1(prefix):
        return V1Reader(prefix)
    return read_bundle(prefix)


def v1_files(pattern: str) -> list[str]:
    """The V1 files of ``pattern`` (a file, or a glob such as ``model.ckpt-?????-of-00002``)."""
    if os.path.isfile(pattern):
        return [pattern]
    return sorted(p for p in glob.glob(pattern) if os.path.isfile(p))


def is_v1(prefix: str) -> bool:
    """True where ``prefix`` names V1 checkpoint files and no V2 ``.index``."""
    return not os.path.exists(prefix + ".index") and bool(v1_files(prefix))


def _fields(buf: bytes, path: str) -> list[tuple[int, object]]:
    """(field number, value) of a message's fields: ints for varints, bytes for the rest."""
    out, pos = [], 0
    try:
        while pos < len(buf):
            key, pos = decode_varint(buf, pos)
            number, wire = key >> 3, key & 7
            if wire == 0:
                value, pos = decode_varint(buf, pos)
            elif wire == 2:
                size, pos = decode_varint(buf, pos)
                if pos + size > len(buf):
                    raise IndexError("field past the end")
                value, pos = bytes(buf[pos:pos + size]), pos + size
            elif wire in (1, 5):
                pos += 8 if wire == 1 else 4
                continue
            else:
                raise IndexError("bad wire type")
            out.append((number, value))
    except IndexError as e:
        raise CheckpointFormatError(f"damaged V1 checkpoint entry ({e})", path) from None
    return out


def _extents(proto: tensor_slice_pb2.TensorSliceProto, rank: int) -> list[tuple[int, int]]:
    extents = [(e.start, e.length if e.HasField("length") else -1) for e in proto.extent]
    return extents or [(0, -1)] * rank


def _bounds(extents, shape) -> list[tuple[int, int]]:
    return [(s, d if n == -1 else s + n) for (s, n), d in zip(extents, shape)]


class _Tensor:
    """One tensor of a V1 checkpoint: its meta entry and the slices read for it."""

    def __init__(self, fields, path):
        self.name, self.dtype, self.shape, self.num_slices = "", 0, [], 0
        for number, value in fields:
            if number == 1:
                self.name = value.decode("utf-8", "surrogateescape")
            elif number == 2:
                proto = tensor_shape_pb2.TensorShapeProto.FromString(value)
                self.shape = [d.size for d in proto.dim]
            elif number == 3:
                self.dtype = value
            elif number == 4:
                self.num_slices += 1
        self.parts: list[tuple[list, bytes, str]] = []   # (bounds, TensorProto bytes, file)


class V1Reader:
    """The tensors of a V1 checkpoint (TF's TensorSliceReader behind NewCheckpointReader and
    RestoreV2's fallback), read into memory when made."""

    def __init__(self, pattern: str):
        self.prefix = pattern
        files = v1_files(pattern)
        if not files:
            raise FileNotFoundError(pattern)
        self._files = files
        self._tensors: dict[str, _Tensor] = {}
        for path in files:
            self._read_file(path)

    def _read_file(self, path: str) -> None:
        with open(path, "rb") as f:
            try:
                table = read_table(f.read(), path)
            except CheckpointFormatError as e:   # e.g. a V2 .data file given as the prefix
                raise errors.DataLossError(
                    None, None, "Unable to open table file %s: DATA_LOSS: %s: perhaps your file "
                    "is in a different file format and you need to use a different restore "
                    "operator?" % (path, e._text)) from None
        if not table or table[0][0] != b"":
            raise CheckpointFormatError("V1 checkpoint has no meta entry", path)
        for number, meta in _fields(table[0][1], path):
            if number == 1:
                for n, tensor in _fields(meta, path):
                    if n == 1:
                        t = _Tensor(_fields(tensor, path), path)
                        self._tensors.setdefault(t.name, t)
        for _, value in table[1:]:
            for number, data in _fields(value, path):
                if number == 2:
                    self._add_part(_fields(data, path), path)

    def _add_part(self, fields, path) -> None:
        name, extents, data = None, None, b""
        for number, value in fields:
            if number == 1:
                name = value.decode("utf-8", "surrogateescape")
            elif number == 2:
                extents = tensor_slice_pb2.TensorSliceProto.FromString(value)
            elif number == 3:
                data = value
        tensor = self._tensors.get(name)
        if tensor is None or extents is None:
            raise CheckpointFormatError(f"V1 checkpoint slice of unknown tensor {name}", path)
        bounds = _bounds(_extents(extents, len(tensor.shape)), tensor.shape)
        tensor.parts.append((bounds, data, path))

    @property
    def index_path(self) -> str:
        """The (first) V1 file, named in errors as a V2 checkpoint's ``.index``."""
        return self._files[0]

    def keys(self) -> list[str]:
        return sorted(self._tensors)

    def missing_key_text(self, name: str, restoring: bool = True) -> str:
        """TF's NotFoundError text for a missing key: RestoreV2's, or the reader's."""
        if restoring:
            return 'Tensor name "%s" not found in checkpoint files %s' % (name, self.prefix)
        return "%s not found in checkpoint file" % name

    @staticmethod
    def dtype_mismatch_text(name: str, expected: str, stored: str) -> str:
        """TF's text where a V1 tensor's dtype is not the one restored."""
        return ("Expected to restore a tensor of type %s, got a tensor of type %s instead: "
                "tensor_name = %s" % (expected, stored, name))

    def has_tensor(self, name: str) -> bool:
        return name in self._tensors

    def _tensor(self, name: str) -> _Tensor:
        try:
            return self._tensors[name]
        except KeyError:
            raise KeyError(f"Key {name} not found in checkpoint") from None

    def entry(self, name: str) -> tensor_bundle_pb2.BundleEntryProto:
        """A V2 index entry describing ``name`` (dtype and shape; no bytes behind it)."""
        t = self._tensor(name)
        entry = tensor_bundle_pb2.BundleEntryProto(dtype=t.dtype)
        for d in t.shape:
            entry.shape.dim.add(size=d)
        return entry

    def dtype(self, name: str) -> int:
        return self._tensor(name).dtype

    def get_variable_to_shape_map(self) -> dict[str, list[int]]:
        return {name: list(t.shape) for name, t in sorted(self._tensors.items())}

    def get_variable_to_dtype_map(self) -> dict[str, int]:
        return {name: t.dtype for name, t in sorted(self._tensors.items())}

    def debug_entries(self) -> list[tuple[bytes, int, list[int]]]:
        return [(name.encode("utf-8", "surrogateescape"), t.dtype, list(t.shape))
                for name, t in sorted(self._tensors.items())]

    def num_slices(self, name: str) -> int:
        return self._tensor(name).num_slices

    def get_tensor(self, name: str) -> np.ndarray:
        t = self._tensor(name)
        return self.get_slice(name, [(0, -1)] * len(t.shape))

    def get_slice(self, name: str, extents: Sequence[tuple[int, int]]) -> np.ndarray:
        """The part ``extents`` of ``name``, assembled from the stored slices."""
        t = self._tensor(name)
        full = self._assemble(t)
        index = tuple(slice(b, e) for b, e in _bounds(extents, t.shape))
        return np.array(full[index]) if index else full

    def _assemble(self, t: _Tensor) -> np.ndarray:
        probe = tensor_pb2.TensorProto(dtype=t.dtype)
        probe.tensor_shape.dim.add(size=0)
        out = np.zeros(t.shape, dtype=make_ndarray(probe).dtype)
        covered = np.zeros(t.shape, dtype=bool)
        for bounds, data, path in t.parts:
            proto = tensor_pb2.TensorProto.FromString(data)
            proto.dtype = t.dtype
            proto.tensor_shape.CopyFrom(tensor_shape_pb2.TensorShapeProto(
                dim=[tensor_shape_pb2.TensorShapeProto.Dim(size=e - b) for b, e in bounds]))
            try:
                values = make_ndarray(proto)
            except ValueError as e:
                raise CheckpointFormatError(f"V1 checkpoint tensor {t.name}: {e}", path) from None
            index = tuple(slice(b, e) for b, e in bounds)
            out[index + (Ellipsis,)] = values
            covered[index] = True
        if not covered.all():
            raise InsufficientSlicesError(
                None, None, "Does not have sufficient slices for partitioned tensor %s "
                "to restore in slice_spec: %s" % (t.name, slice_text([(0, -1)] * len(t.shape))))
        return out
