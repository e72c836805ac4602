"""SO checkpoint idioms: Saver restoring a subset via a {name: var} dict into renamed scopes,
init_from_checkpoint with an assignment map, trainable_variables(scope=...) filtering for
fine-tuning, freezing with convert_variables_to_constants and re-importing the GraphDef."""
import numpy as np
TAGS = ['saver', 'graph', 'variables', 'train']


def build(tf, scope, inp):
    with tf.variable_scope(scope):
        h = tf.layers.dense(inp, 4, activation=tf.nn.relu, name='hidden')
        return tf.layers.dense(h, 2, name='logits')


def main(tf):
    out = {}
    xs = np.linspace(-1, 1, 12).reshape(4, 3).astype(np.float32)
    g1 = tf.Graph()
    with g1.as_default():
        tf.set_random_seed(5)
        x = tf.placeholder(tf.float32, [None, 3], name='input')
        y = build(tf, 'pretrained', x)
        with tf.variable_scope('extra'):
            e = tf.get_variable('e', [2], initializer=tf.constant_initializer(7.0))
        final = tf.identity(tf.nn.softmax(y + e), name='output')
        saver = tf.train.Saver()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            ref = sess.run(final, {x: xs})
            out['ref'] = ref
            path = saver.save(sess, './model.ckpt', global_step=3)
            out['ckpt_basename'] = path.split('/')[-1]
            frozen = tf.graph_util.convert_variables_to_constants(sess, g1.as_graph_def(), ['output'])
            out['frozen_op_types'] = sorted(set(n.op for n in frozen.node))
            out['frozen_const_names'] = sorted(n.name for n in frozen.node if n.op == 'Const')
    out['ckpt_vars'] = [(n, s) for n, s in tf.train.list_variables('./model.ckpt-3')]
    out['latest'] = tf.train.latest_checkpoint('.').split('/')[-1]

    g2 = tf.Graph()
    with g2.as_default():
        tf.set_random_seed(6)
        x = tf.placeholder(tf.float32, [None, 3], name='input')
        y = build(tf, 'finetune', x)
        with tf.variable_scope('new_head'):
            z = tf.layers.dense(y, 1, name='out', kernel_initializer=tf.ones_initializer())
        ft_vars = tf.trainable_variables(scope='finetune')
        out['ft_vars'] = [v.name for v in ft_vars]
        out['head_vars'] = [v.name for v in tf.trainable_variables('new_head')]
        name_map = {v.op.name.replace('finetune', 'pretrained'): v for v in ft_vars
                    if 'hidden' in v.op.name}
        restorer = tf.train.Saver(name_map)
        loss = tf.reduce_mean(tf.square(z - 1.0))
        train = tf.train.GradientDescentOptimizer(0.05).minimize(
            loss, var_list=tf.trainable_variables('new_head') + tf.trainable_variables('finetune/logits'))
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            restorer.restore(sess, './model.ckpt-3')
            out['restored_hidden'] = sess.run('finetune/hidden/kernel:0')
            out['ft_losses'] = np.array([sess.run([loss, train], {x: xs})[0] for _ in range(4)])
            try:
                tf.train.Saver({'nope/kernel': ft_vars[0]}).restore(sess, './model.ckpt-3')
            except Exception as ex:
                out['missing_err'] = type(ex).__name__

    g3 = tf.Graph()
    with g3.as_default():
        tf.set_random_seed(8)
        x = tf.placeholder(tf.float32, [None, 3], name='input')
        y = build(tf, 'warm', x)
        tf.train.init_from_checkpoint('./model.ckpt-3', {'pretrained/': 'warm/'})
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            out['warm_logits'] = sess.run(y, {x: xs})

    g4 = tf.Graph()
    with g4.as_default():
        tf.import_graph_def(frozen, name='frozen')
        inp = g4.get_tensor_by_name('frozen/input:0')
        o = g4.get_tensor_by_name('frozen/output:0')
        out['frozen_shape'] = str(o.get_shape())
        with tf.Session() as sess:
            out['frozen_out'] = sess.run(o, {inp: xs})
    return out
