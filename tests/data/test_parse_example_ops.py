"""tf.parse_example / tf.parse_single_example as TF 1.15 builds and runs them: the ParseExample and
ParseSingleExample ops with TF's OpDef signatures (so exported graphs import into TensorFlow),
a FixedLenSequenceFeature as a dense shape with an unknown first dimension, and the kernels'
error texts. Values were recorded from TF 2.21 compat.v1; texts that TF 2.x reworded are TF
1.15's (its example_proto_fast_parsing.cc) and those tests are tfcompat-only."""
from __future__ import annotations

import pytest


def _example(tf, **features):
    out = {}
    for key, value in features.items():
        if value is None:
            out[key] = tf.train.Feature()
        elif value == "empty_float_list":
            out[key] = tf.train.Feature(float_list=tf.train.FloatList())
        elif isinstance(value[0], float):
            out[key] = tf.train.Feature(float_list=tf.train.FloatList(value=value))
        elif isinstance(value[0], int):
            out[key] = tf.train.Feature(int64_list=tf.train.Int64List(value=value))
        else:
            out[key] = tf.train.Feature(bytes_list=tf.train.BytesList(value=value))
    return tf.train.Example(features=tf.train.Features(feature=out)).SerializeToString()


def _run(tf, fetch):
    with tf.Session() as sess:
        return sess.run(fetch)


def _error(tf, fetch):
    """The kernel's text of the InvalidArgumentError running `fetch` raises (without the
    "[[node ...]]" line, or TF 2's traceback around it)."""
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            sess.run(fetch)
    lines = [line for line in info.value.message.split("\n") if line.strip() and not
             line.startswith((" ", "\t", "Graph execution", "Detected at", "Node:", "Original"))]
    return lines[0]


def test_fixed_len_sequence_feature_values_and_shapes(tf):
    records = [_example(tf, q=[1., 2., 3., 4.]), _example(tf, q=[5., 6.]), _example(tf, f=[1.])]
    padded = tf.parse_example(records, {"q": tf.FixedLenSequenceFeature(
        [2], tf.float32, allow_missing=True, default_value=-1.)})["q"]
    zeros = tf.parse_example(records, {"q": tf.FixedLenSequenceFeature(
        [2], tf.float32, allow_missing=True)})["q"]
    single = tf.parse_single_example(records[0], {"q": tf.FixedLenSequenceFeature(
        [2], tf.float32, allow_missing=True)})["q"]
    assert padded.shape.as_list() == [3, None, 2] and single.shape.as_list() == [None, 2]
    got = _run(tf, [padded, zeros, single])
    assert got[0].tolist() == [[[1., 2.], [3., 4.]], [[5., 6.], [-1., -1.]],
                               [[-1., -1.], [-1., -1.]]]
    assert got[1].tolist() == [[[1., 2.], [3., 4.]], [[5., 6.], [0., 0.]], [[0., 0.], [0., 0.]]]
    assert got[2].tolist() == [[1., 2.], [3., 4.]]


def test_feature_without_a_kind_is_missing(tf):
    record = _example(tf, f=None)
    parsed = tf.parse_example([record], {
        "f": tf.FixedLenFeature([], tf.float32, default_value=9.),
        "v": tf.VarLenFeature(tf.float32)})
    single = tf.parse_single_example(record, {"f": tf.FixedLenFeature([], tf.float32,
                                                                      default_value=9.)})
    got = _run(tf, [parsed, single])
    assert got[0]["f"].tolist() == [9.0] and got[0]["v"].dense_shape.tolist() == [1, 0]
    assert got[1]["f"] == 9.0


def test_empty_list_of_the_right_kind_is_not_missing(tf):
    record = _example(tf, f="empty_float_list")
    parsed = tf.parse_example([record], {"f": tf.FixedLenFeature([], tf.float32,
                                                                 default_value=9.)})["f"]
    assert _error(tf, parsed) == ("Name: <unknown>, Key: f, Index: 0.  Number of float values "
                                  "!= expected.  Values size: 0 but output shape: []")


def test_batch_error_texts(tf):
    records = [_example(tf, a=[1, 2], s=[b"x", b"y", b"z"], q=[1., 2., 3., 4.])]
    cases = [
        ({"a": tf.FixedLenFeature([], tf.int64)},
         "Name: <unknown>, Key: a, Index: 0.  Number of int64 values != expected.  Values size: "
         "2 but output shape: []"),
        ({"a": tf.FixedLenFeature([2], tf.float32, default_value=[0., 0.])},
         "Name: <unknown>, Key: a, Index: 0.  Data types don't match. Data type: int64 but "
         "expected type: float"),
        ({"a": tf.VarLenFeature(tf.float32)},
         "Name: <unknown>, Key: a, Index: 0.  Data types don't match. Expected type: float, "
         "Actual type: int64"),
        ({"q": tf.FixedLenSequenceFeature([3], tf.float32, allow_missing=True)},
         "Name: <unknown>, Key: q, Index: 0.  Number of float values is not a multiple of stride "
         "length. Saw 4 values but output shape is: [?,3]"),
        ({"f": tf.FixedLenFeature([], tf.float32)},
         "Name: <unknown>, Feature: f (data type: float) is required but could not be found."),
    ]
    for features, text in cases:
        assert _error(tf, tf.parse_example(records, features)) == text


@pytest.mark.tfcompat_only
def test_batch_too_many_strings_text_of_tf115(tf):
    # TF 2.x says "Can't parse serialized Example." here
    record = _example(tf, s=[b"x", b"y", b"z"])
    parsed = tf.parse_example([record], {"s": tf.FixedLenFeature([2], tf.string,
                                                                 default_value=["a", "b"])})
    assert _error(tf, parsed) == ("Name: <unknown>, Key: s, Index: 0.  Number of bytes values "
                                  "!= expected.  Values size: 3 but output shape: [2]")


@pytest.mark.tfcompat_only
def test_single_example_error_texts_of_tf115(tf):
    # ParseSingleExample's kernel names only the key; TF 2.x appends details to some texts
    record = _example(tf, a=[1, 2], q=[1., 2., 3., 4.])
    cases = [
        ({"a": tf.FixedLenFeature([], tf.int64)}, "Key: a.  Can't parse serialized Example."),
        ({"a": tf.FixedLenFeature([2], tf.float32, default_value=[0., 0.])},
         "Key: a.  Data types don't match. Data type: int64 but expected type: float"),
        ({"a": tf.VarLenFeature(tf.float32)},
         "Key: a.  Data types don't match. Expected type: float, Actual type: int64"),
        ({"q": tf.FixedLenSequenceFeature([3], tf.float32, allow_missing=True)},
         "Key: q.  Can't parse serialized Example."),
        ({"f": tf.FixedLenFeature([], tf.float32)},
         "Feature: f (data type: float) is required but could not be found."),
    ]
    for features, text in cases:
        assert _error(tf, tf.parse_single_example(record, features)) == text


@pytest.mark.tfcompat_only
def test_feature_spec_errors_of_tf115(tf):
    with pytest.raises(ValueError, match=r"^Missing: features was \{\}\.$"):
        tf.parse_example(["x"], {})
    with pytest.raises(ValueError, match="^Missing shape for feature a.$"):
        tf.parse_example(["x"], {"a": tf.FixedLenFeature(None, tf.int64)})
    with pytest.raises(ValueError, match="^First dimension of shape for feature a unknown. "
                                         "Consider using FixedLenSequenceFeature.$"):
        tf.parse_example(["x"], {"a": tf.FixedLenFeature([None, 2], tf.int64)})
    with pytest.raises(ValueError, match="requires allow_missing to be True"):
        tf.parse_example(["x"], {"a": tf.FixedLenSequenceFeature([], tf.int64)})


@pytest.mark.tfcompat_only
def test_ops_have_tf_signatures(tf):
    # TF 1.15's OpDefs, so that TensorFlow imports the GraphDef (checked by importing it there)
    serialized = tf.placeholder(tf.string, [None])
    features = {"a": tf.VarLenFeature(tf.int64),
                "b": tf.FixedLenFeature([2], tf.float32, default_value=[1., 2.]),
                "q": tf.FixedLenSequenceFeature([2], tf.int64, allow_missing=True)}
    batch = tf.parse_example(serialized, features)
    single = tf.parse_single_example(tf.placeholder(tf.string, []), features)
    op = batch["b"].op
    assert op.name == "ParseExample/ParseExample" and op.type == "ParseExample"
    assert [t.op.name for t in op.inputs] == [
        "Placeholder", "ParseExample/ParseExample/names", "ParseExample/ParseExample/sparse_keys_0",
        "ParseExample/ParseExample/dense_keys_0", "ParseExample/ParseExample/dense_keys_1",
        "ParseExample/key_b", "ParseExample/Const"]
    assert op.get_attr("Nsparse") == 1 and op.get_attr("Ndense") == 2
    assert [tf.TensorShape(s).as_list() for s in op.get_attr("dense_shapes")] == [[2], [None, 2]]
    single_op = single["b"].op
    assert single_op.type == "ParseSingleExample" and len(single_op.inputs) == 3
    assert single_op.get_attr("num_sparse") == 1
    assert list(single_op.get_attr("dense_keys")) in (["b", "q"], [b"b", b"q"])
    assert batch["q"].shape.as_list() == [None, None, 2]
    record = _example(tf, a=[3, 4], q=[1, 2, 3, 4])
    with tf.Session() as sess:
        got = sess.run(batch, {serialized: [record]})
    assert got["b"].tolist() == [[1., 2.]] and got["q"].tolist() == [[[1, 2], [3, 4]]]
    assert got["a"].values.tolist() == [3, 4]


def test_dataset_from_sparse_tensor_slices(tf):
    st = tf.SparseTensor([[0, 0], [2, 1]], ["a", "b"], [4, 3])
    rows = tf.data.Dataset.from_tensor_slices((st, tf.constant([1, 2, 3, 4]))).batch(3)
    assert [s.as_list() for s in rows.output_shapes] == [[None, 3], [None]]
    triples = tf.data.Dataset.from_sparse_tensor_slices(st)
    assert [s.as_list() for s in triples.output_shapes] == [[None, 1], [None], [1]]
    rows_next = rows.make_one_shot_iterator().get_next()
    triples_next = triples.make_one_shot_iterator().get_next()
    with tf.Session() as sess:
        first, x = sess.run(rows_next)
        assert first.indices.tolist() == [[0, 0], [2, 1]] and first.dense_shape.tolist() == [3, 3]
        assert first.values.tolist() == [b"a", b"b"] and x.tolist() == [1, 2, 3]
        second, x = sess.run(rows_next)
        assert second.indices.shape == (0, 2) and second.dense_shape.tolist() == [1, 3]
        assert x.tolist() == [4]
        with pytest.raises(tf.errors.OutOfRangeError):
            sess.run(rows_next)
        indices, values, shape = sess.run(triples_next)
        assert indices.tolist() == [[0]] and values.tolist() == [b"a"] and shape.tolist() == [3]
        indices, values, shape = sess.run(triples_next)
        assert indices.shape == (0, 1) and values.tolist() == [] and shape.tolist() == [3]


def test_parse_then_batch_dataset(tf, tmp_path):
    path = str(tmp_path / "e.tfr")
    with tf.python_io.TFRecordWriter(path) as writer:
        for i in range(5):
            writer.write(_example(tf, x=[i], v=[1.0] * (i % 3)) if i % 3 else _example(tf, x=[i]))
    ds = tf.data.TFRecordDataset(path).map(lambda r: tf.parse_single_example(
        r, {"x": tf.FixedLenFeature([], tf.int64), "v": tf.VarLenFeature(tf.float32)})).batch(2)
    nxt = ds.make_one_shot_iterator().get_next()
    assert nxt["x"].shape.as_list() == [None] and nxt["v"].dense_shape.shape.as_list() == [2]
    out = []
    with tf.Session() as sess:
        with pytest.raises(tf.errors.OutOfRangeError):
            while True:
                got = sess.run(nxt)
                out.append((got["x"].tolist(), got["v"].indices.tolist(),
                            got["v"].dense_shape.tolist()))
    assert out == [([0, 1], [[1, 0]], [2, 1]), ([2, 3], [[0, 0], [0, 1]], [2, 2]),
                   ([4], [[0, 0]], [1, 1])]
