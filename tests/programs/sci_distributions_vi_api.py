"""tf.distributions API surface used by 2017-2018 VI / VAE code beyond log_prob: repr/str,
parameters dicts, batch/event shape tensors, is_scalar_*, sample shapes with broadcasting
batches, Categorical dtype, Multinomial/Dirichlet sampling moments, validate_args construction
checks and the messages TF raises for bad arguments."""

TAGS = ['distributions', 'random']
TOLERANCE = {'*': (1e-4, 1e-5)}


def _err(tf, sess, build):
    try:
        v = build()
        if sess is not None:
            sess.run(v)
        return "none"
    except Exception as e:  # noqa
        msg = getattr(e, 'message', None) or str(e)
        return "%s: %s" % (type(e).__name__, msg.split('\n')[0][:90])


def main(tf):
    out, fetch = {}, {}
    tf.set_random_seed(71)
    ds = tf.distributions
    n = ds.Normal(loc=[[0.], [1.]], scale=[1., 2., 3.], name="Q")
    out['n'] = [str(n.batch_shape), str(n.event_shape), sorted(n.parameters.keys()), n.name,
                str(n.sample([5, 4], seed=1).shape), str(n.log_prob(tf.zeros([7, 1, 1, 3])).shape),
                n.allow_nan_stats, n.validate_args]
    fetch['n_shapes'] = [n.batch_shape_tensor(), n.event_shape_tensor(), n.is_scalar_batch(),
                         n.is_scalar_event()]
    out['is_scalar_type'] = [n.is_scalar_event().op.type, n.is_scalar_batch().dtype.name]
    cat = ds.Categorical(logits=tf.zeros([2, 5]), dtype=tf.int64)
    out['cat'] = [cat.dtype.name, str(cat.event_size), str(cat.sample(3, seed=2).shape),
                  cat.sample(seed=2).dtype.name, str(cat.batch_shape)]
    fetch['cat_prob'] = cat.prob(tf.constant([1, 4], tf.int64))
    mult = ds.Multinomial(total_count=20., probs=[0.2, 0.3, 0.5])
    ms = mult.sample(2000, seed=3)
    fetch['mult'] = [tf.reduce_mean(ms, 0), mult.mean(), mult.variance(),
                     tf.reduce_sum(ms, 1)[:5]]
    out['mult_static'] = [str(ms.shape), str(mult.event_shape), ms.dtype.name]
    dirich = ds.Dirichlet([[1., 2., 3.], [4., 4., 4.]])
    dsamp = dirich.sample(3000, seed=4)
    fetch['dir'] = [tf.reduce_mean(dsamp, 0), dirich.mean(), dirich.entropy(),
                    tf.reduce_sum(dsamp[:4], -1)]
    beta = ds.Beta(concentration1=[2.], concentration0=[5.], validate_args=True)
    bsamp = beta.sample(2000, seed=5)
    fetch['beta'] = [tf.reduce_mean(bsamp), beta.mean(), beta.log_prob([0.3]),
                     beta.cdf([0.3]), beta.mode(), beta.total_concentration]
    lap = ds.Laplace(loc=0., scale=2.)
    fetch['lap'] = [lap.log_prob([-1., 3.]), lap.cdf([-1., 3.]), lap.entropy(),
                    lap.stddev()]
    ex = ds.Exponential(rate=[0.5, 2.])
    fetch['exp'] = [ex.log_prob(1.), ex.cdf(1.), ex.mean(),
                    tf.reduce_mean(ex.sample(1000, seed=7), 0)]
    un = ds.Uniform(low=[0., 1.], high=[2., 5.])
    fetch['uni'] = [un.prob([1., 6.]), un.cdf([1., 6.]), un.range(), un.entropy(),
                    tf.reduce_min(un.sample(500, seed=8), 0)]
    with tf.Session() as sess:
        out['vals'] = sess.run(fetch)
        errs = [
            lambda: ds.Uniform(low=1., high=0., validate_args=True).sample(seed=1),
            lambda: ds.Beta(-1., 1., validate_args=True).mean(),
            lambda: ds.Gamma(1., -2., validate_args=True).mean(),
            lambda: ds.Exponential(-1., validate_args=True).mean(),
            lambda: ds.Laplace(0., 0., validate_args=True).mean(),
            lambda: ds.StudentT(-1., 0., 1., validate_args=True).mean(),
            lambda: ds.Dirichlet([1., -1.], validate_args=True).mean(),
            lambda: ds.Beta(2., 2., validate_args=True).log_prob(1.5),
            lambda: ds.Gamma(2., 2., validate_args=True).log_prob(-1.),
            lambda: ds.Normal(loc=1, scale=1.),
            lambda: ds.Normal(loc=[0., 1.], scale=[1., 1., 1.]),
            lambda: ds.Categorical(),
            lambda: ds.Bernoulli(logits=0., probs=0.5),
            lambda: ds.Multinomial(total_count=3., probs=[0.5, 0.5], validate_args=True
                                   ).log_prob([1.5, 1.5]),
            lambda: ds.kl_divergence(ds.Normal(0., 1.), ds.Gamma(1., 1.)),
            lambda: ds.Beta(0.5, 0.5, allow_nan_stats=False).mode(),
        ]
        out['errors'] = [_err(tf, sess, b) for b in errs]
    return out
