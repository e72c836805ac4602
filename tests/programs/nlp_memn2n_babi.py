"""End-to-end memory network (domluna/memn2n style): position encoding, temporal encoding,
shared embeddings across hops (adjacent weight tying), nil-word zeroing, gradient noise with
tf.add_n, clip_by_norm per gradient, Adam; predict/proba ops by name."""
import numpy as np
TAGS = ['nlp', 'train', 'random', 'gradients']
TOLERANCE = {'*': (2e-4, 2e-5)}


def position_encoding(sentence_size, embedding_size):
    encoding = np.ones((embedding_size, sentence_size), dtype=np.float32)
    ls, le = sentence_size + 1, embedding_size + 1
    for i in range(1, le):
        for j in range(1, ls):
            encoding[i - 1, j - 1] = (i - (le - 1) / 2) * (j - (ls - 1) / 2)
    encoding = 1 + 4 * encoding / embedding_size / sentence_size
    encoding[:, -1] = 1.0
    return np.transpose(encoding)


def zero_nil_slot(tf, t, name=None):
    with tf.name_scope(name, "zero_nil_slot", [t]) as name:
        t = tf.convert_to_tensor(t, name="t")
        s = tf.shape(t)[1]
        z = tf.zeros(tf.stack([1, s]))
        return tf.concat(axis=0, values=[z, tf.slice(t, [1, 0], [-1, -1])], name=name)


def add_gradient_noise(tf, t, stddev=1e-3, name=None):
    with tf.name_scope(name, "add_gradient_noise", [t, stddev]) as name:
        t = tf.convert_to_tensor(t, name="t")
        gn = tf.random_normal(tf.shape(t), stddev=stddev, seed=3)
        return tf.add(t, gn, name=name)


def main(tf):
    tf.set_random_seed(7); rng = np.random.RandomState(7)
    B, M, S, V, D, hops = 3, 4, 5, 12, 8, 3
    stories = tf.placeholder(tf.int32, [None, M, S], name="stories")
    queries = tf.placeholder(tf.int32, [None, S], name="queries")
    answers = tf.placeholder(tf.int32, [None, V], name="answers")
    enc = tf.constant(position_encoding(S, D), name="encoding")
    init = tf.random_normal_initializer(stddev=0.1, seed=1)
    with tf.variable_scope("MemN2N"):
        nil = tf.zeros([1, D])
        A = tf.Variable(tf.concat(axis=0, values=[nil, init([V - 1, D])]), name="A")
        C = []
        with tf.variable_scope("hop_0"):
            for hopn in range(hops):
                with tf.variable_scope('hop_{}'.format(hopn)):
                    C.append(tf.Variable(tf.concat(axis=0, values=[nil, init([V - 1, D])]),
                                         name="C"))
        TA = tf.get_variable("TA", [M, D], initializer=init)
        TC = tf.get_variable("TC", [M, D], initializer=init)
    nil_vars = set([A.name] + [x.name for x in C])
    with tf.variable_scope("inference"):
        q_emb = tf.nn.embedding_lookup(A, queries)
        u = [tf.reduce_sum(q_emb * enc, 1)]
        probs_all = []
        for hopn in range(hops):
            emb_A = tf.nn.embedding_lookup(A if hopn == 0 else C[hopn - 1], stories)
            m_A = tf.reduce_sum(emb_A * enc, 2) + TA
            u_temp = tf.transpose(tf.expand_dims(u[-1], -1), [0, 2, 1])
            dotted = tf.reduce_sum(m_A * u_temp, 2)
            probs = tf.nn.softmax(dotted)
            probs_all.append(probs)
            probs_temp = tf.transpose(tf.expand_dims(probs, -1), [0, 2, 1])
            emb_C = tf.nn.embedding_lookup(C[hopn], stories)
            m_C = tf.reduce_sum(emb_C * enc, 2) + TC
            c_temp = tf.transpose(m_C, [0, 2, 1])
            o_k = tf.reduce_sum(c_temp * probs_temp, 2)
            u.append(tf.add_n([u[-1], o_k]))
        logits = tf.matmul(u[-1], tf.transpose(C[-1], [1, 0]))
    ce = tf.nn.softmax_cross_entropy_with_logits(logits=logits, labels=tf.cast(answers, tf.float32),
                                                 name="cross_entropy")
    loss_op = tf.reduce_sum(ce, name="cross_entropy_sum")
    opt = tf.train.AdamOptimizer(learning_rate=1e-2, epsilon=1e-8)
    gvs = opt.compute_gradients(loss_op)
    gvs = [(tf.clip_by_norm(g, 40.0), v) for g, v in gvs]
    gvs = [(add_gradient_noise(tf, g), v) for g, v in gvs]
    nil_gvs = []
    for g, v in gvs:
        if v.name in nil_vars:
            nil_gvs.append((zero_nil_slot(tf, g), v))
        else:
            nil_gvs.append((g, v))
    with tf.control_dependencies([g for g, _ in nil_gvs]):  # no ref-variable race
        train_op = opt.apply_gradients(nil_gvs, name="train_op")
    predict_op = tf.argmax(logits, 1, name="predict_op")
    proba_op = tf.nn.softmax(logits, name="predict_proba_op")
    log_proba = tf.log(proba_op, name="predict_log_proba_op")
    sv = rng.randint(0, V, (B, M, S)); qv = rng.randint(0, V, (B, S))
    av = np.eye(V, dtype=np.int32)[rng.randint(1, V, B)]
    fd = {stories: sv, queries: qv, answers: av}
    res = {'vars': [v.name for v in tf.trainable_variables()],
           'names': [predict_op.name, proba_op.name, log_proba.name, train_op.name,
                     gvs[0][0].name, nil_gvs[0][0].name],
           'shapes': [str(t.shape) for t in (q_emb, m_A, c_temp, o_k, logits)]}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        losses = []
        for _ in range(5):
            l, _ = sess.run([loss_op, train_op], fd)
            losses.append(l)
        res['losses'] = np.array(losses)
        res['probs'] = sess.run(probs_all, fd)
        res['pred'], res['logp'] = sess.run([predict_op, log_proba], fd)
        res['A_row0'] = sess.run(A)[0]
    return res
