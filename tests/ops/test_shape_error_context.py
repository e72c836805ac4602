"""The full build-time shape errors of tf.transpose, tf.reshape and tf.split, with the input
values TF's shape functions read ("and with computed input tensors: ...", "and with input
tensors computed as partial shapes: ..."). Expected texts recorded from TF 2.21 compat.v1."""
import pytest


def _error(fn):
    with pytest.raises(ValueError) as info:
        fn()
    return str(info.value)


def test_transpose_perm_out_of_range(tf):
    a = tf.placeholder(tf.float32, [4, 3])
    assert _error(lambda: tf.transpose(a, [0, 2])) == (
        "perm dim 2 is out of range of input rank 2 for '{{node transpose}} = Transpose[T=DT_FLOAT, "
        "Tperm=DT_INT32](Placeholder, transpose/perm)' with input shapes: [4,3], [2] and with "
        "computed input tensors: input[1] = <0 2>.")
    assert _error(lambda: tf.transpose(a, [0, -3])).startswith(
        "perm dim -3 is out of range of input rank 2 for '{{node transpose_1}}")
    assert tf.transpose(a, [-1, -2]).shape.as_list() == [3, 4]
    assert tf.transpose(a, [1, 1]).shape.as_list() == [3, 3]


def test_reshape_errors_show_the_partial_shape(tf):
    b = tf.placeholder(tf.float32, [2, 3])
    n = tf.placeholder(tf.int32, [])
    assert _error(lambda: tf.reshape(b, [4, -1])) == (
        "Dimension size must be evenly divisible by 4 but is 6 for '{{node Reshape}} = "
        "Reshape[T=DT_FLOAT, Tshape=DT_INT32](Placeholder, Reshape/shape)' with input shapes: "
        "[2,3], [2] and with input tensors computed as partial shapes: input[1] = [4,?].")
    assert _error(lambda: tf.reshape(b, [5])).endswith(
        "with input shapes: [2,3], [1] and with input tensors computed as partial shapes: "
        "input[1] = [5].")
    assert _error(lambda: tf.reshape(b, tf.stack([4, n]))).endswith(
        "(Placeholder, stack)' with input shapes: [2,3], [2] and with input tensors computed "
        "as partial shapes: input[1] = [4,?].")


def test_split_uneven_message(tf):
    b = tf.placeholder(tf.float32, [2, 3])
    text = _error(lambda: tf.split(b, 2, axis=-1))
    assert text.split("\n")[0] == "Dimension size must be evenly divisible by 2 but is 3"
    assert text.split("\n")[1] == (
        "\tNumber of ways to split should evenly divide the split dimension for '{{node split}} = "
        "Split[T=DT_FLOAT, num_split=2](split/split_dim, Placeholder)' with input shapes: [], "
        "[2,3] and with computed input tensors: input[0] = <-1>.")
