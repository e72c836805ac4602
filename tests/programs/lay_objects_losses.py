"""tf.layers Layer objects: name uniquification across calls and variable/name scopes, reuse and
AUTO_REUSE, variables/trainable/non-trainable/updates/losses properties, kernel/bias/activity
regularizers in REGULARIZATION_LOSSES, kernel_constraint, gradients."""
import numpy as np
TAGS = ['layers', 'variables', 'gradients']


def _t(fn):
    try:
        r = fn()
        return 'S:' + str(r)
    except Exception as e:  # noqa
        return 'B:%s:%s' % (type(e).__name__, str(e).split('\n')[0][:160])


def main(tf):
    out = {}
    tf.set_random_seed(11)
    x = tf.constant(np.arange(12, dtype=np.float32).reshape(3, 4) / 10.)
    names = []
    names.append(tf.layers.dense(x, 2).name)
    names.append(tf.layers.dense(x, 2).name)
    names.append(tf.layers.dense(x, 2, name='fc').name)
    names.append(_t(lambda: tf.layers.dense(x, 2, name='fc').name))
    names.append(tf.layers.dense(x, 2, name='fc', reuse=True).name)
    with tf.variable_scope('blk'):
        names.append(tf.layers.dense(x, 2).name)
        names.append(tf.layers.dense(x, 2, name='fc').name)
    with tf.variable_scope('blk', reuse=True):
        names.append(tf.layers.dense(x, 2, name='fc').name)
        names.append(_t(lambda: tf.layers.dense(x, 2, name='nofc').name))
    with tf.variable_scope('auto', reuse=tf.AUTO_REUSE):
        names.append(tf.layers.dense(x, 2, name='a').name)
        names.append(tf.layers.dense(x, 2, name='a').name)
        names.append(tf.layers.conv1d(tf.expand_dims(x, -1), 2, 3, name='c').name)
    with tf.name_scope('ns'):
        names.append(tf.layers.dense(x, 2).name)
        names.append(tf.layers.dense(x, 2, name='fc2').name)
    out['names'] = names
    d = tf.layers.Dense(3, name='obj', kernel_regularizer=tf.nn.l2_loss,
                        bias_regularizer=lambda b: tf.reduce_sum(tf.abs(b)),
                        activity_regularizer=lambda a: tf.reduce_sum(a),
                        kernel_constraint=lambda k: tf.clip_by_value(k, -0.1, 0.1),
                        bias_initializer=tf.constant_initializer(0.5))
    out['pre_built'] = [d.built, d.name, len(d.variables)]
    y1 = d(x)
    y2 = d(x * 2.)
    out['obj_out'] = [y1.name, y2.name, str(y1.shape)]
    out['obj_vars'] = [v.name for v in d.variables]
    out['obj_tvars'] = [v.name for v in d.trainable_variables]
    out['obj_weights'] = [v.name for v in d.weights]
    out['obj_ntvars'] = [v.name for v in d.non_trainable_variables]
    out['obj_losses'] = [l.name for l in d.losses]
    out['reg_coll'] = [l.name for l in tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)]
    out['obj_updates'] = len(d.updates)
    out['scope_name'] = _t(lambda: d.scope_name)
    d2 = tf.layers.Dense(3, trainable=False)
    d2(x)
    out['d2'] = [[v.name for v in d2.trainable_variables], [v.name for v in d2.non_trainable_variables],
                 len(tf.trainable_variables()), len(tf.global_variables())]
    out['trainable_coll'] = [v.name for v in tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES)]
    bn = tf.layers.BatchNormalization(name='bnobj')
    yb = bn(x, training=True)
    out['bn_props'] = [[v.name for v in bn.variables], [v.name for v in bn.trainable_variables],
                       [v.name for v in bn.non_trainable_variables], [u.name for u in bn.updates]]
    yb2 = bn(x, training=False)
    out['bn_updates2'] = [u.name for u in bn.updates]
    out['update_coll'] = [u.name for u in tf.get_collection(tf.GraphKeys.UPDATE_OPS)]
    c = tf.layers.Conv2D(2, 2, kernel_regularizer=tf.nn.l2_loss)
    out['conv_repr'] = [c.filters, list(c.kernel_size), list(c.strides), c.padding, c.data_format]
    c(tf.ones([1, 3, 3, 1]))
    out['conv_losses'] = [l.name for l in c.losses]
    out['wrong_in'] = _t(lambda: d(tf.ones([2, 5])).name)
    out['wrong_in_c'] = _t(lambda: c(tf.ones([1, 3, 3, 2])).name)
    out['mismatched_dtype'] = _t(lambda: d(tf.ones([2, 4], tf.float64)).name)
    grads = tf.gradients(tf.reduce_sum(y1) + tf.add_n(tf.losses.get_regularization_losses()), tf.trainable_variables())
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out['y1'] = sess.run(y1)
        out['yb'] = sess.run([yb, yb2])
        out['losses_v'] = sess.run(d.losses)
        out['reg_total'] = sess.run(tf.losses.get_regularization_loss())
        out['reg_all'] = [l.name for l in tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)]
        out['reg_allv'] = sess.run(tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES))
        out['grads'] = [np.asarray(g).sum() if g is not None else 'None' for g in sess.run([g for g in grads if g is not None])]
        out['grad_none'] = [g is None for g in grads]
        k0 = sess.run(d.kernel)
        out['kernel0'] = k0
        # constraint applies only in optimizers
        opt = tf.train.GradientDescentOptimizer(1.0).minimize(tf.reduce_sum(y1), var_list=[d.kernel, d.bias])
        sess.run(opt)
        out['kernel1'] = sess.run(d.kernel)
    return out
