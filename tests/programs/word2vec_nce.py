"""word2vec-style skip-gram with nce_loss and sampled_softmax_loss, seeded: losses over steps."""
import numpy as np
TAGS = ['train', 'random', 'nn']
TOLERANCE = {'*': (1e-4, 1e-5)}


def main(tf):
    out = {}
    rng = np.random.RandomState(1)
    batches = [(rng.randint(0, 50, 16), rng.randint(0, 50, (16, 1))) for _ in range(5)]
    for kind in ('nce', 'sampled_softmax'):
        with tf.Graph().as_default():
            tf.set_random_seed(7)
            inputs = tf.placeholder(tf.int32, [16])
            labels = tf.placeholder(tf.int64, [16, 1])
            emb = tf.Variable(tf.random_uniform([50, 8], -1.0, 1.0))
            w = tf.Variable(tf.truncated_normal([50, 8], stddev=1.0 / np.sqrt(8)))
            b = tf.Variable(tf.zeros([50]))
            embed = tf.nn.embedding_lookup(emb, inputs)
            fn = tf.nn.nce_loss if kind == 'nce' else tf.nn.sampled_softmax_loss
            loss = tf.reduce_mean(fn(weights=w, biases=b, labels=labels, inputs=embed,
                                     num_sampled=6, num_classes=50))
            train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
            norm = tf.sqrt(tf.reduce_sum(tf.square(emb), 1, keepdims=True))
            sim = tf.matmul(emb[:3] / norm[:3], emb / norm, transpose_b=True)
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                losses = [sess.run([train, loss], {inputs: i, labels: l})[1] for i, l in batches]
                out[kind + '_losses'] = np.array(losses)
                out[kind + '_top'] = sess.run(tf.nn.top_k(sim, 3).indices)
    return out
