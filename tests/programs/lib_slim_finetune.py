"""Imitates tensorflow/models research/slim train_image_classifier.py fine-tuning a checkpoint
(2017-2019): a slim net with an arg_scope stack (conv2d/fully_connected with batch_norm as
normalizer_fn, so fully_connected's batch norm takes TF's own fused path), slim.repeat/stack,
end points from outputs_collections, tf.losses with label smoothing, create_train_op with
clip_gradient_norm / gradient_multipliers / variables_to_train / summarize_gradients, then
_get_init_fn: get_variables_to_restore(exclude=logits) and assign_from_checkpoint_fn with
ignore_missing_vars. Reference where contrib is missing: the tf_slim package (TF 1.15's slim)."""
import os
import numpy as np
TAGS = ['train', 'contrib', 'layers', 'saver']
TOLERANCE = {'*': (1e-4, 1e-5)}


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


def net_fn(tf, slim, images, num_classes, is_training, scope='net'):
    with slim.arg_scope([slim.conv2d, slim.fully_connected],
                        weights_initializer=tf.truncated_normal_initializer(stddev=0.1, seed=3),
                        weights_regularizer=slim.l2_regularizer(0.001),
                        normalizer_fn=slim.batch_norm,
                        normalizer_params={'is_training': is_training, 'decay': 0.9, 'scale': True}):
        with slim.arg_scope([slim.max_pool2d], padding='SAME'):
            with tf.variable_scope(scope, 'net', [images]) as sc:
                end_points_collection = sc.original_name_scope + '_end_points'
                with slim.arg_scope([slim.conv2d, slim.max_pool2d, slim.fully_connected],
                                    outputs_collections=end_points_collection):
                    net = slim.repeat(images, 2, slim.conv2d, 8, [3, 3], scope='conv1')
                    net = slim.max_pool2d(net, [2, 2], scope='pool1')
                    net = slim.stack(net, slim.conv2d, [(8, [3, 3]), (16, [1, 1])], scope='conv2')
                    net = slim.flatten(net)
                    net = slim.fully_connected(net, 16, scope='fc3')
                    net = slim.dropout(net, 1.0, is_training=is_training, scope='dropout3')
                    logits = slim.fully_connected(net, num_classes, activation_fn=None,
                                                  normalizer_fn=None, scope='logits')
                    end_points = slim.utils.convert_collection_to_dict(end_points_collection)
    return logits, end_points


def main(tf):
    slim, _ = _slim(tf)
    res = {}
    rng = np.random.RandomState(0)
    xs = rng.uniform(0, 1, (8, 8, 8, 3)).astype(np.float32)
    ys = rng.randint(0, 4, 8)
    with tf.Graph().as_default():
        tf.set_random_seed(1)
        gs = tf.train.get_or_create_global_step()
        images = tf.constant(xs)
        labels = slim.one_hot_encoding(tf.constant(ys), 4)
        logits, eps = net_fn(tf, slim, images, 4, True)
        res['ep'] = ['%s %s' % (k, v.name) for k, v in sorted(eps.items())]
        tf.losses.softmax_cross_entropy(labels, logits, label_smoothing=0.1, weights=1.0)
        total = tf.losses.get_total_loss()
        res['losses'] = [t.name for t in tf.losses.get_losses()]
        res['reg'] = [t.name for t in tf.losses.get_regularization_losses()]
        opt = tf.train.MomentumOptimizer(0.1, 0.9)
        to_train = [v for v in tf.trainable_variables() if not v.op.name.startswith('net/conv1')]
        train_op = slim.learning.create_train_op(
            total, opt, global_step=gs, clip_gradient_norm=0.5, summarize_gradients=True,
            variables_to_train=to_train,
            gradient_multipliers={'net/logits/weights': 10.0, 'net/logits/biases': 2.0})
        res['train_op'] = '%s %s %s' % (train_op.name, train_op.dtype.name, train_op.shape)
        res['summaries'] = sorted(s.op.name for s in tf.get_collection(tf.GraphKeys.SUMMARIES))
        saver = tf.train.Saver()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            res['loss'] = np.array([sess.run(train_op) for _ in range(4)])
            res['gs'] = sess.run(gs)
            mm = tf.get_default_graph().get_tensor_by_name('net/fc3/BatchNorm/moving_mean:0')
            res['moving'] = sess.run(mm)[:4]
            res['mvar'] = sess.run('net/conv2/conv2_2/BatchNorm/moving_variance:0')[:4]
            res['conv1'] = sess.run('net/conv1/conv1_1/weights:0').reshape(-1)[:4]
            saver.save(sess, os.path.join(os.getcwd(), 'model.ckpt'), global_step=gs)
            ckpt_vals = {v.op.name: sess.run(v) for v in tf.global_variables()}
    ckpt = tf.train.latest_checkpoint(os.getcwd())
    res['ckpt'] = os.path.basename(ckpt)
    with tf.Graph().as_default():
        logits, _ = net_fn(tf, slim, tf.constant(xs), 6, False)
        tf.Variable(1.0, name='net/extra')
        exclusions = ['net/logits']
        restore = slim.get_variables_to_restore(exclude=exclusions)
        res['restore'] = [v.op.name for v in restore]
        res['inc'] = [v.op.name for v in slim.get_variables_to_restore(include=['net/fc3'], exclude=['net/fc3/BatchNorm'])]
        init_fn = slim.assign_from_checkpoint_fn(ckpt, restore, ignore_missing_vars=True)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            init_fn(sess)
            res['restored_ok'] = all(np.allclose(sess.run(v), ckpt_vals[v.op.name]) for v in restore if v.op.name in ckpt_vals)
            res['eval_logits'] = sess.run(logits)[:2]
        try:
            slim.assign_from_checkpoint_fn(ckpt, restore, ignore_missing_vars=False)
        except Exception as e:
            res['missing_err'] = '%s %s' % (type(e).__name__, str(e)[:80])
    return res
