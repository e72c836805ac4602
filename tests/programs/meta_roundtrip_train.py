"""export_meta_graph + import_meta_graph of a training graph with collections, then continue
training from the checkpoint in a fresh graph; train_op and collections survive."""
import os
import numpy as np
TAGS = ['saver', 'graph']
TOLERANCE = {'*': (1e-4, 1e-5)}


def main(tf):
    out = {}
    rng = np.random.RandomState(0)
    xd = rng.randn(8, 3).astype(np.float32)
    yd = rng.randn(8, 1).astype(np.float32)
    path = os.path.abspath('m/model')
    with tf.Graph().as_default():
        tf.set_random_seed(4)
        x = tf.placeholder(tf.float32, [None, 3], name='x')
        y = tf.placeholder(tf.float32, [None, 1], name='y')
        pred = tf.layers.dense(tf.layers.dense(x, 4, tf.nn.relu), 1)
        loss = tf.reduce_mean(tf.square(pred - y), name='loss')
        train = tf.train.MomentumOptimizer(0.1, 0.9).minimize(loss, global_step=tf.train.get_or_create_global_step())
        tf.add_to_collection('train_op', train)
        tf.add_to_collection('my_tensors', pred)
        saver = tf.train.Saver()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(3):
                sess.run(train, {x: xd, y: yd})
            saver.save(sess, path, global_step=3)
            out['loss_before'] = sess.run(loss, {x: xd, y: yd})
    with tf.Graph().as_default():
        s2 = tf.train.import_meta_graph(path + '-3.meta')
        g = tf.get_default_graph()
        out['collections'] = np.array(sorted(k for k in g.get_all_collection_keys()))
        train = tf.get_collection('train_op')[0]
        with tf.Session() as sess:
            s2.restore(sess, path + '-3')
            out['loss_restored'] = sess.run('loss:0', {'x:0': xd, 'y:0': yd})
            for _ in range(3):
                sess.run(train, {'x:0': xd, 'y:0': yd})
            out['loss_after'] = sess.run('loss:0', {'x:0': xd, 'y:0': yd})
            out['step'] = sess.run(tf.train.get_global_step())
            out['n_vars'] = np.array(len(tf.global_variables()))
    return out
