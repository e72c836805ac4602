"""Imitates DeepLab / research code building on slim.nets.resnet_utils (2017-2018): conv2d_same
with stride and rate, subsample, resnet_v1_block and hand-made Blocks, stack_blocks_dense with
an output_stride (atrous), bottleneck units collected through outputs_collections, resnet_v2
bottleneck, and their values with weights loaded by name. Reference where contrib is missing:
the tf_slim package (TF 1.15's slim)."""
import zlib
import numpy as np
TAGS = ['cv', 'contrib', 'layers', 'errors']
TOLERANCE = {'*': (1e-3, 1e-4)}


def _slim(tf):
    c = getattr(tf, 'contrib', None)
    if c is not None:
        return c.slim, c.slim.nets
    import importlib
    from tensorflow.python.framework import ops
    ops.Tensor, ops.IndexedSlices = tf.Tensor, tf.IndexedSlices  # tf_slim 1.1 predates TF 2.21
    import tf_slim
    import tf_slim.nets
    norm = importlib.import_module("tf_keras.src.legacy_tf_layers.normalization")
    importlib.import_module("tf_slim.layers.layers").normalization_layers = norm
    return tf_slim, tf_slim.nets


def main(tf):
    slim, nets = _slim(tf)
    ru, r1, r2 = nets.resnet_utils, nets.resnet_v1, nets.resnet_v2
    res = {}
    rng = np.random.RandomState(0)
    img = rng.uniform(-1, 1, (1, 17, 17, 4)).astype(np.float32)
    x = tf.constant(img)
    with slim.arg_scope([slim.conv2d], weights_initializer=tf.constant_initializer(0.05),
                        biases_initializer=tf.constant_initializer(0.01), activation_fn=None,
                        normalizer_fn=None):
        a = ru.conv2d_same(x, 3, 3, stride=2, scope='same_s2')
        b = ru.conv2d_same(x, 3, 4, stride=1, rate=2, scope='same_r2')
        c = ru.conv2d_same(x, 3, 5, stride=1, rate=3, scope='same_r3')
        try:
            ru.conv2d_same(x, 3, 5, stride=2, rate=2, scope='same_s2r2')
        except ValueError as ex:
            res['err_s2r2'] = str(ex)
    d = ru.subsample(x, 2, scope='sub')
    e = ru.subsample(x, 1)
    res['names'] = [t.op.name for t in (a, b, c, d, e)]
    res['shapes'] = [t.shape.as_list() for t in (a, b, c, d, e)]
    blocks = [
        r1.resnet_v1_block('block1', base_depth=2, num_units=2, stride=2),
        r1.resnet_v1_block('block2', base_depth=4, num_units=2, stride=2),
        ru.Block('block3', r1.bottleneck, [{'depth': 16, 'depth_bottleneck': 4, 'stride': 1} for r in (1, 2)]),
    ]
    res['block'] = '%s %s %d' % (blocks[0].scope, blocks[0].unit_fn.__name__, len(blocks[0].args))
    res['block_args'] = [str(sorted(d.items())) for d in blocks[1].args]
    with slim.arg_scope(ru.resnet_arg_scope(batch_norm_decay=0.9)):
        with tf.variable_scope('deeplab', values=[x]) as sc:
            coll = sc.original_name_scope + '_end_points'
            with slim.arg_scope([slim.conv2d, r1.bottleneck, ru.stack_blocks_dense], outputs_collections=coll):
                with slim.arg_scope([slim.batch_norm], is_training=False):
                    net = ru.stack_blocks_dense(x, blocks, output_stride=4)
            eps = slim.utils.convert_collection_to_dict(coll)
    res['net'] = '%s %s' % (net.name, net.shape.as_list())
    res['eps'] = sorted('%s %s' % (k, v.shape.as_list()) for k, v in eps.items())
    with tf.variable_scope('v2'):
        u = r2.bottleneck(x, 8, 2, stride=2, rate=1, outputs_collections='v2units')
        u2 = r2.bottleneck(u, 8, 2, stride=1, rate=1)
    res['v2'] = [u.name, u2.name, str(u2.shape.as_list())]
    res['v2_coll'] = [t.name for t in tf.get_collection('v2units')]
    res['vars'] = ['%s %s' % (v.op.name, v.shape.as_list()) for v in tf.global_variables()]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for v in tf.global_variables():
            if 'same' in v.op.name:
                continue
            r = np.random.RandomState(zlib.crc32(v.op.name.encode()))
            shape = v.shape.as_list()
            val = r.uniform(0.5, 1.5, shape) if 'variance' in v.op.name or 'gamma' in v.op.name else r.normal(0, 0.2, shape)
            v.load(val.astype(np.float32), sess)
        outs = sess.run([a, b, c, d, net, u2])
    for i, o in enumerate(outs):
        res['val%d' % i] = np.array([o.mean(), o.std(), o.reshape(-1)[0], o.reshape(-1)[-1]])
    try:
        ru.stack_blocks_dense(x, blocks, output_stride=3)
    except ValueError as ex:
        res['err'] = str(ex)
    return res
