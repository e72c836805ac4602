"""tf.data as 2018-2019 input functions use it: Dataset.window + flat_map, Dataset.reduce
(also on windows), padded_batch of strings, and the tf.data.experimental helpers
(make_csv_dataset, shuffle_and_repeat, map_and_batch, group_by_window, unbatch,
sample_from_datasets, choose_from_datasets, parallel_interleave, scan)."""
import numpy as np
TAGS = ['dataset']


def _drain(tf, ds):
    nxt = tf.data.make_one_shot_iterator(ds).get_next()
    out = []
    with tf.Session() as sess:
        try:
            while True:
                out.append(sess.run(nxt))
        except tf.errors.OutOfRangeError:
            pass
    return out


def main(tf):
    out = {}
    tf.set_random_seed(7)
    with open('titanic.csv', 'w') as f:
        f.write('survived,sex,age,fare,deck\n')
        for i in range(20):
            f.write('%d,%s,%.1f,%.2f,%s\n' % (i % 2, 'male' if i % 3 else 'female', 20 + i,
                                             7.25 * (i % 5 + 1), 'ABC'[i % 3] if i % 4 else ''))
    csv = tf.data.experimental.make_csv_dataset('titanic.csv', batch_size=4, label_name='survived',
                                                num_epochs=1, shuffle=False)
    feats, label = _drain(tf, csv)[0]
    out['csv'] = {'label': label, 'sex': feats['sex'], 'age': feats['age'], 'deck': feats['deck']}
    rng = tf.data.Dataset.range
    out['window'] = [b.tolist() for b in _drain(tf, rng(7).window(3, shift=2).flat_map(
        lambda w: w.batch(3)))]
    out['window_stride'] = [b.tolist() for b in _drain(tf, rng(10).window(3, 1, 2).flat_map(
        lambda w: w.batch(5)))]
    pairs = tf.data.Dataset.from_tensor_slices((np.arange(6), np.arange(6) * 10.))
    out['window_pairs'] = _drain(tf, pairs.window(4, 2, drop_remainder=True).flat_map(
        lambda x, y: tf.data.Dataset.zip((x.batch(4), y.batch(4)))))
    out['window_sums'] = _drain(tf, rng(6).window(3).map(
        lambda w: w.reduce(np.int64(0), lambda a, b: a + b)))
    with tf.Session() as sess:
        state = rng(4).reduce((tf.constant(0, tf.int64), tf.zeros([0], tf.int64)),
                              lambda st, x: (st[0] + x, tf.concat([st[1], [x]], 0)))
        out['reduce'] = sess.run(state)
    strings = tf.data.Dataset.from_tensor_slices((['a', 'bb', 'c'], [[1, 2], [3, 4], [5, 6]]))
    strings = strings.map(lambda s, v: (s, v[:tf.cast(v[0] % 3, tf.int32)]))
    out['padded_strings'] = _drain(tf, strings.padded_batch(2, ([], [None]), ('x', -1)))
    sr = rng(10).apply(tf.data.experimental.shuffle_and_repeat(10, count=2, seed=3))
    out['shuffle_repeat'] = _drain(tf, sr.apply(tf.data.experimental.map_and_batch(
        lambda x: x * 10, batch_size=3, drop_remainder=True)))
    out['group'] = [b.tolist() for b in _drain(tf, rng(20).apply(
        tf.data.experimental.group_by_window(lambda x: x % 3, lambda k, w: w.batch(4), 4)))]
    out['unbatch'] = _drain(tf, tf.data.Dataset.from_tensor_slices([[1, 2, 3], [4, 5, 6]]).apply(
        tf.data.experimental.unbatch()))
    ones = tf.data.Dataset.from_tensors(1).repeat()
    zeros = tf.data.Dataset.from_tensors(0).repeat()
    out['sample'] = _drain(tf, tf.data.experimental.sample_from_datasets(
        [zeros, ones], weights=[0.3, 0.7], seed=11).take(12))
    letters = [tf.data.Dataset.from_tensors(c).repeat() for c in 'abc']
    out['choose'] = _drain(tf, tf.data.experimental.choose_from_datasets(letters, rng(3).repeat(2)))
    out['pinterleave'] = _drain(tf, rng(8).apply(tf.data.experimental.parallel_interleave(
        lambda x: rng(x, x + 2), cycle_length=2, sloppy=False)))
    out['scan'] = _drain(tf, rng(6).apply(tf.data.experimental.scan(
        tf.constant(0, tf.int64), lambda st, x: (st + x, st + x))))
    return out
