"""The build-time shape errors of StridedSlice (`x[i]`) and ExpandDims with TF's full text: the
shape function's own wording and the constant inputs it read ("and with computed input
tensors: ..."). Expected texts recorded from TF 2.21 compat.v1."""
import pytest


def _error(fn):
    with pytest.raises(ValueError) as info:
        fn()
    return str(info.value)


def test_index_out_of_bounds_names_begin_end_and_strides(tf):
    x = tf.zeros([2, 3])
    assert _error(lambda: x[3:, 5]) == (
        "slice index 5 of dimension 1 out of bounds. for '{{node strided_slice}} = "
        "StridedSlice[Index=DT_INT32, T=DT_FLOAT, begin_mask=0, ellipsis_mask=0, end_mask=1, "
        "new_axis_mask=0, shrink_axis_mask=2](zeros, strided_slice/stack, strided_slice/stack_1, "
        "strided_slice/stack_2)' with input shapes: [2,3], [2], [2], [2] and with computed input "
        "tensors: input[1] = <3 5>, input[2] = <0 6>, input[3] = <1 1>.")
    assert _error(lambda: x[7]).endswith(
        "with input shapes: [2,3], [1], [1], [1] and with computed input tensors: "
        "input[1] = <7>, input[2] = <8>, input[3] = <1>.")


def test_too_many_indices_names_only_the_strides(tf):
    assert _error(lambda: tf.zeros([2])[0, 1]).endswith(
        "Index out of range using input dim 1; input has only 1 dims for '{{node strided_slice}} "
        "= StridedSlice[Index=DT_INT32, T=DT_FLOAT, begin_mask=0, ellipsis_mask=0, end_mask=0, "
        "new_axis_mask=0, shrink_axis_mask=3](zeros, strided_slice/stack, strided_slice/stack_1, "
        "strided_slice/stack_2)' with input shapes: [2], [2], [2], [2] and with computed input "
        "tensors: input[3] = <1 1>.")
    scalar = tf.placeholder(tf.float32, [])
    assert _error(lambda: scalar[0]).startswith(
        "Attempting to slice scalar input. for '{{node strided_slice_1}}")
    assert scalar[None].shape.as_list() == [1]
    assert scalar[...].shape.as_list() == []


def test_unknown_begin_is_not_checked(tf):
    p = tf.placeholder(tf.int32, [])
    assert tf.zeros([2, 3])[p, 1].shape.as_list() == []


def test_expand_dims_out_of_range(tf):
    x = tf.zeros([2])
    assert _error(lambda: tf.expand_dims(x, 2)) == (
        "dim 2 not in the interval [-2, 1]. for '{{node ExpandDims}} = ExpandDims[T=DT_FLOAT, "
        "Tdim=DT_INT32](zeros, ExpandDims/dim)' with input shapes: [2], [] and with computed "
        "input tensors: input[1] = <2>.")
    assert _error(lambda: tf.expand_dims(tf.zeros([3, 4]), [-4])).startswith(
        "dim -4 not in the interval [-3, 2]. for '{{node ExpandDims_1}}")
    assert tf.expand_dims(x, -2).shape.as_list() == [1, 2]
