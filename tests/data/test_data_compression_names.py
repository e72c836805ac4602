"""compression_type names as TF reads them: exactly "", "ZLIB" or "GZIP". TFRecordDataset reads
any other name as no compression (TF's RecordReaderOptions logs an error), so a compressed file
is a DataLossError; text, fixed-length and CSV readers raise InvalidArgumentError.
Expected behaviour from TensorFlow."""
from __future__ import annotations

import pytest


def _write_zlib(tf, path):
    opts = tf.python_io.TFRecordOptions(tf.python_io.TFRecordCompressionType.ZLIB)
    with tf.python_io.TFRecordWriter(path, options=opts) as w:
        w.write(b"abc")


@pytest.mark.parametrize("name", ["BZ2", "zlib", "ZLIB "])
def test_tfrecord_unknown_compression_reads_uncompressed(tf, tmp_path, name):
    path = str(tmp_path / "z.tfrecord")
    _write_zlib(tf, path)
    ctype = tf.placeholder(tf.string, [])
    it = tf.data.TFRecordDataset(path, compression_type=ctype).make_initializable_iterator()
    nxt = it.get_next()
    with tf.Session() as sess:
        sess.run(it.initializer, {ctype: name})  # no error here
        with pytest.raises(tf.errors.DataLossError, match="corrupted record at 0"):
            sess.run(nxt)
        sess.run(it.initializer, {ctype: "ZLIB"})
        assert sess.run(nxt) == b"abc"


def test_text_line_lower_case_name_is_invalid(tf, tmp_path):
    path = str(tmp_path / "t.txt")
    with open(path, "w") as f:
        f.write("a\nb\n")
    ctype = tf.placeholder(tf.string, [])
    it = tf.data.TextLineDataset(path, compression_type=ctype).make_initializable_iterator()
    nxt = it.get_next()
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match="Unsupported compression_type"):
            sess.run(it.initializer, {ctype: "gzip"})
            sess.run(nxt)
        sess.run(it.initializer, {ctype: ""})
        assert sess.run(nxt) == b"a"
