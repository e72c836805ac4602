"""tensorflow/nmt (2017) decoders: TrainingHelper + BasicDecoder + dynamic_decode with an output
projection layer, sequence_loss with target weights, GreedyEmbeddingHelper inference with
maximum_iterations, tile_batch and gather_tree for beam search. Where tf.contrib is missing the
same computations are written out in core TF (what the contrib code does, step by step)."""
import numpy as np
TAGS = ['speech', 'contrib', 'rnn', 'control_flow']
TOLERANCE = {'*': (1e-4, 1e-5)}


def _greedy_by_hand(tf, cell, proj, emb, start, end_token, state, max_iter):
    batch = tf.shape(start)[0]
    start_inputs = tf.nn.embedding_lookup(emb, start)
    out_ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True)
    ids_ta = tf.TensorArray(tf.int32, size=0, dynamic_size=True)

    def body(t, inputs, state, finished, out_ta, ids_ta):
        with tf.variable_scope('decoder'):
            cell_out, new_state = cell(inputs, state)
        logits = proj(cell_out)
        ids = tf.argmax(logits, -1, output_type=tf.int32)
        done = tf.logical_or(tf.equal(ids, end_token), finished)
        done = tf.logical_or(done, t + 1 >= max_iter)
        nxt = tf.cond(tf.reduce_all(done), lambda: start_inputs,
                      lambda: tf.nn.embedding_lookup(emb, ids))
        out_ta = out_ta.write(t, tf.where(finished, tf.zeros_like(logits), logits))
        ids_ta = ids_ta.write(t, tf.where(finished, tf.zeros_like(ids), ids))
        return t + 1, nxt, new_state, done, out_ta, ids_ta

    res = tf.while_loop(lambda t, i, s, f, *a: tf.logical_not(tf.reduce_all(f)), body,
                        (0, start_inputs, state, tf.zeros([batch], tf.bool), out_ta, ids_ta))
    return (tf.transpose(res[4].stack(), [1, 0, 2]), tf.transpose(res[5].stack()))


def main(tf):
    out = {}
    rng = np.random.RandomState(6)
    V, E, H, B = 9, 6, 8, 3
    seq2seq = getattr(getattr(tf, 'contrib', None), 'seq2seq', None)
    emb = tf.Variable(rng.randn(V, E).astype(np.float32) * 0.5, name='embedding_decoder')
    tgt_in = tf.constant(np.array([[1, 4, 5, 6], [1, 7, 2, 0], [1, 3, 0, 0]], np.int32))
    tgt_out = tf.constant(np.array([[4, 5, 6, 2], [7, 2, 0, 0], [3, 2, 0, 0]], np.int32))
    tgt_len = tf.constant([4, 3, 2])
    enc_state = tf.nn.rnn_cell.LSTMStateTuple(tf.constant(rng.randn(B, H).astype(np.float32)),
                                              tf.constant(rng.randn(B, H).astype(np.float32)))
    cell = tf.nn.rnn_cell.BasicLSTMCell(H)
    proj = tf.layers.Dense(V, use_bias=False, name='output_projection',
                           kernel_initializer=tf.glorot_uniform_initializer(seed=3))
    dec_in = tf.nn.embedding_lookup(emb, tgt_in)
    with tf.variable_scope('decoder', initializer=tf.glorot_uniform_initializer(seed=1)):
        if seq2seq is not None:
            helper = seq2seq.TrainingHelper(dec_in, tgt_len)
            decoder = seq2seq.BasicDecoder(cell, helper, enc_state, output_layer=proj)
            outputs, final_state, lengths = seq2seq.dynamic_decode(decoder, impute_finished=True,
                                                                 scope='decoder')
            logits, sample_id = outputs.rnn_output, outputs.sample_id
        else:
            rnn_out, final_state = tf.nn.dynamic_rnn(cell, dec_in, tgt_len, enc_state,
                                                     scope='decoder')
            mask = tf.sequence_mask(tgt_len, dtype=tf.float32)[:, :, None]
            logits = proj(rnn_out) * mask
            sample_id = (tf.argmax(logits, -1, output_type=tf.int32)
                         * tf.cast(mask[:, :, 0], tf.int32))
            lengths = tgt_len
    weights = tf.sequence_mask(tgt_len, 4, dtype=tf.float32)
    if seq2seq is not None:
        loss = seq2seq.sequence_loss(logits, tgt_out, weights)
    else:
        xent = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tgt_out, logits=logits)
        loss = tf.reduce_sum(xent * weights) / (tf.reduce_sum(weights) + 1e-12)
    train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
    start = tf.fill([B], 1)
    with tf.variable_scope('infer', reuse=tf.AUTO_REUSE):
        if seq2seq is not None:
            ghelper = seq2seq.GreedyEmbeddingHelper(emb, start, 2)
            gdec = seq2seq.BasicDecoder(cell, ghelper, enc_state, output_layer=proj)
            gout, _, glen = seq2seq.dynamic_decode(gdec, maximum_iterations=6, impute_finished=True,
                                                  scope='decoder')
            g_logits, g_ids = gout.rnn_output, gout.sample_id
        else:
            g_logits, g_ids = _greedy_by_hand(tf, cell, proj, emb, start, 2, enc_state, 6)
    memory = tf.constant(rng.randn(B, 2, 3).astype(np.float32))
    if seq2seq is not None:
        tiled = seq2seq.tile_batch(memory, multiplier=2)
    else:
        tiled = tf.reshape(tf.tile(tf.expand_dims(memory, 1), [1, 2, 1, 1]), [B * 2, 2, 3])
    step_ids = tf.constant([[[2, 5], [3, 6]], [[4, 7], [1, 8]], [[9, 1], [3, 3]]], tf.int32)
    parents = tf.constant([[[0, 0], [1, 0]], [[0, 1], [0, 0]], [[1, 0], [1, 1]]], tf.int32)
    max_len = tf.constant([3, 3])
    if seq2seq is not None:
        beams = seq2seq.gather_tree(step_ids, parents, max_len, end_token=9)
    else:  # gather_tree: follow the parents back from the last step (no end token reached)
        rows = []
        beam = tf.tile(tf.range(2)[None], [2, 1])
        for t in (2, 1, 0):
            rows.insert(0, tf.gather(step_ids[t], beam, batch_dims=1))
            beam = tf.gather(parents[t], beam, batch_dims=1)
        beams = tf.stack(rows)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out['losses'] = np.array([sess.run([loss, train])[0] for _ in range(4)])
        lg, si, fs, ln = sess.run([logits, sample_id, final_state, lengths])
        out['logits'] = lg
        out['sample_id'] = si
        out['final_h'] = fs.h
        out['lengths'] = ln
        gl, gi = sess.run([g_logits, g_ids])
        out['greedy_logits'] = gl
        out['greedy_ids'] = gi
        out['tiled'] = sess.run(tiled)
        out['beams'] = sess.run(beams)
    out['logits_shape'] = str(logits.get_shape()[-1])
    return out
