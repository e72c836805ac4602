"""Graph building: names, scopes, collections, lookups, control deps, devices, Tensor API."""
import numpy as np
import pytest


def test_unique_names_and_scopes(tf):
    a = tf.constant(1, name="a")
    a1 = tf.constant(1, name="a")
    with tf.name_scope("s"):
        b = tf.add(a, a1)
        with tf.name_scope("inner"):
            c = tf.identity(b)
        with tf.name_scope(None):
            root = tf.identity(b, name="root")
        with tf.name_scope("abs/"):
            d = tf.identity(b, name="d")
    with tf.name_scope("s"):
        e = tf.identity(b)
    assert [t.name for t in (a, a1, b, c, root, d, e)] == [
        "a:0", "a_1:0", "s/Add:0", "s/inner/Identity:0", "root:0", "abs/d:0", "s_1/Identity:0"]


def test_name_scope_returns_scope_string_and_default_name(tf):
    with tf.name_scope(None, "Default", []) as scope:
        assert scope == "Default/"
    with tf.name_scope("x") as scope:
        assert scope == "x/"
        assert tf.get_default_graph().get_name_scope() == "x"


def test_lookups_and_their_errors(tf):
    g = tf.get_default_graph()
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    assert g.get_tensor_by_name("x:0") is x
    assert g.get_operation_by_name("x") is x.op
    with pytest.raises(KeyError) as info:
        g.get_tensor_by_name("nope:0")
    assert "The name 'nope:0' refers to a Tensor which does not exist." in str(info.value)
    with pytest.raises(KeyError):
        g.get_operation_by_name("nope")
    with pytest.raises(ValueError):
        g.get_tensor_by_name("x")
    assert [op.name for op in g.get_operations()] == ["x"]


def test_collections(tf):
    tf.add_to_collection("things", 1)
    tf.add_to_collections(["things", "others"], 2)
    assert tf.get_collection("things") == [1, 2]
    ref = tf.get_collection_ref("things")
    ref.append(3)
    assert tf.get_collection("things") == [1, 2, 3]
    with tf.name_scope("scope"):
        t = tf.constant(0.0, name="t")
    tf.add_to_collection("tensors", t)
    assert tf.get_collection("tensors", scope="scope") == [t]
    assert tf.get_collection("tensors", scope="other") == []
    assert tf.GraphKeys.TRAINABLE_VARIABLES == "trainable_variables"


def test_control_dependencies(tf):
    a = tf.constant(1.0)
    b = tf.constant(2.0)
    with tf.control_dependencies([a, b.op]):
        c = tf.identity(a)
        with tf.control_dependencies(None):
            d = tf.identity(a)
    assert c.op.control_inputs == [b.op] or set(c.op.control_inputs) == {a.op, b.op}
    assert d.op.control_inputs == []


def test_device_strings(tf):
    with tf.device("/gpu:1"):
        a = tf.constant(1.0)
        with tf.device("/cpu:0"):
            b = tf.constant(1.0)
    with tf.device("/job:worker/task:1"):
        with tf.device("/device:GPU:0"):
            c = tf.constant(1.0)
    with tf.device(None):
        d = tf.constant(1.0)
    assert [a.device, b.device, c.device, d.device] == [
        "/device:GPU:1", "/device:CPU:0", "/job:worker/task:1/device:GPU:0", ""]
    assert tf.DeviceSpec.from_string("/gpu:3").to_string() == "/device:GPU:3"


def test_finalize(tf):
    g = tf.get_default_graph()
    g.finalize()
    assert g.finalized
    with pytest.raises(RuntimeError):
        tf.constant(1)


def test_tensor_repr_and_shapes(tf):
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    assert str(x) == 'Tensor("x:0", shape=(?, 3), dtype=float32)'
    assert x.shape.as_list() == [None, 3] and x.get_shape().ndims == 2
    assert x.shape[1].value == 3 and x.shape[0].value is None
    x.set_shape([5, 3])
    assert x.shape.as_list() == [5, 3]
    with pytest.raises(ValueError):
        x.set_shape([4, 3])
    assert x.op.type == "Placeholder" and x.op.get_attr("dtype") == tf.float32
    with pytest.raises(ValueError):
        x.op.get_attr("nope")


def test_bool_iter_len_errors(tf):
    t = tf.constant([1, 2])
    with pytest.raises(TypeError):
        bool(t)
    with pytest.raises(TypeError):
        iter(t)
    with pytest.raises(TypeError):
        len(t)


def test_convert_to_tensor_dtype_rules(tf):
    assert tf.constant(1).dtype == tf.int32
    assert tf.constant(1.5).dtype == tf.float32
    assert tf.constant(2**40).dtype == tf.int64
    assert tf.constant([1.5, 2]).dtype == tf.float32
    assert tf.constant(np.float64(1.0)).dtype == tf.float64
    assert tf.constant(np.arange(3)).dtype == tf.int64
    assert tf.constant(True).dtype == tf.bool
    assert tf.constant("s").dtype == tf.string
    assert tf.convert_to_tensor([[1.0, tf.constant(2.0)]]).shape.as_list() == [1, 2]
    with pytest.raises(TypeError):
        tf.constant(2.5, dtype=tf.int32)


def test_mixing_dtypes_raises_type_error(tf):
    with pytest.raises(TypeError) as info:
        tf.add(tf.constant(1), tf.constant(1.0))
    assert "Input 'y' of 'AddV2' Op has type float32 that does not match type int32 of " \
           "argument 'x'." in str(info.value)
    with pytest.raises(TypeError):
        tf.constant(2) * tf.constant(2.0)


def test_operators(tf):
    a = tf.constant([7, -7])
    b = tf.constant([2.0, 4.0])
    m = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    results = {
        "floordiv": a // 2, "mod": a % 3, "truediv": a / 2, "neg": -a, "abs": abs(a),
        "rsub": 10 - a, "rmul": 3 * b, "pow": b ** 2, "rpow": 2.0 ** b, "matmul": m @ m,
        "lt": a < 0, "and": (a > 0) & (a < 10), "invert": ~(a > 0), "rtruediv": 1.0 / b,
    }
    with tf.Session() as sess:
        v = sess.run(results)
    assert v["floordiv"].tolist() == [3, -4] and v["mod"].tolist() == [1, 2]
    assert v["truediv"].dtype == np.float64 and v["truediv"].tolist() == [3.5, -3.5]
    assert v["neg"].tolist() == [-7, 7] and v["abs"].tolist() == [7, 7]
    assert v["rsub"].tolist() == [3, 17] and v["rmul"].tolist() == [6.0, 12.0]
    assert v["pow"].tolist() == [4.0, 16.0] and v["rpow"].tolist() == [4.0, 16.0]
    assert v["matmul"].tolist() == [[7.0, 10.0], [15.0, 22.0]]
    assert v["lt"].tolist() == [False, True] and v["and"].tolist() == [True, False]
    assert v["invert"].tolist() == [False, True] and v["rtruediv"].tolist() == [0.5, 0.25]
    assert results["floordiv"].name == "floordiv:0" and results["mod"].name == "mod:0"
    assert results["rmul"].name == "mul:0" and results["truediv"].name == "truediv:0"


def test_getitem_strided_slice(tf):
    x = tf.constant(np.arange(24).reshape(2, 3, 4))
    p = tf.placeholder(tf.float32, [None, 3])
    parts = {"a": x[:, ::-1, 1:3], "b": x[1, ..., ::2], "c": x[tf.newaxis, :, -1],
             "d": x[-1:, 5:, :], "e": x[:, 2:0:-1], "f": x[0, 1, 2]}
    ref = np.arange(24).reshape(2, 3, 4)
    expected = {"a": ref[:, ::-1, 1:3], "b": ref[1, ..., ::2], "c": ref[None, :, -1],
                "d": ref[-1:, 5:, :], "e": ref[:, 2:0:-1], "f": ref[0, 1, 2]}
    with tf.Session() as sess:
        values = sess.run(parts)
    for key, value in values.items():
        np.testing.assert_array_equal(value, expected[key])
        assert parts[key].shape.as_list() == list(expected[key].shape)
    assert parts["a"].name == "strided_slice:0"
    assert p[0].shape.as_list() == [3] and p[:, 1].shape.as_list() == [None]
    assert p[..., None].shape.as_list() == [None, 3, 1]
