"""tf.python_io.TFRecordOptions as TF 1.15 keeps it: the compression_type given is kept as it
is (an int, a name, another TFRecordOptions), checked by get_compression_type_string, whose
name for each and whose ValueError are TF's (printed by TF 2.21 compat.v1)."""
import pytest


@pytest.mark.parametrize("given, kept, name", [
    (None, None, ""), ("", "", ""), (0, 0, ""), (1, 1, "ZLIB"), (2, 2, "GZIP"),
    ("ZLIB", "ZLIB", "ZLIB"), ("GZIP", "GZIP", "GZIP")])
def test_compression_type_is_kept_as_given(tf, given, kept, name):
    options = tf.python_io.TFRecordOptions(given)
    assert options.compression_type == kept and type(options.compression_type) is type(kept)
    assert tf.python_io.TFRecordOptions.get_compression_type_string(options) == name
    assert tf.python_io.TFRecordOptions.get_compression_type_string(given) == name


def test_other_names_are_refused(tf):
    for bad in ("gzip", "zip"):
        with pytest.raises(ValueError) as info:
            tf.python_io.TFRecordOptions(bad)
        assert str(info.value) == 'Not a valid compression_type: "%s"' % bad


def test_options_of_options_and_round_trip(tf, tmp_path):
    inner = tf.python_io.TFRecordOptions(2)
    outer = tf.python_io.TFRecordOptions(inner)
    assert outer.compression_type is inner
    assert tf.python_io.TFRecordOptions.get_compression_type_string(outer) == "GZIP"
    path = str(tmp_path / "r.tfrecord")
    for options in (tf.python_io.TFRecordOptions(1), "GZIP", outer):
        with tf.python_io.TFRecordWriter(path, options) as writer:
            writer.write(b"abc")
        assert list(tf.python_io.tf_record_iterator(path, options)) == [b"abc"]
