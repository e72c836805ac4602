"""Every TF1 optimizer for 4 steps on a seeded two-layer model: the final loss and a slot."""
import numpy as np
TAGS = ['train']
TOLERANCE = {'*': (1e-4, 1e-5)}


def main(tf):
    out = {}
    rng = np.random.RandomState(3)
    xd = rng.randn(16, 5).astype(np.float32)
    yd = rng.randn(16, 2).astype(np.float32)
    makers = {
        'momentum_nesterov': lambda: tf.train.MomentumOptimizer(0.05, 0.9, use_nesterov=True),
        'rmsprop_centered': lambda: tf.train.RMSPropOptimizer(0.01, momentum=0.5, centered=True),
        'adagrad': lambda: tf.train.AdagradOptimizer(0.1, initial_accumulator_value=0.2),
        'adadelta': lambda: tf.train.AdadeltaOptimizer(1.0, rho=0.9),
        'ftrl_l1l2': lambda: tf.train.FtrlOptimizer(0.1, l1_regularization_strength=0.01,
                                                   l2_regularization_strength=0.02),
        'proximal_adagrad': lambda: tf.train.ProximalAdagradOptimizer(0.1, l1_regularization_strength=0.01),
        'proximal_gd': lambda: tf.train.ProximalGradientDescentOptimizer(0.1, l2_regularization_strength=0.1),
        'adam_eps': lambda: tf.train.AdamOptimizer(0.02, beta1=0.8, epsilon=1e-3),
    }
    for name, make in sorted(makers.items()):
        with tf.Graph().as_default():
            tf.set_random_seed(11)
            x = tf.constant(xd)
            h = tf.layers.dense(x, 6, activation=tf.nn.tanh)
            pred = tf.layers.dense(h, 2)
            loss = tf.losses.mean_squared_error(yd, pred)
            opt = make()
            train = opt.minimize(loss)
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                for _ in range(4):
                    sess.run(train)
                out[name + '_loss'] = sess.run(loss)
                slots = opt.get_slot_names()
                out[name + '_slots'] = np.array(sorted(slots))
                if slots:
                    v = tf.trainable_variables()[0]
                    out[name + '_slot0'] = sess.run(opt.get_slot(v, sorted(slots)[0]))
    return out
