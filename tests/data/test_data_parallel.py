"""tf.data background work: `prefetch`, `map(num_parallel_calls=...)`, `interleave(
num_parallel_calls=...)`, `experimental.parallel_interleave` and `Options.experimental_
deterministic`. Orders, errors and end-of-sequence were recorded from TF 2.21 compat.v1 (graph
mode); the thread checks (run-ahead, bounded work, no leaked threads) are tfcompat's own.
"""
from __future__ import annotations

import gc
import threading
import time

import pytest

OOR = "OutOfRange"


def _drain(tf, ds, limit=60):
    """Every get_next result: values, "<ErrorClass>: <message>" for errors, then OOR."""
    nxt = tf.data.make_one_shot_iterator(ds).get_next()
    out = []
    with tf.Session() as sess:
        for _ in range(limit):
            try:
                v = sess.run(nxt)
            except tf.errors.OutOfRangeError:
                out.append(OOR)
                break
            except tf.errors.OpError as e:
                out.append("%s: %s" % (type(e).__name__, e.message))
                continue
            out.append(v.tolist())
    return out


def _bad_on_3_and_6(tf):
    def check(v):
        if v in (3, 6):
            raise ValueError("bad element %d" % v)
        return v

    return lambda x: tf.py_func(check, [x], tf.int64)


def _sub(tf):
    return lambda x: tf.data.Dataset.range(x).map(lambda y: x * 10 + y)


# TF 2.21: range(10).interleave(_sub, cycle_length=3, block_length=2), with or without
# num_parallel_calls
INTERLEAVED = [10, 20, 21, 30, 31, 40, 41, 32, 42, 43, 50, 51, 60, 61, 52, 53, 62, 63, 70, 71,
               54, 64, 65, 72, 73, 80, 81, 74, 75, 82, 83, 90, 91, 76, 84, 85, 92, 93, 86, 87,
               94, 95, 96, 97, 98, OOR]


def _is_error(item, number):
    return isinstance(item, str) and item.startswith("InvalidArgumentError") and \
        ("bad element %d" % number) in item


# -- graph ---------------------------------------------------------------------------------

def test_parallel_ops_are_tf_ops(tf):
    ds = tf.data.Dataset.range(10)
    m = ds.map(lambda x: x * 2, num_parallel_calls=3)
    assert m._variant_tensor.op.type == "ParallelMapDatasetV2"
    assert [t.name for t in m._variant_tensor.op.inputs] == ["RangeDataset:0",
                                                             "num_parallel_calls:0"]
    assert ds.map(lambda x: x, num_parallel_calls=1)._variant_tensor.op.type == \
        "ParallelMapDatasetV2"
    assert ds.map(lambda x: x)._variant_tensor.op.type == "MapDataset"
    il = ds.interleave(_sub(tf), cycle_length=3, block_length=2, num_parallel_calls=2)
    assert il._variant_tensor.op.type == "ParallelInterleaveDatasetV4"
    assert [t.name.split("_")[0].split(":")[0] for t in il._variant_tensor.op.inputs] == [
        "RangeDataset", "cycle", "block", "buffer", "prefetch", "num"]
    legacy = ds.apply(tf.data.experimental.parallel_interleave(_sub(tf), cycle_length=3))
    assert legacy._variant_tensor.op.type == "LegacyParallelInterleaveDatasetV2"
    opts = tf.data.Options()
    opts.experimental_deterministic = False
    assert ds.with_options(opts)._variant_tensor.op.type == "OptionsDataset"
    assert ds.prefetch(2)._variant_tensor.op.type == "PrefetchDataset"


# -- order ---------------------------------------------------------------------------------

def test_parallel_map_keeps_input_order(tf):
    ds = tf.data.Dataset.range(10)
    expected = [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, OOR]
    assert _drain(tf, ds.map(lambda x: x * 2, num_parallel_calls=3)) == expected
    assert _drain(tf, ds.map(lambda x: x * 2, num_parallel_calls=3).prefetch(2)) == expected
    assert _drain(tf, ds.map(lambda x: x * 2, num_parallel_calls=-1).prefetch(-1)) == expected
    assert _drain(tf, ds.map(lambda x: x * 2, num_parallel_calls=100).take(3)) == [0, 2, 4, OOR]


def test_prefetch_passes_elements_and_batches_through(tf):
    ds = tf.data.Dataset.range(10)
    assert _drain(tf, ds.batch(3).prefetch(1)) == [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9], OOR]
    assert _drain(tf, ds.prefetch(3).batch(4)) == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9], OOR]
    assert _drain(tf, ds.prefetch(0).take(3)) == [0, 1, 2, OOR]
    # TF 2.21: take(3).map(npc=2).repeat(2).prefetch(1).batch(4) -> [1, 2, 3, 1] first
    d = ds.take(3).map(lambda x: x + 1, num_parallel_calls=2).repeat(2).prefetch(1).batch(4)
    assert _drain(tf, d) == [[1, 2, 3, 1], [2, 3], OOR]


def test_parallel_interleave_has_interleave_order(tf):
    ds = tf.data.Dataset.range(10)
    assert _drain(tf, ds.interleave(_sub(tf), cycle_length=3, block_length=2,
                                    num_parallel_calls=2)) == INTERLEAVED
    assert _drain(tf, ds.interleave(_sub(tf), cycle_length=3, block_length=2,
                                    num_parallel_calls=-1)) == INTERLEAVED
    # TF 2.21: range(10).interleave(range(x % 4), cycle_length=2, block_length=3, npc=2)
    assert _drain(tf, ds.interleave(lambda x: tf.data.Dataset.range(x % 4), cycle_length=2,
                                    block_length=3, num_parallel_calls=2)) == \
        [0, 0, 1, 0, 1, 2, 0, 0, 1, 0, 1, 2, 0, OOR]


def test_legacy_parallel_interleave_order(tf):
    ds = tf.data.Dataset.range(10)
    pil = tf.data.experimental.parallel_interleave(_sub(tf), cycle_length=3)
    # TF 2.21, block_length 1: interleave's order
    assert _drain(tf, ds.apply(pil)) == _drain(tf, ds.interleave(_sub(tf), cycle_length=3))
    pil = tf.data.experimental.parallel_interleave(
        lambda x: tf.data.Dataset.range(x % 4), cycle_length=2, block_length=3)
    assert _drain(tf, ds.apply(pil)) == [0, 0, 1, 0, 1, 2, 0, 0, 1, 0, 1, 2, 0, OOR]


@pytest.mark.tfcompat_only  # TF's order here depends on its threads' timing
def test_legacy_parallel_interleave_finishes_block_at_the_end():
    import tfcompat as tf
    # what TF 2.21 gives when the pipeline runs alone: once the input is used up, a block cut
    # short by an ending dataset is finished by the next one (84 alone, then 92, 93)
    expected = INTERLEAVED[:34] + [84, 92, 93, 85, 86, 94, 95, 87, 96, 97, 98, OOR]
    with tf.Graph().as_default():
        pil = tf.data.experimental.parallel_interleave(_sub(tf), cycle_length=3, block_length=2)
        assert _drain(tf, tf.data.Dataset.range(10).apply(pil)) == expected


def test_non_deterministic_map_yields_every_element(tf):
    ds = tf.data.Dataset.range(20)
    out = _drain(tf, ds.map(lambda x: x * 2, num_parallel_calls=4, deterministic=False))
    assert out[-1] == OOR and sorted(out[:-1]) == list(range(0, 40, 2))
    opts = tf.data.Options()
    opts.experimental_deterministic = False
    d = ds.map(lambda x: x + 1, num_parallel_calls=2).with_options(opts)
    out = _drain(tf, d)
    assert out[-1] == OOR and sorted(out[:-1]) == list(range(1, 21))


# -- errors --------------------------------------------------------------------------------

@pytest.mark.parametrize("make", [
    lambda tf, ds: ds.map(_bad_on_3_and_6(tf), num_parallel_calls=4),
    lambda tf, ds: ds.map(_bad_on_3_and_6(tf), num_parallel_calls=4).prefetch(3),
    lambda tf, ds: ds.map(_bad_on_3_and_6(tf)).prefetch(1),
    lambda tf, ds: ds.interleave(lambda x: tf.data.Dataset.from_tensors(x).map(
        _bad_on_3_and_6(tf)), cycle_length=2, num_parallel_calls=2),
], ids=["map", "map_prefetch", "prefetch", "interleave"])
def test_an_error_is_raised_for_its_element_and_later_ones_still_come(tf, make):
    # TF 2.21: [0, 1, 2, InvalidArgumentError, 4, 5, InvalidArgumentError, 7, 8, 9, OOR]
    out = _drain(tf, make(tf, tf.data.Dataset.range(10)))
    assert out[:3] == [0, 1, 2] and out[4:6] == [4, 5] and out[7:] == [7, 8, 9, OOR]
    assert _is_error(out[3], 3) and _is_error(out[6], 6)


def test_non_deterministic_errors_are_still_raised(tf):
    out = _drain(tf, tf.data.Dataset.range(10).map(_bad_on_3_and_6(tf), num_parallel_calls=4,
                                                   deterministic=False))
    assert out[-1] == OOR and sorted(v for v in out if isinstance(v, int)) == \
        [0, 1, 2, 4, 5, 7, 8, 9]
    assert sum(_is_error(v, 3) or _is_error(v, 6) for v in out) == 2


def test_out_of_range_repeats_after_the_end(tf):
    ds = tf.data.Dataset.range(3).map(lambda x: x, num_parallel_calls=2).prefetch(2)
    nxt = tf.data.make_one_shot_iterator(ds).get_next()
    with tf.Session() as sess:
        assert [sess.run(nxt) for _ in range(3)] == [0, 1, 2]
        for _ in range(2):
            with pytest.raises(tf.errors.OutOfRangeError):
                sess.run(nxt)


@pytest.mark.parametrize("build, message", [
    (lambda tf, ds: ds.map(lambda x: x, num_parallel_calls=0),
     "num_parallel_calls must be greater than zero."),
    (lambda tf, ds: ds.map(lambda x: x, num_parallel_calls=-2),
     "num_parallel_calls must be greater than zero."),
    (lambda tf, ds: ds.interleave(lambda x: tf.data.Dataset.from_tensors(x), cycle_length=2,
                                  num_parallel_calls=0),
     "num_parallel_calls must be greater than zero."),
    (lambda tf, ds: ds.interleave(lambda x: tf.data.Dataset.from_tensors(x), cycle_length=2,
                                  num_parallel_calls=5),
     "If `cycle_length` is set to a fixed value, `num_parallel_calls` must be either "
     "`tf.data.AUTOTUNE` or a value less than or equal to `cycle_length`. However, "
     "`num_parallel_calls` is 5 and `cycle_length` is 2"),
    (lambda tf, ds: ds.prefetch(-2),
     "buffer_size must be >= 0 or set buffer_size to be -1 for auto-tuning"),
], ids=["map0", "map-2", "interleave0", "interleave_gt_cycle", "prefetch-2"])
def test_bad_num_parallel_calls_fails_at_initialization(tf, build, message):
    # TF 2.21: InvalidArgumentError from the dataset op when the initializer runs
    it = tf.data.make_initializable_iterator(build(tf, tf.data.Dataset.range(10)))
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            sess.run(it.initializer)
    assert message in info.value.message


def test_reinitializing_restarts_the_pipeline(tf):
    ds = tf.data.Dataset.range(10).map(lambda x: x * 3, num_parallel_calls=2).prefetch(2)
    it = tf.data.make_initializable_iterator(ds)
    nxt = it.get_next()
    with tf.Session() as sess:
        sess.run(it.initializer)
        assert [sess.run(nxt) for _ in range(3)] == [0, 3, 6]
        sess.run(it.initializer)
        assert [sess.run(nxt) for _ in range(10)] == [0, 3, 6, 9, 12, 15, 18, 21, 24, 27]
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


def _counting_map(tf, produced):
    def record(v):
        produced.append(int(v))
        return v

    return lambda x: tf.py_func(record, [x], tf.int64)


@pytest.mark.tfcompat_only
def test_prefetch_runs_ahead_and_stays_bounded():
    import tfcompat as tf
    produced = []
    with tf.Graph().as_default():
        ds = tf.data.Dataset.range(100).map(_counting_map(tf, produced)).prefetch(3)
        nxt = tf.data.make_one_shot_iterator(ds).get_next()
        with tf.Session() as sess:
            assert sess.run(nxt) == 0
            # the background thread reads the next 3 without being asked, and no more
            assert _wait_for(lambda: len(produced) >= 4)
            time.sleep(0.1)
            assert len(produced) == 4
            assert [sess.run(nxt) for _ in range(3)] == [1, 2, 3]
            assert _wait_for(lambda: len(produced) >= 7)
            time.sleep(0.1)
            assert len(produced) == 7


@pytest.mark.tfcompat_only
def test_parallel_map_works_ahead_by_num_parallel_calls():
    import tfcompat as tf
    produced = []
    with tf.Graph().as_default():
        ds = tf.data.Dataset.range(100).map(_counting_map(tf, produced), num_parallel_calls=2)
        nxt = tf.data.make_one_shot_iterator(ds).get_next()
        with tf.Session() as sess:
            assert sess.run(nxt) == 0
            assert _wait_for(lambda: len(produced) >= 3)
            time.sleep(0.1)
            assert len(produced) == 3  # the element returned and 2 in flight


@pytest.mark.tfcompat_only
def test_parallel_map_runs_calls_concurrently():
    import tfcompat as tf
    barrier = threading.Barrier(3, timeout=5)

    def meet(v):
        barrier.wait()  # returns only when 3 calls run at the same time
        return v

    with tf.Graph().as_default():
        ds = tf.data.Dataset.range(3).map(lambda x: tf.py_func(meet, [x], tf.int64),
                                          num_parallel_calls=3)
        assert _drain(tf, ds) == [0, 1, 2, OOR]


def _settled(base):
    gc.collect()
    return _wait_for(lambda: threading.active_count() <= base)


@pytest.mark.tfcompat_only
def test_no_threads_left_after_session_close_reinit_or_collection():
    import tfcompat as tf
    base = threading.active_count()
    with tf.Graph().as_default():
        ds = tf.data.Dataset.range(1000).map(lambda x: x + 1, num_parallel_calls=3)
        ds = ds.interleave(lambda x: tf.data.Dataset.from_tensors(x).repeat(2), cycle_length=2,
                           num_parallel_calls=2).prefetch(4)
        it = tf.data.make_initializable_iterator(ds)
        nxt = it.get_next()
        with tf.Session() as sess:
            for _ in range(5):  # re-initializing mid-stream stops the old pass's threads
                sess.run(it.initializer)
                assert [sess.run(nxt) for _ in range(3)] == [1, 2, 1]
            # the old passes' threads go as soon as their call in progress ends
            assert _wait_for(lambda: threading.active_count() <= base + 3 + 2 + 1)
        assert _settled(base)  # closed session, endless pipeline abandoned mid-way
        sess = tf.Session()
        sess.run(it.initializer)
        sess.run(nxt)
        del sess
        assert _settled(base)  # a collected session and iterator


@pytest.mark.tfcompat_only
def test_gil_switch_interval_is_short_only_while_workers_live():
    import sys

    import tfcompat as tf
    from tfcompat.data import _threads
    def no_workers():
        return _wait_for(lambda: not any(t.name == "tfcompat-data"
                                         for t in threading.enumerate()))

    assert no_workers()  # none left by an earlier test
    before = sys.getswitchinterval()
    seen = []

    def record(v):  # runs on a worker thread
        seen.append(sys.getswitchinterval())
        return v

    with tf.Graph().as_default():
        ds = tf.data.Dataset.range(3).map(lambda x: tf.py_func(record, [x], tf.int64),
                                          num_parallel_calls=2).prefetch(2)
        assert _drain(tf, ds) == [0, 1, 2, OOR]
    assert seen == [min(before, _threads._SWITCH_INTERVAL)] * 3
    assert no_workers()
    assert sys.getswitchinterval() == before


@pytest.mark.tfcompat_only
def test_workers_close_drops_queued_work():
    from tfcompat.data import _threads
    workers = _threads.Workers(1)
    gate = threading.Event()
    first = workers.submit(gate.wait)
    second = workers.submit(lambda: 1)
    assert _wait_for(lambda: len(workers._queue) == 1)  # the first call is running
    workers.close()
    for slot in (first, second):  # a closed group's readers are not kept waiting
        with pytest.raises(_threads.Cancelled):
            workers.wait(slot)
    gate.set()
    assert _wait_for(lambda: workers._alive == 0)
    assert first.done and first.value is True  # the running call was let finish
    assert isinstance(second.error, _threads.Cancelled)  # the queued one never ran
