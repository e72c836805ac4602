"""Imitates tensorflow/models tutorials/image/cifar10 cifar10_train.py + cifar10_eval.py: MonitoredTrainingSession
with StopAtStepHook/NanTensorHook and a custom _LoggerHook (SessionRunArgs), checkpoints every 3 steps,
then an eval graph restoring EMA shadow variables (variables_to_restore), queue runners started by hand
with a Coordinator, in_top_k precision written as a hand-made Summary proto and read back."""
import os
import numpy as np
TAGS = ['train', 'queue', 'saver', 'summary', 'hooks']
TOLERANCE = {'*': (1e-4, 1e-5)}


def model(tf, images):
    with tf.variable_scope('local'):
        w = tf.get_variable('weights', [12, 5], initializer=tf.truncated_normal_initializer(stddev=0.1, seed=1))
        b = tf.get_variable('biases', [5], initializer=tf.constant_initializer(0.1))
        return tf.nn.bias_add(tf.matmul(images, w), b)


def inputs(tf, data, labels, batch_size):
    image, label = tf.train.slice_input_producer([data, labels], shuffle=False)
    image = tf.cast(image, tf.float32) / 255.0
    return tf.train.batch([image, label], batch_size=batch_size, num_threads=1, capacity=32)


def main(tf):
    rng = np.random.RandomState(1)
    data = rng.randint(0, 255, size=(16, 12)).astype(np.uint8)
    lab = (data[:, :5].argmax(1)).astype(np.int32)
    logs = []
    with tf.Graph().as_default():
        tf.set_random_seed(1)
        global_step = tf.train.get_or_create_global_step()
        images, labels = inputs(tf, data, lab, 4)
        logits = model(tf, images)
        loss = tf.losses.sparse_softmax_cross_entropy(labels, logits)
        ema = tf.train.ExponentialMovingAverage(0.5, global_step)
        opt = tf.train.GradientDescentOptimizer(0.5)
        apply_op = opt.minimize(loss, global_step=global_step)
        with tf.control_dependencies([apply_op]):
            train_op = ema.apply(tf.trainable_variables())

        class _LoggerHook(tf.train.SessionRunHook):
            def begin(self):
                self._step = -1

            def before_run(self, run_context):
                self._step += 1
                return tf.train.SessionRunArgs(loss)

            def after_run(self, run_context, run_values):
                logs.append('step %d, loss = %.3f' % (self._step, run_values.results))

        with tf.train.MonitoredTrainingSession(
                checkpoint_dir='train', save_summaries_steps=None, save_summaries_secs=None,
                save_checkpoint_secs=None, save_checkpoint_steps=3, log_step_count_steps=None,
                hooks=[tf.train.StopAtStepHook(last_step=7), tf.train.NanTensorHook(loss), _LoggerHook()],
                config=tf.ConfigProto(log_device_placement=False)) as mon_sess:
            while not mon_sess.should_stop():
                mon_sess.run(train_op)
    out = {'logs': logs}
    ckpt = tf.train.get_checkpoint_state('train')
    out['ckpt'] = os.path.basename(ckpt.model_checkpoint_path)
    out['all_ckpts'] = [os.path.basename(p) for p in ckpt.all_model_checkpoint_paths]
    out['ckpt_vars'] = sorted(n for n, _ in tf.train.list_variables('train'))
    with tf.Graph().as_default() as g:
        images, labels = inputs(tf, data, lab, 4)
        logits = model(tf, images)
        top_k_op = tf.nn.in_top_k(logits, labels, 1)
        variable_averages = tf.train.ExponentialMovingAverage(0.5)
        variables_to_restore = variable_averages.variables_to_restore()
        saver = tf.train.Saver(variables_to_restore)
        summary_writer = tf.summary.FileWriter('eval', g)
        with tf.Session() as sess:
            saver.restore(sess, ckpt.model_checkpoint_path)
            global_step = ckpt.model_checkpoint_path.split('/')[-1].split('-')[-1]
            coord = tf.train.Coordinator()
            threads = []
            for qr in tf.get_collection(tf.GraphKeys.QUEUE_RUNNERS):
                threads.extend(qr.create_threads(sess, coord=coord, daemon=True, start=True))
            true_count, step = 0, 0
            while step < 4 and not coord.should_stop():
                predictions = sess.run([top_k_op])
                true_count += np.sum(predictions)
                step += 1
            precision = true_count / 16.0
            out['precision_line'] = '%s: precision @ 1 = %.3f' % ('DATE', precision)
            summary = tf.Summary()
            summary.value.add(tag='Precision @ 1', simple_value=precision)
            summary_writer.add_summary(summary, global_step)
            summary_writer.close()
            coord.request_stop()
            coord.join(threads, stop_grace_period_secs=10)
            out['w'] = sess.run(tf.global_variables()[0])
    out['restore_map'] = sorted(variables_to_restore)
    ev = [e for f in os.listdir('eval') for e in tf.train.summary_iterator(os.path.join('eval', f))]
    out['eval_events'] = [(e.step, v.tag, round(v.simple_value, 4)) for e in ev for v in e.summary.value]
    out['n_graph_events'] = sum(1 for e in ev if e.HasField('graph_def'))
    return out
