"""Second derivatives and nested-structure functional ops (MAML-style inner loops, Newton steps,
2017-2019): tf.hessians of a scan-based loss, gradient of a gradient through tf.while_loop,
tf.map_fn with tuple dtype, scan with nested (dict/tuple) accumulators and reverse=True,
foldr over tuple elems, while_loop with return_same_structure and maximum_iterations."""
import numpy as np
TAGS = ['control_flow', 'gradients']
TOLERANCE = {'*': (1e-5, 1e-5)}


def main(tf):
    out = {}
    rng = np.random.RandomState(2)
    w = tf.Variable(rng.randn(3).astype(np.float32), name='w')
    xs = tf.constant(rng.randn(4, 3).astype(np.float32))
    # scan with a nested accumulator
    def step(acc, x):
        h = tf.tanh(acc['h'] * 0.5 + tf.reduce_sum(x * w))
        return {'h': h, 'stats': (acc['stats'][0] + h, tf.maximum(acc['stats'][1], h))}
    init = {'h': tf.constant(0.0), 'stats': (tf.constant(0.0), tf.constant(-1.0))}
    sc = tf.scan(step, xs, initializer=init)
    loss = tf.reduce_sum(sc['h'] ** 2) + sc['stats'][0][-1]
    # v1 while loops refuse second derivatives: Newton code unrolled the recurrence
    acc, hs = init, []
    for k in range(4):
        acc = step(acc, xs[k])
        hs.append(acc['h'])
    uloss = tf.reduce_sum(tf.stack(hs) ** 2) + acc['stats'][0]
    hess = tf.hessians(uloss, w)[0]
    g = tf.gradients(loss, w)[0]
    gu = tf.gradients(uloss, w)[0]
    gg = tf.gradients(tf.reduce_sum(gu * gu), w)[0]
    rs = tf.scan(lambda a, x: (a[0] * 0.9 + x, a[1] + 1), (xs[:, 0]),
                 initializer=(tf.constant(0.0), tf.constant(0)), reverse=True)
    # inner-loop SGD (MAML): gradient through gradient steps inside while_loop
    def inner(i, theta):
        l = tf.reduce_sum(tf.square(tf.matmul(xs, theta[:, None])[:, 0] - 1.0))
        return i + 1, theta - 0.05 * tf.gradients(l, theta)[0]
    try:
        _, adapted = tf.while_loop(lambda i, t: i < 3, inner, [tf.constant(0), w])
        out['maml_err'] = 'none'
    except ValueError as e:
        out['maml_err'] = str(e)[:120]
        theta = w
        for _ in range(3):  # unrolled, as MAML repos do
            theta = inner(0, theta)[1]
        adapted = theta
    meta = tf.reduce_sum(tf.square(adapted))
    gm = tf.gradients(meta, w)[0]
    # map_fn with tuple outputs
    mp = tf.map_fn(lambda r: (tf.reduce_sum(r), tf.cast(tf.argmax(r), tf.int32)), xs,
                   dtype=(tf.float32, tf.int32))
    fr = tf.foldr(lambda acc, e: acc * e[0] + e[1], (tf.range(1.0, 4.0), tf.constant([1.0, 0.5, 2.0])),
                  initializer=tf.constant(1.0))
    single = tf.while_loop(lambda v: v < 100.0, lambda v: v * 3.0, [tf.constant(1.0)],
                           maximum_iterations=3)
    same = tf.while_loop(lambda v: v < 100.0, lambda v: [v * 3.0], [tf.constant(1.0)],
                         return_same_structure=True)
    out['types'] = [str(isinstance(single, (list, tuple))), type(same).__name__, str(hess.shape), str(gm.shape)]
    out['names'] = [single.name, same[0].name]
    out['rs_dtypes'] = [t.dtype.name for t in rs]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out['vals'] = sess.run([sc, loss, uloss, hess, g, gu, gg, rs, adapted, gm, mp, fr, single, same])
    return out
