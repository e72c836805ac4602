"""The optimizer update ops (`ApplyAdam`, `SparseApplyFtrl`, ...) run directly through
`tf.raw_ops`, built against any `tf` module: real TF for the reference values in
tf_kernel_reference.json (made by make_training_reference.py), tfcompat in
test_training_kernels.py. Each case updates a variable and its slots twice from fixed values;
each error case feeds one wrong input (shape, rank, index, value) through a placeholder so that
the kernel, not the build-time shape check, sees it.
"""
import numpy as np

# op type -> (slot names, gradient input name, {hyper-parameter: value}). Input names and
# their order are TF's OpDefs'.
KERNELS = {
    "ApplyGradientDescent": ([], "delta", {"alpha": 0.1}),
    "ApplyMomentum": (["accum"], "grad", {"lr": 0.1, "momentum": 0.9}),
    "ApplyAdam": (["m", "v"], "grad", {"beta1_power": 0.81, "beta2_power": 0.998,
                                      "lr": 0.05, "beta1": 0.9, "beta2": 0.999,
                                      "epsilon": 1e-7}),
    "ApplyAdagrad": (["accum"], "grad", {"lr": 0.2}),
    "ApplyAdagradDA": (["gradient_accumulator", "gradient_squared_accumulator"], "grad",
                       {"lr": 0.3, "l1": 0.01, "l2": 0.02, "global_step": 3}),
    "ApplyAdadelta": (["accum", "accum_update"], "grad", {"lr": 1.0, "rho": 0.9,
                                                          "epsilon": 1e-6}),
    "ApplyRMSProp": (["ms", "mom"], "grad", {"lr": 0.01, "rho": 0.9, "momentum": 0.5,
                                             "epsilon": 1e-6}),
    "ApplyCenteredRMSProp": (["mg", "ms", "mom"], "grad", {"lr": 0.01, "rho": 0.8,
                                                           "momentum": 0.5, "epsilon": 1e-6}),
    "ApplyFtrl": (["accum", "linear"], "grad", {"lr": 0.3, "l1": 0.05, "l2": 0.02,
                                                "lr_power": -0.5}),
    "ApplyFtrlV2": (["accum", "linear"], "grad", {"lr": 0.3, "l1": 0.05, "l2": 0.02,
                                                  "l2_shrinkage": 0.1, "lr_power": -0.7}),
    "ApplyProximalGradientDescent": ([], "delta", {"alpha": 0.1, "l1": 0.05, "l2": 0.1}),
    "ApplyProximalAdagrad": (["accum"], "grad", {"lr": 0.2, "l1": 0.05, "l2": 0.1}),
    "SparseApplyMomentum": (["accum"], "grad", {"lr": 0.1, "momentum": 0.9}),
    "SparseApplyAdagrad": (["accum"], "grad", {"lr": 0.2}),
    "SparseApplyAdagradDA": (["gradient_accumulator", "gradient_squared_accumulator"], "grad",
                             {"lr": 0.3, "l1": 0.01, "l2": 0.02, "global_step": 3}),
    "SparseApplyAdadelta": (["accum", "accum_update"], "grad", {"lr": 1.0, "rho": 0.9,
                                                                "epsilon": 1e-6}),
    "SparseApplyRMSProp": (["ms", "mom"], "grad", {"lr": 0.01, "rho": 0.9, "momentum": 0.5,
                                                   "epsilon": 1e-6}),
    "SparseApplyCenteredRMSProp": (["mg", "ms", "mom"], "grad", {"lr": 0.01, "rho": 0.8,
                                                                 "momentum": 0.5,
                                                                 "epsilon": 1e-6}),
    "SparseApplyFtrl": (["accum", "linear"], "grad", {"lr": 0.3, "l1": 0.05, "l2": 0.02,
                                                      "lr_power": -0.5}),
    "SparseApplyFtrlV2": (["accum", "linear"], "grad", {"lr": 0.3, "l1": 0.05, "l2": 0.02,
                                                        "l2_shrinkage": 0.1,
                                                        "lr_power": -0.7}),
    "SparseApplyProximalGradientDescent": ([], "grad", {"alpha": 0.1, "l1": 0.05, "l2": 0.1}),
    "SparseApplyProximalAdagrad": (["accum"], "grad", {"lr": 0.2, "l1": 0.05, "l2": 0.1}),
}

# Slots that start anywhere (the others are accumulators of squares: positive).
_SIGNED_SLOTS = {"m", "mg", "mom", "linear", "gradient_accumulator"}
SHAPES = {"matrix": ((4, 3), [3, 0]), "vector": ((5,), [4, 1])}


def is_sparse(op_type):
    return op_type.startswith("Sparse")


def cases():
    """(case id, op type, dtype name, var layout) of every value case."""
    out = []
    for op_type in KERNELS:
        for dtype in ("float32", "float64"):
            out.append(("%s/%s/matrix" % (op_type, dtype), op_type, dtype, "matrix"))
        if is_sparse(op_type):
            out.append(("%s/float32/vector" % op_type, op_type, "float32", "vector"))
    return out


def _values(op_type, dtype, layout):
    slots, grad_name, hyper = KERNELS[op_type]
    shape, indices = SHAPES[layout]
    rng = np.random.RandomState(sum(map(ord, op_type)) + len(shape))
    refs = {"var": rng.normal(size=shape)}
    if op_type.endswith("Momentum"):
        refs["accum"] = 0.1 * rng.normal(size=shape)
    for name in slots:
        if name in refs:
            continue
        refs[name] = (0.1 * rng.normal(size=shape) if name in _SIGNED_SLOTS
                      else rng.uniform(0.5, 1.0, size=shape))
    grad_shape = (len(indices),) + shape[1:] if is_sparse(op_type) else shape
    grad = rng.normal(size=grad_shape)
    refs = {k: v.astype(dtype) for k, v in refs.items()}
    return refs, grad.astype(dtype), indices, dict(hyper)


def _inputs(tf, op_type, dtype, refs, grad, indices, hyper, wrong=None):
    """raw_ops keyword arguments; `wrong` = (input name, value) fed through a placeholder."""
    slots, grad_name, _ = KERNELS[op_type]
    kwargs = {}
    for name, value in refs.items():
        kwargs[name] = tf.Variable(value, name=name, validate_shape=False) \
            if wrong is not None and wrong[0] == name else tf.Variable(value, name=name)
    kwargs[grad_name] = tf.constant(grad)
    if is_sparse(op_type):
        kwargs["indices"] = tf.constant(indices, tf.int32)
    for name, value in hyper.items():
        kwargs[name] = tf.constant(value, tf.int64 if name == "global_step" else dtype)
    if wrong is not None:
        name, value = wrong
        if name in refs:  # a slot whose stored value has another shape
            return kwargs, tf.assign(kwargs[name], np.asarray(value, dtype.as_numpy_dtype),
                                     validate_shape=False)
        kind = (tf.int32 if name == "indices" else tf.int64 if name == "global_step"
                else dtype)
        kwargs[name] = tf.placeholder_with_default(np.asarray(value, kind.as_numpy_dtype),
                                                   None)
    return kwargs, None


def run_case(tf, op_type, dtype, layout):
    """{'step1': [var, slots...], 'step2': [...]} after two updates from fixed values."""
    refs, grad, indices, hyper = _values(op_type, dtype, layout)
    kwargs, _ = _inputs(tf, op_type, getattr(tf, dtype), refs, grad, indices, hyper)
    update = getattr(tf.raw_ops, op_type)(**kwargs)
    variables = [kwargs[name] for name in refs]
    out = {}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in ("step1", "step2"):
            sess.run(update)
            out[step] = [np.asarray(v).tolist() for v in sess.run(variables)]
    return out


def error_cases():
    """(case id, op type, wrong input name, wrong value) of every runtime error case."""
    out = []
    for op_type, (slots, grad_name, hyper) in KERNELS.items():
        sparse = is_sparse(op_type)
        out.append((op_type + "/grad_shape", op_type, grad_name,
                    np.ones((2, 4)) if sparse else np.ones((3, 4))))
        if slots:
            out.append((op_type + "/slot_shape", op_type, slots[-1], np.ones((2,))))
        for name in hyper:
            out.append((op_type + "/" + name + "_rank", op_type, name, [1, 2]))
        if sparse:
            out.append((op_type + "/indices_rank", op_type, "indices", [[3], [0]]))
            out.append((op_type + "/indices_count", op_type, "indices", [3, 0, 1]))
            out.append((op_type + "/index_range", op_type, "indices", [3, 7]))
            out.append((op_type + "/index_negative", op_type, "indices", [-1, 0]))
        if "l1" in hyper:  # the ops that check values (on the CPU)
            for name, value in (("lr", -0.3), ("alpha", -0.1), ("l1", -0.1), ("l2", -0.1),
                                ("lr_power", 0.5), ("l2_shrinkage", -0.1)):
                if name in hyper:
                    out.append((op_type + "/" + name + "_value", op_type, name, value))
    return out


def run_error_case(tf, op_type, name, value):
    """(error class name, message) of one update with a wrong input, or ('OK', values)."""
    refs, grad, indices, hyper = _values(op_type, "float32", "matrix")
    kwargs, setup = _inputs(tf, op_type, tf.float32, refs, grad, indices, hyper,
                            wrong=(name, value))
    update = getattr(tf.raw_ops, op_type)(**kwargs)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        if setup is not None:
            sess.run(setup)
        try:
            return "OK", np.asarray(sess.run(update)).tolist()
        except tf.errors.OpError as e:
            return type(e).__name__, kernel_message(e)


def kernel_message(error):
    """The kernel's own line of an OpError's message (without TF's node and traceback text)."""
    lines = [line for line in error.message.splitlines() if line.strip()]
    for i, line in enumerate(lines):
        if line.lstrip().startswith("[[") and i > 0:
            return lines[i - 1].strip()
    return lines[-1].strip()


def build_errors():
    """(case id, builder(tf)) of build-time shape errors (TF's ValueError texts)."""
    def grad_shape(tf):
        v, m = tf.Variable(np.zeros((3, 2), np.float32)), tf.Variable(np.zeros((3, 2), np.float32))
        tf.raw_ops.ApplyMomentum(var=v, accum=m, lr=0.1, grad=tf.ones([2, 3]), momentum=0.9)

    def lr_rank(tf):
        v = tf.Variable(np.zeros((3, 2), np.float32))
        tf.raw_ops.ApplyGradientDescent(var=v, alpha=[0.1, 0.2], delta=tf.ones([3, 2]))

    def sparse_rows(tf):
        v, m = tf.Variable(np.zeros((3, 2), np.float32)), tf.Variable(np.zeros((3, 2), np.float32))
        tf.raw_ops.SparseApplyAdagrad(var=v, accum=m, lr=0.1, grad=tf.ones([2, 2]),
                                      indices=[0, 1, 2])

    def sparse_inner(tf):
        v, m = tf.Variable(np.zeros((3, 2), np.float32)), tf.Variable(np.zeros((3, 2), np.float32))
        tf.raw_ops.SparseApplyAdagrad(var=v, accum=m, lr=0.1, grad=tf.ones([2, 3]),
                                      indices=[0, 1])

    def slot_shape(tf):
        v, m = tf.Variable(np.zeros((3, 2), np.float32)), tf.Variable(np.zeros((2, 3), np.float32))
        tf.raw_ops.ApplyAdagrad(var=v, accum=m, lr=0.1, grad=tf.ones([3, 2]))

    return [("grad_shape", grad_shape), ("lr_rank", lr_rank), ("sparse_rows", sparse_rows),
            ("sparse_inner", sparse_inner), ("slot_shape", slot_shape)]


def run_build_error(tf, builder):
    try:
        builder(tf)
    except ValueError as e:
        return "ValueError", str(e)
    return "OK", None


def is_real_tf(tf):
    return not tf.__name__.startswith("tfcompat")
