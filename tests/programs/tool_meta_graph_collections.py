"""export_meta_graph / import_meta_graph with clear_devices, import_scope and custom collections (node, int, bytes, ref), twice into one graph.

Written in the style of 2016-2019 TF1 graph-tooling scripts; main() returns the lines the
program printed, compared line by line with what TF 2.21 compat.v1 printed (goldens/)."""
import os

import numpy as np
from google.protobuf import text_format

TAGS = ['tooling']


def _fresh_dir():
    path = os.path.abspath("work_%d" % len(os.listdir(".")))
    os.makedirs(path)
    return path


def main(tf):
    lines = []

    def print(*args):  # the program's output, kept for the comparison
        lines.append(" ".join(str(a) for a in args))
    # export_meta_graph / import_meta_graph round trips, with custom collections
    tf.set_random_seed(3); np.random.seed(3)
    d = _fresh_dir()
    with tf.Graph().as_default() as g1:
        with tf.device('/cpu:0'):
            x = tf.placeholder(tf.float32, [None, 3], name='x')
            w = tf.get_variable('w', [3, 2], initializer=tf.constant_initializer(0.5))
            bias = tf.get_variable('bias', [2], initializer=tf.zeros_initializer(), trainable=False)
            logits = tf.nn.xw_plus_b(x, w, bias, name='logits')
            pred = tf.argmax(logits, 1, name='pred')
        tf.add_to_collection('inputs', x)
        tf.add_to_collection('outputs', logits)
        tf.add_to_collection('outputs', pred)
        tf.add_to_collection('my_ints', 3)
        tf.add_to_collection('my_strs', 'hello')
        ref = tf.get_collection_ref('ref_col')
        ref.append(w)
        ref.append(bias)
        print("ref_col", [v.name for v in tf.get_collection('ref_col')])
        print("keys", sorted(g1.get_all_collection_keys()))
        saver = tf.train.Saver()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            saver.save(sess, os.path.join(d, 'model'))
        meta = tf.train.export_meta_graph(filename=os.path.join(d, 'exported.meta'),
                                          collection_list=['inputs', 'outputs', 'my_ints', 'ref_col'])
        print("meta collections", sorted(meta.collection_def.keys()))
        print("ints", list(meta.collection_def['my_ints'].int64_list.value))
        print("outputs", list(meta.collection_def['outputs'].node_list.value))
        print("devices", sorted(set(n.device for n in meta.graph_def.node)))
        print("has saver", meta.HasField('saver_def'), meta.saver_def.filename_tensor_name)
        print("tags", list(meta.meta_info_def.tags), meta.meta_info_def.stripped_op_list.op[0].name if meta.meta_info_def.stripped_op_list.op else None)
        print("ops", sorted(o.name for o in meta.meta_info_def.stripped_op_list.op))

    with tf.Graph().as_default() as g2:
        new_saver = tf.train.import_meta_graph(os.path.join(d, 'model.meta'), clear_devices=True, import_scope='imported')
        print(type(new_saver).__name__)
        print("devices", sorted(set(op.device for op in g2.get_operations())))
        print("outputs", [t.name for t in tf.get_collection('outputs')])
        print("my_ints", tf.get_collection('my_ints'), "my_strs", tf.get_collection('my_strs'))
        print("globals", [v.name for v in tf.global_variables()])
        print("trainable", [v.name for v in tf.trainable_variables()])
        print("ref_col", [v.name for v in tf.get_collection('ref_col')])
        x2 = tf.get_collection('inputs')[0]
        with tf.Session() as sess:
            new_saver.restore(sess, os.path.join(d, 'model'))
            out = sess.run(tf.get_collection('outputs'), {x2: np.ones((2, 3), np.float32)})
            print([np.round(o, 3).tolist() for o in out])

    with tf.Graph().as_default() as g3:
        s3 = tf.train.import_meta_graph(os.path.join(d, 'exported.meta'))
        print("from exported", sorted(g3.get_all_collection_keys()))
        print(s3 is None, [v.name for v in tf.global_variables()])
        print(g3.get_tensor_by_name('logits:0').shape, g3.get_tensor_by_name('pred:0').dtype)
        print([op.device for op in g3.get_operations()][:3])

    with tf.Graph().as_default() as g4:
        a = tf.constant(1.0, name='a')
        tf.train.import_meta_graph(os.path.join(d, 'model.meta'), import_scope='net')
        tf.train.import_meta_graph(os.path.join(d, 'model.meta'), import_scope='net')
        print(sorted(set(op.name.split('/')[0] for op in g4.get_operations())))
        print([v.name for v in tf.global_variables()])

    return {'lines': np.array(lines)}
