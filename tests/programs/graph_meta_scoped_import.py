"""Meta graph surgery of 2017-2019 transfer-learning scripts: export_meta_graph with and without
clear_devices and export_scope, import_meta_graph with import_scope / input_map (and the
$unbound_inputs_ names a scoped export leaves), collections of strings/floats/ops after import,
and restoring into an import scope."""
import os

import numpy as np

TAGS = ['tooling', 'io']


def main(tf):
    out = {}
    tf.set_random_seed(3)
    with tf.Graph().as_default():
        with tf.device('/cpu:0'):
            x = tf.placeholder(tf.float32, [None, 4], name='x')
            with tf.variable_scope('model'):
                w = tf.get_variable('w', [4, 3], initializer=tf.random_normal_initializer(seed=1))
                b = tf.get_variable('b', [3], initializer=tf.zeros_initializer())
                logits = tf.nn.xw_plus_b(x, w, b, name='logits')
            pred = tf.argmax(logits, 1, name='pred')
            step = tf.train.get_or_create_global_step()
            loss = tf.reduce_mean(tf.square(logits), name='loss')
            train = tf.train.GradientDescentOptimizer(0.1).minimize(loss, global_step=step)
        tf.add_to_collection('inputs', x)
        tf.add_to_collection('outputs', pred)
        tf.add_to_collection('train_op', train)
        tf.add_to_collection('my_strings', 'hello')
        tf.add_to_collection('my_floats', 2.5)
        saver = tf.train.Saver()
        xs = np.random.RandomState(0).randn(5, 4).astype(np.float32)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(train, {x: xs})
            ck = saver.save(sess, os.path.abspath('ck/model'), global_step=1)
            out['logits_ref'] = sess.run(logits, {x: xs})
        mg = tf.train.export_meta_graph(os.path.abspath('plain.meta'))
        mg2 = tf.train.export_meta_graph(os.path.abspath('clear.meta'), clear_devices=True)
        out['devices_plain'] = sorted({n.device for n in mg.graph_def.node})
        out['devices_clear'] = sorted({n.device for n in mg2.graph_def.node})
        out['collection_keys'] = sorted(mg.collection_def.keys())
        out['strings_kind'] = mg.collection_def['my_strings'].WhichOneof('kind')
        out['floats_kind'] = mg.collection_def['my_floats'].WhichOneof('kind')
        out['tags'] = list(mg.meta_info_def.tags)
        mg3 = tf.train.export_meta_graph(os.path.abspath('scoped.meta'), export_scope='model')
        out['scoped_names'] = sorted(n.name for n in mg3.graph_def.node)[:8]
    with tf.Graph().as_default() as g2:
        saver2 = tf.train.import_meta_graph(os.path.abspath('clear.meta'))
        out['g2_x'] = g2.get_tensor_by_name('x:0').name
        out['coll_inputs'] = [t.name for t in tf.get_collection('inputs')]
        out['coll_train'] = [o.name for o in tf.get_collection('train_op')]
        out['coll_strings'] = tf.get_collection('my_strings')
        out['coll_floats'] = tf.get_collection('my_floats')
        out['g2_vars'] = [v.name for v in tf.global_variables()]
        out['g2_trainable'] = [v.name for v in tf.trainable_variables()]
        out['g2_gstep'] = tf.train.get_global_step().name
        out['g2_dev'] = g2.get_operation_by_name('loss').device
        with tf.Session() as sess:
            saver2.restore(sess, ck)
            out['logits_restored'] = sess.run('model/logits:0', {'x:0': xs})
            out['gstep'] = sess.run('global_step:0')
    with tf.Graph().as_default() as g3:
        inp = tf.placeholder(tf.float32, [2, 4], name='other_in')
        saver3 = tf.train.import_meta_graph(os.path.abspath('plain.meta'), import_scope='imp',
                                            input_map={'x:0': inp}, clear_devices=True)
        out['g3_ops'] = [op.name for op in g3.get_operations()][:6]
        out['g3_coll_inputs'] = [t.name for t in tf.get_collection('inputs')]
        out['g3_coll_outputs'] = [t.name for t in tf.get_collection('outputs')]
        out['g3_vars'] = [v.name for v in tf.global_variables()]
        out['g3_scoped_vars'] = [v.name for v in tf.global_variables(scope='imp/model')]
        out['g3_dev'] = g3.get_operation_by_name('imp/loss').device
        out['g3_logits_shape'] = str(g3.get_tensor_by_name('imp/model/logits:0').shape)
        out['saver3_restore_op'] = saver3.saver_def.restore_op_name
        with tf.Session() as sess:
            try:
                saver3.restore(sess, ck)
            except tf.errors.NotFoundError as e:
                out['saver3_err'] = [l for l in str(e).split('\n') if l.startswith('Key ')]
            # the usual work-around: a Saver mapping checkpoint names to scoped variables
            fix = tf.train.Saver({v.op.name[4:]: v for v in tf.global_variables()})
            fix.restore(sess, ck)
            out['logits_scoped'] = sess.run('imp/model/logits:0', {inp: xs[:2]})
    with tf.Graph().as_default() as g4:
        try:
            tf.train.import_meta_graph(os.path.abspath('scoped.meta'), import_scope='sub')
        except ValueError as e:
            out['g4_err'] = str(e)
        feat = tf.placeholder(tf.float32, [None, 4], name='features')
        tf.train.import_meta_graph(os.path.abspath('scoped.meta'), import_scope='sub',
                                   input_map={'$unbound_inputs_x': feat})
        out['g4_logits_in'] = [t.name for t in g4.get_tensor_by_name('sub/logits:0').op.inputs]
        out['g4_ops'] = sorted(op.name for op in g4.get_operations())[:8]
        out['g4_vars'] = [v.name for v in tf.global_variables()]
    return out
