"""tf.data pipelines as TF1 input functions build them: from_tensor_slices of a dict, map with
parse of tf.train.Example, shuffle (seeded), batch, padded_batch, repeat, zip, filter, flat_map,
window-free interleave, one-shot and initializable iterators with a placeholder."""
import numpy as np
TAGS = ['dataset']


def main(tf):
    out = {}
    tf.set_random_seed(3)
    feats = {'a': np.arange(10, dtype=np.int64), 'b': np.arange(10, dtype=np.float32) * 0.5}
    ds = tf.data.Dataset.from_tensor_slices(feats).shuffle(4).map(lambda d: (d['a'] * 2, d['b'])).batch(3)
    nxt = ds.make_one_shot_iterator().get_next()
    res = []
    with tf.Session() as sess:
        try:
            while True:
                res.append(sess.run(nxt)[0])
        except tf.errors.OutOfRangeError:
            pass
    out['shuffled'] = np.concatenate(res)
    ex = [tf.train.Example(features=tf.train.Features(feature={
        'x': tf.train.Feature(float_list=tf.train.FloatList(value=[i, i + 0.5])),
        'y': tf.train.Feature(int64_list=tf.train.Int64List(value=[i * 3]))})).SerializeToString()
        for i in range(5)]
    spec = {'x': tf.FixedLenFeature([2], tf.float32), 'y': tf.FixedLenFeature([], tf.int64)}
    ds2 = tf.data.Dataset.from_tensor_slices(ex).map(lambda s: tf.parse_single_example(s, spec)) \
        .filter(lambda d: tf.equal(d['y'] % 2, 0)).repeat(2).batch(4)
    n2 = ds2.make_one_shot_iterator().get_next()
    seqs = tf.data.Dataset.range(1, 5).map(lambda n: tf.fill([n], n)).padded_batch(2, padded_shapes=[None])
    n3 = seqs.make_one_shot_iterator().get_next()
    fm = tf.data.Dataset.range(3).flat_map(lambda i: tf.data.Dataset.range(i)).batch(10)
    n4 = fm.make_one_shot_iterator().get_next()
    il = tf.data.Dataset.range(3).interleave(lambda i: tf.data.Dataset.range(i * 10, i * 10 + 3), cycle_length=2, block_length=2).batch(20)
    n5 = il.make_one_shot_iterator().get_next()
    limit = tf.placeholder(tf.int64, [])
    it = tf.data.Dataset.range(limit).map(lambda v: v * v).make_initializable_iterator()
    n6 = it.get_next()
    z = tf.data.Dataset.zip((tf.data.Dataset.range(3), tf.data.Dataset.from_tensors(7).repeat())).batch(3)
    n7 = z.make_one_shot_iterator().get_next()
    with tf.Session() as sess:
        a = sess.run(n2)
        out['parsed_x'], out['parsed_y'] = a['x'], a['y']
        out['padded1'] = sess.run(n3)
        out['padded2'] = sess.run(n3)
        out['flat_map'] = sess.run(n4)
        out['interleave'] = sess.run(n5)
        sess.run(it.initializer, {limit: 4})
        out['init_it'] = np.array([sess.run(n6) for _ in range(4)])
        out['zip'] = np.stack(sess.run(n7))
    return out
