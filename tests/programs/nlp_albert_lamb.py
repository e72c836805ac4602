"""google-research/albert modeling.py + lamb_optimizer.py: factorized embeddings with
embedding_hidden_mapping_in, cross-layer sharing under tf.variable_scope(reuse=tf.AUTO_REUSE),
einsum dense_layer_3d / dense_layer_3d_proj / dense_layer_2d, einsum attention, masked-LM
gather_indexes with flat offsets, sentence-order head, LAMB optimizer with trust ratio."""
import re
import numpy as np
TAGS = ['nlp', 'train', 'variables', 'linalg']
TOLERANCE = {'*': (3e-4, 3e-5)}

def init(tf, seed):
    return tf.truncated_normal_initializer(stddev=0.1, seed=seed)

def get_shape_list(tf, t):
    shape = t.shape.as_list()
    dyn = tf.shape(t)
    return [dyn[i] if d is None else d for i, d in enumerate(shape)]

def einsum_via_matmul(tf, input_tensor, w, num_inner_dims):
    input_shape = get_shape_list(tf, input_tensor)
    w_shape = get_shape_list(tf, w)
    batch_dims = input_shape[: -num_inner_dims]
    inner_dims = input_shape[-num_inner_dims:]
    outer_dims = w_shape[num_inner_dims:]
    inner_dim = np.prod(inner_dims)
    outer_dim = np.prod(outer_dims)
    if num_inner_dims > 1:
        input_tensor = tf.reshape(input_tensor, batch_dims + [inner_dim])
    if len(w_shape) > 2:
        w = tf.reshape(w, [inner_dim, outer_dim])
    ret = tf.matmul(input_tensor, w)
    if len(outer_dims) > 1:
        ret = tf.reshape(ret, batch_dims + outer_dims)
    return ret

def dense_layer_3d(tf, x, num_heads, head_size, seed, name, use_einsum):
    hidden = x.shape[-1]
    with tf.variable_scope(name):
        w = tf.get_variable("kernel", [hidden, num_heads * head_size], initializer=init(tf, seed))
        w = tf.reshape(w, [hidden, num_heads, head_size])
        b = tf.get_variable("bias", [num_heads * head_size], initializer=tf.zeros_initializer)
        b = tf.reshape(b, [num_heads, head_size])
        if use_einsum:
            ret = tf.einsum("BFH,HND->BFND", x, w)
        else:
            ret = einsum_via_matmul(tf, x, w, 1)
        return ret + b

def dense_layer_3d_proj(tf, x, hidden, head_size, seed, name):
    num_heads = x.shape[2]
    with tf.variable_scope(name):
        w = tf.get_variable("kernel", [num_heads * head_size, hidden], initializer=init(tf, seed))
        w = tf.reshape(w, [num_heads, head_size, hidden])
        b = tf.get_variable("bias", [hidden], initializer=tf.zeros_initializer)
        return tf.einsum("BFND,NDH->BFH", x, w) + b

def dense_layer_2d(tf, x, out, seed, name, act=None):
    with tf.variable_scope(name):
        w = tf.get_variable("kernel", [x.shape[-1], out], initializer=init(tf, seed))
        b = tf.get_variable("bias", [out], initializer=tf.zeros_initializer)
        r = tf.einsum("BFH,HO->BFO", x, w) + b
        return act(r) if act is not None else r

def layer_norm(tf, x, name):
    with tf.variable_scope(name):
        g = tf.get_variable("gamma", [x.shape[-1]], initializer=tf.ones_initializer())
        b = tf.get_variable("beta", [x.shape[-1]], initializer=tf.zeros_initializer())
        m, v = tf.nn.moments(x, axes=[-1], keep_dims=True)
        return tf.nn.batch_normalization(x, m, v, b, g, 1e-12)

def gather_indexes(tf, sequence_tensor, positions):
    sequence_shape = get_shape_list(tf, sequence_tensor)
    batch_size, seq_length, width = sequence_shape
    flat_offsets = tf.reshape(tf.range(0, batch_size, dtype=tf.int32) * seq_length, [-1, 1])
    flat_positions = tf.reshape(positions + flat_offsets, [-1])
    flat_sequence_tensor = tf.reshape(sequence_tensor, [batch_size * seq_length, width])
    return tf.gather(flat_sequence_tensor, flat_positions)

def model(tf, ids, mask, V, E, Hd, N, L):
    with tf.variable_scope("bert"):
        with tf.variable_scope("embeddings"):
            table = tf.get_variable("word_embeddings", [V, E], initializer=init(tf, 1))
            emb = tf.nn.embedding_lookup(table, ids)
            emb = layer_norm(tf, emb, "LayerNorm")
        with tf.variable_scope("encoder"):
            h = dense_layer_2d(tf, emb, Hd, 2, "embedding_hidden_mapping_in")
            am = (1.0 - tf.cast(mask[:, None, None, :], tf.float32)) * -10000.0
            for layer in range(L):
                with tf.variable_scope("transformer/group_0", reuse=tf.AUTO_REUSE):
                    with tf.variable_scope("inner_group_0"):
                        with tf.variable_scope("attention_1/self"):
                            q = dense_layer_3d(tf, h, N, Hd // N, 3, "query", True)
                            k = dense_layer_3d(tf, h, N, Hd // N, 4, "key", False)
                            v = dense_layer_3d(tf, h, N, Hd // N, 5, "value", True)
                            q = tf.transpose(q, [0, 2, 1, 3]); k = tf.transpose(k, [0, 2, 1, 3]); v = tf.transpose(v, [0, 2, 1, 3])
                            s = tf.einsum("BNFH,BNTH->BNFT", q, k) * (1.0 / np.sqrt(Hd // N)) + am
                            p = tf.nn.softmax(s)
                            c = tf.einsum("BNFT,BNTH->BFNH", p, v)
                        with tf.variable_scope("attention_1/output"):
                            a = dense_layer_3d_proj(tf, c, Hd, Hd // N, 6, "dense")
                        h = layer_norm(tf, a + h, "LayerNorm")
                        with tf.variable_scope("ffn_1/intermediate"):
                            f = dense_layer_2d(tf, h, 2 * Hd, 7, "dense", act=tf.nn.relu)
                            with tf.variable_scope("output"):
                                f = dense_layer_2d(tf, f, Hd, 8, "dense")
                        h = layer_norm(tf, f + h, "LayerNorm_1")
        with tf.variable_scope("pooler"):
            pooled = tf.layers.dense(tf.squeeze(h[:, 0:1, :], axis=1), Hd, activation=tf.tanh, kernel_initializer=init(tf, 9))
    return h, pooled, table

def lamb_update(tf, loss, lr, wd=0.01, b1=0.9, b2=0.999, eps=1e-6, exclude=("LayerNorm", "bias")):
    tvars = tf.trainable_variables()
    grads = tf.gradients(loss, tvars)
    grads, _ = tf.clip_by_global_norm(grads, 1.0)
    ops = []
    ratios = []
    for g, p in zip(grads, tvars):
        name = re.match("^(.*):\\d+$", p.name).group(1)
        m = tf.get_variable(name + "/adam_m", p.shape.as_list(), tf.float32, trainable=False, initializer=tf.zeros_initializer())
        v = tf.get_variable(name + "/adam_v", p.shape.as_list(), tf.float32, trainable=False, initializer=tf.zeros_initializer())
        nm = b1 * m + (1 - b1) * g
        nv = b2 * v + (1 - b2) * tf.square(g)
        upd = nm / (tf.sqrt(nv) + eps)
        if not any(re.search(r, name) for r in exclude):
            upd += wd * p
        w_norm = tf.norm(p, ord=2); g_norm = tf.norm(upd, ord=2)
        ratio = tf.where(tf.greater(w_norm, 0), tf.where(tf.greater(g_norm, 0), (w_norm / g_norm), 1.0), 1.0)
        ratios.append(ratio)
        ops.extend([p.assign(p - ratio * lr * upd), m.assign(nm), v.assign(nv)])
    return tf.group(*ops), ratios

def main(tf):
    tf.set_random_seed(21)
    res = {}
    V, E, Hd, N, L, B, S = 20, 6, 12, 3, 2, 2, 7
    ids = tf.placeholder(tf.int32, [B, S]); mask = tf.placeholder(tf.int32, [B, S])
    pos = tf.placeholder(tf.int32, [B, 2]); lab = tf.placeholder(tf.int32, [B, 2]); lw = tf.placeholder(tf.float32, [B, 2])
    sop = tf.placeholder(tf.int32, [B])
    h, pooled, table = model(tf, ids, mask, V, E, Hd, N, L)
    with tf.variable_scope("cls/predictions"):
        x = gather_indexes(tf, h, pos)
        x = tf.layers.dense(x, E, activation=tf.nn.relu, kernel_initializer=init(tf, 10), name="transform/dense")
        ob = tf.get_variable("output_bias", [V], initializer=tf.zeros_initializer())
        logits = tf.nn.bias_add(tf.matmul(x, table, transpose_b=True), ob)
        lp = tf.nn.log_softmax(logits, axis=-1)
        per = -tf.reduce_sum(lp * tf.one_hot(tf.reshape(lab, [-1]), V, dtype=tf.float32), axis=[-1])
        w = tf.reshape(lw, [-1])
        mlm = tf.reduce_sum(w * per) / (tf.reduce_sum(w) + 1e-5)
    with tf.variable_scope("cls/seq_relationship"):
        ow = tf.get_variable("output_weights", [2, Hd], initializer=init(tf, 11))
        sl = tf.matmul(pooled, ow, transpose_b=True)
        sop_loss = tf.losses.sparse_softmax_cross_entropy(sop, sl)
    loss = mlm + sop_loss
    res['vars'] = ['%s %s' % (v.op.name, v.shape) for v in tf.trainable_variables()]
    train, ratios = lamb_update(tf, loss, 0.05)
    rng = np.random.RandomState(4)
    feed = {ids: rng.randint(0, V, (B, S)), mask: [[1] * 7, [1] * 5 + [0] * 2], pos: [[1, 3], [0, 4]],
            lab: rng.randint(0, V, (B, 2)), lw: [[1, 1], [1, 0]], sop: [0, 1]}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        hist = []
        for i in range(4):
            l, r = sess.run([loss, ratios], feed)
            sess.run(train, feed)
            hist.append(l)
        res['hist'] = np.array(hist)
        # key/bias has a zero true gradient (softmax shift invariance): its ratio is rounding noise
        res['ratios'] = np.array([x for x, v in zip(r, tf.trainable_variables()) if 'key/bias' not in v.name])
        res['h'] = sess.run(h, feed)
    res['nglobal'] = len(tf.global_variables())
    return res
