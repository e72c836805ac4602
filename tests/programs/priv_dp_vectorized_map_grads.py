"""tensorflow/privacy dp_optimizer_vectorized.py (2019, graph mode): per-microbatch gradients with
tf.vectorized_map over the reshaped vector loss, super().compute_gradients inside the mapped fn,
global-norm clipping by division, noise, and apply_gradients."""
import numpy as np
TAGS = ['gradients', 'train', 'random', 'control_flow']
TOLERANCE = {'*': (1e-4, 1e-5)}


def main(tf):
    tf.set_random_seed(3)
    rng = np.random.RandomState(8)
    X = rng.randn(8, 4).astype(np.float32)
    Y = rng.randn(8).astype(np.float32)
    w = tf.get_variable('w', [4], initializer=tf.random_normal_initializer(seed=2))
    b = tf.get_variable('b', [], initializer=tf.zeros_initializer())
    var_list = [w, b]
    pred = tf.tensordot(tf.constant(X), w, 1) + b
    vector_loss = tf.square(pred - Y)
    base = tf.train.GradientDescentOptimizer(0.05)
    mb = tf.reshape(vector_loss, [4, -1])
    clip = 1.5

    def process_microbatch(microbatch_loss):
        microbatch_loss = tf.reduce_mean(microbatch_loss)
        grads, _ = zip(*base.compute_gradients(microbatch_loss, var_list))
        grads_list = [g if g is not None else tf.zeros_like(v) for g, v in zip(grads, var_list)]
        grads_flat = tf.nest.flatten(grads_list)
        global_norm = tf.sqrt(tf.add_n([tf.reduce_sum(tf.square(g)) for g in grads_flat]))
        div = tf.maximum(global_norm / clip, 1.)
        return tf.nest.pack_sequence_as(grads_list, [g / div for g in grads_flat])

    clipped = tf.vectorized_map(process_microbatch, mb)
    final = [tf.reduce_sum(c, 0) / 4.0 + tf.random.normal(tf.shape(v), stddev=0.1, seed=9 + i)
             for i, (c, v) in enumerate(zip(clipped, var_list))]
    train = base.apply_gradients(zip(final, var_list))
    out = {'clipped_shapes': [c.shape.as_list() for c in clipped]}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out['clipped'] = sess.run(clipped)
        ls = []
        for _ in range(3):
            ls.append(sess.run(tf.reduce_mean(vector_loss)))
            sess.run(train)
        out['losses'] = np.array(ls)
        out['w'] = sess.run(w)
    return out
