"""String ops as TF1 programs use them: split, join, regex, substr, conversions, hashing, lookup."""
import numpy as np
TAGS = ['strings']


def main(tf):
    out = {}
    s = tf.constant(['hello world', 'a,b,,c', 'TensorFlow 1.15', ''])
    with tf.Session() as sess:
        sp = tf.string_split(s, delimiter=' ,')
        r = sess.run(sp)
        out['split_indices'] = r.indices
        out['split_values'] = r.values
        out['split_shape'] = r.dense_shape
        out['join'] = sess.run(tf.reduce_join(s, separator='|'))
        out['string_join'] = sess.run(tf.string_join([s, tf.constant('!')], separator='-'))
        out['regex'] = sess.run(tf.regex_replace(s, '[aeiou]', '_'))
        out['substr'] = sess.run(tf.substr(s[:3], 1, 3))
        try:
            sess.run(tf.substr(s, 1, 3))
            out['substr_empty'] = 'no error'
        except tf.errors.OpError as e:
            out['substr_empty'] = type(e).__name__
        out['upper'] = sess.run(tf.strings.upper(s))
        out['length'] = sess.run(tf.strings.length(s))
        out['to_number'] = sess.run(tf.string_to_number(tf.constant(['1.5', '-2', '3e2'])))
        out['as_string'] = sess.run(tf.as_string(tf.constant([1.5, 2.25, -3.0]), precision=2))
        out['as_string_int'] = sess.run(tf.as_string(tf.constant([7, -12]), width=5, fill='0'))
        out['hash'] = sess.run(tf.string_to_hash_bucket_fast(s, 1000))
        out['hash_strong'] = sess.run(tf.string_to_hash_bucket_strong(s, 1000, key=[1, 2]))
        out['strip'] = sess.run(tf.strings.strip(tf.constant(['  x ', 'y  '])))
        out['format'] = sess.run(tf.strings.format('v={} w={}', (tf.constant(3), tf.constant([1.5, 2.0]))))
        table = tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer(
            tf.constant(['a', 'b', 'c']), tf.constant([10, 11, 12], tf.int64)), -1)
        table2 = tf.lookup.StaticVocabularyTable(tf.lookup.KeyValueTensorInitializer(
            tf.constant(['a', 'b', 'c']), tf.constant([0, 1, 2], tf.int64)), 2)
        out['table2_ids'] = table2.lookup(tf.constant(['b', 'z', 'c', 'q']))
        ids = table.lookup(tf.constant(['b', 'z', 'c', 'q']))
        sess.run(tf.tables_initializer())
        out['table_ids'] = sess.run(ids)
        out['table2_ids'] = sess.run(out['table2_ids'])
        out['decode_csv'] = sess.run(tf.decode_csv(tf.constant(['1,2.5,x', '3,,y']), [[0], [0.0], ['d']]))[1]
    return out
