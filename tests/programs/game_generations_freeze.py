"""minigo-style model generations (2018): Saver(max_to_keep) checkpoints with a global step,
tf.gfile bookkeeping, latest_checkpoint / get_checkpoint_state, restoring into a freshly built
graph, NewCheckpointReader, a Saver var_list dict that renames scoped variables, and freezing with
tf.graph_util.convert_variables_to_constants + import_graph_def(input_map, return_elements) for
batched inference with batch sizes 1, 3 and 0."""
import os
import numpy as np

TAGS = ['saver', 'graph', 'train', 'io']

TOLERANCE = {'*': (1e-4, 1e-5)}
N = 4


def build(tf, training=None):
    x = tf.placeholder(tf.float32, [None, N, N, 2], name='pos_tensor')
    if training is None:
        training = tf.placeholder_with_default(False, [], name='training')
    with tf.variable_scope('tower'):
        h = tf.layers.conv2d(x, 4, 3, padding='same', use_bias=False, name='conv')
        h = tf.nn.relu(tf.layers.batch_normalization(h, training=training, name='bn',
                                                      momentum=0.9))
    flat = tf.layers.flatten(h)
    logits = tf.layers.dense(flat, N * N + 1, name='policy_fc')
    policy = tf.nn.softmax(logits, name='policy_output')
    value = tf.nn.tanh(tf.reshape(tf.layers.dense(flat, 1, name='value_fc'), [-1]),
                       name='value_output')
    return x, training, logits, policy, value


def main(tf):
    rng = np.random.RandomState(4)
    xs = rng.randint(0, 2, (5, N, N, 2)).astype(np.float32)
    pis = rng.dirichlet(np.ones(N * N + 1), 5).astype(np.float32)
    out = {}
    tf.gfile.MakeDirs('models')
    with tf.Graph().as_default():
        tf.set_random_seed(9)
        x, training, logits, policy, value = build(tf)
        gs = tf.train.get_or_create_global_step()
        pi = tf.placeholder(tf.float32, [None, N * N + 1])
        loss = tf.losses.softmax_cross_entropy(pi, logits) + tf.reduce_mean(tf.square(value))
        with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
            train = tf.train.MomentumOptimizer(0.05, 0.9, use_nesterov=True).minimize(
                loss, global_step=gs)
        saver = tf.train.Saver(max_to_keep=2)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for gen in range(1, 4):
                for _ in range(2):
                    sess.run(train, {x: xs, pi: pis, training: True})
                saver.save(sess, 'models/%06d-gen' % gen, global_step=gs)
            out['final_pv'] = sess.run([policy, value], {x: xs[:2]})
            out['ckpt_files'] = sorted(f for f in tf.gfile.ListDirectory('models')
                                       if 'index' in f or f == 'checkpoint')
            state = tf.train.get_checkpoint_state('models')
            out['all_paths'] = [os.path.basename(p) for p in state.all_model_checkpoint_paths]
            out['latest'] = os.path.basename(tf.train.latest_checkpoint('models'))
            out['last_ckpts'] = [os.path.basename(p) for p in saver.last_checkpoints]
            gd = tf.graph_util.convert_variables_to_constants(
                sess, sess.graph.as_graph_def(), ['policy_output', 'value_output'])
    # v1 Switch/Merge vs functional If: a known, inherent difference
    out['frozen_ops'] = sorted(set(n.op for n in gd.node if 'cond' not in n.name.split('/')))
    out['frozen_n_const'] = sum(n.op == 'Const' for n in gd.node)
    out['frozen_has_train'] = any('Momentum' in n.name for n in gd.node)
    latest = tf.train.latest_checkpoint('models')
    reader = tf.train.NewCheckpointReader(latest)
    shapes = reader.get_variable_to_shape_map()
    out['reader_keys'] = sorted(shapes)
    out['reader_gs'] = reader.get_tensor('global_step')
    out['reader_mv'] = reader.get_tensor('tower/bn/moving_variance')
    with tf.Graph().as_default():
        x, training, logits, policy, value = build(tf)
        with tf.Session() as sess:
            tf.train.Saver().restore(sess, latest)
            out['restored_pv'] = sess.run([policy, value], {x: xs[:2]})
    with tf.Graph().as_default():
        with tf.variable_scope('player_b'):
            x, training, logits, policy, value = build(tf, training=False)
        var_list = {v.op.name[len('player_b/'):]: v for v in tf.global_variables()}
        with tf.Session() as sess:
            tf.train.Saver(var_list=var_list).restore(sess, latest)
            out['renamed_pv'] = sess.run([policy, value], {x: xs[:2]})
            out['renamed_keys'] = sorted(var_list)
    with tf.Graph().as_default() as g:
        feed = tf.placeholder(tf.float32, [None, N, N, 2], name='feed')
        p, v = tf.import_graph_def(gd, input_map={'pos_tensor:0': feed},
                                   return_elements=['policy_output:0', 'value_output:0'],
                                   name='frozen')
        out['import_names'] = [p.name, v.name, str(p.shape), str(v.shape)]
        with tf.Session(graph=g) as sess:
            for bs in (1, 3, 0):
                pp, vv = sess.run([p, v], {feed: xs[:bs]})
                out['frozen_bs%d' % bs] = [pp, vv]
    with tf.gfile.GFile('models/frozen.pb', 'wb') as f:
        f.write(gd.SerializeToString())
    out['pb_exists'] = tf.gfile.Exists('models/frozen.pb')
    out['glob'] = sorted(os.path.basename(p) for p in tf.gfile.Glob('models/*.meta'))
    return out
