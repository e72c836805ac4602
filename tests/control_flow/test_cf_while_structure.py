"""tf.while_loop compares the body's result with the loop variables as TF does: only the first
layer is forced to a list, so under maximum_iterations (loop_vars become (counter, loop_vars))
a body returning a tuple for list loop_vars raises TF's TypeError; tf.nest's type check accepts
two lists, two mappings and namedtuples alike by name and fields. Messages recorded from TF 2.21."""
import collections

import pytest


def test_tuple_body_for_list_vars_with_maximum_iterations(tf):
    with tf.Graph().as_default():
        with pytest.raises(TypeError, match=r"More specifically: The two namedtuples don't have "
                                            r"the same sequence type\. First structure "
                                            r"type=list .* has type list, while second structure "
                                            r"type=tuple .* has type tuple\nEntire first "
                                            r"structure:\n\[\., \[\., \.\]\]\nEntire second "
                                            r"structure:\n\[\., \(\., \.\)\]$"):
            tf.while_loop(lambda i, a: i < 3, lambda i, a: (i + 1, a * 2.0),
                          [tf.constant(0), tf.constant(1.0)], maximum_iterations=4)


def test_same_bodies_that_tf_accepts(tf):
    with tf.Graph().as_default():
        plain = tf.while_loop(lambda i, a: i < 3, lambda i, a: (i + 1, a * 2.0),
                              [tf.constant(0), tf.constant(1.0)])
        listed = tf.while_loop(lambda i, a: i < 3, lambda i, a: [i + 1, a * 2.0],
                               [tf.constant(0), tf.constant(1.0)], maximum_iterations=4)
        tupled = tf.while_loop(lambda i, a: i < 3, lambda i, a: (i + 1, a * 2.0),
                               (tf.constant(0), tf.constant(1.0)), maximum_iterations=2)
        single = tf.while_loop(lambda a: a < 10.0, lambda a: a * 2.0, [tf.constant(1.0)],
                               maximum_iterations=2)
        with tf.Session() as sess:
            assert sess.run([plain, listed, tupled, single]) == [(3, 8.0), [3, 8.0], (2, 4.0),
                                                                   4.0]
    assert type(plain) is tuple and type(listed) is list and type(tupled) is tuple


def test_nest_type_check_messages(tf):
    with pytest.raises(TypeError) as info:
        tf.nest.assert_same_structure([1, [2, 3]], [1, (2, 3)])
    assert str(info.value) == (
        "The two structures don't have the same nested structure.\n\nFirst structure: "
        "type=list str=[1, [2, 3]]\n\nSecond structure: type=list str=[1, (2, 3)]\n\nMore "
        "specifically: The two namedtuples don't have the same sequence type. First structure "
        "type=list str=[2, 3] has type list, while second structure type=tuple str=(2, 3) has "
        "type tuple\nEntire first structure:\n[., [., .]]\nEntire second structure:\n[., (., .)]")
    P = collections.namedtuple("P", "a b")
    P2 = collections.namedtuple("P", "a b")
    tf.nest.assert_same_structure(P(1, 2), P2(3, 4))
    tf.nest.assert_same_structure({"a": 1}, collections.OrderedDict(a=2))
    with pytest.raises(TypeError, match="First structure type=P str=P"):
        tf.nest.assert_same_structure(P(1, 2), collections.namedtuple("Q", "a b")(3, 4))
