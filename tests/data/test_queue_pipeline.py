"""Whole queue-based input pipelines as TF1 programs write them: string_input_producer ->
reader.read -> parse_single_example -> tf.train.batch & co., driven by start_queue_runners and a
Coordinator. Every expected value (records, batches, keys, the final error) was recorded from
TF 2.21 compat.v1 running the same program; TFCOMPAT_TEST_AGAINST_TF=1 checks them there."""
from __future__ import annotations

import gzip

import numpy as np
import pytest

_OOR = "is closed and has insufficient elements"


@pytest.fixture
def files(tf, tmp_path):
    """a.tfr: records 0-4, b.tfr: 10-12, z.tfr (GZIP): 20-23, two CSVs, a fixed-length file."""
    def example(i):
        return tf.train.Example(features=tf.train.Features(feature={
            "x": tf.train.Feature(int64_list=tf.train.Int64List(value=[i])),
            "s": tf.train.Feature(bytes_list=tf.train.BytesList(value=[b"r%d" % i])),
            "v": tf.train.Feature(float_list=tf.train.FloatList(
                value=[float(j) for j in range(i % 3)]))})).SerializeToString()

    def write(name, numbers, options=None):
        with tf.python_io.TFRecordWriter(str(tmp_path / name), options=options) as w:
            for i in numbers:
                w.write(example(i))
        return str(tmp_path / name)

    gz = tf.python_io.TFRecordOptions(tf.python_io.TFRecordCompressionType.GZIP)
    out = {"a": write("a.tfr", range(5)), "b": write("b.tfr", range(10, 13)),
           "z": write("z.tfr", range(20, 24), gz), "dir": str(tmp_path)}
    (tmp_path / "c.csv").write_text("a,b,c\n1,2.5,x\n3,,y\n5,6.5,z\n")
    (tmp_path / "d.csv").write_text("a,b,c\n7,8,w\n")
    (tmp_path / "fixed.bin").write_bytes(b"HH" + bytes(range(12)) + b"F")
    (tmp_path / "p.txt").write_bytes(b"ppp")
    (tmp_path / "q.txt").write_bytes(b"qqq")
    return out


def _clean(value, root):
    """Fetched values as plain Python, with the temporary directory shown as 'D'."""
    if isinstance(value, dict):
        return {k: _clean(value[k], root) for k in sorted(value)}
    if isinstance(value, (list, tuple)) and not hasattr(value, "dense_shape"):
        return [_clean(v, root) for v in value]
    if hasattr(value, "dense_shape"):
        return [_clean(value.indices, root), _clean(value.values, root),
                _clean(value.dense_shape, root)]
    if isinstance(value, np.ndarray):
        return [_clean(v, root) for v in value.tolist()] if value.ndim else _clean(
            value.item(), root)
    if isinstance(value, bytes):
        return value.replace(root.encode(), b"D")
    if isinstance(value, np.generic):
        return value.item()
    return value


def _drain(tf, fetch, root, init_local=True, limit=40):
    """Runs `fetch` until it fails; returns (values, the error, the error Coordinator.join
    re-raised or None)."""
    out, error, join_error = [], None, None
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        if init_local:
            sess.run(tf.local_variables_initializer())
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess=sess, coord=coord)
        try:
            for _ in range(limit):
                out.append(_clean(sess.run(fetch), root))
        except tf.errors.OpError as e:
            error = e
        coord.request_stop()
        try:
            coord.join(threads, stop_grace_period_secs=5)
        except Exception as e:  # noqa: BLE001 - the test looks at it
            join_error = e
    return out, error, join_error


def _features(tf):
    return {"x": tf.FixedLenFeature([], tf.int64), "s": tf.FixedLenFeature([], tf.string),
            "v": tf.VarLenFeature(tf.float32)}


def test_default_producer_reads_every_record_then_out_of_range(tf, files):
    # shuffle=True (the default) shuffles the file names: a string RandomShuffle
    q = tf.train.string_input_producer([files["a"]], num_epochs=1)
    key, value = tf.TFRecordReader().read(q)
    out, error, join_error = _drain(tf, [key, tf.parse_single_example(value, _features(tf))],
                                    files["dir"])
    assert out == [
        [b"D/a.tfr:0", {"s": b"r0", "v": [[], [], [0]], "x": 0}],
        [b"D/a.tfr:52", {"s": b"r1", "v": [[[0]], [0.0], [1]], "x": 1}],
        [b"D/a.tfr:110", {"s": b"r2", "v": [[[0], [1]], [0.0, 1.0], [2]], "x": 2}],
        [b"D/a.tfr:172", {"s": b"r3", "v": [[], [], [0]], "x": 3}],
        [b"D/a.tfr:224", {"s": b"r4", "v": [[[0]], [0.0], [1]], "x": 4}]]
    assert isinstance(error, tf.errors.OutOfRangeError) and _OOR in error.message
    assert "input_producer" in error.message and join_error is None


def test_without_num_epochs_files_repeat(tf, files):
    q = tf.train.string_input_producer([files["b"]], shuffle=False)
    key, _ = tf.TFRecordReader().read(q)
    out, error, _ = _drain(tf, key, files["dir"], limit=7)
    assert out == [b"D/b.tfr:0", b"D/b.tfr:59", b"D/b.tfr:122"] * 2 + [b"D/b.tfr:0"]
    assert error is None


def test_two_files_two_epochs_in_order(tf, files):
    q = tf.train.string_input_producer([files["a"], files["b"]], num_epochs=2, shuffle=False)
    _, value = tf.TFRecordReader().read(q)
    out, error, _ = _drain(tf, tf.parse_single_example(value, _features(tf))["x"], files["dir"])
    assert out == [0, 1, 2, 3, 4, 10, 11, 12] * 2
    assert isinstance(error, tf.errors.OutOfRangeError)


def test_shuffled_files_give_every_record_each_epoch(tf, files):
    q = tf.train.string_input_producer([files["a"], files["b"]], num_epochs=2, shuffle=True,
                                       seed=3)
    _, value = tf.TFRecordReader().read(q)
    out, error, _ = _drain(tf, tf.parse_single_example(value, _features(tf))["x"], files["dir"])
    assert sorted(out) == sorted([0, 1, 2, 3, 4, 10, 11, 12] * 2)
    assert isinstance(error, tf.errors.OutOfRangeError)


def test_num_epochs_needs_local_variables_initializer(tf, files):
    q = tf.train.string_input_producer([files["a"]], num_epochs=1, shuffle=False)
    key, _ = tf.TFRecordReader().read(q)
    out, error, join_error = _drain(tf, key, files["dir"], init_local=False)
    assert out == [] and isinstance(error, tf.errors.OutOfRangeError)
    assert isinstance(join_error, tf.errors.FailedPreconditionError)
    assert "Attempting to use uninitialized value input_producer/limit_epochs/epochs" in str(
        join_error)


def test_empty_file_list(tf, files):
    with pytest.raises(ValueError, match="string_input_producer requires a non-null input"):
        tf.train.string_input_producer([])
    # an empty tensor fails when the queue runner runs (TF's Assert), not when it is built
    q = tf.train.string_input_producer(tf.constant(np.zeros([0], object), tf.string))
    out, error, join_error = _drain(tf, q.dequeue(), files["dir"])
    assert out == [] and isinstance(error, tf.errors.OutOfRangeError)
    assert isinstance(join_error, tf.errors.InvalidArgumentError)
    assert "assertion failed: [string_input_producer requires a non-null input tensor]" in str(
        join_error)


def test_batch_of_parsed_dict(tf, files):
    q = tf.train.string_input_producer([files["a"], files["b"]], num_epochs=1, shuffle=False)
    _, value = tf.TFRecordReader().read(q)
    parsed = tf.parse_single_example(value, {"x": tf.FixedLenFeature([], tf.int64),
                                             "s": tf.FixedLenFeature([], tf.string)})
    batch = tf.train.batch(parsed, batch_size=3)
    assert batch["x"].shape.as_list() == [3] and batch["s"].shape.as_list() == [3]
    out, error, _ = _drain(tf, batch, files["dir"])
    assert out == [{"s": [b"r0", b"r1", b"r2"], "x": [0, 1, 2]},
                   {"s": [b"r3", b"r4", b"r10"], "x": [3, 4, 10]}]
    assert isinstance(error, tf.errors.OutOfRangeError) and "batch/fifo_queue" in error.message


def test_batch_of_sparse_var_len_features(tf, files):
    q = tf.train.string_input_producer([files["a"], files["b"]], num_epochs=1, shuffle=False)
    _, value = tf.TFRecordReader().read(q)
    parsed = tf.parse_single_example(value, {"x": tf.FixedLenFeature([], tf.int64),
                                             "v": tf.VarLenFeature(tf.float32)})
    batch = tf.train.batch(parsed, batch_size=3, allow_smaller_final_batch=True)
    assert batch["x"].shape.as_list() == [None]
    assert batch["v"].indices.shape.as_list() == [None, 2]
    assert batch["v"].dense_shape.shape.as_list() == [2]
    out, error, _ = _drain(tf, batch, files["dir"])
    assert out == [
        {"v": [[[1, 0], [2, 0], [2, 1]], [0.0, 0.0, 1.0], [3, 2]], "x": [0, 1, 2]},
        {"v": [[[1, 0], [2, 0]], [0.0, 0.0], [3, 1]], "x": [3, 4, 10]},
        {"v": [[[0, 0], [0, 1]], [0.0, 1.0], [2, 2]], "x": [11, 12]}]
    assert isinstance(error, tf.errors.OutOfRangeError)


def test_batch_dynamic_pad_of_densified_sparse(tf, files):
    q = tf.train.string_input_producer([files["a"]], num_epochs=1, shuffle=False)
    _, value = tf.TFRecordReader().read(q)
    parsed = tf.parse_single_example(value, {"x": tf.FixedLenFeature([], tf.int64),
                                             "v": tf.VarLenFeature(tf.float32)})
    batch = tf.train.batch([parsed["x"], tf.sparse_tensor_to_dense(parsed["v"])], batch_size=2,
                           dynamic_pad=True, allow_smaller_final_batch=True)
    assert [t.shape.as_list() for t in batch] == [[None], [None, None]]
    out, error, _ = _drain(tf, batch, files["dir"])
    assert out == [[[0, 1], [[0.0], [0.0]]], [[2, 3], [[0.0, 1.0], [0.0, 0.0]]], [[4], [[0.0]]]]
    assert isinstance(error, tf.errors.OutOfRangeError)


def test_shuffle_batch(tf, files):
    q = tf.train.string_input_producer([files["a"], files["b"]], num_epochs=1, shuffle=False)
    _, value = tf.TFRecordReader().read(q)
    x = tf.parse_single_example(value, {"x": tf.FixedLenFeature([], tf.int64)})["x"]
    up_to = tf.train.shuffle_batch([x], batch_size=2, capacity=10, min_after_dequeue=2, seed=5,
                                   allow_smaller_final_batch=True)
    out, error, _ = _drain(tf, up_to, files["dir"])
    assert sorted(sum(out, [])) == [0, 1, 2, 3, 4, 10, 11, 12] and len(out) == 4
    assert isinstance(error, tf.errors.OutOfRangeError)


def test_shuffle_batch_drops_the_short_final_batch(tf, files):
    q = tf.train.string_input_producer([files["a"], files["b"]], num_epochs=1, shuffle=False)
    _, value = tf.TFRecordReader().read(q)
    x = tf.parse_single_example(value, {"x": tf.FixedLenFeature([], tf.int64)})["x"]
    many = tf.train.shuffle_batch([x], batch_size=3, capacity=10, min_after_dequeue=2, seed=5)
    assert many.shape.as_list() == [3]
    out, error, _ = _drain(tf, many, files["dir"])
    assert len(out) == 2 and isinstance(error, tf.errors.OutOfRangeError)
    assert "RandomShuffleQueue" in error.message and "requested 3, current size 2" in error.message


def test_batch_join_of_two_readers(tf, files):
    q = tf.train.string_input_producer([files["a"], files["b"]], num_epochs=1, shuffle=False)
    lists = []
    for _ in range(2):
        _, value = tf.TFRecordReader().read(q)
        lists.append([tf.parse_single_example(value, {"x": tf.FixedLenFeature([], tf.int64)})["x"]])
    batch = tf.train.batch_join(lists, batch_size=2, allow_smaller_final_batch=True)
    assert batch.shape.as_list() == [None]  # one component: a bare tensor, as in TF
    out, error, _ = _drain(tf, batch, files["dir"])
    assert sorted(sum(out, [])) == [0, 1, 2, 3, 4, 10, 11, 12]
    assert isinstance(error, tf.errors.OutOfRangeError)


def test_gzip_records(tf, files):
    options = tf.python_io.TFRecordOptions(tf.python_io.TFRecordCompressionType.GZIP)
    q = tf.train.string_input_producer([files["z"]], num_epochs=1, shuffle=False)
    key, value = tf.TFRecordReader(options=options).read(q)
    x = tf.parse_single_example(value, {"x": tf.FixedLenFeature([], tf.int64)})["x"]
    out, error, _ = _drain(tf, [key, x], files["dir"])
    assert out == [[b"D/z.tfr:0", 20], [b"D/z.tfr:63", 21], [b"D/z.tfr:116", 22],
                   [b"D/z.tfr:175", 23]]
    assert isinstance(error, tf.errors.OutOfRangeError)
    with open(files["z"], "rb") as f:
        assert gzip.decompress(f.read())  # a real gzip file


def test_gzip_file_read_as_plain_records_is_data_loss(tf, files):
    q = tf.train.string_input_producer([files["z"]], num_epochs=1, shuffle=False)
    key, _ = tf.TFRecordReader().read(q)
    out, error, _ = _drain(tf, key, files["dir"])
    assert out == [] and isinstance(error, tf.errors.DataLossError)
    assert "corrupted record at 0" in error.message


def test_text_lines_and_decode_csv(tf, files):
    q = tf.train.string_input_producer([files["dir"] + "/c.csv", files["dir"] + "/d.csv"],
                                       num_epochs=1, shuffle=False)
    key, line = tf.TextLineReader(skip_header_lines=1).read(q)
    columns = tf.decode_csv(line, record_defaults=[[0], [-1.0], ["?"]])
    out, error, _ = _drain(tf, [key, line] + columns, files["dir"])
    assert out == [[b"D/c.csv:2", b"1,2.5,x", 1, 2.5, b"x"],
                   [b"D/c.csv:3", b"3,,y", 3, -1.0, b"y"],
                   [b"D/c.csv:4", b"5,6.5,z", 5, 6.5, b"z"],
                   [b"D/d.csv:2", b"7,8,w", 7, 8.0, b"w"]]
    assert isinstance(error, tf.errors.OutOfRangeError)


def test_whole_file_reader(tf, files):
    q = tf.train.string_input_producer([files["dir"] + "/p.txt", files["dir"] + "/q.txt"],
                                       num_epochs=1, shuffle=False)
    out, error, _ = _drain(tf, list(tf.WholeFileReader().read(q)), files["dir"])
    assert out == [[b"D/p.txt", b"ppp"], [b"D/q.txt", b"qqq"]]
    assert isinstance(error, tf.errors.OutOfRangeError)


def test_fixed_length_record_reader(tf, files):
    q = tf.train.string_input_producer([files["dir"] + "/fixed.bin"], num_epochs=1,
                                       shuffle=False)
    key, value = tf.FixedLengthRecordReader(record_bytes=4, header_bytes=2,
                                            footer_bytes=1).read(q)
    out, error, _ = _drain(tf, [key, tf.decode_raw(value, tf.uint8)], files["dir"])
    assert out == [[b"D/fixed.bin:0", [0, 1, 2, 3]], [b"D/fixed.bin:1", [4, 5, 6, 7]],
                   [b"D/fixed.bin:2", [8, 9, 10, 11]]]
    assert isinstance(error, tf.errors.OutOfRangeError)


@pytest.mark.parametrize("names, reader, n, sizes", [
    (["a.tfr", "b.tfr"], "tfrecord", 3, [3, 2, 3]),
    (["a.tfr", "b.tfr"], "tfrecord", 8, [5, 3]),
    (["c.csv", "d.csv"], "text", 3, [3, 1, 2]),
    (["p.txt", "q.txt"], "whole", 3, [1, 1]),
    (["fixed.bin", "fixed.bin"], "fixed", 2, [2, 1, 2, 1]),
])
def test_read_up_to_stops_at_the_end_of_each_file(tf, files, names, reader, n, sizes):
    make = {"tfrecord": tf.TFRecordReader, "text": tf.TextLineReader,
            "whole": tf.WholeFileReader,
            "fixed": lambda: tf.FixedLengthRecordReader(4, header_bytes=2, footer_bytes=1)}
    q = tf.train.string_input_producer([files["dir"] + "/" + f for f in names], num_epochs=1,
                                       shuffle=False)
    keys, _ = make[reader]().read_up_to(q, n)
    assert keys.shape.as_list() == [None]
    out, error, _ = _drain(tf, keys, files["dir"])
    assert [len(k) for k in out] == sizes and isinstance(error, tf.errors.OutOfRangeError)


def test_reader_counters_and_reset(tf, files):
    q = tf.train.string_input_producer([files["a"]], num_epochs=1, shuffle=False)
    reader = tf.TFRecordReader()
    key, _ = reader.read(q)
    counters = [reader.num_records_produced(), reader.num_work_units_completed()]
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess, coord)
        sess.run(key)
        sess.run(key)
        assert sess.run(counters) == [2, 0]
        sess.run(reader.reset())
        assert sess.run(counters) == [0, 0]
        coord.request_stop()
        coord.join(threads)


def test_pipeline_graph_summaries_and_queue_runners(tf):
    q = tf.train.string_input_producer(["a", "b"], num_epochs=2)
    _, value = tf.TFRecordReader().read(q)
    parsed = tf.parse_single_example(value, {"x": tf.FixedLenFeature([], tf.int64)})
    tf.train.batch({"x": parsed["x"]}, batch_size=3)
    tf.train.shuffle_batch([parsed["x"]], batch_size=3, capacity=10, min_after_dequeue=4)
    assert [s.name for s in tf.get_collection(tf.GraphKeys.SUMMARIES)] == [
        "input_producer/fraction_of_32_full:0", "batch/fraction_of_32_full:0",
        "shuffle_batch/fraction_over_4_of_6_full:0"]
    assert [qr.name for qr in tf.get_collection(tf.GraphKeys.QUEUE_RUNNERS)] == [
        "input_producer", "batch/fifo_queue", "shuffle_batch/random_shuffle_queue"]
    assert [v.name for v in tf.local_variables()] == ["input_producer/limit_epochs/epochs:0"]
    ops = {op.name: op.type for op in tf.get_default_graph().get_operations()}
    assert ops["input_producer/Assert/Assert"] == "Assert"
    assert ops["input_producer/RandomShuffle"] == "RandomShuffle"
    assert ops["batch"] == "QueueDequeueManyV2"
    assert ops["shuffle_batch/Maximum"] == "Maximum"


def test_random_shuffle_of_strings(tf):
    shuffled = tf.random_shuffle(tf.constant(["a", "b", "c", "d"]), seed=1)
    scalar = tf.random_shuffle(tf.constant("s"))
    with tf.Session() as sess:
        got, one = sess.run([shuffled, scalar])
    assert sorted(got.tolist()) == [b"a", b"b", b"c", b"d"] and one == b"s"


def test_read_up_to_zero_records(tf, files):
    q = tf.train.string_input_producer([files["a"]], shuffle=False)
    n = tf.placeholder(tf.int64, [])
    keys, _ = tf.TFRecordReader().read_up_to(q, n)
    with tf.Session() as sess:
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess, coord)
        assert sess.run(keys, {n: 0}).tolist() == []
        assert len(sess.run(keys, {n: 2})) == 2
        coord.request_stop()
        coord.join(threads)


@pytest.mark.tfcompat_only
def test_read_up_to_negative_is_an_error(tf, files):
    # TF aborts the process here (a check failure); tfcompat raises
    q = tf.train.string_input_producer([files["a"]], shuffle=False)
    keys, _ = tf.TFRecordReader().read_up_to(q, -1)
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match="num_records must be >= 0"):
            sess.run(keys)


@pytest.mark.tfcompat_only
def test_sparse_tensors_map_ops(tf):
    # the ops tf.train.batch uses to queue SparseTensors (TF's sparse_ops._add_sparse_to_...)
    from tfcompat.ops import queue_ops
    handle = queue_ops.add_sparse_to_tensors_map(tf.SparseTensor([[0], [2]], ["a", "b"], [3]))
    handle2 = queue_ops.add_sparse_to_tensors_map(tf.SparseTensor([[1]], ["c"], [5]),
                                                  shared_name=handle.op.name)
    taken = queue_ops.take_many_sparse_from_tensors_map(handle.op, tf.stack([handle, handle2]),
                                                        rank=2)
    many = queue_ops.add_sparse_to_tensors_map(
        tf.SparseTensor([[0, 1], [2, 0], [2, 3]], [1., 2., 3.], [4, 5]), many=True)
    rows = queue_ops.take_many_sparse_from_tensors_map(many.op, many)
    missing = queue_ops.take_many_sparse_from_tensors_map(
        handle.op, tf.stack([handle, tf.constant(7, tf.int64)]))
    assert taken.indices.shape.as_list() == [None, 2] and many.shape.as_list() == [None]
    with tf.Session() as sess:
        got = sess.run(taken)
        assert got.indices.tolist() == [[0, 0], [0, 2], [1, 1]]
        assert got.values.tolist() == [b"a", b"b", b"c"] and got.dense_shape.tolist() == [2, 5]
        got = sess.run(rows)
        assert got.indices.tolist() == [[0, 1], [2, 0], [2, 3]]
        assert got.values.tolist() == [1., 2., 3.] and got.dense_shape.tolist() == [4, 5]
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match="Unable to find SparseTensor: 7 in map: AddSparseToTensorsMap"):
            sess.run(missing)
