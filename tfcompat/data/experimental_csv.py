"""`tf.data.experimental` readers and writers: `CsvDataset`, `make_csv_dataset`,
`TFRecordWriter`, `parse_example_dataset` and `make_batched_features_dataset`, built from the
same pieces as TF's (a CSVDatasetV2 op per file, parallel_interleave over files, seeded
shuffle, batch, a map to feature dicts, prefetch).
"""
from __future__ import annotations

import collections
import csv
import gzip
import io

import numpy as np

from tfcompat import gfile
from tfcompat.data import _structure
from tfcompat.data.dataset_ops import AUTOTUNE
from tfcompat.data.dataset_ops import DatasetV1
from tfcompat.data.dataset_ops import _make_dataset
from tfcompat.data.experimental_grouping import spec_repr
from tfcompat.data.experimental_transforms import parallel_interleave
from tfcompat.data.iterator_ops import _create
from tfcompat.data.readers import TFRecordDataset
from tfcompat.framework import dtypes
from tfcompat.framework.convert import constant
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.operation import Tensor
from tfcompat.framework.tensor_util import constant_value
from tfcompat.ops.parsing_ops import parse_example

_ACCEPTABLE_CSV_TYPES = (dtypes.float32, dtypes.float64, dtypes.int32, dtypes.int64,
                         dtypes.string)
_DEFAULT_READER_BUFFER_SIZE_BYTES = 4 * 1024 * 1024


def _optional(value, default, dtype, name):
    return convert_to_tensor(default if value is None else value, dtype=dtype, name=name)


def _record_default(value, index):
    if isinstance(value, dtypes.DType):
        if value.base_dtype not in _ACCEPTABLE_CSV_TYPES:
            raise TypeError("Failed to convert elements of %s to Tensor. Consider casting "
                            "elements to a supported type. See https://www.tensorflow.org/"
                            "api_docs/python/tf/dtypes for supported TF dtypes." % value)
        return constant([], dtype=value)
    t = convert_to_tensor(value, name="record_defaults_%d" % index if index else
                          "record_defaults")
    if t.shape.ndims is not None and (t.shape.ndims > 1 or (
            t.shape.ndims == 1 and t.shape[0].value is not None and t.shape[0].value > 1)):
        raise ValueError("Shape of a default must be a length-0 or length-1 vector, or a "
                         "scalar.")
    return t


class CsvDataset(DatasetV1):
    """The records of CSV files as tuples of scalars, one per column (or `select_cols`):
    `record_defaults` gives each column's dtype and default (a dtype or an empty tensor:
    required)."""

    def __init__(self, filenames, record_defaults, compression_type=None, buffer_size=None,
                 header=False, field_delim=",", use_quote_delim=True, na_value="",
                 select_cols=None):
        defaults = [_record_default(v, i) for i, v in enumerate(record_defaults)]
        inputs = [convert_to_tensor(filenames, dtype=dtypes.string, name="filenames"),
                  _optional(compression_type, "", dtypes.string, "compression_type"),
                  _optional(buffer_size, _DEFAULT_READER_BUFFER_SIZE_BYTES, dtypes.int64,
                            "buffer_size"),
                  convert_to_tensor(header, dtype=dtypes.bool, name="header"),
                  convert_to_tensor(field_delim, dtype=dtypes.string, name="field_delim"),
                  convert_to_tensor(use_quote_delim, dtype=dtypes.bool, name="use_quote_delim"),
                  convert_to_tensor(na_value, dtype=dtypes.string, name="na_value"),
                  _optional(select_cols, np.zeros([0], np.int64), dtypes.int64,
                            "select_cols")]
        exclude = convert_to_tensor(np.zeros([0], np.int64), dtype=dtypes.int64,
                                    name="exclude_cols")
        comps = [_structure.Component(Tensor, d.dtype, []) for d in defaults]
        spec = _structure.ElementSpec(tuple(None for _ in comps), comps)
        ds = _make_dataset("CSVDatasetV2", inputs + defaults + [exclude], spec)
        DatasetV1.__init__(self, ds._variant_tensor, spec)


class SqlDataset(DatasetV1):
    """The rows of a SQL query's result (`driver_name` "sqlite"; `data_source_name` the
    database file) as tuples of scalars of `output_types`."""

    def __init__(self, driver_name, data_source_name, query, output_types):
        inputs = [convert_to_tensor(driver_name, dtype=dtypes.string, name="driver_name"),
                  convert_to_tensor(data_source_name, dtype=dtypes.string,
                                    name="data_source_name"),
                  convert_to_tensor(query, dtype=dtypes.string, name="query")]
        spec = _structure.spec_from_types(output_types, _structure.map_structure(
            lambda _: [], output_types))
        ds = _make_dataset("SqlDataset", inputs, spec)
        DatasetV1.__init__(self, ds._variant_tensor, spec)


# -- make_csv_dataset -------------------------------------------------------------------------

def _get_file_names(file_pattern, shuffle):
    if isinstance(file_pattern, list):
        if not file_pattern:
            raise ValueError("Argument `file_pattern` should not be empty.")
        names = [n for entry in file_pattern for n in gfile.Glob(entry)]
    else:
        names = list(gfile.Glob(file_pattern))
    if not names:
        raise ValueError("No files match `file_pattern` %s." % file_pattern)
    return names if shuffle else sorted(names)


def _csv_reader(f, field_delim, use_quote_delim):
    return csv.reader(f, delimiter=field_delim,
                      quoting=csv.QUOTE_MINIMAL if use_quote_delim else csv.QUOTE_NONE)


def _is_valid_int(text, np_type):
    try:
        if np_type is np.int32:
            return np.int32(text) == np.int64(text)
        np.int64(text)
        return True
    except (ValueError, OverflowError):
        return False


def _is_valid_float(text, np_type):
    try:
        return np_type(text) < np.inf
    except ValueError:
        return False


_INFERENCE = [
    (dtypes.int32, lambda s: _is_valid_int(s, np.int32)),
    (dtypes.int64, lambda s: _is_valid_int(s, np.int64)),
    (dtypes.float32, lambda s: _is_valid_float(s, np.float32)),
    (dtypes.float64, lambda s: _is_valid_float(s, np.float64)),
    (dtypes.string, lambda s: True)]


def _infer_type(text, na_value, prev_type):
    """The least permissive type that fits `text` and what the column held so far (TF's)."""
    if text in ("", na_value):
        return prev_type
    allowed = [t for t, _ in _INFERENCE]
    for i, (dtype, valid) in enumerate(_INFERENCE):
        if valid(text) and (prev_type is None or prev_type in allowed[:i + 1]):
            return dtype
    return dtypes.string


class _Probe:
    """Reads CSV files in Python (as TF's make_csv_dataset does) for names and types."""

    def __init__(self, field_delim, use_quote_delim, compression_type, encoding):
        self.delim, self.quote, self.encoding = field_delim, use_quote_delim, encoding
        value = compression_type if compression_type is None else \
            constant_value(convert_to_tensor(compression_type))
        if isinstance(value, np.ndarray):
            value = value.item()
        value = value.decode() if isinstance(value, bytes) else value
        if value not in (None, "", "GZIP"):
            raise ValueError("`compression_type` %s is not supported for probing columns."
                             % compression_type if value == "ZLIB" else
                             "Received unknown `compression_type` %s. Expected: GZIP, ZLIB or "
                             " (empty string)." % compression_type)
        self.gzip = value == "GZIP"

    def open(self, name):
        if self.gzip:
            return gzip.open(name, "rt", encoding=self.encoding)
        with open(name, "rb") as f:
            return io.StringIO(f.read().decode(self.encoding), newline=None)

    def column_names(self, filenames):
        names = None
        for name in filenames:
            with self.open(name) as f:
                try:
                    row = next(_csv_reader(f, self.delim, self.quote))
                except StopIteration:
                    raise ValueError("Failed when reading the header line of %s. Is it an "
                                     "empty file?" % name) from None
            if names is not None and row != names:
                raise ValueError("All input CSV files should have the same column names in "
                                 "the header row. File %s has different column names." % name)
            names = row if names is None else names
        return names

    def column_defaults(self, filenames, num_cols, na_value, header, num_rows, select):
        select = range(num_cols) if select is None else select
        types = [None] * len(select)
        for i, row in enumerate(self._rows(filenames, num_cols, header)):
            if num_rows is not None and i >= num_rows:
                break
            for j, col in enumerate(select):
                types[j] = _infer_type(row[col], na_value, types[j])
        types = [t or dtypes.string for t in types]
        return [constant([0 if t is not dtypes.string else ""], dtype=t) for t in types]

    def _rows(self, filenames, num_cols, header):
        for name in filenames:
            with self.open(name) as f:
                reader = _csv_reader(f, self.delim, self.quote)
                row_num = 1
                if header:
                    next(reader, None)
                    row_num += 1
                for row in reader:
                    if len(row) != num_cols:
                        raise ValueError("Problem inferring types: CSV row %d has %d number of "
                                         "fields. Expected: %d." % (row_num, len(row), num_cols))
                    row_num += 1
                    yield row


def _duplicates(names):
    ordered = sorted(names)
    return set(a for a, b in zip(ordered[:-1], ordered[1:]) if a == b)


def _sorted_col_indices(select_columns, column_names):
    index = {n: i for i, n in enumerate(column_names)}
    out = []
    for v in select_columns:
        if isinstance(v, int):
            if v < 0 or v >= len(column_names):
                raise ValueError("Column index %d specified in `select_columns` should be > 0 "
                                 " and <= %d, which is the number of columns."
                                 % (v, len(column_names)))
            out.append(v)
        elif v not in index:
            raise ValueError("Column %s specified in `select_columns` must be of one of the "
                             "columns: %s." % (v, index.keys()))
        else:
            out.append(index[v])
    result = sorted(set(out))
    if len(result) != len(select_columns):
        raise ValueError("The `select_columns` argument contains duplicate columns: %s."
                         % _duplicates(out))
    return result


def _shuffle_and_repeat(dataset, num_epochs, shuffle, buffer_size, seed):
    if shuffle:
        dataset = dataset.shuffle(buffer_size, seed)
    if num_epochs != 1:
        dataset = dataset.repeat(num_epochs)
    return dataset


def _interleave_files(dataset, to_dataset, num_parallel, sloppy):
    if num_parallel == AUTOTUNE:
        return dataset.interleave(to_dataset, num_parallel_calls=num_parallel,
                                  deterministic=not sloppy)
    return dataset.apply(parallel_interleave(to_dataset, cycle_length=num_parallel,
                                             block_length=1, sloppy=sloppy))


def make_csv_dataset(file_pattern, batch_size, column_names=None, column_defaults=None,
                     label_name=None, select_columns=None, field_delim=",",
                     use_quote_delim=True, na_value="", header=True, num_epochs=None,
                     shuffle=True, shuffle_buffer_size=10000, shuffle_seed=None,
                     prefetch_buffer_size=None, num_parallel_reads=None, sloppy=False,
                     num_rows_for_inference=100, compression_type=None, ignore_errors=False,
                     encoding="utf-8"):
    """Batches of CSV records as dicts of column name -> [batch] tensor (with `label_name`:
    (features, label)); column names and types come from the header and the first
    `num_rows_for_inference` rows unless given."""
    num_parallel_reads = 1 if num_parallel_reads is None else num_parallel_reads
    prefetch_buffer_size = AUTOTUNE if prefetch_buffer_size is None else prefetch_buffer_size
    filenames = _get_file_names(file_pattern, False)
    dataset = DatasetV1.from_tensor_slices(filenames)
    if shuffle:
        dataset = dataset.shuffle(len(filenames), shuffle_seed)
    probe = None
    if column_names is None or column_defaults is None:
        probe = _Probe(field_delim, use_quote_delim, compression_type, encoding)
    if column_names is None:
        if not header:
            raise ValueError("Expected `column_names` or `header` arguments. Neither is "
                             "provided.")
        column_names = probe.column_names(filenames)
    if len(column_names) != len(set(column_names)):
        raise ValueError("Either `column_names` argument or CSV header row contains duplicate "
                         "column names: %s." % _duplicates(column_names))
    if select_columns is not None:
        select_columns = _sorted_col_indices(select_columns, column_names)
    if column_defaults is not None:
        column_defaults = [constant([], dtype=x) if isinstance(x, dtypes.DType) and
                           x in _ACCEPTABLE_CSV_TYPES else x for x in column_defaults]
    else:
        column_defaults = probe.column_defaults(filenames, len(column_names), na_value,
                                                header, num_rows_for_inference, select_columns)
    if select_columns is not None and len(column_defaults) != len(select_columns):
        raise ValueError("If specified, `column_defaults` and `select_columns` must have the "
                         "same length: `column_defaults` has length %d, `select_columns` has "
                         "length %d." % (len(column_defaults), len(select_columns)))
    if select_columns is not None and len(column_names) > len(select_columns):
        column_names = [column_names[i] for i in select_columns]
    if label_name is not None and label_name not in column_names:
        raise ValueError("`label_name` provided must be one of the columns: %s. Received: %s."
                         % (column_names, label_name))

    def filename_to_dataset(filename):
        ds = CsvDataset(filename, record_defaults=column_defaults, field_delim=field_delim,
                        use_quote_delim=use_quote_delim, na_value=na_value,
                        select_cols=select_columns, header=header,
                        compression_type=compression_type)
        return ds.apply(ignore_errors()) if ignore_errors else ds

    def map_fn(*columns):
        features = collections.OrderedDict(zip(column_names, columns))
        if label_name is not None:
            label = features.pop(label_name)
            return features, label
        return features

    dataset = _interleave_files(dataset, filename_to_dataset, num_parallel_reads, sloppy)
    dataset = _shuffle_and_repeat(dataset, num_epochs, shuffle, shuffle_buffer_size,
                                  shuffle_seed)
    dataset = dataset.batch(batch_size, drop_remainder=num_epochs is None)
    return dataset.map(map_fn).prefetch(prefetch_buffer_size)


# -- TFRecordWriter ---------------------------------------------------------------------------

class TFRecordWriter:
    """Writes a dataset of scalar strings to a TFRecord file: `write(dataset)` is an op that
    runs the dataset to its end (`compression_type` "", "ZLIB" or "GZIP")."""

    def __init__(self, filename, compression_type=None):
        self._filename = convert_to_tensor(filename, dtype=dtypes.string, name="filename")
        self._compression_type = _optional(compression_type, "", dtypes.string,
                                           "compression_type")

    def write(self, dataset):
        spec = dataset._element_spec
        if isinstance(spec.structure, (tuple, dict)) or len(spec.components) != 1 or \
                spec.components[0].sparse or spec.components[0].dtype != dtypes.string or \
                not spec.components[0].shape.is_compatible_with([]):
            raise TypeError("Invalid `dataset`. Expected a`dataset` that produces scalar "
                            "`tf.string` elements, but got a dataset which produces elements "
                            "with shapes %s and types %s." % (dataset.output_shapes,
                                                              dataset.output_types))
        return _create("DatasetToTFRecord", [dataset._variant_tensor, self._filename,
                                             self._compression_type], None)


# -- parse_example_dataset / make_batched_features_dataset ------------------------------------

def parse_example_dataset(features, num_parallel_calls=1, deterministic=None):
    """Parses batches (vectors) of serialized `tf.train.Example` into feature dicts, as
    `parse_example` does."""
    if features is None:
        raise ValueError("Argument `features` is required, but not specified.")

    def apply(dataset):
        spec = dataset._element_spec
        comps = spec.components
        if isinstance(spec.structure, (tuple, dict)) or len(comps) != 1 or \
                comps[0].sparse or comps[0].dtype != dtypes.string or \
                not comps[0].shape.is_compatible_with([None]):
            raise TypeError("Input dataset should be a dataset of vectors of strings. Instead "
                            "it is `%s`." % spec_repr(spec))
        return dataset.map(lambda serialized: parse_example(serialized, features),
                           num_parallel_calls=num_parallel_calls, deterministic=deterministic)
    return apply


def make_batched_features_dataset(file_pattern, batch_size, features, reader=None,
                                  label_key=None, reader_args=None, num_epochs=None,
                                  shuffle=True, shuffle_buffer_size=10000, shuffle_seed=None,
                                  prefetch_buffer_size=None, reader_num_threads=None,
                                  parser_num_threads=None, sloppy_ordering=False,
                                  drop_final_batch=False):
    """Batches of parsed `tf.train.Example` records read from the files matching
    `file_pattern` (TFRecord files unless `reader` says otherwise)."""
    reader = TFRecordDataset if reader is None else reader
    reader_num_threads = 1 if reader_num_threads is None else reader_num_threads
    parser_num_threads = 2 if parser_num_threads is None else parser_num_threads
    prefetch_buffer_size = AUTOTUNE if prefetch_buffer_size is None else prefetch_buffer_size
    dataset = DatasetV1.list_files(file_pattern, shuffle=shuffle, seed=shuffle_seed)
    reader_args = [] if reader_args is None else reader_args
    dataset = _interleave_files(dataset, lambda filename: reader(filename, *reader_args),
                                reader_num_threads, sloppy_ordering)
    if dataset.output_types == (dtypes.string, dtypes.string):
        dataset = dataset.map(lambda _, v: v)
    dataset = _shuffle_and_repeat(dataset, num_epochs, shuffle, shuffle_buffer_size,
                                  shuffle_seed)
    dataset = dataset.batch(batch_size, drop_remainder=drop_final_batch or num_epochs is None)
    dataset = dataset.apply(parse_example_dataset(features,
                                                  num_parallel_calls=parser_num_threads))
    if label_key:
        if label_key not in features:
            raise ValueError("The `label_key` provided (%s) must be one of the `features` "
                             "keys: %s." % (label_key, features.keys()))
        dataset = dataset.map(lambda x: (x, x.pop(label_key)))
    return dataset.prefetch(prefetch_buffer_size)


__all__ = ["CsvDataset", "SqlDataset", "make_csv_dataset", "TFRecordWriter",
           "parse_example_dataset", "make_batched_features_dataset"]
