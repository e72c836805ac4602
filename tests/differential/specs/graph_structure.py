"""Graph-construction fidelity: small public-API programs whose whole graph (every op's name, type,
inputs and control inputs) and fetched tensors' names must be exactly TF's (`Program(graph=True)`).

TF1 tools depend on these names (`dense/MatMul`, `Add_1`, `values_0`), on which inputs are Consts
and on what TF folds to a Const at build time (`tf.shape` of a fully known shape). Gradients and
control flow build different subgraphs in tfcompat (one `Gradients` op, functional control flow):
programs that need them leave those name scopes out of the record (`graph_skip`). This family
covers constants, variables, scopes, math, shapes and array manipulation; graph_structure_nn the
layers, losses, training, control flow, summaries and saving.
"""
import numpy as np

from harness import Arg
from harness import Program
from harness import Spec


def x_const(tf, shape=(2, 3), name="x"):
    values = np.arange(np.prod(shape), dtype=np.float32).reshape(shape) / 4.0 - 0.5
    return tf.constant(values, name=name)


def graph_programs(prefix, table, skips=None):
    """`Program(graph=True)` per (name, build) of `table`; `skips` maps a name to its
    `graph_skip` scopes."""
    skips = skips or {}
    return [Program(prefix + name, build, graph=True, graph_skip=skips.get(name, ()))
            for name, build in table]


# -- constants, placeholders, variables ------------------------------------------------------

def _constants(tf):
    a = tf.constant(1.0)
    b = tf.constant([1, 2, 3])
    c = tf.constant(np.ones((2, 2), np.float32), name="c")
    d = tf.constant(2.0, name="c")
    e = tf.constant(3, dtype=tf.int64, shape=[2, 2])
    s = tf.constant("hi")
    return {"a": a, "b": b, "c": c, "d": d, "e": e, "s": s}, {}


def _placeholders(tf):
    p = tf.placeholder(tf.float32, [None, 3])
    q = tf.placeholder(tf.int32, name="q")
    q2 = tf.placeholder(tf.int32, name="q")
    d = tf.placeholder_with_default([1.0, 2.0], [2])
    d2 = tf.placeholder_with_default(tf.constant(3), [], name="dflt")
    return {"p": p, "q": q, "q2": q2, "d": d, "d2": d2}, {
        p: np.ones((1, 3), np.float32), q: 1, q2: 2}


def _variables(tf):
    v = tf.Variable(1.0)
    w = tf.Variable([[1.0, 2.0]], name="w")
    w2 = tf.Variable(tf.zeros([2]), name="w")
    n = tf.Variable(5, trainable=False, name="n")
    init = tf.global_variables_initializer()
    local = tf.local_variables_initializer()
    return {"v": v, "w": w, "w2": w2, "n": n, "rv": v.read_value(), "val": w.value()}, {}, [
        init, local]


def _initialized_value(tf):
    w = tf.Variable([[1.0, 2.0]], name="w")
    u = tf.Variable(w.initialized_value() * 2.0, name="u")
    init = tf.global_variables_initializer()
    return {"iv": w.initialized_value(), "u": u}, {}, [init]


def _variable_assign(tf):
    v = tf.Variable([1.0, 2.0], name="v")
    c = tf.Variable(0, name="c")
    steps = [tf.global_variables_initializer(), tf.assign(v, [3.0, 4.0]),
             tf.assign_add(v, [1.0, 1.0]), v.assign_sub([0.5, 0.5]), v.assign([1.0, 1.0]) * 1.0,
             tf.assign_sub(c, 2), c.assign_add(5), tf.scatter_update(v, [0], [7.0]),
             v[1].assign(9.0), tf.variables_initializer([c], name="reinit")]
    return {"v": v, "c": c}, {}, steps


def _get_variable_initializers(tf):
    b = tf.get_variable("b", [3], initializer=tf.zeros_initializer())
    c = tf.get_variable("c", initializer=tf.constant([1.0, 2.0]))
    d = tf.get_variable("d", [2], initializer=tf.constant_initializer(0.5))
    h = tf.get_variable("h", [2], dtype=tf.int32, initializer=tf.ones_initializer())
    k = tf.get_variable("k", [2, 2], initializer=tf.initializers.identity())
    n = tf.get_variable("n", initializer=3, trainable=False)
    init = tf.global_variables_initializer()
    return {"b": b, "c": c, "d": d, "h": h, "k": k, "n": n}, {}, [init]


def _get_variable_random(tf):
    a = tf.get_variable("a", [2, 3])
    e = tf.get_variable("e", [2, 2], initializer=tf.truncated_normal_initializer(stddev=0.1))
    f = tf.get_variable("f", [2, 2], initializer=tf.random_normal_initializer())
    g = tf.get_variable("g", [3, 3], initializer=tf.glorot_normal_initializer())
    i = tf.get_variable("i", [4, 2], initializer=tf.variance_scaling_initializer())
    j = tf.get_variable("j", [2], initializer=tf.random_uniform_initializer(-1.0, 1.0))
    o = tf.get_variable("o", [2, 2], initializer=tf.orthogonal_initializer())
    init = tf.global_variables_initializer()
    shapes = {"s_" + v.op.name: v.shape.num_elements() * tf.ones([1])
              for v in (a, e, f, g, i, j, o)}
    return shapes, {}, [init]


def _resource_variable(tf):
    r = tf.get_variable("r", [2], initializer=tf.ones_initializer(), use_resource=True)
    s = tf.Variable(3.0, use_resource=True, name="s")
    y = r * 2.0 + s
    init = tf.global_variables_initializer()
    return {"y": y, "r": r.read_value()}, {}, [init, r.assign_add([1.0, 1.0])]


def _variable_scopes(tf):
    with tf.variable_scope("outer"):
        with tf.variable_scope("inner"):
            a = tf.get_variable("a", [2], initializer=tf.ones_initializer())
            x = a * 2.0
        with tf.variable_scope("inner", reuse=True):
            a2 = tf.get_variable("a")
            y = a2 + 1.0
        with tf.name_scope("ns"):
            b = tf.get_variable("b", [], initializer=tf.zeros_initializer())
            z = tf.add(b, 1.0)
    with tf.variable_scope("outer", reuse=tf.AUTO_REUSE):
        u = tf.identity(tf.get_variable("inner/a"))
    init = tf.global_variables_initializer()
    return {"x": x, "y": y, "z": z, "u": u}, {}, [init]


def _variable_scope_objects(tf):
    with tf.variable_scope("s2") as scope:
        pass
    with tf.variable_scope(scope):
        t = tf.constant(1.0)
    with tf.variable_scope(scope, auxiliary_name_scope=False):
        t2 = tf.constant(1.5)
    with tf.variable_scope(None, default_name="dflt"):
        k = tf.constant(2.0)
    with tf.variable_scope(None, default_name="dflt"):
        k2 = tf.constant(3.0)
    with tf.variable_scope("init", initializer=tf.constant_initializer(4.0)):
        v = tf.get_variable("v", [1])
    with tf.variable_scope("vs", values=[t]):
        m = t * 2.0
    init = tf.global_variables_initializer()
    return {"t": t, "t2": t2, "k": k, "k2": k2, "v": v, "m": m}, {}, [init]


def _name_scopes(tf):
    with tf.name_scope("a"):
        x = tf.constant(1.0)
        with tf.name_scope("b"):
            y = x + 1.0
        with tf.name_scope("b"):
            y2 = y * 2.0
    with tf.name_scope("a"):
        z = tf.identity(y2)
    with tf.name_scope("a/"):
        w = tf.identity(z, name="w")
    with tf.name_scope(None):
        top = tf.constant(4.0, name="top")
    with tf.name_scope("c") as scope:
        named = tf.identity(top, name=scope)
    with tf.name_scope("d", values=[x]):
        d = tf.negative(x)
    n1 = tf.identity(x, name="n")
    n2 = tf.identity(x, name="n")
    n3 = tf.identity(x, name="n_1")
    return {"x": x, "y": y, "y2": y2, "z": z, "w": w, "top": top, "named": named, "d": d,
            "n1": n1, "n2": n2, "n3": n3}, {}


def _identity_group_tuple(tf):
    x = x_const(tf)
    a = tf.identity(x)
    b = tf.identity(x, name="b")
    g = tf.group(a, b)
    g2 = tf.group(a, b, name="g")
    g3 = tf.group(a)
    t = tf.tuple([a, b])
    t2 = tf.tuple([a, b], name="tup", control_inputs=[g])
    ident = tf.identity_n([a, b])
    return {"g": g, "g2": g2, "g3": g3, "t0": t[0], "t1": t[1], "t2": t2[1],
            "n": ident[1], "noop": tf.no_op(), "noop2": tf.no_op(name="nop")}, {}


def _control_dependencies(tf):
    x = x_const(tf)
    a = tf.identity(x)
    with tf.control_dependencies([a]):
        b = x * 2.0
        c = tf.constant(1.0)
        with tf.control_dependencies([b.op]):
            d = tf.identity(b)
        with tf.control_dependencies(None):
            e = tf.identity(x)
    with tf.control_dependencies([d, e.op]):
        f = tf.no_op()
    return {"b": b, "c": c, "d": d, "e": e, "f": f}, {}


# -- math -------------------------------------------------------------------------------------

def _operators_arith(tf):
    x = x_const(tf)
    y = x_const(tf, name="y") + 1.0
    i = tf.constant([[3, 4, 5], [6, 7, 8]])
    return {"add": x + y, "radd": 2.0 + x, "sub": x - y, "rsub": 1.0 - x, "mul": x * y,
            "rmul": 3 * x, "div": x / y, "rdiv": 1.0 / y, "floordiv": i // 2, "mod": i % 3,
            "pow": y ** 2, "rpow": 2.0 ** x, "neg": -x, "abs": abs(x),
            "matmul": x @ tf.transpose(y), "idiv": i / 2, "rfloordiv": 20 // i,
            "rmod": 20 % i, "np": x * np.float32(2.0), "arr": x + np.ones(3, np.float32)}, {}


def _operators_logical(tf):
    x = x_const(tf)
    b = tf.constant([True, False])
    return {"lt": x < 1.0, "le": x <= 1.0, "gt": x > 0.0, "ge": x >= 0.5, "and": b & b,
            "or": b | True, "xor": b ^ b, "not": ~b, "rand": True & b}, {}


def _math_binary(tf):
    x = x_const(tf)
    y = x_const(tf, name="y") + 1.0
    return {"add": tf.add(x, y), "subtract": tf.subtract(x, y), "multiply": tf.multiply(x, 2.0),
            "divide": tf.divide(x, y), "div": tf.div(x, y), "truediv": tf.truediv(x, y),
            "realdiv": tf.realdiv(x, y), "maximum": tf.maximum(x, 0.0),
            "minimum": tf.minimum(x, y), "pow": tf.pow(y, 0.5), "floordiv": tf.floordiv(x, y),
            "mod": tf.mod(x, y), "sqdiff": tf.squared_difference(x, y),
            "equal": tf.equal(x, y), "not_equal": tf.not_equal(x, 1.0),
            "scalar_mul": tf.scalar_mul(2.0, x), "atan2": tf.atan2(x, y),
            "div_no_nan": tf.div_no_nan(x, y), "int_div": tf.div(tf.constant(7), 2)}, {}


def _math_unary(tf):
    x = x_const(tf)
    y = x_const(tf, name="y") + 1.0
    return {"square": tf.square(x), "sqrt": tf.sqrt(y), "rsqrt": tf.rsqrt(y), "exp": tf.exp(x),
            "log": tf.log(y), "log1p": tf.log1p(y), "sigmoid": tf.sigmoid(x),
            "tanh": tf.tanh(x), "sign": tf.sign(x), "floor": tf.floor(x), "ceil": tf.ceil(x),
            "round": tf.round(x), "negative": tf.negative(x), "reciprocal": tf.reciprocal(y),
            "abs": tf.abs(x), "erf": tf.erf(x), "is_nan": tf.is_nan(x),
            "log_sigmoid": tf.log_sigmoid(x), "softplus": tf.math.softplus(x),
            "cos": tf.cos(x), "rint": tf.rint(x)}, {}


def _math_misc(tf):
    x = x_const(tf)
    y = x_const(tf, name="y") + 1.0
    return {"add_n": tf.add_n([x, y, x]), "add_n1": tf.add_n([x]), "cast": tf.cast(x, tf.int32),
            "cast_same": tf.cast(x, tf.float32), "to_float": tf.to_float(tf.constant([1, 2])),
            "to_int": tf.to_int32(x), "clip": tf.clip_by_value(x, -0.5, 0.5),
            "clip_norm": tf.clip_by_norm(x, 1.0), "cumsum": tf.cumsum(x, axis=1),
            "argmax": tf.argmax(x, 1), "argmin": tf.argmin(x, axis=0),
            "where": tf.where(x > 0.0, x, y), "where_v2": tf.where_v2(x > 0.0, x, 0.0),
            "range": tf.range(5), "range2": tf.range(1, 7, 2), "range_f": tf.range(0.0, 1.0, 0.5),
            "range_named": tf.range(3, name="r"), "range_dtype": tf.range(4, dtype=tf.float32)}, {}


def _linspace(tf):
    return {"linspace": tf.lin_space(0.0, 1.0, 3), "linspace2": tf.linspace(-1.0, 1.0, 5)}, {}


def _matmul_family(tf):
    x = x_const(tf)
    y = x_const(tf, name="y") + 1.0
    b = x_const(tf, (2, 2, 3), name="b")
    return {"matmul": tf.matmul(x, y, transpose_a=True), "matmul_b": tf.matmul(x, y, False, True),
            "batch": tf.matmul(b, b, adjoint_b=True), "tensordot": tf.tensordot(x, y, [[1], [1]]),
            "tensordot0": tf.tensordot(x, y, 0), "einsum": tf.einsum("ij,kj->ik", x, y),
            "outer": tf.einsum("i,j->ij", x[0], y[1]), "mv": tf.linalg.matvec(x, y[0]),
            "trace": tf.trace(tf.matmul(x, y, transpose_b=True))}, {}


def _reductions_full(tf):
    x = x_const(tf, (2, 3, 2))
    b = tf.constant([[True, False], [True, True]])
    return {"sum": tf.reduce_sum(x), "mean": tf.reduce_mean(x),
            "min": tf.reduce_min(x, keep_dims=True), "all": tf.reduce_all(b),
            "named": tf.reduce_sum(x, name="total"), "max_kd": tf.reduce_max(x, keepdims=True),
            "prod": tf.reduce_prod(x), "none_axis": tf.reduce_mean(x, axis=None)}, {}


def _reductions_axis(tf):
    x = x_const(tf, (2, 3, 2))
    b = tf.constant([[True, False], [True, True]])
    p = tf.placeholder(tf.float32, [None, 3])
    return {"sum1": tf.reduce_sum(x, 1), "sum_kd": tf.reduce_sum(x, axis=[0, 2], keepdims=True),
            "mean_neg": tf.reduce_mean(x, -1), "max": tf.reduce_max(x, axis=(1,)),
            "prod": tf.reduce_prod(x, 2), "any": tf.reduce_any(b, 0),
            "ri": tf.reduce_sum(x, reduction_indices=[1]), "tensor_axis": tf.reduce_mean(
                x, tf.constant(1)), "p": tf.reduce_sum(p, 0), "p_all": tf.reduce_mean(p),
            "np_axis": tf.reduce_sum(x, np.int64(0))}, {p: np.ones((2, 3), np.float32)}


def _reductions_composite(tf):
    x = x_const(tf, (2, 3, 2))
    return {"lse": tf.reduce_logsumexp(x, 1), "lse_all": tf.reduce_logsumexp(x),
            "count": tf.count_nonzero(x), "count_ax": tf.count_nonzero(x, 1),
            "norm": tf.norm(x), "norm_ax": tf.norm(x, axis=1), "l2": tf.nn.l2_loss(x),
            "l2n": tf.nn.l2_normalize(x, 1), "var": tf.math.reduce_variance(x, 0),
            "std": tf.math.reduce_std(x), "euclid": tf.math.reduce_euclidean_norm(x, 2)}, {}


# -- shapes -----------------------------------------------------------------------------------

def _shape_known(tf):
    x = x_const(tf)
    return {"shape": tf.shape(x), "shape64": tf.shape(x, out_type=tf.int64), "size": tf.size(x),
            "rank": tf.rank(x), "named": tf.shape(x, name="s"), "size_named": tf.size(x, name="n"),
            "rank_named": tf.rank(x, name="r"), "scalar": tf.shape(tf.constant(1.0)),
            "shape_n": tf.shape_n([x, x])[1]}, {}


def _shape_unknown(tf):
    p = tf.placeholder(tf.float32, [None, 3])
    u = tf.placeholder(tf.float32)
    return {"shape_p": tf.shape(p), "size_p": tf.size(p), "rank_p": tf.rank(p),
            "rank_u": tf.rank(u), "shape_u": tf.shape(u, out_type=tf.int64),
            "shape_n": tf.shape_n([p, u])[0], "dyn": tf.shape(p)[0]}, {
        p: np.ones((4, 3), np.float32), u: np.ones((2, 2, 2), np.float32)}


def _fill_like(tf):
    x = x_const(tf)
    p = tf.placeholder(tf.float32, [None, 3])
    return {"zeros_like": tf.zeros_like(x), "ones_like": tf.ones_like(x),
            "zeros_like_p": tf.zeros_like(p), "ones_like_p": tf.ones_like(p),
            "zeros": tf.zeros([2, 2]), "ones": tf.ones((3,), tf.int32), "fill": tf.fill([2], 7.0),
            "zeros_t": tf.zeros(tf.shape(p)), "ones_big": tf.ones([2, 600]),
            "zeros_named": tf.zeros([2], name="z"), "zl_dtype": tf.zeros_like(x, dtype=tf.int32),
            "static": tf.reshape(x, [-1]).shape.num_elements() * tf.ones([1])}, {
        p: np.ones((2, 3), np.float32)}


# -- array manipulation -----------------------------------------------------------------------

def _reshape_transpose(tf):
    x = x_const(tf)
    p = tf.placeholder(tf.float32, [None, 3])
    return {"reshape": tf.reshape(x, [3, 2]), "reshape_t": tf.reshape(p, tf.shape(x)),
            "reshape_dim": tf.reshape(p, [-1, x.shape[1]]), "transpose": tf.transpose(x),
            "transpose_perm": tf.transpose(x, [1, 0]), "transpose_p": tf.transpose(p),
            "transpose_named": tf.transpose(x, name="t"), "cast": tf.cast(x, tf.float64),
            "identity": tf.identity(x), "stop": tf.stop_gradient(x)}, {
        p: np.ones((2, 3), np.float32)}


def _concat_stack(tf):
    x = x_const(tf)
    p = tf.placeholder(tf.float32, [None, 3])
    return {"concat": tf.concat([x, x], 0), "concat1": tf.concat([x, p], axis=-2),
            "concat_one": tf.concat([x], 1), "concat_py": tf.concat([[[1.0, 2.0, 3.0]], x], 0),
            "stack": tf.stack([x, x]), "stack_py": tf.stack([1.0, tf.constant(2.0)]),
            "stack_ax": tf.stack([x, x], axis=2), "parallel": tf.parallel_stack([x, x]),
            "stack_one": tf.stack([x]), "concat_named": tf.concat([x, x], 1, name="cat")}, {
        p: np.ones((1, 3), np.float32)}


def _split_unstack(tf):
    x = x_const(tf)
    parts = tf.split(x, 3, axis=1)
    uneven = tf.split(x, [1, 2], 1)
    return {"split0": parts[0], "split2": parts[2], "uneven": uneven[1],
            "unstack": tf.unstack(x)[1], "unstack1": tf.unstack(x, axis=1)[2],
            "split_t": tf.split(x, tf.constant([2, 1]), 1)[0]}, {}


def _squeeze_expand_tile_pad(tf):
    x = x_const(tf)
    return {"squeeze": tf.squeeze(tf.expand_dims(x, 0)), "squeeze_ax": tf.squeeze(
        tf.reshape(x, [1, 2, 1, 3]), [2]), "expand": tf.expand_dims(x, -1),
        "tile": tf.tile(x, [2, 1]), "pad": tf.pad(x, [[1, 0], [0, 2]]),
        "pad_c": tf.pad(x, [[1, 1], [0, 0]], constant_values=2.0),
        "pad_refl": tf.pad(x, [[1, 1], [1, 1]], mode="REFLECT"),
        "reverse": tf.reverse(x, [1]), "slice": tf.slice(x, [0, 1], [2, -1]),
        "broadcast_to": tf.broadcast_to(x[0], [2, 3])}, {}


def _gather_one_hot(tf):
    x = x_const(tf)
    return {"gather": tf.gather(x, [1, 0]), "gather_ax": tf.gather(x, [2], axis=1),
            "gather_nd": tf.gather_nd(x, [[0, 1]]), "one_hot": tf.one_hot([0, 2], 3),
            "one_hot2": tf.one_hot(tf.constant([1]), 4, on_value=5.0, off_value=-1.0),
            "one_hot_ax": tf.one_hot([1, 0], 2, axis=0, dtype=tf.int32),
            "embedding": tf.nn.embedding_lookup(x, [1, 1, 0]),
            "batch_gather": tf.gather(x, [[0], [2]], batch_dims=1)}, {}


def _where_mask(tf):
    x = x_const(tf)
    p = tf.placeholder(tf.float32, [None, 3])
    return {"where1": tf.where(x > 0.0), "mask": tf.boolean_mask(x, [True, False]),
            "mask2": tf.boolean_mask(x, x > 0.0), "mask_p": tf.boolean_mask(p, p[:, 0] > 0.0),
            "sequence_mask": tf.sequence_mask([1, 3], 4),
            "sequence_mask_n": tf.sequence_mask(tf.constant([2, 1]))}, {
        p: np.array([[1, 2, 3], [-1, 0, 0]], np.float32)}


def _slicing_const(tf):
    x = x_const(tf, (3, 4))
    return {"i": x[0], "ij": x[1, 2], "sl": x[1:], "step": x[::2, 1:3], "neg": x[-1],
            "ell": x[..., 0], "new": x[:, None], "rev": x[::-1], "nested": x[0][1],
            "shape_i": tf.shape(x)[0], "static": x.shape[1].value * tf.ones([1])}, {}


def _slicing_tensor(tf):
    x = x_const(tf, (3, 4))
    p = tf.placeholder(tf.int32, [])
    q = tf.placeholder(tf.int32, [None])
    return {"t": x[p], "ts": x[p:p + 2], "tt": x[1, p], "q": q[0], "q_sl": q[1:],
            "np": x[np.int32(1)]}, {p: 1, q: [5, 6, 7]}


# -- op types TF builds for these APIs (ShapeN, ParallelConcat, EuclideanNorm, SpaceToBatchND,
# BatchToSpaceND), op by op over their dtypes ---------------------------------------------------

def _i32(value):
    return Arg(np.shape(value), "int32", value=value, grad=False)


_EUCLID_TOL = {"float16": (5e-3, 5e-3), "bfloat16": (3e-2, 3e-2), "float32": (2e-5, 2e-6),
               "complex64": (2e-5, 2e-6)}

SPECS = [
    Spec("ShapeN", {"two": {"input": Arg((2, 3), count=2)},
                    "int64": {"args": {"input": Arg((0, 4, 1), count=3)},
                              "attrs": {"out_type": "dtype:int64"}},
                    "fed": {"input": Arg((2, 2), count=2, fed=True)}}, grad=False),
    Spec("EuclideanNorm", {
        "axis1": {"input": Arg((2, 3)), "axis": _i32(1)},
        "keep": {"args": {"input": Arg((2, 3)), "axis": _i32([0, 1])},
                 "attrs": {"keep_dims": True}},
        "neg_axis": {"input": Arg((2, 3, 2)), "axis": _i32(-1)},
        "empty": {"input": Arg((0, 3)), "axis": _i32(0)},
        "no_axes": {"input": Arg((2, 3)), "axis": Arg((0,), "int32", value=[], grad=False)},
        "noncontig": {"input": Arg((3, 4), noncontig=True), "axis": _i32(1)}},
        tol=_EUCLID_TOL),
    Spec("ParallelConcat", {"two": {"args": {"values": Arg((1, 2, 3), count=2)},
                                    "attrs": {"shape": [2, 2, 3]}},
                            "one": {"args": {"values": Arg((1, 4), count=1)},
                                    "attrs": {"shape": [1, 4]}}}, grad=False),
    Spec("SpaceToBatchND", {
        "pad": {"input": Arg((2, 5, 4, 3)), "block_shape": _i32([2, 2]),
                "paddings": _i32([[1, 0], [0, 0]])},
        "one_dim": {"input": Arg((1, 6, 2)), "block_shape": _i32([3]),
                    "paddings": _i32([[0, 0]])},
        "indivisible": {"input": Arg((1, 5, 2), fed=True), "block_shape": _i32([2]),
                        "paddings": _i32([[0, 0]])},
        "int64": {"input": Arg((2, 4, 4, 1)), "block_shape": Arg((2,), "int64", value=[2, 1],
                                                                 grad=False),
                  "paddings": Arg((2, 2), "int64", value=[[0, 0], [1, 1]], grad=False)}}),
    Spec("BatchToSpaceND", {
        "crop": {"input": Arg((8, 3, 2, 3)), "block_shape": _i32([2, 2]),
                 "crops": _i32([[1, 0], [0, 1]])},
        "one_dim": {"input": Arg((3, 2, 2)), "block_shape": _i32([3]),
                    "crops": _i32([[1, 1]])},
        "indivisible": {"input": Arg((3, 2, 2), fed=True), "block_shape": _i32([2]),
                        "crops": _i32([[0, 0]])},
        "over_crop": {"input": Arg((2, 2, 2), fed=True), "block_shape": _i32([2]),
                      "crops": _i32([[3, 2]])}}),
]


PROGRAMS = graph_programs("graph_", [
    ("constants", _constants), ("placeholders", _placeholders), ("variables", _variables),
    ("initialized_value", _initialized_value), ("variable_assign", _variable_assign),
    ("get_variable_initializers", _get_variable_initializers),
    ("get_variable_random", _get_variable_random), ("resource_variable", _resource_variable),
    ("variable_scopes", _variable_scopes), ("variable_scope_objects", _variable_scope_objects),
    ("name_scopes", _name_scopes), ("identity_group_tuple", _identity_group_tuple),
    ("control_dependencies", _control_dependencies), ("operators_arith", _operators_arith),
    ("operators_logical", _operators_logical), ("math_binary", _math_binary),
    ("math_unary", _math_unary), ("math_misc", _math_misc),
    ("linspace", _linspace), ("matmul_family", _matmul_family),
    ("reductions_full", _reductions_full), ("reductions_axis", _reductions_axis),
    ("reductions_composite", _reductions_composite), ("shape_known", _shape_known),
    ("shape_unknown", _shape_unknown), ("fill_like", _fill_like),
    ("reshape_transpose", _reshape_transpose), ("concat_stack", _concat_stack),
    ("split_unstack", _split_unstack), ("squeeze_expand_tile_pad", _squeeze_expand_tile_pad),
    ("gather_one_hot", _gather_one_hot), ("where_mask", _where_mask),
    ("slicing_const", _slicing_const), ("slicing_tensor", _slicing_tensor),
], skips={"initialized_value": ("cond", "cond_1")})
