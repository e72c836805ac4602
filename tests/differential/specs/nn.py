"""Neural-network ops other than convolutions and pools (those are in nn_conv.py): activations,
Softmax/LogSoftmax, BiasAdd, L2Loss, LRN, the fused cross-entropies (both outputs), InTopKV2,
FusedBatchNormV3 and the candidate samplers, over every dtype TF allows and their edge cases."""
import numpy as np

from harness import Arg
from harness import Program
from harness import Spec
from specs import unary

_TOL = {"float32": (2e-5, 1e-6), "float16": (4e-3, 2e-3), "bfloat16": (3e-2, 2e-2)}

# -- activations ------------------------------------------------------------------------------


def _activation(op):
    variants = unary("features")
    # around the kinks and the saturation points (0, 6, large magnitudes)
    variants["kinks"] = {"features": Arg((10,), value=[0.0, -0.0, 6.0, 5.999, 6.001, -1e-7, 1e-7,
                                                       30.0, -30.0, 100.0])}
    if op in ("Relu", "Relu6"):
        variants["extremes"] = {"features": Arg((8,), value="special")}
    return Spec(op, variants, tol=_TOL)


SPECS = [_activation(op) for op in ("Relu", "Relu6", "Elu", "Selu", "Softplus", "Softsign")]


def _leaky(alpha):
    return {"args": {"features": Arg((3, 4))}, "attrs": {"alpha": alpha}}


SPECS.append(Spec("LeakyRelu", dict(
    unary("features"),
    alpha_half=_leaky(0.5), alpha_zero=_leaky(0.0), alpha_big=_leaky(2.0),
    alpha_negative=_leaky(-1.5),
    kinks={"args": {"features": Arg((4,), value=[0.0, -0.0, 1e-7, -1e-7])},
           "attrs": {"alpha": 0.3}},
), tol=_TOL))

# -- Softmax, LogSoftmax ---------------------------------------------------------------------

_SOFTMAX = {
    "base": {"logits": Arg((2, 5))},
    "vector": {"logits": Arg((5,))},
    "rank3": {"logits": Arg((2, 3, 4))},
    "scalar": {"logits": Arg(())},
    "empty_batch": {"logits": Arg((0, 4))},
    "empty_classes": {"logits": Arg((3, 0))},
    "one_class": {"logits": Arg((3, 1))},
    "noncontig": {"logits": Arg((4, 3), noncontig=True)},
    "fed": {"logits": Arg((3, 4), fed=True)},
    "special": {"logits": Arg((3, 4), value="special")},
    "inf_rows": {"logits": Arg((3, 3), value=[[float("inf"), 0.0, 1.0],
                                              [float("-inf"), 0.0, 1.0],
                                              [float("-inf")] * 3])},
    "large": {"logits": Arg((2, 3), value=[[1e4, -1e4, 0.0], [3e38, 3e38, -3e38]])},
    "equal": {"logits": Arg((2, 3), value=[[7.0] * 3, [-50.0] * 3])},
}
SPECS += [Spec(op, _SOFTMAX, tol=_TOL) for op in ("Softmax", "LogSoftmax")]

# -- BiasAdd, L2Loss -------------------------------------------------------------------------


def _bias(vshape, bshape, fmt=None, dtypes=None, **kw):
    attrs = {"data_format": fmt} if fmt else {}
    return {"args": {"value": Arg(vshape, **kw), "bias": Arg(bshape)}, "attrs": attrs,
            "dtypes": dtypes}


_FLOAT_ONLY = ("float32", "float64")
SPECS.append(Spec("BiasAdd", {
    "base": _bias((2, 3), (3,)),
    "rank4": _bias((2, 3, 2, 4), (4,), dtypes=_FLOAT_ONLY + ("int32", "float16")),
    "nchw": _bias((2, 3, 2, 2), (3,), "NCHW", dtypes=_FLOAT_ONLY + ("int32",)),
    "nchw_rank2": _bias((2, 3), (3,), "NCHW", dtypes=_FLOAT_ONLY),
    "nchw_rank3": _bias((2, 3, 4), (3,), "NCHW", dtypes=_FLOAT_ONLY),
    "nchw_rank5": _bias((1, 2, 2, 3, 2), (2,), "NCHW", dtypes=_FLOAT_ONLY),
    "ncdhw": _bias((1, 2, 2, 3, 2), (2,), "NCDHW", dtypes=_FLOAT_ONLY),
    "empty": _bias((0, 3), (3,), dtypes=_FLOAT_ONLY + ("int64",)),
    "noncontig": _bias((4, 3), (3,), noncontig=True, dtypes=_FLOAT_ONLY),
    "fed": _bias((2, 3), (3,), fed=True, dtypes=_FLOAT_ONLY),
    "special": {"args": {"value": Arg((2, 12), value="special"), "bias": Arg((12,))},
                "dtypes": _FLOAT_ONLY + ("int8",)},
    "bad_bias": _bias((2, 3), (4,), dtypes=_FLOAT_ONLY),
    "bias_rank2": _bias((2, 3), (1, 3), dtypes=_FLOAT_ONLY),
    "value_rank1": _bias((3,), (3,), dtypes=_FLOAT_ONLY),
    "bad_format": _bias((2, 3), (3,), "NWC", dtypes=_FLOAT_ONLY),
}, tol=_TOL))

SPECS.append(Spec("L2Loss", dict(unary("t"), rank3={"t": Arg((2, 3, 4))},
                                 big={"t": Arg((3,), value=[1e20, -1e20, 3.0])}),
                  tol=dict(_TOL, float16=(1e-2, 1e-2))))

# -- LRN --------------------------------------------------------------------------------------


def _lrn(shape=(2, 2, 3, 7), **attrs):
    return {"args": {"input": Arg(shape)}, "attrs": attrs}


SPECS.append(Spec("LRN", {
    "base": _lrn(),
    "radius2": _lrn(depth_radius=2, bias=2.0, alpha=0.5, beta=0.75),
    "radius0": _lrn(depth_radius=0, bias=1.5, alpha=0.1, beta=1.0),
    "radius_big": _lrn((1, 2, 2, 3), depth_radius=4, alpha=0.3, beta=0.3),
    "beta0": _lrn(depth_radius=1, beta=0.0),
    "empty": _lrn((0, 2, 2, 3)),
    "noncontig": {"args": {"input": Arg((2, 3, 2, 5), noncontig=True)}, "attrs": {}},
    "fed": {"args": {"input": Arg((1, 2, 2, 4), fed=True)}, "attrs": {}},
    "rank3": _lrn((2, 3, 4)),
    "special": {"args": {"input": Arg((1, 1, 2, 6), value="special")}, "attrs": {}},
}, tol=dict(_TOL, float16=(1e-2, 5e-3))))

# -- cross-entropies ---------------------------------------------------------------------------


def _xent(fshape, lshape, **kw):
    return {"features": Arg(fshape, **kw.get("f", {})),
            "labels": Arg(lshape, low=0.0, high=1.0, **kw.get("l", {}))}


_PROBS = [[0.1, 0.2, 0.3, 0.4], [1.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0]]
SPECS.append(Spec("SoftmaxCrossEntropyWithLogits", {
    "base": _xent((3, 4), (3, 4)),
    "broadcast_labels": _xent((3, 4), (1, 4)),
    "broadcast_features": _xent((1, 4), (3, 4)),
    "empty_batch": _xent((0, 4), (0, 4)),
    "one_class": _xent((3, 1), (3, 1)),
    "noncontig": _xent((4, 5), (4, 5), f={"noncontig": True}, l={"noncontig": True}),
    "fed": _xent((2, 3), (2, 3), f={"fed": True}, l={"fed": True}),
    "rank1": _xent((4,), (4,)),
    "rank3": _xent((2, 3, 4), (2, 3, 4)),
    "mismatch": _xent((3, 4), (3, 5)),
    "large_logits": {"features": Arg((3, 4), value=[[1e4, -1e4, 0.0, 5.0], [3e38, 0, 0, 0],
                                                    [-1e30, -1e30, -1e30, -1e30]]),
                     "labels": Arg((3, 4), value=_PROBS)},
    "special": {"features": Arg((3, 4), value="special"), "labels": Arg((3, 4), value=_PROBS)},
    "labels_unnormalised": {"features": Arg((2, 3)),
                            "labels": Arg((2, 3), value=[[2.0, -1.0, 0.5], [0.0, 3.0, 3.0]])},
}, tol=_TOL))


def _sparse(fshape, lshape, low=0, high=4, **kw):
    return {"features": Arg(fshape, **kw), "labels": Arg(lshape, dtype="int32", low=low,
                                                         high=high, grad=False)}


SPECS.append(Spec("SparseSoftmaxCrossEntropyWithLogits", {
    "base": _sparse((3, 4), (3,)),
    "int64_labels": {"features": Arg((3, 4)),
                     "labels": Arg((3,), dtype="int64", value=[3, 0, 1])},
    "empty_batch": _sparse((0, 4), (0,)),
    "one_class": _sparse((3, 1), (3,), high=1),
    "noncontig": {"features": Arg((4, 5), noncontig=True),
                  "labels": Arg((4,), dtype="int32", value=[0, 4, 2, 2])},
    "fed": {"features": Arg((2, 3), fed=True),
            "labels": Arg((2,), dtype="int32", value=[1, 2], fed=True)},
    "label_out_of_range": {"features": Arg((3, 4)),
                           "labels": Arg((3,), dtype="int32", value=[0, 4, 1])},
    "label_negative": {"features": Arg((2, 4)), "labels": Arg((2,), dtype="int64",
                                                             value=[-1, 1])},
    "labels_rank2": _sparse((3, 4), (3, 1)),
    "features_rank1": _sparse((4,), ()),
    "batch_mismatch": _sparse((3, 4), (2,)),
    "large_logits": {"features": Arg((3, 4), value=[[1e4, -1e4, 0.0, 5.0], [3e38, 0, 0, 0],
                                                    [-1e30, -1e30, -1e30, -1e30]]),
                     "labels": Arg((3,), dtype="int32", value=[1, 0, 3])},
    "special": {"features": Arg((3, 4), value="special"),
                "labels": Arg((3,), dtype="int32", value=[0, 1, 2])},
}, tol=_TOL))

# -- InTopKV2 ----------------------------------------------------------------------------------

_PRED = [[0.1, 0.5, 0.5, 0.2], [float("nan"), 1.0, 2.0, 0.0], [3.0, float("inf"), 1.0, -1.0]]


def _in_top_k(targets, k, pred=None, pshape=(3, 4)):
    return {"predictions": Arg(pshape, dtype="float32", value=pred),
            "targets": Arg((len(targets),), value=targets),
            "k": Arg((), value=k)}


SPECS.append(Spec("InTopKV2", {
    "base": _in_top_k([0, 3, 2], 2),
    "ties": _in_top_k([1, 2, 0], 1, _PRED),
    "ties_k2": _in_top_k([3, 0, 1], 2, _PRED),
    "k0": _in_top_k([1, 2, 0], 0, _PRED),
    "k_big": _in_top_k([1, 2, 0], 9, _PRED),
    "k_negative": _in_top_k([1, 2, 0], -1, _PRED),
    "target_out_of_range": _in_top_k([4, -1, 0], 3, _PRED),
    "empty": {"predictions": Arg((0, 4), dtype="float32"), "targets": Arg((0,)),
              "k": Arg((), value=1)},
    "fed": {"predictions": Arg((3, 4), dtype="float32", fed=True),
            "targets": Arg((3,), value=[0, 1, 2], fed=True), "k": Arg((), value=2)},
    "batch_mismatch": _in_top_k([0, 1], 1),
    "k_vector": {"predictions": Arg((3, 4), dtype="float32"), "targets": Arg((3,), value=[0, 1, 2]),
                 "k": Arg((1,), value=[1])},
}))

# -- FusedBatchNormV3 --------------------------------------------------------------------------


def _bn(xshape=(2, 3, 3, 4), c=4, mean_c=None, train=True, fmt=None, factor=None, u="float32",
        **kw):
    mean_c = c if mean_c is None else mean_c
    attrs = {"is_training": train, "epsilon": 0.001}
    if fmt:
        attrs["data_format"] = fmt
    if factor is not None:
        attrs["exponential_avg_factor"] = factor
    return {"args": {"x": Arg(xshape, **kw), "scale": Arg((c,), dtype=u, low=0.5, high=2.0),
                     "offset": Arg((c,), dtype=u),
                     "mean": Arg((mean_c,), dtype=u, grad=False),
                     "variance": Arg((mean_c,), dtype=u, low=0.5, high=2.0, grad=False)},
            "attrs": attrs}


_BN_TOL = {"float32": (1e-4, 1e-5), "float16": (1e-2, 1e-2), "bfloat16": (5e-2, 5e-2)}
SPECS.append(Spec("FusedBatchNormV3", {
    "train": _bn(),
    "train_empty_stats": _bn(mean_c=0),
    "average": _bn(factor=0.25),
    "nchw": _bn((2, 4, 3, 3), fmt="NCHW"),
    "rank5": _bn((1, 2, 2, 2, 4), fmt="NDHWC"),
    "one_per_channel": _bn((1, 1, 1, 4)),
    "noncontig": _bn((2, 3, 3, 4), noncontig=True),
    "fed": _bn(fed=True),
    "bad_channels": _bn(c=3),
    "bad_mean_inference": _bn(mean_c=3, train=False),
    "rank3": _bn((2, 3, 4)),
    "bad_format": _bn(fmt="NWC"),
    "special": _bn((1, 3, 2, 4), value="special"),
    "u_bfloat16": dict(_bn(u="bfloat16"), dtypes=("bfloat16", "float32")),
}, tol=_BN_TOL))
# Out of training TF's CPU kernel leaves the reserve spaces unset, and Grappler rewrites the op
# into arithmetic with `y` alone (fetching another output fails): compare `y`. An empty batch
# leaves the reserve spaces unset in training too.
SPECS.append(Spec("FusedBatchNormV3", {
    "inference": _bn(train=False),
    "nchw_inference": _bn((2, 4, 3, 3), fmt="NCHW", train=False),
    "inference_average": _bn(train=False, factor=0.5),
}, tol=_BN_TOL, outputs=(0,)))
SPECS.append(Spec("FusedBatchNormV3", {"empty_batch": _bn((0, 3, 3, 4))}, tol=_BN_TOL,
                  outputs=(0, 1, 2)))

# -- candidate samplers: the outputs that do not depend on the random draw ----------------------


def _sampler(n_true=1, sampled=2, unique=False, range_max=5, batch=3):
    values = [[(i * 7 + j) % range_max for j in range(n_true)] for i in range(batch)]
    return {"args": {"true_classes": Arg((batch, n_true), dtype="int64", value=values)},
            "attrs": {"num_true": n_true, "num_sampled": sampled, "unique": unique,
                      "range_max": range_max}}


def _sampler_spec(op, outputs):
    return Spec(op, {
        "base": _sampler(),
        "two_true": _sampler(n_true=2, sampled=4, range_max=10),
        "one_class": _sampler(sampled=3, range_max=1),
        "one_class_unique": _sampler(sampled=1, unique=True, range_max=1),
        "range_too_small": _sampler(sampled=6, unique=True, range_max=5),
        "empty_batch": _sampler(batch=0),
    }, sweep=None, grad=False, outputs=outputs)


# the sampled ids (output 0) are random; the expected counts of the true classes are not, nor,
# for the uniform sampler, those of the sampled ones; with range_max 1 every output is fixed
SPECS.append(_sampler_spec("UniformCandidateSampler", (1, 2)))
SPECS.append(_sampler_spec("LogUniformCandidateSampler", (1,)))
SPECS += [Spec(op, {"fixed": _sampler(sampled=3, range_max=1),
                    "fixed_unique": _sampler(sampled=1, unique=True, range_max=1)},
               sweep=None, grad=False)
          for op in ("UniformCandidateSampler", "LogUniformCandidateSampler")]

# -- the tf.nn functions built on these ops (public API graphs, with their gradients) ----------


def _values(shape, seed, low=-3.0, high=3.0, dtype="float32"):
    return np.random.RandomState(seed).uniform(low, high, shape).astype(dtype)


def _with_grads(tf, outputs, xs):
    """`outputs` and d(sum of outputs * fixed weights)/d(each x), as one fetch dict."""
    fetches = dict(outputs)
    # y * sin(y / 10 + i): uneven weights, so that a softmax's gradient does not vanish
    total = tf.add_n([tf.reduce_sum(y * tf.sin(0.1 * y + float(i)))
                      for i, (_, y) in enumerate(sorted(outputs.items()))])
    for (name, _), g in zip(xs, tf.gradients(total, [x for _, x in xs])):
        if g is not None:
            fetches["d_" + name] = tf.convert_to_tensor(g)
    return fetches


def _softmax_axes(tf):
    x = tf.constant(_values((2, 3, 4), 1))
    return _with_grads(tf, {"softmax0": tf.nn.softmax(x, axis=0),
                            "log_softmax1": tf.nn.log_softmax(x, axis=1),
                            "softmax_dim": tf.nn.softmax(x, dim=-1)}, [("x", x)]), None


def _xent_v2_axis(tf):
    logits = tf.constant(_values((2, 4, 3), 2))
    labels = tf.constant(_values((2, 4, 3), 3, 0.0, 1.0))
    cost = tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits, axis=1)
    return _with_grads(tf, {"cost": cost}, [("logits", logits), ("labels", labels)]), None


def _xent_v1(tf):
    logits = tf.constant(_values((3, 5), 4))
    labels = tf.constant(_values((3, 5), 5, 0.0, 1.0))
    cost = tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    return _with_grads(tf, {"cost": cost}, [("logits", logits), ("labels", labels)]), None


def _sparse_xent_rank3(tf):
    logits = tf.constant(_values((2, 3, 4), 6))
    labels = tf.constant(np.array([[0, 3, 1], [2, 2, 0]], np.int64))
    cost = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    return _with_grads(tf, {"cost": cost}, [("logits", logits)]), None


def _sparse_xent_fed(tf):
    logits = tf.placeholder(tf.float64, [None, 4])
    labels = tf.placeholder(tf.int32, [None])
    cost = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    fetches = _with_grads(tf, {"cost": cost}, [("logits", logits)])
    return fetches, {logits: _values((3, 4), 8, dtype="float64"),
                     labels: np.array([1, 0, 3], np.int32)}


def _logistic_losses(tf):
    logits = tf.constant(_values((3, 4), 9, -30.0, 30.0))
    labels = tf.constant(_values((3, 4), 10, 0.0, 1.0))
    return _with_grads(tf, {
        "sigmoid": tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=logits),
        "weighted": tf.nn.weighted_cross_entropy_with_logits(labels, logits, 2.5),
        "poisson": tf.nn.log_poisson_loss(labels, logits / 10.0, compute_full_loss=True),
    }, [("logits", logits), ("labels", labels)]), None


def _activations(tf):
    x = tf.constant(_values((3, 4), 11))
    return _with_grads(tf, {
        "relu6": tf.nn.relu6(x), "elu": tf.nn.elu(x), "selu": tf.nn.selu(x),
        "softplus": tf.nn.softplus(x), "softsign": tf.nn.softsign(x),
        "leaky": tf.nn.leaky_relu(x, alpha=0.3), "crelu": tf.nn.crelu(x),
        "l2": tf.nn.l2_loss(x), "bias_nchw": tf.nn.bias_add(
            tf.reshape(x, [1, 3, 2, 2]), tf.constant([1.0, -2.0, 0.5]), data_format="NCHW"),
        "lrn": tf.nn.lrn(tf.reshape(x, [1, 2, 1, 6]), 2, 1.0, 0.5, 0.75),
    }, [("x", x)]), None


def _leaky_relu_int(tf):
    return {"leaky": tf.nn.leaky_relu(tf.constant([-3, 0, 5]))}, None


def _in_top_k(tf):
    predictions = tf.constant(_values((4, 5), 12))
    return {"k2": tf.nn.in_top_k(predictions, [0, 1, 2, 4], 2),
            "k5": tf.nn.in_top_k(predictions, tf.constant([4, 3, 2, 1], tf.int64), 5)}, None


def _fused_batch_norm(tf):
    x = tf.constant(_values((2, 3, 3, 4), 13))
    scale = tf.constant(_values((4,), 14, 0.5, 2.0))
    offset = tf.constant(_values((4,), 15))
    y, mean, var = tf.nn.fused_batch_norm(x, scale, offset, epsilon=1e-7)
    mean_in = tf.constant(_values((4,), 16))
    var_in = tf.constant(_values((4,), 17, 0.5, 2.0))
    y2, _, _ = tf.nn.fused_batch_norm(tf.transpose(x, [0, 3, 1, 2]), scale, offset, mean_in,
                                      var_in, data_format="NCHW", is_training=False)
    return _with_grads(tf, {"y": y, "mean": mean, "var": var, "y_inference": y2},
                       [("x", x), ("scale", scale), ("offset", offset)]), None


def _second_order_xent(tf):
    logits = tf.constant(_values((2, 4), 18))
    labels = tf.constant([[0.2, 0.3, 0.5, 0.0], [0.0, 1.0, 0.0, 0.0]])
    cost = tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits)
    (g,) = tf.gradients(tf.reduce_sum(cost), [logits])
    (gg,) = tf.gradients(tf.reduce_sum(g * g), [logits])
    return {"grad": g, "grad_of_grad": gg}, None


# float32 batch-norm gradients sum over the batch in another order than TF's kernel
PROGRAMS = [Program("nn_api." + fn.__name__.lstrip("_"), fn,
                    tol=(2e-4, 1e-5) if fn is _fused_batch_norm else (2e-5, 1e-6))
            for fn in (_softmax_axes, _xent_v2_axis, _xent_v1, _sparse_xent_rank3,
                       _sparse_xent_fed, _logistic_losses, _activations, _leaky_relu_int,
                       _in_top_k, _fused_batch_norm, _second_order_xent)]
