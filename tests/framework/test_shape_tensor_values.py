"""Static shapes read from shape tensors, as TF: control inputs on NoOps do not stop build-time
evaluation; a shape value below -1 is refused by the C++ shape functions ("Invalid value in
tensor used for shape") while SparseTensor.shape (Python's constant_value_as_shape) takes any
negative value as unknown; Fill refuses a -1. Expected values printed by TF."""
import numpy as np
import pytest


def test_shape_tensor_with_control_inputs_is_still_constant(tf):
    c = tf.constant([1, 2, 3])
    x = tf.placeholder(tf.float32, [6])
    with tf.control_dependencies([tf.no_op()]):
        shape = tf.concat([c], 0)
        y = tf.reshape(x, shape)
    assert str(y.shape) == "(1, 2, 3)"
    assert tf.get_static_value(shape).tolist() == [1, 2, 3]
    with tf.Session() as sess:
        assert sess.run(y, {x: np.arange(6, dtype=np.float32)}).shape == (1, 2, 3)


@pytest.mark.parametrize("build", [
    lambda tf: tf.zeros(tf.constant([-2, 3])),
    lambda tf: tf.fill([-2, 3], 1.0),
    lambda tf: tf.reshape(tf.placeholder(tf.float32, [None]), [-2, 3]),
    lambda tf: tf.broadcast_to(1.0, tf.constant([-2, 3])),
])
def test_shape_values_below_minus_one_are_refused(tf, build):
    with pytest.raises(ValueError, match="^Invalid value in tensor used for shape: -2"):
        build(tf)


def test_random_and_ones_refuse_negative_sizes(tf):
    for build in (lambda: tf.ones([-3]), lambda: tf.random_normal([-3, 2])):
        with pytest.raises(ValueError, match="^Invalid value in tensor used for shape: -3"):
            build()


def test_fill_refuses_minus_one_and_sparse_shape_takes_negatives_as_unknown(tf):
    with pytest.raises(ValueError) as info:
        tf.fill(tf.constant([-1, 3]), 1.0)
    assert str(info.value).startswith("Fill dimensions must be >= 0 for '{{node Fill}} = Fill["
                                      "T=DT_FLOAT, index_type=DT_INT32](Const, Fill/value)' "
                                      "with input shapes: [2], [] and with input tensors "
                                      "computed as partial shapes: input[0] = [?,3].")
    sparse = tf.SparseTensor([[0, 0]], [1.0], tf.constant([-2, 3], tf.int64))
    assert str(sparse.shape) == "(?, 3)"
    assert str(tf.tile(tf.zeros([2]), [-1]).shape) == "(?,)"
