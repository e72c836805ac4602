"""Control-flow edges found by sweep S68: while_loop shape_invariants structure and non-scalar
conditions, tf.cond / switch_case predicate and index checks, switch_case's argument checks,
tf.case with no pairs, map_fn over 1-D strings and mismatched lengths, and the gradient of a
loop variable's initial value that no other result depends on. Expected values from TF 2.21
(compat.v1)."""
import numpy as np
import pytest


def _first_line(excinfo):
    return str(excinfo.value).split("\n")[0]


def test_shape_invariants_must_match_loop_vars_structure(tf):
    c = lambda i, x: i < 3  # noqa: E731
    b = lambda i, x: (i + 1, tf.concat([x, x], 0))  # noqa: E731
    x = tf.constant([1., 2.])
    with pytest.raises(ValueError) as e:
        tf.while_loop(c, b, [0, x], shape_invariants=[tf.TensorShape([])])
    assert _first_line(e) == "The two structures don't have the same nested structure."
    with pytest.raises(TypeError) as e:   # a tuple of invariants for a list of loop_vars
        tf.while_loop(c, b, [0, x], shape_invariants=(tf.TensorShape([]), tf.TensorShape([None])))
    assert _first_line(e) == "The two structures don't have the same nested structure."


def test_none_shape_invariant_keeps_the_loop_var_shape(tf):
    c = lambda i, x: i < 3  # noqa: E731
    b = lambda i, x: (i + 1, tf.concat([x, x], 0))  # noqa: E731
    x = tf.constant([1., 2.])
    _, r = tf.while_loop(c, b, [0, x], shape_invariants=[None, tf.TensorShape([None])])
    assert r.shape.as_list() == [None]
    with pytest.raises(ValueError, match=r"enters the loop with shape \(2,\), but has shape "
                                         r"\(4,\) after one iteration"):
        tf.while_loop(c, b, [0, x], shape_invariants=[tf.TensorShape([]), None])


def test_while_loop_vars_as_a_bare_tensor_or_number(tf):
    with pytest.raises(TypeError, match="Using a symbolic `tf.Tensor` as a Python `bool` is not "
                                        "allowed"):
        tf.while_loop(lambda i: i < 3, lambda i: i + 1, tf.constant(0))
    with pytest.raises(TypeError, match="'int' object is not iterable"):
        tf.while_loop(lambda i: i < 3, lambda i: i + 1, 5)


def test_while_condition_must_be_a_scalar(tf):
    with pytest.raises(ValueError) as e:
        tf.while_loop(lambda i: tf.stack([i < 3, i < 2]), lambda i: i + 1, [0])
    assert _first_line(e) == ("Shape must be rank 0 but is rank 1 for '{{node while/LoopCond}} = "
                              "LoopCond[](while/stack)' with input shapes: [2].")
    p = tf.placeholder(tf.bool, None)
    r = tf.while_loop(lambda i: p, lambda i: i + 1, [0])
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=r"The second input must be a scalar, but it has shape \[2\]"):
            sess.run(r, {p: [True, False]})


def test_cond_predicate_must_be_a_scalar(tf):
    with pytest.raises(ValueError) as e:
        tf.cond(tf.constant([True]), lambda: tf.constant(1.), lambda: tf.constant(2.))
    assert _first_line(e) == ("Shape must be rank 0 but is rank 1 for '{{node cond/Switch}} = "
                              "Switch[T=DT_BOOL](Const, Const)' with input shapes: [1], [1].")
    with tf.Graph().as_default(), pytest.raises(ValueError) as e:
        tf.raw_ops.Switch(data=tf.constant([1., 2.]), pred=tf.constant([True]), name="sw")
    assert _first_line(e) == ("Shape must be rank 0 but is rank 1 for '{{node sw}} = "
                              "Switch[T=DT_FLOAT](Const, Const_1)' with input shapes: [2], [1].")
    p = tf.placeholder(tf.bool, None)
    r = tf.cond(p, lambda: tf.constant(1.), lambda: tf.constant(2.))
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=r"The second input must be a scalar, but it has shape \[2\]"):
            sess.run(r, {p: [True, False]})
        assert sess.run(r, {p: False}) == 2.


def test_switch_case_argument_checks(tf):
    br = [lambda: tf.constant(10), lambda: tf.constant(20)]
    cases = [
        (lambda: tf.switch_case(1, br), TypeError, "'branch_index' must be a Tensor, got <class 'int'>"),
        (lambda: tf.switch_case(tf.constant(1.), br), TypeError,
         "'branch_index' must be an integer Tensor, got <dtype: 'float32'>"),
        (lambda: tf.switch_case(tf.constant(1, tf.int64), br), TypeError,
         "Input 'branch_index' of 'StatelessCase' Op has type int64 that does not match expected "
         "type of int32."),
        (lambda: tf.switch_case(tf.constant(0), []), ValueError,
         "Must provide at least one item in 'branch_fns'"),
        (lambda: tf.switch_case(tf.constant(0), {1: br[0], 3: br[1]}), ValueError,
         "branch indices (keys) must form contiguous range of [0 to 2) but found {1,3}"),
        (lambda: tf.switch_case(tf.constant(0), {"a": br[0]}), TypeError,
         "key must be a Python `int`, got <class 'str'>"),
        (lambda: tf.switch_case(tf.constant(0), [lambda: tf.constant(1), lambda: tf.constant(1.)]),
         TypeError, "branches[0] and branches[1] arguments to tf.switch_case must have the same "
         "number, type, and overall structure of return values."),
    ]
    for build, cls, first in cases:
        with pytest.raises(cls) as e:
            build()
        assert _first_line(e) == first


def test_switch_case_dict_and_non_scalar_index(tf):
    r = tf.switch_case(tf.constant(1), {1: lambda: tf.constant(11), 0: lambda: tf.constant(7)})
    p = tf.placeholder(tf.int32, None)
    s = tf.switch_case(p, [lambda: tf.constant(10), lambda: tf.constant(20)])
    with tf.Session() as sess:
        assert sess.run(r) == 11
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=r"The second input must be a scalar, but it has shape \[1\]"):
            sess.run(s, {p: [1]})


def test_case_with_no_pairs_and_a_non_callable_default(tf):
    for default in (None, lambda: tf.constant(1)):
        with pytest.raises(ValueError, match=r"not enough values to unpack \(expected 2, got 0\)"):
            tf.case([], default=default)
    with pytest.raises(TypeError, match="'false_fn' must be callable."):
        tf.case([(tf.constant(True), lambda: tf.constant(1))], default=tf.constant(2))


def test_map_fn_over_a_vector_of_strings(tf):
    r = tf.map_fn(lambda s: s + "!", tf.constant(["a", "b"]))
    n = tf.map_fn(tf.strings.length, tf.constant(["a", "bcd"]), dtype=tf.int32)
    with tf.Session() as sess:
        a, b = sess.run([r, n])
    assert np.asarray(a).astype(object).tolist() == [b"a!", b"b!"]
    assert b.tolist() == [1, 3]


def test_map_fn_elems_of_different_lengths(tf):
    with pytest.raises(ValueError, match="Dimensions 3 and 2 are not compatible"):
        tf.map_fn(lambda ab: ab[0], (tf.constant([1., 2., 3.]), tf.constant([1., 2.])))


def test_loop_var_passed_through_is_unconnected(tf):
    x, z = tf.constant(2.), tf.constant(5.)
    _, y, w = tf.while_loop(lambda i, y, w: i < 2, lambda i, y, w: (i + 1, y * x, w), [0, x, z])
    gx, gz = tf.gradients(y, [x, z])
    assert gz is None
    gw = tf.gradients(w, [x, z])
    assert gw[0] is None
    with tf.Session() as sess:
        assert sess.run(gx) == 12.
        assert sess.run(gw[1]) == 1.


def test_cond_returns_sparse_tensors_and_indexed_slices(tf):
    sp = tf.cond(tf.constant(False), lambda: tf.SparseTensor([[0, 1]], [3.], [2, 2]),
                 lambda: tf.SparseTensor([[1, 0]], [4.], [2, 2]))
    sl = tf.cond(tf.constant(True),
                 lambda: tf.IndexedSlices(tf.constant([[1., 2.]]), tf.constant([1]), tf.constant([3, 2])),
                 lambda: tf.IndexedSlices(tf.constant([[5., 6.]]), tf.constant([0]), tf.constant([3, 2])))
    assert isinstance(sp, tf.SparseTensor)
    assert isinstance(sl, tf.IndexedSlices)
    with tf.Session() as sess:
        assert sess.run(tf.sparse_tensor_to_dense(sp)).tolist() == [[0., 0.], [4., 0.]]
        assert sess.run(tf.convert_to_tensor(sl)).tolist() == [[0., 0.], [1., 2.], [0., 0.]]
    with pytest.raises(ValueError) as e:
        tf.cond(tf.constant(False), lambda: tf.SparseTensor([[0, 1]], [3.], [2, 2]),
                lambda: tf.zeros([2, 2]))
    assert _first_line(e) == ("Incompatible return values of 'true_fn' and 'false_fn': The two "
                              "structures don't have the same nested structure.")
