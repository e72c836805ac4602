"""Record-parsing dataset functions (parse_single_example of fixed-shape dense features,
decode_raw, reshape, casts) give TF's batches and TF's errors at TF's positions: a batch
with a record missing a required feature, or with a string of another size, fails with the
first failing element's own error, and the next batch goes on (values recorded from TF 2.21
compat.v1). tfcompat maps such functions a chunk at a time (data/_vectorize.py) and maps a
failing chunk again element by element; the last test checks that it does take the chunk
path."""
from __future__ import annotations

import numpy as np
import pytest

MISSING = "Feature: image (data type: string) is required but could not be found"
RESHAPE = "Input to reshape is a tensor with 10 values, but the requested shape has 12"


def _write(tf, path):
    """11 records: `label` i, `score` [i / 2, -i], `image` 12 random bytes (10 for record 8,
    none for record 5)."""
    rng = np.random.RandomState(0)
    images = []
    with tf.io.TFRecordWriter(path) as writer:
        for i in range(11):
            feature = {"label": tf.train.Feature(int64_list=tf.train.Int64List(value=[i])),
                       "score": tf.train.Feature(float_list=tf.train.FloatList(
                           value=[i * 0.5, -i]))}
            image = None
            if i != 5:
                image = rng.randint(0, 256, 12 if i != 8 else 10).astype(np.uint8)
                feature["image"] = tf.train.Feature(bytes_list=tf.train.BytesList(
                    value=[image.tobytes()]))
            images.append(image)
            example = tf.train.Example(features=tf.train.Features(feature=feature))
            writer.write(example.SerializeToString())
    return images


def _features(tf, image_default=None):
    image = tf.io.FixedLenFeature([], tf.string) if image_default is None else \
        tf.io.FixedLenFeature([], tf.string, default_value=image_default)
    return {"image": image, "label": tf.io.FixedLenFeature([], tf.int64),
            "score": tf.io.FixedLenFeature([2], tf.float32)}


def _parse(tf, features):
    def parse(record):
        parsed = tf.io.parse_single_example(record, features)
        image = tf.reshape(tf.io.decode_raw(parsed["image"], tf.uint8), [2, 2, 3])
        return (tf.cast(image, tf.float32) / 255.0, tf.cast(parsed["label"], tf.int32),
                parsed["score"] * 2.0)
    return parse


def _run(tf, dataset, n=6):
    """Each get_next's values, or the error's class and TF's kernel text, until the end."""
    nxt = tf.data.make_one_shot_iterator(dataset).get_next()
    out = []
    with tf.Session() as sess:
        for _ in range(n):
            try:
                out.append(sess.run(nxt))
            except tf.errors.OutOfRangeError:
                out.append("end")
                break
            except tf.errors.InvalidArgumentError as e:
                out.append(MISSING if MISSING in e.message else
                           RESHAPE if RESHAPE in e.message else e.message)
    return out


def _check_batch(got, images, indices):
    image, label, score = got
    want = np.stack([images[i].reshape(2, 2, 3) for i in indices]).astype(np.float32)
    np.testing.assert_array_equal(image, want / np.float32(255))
    np.testing.assert_array_equal(label, np.array(indices, np.int32))
    np.testing.assert_array_equal(score, np.array([[i, -2 * i] for i in indices], np.float32))


def test_batches_fail_at_tf_positions(tf, tmp_path):
    path = str(tmp_path / "r.tfrecord")
    images = _write(tf, path)
    got = _run(tf, tf.data.TFRecordDataset(path).map(_parse(tf, _features(tf))).batch(4))
    # TF: [0..3], record 5's missing feature fails [4..7], record 8's 10 bytes fail [8..10]
    assert [g if isinstance(g, str) else "batch" for g in got] == ["batch", MISSING, RESHAPE,
                                                                    "end"]
    _check_batch(got[0], images, [0, 1, 2, 3])


def test_default_value_fills_the_missing_record(tf, tmp_path):
    path = str(tmp_path / "r.tfrecord")
    images = _write(tf, path)
    images[5] = np.full(12, 1, np.uint8)
    parse = _parse(tf, _features(tf, image_default=b"\x01" * 12))
    got = _run(tf, tf.data.TFRecordDataset(path).map(parse).batch(4))
    assert [g if isinstance(g, str) else "batch" for g in got] == ["batch", "batch", RESHAPE,
                                                                    "end"]
    _check_batch(got[1], images, [4, 5, 6, 7])


def test_unbatched_elements_fail_alone(tf, tmp_path):
    path = str(tmp_path / "r.tfrecord")
    _write(tf, path)
    got = _run(tf, tf.data.TFRecordDataset(path).map(_parse(tf, _features(tf))), 10)
    assert [g if isinstance(g, str) else int(g[1]) for g in got] == [
        0, 1, 2, 3, 4, MISSING, 6, 7, RESHAPE, 9]


def test_scalar_features_and_string_lengths(tf, tmp_path):
    path = str(tmp_path / "r.tfrecord")
    _write(tf, path)
    records = tf.data.TFRecordDataset(path)
    labels = records.map(lambda r: tf.io.parse_single_example(
        r, {"label": tf.io.FixedLenFeature([], tf.int64)})["label"] * 3).batch(5)
    assert [np.asarray(g).tolist() if not isinstance(g, str) else g
            for g in _run(tf, labels)] == [[0, 3, 6, 9, 12], [15, 18, 21, 24, 27], [30], "end"]
    lengths = records.map(lambda r: tf.strings.length(tf.io.parse_single_example(
        r, {"image": tf.io.FixedLenFeature([], tf.string, default_value="")})["image"]))
    assert [np.asarray(g).tolist() if not isinstance(g, str) else g
            for g in _run(tf, lengths.batch(4))] == [[12, 12, 12, 12], [12, 0, 12, 12],
                                                      [10, 12, 12], "end"]


@pytest.mark.tfcompat_only
def test_record_parsing_runs_a_chunk_at_a_time(tf):
    from tfcompat.data._function import TracedFunction        # lazy: tfcompat internals
    from tfcompat.data._structure import Component            # lazy: tfcompat internals
    from tfcompat.data._structure import ElementSpec          # lazy: tfcompat internals
    with tf.Graph().as_default():
        spec = ElementSpec(None, [Component(tf.Tensor, tf.string, [])])
        traced = TracedFunction(_parse(tf, _features(tf)), spec, "test")
        assert traced.vectorized_runner() is not None
        # a variable-length feature keeps the per-element plan
        ragged = {"v": tf.io.FixedLenSequenceFeature([], tf.int64, allow_missing=True)}
        traced = TracedFunction(lambda r: tf.io.parse_single_example(r, ragged)["v"], spec,
                                "test")
        assert traced.vectorized_runner() is None
