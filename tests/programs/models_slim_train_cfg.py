"""Imitates tensorflow/models research/slim train_image_classifier.py: _configure_learning_rate
(exponential/fixed/polynomial) and _configure_optimizer (adadelta/adagrad/adam/ftrl/momentum/rmsprop/sgd with
slim's flag-named arguments), label smoothing in tf.losses.softmax_cross_entropy, get_total_loss,
ExponentialMovingAverage of trainable + moving-average variables and variables_to_restore, slot names."""
import numpy as np
TAGS = ['train', 'optimizers', 'layers']
TOLERANCE = {'*': (1e-4, 1e-5)}


class FLAGS(object):
    learning_rate = 0.05; end_learning_rate = 0.0001; learning_rate_decay_factor = 0.94
    num_epochs_per_decay = 2.0; batch_size = 4; num_samples = 8
    adadelta_rho = 0.95; opt_epsilon = 1.0; adagrad_initial_accumulator_value = 0.1
    adam_beta1 = 0.9; adam_beta2 = 0.999; ftrl_learning_rate_power = -0.5
    ftrl_initial_accumulator_value = 0.1; ftrl_l1 = 0.0; ftrl_l2 = 0.0
    momentum = 0.9; rmsprop_momentum = 0.9; rmsprop_decay = 0.9
    label_smoothing = 0.1; moving_average_decay = 0.99


def _configure_learning_rate(tf, num_samples_per_epoch, global_step, kind):
    decay_steps = int(num_samples_per_epoch * FLAGS.num_epochs_per_decay / FLAGS.batch_size)
    if kind == 'exponential':
        return tf.train.exponential_decay(FLAGS.learning_rate, global_step, decay_steps,
                                          FLAGS.learning_rate_decay_factor, staircase=True,
                                          name='exponential_decay_learning_rate')
    elif kind == 'fixed':
        return tf.constant(FLAGS.learning_rate, name='fixed_learning_rate')
    elif kind == 'polynomial':
        return tf.train.polynomial_decay(FLAGS.learning_rate, global_step, decay_steps,
                                         FLAGS.end_learning_rate, power=1.0, cycle=False,
                                         name='polynomial_decay_learning_rate')
    raise ValueError('learning_rate_decay_type [%s] was not recognized' % kind)


def _configure_optimizer(tf, learning_rate, name):
    if name == 'adadelta':
        return tf.train.AdadeltaOptimizer(learning_rate, rho=FLAGS.adadelta_rho, epsilon=FLAGS.opt_epsilon)
    elif name == 'adagrad':
        return tf.train.AdagradOptimizer(learning_rate,
                                         initial_accumulator_value=FLAGS.adagrad_initial_accumulator_value)
    elif name == 'adam':
        return tf.train.AdamOptimizer(learning_rate, beta1=FLAGS.adam_beta1, beta2=FLAGS.adam_beta2,
                                      epsilon=FLAGS.opt_epsilon)
    elif name == 'ftrl':
        return tf.train.FtrlOptimizer(learning_rate, learning_rate_power=FLAGS.ftrl_learning_rate_power,
                                      initial_accumulator_value=FLAGS.ftrl_initial_accumulator_value,
                                      l1_regularization_strength=FLAGS.ftrl_l1,
                                      l2_regularization_strength=FLAGS.ftrl_l2)
    elif name == 'momentum':
        return tf.train.MomentumOptimizer(learning_rate, momentum=FLAGS.momentum, name='Momentum')
    elif name == 'rmsprop':
        return tf.train.RMSPropOptimizer(learning_rate, decay=FLAGS.rmsprop_decay,
                                         momentum=FLAGS.rmsprop_momentum, epsilon=FLAGS.opt_epsilon)
    elif name == 'sgd':
        return tf.train.GradientDescentOptimizer(learning_rate)
    raise ValueError('Optimizer [%s] was not recognized' % name)


def run_one(tf, opt_name, lr_kind):
    g = tf.Graph()
    with g.as_default():
        tf.set_random_seed(1)
        rng = np.random.RandomState(2)
        x = tf.constant(rng.randn(4, 6).astype(np.float32))
        labels = tf.constant([0, 1, 2, 1])
        global_step = tf.train.create_global_step()
        with tf.variable_scope('InceptionV1'):
            h = tf.layers.dense(x, 5, activation=tf.nn.relu, name='fc1',
                                kernel_initializer=tf.glorot_uniform_initializer(seed=3))
            logits = tf.layers.dense(h, 3, name='Logits',
                                     kernel_initializer=tf.glorot_uniform_initializer(seed=4))
        onehot = tf.one_hot(labels, 3)
        loss = tf.losses.softmax_cross_entropy(onehot, logits, label_smoothing=FLAGS.label_smoothing,
                                               weights=1.0)
        total = tf.losses.get_total_loss()
        lr = _configure_learning_rate(tf, FLAGS.num_samples, global_step, lr_kind)
        opt = _configure_optimizer(tf, lr, opt_name)
        ema = tf.train.ExponentialMovingAverage(FLAGS.moving_average_decay, global_step)
        variables_to_average = tf.trainable_variables() + tf.moving_average_variables()
        train = opt.minimize(total, global_step=global_step)
        with tf.control_dependencies([train]):  # order the EMA after the step (deterministic)
            update_ops = [ema.apply(variables_to_average), train]
        train_tensor = tf.group(*update_ops)
        with tf.control_dependencies([train_tensor]):
            train_tensor = tf.identity(total, name='train_op')
        slot_names = sorted(opt.get_slot_names())
        varnames = sorted(v.op.name for v in tf.global_variables())
        restore = sorted(ema.variables_to_restore().items())
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            ls = [sess.run(train_tensor) for _ in range(6)]
            lrv = sess.run(lr)
            ema_w = sess.run(ema.average(tf.trainable_variables()[0]))
        return ls, lrv, slot_names, varnames, [(k, v.op.name) for k, v in restore], ema_w, loss.op.name


def main(tf):
    out = {}
    combos = [('adadelta', 'exponential'), ('adagrad', 'fixed'), ('adam', 'polynomial'),
              ('ftrl', 'exponential'), ('momentum', 'polynomial'), ('rmsprop', 'exponential'),
              ('sgd', 'fixed')]
    for opt_name, lr_kind in combos:
        ls, lrv, slots, names, restore, ema_w, lname = run_one(tf, opt_name, lr_kind)
        out[opt_name + '_loss'] = np.array(ls)
        out[opt_name + '_lr'] = lrv
        out[opt_name + '_slots'] = slots
        out[opt_name + '_vars'] = names
        out[opt_name + '_ema_w'] = ema_w
        if opt_name == 'adam':
            out['restore'] = ['%s=%s' % kv for kv in restore]
            out['loss_name'] = lname
    try:
        _configure_optimizer(tf, 0.1, 'lbfgs')
    except ValueError as e:
        out['err'] = str(e)
    return out
