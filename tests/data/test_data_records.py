"""TFRecord files through tf.python_io and tf.data: round trips (plain, GZIP, ZLIB), damaged
files (DataLossError naming file and offset), text/fixed-length datasets, and interoperability
with real TensorFlow's reader and writer (skipped where /work/tfref/bin/python is absent)."""
from __future__ import annotations

import os
import subprocess

import numpy as np
import pytest

import tfcompat as tf

TF_PYTHON = "/work/tfref/bin/python"


def _example(i):
    return tf.train.Example(features=tf.train.Features(feature={
        "x": tf.train.Feature(int64_list=tf.train.Int64List(value=[i, 2 * i])),
        "name": tf.train.Feature(bytes_list=tf.train.BytesList(value=[b"r%d" % i])),
        "f": tf.train.Feature(float_list=tf.train.FloatList(value=[i / 2.0])),
    })).SerializeToString()


def _write(path, n=5, options=None):
    with tf.python_io.TFRecordWriter(path, options) as w:
        for i in range(n):
            w.write(_example(i))


def _read_all(filenames, compression=None):
    with tf.Graph().as_default():
        nxt = tf.data.TFRecordDataset(filenames, compression).make_one_shot_iterator().get_next()
        out = []
        with tf.Session() as sess:
            try:
                while True:
                    out.append(sess.run(nxt))
            except tf.errors.OutOfRangeError:
                pass
    return out


@pytest.mark.parametrize("compression", [None, "GZIP", "ZLIB"])
def test_round_trip(tmp_path, compression):
    path = str(tmp_path / "data.tfrecord")
    _write(path, 5, tf.python_io.TFRecordOptions(compression))
    assert list(tf.python_io.tf_record_iterator(path, compression)) == [_example(i)
                                                                          for i in range(5)]
    assert _read_all([path, path], compression) == [_example(i) for i in range(5)] * 2


def test_parse_pipeline(tmp_path):
    path = str(tmp_path / "data.tfrecord")
    _write(path, 5)
    features = {"x": tf.FixedLenFeature([2], tf.int64), "name": tf.VarLenFeature(tf.string),
                "f": tf.FixedLenFeature([], tf.float32)}
    with tf.Graph().as_default():
        ds = tf.data.TFRecordDataset(path).batch(2).map(
            lambda s: tf.parse_example(s, features))
        nxt = ds.make_one_shot_iterator().get_next()
        with tf.Session() as sess:
            first = sess.run(nxt)
    np.testing.assert_array_equal(first["x"], [[0, 0], [1, 2]])
    np.testing.assert_array_equal(first["f"], np.array([0.0, 0.5], np.float32))
    assert first["name"].values.tolist() == [b"r0", b"r1"]
    assert first["name"].indices.tolist() == [[0, 0], [1, 0]]


def _damaged(tmp_path, how):
    path = str(tmp_path / "data.tfrecord")
    _write(path, 5)
    data = bytearray(open(path, "rb").read())
    if how == "truncated":
        data = data[:-7]
    else:
        data[30] ^= 1
    bad = str(tmp_path / ("%s.tfrecord" % how))
    open(bad, "wb").write(bytes(data))
    return bad


@pytest.mark.parametrize("how,count,offset", [("truncated", 4, None), ("corrupted", 0, 12)])
def test_damaged_file_is_data_loss(tmp_path, how, count, offset):
    bad = _damaged(tmp_path, how)
    with tf.Graph().as_default():
        nxt = tf.data.TFRecordDataset(bad).make_one_shot_iterator().get_next()
        got = 0
        with tf.Session() as sess:
            with pytest.raises(tf.errors.DataLossError) as info:
                while True:
                    sess.run(nxt)
                    got += 1
    assert got == count
    assert bad in str(info.value) and ("%s record at" % how) in str(info.value)
    if offset is not None:
        assert "at %d" % offset in str(info.value)
    with pytest.raises(tf.errors.DataLossError, match=how):
        list(tf.python_io.tf_record_iterator(bad))


def test_missing_file_is_not_found(tmp_path):
    with pytest.raises(tf.errors.NotFoundError, match="No such file"):
        _read_all([str(tmp_path / "nope.tfrecord")])


def test_text_line_and_fixed_length_datasets(tmp_path):
    text = tmp_path / "a.txt"
    text.write_bytes(b"one\ntwo\r\nthree")
    raw = tmp_path / "b.bin"
    raw.write_bytes(b"HHabcdefFF")
    with tf.Graph().as_default():
        lines = tf.data.TextLineDataset(str(text)).batch(5).make_one_shot_iterator().get_next()
        recs = tf.data.FixedLengthRecordDataset(str(raw), 3, header_bytes=2, footer_bytes=2)
        recs = recs.batch(5).make_one_shot_iterator().get_next()
        with tf.Session() as sess:
            assert sess.run(lines).tolist() == [b"one", b"two", b"three"]
            assert sess.run(recs).tolist() == [b"abc", b"def"]


needs_tf = pytest.mark.skipif(not os.path.exists(TF_PYTHON), reason="real TensorFlow absent")


def _run_tf(code):
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    out = subprocess.run([TF_PYTHON, "-c", code], capture_output=True, text=True, env=env,
                         timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout


@needs_tf
def test_tensorflow_reads_our_records(tmp_path):
    paths = {}
    for compression in (None, "GZIP"):
        paths[compression] = str(tmp_path / ("ours_%s.tfrecord" % compression))
        _write(paths[compression], 3, compression)
    out = _run_tf(
        "import tensorflow as tf\n"
        "for compression, path in %r:\n"
        "    for r in tf.data.TFRecordDataset(path, compression):\n"
        "        e = tf.train.Example.FromString(r.numpy())\n"
        "        print(list(e.features.feature['x'].int64_list.value))\n"
        % sorted(paths.items(), key=str))
    assert out.split("\n")[:6] == ["[0, 0]", "[1, 2]", "[2, 4]"] * 2


@needs_tf
def test_we_read_tensorflow_records(tmp_path):
    paths = {c: str(tmp_path / ("theirs_%s.tfrecord" % c)) for c in (None, "ZLIB")}
    _run_tf(
        "import tensorflow as tf\n"
        "for compression, path in %r:\n"
        "    with tf.io.TFRecordWriter(path, compression) as w:\n"
        "        for i in range(3):\n"
        "            f = tf.train.Feature(int64_list=tf.train.Int64List(value=[i, 10 * i]))\n"
        "            w.write(tf.train.Example(features=tf.train.Features(feature={'x': f}))"
        ".SerializeToString())\n" % sorted(paths.items(), key=str))
    for compression, path in paths.items():
        with tf.Graph().as_default():
            ds = tf.data.TFRecordDataset(path, compression).map(
                lambda s: tf.parse_single_example(
                    s, {"x": tf.FixedLenFeature([2], tf.int64)})["x"])
            nxt = ds.batch(3).make_one_shot_iterator().get_next()
            with tf.Session() as sess:
                assert sess.run(nxt).tolist() == [[0, 0], [1, 10], [2, 20]]
