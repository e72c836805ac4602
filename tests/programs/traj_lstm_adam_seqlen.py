"""Imitates char-RNN / sentiment-LSTM tutorials (2016-2018): BasicLSTMCell under dynamic_rnn with padded
sequence_length, Adam with staircase exponential_decay and clip_by_global_norm, trained 250 steps;
the whole loss trajectory, final weights and Adam slots catch drift short tests miss."""
import numpy as np
TAGS = ['train', 'rnn']
TOLERANCE = {'*': (2e-4, 2e-5)}


def main(tf):
    rng = np.random.RandomState(0)
    B, T, D, H, C = 8, 7, 5, 12, 3
    xd = rng.randn(B, T, D).astype(np.float32)
    lens = rng.randint(2, T + 1, size=B).astype(np.int32)
    for i, n in enumerate(lens):
        xd[i, n:] = 0.0
    yd = rng.randint(0, C, size=B).astype(np.int32)
    tf.set_random_seed(1)
    x = tf.placeholder(tf.float32, [None, T, D])
    seq = tf.placeholder(tf.int32, [None])
    y = tf.placeholder(tf.int32, [None])
    cell = tf.nn.rnn_cell.BasicLSTMCell(H, forget_bias=1.0)
    outputs, state = tf.nn.dynamic_rnn(cell, x, sequence_length=seq, dtype=tf.float32)
    w = tf.get_variable('w', [H, C], initializer=tf.truncated_normal_initializer(stddev=0.1, seed=3))
    b = tf.get_variable('b', [C], initializer=tf.zeros_initializer())
    logits = tf.matmul(state.h, w) + b
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
    gs = tf.train.get_or_create_global_step()
    lr = tf.train.exponential_decay(0.05, gs, 20, 0.9, staircase=True)
    opt = tf.train.AdamOptimizer(lr)
    tvars = tf.trainable_variables()
    grads, gnorm = tf.clip_by_global_norm(tf.gradients(loss, tvars), 1.0)
    train = opt.apply_gradients(zip(grads, tvars), global_step=gs)
    losses, norms = [], []
    fd = {x: xd, seq: lens, y: yd}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(250):
            l, n, _ = sess.run([loss, gnorm, train], fd)
            losses.append(l)
            norms.append(n)
        out = {'losses': np.array(losses), 'norms': np.array(norms)}
        out['final'] = sess.run({v.op.name: v for v in tvars})
        k = tvars[0]
        out['m'] = sess.run(opt.get_slot(k, 'm'))
        out['v'] = sess.run(opt.get_slot(k, 'v'))
        b1, b2 = opt._get_beta_accumulators()
        out['beta_pows'] = sess.run([b1, b2])
        out['gs'] = sess.run(gs)
        out['outputs_tail'] = sess.run(outputs, fd)[:, -2:]
    return out
