"""tensorflow/privacy dp_optimizer.py (2019): DPGradientDescentOptimizer via compute_gradients override,
microbatches by tf.reshape of vector loss, tf.while_loop over microbatches, clip_by_global_norm, seeded noise."""
import numpy as np
TAGS = ['train', 'gradients', 'control_flow', 'random', 'errors']
TOLERANCE = {'*': (1e-4, 1e-5)}


def make_dp_class(tf, cls):
    class DPOptimizerClass(cls):
        def __init__(self, l2_norm_clip, noise_multiplier, num_microbatches, *args, **kwargs):
            super(DPOptimizerClass, self).__init__(*args, **kwargs)
            self._l2_norm_clip = l2_norm_clip
            self._noise_multiplier = noise_multiplier
            self._num_microbatches = num_microbatches

        def compute_gradients(self, loss, var_list, gate_gradients=cls.GATE_OP,
                              aggregation_method=None, colocate_gradients_with_ops=False,
                              grad_loss=None):
            vector_loss = loss
            microbatches_losses = tf.reshape(vector_loss, [self._num_microbatches, -1])
            sample_params = var_list

            def process_microbatch(i, sample_state):
                grads, _ = zip(*super(DPOptimizerClass, self).compute_gradients(
                    tf.reduce_mean(tf.gather(microbatches_losses, [i])), var_list, gate_gradients,
                    aggregation_method, colocate_gradients_with_ops, grad_loss))
                grads_list = [g if g is not None else tf.zeros_like(v) for (g, v) in zip(list(grads), var_list)]
                clipped, norm = tf.clip_by_global_norm(grads_list, self._l2_norm_clip)
                sample_state = [s + c for s, c in zip(sample_state, clipped)]
                return sample_state

            sample_state = [tf.zeros_like(v) for v in sample_params]
            i = tf.constant(0)
            cond_fn = lambda i, _: tf.less(i, self._num_microbatches)
            body_fn = lambda i, state: [tf.add(i, 1), process_microbatch(i, state)]
            idx, sample_state = tf.while_loop(cond_fn, body_fn, [i, sample_state])

            def normalize(v, seed):
                noise = tf.random.normal(tf.shape(v), stddev=self._l2_norm_clip * self._noise_multiplier, seed=seed)
                return tf.truediv(v + noise, tf.cast(self._num_microbatches, tf.float32))

            final_grads = [normalize(s, 100 + k) for k, s in enumerate(sample_state)]
            return list(zip(final_grads, var_list))
    return DPOptimizerClass


def main(tf):
    tf.set_random_seed(7)
    np.random.seed(0)
    X = np.random.randn(8, 5).astype(np.float32)
    Y = np.random.randint(0, 3, size=8).astype(np.int32)
    x = tf.placeholder(tf.float32, [None, 5], name='x')
    y = tf.placeholder(tf.int32, [None], name='y')
    with tf.variable_scope('model'):
        h = tf.layers.dense(x, 6, activation=tf.nn.relu, kernel_initializer=tf.glorot_uniform_initializer(seed=1))
        logits = tf.layers.dense(h, 3, kernel_initializer=tf.glorot_uniform_initializer(seed=2))
    vector_loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits)
    scalar_loss = tf.reduce_mean(vector_loss)
    DPGD = make_dp_class(tf, tf.train.GradientDescentOptimizer)
    opt = DPGD(l2_norm_clip=1.0, noise_multiplier=0.5, num_microbatches=4, learning_rate=0.3)
    gs = tf.train.get_or_create_global_step()
    var_list = tf.trainable_variables()
    grads_and_vars = opt.compute_gradients(vector_loss, var_list)
    train_op = opt.apply_gradients(grads_and_vars, global_step=gs)
    out = {'var_names': [v.op.name for v in var_list],
           'grad_shapes': [str(g.shape) for g, _ in grads_and_vars],
           'grad_names': [g.op.type for g, _ in grads_and_vars]}
    losses = []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        g0 = sess.run([g for g, _ in grads_and_vars], {x: X, y: Y})
        for k in range(4):
            l, _ = sess.run([scalar_loss, train_op], {x: X, y: Y})
            losses.append(l)
        out['losses'] = np.array(losses)
        out['final_loss'] = sess.run(scalar_loss, {x: X, y: Y})
        out['step'] = sess.run(gs)
        out['g0'] = g0
        out['kernel'] = sess.run(var_list[0])
    # misuse: scalar loss can't be reshaped into 4 microbatches
    try:
        opt.compute_gradients(tf.reduce_mean(vector_loss) * tf.ones([3]), var_list)
        out['err'] = 'none'
    except Exception as e:
        out['err'] = type(e).__name__ + ': ' + str(e).split('\n')[0]
    return out
