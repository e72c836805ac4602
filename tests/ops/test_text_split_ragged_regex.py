"""Text-pipeline semantics found by the NLP input sweep: StringSplit of an empty string,
RaggedTensor results of tf.strings.split / tf.string_split / unicode_decode / unicode_split,
RE2's ASCII-only \\w, lookup key dtype errors, and one-shot iterators capturing stateful ops.
Expected values were recorded from TF 2.21 compat.v1 (the TF 1.x stand-in)."""
import pytest


def test_string_split_of_empty_string_has_no_tokens(tf):
    st = tf.string_split(["", "a  b"], delimiter=" ", skip_empty=False)
    with tf.Session() as sess:
        v = sess.run(st)
    assert v.indices.tolist() == [[1, 0], [1, 1], [1, 2]]
    assert v.values.tolist() == [b"a", b"", b"b"]
    assert v.dense_shape.tolist() == [2, 3]


def test_split_ragged_results_and_scalar_input(tf):
    rt = tf.strings.split(["a b", "", "c d e"], result_type="RaggedTensor")
    rt2 = tf.string_split(["a,b", "c"], delimiter=",", result_type="RaggedTensor")
    scalar = tf.strings.split("x y")
    assert type(rt).__name__ == "RaggedTensor"
    assert str(rt.shape) == "(3, ?)" and str(rt2.shape) == "(2, ?)"
    assert scalar.dense_shape.shape.as_list() == [2]
    with tf.Session() as sess:
        assert sess.run(rt).to_list() == [[b"a", b"b"], [], [b"c", b"d", b"e"]]
        assert sess.run(rt2).to_list() == [[b"a", b"b"], [b"c"]]
        v = sess.run(scalar)
    assert v.values.tolist() == [b"x", b"y"] and v.dense_shape.tolist() == [1, 2]
    with pytest.raises(ValueError, match="result_type must be 'RaggedTensor' or 'SparseTensor'"):
        tf.strings.split(["a"], result_type="Dense")


def test_regex_classes_are_ascii_only(tf):
    with tf.Session() as sess:
        rep = sess.run(tf.strings.regex_replace(["h\u00e9llo w\u00f6rld_1", "a\tb"],
                                                r"[^\w\s]", ""))
        full = sess.run(tf.strings.regex_full_match(["\u00e9", "e", "\u0663"], r"\w|\d"))
    assert rep.tolist() == [b"hllo wrld_1", b"a\tb"]
    assert full.tolist() == [False, True, False]


def test_unicode_decode_and_split_of_vectors_are_ragged(tf):
    cp = tf.strings.unicode_decode(["h\u00e9", "", "w\u00f6rld"], "UTF-8")
    ch = tf.strings.unicode_split([["h\u00e9", "x"], ["", "ab"]], "UTF-8")
    chars, offsets = tf.strings.unicode_split_with_offsets(["h\u00e9", "ab"], "UTF-8")
    assert str(cp.shape) == "(3, ?)" and cp.dtype == tf.int32
    assert str(ch.shape) == "(2, 2, ?)" and ch.ragged_rank == 2
    with tf.Session() as sess:
        assert sess.run(cp).to_list() == [[104, 233], [], [119, 246, 114, 108, 100]]
        assert sess.run(ch).to_list() == [[[b"h", b"\xc3\xa9"], [b"x"]], [[], [b"a", b"b"]]]
        assert sess.run(chars).to_list() == [[b"h", b"\xc3\xa9"], [b"a", b"b"]]
        assert sess.run(offsets).to_list() == [[0, 1], [0, 1]]


def _table(tf):
    return tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer(
        ["a"], [1], key_dtype=tf.string, value_dtype=tf.int64), -1)


def test_lookup_with_keys_of_wrong_dtype_is_type_error(tf):
    with pytest.raises(TypeError):
        _table(tf).lookup(tf.constant([1, 2]))


def test_one_shot_iterator_refuses_stateful_captures(tf):
    table = _table(tf)
    ds = tf.data.Dataset.from_tensor_slices(tf.constant(["a", "b"])).map(table.lookup)
    with pytest.raises(ValueError, match=r"Cannot capture a stateful node \(name:hash_table, "
                                         r"type:HashTableV2\) by value\.: A likely cause"):
        tf.data.make_one_shot_iterator(ds)
    v = tf.Variable(3)
    ds = tf.data.Dataset.range(3).map(lambda x: x + tf.cast(v, tf.int64))
    with pytest.raises(ValueError, match=r"\(name:Variable, type:VariableV2\).*"
                                         r"Use `make_initializable_iterator\(\)` instead\."):
        tf.data.make_one_shot_iterator(ds)
    ok = tf.data.Dataset.range(3).shuffle(3, seed=1).map(lambda x: x * 2).batch(3)
    with tf.Session() as sess:
        got = sess.run(tf.data.make_one_shot_iterator(ok).get_next())
    assert sorted(got.tolist()) == [0, 2, 4]


def test_strings_split_of_a_matrix(tf):
    text = [["a b", "c"], ["d", ""]]
    sp = tf.strings.split(text)
    rt = tf.strings.split(text, sep=" ", result_type="RaggedTensor")
    assert str(rt.shape) == "(2, 2, ?)"
    with tf.Session() as sess:
        v = sess.run(sp)
        assert sess.run(rt).to_list() == [[[b"a", b"b"], [b"c"]], [[b"d"], [b""]]]
    assert v.indices.tolist() == [[0, 0, 0], [0, 0, 1], [0, 1, 0], [1, 0, 0]]
    assert v.values.tolist() == [b"a", b"b", b"c", b"d"]
    assert v.dense_shape.tolist() == [2, 2, 2]
