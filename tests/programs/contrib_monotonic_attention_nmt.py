"""Online/monotonic-attention NMT research code (Raffel et al. 2017, tf.contrib.seq2seq era):
GRU encoder, AttentionWrapper(BasicLSTMCell) with BahdanauMonotonicAttention (normalize=True,
score_bias_init, memory_sequence_length), TrainingHelper + BasicDecoder + dynamic_decode,
sequence_loss(average_across_timesteps=False), then GreedyEmbeddingHelper decoding with
maximum_iterations under the reused decoder scope. TF 1.15's code is unrolled where contrib
is missing."""
TAGS = ['contrib', 'rnn', 'nlp', 'control_flow', 'gradients']
import numpy as np
TOLERANCE = {'*': (3e-4, 3e-5)}
B, S, T, V, E, H, A, N, ATT, MAXIT, END = 3, 5, 4, 7, 3, 4, 4, 5, 3, 6, 2


class _RefDecoder(object):
    """TF 1.15 AttentionWrapper + BahdanauMonotonicAttention, one step at a time."""

    def __init__(self, tf, memory, mem_len):
        self.tf = tf
        mask = tf.sequence_mask(mem_len, tf.shape(memory)[1], dtype=memory.dtype)
        self.values = memory * tf.expand_dims(mask, 2)
        self.keys = tf.layers.Dense(A, use_bias=False, name='memory_layer')(self.values)
        self.mask = tf.sequence_mask(mem_len, tf.shape(self.keys)[1])
        self.query_layer = tf.layers.Dense(A, use_bias=False, name='query_layer')
        self.attn_layer = tf.layers.Dense(ATT, use_bias=False, name='attention_layer')
        self.cell = tf.nn.rnn_cell.BasicLSTMCell(N)
        self.out_layer = tf.layers.Dense(V, use_bias=False, name='output_proj')

    def zero_state(self):
        tf = self.tf
        return (self.cell.zero_state(B, tf.float32), tf.zeros([B, ATT]),
                tf.one_hot(tf.zeros([B], tf.int32), tf.shape(self.keys)[1]))

    def step(self, inp, state):
        tf = self.tf
        cstate, attn, prev = state
        with tf.variable_scope('attention_wrapper', reuse=tf.AUTO_REUSE):
            out, cstate = self.cell(tf.concat([inp, attn], -1), cstate)
            with tf.variable_scope('bahdanau_monotonic_attention'):
                q = tf.expand_dims(self.query_layer(out), 1)
                v = tf.get_variable('attention_v', [A])
                g = tf.get_variable('attention_g', (), initializer=tf.constant_initializer(
                    np.sqrt(1. / A)))
                b = tf.get_variable('attention_b', [A], initializer=tf.zeros_initializer())
                nv = g * v * tf.rsqrt(tf.reduce_sum(tf.square(v)))
                score = tf.reduce_sum(nv * tf.tanh(self.keys + q + b), [2])
                score += tf.get_variable('attention_score_bias', initializer=-1.0)
            score = tf.where(self.mask, score, -np.inf * tf.ones_like(score))
            p = tf.sigmoid(score)
            tiny = np.finfo(np.float32).tiny
            cp = tf.exp(tf.cumsum(tf.log(tf.clip_by_value(1 - p, tiny, 1)), axis=1,
                                  exclusive=True))
            align = p * cp * tf.cumsum(prev / tf.clip_by_value(cp, 1e-10, 1.), axis=1)
            ctx = tf.squeeze(tf.matmul(tf.expand_dims(align, 1), self.values), [1])
            attn = self.attn_layer(tf.concat([out, ctx], 1))
        return self.out_layer(attn), (cstate, attn, align)


def main(tf):
    tf.set_random_seed(4)
    rng = np.random.RandomState(2)
    c = getattr(tf, 'contrib', None)
    src = tf.constant(rng.randint(0, V, (B, S)))
    src_len = tf.constant([5, 3, 4])
    tgt_in = tf.constant(rng.randint(0, V, (B, T)))
    tgt_out = tf.constant(rng.randint(0, V, (B, T)))
    tgt_len = tf.constant([4, 2, 3])
    emb = tf.get_variable('emb', [V, E])
    with tf.variable_scope('encoder'):
        mem, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(H), tf.nn.embedding_lookup(emb, src),
                                   sequence_length=src_len, dtype=tf.float32)
    dec_in = tf.nn.embedding_lookup(emb, tgt_in)
    start = tf.fill([B], 1)
    if c is not None:
        s2s = c.seq2seq
        mech = s2s.BahdanauMonotonicAttention(A, mem, memory_sequence_length=src_len,
                                              normalize=True, score_bias_init=-1.0)
        cell = s2s.AttentionWrapper(tf.nn.rnn_cell.BasicLSTMCell(N), mech,
                                    attention_layer_size=ATT)
        proj = tf.layers.Dense(V, use_bias=False, name='output_proj')
        with tf.variable_scope('decoder') as dsc:
            dec = s2s.BasicDecoder(cell, s2s.TrainingHelper(dec_in, tgt_len),
                                   cell.zero_state(B, tf.float32), output_layer=proj)
            outs, fstate, flens = s2s.dynamic_decode(dec, scope=dsc)
        logits = outs.rnn_output
        align = fstate.alignments
        with tf.variable_scope(dsc, reuse=True):
            idec = s2s.BasicDecoder(cell, s2s.GreedyEmbeddingHelper(emb, start, END),
                                    cell.zero_state(B, tf.float32), output_layer=proj)
            iouts, _, ilens = s2s.dynamic_decode(idec, maximum_iterations=MAXIT, scope=dsc)
        ids = iouts.sample_id
    else:
        ref = _RefDecoder(tf, mem, src_len)
        with tf.variable_scope('decoder'):
            st = ref.zero_state()
            steps = []
            for t in range(T):
                o, st = ref.step(dec_in[:, t], st)
                steps.append(o)
            logits, align, flens = tf.stack(steps, 1), st[2], tgt_len
            st, inp, samples = ref.zero_state(), tf.nn.embedding_lookup(emb, start), []
            for t in range(MAXIT):
                o, st = ref.step(inp, st)
                samples.append(tf.argmax(o, -1, output_type=tf.int32))
                inp = tf.nn.embedding_lookup(emb, samples[-1])
            ids = tf.stack(samples, 1)
    mask = tf.sequence_mask(tgt_len, T, dtype=tf.float32)
    if c is not None:
        loss = c.seq2seq.sequence_loss(logits, tgt_out, mask, average_across_timesteps=False)
    else:
        xent = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tgt_out, logits=logits)
        loss = tf.reduce_sum(xent * mask, 0) / (tf.reduce_sum(mask, 0) + 1e-12)
    tvars = tf.trainable_variables()
    grads = [tf.convert_to_tensor(g) for g in tf.gradients(tf.reduce_sum(loss), tvars)]
    res = {'names': sorted(v.op.name for v in tvars), 'loss_shape': str(loss.shape)}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for v in sorted(tvars, key=lambda v: v.op.name):
            v.load(rng.uniform(-0.8, 0.8, v.shape.as_list()).astype(np.float32), sess)
        lg, al, fl, ls, gr, sid = sess.run([logits, align, flens, loss, grads, ids])
        if c is None:   # dynamic_decode stops when every row has emitted END
            done = [list(r).index(END) + 1 if END in r else MAXIT for r in sid]
            sid, il = sid[:, :max(done)], np.array(done, np.int32)
        else:
            il = sess.run(ilens)
        res.update(logits=lg, align=al, flens=fl, loss=ls, ids=sid, ilens=il)
        for v, g in zip(tvars, gr):
            res['grad/' + v.op.name] = g
    return res
