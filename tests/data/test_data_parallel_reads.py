"""File readers with `num_parallel_reads` (files interleaved a record at a time) and
`concatenate`'s TypeError. Expected values recorded from TF 2.21 compat.v1."""
import pytest


def _drain(tf, dataset):
    nxt = tf.data.make_one_shot_iterator(dataset).get_next()
    out = []
    with tf.Session() as sess:
        try:
            while True:
                out.append(sess.run(nxt))
        except tf.errors.OutOfRangeError:
            pass
    return out


@pytest.fixture
def shards(tf, tmp_path):
    names = []
    for s in range(3):
        path = str(tmp_path / ("shard-%d.tfr" % s))
        names.append(path)
        with tf.python_io.TFRecordWriter(path) as writer:
            for i in range(s + 2):
                writer.write(("s%d-r%d" % (s, i)).encode())
        with open(path + ".txt", "w") as f:
            f.write("\n".join("t%d-%d" % (s, i) for i in range(s + 1)) + "\n")
        with open(path + ".bin", "wb") as f:
            f.write(bytes([s] * (2 * (s + 1))))
    return names


def test_tfrecord_dataset_num_parallel_reads_interleaves_files(tf, shards):
    assert _drain(tf, tf.data.TFRecordDataset(shards, num_parallel_reads=1)) == [
        b"s0-r0", b"s0-r1", b"s1-r0", b"s1-r1", b"s1-r2", b"s2-r0", b"s2-r1", b"s2-r2", b"s2-r3"]
    two = tf.data.TFRecordDataset(shards, num_parallel_reads=2)
    assert tf.data.get_output_shapes(two).as_list() == []
    assert _drain(tf, two) == [b"s0-r0", b"s1-r0", b"s0-r1", b"s1-r1", b"s1-r2", b"s2-r0",
                               b"s2-r1", b"s2-r2", b"s2-r3"]
    assert _drain(tf, tf.data.TFRecordDataset(shards, num_parallel_reads=3)) == [
        b"s0-r0", b"s1-r0", b"s2-r0", b"s0-r1", b"s1-r1", b"s2-r1", b"s1-r2", b"s2-r2", b"s2-r3"]
    # a single (scalar) file name is read as a one-element list
    assert _drain(tf, tf.data.TFRecordDataset(tf.constant(shards[0]), num_parallel_reads=2)) == [
        b"s0-r0", b"s0-r1"]


def test_text_and_fixed_length_readers_num_parallel_reads(tf, shards):
    lines = tf.data.TextLineDataset([p + ".txt" for p in shards], num_parallel_reads=2)
    assert _drain(tf, lines) == [b"t0-0", b"t1-0", b"t1-1", b"t2-0", b"t2-1", b"t2-2"]
    fixed = tf.data.FixedLengthRecordDataset([p + ".bin" for p in shards], 2,
                                             num_parallel_reads=2)
    assert _drain(tf, fixed) == [b"\x00\x00", b"\x01\x01", b"\x01\x01", b"\x02\x02",
                                 b"\x02\x02", b"\x02\x02"]


@pytest.mark.tfcompat_only  # TF 1.15's message (TF 2.x reworded it)
def test_concatenate_of_different_types_names_both(tf):
    with pytest.raises(TypeError, match="Two datasets to concatenate have different types "
                                        "<dtype: 'int64'> and <dtype: 'string'>"):
        tf.data.Dataset.range(3).concatenate(tf.data.Dataset.from_tensors("a"))
