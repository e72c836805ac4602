"""minigo's dual_net.py (tensorflow/minigo, 2018): a residual tower of tf.layers.conv2d and
tf.layers.batch_normalization with a placeholder_with_default training flag, keras l2 kernel
regularizers gathered by tf.losses.get_regularization_losses into tf.add_n, a legal-move mask
with tf.where and -1e9 logits, policy cross-entropy + value MSE + L2, MomentumOptimizer with a
piecewise_constant learning rate on get_or_create_global_step, UPDATE_OPS control dependencies,
and inference with batch sizes 3 and 0."""
import numpy as np

TAGS = ['rl', 'train', 'layers', 'losses']

TOLERANCE = {'*': (2e-4, 2e-5)}
N = 5
F = 8


def model(tf, features, training):
    reg = tf.keras.regularizers.l2(0.5e-4)
    def bn(x, name=None):
        return tf.layers.batch_normalization(x, axis=-1, momentum=.95, epsilon=1e-5,
                                             center=True, scale=True, fused=True,
                                             training=training, name=name)
    def conv(x, filters=F, k=3, name=None):
        return tf.layers.conv2d(x, filters, k, padding='same', use_bias=False,
                                kernel_regularizer=reg, name=name)
    def res(x):
        y = tf.nn.relu(bn(conv(x)))
        y = bn(conv(y))
        return tf.nn.relu(y + x)
    h = tf.nn.relu(bn(conv(features, name='init_conv')))
    for _ in range(2):
        h = res(h)
    p = tf.nn.relu(bn(conv(h, 2, 1)))
    logits = tf.layers.dense(tf.reshape(p, [-1, N * N * 2]), N * N + 1, kernel_regularizer=reg)
    policy = tf.nn.softmax(logits, name='policy_output')
    v = tf.nn.relu(bn(conv(h, 1, 1)))
    v = tf.nn.relu(tf.layers.dense(tf.reshape(v, [-1, N * N]), 16, kernel_regularizer=reg))
    value = tf.nn.tanh(tf.squeeze(tf.layers.dense(v, 1, kernel_regularizer=reg), axis=[1]),
                       name='value_output')
    return logits, policy, value


def main(tf):
    tf.set_random_seed(7)
    rng = np.random.RandomState(0)
    x = tf.placeholder(tf.float32, [None, N, N, 3], name='pos_tensor')
    pi = tf.placeholder(tf.float32, [None, N * N + 1], name='pi_tensor')
    z = tf.placeholder(tf.float32, [None], name='value_tensor')
    training = tf.placeholder_with_default(False, [], name='training')
    logits, policy, value = model(tf, x, training)
    legal = tf.placeholder(tf.bool, [None, N * N + 1])
    masked = tf.where(legal, logits, tf.fill(tf.shape(logits), -1e9))
    masked_policy = tf.nn.softmax(masked)
    best = tf.argmax(masked, axis=1)
    policy_cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(
        logits=logits, labels=tf.stop_gradient(pi)))
    value_cost = tf.reduce_mean(tf.square(value - z))
    reg_losses = tf.losses.get_regularization_losses()
    l2_cost = tf.add_n(reg_losses)
    combined = policy_cost + value_cost + l2_cost
    gs = tf.train.get_or_create_global_step()
    lr = tf.train.piecewise_constant(gs, [2, 4], [0.1, 0.05, 0.01])
    opt = tf.train.MomentumOptimizer(lr, 0.9)
    update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    # the fetched costs read the weights: update them only after (no ref-variable race)
    with tf.control_dependencies(update_ops + [combined, policy_cost, value_cost, l2_cost]):
        train_op = opt.minimize(combined, global_step=gs)
    ent = -tf.reduce_mean(tf.reduce_sum(policy * tf.log(policy + 1e-12), axis=1))
    pol_acc = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(pi, 1), tf.argmax(logits, 1)), tf.float32))
    out = {'n_update_ops': len(update_ops), 'n_reg': len(reg_losses),
           'reg_names': sorted(t.op.name for t in reg_losses),
           'policy_shape': str(policy.shape), 'value_shape': str(value.shape),
           'masked_shape': masked.shape.as_list(), 'lr_dtype': lr.dtype.name}
    xs = (rng.rand(6, N, N, 3) > 0.5).astype(np.float32)
    pis = rng.dirichlet(np.ones(N * N + 1), 6).astype(np.float32)
    zs = rng.choice([-1., 1.], 6).astype(np.float32)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        hist = []
        for _ in range(5):
            _, c, pc, vc, l2, lrv = sess.run([train_op, combined, policy_cost, value_cost,
                                              l2_cost, lr],
                                             {x: xs, pi: pis, z: zs, training: True})
            hist.append([c, pc, vc, l2, lrv])
        out['hist'] = np.array(hist)
        lg = rng.rand(3, N * N + 1) > 0.3
        mp, b, pv, vv, e, acc = sess.run([masked_policy, best, policy, value, ent, pol_acc],
                                         {x: xs[:3], legal: lg, pi: pis[:3]})
        out.update(masked_policy=mp, best=b, policy=pv, value=vv, entropy=e, acc=acc,
                   gs=sess.run(gs))
        out['illegal_mass'] = float((mp * (~lg)).sum())
        mv = [v for v in tf.global_variables() if 'moving' in v.name]
        out['moving_names'] = [v.name for v in mv]
        out['moving_first'] = sess.run(mv[0])
        out['empty'] = sess.run([policy, value], {x: np.zeros((0, N, N, 3), np.float32)})
        out['empty_shapes'] = [list(a.shape) for a in out['empty']]
    return out
