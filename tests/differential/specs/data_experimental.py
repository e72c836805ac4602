"""tf.data.experimental as programs: grouping (group_by_window, bucket_by_sequence_length,
group_by_reducer), scan / take_while / unique / Counter, seeded sample_from_datasets and
choose_from_datasets, dense_to_sparse_batch, cardinality, Optional, ignore_errors, CsvDataset,
SqlDataset and TFRecordWriter. Each dataset is fetched whole (batched into one element)."""
import os
import sqlite3
import tempfile

import numpy as np

from harness import Program


def _tmp(name):
    # the same path in both implementations' runs would race; each run gets its own directory
    return os.path.join(tempfile.mkdtemp(prefix="tfcompat_diff_"), name)


def _all(tf, ds):
    return tf.data.experimental.get_single_element(ds.batch(1000))


def _grouping(tf):
    E = tf.data.experimental
    gw = tf.data.Dataset.range(10).apply(E.group_by_window(
        lambda x: x % 3, lambda k, d: d.batch(4).map(lambda b: tf.reduce_sum(b) * 10 + k), 2))
    seqs = tf.data.Dataset.range(1, 9).map(lambda x: tf.fill([x % 5], x))
    bucket = seqs.apply(E.bucket_by_sequence_length(lambda e: tf.shape(e)[0], [2, 4], [2, 2, 3],
                                                    padding_values=np.int64(-1)))
    bucket_boundary = seqs.apply(E.bucket_by_sequence_length(
        lambda e: tf.shape(e)[0], [3, 6], [2, 2, 2], pad_to_bucket_boundary=True))
    reducer = E.Reducer(lambda k: (k, np.int64(0)), lambda s, x: (s[0], s[1] + x),
                        lambda k, total: k * 100 + total)
    gr = tf.data.Dataset.from_tensor_slices(np.array([5, 2, 7, 4, 3, 8, 1], np.int64)).apply(
        E.group_by_reducer(lambda x: x % 3, reducer))
    it = bucket.make_one_shot_iterator()
    first_bucket = it.get_next()
    with tf.control_dependencies([first_bucket]):   # TF runs two get_next in either order
        second_bucket = it.get_next()
    return {"group_by_window": _all(tf, gw), "bucket_first": first_bucket,
            "bucket_second": second_bucket,
            "bucket_boundary": bucket_boundary.make_one_shot_iterator().get_next(),
            "group_by_reducer": _all(tf, gr)}, {}


def _transforms(tf):
    E = tf.data.experimental
    r = tf.data.Dataset.range
    scanned = r(6).apply(E.scan(np.int64(0), lambda s, x: (s + x, s * 10 + x)))
    taken = r(10).apply(E.take_while(lambda x: x < 4))
    uniq = tf.data.Dataset.from_tensor_slices(np.array([3, 1, 3, 2, 1, 5], np.int32)).apply(
        E.unique())
    counter = E.Counter(5, 3).take(4)
    sampled = E.sample_from_datasets([r(0, 10), r(100, 110), r(200, 210)], [0.2, 0.5, 0.3],
                                     seed=42)
    chosen = E.choose_from_datasets([r(0, 5), r(10, 15)], tf.data.Dataset.from_tensor_slices(
        np.array([0, 1, 1, 0, 1, 1, 1, 1, 0], np.int64)))
    rand = E.RandomDataset(seed=5).take(4)
    sparse = r(5).map(lambda x: tf.fill([x], x)).apply(E.dense_to_sparse_batch(5, [6]))
    st = sparse.make_one_shot_iterator().get_next()
    asserted = r(3).filter(lambda x: True).apply(E.assert_cardinality(3))
    ignored = r(6).map(lambda x: tf.debugging.check_numerics(1.0 / tf.cast(x - 2, tf.float32),
                                                             "bad")).apply(E.ignore_errors())
    it = tf.data.make_initializable_iterator(r(2))
    opt = E.get_next_as_optional(it)
    fetches = {"scan": _all(tf, scanned), "take_while": _all(tf, taken), "unique": _all(tf, uniq),
               "counter": _all(tf, counter), "sample": _all(tf, sampled),
               "choose": _all(tf, chosen), "random": _all(tf, rand),
               "sparse_indices": st.indices, "sparse_values": st.values,
               "sparse_shape": st.dense_shape, "asserted": _all(tf, asserted),
               "ignored": _all(tf, ignored), "optional_has_value": opt.has_value()}
    for name, ds in (("range", r(10)), ("repeat", r(3).repeat()), ("filter", r(4).filter(
            lambda x: True)), ("batch", r(10).batch(3)), ("asserted", asserted)):
        fetches["cardinality_" + name] = E.cardinality(ds)
    return fetches, {}, [it.initializer]


def _csv_and_records(tf):
    E = tf.data.experimental
    path = _tmp("a.csv")
    with open(path, "wb") as f:
        f.write(b'a,b,c\n1,2.5,hello\n3,,"wor,ld"\n,4.5,"say ""hi"""\n')
    csv = E.CsvDataset(path, [tf.constant(0), tf.constant(1.0), tf.constant("d")], header=True)
    a, b, c = _all(tf, csv)
    record_path = _tmp("out.tfrecord")
    write = E.TFRecordWriter(record_path).write(
        tf.data.Dataset.from_tensor_slices([b"a", b"bb", b""]))
    # the reader is built after the writer ran: a one-shot iterator reads on first get_next
    read = tf.data.TFRecordDataset(record_path).make_one_shot_iterator().get_next()
    db_path = _tmp("t.db")
    db = sqlite3.connect(db_path)
    db.execute("create table p (name text, age integer, score real)")
    db.executemany("insert into p values (?,?,?)", [("ann", 31, 1.5), ("bob", None, 2.25),
                                                     (None, -5, 1e10)])
    db.commit()
    db.close()
    names, ages, scores = _all(tf, E.SqlDataset("sqlite", db_path, "SELECT name, age, score "
                                                "FROM p", (tf.string, tf.int32, tf.float64)))
    return {"csv_int": a, "csv_float": b, "csv_string": c, "record": read, "sql_name": names,
            "sql_age": ages, "sql_score": scores}, {}, [write]


def _window_and_reduce(tf):
    windows = tf.data.Dataset.range(7).window(3, shift=2).flat_map(lambda w: w.batch(3))
    strided = tf.data.Dataset.range(10).window(3, 1, 2, drop_remainder=True).flat_map(
        lambda w: w.batch(3))
    sums = tf.data.Dataset.range(6).window(3, 2).map(
        lambda w: w.reduce(np.int64(0), lambda a, b: a + b))
    total, product = tf.data.Dataset.range(5).reduce(
        (np.int64(0), np.int64(1)), lambda s, x: (s[0] + x, s[1] * (x + 1)))
    return {"window": tf.data.experimental.get_single_element(windows.padded_batch(
                100, [None], np.int64(-1))),
            "window_strided": _all(tf, strided), "window_sums": _all(tf, sums),
            "reduce_sum": total, "reduce_product": product}, {}


PROGRAMS = [
    Program("data_grouping", _grouping,
            covers=("GroupByWindowDataset", "ExperimentalGroupByReducerDataset")),
    Program("data_experimental_transforms", _transforms,
            covers=("ScanDataset", "TakeWhileDataset", "UniqueDataset", "DirectedInterleaveDataset",
                    "RandomDataset", "DenseToSparseBatchDataset", "AssertCardinalityDataset",
                    "DatasetCardinality", "IteratorGetNextAsOptional", "IgnoreErrorsDataset")),
    Program("data_csv_and_records", _csv_and_records,
            covers=("CSVDatasetV2", "DatasetToTFRecord", "SqlDataset")),
    Program("data_window_and_reduce", _window_and_reduce,
            covers=("WindowDataset", "ReduceDataset", "DatasetToSingleElement")),
]
