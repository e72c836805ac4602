"""tf.import_graph_def as frozen-model loaders used it: input_map by 'x:0' / 'x' / '^op',
return_elements of ops and tensors, name='' and repeated prefixes under a name scope, and the
errors (missing keys, bad return elements, dtype/shape mismatches, non-Tensor map values), with
which ops a failed import leaves behind."""
import numpy as np

TAGS = ['tooling', 'graph']


def _err(fn):
    try:
        fn()
        return 'no error'
    except Exception as e:
        return '%s: %s' % (type(e).__name__, str(e).split('\n')[0])


def main(tf):
    out = {}
    with tf.Graph().as_default() as g1:
        x = tf.placeholder(tf.float32, [None, 3], name='x')
        w = tf.constant(np.arange(6, dtype=np.float32).reshape(3, 2), name='w')
        with tf.name_scope('net'):
            h = tf.matmul(x, w, name='mm')
            b = tf.constant([0.5, -0.5], name='b')
            y = tf.nn.relu(h + b, name='y')
        with tf.control_dependencies([y]):
            tf.no_op(name='done')
        tf.identity(y, name='z')
    gd = g1.as_graph_def()
    out['gd_names'] = [n.name for n in gd.node]
    out['gd_inputs'] = [','.join(n.input) for n in gd.node]
    feed = np.array([[1., 2., 3.], [-1., 0., 1.]], np.float32)
    with tf.Graph().as_default() as g2:
        inp = tf.placeholder(tf.float32, [2, 3], name='new_input')
        r = tf.import_graph_def(gd, input_map={'x:0': inp}, return_elements=['net/y:0', 'done', 'z'])
        out['ret_types'] = [isinstance(e, tf.Tensor) for e in r]
        out['ret_names'] = [e.name for e in r]
        out['y_shape'] = str(r[0].shape)
        r2 = tf.import_graph_def(gd, input_map={'x': inp * 2.}, return_elements=['net/y:0'])
        out['r2_name'] = r2[0].name
        r3 = tf.import_graph_def(gd, input_map={'x:0': inp}, return_elements=['z:0'], name='pre')
        r4 = tf.import_graph_def(gd, input_map={'x:0': inp}, return_elements=['z:0'], name='pre')
        out['r3_r4'] = [r3[0].name, r4[0].name]
        with tf.name_scope('outer'):
            r5 = tf.import_graph_def(gd, input_map={'x:0': inp}, return_elements=['z:0'], name='inner')
        out['r5'] = r5[0].name
        out['r5_inputs'] = [t.name for t in r5[0].op.inputs]
        out['done_ctrl'] = [o.name for o in r[1].control_inputs]
        with tf.Session() as sess:
            vals = sess.run([r[0], r2[0], r3[0], r5[0]], {inp: feed})
        for i, v in enumerate(vals):
            out['val%d' % i] = v
        out['no_return'] = str(tf.import_graph_def(gd, input_map={'x:0': inp}, name='nr'))
        out['err_missing_map'] = _err(lambda: tf.import_graph_def(gd, input_map={'nope:0': inp}))
        out['err_bad_return'] = _err(lambda: tf.import_graph_def(gd, return_elements=['nope:0']))
        out['err_bad_return_op'] = _err(lambda: tf.import_graph_def(gd, return_elements=['net/y:3']))
        out['err_dtype'] = _err(lambda: tf.import_graph_def(
            gd, input_map={'x:0': tf.constant([[1, 2, 3]])}))
        out['err_shape'] = _err(lambda: tf.import_graph_def(
            gd, input_map={'x:0': tf.zeros([2, 4])}, name='bad_shape')).split(' = ')[0]
        out['err_not_tensor'] = _err(lambda: tf.import_graph_def(gd, input_map={'x:0': 3.0})).split(' = ')[0]
        out['err_map_type'] = _err(lambda: tf.import_graph_def(gd, input_map=[inp]))
        out['err_gd_type'] = _err(lambda: tf.import_graph_def('not a graph def'))
        out['names_after'] = sorted(op.name for op in g2.get_operations()
                                    if op.name.endswith('/z'))
    with tf.Graph().as_default() as g3:
        tf.import_graph_def(gd, name='')
        out['empty_prefix'] = [op.name for op in g3.get_operations()]
        out['err_dup'] = _err(lambda: tf.import_graph_def(gd, name=''))
        out['after_dup'] = len(g3.get_operations())
        t = g3.get_tensor_by_name('net/y:0')
        with tf.Session() as sess:
            out['val_empty'] = sess.run(t, {'x:0': feed})
        # control-input remapping via input_map '^name'
        with tf.Graph().as_default() as g4:
            c = tf.constant(1.0, name='c')
            tf.import_graph_def(gd, input_map={'x:0': tf.ones([1, 3]), '^net/y': c},
                                name='ci')
            out['ci_done_ctrl'] = [o.name for o in g4.get_operation_by_name('ci/done').control_inputs]
    return out
