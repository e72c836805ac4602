"""TF 1.14/1.15 ragged text code: unicode_split / unicode_decode to ragged chars,
RaggedTensor.from_row_lengths / from_value_rowids, ragged.map_flat_values over token ids,
to_tensor padding, row_lengths, ragged string split -> ids via a lookup table."""
TAGS = ['nlp', 'strings', 'ragged', 'lookup']


def main(tf):
    out = {}
    sents = tf.constant(["héllo wörld", "ab", "", "naïve"])
    chars = tf.strings.unicode_split(sents, "UTF-8")
    cps = tf.strings.unicode_decode(sents, "UTF-8")
    out['types'] = [type(chars).__name__, type(cps).__name__, cps.dtype.name]
    out['cps_shape'] = str(cps.shape)
    words = tf.strings.split(sents, result_type="RaggedTensor")
    table = tf.lookup.StaticVocabularyTable(tf.lookup.KeyValueTensorInitializer(
        ["ab", "naïve", "héllo"], tf.constant([0, 1, 2], tf.int64)), num_oov_buckets=2)
    ids = tf.ragged.map_flat_values(table.lookup, words)
    emb = tf.constant([[0., 1.], [2., 3.], [4., 5.], [6., 7.], [8., 9.]])
    vecs = tf.ragged.map_flat_values(tf.nn.embedding_lookup, emb, ids)
    out['vecs_shape'] = str(vecs.shape)
    rt = tf.RaggedTensor.from_row_lengths(tf.constant([1, 2, 3, 4, 5, 6]),
                                         tf.constant([2, 0, 3, 1], tf.int64))
    rt2 = tf.RaggedTensor.from_value_rowids(tf.constant(["a", "b", "c"]),
                                           tf.constant([0, 0, 2], tf.int64), nrows=4)
    dense = rt.to_tensor(default_value=-1)
    out['dense_static'] = str(dense.shape)
    sq = tf.ragged.map_flat_values(tf.square, rt)
    fetch = {
        'chars': chars.flat_values, 'chars_rs': chars.row_splits,
        'cps': cps.to_tensor(default_value=0), 'cps_len': cps.row_lengths(),
        'ids': ids.to_tensor(default_value=-1), 'ids_rs': ids.row_splits,
        'vecs': vecs.to_tensor(), 'dense': dense, 'sq': sq.to_tensor(),
        'rt_len': rt.row_lengths(), 'rt2': rt2.to_tensor(default_value="PAD"),
        'nrows': rt.nrows(),
        'sp': rt.to_sparse().indices, 'bounding': rt.bounding_shape(),
        'from_tensor': tf.RaggedTensor.from_tensor(tf.constant([[1, 2, 0], [3, 0, 0]]),
                                                   padding=0).row_lengths(),
    }
    with tf.Session() as sess:
        sess.run(tf.tables_initializer())
        res = sess.run(fetch)
        res['rt_list'] = sess.run(rt).to_list()
        try:
            sess.run(tf.RaggedTensor.from_row_lengths(tf.constant([1, 2]),
                                                      tf.constant([1, 2], tf.int64)).row_splits)
            res['bad'] = 'ok'
        except tf.errors.OpError as e:
            res['bad'] = type(e).__name__
    out.update(res)
    return out
