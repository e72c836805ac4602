"""Decode-once pipeline (performance guide: cache after the expensive map): records written by
tf.data.experimental.TFRecordWriter (GZIP), parsed and decoded with a parallel map,
cache(filename) before shuffle/repeat/batch; a second graph and session (a re-run of the
script) reads the cache files even after the records are deleted."""
import os
import numpy as np
TAGS = ['dataset']


def _pipeline(tf, path, cache):
    ds = tf.data.TFRecordDataset(path, compression_type='GZIP')
    ds = ds.map(lambda r: tf.parse_single_example(r, {
        'img': tf.FixedLenFeature([], tf.string), 'y': tf.FixedLenFeature([], tf.int64)}))
    ds = ds.map(lambda f: (tf.reshape(tf.cast(tf.decode_raw(f['img'], tf.uint8), tf.float32),
                                      [2, 3]) / 10.0, f['y'], f['img']),
                num_parallel_calls=2)
    ds = ds.cache(cache)
    ds = ds.shuffle(8, seed=4).repeat(2).batch(3)
    return ds


def main(tf):
    res = {}
    rng = np.random.RandomState(1)
    recs = []
    for i in range(7):
        img = rng.randint(0, 50, size=6).astype(np.uint8)
        recs.append(tf.train.Example(features=tf.train.Features(feature={
            'img': tf.train.Feature(bytes_list=tf.train.BytesList(value=[img.tobytes()])),
            'y': tf.train.Feature(int64_list=tf.train.Int64List(value=[i])),
        })).SerializeToString())
    os.makedirs('tmp', exist_ok=True)
    src = tf.data.Dataset.from_tensor_slices(recs)
    write = tf.data.experimental.TFRecordWriter('tmp/data.tfrecord.gz', 'GZIP').write(src)
    res['write_type'] = write.type
    with tf.Session() as sess:
        sess.run(write)
    res['files0'] = sorted(os.listdir('tmp'))
    for run in range(2):
        with tf.Graph().as_default():
            tf.set_random_seed(run)
            ds = _pipeline(tf, 'tmp/data.tfrecord.gz', 'tmp/decoded')
            if run == 0:
                res['shapes'] = str(ds.output_shapes)
            nxt = ds.make_one_shot_iterator().get_next()
            ys, xs = [], []
            with tf.Session() as sess:
                try:
                    while True:
                        x, y, raw = sess.run(nxt)
                        ys.append(y.tolist())
                        xs.append(x.sum())
                except tf.errors.OutOfRangeError:
                    pass
            res['ys%d' % run] = str(ys)
            res['xs%d' % run] = np.array(xs)
            res['files_after%d' % run] = sorted(os.listdir('tmp'))
        if run == 0:
            os.remove('tmp/data.tfrecord.gz')
    return res
