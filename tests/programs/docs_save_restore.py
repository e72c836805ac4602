"""Imitates the TensorFlow r1.x programmer's guide "Save and Restore" (tensorflow.org, 2018):
Saver, var_list dict, inspect_checkpoint.print_tensors_in_checkpoint_file text, SavedModel
builder with signature_def_map, simple_save and loader."""
import io
import os
import contextlib

TAGS = ['saver', 'saved_model']


def main(tf):
    out = {}
    stack = contextlib.ExitStack()
    v1 = tf.get_variable("v1", shape=[3], initializer=tf.zeros_initializer)
    v2 = tf.get_variable("v2", shape=[5], initializer=tf.zeros_initializer)
    inc_v1 = v1.assign(v1 + 1)
    dec_v2 = v2.assign(v2 - 1)
    init_op = tf.global_variables_initializer()
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(init_op)
        inc_v1.op.run()
        dec_v2.op.run()
        save_path = saver.save(sess, "./tmp/model.ckpt")
        out['save_path'] = os.path.relpath(save_path)
    out['files'] = sorted(os.listdir('tmp'))
    stack.enter_context(tf.Graph().as_default())  # tf.reset_default_graph() in the guide
    v1 = tf.get_variable("v1", shape=[3])
    v2 = tf.get_variable("v2", shape=[5])
    saver = tf.train.Saver()
    with tf.Session() as sess:
        saver.restore(sess, "./tmp/model.ckpt")
        out['v1'] = v1.eval()
        out['v2'] = v2.eval()
    stack.enter_context(tf.Graph().as_default())  # tf.reset_default_graph() in the guide
    v1 = tf.get_variable("v1", [3], initializer=tf.zeros_initializer)
    v2 = tf.get_variable("v2", [5], initializer=tf.zeros_initializer)
    saver = tf.train.Saver({"v2": v2})
    with tf.Session() as sess:
        v1.initializer.run()
        saver.restore(sess, "./tmp/model.ckpt")
        out['partial_v1'] = v1.eval()
        out['partial_v2'] = v2.eval()
    stack.enter_context(tf.Graph().as_default())  # tf.reset_default_graph() in the guide
    v9 = tf.get_variable("other_name", [5], initializer=tf.zeros_initializer)
    saver = tf.train.Saver(var_list={"v2": v9})
    with tf.Session() as sess:
        saver.restore(sess, "./tmp/model.ckpt")
        out['renamed'] = v9.eval()
    if tf.__name__.startswith('tfcompat'):   # `tfcompat run` maps the import below there
        chkp = tf.python.tools.inspect_checkpoint
    else:
        from tensorflow.python.tools import inspect_checkpoint as chkp
    for name, all_t in (("", True), ("v1", False), ("v2", False)):
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            chkp.print_tensors_in_checkpoint_file("./tmp/model.ckpt", tensor_name=name,
                                                  all_tensors=all_t)
        out['inspect_%s' % (name or 'all')] = buf.getvalue()
    reader = tf.train.NewCheckpointReader("./tmp/model.ckpt")
    out['shape_map'] = sorted(reader.get_variable_to_shape_map().items())
    out['ckpt_list'] = [(n, list(s)) for n, s in tf.train.list_variables("./tmp")]
    # SavedModel builder
    stack.enter_context(tf.Graph().as_default())  # tf.reset_default_graph() in the guide
    x = tf.placeholder(tf.float32, [None, 2], name='x')
    w = tf.Variable([[1.0], [2.0]], name='w')
    y = tf.matmul(x, w, name='y')
    builder = tf.saved_model.builder.SavedModelBuilder("./export/1")
    sig = tf.saved_model.signature_def_utils.predict_signature_def(inputs={'x': x},
                                                                     outputs={'y': y})
    with tf.Session(graph=tf.get_default_graph()) as sess:
        sess.run(tf.global_variables_initializer())
        builder.add_meta_graph_and_variables(
            sess, [tf.saved_model.tag_constants.SERVING],
            signature_def_map={tf.saved_model.signature_constants
                               .DEFAULT_SERVING_SIGNATURE_DEF_KEY: sig},
            strip_default_attrs=True)
    builder.save()
    out['export_files'] = sorted(os.listdir('export/1'))
    with tf.Session(graph=tf.Graph()) as sess:
        meta = tf.saved_model.loader.load(sess, [tf.saved_model.tag_constants.SERVING], "./export/1")
        s = meta.signature_def['serving_default']
        out['sig_method'] = s.method_name
        out['sig_in'] = s.inputs['x'].name
        out['sig_out'] = s.outputs['y'].name
        out['sig_out_shape'] = str(s.outputs['y'].tensor_shape)
        out['loaded_y'] = sess.run(s.outputs['y'].name, {s.inputs['x'].name: [[1.0, 1.0]]})
    stack.enter_context(tf.Graph().as_default())  # tf.reset_default_graph() in the guide
    a = tf.placeholder(tf.float32, [None], name='a')
    b = tf.Variable(3.0, name='b')
    c = tf.multiply(a, b, name='c')
    with tf.Session() as sess:
        sess.run(b.initializer)
        tf.saved_model.simple_save(sess, "./simple", inputs={"a": a}, outputs={"c": c})
    with tf.Session(graph=tf.Graph()) as sess:
        meta = tf.saved_model.loader.load(sess, ["serve"], "./simple")
        s = meta.signature_def['serving_default']
        out['simple_method'] = s.method_name
        out['simple_c'] = sess.run('c:0', {'a:0': [1.0, 2.0]})
        out['simple_vars'] = [v.name for v in tf.global_variables()]
    out['maybe'] = tf.saved_model.loader.maybe_saved_model_directory("./simple")
    stack.close()
    return out
