"""Imitates checkpoint-inspection snippets of 2016-2019 (StackOverflow answers, inspect_checkpoint
CLI): NewCheckpointReader's shape/dtype maps, has_tensor, get_tensor of float/int64/float64/
float16/bool/string/global_step, debug_string, the missing-key error, list_variables,
load_variable, load_checkpoint, latest_checkpoint and print_tensors_in_checkpoint_file."""
import contextlib
import io
import os
import numpy as np
TAGS = ['saver', 'tooling']


def main(tf):
    r = {}
    d = os.path.join(os.getcwd(), 'ck')
    os.makedirs(d)
    prefix = os.path.join(d, 'm')
    with tf.Graph().as_default():
        tf.Variable(np.arange(6, dtype=np.float32).reshape(2, 3), name='dense/kernel')
        tf.Variable(np.array([1, 2], dtype=np.int64), name='counts')
        tf.Variable(np.array([1.5, -2.25], dtype=np.float64), name='scope/dbl')
        tf.Variable(np.array([1, 0], dtype=np.float16), name='half')
        tf.Variable([True, False], name='flags')
        tf.Variable(b'hello', name='strv')
        gstep = tf.train.get_or_create_global_step()
        inc = tf.assign_add(gstep, 3)
        with tf.Session() as s:
            s.run(tf.global_variables_initializer())
            s.run(inc)
            path = tf.train.Saver().save(s, prefix, global_step=gstep)
    r['path'] = os.path.relpath(path, os.getcwd())
    rd = tf.train.NewCheckpointReader(path)
    shp = rd.get_variable_to_shape_map()
    dt = rd.get_variable_to_dtype_map()
    r['shape_map'] = ['%s=%s' % (k, shp[k]) for k in sorted(shp)]
    r['dtype_map'] = ['%s=%s' % (k, dt[k].name) for k in sorted(dt)]
    r['has'] = [rd.has_tensor('counts'), rd.has_tensor('counts:0'), rd.has_tensor('nope')]
    r['kernel'] = rd.get_tensor('dense/kernel')
    r['counts_dtype'] = str(rd.get_tensor('counts').dtype)
    r['half_dtype'] = str(rd.get_tensor('half').dtype)
    r['str'] = rd.get_tensor('strv')
    r['gstep'] = rd.get_tensor('global_step')
    r['gstep_type'] = type(rd.get_tensor('global_step')).__name__
    r['debug'] = sorted(rd.debug_string().decode().strip().split('\n'))
    try:
        rd.get_tensor('missing/var')
    except Exception as ex:  # noqa
        r['missing'] = '%s: %s' % (type(ex).__name__, str(ex).split('\n')[0])
    r['list'] = [(n, list(s)) for n, s in tf.train.list_variables(d)]
    r['load'] = tf.train.load_variable(d, 'scope/dbl')
    r['load_ckpt_type'] = type(tf.train.load_checkpoint(d)).__name__
    r['latest'] = os.path.relpath(tf.train.latest_checkpoint(d), os.getcwd())
    if tf.__name__.startswith('tfcompat'):
        ic = tf.python.tools.inspect_checkpoint
    else:
        from tensorflow.python.tools import inspect_checkpoint as ic
    for args in [(path, '', True), (path, 'scope/dbl', False), (path, '', False),
                 (path, 'nope', False), (path, '', False, True)]:
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            ic.print_tensors_in_checkpoint_file(*args)
        r['print_%d' % len(r)] = buf.getvalue()
    return r
