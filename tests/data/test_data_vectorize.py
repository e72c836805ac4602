"""Dataset functions run on whole chunks of elements (data/_vectorize.py) give exactly what the
per-element plan gives (numpy computes the expected values), and functions that cannot be
vectorized keep the per-element path."""
from __future__ import annotations

import numpy as np
import pytest

import tfcompat as tf
from tfcompat.data._function import TracedFunction
from tfcompat.data._structure import Component
from tfcompat.data._structure import ElementSpec

X = np.arange(5 * 2 * 3, dtype=np.int32).reshape(5, 2, 3)

CASES = {
    "cast_scale": (lambda v: tf.cast(v, tf.float32) / 2.0 + 1.0,
                   lambda v: v.astype(np.float32) / 2.0 + 1.0, True),
    "reshape": (lambda v: tf.reshape(v, [6]), lambda v: v.reshape(6), True),
    "reshape_infer": (lambda v: tf.reshape(v, [-1, 2]), lambda v: v.reshape(-1, 2), True),
    "transpose": (lambda v: tf.transpose(v), lambda v: v.T, True),
    "reduce": (lambda v: tf.reduce_sum(v, axis=1), lambda v: v.sum(1), True),
    "reduce_neg": (lambda v: tf.reduce_max(v, axis=-2, keepdims=True),
                   lambda v: v.max(-2, keepdims=True), True),
    "expand": (lambda v: tf.expand_dims(v, 0), lambda v: v[None], True),
    "broadcast_row": (lambda v: v * tf.constant([1, 2, 3]), lambda v: v * [1, 2, 3], True),
    "stack_concat": (lambda v: tf.concat([v, v * 2], axis=0), lambda v: np.concatenate(
        [v, v * 2], 0), True),
    "tuple_out": (lambda v: (v + 1, tf.constant(7)), lambda v: (v + 1, np.int32(7)), True),
    "one_hot": (lambda v: tf.one_hot(v[0, 0] % 4, 4), lambda v: np.eye(4, dtype=np.float32)[
        v[0, 0] % 4], False),
    "random": (lambda v: v + tf.cast(tf.random_uniform([]) * 0, tf.int32), lambda v: v, False),
    "broadcast_up": (lambda v: v + tf.zeros([4, 2, 3], tf.int32),
                     lambda v: v + np.zeros([4, 2, 3], np.int32), False),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_chunks_match_elements(name):
    fn, expect, vectorizable = CASES[name]
    with tf.Graph().as_default():
        spec = ElementSpec(None, [Component(tf.Tensor, tf.int32, [2, 3])])
        traced = TracedFunction(fn, spec, "test")
        assert (traced.vectorized_runner() is not None) == vectorizable
        nxt = tf.data.Dataset.from_tensor_slices(X).map(fn).batch(5)
        nxt = nxt.make_one_shot_iterator().get_next()
        with tf.Session() as sess:
            got = sess.run(nxt)
    want = [expect(v) for v in X]
    if isinstance(want[0], tuple):
        for i, part in enumerate(got):
            np.testing.assert_array_equal(part, np.stack([w[i] for w in want]))
    else:
        np.testing.assert_array_equal(got, np.stack(want))


def test_vectorized_filter_and_shuffle_keep_every_element():
    with tf.Graph().as_default():
        ds = tf.data.Dataset.range(1000).shuffle(100, seed=5).filter(lambda x: x % 3 > 0)
        nxt = ds.map(lambda x: x * 2).batch(1000).make_one_shot_iterator().get_next()
        with tf.Session() as sess:
            got = sess.run(nxt)
    assert sorted(got.tolist()) == [2 * x for x in range(1000) if x % 3]
    assert got.tolist() != sorted(got.tolist())
