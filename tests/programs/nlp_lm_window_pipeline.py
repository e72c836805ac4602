"""Language-model input pipeline (char-rnn / PTB reader style with tf.data): lines ->
chars -> ids via index_table_from_tensor, unbatch/flat_map into a token stream,
window(shift, stride, drop_remainder) + flat_map(batch) into (input, target) pairs,
plus skip/take/filter/enumerate on TextLineDataset and a scalar unicode_decode per line."""
TAGS = ['nlp', 'dataset', 'lookup', 'errors']
import numpy as np


def main(tf):
    out = {}
    with open("corpus.txt", "w") as f:
        f.write("# header\nhello\n\nworld wide\nab\n")
    vocab = tf.constant(list(" abcdehilnorw"))
    table = tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer(
        vocab, tf.range(13, dtype=tf.int64)), default_value=13)
    lines = tf.data.TextLineDataset("corpus.txt").skip(1).filter(
        lambda l: tf.greater(tf.strings.length(l), 0))
    ids = lines.map(lambda l: table.lookup(tf.string_split([l], delimiter="").values))
    stream = ids.flat_map(tf.data.Dataset.from_tensor_slices)
    win = stream.window(5, shift=3, stride=1, drop_remainder=True).flat_map(
        lambda w: w.batch(5))
    pairs = win.map(lambda w: (w[:-1], w[1:]))
    out['pair_shapes'] = str(tf.data.get_output_shapes(pairs))
    win2 = stream.window(4, shift=4, stride=2).flat_map(lambda w: w.batch(4))
    out['win2_shapes'] = str(tf.data.get_output_shapes(win2))
    enum = lines.enumerate(start=10) if hasattr(lines, 'enumerate') else \
        lines.apply(tf.data.experimental.enumerate_dataset(10))
    cps = lines.map(lambda l: tf.strings.unicode_decode(l, "UTF-8"))
    batched = pairs.batch(2, drop_remainder=True)
    out['batched_shapes'] = str(tf.data.get_output_shapes(batched))
    take = stream.take(7).batch(3)
    lens = lines.map(tf.strings.length).reduce(np.int32(0), lambda a, b: a + b) \
        if hasattr(lines, 'reduce') else tf.constant(0)

    def collect(d, sess):
        it = tf.data.make_initializable_iterator(d)
        nxt = it.get_next()
        sess.run(it.initializer)
        res = []
        while True:
            try:
                res.append(sess.run(nxt))
            except tf.errors.OutOfRangeError:
                return res
    try:
        tf.data.make_one_shot_iterator(pairs)
        out['one_shot'] = 'ok'
    except ValueError as e:
        out['one_shot'] = ['ValueError', 'stateful' in str(e)]
    with tf.Session() as sess:
        sess.run(tf.tables_initializer())
        for name, d in [('pairs', pairs), ('win2', win2), ('enum', enum), ('cps', cps),
                        ('batched', batched), ('take', take)]:
            r = collect(d, sess)
            out[name + '_n'] = len(r)
            for i, e in enumerate(r):
                out['%s_%d' % (name, i)] = list(e) if isinstance(e, tuple) else e
        out['lens'] = sess.run(lens)
    return out
