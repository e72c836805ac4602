"""tf.contrib.training.bucket_by_sequence_length / bucket: TF 1.15's queue-based bucketing
(contrib/training/python/training/bucket_ops.py; TF 2.x has no contrib to run, so the values
follow its documented semantics: buckets l < b[0], b[0] <= l < b[1], ..., b[-1] <= l; each
run returns one batch from one bucket). The tf.data.experimental version is compared with TF."""
import pytest


def _lengths_producer(tf):
    """Lengths 1, 2, ..., 7, 1, 2, ... read endlessly through a queue (when an input ends,
    TF 1.15 closes the top queue at once, so what the bucket threads have not moved yet is
    lost: only an endless input gives the same batches every run)."""
    index = tf.train.range_input_producer(7, shuffle=False).dequeue()
    return index + 1


def _take(tf, fetches, num_batches):
    """`num_batches` runs of `fetches` (the first of which names the bucket or lengths)."""
    with tf.Session() as sess:
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess, coord=coord)
        out = [sess.run(fetches) for _ in range(num_batches)]
        coord.request_stop()
        coord.join(threads)
    return out


def _by_bucket(batches, key):
    """Batches grouped by bucket, in the order each bucket produced them: the bucket threads
    fill the top queue concurrently, so only the order between buckets varies."""
    groups = {}
    for batch in batches:
        groups.setdefault(key(batch), []).append(batch)
    return groups


def _is_prefix(got, expected):
    return len(got) <= len(expected) and got == expected[:len(got)]


@pytest.mark.tfcompat_only
def test_bucket_by_sequence_length_batches_one_bucket_each_padded(tf):
    length = _lengths_producer(tf)
    seq_len, (seq, doubled) = tf.contrib.training.bucket_by_sequence_length(
        length, [tf.range(length), tf.cast(length, tf.float32) * 2], batch_size=2,
        bucket_boundaries=[3, 5], dynamic_pad=True, allow_smaller_final_batch=True,
        capacity=8)
    assert seq_len.name == "bucket_by_sequence_length/bucket/dequeue_top:1"
    assert seq_len.shape.as_list() == [None] and seq.shape.as_list() == [None, None]
    batches = [(l.tolist(), s.tolist(), d.tolist())
               for l, s, d in _take(tf, [seq_len, seq, doubled], 7)]
    groups = _by_bucket(batches, lambda b: (b[0][0] >= 3) + (b[0][0] >= 5))
    assert len(batches) == 7
    assert _is_prefix(groups.get(0, []), [([1, 2], [[0, 0], [0, 1]], [2.0, 4.0])] * 7)
    assert _is_prefix(groups.get(1, []), [([3, 4], [[0, 1, 2, 0], [0, 1, 2, 3]], [6.0, 8.0])] * 7)
    assert _is_prefix(groups.get(2, []), [
        ([5, 6], [[0, 1, 2, 3, 4, 0], [0, 1, 2, 3, 4, 5]], [10.0, 12.0]),
        ([7, 5], [[0, 1, 2, 3, 4, 5, 6], [0, 1, 2, 3, 4, 0, 0]], [14.0, 10.0]),
        ([6, 7], [[0, 1, 2, 3, 4, 5, 0], [0, 1, 2, 3, 4, 5, 6]], [12.0, 14.0])] * 3)


@pytest.mark.tfcompat_only
def test_bucket_by_sequence_length_keep_input_dict_and_static_batch(tf):
    length = _lengths_producer(tf)
    seq_len, out = tf.contrib.training.bucket_by_sequence_length(
        length, {"ids": tf.range(length), "len": length}, batch_size=3, bucket_boundaries=[4],
        dynamic_pad=True, keep_input=length > 1)
    # a python batch size without allow_smaller_final_batch gives a static batch dimension
    assert seq_len.shape.as_list() == [3] and sorted(out) == ["ids", "len"]
    assert out["ids"].shape.as_list() == [3, None] and out["len"].shape.as_list() == [3]
    batches = [(l.tolist(), o["len"].tolist(), o["ids"].shape)
               for l, o in _take(tf, [seq_len, out], 5)]
    groups = _by_bucket(batches, lambda b: b[0][0] >= 4)
    # length 1 is never kept; bucket 0 sees 2, 3, 2, 3, ... and bucket 1 sees 4, 5, 6, 7, ...
    assert _is_prefix(groups.get(False, []), [([2, 3, 2], [2, 3, 2], (3, 3)),
                                              ([3, 2, 3], [3, 2, 3], (3, 3))] * 3)
    assert _is_prefix(groups.get(True, []), [([4, 5, 6], [4, 5, 6], (3, 6)),
                                             ([7, 4, 5], [7, 4, 5], (3, 7)),
                                             ([6, 7, 4], [6, 7, 4], (3, 7)),
                                             ([5, 6, 7], [5, 6, 7], (3, 7))] * 2)


@pytest.mark.tfcompat_only
def test_bucket_per_bucket_batch_sizes(tf):
    length = _lengths_producer(tf)
    which = tf.cast(length > 3, tf.int32)
    bucket, (value,) = tf.contrib.training.bucket([length * 10], which, batch_size=[3, 2],
                                                  num_buckets=2)
    # batch sizes differing per bucket leave the batch dimension unknown
    assert bucket.shape.as_list() == [] and value.shape.as_list() == [None]
    batches = [(int(b), v.tolist()) for b, (v,) in _take(tf, [bucket, [value]], 5)]
    groups = _by_bucket(batches, lambda b: b[0])
    assert _is_prefix(groups.get(0, []), [(0, [10, 20, 30])] * 5)
    assert _is_prefix(groups.get(1, []), [(1, [40, 50]), (1, [60, 70])] * 3)


@pytest.mark.tfcompat_only
def test_bucket_by_sequence_length_argument_errors(tf):
    fn = tf.contrib.training.bucket_by_sequence_length
    x = tf.zeros([4])
    with pytest.raises(TypeError, match="bucket_boundaries must be a list or tuple, but "
                                        "received: 3"):
        fn(3, [x], 2, 3)
    with pytest.raises(ValueError, match="bucket_boundaries must not be empty"):
        fn(3, [x], 2, [])
    with pytest.raises(ValueError, match="Buckets must contain sequential increasing "
                                         "lengths, but saw: 5 before 5"):
        fn(3, [x], 2, [5, 5])
    with pytest.raises(TypeError, match="bucket boundaries must be integers"):
        fn(3, [x], 2, [1.5, 3])
    with pytest.raises(ValueError, match="If batch_size is a list it must have num_buckets"):
        fn(3, [x], [2, 2], [4, 8])
    with pytest.raises(ValueError, match=r"The list bucket_capacities \(\[4\]\) must have "
                                         r"exactly num_buckets \(2\) elements."):
        fn(3, [x], 2, [4], bucket_capacities=[4])
    with pytest.raises(ValueError, match="All shapes must be fully defined"):
        fn(3, [tf.placeholder(tf.float32, [None])], 2, [4])


def test_data_experimental_bucket_by_sequence_length(tf):
    # recorded from TF 2.21 compat.v1
    ds = tf.data.Dataset.range(11).map(lambda i: tf.fill([i % 6 + 1], i))
    batched = ds.apply(tf.data.experimental.bucket_by_sequence_length(
        lambda x: tf.shape(x)[0], [3, 5], [2, 3, 2]))
    assert tf.data.get_output_shapes(batched).as_list() == [None, None]
    nxt = tf.data.make_one_shot_iterator(batched).get_next()
    got = []
    with tf.Session() as sess:
        try:
            while True:
                got.append(sess.run(nxt).tolist())
        except tf.errors.OutOfRangeError:
            pass
    assert got == [[[0, 0], [1, 1]], [[4, 4, 4, 4, 4, 0], [5, 5, 5, 5, 5, 5]], [[6, 0], [7, 7]],
                   [[2, 2, 2, 0], [3, 3, 3, 3], [8, 8, 8, 0]], [[9, 9, 9, 9]],
                   [[10, 10, 10, 10, 10]]]


@pytest.mark.tfcompat_only
def test_one_key_dict_maps_the_key_to_the_batch(tf):
    # TF 1.15 gives {'ids': [tensor]} here (see tests/differential/known_differences.txt)
    length = _lengths_producer(tf)
    _, out = tf.contrib.training.bucket_by_sequence_length(
        length, {"ids": tf.range(length)}, batch_size=2, bucket_boundaries=[4],
        dynamic_pad=True)
    assert out["ids"].shape.as_list() == [2, None]
    batch = _take(tf, out["ids"], 1)[0]
    assert batch.shape[0] == 2


@pytest.mark.tfcompat_only
def test_bucket_with_a_sparse_tensor_and_a_summary_per_queue(tf):
    length = _lengths_producer(tf)
    sparse = tf.SparseTensor(indices=[[0]], values=[1.0], dense_shape=[1])
    which, (ids, sp) = tf.contrib.training.bucket([length, sparse], length % 2, batch_size=3,
                                                  num_buckets=2, num_threads=2)
    assert ids.shape.as_list() == [3] and sp.dense_shape.shape.as_list() == [2]
    names = [t.op.name for t in tf.get_collection(tf.GraphKeys.SUMMARIES)]
    assert names[1:] == ["bucket/bucket/bucket/bucket_queue_0/size",
                     "bucket/bucket/bucket/bucket_queue_1/size",
                     "bucket/bucket/bucket/top_queue/fraction_of_32_full"]
    b, i, s = _take(tf, [which, ids, sp], 1)[0]
    assert set((i % 2).tolist()) == {int(b)} and s.dense_shape.tolist() == [3, 1]
