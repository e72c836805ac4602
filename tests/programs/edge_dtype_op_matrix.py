"""Op x dtype support matrix, the table TF1 projects kept when porting models to float16 /
uint8 (2017-2019 mixed-precision and quantized-inference code): for ~75 unary, binary and
reduction ops and every numeric dtype, the build-time TypeError text, a run-time kernel error
class, or the result dtype and values."""
import numpy as np
TAGS = ['math', 'edges', 'errors']

DTYPES = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
          "float16", "bfloat16", "float32", "float64", "complex64", "complex128"]


def _val(dt):
    if dt == "bool":
        return np.array([True, False, True])
    if dt == "bfloat16":
        return np.array([1.0, 2.0, 3.0], np.float32)
    return np.array([1, 2, 3]).astype(dt)


def _cell(tf, sess, fn, args):
    try:
        t = fn(*args)
    except Exception as e:  # noqa
        return "B:%s:%s" % (type(e).__name__, str(e).split("\n")[0][:150])
    try:
        v = sess.run(t)
        return "R:%s:%s" % (t.dtype.name, np.asarray(v, np.float64).round(3).tolist() if t.dtype.name not in ("complex64", "complex128") else np.abs(v).round(3).tolist())
    except Exception as e:  # noqa
        return "E:%s" % type(e).__name__


def main(tf):
    out = {}
    sess = tf.Session()
    unary = {"abs": tf.abs, "neg": tf.negative, "sign": tf.sign, "square": tf.square, "sqrt": tf.sqrt,
             "exp": tf.exp, "log1p": tf.log1p, "floor": tf.floor, "round": tf.round, "rint": tf.rint,
             "reciprocal": tf.reciprocal, "sigmoid": tf.sigmoid, "tanh": tf.tanh, "is_nan": tf.is_nan,
             "is_finite": tf.is_finite, "logical_not": tf.logical_not, "erf": tf.erf, "sin": tf.sin,
             "lgamma": tf.lgamma, "softplus": tf.nn.softplus, "relu": tf.nn.relu, "relu6": tf.nn.relu6,
             "softsign": tf.nn.softsign, "elu": tf.nn.elu, "invert": tf.bitwise.invert,
             "cumsum": tf.cumsum, "argmax": lambda x: tf.argmax(x, 0), "rsum": tf.reduce_sum,
             "rmax": tf.reduce_max, "rmean": tf.reduce_mean, "rprod": tf.reduce_prod,
             "rall": tf.reduce_all, "l2loss": tf.nn.l2_loss, "zeros_like": tf.zeros_like,
             "ones_like": tf.ones_like, "softmax": tf.nn.softmax, "top_k": lambda x: tf.nn.top_k(x, 1)[0],
             "sort": tf.sort, "unique": lambda x: tf.unique(x)[0], "bincount_w": lambda x: tf.bincount(tf.constant([0, 1, 1]), weights=x),
             "segsum": lambda x: tf.segment_sum(x, [0, 0, 1]), "matmul": lambda x: tf.matmul(tf.reshape(x, [1, 3]), tf.reshape(x, [3, 1])),
             "clip": lambda x: tf.clip_by_value(x, x[0], x[1]), "cast_f": lambda x: tf.cast(x, tf.float32)}
    binary = {"add": tf.add, "sub": tf.subtract, "mul": tf.multiply, "div": tf.div, "truediv": tf.truediv,
              "realdiv": tf.realdiv, "floordiv": tf.floordiv, "floormod": tf.floormod, "mod": tf.mod,
              "truncatediv": tf.truncatediv, "truncatemod": tf.truncatemod, "pow": tf.pow,
              "maximum": tf.maximum, "minimum": tf.minimum, "sqdiff": tf.squared_difference,
              "atan2": tf.atan2, "less": tf.less, "equal": tf.equal, "logical_and": tf.logical_and,
              "bitwise_and": tf.bitwise.bitwise_and, "left_shift": tf.bitwise.left_shift,
              "div_no_nan": tf.div_no_nan, "xdivy": tf.math.xdivy, "xlogy": tf.math.xlogy,
              "igamma": tf.igamma, "zeta": tf.zeta}
    for dt in DTYPES:
        x = tf.cast(tf.constant(_val(dt)), dt) if dt == "bfloat16" else tf.constant(_val(dt))
        for nm, fn in unary.items():
            out["u_%s_%s" % (nm, dt)] = _cell(tf, sess, fn, [x])
        for nm, fn in binary.items():
            out["b_%s_%s" % (nm, dt)] = _cell(tf, sess, fn, [x, x])
    return out
