"""Decoder layers in SR/style code: conv2d_transpose with list/tensor/placeholder output_shape
(VALID ambiguity, odd sizes, NCHW refusal on CPU), build- and run-time shape errors,
tf.layers.conv2d_transpose static shapes, pads with tensor paddings and constant_values."""
import numpy as np
TAGS = ['cv', 'nn', 'shapes', 'errors']
TOLERANCE = {'*': (2e-4, 2e-5)}


def _err(ex):
    lines = str(ex).split('\n')
    if lines[0].startswith('Graph execution error'):  # TF 2.x framing around TF1's message
        lines = lines[[i for i, l in enumerate(lines) if l.startswith('Node:')][0] + 1:]
    return [type(ex).__name__, lines[0][:110]]


def main(tf):
    rng = np.random.RandomState(10)
    res = {}
    x_np = rng.rand(2, 5, 5, 4).astype(np.float32)
    x = tf.placeholder(tf.float32, [None, 5, 5, 4], name='x')
    k = tf.constant(rng.randn(3, 3, 2, 4).astype(np.float32) * 0.3)
    outs = {
        'same10': tf.nn.conv2d_transpose(x, k, [2, 10, 10, 2], [1, 2, 2, 1], 'SAME'),
        'same9': tf.nn.conv2d_transpose(x, k, [2, 9, 9, 2], [1, 2, 2, 1], 'SAME'),
        'valid11': tf.nn.conv2d_transpose(x, k, [2, 11, 11, 2], [1, 2, 2, 1], 'VALID'),
        'valid12': tf.nn.conv2d_transpose(x, k, [2, 12, 12, 2], [1, 2, 2, 1], 'VALID'),
        'dyn': tf.nn.conv2d_transpose(x, k, tf.stack([tf.shape(x)[0], 10, 10, 2]), [1, 2, 2, 1], 'SAME'),
        'stride1': tf.nn.conv2d_transpose(x, k, [2, 5, 5, 2], strides=[1, 1, 1, 1], padding='SAME'),
    }
    osp = tf.placeholder(tf.int32, [4])
    outs_ph = tf.nn.conv2d_transpose(x, k, osp, [1, 2, 2, 1], 'SAME')
    lay_s = tf.layers.conv2d_transpose(x, 3, 3, strides=2, padding='same', name='up_same',
                                       kernel_initializer=tf.constant_initializer(0.1))
    lay_v = tf.layers.conv2d_transpose(x, 3, (4, 3), strides=(2, 3), padding='valid', name='up_valid',
                                       kernel_initializer=tf.constant_initializer(0.1))
    g = tf.gradients(tf.reduce_sum(outs['valid12'] ** 2), [x, k])
    pads = tf.placeholder(tf.int32, [4, 2])
    p_ph = tf.pad(x, pads, mode='REFLECT')
    p_part = tf.pad(x, [[0, 0], [1, 2], [0, 0], [tf.shape(x)[0], 1]])
    p_const = tf.pad(x[:1, :2, :2, :1], [[0, 0], [1, 1], [1, 1], [0, 0]], constant_values=-1.5)
    p_i = tf.pad(tf.constant([[1, 2], [3, 4]]), [[1, 0], [0, 2]], 'SYMMETRIC')
    fd = {x: x_np}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for kname, v in sorted(outs.items()):
            r = sess.run(v, fd)
            res['o_' + kname] = r[0, :2, :3, 0]
            res['s_' + kname] = [str(v.shape), list(r.shape)]
        r = sess.run(outs_ph, {x: x_np, osp: [2, 10, 10, 2]})
        res['ph'] = [str(outs_ph.shape), r[1, -1, -2:, 1]]
        a, b = sess.run([lay_s, lay_v], fd)
        res['lay'] = [str(lay_s.shape), str(lay_v.shape), a[0, :2, :2, 0], b[0, -1, -2:, 2]]
        gx, gk = sess.run(g, fd)
        res['gx'], res['gk'] = gx[0, :2, :2, 0], gk[:, :, 0, 0]
        res['p_ph'] = [str(p_ph.shape), sess.run(p_ph, {x: x_np, pads: [[0, 0], [2, 1], [1, 3], [0, 0]]})[0, :, :, 0]]
        res['p_part'] = [str(p_part.shape), list(sess.run(p_part, fd).shape)]
        res['p_const'] = sess.run(p_const, fd)[0, :, :, 0]
        res['p_i'] = sess.run(p_i)
        for name, fn in [
                ('run_bad_size', lambda: sess.run(outs_ph, {x: x_np, osp: [2, 7, 7, 2]})),
                ('run_bad_batch', lambda: sess.run(outs_ph, {x: x_np, osp: [3, 10, 10, 2]})),
                ('build_chan', lambda: tf.nn.conv2d_transpose(x, k, [2, 10, 10, 3], [1, 2, 2, 1], 'SAME')),
                ('build_in_chan', lambda: tf.nn.conv2d_transpose(x[..., :3], k, [2, 10, 10, 2], [1, 2, 2, 1], 'SAME')),
                ('build_rank', lambda: tf.nn.conv2d_transpose(x, k, [2, 10, 10], [1, 2, 2, 1], 'SAME')),
                ('build_size', lambda: tf.nn.conv2d_transpose(x, k, [2, 4, 4, 2], [1, 2, 2, 1], 'SAME')),
                ('pad_neg', lambda: sess.run(tf.pad(x, [[0, 0], [-1, 0], [0, 0], [0, 0]]), fd)),
                ('pad_mode', lambda: tf.pad(x, [[0, 0], [1, 1], [0, 0], [0, 0]], mode='WRAP')),
                ('pad_refl_run', lambda: sess.run(p_ph, {x: x_np, pads: [[0, 0], [5, 0], [0, 0], [0, 0]]})),
                ('pad_sym_run', lambda: sess.run(tf.pad(x, pads, 'SYMMETRIC'), {x: x_np, pads: [[0, 0], [6, 0], [0, 0], [0, 0]]}))]:
            try:
                r = fn()
                res['e_' + name] = ['ok', str(getattr(r, 'shape', ''))]
            except Exception as ex:
                res['e_' + name] = _err(ex)
    res['names'] = [outs['same10'].op.name, outs['same10'].op.type, lay_s.op.name, p_ph.op.type,
                    p_const.op.type]
    res['vars'] = [v.name for v in tf.global_variables()]
    return res
