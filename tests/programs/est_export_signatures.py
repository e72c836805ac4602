"""TF Serving-era export code (2018): a custom Estimator with several export_outputs
(RegressionOutput, PredictOutput, ClassificationOutput with scores or classes only), raw and
parsing ServingInputReceivers with receiver_tensors_alternatives, assets_extra; the exports'
SignatureDefs (method names, input/output dtypes and shapes) are inspected and run through the
loader (or tf.contrib.predictor.from_saved_model where tf.contrib exists)."""
import importlib.util
import os

import numpy as np

TAGS = ['estimator', 'saved_model']


def estimator_module(tf):
    if getattr(tf, 'estimator', None) is not None:
        return tf.estimator
    shim_path = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, 'estimator',
                             'tf_estimator_shim.py')
    spec = importlib.util.spec_from_file_location('tf_estimator_shim', shim_path)
    shim = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(shim)
    return shim.load_estimator()[0]


def sig_summary(sig):
    def t(info):
        dims = [d.size for d in info.tensor_shape.dim]
        return '%s/%s/%s' % (info.dtype, dims if not info.tensor_shape.unknown_rank else '?',
                             'sparse' if info.WhichOneof('encoding') == 'coo_sparse' else 'dense')
    return [sig.method_name] + ['in:%s=%s' % (k, t(v)) for k, v in sorted(sig.inputs.items())] + \
        ['out:%s=%s' % (k, t(v)) for k, v in sorted(sig.outputs.items())]


def main(tf):
    est = estimator_module(tf)
    rng = np.random.RandomState(2)
    x = rng.randn(40, 3).astype(np.float32)
    y = (x @ np.array([1.0, -2.0, 0.5], np.float32) + 0.3).astype(np.float32)

    def model_fn(features, labels, mode):
        inp = tf.cast(features['x'], tf.float32)
        w = tf.get_variable('w', [3, 1], initializer=tf.zeros_initializer())
        b = tf.get_variable('b', [1], initializer=tf.zeros_initializer())
        pred = tf.squeeze(tf.matmul(inp, w) + b, 1, name='pred')
        score = tf.sigmoid(pred)
        scores2 = tf.stack([1.0 - score, score], 1)
        if mode == est.ModeKeys.PREDICT:
            outs = {
                'serving_default': est.export.RegressionOutput(value=pred),
                'predict': est.export.PredictOutput({'pred': pred, 'twice': 2.0 * pred}),
                'classify': est.export.ClassificationOutput(scores=scores2),
                'classes_only': est.export.ClassificationOutput(
                    classes=tf.as_string(tf.cast(pred > 0, tf.int32))[:, None]),
            }
            return est.EstimatorSpec(mode, predictions={'pred': pred, 'score': score},
                                     export_outputs=outs)
        loss = tf.losses.mean_squared_error(labels, pred)
        op = tf.train.FtrlOptimizer(0.5, l1_regularization_strength=0.01).minimize(
            loss, tf.train.get_global_step())
        return est.EstimatorSpec(mode, loss=loss, train_op=op)

    e = est.Estimator(model_fn, 'm', config=est.RunConfig(tf_random_seed=1))
    e.train(lambda: tf.data.Dataset.from_tensor_slices(({'x': x}, y)).repeat().batch(8), steps=25)
    res = {'w': e.get_variable_value('w')}
    with open('extra.txt', 'w') as f:
        f.write('hello')

    raw_fn = est.export.build_raw_serving_input_receiver_fn(
        {'x': tf.placeholder(tf.float32, [None, 3], name='x_ph')}, default_batch_size=None)
    path = e.export_saved_model('exp_raw', raw_fn, assets_extra={'extra/notes.txt': 'extra.txt'})
    path = path.decode() if isinstance(path, bytes) else path
    files = []
    for root, _, fs in os.walk(path):
        files += [os.path.relpath(os.path.join(root, f), path) for f in fs]
    res['raw_files'] = sorted(files)

    def alt_fn():
        ex = tf.placeholder(tf.string, [None], name='input_example_tensor')
        parsed = tf.parse_example(ex, {'x': tf.FixedLenFeature([3], tf.float32)})
        return est.export.ServingInputReceiver(
            parsed, {'examples': ex}, receiver_tensors_alternatives={'raw': {'x': parsed['x']}})
    p2 = e.export_saved_model('exp_alt', alt_fn)
    p2 = p2.decode() if isinstance(p2, bytes) else p2

    def tensor_fn():
        t = tf.placeholder(tf.float32, [None, 3], name='features')
        return est.export.ServingInputReceiver({'x': t}, t)
    p3 = e.export_saved_model('exp_tensor', tensor_fn)
    p3 = p3.decode() if isinstance(p3, bytes) else p3

    for tag, pth in [('raw', path), ('alt', p2), ('tensor', p3)]:
        with tf.Graph().as_default(), tf.Session() as sess:
            mg = tf.saved_model.loader.load(sess, ['serve'], pth)
            res[tag + '_sigs'] = {k: sig_summary(v) for k, v in mg.signature_def.items()}
            res[tag + '_assets'] = sorted(os.path.basename(str(a)) for a in
                                          tf.get_collection(tf.GraphKeys.ASSET_FILEPATHS))
            if tag == 'alt':
                sig = mg.signature_def['raw:predict']
                res['alt_run'] = sess.run(sig.outputs['twice'].name, {sig.inputs['x'].name: x[:4]})
                exs = [tf.train.Example(features=tf.train.Features(feature={'x': tf.train.Feature(
                    float_list=tf.train.FloatList(value=r))})).SerializeToString() for r in x[:3]]
                sig = mg.signature_def['classify']
                res['alt_classify'] = sess.run(sig.outputs['scores'].name,
                                               {sig.inputs['inputs'].name: exs})
    contrib = getattr(tf, 'contrib', None)
    if contrib is not None:
        pred = contrib.predictor.from_saved_model(path, signature_def_key='predict')
        res['predictor'] = pred({'x': x[:5]})
        res['predictor_keys'] = [sorted(pred.feed_tensors), sorted(pred.fetch_tensors)]
    else:
        with tf.Graph().as_default(), tf.Session() as sess:
            mg = tf.saved_model.loader.load(sess, ['serve'], path)
            sig = mg.signature_def['predict']
            res['predictor'] = sess.run({k: v.name for k, v in sig.outputs.items()},
                                        {sig.inputs['x'].name: x[:5]})
            res['predictor_keys'] = [sorted(sig.inputs), sorted(sig.outputs)]
    res['preds'] = [sorted(p) for p in e.predict(
        lambda: tf.data.Dataset.from_tensor_slices({'x': x[:2]}).batch(2),
        predict_keys='score', yield_single_examples=False)]
    return res
