"""Programs for tf.distributions (TF1's probability distributions): densities, CDFs, moments,
entropies and KL divergences against TF's values; samples by shape, support and sample mean
(tfcompat draws them from torch generators); names and the Distribution API."""
from harness import Program


# -- tf.distributions ----------------------------------------------------------------------------

def _stats(dist, x, methods=("log_prob", "prob", "cdf", "log_cdf", "survival_function",
                              "log_survival_function")):
    out = {m: getattr(dist, m)(x) for m in methods}
    for m in ("mean", "stddev", "variance", "entropy", "mode"):
        try:
            out[m] = getattr(dist, m)()
        except NotImplementedError as e:
            out[m] = str(e)
    return out


def _flatten(prefix, values, out):
    for key, value in values.items():
        out["%s_%s" % (prefix, key)] = value if not isinstance(value, str) else \
            value.__class__.__name__


def _distributions_scalar(tf):
    d = tf.distributions
    x = tf.constant([0.25, 0.5, 2.0])
    out = {}
    _flatten("normal", _stats(d.Normal(loc=[0.0, 1.0, -1.0], scale=[1.0, 0.5, 2.0]), x), out)
    _flatten("normal_tail", _stats(d.Normal(0.0, 1.0), tf.constant([-12.0, -6.0, 7.0])), out)
    out["normal_quantile"] = d.Normal(1.0, 2.0).quantile([0.1, 0.5, 0.975])
    _flatten("uniform", _stats(d.Uniform(low=[0.0, 0.0, 1.0], high=[1.0, 4.0, 3.0]),
                               tf.constant([0.5, -1.0, 3.0])), out)
    out["uniform_range"] = d.Uniform(-1.0, 2.0).range()
    _flatten("gamma", _stats(d.Gamma(concentration=[0.5, 2.0, 3.0], rate=[1.0, 2.0, 0.5]), x,
                             ("log_prob", "prob", "cdf")), out)
    _flatten("exponential", _stats(d.Exponential(rate=[1.0, 2.0, 0.5]), x,
                                   ("log_prob", "cdf", "log_survival_function")), out)
    _flatten("laplace", _stats(d.Laplace(loc=[0.0, 1.0, 2.0], scale=[1.0, 2.0, 0.5]), x), out)
    _flatten("beta", _stats(d.Beta([0.5, 2.0, 3.0], [1.5, 2.0, 0.7]), tf.constant([0.2, 0.5, 0.9]),
                            ("log_prob", "prob", "cdf", "log_cdf")), out)
    _flatten("student_t", _stats(d.StudentT(df=[0.8, 1.5, 5.0], loc=[0.0, 1.0, -1.0],
                                            scale=[1.0, 2.0, 0.5]), x,
                                 ("log_prob", "prob", "cdf")), out)
    _flatten("bernoulli", _stats(d.Bernoulli(logits=[-1.0, 0.0, 2.0]), tf.constant([1, 0, 1]),
                                 ("log_prob", "prob")), out)
    _flatten("bernoulli_probs", _stats(d.Bernoulli(probs=0.3, dtype=tf.bool), [True, False],
                                       ("log_prob",)), out)
    return out, {}


def _distributions_vector(tf):
    d = tf.distributions
    logits = tf.constant([[0.0, 1.0, -1.0], [2.0, 0.5, 0.1]])
    cat = d.Categorical(logits=logits)
    out = {"cat_log_prob": cat.log_prob([2, 0]), "cat_prob_bcast": cat.prob([[0], [1]]),
           "cat_cdf": cat.cdf([1, 3]), "cat_entropy": cat.entropy(), "cat_mode": cat.mode(),
           "cat_event_size": cat.event_size,
           "cat_probs": d.Categorical(probs=[0.2, 0.3, 0.5]).log_prob(1)}
    dirichlet = d.Dirichlet([[1.0, 2.0, 3.0], [0.5, 0.5, 2.0]])
    xs = tf.constant([[0.2, 0.3, 0.5], [0.1, 0.1, 0.8]])
    for m in ("log_prob", "prob"):
        out["dirichlet_" + m] = getattr(dirichlet, m)(xs)
    for m in ("mean", "variance", "covariance", "entropy", "stddev"):
        out["dirichlet_" + m] = getattr(dirichlet, m)()
    out["dirichlet_mode"] = d.Dirichlet([1.5, 2.0, 3.0]).mode()
    out["dirichlet_mode_nan"] = d.Dirichlet([0.5, 2.0, 3.0]).mode()
    dm = d.DirichletMultinomial(5.0, [1.0, 2.0, 0.5])
    counts = tf.constant([[2.0, 2.0, 1.0], [0.0, 5.0, 0.0]])
    out.update({"dm_log_prob": dm.log_prob(counts), "dm_mean": dm.mean(),
                "dm_covariance": dm.covariance(), "dm_variance": dm.variance()})
    mult = d.Multinomial(total_count=[4.0, 5.0], logits=[[0.0, 1.0, -1.0], [2.0, 0.5, 0.1]])
    out.update({"mult_log_prob": mult.log_prob([[1.0, 2.0, 1.0], [5.0, 0.0, 0.0]]),
                "mult_mean": mult.mean(), "mult_covariance": mult.covariance(),
                "mult_variance": mult.variance(),
                "mult_probs": d.Multinomial(3.0, probs=[0.2, 0.8]).prob([1.0, 2.0])})
    return out, {}


def _dirichlet_batched_mode(tf):
    d = tf.distributions
    return {"mode": d.Dirichlet([[1.5, 2.0, 3.0], [0.5, 2.0, 3.0]]).mode()}, {}


def _kl_pairs(tf):
    d = tf.distributions
    out = {
        "normal": d.kl_divergence(d.Normal([0.0, 1.0], [1.0, 2.0]), d.Normal(0.5, 1.5)),
        "bernoulli": d.kl_divergence(d.Bernoulli(logits=[0.5, -1.0]), d.Bernoulli(probs=0.3)),
        "categorical": d.kl_divergence(d.Categorical(logits=[[0.0, 1.0], [1.0, 1.0]]),
                                       d.Categorical(probs=[0.3, 0.7])),
        "gamma": d.kl_divergence(d.Gamma(2.0, 1.0), d.Gamma([1.0, 3.0], 2.0)),
        "exponential_gamma": d.kl_divergence(d.Exponential(2.0), d.Gamma(2.0, 1.0)),
        "beta": d.kl_divergence(d.Beta(2.0, 3.0), d.Beta([1.0, 0.5], 2.0)),
        "dirichlet": d.kl_divergence(d.Dirichlet([1.0, 2.0, 3.0]), d.Dirichlet([2.0, 2.0, 2.0])),
        "method": d.Normal(0.0, 1.0).kl_divergence(d.Normal(1.0, 1.0)),
        "cross_entropy": d.Normal(0.0, 1.0).cross_entropy(d.Normal(1.0, 2.0)),
    }

    class MyNormal(d.Normal):
        pass

    @d.RegisterKL(MyNormal, d.Normal)
    def _kl(a, b, name=None):
        return tf.constant(42.0)

    out["registered_subclass"] = d.kl_divergence(MyNormal(0.0, 1.0), d.Normal(0.0, 1.0))
    out["inherited"] = d.kl_divergence(d.Normal(0.0, 1.0), MyNormal(1.0, 1.0))
    try:
        d.RegisterKL(MyNormal, d.Normal)(_kl)
        out["duplicate"] = tf.constant("no error")
    except ValueError as e:
        out["duplicate"] = tf.constant(type(e).__name__)
    try:
        d.kl_divergence(d.Uniform(), d.Normal(0.0, 1.0))
        out["unregistered"] = tf.constant("no error")
    except NotImplementedError as e:
        out["unregistered"] = tf.constant(str(e))
    return out, {}


def _distribution_names(tf):
    """Every tf.distributions name, spelled out: classes by name, the constants and functions
    by what they are."""
    classes = [tf.distributions.Bernoulli, tf.distributions.Beta, tf.distributions.Categorical,
               tf.distributions.Dirichlet, tf.distributions.DirichletMultinomial,
               tf.distributions.Distribution, tf.distributions.Exponential,
               tf.distributions.Gamma, tf.distributions.Laplace, tf.distributions.Multinomial,
               tf.distributions.Normal, tf.distributions.StudentT, tf.distributions.Uniform,
               tf.distributions.RegisterKL, tf.distributions.ReparameterizationType]
    return {"classes": tf.constant([c.__name__ for c in classes]),
            "constants": tf.constant([repr(tf.distributions.FULLY_REPARAMETERIZED),
                                      repr(tf.distributions.NOT_REPARAMETERIZED)]),
            "kl_is_function": tf.constant(callable(tf.distributions.kl_divergence))}, {}


def _distribution_api(tf):
    d = tf.distributions
    normal = d.Normal(loc=tf.zeros([2, 1]), scale=[1.0, 2.0, 3.0], name="my_normal")
    dirichlet = d.Dirichlet(tf.ones([4, 3]))
    bern = d.Bernoulli(probs=[0.5, 0.2])
    out = {
        "batch_shape": normal.batch_shape_tensor(), "event_shape": normal.event_shape_tensor(),
        "static_batch": tf.constant(normal.batch_shape.as_list()),
        "dirichlet_event": dirichlet.event_shape_tensor(),
        "dirichlet_static_event": tf.constant(dirichlet.event_shape.as_list()),
        "is_scalar_event": normal.is_scalar_event(), "is_scalar_batch": bern.is_scalar_batch(),
        "name": tf.constant(normal.name), "dtype": tf.constant(bern.dtype.name),
        "reparam": tf.constant([str(normal.reparameterization_type),
                                str(bern.reparameterization_type),
                                str(d.FULLY_REPARAMETERIZED), str(d.NOT_REPARAMETERIZED)]),
        "reparam_is": tf.constant([normal.reparameterization_type is d.FULLY_REPARAMETERIZED,
                                   d.Gamma(1.0, 1.0).reparameterization_type
                                   == d.FULLY_REPARAMETERIZED,
                                   isinstance(d.NOT_REPARAMETERIZED,
                                              d.ReparameterizationType),
                                   isinstance(normal, d.Distribution)]),
        "parameters": tf.constant(sorted(normal.parameters)),
        "copy": normal.copy(scale=[5.0, 5.0, 5.0]).stddev(),
        "param_shapes": d.Normal.param_shapes([4, 2])["loc"],
        "param_static": tf.constant(d.Uniform.param_static_shapes([3])["high"].as_list()),
        "method_names": tf.constant([normal.mean().op.name, bern.log_prob(1).op.name]),
        "allow_nan": tf.constant([normal.allow_nan_stats, normal.validate_args]),
    }
    try:
        d.Bernoulli(logits=1.0, probs=0.5)
    except ValueError as e:
        out["both_params"] = tf.constant(str(e))
    return out, {}


def _distribution_samples(tf):
    d = tf.distributions
    tf.set_random_seed(5)
    n = 4000
    cases = {
        "normal": (d.Normal([0.0, 2.0], [1.0, 0.5]), [0.0, 2.0], 0.1),
        "uniform": (d.Uniform([0.0, -2.0], [1.0, 2.0]), [0.5, 0.0], 0.1),
        "gamma": (d.Gamma([2.0, 0.5], [1.0, 2.0]), [2.0, 0.25], 0.15),
        "exponential": (d.Exponential([1.0, 4.0]), [1.0, 0.25], 0.1),
        "beta": (d.Beta([2.0, 1.0], [2.0, 3.0]), [0.5, 0.25], 0.05),
        "laplace": (d.Laplace([0.0, 3.0], [1.0, 0.5]), [0.0, 3.0], 0.15),
        "student_t": (d.StudentT([5.0, 10.0], [1.0, -1.0], [1.0, 0.5]), [1.0, -1.0], 0.15),
        "bernoulli": (d.Bernoulli(probs=[0.2, 0.7], dtype=tf.float32), [0.2, 0.7], 0.05),
        "categorical": (d.Categorical(probs=[[0.5, 0.5, 0.0], [0.0, 0.0, 1.0]],
                                      dtype=tf.float32), [0.5, 2.0], 0.05),
    }
    out = {}
    for name, (dist, mean, tol) in cases.items():
        sample = dist.sample(n, seed=3)
        out[name + "_shape"] = tf.shape(sample)
        out[name + "_dtype"] = tf.constant(sample.dtype.name)
        out[name + "_mean_ok"] = tf.reduce_all(
            tf.abs(tf.reduce_mean(tf.cast(sample, tf.float32), 0) - mean) < tol)
    vec = {"dirichlet": d.Dirichlet([[1.0, 2.0, 1.0]]),
           "multinomial": d.Multinomial([3.0, 5.0], probs=[[0.2, 0.8], [0.5, 0.5]]),
           "dirichlet_multinomial": d.DirichletMultinomial(4.0, [1.0, 1.0, 2.0])}
    for name, dist in vec.items():
        sample = dist.sample([2, 3], seed=1)
        out[name + "_static"] = tf.constant(str(sample.shape))
        out[name + "_shape"] = tf.shape(sample)
        out[name + "_total"] = tf.reduce_sum(sample, -1)[0, 0]
    grads = tf.gradients(tf.reduce_sum(d.Normal(tf.constant(1.0), 2.0).sample(5, seed=2)),
                         [d.Normal(1.0, 2.0).loc])
    out["normal_sample_grad_none"] = tf.constant(grads[0] is None)
    loc = tf.constant(1.0)
    out["reparam_grad"] = tf.gradients(tf.reduce_sum(d.Normal(loc, 2.0).sample(7, seed=2)),
                                       loc)[0]
    conc = tf.constant([2.0, 3.0])
    gamma_grad = tf.gradients(tf.reduce_sum(d.Gamma(conc, 1.0).sample(2000, seed=4)), conc)[0]
    out["gamma_reparam_grad_ok"] = tf.reduce_all(tf.abs(gamma_grad / 2000.0 - 1.0) < 0.1)
    scalar = d.Normal(0.0, 1.0).sample(seed=1)
    out["scalar_static"] = tf.constant(str(scalar.shape))
    return out, {}


def _distribution_gradients(tf):
    d = tf.distributions
    loc, scale = tf.constant([0.5, -1.0]), tf.constant([1.5, 0.7])
    conc = tf.constant([2.0, 0.8])
    x = tf.constant([0.3, 0.9])
    terms = [d.Normal(loc, scale).log_prob(x), d.Laplace(loc, scale).log_prob(x),
             d.Gamma(conc, scale).log_prob(x), d.Beta(conc, scale).log_prob(x),
             d.StudentT(conc + 2.0, loc, scale).log_prob(x), d.Normal(loc, scale).cdf(x),
             d.Bernoulli(logits=loc).entropy(), d.Dirichlet(tf.stack([conc, scale], -1))
             .log_prob(tf.stack([x, 1.0 - x], -1)),
             d.kl_divergence(d.Gamma(conc, scale), d.Gamma(2.0, 1.0))]
    total = tf.add_n([tf.reduce_sum(t) for t in terms])
    gl, gs, gc = tf.gradients(total, [loc, scale, conc])
    return {"total": total, "d_loc": gl, "d_scale": gs, "d_conc": gc}, {}


PROGRAMS = [
    Program("distributions_scalar", _distributions_scalar, tol=(1e-4, 1e-5)),
    Program("distributions_vector", _distributions_vector, tol=(1e-4, 1e-5)),
    Program("distributions_kl", _kl_pairs, tol=(1e-4, 1e-5)),
    Program("distributions_dirichlet_batched_mode", _dirichlet_batched_mode),
    Program("distributions_api", _distribution_api),
    Program("distributions_names", _distribution_names),
    Program("distributions_samples", _distribution_samples, tol=(1e-4, 1e-5)),
    Program("distributions_gradients", _distribution_gradients, tol=(1e-4, 1e-5)),
]
