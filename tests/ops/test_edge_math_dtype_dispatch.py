"""Math-op edge cases found by the dtype-matrix sweep (S62): tf.reduce_all / reduce_any of a
non-bool Tensor fail as the All/Any op's input check does, and the `&`, `|`, `^`, `~` operators
of integer tensors are the bitwise ops (TF's math_ops.and_/or_/xor_/invert_), bool tensors keep
the logical ops. Expected values and texts printed by TF."""
import numpy as np
import pytest


@pytest.mark.parametrize("dtype", ["float32", "int32", "uint8", "complex64"])
@pytest.mark.parametrize("fn", ["reduce_all", "reduce_any"])
def test_reduce_all_any_of_non_bool_tensor_is_the_ops_type_error(tf, fn, dtype):
    x = tf.constant(np.array([1, 0], dtype))
    op = "All" if fn == "reduce_all" else "Any"
    with pytest.raises(TypeError) as info:
        getattr(tf, fn)(x, axis=0)
    assert str(info.value) == ("Input 'input' of '%s' Op has type %s that does not match "
                               "expected type of bool." % (op, dtype))


def test_reduce_all_any_of_bool_and_numpy_values(tf):
    with tf.Session() as sess:
        assert sess.run(tf.reduce_all(tf.constant([True, False]))) == False  # noqa: E712
        assert sess.run(tf.reduce_any(tf.constant([[True], [False]]), axis=0)).tolist() == [True]
        assert sess.run(tf.reduce_all(np.array([1.0]), axis=0)) == True  # noqa: E712
    with pytest.raises(TypeError, match="Expected bool passed to parameter 'input' of op 'All'"):
        tf.reduce_all([1, 0], axis=0)


def test_integer_operators_are_bitwise(tf):
    a = tf.constant([5, 3])
    b = tf.constant([3, 6])
    ts = [a & b, a | b, a ^ b, ~a, a & 1, 6 | a, 6 ^ a, tf.constant([1], tf.uint8) | 4]
    assert [t.name for t in ts] == [
        "and/BitwiseAnd:0", "or/BitwiseOr:0", "xor/BitwiseXor:0", "Invert:0",
        "and_1/BitwiseAnd:0", "or_1/BitwiseOr:0", "xor_1/BitwiseXor:0", "or_2/BitwiseOr:0"]
    with tf.Session() as sess:
        got = sess.run(ts)
    assert [v.tolist() for v in got] == [[1, 2], [7, 7], [6, 5], [-6, -4], [1, 1], [7, 7],
                                         [3, 5], [5]]
    assert got[-1].dtype == np.uint8


def test_bool_operators_stay_logical(tf):
    c = tf.constant([True, False])
    ts = [c & True, c ^ c, ~c, c | False]
    assert [t.op.type for t in ts] == ["LogicalAnd", "LogicalAnd", "LogicalNot", "LogicalOr"]
    with tf.Session() as sess:
        assert [v.tolist() for v in sess.run(ts)] == [[True, False], [False, False],
                                                      [False, True], [True, False]]


def test_bitwise_operator_type_errors(tf):
    allowed = "int8, int16, int32, int64, uint8, uint16, uint32, uint64"
    for make in (lambda: tf.constant([1.0]) & 1.0, lambda: ~tf.constant([1.0])):
        with pytest.raises(TypeError) as info:
            make()
        assert str(info.value) == ("Value passed to parameter 'x' has DataType float32 not in "
                                   "list of allowed values: " + allowed)
    with pytest.raises(TypeError) as info:
        tf.constant([5]) & tf.constant([True])
    assert str(info.value) == ("Input 'y' of 'BitwiseAnd' Op has type bool that does not match "
                               "type int32 of argument 'x'.")
    with pytest.raises(TypeError, match="Expected int32 passed to parameter 'y' of op "
                                        "'BitwiseXor', got 1.5 of type 'float' instead"):
        tf.constant([5]) ^ 1.5


def test_integer_operator_on_variable(tf):
    v = tf.Variable([12, 10])
    t = v & 6
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(t).tolist() == [4, 2]
        assert sess.run(~v).tolist() == [-13, -11]


def test_integer_pow_negative_exponent_error(tf):
    x = tf.pow(tf.constant([2, 3]), tf.constant([-1, 2]))
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match="Integers to negative integer powers are not allowed"):
            sess.run(x)


@pytest.mark.tfcompat_only
def test_integer_pow_by_constant_minus_one_is_the_kernel_error(tf):
    # TF's grappler rewrites Pow(x, -1) of a constant exponent to Reciprocal, which has no
    # integer kernel (NotFoundError "No registered 'Reciprocal' OpKernel"; known_differences)
    x = tf.pow(tf.constant([2, 3], tf.int64), -1)
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match="Integers to negative integer powers are not allowed"):
            sess.run(x)
