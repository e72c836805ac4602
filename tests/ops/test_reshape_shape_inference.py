"""Static shapes tf.reshape infers (TF's SetOutputShapeForReshape): the one unknown dimension
is inferred from the known elements, and a target that cannot fit raises at build time.
Expected values recorded from TF 2.21 compat.v1."""
import pytest

CASES = [
    ([None, 3], [6], [6]),
    ([None, 3], [-1, 3], [None, 3]),
    ([None, 3], [-1, 6], [None, 6]),
    ([None, 3], [2, -1], [2, None]),
    ([None, 2, 3], [-1, 6], [None, 6]),
    ([None, 3], [3, 2], [3, 2]),
    ([2, None], [-1], [None]),
    ([None, None], [4], [4]),
    ([None, 3], [0, 3], [0, 3]),
    ([None, 3], [-1, 5], [None, 5]),
    ([4, 6], "rows x 3", [8, 3]),
    ([None, 6], "rows x 3", [None, 3]),
    ([0, 6], "rows x 3", [0, 3]),
    ([None, 4], [2, 2, -1], [2, 2, None]),
]
ERRORS = [
    ([None, 3], [5], "Dimension size must be evenly divisible by 3 but is 5"),
    ([None, 0], [5], "Cannot reshape a tensor with 0 elements to shape [5] (5 elements)"),
    ([4, 6], "rows x 5", "Dimension size must be evenly divisible by 5 but is 24"),
    ([2, 3], [4, 2], "Cannot reshape a tensor with 6 elements to shape [4,2] (8 elements)"),
]


def _target(tf, target):
    if isinstance(target, str):   # a partly known shape: a dynamic row count
        rows = tf.shape(tf.placeholder(tf.int32, [None]))[0]
        return tf.stack([rows, int(target.split()[-1])])
    return target


@pytest.mark.parametrize("in_shape,target,expected", CASES)
def test_inferred_shape(tf, in_shape, target, expected):
    x = tf.placeholder(tf.float32, in_shape)
    assert tf.reshape(x, _target(tf, target)).shape.as_list() == expected


@pytest.mark.parametrize("in_shape,target,message", ERRORS)
def test_build_time_errors(tf, in_shape, target, message):
    x = tf.placeholder(tf.float32, in_shape)
    with pytest.raises(ValueError) as info:
        tf.reshape(x, _target(tf, target))
    assert str(info.value).startswith(message)
