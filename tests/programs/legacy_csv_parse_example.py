"""CSV and tf.Example decoding of 2016-2017 (census/iris tutorials, 'TensorFlow Dev Summit' readers):
decode_csv with record_defaults of int32/int64/float32/float64/string, required fields, field_delim,
use_quote_delim, na_value, select_cols; parse_single_example and parse_example with FixedLen
(default_value), VarLen, FixedLenSequence(allow_missing) features; error messages."""
TAGS = ['queue', 'io']


def _ex(tf, feats):
    f = {}
    for k, v in feats.items():
        if isinstance(v[0], bytes):
            f[k] = tf.train.Feature(bytes_list=tf.train.BytesList(value=v))
        elif isinstance(v[0], float):
            f[k] = tf.train.Feature(float_list=tf.train.FloatList(value=v))
        else:
            f[k] = tf.train.Feature(int64_list=tf.train.Int64List(value=v))
    return tf.train.Example(features=tf.train.Features(feature=f)).SerializeToString()


def main(tf):
    out = {}
    lines = tf.constant(['1,2,3.5,4.25,"a,b"', '5,,0.5,,plain', '7,8,,1e3,'])
    cols = tf.decode_csv(lines, record_defaults=[[0], tf.constant([-1], tf.int64), [0.0],
                                                 tf.constant([9.5], tf.float64), ['dflt']])
    out['csv_dtypes'] = [c.dtype.name for c in cols]
    out['csv_shapes'] = [str(c.shape) for c in cols]
    out['csv_names'] = [c.name for c in cols[:2]]
    req = tf.decode_csv(tf.constant(['1,2', '3,']), record_defaults=[[1], tf.constant([], tf.int32)])
    semi = tf.decode_csv(tf.constant(['a;1', 'b;2']), [[''], [0.]], field_delim=';')
    nq = tf.decode_csv(tf.constant(['"x"|2']), [[''], [0]], field_delim='|', use_quote_delim=False)
    na = tf.decode_csv(tf.constant(['NA,3', '4,NA']), [[0.], [0]], na_value='NA')
    sel = tf.decode_csv(tf.constant(['1,2,3,4']), [[0], [0]], select_cols=[1, 3])
    bad = tf.decode_csv(tf.constant(['1,2,3']), [[0], [0]])
    badnum = tf.decode_csv(tf.constant(['x1,2']), [[0], [0]])
    with tf.Session() as sess:
        out['csv'] = sess.run(cols)
        out['semi'] = sess.run(semi)
        out['nq'] = sess.run(nq)
        out['na'] = sess.run(na)
        out['sel'] = sess.run(sel)
        for key, t in [('req', req), ('bad', bad), ('badnum', badnum)]:
            try:
                out[key] = sess.run(t)
            except tf.errors.InvalidArgumentError as e:
                out[key + '_err'] = [l for l in e.message.splitlines()
                                    if 'record' in l and not l.startswith(' ')][0]
    s1 = _ex(tf, {'label': [3], 'vec': [1.0, 2.0], 'tags': [b'x', b'yy', b'z'], 'seq': [1, 2, 3, 4]})
    s2 = _ex(tf, {'label': [5], 'tags': [b'w'], 'seq': [5, 6]})
    features = {
        'label': tf.FixedLenFeature([], tf.int64),
        'vec': tf.FixedLenFeature([2], tf.float32, default_value=[-1.0, -2.0]),
        'tags': tf.VarLenFeature(tf.string),
        'seq': tf.FixedLenSequenceFeature([2], tf.int64, allow_missing=True),
        'missing': tf.FixedLenFeature([1], tf.string, default_value='none'),
    }
    single = tf.parse_single_example(tf.constant(s1), features)
    batch = tf.parse_example(tf.constant([s1, s2]), features)
    out['single_keys'] = sorted(single.keys())
    out['single_shapes'] = {k: str(v.shape) for k, v in single.items() if k != 'tags'}
    out['batch_shapes'] = {k: str(v.shape) for k, v in batch.items() if k != 'tags'}
    out['tags_type'] = [type(batch['tags']).__name__, str(batch['tags'].dense_shape.shape)]
    with tf.Session() as sess:
        sv, bv = sess.run([single, batch])
    for k in ['label', 'vec', 'seq', 'missing']:
        out['single_' + k] = sv[k]
        out['batch_' + k] = bv[k]
    out['tags'] = [bv['tags'].indices, bv['tags'].values, bv['tags'].dense_shape]
    out['stags'] = [sv['tags'].indices, sv['tags'].values]
    dense = tf.sparse_tensor_to_dense(batch['tags'], default_value='')
    bad_feat = tf.parse_single_example(tf.constant(s2), {'vec': tf.FixedLenFeature([2], tf.float32)})
    with tf.Session() as sess:
        out['tags_dense'] = sess.run(dense)
        try:
            sess.run(bad_feat)
        except tf.errors.InvalidArgumentError as e:
            out['missing_err'] = type(e).__name__
    return out
