"""File datasets: `TFRecordDataset` (TF's record framing, optional GZIP/ZLIB),
`TextLineDataset` and `FixedLengthRecordDataset`; records are read in the session
(data/_runtime_io.py)."""
from __future__ import annotations

from tfcompat.data import _structure
from tfcompat.data.dataset_ops import DatasetV1
from tfcompat.data.dataset_ops import SourceDatasetV1
from tfcompat.data.dataset_ops import _int64
from tfcompat.data.dataset_ops import _make_dataset
from tfcompat.framework import dtypes
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.operation import Tensor
from tfcompat.ops.array_ops import reshape

_STRING_SPEC = _structure.ElementSpec(None, [_structure.Component(Tensor, dtypes.string, [])])


def _filenames(filenames):
    t = convert_to_tensor(filenames, dtype=dtypes.string, name="filenames")
    if t.shape.ndims not in (None, 0, 1):
        raise ValueError("`filenames` must be a `tf.Tensor` of dimension 0 or 1, but got "
                         "rank %d." % t.shape.ndims)
    return t


def _compression(compression_type):
    if compression_type is None:  # a Tensor (a placeholder) has no truth value
        compression_type = ""
    return convert_to_tensor(compression_type, dtype=dtypes.string, name="compression_type")


def _read_in_parallel(reader, filenames, num_parallel_reads, **kwargs):
    """TF's reader with `num_parallel_reads`: the files interleaved one record at a time,
    `num_parallel_reads` files at once (deterministic order)."""
    names = DatasetV1.from_tensor_slices(reshape(_filenames(filenames), [-1],
                                                 name="flat_filenames"))
    return names.interleave(lambda name: reader(name, **kwargs), cycle_length=num_parallel_reads,
                            block_length=1, num_parallel_calls=num_parallel_reads)


def _tfrecord(filenames, compression_type=None, buffer_size=None, num_parallel_reads=None):
    """The records of one or more TFRecord files, as scalar tf.string elements."""
    if num_parallel_reads is not None:
        return _read_in_parallel(_tfrecord, filenames, num_parallel_reads,
                                 compression_type=compression_type, buffer_size=buffer_size)
    inputs = [_filenames(filenames), _compression(compression_type),
              _int64(256 * 1024 if buffer_size is None else buffer_size, "buffer_size")]
    return _make_dataset("TFRecordDataset", inputs, _STRING_SPEC)


def _text_lines(filenames, compression_type=None, buffer_size=None, num_parallel_reads=None):
    """The lines of one or more text files (without the line ending)."""
    if num_parallel_reads is not None:
        return _read_in_parallel(_text_lines, filenames, num_parallel_reads,
                                 compression_type=compression_type, buffer_size=buffer_size)
    inputs = [_filenames(filenames), _compression(compression_type),
              _int64(256 * 1024 if buffer_size is None else buffer_size, "buffer_size")]
    return _make_dataset("TextLineDataset", inputs, _STRING_SPEC)


def _fixed_length(filenames, record_bytes, header_bytes=None, footer_bytes=None,
                  buffer_size=None, compression_type=None, num_parallel_reads=None):
    """Fixed-size records of one or more binary files (after a header, before a footer)."""
    if num_parallel_reads is not None:
        return _read_in_parallel(_fixed_length, filenames, num_parallel_reads,
                                 record_bytes=record_bytes, header_bytes=header_bytes,
                                 footer_bytes=footer_bytes, buffer_size=buffer_size,
                                 compression_type=compression_type)
    inputs = [_filenames(filenames), _int64(header_bytes or 0, "header_bytes"),
              _int64(record_bytes, "record_bytes"), _int64(footer_bytes or 0, "footer_bytes"),
              _int64(256 * 1024 if buffer_size is None else buffer_size, "buffer_size"),
              _compression(compression_type)]
    return _make_dataset("FixedLengthRecordDatasetV2", inputs, _STRING_SPEC)


class TFRecordDatasetV1(SourceDatasetV1):
    """The records of one or more TFRecord files, as scalar tf.string elements
    (`tf.data.TFRecordDataset(filenames, compression_type=None, buffer_size=None,
    num_parallel_reads=None)`)."""
    _build = staticmethod(_tfrecord)


class TextLineDatasetV1(SourceDatasetV1):
    """The lines of one or more text files, without the line ending
    (`tf.data.TextLineDataset(filenames, compression_type=None, buffer_size=None,
    num_parallel_reads=None)`)."""
    _build = staticmethod(_text_lines)


class FixedLengthRecordDatasetV1(SourceDatasetV1):
    """Fixed-size records of one or more binary files, after a header and before a footer
    (`tf.data.FixedLengthRecordDataset(filenames, record_bytes, header_bytes=None,
    footer_bytes=None, buffer_size=None, compression_type=None, num_parallel_reads=None)`)."""
    _build = staticmethod(_fixed_length)


# TF 1.15's exported names for its V1 reader classes
TFRecordDataset = TFRecordDatasetV1
TextLineDataset = TextLineDatasetV1
FixedLengthRecordDataset = FixedLengthRecordDatasetV1

__all__ = ["TFRecordDataset", "TextLineDataset", "FixedLengthRecordDataset", "DatasetV1"]
