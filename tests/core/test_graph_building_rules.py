"""Graph-building rules TF1 programs rely on: init_scope for variables, case-insensitive unique
names, Dimension values in shape lists, constant filling, Tensor str, mixed-dtype lists, the
namedtuples of multi-output ops and name validation. Expected values were recorded from TF 2.21
compat.v1 (graph mode)."""
import numpy as np
import pytest


def _control_inputs(op):
    return [c.name for c in op.control_inputs]


def test_variables_made_under_control_dependencies_need_no_feed(tf):
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    loss = tf.reduce_sum(x)
    with tf.control_dependencies([loss]):
        v = tf.Variable(1.0, name="v")
        w = tf.get_variable("w", [2])
        step = tf.train.get_or_create_global_step()
        c = tf.constant(3.0, name="c")
    graph = tf.get_default_graph()
    for name in ["v/initial_value", "v", "v/Assign", "v/read", "w/Initializer/random_uniform/shape",
                 "w", "global_step/Initializer/zeros", "global_step", "global_step/read"]:
        assert _control_inputs(graph.get_operation_by_name(name)) == [], name
    assert _control_inputs(c.op) == ["Sum"]  # ops that are not variables keep them
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run([v, step]) == [1.0, 0]
        assert sess.run(w).shape == (2,)


def test_batch_norm_idiom_minimize_under_update_ops(tf):
    x = tf.placeholder(tf.float32, [None, 3])
    y = tf.layers.batch_normalization(tf.layers.dense(x, 2), training=True)
    loss = tf.reduce_mean(tf.square(y))
    with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
        train = tf.train.AdamOptimizer(0.1).minimize(
            loss, global_step=tf.train.get_or_create_global_step())
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())  # no feed: slots and step lifted out
        sess.run(train, {x: np.ones((4, 3), np.float32)})
        assert sess.run(tf.train.get_global_step()) == 1


def test_init_scope_keeps_name_scope_and_device(tf):
    with tf.name_scope("A"), tf.control_dependencies([tf.no_op(name="dep")]):
        with tf.init_scope():
            assert tf.get_default_graph().get_name_scope() == "A"
            c = tf.constant(1, name="c")
            with tf.name_scope("x") as scope:
                assert scope == "A/x/"
        with tf.device("/cpu:0"), tf.init_scope():
            d = tf.constant(1)
    assert c.name == "A/c:0" and c.op.control_inputs == []
    assert d.device == "/device:CPU:0"


def test_unique_names_ignore_case(tf):
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    with tf.name_scope("Loss") as scope:
        assert scope == "Loss/"
    assert tf.summary.scalar("loss", tf.reduce_sum(x)).op.name == "loss_1"
    with tf.name_scope("loss") as scope:
        assert scope == "loss_2/"
    assert tf.identity(x, name="X").name == "X_1:0"
    graph = tf.get_default_graph()
    assert (graph.unique_name("Foo"), graph.unique_name("foo")) == ("Foo", "foo_1")


def test_dimension_values_in_int_shape_lists(tf):
    r = tf.reshape(tf.zeros([2, 6]), [-1, tf.Dimension(3)])
    assert r.get_shape().as_list() == [4, 3]
    assert tf.fill([tf.Dimension(2), tf.Dimension(3)], 1.0).shape.as_list() == [2, 3]
    assert tf.tile(tf.zeros([2]), [tf.Dimension(2)]).shape.as_list() == [4]
    assert tf.convert_to_tensor([tf.Dimension(3), 4], dtype=tf.int64).dtype == tf.int64
    d = tf.convert_to_tensor(tf.Dimension(4))
    assert (d.op.name, d.dtype) == ("shape_as_tensor", tf.int32)
    assert tf.convert_to_tensor(tf.TensorShape([2, 3])).shape.as_list() == [2]


def test_dimension_conversion_refusals(tf):
    with pytest.raises(TypeError, match="Failed to convert"):
        tf.convert_to_tensor([-1, tf.Dimension(4)])  # no int dtype to convert to
    with pytest.raises(ValueError, match=r"Cannot convert unknown Dimension \? to a Tensor."):
        tf.convert_to_tensor(tf.Dimension(None))
    with pytest.raises(ValueError, match=r"Cannot convert a partially known TensorShape \(2, \?\)"
                                         " to a Tensor."):
        tf.convert_to_tensor(tf.TensorShape([2, None]))


@pytest.mark.parametrize("value, shape, dtype, expected", [
    ([1, 2, 3], (2, 4), None, [[1, 2, 3, 3], [3, 3, 3, 3]]),
    ([[1, 2], [3, 4]], (3, 2), None, [[1, 2], [3, 4], [4, 4]]),
    ([1, 2, 3, 4], (4, 1), None, [[1], [2], [3], [4]]),
    (5, [2, 2], None, [[5, 5], [5, 5]]),
    ([], (2,), None, [0.0, 0.0]),
    ([1.0, 2.0], (0,), None, []),
    (["a", "b"], (3,), None, [b"a", b"b", b"b"]),
    ([True, False], (3,), None, [True, False, False]),
])
def test_constant_with_shape_repeats_the_last_value(tf, value, shape, dtype, expected):
    c = tf.constant(value, shape=shape, dtype=dtype)
    with tf.Session() as sess:
        assert sess.run(c).tolist() == expected
    assert c.shape.as_list() == list(shape)


def test_constant_with_too_small_shape(tf):
    with pytest.raises(ValueError, match="Too many elements provided. Takes at most 4, but got 5."):
        tf.constant([1, 2, 3, 4, 5], shape=(2, 2))
    assert tf.constant([1, 2], shape=(0,)).dtype == tf.float32  # TF's empty float default


def test_tensor_str_and_repr(tf):
    x = tf.placeholder(tf.int64, name="x")
    y = tf.placeholder(tf.float32, [None, 3], name="y")
    assert str(x) == 'Tensor("x:0", dtype=int64)'
    assert repr(x) == "<tf.Tensor 'x:0' shape=<unknown> dtype=int64>"
    assert str(y) == 'Tensor("y:0", shape=(?, 3), dtype=float32)'
    with tf.device("/cpu:0"):
        a = tf.constant(1.0, name="a")
    assert str(a) == 'Tensor("a:0", shape=(), dtype=float32, device=/device:CPU:0)'
    assert repr(a) == "<tf.Tensor 'a:0' shape=() dtype=float32>"


def test_lists_mixing_dtypes(tf):
    i = tf.constant([1, 2], dtype=tf.int32)
    f = tf.constant([1.0, 2.0])
    for build, op in [(lambda: tf.stack([i, f]), "Pack"),
                      (lambda: tf.stack([i, f], axis=1), "Pack"),
                      (lambda: tf.concat([i, f], 0), "ConcatV2"),
                      (lambda: tf.add_n([i, f]), "AddN")]:
        arg = "inputs" if op == "AddN" else "values"
        with pytest.raises(TypeError) as info:
            build()
        assert str(info.value) == ("Tensors in list passed to '%s' of '%s' Op have types "
                                   "[int32, float32] that don't all match." % (arg, op))
    with pytest.raises(TypeError) as info:
        tf.stack([1.5, i])
    assert "have types [float32, int32] that don't all match." in str(info.value)
    with pytest.raises(TypeError, match="Cannot convert a list containing a tensor of dtype "):
        tf.convert_to_tensor([i, f])
    assert tf.stack([1, f[0]]).dtype == tf.float32  # the first Tensor's dtype wins
    assert tf.convert_to_tensor([i, i], dtype=tf.float32).op.inputs[0].op.type == "Cast"
    with pytest.raises(ValueError, match=r"Argument `axis` = 3 not in range \[-2, 2\)"):
        tf.stack([i, i], axis=3)


def test_stack_of_python_values_is_one_const(tf):
    s = tf.stack([1, 2])
    assert (s.op.type, s.name) == ("Const", "stack:0")


def test_multi_output_ops_return_namedtuples(tf):
    u = tf.unique(tf.constant([3, 1, 3]))
    assert (type(u).__name__, u._fields) == ("Unique", ("y", "idx"))
    assert u.y is u[0] and u.idx is u[1]
    k = tf.nn.top_k(tf.constant([3, 1, 3]), k=2)
    assert (type(k).__name__, k._fields) == ("TopKV2", ("values", "indices"))
    m = tf.nn.max_pool_with_argmax(tf.ones([1, 2, 2, 3]), [1, 2, 2, 1], [1, 2, 2, 1], "VALID")
    assert m._fields == ("output", "argmax")
    assert type(tf.nn.moments(tf.constant([3.0, 1.0]), [0])) is tuple  # a Python wrapper in TF


@pytest.mark.parametrize("name", ["bad name!", "_bad", "-x", "x y"])
def test_invalid_op_names(tf, name):
    with pytest.raises(ValueError) as info:
        tf.constant(1, name=name)
    assert str(info.value) == (
        "`%s` is not a valid node name. Accepted names conform to Regex "
        "/re.compile('^[A-Za-z0-9.][A-Za-z0-9_.\\\\\\\\/>-]*$')/" % name)


def test_invalid_scope_names(tf):
    for make in (tf.name_scope, tf.variable_scope):
        with pytest.raises(ValueError) as info:
            with make("bad name!"):
                pass
        assert str(info.value) == (
            "'bad name!' is not a valid root scope name. A root scope name has to match the "
            "following pattern: ^[A-Za-z0-9.][A-Za-z0-9_.\\\\/>-]*$")
    with tf.name_scope("outer"):
        with tf.name_scope("_ok") as scope:
            assert scope == "outer/_ok/"
        with pytest.raises(ValueError) as info:
            with tf.name_scope("a b"):
                pass
    assert str(info.value) == ("'a b' is not a valid scope name. A scope name has to match the "
                               "following pattern: ^[A-Za-z0-9_.\\\\/>-]*$")
    with pytest.raises(ValueError, match="is not a valid root scope name"):
        tf.Variable(1.0, name="x y")


def test_reductions_of_lists_name_ops_as_tf(tf):
    # a list or nested Python list is not a Tensor: TF reduces over Range(0, Rank(x)), converting
    # x inside "Rank" and again as the op's input, so later Const names do not drift
    a, b = tf.constant(1.0), tf.constant(2.0, name="b")
    total = tf.reduce_sum([a, b])
    mean = tf.reduce_mean([[1.0, 2.0], [3.0, 4.0]])
    every = tf.reduce_all([tf.equal(a, b), tf.equal(b, b)])
    largest = tf.reduce_max([a, b], axis=0)
    after = tf.constant(0)
    ops = {op.name: ([t.name for t in op.inputs]) for op in tf.get_default_graph().get_operations()}
    assert ops["Sum"] == ["Sum/input:0", "range:0"]
    assert ops["range"] == ["range/start:0", "Rank:0", "range/delta:0"]
    assert ops["Rank/packed"] == ["Const:0", "b:0"]
    assert ops["Mean"] == ["Mean/input:0", "range_1:0"] and "Rank_1/Const" in ops
    assert ops["All"] == ["All/input:0", "range_2:0"]
    assert ops["Max"] == ["Max/input:0", "Max/reduction_indices:0"]
    assert after.name == "Const_1:0"
    with tf.Session() as sess:
        assert sess.run([total, mean, every, largest]) == [3.0, 2.5, False, 2.0]


def test_add_n_shape_errors_name_the_input_that_fails_to_merge(tf):
    # a per-sample loss in tf.losses.get_total_loss's AddN (RL code summing weighted losses);
    # TF merges from the last input back. Messages recorded from TF 2.21 compat.v1.
    per_sample = tf.placeholder(tf.float32, [None])
    with pytest.raises(ValueError) as info:
        tf.add_n([per_sample, tf.constant(1.0)])
    assert str(info.value).startswith(
        "Shapes must be equal rank, but are 1 and 0\n\tFrom merging shape 0 with other shapes. "
        "for '{{node AddN}} = AddN[N=2, T=DT_FLOAT](Placeholder, Const)' with input shapes: "
        "[?], [].")
    with pytest.raises(ValueError) as info:
        tf.add_n([tf.zeros([2, 3]), tf.zeros([3, 3]), tf.zeros([2, 3])])
    assert str(info.value).startswith(
        "Dimension 0 in both shapes must be equal, but are 3 and 2. Shapes are [3,3] and "
        "[2,3].\n\tFrom merging shape 1 with other shapes.")
    merged = tf.add_n([tf.placeholder(tf.float32, [2, None]),
                       tf.placeholder(tf.float32, [None, 3])])
    assert merged.shape.as_list() == [2, 3]
    assert tf.add_n([tf.placeholder(tf.float32), tf.zeros([2])]).shape.as_list() == [2]
