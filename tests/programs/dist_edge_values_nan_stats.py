"""tf.distributions at edge values: outside support, 0, inf, NaN."""
import numpy as np

TAGS = ['distributions']

TOLERANCE = {'*': (1e-5, 1e-6)}


def _cell(tf, sess, fn):
    try:
        t = fn()
    except Exception as e:
        return 'B:%s:%s' % (type(e).__name__, str(e).split('\n')[0][:120])
    try:
        return np.asarray(sess.run(t))
    except Exception as e:
        return 'E:' + type(e).__name__


def main(tf):
    ds = tf.distributions
    out = {}
    x = [-1., 0., 0.5, 1., 2., np.inf, -np.inf, np.nan]
    dists = {
        'Normal': lambda: ds.Normal(0., 1.),
        'Uniform': lambda: ds.Uniform(0., 1.),
        'Laplace': lambda: ds.Laplace(0., 1.),
        'Exponential': lambda: ds.Exponential(2.),
        'Gamma': lambda: ds.Gamma(2., 3.),
        'Gamma1': lambda: ds.Gamma(1., 1.),
        'Gamma05': lambda: ds.Gamma(0.5, 1.),
        'Beta': lambda: ds.Beta(2., 3.),
        'Beta1': lambda: ds.Beta(1., 1.),
        'Beta05': lambda: ds.Beta(0.5, 0.5),
        'StudentT': lambda: ds.StudentT(3., 0., 1.),
        'StudentT1': lambda: ds.StudentT(1., 0., 1.),
        'Bernoulli': lambda: ds.Bernoulli(probs=0.3, dtype=tf.float32),
        'Bernoulli0': lambda: ds.Bernoulli(probs=0., dtype=tf.float32),
        'BernoulliL': lambda: ds.Bernoulli(logits=-np.inf, dtype=tf.float32),
    }
    methods = ['log_prob', 'prob', 'cdf', 'log_cdf', 'survival_function',
               'log_survival_function']
    with tf.Session() as sess:
        for name, mk in dists.items():
            for m in methods:
                out['%s/%s' % (name, m)] = _cell(
                    tf, sess, lambda: getattr(mk(), m)(tf.constant(x)))
            for m in ['mean', 'mode', 'stddev', 'variance', 'entropy']:
                out['%s/%s' % (name, m)] = _cell(tf, sess, lambda: getattr(mk(), m)())
        # allow_nan_stats=False
        nan_cases = {
            'StudentT_mean': lambda: ds.StudentT(0.5, 0., 1., allow_nan_stats=False).mean(),
            'StudentT_var': lambda: ds.StudentT(1.5, 0., 1., allow_nan_stats=False).variance(),
            'StudentT_var_nan': lambda: ds.StudentT([0.5, 1.5, 3.], 0., 1.).variance(),
            'StudentT_mean_nan': lambda: ds.StudentT([0.5, 1.5, 3.], 0., 1.).mean(),
            'Gamma_mode': lambda: ds.Gamma(0.5, 1., allow_nan_stats=False).mode(),
            'Gamma_mode_nan': lambda: ds.Gamma([0.5, 2.], 1.).mode(),
            'Beta_mode': lambda: ds.Beta(0.5, 2., allow_nan_stats=False).mode(),
            'Beta_mode_nan': lambda: ds.Beta([0.5, 2., 1.], [2., 0.5, 1.]).mode(),
            'Dirichlet_mode': lambda: ds.Dirichlet([0.5, 2.], allow_nan_stats=False).mode(),
            'Dirichlet_mode_nan': lambda: ds.Dirichlet([0.5, 2., 3.]).mode(),
            'Uniform_mode': lambda: ds.Uniform(0., 1.).mode(),
            'Laplace_mode': lambda: ds.Laplace(1., 2.).mode(),
            'Categorical_mode': lambda: ds.Categorical(logits=[1., 3., 3.]).mode(),
            'Categorical_entropy_inf': lambda: ds.Categorical(logits=[0., -np.inf]).entropy(),
            'Categorical_lp_oob': lambda: ds.Categorical(logits=[0., 1.]).log_prob([0, 1, 2, -1]),
            'Bernoulli_entropy_0': lambda: ds.Bernoulli(probs=[0., 1., 0.5]).entropy(),
            'Bernoulli_mode': lambda: ds.Bernoulli(probs=[0.2, 0.5, 0.8]).mode(),
            'Normal_scale0': lambda: ds.Normal(0., 0.).log_prob([0., 1.]),
            'Normal_scale_neg': lambda: ds.Normal(0., -1.).log_prob([0., 1.]),
            'Dirichlet_lp_edge': lambda: ds.Dirichlet([1., 1., 1.]).log_prob([[0., 0.5, 0.5], [1., 0., 0.]]),
            'Multinomial_lp': lambda: ds.Multinomial(3., probs=[0.2, 0.8]).log_prob([[1., 2.], [0., 3.], [3., 0.]]),
            'DM_lp': lambda: ds.DirichletMultinomial(3., [1., 2.]).log_prob([[1., 2.], [0., 3.]]),
            'Exponential_ent': lambda: ds.Exponential([0.5, 1., np.inf]).entropy(),
            'Uniform_eq': lambda: ds.Uniform(1., 1.).prob([1., 0.]),
        }
        for k, fn in nan_cases.items():
            out['nan/' + k] = _cell(tf, sess, fn)
    return out
