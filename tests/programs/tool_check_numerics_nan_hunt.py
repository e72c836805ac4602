"""NaN hunting in a 2017 training script (the Stack Overflow / TF-guide recipe): tf.check_numerics
on logits and loss, tf.verify_tensor_all_finite, tf.add_check_numerics_ops() over a graph, and the
InvalidArgumentError texts they raise (NaN, Inf, both) with the gradient still flowing through
CheckNumerics."""
import numpy as np

TAGS = ['tooling', 'errors']


def err(fn):
    try:
        fn()
        return 'ok'
    except Exception as e:  # noqa
        msg = getattr(e, 'message', str(e))
        for line in msg.split('\n'):
            if line.strip() and not line[0].isspace() and not line.startswith(
                    ('Graph execution error', 'Detected at node', 'Node:')):
                return '%s: %s' % (type(e).__name__, line)
        return type(e).__name__


def main(tf):
    out = {}
    x = tf.placeholder(tf.float32, [None, 3], name='x')
    w = tf.Variable([[1.0], [2.0], [-1.0]], name='w')
    logits = tf.matmul(x, w, name='logits')
    safe = tf.check_numerics(logits, 'logits went bad', name='check_logits')
    logp = tf.log(tf.nn.sigmoid(safe), name='logp')
    loss = tf.reduce_mean(-logp, name='loss')
    checked = tf.debugging.check_numerics(loss, message='loss is not finite')
    verified = tf.verify_tensor_all_finite(tf.sqrt(x), 'sqrt of x')
    out['check_type'] = safe.op.type
    out['check_attr'] = safe.op.get_attr('message')
    out['verified_name'] = verified.name
    g = tf.gradients(checked, w)[0]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        good = np.array([[1.0, 0.5, 2.0], [0.1, 0.2, 0.3]], np.float32)
        out['loss_good'] = sess.run(checked, {x: good})
        out['grad_good'] = sess.run(g, {x: good})
        bad = np.array([[np.nan, 0.0, 1.0]], np.float32)
        out['err_nan'] = err(lambda: sess.run(checked, {x: bad}))
        inf = np.array([[np.inf, 0.0, 1.0]], np.float32)
        out['err_inf'] = err(lambda: sess.run(safe, {x: inf}))
        both = np.array([[np.inf, 0.0, 1.0], [-np.inf, 0.0, 0.0]], np.float32)
        out['err_infneg'] = err(lambda: sess.run(safe, {x: both}))
        out['err_sqrt'] = err(lambda: sess.run(verified, {x: -good}))
        out['sqrt_ok'] = sess.run(verified, {x: good})
    with tf.Graph().as_default():
        out.update(part2(tf, err))
    return out


def part2(tf, err):
    out = {}
    a = tf.placeholder(tf.float32, [2], name='a')
    b = tf.div(1.0, a, name='recip')
    c = tf.reduce_sum(b * 2.0, name='total')
    check_op = tf.add_check_numerics_ops()
    out['n_checks'] = len([op for op in tf.get_default_graph().get_operations()
                           if op.type == 'CheckNumerics'])
    out['check_op_type'] = check_op.type
    with tf.Session() as sess:
        out['total_ok'] = sess.run([c, check_op], {a: [1.0, 2.0]})[0]
        out['err_add'] = err(lambda: sess.run([c, check_op], {a: [0.0, 2.0]}))
        out['no_check'] = sess.run(c, {a: [0.0, 2.0]})
    return out
