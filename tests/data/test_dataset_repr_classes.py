"""File datasets are instances of TF's reader classes (`isinstance(ds, tf.data.TFRecordDataset)`,
TF 1.15's class names TFRecordDatasetV1 ...), their transformations plain datasets; a dataset's
repr is TF 1.15's: `<DatasetV1Adapter shapes: {a: (?, 2)}, types: {a: tf.float32}>` (str of
each shape, repr of each dtype, quotes dropped; TF 2.21 prints its element_spec instead)."""
import collections
import os

import numpy as np
import pytest


def _files(tmp_path):
    text = os.path.join(str(tmp_path), "a.txt")
    with open(text, "w") as f:
        f.write("x\ny\n")
    binary = os.path.join(str(tmp_path), "b.bin")
    with open(binary, "wb") as f:
        f.write(b"abcdef")
    return text, binary


def test_reader_datasets_are_instances_of_their_classes(tf, tmp_path):
    text, binary = _files(tmp_path)
    lines = tf.data.TextLineDataset(text)
    parallel = tf.data.TextLineDataset([text, text], num_parallel_reads=2)
    fixed = tf.data.FixedLengthRecordDataset(binary, 3)
    mapped = lines.map(lambda s: s)
    assert isinstance(lines, tf.data.TextLineDataset) and isinstance(lines, tf.data.Dataset)
    assert isinstance(parallel, tf.data.TextLineDataset)
    assert isinstance(fixed, tf.data.FixedLengthRecordDataset)
    assert not isinstance(mapped, tf.data.TextLineDataset)
    assert not isinstance(lines, tf.data.TFRecordDataset)
    assert [c.__name__ for c in (tf.data.TextLineDataset, tf.data.TFRecordDataset,
                                 tf.data.FixedLengthRecordDataset)] == [
        "TextLineDatasetV1", "TFRecordDatasetV1", "FixedLengthRecordDatasetV1"]
    with tf.Session() as sess:
        assert [sess.run(tf.data.make_one_shot_iterator(d).get_next())
                for d in (lines, parallel, fixed, mapped)] == [b"x", b"x", b"abc", b"x"]


@pytest.mark.tfcompat_only
def test_dataset_repr_is_tf_115s(tf, tmp_path):
    text, _ = _files(tmp_path)
    point = collections.namedtuple("P", "x y")
    batched = tf.data.Dataset.from_tensor_slices(
        {"a": np.zeros([4, 2], np.float32), "b": np.zeros([4], np.int32)}).batch(2)
    nested = tf.data.Dataset.range(3).map(lambda z: (z, (z, tf.cast(z, tf.float32))))
    assert [repr(d) for d in (tf.data.Dataset.range(3), batched, nested,
                              tf.data.Dataset.range(3).map(lambda z: point(z, z)),
                              tf.data.TextLineDataset(text))] == [
        "<DatasetV1Adapter shapes: (), types: tf.int64>",
        "<DatasetV1Adapter shapes: {a: (?, 2), b: (?,)}, types: {a: tf.float32, b: tf.int32}>",
        "<DatasetV1Adapter shapes: ((), ((), ())), types: (tf.int64, (tf.int64, tf.float32))>",
        "<DatasetV1Adapter shapes: P(x=(), y=()), types: P(x=tf.int64, y=tf.int64)>",
        "<TextLineDatasetV1 shapes: (), types: tf.string>"]


def test_random_dataset_is_its_class(tf):
    random = tf.data.experimental.RandomDataset(seed=3)
    assert isinstance(random, tf.data.experimental.RandomDataset)
    assert tf.data.experimental.RandomDataset.__name__ == "RandomDatasetV1"
    with tf.Session() as sess:
        assert sess.run(tf.data.make_one_shot_iterator(random).get_next()) == 3534849767
