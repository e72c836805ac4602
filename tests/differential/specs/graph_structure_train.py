"""Graph-construction fidelity (see graph_structure): optimizers' minimize (slots, update ops),
tf.gradients, control flow, summaries, Saver, moving averages, metrics, RNN cells and
regularizers. The `gradients` and control-flow name scopes are left out of the record
(`graph_skip`): tfcompat builds them differently by design (one `Gradients` op, functional
control flow); what they feed (update ops, slots, the tensors consuming a cond's output) and the
fetched tensors' names outside them are compared.
"""
from specs.graph_structure import graph_programs
from specs.graph_structure import x_const


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


def _static_rnn(make_cell):
    def build(tf):
        inputs = [x_const(tf, (2, 3), name="step%d" % i) for i in range(2)]
        cell = make_cell(tf)
        outputs, state = tf.nn.static_rnn(cell, inputs, dtype=tf.float32)
        init = tf.global_variables_initializer()
        fetches = {"out": tf.shape(outputs[-1]), "n_vars": len(tf.global_variables()) *
                   tf.ones([1])}
        return fetches, {}, [init]
    return build


def _regularizers(tf):
    w = tf.get_variable("w", [2, 2], initializer=tf.ones_initializer(),
                        regularizer=lambda t: tf.nn.l2_loss(t) * 0.01)
    d = tf.layers.dense(x_const(tf, (2, 2)), 2, kernel_initializer=tf.ones_initializer(),
                        kernel_regularizer=lambda t: tf.reduce_sum(tf.abs(t)))
    total = tf.losses.get_regularization_loss()
    init = tf.global_variables_initializer()
    return {"w": w, "d": d, "total": total}, {}, [init]


def _global_step(tf):
    step = tf.train.get_or_create_global_step()
    inc = tf.assign_add(step, 1)
    again = tf.train.get_global_step()
    init = tf.global_variables_initializer()
    return {"step": again, "read": step.read_value()}, {}, [init, inc, inc]


def _apply_named(tf):
    w = tf.Variable([1.0, 2.0], name="w")
    v = tf.Variable([3.0], name="v")
    opt = tf.train.MomentumOptimizer(0.1, 0.9, name="Mom")
    loss = tf.reduce_sum(w * w) + tf.reduce_sum(v)
    grads = opt.compute_gradients(loss, var_list=[w, v])
    train = opt.apply_gradients(grads, name="train_step")
    init = tf.global_variables_initializer()
    return {"w": w, "v": v, "slot": opt.get_slot(w, "momentum")}, {}, [init, train]


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
    ("minimize_global_step", _minimize_global_step), ("gradients", _gradients),
    ("cond", _cond), ("while_loop", _while_loop), ("summaries", _summaries), ("saver", _saver),
    ("moving_average", _moving_average), ("metrics", _metrics),
    ("regularizers", _regularizers), ("global_step", _global_step),
    ("apply_named", _apply_named),
    ("rnn_basic", _static_rnn(lambda tf: tf.nn.rnn_cell.BasicRNNCell(4))),
    ("rnn_lstm", _static_rnn(lambda tf: tf.nn.rnn_cell.BasicLSTMCell(4))),
    ("rnn_lstm_cell", _static_rnn(lambda tf: tf.nn.rnn_cell.LSTMCell(3, num_proj=2))),
    ("rnn_gru", _static_rnn(lambda tf: tf.nn.rnn_cell.GRUCell(4))),
    ("rnn_multi", _static_rnn(lambda tf: tf.nn.rnn_cell.MultiRNNCell(
        [tf.nn.rnn_cell.BasicLSTMCell(3), tf.nn.rnn_cell.GRUCell(2)]))),
] + [("minimize_" + name, _minimize(make)) for name, make in _OPTIMIZERS]

_SKIPS = {"minimize_" + name: ("gradients",) for name, _ in _OPTIMIZERS}
_SKIPS.update({
    "minimize_global_step": ("gradients",), "apply_named": ("gradients",),
    "gradients": ("gradients", "gradients_1", "mygrads"),
    "cond": ("cond", "choose"), "while_loop": ("while", "loop")})

PROGRAMS = graph_programs("graph_train_", _TABLE, _SKIPS)
