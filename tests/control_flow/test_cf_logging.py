"""tf.Print, tf.print and tf.Assert text (TF's SummarizeValue formats; expected text from TF)."""
import sys

import numpy as np
import pytest


def test_tf_print_formats(tf, capfd):
    x = tf.constant([1.5, 2.0, 3.25, 4.0, 5.0, 6.0, 7.0])
    m = tf.reshape(tf.range(30), [5, 6])
    ops = [
        tf.print("x:", x, output_stream=sys.stdout),
        tf.print("m:", m, {"a": x[0], "b": [1, "s"]}, output_stream=sys.stdout),
        tf.print(tf.constant(["ab", "c"]), tf.constant("zz"), 5, 2.5, True,
                 output_stream=sys.stdout),
        tf.print(x, summarize=2, sep="|", end="END\n", output_stream=sys.stdout),
        tf.print(tf.reshape(tf.range(24), [2, 3, 4]), summarize=1, output_stream=sys.stdout),
        tf.print(tf.constant(1 / 3.0), tf.constant(1 / 3.0, tf.float64), tf.constant(True),
                 tf.zeros([0]), tf.zeros([2, 0]), output_stream=sys.stdout),
        tf.print(tf.constant("just a string"), output_stream=sys.stdout),
    ]
    with tf.Session() as s:
        for op in ops:
            s.run(op)
            sys.stdout.flush()
    assert capfd.readouterr().out == (
        "x: [1.5 2 3.25 ... 5 6 7]\n"
        "m: [[0 1 2 3 4 5]\n [6 7 8 9 10 11]\n [12 13 14 15 16 17]\n [18 19 20 21 22 23]\n"
        " [24 25 26 27 28 29]] {'a': 1.5, 'b': [1, 's']}\n"
        '["ab" "c"] "zz" 5 2.5 True\n'
        "[1.5 2 ... 6 7]END\n"
        "[[[0 ... 3]\n  ...\n  [8 ... 11]]\n\n [[12 ... 15]\n  ...\n  [20 ... 23]]]\n"
        "0.333333343 0.33333333333333331 1 [] [\n ...]\n"
        "just a string\n")


def test_print_v1_message_first_n_and_identity(tf, capfd):
    x = tf.constant([1.5, 2.0, 3.25, 4.0])
    m = tf.reshape(tf.range(30), [5, 6])
    p = tf.Print(x, [x, m, "hi"], message="msg: ")
    p2 = tf.Print(x, [x], message="first: ", first_n=2, summarize=2)
    assert (p.name, str(p.shape)) == ("Print:0", "(4,)")
    with tf.Session() as s:
        for _ in range(3):
            s.run(p2)
        assert s.run(p).tolist() == [1.5, 2.0, 3.25, 4.0]
    err = capfd.readouterr().err
    assert err.endswith("first: [1.5 2...]\nfirst: [1.5 2...]\n"
                        "msg: [1.5 2 3.25...][[0 1 2...]...][hi]\n")


@pytest.mark.parametrize("data, summarize, text", [
    (lambda tf: [tf.constant([1.25, 1e10, 1 / 3.0, -0.0, np.nan, np.inf]),
                 tf.constant([1 / 3.0, 1e-7], tf.float64), tf.constant([True, False]),
                 tf.constant(["a\nb", "c'd\""]), tf.constant([1, 2], tf.int64),
                 tf.constant(7, tf.uint8)], 10,
     "assertion failed: [1.25 1e+10 0.333333343 -0 nan inf] [0.33333333333333331 1e-07] [1 0] "
     "[a\\nb c\\'d\\\"] [1 2] [7]"),
    (lambda tf: [tf.zeros([0]), tf.zeros([2, 0]), tf.reshape(tf.range(24), [2, 3, 4])], 5,
     "assertion failed: [] [] [[[0 1 2 3][4...]]...]"),
    (lambda tf: [tf.reshape(tf.range(24), [2, 3, 4])], -1,
     "assertion failed: [[[0 1 2 3][4 5 6 7][8 9 10 11]][[12 13 14 15][16 17 18 19]"
     "[20 21 22 23]]]"),
])
def test_assert_value_text(tf, data, summarize, text, core_message):
    with tf.Session() as s:
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            s.run(tf.Assert(False, data(tf), summarize=summarize))
    assert core_message(info.value).split("\n")[0] == text


def test_assert_default_summarize(tf, core_message):
    x = tf.placeholder(tf.float32, [None])
    y = tf.placeholder(tf.int32, [2, 2])
    check = tf.Assert(tf.reduce_all(x > 0), ["hello", x, y])
    with tf.Session() as s:
        s.run(check, {x: [1.0], y: [[1, 2], [3, 4]]})
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            s.run(check, {x: [1.0, -2.0, 3.0, 4.0], y: [[1, 2], [3, 4]]})
    assert core_message(info.value).startswith(
        "assertion failed: [hello] [1 -2 3...] [[1 2][3...]...]")
