"""tf.Assert as TF 1.x builds it: with only string and int32 data it is one Assert op; with
other data the op runs in the false branch of a cond named AssertGuard, and tf.Assert (and the
tf.debugging.assert_* functions built on it) return the guard's Merge op. Names recorded
from TF 2.21 compat.v1 (tfcompat's cond is functional, so the Merge op is an Identity there:
known_differences.txt)."""
import re

import numpy as np
import pytest


def test_guarded_and_plain_assert_names(tf):
    x = tf.placeholder(tf.float32, [None])
    plain = tf.Assert(tf.constant(True), ["msg", tf.constant(3)])
    guarded = tf.Assert(x[0] > 0, [x, tf.constant(1.5)], summarize=2)
    equal = tf.debugging.assert_equal(tf.shape(x)[0], 3, message="need three")
    positive = tf.assert_positive(x)
    assert (plain.name, plain.type) == ("Assert/Assert", "Assert")
    assert guarded.name == "Assert_1/AssertGuard/Merge"
    assert (equal.name, equal.type) == ("assert_equal_1/Assert/Assert", "Assert")
    assert positive.name == "assert_positive/assert_less/Assert/AssertGuard/Merge"
    asserts = [op.name for op in tf.get_default_graph().get_operations() if op.type == "Assert"]
    assert asserts == ["Assert/Assert", "Assert_1/AssertGuard/Assert",
                       "assert_equal_1/Assert/Assert",
                       "assert_positive/assert_less/Assert/AssertGuard/Assert"]
    with tf.Session() as sess:
        sess.run([guarded, positive], {x: [1.0, 2.0, 3.0]})
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            sess.run(guarded, {x: [-1.0, 2.0, 3.0]})
    assert re.findall(r"assertion failed: [^\n]*", info.value.message) == [
        "assertion failed: [-1 2...] [1.5]"]


def test_guarded_assert_in_a_loop_body(tf):
    x = tf.placeholder(tf.float32, [None])

    def body(i, acc):
        check = tf.Assert(acc < 100.0, [acc, i], name="bound")
        with tf.control_dependencies([check]):
            return i + 1, acc + tf.reduce_sum(x)

    _, acc = tf.while_loop(lambda i, acc: i < 5, body, [tf.constant(0), tf.constant(0.0)])
    grad = tf.gradients(acc, x)[0]
    with tf.Session() as sess:
        value, g = sess.run([acc, grad], {x: [1.0, 2.0, 3.0]})
        assert value == 30.0
        np.testing.assert_array_equal(g, [5.0, 5.0, 5.0])
        with pytest.raises(tf.errors.InvalidArgumentError, match="assertion failed"):
            sess.run(acc, {x: [30.0, 1.0, 0.0]})
