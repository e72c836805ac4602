"""Neural-ODE style training in TF1 (before tfdiffeq): a fixed-step RK4 integrator unrolled in
tf.while_loop with a TensorArray of states, the dynamics an MLP f(t, y) in float64, the loss
on the trajectory back-propagated through the loop (tf.gradients through While), maximum_iterations,
parallel_iterations=1, tf.scan Euler, a Python-unrolled RK4 for comparison, and TF's TypeError for
a body returning a tuple where maximum_iterations wraps list loop_vars."""
import numpy as np
TAGS = ['train', 'control_flow', 'gradients', 'layers', 'random']
TOLERANCE = {'*': (1e-6, 1e-9)}


def dynamics(tf, t, y, reuse=True):
    with tf.variable_scope('f', reuse=reuse):
        h = tf.layers.dense(tf.concat([y, tf.fill([tf.shape(y)[0], 1], t)], 1), 16,
                            activation=tf.nn.softplus, name='l1',
                            kernel_initializer=tf.glorot_uniform_initializer(seed=1))
        return tf.layers.dense(h, 2, name='l2',
                               kernel_initializer=tf.glorot_uniform_initializer(seed=2))


def rk4_step(tf, t, y, dt):
    k1 = dynamics(tf, t, y)
    k2 = dynamics(tf, t + dt / 2, y + dt * k1 / 2)
    k3 = dynamics(tf, t + dt / 2, y + dt * k2 / 2)
    k4 = dynamics(tf, t + dt, y + dt * k3)
    return y + dt * (k1 + 2 * k2 + 2 * k3 + k4) / 6


def main(tf):
    tf.set_random_seed(123)
    n_steps, dt = 20, 0.05
    y0 = tf.placeholder(tf.float64, [None, 2], name='y0')
    dynamics(tf, tf.constant(0.0, tf.float64), y0, reuse=False)
    ta = tf.TensorArray(tf.float64, size=n_steps, clear_after_read=False)

    def body(i, t, y, ta):
        y_new = rk4_step(tf, t, y, tf.constant(dt, tf.float64))
        return [i + 1, t + dt, y_new, ta.write(i, y_new)]

    _, t_end, y_end, ta = tf.while_loop(lambda i, t, y, ta: i < n_steps, body,
                                        [tf.constant(0), tf.constant(0.0, tf.float64), y0, ta],
                                        parallel_iterations=1, maximum_iterations=n_steps)
    traj = tf.transpose(ta.stack(), [1, 0, 2])
    # target: a damped spiral
    ts = dt * np.arange(1, n_steps + 1)
    y0_np = np.array([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5]])
    A = np.array([[-0.1, 2.0], [-2.0, -0.1]])
    from numpy.linalg import eig
    w, V = eig(A)
    target = np.stack([np.real(V @ np.diag(np.exp(w * t)) @ np.linalg.inv(V) @ y0_np.T).T
                       for t in ts], 1)
    loss = tf.reduce_mean(tf.abs(traj - target))
    params = tf.trainable_variables()
    grads = tf.gradients(loss, params)
    train = tf.train.AdamOptimizer(0.02).apply_gradients(zip(grads, params))

    # Python-unrolled RK4 and a tf.scan Euler integrator for comparison
    y = y0
    for k in range(5):
        y = rk4_step(tf, tf.constant(k * dt, tf.float64), y, tf.constant(dt, tf.float64))
    euler = tf.scan(lambda acc, t: acc + dt * dynamics(tf, t, acc),
                    tf.constant(dt * np.arange(5), tf.float64), initializer=y0)
    out = {'vars': [v.name for v in params],
           'shapes': [str(traj.shape), str(y_end.shape), str(euler.shape)],
           'dtypes': [traj.dtype.name, t_end.dtype.name] + [g.dtype.name for g in grads]}
    try:   # TF only forces the first layer to a list: the counter wraps loop_vars
        tf.while_loop(lambda i, y: i < 3, lambda i, y: (i + 1, y), [0, y0], maximum_iterations=3)
    except TypeError as e:
        out['structure_err'] = str(e).split('Entire first')[1]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        feed = {y0: y0_np}
        out['traj0'] = sess.run(traj, feed)[:, ::5]
        out['unrolled_vs_loop'] = sess.run([y, traj[:, 4]], feed)
        out['euler'] = sess.run(euler, feed)
        g0 = sess.run(grads, feed)
        out['grads0'] = [g[:2] for g in g0]
        losses = []
        for _ in range(15):
            l, _ = sess.run([loss, train], feed)
            losses.append(l)
        out['losses'] = losses
        out['t_end'] = sess.run(t_end, feed)
    return out
