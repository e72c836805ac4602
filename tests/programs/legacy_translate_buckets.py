"""The 2016 translate tutorial (models/tutorials/rnn/translate/seq2seq_model.py) in small:
legacy_seq2seq.embedding_rnn_seq2seq with an output projection and sampled_softmax_loss,
model_with_buckets over two buckets, clip_by_global_norm + SGD per bucket, a feed_previous=True
decoding model reusing the weights, sequence_loss_by_example. TF 2.21 has no contrib: there TF
1.15's legacy_seq2seq functions are written out (same scopes and op order)."""
TAGS = ['contrib', 'rnn', 'gradients']
import math
import numpy as np
TOLERANCE = {'*': (2e-4, 2e-5)}
V, E, H, BATCH, NS = 12, 4, 5, 3, 4
BUCKETS = [(2, 3), (4, 5)]


def _ref(tf):
    class EmbeddingWrapper(tf.nn.rnn_cell.RNNCell):
        def __init__(self, cell, classes, size):
            super(EmbeddingWrapper, self).__init__()
            self._cell, self.k, self.e = cell, classes, size
        state_size = property(lambda s: s._cell.state_size)
        output_size = property(lambda s: s._cell.output_size)

        def call(self, x, state):
            s3 = math.sqrt(3)
            emb = tf.get_variable('embedding', [self.k, self.e], dtype=state.dtype,
                                  initializer=tf.random_uniform_initializer(-s3, s3))
            return self._cell(tf.nn.embedding_lookup(emb, tf.reshape(x, [-1])), state)

    def rnn_decoder(inputs, state, cell, loop_function=None):
        with tf.variable_scope('rnn_decoder'):
            outputs, prev = [], None
            for i, inp in enumerate(inputs):
                if loop_function is not None and prev is not None:
                    with tf.variable_scope('loop_function', reuse=True):
                        inp = loop_function(prev, i)
                if i > 0:
                    tf.get_variable_scope().reuse_variables()
                output, state = cell(inp, state)
                outputs.append(output)
                if loop_function is not None:
                    prev = output
        return outputs, state

    def embedding_rnn_seq2seq(enc, dec, cell, nenc, ndec, esize, output_projection=None,
                              feed_previous=False):
        with tf.variable_scope('embedding_rnn_seq2seq') as scope:
            dtype = scope.dtype
            _, st = tf.nn.static_rnn(EmbeddingWrapper(tf.nn.rnn_cell.GRUCell(H), nenc, esize),
                                     enc, dtype=dtype)
            with tf.variable_scope('embedding_rnn_decoder') as sc2:
                w, b = output_projection
                tf.convert_to_tensor(w, dtype=sc2.dtype)
                tf.convert_to_tensor(b, dtype=sc2.dtype)
                embedding = tf.get_variable('embedding', [ndec, esize])

                def loop(prev, _):
                    prev = tf.nn.xw_plus_b(prev, w, b)
                    return tf.nn.embedding_lookup(embedding, tf.argmax(prev, 1))
                emb = (tf.nn.embedding_lookup(embedding, i) for i in dec)
                return rnn_decoder(emb, st, cell, loop if feed_previous else None)

    def sequence_loss_by_example(logits, targets, weights, softmax_loss_function=None):
        with tf.name_scope(None, 'sequence_loss_by_example', logits + targets + weights):
            lp = [softmax_loss_function(labels=t, logits=l) * w
                  for l, t, w in zip(logits, targets, weights)]
            lp = tf.add_n(lp)
            total = tf.add_n(weights)
            total += 1e-12
            lp /= total
        return lp

    def sequence_loss(logits, targets, weights, softmax_loss_function=None):
        with tf.name_scope(None, 'sequence_loss', logits + targets + weights):
            cost = tf.reduce_sum(sequence_loss_by_example(logits, targets, weights,
                                                          softmax_loss_function))
            return cost / tf.cast(tf.shape(targets[0])[0], cost.dtype)

    def model_with_buckets(enc, dec, targets, weights, buckets, seq2seq,
                           softmax_loss_function=None):
        losses, outputs = [], []
        with tf.name_scope(None, 'model_with_buckets', enc + dec + targets + weights):
            for j, bucket in enumerate(buckets):
                with tf.variable_scope(tf.get_variable_scope(), reuse=True if j > 0 else None):
                    bo, _ = seq2seq(enc[:bucket[0]], dec[:bucket[1]])
                    outputs.append(bo)
                    losses.append(sequence_loss(outputs[-1], targets[:bucket[1]],
                                                weights[:bucket[1]], softmax_loss_function))
        return outputs, losses

    return dict(embedding_rnn_seq2seq=embedding_rnn_seq2seq, model_with_buckets=model_with_buckets,
                sequence_loss_by_example=sequence_loss_by_example)


def main(tf):
    out = {}
    tf.set_random_seed(1)
    contrib = getattr(tf, 'contrib', None)
    s2s = contrib.legacy_seq2seq if contrib else None
    lib = dict(embedding_rnn_seq2seq=s2s.embedding_rnn_seq2seq,
               model_with_buckets=s2s.model_with_buckets,
               sequence_loss_by_example=s2s.sequence_loss_by_example) if s2s else _ref(tf)
    enc = [tf.placeholder(tf.int32, [None], name='encoder%d' % i) for i in range(4)]
    dec = [tf.placeholder(tf.int32, [None], name='decoder%d' % i) for i in range(6)]
    wts = [tf.placeholder(tf.float32, [None], name='weight%d' % i) for i in range(6)]
    targets = dec[1:]
    w_t = tf.get_variable('proj_w', [V, H])
    w = tf.transpose(w_t)
    b = tf.get_variable('proj_b', [V])

    def sampled_loss(labels, logits):
        labels = tf.reshape(labels, [-1, 1])
        return tf.nn.sampled_softmax_loss(weights=w_t, biases=b, labels=labels, inputs=logits,
                                          num_sampled=NS, num_classes=V, seed=7)

    def seq2seq_f(e, d, do_decode=False):
        return lib['embedding_rnn_seq2seq'](e, d, tf.nn.rnn_cell.GRUCell(H), V, V, E,
                                            output_projection=(w, b), feed_previous=do_decode)
    outputs, losses = lib['model_with_buckets'](enc, dec, targets, wts, BUCKETS, seq2seq_f,
                                                softmax_loss_function=sampled_loss)
    params = tf.trainable_variables()
    out['params'] = [p.op.name for p in params]
    out['loss_names'] = [l.op.name for l in losses]
    out['out_shapes'] = [str(o.shape) for o in outputs[1]]
    opt = tf.train.GradientDescentOptimizer(0.5)
    updates, norms = [], []
    for l in losses:
        grads, norm = tf.clip_by_global_norm(tf.gradients(l, params), 1.0)
        norms.append(norm)
        updates.append(opt.apply_gradients(zip(grads, params)))
    with tf.variable_scope(tf.get_variable_scope(), reuse=True):
        dec_out, _ = seq2seq_f(enc[:2], dec[:3], do_decode=True)
    greedy = [tf.argmax(tf.nn.xw_plus_b(o, w, b), 1) for o in dec_out]
    logits3 = [tf.nn.xw_plus_b(o, w, b) for o in outputs[0]]
    per_ex = lib['sequence_loss_by_example'](
        logits3, targets[:3], wts[:3],
        softmax_loss_function=lambda labels, logits: tf.nn.sparse_softmax_cross_entropy_with_logits(
            labels=labels, logits=logits))
    rng = np.random.RandomState(3)
    feed = {}
    for p in enc + dec:
        feed[p] = rng.randint(0, V, BATCH)
    for i, p in enumerate(wts):
        feed[p] = (rng.rand(BATCH) > 0.2).astype(np.float32)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for i, v in enumerate(sorted(params, key=lambda v: v.op.name)):
            v.load(np.random.RandomState(i).uniform(-0.6, 0.6, v.shape.as_list()), sess)
        out['loss0'] = sess.run(losses, feed)
        out['norms'] = sess.run(norms, feed)
        out['per_ex'] = sess.run(per_ex, feed)
        out['greedy0'] = np.stack(sess.run(greedy, feed))
        for step in range(3):
            sess.run(updates[step % 2], feed)
        out['loss1'] = sess.run(losses, feed)
        out['greedy1'] = np.stack(sess.run(greedy, feed))
        out['proj_b'] = sess.run(b)
    return out
