"""openai/gpt-2 (2019) src/model.py + src/sample.py on a tiny hparams set: shape_list, conv1d as a
reshape + matmul, masked attention with past/presents, tf.while_loop sampling with
shape_invariants and back_prop=False, top_k_logits with tf.cond, top_p via tf.sort/tf.cumsum/
tf.gather_nd, seeded tf.multinomial; the LM loss and its gradients, variable names."""
import numpy as np
TAGS = ['nlp', 'control_flow', 'random', 'shapes']
TOLERANCE = {'*': (2e-4, 2e-5)}

class HParams(object):
    n_vocab, n_ctx, n_embd, n_head, n_layer = 17, 16, 12, 3, 2

def shape_list(tf, x):
    static = x.shape.as_list()
    dynamic = tf.shape(x)
    return [dynamic[i] if s is None else s for i, s in enumerate(static)]

def softmax(tf, x, axis=-1):
    x = x - tf.reduce_max(x, axis=axis, keepdims=True)
    ex = tf.exp(x)
    return ex / tf.reduce_sum(ex, axis=axis, keepdims=True)

def gelu(tf, x):
    return 0.5*x*(1+tf.tanh(np.sqrt(2/np.pi)*(x+0.044715*tf.pow(x, 3))))

def norm(tf, x, scope, *, axis=-1, epsilon=1e-5):
    with tf.variable_scope(scope):
        n_state = x.shape[-1].value
        g = tf.get_variable('g', [n_state], initializer=tf.constant_initializer(1))
        b = tf.get_variable('b', [n_state], initializer=tf.constant_initializer(0))
        u = tf.reduce_mean(x, axis=axis, keepdims=True)
        s = tf.reduce_mean(tf.square(x-u), axis=axis, keepdims=True)
        x = (x - u) * tf.rsqrt(s + epsilon)
        return x*g + b

def split_states(tf, x, n):
    *start, m = shape_list(tf, x)
    return tf.reshape(x, start + [n, m//n])

def merge_states(tf, x):
    *start, a, b = shape_list(tf, x)
    return tf.reshape(x, start + [a*b])

def conv1d(tf, x, scope, nf, *, w_init_stdev=0.02):
    with tf.variable_scope(scope):
        *start, nx = shape_list(tf, x)
        w = tf.get_variable('w', [1, nx, nf], initializer=tf.random_normal_initializer(stddev=w_init_stdev, seed=len(scope)))
        b = tf.get_variable('b', [nf], initializer=tf.constant_initializer(0))
        c = tf.reshape(tf.matmul(tf.reshape(x, [-1, nx]), tf.reshape(w, [-1, nf]))+b, start+[nf])
        return c

def attention_mask(tf, nd, ns, *, dtype):
    i = tf.range(nd)[:,None]
    j = tf.range(ns)
    m = i >= j - ns + nd
    return tf.cast(m, dtype)

def attn(tf, x, scope, n_state, *, past, hparams):
    assert x.shape.ndims == 3
    def split_heads(x):
        return tf.transpose(split_states(tf, x, hparams.n_head), [0, 2, 1, 3])
    def merge_heads(x):
        return merge_states(tf, tf.transpose(x, [0, 2, 1, 3]))
    def mask_attn_weights(w):
        _, _, nd, ns = shape_list(tf, w)
        b = attention_mask(tf, nd, ns, dtype=w.dtype)
        b = tf.reshape(b, [1, 1, nd, ns])
        w = w*b - tf.cast(1e10, w.dtype)*(1-b)
        return w
    def multihead_attn(q, k, v):
        w = tf.matmul(q, k, transpose_b=True)
        w = w * tf.rsqrt(tf.cast(v.shape[-1].value, w.dtype))
        w = mask_attn_weights(w)
        w = softmax(tf, w)
        return tf.matmul(w, v)
    with tf.variable_scope(scope):
        c = conv1d(tf, x, 'c_attn', n_state*3)
        q, k, v = map(split_heads, tf.split(c, 3, axis=2))
        present = tf.stack([k, v], axis=1)
        if past is not None:
            pk, pv = tf.unstack(past, axis=1)
            k = tf.concat([pk, k], axis=-2)
            v = tf.concat([pv, v], axis=-2)
        a = multihead_attn(q, k, v)
        a = merge_heads(a)
        a = conv1d(tf, a, 'c_proj', n_state)
        return a, present

def block(tf, x, scope, *, past, hparams):
    with tf.variable_scope(scope):
        nx = x.shape[-1].value
        a, present = attn(tf, norm(tf, x, 'ln_1'), 'attn', nx, past=past, hparams=hparams)
        x = x + a
        h = gelu(tf, conv1d(tf, norm(tf, x, 'ln_2'), 'c_fc', nx*4))
        x = x + conv1d(tf, h, 'c_proj', nx)
        return x, present

def past_shape(*, hparams, batch_size=None, sequence=None):
    return [batch_size, hparams.n_layer, 2, hparams.n_head, sequence, hparams.n_embd // hparams.n_head]

def model(tf, hparams, X, past=None, scope='model', reuse=False):
    with tf.variable_scope(scope, reuse=reuse):
        results = {}
        batch, sequence = shape_list(tf, X)
        wpe = tf.get_variable('wpe', [hparams.n_ctx, hparams.n_embd], initializer=tf.random_normal_initializer(stddev=0.01, seed=1))
        wte = tf.get_variable('wte', [hparams.n_vocab, hparams.n_embd], initializer=tf.random_normal_initializer(stddev=0.02, seed=2))
        past_length = 0 if past is None else tf.shape(past)[-2]
        positions = tf.tile(tf.expand_dims(past_length + tf.range(tf.shape(X)[1]), 0), [tf.shape(X)[0], 1])
        h = tf.gather(wte, X) + tf.gather(wpe, positions)
        presents = []
        pasts = tf.unstack(past, axis=1) if past is not None else [None] * hparams.n_layer
        for layer, past in enumerate(pasts):
            h, present = block(tf, h, 'h%d' % layer, past=past, hparams=hparams)
            presents.append(present)
        results['present'] = tf.stack(presents, axis=1)
        h = norm(tf, h, 'ln_f')
        h_flat = tf.reshape(h, [batch*sequence, hparams.n_embd])
        logits = tf.matmul(h_flat, wte, transpose_b=True)
        results['logits'] = tf.reshape(logits, [batch, sequence, hparams.n_vocab])
        return results

def top_k_logits(tf, logits, k):
    if k == 0:
        return logits
    def _top_k():
        values, _ = tf.nn.top_k(logits, k=k)
        min_values = values[:, -1, tf.newaxis]
        return tf.where(logits < min_values, tf.ones_like(logits, dtype=logits.dtype) * -1e10, logits)
    return tf.cond(tf.equal(k, 0), lambda: logits, lambda: _top_k())

def top_p_logits(tf, logits, p):
    batch, _ = logits.shape.as_list()
    sorted_logits = tf.sort(logits, direction='DESCENDING', axis=-1)
    cumulative_probs = tf.cumsum(tf.nn.softmax(sorted_logits, axis=-1), axis=-1)
    indices = tf.stack([tf.range(0, batch),
        tf.maximum(tf.reduce_sum(tf.cast(cumulative_probs <= p, tf.int32), axis=-1) - 1, 0)], axis=-1)
    min_values = tf.gather_nd(sorted_logits, indices)
    return tf.where(logits < min_values[:, None], tf.ones_like(logits) * -1e10, logits)

def sample_sequence(tf, hparams, length, context, batch_size, temperature=1, top_k=0, top_p=1):
    def step(hparams, tokens, past=None):
        lm_output = model(tf, hparams=hparams, X=tokens, past=past, reuse=tf.AUTO_REUSE)
        logits = lm_output['logits'][:, :, :hparams.n_vocab]
        presents = lm_output['present']
        presents.set_shape(past_shape(hparams=hparams, batch_size=batch_size))
        return {'logits': logits, 'presents': presents}
    with tf.name_scope('sample_sequence'):
        def body(past, prev, output):
            next_outputs = step(hparams, prev, past=past)
            logits = next_outputs['logits'][:, -1, :] / tf.to_float(temperature)
            logits = top_k_logits(tf, logits, k=top_k)
            logits = top_p_logits(tf, logits, p=top_p)
            samples = tf.multinomial(logits, num_samples=1, output_dtype=tf.int32, seed=7)
            return [next_outputs['presents'] if past is None else tf.concat([past, next_outputs['presents']], axis=-2),
                    samples, tf.concat([output, samples], axis=1)]
        past, prev, output = body(None, context, context)
        def cond(*args):
            return True
        _, _, tokens = tf.while_loop(cond=cond, body=body, maximum_iterations=length - 1,
            loop_vars=[past, prev, output],
            shape_invariants=[tf.TensorShape(past_shape(hparams=hparams, batch_size=batch_size)),
                              tf.TensorShape([batch_size, None]), tf.TensorShape([batch_size, None])],
            back_prop=False)
        return tokens, past

def main(tf):
    tf.set_random_seed(1234)
    hp = HParams()
    context = tf.placeholder(tf.int32, [2, None])
    out, past0 = sample_sequence(tf, hp, length=6, context=context, batch_size=2, temperature=0.7, top_k=5, top_p=0.9)
    lm = model(tf, hp, context, reuse=True)
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=context[:, 1:], logits=lm['logits'][:, :-1]))
    tvars = [v for v in tf.trainable_variables() if 'model' in v.name]
    grads = tf.gradients(loss, tvars)
    ctx = np.array([[1, 5, 3], [4, 4, 9]], np.int32)
    res = {'names': [v.name for v in tvars], 'shapes': [str(v.shape) for v in tvars],
           'out_shape': str(out.shape), 'past_shape': str(past0.shape), 'out_name': out.name}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        res['tokens'] = sess.run(out, {context: ctx})
        res['tokens2'] = sess.run(out, {context: ctx})
        l, g, logits = sess.run([loss, grads, lm['logits']], {context: ctx})
        res['loss'] = l; res['grads'] = g; res['logits'] = logits
        pk = sess.run(top_p_logits(tf, tf.constant([[1., 3., 2., 0.5]]), 0.8))
        res['top_p'] = pk
    return res
