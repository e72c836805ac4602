"""Batch-norm code of tf_cnn_benchmarks / official resnet (2018): tf.nn.fused_batch_norm in
NCHW and NHWC, training and inference, fp16 inputs with fp32 scale, gradients w.r.t. input/scale/
offset, tf.layers.batch_normalization(axis=1, fused) with renorm off, UPDATE_OPS moving averages,
tf.nn.bias_add NCHW, tf.nn.moments/batch_normalization on the channel axis."""
import numpy as np
TAGS = ['nn', 'layers', 'gradients', 'nchw', 'fp16']
TOLERANCE = {'*': (2e-3, 2e-3)}


def main(tf):
    tf.set_random_seed(3)
    np.random.seed(3)
    xv = (np.random.randn(3, 4, 5, 6) * 2 + 1).astype(np.float32)
    x = tf.placeholder(tf.float32, [None, 4, 5, 6], 'x')
    scale = tf.Variable(np.linspace(0.5, 1.5, 4).astype(np.float32), name='scale')
    offset = tf.Variable(np.linspace(-0.2, 0.2, 4).astype(np.float32), name='offset')
    y, bm, bv = tf.nn.fused_batch_norm(x, scale, offset, epsilon=1e-3, data_format='NCHW')
    xt = tf.transpose(x, [0, 2, 3, 1])
    y2, bm2, bv2 = tf.nn.fused_batch_norm(xt, scale, offset, epsilon=1e-3)
    yi, _, _ = tf.nn.fused_batch_norm(x, scale, offset, mean=bm, variance=bv, epsilon=1e-3,
                                      data_format='NCHW', is_training=False)
    y16, bm16, bv16 = tf.nn.fused_batch_norm(tf.cast(x, tf.float16), scale, offset,
                                             data_format='NCHW')
    w = tf.constant(np.random.randn(3, 4, 5, 6).astype(np.float32))
    loss = tf.reduce_sum(y * w) + tf.reduce_sum(tf.transpose(y2, [0, 3, 1, 2]) * w * w)
    gx, gs, go = tf.gradients(loss, [x, scale, offset])
    g16 = tf.gradients(tf.reduce_sum(tf.cast(y16, tf.float32) * w), [x, scale])
    gi = tf.gradients(tf.reduce_sum(yi * w), [x, scale, offset])
    biased = tf.nn.bias_add(y, offset, data_format='NCHW')
    m, v = tf.nn.moments(x, [0, 2, 3], keep_dims=True)
    ref = tf.nn.batch_normalization(x, m, v, tf.reshape(offset, [1, 4, 1, 1]),
                                    tf.reshape(scale, [1, 4, 1, 1]), 1e-3)
    training = tf.placeholder_with_default(True, [], 'training')
    lb = tf.layers.batch_normalization(x, axis=1, momentum=0.9, training=training, fused=True,
                                       name='bn_nchw')
    lb2 = tf.layers.batch_normalization(xt, momentum=0.9, training=training, fused=False,
                                        name='bn_nhwc')
    upd = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    glb = tf.gradients(tf.reduce_sum(lb * w), tf.trainable_variables('bn_nchw'))
    res = {'shapes': [str(t.shape) for t in (y, bm, bv, y16, bm16, lb, gx, gs)],
           'dtypes': [t.dtype.name for t in (y16, bm16, bv16, g16[0], g16[1])],
           'ops': [y.op.type, y16.op.type, yi.op.type, lb.name, lb2.op.type],
           'upd_names': sorted(u.name for u in upd),
           'vars': [v.name for v in tf.global_variables()]}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out = sess.run({'y': y, 'bm': bm, 'bv': bv, 'y2': y2, 'bv2': bv2, 'yi': yi,
                        'y16': y16, 'bv16': bv16, 'gx': gx, 'gs': gs, 'go': go,
                        'g16x': g16[0], 'g16s': g16[1], 'gi': gi, 'biased': biased,
                        'ref': ref, 'glb': glb}, {x: xv})
        res.update(out)
        for _ in range(2):
            sess.run(upd, {x: xv})
        res['lb_train'] = sess.run(lb, {x: xv})
        res['lb_infer'] = sess.run(lb, {x: xv * 0.5, training: False})
        res['lb2_infer'] = sess.run(lb2, {x: xv * 0.5, training: False})
        res['moving'] = sess.run([v for v in tf.global_variables() if 'moving' in v.name])
    return res
