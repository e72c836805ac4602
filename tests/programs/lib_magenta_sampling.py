"""magenta melody_rnn / sketch-rnn style: MultiRNNCell of LSTM cells wrapped in
DropoutWrapper(variational_recurrent=True, input_size=...), dynamic_rnn training loss, and an
autoregressive sampling loop with tf.while_loop + TensorArray + seeded tf.multinomial."""
import numpy as np

TAGS = ['train', 'rnn', 'random', 'control_flow']

TOLERANCE = {"*": (1e-4, 1e-5)}


def make_cell(tf, sizes, keep, input_size):
    cells = []
    for i, n in enumerate(sizes):
        c = tf.nn.rnn_cell.LSTMCell(n, initializer=tf.glorot_uniform_initializer(seed=20 + i),
                                    use_peepholes=(i == 0), forget_bias=1.0)
        c = tf.nn.rnn_cell.DropoutWrapper(c, input_keep_prob=keep, output_keep_prob=keep,
                                          state_keep_prob=keep, variational_recurrent=True,
                                          input_size=input_size if i == 0 else sizes[i - 1],
                                          dtype=tf.float32, seed=30 + i)
        cells.append(c)
    return tf.nn.rnn_cell.MultiRNNCell(cells)


def main(tf):
    out = {}
    tf.set_random_seed(5)
    rng = np.random.RandomState(5)
    vocab, batch, steps = 6, 3, 5
    inputs = tf.placeholder(tf.int32, [batch, steps])
    labels = tf.placeholder(tf.int32, [batch, steps])
    lengths = tf.placeholder(tf.int32, [batch])
    keep = tf.placeholder_with_default(1.0, [])
    with tf.variable_scope("melody_rnn") as scope:
        cell = make_cell(tf, [8, 7], keep, tf.TensorShape([vocab]))
        one_hot = tf.one_hot(inputs, vocab)
        outputs, final = tf.nn.dynamic_rnn(cell, one_hot, sequence_length=lengths,
                                           initial_state=cell.zero_state(batch, tf.float32),
                                           swap_memory=True, parallel_iterations=1)
        logits = tf.layers.dense(outputs, vocab, name="logits",
                                 kernel_initializer=tf.glorot_uniform_initializer(seed=4))
        mask = tf.sequence_mask(lengths, steps, dtype=tf.float32)
        xent = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
        loss = tf.reduce_sum(xent * mask) / tf.reduce_sum(mask)
        opt = tf.train.AdamOptimizer(0.05)
        train_op = opt.minimize(loss)
    out["var_names"] = sorted(v.name for v in tf.global_variables())
    out["outputs_shape"] = outputs.get_shape().as_list()

    with tf.variable_scope(scope, reuse=True):
        gen_cell = make_cell(tf, [8, 7], 1.0, tf.TensorShape([vocab]))
        temperature = tf.placeholder_with_default(1.0, [])
        n_gen = 6

        def body(t, prev, state, ta):
            with tf.variable_scope("rnn"):
                o, s = gen_cell(tf.one_hot(prev, vocab), state)
            lg = tf.layers.dense(o, vocab, name="logits", reuse=True)
            sample = tf.squeeze(tf.multinomial(lg / temperature, 1, seed=77,
                                               output_dtype=tf.int32), 1)
            return t + 1, sample, s, ta.write(t, sample)
        ta = tf.TensorArray(tf.int32, size=n_gen, element_shape=[batch])
        init = (tf.constant(0), tf.zeros([batch], tf.int32),
                gen_cell.zero_state(batch, tf.float32), ta)
        _, last, gstate, ta = tf.while_loop(lambda t, *a: t < n_gen, body, init,
                                            back_prop=False)
        samples = tf.transpose(ta.stack())
    out["samples_shape"] = str(samples.get_shape())
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        feed = {inputs: rng.randint(0, vocab, (batch, steps)),
                labels: rng.randint(0, vocab, (batch, steps)), lengths: [5, 3, 4]}
        out["loss0"] = sess.run(loss, feed)
        for _ in range(3):
            sess.run(train_op, feed)
        out["loss3"] = sess.run(loss, feed)
        out["final_h"], _ = sess.run([final[1].h, loss], feed)
        out["drop_loss"] = sess.run(loss, dict(list(feed.items()) + [(keep, 0.6)]))
        out["samples"] = sess.run(samples, {temperature: 0.5})
    return out
