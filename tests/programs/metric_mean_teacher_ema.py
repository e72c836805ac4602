"""Mean teacher (CuriousAI/mean-teacher tensorflow/mean_teacher/model.py): EMA of the student's
scope variables via tf.train.ExponentialMovingAverage, teacher built with a custom getter
reading the averages, sigmoid-rampup consistency cost, stop_gradient on the teacher."""
import numpy as np
TAGS = ['train', 'variables', 'random']


def sigmoid_rampup(tf, global_step, rampup_length):
    global_step = tf.to_float(global_step)
    rampup_length = tf.to_float(rampup_length)

    def ramp():
        phase = 1.0 - tf.maximum(0.0, global_step) / rampup_length
        return tf.exp(-5.0 * phase * phase)
    return tf.cond(global_step < rampup_length, ramp, lambda: tf.constant(1.0), name="sigmoid_rampup")


def net(tf, x, is_training):
    h = tf.layers.dense(x, 12, name="fc1", use_bias=False, kernel_initializer=tf.glorot_normal_initializer(seed=1))
    h = tf.layers.batch_normalization(h, training=is_training, name="bn1", momentum=0.9)
    h = tf.nn.leaky_relu(h, 0.1)
    h = tf.layers.dropout(h, 0.0, training=is_training)
    return tf.layers.dense(h, 3, name="fc2", kernel_initializer=tf.glorot_normal_initializer(seed=2))


def main(tf):
    np.random.seed(31)
    tf.set_random_seed(13)
    x = tf.placeholder(tf.float32, [None, 7], name="x")
    y = tf.placeholder(tf.int32, [None], name="y")  # -1 = unlabeled
    global_step = tf.train.get_or_create_global_step()
    with tf.variable_scope("student") as scope:
        s_logits = net(tf, x + tf.random_normal(tf.shape(x), stddev=0.1, seed=3), True)
    student_vars = tf.get_collection(tf.GraphKeys.GLOBAL_VARIABLES, scope="student")
    ema = tf.train.ExponentialMovingAverage(decay=0.9, num_updates=global_step, name="ema")
    ema_op = ema.apply([v for v in student_vars if v.trainable] + [v for v in student_vars if "moving" in v.name])

    def ema_getter(getter, name, *args, **kwargs):
        var = getter(name, *args, **kwargs)
        avg = ema.average(var)
        return avg if avg is not None else var
    with tf.variable_scope(scope, reuse=True, custom_getter=ema_getter):
        t_logits = net(tf, x + tf.random_normal(tf.shape(x), stddev=0.1, seed=4), False)
    t_logits = tf.stop_gradient(t_logits)
    labeled = tf.greater_equal(y, 0)
    ce = tf.losses.sparse_softmax_cross_entropy(tf.boolean_mask(y, labeled), tf.boolean_mask(s_logits, labeled),
                                                reduction=tf.losses.Reduction.SUM)
    ce = ce / tf.to_float(tf.shape(x)[0])
    s_soft, t_soft = tf.nn.softmax(s_logits), tf.nn.softmax(t_logits)
    mse = tf.reduce_mean(tf.reduce_sum(tf.square(s_soft - t_soft), 1)) / 3.0
    kl = tf.reduce_mean(tf.reduce_sum(t_soft * (tf.log(t_soft) - tf.nn.log_softmax(s_logits)), 1))
    cons_w = 10.0 * sigmoid_rampup(tf, global_step, 5)
    loss = ce + cons_w * mse
    opt = tf.train.AdamOptimizer(0.01, beta1=0.9, beta2=0.99, epsilon=1e-8)
    update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS, scope="student")
    with tf.control_dependencies(update_ops):
        train = opt.minimize(loss, global_step=global_step, var_list=tf.trainable_variables("student"))
    out = {"ema_names": sorted(ema.average_name(v) for v in student_vars if v.trainable),
           "avg_vars": sorted(v.op.name for v in tf.moving_average_variables()),
           "update_ops": [u.name for u in update_ops],
           "vars_to_restore": sorted(ema.variables_to_restore(tf.moving_average_variables()).keys())[:6]}
    xs = np.random.randn(10, 7).astype(np.float32)
    ys = np.array([0, 1, 2, -1, -1, 1, -1, 0, -1, 2], np.int32)
    hist = []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for i in range(7):
            _, l, m, k, w = sess.run([train, loss, mse, kl, cons_w], {x: xs, y: ys})
            sess.run(ema_op)  # separate run: the EMA reads the updated student
            hist.append([l, m, k, w])
        out["hist"] = np.array(hist)
        out["teacher_fc2"] = sess.run(ema.average(tf.trainable_variables("student/fc2")[0]))
        out["t_logits"] = sess.run(t_logits, {x: xs})
        out["step"] = sess.run(global_step)
    return out
