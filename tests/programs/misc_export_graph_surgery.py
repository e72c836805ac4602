"""Model export and graph surgery of 2017-2019 serving code: SavedModelBuilder with a
signature_def_map, simple_save, loader.load, convert_variables_to_constants (with a whitelist),
extract_sub_graph, write_graph as text and binary, import_graph_def with input_map and
return_elements, meta graphs with custom collections (a variable among them), Const values read
with get_attr + make_ndarray, and the static shapes and build-time errors of tf.reshape."""
import os

import numpy as np
from google.protobuf import text_format

TAGS = ['io', 'graph']
TOLERANCE = {'*': (1e-5, 1e-6)}


def _build(tf):
    x = tf.placeholder(tf.float32, [None, 3], name='input_x')
    with tf.variable_scope('scope1'):
        W = tf.get_variable('W', [3, 2], initializer=tf.random_normal_initializer(seed=1))
    b = tf.Variable(tf.zeros([2]), name='b')
    logits = tf.add(tf.matmul(x, W), b, name='logits')
    probs = tf.nn.softmax(logits, name='probs')
    pred = tf.argmax(probs, 1, name='pred')
    tf.add_to_collections(['my_vars', 'other'], W)
    tf.add_to_collection('my_tensors', probs)
    tf.add_to_collection('my_strings', 'hello')
    return x, W, probs, pred


def _saved_models(tf, out, sess, x, probs, pred, X):
    export_dir = os.path.abspath(os.path.join('export', '1'))
    builder = tf.saved_model.builder.SavedModelBuilder(export_dir)
    info_x = tf.saved_model.utils.build_tensor_info(x)
    info_y = tf.saved_model.utils.build_tensor_info(probs)
    sig = tf.saved_model.signature_def_utils.build_signature_def(
        inputs={'images': info_x}, outputs={'scores': info_y},
        method_name=tf.saved_model.signature_constants.PREDICT_METHOD_NAME)
    builder.add_meta_graph_and_variables(
        sess, [tf.saved_model.tag_constants.SERVING],
        signature_def_map={'predict_images': sig,
                           tf.saved_model.signature_constants.DEFAULT_SERVING_SIGNATURE_DEF_KEY: sig},
        legacy_init_op=tf.group(tf.tables_initializer(), name='legacy_init_op'))
    builder.save()
    tf.saved_model.simple_save(sess, os.path.abspath('simple'), inputs={'x': x},
                               outputs={'y': pred})
    out['tensor_info'] = [info_x.name, info_x.dtype, [d.size for d in info_x.tensor_shape.dim]]
    with tf.Session(graph=tf.Graph()) as s2:
        meta = tf.saved_model.loader.load(s2, ['serve'], export_dir)
        sd = meta.signature_def['predict_images']
        out['signature'] = [sd.method_name, sd.inputs['images'].name, sd.outputs['scores'].name,
                            sorted(meta.signature_def)]
        out['loaded_probs'] = s2.run(sd.outputs['scores'].name, {sd.inputs['images'].name: X})
        out['loaded_collections'] = [[t.name for t in tf.get_collection('my_vars')],
                                     tf.get_collection('my_strings')]
    with tf.Session(graph=tf.Graph()) as s3:
        sd = tf.saved_model.loader.load(s3, ['serve'], 'simple').signature_def['serving_default']
        out['simple_pred'] = s3.run(sd.outputs['y'].name, {sd.inputs['x'].name: X})


def _frozen(tf, out, sess, graph, X):
    gd = graph.as_graph_def()
    frozen = tf.graph_util.convert_variables_to_constants(sess, gd, ['probs', 'pred'])
    partly = tf.graph_util.convert_variables_to_constants(sess, gd, ['probs'],
                                                          variable_names_whitelist=['b'])
    out['frozen_ops'] = sorted(set(n.op for n in frozen.node))
    out['partly_frozen'] = sorted((n.name, n.op) for n in partly.node
                                  if n.name in ('b', 'scope1/W'))
    out['sub_graph'] = sorted(n.name for n in tf.graph_util.extract_sub_graph(gd, ['logits']).node)
    tf.train.write_graph(frozen, '.', 'frozen.pb', as_text=False)
    tf.train.write_graph(frozen, '.', 'frozen.pbtxt')
    text = tf.GraphDef()
    with open('frozen.pbtxt') as f:
        text_format.Merge(f.read(), text)
    binary = tf.GraphDef()
    with tf.gfile.GFile('frozen.pb', 'rb') as f:
        binary.ParseFromString(f.read())
    out['round_trip'] = [len(text.node) == len(frozen.node), binary == frozen]
    with tf.Graph().as_default() as g4:
        new_x = tf.placeholder(tf.float32, [None, 3], name='new_x')
        p4, pr4 = tf.import_graph_def(binary, input_map={'input_x:0': new_x},
                                      return_elements=['probs:0', 'pred'], name='prefix')
        out['imported'] = [p4.name, pr4.name, type(pr4).__name__, str(p4.shape)]
        w_const = g4.get_operation_by_name('prefix/scope1/W')
        out['frozen_W'] = tf.make_ndarray(w_const.get_attr('value'))
        with tf.Session() as s4:
            out['imported_probs'] = s4.run(p4, {new_x: X})
        for bad in ({'input_map': {'nope:0': new_x}}, {'return_elements': ['zzz:0']}):
            try:
                tf.import_graph_def(binary, name='bad', **bad)
            except ValueError as e:
                out.setdefault('import_errors', []).append(str(e)[:100])
        try:
            g4.get_tensor_by_name('prefix/probs')
        except ValueError as e:
            out['lookup_error'] = str(e)


def _meta_graph(tf, out, sess, saver):
    path = saver.save(sess, os.path.abspath('model'), global_step=3)
    with tf.Graph().as_default() as g, tf.Session() as s:
        tf.train.import_meta_graph(path + '.meta').restore(s, path)
        mine = tf.get_collection('my_vars')
        out['meta_collections'] = [[t.name for t in mine], mine[0].dtype.name,
                                   [t.name for t in tf.get_collection('my_tensors')],
                                   tf.get_collection('my_strings'),
                                   sorted(v.name for v in tf.global_variables())]
        out['meta_W'] = s.run(mine[0])
        out['meta_kinds'] = sorted((k, tf.train.export_meta_graph(graph=g).collection_def[k]
                                    .WhichOneof('kind')) for k in ('my_vars', 'my_strings',
                                                                   'my_tensors', 'variables'))


def _reshapes(tf, out):
    shapes = []
    z = tf.placeholder(tf.int32, [None])
    for in_shape, target in (([None, 3], [-1, 3]), ([None, 3], [6]), ([None, 2, 3], [-1, 6]),
                             ([4, 6], 'rows'), ([None, 3], [2, -1]), ([None, 3], [5]),
                             ([None, 0], [5]), ([4, 6], 'rows5'), ([2, 3], [4, 2])):
        x = tf.placeholder(tf.float32, in_shape)
        if isinstance(target, str):
            target = tf.stack([tf.shape(z)[0], 5 if target == 'rows5' else 3])
        try:
            shapes.append(str(tf.reshape(x, target).shape))
        except ValueError as e:
            shapes.append(str(e).split(" for '")[0])
    out['reshapes'] = shapes


def main(tf):
    out = {}
    tf.set_random_seed(8)
    X = np.random.RandomState(8).randn(4, 3).astype(np.float32)
    graph = tf.get_default_graph()
    x, W, probs, pred = _build(tf)
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out['probs'] = sess.run(probs, {x: X})
        _saved_models(tf, out, sess, x, probs, pred, X)
        _frozen(tf, out, sess, graph, X)
        _meta_graph(tf, out, sess, saver)
    _reshapes(tf, out)
    return out
