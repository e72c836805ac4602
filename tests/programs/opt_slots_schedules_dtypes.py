"""Optimizer bookkeeping as TF1 training scripts used it: slot names and get_slot, the names
of slot and beta-power variables, a named AdamOptimizer with use_locking, learning rates from
a placeholder, exponential_decay, piecewise_constant and inverse_time_decay, compute_gradients
+ clip_by_global_norm + clip_by_value + apply_gradients(global_step), in float32 and float64."""
import numpy as np
TAGS = ['train']
TOLERANCE = {'*': (2e-5, 1e-6)}


def main(tf):
    out = {}
    rng = np.random.RandomState(11)
    x_d = rng.randn(8, 3).astype(np.float32)
    y_d = rng.randn(8, 1).astype(np.float32)
    for dt_name in ('float32', 'float64'):
        dt = getattr(tf, dt_name)
        for name in ('adam', 'rmsprop', 'momentum', 'adagrad', 'ftrl', 'adadelta'):
            with tf.Graph().as_default():
                step = tf.train.get_or_create_global_step()
                lr_ph = tf.placeholder(dt, [], name='lr')
                if name == 'adam':
                    lr = tf.train.exponential_decay(0.05, step, 3, 0.5, staircase=True)
                    opt = tf.train.AdamOptimizer(tf.cast(lr, dt), use_locking=True, name='MyAdam')
                elif name == 'rmsprop':
                    lr = tf.train.piecewise_constant(step, [2, 4], [0.1, 0.05, 0.01])
                    opt = tf.train.RMSPropOptimizer(tf.cast(lr, dt), centered=True)
                elif name == 'momentum':
                    opt = tf.train.MomentumOptimizer(lr_ph, 0.9, use_nesterov=True)
                elif name == 'adagrad':
                    lr = tf.train.inverse_time_decay(0.5, step, 1, 0.5)
                    opt = tf.train.AdagradOptimizer(tf.cast(lr, dt))
                elif name == 'ftrl':
                    opt = tf.train.FtrlOptimizer(lr_ph, l1_regularization_strength=0.001)
                else:
                    opt = tf.train.AdadeltaOptimizer(lr_ph)
                with tf.variable_scope('model'):
                    w = tf.get_variable('w', [3, 1], dt, tf.glorot_uniform_initializer(seed=1))
                    b = tf.get_variable('b', [1], dt, tf.zeros_initializer())
                x = tf.constant(x_d.astype(dt_name))
                loss = tf.reduce_mean(tf.square(x[:, :1] * w[0] + x[:, 1:2] * w[1]
                                                + x[:, 2:] * w[2] + b - y_d.astype(dt_name)))
                gvs = opt.compute_gradients(loss)
                grads, norm = tf.clip_by_global_norm([g for g, _ in gvs], 0.5)
                clipped = [(tf.clip_by_value(g, -0.3, 0.3), v)
                           for g, (_, v) in zip(grads, gvs)]
                train = opt.apply_gradients(clipped, global_step=step, name='train_step')
                key = dt_name + '/' + name
                out[key + '/globals'] = sorted(v.op.name for v in tf.global_variables())
                out[key + '/trainables'] = sorted(v.op.name for v in tf.trainable_variables())
                out[key + '/slot_names'] = sorted(opt.get_slot_names())
                out[key + '/slot_of_w'] = sorted(opt.get_slot(w, s).op.name
                                                 for s in opt.get_slot_names())
                out[key + '/slot_dtype'] = [opt.get_slot(w, s).dtype.base_dtype.name
                                            for s in sorted(opt.get_slot_names())]
                out[key + '/train_op'] = [train.name, train.type]
                out[key + '/get_name'] = opt.get_name()
                with tf.Session() as sess:
                    sess.run(tf.global_variables_initializer())
                    losses, norms = [], []
                    for i in range(6):
                        losses.append(sess.run(loss))
                        sess.run(train, {lr_ph: 0.1 / (1 + i)})
                        norms.append(sess.run(norm))
                    out[key + '/losses'] = np.array(losses, np.float64)
                    out[key + '/norms'] = np.array(norms, np.float64)
                    out[key + '/w'] = sess.run(w).astype(np.float64)
                    out[key + '/step'] = sess.run(step)
                    out[key + '/slots'] = [sess.run(opt.get_slot(w, s)).astype(np.float64)
                                           for s in sorted(opt.get_slot_names())]
    return out
