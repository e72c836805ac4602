"""Sharded TFRecord input as in the tf.data performance guide (2018) and official models:
list_files (shuffle off / seeded), shard before and after interleave, interleave with
cycle/block lengths, parallel_interleave (sloppy=False, buffer_output_elements,
prefetch_input_elements), shuffle_and_repeat, map_and_batch(num_parallel_batches,
drop_remainder), prefetch(AUTOTUNE); element orders, shapes, OutOfRange at the right step."""
import os
import numpy as np
TAGS = ['dataset']


def _write(tf, n_files=4, per_file=5):
    os.makedirs('data', exist_ok=True)
    k = 0
    for i in range(n_files):
        with tf.python_io.TFRecordWriter('data/train-%05d-of-%05d' % (i, n_files)) as w:
            for j in range(per_file):
                ex = tf.train.Example(features=tf.train.Features(feature={
                    'label': tf.train.Feature(int64_list=tf.train.Int64List(value=[k])),
                    'x': tf.train.Feature(float_list=tf.train.FloatList(value=[k * 0.5, -k])),
                }))
                w.write(ex.SerializeToString())
                k += 1


def _parse(tf, rec):
    f = tf.parse_single_example(rec, {'label': tf.FixedLenFeature([], tf.int64),
                                      'x': tf.FixedLenFeature([2], tf.float32)})
    return f['x'], tf.cast(f['label'], tf.int32)


def _drain(tf, sess, nxt, limit=100):
    out = []
    try:
        for _ in range(limit):
            out.append(sess.run(nxt))
    except tf.errors.OutOfRangeError as e:
        out.append(type(e).__name__)
    return out


def main(tf):
    _write(tf)
    res = {}
    files = tf.data.Dataset.list_files('data/train-*', shuffle=False)
    res['files_shapes'] = str(files.output_shapes)
    res['files_types'] = repr(files.output_types)
    # shard before interleave (file-level sharding)
    d1 = files.shard(2, 1).interleave(tf.data.TFRecordDataset, cycle_length=2, block_length=2)
    d1 = d1.map(lambda r: _parse(tf, r)[1])
    # shard after interleave (record-level sharding)
    d2 = files.interleave(lambda f: tf.data.TFRecordDataset(f), cycle_length=4,
                          block_length=1).shard(3, 0).map(lambda r: _parse(tf, r)[1])
    # parallel_interleave, non-sloppy
    d3 = files.apply(tf.data.experimental.parallel_interleave(
        lambda f: tf.data.TFRecordDataset(f, buffer_size=8 * 1024), cycle_length=3,
        block_length=2, sloppy=False, buffer_output_elements=4, prefetch_input_elements=2))
    d3 = d3.map(lambda r: _parse(tf, r)[1])
    # list_files with seed then repeated shuffle_and_repeat + map_and_batch
    files_s = tf.data.Dataset.list_files('data/train-*', shuffle=True, seed=7)
    d4 = files_s.flat_map(tf.data.TFRecordDataset)
    d4 = d4.apply(tf.data.experimental.shuffle_and_repeat(buffer_size=8, count=2, seed=3))
    d4 = d4.apply(tf.data.experimental.map_and_batch(
        lambda r: _parse(tf, r), batch_size=6, num_parallel_batches=2, drop_remainder=True))
    d4 = d4.prefetch(tf.data.experimental.AUTOTUNE)
    res['d4_shapes'] = str(d4.output_shapes)
    res['d4_types'] = repr(d4.output_types)
    d5 = files.apply(tf.data.experimental.map_and_batch(lambda f: tf.strings.length(f), 3))
    res['d5_shapes'] = str(d5.output_shapes)
    its = [d.make_one_shot_iterator().get_next() for d in (d1, d2, d3)]
    it4 = d4.make_initializable_iterator()
    it5 = d5.make_one_shot_iterator().get_next()
    fnames = files.make_one_shot_iterator().get_next()
    fnames_s = files_s.make_one_shot_iterator().get_next()
    with tf.Session() as sess:
        for i, n in enumerate(its):
            out = _drain(tf, sess, n)
            res['d%d' % (i + 1)] = [int(v) for v in out[:-1]]
            res['d%d_end' % (i + 1)] = out[-1]
        res['files'] = [os.path.basename(v.decode()) for v in _drain(tf, sess, fnames)[:-1]]
        res['files_s'] = [os.path.basename(v.decode()) for v in _drain(tf, sess, fnames_s)[:-1]]
        sess.run(it4.initializer)
        steps = _drain(tf, sess, it4.get_next())
        res['d4_steps'] = len(steps) - 1
        res['d4_end'] = steps[-1]
        res['d4_labels'] = np.stack([s[1] for s in steps[:-1]])
        res['d4_x'] = np.stack([s[0] for s in steps[:-1]])
        res['d4_x0_shape'] = list(steps[0][0].shape)
        out5 = _drain(tf, sess, it5)
        res['d5'] = [list(v) for v in out5[:-1]]
    return res
