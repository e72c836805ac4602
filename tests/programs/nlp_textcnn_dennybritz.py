"""dennybritz/cnn-text-classification-tf (2016) TextCNN: random_uniform embedding on /cpu:0,
expand_dims, conv2d VALID + max_pool over the whole length per filter size, concat + reshape,
dropout_keep_prob placeholder, l2_loss, accuracy with equal/argmax; Adam compute/apply_gradients
with histogram + zero_fraction summaries per gradient (names of the embedding's IndexedSlices
gradient), Saver(global_variables(), max_to_keep) and list_variables."""
TAGS = ['nlp', 'nn', 'summary', 'saver']
import numpy as np
TOLERANCE = {'*': (2e-4, 2e-5)}


class TextCNN(object):
    def __init__(self, tf, sequence_length, num_classes, vocab_size, embedding_size,
                 filter_sizes, num_filters, l2_reg_lambda=0.0):
        self.input_x = tf.placeholder(tf.int32, [None, sequence_length], name="input_x")
        self.input_y = tf.placeholder(tf.float32, [None, num_classes], name="input_y")
        self.dropout_keep_prob = tf.placeholder(tf.float32, name="dropout_keep_prob")
        l2_loss = tf.constant(0.0)
        with tf.device('/cpu:0'), tf.name_scope("embedding"):
            self.W = tf.Variable(tf.random_uniform([vocab_size, embedding_size], -1.0, 1.0, seed=1),
                                 name="W")
            self.embedded_chars = tf.nn.embedding_lookup(self.W, self.input_x)
            self.embedded_chars_expanded = tf.expand_dims(self.embedded_chars, -1)
        pooled_outputs = []
        for i, filter_size in enumerate(filter_sizes):
            with tf.name_scope("conv-maxpool-%s" % filter_size):
                filter_shape = [filter_size, embedding_size, 1, num_filters]
                W = tf.Variable(tf.truncated_normal(filter_shape, stddev=0.1, seed=10 + i), name="W")
                b = tf.Variable(tf.constant(0.1, shape=[num_filters]), name="b")
                conv = tf.nn.conv2d(self.embedded_chars_expanded, W, strides=[1, 1, 1, 1],
                                    padding="VALID", name="conv")
                h = tf.nn.relu(tf.nn.bias_add(conv, b), name="relu")
                pooled = tf.nn.max_pool(h, ksize=[1, sequence_length - filter_size + 1, 1, 1],
                                        strides=[1, 1, 1, 1], padding='VALID', name="pool")
                pooled_outputs.append(pooled)
        num_filters_total = num_filters * len(filter_sizes)
        self.h_pool = tf.concat(pooled_outputs, 3)
        self.h_pool_flat = tf.reshape(self.h_pool, [-1, num_filters_total])
        with tf.name_scope("dropout"):
            self.h_drop = tf.nn.dropout(self.h_pool_flat, self.dropout_keep_prob, seed=3)
        with tf.name_scope("output"):
            W = tf.get_variable("W", shape=[num_filters_total, num_classes],
                                initializer=tf.contrib.layers.xavier_initializer(seed=4)
                                if getattr(tf, 'contrib', None) else
                                tf.glorot_uniform_initializer(seed=4))
            b = tf.Variable(tf.constant(0.1, shape=[num_classes]), name="b")
            l2_loss += tf.nn.l2_loss(W)
            l2_loss += tf.nn.l2_loss(b)
            self.scores = tf.nn.xw_plus_b(self.h_drop, W, b, name="scores")
            self.predictions = tf.argmax(self.scores, 1, name="predictions")
        with tf.name_scope("loss"):
            losses = tf.nn.softmax_cross_entropy_with_logits(logits=self.scores, labels=self.input_y)
            self.loss = tf.reduce_mean(losses) + l2_reg_lambda * l2_loss
        with tf.name_scope("accuracy"):
            correct_predictions = tf.equal(self.predictions, tf.argmax(self.input_y, 1))
            self.accuracy = tf.reduce_mean(tf.cast(correct_predictions, "float"), name="accuracy")


def main(tf):
    tf.set_random_seed(7)
    rng = np.random.RandomState(0)
    out = {}
    cnn = TextCNN(tf, 12, 2, 30, 8, [2, 3, 4], 4, l2_reg_lambda=0.1)
    global_step = tf.Variable(0, name="global_step", trainable=False)
    optimizer = tf.train.AdamOptimizer(1e-2)
    grads_and_vars = optimizer.compute_gradients(cnn.loss)
    train_op = optimizer.apply_gradients(grads_and_vars, global_step=global_step)
    grad_summaries = []
    for g, v in grads_and_vars:
        if g is not None:
            grad_hist_summary = tf.summary.histogram("{}/grad/hist".format(v.name), g)
            sparsity_summary = tf.summary.scalar("{}/grad/sparsity".format(v.name),
                                                 tf.nn.zero_fraction(g))
            grad_summaries.append(grad_hist_summary)
            grad_summaries.append(sparsity_summary)
    grad_summaries_merged = tf.summary.merge(grad_summaries)
    loss_summary = tf.summary.scalar("loss", cnn.loss)
    acc_summary = tf.summary.scalar("accuracy", cnn.accuracy)
    train_summary_op = tf.summary.merge([loss_summary, acc_summary, grad_summaries_merged])
    saver = tf.train.Saver(tf.global_variables(), max_to_keep=2)
    out['summary_names'] = [s.op.name for s in grad_summaries[:4]] + [loss_summary.name]
    out['vars'] = [v.name for v in tf.global_variables()]
    out['shapes'] = [str(cnn.h_pool.shape), str(cnn.h_pool_flat.shape), str(cnn.scores.shape),
                     str(cnn.embedded_chars_expanded.shape)]
    out['grads'] = str(grads_and_vars[0][0])
    out['names'] = [cnn.predictions.name, cnn.accuracy.name, cnn.h_drop.name, cnn.loss.name]
    x = rng.randint(0, 30, size=(6, 12)).astype(np.int32)
    y = np.eye(2, dtype=np.float32)[rng.randint(0, 2, size=6)]
    losses = []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for i in range(4):
            _, step, summ, loss, acc = sess.run(
                [train_op, global_step, train_summary_op, cnn.loss, cnn.accuracy],
                {cnn.input_x: x, cnn.input_y: y, cnn.dropout_keep_prob: 0.5})
            losses.append(loss)
        out['step'] = step
        out['summ_len'] = len(summ) > 0
        out['losses'] = np.array(losses)
        out['pred'] = sess.run(cnn.predictions, {cnn.input_x: x, cnn.dropout_keep_prob: 1.0})
        out['zf'] = sess.run(tf.nn.zero_fraction(cnn.h_pool_flat),
                             {cnn.input_x: x, cnn.dropout_keep_prob: 1.0})
        path = saver.save(sess, "./ckpt/model", global_step=step)
        out['ckpt'] = path.split('/')[-1]
        out['ckpt_vars'] = sorted(n for n, _ in tf.train.list_variables("./ckpt"))
    return out
