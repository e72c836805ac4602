"""Graph-construction fidelity (see graph_structure): tf.nn, tf.layers, tf.losses, optimizers'
minimize, tf.gradients, control flow, summaries and Saver. The `gradients` and control-flow
name scopes are left out of the record (`graph_skip`): tfcompat builds them differently by
design; what they feed (update ops, slots, the tensors consuming a cond's output) is compared.
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


# -- training ---------------------------------------------------------------------------------

def _minimize(make_optimizer):
    def build(tf):
        w = tf.Variable([[1.0, -2.0], [0.5, 3.0]], name="w")
        b = tf.get_variable("b", [2], initializer=tf.zeros_initializer())
        loss = tf.reduce_sum(tf.square(tf.matmul(w, w) + b - 1.0))
        train = make_optimizer(tf).minimize(loss)
        init = tf.global_variables_initializer()
        return {"w": w, "b": b, "loss": loss}, {}, [init, train, train]
    return build


def _minimize_global_step(tf):
    w = tf.Variable([1.0, 2.0], name="w")
    step = tf.train.get_or_create_global_step()
    lr = tf.train.exponential_decay(0.1, step, 10, 0.5)
    opt = tf.train.GradientDescentOptimizer(lr)
    grads = opt.compute_gradients(tf.reduce_sum(w * w))
    clipped = [(tf.clip_by_value(g, -1.0, 1.0), v) for g, v in grads]
    train = opt.apply_gradients(clipped, global_step=step)
    init = tf.global_variables_initializer()
    return {"w": w, "step": step, "lr": lr}, {}, [init, train]


def _gradients(tf):
    x = x_const(tf)
    y = tf.reduce_sum(tf.square(x) * 3.0)
    g = tf.gradients(y, x)[0]
    g2 = tf.gradients([y, tf.reduce_mean(x)], [x], grad_ys=[tf.constant(2.0), None])[0]
    g3 = tf.gradients(tf.square(x), x, grad_ys=tf.ones_like(x), name="mygrads")[0]
    clipped, norm = tf.clip_by_global_norm([g, g2], 1.0)
    return {"g": g, "g2": g2, "g3": g3, "c": clipped[0], "norm": norm}, {}


def _cond(tf):
    x = x_const(tf)
    p = tf.placeholder_with_default(True, [])
    y = tf.cond(p, lambda: x * 2.0, lambda: x + 1.0)
    z = tf.cond(tf.constant(False), lambda: tf.identity(x), lambda: tf.zeros_like(x),
                name="choose")
    return {"y": y, "z": z, "after": y + z}, {}


def _while_loop(tf):
    i0 = tf.constant(0)
    x0 = x_const(tf)
    _, x = tf.while_loop(lambda i, v: i < 3, lambda i, v: (i + 1, v * 2.0), [i0, x0])
    n = tf.while_loop(lambda k: k < 10, lambda k: k + 3, [i0], name="loop")
    return {"x": x, "n": n, "after": x + 1.0}, {}


def _summaries(tf):
    x = x_const(tf)
    s = tf.summary.scalar("loss", tf.reduce_mean(x))
    h = tf.summary.histogram("weights", x)
    with tf.name_scope("scope"):
        s2 = tf.summary.scalar("loss", tf.reduce_sum(x))
    t = tf.summary.text("note", tf.constant("hello"))
    merged = tf.summary.merge_all()
    m2 = tf.summary.merge([s, h])
    return {"s": s, "h": h, "s2": s2, "t": t, "merged": merged, "m2": m2}, {}


def _saver(tf):
    v = tf.Variable([1.0, 2.0], name="v")
    with tf.variable_scope("scope"):
        w = tf.get_variable("w", [2], initializer=tf.ones_initializer())
    saver = tf.train.Saver()
    saver2 = tf.train.Saver({"alias": v}, name="second")
    init = tf.global_variables_initializer()
    names = [saver.saver_def.save_tensor_name, saver.saver_def.restore_op_name,
             saver.saver_def.filename_tensor_name, saver2.saver_def.restore_op_name]
    return {"v": v, "w": w, "names": tf.constant(names, name="names")}, {}, [init]


def _moving_average(tf):
    v = tf.Variable([1.0, 2.0], name="v")
    ema = tf.train.ExponentialMovingAverage(0.9)
    update = ema.apply([v])
    init = tf.global_variables_initializer()
    return {"avg": ema.average(v), "v": v}, {}, [init, update]


def _metrics(tf):
    labels = tf.constant([1, 0, 1])
    preds = tf.constant([1, 1, 1])
    acc, acc_update = tf.metrics.accuracy(labels, preds)
    mean, mean_update = tf.metrics.mean(tf.constant([1.0, 2.0]))
    init = tf.local_variables_initializer()
    return {"acc": acc, "mean": mean}, {}, [init, acc_update, mean_update]


_OPTIMIZERS = [
    ("sgd", lambda tf: tf.train.GradientDescentOptimizer(0.1)),
    ("momentum", lambda tf: tf.train.MomentumOptimizer(0.1, 0.9)),
    ("adam", lambda tf: tf.train.AdamOptimizer(0.01)),
    ("adagrad", lambda tf: tf.train.AdagradOptimizer(0.1)),
    ("rmsprop", lambda tf: tf.train.RMSPropOptimizer(0.01)),
    ("adadelta", lambda tf: tf.train.AdadeltaOptimizer(1.0)),
    ("ftrl", lambda tf: tf.train.FtrlOptimizer(0.1)),
]

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
    ("losses_reduction", _losses_reduction), ("minimize_global_step", _minimize_global_step),
    ("gradients", _gradients), ("cond", _cond), ("while_loop", _while_loop),
    ("summaries", _summaries), ("saver", _saver), ("moving_average", _moving_average),
    ("metrics", _metrics),
] + [("minimize_" + name, _minimize(make)) for name, make in _OPTIMIZERS]

_SKIPS = {"minimize_" + name: ("gradients",) for name, _ in _OPTIMIZERS}
_SKIPS.update({
    "minimize_global_step": ("gradients",), "gradients": ("gradients", "gradients_1", "mygrads"),
    "cond": ("cond", "choose"), "while_loop": ("while", "loop"),
    "layers_batch_norm_cond": tuple("batch_normalization/cond%s" % s
                                    for s in ("", "_1", "_2", "_3")),
    "layers_dropout": ("dropout_2/cond",)})

PROGRAMS = graph_programs("graph_nn_", _TABLE, _SKIPS)
