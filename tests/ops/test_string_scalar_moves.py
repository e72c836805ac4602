"""Ops that move string elements (Identity, Reshape, ExpandDims, Pack ...) on a scalar string
computed at run time: each gives a string tensor, as in TF (a scalar string made by one such
op reached the next one as a bare bytes object)."""


def test_scalar_strings_through_element_moving_ops(tf):
    encoded = tf.strings.unicode_encode(tf.constant([97, 98]), "UTF-8")
    same = tf.identity(tf.constant("z"))
    with tf.Session() as sess:
        for t, text in ((encoded, b"ab"), (same, b"z")):
            reshaped, expanded, stacked, value = sess.run(
                [tf.reshape(t, [1]), tf.expand_dims(t, 0), tf.stack([t, t]), t])
            assert reshaped.tolist() == [text] and expanded.tolist() == [text]
            assert stacked.tolist() == [text, text] and value == text
            assert sess.run(tf.reshape(tf.reshape(t, [1, 1]), [])) == text
