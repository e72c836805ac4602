"""tf.gradients corner cases: grad_ys, stop_gradient, unconnected, aggregation, hessians,
custom_gradient, integer inputs, gradients through gather/where/maximum/clip."""
import numpy as np
TAGS = ['gradients']


def main(tf):
    out = {}
    x = tf.constant([[1.0, -2.0, 3.0], [0.5, 0.0, -1.5]])
    y = tf.reduce_sum(x ** 2 * tf.stop_gradient(x))
    out['stop'] = tf.Session().run(tf.gradients(y, x)[0])
    z = tf.nn.relu(x) * 3.0
    out['grad_ys'] = tf.Session().run(tf.gradients(z, x, grad_ys=tf.ones_like(z) * 2.0)[0])
    u = tf.Variable(1.0)
    g = tf.gradients(tf.reduce_sum(x), [u], unconnected_gradients='zero')
    g_none = tf.gradients(tf.reduce_sum(x), [u])
    out['unconnected_zero'] = tf.Session().run(g[0])
    out['unconnected_none'] = str(g_none[0])
    h = tf.hessians(tf.reduce_sum(x ** 3), x)[0]
    out['hessian_shape'] = np.array(h.shape.as_list())
    out['hessian'] = tf.Session().run(h)

    @tf.custom_gradient
    def clip_grad(t):
        def grad(dy):
            return tf.clip_by_value(dy, -0.5, 0.5)
        return tf.identity(t), grad
    out['custom'] = tf.Session().run(tf.gradients(tf.reduce_sum(clip_grad(x) * 4.0), x)[0])
    idx = tf.constant([0, 1, 1])
    gat = tf.gather(x, idx)
    out['gather_grad'] = tf.Session().run(tf.convert_to_tensor(tf.gradients(tf.reduce_sum(gat * 2.0), x)[0]))
    w = tf.where(x > 0, x * 2.0, x * x)
    out['where_grad'] = tf.Session().run(tf.gradients(tf.reduce_sum(w), x)[0])
    m = tf.maximum(x, tf.constant(0.5))
    out['max_grad'] = tf.Session().run(tf.gradients(tf.reduce_sum(m), x)[0])
    c = tf.clip_by_value(x, -1.0, 1.0)
    out['clip_grad'] = tf.Session().run(tf.gradients(tf.reduce_sum(c), x)[0])
    n = tf.norm(x, axis=1)
    out['norm_grad'] = tf.Session().run(tf.gradients(tf.reduce_sum(n), x)[0])
    s = tf.nn.softmax(x)
    out['softmax_jac_row'] = tf.Session().run(tf.gradients(s[0, 1], x)[0])
    p = tf.reduce_prod(x, axis=1)
    out['prod_grad'] = tf.Session().run(tf.gradients(tf.reduce_sum(p), x)[0])
    a = tf.reduce_max(tf.constant([[1.0, 3.0, 3.0]]) * x[:1], axis=1)
    out['max_tie_grad'] = tf.Session().run(tf.gradients(a, x)[0])
    return out
