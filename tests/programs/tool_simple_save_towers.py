"""simple_save with a legacy_init_op for tables (2018 serving), a second export refused for its
main op, SavedModelBuilder with legacy_init_op, clear_devices and two tags saved as text, and
towers on two CPU devices (ConfigProto device_count, soft placement); results are signature
names, export files, collections, device strings and served values."""
import os

import numpy as np

TAGS = ['io', 'graph', 'lookup']
TOLERANCE = {'*': (1e-5, 1e-6)}


def main(tf):
    out = {}
    sm = tf.saved_model
    xs = np.arange(6, dtype=np.float32).reshape(3, 2) / 5.0
    with tf.Graph().as_default():
        tf.set_random_seed(4)
        x = tf.placeholder(tf.float32, [None, 2], name='x')
        towers = []
        for i in range(2):
            with tf.device('/cpu:%d' % i), tf.name_scope('tower_%d' % i):
                with tf.variable_scope('model', reuse=bool(i)):
                    towers.append(tf.layers.dense(x, 2, name='d',
                                                  kernel_initializer=tf.glorot_normal_initializer(seed=2)))
        y = tf.add_n(towers, name='y')
        out['tower_devs'] = [t.device for t in towers]
        out['var_devs'] = [v.device for v in tf.global_variables()]
        counter = tf.Variable(0, name='counter', trainable=False,
                              collections=[tf.GraphKeys.LOCAL_VARIABLES])
        table = tf.contrib.lookup.HashTable if getattr(tf, 'contrib', None) else tf.lookup.StaticHashTable
        tbl = table(tf.lookup.KeyValueTensorInitializer(['a', 'b'], [1, 2]), -1)
        key = tf.placeholder(tf.string, [None], name='key')
        looked = tbl.lookup(key)
        cfg = tf.ConfigProto(device_count={'CPU': 2}, allow_soft_placement=True,
                             inter_op_parallelism_threads=1, intra_op_parallelism_threads=1)
        with tf.Session(config=cfg) as sess:
            sess.run([tf.global_variables_initializer(), tf.local_variables_initializer(),
                      tf.tables_initializer()])
            ref = sess.run(y, {x: xs})
            sm.simple_save(sess, os.path.abspath('simple'), inputs={'x': x, 'key': key},
                           outputs={'y': y, 'ids': looked}, legacy_init_op=tf.tables_initializer())
            try:  # a second export from the same graph: its main op is already collected
                sm.builder.SavedModelBuilder(os.path.abspath('again')).add_meta_graph_and_variables(
                    sess, ['serve'], main_op=tf.tables_initializer())
            except ValueError as e:
                out['again'] = str(e)
            tf.get_default_graph().clear_collection('saved_model_main_op')
            builder = sm.builder.SavedModelBuilder(os.path.abspath('legacy'))
            legacy_init = tf.group(tf.tables_initializer(), tf.assign(counter, 7), name='legacy_init_op')
            builder.add_meta_graph_and_variables(
                sess, ['serve', 'gpu'], legacy_init_op=legacy_init, clear_devices=True,
                signature_def_map={'pred': sm.signature_def_utils.predict_signature_def(
                    {'x': x}, {'y': y})})
            builder.save(as_text=True)
    for d in ('simple', 'legacy'):
        files = []
        for root, _, names in os.walk(d):
            files += [os.path.relpath(os.path.join(root, n), d) for n in names]
        out[d + '_files'] = sorted(files)
    with tf.Graph().as_default() as g:
        with tf.Session() as sess:
            mg = sm.loader.load(sess, [sm.tag_constants.SERVING], os.path.abspath('simple'))
            sig = mg.signature_def[sm.signature_constants.DEFAULT_SERVING_SIGNATURE_DEF_KEY]
            out['simple_in'] = sorted((k, v.name) for k, v in sig.inputs.items())
            out['simple_out'] = sorted((k, v.name) for k, v in sig.outputs.items())
            out['simple_method'] = sig.method_name
            yv, ids = sess.run([sig.outputs['y'].name, sig.outputs['ids'].name],
                               {sig.inputs['x'].name: xs, sig.inputs['key'].name: ['b', 'z', 'a']})
            out['simple_y'] = yv
            out['ids'] = ids
            out['ref'] = ref
            out['main_op_coll'] = [o.name for o in g.get_collection('saved_model_main_op')]
            out['legacy_coll'] = [o.name for o in g.get_collection('legacy_init_op')]
            out['table_init_coll'] = len(g.get_collection(tf.GraphKeys.TABLE_INITIALIZERS))
    with tf.Graph().as_default() as g:
        with tf.Session() as sess:
            mg = sm.loader.load(sess, ['gpu', 'serve'], os.path.abspath('legacy'))
            out['legacy_tags'] = sorted(mg.meta_info_def.tags)
            out['legacy_counter'] = sess.run('counter:0')
            out['legacy_devs'] = sorted(set(o.device for o in g.get_operations()))
            out['legacy_coll2'] = [o.name for o in g.get_collection('legacy_init_op')]
            sig = mg.signature_def['pred']
            out['legacy_y'] = sess.run(sig.outputs['y'].name, {sig.inputs['x'].name: xs})
    return out
