"""TF Serving export scripts of 2017-2018: a tf.Example parsing input, SavedModelBuilder with
classification/regression/predict signatures (signature_def_utils, build_tensor_info,
is_valid_signature), a vocabulary asset and index-to-string table, main_op, a second tag set via
add_meta_graph, then loader.load into a new graph and runs by signature tensor names
(get_tensor_from_tensor_info), the export dir's files and a wrong-tag error."""
import os

import numpy as np

TAGS = ['io', 'graph', 'lookup']
TOLERANCE = {'*': (1e-5, 1e-6)}


def main(tf):
    out = {}
    sm = tf.saved_model
    export_dir = os.path.abspath('export/1')
    vocab = os.path.abspath('vocab.txt')
    with open(vocab, 'w') as f:
        f.write('neg\npos\n')
    xs = np.array([[0.5, -1.0, 2.0], [1.5, 0.25, -0.5]], np.float32)
    with tf.Graph().as_default():
        tf.set_random_seed(3)
        serialized = tf.placeholder(tf.string, name='tf_example')
        feats = tf.parse_example(serialized, {'x': tf.FixedLenFeature([3], tf.float32)})
        x = tf.identity(feats['x'], name='x')
        w = tf.Variable(tf.random_uniform([3, 2], -1, 1, seed=5), name='w')
        logits = tf.matmul(x, w, name='logits')
        probs = tf.nn.softmax(logits, name='probs')
        asset = tf.constant(vocab, name='vocab_path')
        tf.add_to_collection(tf.GraphKeys.ASSET_FILEPATHS, asset)
        table = tf.contrib.lookup.index_to_string_table_from_file(vocab) if getattr(tf, 'contrib', None) \
            else tf.lookup.StaticHashTable(tf.lookup.TextFileInitializer(
                vocab, tf.int64, tf.lookup.TextFileIndex.LINE_NUMBER, tf.string,
                tf.lookup.TextFileIndex.WHOLE_LINE), 'UNK')
        classes = table.lookup(tf.argmax(probs, 1))
        values, idx = tf.nn.top_k(probs, 2)
        class_names = table.lookup(tf.cast(idx, tf.int64))
        score = tf.reduce_sum(logits, 1, keepdims=True, name='score')
        u = sm.utils
        cls_sig = sm.signature_def_utils.classification_signature_def(serialized, class_names, values)
        reg_sig = sm.signature_def_utils.regression_signature_def(serialized, score)
        pred_sig = sm.signature_def_utils.predict_signature_def({'x': x}, {'probs': probs, 'classes': classes})
        custom = sm.signature_def_utils.build_signature_def(
            inputs={'x': u.build_tensor_info(x)}, outputs={'logits': u.build_tensor_info(logits)},
            method_name=sm.signature_constants.PREDICT_METHOD_NAME)
        out['valid'] = [sm.signature_def_utils.is_valid_signature(s) for s in (cls_sig, reg_sig, pred_sig, custom)]
        out['cls_keys'] = sorted(cls_sig.inputs) + sorted(cls_sig.outputs)
        out['cls_method'] = cls_sig.method_name
        out['reg_out'] = reg_sig.outputs['outputs'].name
        out['pred_info'] = [d.size for d in u.build_tensor_info(probs).tensor_shape.dim] + [int(u.build_tensor_info(x).tensor_shape.unknown_rank)]
        out['pred_dtype'] = u.build_tensor_info(classes).dtype
        builder = sm.builder.SavedModelBuilder(export_dir)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(tf.tables_initializer())
            ref = sess.run([probs, score], {x: xs})
            builder.add_meta_graph_and_variables(
                sess, [sm.tag_constants.SERVING],
                signature_def_map={sm.signature_constants.DEFAULT_SERVING_SIGNATURE_DEF_KEY: cls_sig,
                                   'regress': reg_sig, 'predict': pred_sig, 'logits': custom},
                assets_collection=tf.get_collection(tf.GraphKeys.ASSET_FILEPATHS),
                main_op=sm.main_op.main_op())
            builder.add_meta_graph(['eval'], signature_def_map={'predict': pred_sig})
        path = builder.save(as_text=False)
        out['save_path'] = os.path.relpath(path.decode() if isinstance(path, bytes) else path)
    files = []
    for root, _, names in os.walk(export_dir):
        files += [os.path.relpath(os.path.join(root, n), export_dir) for n in names]
    out['files'] = sorted(files)
    out['maybe'] = sm.loader.maybe_saved_model_directory(export_dir)
    with tf.Graph().as_default() as g2:
        with tf.Session() as sess:
            mg = sm.loader.load(sess, [sm.tag_constants.SERVING], export_dir)
            out['sig_keys'] = sorted(mg.signature_def)
            out['tags'] = list(mg.meta_info_def.tags)
            sig = mg.signature_def['predict']
            out['pred_inputs'] = {k: v.name for k, v in sig.inputs.items()}
            out['pred_outputs'] = {k: v.name for k, v in sig.outputs.items()}
            xt = sm.utils.get_tensor_from_tensor_info(sig.inputs['x'], g2)
            pt = sm.utils.get_tensor_from_tensor_info(sig.outputs['probs'], g2)
            ct = g2.get_tensor_by_name(sig.outputs['classes'].name)
            got_p, got_c = sess.run([pt, ct], {xt: xs})
            out['probs'] = got_p
            out['classes'] = got_c
            out['ref'] = ref[0]
            ex = tf.train.Example(features=tf.train.Features(feature={
                'x': tf.train.Feature(float_list=tf.train.FloatList(value=list(xs[0])))}))
            dsig = mg.signature_def['serving_default']
            cls, sc = sess.run([dsig.outputs['classes'].name, dsig.outputs['scores'].name],
                               {dsig.inputs['inputs'].name: [ex.SerializeToString()]})
            out['cls'] = cls
            out['sc'] = sc
            rsig = mg.signature_def['regress']
            out['reg'] = sess.run(rsig.outputs['outputs'].name, {rsig.inputs['inputs'].name: [ex.SerializeToString()]})
            out['assets'] = [os.path.basename(a) for a in
                             sess.run(g2.get_collection(tf.GraphKeys.ASSET_FILEPATHS))]
    with tf.Graph().as_default():
        with tf.Session() as sess:
            mg2 = sm.loader.load(sess, ['eval'], export_dir)
            out['eval_sigs'] = sorted(mg2.signature_def)
            try:
                sm.loader.load(sess, ['train'], export_dir)
            except RuntimeError as e:
                out['bad_tag'] = str(e)[:120]
    return out
