"""CTR optimizers on embedding lookups with duplicate ids (wide/FTRL-era code): FtrlOptimizer
(learning_rate_power 0, l2 shrinkage, accum/linear names), ProximalAdagrad,
ProximalGradientDescent, AdagradDA with global_step, Adam/RMSProp(centered)/Momentum/Adadelta
sparse updates; slot names, apply op types, constructor errors."""
import numpy as np
TAGS = ['embedding', 'train', 'sparse', 'errors']
TOLERANCE = {'*': (1e-5, 1e-6)}


def _err(fn):
    try:
        fn()
        return 'no error'
    except Exception as e:
        return '%s: %s' % (type(e).__name__, str(e).split('\n')[0][:160])


def main(tf):
    np.random.seed(17)
    tf.set_random_seed(17)
    ids_np = np.array([[1, 3, 3], [0, 1, 5], [5, 5, 2]], np.int32)
    y_np = np.array([[1.], [0.], [1.]], np.float32)
    gs = tf.train.get_or_create_global_step()
    opts = {
        'ftrl_p0': tf.train.FtrlOptimizer(0.1, learning_rate_power=0.0, l1_regularization_strength=0.05,
                                          accum_name='acc_x', linear_name='lin_x'),
        'ftrl_shr': tf.train.FtrlOptimizer(0.1, learning_rate_power=-0.7, initial_accumulator_value=0.5,
                                           l2_regularization_strength=0.2,
                                           l2_shrinkage_regularization_strength=0.1),
        'padagrad': tf.train.ProximalAdagradOptimizer(0.2, initial_accumulator_value=0.1,
                                                      l1_regularization_strength=0.01,
                                                      l2_regularization_strength=0.05),
        'pgd': tf.train.ProximalGradientDescentOptimizer(0.3, l1_regularization_strength=0.02,
                                                         l2_regularization_strength=0.1),
        'adagrad_da': tf.train.AdagradDAOptimizer(0.2, global_step=gs, l1_regularization_strength=0.01,
                                                  l2_regularization_strength=0.01),
        'adam': tf.train.AdamOptimizer(0.05, beta1=0.8),
        'rms': tf.train.RMSPropOptimizer(0.05, decay=0.8, momentum=0.5, centered=True),
        'mom': tf.train.MomentumOptimizer(0.1, 0.9),
        'adadelta': tf.train.AdadeltaOptimizer(1.0, rho=0.9),
    }
    out = {}
    trains = {}
    embs = {}
    for name, opt in sorted(opts.items()):
        with tf.variable_scope(name):
            emb = tf.get_variable('emb', [6, 2], initializer=tf.random_uniform_initializer(-0.5, 0.5, seed=4))
            wv = tf.get_variable('w', [2, 1], initializer=tf.constant_initializer([[0.3], [-0.2]]))
        h = tf.reduce_sum(tf.nn.embedding_lookup(emb, ids_np), 1)
        loss = tf.losses.sigmoid_cross_entropy(y_np, tf.matmul(h, wv))
        gvs = opt.compute_gradients(loss)
        barrier = tf.tuple([g for g, _ in gvs])  # all gradients before any update (ref vars race)
        trains[name] = opt.apply_gradients(list(zip(barrier, [v for _, v in gvs])),
                                           global_step=gs if name == 'adagrad_da' else None)
        embs[name] = emb
        out['slots_' + name] = sorted(opt.get_slot_names())
        out['slotvars_' + name] = sorted(v.name for v in opt.variables())
    out['apply_types'] = sorted(set(op.type for op in tf.get_default_graph().get_operations()
                                    if 'Apply' in op.type))
    errs = {}
    errs['ftrl_pos_power'] = _err(lambda: tf.train.FtrlOptimizer(0.1, learning_rate_power=0.5))
    errs['ftrl_neg_init'] = _err(lambda: tf.train.FtrlOptimizer(0.1, initial_accumulator_value=-1.))
    errs['ftrl_neg_l1'] = _err(lambda: tf.train.FtrlOptimizer(0.1, l1_regularization_strength=-1.))
    errs['ftrl_neg_shr'] = _err(lambda: tf.train.FtrlOptimizer(0.1, l2_shrinkage_regularization_strength=-1.))
    errs['adagrad_init0'] = _err(lambda: tf.train.AdagradOptimizer(0.1, initial_accumulator_value=0.))
    errs['da_no_gs'] = _err(lambda: tf.train.AdagradDAOptimizer(0.1, global_step=None))
    out['errs'] = errs
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(3):
            for name in sorted(trains):
                sess.run(trains[name])
        for name in sorted(embs):
            out['emb_' + name] = sess.run(embs[name])
        out['gs'] = sess.run(gs)
    return out
