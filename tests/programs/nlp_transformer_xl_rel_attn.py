"""Transformer-XL relative attention (kimiyoung/transformer-xl tf/model.py style): sinusoid
positional embedding with tf.einsum outer product, rel_shift via tf.pad + tf.reshape + tf.slice,
memory concat with tf.stop_gradient, _create_mask with tf.matrix_band_part, r_w_bias/r_r_bias,
tf.einsum 'ibnd,jbnd->ijbn', -1e30 masking, layer norm via tf.contrib-free tf.nn.moments; Adam
with clipping, trainable var names, cache (new mems) shapes."""
import numpy as np
TAGS = ['nlp', 'train', 'linalg', 'shapes']
TOLERANCE = {'*': (3e-4, 3e-5)}


def positional_embedding(tf, pos_seq, inv_freq, bsz=None):
    sinusoid_inp = tf.einsum('i,j->ij', pos_seq, inv_freq)
    pos_emb = tf.concat([tf.sin(sinusoid_inp), tf.cos(sinusoid_inp)], -1)
    if bsz is not None:
        return tf.tile(pos_emb[:, None, :], [1, bsz, 1])
    return pos_emb[:, None, :]


def rel_shift(tf, x):
    x_size = tf.shape(x)
    x = tf.pad(x, [[0, 0], [1, 0], [0, 0], [0, 0]])
    x = tf.reshape(x, [x_size[1] + 1, x_size[0], x_size[2], x_size[3]])
    x = tf.slice(x, [1, 0, 0, 0], [-1, -1, -1, -1])
    return tf.reshape(x, x_size)


def _create_mask(tf, qlen, mlen, same_length=False):
    attn_mask = tf.ones([qlen, qlen])
    mask_u = tf.matrix_band_part(attn_mask, 0, -1)
    mask_dia = tf.matrix_band_part(attn_mask, 0, 0)
    attn_mask_pad = tf.zeros([qlen, mlen])
    ret = tf.concat([attn_mask_pad, mask_u - mask_dia], 1)
    if same_length:
        mask_l = tf.matrix_band_part(attn_mask, -1, 0)
        ret = tf.concat([ret[:, :qlen] + mask_l - mask_dia, ret[:, qlen:]], 1)
    return ret


def layer_norm(tf, x, scope):
    with tf.variable_scope(scope):
        d = x.shape[-1].value
        g = tf.get_variable('gamma', [d], initializer=tf.ones_initializer())
        b = tf.get_variable('beta', [d], initializer=tf.zeros_initializer())
        mean, var = tf.nn.moments(x, [-1], keep_dims=True)
        return (x - mean) * tf.rsqrt(var + 1e-12) * g + b


def rel_multihead_attn(tf, w, r, r_w_bias, r_r_bias, attn_mask, mems, d_model, n_head, d_head,
                       scope='rel_attn'):
    scale = 1 / (d_head ** 0.5)
    init = tf.initializers.random_normal(stddev=0.02, seed=4)
    with tf.variable_scope(scope):
        qlen, rlen, bsz = tf.shape(w)[0], tf.shape(r)[0], tf.shape(w)[1]
        cat = tf.concat([mems, w], 0) if mems is not None else w
        w_heads = tf.layers.dense(cat, 3 * n_head * d_head, use_bias=False,
                                  kernel_initializer=init, name='qkv')
        r_head_k = tf.layers.dense(r, n_head * d_head, use_bias=False, kernel_initializer=init,
                                   name='r')
        w_head_q, w_head_k, w_head_v = tf.split(w_heads, 3, -1)
        w_head_q = w_head_q[-qlen:]
        klen = tf.shape(w_head_k)[0]
        w_head_q = tf.reshape(w_head_q, [qlen, bsz, n_head, d_head])
        w_head_k = tf.reshape(w_head_k, [klen, bsz, n_head, d_head])
        w_head_v = tf.reshape(w_head_v, [klen, bsz, n_head, d_head])
        r_head_k = tf.reshape(r_head_k, [rlen, n_head, d_head])
        AC = tf.einsum('ibnd,jbnd->ijbn', w_head_q + r_w_bias, w_head_k)
        BD = tf.einsum('ibnd,jnd->ijbn', w_head_q + r_r_bias, r_head_k)
        BD = rel_shift(tf, BD)
        attn_score = (AC + BD) * scale
        attn_mask_t = attn_mask[:, :, None, None]
        attn_score = attn_score * (1 - attn_mask_t) - 1e30 * attn_mask_t
        attn_prob = tf.nn.softmax(attn_score, 1)
        attn_vec = tf.einsum('ijbn,jbnd->ibnd', attn_prob, w_head_v)
        size_t = tf.shape(attn_vec)
        attn_vec = tf.reshape(attn_vec, [size_t[0], size_t[1], n_head * d_head])
        attn_out = tf.layers.dense(attn_vec, d_model, use_bias=False, kernel_initializer=init,
                                   name='o')
        return layer_norm(tf, attn_out + w, 'LayerNorm'), attn_prob


def main(tf):
    tf.set_random_seed(8); rng = np.random.RandomState(8)
    qlen, mlen, bsz, d_model, n_head, d_head, V = 4, 3, 2, 8, 2, 4, 11
    inp = tf.placeholder(tf.int32, [qlen, bsz], name='inp')
    tgt = tf.placeholder(tf.int32, [qlen, bsz], name='tgt')
    mem = tf.placeholder(tf.float32, [mlen, bsz, d_model], name='mems')
    with tf.variable_scope('transformer'):
        emb = tf.get_variable('lookup_table', [V, d_model],
                              initializer=tf.random_normal_initializer(stddev=0.02, seed=1))
        r_w_bias = tf.get_variable('r_w_bias', [n_head, d_head])
        r_r_bias = tf.get_variable('r_r_bias', [n_head, d_head])
        x = tf.nn.embedding_lookup(emb, inp) * (d_model ** 0.5)
        attn_mask = _create_mask(tf, qlen, mlen, same_length=True)
        pos_seq = tf.range(qlen + mlen - 1, -1, -1.0)
        inv_freq = 1 / (10000 ** (tf.range(0, d_model, 2.0) / d_model))
        pos_emb = positional_embedding(tf, pos_seq, inv_freq)
        new_mems = [tf.stop_gradient(tf.concat([mem, x], 0)[-mlen:])]
        with tf.variable_scope('layer_0'):
            out, prob = rel_multihead_attn(tf, x, pos_emb, r_w_bias, r_r_bias, attn_mask, mem,
                                           d_model, n_head, d_head)
        logits = tf.einsum('ibd,nd->ibn', out, emb)
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tgt,
                                                                         logits=logits))
    tvars = tf.trainable_variables()
    grads = tf.gradients(loss, tvars)
    gc, gnorm = tf.clip_by_global_norm(grads, 0.25)
    gs = tf.train.get_or_create_global_step()
    lr = tf.train.cosine_decay(1e-2, gs, 10, alpha=0.1)
    train = tf.train.AdamOptimizer(lr).apply_gradients(zip(gc, tvars), gs)
    shift_in = tf.reshape(tf.range(24.0), [2, 3, 2, 2])
    fd = {inp: rng.randint(0, V, (qlen, bsz)), tgt: rng.randint(0, V, (qlen, bsz)),
          mem: rng.randn(mlen, bsz, d_model).astype(np.float32)}
    res = {'vars': [v.name for v in tvars],
           'shapes': [str(t.shape) for t in (pos_emb, prob, out, logits, new_mems[0])]}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        res['mask'], res['shift'], res['prob'] = sess.run(
            [attn_mask, rel_shift(tf, shift_in), prob], fd)
        ls = []
        for _ in range(5):
            ls.append(sess.run([loss, gnorm, lr, train], fd)[:3])
        res['losses'] = np.array(ls)
        res['new_mem'] = sess.run(new_mems[0], fd)
    return res
