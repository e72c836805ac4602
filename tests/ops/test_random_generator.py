"""tf.random.Generator in a TF1 graph: its draws are TF's numbers for TF's state (values
recorded from TF 2.21 compat.v1, CPU), and each draw advances the state variable."""
import numpy as np
import pytest


def test_generator_draws_and_advances_like_tf(tf):
    gen = tf.random.Generator.from_seed(1)
    draw = gen.normal([3])
    other = tf.random.Generator.from_seed(2)
    binomial = other.binomial([3, 1], counts=[10.0], probs=[0.5])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        first, second = sess.run(draw), sess.run(draw)
        state = sess.run(gen.state)
        counts = sess.run(binomial)
    np.testing.assert_allclose(first, [0.4384227395057678, -0.5343984365463257,
                                       -0.07710261642932892], rtol=1e-6)
    np.testing.assert_allclose(second, [-0.8393225073814392, 0.16036783158779144,
                                        -0.8617845773696899], rtol=1e-6)
    assert state.tolist() == [1537, 0, 0]   # 256 counter blocks per value drawn
    assert counts.tolist() == [[5], [4], [6]]


@pytest.mark.tfcompat_only
def test_two_draws_in_one_run_read_different_states(tf):
    gen = tf.random.Generator.from_seed(7)
    a, b = gen.uniform([4]), gen.uniform([4])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        first, second = sess.run([a, b])
        state = sess.run(gen.state)
    assert not np.array_equal(first, second)
    assert state.tolist() == [7 + 2 * 4 * 256, 0, 0]


@pytest.mark.tfcompat_only
def test_counter_carries_into_its_high_word(tf):
    gen = tf.random.Generator.from_state([-1, 5, 9], "philox")   # low word 2**64 - 1
    skip = gen.skip(1)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        before = sess.run(skip)
        after = sess.run(gen.state)
    assert before.tolist() == [-1, 5, 9]
    assert after.tolist() == [255, 6, 9]


@pytest.mark.tfcompat_only
def test_reset_returns_a_runnable_update(tf):
    # TF returns None from reset_from_seed in a graph, so the reset can never run there
    gen = tf.random.Generator.from_seed(3)
    reset = gen.reset_from_seed(9)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(gen.skip(4))
        sess.run(reset)
        assert sess.run(gen.state).tolist() == [9, 0, 0]
