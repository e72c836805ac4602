"""A seeded `Dataset.shuffle` yields TF's order (TF's ring-buffer algorithm over its Philox
stream; per-iteration seeds from the seed generator when reshuffling). Every expected order
was recorded from TF 2.21 `tf.compat.v1` running the same pipeline."""
import numpy as np
import pytest


def _drain(tf, ds):
    nxt = tf.data.make_one_shot_iterator(ds).get_next()
    out = []
    with tf.Session() as sess:
        try:
            while True:
                out.append(sess.run(nxt).tolist())
        except tf.errors.OutOfRangeError:
            return out


PIPELINES = [
    # (build(tf), TF's elements in order)
    (lambda tf: tf.data.Dataset.range(10).shuffle(5, seed=1),
     [0, 5, 3, 6, 7, 4, 9, 8, 2, 1]),
    (lambda tf: tf.data.Dataset.range(6).shuffle(6, seed=2, reshuffle_each_iteration=True)
     .repeat(3),
     [2, 3, 4, 5, 0, 1, 3, 4, 0, 5, 2, 1, 5, 3, 1, 0, 4, 2]),
    (lambda tf: tf.data.Dataset.range(6).shuffle(6, seed=2, reshuffle_each_iteration=False)
     .repeat(2),
     [3, 2, 4, 5, 0, 1, 3, 2, 4, 5, 0, 1]),
    (lambda tf: tf.data.Dataset.range(7).shuffle(100, seed=9), [2, 5, 3, 1, 4, 0, 6]),
    (lambda tf: tf.data.Dataset.range(7).shuffle(1, seed=9), [0, 1, 2, 3, 4, 5, 6]),
    # dense rows (tfcompat's chunked path), batched after the shuffle
    (lambda tf: tf.data.Dataset.from_tensor_slices(np.arange(40).reshape(20, 2))
     .shuffle(7, seed=3).batch(5),
     [[[10, 11], [4, 5], [0, 1], [12, 13], [20, 21]],
      [[16, 17], [6, 7], [18, 19], [22, 23], [2, 3]],
      [[14, 15], [30, 31], [36, 37], [26, 27], [38, 39]],
      [[32, 33], [34, 35], [8, 9], [24, 25], [28, 29]]]),
    (lambda tf: tf.data.Dataset.from_tensor_slices(np.arange(40).reshape(20, 2))
     .shuffle(7, seed=3).repeat(2).batch(8),
     [[[10, 11], [4, 5], [0, 1], [12, 13], [20, 21], [16, 17], [6, 7], [18, 19]],
      [[22, 23], [2, 3], [14, 15], [30, 31], [36, 37], [26, 27], [38, 39], [32, 33]],
      [[34, 35], [8, 9], [24, 25], [28, 29], [2, 3], [10, 11], [6, 7], [12, 13]],
      [[16, 17], [22, 23], [14, 15], [20, 21], [8, 9], [26, 27], [4, 5], [32, 33]],
      [[36, 37], [28, 29], [24, 25], [0, 1], [38, 39], [34, 35], [30, 31], [18, 19]]]),
]


@pytest.mark.parametrize("index", range(len(PIPELINES)))
def test_seeded_shuffle_gives_tfs_order(tf, index):
    build, expected = PIPELINES[index]
    assert _drain(tf, build(tf)) == expected


def test_reinitializing_restarts_the_order_graph_seed_only(tf):
    # recorded from TF 2.21: the op seed comes from the graph seed; each initialization
    # starts the same order again
    tf.set_random_seed(4)
    it = tf.data.make_initializable_iterator(tf.data.Dataset.range(8).shuffle(4))
    nxt = it.get_next()
    with tf.Session() as sess:
        for _ in range(2):
            sess.run(it.initializer)
            assert [sess.run(nxt).tolist() for _ in range(8)] == [2, 0, 3, 6, 5, 4, 1, 7]
