"""DSSM-style retrieval (2016-2018 reimplementations) (cosine similarity of l2-normalized towers, negatives by tf.random_shuffle
and tf.manip.roll, softmax over gamma * cos) and a ByteNet / WaveNet-for-text causal dilated conv
stack (tf.pad on the left, tf.nn.conv1d with dilations via tf.nn.convolution, layer gating,
embedding_lookup with max_norm), top_k retrieval and seeded training steps."""
TAGS = ['nlp', 'nn', 'gradients', 'random']
import numpy as np
TOLERANCE = {'*': (3e-4, 3e-5)}


def main(tf):
    tf.set_random_seed(23)
    out = {}
    V, E, B, T = 30, 8, 4, 6
    q = tf.placeholder(tf.int32, [B, T]); d = tf.placeholder(tf.int32, [B, T])
    with tf.variable_scope("dssm", initializer=tf.random_normal_initializer(stddev=0.5, seed=1)):
        emb = tf.get_variable("emb", [V, E])

        def tower(ids, reuse):
            with tf.variable_scope("tower", reuse=reuse):
                x = tf.nn.embedding_lookup(emb, ids, max_norm=1.0)
                for i, rate in enumerate([1, 2, 4]):
                    w = tf.get_variable("w%d" % i, [2, E, 2 * E])
                    pad = tf.pad(x, [[0, 0], [(2 - 1) * rate, 0], [0, 0]])
                    h = tf.nn.convolution(pad, w, padding="VALID", dilation_rate=[rate])
                    a, g = tf.split(h, 2, axis=2)
                    x = x + tf.tanh(a) * tf.sigmoid(g)
                c1 = tf.nn.conv1d(x, tf.get_variable("w_out", [1, E, E]), stride=1, padding="SAME")
                return tf.nn.l2_normalize(tf.reduce_mean(c1, 1), axis=1), x
        qv, qx = tower(q, None)
        dv, _ = tower(d, True)
        negs = [tf.random_shuffle(dv, seed=5), tf.manip.roll(dv, shift=1, axis=0)]
        all_d = tf.stack([dv] + negs, axis=1)
        cos = tf.reduce_sum(tf.expand_dims(qv, 1) * all_d, axis=2)
        prob = tf.nn.softmax(10.0 * cos)
        loss = -tf.reduce_mean(tf.log(prob[:, 0]))
        sims = tf.matmul(qv, dv, transpose_b=True)
        top_v, top_i = tf.nn.top_k(sims, k=2, sorted=True)
        cos_loss = tf.losses.cosine_distance(qv, dv, axis=1)
    train = tf.train.AdamOptimizer(0.05).minimize(loss + 0.1 * cos_loss)
    out['shapes'] = [str(t.shape) for t in (qx, all_d, cos, sims, top_i)]
    out['vars'] = [v.name for v in tf.global_variables()]
    rng = np.random.RandomState(8)
    fd = {q: rng.randint(0, V, (B, T)), d: rng.randint(0, V, (B, T))}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out['emb_norm'] = sess.run(tf.norm(tf.nn.embedding_lookup(emb, [1, 2, 3], max_norm=1.0),
                                           axis=1))
        out['cos'] = sess.run(cos, fd)
        out['hist'] = np.array([sess.run([loss, cos_loss, train], fd)[:2] for _ in range(4)])
        out['top'] = sess.run([top_v, top_i], fd)
    return out
