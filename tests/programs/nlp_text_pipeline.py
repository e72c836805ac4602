"""tensorflow/nmt (2017) iterator_utils style text pipeline: vocabulary files into
StaticVocabularyTable (OOV buckets) and a reverse table, TextLineDataset pairs split, filtered,
truncated, looked up, bucketed by length with group_by_window and padded_batch; plus the string
ops of preprocessing scripts (hash buckets, substr, regex, joins, numbers, base64, UTF-8)."""
TAGS = ['data', 'strings', 'lookup']


def _write(name, text):
    with open(name, "w") as f:
        f.write(text)


def main(tf):
    out = {}
    _write("vocab.txt", "<unk>\n<s>\n</s>\nhello\nworld\nfoo\nbar\nbaz\n")
    _write("src.txt", "hello world\nfoo bar baz qux\n\nbar  foo\n"
                      "hello hello hello world foo\nzz top\n")
    _write("tgt.txt", "world\nbaz bar\nfoo\nbar\nhello\ntop zz zz\n")
    table = tf.lookup.StaticVocabularyTable(tf.lookup.TextFileInitializer(
        "vocab.txt", tf.string, tf.lookup.TextFileIndex.WHOLE_LINE, tf.int64,
        tf.lookup.TextFileIndex.LINE_NUMBER), num_oov_buckets=3)
    rev = tf.lookup.StaticHashTable(tf.lookup.TextFileInitializer(
        "vocab.txt", tf.int64, tf.lookup.TextFileIndex.LINE_NUMBER, tf.string,
        tf.lookup.TextFileIndex.WHOLE_LINE), "<unk>")
    size = table.size()
    out['size_op'] = [size.op.name, size.op.type]
    sos = tf.cast(table.lookup(tf.constant("<s>")), tf.int32)
    eos = tf.cast(table.lookup(tf.constant("</s>")), tf.int32)
    ds = tf.data.Dataset.zip((tf.data.TextLineDataset("src.txt"),
                              tf.data.TextLineDataset("tgt.txt")))
    ds = ds.map(lambda s, t: (tf.string_split([s]).values, tf.string_split([t]).values))
    ds = ds.filter(lambda s, t: tf.logical_and(tf.size(s) > 0, tf.size(t) > 0))
    ds = ds.map(lambda s, t: (s[:4], t))
    ds = ds.map(lambda s, t: (tf.cast(table.lookup(s), tf.int32),
                              tf.cast(table.lookup(t), tf.int32)))
    ds = ds.map(lambda s, t: (s, tf.concat(([sos], t), 0), tf.concat((t, [eos]), 0)))
    ds = ds.map(lambda s, ti, to: (s, ti, to, tf.size(s), tf.size(ti)))

    def batching(x):
        return x.padded_batch(2, padded_shapes=(tf.TensorShape([None]), tf.TensorShape([None]),
                                                tf.TensorShape([None]), tf.TensorShape([]),
                                                tf.TensorShape([])),
                              padding_values=(eos, eos, eos, 0, 0))

    def key_func(unused_1, unused_2, unused_3, src_len, tgt_len):
        return tf.to_int64(tf.minimum(3, tf.maximum(src_len // 2, tgt_len // 2)))

    batched = ds.apply(tf.data.experimental.group_by_window(
        key_func=key_func, reduce_func=lambda key, window: batching(window), window_size=2))
    it = tf.data.make_initializable_iterator(batched)
    src, tin, tout, slen, tlen = it.get_next()
    joined = tf.reduce_join(rev.lookup(tf.to_int64(src)), axis=1, separator=" ")
    s = tf.constant(["Hello, World!", "TensorFlow 1.x", "  spaces  ", "\xfcn\xefc\xf6d\xe9"])
    ops = dict(
        hash=tf.string_to_hash_bucket_fast(s, 10),
        hash_strong=tf.string_to_hash_bucket_strong(s, 10, key=[1, 2]),
        hash_legacy=tf.string_to_hash_bucket(s, 7),
        substr=tf.substr(s, 1, 4),
        length=tf.strings.length(s),
        length_chars=tf.strings.length(s, unit="UTF8_CHAR"),
        join=tf.string_join([s, tf.as_string(tf.range(4))], separator="#"),
        strip=tf.strings.strip(s),
        regex=tf.regex_replace(s, r"[^a-z ]", "_"),
        full=tf.strings.regex_full_match(s, r".*[0-9].*"),
        num=tf.string_to_number(tf.constant(["1.5", "-2", "3e2"])),
        as_str=tf.as_string(tf.constant([3.14159, 2.0]), precision=2),
        as_str_w=tf.as_string(tf.constant([7, 42]), width=4, fill="0"),
        split_chars=tf.sparse_tensor_to_dense(tf.string_split(["abc", "de"], delimiter=""),
                                              default_value="-"),
        b64=tf.encode_base64(tf.constant(["hi there"])),
        ucode=tf.strings.unicode_decode(s[3], "UTF-8"),
    )
    with tf.Session() as sess:
        sess.run(tf.tables_initializer())
        out['size'] = sess.run(size)
        sess.run(it.initializer)
        batches = []
        while True:
            try:
                batches.append(sess.run([src, tin, tout, slen, tlen, joined]))
            except tf.errors.OutOfRangeError:
                break
        out['batches'] = batches
        out['strings'] = sess.run(ops)
    return out
