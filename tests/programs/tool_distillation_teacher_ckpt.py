"""Hinton-style knowledge distillation: a teacher trained and saved in one graph, restored in a
second graph by a Saver over the teacher scope (NewCheckpointReader, latest_checkpoint), temperature
softmax KL, tf.stop_gradient on the teacher, student var_list with Momentum."""
import os
import numpy as np
TAGS = ['train', 'saver', 'gradients']

T = 4.0


def net(tf, x, hidden, scope):
    with tf.variable_scope(scope):
        h = tf.layers.dense(x, hidden, activation=tf.nn.relu, name='fc1',
                            kernel_initializer=tf.truncated_normal_initializer(stddev=0.3, seed=hidden))
        return tf.layers.dense(h, 4, name='logits',
                               kernel_initializer=tf.truncated_normal_initializer(stddev=0.3, seed=hidden + 1))


def main(tf):
    rng = np.random.RandomState(9)
    X = rng.randn(40, 10).astype(np.float32)
    Y = (X[:, :4].argmax(1)).astype(np.int32)
    r = {}
    ckpt = os.path.join(os.getcwd(), 'teacher', 'model.ckpt')
    g1 = tf.Graph()
    with g1.as_default():
        tf.set_random_seed(1)
        x = tf.placeholder(tf.float32, [None, 10])
        y = tf.placeholder(tf.int32, [None])
        tl = net(tf, x, 32, 'teacher')
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=tl))
        step = tf.train.AdamOptimizer(0.01).minimize(loss)
        saver = tf.train.Saver(tf.get_collection(tf.GraphKeys.GLOBAL_VARIABLES, scope='teacher'))
        with tf.Session(graph=g1) as s:
            s.run(tf.global_variables_initializer())
            for _ in range(30):
                s.run(step, {x: X, y: Y})
            r['teacher_loss'] = s.run(loss, {x: X, y: Y})
            r['save_path'] = os.path.basename(saver.save(s, ckpt, global_step=30))
    reader = tf.train.NewCheckpointReader(ckpt + '-30')
    r['ckpt_vars'] = sorted('%s %s' % (k, v) for k, v in reader.get_variable_to_shape_map().items())
    r['latest'] = os.path.basename(tf.train.latest_checkpoint(os.path.dirname(ckpt)))
    g2 = tf.Graph()
    with g2.as_default():
        tf.set_random_seed(2)
        x = tf.placeholder(tf.float32, [None, 10])
        y = tf.placeholder(tf.int32, [None])
        t_logits = tf.stop_gradient(net(tf, x, 32, 'teacher'))
        s_logits = net(tf, x, 6, 'student')
        soft_t = tf.nn.softmax(t_logits / T)
        log_s = tf.nn.log_softmax(s_logits / T)
        kl = tf.reduce_mean(tf.reduce_sum(soft_t * (tf.log(soft_t + 1e-10) - log_s), 1)) * T * T
        soft_ce = tf.losses.softmax_cross_entropy(soft_t, s_logits / T)
        hard = tf.losses.sparse_softmax_cross_entropy(y, s_logits)
        total = 0.9 * kl + 0.1 * hard
        s_vars = tf.trainable_variables(scope='student')
        opt = tf.train.MomentumOptimizer(0.1, 0.9)
        gv = opt.compute_gradients(total, var_list=s_vars)
        step = opt.apply_gradients(gv)
        r['grad_none_teacher'] = [g is None for g in tf.gradients(total, tf.trainable_variables('teacher'))]
        r['s_vars'] = [v.name for v in s_vars]
        t_vars = tf.global_variables('teacher')
        restorer = tf.train.Saver(var_list={v.op.name: v for v in t_vars})
        init_rest = tf.variables_initializer([v for v in tf.global_variables() if v not in t_vars])
        with tf.Session(graph=g2) as s:
            restorer.restore(s, ckpt + '-30')
            s.run(init_rest)
            r['uninit'] = [b.decode() if isinstance(b, bytes) else b
                           for b in s.run(tf.report_uninitialized_variables())]
            hist = []
            for _ in range(15):
                hist.append(s.run([kl, soft_ce, hard, total], {x: X, y: Y}))
                s.run(step, {x: X, y: Y})
            r['hist'] = np.array(hist)
            r['agree'] = s.run(tf.reduce_mean(tf.cast(tf.equal(tf.argmax(t_logits, 1),
                                                              tf.argmax(s_logits, 1)), tf.float32)), {x: X})
    return r
