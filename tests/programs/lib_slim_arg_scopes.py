"""Imitates how tensorflow/models research/slim code (nets_factory, train_image_classifier,
DeepLab's feature extractors, 2017-2019) handles arg scopes: add_arg_scope on its own layer
functions, nested and re-entered stored scopes, has_arg_scope / arg_scoped_arguments /
current_arg_scope contents of the nets' arg_scope functions, and the errors of bad arguments.
Reference where contrib is missing: the tf_slim package (TF 1.15's slim)."""
import re
TAGS = ['contrib', 'layers', 'errors']


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
    res = {}

    @slim.add_arg_scope
    def my_layer(inputs, depth, scale=1.0, bias=0.0, scope=None):
        return inputs * scale + bias

    def plain(inputs, k=1):
        return inputs

    res['has'] = [slim.has_arg_scope(f) for f in (my_layer, plain, slim.conv2d, slim.batch_norm)]
    res['args_my'] = list(slim.arg_scoped_arguments(my_layer))
    with slim.arg_scope([my_layer], scale=2.0) as sc1:
        with slim.arg_scope([my_layer, slim.conv2d], bias=3.0) as sc2:
            res['cur'] = sorted(re.sub(' at 0x[0-9a-f]+', '', k) for k in slim.current_arg_scope().keys())
            res['y'] = float(tf.Session().run(my_layer(tf.constant(1.0), 4)))
    res['sc2_keys'] = len(sc2)
    res['sc1_vals'] = sorted('%s' % (sorted(v.items()),) for v in sc1.values())
    with slim.arg_scope(sc1):
        res['y_reenter'] = float(tf.Session().run(my_layer(tf.constant(1.0), 4, bias=0.5)))
    with slim.arg_scope(nets.vgg.vgg_arg_scope()) as vsc:
        res['vgg_scope_n'] = len(vsc)
        cur = slim.current_arg_scope()
        for k in sorted(cur):
            vals = cur[k]
            res['vgg_scope/%s' % re.sub('[^a-z0-9_]', '', re.sub(' at 0x[0-9a-f]+|function ', '', k))] = sorted(vals.keys())
    with slim.arg_scope(nets.inception.inception_v3_arg_scope(weight_decay=0.001, batch_norm_var_collection='mv')):
        res['i3_nobn'] = sorted(re.sub(' at 0x[0-9a-f]+', '', k) for k in slim.current_arg_scope())
    try:
        with slim.arg_scope([plain], k=2):
            pass
    except ValueError as e:
        res['err_plain'] = str(e)
    try:
        with slim.arg_scope({'a': 1}):
            pass
    except TypeError as e:
        res['err_dict'] = str(e)
    try:
        with slim.arg_scope(None, k=1):
            pass
    except Exception as e:
        res['err_none'] = type(e).__name__  # tf_slim 1.1 added the space TF 1.15 lacks ("reusedscope")
    try:
        with slim.arg_scope([my_layer], nope=3):
            my_layer(tf.constant(1.0), 1)
    except TypeError:
        res['err_kw'] = 'TypeError'
    with slim.arg_scope([slim.conv2d], padding='VALID', stride=2):
        net = slim.conv2d(tf.zeros([1, 9, 9, 2]), 4, 3, scope='c1')
        net2 = slim.conv2d(net, 4, 3, padding='SAME', scope='c2')
    res['conv_shapes'] = [net.shape.as_list(), net2.shape.as_list()]
    with slim.arg_scope([slim.fully_connected], activation_fn=None):
        with slim.arg_scope([slim.fully_connected], weights_initializer=tf.ones_initializer()):
            fc = slim.fully_connected(tf.ones([2, 3]), 2, biases_initializer=None, scope='fc')
    res['fc_vars'] = [v.op.name for v in slim.get_variables('fc')]
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        res['fc'] = s.run(fc)
    return res
