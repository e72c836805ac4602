"""Queue-based CSV input of 2016: string_input_producer over files with num_epochs,
TextLineReader skipping headers, decode_csv, tf.train.batch with allow_smaller_final_batch run
to OutOfRangeError under a Coordinator; read_up_to; shuffle_batch and batch_join."""
TAGS = ['queue']


def _run_batches(tf, fetches):
    out = []
    with tf.Session() as sess:
        sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess, coord=coord)
        try:
            while not coord.should_stop():
                out.append(sess.run(fetches))
        except tf.errors.OutOfRangeError:
            pass
        finally:
            coord.request_stop()
        coord.join(threads)
    return out


def main(tf):
    out = {}
    files = []
    for k in range(3):
        name = 'data_%d.csv' % k
        with open(name, 'w') as f:
            f.write('f1,f2,label\n')
            for i in range(6):
                f.write('%d,%.1f,%d\n' % (k * 10 + i, (k * 10 + i) * 0.5, i % 2))
        files.append(name)
    filename_queue = tf.train.string_input_producer(files, num_epochs=2, shuffle=False)
    reader = tf.TextLineReader(skip_header_lines=1)
    key, value = reader.read(filename_queue)
    col1, col2, label = tf.decode_csv(value, record_defaults=[[0], [0.0], [0]])
    features = tf.stack([tf.cast(col1, tf.float32), col2])
    batch_f, batch_l = tf.train.batch([features, label], batch_size=5, capacity=20,
                                      allow_smaller_final_batch=True)
    out['static'] = [str(batch_f.shape), str(batch_l.shape), str(key.dtype)]
    out['batches'] = _run_batches(tf, [batch_f, batch_l])
    with tf.Graph().as_default():
        q = tf.train.string_input_producer([files[1]], shuffle=False)
        r = tf.TextLineReader()
        k, v = r.read(q)
        kk, vv = r.read_up_to(q, 3)
        with tf.Session() as sess:
            coord = tf.train.Coordinator()
            threads = tf.train.start_queue_runners(sess, coord)
            one = sess.run([k, v])
            many = sess.run([kk, vv])
            out['read'] = [one[0].decode().split(':')[-1], one[1]]
            out['read_up_to'] = [[x.decode().split(':')[-1] for x in many[0]], many[1]]
            out['produced'] = sess.run(r.num_records_produced())
            coord.request_stop()
            coord.join(threads)
    with tf.Graph().as_default():
        tf.set_random_seed(1)
        x = tf.train.range_input_producer(20, shuffle=False, num_epochs=1).dequeue()
        sb = tf.train.shuffle_batch([x, x * 2], batch_size=4, capacity=12, min_after_dequeue=4,
                                    seed=5, allow_smaller_final_batch=True)
        seen = sorted(v for a, _ in _run_batches(tf, sb) for v in a.tolist())
        out['shuffle_batch_all_seen'] = seen
    return out
