"""The input side as programs: tf.data pipelines and iterators, queues, readers over files the
program writes, Example/CSV/raw parsing, image coding, summaries, save/restore ops."""
import os
import tempfile

import numpy as np

from harness import Program


def _tmp(name):
    # the same path in both implementations' runs would race; each run gets its own directory
    return os.path.join(tempfile.mkdtemp(prefix="tfcompat_diff_"), name)


def _write_records(tf, path, n=5):
    with tf.python_io.TFRecordWriter(path) as w:
        for i in range(n):
            ex = tf.train.Example(features=tf.train.Features(feature={
                "x": tf.train.Feature(float_list=tf.train.FloatList(value=[i, i * 0.5])),
                "y": tf.train.Feature(int64_list=tf.train.Int64List(value=[i])),
                "s": tf.train.Feature(bytes_list=tf.train.BytesList(value=[b"r%d" % i] * i)),
            }))
            w.write(ex.SerializeToString())
    return path


def _features(tf):
    return {"x": tf.FixedLenFeature([2], tf.float32), "y": tf.FixedLenFeature([], tf.int64),
            "s": tf.VarLenFeature(tf.string)}


def _dataset_pipeline(tf):
    ds = tf.data.Dataset.from_tensor_slices((np.arange(10, dtype=np.float32), np.arange(10)))
    ds = ds.map(lambda a, b: (a * 2.0, b)).filter(lambda a, b: b % 3 != 1)
    ds = ds.repeat(2).skip(1).take(9).batch(4)
    ds = ds.concatenate(tf.data.Dataset.from_tensors((tf.zeros([1]), tf.zeros([1], tf.int64))))
    ds = ds.prefetch(2).cache()
    it = ds.make_one_shot_iterator()
    a, b = it.get_next()
    z = tf.data.Dataset.zip((tf.data.Dataset.range(3), tf.data.Dataset.range(10, 13)))
    fm = tf.data.Dataset.range(3).flat_map(lambda i: tf.data.Dataset.range(i))
    il = tf.data.Dataset.range(2).interleave(lambda i: tf.data.Dataset.range(i * 10, i * 10 + 3),
                                             cycle_length=2)
    pb = tf.data.Dataset.range(1, 4).map(lambda i: tf.fill([i], i)).padded_batch(3, [None])
    ub = tf.data.Dataset.from_tensors(tf.constant([[1, 2], [3, 4]])).unbatch().batch(3)
    gen = tf.data.Dataset.from_generator(lambda: iter([1, 2, 3]), tf.int64, tf.TensorShape([]))
    shuffled = tf.data.Dataset.range(6).shuffle(4, seed=1).batch(6)
    nexts = {"shuffled": shuffled, "zip": z, "flat_map": fm, "interleave": il, "padded": pb, "unbatch": ub,
             "gen": gen}
    fetches = {"a": a, "b": b}
    for key, d in nexts.items():
        fetches[key] = tf.data.experimental.get_single_element(d.batch(100)) \
            if key in ("flat_map", "interleave", "gen") else d.make_one_shot_iterator().get_next()
    fetches["shuffled"] = tf.nn.top_k(fetches["shuffled"], 6).values   # order is TF's RNG
    return fetches, {}


def _dataset_shard(tf):
    ds = tf.data.Dataset.range(11).shard(4, 2).batch(5)
    return {"shard": ds.make_one_shot_iterator().get_next()}, {}


def _dataset_parallel(tf):
    ds = tf.data.Dataset.range(10)

    def sub(x):
        return tf.data.Dataset.range(x).map(lambda y: x * 10 + y)

    opts = tf.data.Options()
    opts.experimental_deterministic = False
    nexts = {
        "map": ds.map(lambda x: x * 2, num_parallel_calls=3).prefetch(2),
        "interleave": ds.interleave(sub, cycle_length=3, block_length=2, num_parallel_calls=2),
        # block_length 1: with longer blocks TF's legacy order depends on thread timing
        "legacy": ds.apply(tf.data.experimental.parallel_interleave(sub, cycle_length=3)),
        "sloppy_map": ds.map(lambda x: x + 1, num_parallel_calls=2).with_options(opts)}
    fetches = {k: tf.data.experimental.get_single_element(d.batch(100))
               for k, d in nexts.items()}
    fetches["sloppy_map"] = tf.nn.top_k(fetches["sloppy_map"], 10).values  # any order
    return fetches, {}


def _initializable(tf):
    n = tf.placeholder(tf.int64, [])
    it = tf.data.Dataset.range(n).make_initializable_iterator()
    nxt = it.get_next()
    handle = it.string_handle()
    feedable = tf.data.Iterator.from_string_handle(handle, it.output_types, it.output_shapes)
    return {"nxt": nxt, "shape": tf.shape(feedable.get_next())}, {n: 5}, [it.initializer]


def _exhausted(tf):
    nxt = tf.data.Dataset.range(2).make_one_shot_iterator().get_next()
    return {"total": nxt}, {}, [nxt, nxt]


def _files(tf):
    path = _write_records(tf, _tmp("data.tfrecord"))
    lines = _tmp("lines.txt")
    with open(lines, "w") as f:
        f.write("a,1\nb,2\nc,3\n")
    fixed = _tmp("fixed.bin")
    with open(fixed, "wb") as f:
        f.write(bytes(range(12)))
    recs = tf.data.TFRecordDataset(path).map(lambda s: tf.parse_single_example(s, _features(tf)))
    r = recs.batch(5).make_one_shot_iterator().get_next()
    text = tf.data.TextLineDataset(lines).batch(5).make_one_shot_iterator().get_next()
    fixed_ds = tf.data.FixedLengthRecordDataset(fixed, 4).map(
        lambda s: tf.decode_raw(s, tf.uint8)).batch(5).make_one_shot_iterator().get_next()
    csv = tf.decode_csv(text, [[""], [0]])
    serialized = tf.data.TFRecordDataset(path).batch(5).make_one_shot_iterator().get_next()
    many = tf.parse_example(serialized, {"y": tf.FixedLenFeature([], tf.int64, default_value=7),
                                         "s": tf.VarLenFeature(tf.string)})
    single = tf.parse_single_example(serialized[1], _features(tf))
    raw = tf.decode_raw(tf.constant([b"\x01\x02\x03\x04"]), tf.int16)
    wrote = tf.write_file(_tmp("out.txt"), tf.constant(b"hello"))
    read = tf.read_file(lines)
    found = tf.matching_files(os.path.join(os.path.dirname(lines), "*.txt"))
    return {"x": r["x"], "y": r["y"], "s_values": r["s"].values, "s_indices": r["s"].indices,
            "text": text, "fixed": fixed_ds, "csv0": csv[0], "csv1": csv[1],
            "many": many["y"], "many_s": many["s"].values,
            "single_x": single["x"], "raw": raw, "read": read, "found": tf.size(found)}, {}, [wrote]


def _queues(tf):
    q = tf.FIFOQueue(10, [tf.int32, tf.float32], shapes=[[], [2]])
    pq = tf.PaddingFIFOQueue(5, [tf.int32], shapes=[[None]])
    rq = tf.RandomShuffleQueue(10, 0, [tf.int32], shapes=[[]], seed=3)
    enq = q.enqueue_many(([1, 2, 3], [[1.0, 2.0]] * 3))
    enq1 = q.enqueue((4, [5.0, 6.0]))
    pq_enq = [pq.enqueue(([1, 2],)), pq.enqueue(([3],))]
    rq_enq = rq.enqueue_many(([5, 6, 7],))
    deq = q.dequeue()
    many = q.dequeue_many(2)
    close = q.close()
    upto = q.dequeue_up_to(5)           # after close: returns what is left instead of waiting
    size_after = q.size()
    closed = q.is_closed()
    padded = pq.dequeue_many(2)
    shuffled = tf.nn.top_k(rq.dequeue_many(3), 3).values
    return ({"size": size_after, "closed": closed, "padded": padded, "shuffled": shuffled},
            {}, [enq, enq1, deq, many, close, upto] + pq_enq + [rq_enq])


def _queue_values(tf):
    q = tf.FIFOQueue(4, [tf.int32], shapes=[[]])
    return {"deq": q.dequeue()}, {}, [q.enqueue_many(([7, 8],))]


def _readers(tf):
    path = _write_records(tf, _tmp("r.tfrecord"), 3)
    lines = _tmp("r.txt")
    with open(lines, "w") as f:
        f.write("l1\nl2\n")
    fq = tf.FIFOQueue(10, tf.string)
    fill = fq.enqueue_many(([path, path],))
    reader = tf.TFRecordReader()
    key, value = reader.read(fq)
    keys, values = reader.read_up_to(fq, 2)
    with tf.control_dependencies([value]):  # counted after this run's read, in both
        produced = reader.num_records_produced()
        done = reader.num_work_units_completed()
    reset = reader.reset()
    tq = tf.FIFOQueue(10, tf.string)
    tfill = tq.enqueue_many(([lines],))
    _, line = tf.TextLineReader().read(tq)
    wq = tf.FIFOQueue(10, tf.string)
    wfill = wq.enqueue_many(([lines],))
    wkey, whole = tf.WholeFileReader().read(wq)
    bq = tf.FIFOQueue(10, tf.string)
    bin_path = _tmp("b.bin")
    with open(bin_path, "wb") as f:
        f.write(bytes(range(8)))
    bfill = bq.enqueue_many(([bin_path],))
    _, rec = tf.FixedLengthRecordReader(4).read(bq)
    parsed = tf.parse_single_example(value, _features(tf))
    # one read per run: TF orders independent reads of one reader arbitrarily
    return ({"y": parsed["y"], "produced": produced, "done": done, "line": line,
             "whole": whole, "rec": rec},
            {}, [fill, tfill, wfill, bfill, key, keys, reset, key])


def _images(tf):
    img = tf.constant(np.arange(48, dtype=np.uint8).reshape(4, 4, 3))
    png = tf.image.encode_png(img)
    jpg = tf.image.encode_jpeg(img, quality=100)
    back_png = tf.image.decode_png(png, channels=3)
    back_img = tf.image.decode_image(png, channels=3)
    back_jpg = tf.image.decode_jpeg(jpg, channels=3)
    return {"png": back_png, "img": back_img, "jpg_shape": tf.shape(back_jpg)}, {}


def _summaries(tf):
    s1 = tf.summary.scalar("loss", tf.constant(1.5))
    s2 = tf.summary.histogram("h", tf.constant([1.0, 2.0, 2.0]))
    s3 = tf.summary.image("im", tf.zeros([1, 2, 2, 1]))
    s4 = tf.summary.audio("au", tf.zeros([1, 8]), 8000)
    s5 = tf.summary.tensor_summary("t", tf.constant([1, 2]))
    merged = tf.summary.merge([s1, s2, s3, s4, s5])
    return {"scalar": s1, "histogram": s2, "tensor": s5, "merged_size": tf.size(merged)}, {}


def _sparse_batching(tf):
    sp = tf.SparseTensor([[0, 1], [1, 0]], [1.5, 2.5], [2, 3])
    one = tf.train.batch([sp], batch_size=2, num_threads=1, capacity=4)
    many = tf.train.batch([sp], batch_size=2, enqueue_many=True, capacity=4)
    sliced = tf.data.Dataset.from_sparse_tensor_slices(sp).make_one_shot_iterator().get_next()
    return {"one_values": one.values, "one_indices": one.indices,
            "many_values": many.values, "sliced_values": sliced.values,
            "sliced_indices": sliced.indices}, {}, ["__queue_runners__"]


def _empty_string_constant(tf):
    return {"empty": tf.constant([], tf.string), "empty2": tf.constant([[]], tf.string)}, {}


def _save_restore(tf):
    v = tf.Variable([1.0, 2.0], name="v")
    prefix = _tmp("ckpt")
    save = tf.raw_ops.SaveV2(prefix=prefix, tensor_names=["v"], shape_and_slices=[""],
                             tensors=[v])
    restored = tf.raw_ops.RestoreV2(prefix=prefix, tensor_names=["v"], shape_and_slices=[""],
                                    dtypes=[tf.float32])
    return {"restored": restored[0]}, {}, [tf.global_variables_initializer(), save]


PROGRAMS = [
    Program("dataset_pipeline", _dataset_pipeline,
            covers=("TensorSliceDataset", "MapDataset", "FilterDataset", "ShuffleDataset",
                    "RepeatDataset", "SkipDataset", "TakeDataset", "BatchDatasetV2",
                    "ConcatenateDataset", "TensorDataset", "PrefetchDataset", "CacheDataset",
                    "OneShotIterator", "IteratorGetNext", "ZipDataset", "RangeDataset",
                    "FlatMapDataset", "InterleaveDataset", "PaddedBatchDatasetV2",
                    "UnbatchDataset", "GeneratorDataset")),
    Program("dataset_shard", _dataset_shard, covers=("ShardDataset",)),
    Program("dataset_parallel", _dataset_parallel,
            covers=("ParallelMapDatasetV2", "ParallelInterleaveDatasetV4",
                    "LegacyParallelInterleaveDatasetV2", "OptionsDataset")),
    Program("dataset_initializable", _initializable,
            covers=("IteratorV2", "MakeIterator", "IteratorToStringHandle",
                    "IteratorFromStringHandleV2")),
    Program("dataset_exhausted", _exhausted),
    Program("files_and_parsing", _files,
            covers=("TFRecordDataset", "TextLineDataset", "FixedLengthRecordDatasetV2",
                    "ParseSingleExample", "ParseExample", "DecodeCSV", "DecodeRaw", "WriteFile",
                    "ReadFile", "MatchingFiles")),
    Program("queues", _queues,
            covers=("FIFOQueueV2", "PaddingFIFOQueueV2", "RandomShuffleQueueV2",
                    "QueueEnqueueV2", "QueueEnqueueManyV2", "QueueDequeueV2",
                    "QueueDequeueManyV2", "QueueDequeueUpToV2", "QueueSizeV2", "QueueCloseV2",
                    "QueueIsClosedV2")),
    Program("queue_values", _queue_values),
    Program("readers", _readers,
            covers=("TFRecordReaderV2", "ReaderReadV2", "ReaderReadUpToV2",
                    "ReaderNumRecordsProducedV2", "ReaderNumWorkUnitsCompletedV2",
                    "ReaderResetV2", "TextLineReaderV2", "WholeFileReaderV2",
                    "FixedLengthRecordReaderV2")),
    Program("image_coding", _images,
            covers=("EncodePng", "EncodeJpeg", "DecodePng", "DecodeImage", "DecodeJpeg")),
    Program("summaries", _summaries,
            covers=("ScalarSummary", "HistogramSummary", "ImageSummary", "AudioSummaryV2",
                    "TensorSummaryV2", "MergeSummary")),
    Program("empty_string_constant", _empty_string_constant),
    Program("sparse_batching", _sparse_batching,
            covers=("AddSparseToTensorsMap", "AddManySparseToTensorsMap",
                    "TakeManySparseFromTensorsMap", "SparseTensorSliceDataset")),
    Program("save_restore_ops", _save_restore, covers=("SaveV2", "RestoreV2")),
]
