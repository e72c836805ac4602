"""Byte-level corruption sweeps: damaged checkpoints, TFRecord and event files end in a
tf.errors class naming the file (and, for a checkpoint entry, the key), never in another
exception, a hang or a partial restore.

Checkpoints: the index and the data file truncated at many lengths, a bit flipped in every
byte, and crafted entries (dtypes, shapes, sizes, offsets, shards, checksums, slices, header
fields) written with valid table checksums, each read through `tf.train.NewCheckpointReader`
and restored with `tf.train.Saver` (both its in-place path and the RestoreV2 op path): a
failed restore must leave every variable as it was. Records: TFRecord (plain, GZIP, ZLIB) and
event files truncated at every byte and bit-flipped, read by `tf_record_iterator`,
`summary_iterator` and `TFRecordDataset`, which must agree with each other and with TF's
rules (recorded with TF 2.21 compat.v1): a file cut inside a record's 12-byte header ends
there; a cut in a record's data or its checksum, or any flipped byte, is DataLossError after
the records before it.

TFCOMPAT_LONG_FAULT_TESTS=1 runs every byte and every bit (thousands of variants); the
default run samples a few hundred.
"""
from __future__ import annotations

import os
import zlib
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from tfcompat import errors
from tfcompat.io import write_bundle
from tfcompat.io._table import build_table
from tfcompat.io._table import read_table
from tfcompat.io.proto import tensor_bundle_pb2 as tb
from tfcompat.io.records import TFRecordWriter

pytestmark = pytest.mark.tfcompat_only

LONG = os.environ.get("TFCOMPAT_LONG_FAULT_TESTS") == "1"
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
TF_CLASSES = (errors.DataLossError, errors.NotFoundError, errors.InvalidArgumentError,
              errors.UnimplementedError)

VALUES = {"a": np.arange(6, dtype=np.float32).reshape(2, 3), "b": np.arange(4, dtype=np.int64),
          "c": np.array([True, False, True]), "e": np.zeros([0, 2], np.float32),
          "h": np.array([1.5, -2.0], np.float32),
          "s": np.array([b"xy", b"hello", b""], dtype=object)}
RESTORED = ("a", "b", "c", "h")  # the variables the restore graphs hold
SENTINEL = -7


def _class(e: BaseException) -> str:
    assert isinstance(e, TF_CLASSES), "%s: %s" % (type(e).__name__, e)
    return errors.exception_type_from_error_code(e.error_code).__name__


class _Restorer:
    """A graph holding RESTORED (set to SENTINEL), a Saver restoring in place and a Saver
    restoring through the RestoreV2 op (reshape=True)."""

    def __init__(self, tf):
        self.tf = tf
        self.vars = {}
        for name in RESTORED:
            value = VALUES[name]
            dtype = tf.bfloat16 if name == "h" else tf.as_dtype(value.dtype)
            self.vars[name] = tf.Variable(tf.cast(tf.fill(value.shape, SENTINEL), dtype),
                                          name=name)
        self.savers = [tf.train.Saver(list(self.vars.values())),
                       tf.train.Saver(list(self.vars.values()), reshape=True)]
        self.sess = tf.Session()
        self.init = tf.global_variables_initializer()

    def restore(self, prefix, which) -> str:
        self.sess.run(self.init)
        before = self.sess.run(self.vars)
        try:
            self.savers[which].restore(self.sess, prefix)
        except Exception as e:  # noqa: BLE001 - the class is the point
            outcome = _class(e)
            _assert_names(e, prefix)
            for name, v in self.vars.items():  # nothing was restored
                np.testing.assert_array_equal(self.sess.run(v), before[name], str(e))
            return outcome
        for name, v in self.vars.items():
            np.testing.assert_array_equal(self.sess.run(v).astype(np.float64),
                                          VALUES[name].astype(np.float64))
        return "restored"


def _assert_names(e, prefix, key=None):
    text = str(e)
    if "Assign requires shapes of both tensors to match" in text:
        return  # a valid entry of another shape than the variable: TF's text, naming the node
    assert prefix in text, "the message does not name the file: %s" % text
    if key is not None:
        assert key in text, "the message does not name the entry %r: %s" % (key, text)


def _read_all(tf, prefix, key=None) -> str:
    """NewCheckpointReader: open, list, read every tensor."""
    try:
        reader = tf.train.NewCheckpointReader(prefix)
        reader.get_variable_to_shape_map()
        reader.get_variable_to_dtype_map()
        reader.debug_string()
        for name in sorted(reader.get_variable_to_shape_map()):
            reader.get_tensor(name)
    except Exception as e:  # noqa: BLE001 - the class is the point
        _assert_names(e, prefix, key)
        return _class(e)
    return "read"


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    d = tmp_path_factory.mktemp("base")
    write_bundle(str(d / "m"), VALUES, dtypes={"h": 14})  # DT_BFLOAT16
    return {"index": (d / "m.index").read_bytes(),
            "data": (d / "m.data-00000-of-00001").read_bytes()}


class _Sweep:
    def __init__(self, tf, tmp_path):
        self.tf, self.dir, self.n = tf, tmp_path, 0
        self.restorer = _Restorer(tf)
        self.outcomes = {"reader": Counter(), "restore": Counter()}

    def check(self, index, data, restore=True, key=None):
        """One variant: writes it, reads it, restores it (alternating the two restore paths)."""
        self.n += 1
        prefix = str(self.dir / ("v%d" % self.n) / "m")
        os.makedirs(os.path.dirname(prefix))
        Path(prefix + ".index").write_bytes(index)
        if data is not None:
            Path(prefix + ".data-00000-of-00001").write_bytes(data)
        self.outcomes["reader"][_read_all(self.tf, prefix, key)] += 1
        if restore:
            self.outcomes["restore"][self.restorer.restore(prefix, self.n % 2)] += 1

    def report(self, what):
        print("\n%s: %d variants; reader %s; restore %s" % (
            what, self.n, dict(self.outcomes["reader"]), dict(self.outcomes["restore"])))


def _positions(size, fast_count):
    return range(size) if LONG else sorted(set(np.linspace(0, size - 1, fast_count, dtype=int)))


def _flip(data: bytes, pos: int, bit: int) -> bytes:
    out = bytearray(data)
    out[pos] ^= 1 << bit
    return bytes(out)


def test_truncated_and_bit_flipped_checkpoints(tf, tmp_path, base):
    sweep = _Sweep(tf, tmp_path)
    index, data = base["index"], base["data"]
    for cut in _positions(len(index), 60):
        sweep.check(index[:cut], data)
    for cut in _positions(len(data), 30):
        sweep.check(index, data[:cut])
    bits = range(8) if LONG else (None,)
    for pos in _positions(len(index), 80):
        for bit in bits:
            sweep.check(_flip(index, pos, pos % 8 if bit is None else bit), data)
    for pos in _positions(len(data), 40):
        for bit in bits:
            sweep.check(index, _flip(data, pos, pos % 8 if bit is None else bit))
    sweep.check(b"", data)
    sweep.check(index, None)  # the data file is missing
    sweep.report("truncated/bit-flipped checkpoints")
    assert sweep.outcomes["reader"]["DataLossError"] > 100


# -- crafted entries: valid table checksums, impossible contents -------------------------------

def _craft(index: bytes, key: bytes, change) -> bytes:
    """The index with `change(proto)` applied to the entry `key` (b"": the header)."""
    table = read_table(index, "x")
    out = []
    for k, v in table:
        if k == key:
            proto = (tb.BundleHeaderProto if k == b"" else tb.BundleEntryProto).FromString(v)
            change(proto)
            v = proto.SerializeToString()
        out.append((k, v))
    return build_table(out)


def _setter(field, value):
    def change(p):
        if field == "dims":
            del p.shape.dim[:]
            for d in value:
                p.shape.dim.add(size=d)
        elif field == "unknown_rank":
            p.shape.unknown_rank = True
        elif field == "slice":
            p.slices.add().extent.add(start=value, length=1)
        else:
            setattr(p, field, value)
    return change


ENTRY_CHANGES = (
    [("dtype", v) for v in (0, -1, 1000, 1 << 30, 20, 21, 101, 7, 1, 3, 9, 14, 19)]
    + [("dims", v) for v in ([-1], [-1, 3], [1 << 40], [1 << 32] * 3, [1 << 62, 4], [], [0],
                             [7], [3, 2], [1] * 40)]
    + [("unknown_rank", True)]
    + [("offset", v) for v in (-1, -(1 << 63), 1, 2, 1 << 40, (1 << 63) - 1)]
    + [("size", v) for v in (-1, 0, 1, 23, 25, 1 << 31, 1 << 62, (1 << 63) - 1)]
    + [("shard_id", v) for v in (-1, 1, 5, (1 << 31) - 1)]
    + [("crc32c", v) for v in (0, 1, 0xFFFFFFFF)]
    + [("slice", v) for v in (0, 5)]
)
HEADER_CHANGES = [("num_shards", v) for v in (0, -1, 2, 7, (1 << 31) - 1)] + [
    ("endianness", 1)]


def test_crafted_checkpoint_entries(tf, tmp_path, base):
    sweep = _Sweep(tf, tmp_path)
    index, data = base["index"], base["data"]
    for key in VALUES:
        for field, value in ENTRY_CHANGES:
            crafted = _craft(index, key.encode(), _setter(field, value))
            sweep.check(crafted, data, key=key, restore=key in RESTORED or LONG)
    for field, value in HEADER_CHANGES:
        sweep.check(_craft(index, b"", _setter(field, value)), data)

    def version(v):
        return lambda h: (h.version.__setattr__("min_consumer", v))

    sweep.check(_craft(index, b"", version(2)), data)
    sweep.check(_craft(index, b"", lambda h: h.version.bad_consumers.append(1)), data)
    table = read_table(index, "x")
    sweep.check(build_table([table[0], (b"a", b"\xff\xff\xff")] + table[2:]), data)  # no proto
    sweep.check(build_table(table[1:]), data)  # no header entry
    sweep.check(build_table([table[0], (b"\x00junk", table[1][1])] + table[1:]), data)
    sweep.report("crafted checkpoints")
    classes = set(sweep.outcomes["reader"]) | set(sweep.outcomes["restore"])
    assert {"DataLossError", "NotFoundError", "InvalidArgumentError"} <= classes


def test_crafted_slices_of_a_partitioned_tensorflow_checkpoint(tf, tmp_path):
    # TF's fixture holds a partitioned variable: a full entry with `slices` and slice entries.
    from dtype_values import PARTITIONED_NAME
    src = FIXTURES / "dtypes_ckpt"
    index = (src / "dtypes.index").read_bytes()
    data = (src / "dtypes.data-00000-of-00001").read_bytes()
    sweep = _Sweep(tf, tmp_path)
    name = PARTITIONED_NAME.encode()
    slice_keys = [k for k, _ in read_table(index, "x") if k.startswith(b"\x00")]
    assert slice_keys

    def extent(start, length):
        return lambda p: (p.slices[0].extent[0].__setattr__("start", start),
                          p.slices[0].extent[0].__setattr__("length", length))

    changes = [extent(-1, 2), extent(0, 1 << 40), extent(1 << 40, 1), extent(5, 5),
               _setter("dims", [1 << 40, 3]), _setter("dims", [1]), _setter("dtype", 9),
               lambda p: p.slices.add()]
    for change in changes:
        sweep.check(_craft(index, name, change), data, restore=False)
    for key in slice_keys:
        for field, value in ENTRY_CHANGES:
            sweep.check(_craft(index, key, _setter(field, value)), data, restore=False)
        table = [(k, v) for k, v in read_table(index, "x") if k != key]
        sweep.check(build_table(table), data, restore=False)  # a slice is missing
    sweep.report("crafted partitioned checkpoints")


# -- TFRecord and event files -----------------------------------------------------------------

RECORDS = [b"alpha", b"", b"c" * 300, bytes(range(256))]


def _expected_plain_truncation(sizes, cut):
    """TF's outcome for a plain file cut at `cut`: (records read, error class or None)."""
    pos = 0
    for i, size in enumerate(sizes):
        end = pos + 16 + size
        if cut < end:
            return i, (None if cut < pos + 12 else "DataLossError")
        pos = end
    return len(sizes), None


class _RecordReaders:
    def __init__(self, tf):
        self.tf = tf
        self.path = tf.placeholder(tf.string, [])
        self.compression = tf.placeholder(tf.string, [])
        dataset = tf.data.TFRecordDataset(self.path, compression_type=self.compression)
        self.iterator = tf.data.make_initializable_iterator(dataset)
        self.next = self.iterator.get_next()
        self.sess = tf.Session()

    def _collect(self, records):
        out = []
        try:
            for r in records:
                out.append(r)
        except Exception as e:  # noqa: BLE001 - the class is the point
            return out, _class(e), str(e)
        return out, None, ""

    def python_io(self, path, compression):
        options = self.tf.python_io.TFRecordOptions(compression or None)
        return self._collect(self.tf.python_io.tf_record_iterator(path, options))

    def dataset(self, path, compression):
        self.sess.run(self.iterator.initializer, {self.path: path,
                                                  self.compression: compression})

        def records():
            while True:
                try:
                    yield self.sess.run(self.next)
                except self.tf.errors.OutOfRangeError:
                    return

        return self._collect(records())

    def events(self, path):
        return self._collect(e.SerializeToString()
                             for e in self.tf.train.summary_iterator(path))


def _write_records(path, compression):
    with TFRecordWriter(str(path), compression) as w:
        for r in RECORDS:
            w.write(r)


@pytest.mark.parametrize("compression", ["", "GZIP", "ZLIB"])
def test_truncated_and_bit_flipped_record_files(tf, tmp_path, compression):
    readers = _RecordReaders(tf)
    _write_records(tmp_path / "full", compression)
    full = (tmp_path / "full").read_bytes()
    outcomes, n = Counter(), 0
    variants = [("cut", c, full[:c]) for c in _positions(len(full), 120)]
    bits = range(8) if LONG else (None,)
    variants += [("flip", p, _flip(full, p, p % 8 if b is None else b))
                 for p in _positions(len(full), 120) for b in bits]
    for kind, pos, damaged in variants:
        n += 1
        path = str(tmp_path / ("r%d" % n))
        Path(path).write_bytes(damaged)
        got = readers.python_io(path, compression)
        assert readers.dataset(path, compression)[:2] == got[:2], (kind, pos)
        records, error, text = got
        assert records == RECORDS[:len(records)], (kind, pos)
        if error:
            assert error == "DataLossError" and path in text, (kind, pos, text)
        if not compression and kind == "cut":
            assert (len(records), error) == _expected_plain_truncation(
                [len(r) for r in RECORDS], pos), pos
        if not compression and kind == "flip":
            assert error == "DataLossError", pos  # every byte is under a checksum
        outcomes["%s: %s" % (kind, error or "ended after %d records" % len(records))] += 1
    print("\nTFRecord %r: %d variants: %s" % (compression or "plain", n, dict(outcomes)))


def test_truncated_and_bit_flipped_event_files(tf, tmp_path):
    readers = _RecordReaders(tf)
    logdir = tmp_path / "logs"
    writer = tf.summary.FileWriter(str(logdir))
    for step in range(4):
        writer.add_summary(tf.Summary(value=[tf.Summary.Value(tag="loss",
                                                              simple_value=step / 3)]), step)
    writer.close()
    (name,) = os.listdir(logdir)
    full = (logdir / name).read_bytes()
    events = [e for e in tf.train.summary_iterator(str(logdir / name))]
    assert [e.step for e in events] == [0, 0, 1, 2, 3]
    sizes = [len(e.SerializeToString()) for e in events]
    outcomes, n = Counter(), 0
    variants = [("cut", c, full[:c]) for c in _positions(len(full), 100)]
    variants += [("flip", p, _flip(full, p, p % 8)) for p in _positions(len(full), 100)]
    for kind, pos, damaged in variants:
        n += 1
        path = str(tmp_path / ("events.out.tfevents.%d" % n))
        Path(path).write_bytes(damaged)
        records, error, text = readers.events(path)
        assert records == [e.SerializeToString() for e in events[:len(records)]]
        raw, raw_error, _ = readers.python_io(path, "")
        assert (len(raw), raw_error) == (len(records), error)
        if kind == "cut":
            assert (len(records), error) == _expected_plain_truncation(sizes, pos), pos
        else:
            assert error == "DataLossError" and path in text, pos
        outcomes["%s: %s" % (kind, error or "ended")] += 1
    print("\nevent files: %d variants: %s" % (n, dict(outcomes)))


def test_a_record_that_is_no_event_is_data_loss(tf, tmp_path):
    # TF 2.21 lets protobuf's DecodeError out of summary_iterator; tfcompat: DataLossError.
    path = str(tmp_path / "events.out.tfevents.1")
    with TFRecordWriter(path) as w:
        w.write(b"\xff\xff\xff")
    with pytest.raises(errors.DataLossError, match="record 0 is not an Event") as info:
        list(tf.train.summary_iterator(path))
    assert path in str(info.value)
    with pytest.raises(errors.NotFoundError, match="No such file or directory"):
        list(tf.train.summary_iterator(str(tmp_path / "missing")))


def test_compressed_stream_errors_use_tensorflow_text(tf, tmp_path):
    # TF 2.21: "inflate() failed with error -3: incorrect data check" for a damaged stream and
    # "truncated record at 21' failed with EOF reached" for one cut inside record 2's data.
    path = tmp_path / "r.gz"
    _write_records(path, "GZIP")
    data = bytearray(path.read_bytes())
    data[-6] ^= 0xFF  # inside the gzip trailer's CRC-32
    path.write_bytes(bytes(data))
    with pytest.raises(errors.DataLossError, match=r"inflate\(\) failed with error -3: "):
        list(tf.python_io.tf_record_iterator(str(path), "GZIP"))
    from tfcompat.io.records import encode_record
    plain = b"".join(encode_record(r) for r in RECORDS)
    packed = zlib.compress(plain)
    start = len(encode_record(RECORDS[0])) + len(encode_record(RECORDS[1]))
    for cut in range(len(packed)):  # the first cut whose output ends inside record 3's data
        if len(zlib.decompressobj().decompress(packed[:cut])) > start + 12:
            break
    path.write_bytes(packed[:cut])
    records = []
    with pytest.raises(errors.DataLossError,
                       match="truncated record at %d' failed with EOF reached" % start):
        for r in tf.python_io.tf_record_iterator(str(path), "ZLIB"):
            records.append(r)
    assert records == RECORDS[:2]
