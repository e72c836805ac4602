"""Every core TF1 optimizer (GradientDescent, Momentum/Nesterov, Adagrad, AdagradDA, Adadelta,
RMSProp plain/momentum/centered, Adam, Ftrl with l1/l2/l2_shrinkage and learning_rate_power -0.5 and
0, ProximalAdagrad, ProximalGradientDescent) for 20 steps on a dense weight and an embedding whose
gradient is an IndexedSlices with repeated ids (summed before SparseApply*), as recommender and
word2vec code of 2016-2019 fed apply_gradients; every variable and slot after each step.
The gradients are fed, so the values come from the optimizer kernels alone: bit for bit except
Eigen's fast-math float32 rsqrt in dense Adagrad/Adadelta/ProximalAdagrad (CPU-specific) and
grappler's reassociation of sparse Adam's (g * g) * (1 - beta2) (known_differences.txt)."""
import numpy as np
TAGS = ['train']
TOLERANCE = {'*': (2e-5, 1e-6)}  # dense rsqrt, sparse Adam's v (above)


def makers(tf):
    return {
        'gd': lambda: tf.train.GradientDescentOptimizer(0.1),
        'mom': lambda: tf.train.MomentumOptimizer(0.05, 0.9),
        'nesterov': lambda: tf.train.MomentumOptimizer(0.05, 0.9, use_nesterov=True),
        'adagrad': lambda: tf.train.AdagradOptimizer(0.1, initial_accumulator_value=0.3),
        'adagrad_da': lambda: tf.train.AdagradDAOptimizer(
            0.1, tf.train.get_or_create_global_step(),
            initial_gradient_squared_accumulator_value=0.2,
            l1_regularization_strength=0.01, l2_regularization_strength=0.02),
        'adadelta': lambda: tf.train.AdadeltaOptimizer(1.0, rho=0.9, epsilon=1e-6),
        'rmsprop': lambda: tf.train.RMSPropOptimizer(0.01, decay=0.8),
        'rmsprop_mom': lambda: tf.train.RMSPropOptimizer(0.01, momentum=0.5, epsilon=1e-4),
        'rmsprop_centered': lambda: tf.train.RMSPropOptimizer(0.01, decay=0.7, momentum=0.3,
                                                              centered=True),
        'adam': lambda: tf.train.AdamOptimizer(0.02, beta1=0.8, beta2=0.95, epsilon=1e-3),
        'ftrl': lambda: tf.train.FtrlOptimizer(0.1, l1_regularization_strength=0.01,
                                              l2_regularization_strength=0.02),
        'ftrl_shrink': lambda: tf.train.FtrlOptimizer(0.1, learning_rate_power=-0.5,
                                                     initial_accumulator_value=0.5,
                                                     l1_regularization_strength=0.001,
                                                     l2_regularization_strength=0.01,
                                                     l2_shrinkage_regularization_strength=0.05),
        'ftrl_pow0': lambda: tf.train.FtrlOptimizer(0.1, learning_rate_power=0.0,
                                                   l1_regularization_strength=0.01),
        'ftrl_pow0_shrink': lambda: tf.train.FtrlOptimizer(0.1, learning_rate_power=0.0,
                                                          l2_shrinkage_regularization_strength=0.1),
        'prox_adagrad': lambda: tf.train.ProximalAdagradOptimizer(
            0.1, l1_regularization_strength=0.01, l2_regularization_strength=0.03),
        'prox_gd': lambda: tf.train.ProximalGradientDescentOptimizer(
            0.1, l1_regularization_strength=0.02, l2_regularization_strength=0.1),
    }


def main(tf):
    """Gradients are fed (no matmul), so every bit comes from the optimizer kernels."""
    out = {}
    rng = np.random.RandomState(5)
    emb0 = rng.randn(6, 3).astype(np.float32)
    w0 = rng.randn(4, 3).astype(np.float32)
    idx = np.array([1, 3, 1, 0, 3, 3], np.int32)
    gws = rng.randn(20, 4, 3).astype(np.float32)
    ges = rng.randn(20, 6, 3).astype(np.float32)
    for name, make in sorted(makers(tf).items()):
        with tf.Graph().as_default():
            emb = tf.get_variable('emb', initializer=emb0)
            w = tf.get_variable('w', initializer=w0)
            gw = tf.placeholder(tf.float32, [4, 3])
            ge = tf.placeholder(tf.float32, [6, 3])
            opt = make()
            gslices = tf.IndexedSlices(ge, tf.constant(idx), tf.constant([6, 3]))
            train = opt.apply_gradients([(gw, w), (gslices, emb)],
                                        global_step=tf.train.get_global_step())
            gvars = tf.global_variables()
            out[name + '/vars'] = sorted(v.op.name for v in gvars)
            out[name + '/slots'] = sorted(opt.get_slot_names())
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                traj = {v.op.name: [] for v in gvars}
                for step in range(20):
                    sess.run(train, {gw: gws[step], ge: ges[step]})
                    vals = sess.run({v.op.name: v for v in gvars})
                    for k in vals:
                        traj[k].append(vals[k])
                for k in traj:
                    out[name + '/' + k] = np.stack(traj[k])
    return out
