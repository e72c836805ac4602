"""Variables and their updates, and every optimizer's update ops (dense and sparse), as programs:
fetched values after the updates, compared with TF's."""
import functools

import numpy as np

from harness import Program


def _vars_program(tf):
    v = tf.Variable(np.arange(6, dtype=np.float32).reshape(2, 3), name="v")
    c = tf.Variable(0, name="c")
    old = tf.Variable(1.0, use_resource=False)
    raw = tf.raw_ops.VariableV2(shape=[2], dtype=tf.float32)
    legacy = tf.raw_ops.Variable(shape=[2], dtype=tf.float32)
    init = tf.global_variables_initializer()
    steps = [tf.assign(raw, [1.0, 2.0]), tf.assign(legacy, [3.0, 4.0]),
             tf.assign_add(v, tf.ones([2, 3])), tf.assign_sub(v, [[0.5, 0.5, 0.5]] * 2),
             tf.scatter_update(v, [1], [[9.0, 9.0, 9.0]]), tf.scatter_add(v, [0, 0], tf.ones([2, 3])),
             tf.scatter_sub(v, [1], [[1.0, 2.0, 3.0]]), tf.scatter_mul(v, [0], [[2.0, 2.0, 2.0]]),
             tf.scatter_div(v, [1], [[2.0, 4.0, 8.0]]), tf.scatter_max(v, [0], [[5.0, 0.0, 50.0]]),
             tf.scatter_min(v, [1], [[0.0, 100.0, 1.0]]),
             tf.scatter_nd_update(v, [[0, 1]], [-7.0]), tf.scatter_nd_add(v, [[1, 2]], [10.0]),
             tf.scatter_nd_sub(v, [[0, 0]], [1.0]), v[0, 1:].assign([4.0, 4.0]),
             tf.count_up_to(c, 5), tf.count_up_to(c, 5)]
    return {"init": init, "steps": steps, "v": v, "c": c, "raw": raw, "legacy": legacy,
            "old_init": old.initialized_value(),
            "is_init": tf.is_variable_initialized(old)}, {}




def _stateful(build):
    """`build` returns fetches holding "init" and "steps": run those in order, then fetch."""

    def run(tf):
        fetches, feeds = build(tf)
        return fetches, feeds, [fetches.pop("init")] + list(fetches.pop("steps"))
    return run


_OPTIMIZERS = {
    "sgd": lambda tf: tf.train.GradientDescentOptimizer(0.1),
    "momentum": lambda tf: tf.train.MomentumOptimizer(0.1, 0.9),
    "nesterov": lambda tf: tf.train.MomentumOptimizer(0.1, 0.9, use_nesterov=True),
    "adam": lambda tf: tf.train.AdamOptimizer(0.1),
    "adagrad": lambda tf: tf.train.AdagradOptimizer(0.1),
    "adadelta": lambda tf: tf.train.AdadeltaOptimizer(1.0),
    "rmsprop": lambda tf: tf.train.RMSPropOptimizer(0.1),
    "rmsprop_centered": lambda tf: tf.train.RMSPropOptimizer(0.1, momentum=0.5, centered=True),
    "ftrl": lambda tf: tf.train.FtrlOptimizer(0.1, l1_regularization_strength=0.01,
                                              l2_regularization_strength=0.01),
    "ftrl_shrink": lambda tf: tf.train.FtrlOptimizer(0.1, l2_shrinkage_regularization_strength=0.1),
    "proximal_sgd": lambda tf: tf.train.ProximalGradientDescentOptimizer(0.1, 0.01, 0.01),
    "proximal_adagrad": lambda tf: tf.train.ProximalAdagradOptimizer(0.1, 0.01, 0.01),
    "adagrad_da": lambda tf: tf.train.AdagradDAOptimizer(
        0.1, tf.train.get_or_create_global_step(), l1_regularization_strength=0.01,
        l2_regularization_strength=0.01),
}


def _optimizer_program(name, sparse, tf):
    """Three update steps on a quadratic (dense) or through embedding_lookup (sparse)."""
    w = tf.Variable(np.linspace(-1, 1, 8).reshape(4, 2).astype(np.float32), name="w")
    if sparse:
        rows = tf.nn.embedding_lookup(w, [0, 2, 2])
        loss = tf.reduce_sum(tf.square(rows - 0.3) * [[1.0, 2.0]])
    else:
        loss = tf.reduce_sum(tf.square(w - 0.3) * [[1.0, 2.0]])
    opt = _OPTIMIZERS[name](tf)
    train = opt.minimize(loss)
    fetches = {"init": tf.global_variables_initializer(), "steps": [train, train, train],
               "w": w}
    return fetches, {}


_DENSE_TYPES = {
    "sgd": "ApplyGradientDescent", "momentum": "ApplyMomentum", "nesterov": "ApplyMomentum",
    "adam": "ApplyAdam", "adagrad": "ApplyAdagrad", "adadelta": "ApplyAdadelta",
    "rmsprop": "ApplyRMSProp", "rmsprop_centered": "ApplyCenteredRMSProp", "ftrl": "ApplyFtrl",
    "ftrl_shrink": "ApplyFtrlV2", "proximal_sgd": "ApplyProximalGradientDescent",
    "proximal_adagrad": "ApplyProximalAdagrad", "adagrad_da": "ApplyAdagradDA",
}
_SPARSE_TYPES = {
    "momentum": "SparseApplyMomentum", "adagrad": "SparseApplyAdagrad",
    "adadelta": "SparseApplyAdadelta", "rmsprop": "SparseApplyRMSProp",
    "rmsprop_centered": "SparseApplyCenteredRMSProp", "ftrl": "SparseApplyFtrl",
    "ftrl_shrink": "SparseApplyFtrlV2", "adagrad_da": "SparseApplyAdagradDA",
    "proximal_sgd": "SparseApplyProximalGradientDescent",
    "proximal_adagrad": "SparseApplyProximalAdagrad",
}

PROGRAMS = [
    Program("variables_and_updates", _stateful(_vars_program),
            covers=("VariableV2", "Variable", "Assign", "AssignAdd", "AssignSub",
                    "ScatterUpdate", "ScatterAdd", "ScatterSub", "ScatterMul", "ScatterDiv",
                    "ScatterMax", "ScatterMin", "ScatterNdUpdate", "ScatterNdAdd",
                    "ScatterNdSub", "StridedSliceAssign", "CountUpTo", "IsVariableInitialized")),
]
PROGRAMS += [Program("optimizer_%s" % name, _stateful(functools.partial(_optimizer_program,
                                                                         name, False)),
                     covers=(_DENSE_TYPES[name],)) for name in _OPTIMIZERS]
PROGRAMS += [Program("optimizer_%s_sparse" % name,
                     _stateful(functools.partial(_optimizer_program, name, True)),
                     covers=(_SPARSE_TYPES[name],)) for name in _SPARSE_TYPES]
