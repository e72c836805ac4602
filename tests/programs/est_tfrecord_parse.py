"""TFRecords of tf.train.Example and SequenceExample written with TFRecordWriter (plain and
GZIP) and read back: parse_single_example with FixedLen/VarLen/SparseFeature, parse_example,
parse_example_dataset, parse_single_sequence_example, padded_batch, decode_raw, decode_csv."""
import numpy as np
TAGS = ['dataset']


def _examples(tf):
    def f_int(v):
        return tf.train.Feature(int64_list=tf.train.Int64List(value=v))

    def f_float(v):
        return tf.train.Feature(float_list=tf.train.FloatList(value=v))

    def f_bytes(v):
        return tf.train.Feature(bytes_list=tf.train.BytesList(value=v))

    out = []
    for idx in range(10):
        image = (np.arange(6) * (idx + 1) % 7).astype(np.uint8)
        out.append(tf.train.Example(features=tf.train.Features(feature={
            'label': f_int([idx % 3]), 'image_raw': f_bytes([image.tobytes()]),
            'name': f_bytes([('img%d' % idx).encode()]), 'tags': f_int(list(range(idx % 4))),
            'scores': f_float([0.5 * idx, 1.0]), 'sp_idx': f_int([idx % 5, (idx + 2) % 5]),
            'sp_val': f_float([float(idx), -1.0])})).SerializeToString())
    return out


def _sequence_examples(tf):
    out = []
    for seq in [[1, 2, 3], [4, 5], [6, 1, 2, 3]]:
        ex = tf.train.SequenceExample()
        ex.context.feature['length'].int64_list.value.append(len(seq))
        for t in seq:
            ex.feature_lists.feature_list['tokens'].feature.add().int64_list.value.append(t)
            ex.feature_lists.feature_list['frames'].feature.add().float_list.value.extend(
                [t * 0.5, -t])
        out.append(ex.SerializeToString())
    return out


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
    records = _examples(tf)
    with tf.python_io.TFRecordWriter('train.tfrecords') as writer:
        for r in records:
            writer.write(r)
    gz = tf.python_io.TFRecordOptions(tf.python_io.TFRecordCompressionType.GZIP)
    with tf.python_io.TFRecordWriter('train.tfrecords.gz', options=gz) as writer:
        for r in records[:4]:
            writer.write(r)
    out['count'] = [len(list(tf.python_io.tf_record_iterator('train.tfrecords'))),
                    len(list(tf.python_io.tf_record_iterator('train.tfrecords.gz', options=gz)))]
    spec = {'label': tf.FixedLenFeature([], tf.int64),
            'image_raw': tf.FixedLenFeature([], tf.string),
            'name': tf.FixedLenFeature([], tf.string, default_value=''),
            'missing': tf.FixedLenFeature([2], tf.float32, default_value=[7.0, 8.0]),
            'tags': tf.VarLenFeature(tf.int64),
            'scores': tf.FixedLenFeature([2], tf.float32),
            'sp': tf.SparseFeature(index_key='sp_idx', value_key='sp_val', dtype=tf.float32,
                                   size=5)}

    def parser(serialized):
        f = tf.parse_single_example(serialized, features=spec)
        image = tf.reshape(tf.decode_raw(f['image_raw'], tf.uint8), [2, 3])
        return {'image': tf.cast(image, tf.float32) * (1. / 255) - 0.5, 'name': f['name'],
                'tags': tf.sparse_tensor_to_dense(f['tags'], default_value=-1),
                'sp': tf.sparse_tensor_to_dense(tf.sparse_reorder(f['sp'])),
                'missing': f['missing'], 'scores': f['scores']}, tf.cast(f['label'], tf.int32)

    ds = tf.data.TFRecordDataset(['train.tfrecords']).map(parser).padded_batch(
        4, padded_shapes=({'image': [2, 3], 'name': [], 'tags': [None], 'sp': [5],
                           'missing': [2], 'scores': [2]}, []),
        padding_values=({'image': 0., 'name': '', 'tags': tf.constant(-9, tf.int64), 'sp': 0.,
                         'missing': 0., 'scores': 0.}, 0))
    out['batches'] = _drain(tf, ds)
    parsed = tf.data.TFRecordDataset('train.tfrecords.gz', compression_type='GZIP').batch(3).apply(
        tf.data.experimental.parse_example_dataset({
            'label': tf.FixedLenFeature([1], tf.int64),
            'scores': tf.FixedLenSequenceFeature([], tf.float32, allow_missing=True),
            'tags': tf.VarLenFeature(tf.int64)}))
    out['parse_example_dataset'] = [{'label': d['label'], 'scores': d['scores'],
                                     'tags': [d['tags'].indices, d['tags'].values,
                                              d['tags'].dense_shape]} for d in _drain(tf, parsed)]
    ctx, seq = tf.parse_single_sequence_example(
        _sequence_examples(tf)[2], context_features={'length': tf.FixedLenFeature([], tf.int64)},
        sequence_features={'tokens': tf.FixedLenSequenceFeature([], tf.int64),
                           'frames': tf.FixedLenSequenceFeature([2], tf.float32)})
    lines = tf.constant(['1|2.5|x|', '4||y|9', 'NA|1.0|z|3'])
    cols = tf.decode_csv(lines, record_defaults=[[0], [0.5], ['?'], tf.constant([-1], tf.int64)],
                         field_delim='|', na_value='NA')
    with tf.Session() as sess:
        out['sequence'] = sess.run([ctx['length'], seq['tokens'], seq['frames']])
        out['csv'] = sess.run(cols)
    return out
