"""Imitates tensorflow/models research/slim eval_image_classifier.py (2017-2019):
slim.metrics.aggregate_metric_map over streaming accuracy / sparse recall@k / mean / RMSE,
summaries wrapped in tf.Print, slim.evaluation.evaluate_once on a checkpoint with eval_op,
final_op and variables_to_restore, then the eval event file read back. Reference where contrib
is missing: the tf_slim package (TF 1.15's slim)."""
import os
import numpy as np
TAGS = ['metrics', 'contrib', 'summary', 'saver']
TOLERANCE = {'*': (1e-5, 1e-6)}


def _slim(tf):
    c = getattr(tf, 'contrib', None)
    if c is not None:
        return c.slim, c.slim.nets
    import importlib
    from tensorflow.python.framework import ops
    ops.Tensor, ops.IndexedSlices = tf.Tensor, tf.IndexedSlices  # tf_slim 1.1 predates TF 2.21
    import tf_slim
    import tf_slim.nets
    norm = importlib.import_module("tf_keras.src.legacy_tf_layers.normalization")
    importlib.import_module("tf_slim.layers.layers").normalization_layers = norm
    return tf_slim, tf_slim.nets


def main(tf):
    slim, _ = _slim(tf)
    res = {}
    rng = np.random.RandomState(0)
    xs = rng.uniform(-1, 1, (12, 5)).astype(np.float32)
    ys = rng.randint(0, 3, 12).astype(np.int64)
    ckdir = os.path.join(os.getcwd(), 'train')
    with tf.Graph().as_default():
        gs = tf.train.get_or_create_global_step()
        w = tf.get_variable('w', [5, 3], initializer=tf.constant_initializer(np.linspace(-1, 1, 15).reshape(5, 3)))
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(tf.assign(gs, 42))
            tf.train.Saver().save(sess, os.path.join(ckdir, 'model.ckpt'), global_step=gs)
    with tf.Graph().as_default():
        gs = tf.train.get_or_create_global_step()
        ds = tf.data.Dataset.from_tensor_slices((xs, ys)).batch(4)
        x, y = ds.make_one_shot_iterator().get_next()
        w = tf.get_variable('w', [5, 3])
        logits = tf.matmul(x, w)
        predictions = tf.argmax(logits, 1)
        probs = tf.nn.softmax(logits)
        names_to_values, names_to_updates = slim.metrics.aggregate_metric_map({
            'Accuracy': slim.metrics.streaming_accuracy(predictions, y),
            'Recall_5': slim.metrics.streaming_sparse_recall_at_k(probs, tf.expand_dims(y, 1), 2),
            'MeanLoss': slim.metrics.streaming_mean(tf.losses.sparse_softmax_cross_entropy(y, logits)),
            'RMSE': slim.metrics.streaming_root_mean_squared_error(tf.cast(predictions, tf.float32), tf.cast(y, tf.float32)),
        })
        res['value_names'] = sorted('%s %s' % (k, v.name) for k, v in names_to_values.items())
        res['update_names'] = sorted('%s %s' % (k, v.name) for k, v in names_to_updates.items())
        for name, value in names_to_values.items():
            op = tf.summary.scalar('eval/%s' % name, value, collections=[])
            op = tf.Print(op, [value], name)
            tf.add_to_collection(tf.GraphKeys.SUMMARIES, op)
        res['local'] = sorted(v.op.name for v in tf.local_variables())
        ckpt = tf.train.latest_checkpoint(ckdir)
        final = slim.evaluation.evaluate_once(
            master='', checkpoint_path=ckpt, logdir=os.path.join(os.getcwd(), 'eval'),
            num_evals=3, eval_op=list(names_to_updates.values()),
            final_op=names_to_values, variables_to_restore=slim.get_variables_to_restore())
        for k in sorted(final):
            res['final/' + k] = final[k]
        res['eval_step'] = [v.op.name for v in tf.get_collection(tf.GraphKeys.EVAL_STEP)]
        ev = sorted(os.listdir(os.path.join(os.getcwd(), 'eval')))
        res['n_event_files'] = len(ev)
        tags = []
        for e in tf.train.summary_iterator(os.path.join(os.getcwd(), 'eval', ev[0])):
            for v in e.summary.value:
                tags.append('%d %s %.5f' % (e.step, v.tag, v.simple_value))
        res['event_tags'] = sorted(tags)
    return res
