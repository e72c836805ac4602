"""tkipf/gcn: sparse features, sparse dropout, glorot by hand, masked softmax loss/accuracy."""
import numpy as np
TAGS = ['sparse', 'train', 'random', 'nn']
TOLERANCE = {'*': (1e-4, 1e-5)}


def glorot(tf, shape, name):
    init_range = np.sqrt(6.0 / (shape[0] + shape[1]))
    initial = tf.random_uniform(shape, minval=-init_range, maxval=init_range, dtype=tf.float32,
                                seed=7)
    return tf.Variable(initial, name=name)


def sparse_dropout(tf, x, keep_prob, noise_shape):
    random_tensor = keep_prob
    random_tensor += tf.random_uniform(noise_shape, seed=3)
    dropout_mask = tf.cast(tf.floor(random_tensor), dtype=tf.bool)
    pre_out = tf.sparse_retain(x, dropout_mask)
    return pre_out * (1. / keep_prob)


def dot(tf, x, y, sparse=False):
    if sparse:
        return tf.sparse_tensor_dense_matmul(x, y)
    return tf.matmul(x, y)


def masked_softmax_cross_entropy(tf, preds, labels, mask):
    loss = tf.nn.softmax_cross_entropy_with_logits(logits=preds, labels=labels)
    mask = tf.cast(mask, dtype=tf.float32)
    mask /= tf.reduce_mean(mask)
    loss *= mask
    return tf.reduce_mean(loss)


def masked_accuracy(tf, preds, labels, mask):
    correct_prediction = tf.equal(tf.argmax(preds, 1), tf.argmax(labels, 1))
    accuracy_all = tf.cast(correct_prediction, tf.float32)
    mask = tf.cast(mask, dtype=tf.float32)
    mask /= tf.reduce_mean(mask)
    accuracy_all *= mask
    return tf.reduce_mean(accuracy_all)


def preprocess_adj(adj):
    adj = adj + np.eye(adj.shape[0])
    d = np.power(adj.sum(1), -0.5)
    a = adj * d[:, None] * d[None, :]
    idx = np.array(np.nonzero(a)).T
    return idx.astype(np.int64), a[a != 0].astype(np.float32), np.array(a.shape, np.int64)


def main(tf):
    tf.set_random_seed(123)
    rng = np.random.RandomState(0)
    n, f, h, c = 12, 10, 8, 3
    adj = (rng.rand(n, n) > 0.7).astype(np.float64)
    adj = np.maximum(adj, adj.T); np.fill_diagonal(adj, 0)
    feats = (rng.rand(n, f) > 0.6).astype(np.float32)
    feats = feats / np.maximum(feats.sum(1, keepdims=True), 1)
    fidx = np.array(np.nonzero(feats)).T.astype(np.int64)
    labels = np.eye(c, dtype=np.float32)[rng.randint(0, c, n)]
    train_mask = np.zeros(n, bool); train_mask[:5] = True
    placeholders = {
        'support': tf.sparse_placeholder(tf.float32),
        'features': tf.sparse_placeholder(tf.float32, shape=tf.constant([n, f], dtype=tf.int64)),
        'labels': tf.placeholder(tf.float32, shape=(None, c)),
        'labels_mask': tf.placeholder(tf.int32),
        'dropout': tf.placeholder_with_default(0., shape=()),
        'num_features_nonzero': tf.placeholder(tf.int32),
    }
    with tf.variable_scope('gcn'):
        with tf.variable_scope('graphconvolution_1_vars'):
            w1 = glorot(tf, [f, h], 'weights_0')
        with tf.variable_scope('graphconvolution_2_vars'):
            w2 = glorot(tf, [h, c], 'weights_0')
            b2 = tf.Variable(tf.zeros([c], dtype=tf.float32), name='bias')
    x = sparse_dropout(tf, placeholders['features'], 1 - placeholders['dropout'],
                       placeholders['num_features_nonzero'])
    hidden = tf.nn.relu(dot(tf, placeholders['support'], dot(tf, x, w1, sparse=True), sparse=True))
    hidden = tf.nn.dropout(hidden, 1 - placeholders['dropout'], seed=5)
    outputs = dot(tf, placeholders['support'], dot(tf, hidden, w2), sparse=True) + b2
    loss = 5e-4 * tf.nn.l2_loss(w1)
    loss += masked_softmax_cross_entropy(tf, outputs, placeholders['labels'],
                                         placeholders['labels_mask'])
    acc = masked_accuracy(tf, outputs, placeholders['labels'], placeholders['labels_mask'])
    opt = tf.train.AdamOptimizer(learning_rate=0.01)
    opt_op = opt.minimize(loss)
    feed = {placeholders['support']: preprocess_adj(adj),
            placeholders['features']: (fidx, feats[feats != 0], np.array([n, f], np.int64)),
            placeholders['labels']: labels, placeholders['labels_mask']: train_mask,
            placeholders['num_features_nonzero']: fidx.shape[:1]}
    out = {'names': [v.name for v in tf.global_variables()],
           'hidden_shape': str(hidden.get_shape()), 'out_shape': str(outputs.get_shape()),
           'x_shape': str(x.dense_shape.get_shape())}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        steps = []
        for _ in range(5):
            feed[placeholders['dropout']] = 0.5
            steps.append(sess.run([opt_op, loss, acc], feed_dict=feed)[1:])
        out['train'] = steps
        feed[placeholders['dropout']] = 0.
        out['eval'] = sess.run([loss, acc, tf.nn.softmax(outputs)], feed_dict=feed)
        feed[placeholders['dropout']] = 0.5
        out['dropped'] = sess.run(x, feed_dict=feed)
    return out
