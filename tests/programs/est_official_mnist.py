"""tensorflow/models official/mnist (2018): a tf.keras.Sequential model called inside an Estimator
model_fn, train_and_evaluate with TrainSpec/EvalSpec and a LatestExporter / BestExporter, then a
second estimator warm-started from the first (WarmStartSettings with vars_to_warm_start regex),
LoggingTensorHook / StopAtStepHook / CheckpointSaverHook, and checkpoint utilities
(tf.train.list_variables, load_variable, latest_checkpoint)."""
import importlib.util
import os

import numpy as np

TAGS = ['estimator']


def estimator_module(tf):
    if getattr(tf, 'estimator', None) is not None:
        return tf.estimator
    shim_path = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, 'estimator',
                             'tf_estimator_shim.py')
    spec = importlib.util.spec_from_file_location('tf_estimator_shim', shim_path)
    shim = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(shim)
    return shim.load_estimator()[0]


def main(tf):
    est_mod = estimator_module(tf)
    rng = np.random.RandomState(1)
    x = rng.rand(96, 28, 28).astype(np.float32)
    y = (x[:, :14].mean(axis=(1, 2)) > x[:, 14:].mean(axis=(1, 2))).astype(np.int32)
    log = []

    def create_model():
        l = tf.keras.layers
        init = lambda s: tf.keras.initializers.glorot_uniform(seed=s)  # noqa: E731
        return tf.keras.Sequential([
            l.Reshape(target_shape=(28, 28, 1)),
            l.Conv2D(4, 5, padding='same', activation=tf.nn.relu, kernel_initializer=init(1)),
            l.MaxPooling2D((2, 2), (2, 2), padding='same'),
            l.Flatten(),
            l.Dense(16, activation=tf.nn.relu, kernel_initializer=init(2)),
            l.Dropout(0.4, seed=3),
            l.Dense(10, kernel_initializer=init(4))])

    def model_fn(features, labels, mode, params):
        model = create_model()
        image = features['image'] if isinstance(features, dict) else features
        image = tf.reshape(image, [-1, 28 * 28])
        if mode == est_mod.ModeKeys.PREDICT:
            logits = model(image, training=False)
            return est_mod.EstimatorSpec(mode, predictions={
                'classes': tf.argmax(logits, axis=1), 'probabilities': tf.nn.softmax(logits)},
                export_outputs={'classify': est_mod.export.PredictOutput(
                    {'classes': tf.argmax(logits, axis=1)})})
        training = mode == est_mod.ModeKeys.TRAIN
        logits = model(image, training=training)
        loss = tf.losses.sparse_softmax_cross_entropy(labels=labels, logits=logits)
        accuracy = tf.metrics.accuracy(labels=labels, predictions=tf.argmax(logits, axis=1))
        if training:
            opt = tf.train.AdamOptimizer(learning_rate=params['lr'])
            tf.identity(params['lr'], 'learning_rate')
            tf.identity(loss, 'cross_entropy')
            tf.identity(accuracy[1], name='train_accuracy')
            tf.summary.scalar('train_accuracy', accuracy[1])
            return est_mod.EstimatorSpec(mode, loss=loss, train_op=opt.minimize(
                loss, tf.train.get_or_create_global_step()))
        return est_mod.EstimatorSpec(mode, loss=loss, eval_metric_ops={'accuracy': accuracy})

    def train_input():
        return tf.data.Dataset.from_tensor_slices(({'image': x}, y)).shuffle(96, seed=5).repeat().batch(16)

    def eval_input():
        return tf.data.Dataset.from_tensor_slices(({'image': x[:32]}, y[:32])).batch(16)

    def serving():
        img = tf.placeholder(tf.float32, [None, 28, 28], name='image')
        return est_mod.export.ServingInputReceiver({'image': img}, {'image': img})

    cfg = est_mod.RunConfig(tf_random_seed=3, save_checkpoints_steps=5, keep_checkpoint_max=3,
                            log_step_count_steps=1000)
    clf = est_mod.Estimator(model_fn, 'm1', config=cfg, params={'lr': 1e-3})
    hook = tf.train.LoggingTensorHook({'ce': 'cross_entropy', 'acc': 'train_accuracy'},
                                      every_n_iter=4, formatter=lambda v: log.append(
                                          (round(float(v['ce']), 4), round(float(v['acc']), 4))))
    train_spec = est_mod.TrainSpec(train_input, max_steps=12, hooks=[hook])
    exporter = est_mod.LatestExporter('latest', serving, exports_to_keep=2)
    eval_spec = est_mod.EvalSpec(eval_input, steps=None, exporters=[exporter],
                                 start_delay_secs=0, throttle_secs=0)
    result = est_mod.train_and_evaluate(clf, train_spec, eval_spec)
    metrics = result[0] if isinstance(result, tuple) else clf.evaluate(eval_input)
    ckpt = tf.train.latest_checkpoint('m1')
    listed = [(n, s) for n, s in tf.train.list_variables('m1')]
    ws = est_mod.WarmStartSettings(ckpt_to_initialize_from='m1',
                                   vars_to_warm_start='.*conv2d.*')
    clf2 = est_mod.Estimator(model_fn, 'm2', config=cfg, params={'lr': 1e-3}, warm_start_from=ws)
    clf2.train(train_input, steps=1)
    conv = [n for n, _ in listed if n.endswith('conv2d/kernel')][0]
    dense = [n for n, _ in listed if n.endswith('dense/kernel')][0]
    k1 = tf.train.load_variable('m1', conv)
    k2 = clf2.get_variable_value(conv)
    d1 = clf.get_variable_value(dense)
    d2 = clf2.get_variable_value(dense)
    exports = sorted(os.listdir(os.path.join('m1', 'export', 'latest')))
    return {'eval_loss': metrics['loss'], 'eval_acc': metrics['accuracy'],
            'gs': metrics['global_step'], 'log': log, 'ckpt': os.path.basename(ckpt),
            'listed': listed, 'warm_conv_close': float(np.abs(k1 - k2).max()),
            'cold_dense_diff': float(np.abs(d1 - d2).max()) > 1e-3, 'n_exports': len(exports),
            'ckpts': sorted(f for f in os.listdir('m1') if f.endswith('.index'))}
