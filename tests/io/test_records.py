"""TFRecord framing, compression, and data-loss errors with file name and offset."""

from __future__ import annotations

import pytest

from tfcompat.io import RecordFormatError
from tfcompat.io.records import TFRecordWriter
from tfcompat.io.records import tf_record_iterator
from tfcompat.io.proto import example_pb2
from tfcompat.io.records import encode_record

COMPRESSIONS = {"": "", "GZIP": ".gz", "ZLIB": ".zlib"}


def _write(path, records, compression=None):
    with TFRecordWriter(str(path), compression) as writer:
        for record in records:
            writer.write(record)


def test_spec_test_vector():
    assert encode_record(b"hello").hex() == "0500000000000000eab2043e68656c6c6fbb1f1c19"


@pytest.mark.parametrize("compression", sorted(COMPRESSIONS))
def test_reads_tensorflow_examples(fixtures_dir, compression):
    path = fixtures_dir / f"records/examples.tfrecord{COMPRESSIONS[compression]}"
    examples = [
        example_pb2.Example.FromString(r) for r in tf_record_iterator(str(path), compression)
    ]
    assert [e.features.feature["id"].int64_list.value[0] for e in examples] == [0, 1, 2]
    assert list(examples[1].features.feature["x"].float_list.value) == [0.5, -1.0]
    assert examples[2].features.feature["name"].bytes_list.value[0] == b"ex2"


@pytest.mark.parametrize("compression", ["", "GZIP", "ZLIB", None, "gzip"])
def test_round_trip(tmp_path, compression):
    records = [b"", b"x", b"\x00" * 70000] + [bytes([i]) * i for i in range(200)]
    _write(tmp_path / "r", records, compression)
    assert list(tf_record_iterator(str(tmp_path / "r"), compression)) == records


def test_flush_makes_records_readable_before_close(tmp_path):
    for compression in ("", "GZIP"):
        writer = TFRecordWriter(str(tmp_path / "r"), compression)
        writer.write(b"one")
        writer.flush()
        if not compression:  # a flushed gzip stream is readable up to the flush point
            assert list(tf_record_iterator(str(tmp_path / "r"))) == [b"one"]
        writer.close()
        writer.close()  # idempotent
        with pytest.raises(ValueError, match="closed"):
            writer.write(b"two")


def test_append(tmp_path):
    _write(tmp_path / "r", [b"a"])
    with TFRecordWriter(str(tmp_path / "r"), append=True) as writer:
        writer.write(b"b")
    assert list(tf_record_iterator(str(tmp_path / "r"))) == [b"a", b"b"]
    with pytest.raises(ValueError, match="uncompressed"):
        TFRecordWriter(str(tmp_path / "r"), "GZIP", append=True)


def test_unknown_compression():
    with pytest.raises(ValueError, match="unknown compression type 'LZ4'"):
        TFRecordWriter("/nonexistent/r", "LZ4")


# Offsets below are the ones TensorFlow's tf_record_iterator reports for the same damage.
@pytest.mark.parametrize(
    "damage, message, offset",
    [
        (lambda d: d[:-3], "truncated record at 21' failed with Read less bytes than requested",
         21),
        (lambda d: d[:14], "truncated record at 0", 0),
        (lambda d: _flip(d, 14), "corrupted record at 12", 12),  # payload of record 1
        (lambda d: _flip(d, 9), r"corrupted record at 0 \(Is this even a TFRecord file\?\)", 0),
        (lambda d: _flip(d, 30), "corrupted record at 21", 21),  # length crc of record 2
    ],
)
def test_damaged_file_raises_with_file_and_offset(tmp_path, damage, message, offset):
    path = tmp_path / "r.tfrecord"
    _write(path, [b"hello", b"world!!"])
    path.write_bytes(damage(path.read_bytes()))
    iterator = tf_record_iterator(str(path))
    if offset > 12:
        assert next(iterator) == b"hello"  # records before the damage are still returned
    with pytest.raises(RecordFormatError, match=message) as info:
        list(iterator)
    assert info.value.filename == str(path) and info.value.offset == offset
    assert str(path) in str(info.value)


def _flip(data: bytes, i: int) -> bytes:
    out = bytearray(data)
    out[i] ^= 1
    return bytes(out)


@pytest.mark.parametrize("compression", ["GZIP", "ZLIB"])
def test_damaged_compressed_file_raises(tmp_path, compression):
    path = tmp_path / "r"
    _write(path, [bytes(range(256)) * 40], compression)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(RecordFormatError, match="truncated") as info:
        list(tf_record_iterator(str(path), compression))
    assert info.value.filename == str(path)
    path.write_bytes(data[:20] + bytes(b ^ 0x55 for b in data[20:40]) + data[40:])
    with pytest.raises(RecordFormatError, match=r"inflate\(\) failed with error -3: "):
        list(tf_record_iterator(str(path), compression))


def test_a_record_header_cut_short_ends_the_file(tmp_path):
    # TF 2.21 (RecordReader): a file ending inside a record's 12-byte header, as one still
    # being written does, just ends; a cut in the data or its checksum is DataLossError.
    path = tmp_path / "r.tfrecord"
    _write(path, [b"hello", b"world!!"])
    data = path.read_bytes()
    for cut in (0, 3, 11, 21, 21 + 5, 21 + 11):
        path.write_bytes(data[:cut])
        assert list(tf_record_iterator(str(path))) == [b"hello"][:cut // 21]


# -- interop with real TensorFlow ----------------------------------------------------------------

_TF_READS_OURS = """
RESULT = {}
for compression, path in ARGS["files"].items():
    records = tf.io.tf_record_iterator(path, tf.io.TFRecordOptions(compression or None))
    RESULT[compression] = [r.hex() for r in records]
"""


@pytest.mark.tf_interop
def test_tensorflow_reads_our_records(run_tf, tmp_path):
    records = [b"", b"abc", bytes(range(256)) * 100]
    files = {}
    for compression, suffix in COMPRESSIONS.items():
        files[compression] = str(tmp_path / f"r{suffix}")
        _write(files[compression], records, compression)
    result = run_tf(_TF_READS_OURS, files=files)
    for compression in COMPRESSIONS:
        assert [bytes.fromhex(r) for r in result[compression]] == records, compression
