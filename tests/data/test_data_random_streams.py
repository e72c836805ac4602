"""Seeded random ops inside tf.data functions: TF instantiates a function's kernels per
iterator, so every iterator (each run of an initializable iterator's initializer, each
one-shot iterator) draws the same numbers from the start, while repeat() and flat_map go on
within one iterator. Expected values were recorded from TF 2.21 compat.v1; the test also runs
against TF (TFCOMPAT_TEST_AGAINST_TF=1)."""

FIRST = [0.73, 0.325, 0.7565]           # the stream of random_uniform([], seed=7), graph seed 3
NEXT = [0.9941, 0.2712, 0.0182]


def _draw(tf):
    return tf.random_uniform([], seed=7)


def _take(sess, tensor, n):
    return [round(float(sess.run(tensor)), 4) for _ in range(n)]


def test_each_iterator_restarts_the_stream_repeat_goes_on(tf):
    tf.set_random_seed(3)
    dataset = tf.data.Dataset.range(3).map(lambda x: _draw(tf) + tf.cast(x, tf.float32) * 0)
    init_it = dataset.make_initializable_iterator()
    init_next = init_it.get_next()
    one_shot = [dataset.make_one_shot_iterator().get_next() for _ in range(2)]
    repeated = dataset.repeat(2).make_one_shot_iterator().get_next()
    flat = tf.data.Dataset.range(2).flat_map(
        lambda x: tf.data.Dataset.range(2).map(lambda y: _draw(tf))
    ).make_one_shot_iterator().get_next()
    with tf.Session() as sess:
        for _ in range(2):
            sess.run(init_it.initializer)
            assert _take(sess, init_next, 3) == FIRST
        assert _take(sess, one_shot[0], 3) == FIRST
        assert _take(sess, one_shot[1], 3) == FIRST
        assert _take(sess, repeated, 6) == FIRST + NEXT
        assert _take(sess, flat, 4) == FIRST + NEXT[:1]
