"""tensorflow/models official (wide_deep, 2018) and TFX-era trainer code: a custom model_fn on
feature columns (numeric with normalizer_fn, bucketized, vocabulary list, crossed, embedding),
tf.estimator.train_and_evaluate with TrainSpec/EvalSpec and Latest/Best/Final exporters over a
parsing serving_input_receiver_fn, RunConfig checkpoint settings; the newest export is loaded
with tf.saved_model.loader.load and its predict/classify signatures are run on tf.Examples."""
import importlib.util
import os

import numpy as np

TAGS = ['estimator', 'feature_column', 'saved_model']


def estimator_module(tf):
    if getattr(tf, 'estimator', None) is not None:
        return tf.estimator
    shim_path = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, 'estimator',
                             'tf_estimator_shim.py')
    spec = importlib.util.spec_from_file_location('tf_estimator_shim', shim_path)
    shim = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(shim)
    return shim.load_estimator()[0]


def listing(d):
    out = []
    for root, dirs, files in os.walk(d):
        dirs.sort()
        rel = os.path.relpath(root, d)
        parts = [p if not p.isdigit() else 'TS' for p in rel.split(os.sep)]
        for f in sorted(files):
            if f.startswith('events.out'):
                f = 'events'
            out.append('/'.join(parts + [f]))
    return sorted(set(out))


def main(tf):
    est = estimator_module(tf)
    fc = tf.feature_column
    rng = np.random.RandomState(0)
    n = 64
    age = rng.uniform(18, 70, n).astype(np.float32)
    color = np.array(['red', 'green', 'blue', 'pink'])[rng.randint(0, 4, n)]
    label = ((age > 40) ^ (color == 'red')).astype(np.int64)

    age_c = fc.numeric_column('age', normalizer_fn=lambda x: (x - 40.0) / 15.0)
    age_b = fc.bucketized_column(fc.numeric_column('age'), [25.0, 35.0, 50.0])
    color_c = fc.categorical_column_with_vocabulary_list('color', ['red', 'green', 'blue'],
                                                         num_oov_buckets=1)
    cross = fc.crossed_column([age_b, color_c], hash_bucket_size=16)
    cols = [age_c, fc.indicator_column(age_b), fc.embedding_column(color_c, 3, combiner='mean'),
            fc.indicator_column(cross)]

    def model_fn(features, labels, mode, params):
        net = fc.input_layer(features, cols)
        h = tf.layers.dense(net, params['hidden'], tf.nn.relu,
                            kernel_initializer=tf.glorot_uniform_initializer(seed=1))
        logits = tf.layers.dense(h, 2, kernel_initializer=tf.glorot_uniform_initializer(seed=2))
        probs = tf.nn.softmax(logits)
        classes = tf.argmax(logits, 1)
        preds = {'class_ids': classes, 'probabilities': probs}
        if mode == est.ModeKeys.PREDICT:
            return est.EstimatorSpec(mode, predictions=preds, export_outputs={
                'serving_default': est.export.PredictOutput(preds),
                'classify': est.export.ClassificationOutput(
                    scores=probs, classes=tf.as_string(tf.tile(tf.constant([['0', '1']]),
                                                               [tf.shape(probs)[0], 1])))})
        loss = tf.losses.sparse_softmax_cross_entropy(labels, logits)
        metrics = {'accuracy': tf.metrics.accuracy(labels, classes),
                   'auc': tf.metrics.auc(labels, probs[:, 1])}
        if mode == est.ModeKeys.EVAL:
            return est.EstimatorSpec(mode, loss=loss, eval_metric_ops=metrics)
        opt = tf.train.AdamOptimizer(0.05)
        train_op = opt.minimize(loss, global_step=tf.train.get_global_step())
        return est.EstimatorSpec(mode, loss=loss, train_op=train_op)

    def input_fn(shuffle):
        def fn():
            ds = tf.data.Dataset.from_tensor_slices(({'age': age, 'color': color}, label))
            if shuffle:
                ds = ds.shuffle(64, seed=3).repeat()
            return ds.batch(16)
        return fn

    feature_spec = fc.make_parse_example_spec(cols)
    serving_fn = est.export.build_parsing_serving_input_receiver_fn(feature_spec)
    exporters = [est.LatestExporter('latest', serving_fn, exports_to_keep=2),
                 est.BestExporter(name='best', serving_input_receiver_fn=serving_fn,
                                  exports_to_keep=1),
                 est.FinalExporter('final', serving_fn)]
    config = est.RunConfig(model_dir='model', save_checkpoints_steps=10, keep_checkpoint_max=2,
                           tf_random_seed=7, save_summary_steps=5, log_step_count_steps=1000)
    e = est.Estimator(model_fn, config=config, params={'hidden': 8})
    train_spec = est.TrainSpec(input_fn(True), max_steps=30)
    eval_spec = est.EvalSpec(input_fn(False), steps=None, exporters=exporters, name='val',
                             start_delay_secs=0, throttle_secs=0)
    out = est.train_and_evaluate(e, train_spec, eval_spec)
    res = {'feature_spec': sorted('%s:%s' % (k, type(v).__name__) for k, v in feature_spec.items())}
    if out is not None:
        metrics, export_results = out
        res['final_metrics'] = {k: np.asarray(v) for k, v in metrics.items()}
        res['n_export_results'] = len(export_results)
    res['files'] = listing('model')
    res['var_names'] = e.get_variable_names()
    res['latest_ckpt'] = os.path.basename(e.latest_checkpoint())
    latest = sorted(os.listdir('model/export/latest'))[-1]
    path = os.path.join('model/export/latest', latest)
    ex = tf.train.Example(features=tf.train.Features(feature={
        'age': tf.train.Feature(float_list=tf.train.FloatList(value=[30.0])),
        'color': tf.train.Feature(bytes_list=tf.train.BytesList(value=[b'red']))}))
    with tf.Graph().as_default(), tf.Session() as sess:
        mg = tf.saved_model.loader.load(sess, [tf.saved_model.tag_constants.SERVING], path)
        res['sig_keys'] = sorted(mg.signature_def.keys())
        for k in res['sig_keys']:
            sig = mg.signature_def[k]
            res['sig_' + k] = [sig.method_name, sorted(sig.inputs.keys()), sorted(sig.outputs.keys())]
        sig = mg.signature_def['serving_default']
        fetches = {k: v.name for k, v in sig.outputs.items()}
        got = sess.run(fetches, {sig.inputs['examples'].name: [ex.SerializeToString()] * 2})
        res['serve'] = got
        sig = mg.signature_def['classify']
        res['classify'] = sess.run(sig.outputs['scores'].name,
                                   {sig.inputs['inputs'].name: [ex.SerializeToString()]})
    return res
