"""tensorflow/models official/resnet (2018) run loop condensed: model_fn with a small residual net
built with tf.layers (channels_last), learning_rate_with_decay via piecewise_constant on
global_step, MomentumOptimizer, weight decay over trainable variables excluding batch_normalization,
UPDATE_OPS control dependency, tf.identity names for logging, metrics accuracy, Estimator train/
evaluate/predict, export_savedmodel."""
import importlib.util
import os

import numpy as np

TAGS = ['estimator']


def estimator_module(tf):
    """tf.estimator, or under TF 2.x tensorflow_estimator's v1 API (tests/estimator's shim)."""
    if getattr(tf, 'estimator', None) is not None:
        return tf.estimator
    shim_path = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, 'estimator',
                             'tf_estimator_shim.py')
    spec = importlib.util.spec_from_file_location('tf_estimator_shim', shim_path)
    shim = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(shim)
    return shim.load_estimator()[0]


def main(tf):
    estimator = estimator_module(tf)
    rng = np.random.RandomState(0)
    x = rng.rand(64, 8, 8, 3).astype(np.float32)
    y = (x.mean(axis=(1, 2, 3)) > 0.5).astype(np.int32)

    def block(inputs, filters, training, strides):
        shortcut = inputs
        h = tf.layers.batch_normalization(inputs, training=training, momentum=0.997, epsilon=1e-5,
                                          fused=True)
        h = tf.nn.relu(h)
        if strides > 1 or inputs.shape[-1] != filters:
            shortcut = tf.layers.conv2d(h, filters, 1, strides=strides, use_bias=False,
                                        kernel_initializer=tf.variance_scaling_initializer(seed=1))
        h = tf.layers.conv2d(h, filters, 3, strides=strides, padding='same', use_bias=False,
                             kernel_initializer=tf.variance_scaling_initializer(seed=2))
        h = tf.layers.batch_normalization(h, training=training, momentum=0.997, epsilon=1e-5)
        h = tf.nn.relu(h)
        h = tf.layers.conv2d(h, filters, 3, padding='same', use_bias=False,
                             kernel_initializer=tf.variance_scaling_initializer(seed=3))
        return h + shortcut

    def model_fn(features, labels, mode, params):
        training = mode == estimator.ModeKeys.TRAIN
        h = tf.layers.conv2d(features['image'], 8, 3, padding='same', use_bias=False,
                             kernel_initializer=tf.variance_scaling_initializer(seed=4))
        h = block(h, 8, training, 1)
        h = block(h, 16, training, 2)
        h = tf.reduce_mean(h, [1, 2], keepdims=True)
        h = tf.identity(h, 'final_reduce_mean')
        h = tf.reshape(h, [-1, 16])
        logits = tf.layers.dense(h, 2, kernel_initializer=tf.glorot_uniform_initializer(seed=5))
        logits = tf.identity(logits, 'final_dense')
        predictions = {'classes': tf.argmax(logits, axis=1),
                       'probabilities': tf.nn.softmax(logits, name='softmax_tensor')}
        if mode == estimator.ModeKeys.PREDICT:
            return estimator.EstimatorSpec(mode, predictions=predictions,
                                              export_outputs={'predict': estimator.export.PredictOutput(predictions)})
        cross_entropy = tf.losses.sparse_softmax_cross_entropy(labels=labels, logits=logits)
        tf.identity(cross_entropy, name='cross_entropy')
        tf.summary.scalar('cross_entropy', cross_entropy)
        l2 = params['weight_decay'] * tf.add_n([tf.nn.l2_loss(tf.cast(v, tf.float32))
                                                 for v in tf.trainable_variables()
                                                 if 'batch_normalization' not in v.name])
        tf.summary.scalar('l2_loss', l2)
        loss = cross_entropy + l2
        if training:
            global_step = tf.train.get_or_create_global_step()
            lr = tf.train.piecewise_constant(tf.cast(global_step, tf.int32), [3, 6],
                                             [0.1, 0.01, 0.001])
            tf.identity(lr, name='learning_rate')
            opt = tf.train.MomentumOptimizer(lr, 0.9)
            update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
            with tf.control_dependencies(update_ops):
                train_op = opt.minimize(loss, global_step)
        else:
            train_op = None
        accuracy = tf.metrics.accuracy(labels, predictions['classes'])
        tf.identity(accuracy[1], name='train_accuracy')
        return estimator.EstimatorSpec(mode, predictions=predictions, loss=loss,
                                          train_op=train_op, eval_metric_ops={'accuracy': accuracy})

    def input_fn(shuffle, epochs):
        ds = tf.data.Dataset.from_tensor_slices(({'image': x}, y))
        if shuffle:
            ds = ds.shuffle(64, seed=7)
        return ds.repeat(epochs).batch(16)

    cfg = estimator.RunConfig(tf_random_seed=11, save_summary_steps=2, log_step_count_steps=100)
    est = estimator.Estimator(model_fn, model_dir='model', config=cfg,
                                 params={'weight_decay': 2e-4})
    est.train(lambda: input_fn(True, 2), steps=8)
    ev = est.evaluate(lambda: input_fn(False, 1))
    preds = list(est.predict(lambda: input_fn(False, 1), yield_single_examples=True))
    names = sorted(est.get_variable_names())
    def serving():
        img = tf.placeholder(tf.float32, [None, 8, 8, 3], name='input_tensor')
        return estimator.export.build_raw_serving_input_receiver_fn({'image': img})()
    path = est.export_savedmodel('export', serving)
    return {'eval_loss': ev['loss'], 'eval_acc': ev['accuracy'], 'gs': ev['global_step'],
            'probs': np.array([p['probabilities'] for p in preds[:5]]),
            'classes': np.array([p['classes'] for p in preds]),
            'names': names, 'exported': bool(path),
            'conv_kernel': est.get_variable_value('conv2d/kernel')[0, 0, 0]}
