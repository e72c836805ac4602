"""variable_scope: reuse, AUTO_REUSE, custom getters, partitioned variables, default initializers
from scope, name scopes vs variable scopes, trainable collections."""
import numpy as np
TAGS = ['variables']


def main(tf):
    out = {}
    tf.set_random_seed(9)

    def getter(getter, name, *args, **kwargs):
        v = getter(name, *args, **kwargs)
        return v * 2.0
    with tf.variable_scope('outer', initializer=tf.constant_initializer(0.25)):
        a = tf.get_variable('a', [2])
        with tf.variable_scope('inner', reuse=tf.AUTO_REUSE):
            b1 = tf.get_variable('b', [3], initializer=tf.ones_initializer())
            b2 = tf.get_variable('b', [3])
        with tf.variable_scope('cg', custom_getter=getter):
            c = tf.get_variable('c', [2], initializer=tf.ones_initializer())
        with tf.name_scope('ns'):
            d = tf.get_variable('d', [1], trainable=False)
            e = tf.Variable(1.0, name='e')
    with tf.variable_scope('part', partitioner=tf.fixed_size_partitioner(3)):
        p = tf.get_variable('p', [7, 2], initializer=tf.random_normal_initializer(seed=2))
    with tf.variable_scope('outer', reuse=True):
        a_again = tf.get_variable('a')
    out['names'] = np.array(sorted(v.name for v in tf.global_variables()))
    out['trainable'] = np.array(sorted(v.name for v in tf.trainable_variables()))
    out['same'] = np.array([b1 is b2, a is a_again])
    out['c_name'] = c.name
    out['e_name'] = e.name
    out['p_parts'] = np.array([v.name for v in p]) if hasattr(p, '__iter__') else str(type(p))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out['a'] = sess.run(a)
        out['c'] = sess.run(c)
        out['p'] = sess.run(tf.convert_to_tensor(p))
        out['lookup'] = sess.run(tf.nn.embedding_lookup(p, [0, 3, 6]))
    return out
