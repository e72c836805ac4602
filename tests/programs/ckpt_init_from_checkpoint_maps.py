"""Imitates 2017-2018 transfer-learning code (BERT run_classifier / object detection / t2t warm
starts) using tf.train.init_from_checkpoint: scope-to-scope maps, the '/' root map, a variable
name, a variable object, a partitioned variable restored under another partitioning, and the
ValueErrors for a shape mismatch, a missing scope, a missing variable and a scope mapped to a
variable; tf.train.list_variables."""
import os
TAGS = ['saver', 'variables', 'errors']


def build_src(tf):
    with tf.variable_scope('encoder'):
        w = tf.get_variable('w', [3, 4], initializer=tf.random_normal_initializer(seed=1))
        b = tf.get_variable('b', [4], initializer=tf.constant_initializer(0.5))
    with tf.variable_scope('emb'):
        e = tf.get_variable('table', [10, 2], initializer=tf.random_uniform_initializer(seed=2),
                            partitioner=tf.fixed_size_partitioner(3))
    g = tf.get_variable('global_scalar', [], initializer=tf.constant_initializer(7.0))
    return w, b, e, g


def main(tf):
    r = {}
    ckpt = os.path.join(os.getcwd(), 'src', 'model.ckpt')
    g1 = tf.Graph()
    with g1.as_default():
        w, b, e, gs = build_src(tf)
        saver = tf.train.Saver()
        with tf.Session() as s:
            s.run(tf.global_variables_initializer())
            r['src_w'], r['src_b'], r['src_e'] = s.run([w, b, e.as_tensor()])
            saver.save(s, ckpt)
    r['listed'] = ['%s:%s' % (n, s) for n, s in tf.train.list_variables(ckpt)]

    # 1) scope to scope
    g2 = tf.Graph()
    with g2.as_default():
        with tf.variable_scope('new_enc'):
            w2 = tf.get_variable('w', [3, 4])
            b2 = tf.get_variable('b', [4])
        with tf.variable_scope('other'):
            t2 = tf.get_variable('table', [10, 2], partitioner=tf.fixed_size_partitioner(2))
        z = tf.get_variable('z', [], initializer=tf.zeros_initializer())
        z2 = tf.get_variable('z2', [], initializer=tf.zeros_initializer())
        tf.train.init_from_checkpoint(ckpt, {'encoder/': 'new_enc/'})
        tf.train.init_from_checkpoint(ckpt, {'emb/table': 'other/table'})
        tf.train.init_from_checkpoint(ckpt, {'global_scalar': z})
        tf.train.init_from_checkpoint(ckpt, {'global_scalar': 'z2'})
        r['init_op_type'] = w2.initializer.op.type if hasattr(w2.initializer, 'op') else w2.initializer.type
        r['initial_value_op'] = w2.initial_value.op.type
        with tf.Session() as s:
            s.run(tf.global_variables_initializer())
            r['w2'], r['b2'], r['t2'], r['z'], r['z2'] = s.run(
                [w2, b2, t2.as_tensor(), z, z2])
            r['t2_parts'] = [str(v.get_shape()) for v in t2]

    # 2) '/' root mapping into a scope
    g3 = tf.Graph()
    with g3.as_default():
        with tf.variable_scope('restored'):
            with tf.variable_scope('encoder'):
                w3 = tf.get_variable('w', [3, 4])
            gsc = tf.get_variable('global_scalar', [])
        tf.train.init_from_checkpoint(ckpt, {'/': 'restored/'})
        with tf.Session() as s:
            s.run(tf.global_variables_initializer())
            r['w3'], r['gs3'] = s.run([w3, gsc])

    # 3) errors
    def err(fn):
        try:
            fn()
            return 'ok'
        except Exception as ex:  # noqa
            return '%s: %s' % (type(ex).__name__, str(ex).split('\n')[0].replace(os.getcwd(), '.').split(' {')[0])
    g4 = tf.Graph()
    with g4.as_default():
        with tf.variable_scope('x'):
            tf.get_variable('w', [5, 4])
            tf.get_variable('c', [2], dtype=tf.int32)
        r['err_shape'] = err(lambda: tf.train.init_from_checkpoint(ckpt, {'encoder/w': 'x/w'}))
        r['err_missing_ckpt'] = err(lambda: tf.train.init_from_checkpoint(ckpt, {'nope/': 'x/'}))
        r['err_missing_var'] = err(lambda: tf.train.init_from_checkpoint(ckpt, {'encoder/w': 'x/q'}))
        r['err_dtype'] = err(lambda: tf.train.init_from_checkpoint(ckpt, {'encoder/b': 'x/c'}))
        r['err_scope_to_var'] = err(lambda: tf.train.init_from_checkpoint(ckpt, {'encoder/': 'x/w'}))
    return r
