"""`map(f).batch(n)` runs fused, as TF's default `map_and_batch_fusion` runs it: an error while
reading or mapping any element of a batch fails that whole batch and the next batch starts n
elements further on. Expected outputs recorded from TF 2.21 compat.v1 (graph mode, default
options); the thread checks (one batch filled ahead, concurrency, no leaked threads) are
tfcompat's own.
"""
from __future__ import annotations

import gc
import threading
import time

import pytest

OOR = "OutOfRange"
ERR = "InvalidArgumentError"


def _drain(tf, ds, limit=40):
    """Each get_next: the value, "InvalidArgumentError bad <k>" for an error, then OOR."""
    nxt = tf.data.make_one_shot_iterator(ds).get_next()
    out = []
    with tf.Session() as sess:
        for _ in range(limit):
            try:
                out.append(sess.run(nxt).tolist())
            except tf.errors.OutOfRangeError:
                out.append(OOR)
                break
            except tf.errors.InvalidArgumentError as e:
                out.append(ERR + " " + e.message.split("bad ")[1].split()[0])
    return out


def _bad_at(tf, *bad):
    def check(v):
        if v in bad:
            raise ValueError("bad %d here" % v)
        return v

    return lambda x: tf.py_func(check, [x], tf.int64)


PARALLEL = [None, 1, 2, 3]


@pytest.mark.parametrize("npc", PARALLEL)
def test_an_error_fails_its_whole_batch(tf, npc):
    ds = tf.data.Dataset.range(12).map(_bad_at(tf, 5), num_parallel_calls=npc).batch(4)
    assert _drain(tf, ds) == [[0, 1, 2, 3], ERR + " 5", [8, 9, 10, 11], OOR]


@pytest.mark.parametrize("npc", PARALLEL)
def test_each_failing_batch_raises_its_first_error(tf, npc):
    ds = tf.data.Dataset.range(12).map(_bad_at(tf, 1, 2, 6), num_parallel_calls=npc).batch(4)
    assert _drain(tf, ds) == [ERR + " 1", ERR + " 6", [8, 9, 10, 11], OOR]


@pytest.mark.parametrize("npc", PARALLEL)
def test_an_input_error_takes_its_place_in_the_batch(tf, npc):
    ds = tf.data.Dataset.range(12).map(_bad_at(tf, 5))
    ds = ds.map(lambda x: x * 10, num_parallel_calls=npc).batch(4)
    assert _drain(tf, ds) == [[0, 10, 20, 30], ERR + " 5", [80, 90, 100, 110], OOR]


@pytest.mark.parametrize("npc", PARALLEL)
@pytest.mark.parametrize("drop", [False, True])
def test_an_error_in_the_last_partial_batch_is_raised_even_if_dropped(tf, npc, drop):
    ds = tf.data.Dataset.range(6).map(_bad_at(tf, 5), num_parallel_calls=npc)
    assert _drain(tf, ds.batch(4, drop_remainder=drop)) == [[0, 1, 2, 3], ERR + " 5", OOR]
    ds = tf.data.Dataset.range(3).map(_bad_at(tf, 2), num_parallel_calls=npc)
    assert _drain(tf, ds.batch(4, drop_remainder=True)) == [ERR + " 2", OOR]


@pytest.mark.parametrize("npc", PARALLEL)
def test_partial_and_dropped_last_batches(tf, npc):
    ds = tf.data.Dataset.range(10).map(lambda x: x + 1, num_parallel_calls=npc)
    assert _drain(tf, ds.batch(4)) == [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10], OOR]
    assert _drain(tf, ds.batch(4, drop_remainder=True)) == [[1, 2, 3, 4], [5, 6, 7, 8], OOR]
    empty = tf.data.Dataset.range(0).map(lambda x: x, num_parallel_calls=npc)
    assert _drain(tf, empty.batch(4)) == [OOR]


def _stop_at(tf, stop, bad=()):
    """A map whose function ends the input early (StopIteration: OutOfRangeError) at `stop`
    and fails (ValueError) at `bad`."""
    def check(v):
        if v in stop:
            raise StopIteration()
        if v in bad:
            raise ValueError("bad %d here" % v)
        return v

    return lambda x: tf.py_func(check, [x], tf.int64)


# TF 2.21: an OutOfRangeError from the function cuts its batch before it (an empty batch, or
# a cut one under drop_remainder, ends the sequence for that get_next only), the rest of the
# batch is dropped; an earlier error in the batch wins
STOPS = [
    (dict(stop={5}), {}, [[0, 1, 2, 3], [4], [8, 9, 10, 11], OOR]),
    (dict(stop={4}), {}, [[0, 1, 2, 3], OOR, [8, 9, 10, 11], OOR]),
    (dict(stop={5}), dict(drop_remainder=True), [[0, 1, 2, 3], OOR, [8, 9, 10, 11], OOR]),
    (dict(stop={5}, bad={4}), {}, [[0, 1, 2, 3], ERR + " 4", [8, 9, 10, 11], OOR]),
    (dict(stop={5}, bad={6}), {}, [[0, 1, 2, 3], [4], [8, 9, 10, 11], OOR]),
]


def _drain_through_ends(tf, ds, n=4):
    """`n` get_next results, reading on after an OutOfRangeError."""
    nxt = tf.data.make_one_shot_iterator(ds).get_next()
    out = []
    with tf.Session() as sess:
        for _ in range(n):
            try:
                out.append(sess.run(nxt).tolist())
            except tf.errors.OutOfRangeError:
                out.append(OOR)
            except tf.errors.InvalidArgumentError as e:
                out.append(ERR + " " + e.message.split("bad ")[1].split()[0])
    return out


@pytest.mark.parametrize("fn, batch, expected", STOPS)
def test_an_out_of_range_error_cuts_its_batch(tf, fn, batch, expected):
    ds = tf.data.Dataset.range(12).map(_stop_at(tf, **fn)).batch(4, **batch)
    assert _drain_through_ends(tf, ds) == expected


@pytest.mark.tfcompat_only
@pytest.mark.parametrize("fn, batch, expected", STOPS)
def test_an_out_of_range_error_cuts_its_parallel_batch(tf, fn, batch, expected):
    # TF's parallel MapAndBatch returns an unset value in a cut batch (known_differences)
    ds = tf.data.Dataset.range(12).map(_stop_at(tf, **fn), num_parallel_calls=2)
    assert _drain_through_ends(tf, ds.batch(4, **batch)) == expected


def test_an_out_of_range_cut_batch_inside_repeat(tf):
    ds = tf.data.Dataset.range(12).map(_stop_at(tf, {5})).batch(4).repeat(2)
    assert _drain_through_ends(tf, ds.take(5), 6) == [[0, 1, 2, 3], [4], [8, 9, 10, 11],
                                                      [0, 1, 2, 3], [4], OOR]
    # an empty cut batch ends the pass: repeat starts the next one
    ds = tf.data.Dataset.range(12).map(_stop_at(tf, {4})).batch(4).repeat(2)
    assert _drain_through_ends(tf, ds, 3) == [[0, 1, 2, 3], [0, 1, 2, 3], OOR]


def test_only_a_map_right_before_batch_is_fused(tf):
    bad = _bad_at(tf, 5)
    ds = tf.data.Dataset.range(12)
    # a prefetch between map and batch, or padded_batch: the batch stops at the error
    unfused = [[0, 1, 2, 3], ERR + " 5", [6, 7, 8, 9], [10, 11], OOR]
    assert _drain(tf, ds.map(bad, num_parallel_calls=2).prefetch(1).batch(4)) == unfused
    assert _drain(tf, ds.map(bad).padded_batch(4, [])) == unfused
    # the outer batch of batch(4).batch(2) reads the failed batch as an error element
    assert _drain(tf, ds.map(bad).batch(4).batch(2)) == [ERR + " 5", [[8, 9, 10, 11]], OOR]


def test_non_deterministic_fused_batches_keep_input_order_within(tf):
    opts = tf.data.Options()
    opts.experimental_deterministic = False
    ds = tf.data.Dataset.range(12).map(_bad_at(tf, 5), num_parallel_calls=3).batch(4)
    assert _drain(tf, ds.with_options(opts)) == [[0, 1, 2, 3], ERR + " 5", [8, 9, 10, 11],
                                                 OOR]


def test_fused_sparse_and_tuple_elements(tf):
    def f(x):
        sparse = tf.SparseTensor([[0]], tf.reshape(x, [1]), [2])
        return x * 2, sparse

    ds = tf.data.Dataset.range(3).map(f, num_parallel_calls=2).batch(2)
    nxt = tf.data.make_one_shot_iterator(ds).get_next()
    with tf.Session() as sess:
        dense, sparse = sess.run(nxt)
        assert dense.tolist() == [0, 2]
        assert sparse.indices.tolist() == [[0, 0], [1, 0]]
        assert sparse.values.tolist() == [0, 1]
        assert sparse.dense_shape.tolist() == [2, 2]


def test_reinitializing_a_fused_pipeline_restarts_it(tf):
    ds = tf.data.Dataset.range(10).map(lambda x: x * 3, num_parallel_calls=2).batch(3)
    it = tf.data.make_initializable_iterator(ds)
    nxt = it.get_next()
    with tf.Session() as sess:
        sess.run(it.initializer)
        assert sess.run(nxt).tolist() == [0, 3, 6]
        sess.run(it.initializer)
        assert [sess.run(nxt).tolist() for _ in range(4)] == [[0, 3, 6], [9, 12, 15],
                                                              [18, 21, 24], [27]]
        with pytest.raises(tf.errors.OutOfRangeError):
            sess.run(nxt)


# -- threads (tfcompat) --------------------------------------------------------------------

def _wait_for(predicate, timeout=5.0):
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def _settled(base):
    gc.collect()
    return _wait_for(lambda: threading.active_count() <= base)


def _counting(tf, produced):
    def record(v):
        produced.append(int(v))
        return v

    return lambda x: tf.py_func(record, [x], tf.int64)


@pytest.mark.tfcompat_only
def test_parallel_fused_batch_fills_one_batch_ahead():
    import tfcompat as tf
    produced = []
    with tf.Graph().as_default():
        ds = tf.data.Dataset.range(100).map(_counting(tf, produced), num_parallel_calls=2)
        nxt = tf.data.make_one_shot_iterator(ds.batch(4)).get_next()
        with tf.Session() as sess:
            assert sess.run(nxt).tolist() == [0, 1, 2, 3]
            assert _wait_for(lambda: len(produced) >= 8)
            time.sleep(0.1)
            assert sorted(produced) == list(range(8))  # the next batch, and no more
            assert sess.run(nxt).tolist() == [4, 5, 6, 7]


@pytest.mark.tfcompat_only
def test_sequential_fused_batch_maps_on_the_readers_thread():
    import tfcompat as tf
    threads = []

    def record(v):
        threads.append(threading.current_thread())
        return v

    with tf.Graph().as_default():
        ds = tf.data.Dataset.range(6).map(lambda x: tf.py_func(record, [x], tf.int64))
        assert _drain(tf, ds.batch(4)) == [[0, 1, 2, 3], [4, 5], OOR]
    assert threads == [threading.current_thread()] * 6


@pytest.mark.tfcompat_only
def test_parallel_fused_batch_runs_calls_concurrently():
    import tfcompat as tf
    barrier = threading.Barrier(3, timeout=5)

    def meet(v):
        barrier.wait()  # returns only when 3 calls run at the same time
        return v

    with tf.Graph().as_default():
        ds = tf.data.Dataset.range(6).map(lambda x: tf.py_func(meet, [x], tf.int64),
                                          num_parallel_calls=3)
        assert _drain(tf, ds.batch(3)) == [[0, 1, 2], [3, 4, 5], OOR]


@pytest.mark.tfcompat_only
def test_reinitializing_mid_batch_cancels_and_leaves_no_threads():
    import tfcompat as tf
    base = threading.active_count()
    gate = threading.Event()

    def slow(v):
        if v == 5:
            gate.wait(5)  # the first pass's call in flight when re-initialized
        return v

    with tf.Graph().as_default():
        ds = tf.data.Dataset.range(1000).map(lambda x: tf.py_func(slow, [x], tf.int64),
                                             num_parallel_calls=2).batch(4)
        it = tf.data.make_initializable_iterator(ds)
        nxt = it.get_next()
        with tf.Session() as sess:
            for _ in range(3):  # each pass leaves batch [4..7] waiting on element 5
                sess.run(it.initializer)
                assert sess.run(nxt).tolist() == [0, 1, 2, 3]
            gate.set()
            assert sess.run(nxt).tolist() == [4, 5, 6, 7]
    assert _settled(base)


@pytest.mark.tfcompat_only
@pytest.mark.parametrize("npc, size", [(6, 2), (3, 5), (4, 1)])
def test_parallel_fused_batches_keep_order_with_several_batches_ahead(npc, size):
    import random

    import tfcompat as tf
    rng = random.Random(0)
    delays = [rng.random() * 0.002 for _ in range(60)]

    def jitter(v):
        time.sleep(delays[int(v)])  # calls finish out of order
        if v == 31:
            raise ValueError("bad 31 here")
        return v

    with tf.Graph().as_default():
        ds = tf.data.Dataset.range(60).map(lambda x: tf.py_func(jitter, [x], tf.int64),
                                           num_parallel_calls=npc).batch(size)
        expected = [list(range(i, min(i + size, 60))) for i in range(0, 60, size)]
        expected = [ERR + " 31" if 31 in b else b for b in expected]
        assert _drain(tf, ds, limit=100) == expected + [OOR]


@pytest.mark.tfcompat_only
def test_a_batch_larger_than_the_input_takes_it_whole():
    import tfcompat as tf
    with tf.Graph().as_default():
        ds = tf.data.Dataset.range(5).map(lambda x: x * 2, num_parallel_calls=2)
        assert _drain(tf, ds.batch(2 ** 31 - 1)) == [[0, 2, 4, 6, 8], OOR]


@pytest.mark.tfcompat_only
def test_an_abandoned_fused_pipeline_leaves_no_threads():
    import tfcompat as tf
    base = threading.active_count()
    with tf.Graph().as_default():
        ds = tf.data.Dataset.range(10 ** 6).map(lambda x: x + 1, num_parallel_calls=3)
        it = tf.data.make_initializable_iterator(ds.batch(8).prefetch(2))
        nxt = it.get_next()
        sess = tf.Session()
        sess.run(it.initializer)
        assert sess.run(nxt).tolist() == list(range(1, 9))
        del sess  # a collected session, its endless pipeline mid-way
        assert _settled(base)


def test_an_out_of_range_error_from_a_map_without_batch(tf):
    # TF 2.21: the sequential map ends for good, the parallel one ends that get_next only
    ds = tf.data.Dataset.range(8)
    assert _drain_through_ends(tf, ds.map(_stop_at(tf, {5})), 8) == [0, 1, 2, 3, 4, OOR, OOR,
                                                                      OOR]
    assert _drain_through_ends(tf, ds.map(_stop_at(tf, {5}), num_parallel_calls=2), 9) == [
        0, 1, 2, 3, 4, OOR, 6, 7, OOR]
    # repeat starts a new pass after the early end
    assert _drain_through_ends(tf, ds.map(_stop_at(tf, {2})).repeat(2), 5) == [0, 1, 0, 1,
                                                                               OOR]


# -- how many threads fill a batch (tfcompat) ----------------------------------------------

class _Timed:
    """A stand-in for a filled batch: `size` elements filled in `seconds`."""

    def __init__(self, seconds, size=4):
        self.size = self.claimed = size
        self.began, self.filled = 0.0, seconds


def _probe_round(tuner, seconds_by_width):
    widths = []
    for _ in range(2 * tuner.PROBE + tuner.KEEP):
        width, probe = tuner.next_width()
        widths.append(width)
        if probe:
            tuner.record(width, _Timed(seconds_by_width[width]))
    return widths


@pytest.mark.tfcompat_only
def test_width_tuner_keeps_one_thread_only_when_it_is_faster():
    from tfcompat.data._runtime_fused import _WidthTuner
    tuner = _WidthTuner(3)
    assert tuner.next_width() == (3, False)   # the first batch: all threads
    # probes: PROBE batches on 3 threads, PROBE on 1, then the faster for KEEP batches
    widths = _probe_round(tuner, {3: 0.02, 1: 0.01})   # threads that only share the GIL
    probes = 2 * tuner.PROBE
    assert widths[:probes] == [3] * tuner.PROBE + [1] * tuner.PROBE
    assert widths[probes:] == [1] * tuner.KEEP
    widths = _probe_round(tuner, {3: 0.01, 1: 0.03})   # calls that wait: threads help
    assert widths[2 * tuner.PROBE:] == [3] * tuner.KEEP
    widths = _probe_round(tuner, {3: 0.01, 1: 0.0098})  # not clearly faster: all threads
    assert widths[2 * tuner.PROBE:] == [3] * tuner.KEEP
    tuner.stalled()  # one thread could not go on: no more tuning
    assert {tuner.next_width() for _ in range(60)} == {(3, False)}
    assert _WidthTuner(1).next_width() == (1, False)


@pytest.mark.tfcompat_only
def test_calls_that_wait_for_each_other_still_run_concurrently_later():
    import tfcompat as tf
    barrier = threading.Barrier(3, timeout=5)

    def meet(v):
        barrier.wait()  # returns only when 3 calls run at the same time
        return v

    with tf.Graph().as_default():
        ds = tf.data.Dataset.range(30).map(lambda x: tf.py_func(meet, [x], tf.int64),
                                           num_parallel_calls=3)
        # batches 4-6 are probed on one thread: it stalls, and all 3 threads take over
        assert _drain(tf, ds.batch(3)) == [[i, i + 1, i + 2] for i in range(0, 30, 3)] + [OOR]
