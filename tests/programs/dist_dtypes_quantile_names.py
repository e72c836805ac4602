"""tf.distributions (TF1) dtype handling (float16/float64), name scopes, quantile, copy, parameters,
and methods on placeholders of unknown shape."""
import numpy as np

TAGS = ['distributions']

TOLERANCE = {'*': (1e-4, 1e-5)}


def _cell(tf, sess, fn, feed=None):
    try:
        t = fn()
    except Exception as e:
        return 'B:%s:%s' % (type(e).__name__, str(e).split('\n')[0][:120])
    try:
        return np.asarray(sess.run(t, feed))
    except Exception as e:
        return 'E:' + type(e).__name__


def main(tf):
    ds = tf.distributions
    out = {}
    c = {}
    for dt in [tf.float16, tf.float64]:
        _dtype_cases(tf, ds, dt, c)
    _int_cases(tf, ds, c)
    _finish(tf, ds, c, out)
    return out


def _dtype_cases(tf, ds, dt, c):
    n = dt.name
    X = lambda: tf.constant([0.25, 0.5, 2.], dt)
    O = lambda: tf.constant(1., dt)
    c[n + '/normal'] = lambda: [ds.Normal(O() * 0., O()).log_prob(X()), ds.Normal(O() * 0., O()).cdf(X()),
                                ds.Normal(O() * 0., O()).quantile(X() * 0.25),
                                ds.Normal(O() * 0., O()).log_survival_function(X())]
    c[n + '/gamma'] = lambda: [ds.Gamma(O() * 2., O()).log_prob(X()), ds.Gamma(O() * 2., O()).cdf(X()),
                               ds.Gamma(O() * 2., O()).entropy()]
    c[n + '/beta'] = lambda: [ds.Beta(O() * 2., O()).log_prob(X() * 0.4), ds.Beta(O() * 2., O()).cdf(X() * 0.4),
                              ds.Beta(O() * 2., O()).entropy()]
    c[n + '/st'] = lambda: [ds.StudentT(O() * 3., 0., O()).log_prob(X()), ds.StudentT(O() * 3., 0., O()).cdf(X()),
                            ds.StudentT(O() * 3., 0., O()).entropy()]
    c[n + '/lap'] = lambda: [ds.Laplace(O() * 0., O()).log_prob(X()), ds.Laplace(O() * 0., O()).log_cdf(X()),
                             ds.Laplace(O() * 0., O()).log_survival_function(X())]
    c[n + '/exp'] = lambda: [ds.Exponential(O()).log_prob(X()), ds.Exponential(O()).cdf(X())]
    c[n + '/uni'] = lambda: [ds.Uniform(O() * 0., O()).prob(X()), ds.Uniform(O() * 0., O()).cdf(X())]
    c[n + '/bern'] = lambda: [ds.Bernoulli(logits=X(), dtype=dt).log_prob(X() * 0. + 1.),
                              ds.Bernoulli(logits=X()).entropy()]
    c[n + '/cat'] = lambda: [ds.Categorical(logits=X()).log_prob(2), ds.Categorical(logits=X()).entropy(),
                             ds.Categorical(logits=X()).probs]
    c[n + '/dir'] = lambda: [ds.Dirichlet(X()).log_prob(X() / 2.75), ds.Dirichlet(X()).entropy(),
                             ds.Dirichlet(X()).variance()]
    c[n + '/mult'] = lambda: [ds.Multinomial(3. * O(), logits=X()).log_prob(tf.constant([1., 1., 1.], dt)),
                              ds.Multinomial(3. * O(), logits=X()).variance()]
    c[n + '/dm'] = lambda: [ds.DirichletMultinomial(3. * O(), X()).log_prob(tf.constant([1., 0., 2.], dt)),
                            ds.DirichletMultinomial(3. * O(), X()).variance()]


def _int_cases(tf, ds, c):
    c['int/bern_dtype'] = lambda: ds.Bernoulli(probs=0.3, dtype=tf.int64).sample(2, seed=1)
    c['int/cat_dtype'] = lambda: ds.Categorical(logits=[0., 1.], dtype=tf.float32).sample(2, seed=1)
    c['int/cat_lp_i64'] = lambda: ds.Categorical(logits=[0., 1.]).log_prob(tf.constant([1, 0], tf.int64))
    c['int/normal_lp_int'] = lambda: ds.Normal(0., 1.).log_prob(1)
    c['int/normal_lp_list'] = lambda: ds.Normal(0., 1.).log_prob([1, 2])
    c['int/uniform_int'] = lambda: ds.Uniform(0, 1)
    c['int/gamma_int'] = lambda: ds.Gamma(tf.constant(2), 1)
    c['int/bern_probs_int'] = lambda: ds.Bernoulli(probs=tf.constant(1))
    c['int/dir_int'] = lambda: ds.Dirichlet(tf.constant([1, 2]))
    c['int/normal_half_mix'] = lambda: ds.Normal(tf.constant(0., tf.float16), 1.).mean()
    c['int/bern_logit_probs'] = lambda: [ds.Bernoulli(logits=[-2., 0., 3.]).probs,
                                         ds.Bernoulli(probs=[0.1, 0.5, 1.]).logits]
    c['int/cat_logit_probs'] = lambda: [ds.Categorical(probs=[0.1, 0.9, 0.]).logits,
                                        ds.Categorical(logits=[1., 2., 3.]).probs]
    c['int/mult_logits'] = lambda: ds.Multinomial(2., probs=[0.25, 0.75]).logits
    c['int/normal_quantile'] = lambda: ds.Normal(1., 2.).quantile([0., 0.5, 1., 1.5, 0.975, -0.5, np.nan])
    c['int/normal_quantile64'] = lambda: ds.Normal(np.float64(1.), 2.).quantile(np.array([0., 1e-300, 1., 1.5]))
    c['int/normal_quantile_name'] = lambda: ds.Normal(1., 2.).quantile(0.3).op.name
    c['int/cat_cdf'] = lambda: ds.Categorical(probs=[0.2, 0.3, 0.5]).cdf([-1, 0, 1, 2, 3])
    c['int/bern_cdf'] = lambda: ds.Bernoulli(probs=0.3).cdf([0, 1])
    c['int/cat_event_size'] = lambda: ds.Categorical(logits=[[0., 1.]]).event_size


def _finish(tf, ds, c, out):
    for k, fn in c.items():
        with tf.Graph().as_default(), tf.Session() as sess:
            out[k] = _cell(tf, sess, fn)
    with tf.Session() as sess:
        # names
        with tf.name_scope('policy'):
            d = ds.Normal(0., 1., name='pi')
            s = d.sample(seed=1)
            d2 = d.copy(scale=2.)
            with tf.name_scope('inner'):
                lp = d.log_prob(0.)
        out['names'] = [d.name, s.op.name, d2.name, lp.op.name, d.loc.op.name,
                        ds.Normal(0., 1.).name, ds.Normal(0., 1.).name,
                        ds.Bernoulli(probs=0.5, name='b').probs.op.name,
                        ds.Categorical(logits=[0., 1.], name='c').mode().op.name,
                        sorted(d2.parameters.items().__iter__().__next__()[0]),
                        [str(v) for v in sorted(d.parameters.items())[-1:]],
                        ds.Normal.param_static_shapes([3, 2])['loc'].as_list(),
                        ds.Dirichlet(tf.ones([2, 3])).batch_shape_tensor().op.name]
        out['param_shapes'] = sess.run(ds.Normal.param_shapes([4]))
        out['copy_scale'] = sess.run(d2.scale)
