"""tf.keras.activations / initializers / regularizers / constraints in graph mode: values, op
types and names, configs and `get` errors. Expected values recorded from TF 2.21 compat.v1
(TF_USE_LEGACY_KERAS=1, v2 behaviour disabled)."""
import numpy as np
import pytest

X = [[-3., -1., 0., 0.5, 2., 7.]]
W = [[1., -2.], [3., 0.5]]

# (activation call, op type, expected) recorded from TF 2.21 compat.v1
ACTIVATIONS = [
    (lambda a, x: a.relu(x), "Relu", [[0, 0, 0, 0.5, 2, 7]]),
    (lambda a, x: a.sigmoid(x), "Sigmoid",
     [[0.047426, 0.268941, 0.5, 0.622459, 0.880797, 0.999089]]),
    (lambda a, x: a.softmax(x), "Softmax",
     [[4.5e-05, 0.000332, 0.000903, 0.001489, 0.006674, 0.990556]]),
    (lambda a, x: a.tanh(x), "Tanh", [[-0.995055, -0.761594, 0, 0.462117, 0.964028, 0.999998]]),
    (lambda a, x: a.elu(x), "Elu", [[-0.950213, -0.632121, 0, 0.5, 2, 7]]),
    (lambda a, x: a.selu(x), "Selu", [[-1.670569, -1.111331, 0, 0.52535, 2.101402, 7.354907]]),
    (lambda a, x: a.softplus(x), "Softplus",
     [[0.048587, 0.313262, 0.693147, 0.974077, 2.126928, 7.000912]]),
    (lambda a, x: a.softsign(x), "Softsign", [[-0.75, -0.5, 0, 0.333333, 0.666667, 0.875]]),
    (lambda a, x: a.exponential(x), "Exp",
     [[0.049787, 0.367879, 1, 1.648721, 7.389056, 1096.633179]]),
    (lambda a, x: a.hard_sigmoid(x), "Maximum", [[0, 0.3, 0.5, 0.6, 0.9, 1]]),
    (lambda a, x: a.relu(x, alpha=0.1), "LeakyRelu", [[-0.3, -0.1, 0, 0.5, 2, 7]]),
    (lambda a, x: a.relu(x, max_value=1.5), "Maximum", [[0, 0, 0, 0.5, 1.5, 1.5]]),
    (lambda a, x: a.relu(x, max_value=6), "Relu6", [[0, 0, 0, 0.5, 2, 6]]),
    (lambda a, x: a.relu(x, threshold=0.4), "Mul", [[0, 0, 0, 0.5, 2, 7]]),
    (lambda a, x: a.relu(x, alpha=0.1, max_value=1.5, threshold=0.4), "Sub",
     [[-0.34, -0.14, -0.04, 0.5, 1.5, 1.5]]),
    (lambda a, x: a.relu(x, alpha=0.1, threshold=0.4), "Sub",
     [[-0.34, -0.14, -0.04, 0.5, 2, 7]]),
    (lambda a, x: a.elu(x, alpha=2.), "SelectV2", [[-1.900426, -1.264241, 0, 0.5, 2, 7]]),
]


@pytest.mark.parametrize("fn,op_type,expected", ACTIVATIONS)
def test_activation_values(tf, fn, op_type, expected):
    y = fn(tf.keras.activations, tf.constant(X))
    assert y.op.type == op_type
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(y), expected, rtol=1e-5, atol=1e-6)


def test_activation_graph_names(tf):
    a = tf.keras.activations
    x = tf.constant(X)
    a.hard_sigmoid(x)
    a.relu(x, max_value=1.5)
    ops = [o.type + ":" + o.name for o in tf.get_default_graph().get_operations()]
    # recorded from TF 2.21 compat.v1
    assert ops == ["Const:Const", "Const:Const_1", "Const:Const_2", "Mul:Mul", "AddV2:Add",
                   "Const:clip_by_value/Minimum/y", "Minimum:clip_by_value/Minimum",
                   "Const:clip_by_value/y", "Maximum:clip_by_value", "Relu:Relu",
                   "Const:Const_3", "Const:Const_4", "Minimum:clip_by_value_1/Minimum",
                   "Maximum:clip_by_value_1"]


def test_softmax_axes(tf):
    a = tf.keras.activations
    x = tf.constant([[1., 2.], [3., 5.]])
    y0, yt = a.softmax(x, axis=0), a.softmax(x, axis=(0, 1))
    assert (y0.op.type, yt.op.type) == ("Transpose", "RealDiv")
    with tf.Session() as sess:
        v0, vt = sess.run([y0, yt])
    np.testing.assert_allclose(v0, [[0.119203, 0.047426], [0.880797, 0.952574]], atol=1e-6)
    np.testing.assert_allclose(vt, [[0.015219, 0.041371], [0.112457, 0.830953]], atol=1e-6)


def test_activation_get_and_errors(tf):
    a = tf.keras.activations
    assert a.get(None) is a.linear and a.get("relu") is a.relu
    assert a.serialize(a.relu) == "relu" and a.serialize(a.softmax) == "softmax"
    with pytest.raises(ValueError, match="Unknown activation function: 'nope'. Please ensure"):
        a.get("nope")
    with pytest.raises(TypeError, match="Could not interpret activation function identifier: 3"):
        a.get(3)
    with pytest.raises(ValueError, match="Cannot apply softmax to a tensor that is 1D"):
        a.softmax(tf.constant([1., 2.]))


# name -> (class name, config), recorded from TF 2.21 compat.v1
INITIALIZER_CONFIGS = {
    "glorot_uniform": ("GlorotUniform", {"seed": None, "dtype": "float32"}),
    "GlorotUniform": ("GlorotUniform", {"seed": None, "dtype": "float32"}),
    "glorot_normal": ("GlorotNormal", {"seed": None, "dtype": "float32"}),
    "zeros": ("Zeros", {"dtype": "float32"}), "zero": ("Zeros", {"dtype": "float32"}),
    "one": ("Ones", {"dtype": "float32"}),
    "normal": ("RandomNormal", {"mean": 0.0, "stddev": 0.05, "seed": None, "dtype": "float32"}),
    "uniform": ("RandomUniform",
                {"minval": -0.05, "maxval": 0.05, "seed": None, "dtype": "float32"}),
    "TruncatedNormal": ("TruncatedNormal",
                        {"mean": 0.0, "stddev": 0.05, "seed": None, "dtype": "float32"}),
    "he_normal": ("HeNormal", {"seed": None}), "he_uniform": ("HeUniform", {"seed": None}),
    "lecun_uniform": ("LecunUniform", {"seed": None}),
    "lecun_normal": ("LecunNormal", {"seed": None}),
    "Orthogonal": ("Orthogonal", {"gain": 1.0, "seed": None, "dtype": "float32"}),
    "identity": ("Identity", {"gain": 1.0, "dtype": "float32"}),
    "VarianceScaling": ("VarianceScaling", {"scale": 1.0, "mode": "fan_in",
                                            "distribution": "truncated_normal", "seed": None,
                                            "dtype": "float32"}),
    "constant": ("Constant", {"value": 0, "dtype": "float32"}),
}


@pytest.mark.parametrize("name", sorted(INITIALIZER_CONFIGS))
def test_initializer_get(tf, name):
    init = tf.keras.initializers.get(name)
    assert (type(init).__name__, init.get_config()) == INITIALIZER_CONFIGS[name]


def test_initializer_serialize_and_errors(tf):
    i = tf.keras.initializers
    assert i.serialize(i.get("glorot_uniform")) == {
        "class_name": "GlorotUniform", "config": {"seed": None, "dtype": "float32"}}
    assert i.serialize(i.get("he_normal")) == {"class_name": "HeNormal", "config": {"seed": None}}
    got = i.get({"class_name": "RandomNormal", "config": {"stddev": 2.0}})
    assert got.get_config() == {"mean": 0.0, "stddev": 2.0, "seed": None, "dtype": "float32"}
    with pytest.raises(ValueError, match="Unknown initializer: 'nope'"):
        i.get("nope")
    with pytest.raises(ValueError, match="Could not interpret initializer identifier: 3"):
        i.get(3)


def test_initializer_values_with_graph_seed(tf):
    i = tf.keras.initializers
    tf.set_random_seed(1)
    outs = {n: i.get(n)((3, 2)) for n in ["glorot_uniform", "he_normal", "RandomNormal",
                                          "Orthogonal", "identity"]}
    outs["vs"] = i.VarianceScaling(2., "fan_avg", "uniform", seed=7)((2, 3))
    # recorded from TF 2.21 compat.v1
    assert {n: t.name for n, t in outs.items()} == {
        "glorot_uniform": "random_uniform:0", "he_normal": "truncated_normal:0",
        "RandomNormal": "random_normal:0", "Orthogonal": "mul_1:0", "identity": "mul_2:0",
        "vs": "random_uniform_1:0"}
    with tf.Session() as sess:
        got = sess.run(outs)
    np.testing.assert_allclose(got["glorot_uniform"], [[0.68508, -0.9233], [0.85814, -0.72463],
                                                       [-0.95717, 0.09927]], atol=1e-5)
    np.testing.assert_allclose(got["identity"], [[1, 0], [0, 1], [0, 0]])
    assert got["he_normal"].shape == (3, 2) and got["vs"].shape == (2, 3)


def test_regularizers(tf):
    r = tf.keras.regularizers
    w = tf.constant(W)
    outs = {"l1": r.l1(0.1)(w), "l2": r.l2(0.1)(w), "l1l2": r.l1_l2(0.1, 0.2)(w),
            "zero": r.L1L2()(w)}
    # recorded from TF 2.21 compat.v1
    assert {n: (t.name, t.op.type) for n, t in outs.items()} == {
        "l1": ("mul:0", "Mul"), "l2": ("mul_1:0", "Mul"), "l1l2": ("add_1:0", "AddV2"),
        "zero": ("Const_4:0", "Const")}
    with tf.Session() as sess:
        got = sess.run(outs)
    np.testing.assert_allclose([got[n] for n in ["l1", "l2", "l1l2", "zero"]],
                               [0.65, 1.425, 3.5, 0.0], rtol=1e-6)
    assert r.get("l2").get_config() == {"l2": 0.009999999776482582}
    assert r.get("l1_l2").get_config() == {"l1": 0.009999999776482582, "l2": 0.009999999776482582}
    assert r.L1(l=0.3).get_config() == {"l1": 0.30000001192092896}
    assert r.serialize(r.l2(0.1)) == {"class_name": "L2", "config": {"l2": 0.10000000149011612}}
    assert r.get({"class_name": "L1L2", "config": {"l1": 0.5, "l2": 0.}}).get_config() == {
        "l1": 0.5, "l2": 0.0}


def test_regularizer_errors(tf):
    r = tf.keras.regularizers
    with pytest.raises(ValueError, match="Unknown regularizer: 'nope'"):
        r.get("nope")
    with pytest.raises(ValueError, match="Could not interpret regularizer identifier: 3"):
        r.get(3)
    with pytest.raises(ValueError, match="Value inf is not a valid regularization penalty"):
        r.L2(float("inf"))
    with pytest.raises(TypeError, match="Argument\\(s\\) not recognized: {'foo': 2}"):
        r.L1(l1=0.1, foo=2)


def test_constraints(tf):
    c = tf.keras.constraints
    w = tf.constant(W)
    outs = {"mn": c.MaxNorm(2.)(w), "mn1": c.MaxNorm(2., axis=1)(w), "nn": c.NonNeg()(w),
            "un": c.UnitNorm()(w), "mmn": c.MinMaxNorm(0.5, 2., rate=0.5)(w)}
    with tf.Session() as sess:
        got = sess.run(outs)
    # recorded from TF 2.21 compat.v1
    expected = {"mn": [[0.632456, -1.940285], [1.897367, 0.485071]],
                "mn1": [[0.894427, -1.788854], [1.972788, 0.328798]],
                "nn": [[1.0, 0.0], [3.0, 0.5]],
                "un": [[0.316228, -0.970143], [0.948683, 0.242536]],
                "mmn": [[0.816228, -1.970143], [2.448683, 0.492536]]}
    for name, value in expected.items():
        np.testing.assert_allclose(got[name], value, rtol=1e-5)
    assert c.get("max_norm").get_config() == {"max_value": 2, "axis": 0}
    assert c.get("min_max_norm").get_config() == {"min_value": 0.0, "max_value": 1.0,
                                                  "rate": 1.0, "axis": 0}
    assert c.serialize(c.MaxNorm(3)) == {"class_name": "MaxNorm",
                                         "config": {"max_value": 3, "axis": 0}}
    with pytest.raises(ValueError, match="Unknown constraint: 'nope'"):
        c.get("nope")
    with pytest.raises(ValueError, match="Could not interpret constraint function identifier"):
        c.get(3)
