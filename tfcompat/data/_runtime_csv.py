"""Run-time `CsvDataset` (TF's CSVDataset kernel): records are split on the field delimiter
and on \\n, \\r or \\r\\n; a field starting with a quote (with `use_quote_delim`) runs to its
closing quote, may hold delimiters and line breaks, and writes a quote as two. An empty field
(or `na_value`) takes its column's default; a column without one is required.

As in TF, a bad record raises InvalidArgumentError and the next `get_next` goes on with the
following record; parse errors keep the first error of the record.
"""
from __future__ import annotations

import os

import numpy as np
import torch

from tfcompat import errors
from tfcompat.data._runtime import DatasetValue
from tfcompat.data._runtime import Iter
from tfcompat.data._runtime_io import _compression
from tfcompat.data._runtime_io import _filenames
from tfcompat.data._runtime_io import _open_stream
from tfcompat.data._runtime_io import not_found

_QUOTE = 0x22
_NL, _CR = 0x0A, 0x0D


def _text(value) -> bytes:
    value = value.item() if isinstance(value, np.ndarray) else value
    return value if isinstance(value, bytes) else str(value).encode()


def _ints(value) -> list:
    return [int(v) for v in np.asarray(value).reshape(-1)]


class Csv(DatasetValue):
    def __init__(self, filenames, compression, buffer_size, header, field_delim,
                 use_quote_delim, na_value, select_cols, exclude_cols, defaults, dtypes_):
        self.filenames, self.compression = _filenames(filenames), _compression(compression)
        delim = _text(field_delim)
        if int(buffer_size) <= 0:
            raise _invalid("buffer_size should be positive")
        if len(delim) != 1:
            raise _invalid("field_delim should be only 1 char")
        self.delim, self.header = delim[0], bool(header)
        self.use_quote_delim, self.na_value = bool(use_quote_delim), _text(na_value)
        self.select, self.exclude = _ints(select_cols), _ints(exclude_cols)
        self.defaults = [_default(d, i) for i, d in enumerate(defaults)]
        self.dtypes = list(dtypes_)
        _check_columns(self.select, self.exclude, len(self.dtypes))

    def make(self, env):
        return _CsvIter(self)


def _invalid(message):
    return errors.InvalidArgumentError(None, None, message)


def _default(value, index):
    if value.ndim > 1:
        raise _invalid("Each record default should be at most rank 1")
    n = int(np.prod(value.shape))
    if n > 1:
        raise _invalid("There should only be 1 default per field but field %d has %d"
                       % (index, n))
    if n == 0:
        return None
    first = value.reshape(-1)[0]
    return first.item() if isinstance(first, torch.Tensor) else first


def _check_columns(select, exclude, n_outputs):
    if select and len(select) != n_outputs:
        raise _invalid("select_cols should match output size")
    if any(a >= b for a, b in zip(select, select[1:])):
        raise _invalid("select_cols should be strictly increasing indices")
    if select and select[0] < 0:
        raise _invalid("select_cols should be non-negative indices")
    if select and exclude:
        raise _invalid("Either select_cols or exclude_cols should be empty")
    if any(a >= b for a, b in zip(exclude, exclude[1:])):
        raise _invalid("exclude_cols should be strictly increasing indices")
    if exclude and exclude[0] < 0:
        raise _invalid("exclude_cols should be non-negative indices")


class _CsvIter(Iter):
    def __init__(self, ds):
        self.ds, self.file_index = ds, 0
        self.data, self.pos = None, 0

    def _open(self) -> bool:
        """Opens the next file (skipping its header); False when none is left."""
        ds = self.ds
        if self.file_index >= len(ds.filenames):
            return False
        path = ds.filenames[self.file_index]
        try:
            if not os.path.exists(path):
                raise not_found(path)
            with _open_stream(path, ds.compression) as f:
                self.data, self.pos = f.read(), 0
            if ds.header:
                self._skip_header()
        except errors.OpError:
            self.data = None  # a file that cannot be read is skipped by the next get_next
            self.file_index += 1
            raise
        return True

    def _skip_header(self):
        try:
            if not self.data:
                raise _invalid("empty file")
            _Record(self, include_all=False).read()
        except errors.OpError:
            raise _invalid("Can't read header of file") from None

    def next(self):
        while True:
            if self.data is not None and self.pos < len(self.data):
                return _Record(self).read()
            if self.data is not None:
                self.data = None
                self.file_index += 1
            if not self._open():
                return None


class _Record:
    """One record from `it.data` at `it.pos`: its output values (or its first error)."""

    def __init__(self, it, include_all=None):
        self.it, self.ds = it, it.ds
        self.out: list = []
        self.error = None
        self.select_all = include_all is None and not self.ds.select and not self.ds.exclude
        self.include_none = include_all is False

    def _include(self, index, n_selected, n_excluded) -> tuple:
        ds = self.ds
        explicit_exclude = n_excluded < len(ds.exclude) and ds.exclude[n_excluded] == index
        if self.include_none:
            return False, explicit_exclude
        include = self.select_all or (n_selected < len(ds.select) and
                                      ds.select[n_selected] == index) or \
            (bool(ds.exclude) and not explicit_exclude)
        return include, explicit_exclude

    def read(self):
        index = n_selected = n_excluded = 0
        end = False
        while not end:
            include, explicit_exclude = self._include(index, n_selected, n_excluded)
            end = self._field(include)
            index += 1
            n_selected += include
            n_excluded += explicit_exclude
        if self.error is not None:
            raise self.error
        if self.include_none:
            return None
        if len(self.out) != len(self.ds.dtypes):
            raise _invalid("Expect %d fields but have %d in record"
                           % (len(self.ds.dtypes), len(self.out)))
        return tuple(self.out)

    def _note(self, error):
        if self.error is None:
            self.error = error

    def _field(self, include) -> bool:
        """Parses one field; True at the end of the record."""
        it = self.it
        if it.pos >= len(it.data):
            self._output(b"", include)
            return True
        if self.ds.use_quote_delim and it.data[it.pos] == _QUOTE:
            return self._quoted(include)
        return self._unquoted(include)

    def _end_of_line(self, ch) -> bool:
        it = self.it
        if ch == _CR and it.pos < len(it.data) and it.data[it.pos] == _NL:
            it.pos += 1
        return True

    def _unquoted(self, include) -> bool:
        it, data, delim = self.it, self.it.data, self.ds.delim
        start = it.pos
        while it.pos < len(data):
            ch = data[it.pos]
            if ch == delim:
                self._output(data[start:it.pos], include)
                it.pos += 1
                return False
            if ch in (_NL, _CR):
                self._output(data[start:it.pos], include)
                it.pos += 1
                return self._end_of_line(ch)
            if self.ds.use_quote_delim and ch == _QUOTE:
                self._note(_invalid("Unquoted fields cannot have quotes inside"))
            it.pos += 1
        self._output(data[start:it.pos], include)
        return True

    def _quoted(self, include) -> bool:
        it, data, delim = self.it, self.it.data, self.ds.delim
        start = it.pos
        it.pos += 1
        bad_quote = None  # kept unless the file ends inside the field (TF's status handling)
        while True:
            if it.pos >= len(data):
                self._note(_invalid("Reached end of file without closing quoted field in "
                                    "record"))
                return True
            if data[it.pos] != _QUOTE:
                it.pos += 1
                continue
            it.pos += 1
            if it.pos >= len(data):
                self._end_quoted(data[start:it.pos], include, bad_quote)
                return True
            nxt = data[it.pos]
            it.pos += 1
            if nxt == delim:
                self._end_quoted(data[start:it.pos - 1], include, bad_quote)
                return False
            if nxt in (_NL, _CR):
                self._end_quoted(data[start:it.pos - 1], include, bad_quote)
                return self._end_of_line(nxt)
            if nxt != _QUOTE:
                include = False  # TF stops converting the field, and goes on to its end
                bad_quote = bad_quote or _invalid(
                    "Quote inside a string has to be escaped by another quote")

    def _end_quoted(self, field, include, bad_quote):
        if bad_quote is not None:
            self._note(bad_quote)
        self._output_quoted(field, include)

    def _output_quoted(self, field, include):
        self._output(field[1:-1].replace(b'""', b'"'), include)

    def _output(self, field, include):
        if not include:
            return
        try:
            self.out.append(self._convert(field))
        except errors.OpError as e:
            self._note(e)

    def _convert(self, field):
        index, ds = len(self.out), self.ds
        if index >= len(ds.dtypes):
            raise _invalid("Expect %d fields but have more in record" % len(ds.dtypes))
        dtype, default = ds.dtypes[index], ds.defaults[index]
        if not field or field == ds.na_value:
            if default is None:
                self.out.append(None)  # TF adds the component before failing
                raise _invalid("Field %d is required but missing in record!" % index)
            return _scalar(default, dtype)
        return _scalar(_parse(field, dtype, index), dtype)


_NAMES = {np.int32: "int32", np.int64: "int64", np.float32: "float", np.float64: "double"}
_LIMITS = {np.int32: (-2 ** 31, 2 ** 31 - 1), np.int64: (-2 ** 63, 2 ** 63 - 1)}


def _parse(field: bytes, dtype, index):
    if dtype is None:
        return field
    text = field.decode("latin-1").strip(" \t\n\v\f\r")
    try:
        if "_" in text or not text:
            raise ValueError
        if dtype in _LIMITS:
            value = int(text, 10)
            low, high = _LIMITS[dtype]
            if not low <= value <= high:
                raise ValueError
            return value
        return float(text)
    except ValueError:
        raise _invalid("Field %d in record is not a valid %s: %s"
                       % (index, _NAMES[dtype], field.decode("utf-8", "replace"))) from None


def _scalar(value, dtype):
    if dtype is None:
        return np.array(value if isinstance(value, bytes) else bytes(value), dtype=object)
    return torch.tensor(np.array(value, dtype=dtype))
