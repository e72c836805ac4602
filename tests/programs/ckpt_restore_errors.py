"""Imitates the restore failures people reported when reusing checkpoints (2016-2019 issues and
StackOverflow): shape mismatch, missing key, dtype mismatch, a missing path, None path, renamed
var_list dict, reshape=True, Saver construction errors (duplicates, non-variables, empty),
saving into a missing directory, reader and load_variable errors."""
import os
import numpy as np
TAGS = ['saver', 'errors']


def err(fn):
    try:
        fn()
        return 'ok'
    except Exception as ex:  # noqa
        m = str(ex).replace(os.getcwd(), '.')
        return '%s: %s' % (type(ex).__name__, m.replace('Graph execution error:\n\n', '').split('\n')[0][:300])


def main(tf):
    r = {}
    ck = os.path.join(os.getcwd(), 'a', 'model.ckpt')
    with tf.Graph().as_default():
        tf.Variable(np.ones((2, 3), np.float32), name='w')
        tf.Variable(np.zeros(3, np.float32), name='b')
        tf.Variable(5, name='n')
        with tf.Session() as s:
            s.run(tf.global_variables_initializer())
            tf.train.Saver().save(s, ck)
    with tf.Graph().as_default():
        w = tf.Variable(np.ones((3, 2), np.float32), name='w')
        b = tf.Variable(np.zeros(3, np.float32), name='b')
        c = tf.Variable(np.zeros(3, np.float32), name='c')
        n = tf.Variable(1.0, name='n')
        with tf.Session() as s:
            r['shape'] = err(lambda: tf.train.Saver([w]).restore(s, ck))
            r['missing'] = err(lambda: tf.train.Saver([b, c]).restore(s, ck))
            r['dtype'] = err(lambda: tf.train.Saver([n]).restore(s, ck))
            r['badpath'] = err(lambda: tf.train.Saver([b]).restore(s, os.path.join(os.getcwd(), 'zz', 'm')))
            r['none'] = err(lambda: tf.train.Saver([b]).restore(s, None))
            r['renamed_ok'] = err(lambda: tf.train.Saver({'w': b}).restore(s, ck))
            r['reshape_ok'] = err(lambda: tf.train.Saver([w], reshape=True).restore(s, ck))
            r['w_reshaped'] = s.run(w)
            r['uninit_eval'] = err(lambda: s.run(c))
        r['dup'] = err(lambda: tf.train.Saver([b, b]))
        r['dup_name'] = err(lambda: tf.train.Saver({'x': b, 'y': b}))
        r['bad_type'] = err(lambda: tf.train.Saver({'x': 3}))
        r['bad_list'] = err(lambda: tf.train.Saver([b.value()]))
        r['empty'] = err(lambda: tf.train.Saver([]))
        with tf.Session() as s:
            s.run(tf.global_variables_initializer())
            r['save_nodir'] = err(lambda: tf.train.Saver([b]).save(s, os.path.join(os.getcwd(), 'new', 'sub', 'm')))
            r['save_created'] = os.path.isdir(os.path.join(os.getcwd(), 'new', 'sub'))
            r['save_not_sess'] = err(lambda: tf.train.Saver([b]).save(None, ck))
    with tf.Graph().as_default():
        r['no_vars'] = err(lambda: tf.train.Saver())
        r['no_vars_allow'] = err(lambda: tf.train.Saver(allow_empty=True))
    r['reader_bad'] = err(lambda: tf.train.NewCheckpointReader(os.path.join(os.getcwd(), 'nothere')))
    r['load_var_bad'] = err(lambda: tf.train.load_variable(ck, 'q'))
    r['list_bad'] = err(lambda: tf.train.list_variables(os.path.join(os.getcwd(), 'empty_dir_x')))
    return r
