"""Show-attend-tell (yunjey/show-attend-and-tell, kelvinxu arctic-captions ports): features
[B, L, D] projected with einsum/matmul, soft attention (_attention_layer), selector gate
(_selector), LSTM init state from mean features, teacher-forced training loop in Python with
reuse, doubly stochastic penalty alpha_c * sum((16/196 - sum_t alpha)^2), Adam with
clip_by_value; sampling decoder as tf.while_loop with TensorArrays of alphas and ids."""
TAGS = ['rnn', 'train', 'control_flow', 'gradients', 'nn']
import numpy as np
TOLERANCE = {'*': (3e-4, 3e-5)}
B, L, D, M, H, V, T = 2, 6, 5, 4, 6, 8, 4


def main(tf):
    tf.set_random_seed(11)
    rng = np.random.RandomState(5)
    w_init = tf.glorot_uniform_initializer(seed=2)
    c_init = tf.constant_initializer(0.0)
    emb_init = tf.random_uniform_initializer(-1.0, 1.0, seed=3)
    features = tf.constant(rng.randn(B, L, D).astype(np.float32))
    captions = tf.constant(rng.randint(0, V, (B, T + 1)).astype(np.int32))
    cin, cout = captions[:, :T], captions[:, 1:]
    mask = tf.to_float(tf.not_equal(cout, 0))
    lstm = tf.nn.rnn_cell.BasicLSTMCell(num_units=H)

    def get_initial_lstm(f):
        with tf.variable_scope('initial_lstm', reuse=tf.AUTO_REUSE):
            fm = tf.reduce_mean(f, 1)
            w_h = tf.get_variable('w_h', [D, H], initializer=w_init)
            w_c = tf.get_variable('w_c', [D, H], initializer=w_init)
            return (tf.nn.tanh(tf.matmul(fm, w_c)), tf.nn.tanh(tf.matmul(fm, w_h)))

    def project(f):
        with tf.variable_scope('project_features', reuse=tf.AUTO_REUSE):
            w = tf.get_variable('w', [D, D], initializer=w_init)
            return tf.einsum('bld,de->ble', f, w)

    def attention(f, fp, h):
        with tf.variable_scope('attention_layer', reuse=tf.AUTO_REUSE):
            w = tf.get_variable('w', [H, D], initializer=w_init)
            b = tf.get_variable('b', [D], initializer=c_init)
            w_att = tf.get_variable('w_att', [D, 1], initializer=w_init)
            h_att = tf.nn.relu(fp + tf.expand_dims(tf.matmul(h, w), 1) + b)
            out_att = tf.reshape(tf.matmul(tf.reshape(h_att, [-1, D]), w_att), [-1, L])
            alpha = tf.nn.softmax(out_att)
            context = tf.reduce_sum(f * tf.expand_dims(alpha, 2), 1, name='context')
            return context, alpha

    def selector(context, h):
        with tf.variable_scope('selector', reuse=tf.AUTO_REUSE):
            w = tf.get_variable('w', [H, 1], initializer=w_init)
            b = tf.get_variable('b', [1], initializer=c_init)
            beta = tf.nn.sigmoid(tf.matmul(h, w) + b, 'beta')
            return tf.multiply(beta, context, name='selected_context'), beta

    def decode(x, h, context):
        with tf.variable_scope('logits', reuse=tf.AUTO_REUSE):
            w_h = tf.get_variable('w_h', [H, M], initializer=w_init)
            w_out = tf.get_variable('w_out', [M, V], initializer=w_init)
            w_ctx2out = tf.get_variable('w_ctx2out', [D, M], initializer=w_init)
            h_logits = tf.matmul(h, w_h) + tf.matmul(context, w_ctx2out) + x
            return tf.matmul(tf.nn.tanh(h_logits), w_out)

    with tf.variable_scope('word_embedding', reuse=tf.AUTO_REUSE):
        w_emb = tf.get_variable('w', [V, M], initializer=emb_init)
    c, h = get_initial_lstm(features)
    fp = project(features)
    x = tf.nn.embedding_lookup(w_emb, cin)
    loss, alpha_list = 0.0, []
    for t in range(T):
        context, alpha = attention(features, fp, h)
        alpha_list.append(alpha)
        context, beta = selector(context, h)
        with tf.variable_scope('lstm', reuse=(t != 0)):
            _, (c, h) = lstm(tf.concat([x[:, t, :], context], 1),
                             tf.nn.rnn_cell.LSTMStateTuple(c, h))
        logits = decode(x[:, t, :], h, context)
        loss += tf.reduce_sum(tf.nn.sparse_softmax_cross_entropy_with_logits(
            labels=cout[:, t], logits=logits) * mask[:, t])
    alphas = tf.transpose(tf.stack(alpha_list), (1, 0, 2))
    alphas_all = tf.reduce_sum(alphas, 1)
    alpha_reg = 1.0 * tf.reduce_sum((16. / 196 - alphas_all) ** 2)
    total = loss / tf.to_float(B) + alpha_reg
    opt = tf.train.AdamOptimizer(learning_rate=0.01)
    grads = tf.gradients(total, tf.trainable_variables())
    grads = tf.tuple(grads)
    gv = [(tf.clip_by_value(g, -1.0, 1.0), v) for g, v in zip(grads, tf.trainable_variables())]
    train = opt.apply_gradients(gv)

    # sampler as a while_loop
    c0, h0 = get_initial_lstm(features)
    ta_ids = tf.TensorArray(tf.int32, size=T)
    ta_alpha = tf.TensorArray(tf.float32, size=T, element_shape=[B, L])

    def body(t, prev, c, h, ta_ids, ta_alpha):
        xe = tf.nn.embedding_lookup(w_emb, prev)
        context, alpha = attention(features, fp, h)
        context, _ = selector(context, h)
        with tf.variable_scope('lstm', reuse=True):
            _, (c, h) = lstm(tf.concat([xe, context], 1), tf.nn.rnn_cell.LSTMStateTuple(c, h))
        ids = tf.argmax(decode(xe, h, context), 1, output_type=tf.int32)
        return t + 1, ids, c, h, ta_ids.write(t, ids), ta_alpha.write(t, alpha)

    start = tf.fill([B], 1)
    _, _, _, _, ta_ids, ta_alpha = tf.while_loop(
        lambda t, *a: t < T, body, [0, start, c0, h0, ta_ids, ta_alpha])
    sampled = tf.transpose(ta_ids.stack())
    s_alphas = ta_alpha.stack()
    res = {'vars': ['%s %s' % (v.op.name, v.shape) for v in tf.trainable_variables()],
           'alphas_shape': str(alphas.shape), 's_alphas_shape': str(s_alphas.shape),
           'sampled_shape': str(sampled.shape)}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        res['loss0'], res['reg0'], res['alphas'] = sess.run([total, alpha_reg, alphas])
        for _ in range(4):
            sess.run(train)
        res['loss4'] = sess.run(total)
        res['sampled'], res['s_alphas'] = sess.run([sampled, s_alphas])
        res['adam_slots'] = sorted(opt.get_slot_names())
    return res
