"""sherjilozair/char-rnn-tensorflow model.py: MultiRNNCell of LSTMs with DropoutWrappers,
legacy_seq2seq.rnn_decoder with a loop_function, sequence_loss_by_example, clip_by_global_norm,
and sampling by feeding the state back (weighted_pick in numpy and tf.multinomial)."""
TAGS = ['nlp', 'contrib', 'rnn', 'session']
import numpy as np
TOLERANCE = {'*': (2e-4, 2e-5)}


def _rnn_decoder(tf, decoder_inputs, initial_state, cell, loop_function=None, scope=None):
    if getattr(tf, 'contrib', None):
        return tf.contrib.legacy_seq2seq.rnn_decoder(decoder_inputs, initial_state, cell,
                                                     loop_function=loop_function, scope=scope)
    with tf.variable_scope(scope or "rnn_decoder"):   # TF 1.15 legacy_seq2seq.rnn_decoder
        state, outputs, prev = initial_state, [], None
        for i, inp in enumerate(decoder_inputs):
            if loop_function is not None and prev is not None:
                with tf.variable_scope("loop_function", reuse=True):
                    inp = loop_function(prev, i)
            if i > 0:
                tf.get_variable_scope().reuse_variables()
            output, state = cell(inp, state)
            outputs.append(output)
            if loop_function is not None:
                prev = output
    return outputs, state


def _seq_loss(tf, logits, targets, weights):
    if getattr(tf, 'contrib', None):
        return tf.contrib.legacy_seq2seq.sequence_loss_by_example(logits, targets, weights)
    with tf.name_scope(None, "sequence_loss_by_example", logits + targets + weights):
        log_perp_list = []
        for logit, target, weight in zip(logits, targets, weights):
            target = tf.reshape(target, [-1])
            crossent = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=target, logits=logit)
            log_perp_list.append(crossent * weight)
        log_perps = tf.add_n(log_perp_list)
        total_size = tf.add_n(weights)
        total_size += 1e-12
        log_perps /= total_size
    return log_perps


class Model():
    def __init__(self, tf, args, training=True):
        if not training:
            args.batch_size = 1
            args.seq_length = 1
        cells = []
        for i in range(args.num_layers):
            cell = tf.nn.rnn_cell.BasicLSTMCell(args.rnn_size)
            if training and (args.output_keep_prob < 1.0 or args.input_keep_prob < 1.0):
                cell = tf.nn.rnn_cell.DropoutWrapper(cell, input_keep_prob=args.input_keep_prob,
                                                     output_keep_prob=args.output_keep_prob,
                                                     seed=20 + i)
            cells.append(cell)
        self.cell = cell = tf.nn.rnn_cell.MultiRNNCell(cells, state_is_tuple=True)
        self.input_data = tf.placeholder(tf.int32, [args.batch_size, args.seq_length])
        self.targets = tf.placeholder(tf.int32, [args.batch_size, args.seq_length])
        self.initial_state = cell.zero_state(args.batch_size, tf.float32)
        with tf.variable_scope('rnnlm'):
            softmax_w = tf.get_variable("softmax_w", [args.rnn_size, args.vocab_size])
            softmax_b = tf.get_variable("softmax_b", [args.vocab_size])
        embedding = tf.get_variable("embedding", [args.vocab_size, args.rnn_size])
        inputs = tf.nn.embedding_lookup(embedding, self.input_data)
        if training and args.output_keep_prob:
            inputs = tf.nn.dropout(inputs, args.output_keep_prob, seed=30)
        inputs = tf.split(inputs, args.seq_length, 1)
        inputs = [tf.squeeze(input_, [1]) for input_ in inputs]

        def loop(prev, _):
            prev = tf.matmul(prev, softmax_w) + softmax_b
            prev_symbol = tf.stop_gradient(tf.argmax(prev, 1))
            return tf.nn.embedding_lookup(embedding, prev_symbol)
        outputs, last_state = _rnn_decoder(tf, inputs, self.initial_state, cell,
                                           loop_function=loop if not training else None,
                                           scope='rnnlm')
        output = tf.reshape(tf.concat(outputs, 1), [-1, args.rnn_size])
        self.logits = tf.matmul(output, softmax_w) + softmax_b
        self.probs = tf.nn.softmax(self.logits)
        loss = _seq_loss(tf, [self.logits], [tf.reshape(self.targets, [-1])],
                         [tf.ones([args.batch_size * args.seq_length])])
        with tf.name_scope('cost'):
            self.cost = tf.reduce_sum(loss) / args.batch_size / args.seq_length
        self.final_state = last_state
        self.lr = tf.Variable(0.0, trainable=False)
        tvars = tf.trainable_variables()
        grads, _ = tf.clip_by_global_norm(tf.gradients(self.cost, tvars), args.grad_clip)
        with tf.name_scope('optimizer'):
            optimizer = tf.train.AdamOptimizer(self.lr)
        self.train_op = optimizer.apply_gradients(zip(grads, tvars))
        tf.summary.histogram('logits', self.logits)
        tf.summary.histogram('loss', loss)
        tf.summary.scalar('train_loss', self.cost)


class Args(object):
    rnn_size, num_layers, vocab_size, batch_size, seq_length = 6, 2, 9, 3, 5
    grad_clip, input_keep_prob, output_keep_prob = 5.0, 0.9, 0.8


def main(tf):
    rng = np.random.RandomState(4)
    out = {}
    tf.set_random_seed(5)
    with tf.variable_scope("m", initializer=tf.random_uniform_initializer(-0.4, 0.4, seed=3)):
        model = Model(tf, Args())
    with tf.variable_scope("m", reuse=True):
        sampler = Model(tf, Args(), training=False)
    out['vars'] = [v.name for v in tf.global_variables()]
    out['state'] = [str(s) for s in sampler.initial_state[0]]
    out['shapes'] = [str(model.logits.shape), str(sampler.probs.shape)]
    out['summ'] = [s.name for s in tf.get_collection(tf.GraphKeys.SUMMARIES)]
    x = rng.randint(0, 9, (3, 5))
    y = np.roll(x, -1, 1)
    draw = tf.multinomial(tf.log(sampler.probs), 3, seed=8)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(tf.assign(model.lr, 0.02))
        state = sess.run(model.initial_state)
        costs = []
        for _ in range(4):
            feed = {model.input_data: x, model.targets: y}
            for i, (c, h) in enumerate(model.initial_state):
                feed[c] = state[i].c
                feed[h] = state[i].h
            cost, state, _ = sess.run([model.cost, model.final_state, model.train_op], feed)
            costs.append(cost)
        out['costs'] = np.array(costs)
        np.random.seed(1)
        state = sess.run(sampler.cell.zero_state(1, tf.float32))
        char, ret, draws = 2, [], []
        for n in range(6):
            feed = {sampler.input_data: [[char]], sampler.initial_state: state}
            p, state, d = sess.run([sampler.probs, sampler.final_state, draw], feed)
            t = np.cumsum(p[0])
            char = int(np.searchsorted(t, np.random.rand(1) * np.sum(p[0]))[0])
            ret.append(char)
            draws.append(d[0])
        out['sample'] = ret
        out['draws'] = np.array(draws)
    return out
