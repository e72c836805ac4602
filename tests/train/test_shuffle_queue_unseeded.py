"""An unseeded RandomShuffleQueue (tf.train.shuffle_batch without `seed`, the common case) runs;
it used to fail on its first enqueue (its random source was never created)."""


def test_unseeded_shuffle_batch_join_dequeues(tf):
    batch = tf.train.shuffle_batch_join([[tf.constant([3.0])]], 2, capacity=8, min_after_dequeue=1)
    queue = tf.RandomShuffleQueue(4, 0, [tf.int32], shapes=[[]])
    with tf.Session() as sess:
        sess.run(queue.enqueue_many([[1, 2, 3]]))
        assert sorted(sess.run(queue.dequeue_many(3)).tolist()) == [1, 2, 3]
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess, coord)
        assert sess.run(batch).tolist() == [[3.0], [3.0]]
        coord.request_stop()
        coord.join(threads)
