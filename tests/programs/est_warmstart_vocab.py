"""The TF 1.x Estimator warm-starting guide: WarmStartSettings with VocabInfo remapping an
embedding table to a reordered, extended vocabulary file (seeded backup_initializer for new
words), warm_start_from a model_dir, var_name_to_prev_var_name renames, predict with
predict_keys, and embedding_column(ckpt_to_load_from=..., tensor_name_in_ckpt=...)."""
import importlib.util
import os

import numpy as np

TAGS = ['estimator', 'feature_column', 'checkpoint']


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
    est = estimator_module(tf)
    fc = tf.feature_column
    with open('old_vocab.txt', 'w') as f:
        f.write('apple\nbanana\ncherry\ndate\n')
    with open('new_vocab.txt', 'w') as f:
        f.write('cherry\nfig\napple\ngrape\nbanana\n')
    words = np.array(['apple', 'banana', 'cherry', 'date', 'fig', 'grape'] * 4)
    y = (np.arange(24) % 3).astype(np.float32)

    def make_fn(vocab, size, emb_name):
        def model_fn(features, labels, mode):
            col = fc.categorical_column_with_vocabulary_file('w', vocab, vocabulary_size=size,
                                                             num_oov_buckets=1)
            with tf.variable_scope('tower'):
                net = fc.input_layer(features, [fc.embedding_column(
                    col, 3, initializer=tf.truncated_normal_initializer(seed=3))])
                pred = tf.squeeze(tf.layers.dense(net, 1, name=emb_name,
                                                  kernel_initializer=tf.ones_initializer()), 1)
            if mode == est.ModeKeys.PREDICT:
                return est.EstimatorSpec(mode, predictions={'p': pred, 'emb': net})
            loss = tf.losses.mean_squared_error(labels, pred)
            op = tf.train.GradientDescentOptimizer(0.1).minimize(
                loss, tf.train.get_global_step())
            return est.EstimatorSpec(mode, loss=loss, train_op=op)
        return model_fn

    def input_fn():
        return tf.data.Dataset.from_tensor_slices(({'w': words}, y)).batch(8).repeat(2)

    def pred_input():
        return tf.data.Dataset.from_tensor_slices({'w': words[:6]}).batch(6)

    cfg = est.RunConfig(tf_random_seed=5)
    a = est.Estimator(make_fn('old_vocab.txt', 4, 'out'), model_dir='a', config=cfg)
    a.train(input_fn)
    emb_name = 'tower/input_layer/w_embedding/embedding_weights'
    old_emb = a.get_variable_value(emb_name)
    res = {'old_emb': old_emb}
    vi = est.VocabInfo(new_vocab='new_vocab.txt', new_vocab_size=5, num_oov_buckets=1,
                       old_vocab='old_vocab.txt', old_vocab_size=4,
                       backup_initializer=tf.random_uniform_initializer(-9.0, -8.0, seed=9))
    ws = est.WarmStartSettings(ckpt_to_initialize_from='a', vars_to_warm_start='.*w_embedding.*',
                               var_name_to_vocab_info={emb_name: vi})
    b = est.Estimator(make_fn('new_vocab.txt', 5, 'out'), model_dir='b', config=cfg,
                      warm_start_from=ws)
    b.train(input_fn, steps=1)
    res['b_emb_after_1'] = b.get_variable_value(emb_name)
    res['b_vars'] = b.get_variable_names()
    # warm start from a plain path string: every trainable variable
    c = est.Estimator(make_fn('old_vocab.txt', 4, 'out'), model_dir='c', config=cfg,
                      warm_start_from='a')
    preds = list(c.predict(pred_input, predict_keys=['p']))
    res['c_pred_keys'] = sorted(preds[0].keys())
    res['c_p'] = np.array([p['p'] for p in preds])
    # the name map: new name -> old name
    ws2 = est.WarmStartSettings('a', vars_to_warm_start=['tower/renamed.*'],
                                var_name_to_prev_var_name={'tower/renamed/kernel': 'tower/out/kernel',
                                                           'tower/renamed/bias': 'tower/out/bias'})
    d = est.Estimator(make_fn('old_vocab.txt', 4, 'renamed'), model_dir='d', config=cfg,
                      warm_start_from=ws2)
    d.train(input_fn, steps=1)
    res['d_kernel'] = d.get_variable_value('tower/renamed/kernel')
    res['a_kernel'] = a.get_variable_value('tower/out/kernel')
    # embedding_column loading a trained table directly
    with tf.Graph().as_default():
        col = fc.categorical_column_with_vocabulary_file('w', 'old_vocab.txt', vocabulary_size=4,
                                                         num_oov_buckets=1)
        emb = fc.embedding_column(col, 3, ckpt_to_load_from='a',
                                  tensor_name_in_ckpt=emb_name, trainable=False)
        net = fc.input_layer({'w': tf.constant([['date'], ['kiwi']])}, [emb])
        res['trainable'] = [v.op.name for v in tf.trainable_variables()]
        with tf.Session() as sess:
            sess.run([tf.global_variables_initializer(), tf.tables_initializer()])
            res['loaded'] = sess.run(net)
    return res
