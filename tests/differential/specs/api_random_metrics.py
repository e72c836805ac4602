"""Programs for TF1's random names (stateless and seeded ops, tf.random.Generator, seeds), the
tf.metrics streaming metrics and the tf.train learning-rate schedules. Stateless random ops must
match TF bit for bit (Philox); the seeded stateful ones are compared by shape, range and summary
statistics, since tfcompat draws them from torch generators. tf.distributions is in
api_random_metrics_distributions.py."""
import numpy as np

from harness import Program

_LOGITS = [[0.0, 1.0, -1.0, 2.0], [1.0, -np.inf, 0.5, 0.0]]


def _stateless_floats(tf):
    out = {}
    for dt in ("float32", "float64", "float16", "bfloat16"):
        d = getattr(tf, dt)
        out["uniform_" + dt] = tf.cast(tf.random.stateless_uniform([3, 3], [7, 11], dtype=d),
                                       tf.float64)
        out["normal_" + dt] = tf.cast(tf.random.stateless_normal([7], [7, 11], dtype=d),
                                      tf.float64)
        out["truncated_" + dt] = tf.cast(
            tf.random.stateless_truncated_normal([9], [-3, 5], dtype=d), tf.float64)
    out["scaled_uniform"] = tf.random.stateless_uniform([5], [1, 2], minval=-2.0, maxval=3.0)
    out["scaled_normal"] = tf.random.stateless_normal([2, 2], [1, 2], mean=1.0, stddev=3.0)
    out["scaled_truncated"] = tf.random.stateless_truncated_normal([5], [1, 2], mean=-1.0,
                                                                   stddev=0.5)
    out["empty"] = tf.random.stateless_uniform([0, 3], [1, 2])
    out["scalar"] = tf.random.stateless_normal([], [1, 2])
    out["int64_seed"] = tf.random.stateless_normal([3], tf.constant([2**40, -5], tf.int64))
    out["philox"] = tf.random.stateless_uniform([4], [1, 2], alg="philox")
    return out, {}


def _stateless_ints(tf):
    seed = tf.placeholder(tf.int32, [2])
    out = {"int32": tf.random.stateless_uniform([7], seed, minval=-5, maxval=100,
                                                dtype=tf.int32),
           "int64": tf.random.stateless_uniform([5], seed, minval=-3, maxval=2**40,
                                                dtype=tf.int64),
           "full_int32": tf.random.stateless_uniform([5], seed, minval=None, maxval=None,
                                                     dtype=tf.int32),
           "full_int64": tf.random.stateless_uniform([3], seed, minval=None, maxval=None,
                                                     dtype=tf.int64),
           "categorical": tf.random.stateless_categorical(_LOGITS, 6, seed),
           "categorical_int32": tf.random.stateless_categorical(_LOGITS, 3, seed,
                                                                dtype=tf.int32),
           "multinomial": tf.random.stateless_multinomial([[1.0, 1.0, 1.0]], 5, seed),
           "categorical_none": tf.random.stateless_categorical([[0.0, 1.0]], 0, seed)}
    return out, {seed: [3, -8]}


def _stateless_v1_raw(tf):
    raw = tf.raw_ops
    seed = tf.constant([3, 4], tf.int64)
    return {"uniform": raw.StatelessRandomUniform(shape=[5], seed=seed, dtype=tf.float64),
            "normal": raw.StatelessRandomNormal(shape=[2, 3], seed=seed),
            "truncated": raw.StatelessTruncatedNormal(shape=[6], seed=seed),
            "uniform_int": raw.StatelessRandomUniformInt(shape=[4], seed=seed, minval=-3,
                                                         maxval=9),
            "gamma": raw.StatelessRandomGammaV2(shape=[2, 2], seed=seed, alpha=[0.5, 3.0])}, {}


def _stateless_errors(tf):
    seed = tf.placeholder(tf.int32, [None])
    return {"bad_seed": tf.random.stateless_uniform([2], seed)}, {seed: [1, 2, 3]}


def _index_shuffle_bad_max(tf):
    return {"shuffle": tf.random_index_shuffle([0, 3], [1, 2, 3], [5, 2])}, {}


def _stateless_bad_range(tf):
    return {"range": tf.random.stateless_uniform([2], [1, 2], minval=5, maxval=5,
                                                 dtype=tf.int32)}, {}


def _decay_schedules(tf):
    step = tf.placeholder(tf.int64, [])
    out = {
        "cosine": tf.train.cosine_decay(0.1, step, 10, alpha=0.1),
        "restarts": tf.train.cosine_decay_restarts(0.1, step, 4, t_mul=2.0, m_mul=0.5),
        "restarts_t1": tf.train.cosine_decay_restarts(0.1, step, 4, t_mul=1.0),
        "inverse_time": tf.train.inverse_time_decay(0.1, step, 5, 0.5),
        "inverse_time_stair": tf.train.inverse_time_decay(0.1, step, 5, 0.5, staircase=True),
        "linear_cosine": tf.train.linear_cosine_decay(0.1, step, 10, num_periods=1.0),
        "noisy_no_noise": tf.train.noisy_linear_cosine_decay(0.1, step, 10, initial_variance=0.0),
        "natural_exp": tf.train.natural_exp_decay(0.1, step, 5, 0.3),
        "natural_exp_stair": tf.train.natural_exp_decay(0.1, step, 5, 0.3, staircase=True),
        "piecewise": tf.train.piecewise_constant(step, [3, 6], [1.0, 0.5, 0.1]),
        "piecewise_decay": tf.train.piecewise_constant_decay(tf.cast(step, tf.int32), [4], [2, 1]),
        "polynomial": tf.train.polynomial_decay(0.1, step, 10, end_learning_rate=0.01, power=2.0),
        "polynomial_cycle": tf.train.polynomial_decay(0.1, step, 4, cycle=True),
    }
    noisy = tf.train.noisy_linear_cosine_decay(0.1, step, 10, initial_variance=1.0)
    out["noisy_finite"] = tf.is_finite(noisy)
    out["noisy_dtype"] = tf.constant(noisy.dtype.name)
    out["names"] = tf.constant([out["cosine"].op.type, noisy.op.name.split("/")[0]])
    return {k: v for k, v in out.items()}, {step: 7}


def _decay_at_zero(tf):
    step = tf.constant(0, tf.int32)
    return {"noisy": tf.train.noisy_linear_cosine_decay(1.0, step, 4, initial_variance=0.0,
                                                        alpha=0.2, beta=0.0),
            "restarts": tf.train.cosine_decay_restarts(1.0, step, 3),
            "polynomial_cycle": tf.train.polynomial_decay(1.0, step, 3, cycle=True)}, {}


def _stateless_counts(tf):
    seed = tf.constant([4, -9])
    gamma = tf.random.stateless_gamma
    poisson = tf.random.stateless_poisson
    binomial = tf.random.stateless_binomial
    out = {
        "gamma": gamma([4, 3], seed, alpha=[0.3, 1.0, 4.5]),
        "gamma_beta": gamma([2, 2], [1, 2], alpha=[[2.0], [0.5]], beta=[2.0, 0.5],
                            dtype=tf.float64),
        "gamma_half": tf.cast(gamma([3], seed, alpha=2.0, dtype=tf.float16), tf.float32),
        "poisson": poisson([3, 4], seed, lam=[0.5, 3.0, 12.0, 250.0]),
        "poisson_float": poisson([5], seed, lam=tf.constant(7.0, tf.float64), dtype=tf.float32),
        "poisson_edge": poisson([2, 3], seed, lam=[0.0, -1.0, np.inf]),
        "binomial": binomial([3, 4], seed, counts=[5.0, 40.0, 100.0, 1000.0],
                             probs=[0.5, 0.3, 0.9, 0.02]),
        "binomial_bcast": binomial([2, 2, 3], seed, counts=[[10.0], [200.0]],
                                   probs=[0.2, 0.7, 0.5], output_dtype=tf.int64),
        "binomial_edge": binomial([4], seed, counts=[3.0, 0.0, 7.0, 5.0],
                                  probs=[1.0, 0.5, 0.0, 0.999]),
    }
    alpha = tf.constant([0.7, 2.5])
    out["gamma_grad"] = tf.gradients(tf.reduce_sum(gamma([6, 2], [3, 3], alpha)), alpha)[0]
    return out, {}


def _stateless_truncated(tf):
    ptn = tf.random.stateless_parameterized_truncated_normal
    seed = tf.constant([8, 1], tf.int64)
    out = {
        "uniform_regime": ptn([6], [1, 2], means=0.0, stddevs=1.0, minvals=-1.0, maxvals=1.0),
        "randn_regime": ptn([3, 2], seed, means=[1.0, -2.0], stddevs=[2.0, 0.5],
                            minvals=[-5.0, -3.0], maxvals=[4.0, 10.0]),
        "exp_regime": ptn([7], seed, means=0.0, stddevs=1.0, minvals=3.0, maxvals=np.inf),
        "lower_tail": ptn([5], seed, means=0.0, stddevs=1.0, minvals=-np.inf, maxvals=-2.5),
        "float64": ptn([2, 3], [5, 5], means=tf.constant([0.0, 1.0, 2.0], tf.float64),
                       stddevs=tf.constant(1.0, tf.float64),
                       minvals=tf.constant(-0.5, tf.float64),
                       maxvals=tf.constant([0.5, 3.0, 10.0], tf.float64)),
        "defaults": ptn([4], [3, 4]),
    }
    return out, {}


def _stateless_truncated_invalid(tf):
    return {"bad": tf.random.stateless_parameterized_truncated_normal(
        [3], [1, 2], minvals=1.0, maxvals=-1.0)}, {}


def _random_seeds(tf):
    tf.set_random_seed(11)
    out = {
        "split": tf.random.split([1, 2], 3),
        "split_int64": tf.random.split(tf.constant([5, 6], tf.int64)),
        "fold_in": tf.random.fold_in([1, 2], 7),
        "fold_in_int64": tf.random.fold_in(tf.constant([3, 4], tf.int64), tf.constant(9, tf.int64)),
        "state_int": tf.random.create_rng_state(5, "philox"),
        "state_big": tf.random.create_rng_state(2**70 + 3, 1),
        "state_list": tf.random.create_rng_state([1, 2], "threefry"),
        "state_pad": tf.random.create_rng_state([7], tf.random.Algorithm.PHILOX),
        "algorithm": tf.constant([a.value for a in tf.random.Algorithm]),
        "algorithm_names": tf.constant([a.name for a in tf.random.Algorithm]),
        "get_seed": tf.constant([s if s is not None else -1 for s in tf.random.get_seed(3)]),
        "seeded_by_alg": tf.random.stateless_uniform([3], [1, 2],
                                                     alg=tf.random.Algorithm.AUTO_SELECT),
        "shuffle": tf.random_index_shuffle(3, [1, 2, 3], 9),
        "shuffle_perm": tf.random_index_shuffle(tf.range(10, dtype=tf.int64),
                                                tf.constant([5, 6, -7], tf.int64),
                                                tf.constant(9, tf.int64), rounds=6),
        "shuffle_rows": tf.random_index_shuffle(tf.constant([0, 1, 2, 3], tf.int32),
                                                [[1, 2, 3], [4, 5, 6], [7, 8, 9], [1, 1, 1]],
                                                [100000, 5, 17, 3]),
        "shuffle_big": tf.random_index_shuffle(tf.constant(12345678901, tf.int64), [9, 8, 7],
                                               tf.constant(2**40, tf.int64)),
    }
    try:
        tf.random.stateless_uniform([2], [1, 2], alg="mersenne")
        out["bad_alg"] = tf.constant("no error")
    except ValueError as e:
        out["bad_alg"] = tf.constant(type(e).__name__)
    return out, {}


def _seeded_gamma_poisson(tf):
    tf.set_random_seed(2)
    n = 5000
    gamma = tf.random.gamma([n], [0.5, 2.0, 9.0], beta=[1.0, 2.0, 3.0], seed=1)
    gamma_top = tf.random_gamma([2, 3], 1.5, seed=4)
    poisson = tf.random.poisson([0.5, 4.0, 30.0], [n], seed=2)
    poisson_top = tf.random_poisson(tf.constant([[1.0], [2.0]]), [4], dtype=tf.int64, seed=3)
    alpha = tf.constant([1.5, 3.0])
    grad = tf.gradients(tf.reduce_sum(tf.random_gamma([n], alpha, seed=5)), alpha)[0]
    out = {
        "gamma_shape": tf.shape(gamma), "gamma_top_shape": tf.constant(str(gamma_top.shape)),
        "gamma_mean_ok": tf.reduce_all(tf.abs(tf.reduce_mean(gamma, 0) - [0.5, 1.0, 3.0])
                                       < 0.1),
        "gamma_positive": tf.reduce_all(gamma > 0),
        "poisson_shape": tf.shape(poisson), "poisson_dtype": tf.constant(poisson.dtype.name),
        "poisson_top": tf.constant(str(poisson_top.shape) + poisson_top.dtype.name),
        "poisson_mean_ok": tf.reduce_all(tf.abs(tf.reduce_mean(poisson, 0) - [0.5, 4.0, 30.0])
                                         < [0.05, 0.15, 0.5]),
        "poisson_integral": tf.reduce_all(tf.equal(poisson, tf.round(poisson))),
        "gamma_grad_ok": tf.reduce_all(tf.abs(grad / n - 1.0) < 0.05),
        "same_objects": tf.constant([tf.random.gamma is tf.random_gamma,
                                     tf.random.poisson is tf.random_poisson]),
    }
    return out, {}


def _generator(tf):
    gen = tf.random.Generator
    gens = [gen.from_seed(seed) for seed in range(1, 10)]
    warm = gens[0].normal([3])
    from_state = gen.from_state([1, 2, 3], "philox")
    from_key_counter = gen.from_key_counter(5, [6, 7], tf.random.Algorithm.PHILOX)
    tf.random.set_global_generator(gen.from_seed(4))
    out = {
        "normal_second": gens[0].normal([2, 2], mean=1.0, stddev=2.0),
        "uniform64": gens[1].uniform([3], dtype=tf.float64),
        "uniform_int": gens[2].uniform([4], minval=-5, maxval=5, dtype=tf.int64),
        "full_int": gens[3].uniform_full_int([2], tf.int64),
        "truncated": gens[4].truncated_normal([5], stddev=0.5),
        "make_seeds": gens[5].make_seeds(2),
        "skip": gens[6].skip(10),
        "key": gens[7].key, "algorithm": tf.constant(gens[7].algorithm),
        "from_state": from_state.normal([2]), "from_key_counter": from_key_counter.uniform([2]),
        "global": tf.random.get_global_generator().uniform([2]),
        "state_name": tf.constant(gens[1].state.op.name),
    }
    binomial = gens[8].binomial([3, 2], counts=[10.0, 4.0], probs=[0.5, 1.0])
    out["binomial"] = binomial
    return out, {}, [tf.global_variables_initializer(), warm]



def _generator_split(tf):
    gen = tf.random.Generator.from_seed(8)
    splits = gen.split(2)
    return ({"split_normal": splits[0].normal([2]), "split_uniform": splits[1].uniform([2])},
            {}, [tf.global_variables_initializer()])


# -- tf.metrics --------------------------------------------------------------------------------

def _run_metrics(tf, pairs, feeds, batches=2):
    """(value, update) pairs: run the updates `batches` times (feeding each batch), fetch the
    values after."""
    fetches = {}
    for name, (value, update) in pairs.items():
        fetches[name] = value
        fetches[name + "_update_dtype"] = tf.constant(update.dtype.name)
    steps = [tf.local_variables_initializer()]
    steps += [[u for _, u in pairs.values()]] * batches
    return fetches, feeds, steps


_LABELS = [1, 0, 1, 1, 0, 0, 1, 0]
_SCORES = [0.9, 0.2, 0.45, 0.7, 0.6, 0.05, 0.3, 0.8]
_WEIGHTS = [1.0, 2.0, 0.5, 1.0, 0.0, 1.0, 3.0, 1.0]


def _metrics_binary(tf):
    labels, scores = tf.constant(_LABELS), tf.constant(_SCORES)
    preds = scores > 0.5
    w = tf.constant(_WEIGHTS)
    th = [0.1, 0.5, 0.75]
    pairs = {
        "auc": tf.metrics.auc(labels, scores, num_thresholds=20),
        "auc_pr": tf.metrics.auc(labels, scores, curve="PR", num_thresholds=11,
                        summation_method="careful_interpolation"),
        "auc_weighted": tf.metrics.auc(labels, scores, weights=w, summation_method="minoring"),
        "tp": tf.metrics.true_positives(labels, preds),
        "fp": tf.metrics.false_positives(labels, preds),
        "tn": tf.metrics.true_negatives(labels, preds, weights=w),
        "fn": tf.metrics.false_negatives(labels, preds),
        "precision": tf.metrics.precision(labels, preds),
        "recall": tf.metrics.recall(labels, preds, weights=w),
        "tp_th": tf.metrics.true_positives_at_thresholds(labels, scores, th),
        "fp_th": tf.metrics.false_positives_at_thresholds(labels, scores, th, weights=w),
        "tn_th": tf.metrics.true_negatives_at_thresholds(labels, scores, th),
        "fn_th": tf.metrics.false_negatives_at_thresholds(labels, scores, th),
        "precision_th": tf.metrics.precision_at_thresholds(labels, scores, th),
        "recall_th": tf.metrics.recall_at_thresholds(labels, scores, th, weights=w),
        "sens_at_spec": tf.metrics.sensitivity_at_specificity(labels, scores, 0.5),
        "sens_at_spec_w": tf.metrics.sensitivity_at_specificity(labels, scores, 0.8, weights=w,
                                                       num_thresholds=50),
        "spec_at_sens": tf.metrics.specificity_at_sensitivity(labels, scores, 0.5),
        "spec_at_sens_w": tf.metrics.specificity_at_sensitivity(labels, scores, 0.7, weights=w,
                                                       num_thresholds=30),
    }
    fetches, feeds, steps = _run_metrics(tf, pairs, {})
    fetches["variable_names"] = tf.constant(sorted(v.op.name for v in tf.local_variables()))
    return fetches, feeds, steps


def _metrics_regression(tf):
    x = tf.placeholder(tf.float32, [4, 2])
    y = tf.constant([[1.0, 0.0], [0.5, 2.0], [-1.0, 1.0], [0.0, 0.0]])
    w = tf.constant([1.0, 0.0, 2.0, 1.0])
    unit_x = tf.nn.l2_normalize(x, 1)
    unit_y = tf.nn.l2_normalize(y + 0.1, 1)
    pairs = {
        "mae": tf.metrics.mean_absolute_error(y, x),
        "mse": tf.metrics.mean_squared_error(y, x, weights=w[:, None]),
        "rmse": tf.metrics.root_mean_squared_error(y, x),
        "cosine": tf.metrics.mean_cosine_distance(unit_y, unit_x, dim=1),
        "cosine_w": tf.metrics.mean_cosine_distance(unit_y, unit_x, dim=1, weights=w[:, None]),
        "relative": tf.metrics.mean_relative_error(y, x, normalizer=tf.abs(y)),
        "mean_tensor": tf.metrics.mean_tensor(x),
        "mean_tensor_w": tf.metrics.mean_tensor(x, weights=w[:, None]),
        "below": tf.metrics.percentage_below(x, 0.5), "below_w": tf.metrics.percentage_below(x, 1.0,
                                                                           weights=[[1.0, 2.0]]),
    }
    feed = {x: [[0.5, 0.5], [1.0, 2.5], [-2.0, 0.0], [0.25, -0.5]]}
    return _run_metrics(tf, pairs, feed)


def _metrics_classes(tf):
    labels = tf.constant([0, 1, 2, 2, 1, 3])
    preds = tf.constant([0, 2, 2, 1, 1, 0])
    w = tf.constant([1.0, 1.0, 2.0, 0.5, 1.0, 0.0])
    pairs = {"iou": tf.metrics.mean_iou(labels, preds, 4),
             "iou_w": tf.metrics.mean_iou(labels, preds, 5, weights=w),
             "per_class": tf.metrics.mean_per_class_accuracy(labels, preds, 4),
             "per_class_w": tf.metrics.mean_per_class_accuracy(labels, preds, 5, weights=w)}
    return _run_metrics(tf, pairs, {})


_TOPK_LOGITS = [[0.1, 0.5, 0.2, 0.9, 0.0], [0.8, 0.1, 0.6, 0.3, 0.2],
                [0.0, 0.2, 0.1, 0.4, 0.7]]


def _metrics_top_k(tf):
    logits = tf.constant(_TOPK_LOGITS)
    labels = tf.constant([3, 2, 1], tf.int64)
    multi = tf.constant([[3, 1], [0, 7], [4, -1]], tf.int64)
    sparse = tf.SparseTensor([[0, 0], [1, 0], [1, 1], [2, 0]], tf.constant([1, 0, 2, 4],
                                                                           tf.int64), [3, 2])
    idx = tf.constant([[3, 1], [0, 2], [4, 3]])
    w = tf.constant([1.0, 0.5, 2.0])
    pairs = {
        "recall_k": tf.metrics.recall_at_k(labels, logits, 2),
        "recall_k_multi": tf.metrics.recall_at_k(multi, logits, 3),
        "recall_k_class": tf.metrics.recall_at_k(labels, logits, 2, class_id=3),
        "recall_k_sparse": tf.metrics.recall_at_k(sparse, logits, 2, weights=w),
        "recall_top_k": tf.metrics.recall_at_top_k(labels, idx, k=2),
        "precision_k": tf.metrics.precision_at_k(labels, logits, 1),
        "precision_k_multi": tf.metrics.precision_at_k(multi, logits, 2, weights=w),
        "precision_k_class": tf.metrics.precision_at_k(multi, logits, 2, class_id=4),
        "precision_k_sparse": tf.metrics.precision_at_k(sparse, logits, 3),
        "sparse_precision_k": tf.metrics.sparse_precision_at_k(labels, logits, 2),
        "precision_top_k": tf.metrics.precision_at_top_k(multi, idx),
        "ap_k": tf.metrics.average_precision_at_k(labels, logits, 3),
        "ap_k_multi": tf.metrics.average_precision_at_k(multi, logits, 2, weights=w),
        "ap_k_sparse": tf.metrics.average_precision_at_k(sparse, logits, 4),
        "sparse_ap_k": tf.metrics.sparse_average_precision_at_k(multi, logits, 1),
    }
    fetches, feeds, steps = _run_metrics(tf, pairs, {}, batches=1)
    fetches["names"] = tf.constant([pairs["recall_k"][0].op.name, pairs["ap_k"][1].op.name,
                                    pairs["precision_top_k"][1].op.name])
    return fetches, feeds, steps


def _metrics_predictions_out_of_range(tf):
    scores = tf.placeholder(tf.float32, [3])
    value, update = tf.metrics.precision_at_thresholds(tf.constant([1, 0, 1]), scores, [0.5])
    return {"update": update}, {scores: [0.2, 1.5, 0.7]}, [tf.local_variables_initializer()]


def _metrics_bad_range(tf):
    value, update = tf.metrics.specificity_at_sensitivity([1], [0.5], 1.5)
    return {"value": value}, {}


PROGRAMS = [
    Program("random_stateless_floats", _stateless_floats, tol=(1e-5, 1e-6),
            covers=("StatelessRandomGetKeyCounter", "StatelessRandomUniformV2",
                    "StatelessRandomNormalV2", "StatelessTruncatedNormalV2")),
    Program("random_stateless_ints", _stateless_ints,
            covers=("StatelessRandomUniformIntV2", "StatelessRandomUniformFullIntV2",
                    "StatelessMultinomial")),
    Program("random_stateless_v1_raw", _stateless_v1_raw,
            covers=("StatelessRandomUniform", "StatelessRandomNormal", "StatelessTruncatedNormal",
                    "StatelessRandomUniformInt", "StatelessRandomGammaV2")),
    Program("random_stateless_bad_seed", _stateless_errors),
    Program("random_stateless_bad_range", _stateless_bad_range),
    Program("random_index_shuffle_bad_max", _index_shuffle_bad_max),
    # gamma_grad: TF's RandomGammaGrad vs torch's _standard_gamma_grad agree to ~5e-5
    Program("random_stateless_counts", _stateless_counts, tol=(2e-4, 1e-5),
            covers=("StatelessRandomGammaV3", "StatelessRandomPoisson",
                    "StatelessRandomBinomial")),
    Program("random_seeds", _random_seeds, covers=("RandomIndexShuffle",)),
    Program("random_generator", _generator),
    Program("random_generator_split", _generator_split),
    Program("random_stateless_truncated", _stateless_truncated,
            covers=("StatelessParameterizedTruncatedNormal",)),
    Program("random_stateless_truncated_invalid", _stateless_truncated_invalid),
    Program("random_seeded_gamma_poisson", _seeded_gamma_poisson,
            covers=("RandomGamma", "RandomPoissonV2")),
    Program("train_decay_schedules", _decay_schedules),
    Program("train_decay_at_zero", _decay_at_zero),
    Program("metrics_binary", _metrics_binary, tol=(1e-5, 1e-6)),
    Program("metrics_regression", _metrics_regression, tol=(1e-5, 1e-6)),
    Program("metrics_classes", _metrics_classes),
    Program("metrics_top_k", _metrics_top_k),
    Program("metrics_bad_range", _metrics_bad_range),
    Program("metrics_predictions_out_of_range", _metrics_predictions_out_of_range),
]
