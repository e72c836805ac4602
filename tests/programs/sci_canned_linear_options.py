"""Canned estimators with the less common options of 2018 code: LinearClassifier with
label_vocabulary + n_classes=3 + sparse_combiner + categorical/crossed columns,
LinearRegressor with label_dimension=2, BaselineClassifier, DNNLinearCombinedRegressor,
warm_start_from, predict_keys, evaluate with steps; feeding via tf.data input_fns."""
import importlib.util
import os

import numpy as np

TAGS = ['estimator', 'feature_column']


def estimator_module(tf):
    if getattr(tf, 'estimator', None) is not None:
        return tf.estimator
    spec = importlib.util.spec_from_file_location('tf_estimator_shim', os.path.join(
        os.path.dirname(os.path.abspath(__file__)), os.pardir, 'estimator', 'tf_estimator_shim.py'))
    shim = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(shim)
    return shim.load_estimator()[0]


def main(tf):
    est = estimator_module(tf)
    rng = np.random.RandomState(3)
    n = 48
    x1 = rng.uniform(0, 10, n).astype(np.float32)
    color = rng.choice(['red', 'green', 'blue'], n)
    shape = rng.choice(['sq', 'tri'], n)
    lab = np.where(x1 > 6, 'hi', np.where(color == 'red', 'mid', 'lo'))
    y2 = np.stack([x1 * 0.3, (color == 'blue') * 1.0], 1).astype(np.float32)
    fc = tf.feature_column
    x_c = fc.numeric_column('x1')
    col_c = fc.categorical_column_with_vocabulary_list('color', ['red', 'green', 'blue'])
    shp_c = fc.categorical_column_with_vocabulary_list('shape', ['sq', 'tri'], num_oov_buckets=1)
    cross = fc.crossed_column([col_c, shp_c], hash_bucket_size=10)
    xb = fc.bucketized_column(x_c, [2.5, 5.0, 7.5])

    def input_fn(labels, epochs=None):
        def fn():
            feats = {'x1': x1, 'color': color, 'shape': shape}
            ds = tf.data.Dataset.from_tensor_slices((feats, labels) if labels is not None else feats)
            return ds.repeat(epochs).batch(12)
        return fn

    cfg = est.RunConfig(tf_random_seed=5, save_summary_steps=1000, log_step_count_steps=1000)
    base = os.path.abspath('.')
    out = {}
    lc = est.LinearClassifier([xb, col_c, cross, shp_c], n_classes=3, label_vocabulary=['lo', 'mid', 'hi'],
                              sparse_combiner='sqrtn', model_dir=os.path.join(base, 'lc'), config=cfg,
                              optimizer=tf.train.AdagradOptimizer(0.5))
    lc.train(input_fn(lab), steps=12)
    ev = lc.evaluate(input_fn(lab, 1), steps=3)
    out['lc_eval'] = {k: ev[k] for k in sorted(ev)}
    preds = list(lc.predict(input_fn(None, 1), predict_keys=['classes', 'class_ids', 'logits']))
    out['lc_pred_keys'] = sorted(preds[0])
    out['lc_classes'] = [p['classes'][0].decode() for p in preds[:10]]
    out['lc_logits'] = np.stack([p['logits'] for p in preds[:5]])
    out['lc_vars'] = lc.get_variable_names()
    lr = est.LinearRegressor([x_c, col_c], label_dimension=2,
                             model_dir=os.path.join(base, 'lr'), config=cfg,
                             optimizer=tf.train.FtrlOptimizer(0.2, l2_regularization_strength=0.1))
    lr.train(input_fn(y2), steps=20)
    ev = lr.evaluate(input_fn(y2, 1))
    out['lr_eval'] = {k: ev[k] for k in sorted(ev)}
    out['lr_pred'] = np.stack([p['predictions'] for p in lr.predict(input_fn(None, 1))][:4])
    out['lr_col_w'] = lr.get_variable_value('linear/linear_model/color/weights')
    bc = est.BaselineClassifier(n_classes=3, label_vocabulary=['lo', 'mid', 'hi'],
                                model_dir=os.path.join(base, 'bc'), config=cfg,
                                optimizer=tf.train.FtrlOptimizer(0.3))
    bc.train(input_fn(lab), steps=10)
    ev = bc.evaluate(input_fn(lab, 1))
    out['bc_eval'] = {k: ev[k] for k in sorted(ev)}
    out['bc_bias'] = bc.get_variable_value('baseline/bias')
    dr = est.DNNLinearCombinedRegressor(linear_feature_columns=[xb, cross],
                                        dnn_feature_columns=[x_c, fc.embedding_column(col_c, 2)],
                                        dnn_hidden_units=[3], label_dimension=2,
                                        model_dir=os.path.join(base, 'dr'), config=cfg,
                                        dnn_optimizer=tf.train.GradientDescentOptimizer(0.01),
                                        linear_optimizer=tf.train.FtrlOptimizer(0.1))
    dr.train(input_fn(y2), steps=10)
    ev = dr.evaluate(input_fn(y2, 1))
    out['dr_eval'] = {k: ev[k] for k in sorted(ev)}
    out['dr_vars'] = dr.get_variable_names()
    # warm start a second classifier from the first
    lc2 = est.LinearClassifier([xb, col_c, cross, shp_c], n_classes=3, label_vocabulary=['lo', 'mid', 'hi'],
                               sparse_combiner='sqrtn', model_dir=os.path.join(base, 'lc2'), config=cfg,
                               warm_start_from=os.path.join(base, 'lc'))
    lc2.train(input_fn(lab), steps=1)
    out['lc2_bias'] = lc2.get_variable_value('linear/linear_model/bias_weights')
    return out
TOLERANCE = {'*': (2e-4, 2e-5)}
