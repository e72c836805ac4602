"""Programs for TF1's random (stateless and seeded), tf.distributions, tf.metrics and
learning-rate schedule names. Stateless random ops must match TF bit for bit (Philox); the
seeded stateful ones are compared by shape, range and summary statistics, since tfcompat draws
them from torch generators."""
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


def _stateless_errors(tf):
    seed = tf.placeholder(tf.int32, [None])
    return {"bad_seed": tf.random.stateless_uniform([2], seed)}, {seed: [1, 2, 3]}


def _stateless_bad_range(tf):
    return {"range": tf.random.stateless_uniform([2], [1, 2], minval=5, maxval=5,
                                                 dtype=tf.int32)}, {}


def _decay_schedules(tf):
    step = tf.placeholder(tf.int64, [])
    t = tf.train
    out = {
        "cosine": t.cosine_decay(0.1, step, 10, alpha=0.1),
        "restarts": t.cosine_decay_restarts(0.1, step, 4, t_mul=2.0, m_mul=0.5),
        "restarts_t1": t.cosine_decay_restarts(0.1, step, 4, t_mul=1.0),
        "inverse_time": t.inverse_time_decay(0.1, step, 5, 0.5),
        "inverse_time_stair": t.inverse_time_decay(0.1, step, 5, 0.5, staircase=True),
        "linear_cosine": t.linear_cosine_decay(0.1, step, 10, num_periods=1.0),
        "noisy_no_noise": t.noisy_linear_cosine_decay(0.1, step, 10, initial_variance=0.0),
        "natural_exp": t.natural_exp_decay(0.1, step, 5, 0.3),
        "natural_exp_stair": t.natural_exp_decay(0.1, step, 5, 0.3, staircase=True),
        "piecewise": t.piecewise_constant(step, [3, 6], [1.0, 0.5, 0.1]),
        "piecewise_decay": t.piecewise_constant_decay(tf.cast(step, tf.int32), [4], [2, 1]),
        "polynomial": t.polynomial_decay(0.1, step, 10, end_learning_rate=0.01, power=2.0),
        "polynomial_cycle": t.polynomial_decay(0.1, step, 4, cycle=True),
    }
    noisy = t.noisy_linear_cosine_decay(0.1, step, 10, initial_variance=1.0)
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
    m = tf.metrics
    w = tf.constant(_WEIGHTS)
    th = [0.1, 0.5, 0.75]
    pairs = {
        "auc": m.auc(labels, scores, num_thresholds=20),
        "auc_pr": m.auc(labels, scores, curve="PR", num_thresholds=11,
                        summation_method="careful_interpolation"),
        "auc_weighted": m.auc(labels, scores, weights=w, summation_method="minoring"),
        "tp": m.true_positives(labels, preds), "fp": m.false_positives(labels, preds),
        "tn": m.true_negatives(labels, preds, weights=w),
        "fn": m.false_negatives(labels, preds),
        "precision": m.precision(labels, preds), "recall": m.recall(labels, preds, weights=w),
        "tp_th": m.true_positives_at_thresholds(labels, scores, th),
        "fp_th": m.false_positives_at_thresholds(labels, scores, th, weights=w),
        "tn_th": m.true_negatives_at_thresholds(labels, scores, th),
        "fn_th": m.false_negatives_at_thresholds(labels, scores, th),
        "precision_th": m.precision_at_thresholds(labels, scores, th),
        "recall_th": m.recall_at_thresholds(labels, scores, th, weights=w),
        "sens_at_spec": m.sensitivity_at_specificity(labels, scores, 0.5),
        "sens_at_spec_w": m.sensitivity_at_specificity(labels, scores, 0.8, weights=w,
                                                       num_thresholds=50),
        "spec_at_sens": m.specificity_at_sensitivity(labels, scores, 0.5),
        "spec_at_sens_w": m.specificity_at_sensitivity(labels, scores, 0.7, weights=w,
                                                       num_thresholds=30),
    }
    fetches, feeds, steps = _run_metrics(tf, pairs, {})
    fetches["variable_names"] = tf.constant(sorted(v.op.name for v in tf.local_variables()))
    return fetches, feeds, steps


def _metrics_regression(tf):
    x = tf.placeholder(tf.float32, [4, 2])
    y = tf.constant([[1.0, 0.0], [0.5, 2.0], [-1.0, 1.0], [0.0, 0.0]])
    w = tf.constant([1.0, 0.0, 2.0, 1.0])
    m = tf.metrics
    unit_x = tf.nn.l2_normalize(x, 1)
    unit_y = tf.nn.l2_normalize(y + 0.1, 1)
    pairs = {
        "mae": m.mean_absolute_error(y, x), "mse": m.mean_squared_error(y, x, weights=w[:, None]),
        "rmse": m.root_mean_squared_error(y, x),
        "cosine": m.mean_cosine_distance(unit_y, unit_x, dim=1),
        "cosine_w": m.mean_cosine_distance(unit_y, unit_x, dim=1, weights=w[:, None]),
        "relative": m.mean_relative_error(y, x, normalizer=tf.abs(y)),
        "mean_tensor": m.mean_tensor(x), "mean_tensor_w": m.mean_tensor(x, weights=w[:, None]),
        "below": m.percentage_below(x, 0.5), "below_w": m.percentage_below(x, 1.0,
                                                                           weights=[[1.0, 2.0]]),
    }
    feed = {x: [[0.5, 0.5], [1.0, 2.5], [-2.0, 0.0], [0.25, -0.5]]}
    return _run_metrics(tf, pairs, feed)


def _metrics_classes(tf):
    labels = tf.constant([0, 1, 2, 2, 1, 3])
    preds = tf.constant([0, 2, 2, 1, 1, 0])
    w = tf.constant([1.0, 1.0, 2.0, 0.5, 1.0, 0.0])
    m = tf.metrics
    pairs = {"iou": m.mean_iou(labels, preds, 4), "iou_w": m.mean_iou(labels, preds, 5, weights=w),
             "per_class": m.mean_per_class_accuracy(labels, preds, 4),
             "per_class_w": m.mean_per_class_accuracy(labels, preds, 5, weights=w)}
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
    m = tf.metrics
    pairs = {
        "recall_k": m.recall_at_k(labels, logits, 2), "recall_k_multi": m.recall_at_k(multi, logits, 3),
        "recall_k_class": m.recall_at_k(labels, logits, 2, class_id=3),
        "recall_k_sparse": m.recall_at_k(sparse, logits, 2, weights=w),
        "recall_top_k": m.recall_at_top_k(labels, idx, k=2),
        "precision_k": m.precision_at_k(labels, logits, 1),
        "precision_k_multi": m.precision_at_k(multi, logits, 2, weights=w),
        "precision_k_class": m.precision_at_k(multi, logits, 2, class_id=4),
        "precision_k_sparse": m.precision_at_k(sparse, logits, 3),
        "sparse_precision_k": m.sparse_precision_at_k(labels, logits, 2),
        "precision_top_k": m.precision_at_top_k(multi, idx),
        "ap_k": m.average_precision_at_k(labels, logits, 3),
        "ap_k_multi": m.average_precision_at_k(multi, logits, 2, weights=w),
        "ap_k_sparse": m.average_precision_at_k(sparse, logits, 4),
        "sparse_ap_k": m.sparse_average_precision_at_k(multi, logits, 1),
    }
    fetches, feeds, steps = _run_metrics(tf, pairs, {}, batches=1)
    fetches["names"] = tf.constant([pairs["recall_k"][0].op.name, pairs["ap_k"][1].op.name,
                                    pairs["precision_top_k"][1].op.name])
    return fetches, feeds, steps


def _metrics_bad_range(tf):
    value, update = tf.metrics.specificity_at_sensitivity([1], [0.5], 1.5)
    return {"value": value}, {}


PROGRAMS = [
    Program("random_stateless_floats", _stateless_floats, tol=(1e-5, 1e-6)),
    Program("random_stateless_ints", _stateless_ints),
    Program("random_stateless_bad_seed", _stateless_errors),
    Program("random_stateless_bad_range", _stateless_bad_range),
    Program("train_decay_schedules", _decay_schedules),
    Program("train_decay_at_zero", _decay_at_zero),
    Program("metrics_binary", _metrics_binary, tol=(1e-5, 1e-6)),
    Program("metrics_regression", _metrics_regression, tol=(1e-5, 1e-6)),
    Program("metrics_classes", _metrics_classes),
    Program("metrics_top_k", _metrics_top_k),
    Program("metrics_bad_range", _metrics_bad_range),
]
