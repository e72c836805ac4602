"""Graph-construction fidelity (see graph_structure): tf.nn, tf.layers and tf.losses. The
control-flow name scopes (a layer's `cond` on a `training` tensor) are left out of the record
(`graph_skip`): tfcompat builds them differently by design; what consumes them is compared.
"""
import numpy as np

from specs.graph_structure import graph_programs
from specs.graph_structure import x_const


def _image(tf, shape=(2, 5, 5, 3), name="img"):
    n = int(np.prod(shape))
    return tf.constant(np.linspace(-1, 1, n).reshape(shape).astype(np.float32), name=name)


# -- tf.nn ------------------------------------------------------------------------------------

def _activations(tf):
    x = x_const(tf)
    return {"relu": tf.nn.relu(x), "relu6": tf.nn.relu6(x), "elu": tf.nn.elu(x),
            "selu": tf.nn.selu(x), "softplus": tf.nn.softplus(x), "softsign": tf.nn.softsign(x),
            "leaky": tf.nn.leaky_relu(x), "leaky2": tf.nn.leaky_relu(x, alpha=0.3),
            "sigmoid": tf.nn.sigmoid(x), "tanh": tf.nn.tanh(x),
            "bias_add": tf.nn.bias_add(x, [1.0, 2.0, 3.0]), "relu_named": tf.nn.relu(x, "r")}, {}


def _softmax(tf):
    x = x_const(tf)
    x3 = x_const(tf, (2, 2, 3), name="x3")
    return {"softmax": tf.nn.softmax(x), "softmax0": tf.nn.softmax(x, axis=0),
            "log_softmax": tf.nn.log_softmax(x), "log_softmax0": tf.nn.log_softmax(x3, 1),
            "softmax_neg": tf.nn.softmax(x3, -1), "softmax_dim": tf.nn.softmax(x, dim=1)}, {}


def _activations_composite(tf):
    x = x_const(tf)
    return {"crelu": tf.nn.crelu(x), "swish": tf.nn.swish(x), "top_k": tf.nn.top_k(x, 2)[0],
            "in_top_k": tf.nn.in_top_k(x, [0, 1], 1),
            "xw_plus_b": tf.nn.xw_plus_b(x, tf.ones([3, 2]), [0.5, 0.5]),
            "relu_layer": tf.nn.relu_layer(x, tf.ones([3, 2]), [0.5, 0.5])}, {}


def _softmax_cross_entropy(tf):
    logits = x_const(tf)
    labels = tf.constant([[0.2, 0.3, 0.5], [1.0, 0.0, 0.0]])
    return {"v1": tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits),
            "v2": tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits)}, {}


def _other_cross_entropies(tf):
    logits = x_const(tf)
    labels = tf.constant([[0.2, 0.3, 0.5], [1.0, 0.0, 0.0]])
    return {"sparse": tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[0, 2],
                                                                    logits=logits),
            "sigmoid": tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=logits),
            "weighted": tf.nn.weighted_cross_entropy_with_logits(labels, logits, 2.0)}, {}


def _conv2d(tf):
    x = _image(tf)
    k = _image(tf, (3, 3, 3, 4), name="k")
    return {"conv": tf.nn.conv2d(x, k, [1, 1, 1, 1], "SAME"),
            "conv_s": tf.nn.conv2d(x, k, strides=[1, 2, 2, 1], padding="VALID", name="c"),
            "convolution": tf.nn.convolution(x, k, "SAME"),
            "conv_t": tf.nn.conv2d_transpose(x, tf.ones([2, 2, 4, 3]), [2, 10, 10, 4],
                                             [1, 2, 2, 1])}, {}


def _conv_variants(tf):
    x = _image(tf)
    k = _image(tf, (3, 3, 3, 4), name="k")
    return {"depthwise": tf.nn.depthwise_conv2d(x, tf.ones([2, 2, 3, 2]), [1, 1, 1, 1], "VALID"),
            "conv1d": tf.nn.conv1d(x[:, 0], k[0], 1, "SAME"),
            "atrous": tf.nn.atrous_conv2d(x, k, 2, "SAME"),
            "separable": tf.nn.separable_conv2d(x, tf.ones([2, 2, 3, 1]), tf.ones([1, 1, 3, 2]),
                                                [1, 1, 1, 1], "SAME")}, {}


def _pools(tf):
    x = _image(tf)
    return {"max_pool": tf.nn.max_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], "VALID"),
            "avg_pool": tf.nn.avg_pool(x, ksize=[1, 3, 3, 1], strides=[1, 1, 1, 1],
                                       padding="SAME"),
            "pool": tf.nn.pool(x, [2, 2], "MAX", "SAME"),
            "pool_avg": tf.nn.pool(x, [2, 2], "AVG", "VALID", strides=[2, 2]),
            "argmax": tf.nn.max_pool_with_argmax(x, [1, 2, 2, 1], [1, 2, 2, 1], "VALID")[0],
            "lrn": tf.nn.lrn(x)}, {}


def _moments(tf):
    x = x_const(tf, (4, 3))
    mean, var = tf.nn.moments(x, [0])
    mk, vk = tf.nn.moments(x, [1], keep_dims=True)
    wm, wv = tf.nn.weighted_moments(x, [0], tf.ones([4, 1]))
    return {"mean": mean, "var": var, "mk": mk, "vk": vk, "wm": wm, "wv": wv}, {}


def _batch_normalization(tf):
    x = x_const(tf, (4, 3))
    mean, var = tf.constant([0.1, 0.2, 0.3]), tf.constant([1.0, 2.0, 3.0])
    bn = tf.nn.batch_normalization(x, mean, var, offset=tf.zeros([3]), scale=tf.ones([3]),
                                   variance_epsilon=1e-3)
    bn_none = tf.nn.batch_normalization(x, mean, var, None, None, 1e-3)
    fused = tf.nn.fused_batch_norm(tf.reshape(x, [1, 2, 2, 3]), tf.ones([3]), tf.zeros([3]))
    return {"bn": bn, "bn_none": bn_none, "fused": fused[0]}, {}


def _dropout(tf):
    x = x_const(tf)
    keep = tf.placeholder_with_default(1.0, [])
    return {"d": tf.nn.dropout(x, keep_prob=1.0), "d2": tf.nn.dropout(x, keep),
            "d3": tf.nn.dropout(x, rate=0.0), "d4": tf.nn.dropout(x, 1.0, noise_shape=[2, 1])}, {}


# -- layers -----------------------------------------------------------------------------------

def _layers_dense(tf):
    x = x_const(tf)
    ones = tf.ones_initializer()
    d = tf.layers.dense(x, 3, kernel_initializer=ones)
    d2 = tf.layers.dense(d, 2, activation=tf.nn.tanh, kernel_initializer=ones, name="out")
    d3 = tf.layers.dense(x, 2, use_bias=False, kernel_initializer=ones)
    d4 = tf.layers.dense(x_const(tf, (2, 2, 3)), 2, kernel_initializer=ones)
    init = tf.global_variables_initializer()
    return {"d": d, "d2": d2, "d3": d3, "d4": d4}, {}, [init]


def _layers_reuse(tf):
    x = x_const(tf)
    ones = tf.ones_initializer()
    with tf.variable_scope("net"):
        a = tf.layers.dense(x, 2, kernel_initializer=ones, name="fc")
    with tf.variable_scope("net", reuse=True):
        b = tf.layers.dense(x, 2, kernel_initializer=ones, name="fc")
    layer = tf.layers.Dense(2, kernel_initializer=ones)
    c, c2 = layer(x), layer(x * 2.0)
    init = tf.global_variables_initializer()
    return {"a": a, "b": b, "c": c, "c2": c2}, {}, [init]


def _layers_conv_pool(tf):
    x = x_const(tf, (2, 4, 4, 3))
    ones = tf.ones_initializer()
    c = tf.layers.conv2d(x, 2, 3, padding="same", kernel_initializer=ones)
    c2 = tf.layers.conv2d(c, 2, [2, 2], strides=2, activation=tf.nn.relu, use_bias=False,
                          kernel_initializer=ones, name="second")
    m = tf.layers.max_pooling2d(c, 2, 2)
    a = tf.layers.average_pooling2d(c, 2, 1)
    f = tf.layers.flatten(c2)
    c1 = tf.layers.conv1d(x[:, 0], 2, 2, kernel_initializer=ones)
    init = tf.global_variables_initializer()
    return {"c": c, "c2": c2, "m": m, "a": a, "f": f, "c1": c1}, {}, [init]


def _layers_batch_norm(tf):
    x = x_const(tf, (4, 3))
    y = tf.layers.batch_normalization(x, training=False)
    y4 = tf.layers.batch_normalization(x_const(tf, (2, 2, 2, 3)), axis=-1, training=True)
    updates = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    init = tf.global_variables_initializer()
    return {"y": y, "y4": y4, "n_updates": len(updates) * tf.ones([1])}, {}, [init]


def _layers_batch_norm_cond(tf):
    x = x_const(tf, (4, 3))
    training = tf.placeholder_with_default(False, [])
    y = tf.layers.batch_normalization(x, training=training, momentum=0.9)
    init = tf.global_variables_initializer()
    return {"y": y}, {}, [init]


def _layers_dropout(tf):
    x = x_const(tf)
    training = tf.placeholder_with_default(False, [])
    return {"off": tf.layers.dropout(x, 0.5, training=False),
            "on": tf.layers.dropout(x, 0.0, training=True),
            "cond": tf.layers.dropout(x, 0.5, training=training)}, {}


def _random_shapes(tf):
    u = tf.random_uniform([2, 3])
    u2 = tf.random_uniform([2], -1.0, 1.0, seed=1)
    i = tf.random_uniform([3], 0, 10, dtype=tf.int32)
    n = tf.random_normal([2, 2], stddev=0.5)
    t = tf.truncated_normal([4], mean=1.0)
    s = tf.random_shuffle(tf.range(4))
    m = tf.multinomial(tf.zeros([1, 3]), 2)
    return {k: tf.shape(v) for k, v in dict(u=u, u2=u2, i=i, n=n, t=t, s=s, m=m).items()}, {}


def _layers_classes(tf):
    x = x_const(tf, (2, 4, 4, 3))
    ones = tf.ones_initializer()
    conv = tf.layers.Conv2D(2, 2, kernel_initializer=ones, name="c")
    pool = tf.layers.MaxPooling2D(2, 2)
    flat = tf.layers.Flatten()
    dense = tf.layers.Dense(3, kernel_initializer=ones, activation=tf.nn.relu)
    bn = tf.layers.BatchNormalization()
    y = dense(flat(pool(conv(x))))
    z = bn(y, training=False)
    init = tf.global_variables_initializer()
    return {"y": y, "z": z, "n": len(conv.trainable_weights) * tf.ones([1])}, {}, [init]


def _layers_misc(tf):
    x = x_const(tf, (2, 6, 3))
    ones = tf.ones_initializer()
    m1 = tf.layers.max_pooling1d(x, 2, 2)
    a1 = tf.layers.average_pooling1d(x, 3, 1, padding="same")
    t = tf.layers.conv2d_transpose(tf.reshape(x, [2, 6, 3, 1]), 2, 2, strides=2,
                                   kernel_initializer=ones)
    s = tf.layers.separable_conv2d(tf.reshape(x, [2, 3, 2, 3]), 2, 2, padding="same",
                                   depthwise_initializer=ones, pointwise_initializer=ones)
    init = tf.global_variables_initializer()
    return {"m1": m1, "a1": a1, "t": t, "s": s}, {}, [init]


# -- losses -----------------------------------------------------------------------------------

def _losses_regression(tf):
    labels = tf.constant([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]])
    preds = x_const(tf) + 0.6
    w = tf.constant([[1.0], [2.0]])
    return {"mse": tf.losses.mean_squared_error(labels, preds),
            "mse_w": tf.losses.mean_squared_error(labels, preds, weights=w),
            "abs": tf.losses.absolute_difference(labels, preds),
            "huber": tf.losses.huber_loss(labels, preds),
            "total": tf.losses.get_total_loss()}, {}


def _losses_classification(tf):
    labels = tf.constant([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]])
    preds = x_const(tf) + 0.6
    return {"log": tf.losses.log_loss(labels, tf.sigmoid(preds)),
            "softmax": tf.losses.softmax_cross_entropy(labels, preds),
            "softmax_ls": tf.losses.softmax_cross_entropy(labels, preds, label_smoothing=0.1),
            "sparse": tf.losses.sparse_softmax_cross_entropy([1, 0], preds),
            "sigmoid": tf.losses.sigmoid_cross_entropy(labels, preds),
            "hinge": tf.losses.hinge_loss(labels, preds)}, {}


def _losses_reduction(tf):
    labels = tf.constant([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]])
    preds = x_const(tf) + 0.6
    r = tf.losses.Reduction
    return {"none": tf.losses.mean_squared_error(labels, preds, reduction=r.NONE),
            "sum": tf.losses.absolute_difference(labels, preds, reduction=r.SUM),
            "mean": tf.losses.absolute_difference(labels, preds, reduction=r.MEAN),
            "sbn": tf.losses.absolute_difference(labels, preds,
                                                 reduction=r.SUM_BY_NONZERO_WEIGHTS),
            "reg": tf.losses.get_regularization_loss()}, {}


_TABLE = [
    ("activations", _activations), ("softmax", _softmax),
    ("activations_composite", _activations_composite),
    ("softmax_cross_entropy", _softmax_cross_entropy),
    ("other_cross_entropies", _other_cross_entropies), ("conv2d", _conv2d),
    ("conv_variants", _conv_variants), ("pools", _pools), ("moments", _moments),
    ("batch_normalization", _batch_normalization), ("dropout", _dropout),
    ("layers_dense", _layers_dense), ("layers_reuse", _layers_reuse),
    ("layers_conv_pool", _layers_conv_pool), ("layers_batch_norm", _layers_batch_norm),
    ("layers_batch_norm_cond", _layers_batch_norm_cond), ("layers_dropout", _layers_dropout),
    ("losses_regression", _losses_regression),
    ("losses_classification", _losses_classification),
    ("losses_reduction", _losses_reduction), ("random_shapes", _random_shapes),
    ("layers_classes", _layers_classes),
    ("layers_misc", _layers_misc),
]

_SKIPS = {
    "layers_batch_norm_cond": tuple("batch_normalization/cond%s" % s
                                    for s in ("", "_1", "_2", "_3")),
    "layers_dropout": ("dropout_2/cond",)}

PROGRAMS = graph_programs("graph_nn_", _TABLE, _SKIPS)
