"""SO tensor tricks: while_loop + TensorArray collecting results, boolean_mask, dynamic_partition /
dynamic_stitch, unsorted_segment_sum/mean-by-hand, top_k masking, moments whitening,
clip_by_global_norm returning the norm."""
import numpy as np
TAGS = ['train', 'control_flow', 'gradients', 'nn']


def main(tf):
    out = {}
    tf.set_random_seed(11)
    rng = np.random.RandomState(11)
    data = rng.randn(6, 5).astype(np.float32)
    x = tf.placeholder(tf.float32, [None, 5], name='x')

    # while_loop with TensorArray (cumulative product of rows)
    n = tf.shape(x)[0]
    ta = tf.TensorArray(tf.float32, size=n, dynamic_size=False, clear_after_read=False,
                        element_shape=tf.TensorShape([5]))

    def body(i, acc, ta):
        acc = acc * 0.5 + x[i]
        return i + 1, acc, ta.write(i, acc)
    _, final, ta = tf.while_loop(lambda i, *_: i < n, body,
                                 [tf.constant(0), tf.zeros([5]), ta], back_prop=True)
    stacked = ta.stack()
    out['stacked_shape'] = str(stacked.get_shape())
    gathered = ta.gather([0, 2])

    # boolean_mask & dynamic_partition
    pos = tf.boolean_mask(x, tf.reduce_sum(x, 1) > 0)
    flat_pos = tf.boolean_mask(x, x > 1.0)
    out['bm_shapes'] = [str(pos.get_shape()), str(flat_pos.get_shape())]
    parts_idx = tf.cast(tf.reduce_sum(x, 1) > 0, tf.int32)
    p0, p1 = tf.dynamic_partition(x, parts_idx, 2)
    cond_idx = tf.dynamic_partition(tf.range(n), parts_idx, 2)
    stitched = tf.dynamic_stitch(cond_idx, [p0 * -1.0, p1 * 10.0])
    seg = tf.constant([0, 2, 0, 1, 2, 2])
    ssum = tf.unsorted_segment_sum(x, seg, 4)
    smean = ssum / tf.maximum(tf.unsorted_segment_sum(tf.ones_like(x[:, :1]), seg, 4), 1.0)
    smax = tf.unsorted_segment_max(x, seg, 3)

    # top_k masking
    vals, idx = tf.nn.top_k(x, k=2, sorted=True)
    kth = tf.reduce_min(vals, axis=1, keepdims=True)
    topk_masked = tf.where(x >= kth, x, tf.zeros_like(x))
    onehot_mask = tf.reduce_sum(tf.one_hot(idx, 5), axis=1)

    # whitening with moments
    mean, var = tf.nn.moments(x, axes=[0])
    white = (x - mean) / tf.sqrt(var + 1e-8)
    bn = tf.nn.batch_normalization(x, mean, var, None, None, 1e-3)
    out['moments_names'] = [mean.op.name, var.op.name]

    # clip_by_global_norm returns the norm
    w = tf.Variable(tf.random_normal([5, 3], seed=1), name='w')
    b = tf.Variable(tf.zeros([3]), name='b')
    loss = tf.reduce_sum(tf.square(tf.matmul(white, w) + b - 3.0)) + tf.reduce_sum(final) * 0.0
    tvars = tf.trainable_variables()
    grads = tf.gradients(loss, tvars)
    clipped, gnorm = tf.clip_by_global_norm(grads, 1.0)
    gn2 = tf.global_norm(clipped)
    train = tf.train.GradientDescentOptimizer(0.1).apply_gradients(zip(clipped, tvars))
    g_final = tf.gradients(tf.reduce_sum(stacked), x)[0]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        fd = {x: data}
        out['ta'] = sess.run([stacked, gathered, final, g_final], fd)
        out['masks'] = sess.run([pos, flat_pos, p0, p1, stitched], fd)
        out['segs'] = sess.run([ssum, smean, smax], fd)
        out['topk'] = sess.run([vals, idx, topk_masked, onehot_mask], fd)
        out['white'] = sess.run([white, bn, mean, var], fd)
        norms = []
        for _ in range(5):
            gnv, g2v, _ = sess.run([gnorm, gn2, train], fd)
            norms.append([gnv, g2v])
        out['norms'] = np.array(norms)
        out['w'] = sess.run(w)
    return out
