"""tf.contrib.seq2seq captioning decoder (2017-2018 'show-attend-tell with seq2seq' repos, NMT
tutorial style): LuongAttention over image regions with memory_sequence_length, AttentionWrapper
(BasicLSTMCell, attention_layer_size, alignment_history), TrainingHelper + BasicDecoder with an
output Dense layer + dynamic_decode, sequence_loss; GreedyEmbeddingHelper decode with
maximum_iterations. Where TF lacks contrib (2.21), TF 1.15's code is unrolled with core ops;
a shape-determined initializer makes both give the same weights."""
TAGS = ['contrib', 'rnn', 'control_flow', 'gradients', 'embedding']
import numpy as np
TOLERANCE = {'*': (2e-4, 2e-5)}
B, S, DM, T, V, E, N, ATT, MAXIT, END = 2, 5, 3, 4, 6, 3, 4, 3, 5, 2


def _init(tf):
    def init(shape, dtype=None, partition_info=None):
        shape = [int(d) for d in shape]
        n = int(np.prod(shape))
        return tf.constant((np.cos(np.arange(n) * 0.7 + len(shape)) * 0.6).reshape(shape),
                           tf.float32)
    return init


def _reference(tf, built, memory, mem_len, emb, inputs, steps, greedy):
    if not built:   # one mechanism and one cell, as the contrib branch shares them
        mask = tf.sequence_mask(mem_len, S)
        values = memory * tf.expand_dims(tf.cast(mask, tf.float32), 2)
        built.update(mask=mask, values=values, keys=tf.layers.Dense(
            N, use_bias=False, name='memory_layer')(values), cell=tf.nn.rnn_cell.BasicLSTMCell(N),
            att_layer=tf.layers.Dense(ATT, use_bias=False, name='attention_layer'),
            out_layer=tf.layers.Dense(V, use_bias=False, name='output_proj'))
    mask, values, keys, cell, att_layer, out_layer = [built[k] for k in (
        'mask', 'values', 'keys', 'cell', 'att_layer', 'out_layer')]
    cs, attn = cell.zero_state(B, tf.float32), tf.zeros([B, ATT])
    logits_l, ids_l, align_l = [], [], []
    x = inputs[:, 0] if not greedy else tf.nn.embedding_lookup(emb, tf.fill([B], 1))
    for t in range(steps):
        with tf.variable_scope('decoder', reuse=tf.AUTO_REUSE):
            with tf.variable_scope('attention_wrapper'):
                o, cs = cell(tf.concat([x, attn], -1), cs)
                score = tf.squeeze(tf.matmul(tf.expand_dims(o, 1), keys, transpose_b=True), [1])
                score = tf.where(mask, score, tf.fill(tf.shape(score), -np.inf))
                align = tf.nn.softmax(score)
                ctx = tf.squeeze(tf.matmul(tf.expand_dims(align, 1), values), [1])
                attn = att_layer(tf.concat([o, ctx], 1))
            logits = out_layer(attn)
        ids = tf.argmax(logits, -1, output_type=tf.int32)
        logits_l.append(logits), ids_l.append(ids), align_l.append(align)
        if t + 1 < steps:
            x = tf.nn.embedding_lookup(emb, ids) if greedy else inputs[:, t + 1]
    return tf.stack(logits_l, 1), tf.stack(ids_l, 1), tf.stack(align_l, 0)


def _trim_greedy(ids):
    finished = np.zeros(B, bool)
    lengths = np.zeros(B, np.int32)
    for t in range(MAXIT):
        now = finished | (ids[:, t] == END) | (t + 1 >= MAXIT)
        lengths[~finished] = t + 1
        finished = now
        if finished.all():
            return ids[:, :t + 1], lengths
    return ids, lengths


def main(tf):
    rng = np.random.RandomState(12)
    memory = tf.constant(rng.randn(B, S, DM).astype(np.float32))
    mem_len = tf.constant([5, 3])
    caps = tf.constant(rng.randint(0, V, (B, T)).astype(np.int32))
    targets = tf.constant(rng.randint(0, V, (B, T)).astype(np.int32))
    weights = tf.constant([[1., 1., 1., 1.], [1., 1., 0., 0.]])
    c = getattr(tf, 'contrib', None)
    res = {}
    with tf.variable_scope('model', initializer=_init(tf)):
        emb = tf.get_variable('embedding', [V, E])
        inputs = tf.nn.embedding_lookup(emb, caps)
        if c is not None:
            s2s = c.seq2seq
            att = s2s.LuongAttention(N, memory, memory_sequence_length=mem_len)
            cell = s2s.AttentionWrapper(tf.nn.rnn_cell.BasicLSTMCell(N), att,
                                        attention_layer_size=ATT, alignment_history=True)
            out_layer = tf.layers.Dense(V, use_bias=False, name='output_proj')
            dec = s2s.BasicDecoder(cell, s2s.TrainingHelper(inputs, tf.fill([B], T)),
                                   cell.zero_state(B, tf.float32), output_layer=out_layer)
            outs, final, _ = s2s.dynamic_decode(dec, scope='decoder')
            logits, ids = outs.rnn_output, outs.sample_id
            aligns = final.alignment_history.stack()
            loss = s2s.sequence_loss(logits, targets, weights)
            gdec = s2s.BasicDecoder(cell, s2s.GreedyEmbeddingHelper(emb, tf.fill([B], 1), END),
                                    cell.zero_state(B, tf.float32), output_layer=out_layer)
            gouts, _, glens = s2s.dynamic_decode(gdec, maximum_iterations=MAXIT,
                                                 scope='decoder')
            gids = gouts.sample_id
        else:
            built = {}
            logits, ids, aligns = _reference(tf, built, memory, mem_len, emb, inputs, T, False)
            xent = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=targets, logits=logits)
            loss = tf.reduce_sum(xent * weights) / tf.reduce_sum(weights)
            _, gids, _ = _reference(tf, built, memory, mem_len, emb, inputs, MAXIT, True)
            glens = None
    res['vars'] = sorted('%s %s' % (v.op.name, v.shape) for v in tf.global_variables())
    res['logits_shape'] = [logits.shape[0].value, logits.shape[2].value]
    grads = tf.gradients(loss, tf.trainable_variables())
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        r = sess.run({'logits': logits, 'ids': ids, 'aligns': aligns, 'loss': loss,
                      'gids': gids, 'gnorm': tf.global_norm(grads)})
        if glens is not None:
            r['glens'] = sess.run(glens)
        else:
            r['gids'], r['glens'] = _trim_greedy(r['gids'])
    res.update(r)
    return res
