"""`tf.python_io` (also `tf.io` in TF 1.15): `TFRecordWriter`, `tf_record_iterator` and
`TFRecordOptions`, in TensorFlow's own TFRecord format (tfcompat/io/records.py). A damaged file
raises `tf.errors.DataLossError` naming the file and byte offset.
"""
from __future__ import annotations

from tfcompat import errors
from tfcompat.io import records as _records
from tfcompat.io._common import RecordFormatError


class TFRecordCompressionType:
    """The compression of a TFRecord file."""

    NONE = 0
    ZLIB = 1
    GZIP = 2


_NAMES = {TFRecordCompressionType.NONE: "", TFRecordCompressionType.ZLIB: "ZLIB",
          TFRecordCompressionType.GZIP: "GZIP"}


class TFRecordOptions:
    """Options for TFRecord files: `compression_type` is None/"", "ZLIB", "GZIP" or a
    `TFRecordCompressionType` value; the zlib tuning arguments are accepted."""

    compression_type_map = dict(_NAMES)   # TF's: TFRecordCompressionType value -> name

    def __init__(self, compression_type=None, flush_mode=None, input_buffer_size=None,
                 output_buffer_size=None, window_bits=None, compression_level=None,
                 compression_method=None, mem_level=None, compression_strategy=None):
        # checked, but kept as given (TF keeps it so for backwards compatibility)
        self.get_compression_type_string(compression_type)
        self.compression_type = compression_type
        self.compression_level = compression_level
        # NOTE: the zlib tuning values are kept, as TF keeps them; the writer compresses with
        # zlib's defaults and `compression_level`
        self.flush_mode, self.input_buffer_size = flush_mode, input_buffer_size
        self.output_buffer_size, self.window_bits = output_buffer_size, window_bits
        self.compression_method, self.mem_level = compression_method, mem_level
        self.compression_strategy = compression_strategy

    @classmethod
    def get_compression_type_string(cls, options):
        """The compression's name ("ZLIB", "GZIP" or "") for TFRecordOptions, a
        TFRecordCompressionType value or a name; TF's ValueError for anything else."""
        if not options:
            return ""
        if isinstance(options, TFRecordOptions):
            return cls.get_compression_type_string(options.compression_type)
        if options in cls.compression_type_map:
            return cls.compression_type_map[options]
        if options in cls.compression_type_map.values():
            return options
        raise ValueError('Not a valid compression_type: "{}"'.format(options))


def _compression(options):
    return TFRecordOptions.get_compression_type_string(options) or None


class TFRecordWriter:
    """Writes records to a TFRecord file (TF1 `tf.python_io.TFRecordWriter`).

    >>> with tf.python_io.TFRecordWriter("data.tfrecord") as w:
    ...     w.write(example.SerializeToString())
    """

    def __init__(self, path, options=None):
        self._path = path
        try:
            self._writer = _records.TFRecordWriter(path, _compression(options))
        except FileNotFoundError as e:
            raise errors.NotFoundError(None, None, "%s; No such file or directory"
                                       % path) from e

    def write(self, record):
        if isinstance(record, str):
            record = record.encode()
        self._writer.write(record)

    def flush(self):
        self._writer.flush()

    def close(self):
        self._writer.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def tf_record_iterator(path, options=None):
    """Yields the records of a TFRecord file (TF1 `tf.python_io.tf_record_iterator`)."""
    try:
        yield from _records.tf_record_iterator(path, _compression(options))
    except FileNotFoundError as e:
        raise errors.NotFoundError(None, None, "%s; No such file or directory" % path) from e
    except RecordFormatError as e:
        raise errors.DataLossError(None, None, str(e)) from e


__all__ = ["TFRecordWriter", "tf_record_iterator", "TFRecordOptions",
           "TFRecordCompressionType"]


from tfcompat._unsupported import missing_attr as _missing_attr  # noqa: E402

__getattr__ = _missing_attr("python_io", __name__)

from tfcompat._unsupported import namespace_dir as _namespace_dir  # noqa: E402

__dir__ = _namespace_dir('python_io', __name__)   # TF's names, not this module's imports
