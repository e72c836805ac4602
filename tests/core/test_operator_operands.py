"""Tensor operators with a Python operand, as TF's operator wrappers build them: `x <op> y`
hands y to the op (so a wrong type is the op's error naming its parameter, and the constant is
the op's input `y`/`b`); `y <op> x` converts y to x's dtype first. Texts recorded from TF 2.21
compat.v1 (graph mode)."""
import numpy as np
import pytest


@pytest.mark.parametrize("expr, error, text", [
    ("tf.constant(2) * 2.5", TypeError,
     "Expected int32 passed to parameter 'y' of op 'Mul', got 2.5 of type 'float' instead. "
     "Error: Expected int32, but got 2.5 of type 'float'."),
    ("tf.constant(2) + 'a'", TypeError,
     "Input 'y' of 'AddV2' Op has type string that does not match type int32 of argument "
     "'x'."),
    ("tf.constant([1, 2]) / 1.5", TypeError,
     "`x` and `y` must have the same dtype, got tf.int32 != tf.float32."),
    ("tf.constant(True) & 1", TypeError,
     "Expected bool passed to parameter 'y' of op 'LogicalAnd', got 1 of type 'int' instead. "
     "Error: Expected bool, but got 1 of type 'int'."),
    ("tf.constant(2) ** 0.5", TypeError,
     "Expected int32 passed to parameter 'y' of op 'Pow', got 0.5 of type 'float' instead. "
     "Error: Expected int32, but got 0.5 of type 'float'."),
    ("tf.constant(2) // 1.5", TypeError,
     "Expected int32 passed to parameter 'y' of op 'FloorDiv', got 1.5 of type 'float' "
     "instead. Error: Expected int32, but got 1.5 of type 'float'."),
    ("tf.constant(2.0) % 'x'", TypeError,
     "Expected float32 passed to parameter 'y' of op 'FloorMod', got 'x' of type 'str' "
     "instead. Error: Expected float32, but got x of type 'str'."),
    ("tf.constant(2.0) * None", ValueError,
     "Tried to convert 'y' to a tensor and failed. Error: None values not supported."),
    ("tf.multiply(tf.constant(2.0), [1.0, [2.0]])", ValueError,
     # the text after "Error: " is the converter's own (TF's comes from numpy)
     "Tried to convert 'y' to a tensor and failed. Error: "),
    ("2.5 - tf.constant(2)", TypeError, "Expected int32, but got 2.5 of type 'float'."),
])
def test_operator_errors_name_the_op_parameter(tf, expr, error, text):
    with pytest.raises(error) as info:
        eval(expr, {"tf": tf})
    if text.endswith("Error: "):
        assert str(info.value).startswith(text)
    else:
        assert str(info.value) == text


def test_python_operand_is_the_ops_input(tf):
    x = tf.constant([1.0, 2.0])
    product = x * 3
    assert product.op.type == "Mul"
    assert [t.op.name for t in product.op.inputs] == ["Const", "mul/y"]
    reflected = 3 - x
    assert [t.op.name for t in reflected.op.inputs] == ["sub/x", "Const"]
    m = tf.constant([[1.0, 2.0]]) @ np.ones((2, 1), np.float32)
    assert [t.op.name for t in m.op.inputs] == ["Const_1", "matmul/b"]
    with tf.Session() as sess:
        assert sess.run(product).tolist() == [3.0, 6.0]
        assert sess.run(reflected).tolist() == [2.0, 1.0]
        assert sess.run(m).tolist() == [[3.0]]


def test_bool_tensor_times_python_bool(tf):
    with tf.Session() as sess:
        assert sess.run(tf.constant([True, False]) * True).tolist() == [True, False]


def test_reflected_operator_of_the_operand_is_tried(tf):
    class Scaled:
        """An operand type that knows how to combine with tensors (as a LinearOperator or a
        user's wrapper does)."""

        def __rmul__(self, tensor):
            return tensor * 10.0

    with tf.Session() as sess:
        assert sess.run(tf.constant(2.0) * Scaled()) == 20.0
