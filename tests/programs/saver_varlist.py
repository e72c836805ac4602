"""Saver with a var_list dict (renamed), max_to_keep, restore into a fresh graph, checkpoint
utilities (list_variables, load_variable), and init_from_checkpoint."""
import os
import numpy as np
TAGS = ['saver']


def main(tf):
    out = {}
    d = os.path.abspath('ckpts')
    with tf.Graph().as_default():
        a = tf.Variable([1.0, 2.0], name='a')
        b = tf.get_variable('scope/b', initializer=tf.constant([[3, 4]], tf.int32))
        gs = tf.train.get_or_create_global_step()
        inc = tf.assign_add(gs, 1)
        saver = tf.train.Saver({'renamed_a': a, 'scope/b': b, 'global_step': gs}, max_to_keep=2)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            paths = []
            for _ in range(3):
                sess.run(inc)
                sess.run(tf.assign(a, a * 2.0))
                paths.append(saver.save(sess, os.path.join(d, 'model'), global_step=gs))
        out['paths'] = np.array([os.path.basename(p) for p in paths])
        out['kept'] = np.array([os.path.basename(p) for p in saver.last_checkpoints])
    out['latest'] = os.path.basename(tf.train.latest_checkpoint(d))
    out['list'] = np.array([(n + ':' + str(s)) for n, s in tf.train.list_variables(d)])
    out['load_a'] = tf.train.load_variable(d, 'renamed_a')
    with tf.Graph().as_default():
        a2 = tf.get_variable('new_a', shape=[2])
        tf.train.init_from_checkpoint(d, {'renamed_a': 'new_a'})
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            out['init_from'] = sess.run(a2)
    with tf.Graph().as_default():
        a3 = tf.Variable([0.0, 0.0], name='x')
        s3 = tf.train.Saver({'renamed_a': a3})
        with tf.Session() as sess:
            s3.restore(sess, os.path.join(d, 'model-2'))
            out['restored_old'] = sess.run(a3)
    return out
