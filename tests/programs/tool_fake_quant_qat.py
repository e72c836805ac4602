"""Quantization-aware training ops as TF1 QAT code used them (2018): fake_quant_with_min_max_args /
_vars / _vars_per_channel (narrow_range, 4-7 bits) in a loss, their gradients via tf.gradients and the
explicit *_gradient ops, op names/attrs, and the run-time error of an empty range."""
import numpy as np
TAGS = ['gradients', 'nn', 'errors']


def main(tf):
    tf.set_random_seed(1)
    rng = np.random.RandomState(0)
    xv = (rng.randn(4, 6) * 3).astype(np.float32)
    x = tf.placeholder(tf.float32, [None, 6], name='x')
    r = {}
    a = tf.quantization.fake_quant_with_min_max_args(x, min=-2.5, max=3.1, num_bits=8, name='fq_args')
    a4 = tf.fake_quant_with_min_max_args(x, min=-1.0, max=1.0, num_bits=4, narrow_range=True)
    mn = tf.Variable(-1.7, name='act_min', trainable=True)
    mx = tf.Variable(2.2, name='act_max', trainable=True)
    v = tf.quantization.fake_quant_with_min_max_vars(x, mn, mx, num_bits=8, name='fq_vars')
    v5 = tf.fake_quant_with_min_max_vars(x, mn, mx, num_bits=5, narrow_range=True)
    pmin = tf.Variable(np.array([-1, -2, -0.5, -3, 0.2, -1], np.float32), name='pc_min')
    pmax = tf.Variable(np.array([1, 2.5, 0.5, 3, 4, 0.1], np.float32), name='pc_max')
    pc = tf.quantization.fake_quant_with_min_max_vars_per_channel(x, pmin, pmax, num_bits=7,
                                                                    name='fq_pc')
    loss = tf.reduce_sum(tf.square(a) + v * 1.5 + pc * tf.range(6, dtype=tf.float32)) + tf.reduce_sum(v5 * a4)
    gx, gmn, gmx, gpmin, gpmax = tf.gradients(loss, [x, mn, mx, pmin, pmax])
    up = tf.ones_like(x) * 0.5
    ga = tf.quantization.fake_quant_with_min_max_args_gradient(up, x, min=-2.5, max=3.1)
    gv = tf.quantization.fake_quant_with_min_max_vars_gradient(up, x, mn, mx, num_bits=6)
    gpc = tf.quantization.fake_quant_with_min_max_vars_per_channel_gradient(up, x, pmin, pmax)
    r['names'] = [a.op.name, a.op.type, v.op.name, v.op.type, pc.op.name, pc.op.type,
                  a4.op.name, v5.op.name, ga.op.type, gv[0].op.type, gpc[0].op.type]
    r['shapes'] = [str(t.shape) for t in [a, v, pc] + list(gv) + list(gpc)]
    r['attrs'] = [a.op.get_attr('min'), a.op.get_attr('max'), a.op.get_attr('num_bits'),
                  a4.op.get_attr('narrow_range'), v5.op.get_attr('num_bits')]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        outs = sess.run([a, a4, v, v5, pc, gx, gmn, gmx, gpmin, gpmax, ga] + list(gv) + list(gpc),
                        {x: xv})
    for i, o in enumerate(outs):
        r['o%d' % i] = o
    # an invalid range is an error at run time
    try:
        bad = tf.fake_quant_with_min_max_args(x, min=1.0, max=-1.0)
        with tf.Session() as sess:
            sess.run(bad, {x: xv})
        r['bad'] = 'no error'
    except Exception as e:
        r['bad'] = type(e).__name__
    return r
