"""ChenglongChen/tensorflow-DeepFM: feat_index/feat_value feeds, embedding * values, FM first and
second order, deep layers with batch norm under tf.cond(train_phase), dropout keep placeholders,
log_loss, tf.metrics.auc, Adam."""
import numpy as np
TAGS = ['embedding', 'layers', 'metrics', 'control_flow', 'random']
TOLERANCE = {'*': (1e-4, 1e-5)}


def batch_norm_layer(tf, x, train_phase, scope_bn):
    bn_train = tf.layers.batch_normalization(x, momentum=0.995, training=True, name=scope_bn)
    bn_inference = tf.layers.batch_normalization(x, momentum=0.995, training=False,
                                                 name=scope_bn, reuse=True)
    return tf.cond(train_phase, lambda: bn_train, lambda: bn_inference)


def main(tf):
    tf.set_random_seed(2016)
    rng = np.random.RandomState(2016)
    feature_size, field_size, k = 30, 5, 4
    deep_layers = [8, 8]
    n = 16
    Xi = np.stack([rng.randint(6 * j, 6 * j + 6, n) for j in range(field_size)], 1)
    Xv = np.where(np.arange(field_size)[None] < 2, rng.rand(n, field_size), 1.0)
    y = (rng.rand(n, 1) > 0.6).astype(np.float32)
    feat_index = tf.placeholder(tf.int32, shape=[None, None], name='feat_index')
    feat_value = tf.placeholder(tf.float32, shape=[None, None], name='feat_value')
    label = tf.placeholder(tf.float32, shape=[None, 1], name='label')
    dropout_keep_fm = tf.placeholder(tf.float32, shape=[None], name='dropout_keep_fm')
    dropout_keep_deep = tf.placeholder(tf.float32, shape=[None], name='dropout_keep_deep')
    train_phase = tf.placeholder(tf.bool, name='train_phase')
    weights = {
        'feature_embeddings': tf.Variable(tf.random_normal([feature_size, k], 0.0, 0.01, seed=1),
                                          name='feature_embeddings'),
        'feature_bias': tf.Variable(tf.random_uniform([feature_size, 1], 0.0, 1.0, seed=2),
                                    name='feature_bias')}
    input_size = field_size * k
    glorot = np.sqrt(2.0 / (input_size + deep_layers[0]))
    weights['layer_0'] = tf.Variable(np.random.RandomState(3).normal(
        loc=0, scale=glorot, size=(input_size, deep_layers[0])), dtype=np.float32)
    # the biases before batch norm get gradients that are rounding noise, which Adam turns into
    # +-lr steps: kept out of training so the moving means stay comparable
    weights['bias_0'] = tf.Variable(np.zeros((1, deep_layers[0])), dtype=np.float32,
                                    trainable=False)
    weights['layer_1'] = tf.Variable(tf.truncated_normal([8, 8], stddev=0.2, seed=4))
    weights['bias_1'] = tf.Variable(tf.zeros([1, 8]), trainable=False)
    concat_size = field_size + k + deep_layers[-1]
    weights['concat_projection'] = tf.get_variable(
        'concat_projection', [concat_size, 1], initializer=tf.glorot_normal_initializer(seed=5))
    weights['concat_bias'] = tf.Variable(tf.constant(0.01), dtype=np.float32)

    embeddings = tf.nn.embedding_lookup(weights['feature_embeddings'], feat_index)
    fv = tf.reshape(feat_value, shape=[-1, field_size, 1])
    embeddings = tf.multiply(embeddings, fv)
    y_first_order = tf.nn.embedding_lookup(weights['feature_bias'], feat_index)
    y_first_order = tf.reduce_sum(tf.multiply(y_first_order, fv), 2)
    y_first_order = tf.nn.dropout(y_first_order, dropout_keep_fm[0], seed=6)
    summed_features_emb_square = tf.square(tf.reduce_sum(embeddings, 1))
    squared_sum_features_emb = tf.reduce_sum(tf.square(embeddings), 1)
    y_second_order = 0.5 * tf.subtract(summed_features_emb_square, squared_sum_features_emb)
    y_second_order = tf.nn.dropout(y_second_order, dropout_keep_fm[1], seed=7)
    y_deep = tf.reshape(embeddings, shape=[-1, field_size * k])
    y_deep = tf.nn.dropout(y_deep, dropout_keep_deep[0], seed=8)
    for i in range(len(deep_layers)):
        y_deep = tf.add(tf.matmul(y_deep, weights['layer_%d' % i]), weights['bias_%d' % i])
        y_deep = batch_norm_layer(tf, y_deep, train_phase, 'bn_%d' % i)
        y_deep = tf.nn.relu(y_deep)
        y_deep = tf.nn.dropout(y_deep, dropout_keep_deep[1 + i], seed=9 + i)
    concat_input = tf.concat([y_first_order, y_second_order, y_deep], axis=1)
    out = tf.add(tf.matmul(concat_input, weights['concat_projection']), weights['concat_bias'])
    out = tf.nn.sigmoid(out)
    loss = tf.losses.log_loss(label, out)
    loss += tf.contrib.layers.l2_regularizer(0.01)(weights['concat_projection']) \
        if getattr(tf, 'contrib', None) else 0.01 * tf.nn.l2_loss(weights['concat_projection'])
    update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    with tf.control_dependencies(update_ops):
        optimizer = tf.train.AdamOptimizer(learning_rate=0.01, beta1=0.9, beta2=0.999,
                                           epsilon=1e-8).minimize(loss)
    auc, auc_update = tf.metrics.auc(label, out, num_thresholds=50)
    res = {'shapes': [str(t.get_shape()) for t in (embeddings, y_first_order, y_second_order,
                                                   concat_input, out)],
           'update_ops': sorted(o.name for o in update_ops),
           'locals': [v.name for v in tf.local_variables()]}
    train_feed = {feat_index: Xi, feat_value: Xv, label: y, dropout_keep_fm: [1.0, 1.0],
                  dropout_keep_deep: [0.5, 0.5, 0.5], train_phase: True}
    eval_feed = dict(train_feed)
    eval_feed.update({dropout_keep_deep: [1.0] * 3, train_phase: False})
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(tf.local_variables_initializer())
        res['losses'] = [sess.run([loss, optimizer], train_feed)[0] for _ in range(6)]
        for _ in range(2):
            sess.run(auc_update, eval_feed)
        res['auc'] = sess.run(auc)
        res['eval'] = sess.run([loss, out], eval_feed)
        res['moving'] = sess.run([v for v in tf.global_variables() if 'moving' in v.name])
    return res
