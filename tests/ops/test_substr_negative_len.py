"""tf.substr / tf.strings.substr with a negative len: in bytes TF takes the rest of the string
(its length is std::string's npos), in UTF-8 characters nothing; .flo readers take a file's
payload with substr(raw, 12, -1). Literals from TF 2.21 (tf.compat.v1)."""


def test_negative_len(tf):
    s = tf.constant(["abcdef", "xy"])
    outs = [tf.substr(s, 1, -1), tf.substr(s, 1, -3), tf.substr(s, -2, -1),
            tf.substr(s, 1, -1, unit="UTF8_CHAR"), tf.strings.substr(s, [1, 0], [-1, -2]),
            tf.substr(s, 0, 10)]
    with tf.Session() as sess:
        got = [v.tolist() for v in sess.run(outs)]
    assert got == [[b"bcdef", b"y"], [b"bcdef", b"y"], [b"ef", b"xy"], [b"", b""],
                   [b"bcdef", b"xy"], [b"abcdef", b"xy"]]


def test_decode_raw_of_file_tail(tf):
    raw = tf.constant(b"\x00\x00\x80?" * 3)
    tail = tf.decode_raw(tf.substr(raw, 4, -1), tf.float32)
    with tf.Session() as sess:
        assert sess.run(tail).tolist() == [1.0, 1.0]
