"""Hope/Resheff/Lieder "Learning TensorFlow" ch8: write TFRecords with TFRecordWriter, read them back
with string_input_producer + TFRecordReader + parse_single_example + shuffle_batch, Coordinator and
QueueRunners; FIFOQueue enqueue/dequeue by hand; merged histogram/scalar summaries in variable_scope."""
import os
import numpy as np
TAGS = ['queues', 'io', 'summary']


def part_records(tf, out):
    path = os.path.abspath("train.tfrecords")
    rng = np.random.RandomState(0)
    images = rng.randint(0, 255, size=(20, 4, 4)).astype(np.uint8)
    labels = np.arange(20) % 3
    writer = tf.python_io.TFRecordWriter(path)
    for index in range(20):
        image = images[index].tobytes()
        example = tf.train.Example(features=tf.train.Features(feature={
            'height': tf.train.Feature(int64_list=tf.train.Int64List(value=[4])),
            'label': tf.train.Feature(int64_list=tf.train.Int64List(value=[int(labels[index])])),
            'image_raw': tf.train.Feature(bytes_list=tf.train.BytesList(value=[image]))}))
        writer.write(example.SerializeToString())
    writer.close()
    record_iterator = tf.python_io.tf_record_iterator(path)
    first = next(record_iterator)
    ex = tf.train.Example(); ex.ParseFromString(first)
    out['first_label'] = ex.features.feature['label'].int64_list.value[0]
    out['n_records'] = 1 + sum(1 for _ in record_iterator)
    filename_queue = tf.train.string_input_producer([path], num_epochs=3, shuffle=False)
    reader = tf.TFRecordReader()
    key, serialized_example = reader.read(filename_queue)
    features = tf.parse_single_example(serialized_example, features={
        'image_raw': tf.FixedLenFeature([], tf.string),
        'label': tf.FixedLenFeature([], tf.int64)})
    image = tf.decode_raw(features['image_raw'], tf.uint8)
    image.set_shape([16])
    image = tf.cast(image, tf.float32) * (1. / 255) - 0.5
    label = tf.cast(features['label'], tf.int32)
    images_batch, labels_batch = tf.train.batch([image, label], batch_size=7, capacity=100)
    out['batch_shapes'] = [str(images_batch.shape), str(labels_batch.shape), key.name,
                           filename_queue.name, images_batch.name]
    out['qr'] = sorted(qr.name for qr in tf.get_collection(tf.GraphKeys.QUEUE_RUNNERS))
    out['local'] = [v.op.name for v in tf.local_variables()]
    sess = tf.Session()
    sess.run(tf.group(tf.global_variables_initializer(), tf.local_variables_initializer()))
    coord = tf.train.Coordinator()
    threads = tf.train.start_queue_runners(sess=sess, coord=coord)
    got_l, got_s = [], []
    try:
        step = 0
        while not coord.should_stop():
            im, lb = sess.run([images_batch, labels_batch])
            got_l.append(lb); got_s.append(im.sum()); step += 1
    except tf.errors.OutOfRangeError as e:
        out['done'] = 'Done training for %d steps' % step
        out['oor'] = type(e).__name__
    finally:
        coord.request_stop()
    coord.join(threads)
    sess.close()
    out['labels'] = np.concatenate(got_l)
    out['sums'] = np.array(got_s)


def part_fifo(tf, out):
    sess = tf.InteractiveSession()
    queue1 = tf.FIFOQueue(capacity=10, dtypes=[tf.string])
    enque_op = queue1.enqueue(["F"])
    out['q_size0'] = sess.run(queue1.size())
    enque_op.run()
    queue1.enqueue(["I"]).run()
    queue1.enqueue_many([["F", "O"]]).run()
    out['q_size1'] = sess.run(queue1.size())
    x = queue1.dequeue()
    out['deq'] = [x.eval(), x.eval(), x.eval()]
    inputs = queue1.dequeue_many(1)
    try:
        out['deq_many'] = inputs.eval()
    except tf.errors.InvalidArgumentError as e:
        out['deq_many_err'] = [type(e).__name__, [l for l in e.message.split('\n') if 'require' in l][0].strip(), e.op.name]
    out['deq_names'] = [x.name, inputs.name, str(inputs.shape), queue1.queue_ref.name]
    q2 = tf.RandomShuffleQueue(capacity=10, min_after_dequeue=2, dtypes=[tf.float32], shapes=[[2]], seed=3)
    q2.enqueue_many([np.arange(12, dtype=np.float32).reshape(6, 2)]).run()
    out['shuffled'] = q2.dequeue_many(4).eval()
    queue1.close().run()
    try:
        x.eval()
    except tf.errors.OutOfRangeError as e:
        out['closed_err'] = e.message.split(' (')[0]
    sess.close()


def part_summ(tf, out):
    tf.set_random_seed(1)
    with tf.variable_scope("linear") as scope:
        w = tf.get_variable("w", [3, 1], initializer=tf.random_normal_initializer(seed=2))
        b = tf.get_variable("b", [1], initializer=tf.zeros_initializer())
        out['scope'] = [scope.name, scope.original_name_scope]
    x = tf.placeholder(tf.float32, [None, 3])
    y = tf.matmul(x, w) + b
    with tf.name_scope("summaries"):
        m = tf.reduce_mean(w)
        tf.summary.scalar('mean', m)
        tf.summary.scalar('stddev', tf.sqrt(tf.reduce_mean(tf.square(w - m))))
        tf.summary.histogram('histogram', w)
        tf.summary.histogram('y', y)
    merged = tf.summary.merge_all()
    out['summ_keys'] = [t.name for t in tf.get_collection(tf.GraphKeys.SUMMARIES)]
    out['merged'] = merged.name
    w_dir = os.path.abspath('logs/train')
    writer = tf.summary.FileWriter(w_dir, graph=tf.get_default_graph())
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        s = sess.run(merged, {x: np.ones((4, 3), np.float32)})
        writer.add_summary(s, 1)
    writer.close()
    summ = tf.Summary(); summ.ParseFromString(s)
    out['tags'] = [v.tag for v in summ.value]
    out['hist'] = [summ.value[2].histo.min, summ.value[2].histo.max, summ.value[2].histo.num,
                   summ.value[2].histo.sum]
    out['scalar'] = summ.value[0].simple_value


def main(tf):
    out = {}
    for p in (part_records, part_fifo, part_summ):
        with tf.Graph().as_default():
            p(tf, out)
    return out

TOLERANCE = {'*': (1e-5, 1e-6)}
