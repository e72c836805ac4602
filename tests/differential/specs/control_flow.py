"""Control flow and friends as programs: cond/case/while_loop (values and gradients), TensorArrays,
py_func, Print/Assert/StringFormat, ReverseSequence."""
import numpy as np

from harness import Program


def _cond(tf):
    x = tf.placeholder(tf.float32, [3], name="x")
    p = tf.placeholder(tf.bool, [], name="p")
    y = tf.cond(p, lambda: tf.square(x), lambda: x * 3.0)
    gy = tf.gradients(tf.reduce_sum(y), x)[0]
    c = tf.case([(tf.reduce_sum(x) > 100.0, lambda: x + 1.0), (p, lambda: x - 1.0)],
                default=lambda: x * 0.0)
    return {"y": y, "gy": gy, "case": c}, {x: [1.0, -2.0, 3.0], p: True}


def _stateful_branches(tf):
    v = tf.Variable(1.0, name="v")
    p = tf.placeholder(tf.bool, [], name="p")
    i = tf.placeholder(tf.int32, [], name="i")
    y = tf.cond(p, lambda: tf.assign_add(v, 1.0), lambda: tf.identity(v))
    s = tf.switch_case(i, [lambda: v * 2.0, lambda: v * 3.0])
    s2 = tf.switch_case(i, [lambda: tf.random_uniform([]) * 0.0 + 1.0, lambda: v * 3.0])
    w = tf.while_loop(lambda k: k < 3,
                      lambda k: k + tf.cast(tf.random_uniform([]) > 2.0, tf.int32) + 1,
                      [tf.constant(0)])
    init = tf.global_variables_initializer()
    feeds = {p: True, i: 0}
    return {"s": s, "s2": s2, "w": w, "v": v}, feeds, [init, y]


def _while(tf):
    x = tf.constant([1.0, 2.0])
    i0 = tf.constant(0)
    _, out = tf.while_loop(lambda i, v: i < 4, lambda i, v: (i + 1, v * 1.5 + tf.sin(v)),
                           [i0, x])
    g = tf.gradients(tf.reduce_sum(out), x)[0]
    n = tf.while_loop(lambda k: k < 100, lambda k: k * 2 + 1, [tf.constant(1)])
    return {"out": out, "g": g, "n": n}, {}


def _tensor_array(tf):
    ta = tf.TensorArray(tf.float32, size=3, element_shape=[2], clear_after_read=False)
    ta = ta.write(0, [1.0, 2.0]).write(1, [3.0, 4.0]).write(2, [5.0, 6.0])
    read = ta.read(1)
    stacked = ta.stack()
    gathered = ta.gather([2, 0])
    concat = ta.concat()
    size = ta.size()
    ta2 = tf.TensorArray(tf.float32, size=2).unstack(tf.constant([[1.0], [2.0]]))
    ta3 = tf.TensorArray(tf.float32, size=2).scatter([1, 0], tf.constant([[7.0], [8.0]]))
    ta4 = tf.TensorArray(tf.float32, size=2, infer_shape=False).split(
        tf.constant([1.0, 2.0, 3.0]), [1, 2])
    closed = ta4.close()
    # a fixed-size array's size() is its size tensor (TF 1.x); a dynamic one's is the op
    grown = tf.TensorArray(tf.float32, size=0, dynamic_size=True).write(0, 1.0).write(2, 3.0)
    return {"read": read, "stacked": stacked, "gathered": gathered, "concat": concat,
            "size": size, "unstacked": ta2.stack(), "scattered": ta3.stack(),
            "split1": ta4.read(1), "grown_size": grown.size()}, {}, [closed]


def _tensor_array_read_twice(tf):
    ta = tf.TensorArray(tf.float32, size=1).write(0, [1.0])
    return {"twice": ta.read(0) + ta.read(0)}, {}


def _py_func(tf):
    x = tf.constant([1.0, 2.0])
    y = tf.py_func(lambda a: (a * 2).astype(np.float32), [x], tf.float32)
    z = tf.py_func(lambda a: a + 1, [tf.constant([3, 4])], tf.int32, stateful=False)
    return {"y": y, "z": z}, {}


def _logging(tf):
    x = tf.constant([1.0, 2.0])
    printed = tf.Print(x, [x], message="x=")
    fmt = tf.raw_ops.StringFormat(inputs=[x], template="v=%s")
    pv2 = tf.print(x)
    ok = tf.Assert(tf.reduce_all(x > 0), [x])
    with tf.control_dependencies([ok, pv2]):
        guarded = tf.identity(x)
    return {"printed": printed, "fmt": fmt, "guarded": guarded}, {}


def _assert_fails(tf):
    x = tf.constant([1.0, -2.0])
    with tf.control_dependencies([tf.Assert(tf.reduce_all(x > 0), [x])]):
        y = tf.identity(x)
    return {"y": y}, {}


def _reverse_sequence(tf):
    x = tf.constant(np.arange(24, dtype=np.float32).reshape(2, 4, 3))
    r = tf.reverse_sequence(x, [3, 1], seq_axis=1, batch_axis=0)
    g = tf.gradients(tf.reduce_sum(r * np.arange(24).reshape(2, 4, 3)), x)[0]
    return {"r": r, "g": g}, {}


PROGRAMS = [
    Program("cond_case", _cond, covers=("StatelessIf",)),
    Program("stateful_branches", _stateful_branches,
            covers=("If", "Case", "StatelessCase", "While")),
    Program("while_loop", _while, covers=("StatelessWhile",)),
    Program("tensor_array", _tensor_array,
            covers=("TensorArrayV3", "TensorArrayWriteV3", "TensorArrayReadV3",
                    "TensorArrayGatherV3", "TensorArrayConcatV3", "TensorArraySizeV3",
                    "TensorArrayScatterV3", "TensorArraySplitV3", "TensorArrayCloseV3")),
    Program("tensor_array_read_twice", _tensor_array_read_twice),
    Program("py_func", _py_func, covers=("PyFunc", "PyFuncStateless")),
    Program("logging", _logging, covers=("Print", "PrintV2", "StringFormat", "Assert")),
    Program("assert_fails", _assert_fails),
    Program("reverse_sequence", _reverse_sequence, covers=("ReverseSequence",)),
]
