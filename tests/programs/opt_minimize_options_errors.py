"""Optimizer options and mistakes as TF1 training scripts met them: compute_gradients with
GATE_GRAPH, EXPERIMENTAL_TREE aggregation and colocate_gradients_with_ops, None gradients for a
variable the loss does not use, minimize(var_list=, grad_loss=, name=), global_step, and the
errors for no gradients, an empty list, a non-variable, an int loss, a bad gate and a dtype
mismatch; then the values after one SGD and three Adam steps."""
import numpy as np
TAGS = ['train']
TOLERANCE = {'*': (1e-6, 1e-7)}


def _err(fn):
    try:
        fn()
        return ['no error']
    except Exception as ex:  # pylint: disable=broad-except
        return [type(ex).__name__, str(ex).split('\n')[0][:160]]


def main(tf):
    out = {}
    tf.set_random_seed(4)
    x = tf.constant(np.arange(6, dtype=np.float32).reshape(3, 2) / 6.0)
    w = tf.get_variable('w', [2, 2], initializer=tf.constant_initializer([[0.5, -0.2], [0.1, 0.3]]))
    u = tf.get_variable('u', [2], initializer=tf.ones_initializer())
    frozen = tf.get_variable('frozen', [2], initializer=tf.ones_initializer(), trainable=False)
    unused = tf.get_variable('unused', [3], initializer=tf.zeros_initializer())
    y = tf.matmul(x, w) * u * frozen
    loss = tf.reduce_sum(tf.square(y - 1.0))
    opt = tf.train.AdamOptimizer(0.1)
    gvs = opt.compute_gradients(loss, gate_gradients=tf.train.Optimizer.GATE_GRAPH,
                                aggregation_method=tf.AggregationMethod.EXPERIMENTAL_TREE,
                                colocate_gradients_with_ops=True)
    out['gv_vars'] = [v.op.name for _, v in gvs]
    out['gv_none'] = [g is None for g, _ in gvs]
    out['no_grad_err'] = _err(lambda: opt.minimize(loss, var_list=[unused]))
    out['empty_err'] = _err(lambda: opt.apply_gradients([]))
    out['none_err'] = _err(lambda: opt.apply_gradients([(None, unused)]))
    out['bad_pair'] = _err(lambda: opt.apply_gradients([(tf.ones([3]), 'notavar')]))
    out['int_loss'] = _err(lambda: opt.compute_gradients(tf.constant(3)))
    out['bad_gate'] = _err(lambda: opt.compute_gradients(loss, gate_gradients=7))
    sgd = tf.train.GradientDescentOptimizer(0.5)
    t1 = sgd.minimize(loss, var_list=[w], grad_loss=tf.constant(2.0), name='only_w')
    step = tf.train.get_or_create_global_step()
    t2 = opt.minimize(loss, global_step=step)
    out['t1'] = [t1.name, t1.type]
    out['t2'] = [t2.name, t2.type]
    out['globals'] = sorted(v.op.name for v in tf.global_variables())
    out['mom_lr_err'] = _err(lambda: tf.train.MomentumOptimizer(0.1, 0.9).apply_gradients(
        [(tf.ones([2, 2], tf.float64), w)]))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(t1)
        out['w_after_sgd'] = sess.run(w)
        out['u_after_sgd'] = sess.run(u)
        for _ in range(3):
            sess.run(t2)
        out['w'], out['u'], out['frozen'], out['step'] = sess.run([w, u, frozen, step])
        out['beta1_power'] = sess.run(opt._get_beta_accumulators()[0])
    return out
