"""tensorflow/models official/transformer (2018) condensed: model_utils' position encoding,
decoder self-attention bias via matrix_band_part, padding bias; multi-head attention with dense
layers without bias, split/combine heads; shared embedding weights used for the logits;
label-smoothed padded cross entropy; rsqrt learning-rate warmup; Adam(beta2=0.997); and a greedy
decode loop as tf.while_loop over a nested cache dict with shape invariants."""
import math

import numpy as np

TAGS = ['models', 'while_loop', 'train']

TOLERANCE = {'*': (1e-4, 1e-5), 'cache_k': (2e-3, 2e-4)}  # Adam(epsilon=1e-9) magnifies float32 rounding
V, H, HEADS, L = 12, 8, 2, 5


def main(tf):
    tf.set_random_seed(4)

    def position_encoding(length, hidden, min_ts=1.0, max_ts=1.0e4):
        position = tf.cast(tf.range(length), tf.float32)
        num_ts = hidden // 2
        log_inc = math.log(float(max_ts) / float(min_ts)) / (tf.cast(num_ts, tf.float32) - 1)
        inv = min_ts * tf.exp(tf.cast(tf.range(num_ts), tf.float32) * -log_inc)
        scaled = tf.expand_dims(position, 1) * tf.expand_dims(inv, 0)
        return tf.concat([tf.sin(scaled), tf.cos(scaled)], axis=1)

    def decoder_bias(length):
        with tf.name_scope('decoder_self_attention_bias'):
            lower = tf.matrix_band_part(tf.ones([length, length]), -1, 0)
            return tf.reshape(-1e9 * (1.0 - lower), [1, 1, length, length])

    def padding_bias(x):
        with tf.name_scope('attention_bias'):
            padding = tf.to_float(tf.equal(x, 0))
            return tf.expand_dims(tf.expand_dims(padding * -1e9, axis=1), axis=1)

    with tf.variable_scope('embedding_shared_weights', reuse=tf.AUTO_REUSE):
        emb = tf.get_variable('weights', [V, H],
                              initializer=tf.random_normal_initializer(0., H ** -0.5, seed=1))

    def embed(ids):
        e = tf.gather(emb, ids) * H ** 0.5
        return e * tf.expand_dims(tf.to_float(tf.not_equal(ids, 0)), -1)

    def attention(x, y, bias, name, cache=None):
        with tf.variable_scope(name, reuse=tf.AUTO_REUSE):
            dense = lambda n: tf.layers.Dense(H, use_bias=False, name=n,  # noqa: E731
                                              kernel_initializer=tf.glorot_uniform_initializer(seed=len(n)))
            q, k, v = dense('q')(x), dense('k')(y), dense('v')(y)
            if cache is not None:
                k = tf.concat([cache['k'], k], axis=1)
                v = tf.concat([cache['v'], v], axis=1)
                cache['k'], cache['v'] = k, v

            def split(t):
                b, n = tf.shape(t)[0], tf.shape(t)[1]
                return tf.transpose(tf.reshape(t, [b, n, HEADS, H // HEADS]), [0, 2, 1, 3])
            q, k, v = split(q) * (H // HEADS) ** -0.5, split(k), split(v)
            w = tf.nn.softmax(tf.matmul(q, k, transpose_b=True) + bias, name='attention_weights')
            out = tf.transpose(tf.matmul(w, v), [0, 2, 1, 3])
            out = tf.reshape(out, [tf.shape(out)[0], -1, H])
            return dense('output_transform')(out)

    def logits_of(x):
        b, n = tf.shape(x)[0], tf.shape(x)[1]
        return tf.reshape(tf.matmul(tf.reshape(x, [-1, H]), emb, transpose_b=True), [b, n, V])

    targets = tf.constant([[3, 5, 7, 2, 0], [4, 4, 9, 1, 0]], tf.int32)
    dec_in = tf.pad(targets, [[0, 0], [1, 0]])[:, :-1]
    x = embed(dec_in) + position_encoding(L, H)
    x = x + attention(x, x, decoder_bias(L), 'self_attention')
    def layer_norm(x, epsilon=1e-6):
        with tf.variable_scope('layer_normalization'):
            scale = tf.get_variable('layer_norm_scale', [H], initializer=tf.ones_initializer())
            bias = tf.get_variable('layer_norm_bias', [H], initializer=tf.zeros_initializer())
            mean = tf.reduce_mean(x, axis=[-1], keepdims=True)
            variance = tf.reduce_mean(tf.square(x - mean), axis=[-1], keepdims=True)
            return (x - mean) * tf.rsqrt(variance + epsilon) * scale + bias

    logits = logits_of(layer_norm(x))

    def padded_cross_entropy(logits, labels, smoothing, vocab):
        confidence = 1.0 - smoothing
        low = (1.0 - confidence) / tf.to_float(vocab - 1)
        soft = tf.one_hot(tf.cast(labels, tf.int32), depth=vocab, on_value=confidence,
                          off_value=low)
        xent = tf.nn.softmax_cross_entropy_with_logits_v2(logits=logits, labels=soft)
        normalizing = -(confidence * tf.log(confidence) +
                        tf.to_float(vocab - 1) * low * tf.log(low + 1e-20))
        weights = tf.to_float(tf.not_equal(labels, 0))
        return (xent - normalizing) * weights, weights

    xent, weights = padded_cross_entropy(logits, targets, 0.1, V)
    loss = tf.reduce_sum(xent) / tf.reduce_sum(weights)
    step = tf.train.get_or_create_global_step()
    warm = tf.to_float(3)
    lr = 2.0 * H ** -0.5 * tf.minimum(1.0, tf.to_float(step + 1) / warm) * tf.rsqrt(
        tf.maximum(tf.to_float(step + 1), warm))
    opt = tf.train.AdamOptimizer(lr, beta1=0.9, beta2=0.997, epsilon=1e-9)
    train = opt.minimize(loss, step)

    # greedy decoding with a growing cache
    bias_pad = padding_bias(targets)

    def symbols_to_logits(ids, i, cache):
        dec = embed(ids[:, -1:]) + position_encoding(L + 1, H)[i:i + 1]
        sb = decoder_bias(L + 1)[:, :, i:i + 1, :i + 1]
        out = dec + attention(dec, dec, sb, 'self_attention', cache)
        return logits_of(out)[:, -1, :], cache

    batch = 2
    init_cache = {'k': tf.zeros([batch, 0, H]), 'v': tf.zeros([batch, 0, H])}

    def cond(i, ids, cache):
        return i < L

    def body(i, ids, cache):
        lg, cache = symbols_to_logits(ids, i, dict(cache))
        nxt = tf.argmax(lg, axis=-1, output_type=tf.int32)
        return i + 1, tf.concat([ids, nxt[:, None]], 1), cache

    _, decoded, final_cache = tf.while_loop(
        cond, body, [tf.constant(0), tf.zeros([batch, 1], tf.int32), init_cache],
        shape_invariants=[tf.TensorShape([]), tf.TensorShape([None, None]),
                          {'k': tf.TensorShape([None, None, H]), 'v': tf.TensorShape([None, None, H])}])
    out = {'bias_pad_shape': bias_pad.shape.as_list(), 'decoded_shape': str(decoded.shape),
           'cache_shape': str(final_cache['k'].shape),
           'trainable': [v.name for v in tf.trainable_variables()]}
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        out['pos'] = s.run(position_encoding(4, H))
        losses = []
        for _ in range(4):
            losses.append(s.run([loss, train, lr])[0::2])
        out['losses'] = np.array(losses)
        out['decoded'], out['cache_k'] = s.run([decoded, final_cache['k']])
    return out
