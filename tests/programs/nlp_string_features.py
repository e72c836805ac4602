"""Text feature engineering of 2018-19 preprocessing code: normalisation with regex_replace,
strip, upper-casing, prefixes and slices via substr, UTF-8 lengths, hash buckets,
reduce_join / join / format, to_number, sparse_reorder / to_dense of token ids."""
TAGS = ['nlp', 'strings', 'sparse', 'errors']


def main(tf):
    out = {}
    raw = tf.constant(["  Héllo, World!! ", "TF 1.15 rocks", "naïve café  ", "42", " -3.5e2 "])
    clean = tf.strings.regex_replace(raw, r"[^\w\s\.\-]", "")
    clean = tf.strings.regex_replace(clean, r"\s+", " ")
    clean = tf.strings.strip(clean)
    out['clean'] = clean
    out['len_byte'] = tf.strings.length(raw)
    out['len_char'] = tf.strings.length(raw, unit="UTF8_CHAR")
    out['is_num'] = tf.strings.regex_full_match(clean, r"[-+]?[0-9]*\.?[0-9]+([eE][-+]?[0-9]+)?")
    out['sub'] = tf.strings.substr(clean, 0, 3)
    out['sub_char'] = tf.strings.substr(raw, 2, 4, unit="UTF8_CHAR")
    out['sub_neg'] = tf.strings.substr(clean, -2, 2)
    out['sub_vec'] = tf.strings.substr(clean, [0, 1, 2, 0, 1], [1, 2, 3, 4, 5])
    out['to_num'] = tf.strings.to_number(tf.strings.strip(raw[3:]), out_type=tf.float32)
    out['to_num64'] = tf.strings.to_number(tf.constant(["7", "-12"]), out_type=tf.int64)
    out['h_fast'] = tf.strings.to_hash_bucket_fast(clean, 100)
    out['h_strong'] = tf.strings.to_hash_bucket_strong(clean, 100, key=[1, 2])
    out['h_legacy'] = tf.string_to_hash_bucket(clean, 50)
    toks = tf.string_split(clean)
    out['rj'] = tf.reduce_join(tf.sparse.to_dense(toks, ""), axis=1, separator="|")
    out['rj_all'] = tf.strings.reduce_join(clean, separator=";")
    out['rj_keep'] = tf.strings.reduce_join([["a", "b"], ["c", "d"]], axis=0, keepdims=True)
    out['join'] = tf.strings.join([clean, tf.as_string(out['len_char']), "x"], separator="_")
    out['fmt'] = tf.strings.format("n={} v={}", (tf.size(raw), tf.constant([1.5, 2.0])))
    out['fmt_s'] = tf.strings.format("{}", tf.constant([["a", "b"]]))
    out['upper'] = tf.strings.upper(clean) if hasattr(tf.strings, "upper") else clean
    out['static'] = [str(out['rj'].shape), str(out['rj_keep'].shape), str(out['sub_vec'].shape),
                     str(out['fmt'].shape)]
    # sparse ops on hashed token ids
    hashed = tf.SparseTensor(toks.indices, tf.strings.to_hash_bucket_fast(toks.values, 10),
                             toks.dense_shape)
    shuffled = tf.SparseTensor(tf.reverse(toks.indices, [0]), tf.reverse(hashed.values, [0]),
                               toks.dense_shape)
    ro = tf.sparse.reorder(shuffled)
    out['dense_ids'] = tf.sparse.to_dense(ro, default_value=-1)
    out['dense_legacy'] = tf.sparse_tensor_to_dense(tf.sparse_reorder(shuffled))
    out['ind'] = tf.sparse.to_indicator(ro, 10)
    out['bag'] = tf.sparse.reduce_sum(tf.SparseTensor(ro.indices, tf.ones_like(ro.values),
                                                      ro.dense_shape), axis=1)
    res = {}
    with tf.Session() as sess:
        for k, v in out.items():
            res[k] = v if k == 'static' else sess.run(v)
        try:
            sess.run(tf.strings.to_number(tf.constant(["abc"])))
        except tf.errors.OpError as e:
            res['num_err'] = [type(e).__name__,
                              "could not correctly convert string: abc" in e.message]
        try:
            sess.run(tf.strings.substr(tf.constant("abc"), 5, 1))
        except tf.errors.OpError as e:
            res['sub_err'] = [type(e).__name__,
                              "pos 5 out of range for string b'abc'" in e.message]
    return res
