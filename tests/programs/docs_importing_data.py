"""Imitates the TensorFlow r1.x programmer's guide "Importing Data" (tensorflow.org, 2018):
tf.data structure, iterators (one-shot, initializable, reinitializable, feedable with string
handles), batching, padded_batch, repeat/shuffle, map with py_func, text lines, CSV."""
import numpy as np

TAGS = ['dataset']


def main(tf):
    out = {}
    tf.set_random_seed(5)
    dataset1 = tf.data.Dataset.from_tensor_slices(tf.random_uniform([4, 10], seed=1))
    out['ds1'] = [str(dataset1.output_types), str(dataset1.output_shapes)]
    dataset2 = tf.data.Dataset.from_tensor_slices(
        (tf.random_uniform([4]), tf.random_uniform([4, 100], maxval=100, dtype=tf.int32)))
    out['ds2'] = [str(dataset2.output_types), str(dataset2.output_shapes)]
    dataset3 = tf.data.Dataset.zip((dataset1, dataset2))
    out['ds3'] = [str(dataset3.output_types), str(dataset3.output_shapes)]
    dataset = tf.data.Dataset.from_tensor_slices(
        {"a": tf.random_uniform([4]), "b": tf.random_uniform([4, 100], maxval=100, dtype=tf.int32)})
    out['dsd'] = [sorted((k, repr(v)) for k, v in dataset.output_types.items()),
                  sorted((k, str(v)) for k, v in dataset.output_shapes.items())]
    dataset = tf.data.Dataset.range(100)
    next_element = dataset.make_one_shot_iterator().get_next()
    max_value = tf.placeholder(tf.int64, shape=[])
    it2 = tf.data.Dataset.range(max_value).make_initializable_iterator()
    ne2 = it2.get_next()
    training_dataset = tf.data.Dataset.range(100).map(
        lambda x: x + tf.random_uniform([], -10, 10, tf.int64, seed=3))
    validation_dataset = tf.data.Dataset.range(50)
    iterator = tf.data.Iterator.from_structure(training_dataset.output_types,
                                               training_dataset.output_shapes)
    ne3 = iterator.get_next()
    training_init_op = iterator.make_initializer(training_dataset)
    validation_init_op = iterator.make_initializer(validation_dataset)
    handle = tf.placeholder(tf.string, shape=[])
    fiter = tf.data.Iterator.from_string_handle(handle, training_dataset.output_types,
                                                training_dataset.output_shapes)
    ne4 = fiter.get_next()
    training_iterator = training_dataset.repeat().make_one_shot_iterator()
    validation_iterator = validation_dataset.make_initializable_iterator()
    inc_dataset = tf.data.Dataset.range(100)
    dec_dataset = tf.data.Dataset.range(0, -100, -1)
    batched = tf.data.Dataset.zip((inc_dataset, dec_dataset)).batch(4)
    nb = batched.make_one_shot_iterator().get_next()
    padded = tf.data.Dataset.range(100).map(lambda x: tf.fill([tf.cast(x, tf.int32)], x)) \
        .padded_batch(4, padded_shapes=(None,))
    npb = padded.make_one_shot_iterator().get_next()
    out['padded_shape'] = str(npb.shape)

    def _read_py_function(filename, label):
        return np.full([2], len(filename), np.int32), label

    files = ["/var/data/image1.jpg", "/var/data/image2.jpg", "/var/data/x.jpg"]
    labels = [0, 37, 29]
    pyds = tf.data.Dataset.from_tensor_slices((files, labels)).map(
        lambda filename, label: tuple(tf.py_func(_read_py_function, [filename, label],
                                                 [tf.int32, label.dtype])))
    npy = pyds.make_one_shot_iterator().get_next()
    out['py_shapes'] = [str(t.shape) for t in npy]
    # text lines and CSV
    with open('a.txt', 'w') as f:
        f.write('# header\nhello world\nfoo bar\n')
    with open('b.txt', 'w') as f:
        f.write('# header\nsecond file\n')
    lines = tf.data.Dataset.from_tensor_slices(['a.txt', 'b.txt']).flat_map(
        lambda filename: tf.data.TextLineDataset(filename).skip(1)
        .filter(lambda line: tf.not_equal(tf.substr(line, 0, 1), "#")))
    nl = lines.make_one_shot_iterator().get_next()
    with open('d.csv', 'w') as f:
        f.write('h1,h2,h3,h4\n1.5,2,,x\n3.0,4,5,y\n')
    record_defaults = [[0.0], [0], [7], ["z"]]
    csv = tf.data.experimental.CsvDataset('d.csv', [tf.float32, tf.int32, [7], tf.string],
                                          header=True, select_cols=[0, 1, 2, 3])
    nc = csv.make_one_shot_iterator().get_next()
    dc = tf.data.TextLineDataset('d.csv').skip(1).map(
        lambda l: tf.decode_csv(l, record_defaults)).batch(2)
    ndc = dc.make_one_shot_iterator().get_next()
    with tf.Session() as sess:
        out['one_shot'] = np.array([sess.run(next_element) for _ in range(5)])
        sess.run(it2.initializer, feed_dict={max_value: 10})
        out['init10'] = np.array([sess.run(ne2) for _ in range(10)])
        try:
            sess.run(ne2)
        except tf.errors.OutOfRangeError as e:
            out['oor'] = type(e).__name__
        tr = []
        for _ in range(2):
            sess.run(training_init_op)
            tr.append([sess.run(ne3) for _ in range(3)])
            sess.run(validation_init_op)
            tr.append([sess.run(ne3) for _ in range(3)])
        out['reinit'] = np.array(tr)
        th = sess.run(training_iterator.string_handle())
        vh = sess.run(validation_iterator.string_handle())
        out['handle_type'] = type(th).__name__
        fe = [sess.run(ne4, feed_dict={handle: th}) for _ in range(3)]
        sess.run(validation_iterator.initializer)
        fe += [sess.run(ne4, feed_dict={handle: vh}) for _ in range(3)]
        out['feedable'] = np.array(fe)
        out['batched'] = [sess.run(nb) for _ in range(2)]
        out['padded'] = [sess.run(npb) for _ in range(2)]
        out['pyfunc'] = [sess.run(npy) for _ in range(3)]
        out['lines'] = [sess.run(nl) for _ in range(3)]
        out['csv'] = [sess.run(nc) for _ in range(2)]
        out['decode_csv'] = sess.run(ndc)
    return out
