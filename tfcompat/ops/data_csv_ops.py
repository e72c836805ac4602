"""tf.data file ops of tf.data.experimental: `CSVDatasetV2` (CsvDataset, values in
tfcompat/data/_runtime_csv.py), `SqlDataset` (sqlite queries, _runtime_sql.py) and
`DatasetToTFRecord` (TFRecordWriter.write: runs a dataset
of scalar strings to its end, writing each as a record through tfcompat.io.records).
"""
from __future__ import annotations

import numpy as np

from tfcompat import errors
from tfcompat._lazy import lazy_module
from tfcompat.framework import dtypes
from tfcompat.framework.registry import register_op
from tfcompat.io.records import TFRecordWriter
from tfcompat.ops import data_ops
from tfcompat.ops.data_ops import _dataset_op
from tfcompat.ops.data_ops import _scalar

rtcsv = lazy_module("tfcompat.data._runtime_csv")
rtio = lazy_module("tfcompat.data._runtime_io")
rtsql = lazy_module("tfcompat.data._runtime_sql")

_NUMPY = {dtypes.int32: np.int32, dtypes.int64: np.int64, dtypes.float32: np.float32,
          dtypes.float64: np.float64, dtypes.string: None}


@_dataset_op("CSVDatasetV2", ("filenames: string", "compression_type: string",
                              "buffer_size: int64", "header: bool", "field_delim: string",
                              "use_quote_delim: bool", "na_value: string", "select_cols: int64",
                              "record_defaults: output_types", "exclude_cols: int64"))
def _lower_csv_dataset(ctx, filenames, compression_type, buffer_size, header, field_delim,
                       use_quote_delim, na_value, select_cols, *rest, output_types, **attrs):
    *defaults, exclude_cols = rest
    types = [_NUMPY[dtypes.as_dtype(t).base_dtype] for t in output_types]
    return rtcsv.Csv(filenames, compression_type, _scalar(buffer_size), _scalar(header),
                     field_delim, _scalar(use_quote_delim), na_value, select_cols, exclude_cols,
                     defaults, types)


@register_op("DatasetToTFRecord", inputs=("input_dataset: variant", "filename: string",
                                          "compression_type: string"),
             infer=lambda op, *inputs: [], stateful=True, mutates=True, host_only=True,
             differentiable=False)
def _lower_dataset_to_tf_record(ctx, input_dataset, filename, compression_type):
    path = rtio._filenames(filename)[0]
    compression = rtio._compression(compression_type)
    it = data_ops._make(ctx, input_dataset)
    try:
        with TFRecordWriter(path, compression or None) as writer:
            while True:
                element = it.next()
                if element is None:
                    break
                record = element[0]
                record = record.item() if isinstance(record, np.ndarray) else record
                writer.write(record if isinstance(record, bytes) else str(record).encode())
    except errors.OpError as e:
        raise data_ops._with_op(e, ctx.op) from e
    except OSError as e:
        raise errors.op_error(errors.NotFoundError, ctx.op, "%s; %s" % (path, e.strerror))
    finally:
        it.close()


_SQL_NUMPY = {dtypes.string: None, dtypes.int8: np.int8, dtypes.int16: np.int16,
              dtypes.int32: np.int32, dtypes.int64: np.int64, dtypes.uint8: np.uint8,
              dtypes.uint16: np.uint16, dtypes.bool: np.bool_, dtypes.float64: np.float64}


@_dataset_op("SqlDataset", ("driver_name: string", "data_source_name: string", "query: string"))
def _lower_sql_dataset(ctx, driver_name, data_source_name, query, *, output_types, **attrs):
    types = [_SQL_NUMPY.get(dtypes.as_dtype(t).base_dtype, False) for t in output_types]
    return rtsql.Sql(driver_name, data_source_name, query, types)
