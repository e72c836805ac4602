"""zihangdai/xlnet modeling.py + data_utils.py: _local_perm with seeded tf.random_shuffle,
relative_positional_encoding (bi_data, clamp_len), rel_shift, rel_attn_core with einsum
(ac/bd/ef terms, segment one-hot), two-stream attention with perm mask, _create_mask, mems
cached with tf.stop_gradient; gradients and variable names."""
import numpy as np
TAGS = ['nlp', 'linalg', 'random', 'shapes', 'gradients']
TOLERANCE = {'*': (3e-4, 3e-5)}
SEP_ID, CLS_ID = 3, 4

def _local_perm(tf, inputs, targets, is_masked, perm_size, seq_len):
    index = tf.range(seq_len, dtype=tf.int64)
    index = tf.transpose(tf.reshape(index, [-1, perm_size]))
    index = tf.random_shuffle(index, seed=5)
    index = tf.reshape(tf.transpose(index), [-1])
    non_func_tokens = tf.logical_not(tf.logical_or(tf.equal(inputs, SEP_ID), tf.equal(inputs, CLS_ID)))
    non_mask_tokens = tf.logical_and(tf.logical_not(is_masked), non_func_tokens)
    masked_or_func_tokens = tf.logical_not(non_mask_tokens)
    smallest_index = -tf.ones([seq_len], dtype=tf.int64)
    rev_index = tf.where(non_mask_tokens, smallest_index, index)
    target_tokens = tf.logical_and(masked_or_func_tokens, non_func_tokens)
    target_mask = tf.cast(target_tokens, tf.float32)
    self_rev_index = tf.where(target_tokens, rev_index, rev_index + 1)
    perm_mask = tf.logical_and(self_rev_index[:, None] <= rev_index[None, :], masked_or_func_tokens)
    perm_mask = tf.cast(perm_mask, tf.float32)
    new_targets = tf.concat([inputs[0: 1], targets[: -1]], axis=0)
    return perm_mask, new_targets, target_mask, index

def positional_embedding(tf, pos_seq, inv_freq, bsz=None):
    sinusoid_inp = tf.einsum('i,d->id', pos_seq, inv_freq)
    pos_emb = tf.concat([tf.sin(sinusoid_inp), tf.cos(sinusoid_inp)], -1)
    pos_emb = pos_emb[:, None, :]
    if bsz is not None:
        pos_emb = tf.tile(pos_emb, [1, bsz, 1])
    return pos_emb

def relative_positional_encoding(tf, qlen, klen, d_model, clamp_len, bi_data, bsz):
    freq_seq = tf.range(0, d_model, 2.0)
    inv_freq = 1 / (10000 ** (freq_seq / d_model))
    beg, end = klen, -qlen
    fwd_pos_seq = tf.range(beg, end, -1.0)
    if bi_data:
        bwd_pos_seq = tf.range(-beg, -end, 1.0)
        if clamp_len > 0:
            fwd_pos_seq = tf.clip_by_value(fwd_pos_seq, -clamp_len, clamp_len)
            bwd_pos_seq = tf.clip_by_value(bwd_pos_seq, -clamp_len, clamp_len)
        fwd = positional_embedding(tf, fwd_pos_seq, inv_freq, bsz // 2)
        bwd = positional_embedding(tf, bwd_pos_seq, inv_freq, bsz // 2)
        return tf.concat([fwd, bwd], axis=1)
    return positional_embedding(tf, fwd_pos_seq, inv_freq, bsz)

def rel_shift(tf, x, klen=-1):
    x_size = tf.shape(x)
    x = tf.reshape(x, [x_size[1], x_size[0], x_size[2], x_size[3]])
    x = tf.slice(x, [1, 0, 0, 0], [-1, -1, -1, -1])
    x = tf.reshape(x, [x_size[0], x_size[1] - 1, x_size[2], x_size[3]])
    x = tf.slice(x, [0, 0, 0, 0], [-1, klen, -1, -1])
    return x

def _create_mask(tf, qlen, mlen, same_length=False):
    attn_mask = tf.ones([qlen, qlen], dtype=tf.float32)
    mask_u = tf.matrix_band_part(attn_mask, 0, -1)
    mask_dia = tf.matrix_band_part(attn_mask, 0, 0)
    attn_mask_pad = tf.zeros([qlen, mlen], dtype=tf.float32)
    ret = tf.concat([attn_mask_pad, mask_u - mask_dia], 1)
    if same_length:
        mask_l = tf.matrix_band_part(attn_mask, -1, 0)
        ret = tf.concat([ret[:, :qlen] + mask_l - mask_dia, ret[:, qlen:]], 1)
    return ret

def rel_attn_core(tf, q_head, k_head_h, v_head_h, k_head_r, seg_embed, seg_mat, r_w_bias, r_r_bias, r_s_bias, attn_mask, scale):
    ac = tf.einsum('ibnd,jbnd->ijbn', q_head + r_w_bias, k_head_h)
    bd = tf.einsum('ibnd,jbnd->ijbn', q_head + r_r_bias, k_head_r)
    bd = rel_shift(tf, bd, klen=tf.shape(ac)[1])
    ef = tf.einsum('ibnd,snd->ibns', q_head + r_s_bias, seg_embed)
    ef = tf.einsum('ijbs,ibns->ijbn', seg_mat, ef)
    attn_score = (ac + bd + ef) * scale
    attn_score = attn_score - 1e30 * attn_mask
    attn_prob = tf.nn.softmax(attn_score, 1)
    return tf.einsum('ijbn,jbnd->ibnd', attn_prob, v_head_h), attn_prob

def head_proj(tf, h, d_model, n_head, d_head, name, init):
    proj_weight = tf.get_variable('{}/kernel'.format(name), [d_model, n_head, d_head], dtype=h.dtype, initializer=init)
    return tf.einsum('ibh,hnd->ibnd', h, proj_weight)

def main(tf):
    tf.set_random_seed(8)
    res = {}
    L, bsz, d_model, n_head, d_head, mlen = 6, 2, 8, 2, 4, 2
    inputs = tf.constant([4, 7, 9, 3, 8, 10], tf.int64)
    is_masked = tf.constant([False, True, False, False, True, True])
    perm_mask, new_t, tmask, index = _local_perm(tf, inputs, inputs, is_masked, 3, L)
    init = tf.random_normal_initializer(stddev=0.3, seed=2)
    with tf.variable_scope('model'):
        emb = tf.get_variable('word_embedding/lookup_table', [12, d_model], initializer=init)
        inp = tf.placeholder(tf.int32, [L, bsz]); seg = tf.placeholder(tf.int32, [L, bsz])
        mems = tf.placeholder(tf.float32, [mlen, bsz, d_model])
        with tf.variable_scope('transformer'):
            r_w_bias = tf.get_variable('r_w_bias', [n_head, d_head], initializer=init)
            r_r_bias = tf.get_variable('r_r_bias', [n_head, d_head], initializer=init)
            r_s_bias = tf.get_variable('r_s_bias', [n_head, d_head], initializer=init)
            seg_embed = tf.get_variable('seg_embed', [2, n_head, d_head], initializer=init)
            word_emb_k = tf.nn.embedding_lookup(emb, inp)
            mask_emb = tf.get_variable('mask_emb/mask_emb', [1, 1, d_model], initializer=init)
            word_emb_q = tf.tile(mask_emb, [L, bsz, 1])
            mem_pad = tf.zeros([mlen, bsz], dtype=tf.int32)
            cat_ids = tf.concat([mem_pad, seg], 0)
            seg_mat = tf.cast(tf.logical_not(tf.equal(seg[:, None], cat_ids[None, :])), tf.int32)
            seg_mat = tf.one_hot(seg_mat, 2, dtype=tf.float32)
            attn_mask = _create_mask(tf, L, mlen, same_length=True)[:, :, None, None]
            pm = tf.tile(perm_mask[:, :, None], [1, 1, bsz])
            data_mask = tf.concat([tf.zeros([L, mlen, bsz]), pm], 1)[:, :, :, None]
            non_tgt_mask = -tf.eye(L, dtype=tf.float32)
            non_tgt_mask = tf.concat([tf.zeros([L, mlen]), non_tgt_mask], axis=-1)
            non_tgt_mask = tf.cast((tf.cast(data_mask, tf.float32) + non_tgt_mask[:, :, None, None]) > 0, dtype=tf.float32)
            pos_emb = relative_positional_encoding(tf, L, L + mlen, d_model, 3, True, bsz)
            with tf.variable_scope('layer_0/rel_attn'):
                cat = tf.concat([tf.stop_gradient(mems), word_emb_k], 0)
                k_h = head_proj(tf, cat, d_model, n_head, d_head, 'k', init)
                v_h = head_proj(tf, cat, d_model, n_head, d_head, 'v', init)
                k_r = head_proj(tf, pos_emb, d_model, n_head, d_head, 'r', init)
                q_h = head_proj(tf, word_emb_k, d_model, n_head, d_head, 'q', init)
                with tf.variable_scope(tf.get_variable_scope(), reuse=True):
                    q_g = head_proj(tf, word_emb_q, d_model, n_head, d_head, 'q', init)
                vec_h, prob_h = rel_attn_core(tf, q_h, k_h, v_h, k_r, seg_embed, seg_mat, r_w_bias, r_r_bias, r_s_bias, non_tgt_mask, 1 / d_head ** 0.5)
                vec_g, prob_g = rel_attn_core(tf, q_g, k_h, v_h, k_r, seg_embed, seg_mat, r_w_bias, r_r_bias, r_s_bias, attn_mask + data_mask, 1 / d_head ** 0.5)
                proj_o = tf.get_variable('o/kernel', [d_model, n_head, d_head], initializer=init)
                out_h = tf.einsum('ibnd,hnd->ibh', vec_h, proj_o) + word_emb_k
                out_g = tf.einsum('ibnd,hnd->ibh', vec_g, proj_o) + word_emb_q
    loss = tf.reduce_sum(tf.square(out_g)) + tf.reduce_mean(out_h)
    tv = tf.trainable_variables()
    res['vars'] = ['%s %s' % (v.name, v.shape) for v in tv]
    res['shapes'] = [str(t.shape) for t in (pos_emb, k_r, prob_h, seg_mat, non_tgt_mask, attn_mask)]
    grads = tf.gradients(loss, tv + [mems])
    res['mems_grad_none'] = grads[-1] is None
    grads = grads[:-1]
    rng = np.random.RandomState(3)
    feed = {inp: rng.randint(0, 12, (L, bsz)), seg: [[0, 0]] * 3 + [[1, 1]] * 2 + [[1, 0]], mems: rng.randn(mlen, bsz, d_model)}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        res['perm'] = sess.run([perm_mask, new_t, tmask, index])
        r = sess.run({'ph': prob_h, 'pg': prob_g, 'oh': out_h, 'og': out_g, 'g': grads, 'pos': pos_emb, 'm': attn_mask}, feed)
        res.update(r)
    return res
