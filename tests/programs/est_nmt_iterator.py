"""The tensorflow/nmt (2017) training iterator: two TextLineDatasets zipped, skip with a
placeholder count, seeded shuffle, string_split, vocabulary tables from files, sos/eos
concatenation, group_by_window bucketing into padded batches, an initializable iterator run
twice, and ids mapped back to words."""
import collections
TAGS = ['dataset']

BatchedInput = collections.namedtuple("BatchedInput", (
    "initializer", "source", "target_input", "target_output", "source_sequence_length",
    "target_sequence_length"))


def _write(name, lines):
    with open(name, 'w') as f:
        f.write('\n'.join(lines) + '\n')
    return name


def _tables(tf, src_vocab, tgt_vocab):
    lookup = getattr(getattr(tf, 'contrib', None), 'lookup', None)
    if lookup is None:  # TF 2.x: no contrib; TF 1.x's contrib.lookup functions live here
        from tensorflow.python.ops import lookup_ops as lookup
    return (lookup.index_table_from_file(src_vocab, default_value=0),
            lookup.index_table_from_file(tgt_vocab, default_value=0),
            lookup.index_to_string_table_from_file(tgt_vocab, default_value='<unk>'))


def get_iterator(tf, src_dataset, tgt_dataset, src_vocab_table, tgt_vocab_table, batch_size,
                 sos, eos, random_seed, num_buckets, src_max_len, tgt_max_len, skip_count):
    src_eos_id = tf.cast(src_vocab_table.lookup(tf.constant(eos)), tf.int32)
    tgt_sos_id = tf.cast(tgt_vocab_table.lookup(tf.constant(sos)), tf.int32)
    tgt_eos_id = tf.cast(tgt_vocab_table.lookup(tf.constant(eos)), tf.int32)
    ds = tf.data.Dataset.zip((src_dataset, tgt_dataset)).skip(skip_count)
    ds = ds.shuffle(batch_size * 1000, random_seed, True)
    ds = ds.map(lambda src, tgt: (tf.string_split([src]).values, tf.string_split([tgt]).values),
                num_parallel_calls=2).prefetch(100)
    ds = ds.filter(lambda src, tgt: tf.logical_and(tf.size(src) > 0, tf.size(tgt) > 0))
    ds = ds.map(lambda src, tgt: (src[:src_max_len], tgt[:tgt_max_len]))
    ds = ds.map(lambda src, tgt: (tf.cast(src_vocab_table.lookup(src), tf.int32),
                                  tf.cast(tgt_vocab_table.lookup(tgt), tf.int32)))
    ds = ds.map(lambda src, tgt: (src, tf.concat(([tgt_sos_id], tgt), 0),
                                  tf.concat((tgt, [tgt_eos_id]), 0)))
    ds = ds.map(lambda src, tin, tout: (src, tin, tout, tf.size(src), tf.size(tin)))

    def batching_func(x):
        return x.padded_batch(batch_size, padded_shapes=(
            tf.TensorShape([None]), tf.TensorShape([None]), tf.TensorShape([None]),
            tf.TensorShape([]), tf.TensorShape([])),
            padding_values=(src_eos_id, tgt_eos_id, tgt_eos_id, 0, 0))

    def key_func(unused_1, unused_2, unused_3, src_len, tgt_len):
        bucket_width = (src_max_len + num_buckets - 1) // num_buckets
        bucket_id = tf.maximum(src_len // bucket_width, tgt_len // bucket_width)
        return tf.to_int64(tf.minimum(num_buckets, bucket_id))

    batched = ds.apply(tf.data.experimental.group_by_window(
        key_func=key_func, reduce_func=lambda unused_key, w: batching_func(w),
        window_size=batch_size))
    it = batched.make_initializable_iterator()
    return BatchedInput(it.initializer, *it.get_next())


def main(tf):
    out = {}
    tf.set_random_seed(13)
    src_vocab = _write('vocab.src', ['<unk>', '<s>', '</s>', 'a', 'b', 'c', 'd'])
    tgt_vocab = _write('vocab.tgt', ['<unk>', '<s>', '</s>', 'x', 'y', 'z'])
    src_file = _write('train.src', ['a b c', 'b', 'c d a b', 'd d', 'a e', 'c c c c c', 'b a',
                                    'd'])
    tgt_file = _write('train.tgt', ['x y', 'y z x', 'z', 'x x x', 'y', 'z y', 'q', 'x y z x'])
    src_table, tgt_table, reverse_tgt = _tables(tf, src_vocab, tgt_vocab)
    skip_count = tf.placeholder(shape=(), dtype=tf.int64)
    it = get_iterator(tf, tf.data.TextLineDataset(src_file), tf.data.TextLineDataset(tgt_file),
                      src_table, tgt_table, batch_size=2, sos='<s>', eos='</s>', random_seed=5,
                      num_buckets=3, src_max_len=4, tgt_max_len=3, skip_count=skip_count)
    out['shapes'] = [str(t.shape) for t in it[1:]]
    words = reverse_tgt.lookup(tf.to_int64(it.target_output))
    with tf.Session() as sess:
        sess.run(tf.tables_initializer())
        for skip in [0, 3]:
            sess.run(it.initializer, feed_dict={skip_count: skip})
            batches = []
            while True:
                try:
                    batches.append(sess.run(list(it[1:]) + [words]))
                except tf.errors.OutOfRangeError:
                    break
            out['skip%d' % skip] = batches
    return out
