"""String-op edges found by the string/text sweep: ReduceJoin of empty axes, AsString's
scientific/shortest check for integers, Substr's UTF8_CHAR range error, unicode_encode of
RaggedTensors, replace_control_characters (C0 only), and TF's Base64Decode grammar.
Expected values were recorded from TF 2.21 compat.v1 (the TF 1.x stand-in)."""
import pytest


def _ragged_list(value):
    return value.to_list() if hasattr(value, "to_list") else value.tolist()


def test_reduce_join_over_empty_axes(tf):
    cols = tf.reduce_join(tf.zeros([0, 3], tf.string), axis=0)
    kept = tf.reduce_join(tf.zeros([2, 0, 2], tf.string), axis=[1, 2], keep_dims=True,
                          separator=",")
    assert cols.shape.as_list() == [3]
    with tf.Session() as sess:
        assert sess.run(cols).tolist() == [b"", b"", b""]
        assert sess.run(kept).tolist() == [[[b""]], [[b""]]]
        assert sess.run(tf.reduce_join(tf.zeros([0, 2], tf.string))) == b""


@pytest.mark.parametrize("dtype,kwargs", [("int32", {"shortest": True}),
                                          ("bool", {"scientific": True})])
def test_as_string_rejects_float_formats_for_other_types(tf, dtype, kwargs):
    op = tf.as_string(tf.zeros([2], dtype), **kwargs)
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match="scientific and shortest format not supported for datatype %s"
                           % dtype):
            sess.run(op)


def test_substr_utf8_char_out_of_range_message(tf):
    op = tf.strings.substr([u"h\u00e9", ""], 1, 1, unit="UTF8_CHAR")
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match="pos 1 out of range for string at index 1"):
            sess.run(op)


def test_unicode_encode_of_ragged_tensors(tf):
    cps = tf.ragged.constant([[104, 233], [20320, 0x1F600], [], [0x110000, -1, 55296]])
    nested = tf.strings.unicode_encode(tf.ragged.constant([[[72, 105], []], [[33]]]), "UTF-16-BE")
    assert str(nested.shape) == "(2, ?)"
    with tf.Session() as sess:
        assert sess.run(tf.strings.unicode_encode(cps, "UTF-8")).tolist() == [
            b"h\xc3\xa9", b"\xe4\xbd\xa0\xf0\x9f\x98\x80", b"", b"\xef\xbf\xbd" * 3]
        assert sess.run(tf.strings.unicode_encode(cps, "UTF-8", errors="ignore")).tolist()[3] \
            == b""
        assert _ragged_list(sess.run(nested)) == [[b"\x00H\x00i", b""], [b"\x00!"]]
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match="Code point is out of range for Unicode, or is a surrogate."):
            sess.run(tf.strings.unicode_encode(cps, "UTF-8", errors="strict"))


def test_replace_control_characters_is_c0_only(tf):
    tc = tf.strings.unicode_transcode([b"a\x01b\x7f\xc2\x85\x1f"], "UTF-8", "UTF-8",
                                      replace_control_characters=True)
    dec = tf.strings.unicode_decode([b"\x1f\x7f\x20"], "UTF-8", replace_control_characters=True,
                                    replacement_char=63)
    with tf.Session() as sess:
        assert sess.run(tc).tolist() == [b"a\xef\xbf\xbdb\x7f\xc2\x85\xef\xbf\xbd"]
        assert _ragged_list(sess.run(dec)) == [[63, 127, 32]]


B64 = [("Zm8", b"fo"), ("Zm8=", b"fo"), ("Zg==", b"f"), ("Zh==", b"f"), ("-_-_", b"\xfb\xff\xbf"),
       ("", b""), ("Zm9vZg==", b"foof"), ("Zm9vZm8", b"foofo"),
       ("Zg=", "Invalid character"), ("Z", "1 modulo 4"), ("Zm9v!", "1 modulo 4"),
       ("+/+/", "Invalid character"), ("Zm 9v", "Invalid character"), ("Zm9v\n", "1 modulo 4"),
       ("====", "Invalid character"), ("Zm9v====", "Invalid character"),
       ("Z===", "Invalid character"), ("Zm=v", "Invalid character"),
       ("Zm9v=", "1 modulo 4"), ("Zm9vZ=", "Invalid character")]


@pytest.mark.parametrize("text,expected", B64, ids=[repr(t) for t, _ in B64])
def test_decode_base64_grammar(tf, text, expected):
    op = tf.decode_base64([text])
    with tf.Session() as sess:
        if isinstance(expected, bytes):
            assert sess.run(op).tolist() == [expected]
            return
        with pytest.raises(tf.errors.InvalidArgumentError, match=expected):
            sess.run(op)


@pytest.mark.tfcompat_only
def test_strings_split_maxsplit_zero_on_whitespace_is_python_split(tf):
    # TF 2.21 returns each string unchanged (['  a  b '], ['']): see known_differences.txt
    st = tf.strings.split(["hello world", "  a  b ", "", "one"], maxsplit=0)
    with tf.Session() as sess:
        v = sess.run(st)
    assert v.values.tolist() == [b"hello world", b"a  b ", b"one"]
    assert v.indices.tolist() == [[0, 0], [1, 0], [3, 0]]


def test_substr_static_shape_keeps_unknown_dims(tf):
    v = tf.placeholder(tf.string, [None])
    m = tf.placeholder(tf.string, [2, None])
    assert str(tf.strings.substr(v, 0, 2).shape) == "(?,)"
    assert str(tf.strings.substr(m, 0, 2).shape) == "(2, ?)"
    assert str(tf.strings.substr(m, [0, 1], [1, 1]).shape) == "(2, 2)"
    assert str(tf.strings.substr(v, [[0]], [[1]]).shape) == "(1, ?)"
    assert str(tf.strings.substr(tf.constant(["a", "b", "c"]), [[0], [1]], [[1], [1]]).shape) \
        == "(2, 3)"


def test_string_split_constant_names(tf):
    st = tf.string_split(["a b"])
    assert [t.name for t in st.values.op.inputs] == ["StringSplit/Const_1:0",
                                                     "StringSplit/Const:0"]


@pytest.mark.tfcompat_only
def test_v1_string_to_number_of_ragged(tf):
    # TF 2.21 raises TypeError for tf.strings.to_number(RaggedTensor): see known_differences.txt
    rt = tf.ragged.constant([["1", "2.5"], ["-3"]])
    with tf.Session() as sess:
        assert sess.run(tf.strings.to_number(rt)).to_list() == [[1.0, 2.5], [-3.0]]


def test_bytes_split_of_vectors_matrices_and_ragged(tf):
    vec = tf.strings.bytes_split(tf.constant(["ab", "", u"\u00e9"]))
    mat = tf.strings.bytes_split(tf.constant([["ab", "c"], ["", "de"]]))
    rag = tf.strings.bytes_split(tf.ragged.constant([["ab"], [], ["c", "de"]]))
    assert str(vec.shape) == "(3, ?)" and str(mat.shape) == "(2, 2, ?)"
    assert str(rag.shape) == "(3, ?, ?)"
    with tf.Session() as sess:
        assert sess.run(vec).to_list() == [[b"a", b"b"], [], [b"\xc3", b"\xa9"]]
        assert sess.run(mat).to_list() == [[[b"a", b"b"], [b"c"]], [[], [b"d", b"e"]]]
        assert sess.run(rag).to_list() == [[[b"a", b"b"]], [], [[b"c"], [b"d", b"e"]]]
