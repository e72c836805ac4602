"""Tricky semantics of the string, lookup-table and serialization APIs. Expected values were
recorded from TF 2.21 compat.v1 (the TF 1.x stand-in)."""
import numpy as np
import pytest

_WORDS = [b"", b"a", b"ab", b"abc", b"abcd", b"hello"]
_BUCKETS = 2 ** 62
# TF 2.21 compat.v1: tf.strings.to_hash_bucket / _fast / _strong(key=[123, 456]) of _WORDS
_LEGACY = [105434511174508091, 2996632905371535868, 3579204183985781795, 1046625677629754806,
           404301170780174469, 1331861223480393034]
_FAST = [1936946117179621455, 3694432073954588131, 3066228220894225694, 2640714258260161385,
         1897425971756105985, 3786372426573024488]
_STRONG = [887865449656487406, 2150915142212405420, 1186974370200342541, 742242908378057305,
           2859666304309786263, 3917950836011642579]


def test_hash_buckets_are_bit_exact(tf):
    words = tf.constant(_WORDS)
    with tf.Session() as sess:
        legacy, fast, strong = sess.run([
            tf.strings.to_hash_bucket(words, _BUCKETS),
            tf.strings.to_hash_bucket_fast(words, _BUCKETS),
            tf.strings.to_hash_bucket_strong(words, _BUCKETS, [123, 456])])
    assert legacy.tolist() == _LEGACY
    assert fast.tolist() == _FAST
    assert strong.tolist() == _STRONG


def test_fingerprint_of_long_strings(tf):
    # > 64 bytes takes farmhash's long-input loop; TF 2.21 values
    with tf.Session() as sess:
        out = sess.run(tf.fingerprint(tf.constant([b"w" * 65, bytes(range(200))])))
    assert out.tolist() == [[128, 50, 156, 60, 47, 133, 104, 173],
                            [179, 111, 214, 38, 204, 127, 76, 7]]


def test_reduce_join_order_follows_listed_axes(tf):
    grid = tf.constant([["a", "b", "c"], ["d", "e", "f"]])
    with tf.Session() as sess:
        default, listed, reverse = sess.run([tf.strings.reduce_join(grid),
                                             tf.strings.reduce_join(grid, [0, 1]),
                                             tf.strings.reduce_join(grid, [1, 0])])
    # TF joins with the first listed axis varying fastest
    assert (default, listed, reverse) == (b"abcdef", b"adbecf", b"abcdef")


def test_regex_replace_rewrite_escapes(tf):
    with tf.Session() as sess:
        whole, swapped, literal = sess.run([
            tf.strings.regex_replace(["ab"], "b", r"<\0>"),
            tf.strings.regex_replace(["hello world"], r"(\w+) (\w+)", r"\2 \1"),
            tf.strings.regex_replace(["a.b"], r"\.", r"\\")])
    assert whole.tolist() == [b"a<b>"]
    assert swapped.tolist() == [b"world hello"]
    assert literal.tolist() == [b"a\\b"]


def test_string_split_v1_and_v2_differ_on_empty_strings(tf):
    v1 = tf.string_split(["a,b", ""], ",")
    v2 = tf.strings.split(["a,b", ""], sep=",")
    with tf.Session() as sess:
        r1, r2 = sess.run([v1, v2])
    assert r1.values.tolist() == [b"a", b"b"] and r1.dense_shape.tolist() == [2, 2]
    # StringSplitV2 with a separator keeps the empty string as one token
    assert r2.values.tolist() == [b"a", b"b", b""] and r2.indices.tolist() == [[0, 0], [0, 1],
                                                                                [1, 0]]


def test_static_hash_table_lifecycle(tf):
    table = tf.lookup.StaticHashTable(
        tf.lookup.KeyValueTensorInitializer(["a", "b"], [1, 2]), -1)
    found = table.lookup(tf.constant(["b", "zz"]))
    assert found.shape.as_list() == [2]
    with tf.Session() as sess:
        with pytest.raises(tf.errors.FailedPreconditionError, match="Table not initialized"):
            sess.run(found)
        sess.run(tf.tables_initializer())
        sess.run(tf.tables_initializer())   # same data again: fine, as in TF
        assert sess.run(found).tolist() == [2, -1]
        assert sess.run(table.size()) == 2


def test_vocabulary_table_oov_buckets(tf):
    table = tf.lookup.StaticVocabularyTable(
        tf.lookup.KeyValueTensorInitializer(["x", "y"], tf.constant([0, 1], tf.int64)), 3)
    ids = table.lookup(tf.constant(["x", "zz", "q", "y"]))
    with tf.Session() as sess:
        sess.run(tf.tables_initializer())
        # TF 2.21: out-of-vocabulary keys go to 2 + farmhash(key) % 3
        assert sess.run(ids).tolist() == [0, 3, 4, 1]
        assert sess.run(table.size()) == 5


def test_static_vocabulary_table_size_op_name(tf):
    # TF 2.21 compat.v1: the size is `table.size() + num_oov_buckets`, an AddV2 named `add`
    table = tf.lookup.StaticVocabularyTable(
        tf.lookup.KeyValueTensorInitializer(["a", "b"], tf.constant([0, 1], tf.int64)), 2)
    size = table.size()
    assert size.op.type == "AddV2"
    assert size.op.name == "hash_table_Size/add"


def test_serialize_sparse_string_values_round_trip(tf):
    words = tf.SparseTensor([[0, 1], [2, 0], [2, 2]], ["x", "", "yz"], [3, 3])
    back = tf.io.deserialize_many_sparse(tf.io.serialize_many_sparse(words), tf.string)
    with tf.Session() as sess:
        value = sess.run(back)
        serialized = sess.run(tf.io.serialize_tensor(tf.constant([b"ab", b"c"])))
    assert value.values.tolist() == [b"x", b"", b"yz"]
    assert value.indices.tolist() == [[0, 1], [2, 0], [2, 2]]
    # TF 2.21 bytes: strings of SerializeTensor go in string_val
    assert serialized == b"\x08\x07\x12\x04\x12\x02\x08\x02B\x02abB\x01c"


def test_as_string_nan_is_space_padded(tf):
    x = tf.constant([float("nan"), 1.5])
    with tf.Session() as sess:
        out = sess.run(tf.as_string(x, width=6, fill="0"))
    assert out.tolist() == [b"   nan", b"1.500000"]


def test_sparse_segment_mean_gradient(tf):
    data = tf.constant([[1.0], [3.0], [5.0]])
    mean = tf.sparse.segment_mean(data, [0, 2, 2], [0, 0, 1])
    grad = tf.convert_to_tensor(tf.gradients(tf.reduce_sum(mean), data)[0])
    with tf.Session() as sess:
        m, g = sess.run([mean, grad])
    np.testing.assert_allclose(m, [[3.0], [5.0]])
    # TF 2.21: rows 0 and 2 get 1/2 from segment 0, row 2 also 1 from segment 1
    np.testing.assert_allclose(g, [[0.5], [0.0], [1.5]])
