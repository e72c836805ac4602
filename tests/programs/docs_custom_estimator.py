"""Imitates the TensorFlow r1.x guides "Creating Custom Estimators" and "Feature Columns"
(tensorflow.org, 2018): model_fn with input_layer, dense layers, EstimatorSpec per mode,
tf.metrics.accuracy with a summary, params; bucketized, vocabulary list, hashed, crossed,
embedding and indicator columns."""
import importlib.util
import os

import numpy as np

TAGS = ['estimator', 'feature_column']

TOLERANCE = {'*': (2e-4, 2e-5)}


def estimator_module(tf):
    if getattr(tf, 'estimator', None) is not None:
        return tf.estimator
    here = os.path.dirname(os.path.abspath(__file__))
    shim_path = os.path.join(here, os.pardir, 'estimator', 'tf_estimator_shim.py')
    if not os.path.exists(shim_path):
        shim_path = '/work/main/tests/estimator/tf_estimator_shim.py'
    spec = importlib.util.spec_from_file_location('tf_estimator_shim', shim_path)
    shim = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(shim)
    return shim.load_estimator()[0]


_MODULES = []


def data(seed, n=48):
    rng = np.random.RandomState(seed)
    year = rng.randint(1955, 2005, n).astype(np.float32)
    kind = np.array(['kitchenware', 'electronics', 'sports'])[rng.randint(0, 3, n)]
    city = np.array(['paris', 'oslo', 'lima', 'rome'])[rng.randint(0, 4, n)]
    lat = rng.uniform(-10, 60, n).astype(np.float32)
    label = ((year > 1980).astype(int) + (kind == 'sports')).astype(np.int32)
    return {'year': year, 'kind': kind, 'city': city, 'lat': lat}, label


def my_model(features, labels, mode, params):
    tf, est = _MODULES
    net = tf.feature_column.input_layer(features, params['feature_columns'])
    for units in params['hidden_units']:
        net = tf.layers.dense(net, units=units, activation=tf.nn.relu)
    logits = tf.layers.dense(net, params['n_classes'], activation=None)
    predicted_classes = tf.argmax(logits, 1)
    if mode == est.ModeKeys.PREDICT:
        predictions = {'class_ids': predicted_classes[:, tf.newaxis],
                       'probabilities': tf.nn.softmax(logits), 'logits': logits}
        return est.EstimatorSpec(mode, predictions=predictions)
    loss = tf.losses.sparse_softmax_cross_entropy(labels=labels, logits=logits)
    accuracy = tf.metrics.accuracy(labels=labels, predictions=predicted_classes, name='acc_op')
    metrics = {'accuracy': accuracy}
    tf.summary.scalar('accuracy', accuracy[1])
    if mode == est.ModeKeys.EVAL:
        return est.EstimatorSpec(mode, loss=loss, eval_metric_ops=metrics)
    assert mode == est.ModeKeys.TRAIN
    optimizer = tf.train.AdagradOptimizer(learning_rate=0.1)
    train_op = optimizer.minimize(loss, global_step=tf.train.get_global_step())
    return est.EstimatorSpec(mode, loss=loss, train_op=train_op)


def main(tf):
    est = estimator_module(tf)
    _MODULES[:] = [tf, est]
    out = {}
    fc = tf.feature_column
    year = fc.numeric_column('year')
    year_b = fc.bucketized_column(source_column=year, boundaries=[1960, 1980, 2000])
    kind = fc.categorical_column_with_vocabulary_list(
        key='kind', vocabulary_list=['kitchenware', 'electronics', 'sports'])
    city_h = fc.categorical_column_with_hash_bucket(key='city', hash_bucket_size=10)
    lat_b = fc.bucketized_column(fc.numeric_column('lat'), list(np.linspace(-10, 60, 8)))
    crossed = fc.crossed_column([year_b, lat_b], 20)
    columns = [year_b, fc.indicator_column(kind), fc.indicator_column(city_h),
               fc.embedding_column(crossed, dimension=3,
                                   initializer=tf.truncated_normal_initializer(stddev=0.1, seed=2)),
               fc.embedding_column(kind, dimension=2, initializer=tf.ones_initializer())]
    out['col_names'] = [c.name for c in columns]
    with tf.Graph().as_default():
        feats = {'year': [[1950.0], [1975.0], [2001.0]], 'kind': [['sports'], ['x'], ['kitchenware']],
                 'city': [['paris'], ['oslo'], ['lima']], 'lat': [[0.0], [20.0], [59.0]]}
        dense = fc.input_layer(feats, columns[:3])
        with tf.Session() as sess:
            sess.run([tf.global_variables_initializer(), tf.tables_initializer()])
            out['dense'] = sess.run(dense)
    x, y = data(0)
    tx, ty = data(1)
    classifier = est.Estimator(
        model_fn=my_model, model_dir='custom',
        config=est.RunConfig(tf_random_seed=7, save_summary_steps=1000, log_step_count_steps=1000),
        params={'feature_columns': columns, 'hidden_units': [10, 10], 'n_classes': 3})
    classifier.train(lambda: tf.data.Dataset.from_tensor_slices((x, y)).shuffle(48, seed=1)
                     .repeat().batch(16), steps=30)
    ev = classifier.evaluate(lambda: tf.data.Dataset.from_tensor_slices((tx, ty)).batch(16))
    out['eval_keys'] = sorted(ev)
    out['eval'] = np.array([ev[k] for k in sorted(ev)], np.float64)
    preds = list(classifier.predict(lambda: tf.data.Dataset.from_tensor_slices(tx).batch(16)))
    out['pred_classes'] = np.array([p['class_ids'][0] for p in preds[:12]])
    out['pred_probs'] = np.array([p['probabilities'] for p in preds[:4]])
    out['vars'] = sorted(n for n in classifier.get_variable_names() if 'Adagrad' not in n)
    return out
