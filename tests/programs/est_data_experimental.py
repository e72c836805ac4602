"""tf.data.experimental as 2018-2019 input pipelines used it: CsvDataset and make_csv_dataset,
parallel_interleave over TFRecord shards (sloppy=False), shuffle_and_repeat, map_and_batch,
bucket_by_sequence_length, group_by_window, scan, sample_from_datasets / choose_from_datasets
(seeded), unbatch, filter_for_shard-style shard, get_single_element, Counter, enumerate_dataset,
take_while, ignore_errors, dense_to_sparse_batch, Reducer via group_by_reducer."""
import os

import numpy as np

TAGS = ['dataset']


def main(tf):
    tf.set_random_seed(9)
    exp = tf.data.experimental
    out = {}
    with open('a.csv', 'w') as f:
        f.write('x,y,name\n1,2.5,a\n3,4.5,b\n5,,c\n7,8.5,d\n')
    csv = exp.CsvDataset('a.csv', [tf.int32, tf.constant([0.0], tf.float32), tf.string],
                         header=True)
    mk = exp.make_csv_dataset('a.csv', batch_size=2, num_epochs=1, shuffle=False,
                              column_defaults=[0, 0.0, ''], label_name='y')
    for i in range(3):
        with tf.python_io.TFRecordWriter('s%d.tfrecord' % i) as w:
            for j in range(4):
                w.write(tf.train.Example(features=tf.train.Features(feature={
                    'v': tf.train.Feature(int64_list=tf.train.Int64List(value=[10 * i + j]))
                })).SerializeToString())
    files = tf.data.Dataset.list_files('s*.tfrecord', shuffle=False)
    inter = files.apply(exp.parallel_interleave(tf.data.TFRecordDataset, cycle_length=2,
                                                block_length=2, sloppy=False))
    parsed = inter.map(lambda r: tf.parse_single_example(
        r, {'v': tf.FixedLenFeature([], tf.int64)})['v'])
    sr = tf.data.Dataset.range(6).apply(exp.shuffle_and_repeat(6, count=2, seed=3))
    mb = tf.data.Dataset.range(7).apply(exp.map_and_batch(lambda x: x * 2, 3,
                                                          drop_remainder=False))
    seqs = [[1], [2, 2], [3, 3, 3], [4], [5, 5, 5, 5], [6, 6]]
    gen = tf.data.Dataset.from_generator(lambda: iter(seqs), tf.int32, tf.TensorShape([None]))
    buck = gen.apply(exp.bucket_by_sequence_length(lambda s: tf.shape(s)[0], [2, 4], [2, 2, 2],
                                                   pad_to_bucket_boundary=False))
    gw = tf.data.Dataset.range(10).apply(exp.group_by_window(
        lambda x: x % 3, lambda k, d: d.batch(2), window_size=2))
    sc = tf.data.Dataset.range(5).apply(exp.scan(tf.constant(0, tf.int64),
                                                 lambda s, x: (s + x, s * 10 + x)))
    d1 = tf.data.Dataset.from_tensors(tf.constant(1, tf.int64)).repeat()
    d2 = tf.data.Dataset.from_tensors(tf.constant(2, tf.int64)).repeat()
    samp = exp.sample_from_datasets([d1, d2], weights=[0.3, 0.7], seed=5).take(10)
    choose = exp.choose_from_datasets([tf.data.Dataset.range(3), tf.data.Dataset.range(10, 13)],
                                      tf.data.Dataset.from_tensor_slices(
                                          tf.constant([0, 1, 1, 0, 0, 1], tf.int64)))
    unb = tf.data.Dataset.from_tensor_slices([[1, 2], [3, 4]]).apply(exp.unbatch())
    single = exp.get_single_element(tf.data.Dataset.range(5).batch(5))
    cnt = exp.Counter(start=3, step=2).take(3)
    en = tf.data.Dataset.from_tensor_slices(['a', 'b']).apply(exp.enumerate_dataset(start=5))
    tw = tf.data.Dataset.range(10).apply(exp.take_while(lambda x: x < 4))
    ie = tf.data.Dataset.from_tensor_slices([1., 0., 2.]).map(
        lambda x: tf.check_numerics(1. / x, 'inf')).apply(exp.ignore_errors())
    dsb = tf.data.Dataset.from_tensor_slices(np.array([[1, 0, 0], [2, 3, 0], [4, 5, 6]])).map(
        lambda r: tf.boolean_mask(r, r > 0)).apply(exp.dense_to_sparse_batch(2, [4]))
    red = exp.Reducer(lambda k: tf.constant(0, tf.int64), lambda s, x: s + x, lambda s: s)
    gbr = tf.data.Dataset.range(10).apply(exp.group_by_reducer(lambda x: x % 2, red))
    sh = tf.data.Dataset.range(10).shard(3, 1)

    def drain(ds):
        nxt = tf.data.make_one_shot_iterator(ds).get_next()
        vals = []
        while True:
            try:
                v = sess.run(nxt)
            except tf.errors.OutOfRangeError:
                return vals
            vals.append(v)

    with tf.Session() as sess:
        out['csv'] = [list(map(lambda a: a.decode() if isinstance(a, bytes) else float(a), r))
                      for r in drain(csv)]
        mkv = drain(mk)
        out['mk_keys'] = sorted(mkv[0][0].keys())
        out['mk_x'] = [list(b[0]['x']) for b in mkv]
        out['mk_y'] = [list(b[1]) for b in mkv]
        out['inter'] = drain(parsed)
        out['sr'] = drain(sr)
        out['mb'] = [list(b) for b in drain(mb)]
        out['buck'] = [b.tolist() for b in drain(buck)]
        out['gw'] = [list(b) for b in drain(gw)]
        out['scan'] = drain(sc)
        out['samp'] = drain(samp)
        out['choose'] = drain(choose)
        out['unb'] = drain(unb)
        out['single'] = sess.run(single)
        out['cnt'] = drain(cnt)
        out['en'] = [(int(i), v.decode()) for i, v in drain(en)]
        out['tw'] = drain(tw)
        out['ie'] = drain(ie)
        sp = drain(dsb)
        out['dsb'] = [(s.indices.tolist(), s.values.tolist(), s.dense_shape.tolist()) for s in sp]
        out['gbr'] = sorted(drain(gbr))
        out['shard'] = drain(sh)
    out['shapes'] = [str(tf.data.get_output_shapes(d)) for d in (buck, gw, mb, dsb)]
    return out
