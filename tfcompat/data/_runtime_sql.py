"""Run-time `SqlDataset` (TF's SqlDataset kernel, sqlite only): each row of the query's result
is an element; a column is read as TF's SqliteQueryConnection reads it (sqlite3_column_int,
_int64, _double or _text: NULL gives 0, 0.0 or an empty string, and narrower integer types
wrap as C++ casts do).
"""
from __future__ import annotations

import sqlite3

import numpy as np
import torch

from tfcompat import errors
from tfcompat.data._runtime import DatasetValue
from tfcompat.data._runtime import Iter

_INT_BITS = {np.int8: 8, np.int16: 16, np.int32: 32, np.uint8: 8, np.uint16: 16}
_TYPE_ERROR = ("Each element of `output_types_` must be one of: DT_STRING, DT_INT8, DT_INT16, "
               "DT_INT32, DT_INT64, DT_UINT8, DT_UINT16, DT_BOOL, DT_DOUBLE ")
SUPPORTED = (None, np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.bool_,
             np.float64)


def _text(value) -> str:
    value = value.item() if isinstance(value, np.ndarray) else value
    return value.decode() if isinstance(value, bytes) else str(value)


class Sql(DatasetValue):
    def __init__(self, driver_name, data_source_name, query, types):
        self.driver = _text(driver_name)
        self.source, self.query, self.types = _text(data_source_name), _text(query), types

    def make(self, env):
        if any(t is False for t in self.types):
            raise errors.InvalidArgumentError(None, None, _TYPE_ERROR)
        if self.driver != "sqlite":
            raise errors.InvalidArgumentError(
                None, None, "The database type, %s, is not supported by SqlDataset. The set of "
                "supported databases is: {'sqlite'}." % self.driver)
        return _SqlIter(self)


class _SqlIter(Iter):
    def __init__(self, ds):
        self.ds, self.db, self.rows = ds, None, None

    def _start(self):
        try:
            self.db = sqlite3.connect(self.ds.source, check_same_thread=False)
            cursor = self.db.execute(self.ds.query)
        except sqlite3.Error as e:
            code = getattr(e, "sqlite_errorcode", 1)
            raise errors.UnknownError(None, None, "Prepare() failed: [%d] %s: %s"
                                      % (code, e, self.ds.query)) from None
        columns = len(cursor.description or ())
        if columns != len(self.ds.types):
            raise errors.InvalidArgumentError(
                None, None, "The number of columns in query (%d) must match the number of "
                "elements in output_types (%d)." % (columns, len(self.ds.types)))
        self.rows = cursor

    def next(self):
        if self.rows is None:
            self._start()
        row = None if self.db is None else self.rows.fetchone()  # the end again after the end
        if row is None:
            self.close()
            return None
        return tuple(self._column(v, t) for v, t in zip(row, self.ds.types))

    def close(self):
        if self.db is not None:
            self.db.close()
            self.db = None

    def _cast(self, value, kind):
        return self.db.execute("SELECT CAST(? AS %s)" % kind, (value,)).fetchone()[0]

    def _column(self, value, np_type):
        if np_type is None:
            return np.array(self._as_text(value), dtype=object)
        if np_type is np.float64:
            number = 0.0 if value is None else float(
                value if isinstance(value, (int, float)) else self._cast(value, "REAL"))
            return torch.tensor(number, dtype=torch.float64)
        number = self._as_int(value)
        if np_type is not np.int64:
            number = _wrap(_wrap(number, 32, True), _INT_BITS.get(np_type, 32),
                           np_type in (np.int8, np.int16, np.int32))
        if np_type is np.bool_:
            return torch.tensor(number != 0)
        return torch.from_numpy(np.array(number, dtype=np_type))

    def _as_int(self, value) -> int:
        if value is None:
            return 0
        if isinstance(value, int):
            return value
        if isinstance(value, float):
            return int(min(max(value, -2.0 ** 63), 2.0 ** 63 - 1))
        return int(self._cast(value, "INTEGER"))

    def _as_text(self, value) -> bytes:
        if value is None:
            return b""
        if isinstance(value, bytes):
            return value
        if isinstance(value, float):
            value = self._cast(value, "TEXT")
        return str(value).encode()


def _wrap(value: int, bits: int, signed: bool) -> int:
    value &= (1 << bits) - 1
    if signed and value >= 1 << (bits - 1):
        value -= 1 << bits
    return value
